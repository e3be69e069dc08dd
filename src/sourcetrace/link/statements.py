"""Statements: the checkable things one article says, cut from its ledger.

``statements(ledger)`` turns one ledger (the dict ``sourcetrace analyze --format json`` writes, schema
``sourcetrace.article/1``) into ``Statement`` records, the units that claim tracking links across a
corpus. There are three kinds:

* ``attribution``: the content of every attribution (its pieces joined when the cue interrupts it,
  a leading "that" and the surrounding quotation marks dropped), with the attribution's source and
  certainty;
* ``assertion``: every sentence of the body the writer states without a source. A sentence counts
  when it is declarative and nobody is credited with it: it overlaps no attribution's cue or
  content, it does not end in "?" (a question) or "!" (an exclamation), it is not one of the
  ledger's ``signals.unattributed_opinion_sentences`` (a loaded term from ``lexicons/loaded_terms``
  or an evaluative modal should/must/ought: the writer's judgement, not a report), and it has at
  least ``MIN_WORDS`` words (shorter lines are labels and fragments such as "Advertisement"). The
  rule follows the issue's definition ("declarative, not inside an attribution; questions and
  opinion cues excluded") and the ledger's own opinion signal, so that the writer's opinions are
  defined in one place. Sentences are cut by spaCy's rule-based ``sentencizer`` on a blank English
  pipeline (its tokenizer keeps "Mr." and "U.S." whole; no model is loaded);
* ``headline``: the title, when the ledger has one (its span points into ``title``, not ``text``).

A statement's certainty is its attribution's (factive, asserted, distanced, hedged), or "asserted"
for the writer's own sentences; either is lowered to "hedged" when the statement's own words carry
an evidential hedge (``lexicons/hedge_adverbs``: "reportedly", "allegedly") or the modals
may/might/could ("the tanker may have spilled"), because the attribution's certainty only reads its
cue. Each statement also carries the entities its span mentions and the amounts, counts and dates
inside it, copied from the ledger, so that linking and change detection never need the article again.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Optional

from .. import lexicons
from ..records import DateMention, Quantity, content_display

KINDS = ("attribution", "assertion", "headline")
# Shorter sentences are labels, datelines and fragments ("Advertisement", "Read more: ...").
MIN_WORDS = 4
HEDGE_MODALS = frozenset({"may", "might", "could"})
_WORD = re.compile(r"[A-Za-z0-9][\w'’-]*")
_QUOTES = "\"'“”‘’«»"


@dataclass(frozen=True)
class StatementSource:
    text: str
    kind: str  # one of records.SOURCE_KINDS
    entity: Optional[str]  # the ledger's entity id (E3), else None
    name: Optional[str] = None  # that entity's name, for comparing sources across articles


@dataclass(frozen=True)
class Mention:
    """An entity of the ledger that the statement's span mentions."""

    entity: str  # ledger entity id
    name: str
    type: str


@dataclass(frozen=True)
class Statement:
    """One statement of one article (see the module docstring)."""

    id: str  # "ARTICLE:A3" (attribution A3), "ARTICLE:S5" (5th sentence), "ARTICLE:T" (headline)
    article: str
    kind: str  # one of KINDS
    text: str  # what is stated, for reading and matching
    span: tuple[int, int]  # into the article text (into the title for a headline)
    source: Optional[StatementSource]  # None: the writer states it
    certainty: str  # factive, asserted, distanced, hedged
    entities: tuple[Mention, ...] = ()
    numbers: tuple[Quantity, ...] = ()  # the ledger's quantities inside the span
    dates: tuple[DateMention, ...] = ()  # the ledger's dates inside the span
    attribution: Optional[str] = None  # ledger attribution id (A3) for kind "attribution"
    cue: Optional[str] = None  # the attribution's cue text ("denied", "according to")
    published: Optional[str] = None  # the article's date (YYYY-MM-DD) when known
    site: Optional[str] = None
    url: Optional[str] = None


@functools.lru_cache(maxsize=1)
def _sentencizer():
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each sentence of ``text`` (spaCy's rule-based sentencizer), trimmed of
    surrounding white space; blank sentences are left out. Paragraph breaks always end a sentence."""
    nlp = _sentencizer()
    spans: list[tuple[int, int]] = []
    offset = 0
    for para in re.split(r"(\n\s*\n)", text):
        if para.strip() and not para.startswith("\n"):
            for sent in nlp(para).sents:
                s, e = offset + sent.start_char, offset + sent.end_char
                while s < e and text[s].isspace():
                    s += 1
                while e > s and text[e - 1].isspace():
                    e -= 1
                if e > s:
                    spans.append((s, e))
        offset += len(para)
    return spans


@functools.lru_cache(maxsize=1)
def _hedge_words() -> frozenset[str]:
    return frozenset(lexicons.load("hedge_adverbs")) | HEDGE_MODALS


def is_hedged(text: str) -> bool:
    """True when ``text`` carries an evidential hedge ("reportedly", "alleged") or may/might/could.
    A capitalised "May" inside the text is the month and does not count."""
    words = _hedge_words()
    for m in _WORD.finditer(text):
        w = m.group(0)
        if w.lower() in words and not (w == "May" and m.start() > 0):
            return True
    return False


def clean_statement_text(text: str) -> str:
    """A content as a statement: outer quotation marks, a leading "that" and trailing commas dropped."""
    t = text.strip()
    t = re.sub(r"^that\s+", "", t, flags=re.IGNORECASE)
    t = t.strip().strip(_QUOTES).strip()
    t = re.sub(r"[,;:]+$", "", t).strip().strip(_QUOTES).strip()
    t = re.sub(r"\s+", " ", t)
    return t


def _overlaps(s: int, e: int, spans) -> bool:
    return any(a < e and s < b for a, b in spans)


def _inside(s: int, e: int, span) -> bool:
    return span[0] >= s and span[1] <= e


def _layers(ledger: dict, s: int, e: int):
    mentions = []
    for ent in ledger.get("entities") or []:
        if any(_inside(s, e, m) for m in ent.get("mentions") or []):
            mentions.append(Mention(ent["id"], ent.get("name") or "", ent.get("type") or ""))
    numbers = tuple(Quantity(q.get("text") or "", tuple(q["span"]), q.get("kind") or "other", q.get("value"),
                             q.get("low"), q.get("high"), q.get("unit"), q.get("object"))
                    for q in ledger.get("quantities") or [] if _inside(s, e, q["span"]))
    dates = tuple(DateMention(d.get("text") or "", tuple(d["span"]), d.get("value"), d.get("resolution") or "")
                  for d in ledger.get("dates") or [] if _inside(s, e, d["span"]))
    return tuple(mentions), numbers, dates


def _lowered(certainty: str, text: str) -> str:
    if certainty in ("asserted", "factive") and is_hedged(text):
        return "hedged"
    return certainty


def statements(ledger: dict, *, headline: bool = True, assertions: bool = True) -> list[Statement]:
    """The statements of one ledger, in text order (the headline first); see the module docstring.

    ``headline=False`` leaves the title out; ``assertions=False`` keeps only attribution contents."""
    art = str(ledger.get("id") or "")
    text = ledger.get("text") or ""
    meta = {"published": ledger.get("published"), "site": ledger.get("site"), "url": ledger.get("url")}
    ents_by_id = {e["id"]: e for e in ledger.get("entities") or []}
    out: list[Statement] = []
    title = (ledger.get("title") or "").strip()
    if headline and title and len(_WORD.findall(title)) >= 2:
        out.append(Statement(f"{art}:T", art, "headline", title, (0, len(title)), None,
                             _lowered("asserted", title), **meta))
    found: list[Statement] = []
    atts = ledger.get("attributions") or []
    for a in atts:
        content = a.get("content") or {}
        span = content.get("span")
        body = clean_statement_text(content_display(a, text))
        if not span or len(_WORD.findall(body)) < 2:
            continue
        s, e = int(span[0]), int(span[1])
        src = a.get("source")
        source = None
        if src:
            ent = ents_by_id.get(src.get("entity")) if src.get("entity") else None
            source = StatementSource(src.get("text") or "", src.get("kind") or "unnamed", src.get("entity"),
                                     ent.get("name") if ent else None)
        mentions, numbers, dates = _layers(ledger, s, e)
        found.append(Statement(f"{art}:{a['id']}", art, "attribution", body, (s, e), source,
                               _lowered(a.get("certainty") or "asserted", body), mentions, numbers, dates,
                               attribution=a["id"], cue=(a.get("cue") or {}).get("text"), **meta))
    if assertions:
        covered = [tuple(a["content"]["span"]) for a in atts if a.get("content", {}).get("span")]
        covered += [tuple(a["cue"]["span"]) for a in atts if a.get("cue", {}).get("span")]
        opinion = [tuple(o["span"]) for o in (ledger.get("signals") or {}).get("unattributed_opinion_sentences") or []]
        for n, (s, e) in enumerate(sentence_spans(text), 1):
            sent = text[s:e]
            if _overlaps(s, e, covered) or _overlaps(s, e, opinion):
                continue
            if sent.rstrip(_QUOTES + ")").endswith(("?", "!")):
                continue
            if len(_WORD.findall(sent)) < MIN_WORDS:
                continue
            mentions, numbers, dates = _layers(ledger, s, e)
            found.append(Statement(f"{art}:S{n}", art, "assertion", clean_statement_text(sent), (s, e), None,
                                   _lowered("asserted", sent), mentions, numbers, dates, **meta))
    found.sort(key=lambda st: st.span)
    return out + found
