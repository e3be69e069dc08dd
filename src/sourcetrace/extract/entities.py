"""Entities: one record per real-world referent, with every mention.

spaCy's named entities are the starting point. On top of them this module
- finds outlets as ``MEDIA``: the outlet list ``lexicons/media_outlets.txt`` (also as a gazetteer for
  names the model missed: "Variety reported"), appositions ("X, a daily newspaper"), publication cues
  ("published in X"), name patterns ("the X Times/Post/Gazette/Herald/...", "X News", "X Daily") and
  web addresses used as names ("RadarOnline.com");
- finds names the model missed in clear frames ("the village of X", "<country>'s X", "X, aka Y",
  "the 22nd Amendment");
- drops mentions that are not names (``_junk_mention``: clitics such as "n't", all-lowercase text,
  numbers and fractions, hashtags, degrees after a name such as "PhD") and entities all of whose
  mentions are suspect (``_junk_cluster``: names only in title-case lines such as headlines and ad
  lines, capitalised common words at the start of a sentence, names headed by an adverb);
- merges mentions of one referent, whatever their order: acronym definitions whose initials fit
  ("European Union (EU)", "National Rifle Association (NRA)"; never a dateline agency after a place,
  "KELMOUTH, NORVANIA (AFP)"), free-standing acronyms that fit exactly one name ("NYC", "U.S."),
  alias markers (``lexicons/alias_markers.txt``) and naming frames ("X is often called Y", "changed
  her name to Y"), surnames and first names of one person ("McCain" and "Sen. John McCain", in either
  order), and short forms of organisations and outlets ("the Post" for "New York Post");
- gives each entity a canonical name: the fullest form, without a leading "the", a possessive or,
  for a person, a title ("Barack Obama" for "Obama", "President Obama", "Mr. Obama").

``entities(doc)`` returns the records; ``EntityIndex`` maps character offsets back to entity ids for
the attribution extractor.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass, field

from .. import lexicons
from ..nlp.model import doc_text
from ..records import Entity
from . import names as N

NAMED_LABELS = {
    "PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE",
}
PLACE_LABELS = ("GPE", "LOC")
NOT_NAME_LABELS = ("DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT")
# Words that name a kind of settlement or territory in "the village of X" frames.
PLACE_NOUNS = lexicons.terms("place_nouns")
# Name-internal words that mark an outlet: as the last word ("The Daily Herald", "Channel 4 News",
# "Radar Online") or before "of" ("the Times of London", "Voice of America" is listed instead).
MEDIA_NAME_WORDS = lexicons.terms("media_name_words")
# Words an outlet is called by on its own after its full name ("the Post", "the Times"); not "News".
MASTHEAD_WORDS = lexicons.terms("masthead_words")
# Courtesy titles used only before a person's name: a mention after one is a person, whatever the
# statistical label ("Ms. Murad" read as a place).
HONORIFICS = lexicons.terms("honorifics")
# Media nouns that also name other things ("the Catholic aid agency", "a police station") count in an
# apposition only with a modifier that makes them media ("a news agency", "a TV station").
AMBIGUOUS_MEDIA_NOUNS = lexicons.terms("ambiguous_media_nouns")
MEDIA_MODIFIERS = lexicons.terms("media_modifiers")
# Verbs + prepositions whose object is where something appeared: "published in X", "aired on X".
# ("reported by X" is not among them: police, charities and ministries report things too.)
MEDIA_CUES = frozenset(tuple(pair.split()) for pair in lexicons.load("media_cues"))
# A web address used as a name ("RadarOnline.com"): an outlet when its words include a media word.
_DOMAIN_IN_TEXT = re.compile(r"(?<![\w./@])[A-Za-z][\w\-]*\.(?:com|org|net|info|co\.uk|news|tv|me|io)(?![\w/.])")
# Verbs of naming in "X is often called Y", "X, known as Y": the second name is an alias of the first.
NAMING_VERBS = lexicons.terms("naming_verbs")
_NAMING_WORDS = re.compile(r"\b(?:call|known|nicknam|dubb|named|renam|brand|styled|termed|chang)\w*", re.IGNORECASE)
# Labels a lone surname or first name may carry by mistake when the small model reads it out of
# context ("Reyes said" -> ORG); a following full name may absorb a mention so labelled.
PERSON_MISLABELS = ("ORG", "PRODUCT", "WORK_OF_ART", "FAC")
# Heads of names that an ordinal opens ("the 22nd Amendment", "the Fifth Fleet", "the 101st Airborne
# Division"); the statistical NER rarely labels them.
ORDINAL_HEADS = {lemma: fields[0] for lemma, fields in lexicons.load_table("ordinal_heads").items()}
_QUOTES = "\"'“”‘’«»"
_ACRONYM = N.ACRONYM
_CLITICS = {"n't", "n’t", "'s", "’s", "'re", "’re", "'ve", "’ve", "'ll", "’ll", "'d", "’d", "'m", "’m", "s", "t"}
# Tags of words that cannot head a name: adverbs, function words, interjections ("Great Again",
# "our Divinely dispensed ...").
NON_NAME_HEAD_TAGS = {"RB", "RBR", "RBS", "UH", "IN", "CC", "DT", "PRP", "PRP$", "MD", "WDT", "WP", "WRB", "TO"}


def _norm(text: str) -> str:
    return N.key(text)


@dataclass
class _Mention:
    start: int  # token index
    end: int
    label: str
    strong: bool = True  # from NER or an explicit frame (vs. a short-form match)
    keep: bool = False  # from the outlet list or a dateline: never dropped as junk


@dataclass
class _Cluster:
    label: str
    names: list[str] = field(default_factory=list)  # surface forms, first = preferred
    mentions: list[tuple[int, int]] = field(default_factory=list)  # char spans
    first: int = 0
    tokens: list[tuple[int, int]] = field(default_factory=list)  # token spans of the mentions
    listed: bool = False  # a name is in the outlet list
    definite: bool = False  # a mention follows "the" ("the Globes": not a person's name)
    votes: dict = field(default_factory=dict)  # label -> weight over the mentions

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


@functools.lru_cache(maxsize=1)
def _media_nouns() -> frozenset[str]:
    return frozenset(lexicons.load("media_nouns"))


@functools.lru_cache(maxsize=1)
def _outlets() -> frozenset[str]:
    return frozenset(_norm(x) for x in lexicons.load("media_outlets", keep_case=True))


@functools.lru_cache(maxsize=1)
def _outlet_pattern() -> re.Pattern:
    """One regular expression over the outlet list: a name written with "The" needs its article ("the
    Hill", not the surname Hill); the longest name wins."""
    forms = []
    for name in lexicons.load("media_outlets", keep_case=True):
        if name.startswith("The ") and len(name) > 4:
            forms.append("[Tt]he " + re.escape(name[4:]))
        else:
            forms.append(re.escape(name))
    forms.sort(key=len, reverse=True)
    return re.compile(r"(?<![\w@#])(?:" + "|".join(forms) + r")(?![\w])")


@functools.lru_cache(maxsize=1)
def _reporting_lemmas() -> frozenset[str]:
    return frozenset(lexicons.load_table("reporting_verbs"))


@functools.lru_cache(maxsize=1)
def _post_nominals() -> frozenset[str]:
    return frozenset(lexicons.load("post_nominals", keep_case=True))


@functools.lru_cache(maxsize=1)
def _alias_markers() -> list[tuple[str, ...]]:
    return sorted((tuple(m.split()) for m in lexicons.load("alias_markers")), key=len, reverse=True)


@functools.lru_cache(maxsize=1)
def _alias_first_words() -> frozenset[str]:
    return frozenset(m[0] for m in _alias_markers())


@functools.lru_cache(maxsize=1)
def person_roles() -> frozenset[str]:
    """Nouns of a person's role or job (``lexicons/person_roles.txt``), shared by the entity,
    source and attribution extractors."""
    return frozenset(lexicons.load("person_roles"))


@functools.lru_cache(maxsize=1)
def _generic_heads() -> frozenset[str]:
    return frozenset(lexicons.load("org_generic_heads"))


@functools.lru_cache(maxsize=1)
def _outlets_with_article() -> frozenset[str]:
    """Keys of one-word outlets listed with their article ("The Hill", "The Atlantic"): without it
    they are a surname or an ocean."""
    return frozenset(_norm(x) for x in lexicons.load("media_outlets", keep_case=True)
                     if x.startswith("The ") and len(x.split()) == 2) - frozenset(
        _norm(x) for x in lexicons.load("media_outlets", keep_case=True) if not x.startswith("The "))


def _media_label(doc, m: "_Mention", key: str) -> bool:
    """Whether a mention the model labelled otherwise names an outlet (see ``_is_media_name``)."""
    if m.label == "MEDIA" or not _is_media_name(key):
        return False
    single = m.end - m.start == 1
    if single and key in _outlets_with_article() and not (m.start > 0 and doc[m.start - 1].lower_ == "the"):
        return False
    if m.label == "ORG":
        return True
    if single and m.label in PLACE_LABELS + ("PERSON", "NORP", "FAC", "EVENT"):
        return False  # "Bloomberg" the person, "Atlantic" the ocean: the gazetteer decides by context
    return m.label in ("PERSON", "GPE", "LOC", "PRODUCT", "WORK_OF_ART", "FAC", "EVENT")


@functools.lru_cache(maxsize=1)
def _known_aliases() -> tuple[dict[str, int], tuple[tuple[str, str, tuple[str, ...]], ...]]:
    """``lexicons/known_aliases.txt``: {name key: group}, and per group (canonical name, type, names)."""
    keys: dict[str, int] = {}
    groups = []
    for canon, fields in lexicons.load_table("known_aliases", keep_case=True).items():
        if len(fields) < 2:
            raise lexicons.LexiconError(f"known_aliases: {canon!r} needs 'name<TAB>type<TAB>names'")
        names = (canon,) + tuple(a.strip() for a in fields[1].split("|") if a.strip())
        for n in names:
            keys.setdefault(_norm(n), len(groups))
        groups.append((canon, fields[0], names))
    return keys, tuple(groups)


@functools.lru_cache(maxsize=1)
def _known_pattern() -> re.Pattern:
    """The names of ``known_aliases`` that may become mentions where the model saw none: names of
    two or more words, and one-word names without a period (checked in context by the caller)."""
    forms = sorted({n for _, _, names in _known_aliases()[1] for n in names
                    if " " in n or ("." not in n and len(n) >= 4 and not N.is_acronym(n))}, key=len, reverse=True)
    return re.compile(r"(?<![\w@#])(?:[Tt]he )?(" + "|".join(re.escape(f) for f in forms) + r")(?![\w])")


def _is_media_name(key: str) -> bool:
    """An outlet by its name: listed, or a media word last or before "of" ("Times of London")."""
    if key in _outlets():
        return True
    words = key.split()
    if len(words) >= 2 and words[-1] in MEDIA_NAME_WORDS:
        return True
    return any(w in MEDIA_NAME_WORDS and nxt == "of" for w, nxt in zip(words, words[1:])) and words[0] != "of"


def _junk_mention(doc, s: int, e: int, label: str) -> bool:
    """Token span [s, e) is no name at all: a clitic ("n't"), all lower case, no letters, a hashtag or
    handle, or a degree or honour after a person's name ("Carl Ames, PhD")."""
    span = doc[s:e]
    text = span.text
    if not any(ch.isalpha() for ch in text) or not any(ch.isupper() for ch in text):
        return True
    if doc[s].lower_ in _CLITICS or doc[s].text.startswith(("'", "’")):
        return True
    if s > 0 and doc[s - 1].text in ("#", "@") and not doc[s - 1].whitespace_:
        return True
    if "#" in text or "@" in text:
        return True
    bare = text.replace(".", "")
    if bare in _post_nominals() and s >= 2 and doc[s - 1].text == ",":
        before = doc[s - 2]
        if before.ent_type_ == "PERSON" or before.text.replace(".", "") in _post_nominals() or before.pos_ == "PROPN":
            return True
    return False


def _pieces(doc, s: int, e: int) -> list[tuple[int, int]]:
    """A mention ends before an opening bracket ("Bureau of Land Management (BLM") and does not run
    over a line break: a headline or dateline fused with the next line ("SWITZERLAND\n\nAscom") is
    two names."""
    for k in range(s + 1, e):
        if doc[k].text in ("(", "["):
            e = k
            break
    out, start = [], s
    for k in range(s, e):
        if "\n" in doc[k].text:
            out.append((start, k))
            start = k + 1
        elif "\n" in doc[k].whitespace_:
            out.append((start, k + 1))
            start = k + 1
    out.append((start, e))
    return [(a, b) for a, b in out if b > a]


def _candidate_mentions(doc) -> list[_Mention]:
    out: list[_Mention] = []
    for ent in doc.ents:
        if ent.label_ not in NAMED_LABELS:
            continue
        for s, e in _pieces(doc, ent.start, ent.end):
            if ent.label_ == "PERSON":  # a person's name does not start with a number ("¼ cup feta")
                while s < e and (doc[s].like_num or not any(ch.isalpha() for ch in doc[s].text)):
                    s += 1
            s, e = _trim(doc, s, e)
            if e <= s or _junk_mention(doc, s, e, ent.label_):
                continue
            out.append(_Mention(s, e, "PERSON" if _after_honorific(doc, s) else ent.label_))
    # web addresses the model left unlabelled ("visit redOrbit.com")
    taken = None
    for m in _DOMAIN_IN_TEXT.finditer(doc_text(doc)):
        span = doc.char_span(m.start(), m.end())
        if span is None or len(span) != 1 or not any(ch.isupper() for ch in m.group(0)):
            continue
        if taken is None:
            taken = {k for x in out for k in range(x.start, x.end)}
        if span.start not in taken:
            words = {w.lower() for w in N.split_camel(m.group(0))}
            out.append(_Mention(span.start, span.end, "MEDIA" if words & MEDIA_NAME_WORDS else "ORG"))
    return sorted(out, key=lambda m: m.start)


def _after_honorific(doc, s: int) -> bool:
    return s > 0 and doc[s - 1].lower_.rstrip(".") in HONORIFICS and doc[s - 1].is_title


def _gazetteer_mentions(doc) -> list[_Mention]:
    """Outlets of ``lexicons/media_outlets.txt`` found in the text (see ``_outlet_pattern``). A one-word
    name counts only as a proper noun inside a sentence or as the singular subject of a verb of saying
    ("Variety reported"; not "Time is running out")."""
    out = []
    for m in _outlet_pattern().finditer(doc_text(doc)):
        span = doc.char_span(m.start(), m.end(), alignment_mode="contract")
        if span is None or len(span) == 0:
            continue
        s, e = _trim(doc, span.start, span.end)
        if e <= s:
            continue
        if e - s == 1:
            tok = doc[s]
            # part of a longer name or a figure: "Vice President Biden", "the Fortune 500"
            nxt = doc[e] if e < len(doc) else None
            if nxt is not None and (nxt.is_title or nxt.pos_ == "PROPN" or nxt.like_num) and not nxt.is_sent_start \
                    or s > 0 and doc[s - 1].pos_ == "PROPN" and doc[s - 1].is_title:
                continue
            proper = tok.tag_ in ("NNP", "NNPS") and not tok.is_sent_start and (s == 0 or "\n" not in doc[s - 1].text)
            speaker = tok.dep_ == "nsubj" and tok.tag_ in ("NN", "NNP") and tok.head.lemma_.lower() in _reporting_lemmas()
            if tok.ent_type_ == "PERSON" and not speaker or not (proper or speaker or tok.ent_type_ in ("ORG", "GPE", "WORK_OF_ART", "PRODUCT")):
                continue
        out.append(_Mention(s, e, "MEDIA", keep=True))
    return out


# A dateline opens a line: places in capitals, or places followed by an agency in brackets, then a
# dash (or the end of the line, for "TOWN, REGION"): "KELMOUTH, NORVANIA (AFP) -", "WASHINGTON -",
# "Washington (CNN)", "BAAR, SWITZERLAND".
_DATELINE = re.compile(
    r"(?m)^(?P<places>(?:[A-Z][A-Za-z.'’\-]*(?: [A-Z][A-Za-z.'’\-]*){0,3})(?:, (?:[A-Z][A-Za-z.'’\-]*(?: [A-Z][A-Za-z.'’\-]*){0,3}))?)"
    r"(?:[ ]*\((?P<agency>[A-Z][A-Za-z.&\- ]{0,30})\))?[ ]*(?P<end>[-–—]|$|(?<=\))[ ]+(?=[A-Z]))")


@functools.lru_cache(maxsize=1)
def _headline_labels() -> frozenset[str]:
    return frozenset(lexicons.load("headline_labels"))


def _dateline_mentions(doc) -> list[_Mention]:
    """Places (GPE) and the agency (MEDIA) of a dateline. Without an agency the places must be
    written in capitals ("LONDON -"), and rubric labels ("BREAKING -", ``lexicons/headline_labels``)
    are no places."""
    out = []
    text = doc_text(doc)
    for m in _DATELINE.finditer(text):
        places = m.group("places")
        caps = places.upper() == places and sum(ch.isalpha() for ch in places) >= 3
        if not (caps or m.group("agency")) or places.lower() in _headline_labels():
            continue
        if m.group("end") == "" and not (caps and ", " in places):
            continue  # a line of capitals alone is a dateline only as "TOWN, REGION" ("ADVERTISEMENT" is not)
        if not m.group("agency") and ", " not in places and " " in places:
            # "CONGRESS HAS INVESTIGATED HIM — ...": a run-in subhead; several words in capitals before
            # a dash are a place only where the model reads a place there
            span = doc.char_span(m.start("places"), m.end("places"), alignment_mode="contract")
            if span is None or not any(t.ent_type_ in PLACE_LABELS for t in span):
                continue
        pos = m.start("places")
        for part in places.split(", "):
            span = doc.char_span(pos, pos + len(part), alignment_mode="contract")
            if span is not None and len(span):
                out.append(_Mention(span.start, span.end, "GPE", keep=True))
            pos += len(part) + 2
        if m.group("agency"):
            span = doc.char_span(m.start("agency"), m.end("agency"), alignment_mode="contract")
            if span is not None and len(span):
                out.append(_Mention(span.start, span.end, "MEDIA", keep=True))
    return out


def _apposition_is_media(tok) -> bool:
    lemma = tok.lemma_.lower()
    if lemma not in _media_nouns():
        return False
    if lemma not in AMBIGUOUS_MEDIA_NOUNS:
        return True
    return any(c.lower_ in MEDIA_MODIFIERS or c.lemma_.lower() in _media_nouns() - AMBIGUOUS_MEDIA_NOUNS
               for c in tok.lefts if c.dep_ in ("compound", "amod", "nmod"))


def _frame_mentions(doc) -> list[_Mention]:
    """Names in explicit frames: outlets in appositions and publication cues, places after place nouns."""
    media_nouns = _media_nouns()
    extra: list[_Mention] = []
    for tok in doc:
        # "Cumhuriyet, a newspaper aligned with ..." / "Today's Zaman, a Turkish newspaper"
        if tok.dep_ == "appos" and _apposition_is_media(tok) and tok.head.pos_ == "PROPN":
            span = _propn_chain(doc, tok.head)
            if span:
                extra.append(_Mention(span[0], span[1], "MEDIA"))
        # "the newspaper Cumhuriyet", "broadcaster Channel 9"
        if tok.pos_ == "PROPN" and tok.dep_ in ("appos", "compound", "pobj", "nsubj", "dobj") and any(
            c.lemma_.lower() in media_nouns and c.lemma_.lower() not in AMBIGUOUS_MEDIA_NOUNS
            and c.dep_ in ("compound", "nmod", "amod") and c.i < tok.i for c in tok.lefts
        ):
            span = _propn_chain(doc, tok)
            if span:
                extra.append(_Mention(span[0], span[1], "MEDIA"))
        # "published in X", "aired on X", "appeared first on X" (the tagger may read X as a common noun)
        if tok.dep_ == "pobj" and (tok.pos_ == "PROPN" or tok.text[:1].isupper() and not tok.is_sent_start) \
                and tok.head.dep_ in ("prep", "agent") and tok.ent_type_ not in NOT_NAME_LABELS:
            verb = tok.head.head
            if (verb.lemma_.lower(), tok.head.lower_) in MEDIA_CUES:
                span = _propn_chain(doc, tok) or (tok.i, tok.i + 1)
                extra.append(_Mention(span[0], span[1], "MEDIA"))
        # "Karim Haddad, aka 'The Accountant'": an unlabelled name right before an alias marker
        if tok.pos_ == "PROPN" and tok.is_title and not tok.ent_type_ and (tok.i + 1 == len(doc) or doc[tok.i + 1].pos_ != "PROPN"):
            if _alias_after(doc, tok.i + 1) is not None:
                span = _propn_chain(doc, tok)
                if span and 1 <= span[1] - span[0] <= 4:
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
        # "the 22nd Amendment", "the Twenty-second Amendment", "the Fifth Fleet"
        if tok.lower_ in ("the",) and tok.i + 2 < len(doc):
            span = _ordinal_name(doc, tok.i + 1)
            if span:
                extra.append(span)
    return extra


def _ordinal_name(doc, i: int) -> _Mention | None:
    """An ordinal ("22nd", "Twenty-second", "Fifth") followed by a capitalised head of ``ORDINAL_HEADS``."""
    j = i
    if j < len(doc) and re.fullmatch(r"\d+(?:st|nd|rd|th)", doc[j].lower_):
        j += 1
    elif j < len(doc) and doc[j].is_title:
        k = j + 2 if j + 2 < len(doc) and doc[j + 1].text == "-" else j
        words = doc[j:k + 1].text.lower()
        if N.key(words) == words:  # no ordinal word was turned into a figure
            return None
        j = k + 1
    else:
        return None
    if j < len(doc) and doc[j].is_title and doc[j].lower_ in ORDINAL_HEADS:
        return _Mention(i, j + 1, ORDINAL_HEADS[doc[j].lower_])
    return None


def _alias_after(doc, end: int) -> tuple[int, int] | None:
    """Token span of a name introduced by an alias marker right after token ``end`` (exclusive)."""
    i = end
    if i < len(doc) and doc[i].text in (",", "(", "-", "–", "—"):
        i += 1
    if i >= len(doc) or doc[i].lower_ not in _alias_first_words():
        return None
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


def _acronym_after(doc, end: int, name: str, label: str) -> tuple[int, int] | None:
    """``(ACRONYM)`` directly after an entity whose initials it fits: "European Union (EU)",
    "the Federal Aviation Administration's (FAA)". A place followed by an agency in brackets is a
    dateline ("KELMOUTH, NORVANIA (AFP)", "Washington (CNN)"), not a definition: the initials must fit."""
    if end < len(doc) and doc[end].tag_ == "POS":
        end += 1
    if end + 2 < len(doc) and doc[end].text == "(" and doc[end + 2].text == ")" and _ACRONYM.match(doc[end + 1].text):
        if N.initials_fit(doc[end + 1].text, name):
            return end + 1, end + 2
    return None


def _naming_pairs(doc) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """Token spans of two names of one referent in naming frames: "X is often called (the) Y",
    "X, known as Y" (a participle on X), "X changed her name to Y" (also "decided to change ...")."""
    pairs = []
    text = doc_text(doc)
    hits = [m.start() for m in _NAMING_WORDS.finditer(text)]
    toks = [t for t in (doc.char_span(h, h + 1, alignment_mode="expand") for h in hits) if t is not None]
    for tok in (span[0] for span in toks):
        lemma = tok.lemma_.lower()
        if lemma in NAMING_VERBS and tok.pos_ == "VERB":
            subj = next((c for c in tok.children if c.dep_ == "nsubjpass"), None)
            if subj is None and tok.dep_ == "acl" and tok.tag_ == "VBN":
                subj = tok.head  # "the Lantern Nebula, known as ..."
            second = next((c for c in tok.children if c.dep_ in ("oprd", "attr", "xcomp") and c.pos_ == "PROPN"), None)
            if second is None:
                prep = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "as"), None)
                second = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep is not None else None
            if subj is not None and second is not None and subj.pos_ == "PROPN" and second.pos_ == "PROPN":
                a, b = _propn_chain(doc, subj), _propn_chain(doc, second)
                if a and b:
                    pairs.append((a, b))
        if lemma == "change" and any(c.dep_ == "dobj" and c.lemma_.lower() == "name" for c in tok.children):
            subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
            if subj is None and tok.dep_ == "xcomp":
                subj = next((c for c in tok.head.children if c.dep_ == "nsubj"), None)
            targets = [c for c in tok.children if c.dep_ == "prep" and c.lower_ == "to"]
            targets += [p for c in tok.children if c.dep_ == "dobj" for p in c.children if p.dep_ == "prep" and p.lower_ == "to"]
            for prep in targets:
                pobj = next((c for c in prep.children if c.dep_ == "pobj" and c.pos_ == "PROPN"), None)
                if subj is not None and pobj is not None and subj.pos_ == "PROPN":
                    a, b = _propn_chain(doc, subj), _propn_chain(doc, pobj)
                    if a and b:
                        pairs.append((a, b))
    return pairs


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


def _merge_frames(mentions: list[_Mention], frames: list[_Mention], gazetteer: list[_Mention]) -> list[_Mention]:
    """Add frame and gazetteer mentions to the model's; the longest span on a set of tokens wins."""
    # An outlet of the list replaces the model's mentions inside it ("New York" in "New York Post") and
    # relabels an equal one; it yields to a longer name of the model ("Capitol Hill" over "Hill").
    for gm in gazetteer:
        inside = [m for m in mentions if m.start <= gm.start and gm.end <= m.end and (m.start, m.end) != (gm.start, gm.end)]
        if inside:
            continue
        mentions = [m for m in mentions if not (gm.start <= m.start and m.end <= gm.end)]
        mentions.append(gm)
    # A dateline's places and agency replace what the model read over them ("MIDWAY - Seventy-four ...").
    for fm in [f for f in frames if f.keep]:
        mentions = [m for m in mentions if not (m.start < fm.end and fm.start < m.end)]
        mentions.append(fm)
    # A frame overrides the model's label on the same or an overlapping span (FAC -> GPE, ORG -> MEDIA).
    for fm in [f for f in frames if not f.keep]:
        replaced = False
        for m in mentions:
            if m.start < fm.end and fm.start < m.end:
                if fm.label == "MEDIA" and m.label not in ("ORG", "PERSON", "WORK_OF_ART", "GPE", "NORP", "FAC", "PRODUCT", "MEDIA"):
                    continue
                m.start, m.end, m.label = min(m.start, fm.start), max(m.end, fm.end), fm.label
                m.keep = m.keep or fm.keep
                replaced = True
        if not replaced:
            mentions.append(fm)
    # a mention inside another one is dropped; of identical spans the first is kept (one sweep: the
    # mentions come by start, longest first, so a container is any earlier one reaching as far)
    seen: dict[tuple[int, int], _Mention] = {}
    reach, reach_span = -1, None
    for m in sorted(mentions, key=lambda m: (m.start, -(m.end - m.start))):
        span = (m.start, m.end)
        if reach > m.end or reach == m.end and reach_span != span:
            continue
        seen.setdefault(span, m)
        if m.end > reach:
            reach, reach_span = m.end, span
    return sorted(seen.values(), key=lambda m: m.start)


def entities(doc) -> list[Entity]:
    """Entities of ``doc`` with canonical names, aliases and all mentions (see module docstring)."""
    generic = _generic_heads()
    mentions = _merge_frames(_candidate_mentions(doc), _frame_mentions(doc) + _dateline_mentions(doc),
                             _gazetteer_mentions(doc))

    clusters: list[_Cluster] = []
    by_key: dict[str, int] = {}
    token_owner: dict[int, int] = {}
    unions: list[tuple[int, int, str | None]] = []  # clusters of one referent (aliases, naming frames), label

    def add(cluster_idx: int, s: int, e: int, name: str | None = None, label: str | None = None) -> None:
        c = clusters[cluster_idx]
        c.mentions.append((doc[s].idx, doc[e - 1].idx + len(doc[e - 1])))
        c.tokens.append((s, e))
        if name and _norm(name) not in c.keys():
            c.names.append(name)
        elif name and not name.isupper():  # "Brussels" over "BRUSSELS" (a dateline) as the written form
            c.names = [name if _norm(n) == _norm(name) and n.isupper() else n for n in c.names]
        for k in range(s, e):
            token_owner[k] = cluster_idx
        by_key.setdefault(_norm(doc[s:e].text), cluster_idx)
        if s > 0 and doc[s - 1].lower_ == "the":
            c.definite = True
        if label:
            c.votes[label] = c.votes.get(label, 0) + (10 if label == "PERSON" and _after_honorific(doc, s) else 1)

    def new_cluster(label: str, s: int, e: int) -> int:
        clusters.append(_Cluster(label=label, first=doc[s].idx))
        idx = len(clusters) - 1
        add(idx, s, e, doc[s:e].text, label)
        return idx

    def short_form_owner(text_key: str, label: str, definite: bool = False) -> int | None:
        """A preceding cluster for which ``text_key`` is a surname / short form (most recent wins)."""
        best = None
        for idx, c in enumerate(clusters):
            # The small model often labels a lone surname ORG or GPE ("Reyes said"); a surname match
            # with an earlier full PERSON name wins over that label.
            if label not in ("", c.label) and not (label in ("ORG", "MEDIA") and c.label in ("ORG", "MEDIA")) \
                    and not (c.label == "PERSON" and label in ("ORG", "GPE", "NORP", "PRODUCT", "WORK_OF_ART")) \
                    and not (c.label in ("ORG", "MEDIA") and label == "PERSON" and definite):
                continue
            for name in c.names:
                words = N.core_words(name) if c.label == "PERSON" else _norm(name).split()
                if len(words) < 2 or text_key == _norm(name):
                    continue
                if c.label == "PERSON" and words[-1] == text_key:
                    best = idx
                elif c.label in ("ORG", "MEDIA") and (text_key not in generic or c.label == "MEDIA" and text_key in MASTHEAD_WORDS) and (
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
        if _media_label(doc, m, key):
            label = "MEDIA"
        idx = by_key.get(key)
        if idx is None and len(N.core_words(text)) == 1:
            # "the Ledger": a person's name does not take the article, so a PERSON label may be wrong
            definite = m.start > 0 and doc[m.start - 1].lower_ == "the"
            idx = short_form_owner(N.core_words(text)[0], label, definite)
        if idx is not None:
            c = clusters[idx]
            if c.label in ("ORG", "NORP", "FAC", "PRODUCT", "WORK_OF_ART", "EVENT") and label in ("MEDIA",) \
                    or c.label in ("ORG", "NORP", "FAC", "PRODUCT") and label in ("GPE", "LOC") and m.label == label \
                    and not N.is_acronym(text):
                c.label = label
            add(idx, m.start, m.end, text, label)
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
        clusters[idx].listed = clusters[idx].listed or key in _outlets() or m.keep
        # aliases introduced right after the mention
        for span in (_acronym_after(doc, m.end, text, label), _alias_after(doc, m.end)):
            if span:
                s, e = span
                alias = doc[s:e].text
                akey = _norm(alias)
                if not akey:
                    continue
                if akey not in by_key:
                    add(idx, s, e, alias)
                elif by_key[akey] != idx:
                    unions.append((idx, by_key[akey], None))

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

    # widely used other names (lexicons/known_aliases.txt): mentions the model missed, then one group
    known_keys, known_groups = _known_aliases()
    for m in _known_pattern().finditer(doc_text(doc)):
        span = doc.char_span(m.start(1), m.end(1), alignment_mode="contract")
        if span is None or not len(span) or any(k in token_owner for k in range(span.start, span.end)):
            continue
        if len(span) == 1 and (span[0].pos_ != "PROPN" or span[0].is_sent_start):
            continue  # a one-word name only as a proper noun inside a sentence
        gid = known_keys[_norm(span.text)]
        owner = next((i for i, c in enumerate(clusters) if c.names and any(known_keys.get(k) == gid for k in c.keys())), None)
        if owner is None:
            owner = new_cluster(known_groups[gid][1], span.start, span.end)
            clusters[owner].listed = True
        else:
            add(owner, span.start, span.end, span.text, known_groups[gid][1])
    # clusters whose fullest name is in one group (not a short form picked up on the way: "America"
    # in "Voice of America" does not make the broadcaster the United States)
    by_group: dict[int, int] = {}
    for i, c in enumerate(clusters):
        gid = known_keys.get(_norm(_pick_name(c))) if c.names else None
        if gid is None:
            continue
        if gid in by_group:
            unions.append((by_group[gid], i, known_groups[gid][1]))
        else:
            by_group[gid] = i

    for a, b in _naming_pairs(doc):
        owners = {token_owner[k] for k in list(range(*a)) + list(range(*b)) if k in token_owner}
        first = next((token_owner[k] for k in range(*a) if k in token_owner), None)
        if first is not None and len(owners) > 1:
            unions.extend((first, o, None) for o in owners if o != first)

    facts = _DocFacts(doc)
    for c in clusters:  # junk is dropped before merging, so that it is no candidate for a short form
        _vote(c)
        if _junk_cluster(doc, c, facts):
            c.names, c.mentions, c.tokens = [], [], []
    alive = _merge_order_free(clusters, unions, generic)
    out: list[Entity] = []
    kept = [i for i in alive if not _junk_cluster(doc, clusters[i], facts)]
    for n, idx in enumerate(sorted(kept, key=lambda i: min(s for s, _ in clusters[i].mentions)), 1):
        c = clusters[idx]
        name = _pick_name(c)
        aliases = tuple(dict.fromkeys(_clean_name(a) for a in c.names if _clean_name(a) != name and _clean_name(a)))
        out.append(Entity(id=f"E{n}", name=name, type=c.label, aliases=aliases,
                          mentions=tuple(sorted(set(c.mentions)))))
    return out


def _vote(c: _Cluster) -> None:
    """A cluster the model labels a place or an organisation is a person when most of its mentions
    are labelled PERSON, or when one follows a courtesy title ("Ms. Murad"; it counts ten times)."""
    if c.label in PERSON_MISLABELS + PLACE_LABELS + ("NORP",) and c.votes.get("PERSON", 0) > c.votes.get(c.label, 0):
        c.label = "PERSON"


def _absorb(target: _Cluster, other: _Cluster) -> None:
    for name in other.names:
        if _norm(name) not in target.keys():
            target.names.append(name)
    target.mentions.extend(other.mentions)
    target.tokens.extend(other.tokens)
    target.first = min(target.first, other.first)
    target.listed = target.listed or other.listed
    target.definite = target.definite or other.definite
    for label, n in other.votes.items():
        target.votes[label] = target.votes.get(label, 0) + n
    if other.label == "MEDIA" and target.label in ("ORG", "PRODUCT", "WORK_OF_ART", "FAC", "EVENT", "PERSON"):
        target.label = "MEDIA"
    other.names, other.mentions, other.tokens = [], [], []


def _merge_order_free(clusters: list[_Cluster], unions: list[tuple[int, int, str | None]],
                      generic: frozenset[str]) -> list[int]:
    """Merge clusters that name one referent whatever their order in the text; returns the indexes
    of the clusters left. Explicit unions first (aliases, naming frames), then short forms that fit
    exactly one fuller name (a unique candidate; an ambiguous short form stays where the left-to-right
    pass put it): acronyms whose initials fit a name, surnames and first names of one person, the
    last words ("the Post") or first word ("Fox" for "Fox News", "Hubble" for "Hubble Space
    Telescope") of an organisation or outlet."""
    parent = list(range(len(clusters)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def join(small: int, big: int, label: str | None = None) -> None:
        small, big = find(small), find(big)
        if small == big:
            return
        if clusters[small].first < clusters[big].first and len(_longest(clusters[small])) > len(_longest(clusters[big])):
            small, big = big, small
        _absorb(clusters[big], clusters[small])
        parent[small] = big
        if label:
            clusters[big].label = label

    for a, b, label in unions:
        join(a, b, label)
    changed = True
    while changed:
        changed = False
        roots = [i for i in range(len(clusters)) if find(i) == i and clusters[i].names]
        for i in roots:
            if find(i) != i or not clusters[i].names:
                continue
            others = [r for r in roots if find(r) == r and r != i and clusters[r].names]
            found = _short_form_target(i, clusters, others, generic)
            if found is not None:
                join(i, *found)
                changed = True
    return [i for i in range(len(clusters)) if find(i) == i and clusters[i].names]


def _longest(c: _Cluster) -> str:
    return max((_clean_name(n) for n in c.names), key=len, default="")


def _name_words(name: str) -> list[str]:
    """Lower-cased words of a name, a web address or a run-together name split ("RadarOnline.com"
    -> radar, online)."""
    words = _norm(name).split()
    if len(words) == 1:
        parts = N.split_camel(_clean_name(name))
        if len(parts) > 1:
            return [p.lower() for p in parts]
    return words


def _unique(found: set[int]) -> int | None:
    return next(iter(found)) if len(found) == 1 else None


def _short_form_target(i: int, clusters: list[_Cluster], others: list[int],
                       generic: frozenset[str]) -> tuple[int, str | None] | None:
    """(cluster, label after merging or None) of the one cluster of ``others`` of which cluster
    ``i`` is a short form, or None (see ``_merge_order_free``)."""
    c = clusters[i]
    names = [n for n in c.names if _clean_name(n)]
    if not names:
        return None
    # acronyms: every name of the cluster is one, and exactly one fuller name fits their initials
    if all(N.is_acronym(_clean_name(n)) for n in names):
        fits = {j for j in others if clusters[j].label != "PERSON" and any(
            not N.is_acronym(_clean_name(m)) and any(N.initials_fit(_clean_name(a), _clean_name(m)) for a in names)
            for m in clusters[j].names)}
        if len(fits) == 1:
            return fits.pop(), None
    cores = {tuple(N.core_words(n)) for n in names}
    if len(cores) != 1:
        return None
    core = cores.pop()
    persons = [j for j in others if clusters[j].label == "PERSON"]
    if len(core) == 1 and c.label in ("PERSON",) + PERSON_MISLABELS:
        word = core[0]

        def person_words(j):
            return [w for m in clusters[j].names if len(w := N.core_words(m)) >= 2]

        surname = {j for j in persons if any(w[-1] == word for w in person_words(j))}
        if surname:
            return (surname.pop(), None) if len(surname) == 1 else None
        first = {j for j in persons if any(w[0] == word for w in person_words(j))}
        if first:
            return (first.pop(), None) if len(first) == 1 and c.label != "FAC" else None
        if c.label == "PERSON" and c.votes.get("PERSON", 0) >= 2:
            # "Murad" (after "Ms.") and "Nadia Murad" read as a place: a two- or three-word name of
            # capitalised words ending in the surname
            named = {j for j in others if clusters[j].label in PERSON_MISLABELS + PLACE_LABELS and any(
                2 <= len(m.split()) <= 3 and all(w[:1].isupper() for w in m.split()) and N.core_words(m)[-1] == word
                for m in clusters[j].names)}
            if len(named) == 1:
                return named.pop(), "PERSON"
    if c.label in PLACE_LABELS + ("NORP", "LAW") or c.label == "PERSON" and not (c.definite or len(core) == 1):
        return None
    # organisations and outlets: the last word(s) of a longer name; the first word of an outlet
    # ("Fox News") or of another name that no person carries ("Hubble Space Telescope")
    short = " ".join(core)
    person_word = any(short in N.core_words(m) for j in persons for m in clusters[j].names)
    found: set[int] = set()
    for j in others:
        o = clusters[j]
        if o.label in ("PERSON", "NORP") + PLACE_LABELS:
            continue
        if c.label == "PERSON" and not (c.definite or o.label == "MEDIA"):
            continue
        for m in o.names:
            ws = _name_words(m)
            if len(ws) <= len(core):
                continue
            if short in generic and not (o.label == "MEDIA" and short in MASTHEAD_WORDS):
                continue
            suffix = tuple(ws[-len(core):]) == core
            prefix = len(core) == 1 and ws[0] == short and not person_word and (
                o.label == "MEDIA" and all(w in MEDIA_NAME_WORDS for w in ws[1:]) or c.label != "PERSON")
            if suffix or prefix:
                found.add(j)
    target = _unique(found)
    return (target, None) if target is not None else None


class _DocFacts:
    """What the junk test asks of a document, computed once: its title-case lines and the words it
    writes in lower case."""

    def __init__(self, doc):
        self.doc = doc
        self.text = doc_text(doc)
        self.titled = N.title_case_lines(self.text)
        self._lower: set[str] | None = None

    def in_title(self, start: int) -> bool:
        return any(a <= start < b for a, b in self.titled)

    @property
    def lower_forms(self) -> set[str]:
        if self._lower is None:
            self._lower = {t.text for t in self.doc if t.is_lower}
        return self._lower


def _junk_cluster(doc, c: _Cluster, facts: "_DocFacts") -> bool:
    """Every mention of the cluster is suspect (and no name is a listed outlet): it lies in a
    title-case line and no name of the cluster occurs outside such lines; or it is one capitalised
    common word (not tagged a proper noun) at the start of a sentence or line, or whose lower-case
    form the text also uses; or its last word is an adverb or function word ("Great Again")."""
    if c.listed or c.label == "NORP" and all(doc[e - 1].tag_ not in NON_NAME_HEAD_TAGS for s, e in c.tokens):
        return False
    elsewhere = None

    def named_elsewhere() -> bool:
        forms = {n for n in c.names if len(n) > 1} | {n.split()[-1] for n in c.names if len(n.split()) > 1}
        return any(not facts.in_title(m.start()) for n in forms if len(n) > 1
                   for m in re.finditer(rf"(?<!\w){re.escape(n)}(?!\w)", facts.text))

    for (s, e), (cs, _) in zip(c.tokens, c.mentions):
        head = doc[e - 1]
        if head.tag_ in NON_NAME_HEAD_TAGS:
            continue
        if facts.in_title(cs):
            if elsewhere is None:
                elsewhere = named_elsewhere()
            if not elsewhere:
                continue
        if e - s == 1 and head.tag_ not in ("NNP", "NNPS") and c.label != "NORP":
            start = head.is_sent_start or head.i == 0 or "\n" in doc[head.i - 1].text + doc[head.i - 1].whitespace_
            if start or head.lower_ in facts.lower_forms:
                continue
        return False
    return True


def _clean_name(name: str) -> str:
    name = re.sub(r"\s+", " ", name).strip(" ,;:")
    if name.lower().startswith("the ") and len(name) > 4:
        name = name[4:]
    for suffix in ("'s", "’s"):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
    return name.strip()


def _strip_titles(name: str) -> str:
    words = name.split(" ")
    while len(words) > 1 and words[0].lower().rstrip(".") in N.titles():
        words = words[1:]
    return " ".join(words)


def _pick_name(c: _Cluster) -> str:
    """The canonical name of ``known_aliases`` when the text uses it ("Texas", not "Lone Star State");
    else the fullest form: not an acronym when the cluster has another name; for a person without
    titles ("Barack Obama" for "President Barack Obama"); then the most words, then the longest."""
    names = [_clean_name(n) for n in c.names if _clean_name(n)]
    known_keys, known_groups = _known_aliases()
    for n in names:
        gid = known_keys.get(_norm(n))
        if gid is not None and _norm(known_groups[gid][0]) == _norm(n):
            return n
    full = [n for n in names if not N.is_acronym(n)] or names
    if c.label == "PERSON":
        full = [_strip_titles(n) for n in full]
    return max(full, key=lambda n: (len(n.split()), len(n), -names.index(n) if n in names else 0))
