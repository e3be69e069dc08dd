"""Prepositional sources: "according to X", and the phrases that name the source of their clause
("In a Gallup poll, ...", "By the union's count, ...", "In her view, ...", "To many, ...").

In both frames the cue is the preposition ("according to" is one cue), the source its object
phrase, and the content the rest of the sentence on the side that holds the clause. "According to"
is a frame of the rules; the other prepositional sources are proposed to the cue model only,
which keeps few of them (docs/attribution.md).
"""

from __future__ import annotations

from ...nlp.model import doc_text
from .candidate import Candidate
from .families import Family
from .lexicon import FINDING_NOUNS, NOT_HOLDERS, PEOPLE_PRONOUNS, VIEW_NOUNS, reporting_verbs
from .sources import addressee_like, source_nouns
from .spans import char_span

# the prepositions that may open a prepositional source
SOURCE_PREPS = ("in", "by", "to", "for")
# entity labels of an object that is a time or an amount, never a source
NOT_A_SOURCE = ("DATE", "TIME", "CARDINAL", "PERCENT", "MONEY", "QUANTITY", "ORDINAL")
# "In a Herald poll last week, ...": the source runs on to a comma at most this many tokens after
# the preposition's object; 3 or 12 change no attribution of PolNeAR dev or train documents 1-300
# (the cue model keeps few prepositional sources) (measured with benchmarks/vary_attribution_thresholds.py, docs/attribution.md "Bounds")
OPENING_PHRASE_TOKENS = 6


def according_to(doc, tok, sent) -> Candidate | None:
    """"According to X, ..." / "..., according to X": source X, content the rest of the sentence on
    the side that holds the clause (the longer side)."""
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
    cue = char_span(doc, tok.i, tok.i + 2)
    source = char_span(doc, src_lo, src_hi)
    phrase_lo = tok.i
    phrase_hi = src_hi if src_hi <= pobj.right_edge.i else max(src_hi, to.right_edge.i + 1, tok.right_edge.i + 1)
    while phrase_hi < sent.end and doc[phrase_hi].is_punct and doc[phrase_hi].text in ",:;":
        phrase_hi += 1
    # content: the rest of the sentence, on the side that holds the clause
    before = char_span(doc, sent.start, phrase_lo)
    after = char_span(doc, phrase_hi, sent.end)
    content = after if (after and (not before or (after[1] - after[0]) >= (before[1] - before[0]))) else before
    if not content or not cue:
        return None
    return Candidate(cue=cue, content=content, source=source, source_head=pobj.i, certainty="asserted",
                     family=Family.ACCORDING_TO, head=tok.i)


def prep_source(doc, prep, sent) -> Candidate | None:
    """A prepositional phrase that names the source of its clause: a poll, report or point of
    view ("In a Gallup poll, 40 percent approved"; "Turnout fell, by the party's count"; "In her
    view, the plan is dead") or a sentence-initial holder of a view ("To many, he is a hero").
    Cue: the preposition; source: its object phrase; content: the rest of the sentence on the side
    that holds the clause. Proposed to the cue model only (it decides)."""
    low = prep.lower_
    if prep.dep_ != "prep" or low not in SOURCE_PREPS:
        return None
    pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
    if pobj is None or pobj.ent_type_ in NOT_A_SOURCE:
        return None
    initial = all(t.is_punct or t.pos_ == "CCONJ" or t.is_space for t in doc[sent.start:prep.i])
    if low in ("in", "by"):
        if not _document_or_view(prep, pobj):
            return None
    elif not _holder_of_a_view(doc, prep, pobj, sent, initial):
        return None
    src_lo, src_hi = pobj.left_edge.i, pobj.right_edge.i + 1
    if initial:
        # "In a Herald poll last week, ...": the parser hangs a time phrase on the main verb; the
        # source runs to the comma that closes the opening phrase
        comma = next((j for j in range(src_hi, min(src_hi + OPENING_PHRASE_TOKENS, sent.end)) if doc[j].text == ","), None)
        if comma is not None and not any(t.pos_ in ("VERB", "AUX") or t.is_punct for t in doc[src_hi:comma]):
            src_hi = comma
    phrase_hi = src_hi
    while phrase_hi < sent.end and doc[phrase_hi].is_punct and doc[phrase_hi].text in ",:;":
        phrase_hi += 1
    content = _one_side(doc, sent, prep.i, phrase_hi)
    cue = char_span(doc, prep.i, prep.i + 1)
    source = char_span(doc, src_lo, src_hi)
    if content is None or cue is None or source is None:
        return None
    return Candidate(cue=cue, content=content, source=source, source_head=pobj.i, certainty="asserted",
                     family=Family.PREP_SOURCE, head=prep.i)


def _document_or_view(prep, pobj) -> bool:
    """"in"/"by" + a document or a point of view, on a verb: "In a poll, ...", "by their count"; not
    where a verb of saying said it ("said in a statement", "In an interview, she said"), unless the
    document reports findings ("In a poll, most voters said ...")."""
    lemma = pobj.lemma_.lower()
    host = prep.head
    if lemma not in VIEW_NOUNS and source_nouns().get(lemma) != "document":
        return False
    if host.pos_ not in ("VERB", "AUX"):
        return False
    return not (host.lemma_.lower() in reporting_verbs() and (host.i < prep.i or lemma not in FINDING_NOUNS))


def _holder_of_a_view(doc, prep, pobj, sent, initial: bool) -> bool:
    """Sentence-initial "To X," / "For X," with X people: a pronoun or quantifier ("many",
    "others"), a named person, group or body, or a noun of people ("the unions", "voters"); not the
    addressee of a verb of saying ("To CNN, the mayor said ..."), not "To this point, ..."."""
    lemma = pobj.lemma_.lower()
    after = pobj.right_edge.i + 1
    comma_after = after < sent.end and doc[after].text == ","
    if not (initial and comma_after) or lemma in NOT_HOLDERS:
        return False
    if prep.head.lemma_.lower() in reporting_verbs():
        return False
    return pobj.pos_ == "PRON" or lemma in PEOPLE_PRONOUNS or (
        pobj.ent_type_ in ("PERSON", "ORG", "NORP", "GPE")) or (
        pobj.pos_ == "NOUN" and not pobj.ent_type_ and addressee_like(pobj))


def _one_side(doc, sent, prep_i: int, phrase_hi: int) -> tuple[int, int] | None:
    """The content of a prepositional source: the rest of the sentence after the phrase, or before
    it; None for a phrase in the middle of its clause (no clean content)."""
    text = doc_text(doc)
    before = char_span(doc, sent.start, prep_i) if prep_i > sent.start else None
    rest = char_span(doc, phrase_hi, sent.end) if phrase_hi < sent.end else None
    if before is not None and not text[before[0]:before[1]].strip(" ,;:-\n\t\"'“”‘’"):
        before = None
    if rest is not None and not text[rest[0]:rest[1]].strip(" .,;:!?-\n\t\"'“”‘’"):
        rest = None
    if before is not None and rest is not None:
        return None  # a phrase in the middle of its clause: no clean content
    return rest or before
