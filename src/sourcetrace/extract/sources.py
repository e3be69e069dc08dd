"""Who a source is: its kind, and the entity a pronoun or description refers to.

``source_kind`` labels a source phrase (person, organization, media, official, document, group,
vague, unnamed) from its entity and head noun. ``Resolver`` finds the entity behind "he", "they",
"the newspaper" or "the minister" among the preceding entity mentions, preferring a matching title,
then a clause subject, then an object (no coreference model can be installed offline; measured on
cases written for it in docs/resolver.md). ``appositive_entity`` names a descriptive source from an
entity in apposition ("the largest union, the Dockers' Federation, said").
"""

from __future__ import annotations

import bisect
import functools

from .. import lexicons
from ..records import Entity
from .entities import EntityIndex, person_roles

PRONOUNS = {
    "he": "person", "she": "person", "i": "person", "we": "group", "they": "group", "it": "organization",
    "him": "person", "her": "person", "them": "group", "you": "person",
}
NAMED_KINDS = {"person", "organization", "media", "official", "document"}


@functools.lru_cache(maxsize=1)
def source_nouns() -> dict[str, str]:
    return {k: v[0] for k, v in lexicons.load_table("source_nouns").items()}


@functools.lru_cache(maxsize=1)
def _vague() -> tuple[str, ...]:
    return lexicons.load("vague_quantifiers")


@functools.lru_cache(maxsize=1)
def _unnamed() -> tuple[str, ...]:
    return lexicons.load("unnamed_markers")




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

    def resolve(self, key: str, before: int, *, window: int = 1500, exclude: tuple[int, int] | None = None,
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
    for _ in range(3):
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
        for _ in range(4):
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
    if words and words[0] in ("the", "this", "that") and len(words) <= 3:
        lemma = head_tok.lemma_.lower()
        kind = source_nouns().get(lemma)
        if lemma in person_roles() and kind in ("official", None):
            kind = "official"  # a person: "the minister", "the union leader", "the chief executive"
        elif kind == "official":
            kind = "official_body"  # "the ministry", "the agency", "the police"
        elif lemma in _media_nouns() and kind in ("document", None):
            kind = "media"  # "the paper", "the station"
        if kind in ("media", "official", "official_body", "organization"):
            ent = resolver.resolve(kind, start, exclude=exclude, title=lemma)
            return ent.id if ent else None
    return None


@functools.lru_cache(maxsize=1)
def _media_nouns() -> frozenset[str]:
    return frozenset(lexicons.load("media_nouns"))


