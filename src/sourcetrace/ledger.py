"""Assemble an article's records into its claim ledger (schema ``sourcetrace.article/1``).

``Ledger`` is the typed ledger the Python API returns: the article's fields and one tuple of records
per layer (``records.py``). ``Ledger.to_dict()`` is the JSON-ready dict that ``sourcetrace analyze
--format json`` prints and the store keeps; ``build`` returns that dict directly.
``schema/article.schema.json`` describes it and the tests validate every ledger they build against it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Optional

from . import SCHEMA
from .records import (Article, Attribution, ChainStep, DateMention, Entity, Event, Layers, LoadedTerm, Quantity,
                      Signals, Source, TextSpan, content_display, to_json)

NO_SOURCE = None  # the key of sourceless claims in ``Ledger.claims_by_source``


def _spans(values: Iterable) -> tuple:
    return tuple(tuple(v) for v in values)


def _text_span(d: dict) -> TextSpan:
    return TextSpan(d["text"], tuple(d["span"]))


def _attribution(d: dict) -> Attribution:
    src = d.get("source")
    source = None if src is None else Source(src["text"], tuple(src["span"]), src["entity"], src["kind"])
    return Attribution(
        id=d["id"], source=source, cue=_text_span(d["cue"]), content=_text_span(d["content"]),
        certainty=d["certainty"], via=d.get("via"), cue_family=d.get("cue_family", "speech"),
        direct=d.get("direct", False), content_parts=_spans(d.get("content_parts", ())),
    )


def _signals(d: dict) -> Signals:
    """``Signals`` from the extractor's dict (an unknown or missing key is a TypeError, so that a new
    signal cannot be dropped silently)."""
    return Signals(**{
        **d,
        "calls_to_share": tuple(d["calls_to_share"]),
        "loaded_terms": tuple(LoadedTerm(t["text"], t["lemma"], t["category"], tuple(t["span"]), t["attributed"])
                              for t in d["loaded_terms"]),
        "attributions_by_kind": dict(d["attributions_by_kind"]),
        "attributions_by_certainty": dict(d["attributions_by_certainty"]),
        "unattributed_opinion_sentences": tuple(_text_span(s) for s in d["unattributed_opinion_sentences"]),
        "all_caps_words": tuple(d["all_caps_words"]),
    })


def _chains(chains: Iterable[Iterable[dict]]) -> tuple[tuple[ChainStep, ...], ...]:
    return tuple(tuple(ChainStep(s["text"], s["entity"], s["kind"], s["attribution"]) for s in chain)
                 for chain in chains)


@dataclass(frozen=True)
class Ledger:
    """The claim ledger of one article, as typed records. Every span is ``(start, end)`` into ``text``."""

    schema: str
    id: str
    title: Optional[str]
    url: Optional[str]
    published: Optional[str]
    site: Optional[str]
    author: Optional[str]
    text: str
    removed: tuple[str, ...]
    entities: tuple[Entity, ...]
    attributions: tuple[Attribution, ...]
    source_chains: tuple[tuple[ChainStep, ...], ...]
    quantities: tuple[Quantity, ...]
    dates: tuple[DateMention, ...]
    events: tuple[Event, ...]
    signals: Signals

    @classmethod
    def from_layers(cls, article: Article, layers: Layers) -> Ledger:
        return cls(
            schema=SCHEMA, id=article.id, title=article.title, url=article.url, published=article.published,
            site=article.site, author=article.author, text=article.text, removed=tuple(article.removed),
            entities=tuple(layers.entities), attributions=tuple(layers.attributions),
            source_chains=_chains(layers.source_chains), quantities=tuple(layers.quantities),
            dates=tuple(layers.dates), events=tuple(layers.events), signals=_signals(layers.signals),
        )

    @classmethod
    def from_dict(cls, d: dict) -> Ledger:
        """A ledger dict (``to_dict``, ``analyze --format json``, the store) back into records."""
        return cls(
            schema=d["schema"], id=d["id"], title=d.get("title"), url=d.get("url"), published=d.get("published"),
            site=d.get("site"), author=d.get("author"), text=d["text"], removed=tuple(d.get("removed", ())),
            entities=tuple(Entity(e["id"], e["name"], e["type"], tuple(e["aliases"]), _spans(e["mentions"]))
                           for e in d["entities"]),
            attributions=tuple(_attribution(a) for a in d["attributions"]),
            source_chains=_chains(d["source_chains"]),
            quantities=tuple(Quantity(**{**q, "span": tuple(q["span"])}) for q in d["quantities"]),
            dates=tuple(DateMention(**{**x, "span": tuple(x["span"])}) for x in d["dates"]),
            events=tuple(Event(**{**ev, "span": tuple(ev["span"])}) for ev in d["events"]),
            signals=_signals(d["signals"]),
        )

    def to_dict(self) -> dict:
        """The JSON-ready ledger dict (schema ``sourcetrace.article/1``), key for key what
        ``sourcetrace analyze --format json`` prints."""
        return to_json(self)

    def to_json(self, *, indent: int | None = 2) -> str:
        """``to_dict()`` as JSON text (UTF-8 characters kept, as the CLI writes it)."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    def entity(self, entity_id: str | None) -> Entity | None:
        """The entity with this id (``Source.entity``, ``ChainStep.entity``), or None."""
        return next((e for e in self.entities if e.id == entity_id), None) if entity_id else None

    def content_text(self, attribution: Attribution) -> str:
        """What an attribution says, for reading: the pieces of an interrupted content joined by " … "."""
        return content_display(to_json(attribution), self.text)

    def claims_by_source(self) -> dict[str | None, list[Attribution]]:
        """Attributions grouped by source, as the terminal report groups them: by the entity's name
        when the source is resolved, else by the source's text; in order of first appearance, with
        the sourceless claims last under the key ``None``."""
        names = {e.id: e.name for e in self.entities}
        groups: dict[str | None, list[Attribution]] = {}
        for a in self.attributions:
            key = NO_SOURCE if a.source is None else names.get(a.source.entity or "", a.source.text)
            groups.setdefault(key, []).append(a)
        if NO_SOURCE in groups:
            groups[NO_SOURCE] = groups.pop(NO_SOURCE)
        return groups


def build(article: Article, layers: Layers) -> dict:
    """The ledger dict of ``article`` (``Ledger.from_layers(article, layers).to_dict()``)."""
    return Ledger.from_layers(article, layers).to_dict()


@lru_cache(maxsize=1)
def json_schema() -> dict:
    return json.loads(resources.files("sourcetrace").joinpath("schema/article.schema.json").read_text("utf-8"))


def validate(ledger: dict) -> None:
    """Raise ``jsonschema.ValidationError`` when ``ledger`` does not match the schema."""
    import jsonschema

    jsonschema.validate(ledger, json_schema())
