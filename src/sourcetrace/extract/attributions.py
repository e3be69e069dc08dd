"""Attributions: who says what, through which cue, how firmly, and through whom.

Rules on spaCy's dependency parse find five kinds of attribution:

- **verb cues** from ``lexicons/reporting_verbs.txt`` (say, claim, reveal, believe, accuse, cite ...), in
  active voice (source = subject) and passive voice (source = the ``by`` agent, or none: "Turkey has
  been accused of ..."); the content is the clausal complement ("that ..."), an infinitive ("claim to
  possess ..."), an ``of``/``for`` complement of accusation verbs, the object of citing/showing verbs, or
  the quotation or main clause the cue is inserted into ("..., he said.");
- **"according to X"**: source X, content the rest of the clause;
- **evidential adverbs** without a source ("reportedly", "allegedly", "an alleged plot");
- **colon quotes**: "Senator Smith: 'We will not back down.'";
- **direct quotations** that run over several sentences, joined to the cue that introduces or closes them.

Each attribution gets a certainty (factive, asserted, distanced, hedged: from the cue lexicon, lowered
to hedged by an evidential adverb or a modal on the cue), a source kind (see ``source_kind``), an entity
id for the source where the text allows (pronouns and descriptions like "the newspaper" are resolved to
the nearest compatible entity; see ``resolve_source``), and ``via``: the attribution it was reported
through (it sits inside that attribution's content). ``source_chains`` lists the sources from the
outermost to the innermost, including the outlet or document a citing source names ("X cites a report
in Y" gives X -> Y).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from .. import lexicons
from ..records import Attribution, Entity, Source, TextSpan
from .entities import EntityIndex

PRONOUNS = {
    "he": "person", "she": "person", "i": "person", "we": "group", "they": "group", "it": "organization",
    "him": "person", "her": "person", "them": "group", "you": "person",
}
NAMED_KINDS = {"person", "organization", "media", "official", "document"}
# Complement prepositions of accusation verbs: "accused of X", "criticized for X".
ACCUSE_PREPS = {"of", "for", "over"}
# Verbs that report with an object rather than a clause ("cites a report", "showed a rise").
OBJECT_FAMILIES = {"cite", "show", "publish"}
# Particles whose object is the content of a stance verb ("called for", "talked about", "voted against").
STANCE_PREPS = {"about", "for", "against", "to", "on", "with"}
MODALS = {"may", "might", "could"}
_QUOTE_OPEN = "\"“«‘'"
_QUOTE_CLOSE = "\"”»’'"
_STRIP = " \t\r\n,;:-–—"


@dataclass(frozen=True)
class Options:
    """Attribution extraction options (defaults calibrated on PolNeAR train)."""

    # longest source phrase kept, in tokens; longer subjects are clauses, not sources
    max_source_tokens: int = 25
    # a colon cue needs a short speaker phrase before the colon
    max_colon_speaker_tokens: int = 8
    # join a cue-less quotation to a cue at most this many characters away
    quote_join_chars: int = 3
    # a quotation interrupted by its cue ("...," she said. "...") continues in a quotation that
    # opens at most this many characters after the cue clause, in the same paragraph
    quote_continuation_chars: int = 60
    # Report what a quoted speaker says others think or said ("I think ..." inside a quotation)?
    # Off by default: PolNeAR annotators mostly leave such nested speech unannotated, and on
    # PolNeAR train (first 200 documents) keeping them cost precision (see docs/attribution.md).
    nested_in_quotes: str = "none"  # "none", "speech" (keep nested verbs of saying) or "all"


ADDRESSEE_PRONOUNS = frozenset({"me", "us", "you", "him", "her", "them"})


@functools.lru_cache(maxsize=1)
def _headline_labels() -> frozenset[str]:
    return frozenset(lexicons.load("headline_labels"))


@functools.lru_cache(maxsize=1)
def _verbs() -> dict[str, tuple[str, str]]:
    table = lexicons.load_table("reporting_verbs")
    return {lemma: (fields[0], fields[1]) for lemma, fields in table.items()}


@functools.lru_cache(maxsize=1)
def _hedges() -> frozenset[str]:
    return frozenset(lexicons.load("hedge_adverbs"))


@functools.lru_cache(maxsize=1)
def _source_nouns() -> dict[str, str]:
    return {k: v[0] for k, v in lexicons.load_table("source_nouns").items()}


@functools.lru_cache(maxsize=1)
def _vague() -> tuple[str, ...]:
    return lexicons.load("vague_quantifiers")


@functools.lru_cache(maxsize=1)
def _unnamed() -> tuple[str, ...]:
    return lexicons.load("unnamed_markers")


# --------------------------------------------------------------------------------------------
# span helpers (token indices -> character spans)


def _char_span(doc, start: int, end: int) -> tuple[int, int] | None:
    """Character span of tokens [start, end) with surrounding separators trimmed."""
    if end <= start:
        return None
    s = doc[start].idx
    e = doc[end - 1].idx + len(doc[end - 1].text)
    text = doc.text
    while s < e and text[s] in _STRIP:
        s += 1
    while e > s and text[e - 1] in _STRIP:
        e -= 1
    return (s, e) if e > s else None


def _subtree_span(tok, exclude: set[int] | None = None) -> tuple[int, int]:
    """Token range of ``tok``'s subtree, cut short before any excluded token on either side."""
    lo, hi = tok.left_edge.i, tok.right_edge.i + 1
    if exclude:
        for i in sorted(exclude):
            if lo <= i < tok.i:
                lo = max(lo, i + 1)
            elif tok.i < i < hi:
                hi = min(hi, i)
                break
    return lo, hi


def _cue_tokens(verb) -> tuple[int, int]:
    """The cue: the verb with its auxiliaries, negation, adjacent adverbs and phrasal particle."""
    lo = verb.i
    doc = verb.doc
    while lo > 0:
        prev = doc[lo - 1]
        if prev.head == verb and prev.dep_ in ("aux", "auxpass", "neg", "advmod") and prev.lower_ not in _hedges():
            lo -= 1
        elif prev.dep_ == "advmod" and prev.head == verb:
            break
        else:
            break
    hi = verb.i + 1
    for child in verb.rights:
        if child.i == hi and child.dep_ == "prt":
            hi += 1
        if child.i == hi and child.dep_ == "prep" and child.lower_ in ("for", "on") and verb.lemma_ in ("call",):
            hi += 1
        elif child.i == hi and child.dep_ == "prep" and child.lower_ in STANCE_PREPS and not any(
            c.dep_ in ("dobj", "ccomp", "xcomp") for c in verb.children
        ) and verb.lemma_.lower() in _verbs() and _verbs()[verb.lemma_.lower()][1] == "attitude":
            hi += 1
    return lo, hi


# --------------------------------------------------------------------------------------------
# quotations


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of quotations, quote marks included; may run over several sentences.

    Straight double quotes pair up in order; curly quotes pair open with close. Single quotes are
    ignored (apostrophes make them unreliable). A quotation never spans a blank line unless the next
    paragraph reopens it (the newspaper convention of leaving the closing mark off).
    """
    spans: list[tuple[int, int]] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch in "\"“«":
            closers = "\"" if ch == "\"" else ("”\"" if ch == "“" else "»")
            j = i + 1
            while j < n:
                if text[j] in closers:
                    break
                if text.startswith("\n\n", j):
                    k = j
                    while k < n and text[k] in "\n \t":
                        k += 1
                    if k < n and text[k] in "\"“":
                        j = k  # continued quotation: the next paragraph reopens it
                    else:
                        break
                j += 1
            if j < n and text[j] in closers:
                spans.append((i, j + 1))
                i = j + 1
                continue
        i += 1
    return spans


# --------------------------------------------------------------------------------------------
# source description


def source_kind(text: str, head_lemma: str, entity: Entity | None, *, is_pronoun: bool = False) -> str:
    """Kind of a source phrase: person, organization, media, official, document, group, vague, unnamed."""
    low = " " + text.lower() + " "
    noun_kind = _source_nouns().get(head_lemma.lower())
    if entity is None and any(f" {m} " in low for m in _unnamed()):
        return "unnamed"
    first = text.lower().split()
    if first and any(" ".join(first[: len(v.split())]) == v for v in _vague()):
        return "vague"
    if entity is not None:
        if entity.type == "MEDIA":
            return "media"
        if entity.type == "PERSON":
            return "person"
        if entity.type in ("GPE", "LOC"):
            return "official"
        if entity.type == "ORG":
            return "official" if noun_kind == "official" else "organization"
        if entity.type == "NORP":
            return noun_kind or "group"
    if is_pronoun:
        return PRONOUNS.get(head_lemma.lower(), "person")
    if noun_kind:
        return noun_kind
    return "unnamed" if low.strip().startswith(("a ", "an ", "one ")) else "group"


class _Resolver:
    """Resolves pronoun and descriptive sources to the nearest compatible preceding entity.

    No coreference model is available offline, so this is a recency heuristic on entity mentions:
    "he"/"she" -> the last PERSON mentioned before the pronoun (preferring the last person who was a
    source); "it" -> the last ORG/MEDIA; "they" -> the last ORG/NORP/GPE or group source; "the
    newspaper"/"the agency" -> the last MEDIA/ORG entity.
    """

    TYPES = {
        "he": ("PERSON",), "she": ("PERSON",), "him": ("PERSON",), "her": ("PERSON",),
        "it": ("ORG", "MEDIA", "GPE"), "they": ("ORG", "MEDIA", "NORP", "GPE"),
        "media": ("MEDIA",), "official": ("ORG", "GPE", "PERSON"), "organization": ("ORG",),
    }

    def __init__(self, ents: list[Entity]):
        self.mentions = sorted((s, e, ent) for ent in ents for s, e in ent.mentions)
        self.last_source: dict[str, str] = {}  # entity type -> last source entity id

    def resolve(self, key: str, before: int, *, window: int = 1500) -> Entity | None:
        types = self.TYPES.get(key)
        if not types:
            return None
        best = None
        for s, e, ent in self.mentions:
            if s >= before:
                break
            if ent.type in types and before - s <= window:
                best = ent
        return best


# --------------------------------------------------------------------------------------------
# the extractor


@dataclass
class _Raw:
    """An attribution under construction (character spans)."""

    cue: tuple[int, int]
    content: tuple[int, int]
    source: tuple[int, int] | None
    source_head: int | None  # token index of the source's head
    certainty: str
    family: str
    direct: bool = False
    pronoun: bool = False


def attributions(doc, *, entities: list[Entity] | None = None, options: Options = Options()) -> list[Attribution]:
    """Attributions of ``doc`` (see the module docstring), in text order, with ids A1, A2, ..."""
    ents = entities or []
    index = EntityIndex(ents)
    resolver = _Resolver(ents)
    verbs = _verbs()
    hedges = _hedges()
    quotes = quote_spans(doc.text)
    raws: list[_Raw] = []

    for sent in doc.sents:
        for tok in sent:
            lemma = tok.lemma_.lower()
            if tok.lower_ == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
                raw = _according_to(doc, tok, sent)
                if raw:
                    raws.append(raw)
                continue
            if tok.i > 0 and doc[tok.i - 1].text.endswith("<"):
                continue  # an HTML/XML tag name ("<tweet ...>") left in the text
            if tok.pos_ in ("VERB", "AUX") or (tok.pos_ == "NOUN" and tok.dep_ == "ROOT" and lemma in verbs):
                if lemma in verbs:
                    raw = _verb_cue(doc, tok, sent, verbs[lemma], quotes, options)
                    if raw:
                        raws.append(raw)
        _colon_cue(doc, sent, raws, options)

    # evidential adverbs/adjectives: only where no other attribution already carries the clause
    for tok in doc:
        if tok.lower_ in hedges and tok.dep_ in ("advmod", "amod", "npadvmod", "acomp"):
            head = tok.head
            if tok.dep_ == "amod" and tok.pos_ != "ADJ" and tok.lower_.endswith("ly"):
                continue
            # "reportedly said" hedges the cue; "X said Y reportedly did Z" hedges X's content
            hit = next((r for r in raws if r.cue[0] <= head.idx < r.cue[1]), None) or next(
                (r for r in raws if r.family != "adverbial" and r.content[0] <= tok.idx < r.content[1]), None)
            if hit is not None:
                # an evidential adjective inside a claim ("pointing to a reported rise") qualifies a
                # detail, not the claim; distanced stays distanced (the stronger signal)
                if tok.dep_ != "amod" and hit.certainty in ("asserted", "factive"):
                    hit.certainty = "hedged"
                continue
            raw = _adverbial(doc, tok)
            if raw:
                raws.append(raw)

    _continue_quotes(doc.text, raws, quotes, options)
    if options.nested_in_quotes != "all":
        raws = [r for r in raws if not _inside_quote(r, quotes, doc, options.nested_in_quotes)]
    raws = _dedupe(raws)
    raws.sort(key=lambda r: (r.cue[0], r.cue[1]))
    out: list[Attribution] = []
    for n, r in enumerate(raws, 1):
        src = None
        if r.source:
            s, e = r.source
            stext = doc.text[s:e]
            head_tok = doc[r.source_head] if r.source_head is not None else None
            head_lemma = head_tok.lemma_ if head_tok is not None else stext.split()[-1]
            ent_id = index.at(s, e, head=head_tok.idx if head_tok is not None else None)
            if ent_id is None and head_tok is not None:
                ent_id = _appositive_entity(doc, head_tok, index, s, e)
            if ent_id is None and head_tok is not None:
                ent_id = _resolve(head_tok, stext, resolver, index, s)
            entity = index.by_id.get(ent_id) if ent_id else None
            kind = source_kind(stext, head_lemma, entity, is_pronoun=head_tok is not None and head_tok.pos_ == "PRON")
            src = Source(text=stext, span=(s, e), entity=ent_id, kind=kind)
        out.append(Attribution(
            id=f"A{n}", source=src,
            cue=TextSpan(doc.text[r.cue[0]:r.cue[1]], r.cue),
            content=TextSpan(doc.text[r.content[0]:r.content[1]], r.content),
            certainty=r.certainty, via=None, cue_family=r.family, direct=r.direct,
        ))
    return _link_via(out)


def _continue_quotes(text: str, raws: list["_Raw"], quotes, options: Options) -> None:
    """``"First part," she said. "Second part."``: a quotation interrupted by its cue continues in
    the next quotation of the same paragraph; the content runs from the first to the last mark
    (PolNeAR annotates one span over both parts)."""
    ordered = sorted(quotes)
    for r in raws:
        if not r.direct or r.content[1] > r.cue[0]:
            continue
        after = max(r.cue[1], r.source[1] if r.source else 0)
        nxt = next(((qs, qe) for qs, qe in ordered if qs >= after), None)
        if nxt is None:
            continue
        gap = text[after:nxt[0]]
        # only the end of the cue's own sentence may sit between ("... he said of the plan. "),
        # not a new reporting clause ("..., adding that ...")
        if "\n" in gap or len(gap) > options.quote_continuation_chars or not re.fullmatch(r"[^\"“”.!?]*[.:]\s*", gap):
            continue
        if any(w.lower() in _verbs() or w.lower() in ("that", "adding", "adds") for w in re.findall(r"[A-Za-z]+", gap)):
            continue
        r.content = (r.content[0], nxt[1])


def _inside_quote(r: "_Raw", quotes, doc, keep: str) -> bool:
    """True when the cue sits inside a quotation (nested speech of the quoted speaker)."""
    c0, c1 = r.cue
    if r.family in ("according_to", "colon", "quote"):
        return False
    for qs, qe in quotes:
        if qs < c0 and c1 < qe:
            if r.direct and not (r.content[0] > qs and r.content[1] < qe):
                return False
            return keep == "none" or r.family not in ("speech",)
    return False


def _appositive_entity(doc, head_tok, index: EntityIndex, start: int, end: int) -> str | None:
    """A named entity in apposition to a descriptive source head ("the largest union, the Dockers'
    Federation, said") names that source."""
    for s, e, ent_id in index.mentions_in(start, end):
        tok = doc.char_span(s, e, alignment_mode="expand")
        if tok is None:
            continue
        t = tok.root
        for _ in range(4):
            if t.dep_ == "appos" and t.head.i == head_tok.i:
                return ent_id
            if t.head.i == t.i:
                break
            t = t.head
    return None


def _resolve(head_tok, stext: str, resolver: _Resolver, index: EntityIndex, start: int) -> str | None:
    low = head_tok.lower_
    if head_tok.pos_ == "PRON" and low in resolver.TYPES:
        ent = resolver.resolve(low, start)
        return ent.id if ent else None
    words = stext.lower().split()
    if words and words[0] in ("the", "this", "that") and len(words) <= 3:
        kind = _source_nouns().get(head_tok.lemma_.lower())
        if kind in ("media", "official", "organization"):
            ent = resolver.resolve(kind, start)
            return ent.id if ent else None
    return None


def _source_from(doc, tok, options: Options) -> tuple[tuple[int, int] | None, int | None]:
    # A relative pronoun stays the source ("critics who say ..." -> "who"): PolNeAR annotates it so;
    # the ledger links it to the noun it refers to through the entity of that noun.
    lo, hi = tok.left_edge.i, tok.right_edge.i + 1
    # a source never spans a line break (a timestamp or dateline line glued to the sentence)
    while hi - lo > 1 and "\n" in doc[lo:hi].text:
        cut = next(i for i in range(lo, hi) if "\n" in doc[i].whitespace_ or "\n" in doc[i].text)
        if cut + 1 <= tok.i:
            lo = cut + 1
            while lo < hi and doc[lo].is_space:
                lo += 1
        else:
            hi = cut if "\n" in doc[cut].text else cut + 1
    if hi - lo > options.max_source_tokens or hi <= lo:
        return None, None
    span = _char_span(doc, lo, hi)
    return span, tok.i


def _subject(verb):
    """The subject of ``verb``, or of the verb it hangs from (conjuncts, participles, xcomps)."""
    seen = 0
    v = verb
    while v is not None and seen < 4:
        for child in v.children:
            if child.dep_ in ("nsubj", "nsubjpass", "csubj"):
                return child, child.dep_ == "nsubjpass"
        if v.dep_ in ("conj", "xcomp", "advcl") and v.head != v:
            v = v.head
            seen += 1
            continue
        break
    return None, False


def _agent(verb):
    for child in verb.children:
        if child.dep_ == "agent":
            for g in child.children:
                if g.dep_ == "pobj":
                    return g
    return None


def _certainty(verb, base: str) -> str:
    for child in verb.children:
        if child.lower_ in _hedges() or (child.dep_ == "aux" and child.lower_ in MODALS):
            return "hedged"
    return base


def _content_span(doc, verb, family: str, cue: tuple[int, int], quotes) -> tuple[tuple[int, int] | None, bool]:
    """Content of a verb cue: (character span, is direct quotation)."""
    clause = None
    for child in verb.children:
        if child.dep_ == "ccomp" or (child.dep_ == "xcomp" and family in ("speech", "belief", "accuse", "show", "attitude")):
            clause = child
            break
    if clause is None and family == "accuse":
        # "accused by aid groups of hiding it": the parser often hangs "of ..." on the agent
        agent = _agent(verb)
        candidates = list(verb.rights) + (list(agent.rights) if agent is not None else [])
        for child in candidates:
            if child.dep_ == "prep" and child.lower_ in ACCUSE_PREPS and any(g.dep_ in ("pcomp", "pobj") for g in child.children):
                lo, hi = child.i + 1, child.right_edge.i + 1
                return _char_span(doc, lo, hi), False
    if clause is None and family in ("attitude", "accuse"):
        # stance: "supported the bill", "voted against the plan", "criticized the ruling"
        objs = [c for c in verb.rights if c.dep_ in ("dobj", "oprd")]
        if not objs:
            objs = [c for c in verb.rights if c.dep_ == "prep" and c.lower_ in STANCE_PREPS
                    and any(g.dep_ in ("pobj", "pcomp") for g in c.children)]
            objs = [next(g for g in c.children if g.dep_ in ("pobj", "pcomp")) for c in objs[:1]]
        if objs:
            o = objs[0]
            if o.lower_ in ADDRESSEE_PRONOUNS and o.left_edge.i == o.right_edge.i == o.i and family == "attitude":
                return None, False
            return _char_span(doc, o.left_edge.i, o.right_edge.i + 1), False
        if family == "attitude":
            return None, False
    if clause is None and family in OBJECT_FAMILIES | {"speech", "belief"}:
        rights = [c for c in verb.rights if c.dep_ in ("dobj", "attr", "oprd") or (family in OBJECT_FAMILIES and c.dep_ == "prep")]
        if rights:
            lo = min(c.left_edge.i for c in rights)
            hi = max(c.right_edge.i for c in rights) + 1
            # a lone personal pronoun object is the addressee ("warned them"), not what was said
            if len(rights) == 1 and rights[0].dep_ == "dobj" and hi - lo == 1 and rights[0].lower_ in ADDRESSEE_PRONOUNS:
                return None, False
            if family in OBJECT_FAMILIES or any(c.dep_ == "dobj" and c.pos_ in ("NOUN", "PRON", "PROPN") for c in rights):
                if family not in OBJECT_FAMILIES and verb.lemma_.lower() in ("say", "tell", "ask") and not any(
                    c.dep_ == "dobj" and c.pos_ == "PRON" and c.lower_ in ("this", "that", "it", "so", "something") for c in rights
                ):
                    pass  # "told MSNBC": the object is the addressee; look for a quotation below
                else:
                    return _char_span(doc, lo, hi), False
    if clause is not None:
        lo, hi = clause.left_edge.i, clause.right_edge.i + 1
        # the cue sits inside the clause's subtree only when the parse attached the quote oddly
        if lo <= verb.i < hi:
            hi = verb.i
        span = _char_span(doc, lo, hi)
        if span is None:
            return None, False
        q = _quote_around(span, quotes)
        if q:
            return q, True
        return span, False
    # "..., he said." / "He said: ..." : a quotation right before or after the cue clause
    sent = verb.sent
    for qs, qe in quotes:
        if qe <= cue[0] and cue[0] - qe <= 40 and qe > sent.start_char - 2000:
            gap = doc.text[qe:cue[0]]
            if "\n\n" not in gap and len(gap.split()) <= 6:
                return (qs, qe), True
        if qs >= cue[1] and qs - cue[1] <= 4:
            return (qs, qe), True
    # inserted cue: "The plan, she said, is dead." -> the host clause
    if verb.dep_ in ("parataxis", "ccomp", "advcl") and verb.head != verb and verb.head.i != verb.i:
        host = verb.head
        lo, hi = sent.start, sent.end
        span = _char_span(doc, lo, hi)
        if span and (host.i < verb.i or verb.dep_ == "parataxis"):
            return span, False
    return None, False


def _quote_around(span: tuple[int, int], quotes) -> tuple[int, int] | None:
    """The quotation that contains (most of) ``span``, to extend a clause to its quote marks."""
    s, e = span
    for qs, qe in quotes:
        if qs <= s + 2 and qs >= s - 3 and qe >= e - 2:
            return qs, qe
        if qs <= s and qe >= e and (e - s) > 0.6 * (qe - qs):
            return qs, qe
    return None


def _verb_cue(doc, verb, sent, entry: tuple[str, str], quotes, options: Options) -> _Raw | None:
    base, family = entry
    lemma = verb.lemma_.lower()
    # "said" as an adjective ("the said document") or a noun is not a cue
    if verb.dep_ == "amod":
        return None
    # "charge"/"attack"/"post"/"call"/"find"/"show"/"know"/"want"/... need their reporting frame
    if lemma in ("call",) and not any(c.dep_ in ("prep", "ccomp", "oprd", "xcomp") for c in verb.children):
        return None
    if lemma in ("agree", "continue", "point", "run", "know", "feel", "find", "learn", "post", "attack", "charge", "add") and not any(
        c.dep_ in ("ccomp",) for c in verb.children
    ) and not (lemma == "add" and verb.dep_ in ("ROOT", "conj", "parataxis") ):
        if lemma not in ("charge",) or not any(c.dep_ == "prep" and c.lower_ in ACCUSE_PREPS for c in verb.children):
            return None
    cue = _cue_tokens(verb)
    cue_span = _char_span(doc, *cue)
    if cue_span is None:
        return None
    raising = _raising(doc, verb, family, cue_span)
    if raising is not None:
        return raising
    content, direct = _content_span(doc, verb, family, cue_span, quotes)
    if content is None:
        return None
    if content[0] <= cue_span[0] < content[1] and not direct and verb.dep_ not in ("parataxis", "ccomp", "advcl"):
        return None
    subj, passive = _subject(verb)
    passive = passive or any(c.dep_ == "auxpass" for c in verb.children)
    source = head = None
    if passive:
        agent = _agent(verb)
        if agent is not None:
            source, head = _source_from(doc, agent, options)
            if source and source[0] < content[0] < source[1]:
                # the content was parsed inside the agent phrase: the source ends before it
                cut = doc.char_span(source[0], content[0], alignment_mode="contract")
                while cut is not None and len(cut) and (cut[-1].is_punct or cut[-1].dep_ == "prep"):
                    cut = cut[:-1]
                source = (cut.start_char, cut.end_char) if cut is not None and len(cut) else None
        elif family == "publish":
            for child in verb.rights:
                if child.dep_ == "prep" and child.lower_ in ("in", "by", "on"):
                    pobj = next((g for g in child.children if g.dep_ == "pobj"), None)
                    if pobj is not None:
                        source, head = _source_from(doc, pobj, options)
                        break
        if family == "publish" and subj is not None:
            content = _char_span(doc, subj.left_edge.i, subj.right_edge.i + 1) or content
    elif subj is not None:
        if subj.left_edge.i <= verb.i <= subj.right_edge.i:
            return None
        source, head = _source_from(doc, subj, options)
        if source and content[0] <= source[0] < content[1] and not (content[0] <= cue_span[0] < content[1]):
            return None
    elif family == "publish":
        return None
    if family == "publish" and source is None:
        return None
    certainty = _certainty(verb, base)
    return _Raw(cue=cue_span, content=content, source=source, source_head=head, certainty=certainty,
                family="passive" if passive and source is None else family, direct=direct)


RAISING_PASSIVES = frozenset({"expect", "say", "believe", "think", "report", "rumor", "rumour", "know", "consider",
                              "suppose", "estimate", "understand", "allege", "claim"})


def _raising(doc, verb, family: str, cue_span: tuple[int, int]) -> _Raw | None:
    """Sourceless evidential frames whose content is the whole clause, cue included (PolNeAR
    annotates it so): "the plan seems to be working", "it appears that ...", "X is expected to win",
    "X is said to be ill". Certainty: hedged for seem/appear/expect, the verb's own otherwise."""
    lemma = verb.lemma_.lower()
    kids = {c.dep_ for c in verb.children}
    if family == "evidential":
        if not kids & {"xcomp", "acomp", "ccomp", "attr", "oprd"}:
            return None  # "appeared on television"
        expl = next((c for c in verb.children if c.dep_ in ("nsubj", "expl") and c.lower_ == "it"), None)
        ccomp = next((c for c in verb.children if c.dep_ == "ccomp"), None)
        if expl is not None and ccomp is not None:
            content = _char_span(doc, ccomp.left_edge.i, ccomp.right_edge.i + 1)
        else:
            content = _clause_span(doc, verb)
        certainty = "hedged"
    elif lemma in RAISING_PASSIVES and "auxpass" in kids and "xcomp" in kids and "agent" not in kids:
        content = _clause_span(doc, verb)
        certainty = "hedged" if lemma in ("expect", "believe", "think", "rumor", "rumour", "suppose", "estimate") \
            else _certainty(verb, _verbs()[lemma][0])
    else:
        return None
    if content is None:
        return None
    return _Raw(cue=cue_span, content=content, source=None, source_head=None, certainty=certainty,
                family="evidential" if family == "evidential" else "passive")


def _clause_span(doc, verb) -> tuple[int, int] | None:
    """The verb's clause: its subtree without a leading conjunction and trailing punctuation, and
    without clauses it coordinates with."""
    lo, hi = verb.left_edge.i, verb.right_edge.i + 1
    for c in verb.rights:
        if c.dep_ in ("conj", "cc") or (c.dep_ == "punct" and c.i > verb.i and c.text in ";"):
            hi = min(hi, c.left_edge.i)
    while hi > lo and (doc[hi - 1].is_punct or doc[hi - 1].dep_ == "cc"):
        hi -= 1
    while lo < hi and (doc[lo].is_punct or doc[lo].dep_ in ("cc", "mark")):
        lo += 1
    return _char_span(doc, lo, hi) if hi > lo else None


def _according_to(doc, tok, sent) -> _Raw | None:
    to = doc[tok.i + 1]
    pobj = next((c for c in list(to.children) + list(tok.children) if c.dep_ == "pobj"), None)
    if pobj is None:
        return None
    src_lo, src_hi = pobj.left_edge.i, pobj.right_edge.i + 1
    # "According to the Herald, the operator, Acme, was fined": the parser may hang the main clause's
    # subject on the source as an apposition; when the main verb then has no subject, the source ends
    # before that apposition.
    main = sent.root
    if tok.i < main.i and not any(c.dep_ in ("nsubj", "nsubjpass", "csubj", "expl") for c in main.children):
        appos = [c for c in pobj.children if c.dep_ == "appos" and c.i > pobj.i]
        if appos:
            cut = appos[0].left_edge.i
            while cut > pobj.i and doc[cut - 1].is_punct:
                cut -= 1
            src_hi = max(pobj.i + 1, cut)
    cue = _char_span(doc, tok.i, tok.i + 2)
    source = _char_span(doc, src_lo, src_hi)
    phrase_lo = tok.i
    phrase_hi = src_hi if src_hi <= pobj.right_edge.i else max(src_hi, to.right_edge.i + 1, tok.right_edge.i + 1)
    while phrase_hi < sent.end and doc[phrase_hi].is_punct and doc[phrase_hi].text in ",:;":
        phrase_hi += 1
    # content: the rest of the sentence, on the side that holds the clause
    before = _char_span(doc, sent.start, phrase_lo)
    after = _char_span(doc, phrase_hi, sent.end)
    content = after if (after and (not before or (after[1] - after[0]) >= (before[1] - before[0]))) else before
    if not content or not cue:
        return None
    return _Raw(cue=cue, content=content, source=source, source_head=pobj.i, certainty="asserted",
                family="according_to")


def _colon_cue(doc, sent, raws: list[_Raw], options: Options) -> None:
    """``Speaker: "quote"`` or ``Speaker: statement`` lines."""
    for tok in sent:
        if tok.text != ":" or tok.i == sent.start or tok.i + 1 >= sent.end:
            continue
        if tok.i - sent.start > options.max_colon_speaker_tokens:
            _colon_quote(doc, sent, tok, raws)
            return
        speaker = doc[sent.start:tok.i]
        if speaker.text.lower().strip() in _headline_labels():
            return
        named = any(t.ent_type_ in ("PERSON", "ORG", "NORP", "GPE") or t.pos_ == "PROPN" for t in speaker)
        # title-case headlines defeat the tagger ("Trump: ..." tagged NOUN): a short all-capitalised
        # speaker, or a source noun ("Poll:", "Newspaper:"), also counts
        titled = len(speaker) <= 4 and all(t.is_title or t.is_punct or not t.is_alpha for t in speaker)
        noun = speaker[-1].lemma_.lower() in _source_nouns()
        if not (named or titled or noun):
            _colon_quote(doc, sent, tok, raws)
            return
        if any(t.pos_ in ("VERB",) and t.dep_ == "ROOT" for t in speaker):
            _colon_quote(doc, sent, tok, raws)
            return
        if any(r.cue[0] >= sent.start_char and r.cue[1] <= sent.end_char and r.family != "adverbial" for r in raws):
            return
        content = _char_span(doc, tok.i + 1, sent.end)
        if content is None:
            return
        # the statement may continue over the following sentences of the paragraph
        end = content[1]
        para_end = doc.text.find("\n\n", end)
        quote = quote_spans(doc.text[content[0]:])[:1]
        if quote and quote[0][0] <= 2:
            end = max(end, content[0] + quote[0][1])
            if para_end != -1:
                end = min(end, para_end) if end > para_end and not doc.text[content[0]] in "\"“" else end
        heads = [t for t in speaker if t.head.i < sent.start or t.head.i >= tok.i or t.head == t]
        head = heads[-1] if heads else speaker[-1]
        raws.append(_Raw(cue=(tok.idx, tok.idx + 1), content=(content[0], end), source=_char_span(doc, sent.start, tok.i),
                         source_head=head.i, certainty="asserted", family="colon", direct=doc.text[content[0]] in "\"“"))
        return


def _colon_quote(doc, sent, colon, raws: list[_Raw]) -> None:
    """``He then listed his reasons: "..."``: a clause ending in a colon that opens a quotation.

    The colon is the cue, the quotation the content and the subject of the clause the source.
    """
    rest = doc.text[colon.idx + 1:colon.idx + 4].lstrip()
    if not rest or rest[0] not in "\"“":
        return
    start = doc.text.index(rest[0], colon.idx + 1)
    quote = next(((s, e) for s, e in quote_spans(doc.text[start:start + 5000]) if s == 0), None)
    if quote is None:
        return
    content = (start, start + quote[1])
    if any(r.content[0] <= content[0] < r.content[1] for r in raws):
        return
    root = colon.head if colon.head.i < colon.i else sent.root
    subj = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    source = head = None
    if subj is not None and subj.i < colon.i and subj.pos_ in ("PRON", "PROPN", "NOUN"):
        source, head = _char_span(doc, subj.left_edge.i, subj.right_edge.i + 1), subj.i
    raws.append(_Raw(cue=(colon.idx, colon.idx + 1), content=content, source=source, source_head=head,
                     certainty="asserted", family="colon", direct=True))


def _adverbial(doc, adv) -> _Raw | None:
    head = adv.head
    if adv.dep_ == "amod":
        # "an alleged plot": the noun phrase is the content
        lo, hi = head.left_edge.i, head.right_edge.i + 1
    else:
        lo, hi = head.left_edge.i, head.right_edge.i + 1
        # keep to the clause: drop a leading "and"/"but" and a trailing sentence-final punctuation
        for child in head.children:
            if child.dep_ in ("cc",) and child.i == lo:
                lo += 1
    content = _char_span(doc, lo, hi)
    cue = (adv.idx, adv.idx + len(adv.text))
    if content is None:
        return None
    return _Raw(cue=cue, content=content, source=None, source_head=None, certainty="hedged", family="adverbial")


def _dedupe(raws: list[_Raw]) -> list[_Raw]:
    """One attribution per cue; prefer the one with a source and a longer content."""
    best: dict[tuple[int, int], _Raw] = {}
    for r in raws:
        cur = best.get(r.cue)
        if cur is None or (r.source is not None, r.content[1] - r.content[0]) > (cur.source is not None, cur.content[1] - cur.content[0]):
            best[r.cue] = r
    return list(best.values())


def _link_via(atts: list[Attribution]) -> list[Attribution]:
    """Set ``via``: an attribution whose cue lies inside another's content was reported through it."""
    out = []
    for a in atts:
        parent = None
        for b in atts:
            if b is a:
                continue
            bs, be = b.content.span
            if bs <= a.cue.span[0] and a.cue.span[1] <= be and (be - bs) > (a.content.span[1] - a.content.span[0]):
                if parent is None or (be - bs) < (parent.content.span[1] - parent.content.span[0]):
                    parent = b
        if parent is not None and parent.source is not None:
            a = Attribution(**{**a.__dict__, "via": parent.id})
        out.append(a)
    return out


def source_chains(atts: list[Attribution], entities: list[Entity]) -> list[list[dict]]:
    """Chains of sources, outermost first, following ``via`` links and cited outlets/documents."""
    by_id = {a.id: a for a in atts}
    ents = {e.id: e for e in entities}
    index = EntityIndex(entities)
    children: dict[str, list[str]] = {}
    for a in atts:
        if a.via:
            children.setdefault(a.via, []).append(a.id)

    def item(a: Attribution) -> dict:
        return {"text": a.source.text if a.source else None, "entity": a.source.entity if a.source else None,
                "kind": a.source.kind if a.source else None, "attribution": a.id}

    def cited(a: Attribution) -> list[dict]:
        """Outlets or organisations named inside the content of a citing/publishing attribution."""
        if a.cue_family not in ("cite", "publish") and not re.match(r"(a|the|an?) (new |recent )?(report|study|survey|poll|article|story)\b", a.content.text.lower()):
            return []
        out = []
        own = a.source.entity if a.source else None
        for s, e, eid in index.mentions_in(*a.content.span):
            ent = ents[eid]
            if eid != own and ent.type in ("MEDIA", "ORG", "PERSON"):
                out.append({"text": ent.name, "entity": eid, "kind": "media" if ent.type == "MEDIA" else (
                    "person" if ent.type == "PERSON" else "organization"), "attribution": None})
                break
        return out

    chains: list[list[dict]] = []

    def walk(aid: str, prefix: list[dict]) -> None:
        a = by_id[aid]
        path = prefix + ([item(a)] if a.source else [])
        kids = children.get(aid, [])
        extra = cited(a)
        if not kids:
            path = path + extra
            if len(path) >= 2:
                chains.append(path)
            return
        for k in kids:
            walk(k, path + extra)

    for a in atts:
        if a.via is None:
            walk(a.id, [])
    # outlets that publish what a later sentence says they cite: merge "X published" + "X cites Y"
    return chains
