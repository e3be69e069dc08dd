"""Signals: article-level style and sourcing features (NELA-style), tied to the claim ledger.

``signals(doc, attributions=..., removed=...)`` returns one JSON-ready dict with these keys:

* ``calls_to_share``: the removed lines and the short body sentences that urge readers to share,
  forward or spread the text ("Please share", "spread the word", "RT if"), from the regular
  expressions in ``lexicons/share_calls``; in order, without duplicates.
* ``loaded_terms``: ``{text, lemma, category, span, attributed}`` for every match of
  ``lexicons/loaded_terms`` (categories pejorative, emotive, intensifier, verb, opinion). One-word
  terms match a token's lemma or lower-cased form ("cronies" -> crony, "slammed" -> slam), limited
  to the parts of speech the lexicon lists; multi-word and hyphenated terms ("so-called", "witch
  hunt", "lashed out") match word by word. ``attributed`` is true when the term sits inside the
  content of an attribution, i.e. in a source's words rather than the writer's.
* ``attributions_by_kind``: ``{kind: n}`` over the source kinds, with ``none`` for sourceless
  claims; ``attributions_by_certainty``: ``{certainty: n}``.
* ``named_source_share``: the share of attributions whose source is named - kind person,
  organization, media or official, and either resolved to an entity or headed by a proper noun
  ("Omar Reid", "the Pentagon"; not "U.S. officials"); 0..1, null without attributions.
* ``hedges_per_1000_words``: evidential hedges (``lexicons/hedge_adverbs``: "reportedly", an
  "alleged" plot) and the modals may, might and could, per 1,000 words.
* ``unattributed_opinion_sentences``: ``{text, span}`` of sentences that carry a loaded term or an
  evaluative modal (should, must, ought) and that are the writer's own judgement: no attribution's
  cue or content overlaps them, and they are not a quotation (half or more of the sentence inside
  quotation marks, or the sentence opens inside one, as a quotation continued over several
  sentences or paragraphs does), since a quotation is somebody's words even where the extractor
  found no cue for it.
* ``quote_share``: the share of attributions that are direct quotations; null without attributions.
* ``word_count`` (alphabetic tokens), ``sentence_count``, ``exclamations`` (count of "!") and
  ``all_caps_words``: shouted words - all capitals, not part of a named entity (unless a stop word
  or a loaded term), and either five letters or more or next to another such word (so "FBI",
  "CEO" or "UNESCO" are read as acronyms, "SHOCKING" and "DO NOT" as shouting).
"""

from __future__ import annotations

import functools
import re
from collections import Counter

from .. import lexicons
from ..nlp.model import doc_text
from ..records import CERTAINTIES, SOURCE_KINDS, Attribution
from .attribution import quote_spans

HEDGE_MODALS = frozenset({"may", "might", "could"})
EVALUATIVE_MODALS = frozenset({"should", "must", "ought"})
NAMED_KINDS = frozenset({"person", "organization", "media", "official"})
HYPHENS = frozenset({"-", "\u2010", "\u2011", "\u2013"})
# Body sentences longer than this are prose that mentions sharing, not an appeal to share.
MAX_SHARE_SENTENCE_TOKENS = 40


@functools.lru_cache(maxsize=1)
def _lexicon() -> tuple[dict[str, tuple[str, frozenset[str]]], dict[str, list[tuple[tuple[str, ...], str]]]]:
    """One-word terms ``{term: (category, parts of speech)}`` and phrases indexed by first word."""
    words: dict[str, tuple[str, frozenset[str]]] = {}
    phrases: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for term, fields in lexicons.load_table("loaded_terms").items():
        category = fields[0]
        pos = frozenset(p.strip() for p in fields[1].split(",") if p.strip()) if len(fields) > 1 else frozenset()
        parts = tuple(p for p in re.split(r"[\s\-]+", term) if p)
        if len(parts) > 1:
            phrases.setdefault(parts[0], []).append((parts, category))
        else:
            words[term] = (category, pos)
    return words, phrases


@functools.lru_cache(maxsize=1)
def _share_patterns() -> tuple[re.Pattern, ...]:
    return tuple(re.compile(p, re.IGNORECASE) for p in lexicons.load("share_calls", keep_case=True))


def _is_share_call(text: str) -> bool:
    return any(p.search(text) for p in _share_patterns())


def _forms(token) -> tuple[str, str]:
    return token.lower_, token.lemma_.lower()


def _phrase_end(doc, i: int, parts: tuple[str, ...]) -> int | None:
    """Index after the match of ``parts`` starting at token ``i`` (hyphen tokens between words are
    skipped), or None."""
    j = i
    for k, part in enumerate(parts):
        if k and j < len(doc) and doc[j].text in HYPHENS:
            j += 1
        if j >= len(doc) or part not in _forms(doc[j]):
            return None
        j += 1
    return j


def loaded_terms(doc) -> list[dict]:
    """Matches of ``lexicons/loaded_terms`` in ``doc`` (without the ``attributed`` flag)."""
    words, phrases = _lexicon()
    found: list[dict] = []
    covered_until = 0  # tokens inside a phrase match are not matched again on their own
    for i, t in enumerate(doc):
        lower, lemma = _forms(t)
        candidates = phrases.get(lower, []) + (phrases.get(lemma, []) if lemma != lower else [])
        for parts, category in candidates:
            end = _phrase_end(doc, i, parts)
            if end is not None:
                span = doc[i:end]
                found.append({"text": span.text, "lemma": " ".join(parts), "category": category,
                              "span": [span.start_char, span.end_char]})
                covered_until = max(covered_until, end)
                break
        if i < covered_until or not t.is_alpha:
            continue
        for form in (lemma, lower):
            entry = words.get(form)
            if entry and (not entry[1] or t.pos_ in entry[1]):
                found.append({"text": t.text, "lemma": form, "category": entry[0],
                              "span": [t.idx, t.idx + len(t)]})
                break
    found.sort(key=lambda d: d["span"][0])
    return found


def _is_hedge(token) -> bool:
    lower = token.lower_
    if lower in HEDGE_MODALS:
        return token.tag_ == "MD"
    if lower in lexicons.terms("hedge_adverbs"):
        # "reportedly" always; "reported"/"alleged" only as modifiers ("the alleged plot"), not as
        # the verb of a report ("police alleged that ...").
        return lower.endswith("ly") or token.dep_ == "amod" or token.pos_ == "ADJ"
    return False


def _is_named(doc, attribution: Attribution) -> bool:
    src = attribution.source
    if src is None or src.kind not in NAMED_KINDS:
        return False
    if src.entity:
        return True
    span = doc.char_span(src.span[0], src.span[1], alignment_mode="expand")
    return span is not None and len(span) > 0 and span.root.pos_ == "PROPN"


def _shouted(doc, words) -> list[str]:
    # The tagger reads a lone capitalised word as a name ("OUTRAGEOUS" -> ORG), so a word inside an
    # entity still counts when it is an ordinary word we know: a stop word or a loaded term.
    in_entity = {i for e in doc.ents for i in range(e.start, e.end)}
    known = _lexicon()[0]
    caps = {t.i for t in words if len(t) >= 2 and t.text.isupper()
            and (t.i not in in_entity or t.is_stop or t.lower_ in known or t.lemma_.lower() in known)}
    return [t.text for t in words if t.i in caps and (len(t) >= 5 or t.i - 1 in caps or t.i + 1 in caps)]


def _overlaps(a: int, b: int, spans) -> bool:
    return any(s < b and a < e for s, e in spans)


def _quoted(a: int, b: int, quotes) -> bool:
    """The sentence [a, b) is a quotation: it opens inside one, or half its characters are quoted."""
    if any(s < a < e for s, e in quotes):
        return True
    inside = sum(max(0, min(b, e) - max(a, s)) for s, e in quotes)
    return inside * 2 >= b - a


def signals(doc, *, attributions: list[Attribution], removed=()) -> dict:
    """Signals of ``doc`` given its attributions and the lines removed by cleaning (see module doc)."""
    words = [t for t in doc if t.is_alpha]
    n_words = len(words)
    sents = list(doc.sents) if len(doc) else []
    n_atts = len(attributions)

    calls = [line.strip() for line in removed if _is_share_call(line)]
    calls += [s.text.strip() for s in sents if len(s) <= MAX_SHARE_SENTENCE_TOKENS and _is_share_call(s.text)]

    contents = [tuple(a.content.span) for a in attributions]
    loaded = loaded_terms(doc)
    for d in loaded:
        d["attributed"] = _overlaps(d["span"][0], d["span"][1], contents)

    covered = contents + [tuple(a.cue.span) for a in attributions]
    loaded_starts = [d["span"][0] for d in loaded]
    quotes = None
    opinion = []
    for s in sents:
        has_opinion = any(s.start_char <= x < s.end_char for x in loaded_starts) or any(
            t.lower_ in EVALUATIVE_MODALS and t.tag_ == "MD" for t in s)
        if not has_opinion or _overlaps(s.start_char, s.end_char, covered):
            continue
        if quotes is None:
            quotes = quote_spans(doc_text(doc))
        if _quoted(s.start_char, s.end_char, quotes):
            continue
        opinion.append({"text": s.text.strip(), "span": [s.start_char, s.end_char]})

    by_kind = Counter((a.source.kind if a.source else "none") for a in attributions)
    by_cert = Counter(a.certainty for a in attributions)
    named = sum(_is_named(doc, a) for a in attributions)
    hedges = sum(_is_hedge(t) for t in doc)
    return {
        "calls_to_share": list(dict.fromkeys(calls)),
        "loaded_terms": loaded,
        "attributions_by_kind": {k: by_kind.get(k, 0) for k in SOURCE_KINDS + ("none",)},
        "attributions_by_certainty": {k: by_cert.get(k, 0) for k in CERTAINTIES},
        "named_source_share": round(named / n_atts, 3) if n_atts else None,
        "hedges_per_1000_words": round(1000 * hedges / n_words, 2) if n_words else 0.0,
        "unattributed_opinion_sentences": opinion,
        "quote_share": round(sum(a.direct for a in attributions) / n_atts, 3) if n_atts else None,
        "word_count": n_words,
        "sentence_count": len(sents),
        "exclamations": doc_text(doc).count("!"),
        "all_caps_words": _shouted(doc, words),
    }
