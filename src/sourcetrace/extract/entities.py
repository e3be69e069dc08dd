"""Entities: one record per real-world referent, with every mention.

spaCy's named entities are the starting point. On top of them this module
- types news outlets as ``MEDIA`` (appositions such as "X, a daily newspaper", publication cues such
  as "published in X", names with a newspaper word, and the outlet list in ``lexicons/media_outlets.txt``);
- finds names the model missed in clear frames ("the village of X", "<country>'s X", "X, aka Y");
- merges mentions of one referent: acronym definitions ("Islamic State (IS)"), alias markers ("aka",
  "also known as", "nicknamed"), later surname-only mentions ("Demir" after "Mustafa Demir") and short
  forms ("Zaman" after "Today's Zaman");
- gives each entity a canonical name (the fullest form, without a leading "the" or possessive).

``entities(doc)`` returns the records; ``EntityIndex`` maps character offsets back to entity ids for
the attribution extractor.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass, field

from .. import lexicons
from ..records import Entity

NAMED_LABELS = {
    "PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE",
}
# Words that name a kind of settlement or territory in "the village of X" frames.
PLACE_NOUNS = lexicons.terms("place_nouns")
# Name-internal words that mark an outlet ("The Daily Herald", "Channel 4 News").
MEDIA_NAME_WORDS = lexicons.terms("media_name_words")
# Verbs + prepositions whose object is where something appeared: "published in X", "reported by X".
MEDIA_CUES = frozenset(tuple(pair.split()) for pair in lexicons.load("media_cues"))
_QUOTES = "\"'“”‘’«»"
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&.\-]{0,7}$")


def _norm(text: str) -> str:
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    text = re.sub(r"\s+", " ", text).strip(" ,;:\"'").lower()
    if text.startswith("the "):
        text = text[4:]
    if text.endswith("'s"):
        text = text[:-2]
    return text


@dataclass
class _Mention:
    start: int  # token index
    end: int
    label: str
    strong: bool = True  # from NER or an explicit frame (vs. a short-form match)


@dataclass
class _Cluster:
    label: str
    names: list[str] = field(default_factory=list)  # surface forms, first = preferred
    mentions: list[tuple[int, int]] = field(default_factory=list)  # char spans
    first: int = 0

    def keys(self) -> set[str]:
        return {_norm(n) for n in self.names}


def _trim(doc, start: int, end: int) -> tuple[int, int]:
    """Drop a leading determiner and trailing possessive/punctuation tokens."""
    while start < end and (doc[start].lower_ in ("the", "a", "an") or doc[start].is_punct):
        start += 1
    while end > start and (doc[end - 1].tag_ == "POS" or doc[end - 1].is_punct or doc[end - 1].lower_ in ("'s", "’s")):
        end -= 1
    return start, end


def _propn_chain(doc, head) -> tuple[int, int] | None:
    """The proper-noun phrase headed by ``head``: compounds, possessives like "Today's", the head."""
    if head.pos_ != "PROPN":
        return None
    start = head.i
    for child in head.lefts:
        if child.dep_ in ("compound", "poss", "case", "nmod", "amod") and (
            child.pos_ == "PROPN" or child.tag_ == "POS" or child.is_title
        ):
            start = min(start, child.left_edge.i)
    s, e = _trim(doc, start, head.i + 1)
    return (s, e) if e > s else None


def _media_nouns() -> set[str]:
    return set(lexicons.load("media_nouns"))


def _outlets() -> set[str]:
    return {_norm(x) for x in lexicons.load("media_outlets", keep_case=True)}


def _alias_markers() -> list[tuple[str, ...]]:
    return sorted((tuple(m.split()) for m in lexicons.load("alias_markers")), key=len, reverse=True)


@functools.lru_cache(maxsize=1)
def person_roles() -> frozenset[str]:
    """Nouns of a person's role or job (``lexicons/person_roles.txt``), shared by the entity,
    source and attribution extractors."""
    return frozenset(lexicons.load("person_roles"))


def _generic_heads() -> set[str]:
    return set(lexicons.load("org_generic_heads"))


def _candidate_mentions(doc) -> list[_Mention]:
    out: list[_Mention] = []
    for ent in doc.ents:
        if ent.label_ not in NAMED_LABELS:
            continue
        s, e = _trim(doc, ent.start, ent.end)
        if e <= s or not any(ch.isalpha() for ch in doc[s:e].text):
            continue
        out.append(_Mention(s, e, ent.label_))
    return out


def _frame_mentions(doc) -> list[_Mention]:
    """Names in explicit frames: outlets in appositions and publication cues, places after place nouns."""
    media_nouns = _media_nouns()
    extra: list[_Mention] = []
    for tok in doc:
        # "Cumhuriyet, a newspaper aligned with ..." / "Today's Zaman, a Turkish newspaper"
        if tok.dep_ == "appos" and tok.lemma_.lower() in media_nouns and tok.head.pos_ == "PROPN":
            span = _propn_chain(doc, tok.head)
            if span:
                extra.append(_Mention(span[0], span[1], "MEDIA"))
        # "the newspaper Cumhuriyet", "broadcaster Channel 9"
        if tok.pos_ == "PROPN" and tok.dep_ in ("appos", "compound", "pobj", "nsubj", "dobj") and any(
            c.lemma_.lower() in media_nouns and c.dep_ in ("compound", "nmod", "amod") and c.i < tok.i for c in tok.lefts
        ):
            span = _propn_chain(doc, tok)
            if span:
                extra.append(_Mention(span[0], span[1], "MEDIA"))
        # "published in X", "reported by X"
        if tok.dep_ == "pobj" and tok.pos_ == "PROPN" and tok.head.dep_ in ("prep", "agent"):
            verb = tok.head.head
            if (verb.lemma_.lower(), tok.head.lower_) in MEDIA_CUES:
                span = _propn_chain(doc, tok)
                if span:
                    extra.append(_Mention(span[0], span[1], "MEDIA"))
        # "Karim Haddad, aka 'The Accountant'": an unlabelled name right before an alias marker
        if tok.pos_ == "PROPN" and tok.is_title and not tok.ent_type_ and (tok.i + 1 == len(doc) or doc[tok.i + 1].pos_ != "PROPN"):
            if _alias_after(doc, tok.i + 1) is not None:
                span = _propn_chain(doc, tok)
                if span and 2 <= span[1] - span[0] <= 4:
                    extra.append(_Mention(span[0], span[1], "PERSON"))
        # "Helena Marquez, the finance minister": a name in apposition to a person's role
        if tok.dep_ == "appos" and tok.lemma_.lower() in person_roles() and tok.head.pos_ == "PROPN" \
                and tok.head.ent_type_ in ("ORG", "GPE", "NORP", "") and tok.i > tok.head.i:
            span = _propn_chain(doc, tok.head)
            if span and 2 <= span[1] - span[0] <= 4 and all(t.is_title for t in doc[span[0]:span[1]]):
                extra.append(_Mention(span[0], span[1], "PERSON"))
        # "the Syrian village of Havar"
        if tok.dep_ == "pobj" and tok.pos_ == "PROPN" and tok.head.lower_ == "of" and tok.head.head.lemma_.lower() in PLACE_NOUNS:
            span = _propn_chain(doc, tok)
            if span:
                extra.append(_Mention(span[0], span[1], "GPE"))
        # "Turkey's Akinci": an unlabelled proper noun owned by a country or city
        if (
            tok.pos_ == "PROPN" and not tok.ent_type_ and tok.is_title
            and any(c.dep_ == "poss" and c.ent_type_ in ("GPE",) for c in tok.lefts)
        ):
            span = _propn_chain(doc, tok)
            if span:
                # keep only the owned name, not the owner
                start = max(span[0], max(c.right_edge.i for c in tok.lefts if c.dep_ == "poss") + 1)
                s, e = _trim(doc, start, tok.i + 1)
                if e > s:
                    extra.append(_Mention(s, e, "LOC"))
    return extra


def _alias_after(doc, end: int) -> tuple[int, int] | None:
    """Token span of a name introduced by an alias marker right after token ``end`` (exclusive)."""
    i = end
    if i < len(doc) and doc[i].text in (",", "(", "-", "–", "—"):
        i += 1
    for marker in _alias_markers():
        n = len(marker)
        if tuple(t.lower_ for t in doc[i:i + n]) == marker:
            j = i + n
            if j < len(doc) and doc[j].lower_ == "the":
                j += 1
            quoted = j < len(doc) and doc[j].text in _QUOTES
            if quoted:
                j += 1
            k = j
            while k < len(doc) and k - j < 6:
                t = doc[k]
                if quoted and t.text in _QUOTES:
                    break
                if not quoted and not (t.pos_ == "PROPN" or _ACRONYM.match(t.text) or (t.is_title and t.is_alpha)):
                    break
                k += 1
            if k > j:
                return j, k
    return None


def _acronym_after(doc, end: int) -> tuple[int, int] | None:
    """``(ACRONYM)`` directly after an entity: "Islamic State (IS)"."""
    if end + 2 < len(doc) and doc[end].text == "(" and doc[end + 2].text == ")" and _ACRONYM.match(doc[end + 1].text):
        return end + 1, end + 2
    return None


class EntityIndex:
    """Maps character offsets to entity ids (mention lookup by position)."""

    def __init__(self, entities: list[Entity]):
        spans = sorted((s, e, ent.id) for ent in entities for s, e in ent.mentions)
        self._starts = [s for s, _, _ in spans]
        self._spans = spans
        self.by_id = {ent.id: ent for ent in entities}

    def at(self, start: int, end: int, *, head: int | None = None) -> str | None:
        """The entity whose mention covers ``head`` (a char offset) or, failing that, the last mention inside."""
        i = bisect.bisect_right(self._starts, end)
        best = None
        for s, e, eid in self._spans[max(0, i - 64):i]:
            if e <= start or s >= end:
                continue
            if head is not None and s <= head < e:
                return eid
            if s >= start and e <= end:
                best = eid
        return best if head is None else None

    def mentions_in(self, start: int, end: int) -> list[tuple[int, int, str]]:
        i = bisect.bisect_left(self._starts, start)
        out = []
        while i < len(self._spans) and self._spans[i][0] < end:
            s, e, eid = self._spans[i]
            if e <= end:
                out.append((s, e, eid))
            i += 1
        return out


def entities(doc) -> list[Entity]:
    """Entities of ``doc`` with canonical names, aliases and all mentions (see module docstring)."""
    outlets = _outlets()
    generic = _generic_heads()
    mentions = _candidate_mentions(doc)
    frames = _frame_mentions(doc)
    # A frame overrides the model's label on the same or an overlapping span (FAC -> GPE, ORG -> MEDIA).
    for fm in frames:
        replaced = False
        for m in mentions:
            if m.start < fm.end and fm.start < m.end:
                if fm.label == "MEDIA" and m.label not in ("ORG", "PERSON", "WORK_OF_ART", "GPE", "NORP", "FAC", "PRODUCT"):
                    continue
                m.start, m.end, m.label = min(m.start, fm.start), max(m.end, fm.end), fm.label
                replaced = True
        if not replaced:
            mentions.append(fm)
    # dedupe identical token spans
    seen: dict[tuple[int, int], _Mention] = {}
    for m in sorted(mentions, key=lambda m: (m.start, -(m.end - m.start))):
        if any(o.start <= m.start and m.end <= o.end and (o.start, o.end) != (m.start, m.end) for o in seen.values()):
            continue
        seen.setdefault((m.start, m.end), m)
    mentions = sorted(seen.values(), key=lambda m: m.start)

    clusters: list[_Cluster] = []
    by_key: dict[str, int] = {}
    token_owner: dict[int, int] = {}

    def add(cluster_idx: int, s: int, e: int, name: str | None = None) -> None:
        c = clusters[cluster_idx]
        c.mentions.append((doc[s].idx, doc[e - 1].idx + len(doc[e - 1])))
        if name and _norm(name) not in c.keys():
            c.names.append(name)
        for k in range(s, e):
            token_owner[k] = cluster_idx
        by_key.setdefault(_norm(doc[s:e].text), cluster_idx)

    def new_cluster(label: str, s: int, e: int) -> int:
        clusters.append(_Cluster(label=label, first=doc[s].idx))
        idx = len(clusters) - 1
        add(idx, s, e, doc[s:e].text)
        return idx

    def short_form_owner(text_key: str, label: str, definite: bool = False) -> int | None:
        """A cluster for which ``text_key`` is a surname / short form (most recent wins)."""
        best = None
        for idx, c in enumerate(clusters):
            # The small model often labels a lone surname ORG or GPE ("Reyes said"); a surname match
            # with an earlier full PERSON name wins over that label.
            if label not in ("", c.label) and not (label in ("ORG", "MEDIA") and c.label in ("ORG", "MEDIA")) \
                    and not (c.label == "PERSON" and label in ("ORG", "GPE", "NORP", "PRODUCT", "WORK_OF_ART")) \
                    and not (c.label in ("ORG", "MEDIA") and label == "PERSON" and definite):
                continue
            for name in c.names:
                words = _norm(name).split()
                if len(words) < 2 or text_key == _norm(name):
                    continue
                if c.label == "PERSON" and words[-1] == text_key:
                    best = idx
                elif c.label in ("ORG", "MEDIA") and text_key not in generic and (
                    words[-1] == text_key or " ".join(words[-2:]) == text_key
                ):
                    best = idx
        return best

    for m in mentions:
        text = doc[m.start:m.end].text
        key = _norm(text)
        if not key:
            continue
        label = m.label
        if label == "ORG" and (key in outlets or any(w in MEDIA_NAME_WORDS for w in key.split()[-1:])):
            label = "MEDIA"
        elif label in ("PERSON", "GPE", "PRODUCT", "WORK_OF_ART") and key in outlets and m.end - m.start > 1:
            label = "MEDIA"
        idx = by_key.get(key)
        if idx is None and len(key.split()) == 1:
            # "the Ledger": a person's name does not take the article, so a PERSON label may be wrong
            definite = m.start > 0 and doc[m.start - 1].lower_ == "the"
            idx = short_form_owner(key, label, definite)
        if idx is not None:
            c = clusters[idx]
            if c.label in ("ORG", "NORP", "FAC", "PRODUCT") and label in ("MEDIA", "GPE", "LOC") and label != c.label:
                c.label = label
            add(idx, m.start, m.end, text)
        else:
            idx = new_cluster(label, m.start, m.end)
            c = clusters[idx]
            # "Turkish AKP": a demonym adjective before an acronym is not part of the name
            toks = doc[m.start:m.end]
            if label == "ORG" and len(toks) > 1 and _ACRONYM.match(toks[-1].text) and all(
                t.tag_ == "JJ" or t.ent_type_ == "NORP" or t.dep_ == "amod" for t in toks[:-1]
            ):
                c.names.insert(0, toks[-1].text)
                by_key.setdefault(_norm(toks[-1].text), idx)
        # aliases introduced right after the mention
        for span in (_acronym_after(doc, m.end), _alias_after(doc, m.end)):
            if span:
                s, e = span
                alias = doc[s:e].text
                if _norm(alias) and _norm(alias) not in by_key:
                    add(idx, s, e, alias)

    # Later bare mentions the model did not label: acronyms, short forms, surnames.
    for tok in doc:
        if tok.i in token_owner or not (tok.pos_ == "PROPN" or _ACRONYM.match(tok.text)) or not tok.is_alpha:
            continue
        if tok.ent_type_ and tok.ent_type_ not in NAMED_LABELS:
            continue
        key = _norm(tok.text)
        idx = by_key.get(key)
        if idx is None:
            idx = short_form_owner(key, "")
        if idx is not None and tok.text[0].isupper():
            add(idx, tok.i, tok.i + 1, tok.text)

    out: list[Entity] = []
    ordered = sorted(range(len(clusters)), key=lambda i: clusters[i].first)
    for n, idx in enumerate(ordered, 1):
        c = clusters[idx]
        name = _pick_name(c)
        aliases = tuple(dict.fromkeys(_clean_name(a) for a in c.names if _clean_name(a) != name and _clean_name(a)))
        out.append(Entity(id=f"E{n}", name=name, type=c.label, aliases=aliases,
                          mentions=tuple(sorted(set(c.mentions)))))
    return out


def _clean_name(name: str) -> str:
    name = re.sub(r"\s+", " ", name).strip(" ,;:")
    if name.lower().startswith("the ") and len(name) > 4:
        name = name[4:]
    for suffix in ("'s", "’s"):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
    return name.strip()


def _pick_name(c: _Cluster) -> str:
    names = [_clean_name(n) for n in c.names if _clean_name(n)]
    first = names[0]
    if c.label == "PERSON":
        return max(names, key=lambda n: (len(n.split()), len(n)))
    if _ACRONYM.match(first) and len(names) > 1 and not any(_ACRONYM.match(n) for n in names[1:2]) and c.label != "ORG":
        return names[1]
    return first
