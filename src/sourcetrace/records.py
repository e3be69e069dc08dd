"""Plain records that cross module boundaries.

Extractors convert spaCy objects into these frozen dataclasses at once; nothing downstream keeps a
``Doc`` or ``Span``. Every ``span`` is a ``(start, end)`` pair of character offsets into the clean
article text. ``to_json`` turns any record (or list/dict of them) into JSON-ready values.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, Optional

Span = tuple[int, int]

SOURCE_KINDS = ("person", "organization", "media", "official", "document", "group", "vague", "unnamed")
CERTAINTIES = ("factive", "asserted", "distanced", "hedged")
QUANTITY_KINDS = ("money", "count", "duration", "percent", "other")
DATE_RESOLUTIONS = ("year", "month", "day", "month-day")
EVENT_TYPES = ("KILL", "WOUND", "ARREST", "CHARGE", "KIDNAP", "PROTEST", "SEIZE", "AFFECT")


@dataclass(frozen=True)
class RawArticle:
    """What a reader produced, before cleaning: either ``text`` or ``html`` is set."""

    origin: str  # file path, URL or "-"
    text: Optional[str] = None
    html: Optional[str] = None
    id: Optional[str] = None
    title: Optional[str] = None
    url: Optional[str] = None
    published: Optional[str] = None
    metadata: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Article:
    """A cleaned article: the body text every span points into, and what was removed."""

    id: str
    text: str
    title: Optional[str] = None
    url: Optional[str] = None
    published: Optional[str] = None  # YYYY-MM-DD or None
    author: Optional[str] = None
    site: Optional[str] = None
    removed: tuple[str, ...] = ()
    language: str = "en"
    origin: str = ""
    metadata: dict = field(default_factory=dict)


@dataclass(frozen=True)
class TextSpan:
    text: str
    span: Span


@dataclass(frozen=True)
class Entity:
    id: str
    name: str
    type: str  # spaCy label (PERSON, ORG, GPE, ...) or MEDIA
    aliases: tuple[str, ...]
    mentions: tuple[Span, ...]


@dataclass(frozen=True)
class Source:
    text: str
    span: Span
    entity: Optional[str]
    kind: str  # one of SOURCE_KINDS


@dataclass(frozen=True)
class Attribution:
    id: str
    source: Optional[Source]
    cue: TextSpan
    content: TextSpan
    certainty: str  # one of CERTAINTIES
    via: Optional[str] = None
    cue_family: str = "speech"  # a value of extract.attribution.families.Family (speech, belief, according_to, ...)
    direct: bool = False  # content is a direct quotation
    # the pieces of a content its cue interrupts ('"The plan," she said, "is dead."' or "The plan,
    # she said, is dead."): two or more spans, in text order, inside ``content`` (which then runs
    # from the first piece to the last); empty when the content is one piece
    content_parts: tuple[Span, ...] = ()


@dataclass(frozen=True)
class Quantity:
    text: str
    span: Span
    kind: str  # one of QUANTITY_KINDS
    value: Optional[float]
    low: Optional[float]
    high: Optional[float]
    unit: Optional[str]
    object: Optional[str]
    # the attribution whose content holds this fact, and its certainty (None: the writer's own text);
    # set by extract/facts.attach_claims
    attribution: Optional[str] = None
    certainty: Optional[str] = None


@dataclass(frozen=True)
class DateMention:
    text: str
    span: Span
    value: Optional[str]  # ISO prefix: YYYY, YYYY-MM, YYYY-MM-DD or --MM-DD
    resolution: str  # one of DATE_RESOLUTIONS
    attribution: Optional[str] = None  # see Quantity
    certainty: Optional[str] = None


@dataclass(frozen=True)
class Event:
    type: str  # one of EVENT_TYPES
    number: Optional[float]
    object: Optional[str]
    location: Optional[str]
    date: Optional[str]
    span: Span
    attribution: Optional[str] = None  # see Quantity
    certainty: Optional[str] = None


@dataclass(frozen=True)
class ChainStep:
    """One source of a chain (``source_chains``): who reported it (``text``, ``entity``, ``kind``)
    and the attribution it comes from (None for an outlet only named in a citing content)."""

    text: Optional[str]
    entity: Optional[str]
    kind: Optional[str]
    attribution: Optional[str]


@dataclass(frozen=True)
class LoadedTerm:
    """A match of ``lexicons/loaded_terms``; ``attributed`` when it sits in a source's words."""

    text: str
    lemma: str
    category: str
    span: Span
    attributed: bool


@dataclass(frozen=True)
class Signals:
    """Article-level style and sourcing signals (``extract/signals.py`` documents each one)."""

    calls_to_share: tuple[str, ...]
    loaded_terms: tuple[LoadedTerm, ...]
    attributions_by_kind: dict  # source kind (or "none") -> count
    attributions_by_certainty: dict  # certainty -> count
    named_source_share: Optional[float]
    hedges_per_1000_words: float
    unattributed_opinion_sentences: tuple[TextSpan, ...]
    quote_share: Optional[float]
    word_count: int
    sentence_count: int
    exclamations: int
    all_caps_words: tuple[str, ...]


@dataclass(frozen=True)
class Layers:
    """Everything extracted from one Doc (records only; no spaCy objects). ``source_chains`` and
    ``signals`` are the extractors' JSON-ready values; ``Ledger`` gives them types."""

    entities: list[Entity]
    attributions: list[Attribution]
    source_chains: list[list[dict]]
    quantities: list[Quantity]
    dates: list[DateMention]
    events: list[Event]
    signals: dict


# ---------------------------------------------------------------- rows of a corpus store (``sourcetrace.Store``)

@dataclass(frozen=True)
class Claim:
    """One stored attribution with its article: who (``source``, its ``kind``, the resolved
    ``entity`` name and corpus ``entity_id``) says what (``content``, at ``start``-``end`` of the
    article's text) through which ``cue``, how firmly (``certainty``)."""

    article: str
    title: Optional[str]
    published: Optional[str]
    url: Optional[str]
    id: str  # the attribution id in its article's ledger ("A4")
    source: Optional[str]
    kind: Optional[str]  # one of SOURCE_KINDS, None without a source
    entity: Optional[str]
    entity_id: Optional[str]
    cue: str
    content: str
    certainty: str
    via: Optional[str]
    direct: Optional[bool]
    start: int
    end: int


@dataclass(frozen=True)
class CorpusEntity:
    """An entity across the articles of a store (rows of one type and name; see store/entity_ids.py)."""

    id: str
    name: str
    type: str
    articles: int  # articles that mention it
    mentions: int
    quoted: int  # attributions whose source it is
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class ArticleSummary:
    """A stored article with its counts of claims and entities."""

    id: str
    title: Optional[str]
    published: Optional[str]
    site: Optional[str]
    url: Optional[str]
    words: int
    claims: int
    entities: int


@dataclass(frozen=True)
class Provenance:
    """Where a stored article came from: the input and the position in it, the input's own fields."""

    source: str
    position: str
    metadata: dict
    ingested_at: str


@dataclass(frozen=True)
class StoreStats:
    """Counts of a store: articles, failed inputs, rows per layer, words, and three breakdowns."""

    articles: int
    failed: int
    entities: int
    mentions: int
    attributions: int
    source_chains: int
    quantities: int
    dates: int
    events: int
    distinct_entities: int
    words: int
    errors_by_code: dict
    attributions_by_certainty: dict
    attributions_by_kind: dict


def to_json(value: Any) -> Any:
    """Records, tuples and containers to plain JSON values (tuples become lists)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_json(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [to_json(v) for v in value]
    if isinstance(value, dict):
        return {k: to_json(v) for k, v in value.items()}
    return value


PIECE_JOINER = " … "


def content_display(attribution: dict, text: str | None) -> str:
    """What an attribution (a ledger dict) says, for reading: the pieces of a content its cue
    interrupts joined by " … " (without the reporting clause between them), else the content's text."""
    content = attribution.get("content") or {}
    parts = attribution.get("content_parts") or []
    if text and len(parts) > 1:
        try:
            pieces = [text[int(s):int(e)].strip() for s, e in parts]
        except (TypeError, ValueError):
            pieces = []
        if pieces and all(pieces):
            return PIECE_JOINER.join(pieces)
    return content.get("text") or ""
