"""Assemble an article's records into its claim ledger (schema ``sourcetrace.article/1``).

The ledger is a plain JSON-ready dict; ``schema/article.schema.json`` describes it and the tests
validate every ledger they build against it.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

from . import SCHEMA
from .pipeline import Layers
from .records import Article, to_json


def build(article: Article, layers: Layers) -> dict:
    return {
        "schema": SCHEMA,
        "id": article.id,
        "title": article.title,
        "url": article.url,
        "published": article.published,
        "site": article.site,
        "author": article.author,
        "text": article.text,
        "removed": list(article.removed),
        "entities": to_json(layers.entities),
        "attributions": to_json(layers.attributions),
        "source_chains": to_json(layers.source_chains),
        "quantities": to_json(layers.quantities),
        "dates": to_json(layers.dates),
        "events": to_json(layers.events),
        "signals": to_json(layers.signals),
    }


@lru_cache(maxsize=1)
def json_schema() -> dict:
    return json.loads(resources.files("sourcetrace").joinpath("schema/article.schema.json").read_text("utf-8"))


def validate(ledger: dict) -> None:
    """Raise ``jsonschema.ValidationError`` when ``ledger`` does not match the schema."""
    import jsonschema

    jsonschema.validate(ledger, json_schema())
