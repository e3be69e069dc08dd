"""Who a source is: the phrase, its kind, and the entity a pronoun or description refers to.

``source_from`` takes the source phrase of a frame's subject, agent or possessor off the parse and
trims what is not the source (``trim_source``: a dateline, a focus adverb, a possessive ending, a
comma-set participle or prepositional phrase). ``source_kind`` labels a source phrase (person,
organization, media, official, document, group, vague, unnamed) from its entity and head noun.
``Resolver`` finds the entity behind "he", "they", "the newspaper" or "the minister" among the
preceding entity mentions, preferring a matching title, then a clause subject, then an object (no
coreference model can be installed offline; measured on cases written for it in docs/resolver.md).
``appositive_entity`` names a descriptive source from an entity in apposition ("the largest union,
the Dockers' Federation, said"). ``source_record`` puts these together into the ledger's
``Source``.
"""

from __future__ import annotations

import bisect
import functools

from ... import lexicons
from ...nlp.model import doc_text
from ...records import Entity, Source
from ..entities import EntityIndex, person_roles
from .lexicon import AUDIENCE_NOUNS, FOCUS_ADVERBS
from .options import Options
from .spans import SEPARATORS, char_span

# Personal pronouns and the source kind they imply when nothing resolves them (closed-class grammar).
PRONOUNS = {
    "he": "person", "she": "person", "i": "person", "we": "group", "they": "group", "it": "organization",
    "him": "person", "her": "person", "them": "group", "you": "person",
}
# Quotation marks and separators that never start or end a source phrase (brackets may: "(KPA)").
EDGE_MARKS = frozenset({'"', "“", "”", "'", "‘", "’", "``", "''", ",", ";", ":", "-", "–", "—"})
# a dateline ("NEW YORK - the mayor said") ends on a dash within this many tokens of the phrase's
# start: 4 changes 6 attributions of PolNeAR train documents 1-300 and none of dev, 16 none, F1
# unchanged (measured with benchmarks/vary_attribution_thresholds.py, docs/attribution.md "Bounds")
DATELINE_TOKENS = 8
# the kind reads the source's whole subtree when it has at most this many tokens (modifiers the
# trimming cut off: "an official, speaking on condition of anonymity" is unnamed); a safety bound
# above ``Options.max_source_tokens``: 40 or 120 change nothing on dev, train 1-300 or the
# resolver's cases
KIND_PHRASE_TOKENS = 60
# phrases set off by a comma after a source's head that are not the source: "Cruz, with obvious
# delight", "an official, in a statement" (prepositions of manner, place and time)
COMMA_SET_PREPS = ("with", "in", "at", "during")


def source_from(doc, tok, options: Options) -> tuple[tuple[int, int] | None, int | None]:
    """(character span, head token index) of the source phrase headed by ``tok``: its subtree,
    never over a line break, without quotation marks or separators at its edges and (with
    ``Options.trim_sources``) without what ``trim_source`` cuts; (None, None) when it is longer
    than ``Options.max_source_tokens`` (a clause, not a source)."""
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
    # the parser often hangs the closing mark of a preceding quotation on the speaker
    # ('"...," J. Smith, an economist, said'): punctuation at either edge is not the source
    while lo < tok.i and doc[lo].text in EDGE_MARKS:
        lo += 1
    while hi - 1 > tok.i and doc[hi - 1].text in EDGE_MARKS:
        hi -= 1
    if options.trim_sources:
        lo, hi = trim_source(doc, tok, lo, hi)
    if hi - lo > options.max_source_tokens or hi <= lo:
        return None, None
    span = char_span(doc, lo, hi)
    return span, tok.i


def trim_source(doc, tok, lo: int, hi: int) -> tuple[int, int]:
    """A source phrase without what is not the source (PolNeAR's convention, and what a reader of
    the ledger wants as the speaker): a dateline before it ("NEW YORK - the mayor"), a focus adverb
    ("even the mayor"), a possessive ending ("the mayor's"), and a participle, adverb or
    prepositional phrase set off by a comma after its head ("an official, speaking on condition of
    anonymity", "Cruz, with obvious delight"). Appositions ("Ann Lee, the mayor") and relative
    clauses ("Reid, who endorsed her in May") stay: PolNeAR annotators keep such relative clauses
    more often than not (249 to 175 times on its train split).
    """
    for i in range(lo, min(tok.i, lo + DATELINE_TOKENS)):
        if doc[i].text in ("-", "—", "–", "--") and i > lo and doc[lo].is_upper and doc[i - 1].whitespace_:
            lo = i + 1  # dateline
            break
    while lo < tok.i and doc[lo].lower_ in FOCUS_ADVERBS and doc[lo].dep_ == "advmod":
        lo += 1
    if hi - 1 > lo and doc[hi - 1].dep_ == "case" and doc[hi - 1].lower_ in ("'s", "’s", "'", "’"):
        hi -= 1
    for child in tok.rights:
        if child.i >= hi or child.i < 1 or doc[child.left_edge.i - 1].text != ",":
            continue
        if (child.dep_ in ("acl", "advcl") and child.tag_ == "VBG" and child.left_edge.i == child.i) or (
                child.dep_ == "prep" and child.lower_ in COMMA_SET_PREPS) or child.dep_ == "advmod":
            hi = min(hi, child.left_edge.i - 1)
            break
    return lo, hi


def source_record(doc, span: tuple[int, int], head: int | None, index: EntityIndex, resolver: "Resolver",
                  exclude: tuple[int, int]) -> Source:
    """The ledger's ``Source`` for the phrase ``span`` headed by token ``head``: the entity it
    names, is in apposition with, or refers to (never one mentioned inside ``exclude``, the
    attribution's own content), and its kind."""
    s, e = span
    stext = doc_text(doc)[s:e]
    head_tok = doc[head] if head is not None else None
    head_lemma = head_tok.lemma_ if head_tok is not None else stext.split()[-1]
    ent_id = index.at(s, e, head=head_tok.idx if head_tok is not None else None)
    if ent_id is None and head_tok is not None:
        ent_id = appositive_entity(doc, head_tok, index, s, e)
    if ent_id is None and head_tok is not None:
        ent_id = resolve_source(head_tok, stext, resolver, index, s, exclude=exclude)
    entity = index.by_id.get(ent_id) if ent_id else None
    # the kind reads the whole phrase, trimmed modifiers included ("an official, speaking on
    # condition of anonymity" is unnamed)
    phrase = stext
    if head_tok is not None and head_tok.left_edge.i <= head_tok.i <= head_tok.right_edge.i:
        full = doc[head_tok.left_edge.i:head_tok.right_edge.i + 1]
        if full.start_char <= s and e <= full.end_char and len(full) <= KIND_PHRASE_TOKENS:
            phrase = full.text.strip(SEPARATORS)
    kind = source_kind(phrase, head_lemma, entity, is_pronoun=head_tok is not None and head_tok.pos_ == "PRON")
    return Source(text=stext, span=(s, e), entity=ent_id, kind=kind)


@functools.lru_cache(maxsize=1)
def source_nouns() -> dict[str, str]:
    return {k: v[0] for k, v in lexicons.load_table("source_nouns").items()}


@functools.lru_cache(maxsize=1)
def _vague() -> tuple[str, ...]:
    return lexicons.load("vague_quantifiers")


@functools.lru_cache(maxsize=1)
def _unnamed() -> tuple[str, ...]:
    return lexicons.load("unnamed_markers")


def addressee_like(tok) -> bool:
    """Could ``tok`` (the object of "told", the X of "To X, ...") be people rather than what was
    said: a named entity, a source noun other than a document, an audience or a person's role?"""
    lemma = tok.lemma_.lower()
    kind = source_nouns().get(lemma)
    return bool(tok.ent_type_) or (kind is not None and kind != "document") or lemma in AUDIENCE_NOUNS \
        or lemma in person_roles()


def source_kind(text: str, head_lemma: str, entity: Entity | None, *, is_pronoun: bool = False) -> str:
    """Kind of a source phrase: person, organization, media, official, document, group, vague, unnamed."""
    low = " " + text.lower() + " "
    noun_kind = source_nouns().get(head_lemma.lower())
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


# The bounds of resolution, measured on the resolver's 135 cases (benchmarks/eval_resolver.py: 105
# right with these values) and by the sources that change on PolNeAR dev (entities and kinds are
# not scored there) (measured with benchmarks/vary_attribution_thresholds.py, docs/attribution.md "Bounds"):
# a pronoun or description resolves to a mention at most this many characters before it; 750 or
# 3,000 leave the cases at 105 and change 18 or 0 dev sources (46 or 18 on train documents 1-300)
WINDOW = 1500
# a mention is a clause subject or object through at most this many compound/apposition/flat
# heads ("Coach Daniel Osei", "Mark Ellison, the deputy harbour master,"): 1 gives 104 cases right
# (16 dev sources change), 5 gives 105 (none)
ROLE_HOPS = 3
# an entity names a descriptive source when the root of its mention reaches an apposition on the
# source's head within this many steps up the tree: 2 or 6 give 105 cases (2 or 0 dev sources change)
APPOS_HOPS = 4
# a description resolves when it has at most this many words ("the minister", "the union leader"):
# 2 gives 103 cases right (26 dev sources change), 5 gives 105 (8)
DESCRIPTION_WORDS = 3


class Resolver:
    """Resolves pronoun and descriptive sources to a preceding entity mention.

    No coreference model is available offline, so this is a salience heuristic on entity mentions.
    Candidates are the mentions of a compatible type ("he"/"she" -> PERSON; "it" -> ORG/MEDIA/GPE;
    "they" -> ORG/MEDIA/NORP/GPE; "the newspaper" -> MEDIA; "the company" -> ORG; "the minister"
    -> PERSON; "the ministry" -> ORG/GPE/MEDIA) that start before the source, within ``window``
    characters, and outside the attribution's own content (the speaker of "'Smith lied,' she said"
    is not Smith). Among the candidates in the source's sentence and the ``SUBJECT_SENTENCES``
    sentences before it, a description's own title wins ("Mayor Dan Whitlock ... the mayor said"),
    then the most recent clause subject, then the most recent direct object; failing all of these,
    the most recent candidate. "they" is left unresolved when a more recent clause subject is a
    plural common noun that names no entity ("Residents of X packed the hall. They said ...").
    """

    TYPES = {
        "he": ("PERSON",), "she": ("PERSON",), "him": ("PERSON",), "her": ("PERSON",),
        "it": ("ORG", "MEDIA", "GPE"), "they": ("ORG", "MEDIA", "NORP", "GPE"),
        "media": ("MEDIA",), "organization": ("ORG",),
        # "official" nouns split by ``person_roles``: "the minister" vs "the ministry"
        "official": ("PERSON",), "official_body": ("ORG", "GPE", "MEDIA"),
    }
    # the resolver's cases: 1 sentence gives 102 right, 3 and 6 give 105 (6 changes 50 dev sources)
    SUBJECT_SENTENCES = 3

    def __init__(self, ents: list[Entity], doc=None):
        self.mentions = sorted((s, e, ent) for ent in ents for s, e in ent.mentions)
        self.roles: dict[int, str | None] = {}  # mention start -> "subject", "object" or None
        self.titles: dict[int, set[str]] = {}  # mention start -> lemmas of its title words
        self.plural_subjects: list[int] = []  # plural common-noun subjects that name no entity
        self.sent_starts: list[int] = []
        if doc is None:
            return
        self.sent_starts = [sent.start_char for sent in doc.sents]
        covered = {i for s, e, _ in self.mentions for i in range(s, e)}
        for s, e, _ in self.mentions:
            span = doc.char_span(s, e, alignment_mode="expand")
            if span is not None:
                self.roles[s] = _role(span.root)
                self.titles[s] = _titles(span)
        self.plural_subjects = [t.idx for t in doc if t.dep_ in ("nsubj", "nsubjpass") and t.tag_ == "NNS"
                                and t.idx not in covered]

    def resolve(self, key: str, before: int, *, window: int = WINDOW, exclude: tuple[int, int] | None = None,
                title: str | None = None) -> Entity | None:
        types = self.TYPES.get(key)
        if not types:
            return None
        cands = [(s, ent) for s, e, ent in self.mentions
                 if s < before and before - s <= window and ent.type in types
                 and not (exclude and exclude[0] <= s < exclude[1])]
        k = bisect.bisect_right(self.sent_starts, before) - 1
        floor = self.sent_starts[max(0, k - self.SUBJECT_SENTENCES)] if self.sent_starts else 0
        recent = [(s, ent) for s, ent in cands if s >= floor]
        titled = [c for c in recent if title and title in self.titles.get(c[0], ())]
        subjects = [c for c in recent if self.roles.get(c[0]) == "subject"]
        if not titled and key == "they" and any(
                floor <= p < before and (not subjects or p > subjects[-1][0]) for p in self.plural_subjects):
            return None
        objects = [c for c in recent if self.roles.get(c[0]) == "object"]
        for group in (titled, subjects, objects, cands):
            if group:
                return group[-1][1]
        return None


def _role(tok) -> str | None:
    """"subject" or "object" when a mention's root is a clause subject or direct object, or a name or
    apposition attached to one ("Coach Daniel Osei", "The rail union RMX", "Mark Ellison, the deputy
    harbour master,")."""
    for _ in range(ROLE_HOPS):
        if tok.dep_ in ("nsubj", "nsubjpass"):
            return "subject"
        if tok.dep_ == "dobj":
            return "object"
        if tok.dep_ in ("compound", "appos", "flat") and tok.head.i != tok.i:
            tok = tok.head
            continue
        break
    return None


def _titles(span) -> set[str]:
    """Lemmas of the title or role words attached to a mention: "Mayor Dan Whitlock", "Dan Whitlock,
    the mayor", "the city's chief engineer, Ruth Coyle"."""
    root = span.root
    words = [c for c in root.children if c.dep_ in ("compound", "appos") and not (span.start <= c.i < span.end)]
    if root.dep_ == "appos":
        words.append(root.head)
    out = set()
    for w in words:
        out.add(w.lemma_.lower())
        out.update(c.lemma_.lower() for c in w.children if c.dep_ == "compound")
    return out


def appositive_entity(doc, head_tok, index: EntityIndex, start: int, end: int) -> str | None:
    """A named entity in apposition to a descriptive source head ("the largest union, the Dockers'
    Federation, said") names that source."""
    for s, e, ent_id in index.mentions_in(start, end):
        tok = doc.char_span(s, e, alignment_mode="expand")
        if tok is None:
            continue
        t = tok.root
        for _ in range(APPOS_HOPS):
            if t.dep_ == "appos" and t.head.i == head_tok.i:
                return ent_id
            if t.head.i == t.i:
                break
            t = t.head
    return None


def resolve_source(head_tok, stext: str, resolver: Resolver, index: EntityIndex, start: int,
             exclude: tuple[int, int] | None = None) -> str | None:
    low = head_tok.lower_
    if head_tok.pos_ == "PRON" and low in resolver.TYPES:
        ent = resolver.resolve(low, start, exclude=exclude)
        return ent.id if ent else None
    words = stext.lower().split()
    if words and words[0] in ("the", "this", "that") and len(words) <= DESCRIPTION_WORDS:
        lemma = head_tok.lemma_.lower()
        kind = source_nouns().get(lemma)
        if lemma in person_roles() and kind in ("official", None):
            kind = "official"  # a person: "the minister", "the union leader", "the chief executive"
        elif kind == "official":
            kind = "official_body"  # "the ministry", "the agency", "the police"
        elif lemma in lexicons.terms("media_nouns") and kind in ("document", None):
            kind = "media"  # "the paper", "the station"
        if kind in ("media", "official", "official_body", "organization"):
            ent = resolver.resolve(kind, start, exclude=exclude, title=lemma)
            return ent.id if ent else None
    return None
