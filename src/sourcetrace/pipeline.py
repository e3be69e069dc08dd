"""Run the stages on one article or a stream of texts: clean text -> spaCy Doc -> extractors -> records.

``analyze_doc`` runs every extractor on a parsed ``Doc``; ``predict_attributions`` streams raw texts
through ``nlp.pipe`` for the attribution evaluation (text used as is, no cleaning).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from .extract import attributions as attr_mod
from .extract.entities import entities as extract_entities
from .nlp import load_model
from .records import Attribution, DateMention, Entity, Event, Quantity


@dataclass(frozen=True)
class Layers:
    """Everything extracted from one Doc (records only; no spaCy objects)."""

    entities: list[Entity]
    attributions: list[Attribution]
    source_chains: list[list[dict]]
    quantities: list[Quantity]
    dates: list[DateMention]
    events: list[Event]
    signals: dict


def analyze_doc(doc, *, published: str | None = None, removed: Iterable[str] = ()) -> Layers:
    from .extract.dates import dates as extract_dates
    from .extract.events import events as extract_events
    from .extract.facts import attach_claims
    from .extract.quantities import quantities as extract_quantities
    from .extract.signals import signals as extract_signals

    ents = extract_entities(doc)
    atts = attr_mod.attributions(doc, entities=ents)
    chains = attr_mod.source_chains(atts, ents)
    qs = extract_quantities(doc)
    ds = extract_dates(doc, published=published)
    evs = extract_events(doc, quantities=qs, dates=ds)
    qs, ds, evs = attach_claims(qs, ds, evs, atts)
    sig = extract_signals(doc, attributions=atts, removed=list(removed))
    return Layers(ents, atts, chains, qs, ds, evs, sig)


def predict_attributions(texts: Iterable[str], *, nlp=None, batch_size: int = 16,
                         model: str = "default") -> Iterator[list[Attribution]]:
    """For each text, in order, its attributions (entities are extracted to resolve sources).
    ``model``: the cue model ("default", a JSON path, or "" for the rules alone)."""
    nlp = nlp or load_model()
    options = attr_mod.Options(model=model)
    for doc in nlp.pipe(texts, batch_size=batch_size):
        ents = extract_entities(doc)
        yield attr_mod.attributions(doc, entities=ents, options=options)


@dataclass(frozen=True)
class AnalyzeOptions:
    """Options of ``sourcetrace analyze`` (CLI flags map onto these one to one)."""

    published: str | None = None  # YYYY-MM-DD; resolves relative and year-less dates
    url: str | None = None
    max_bytes: int = 5_000_000  # inputs above this are refused (E006)
    timeout: float = 20.0  # seconds for URL fetches
    check_language: bool = True


def analyze_article(article, *, nlp=None) -> dict:
    """The ledger of a cleaned ``Article``."""
    from .ledger import build

    nlp = nlp or load_model()
    doc = nlp(article.text)
    layers = analyze_doc(doc, published=article.published, removed=article.removed)
    return build(article, layers)


def analyze_input(source: str, options: AnalyzeOptions = AnalyzeOptions(), *, nlp=None) -> dict:
    """Read, clean and analyze a file path, URL or '-' (stdin); raises ``SourcetraceError``."""
    from .clean import clean_article
    from .ingest import read_input

    raw = read_input(source, max_bytes=options.max_bytes, timeout=options.timeout)
    article = clean_article(raw, published=options.published, url=options.url,
                            check_language=options.check_language)
    return analyze_article(article, nlp=nlp)
