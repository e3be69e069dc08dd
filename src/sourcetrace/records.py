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
    cue_family: str = "speech"  # speech, belief, according_to, prep_source, passive, adverbial, quote, cite, ...
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
