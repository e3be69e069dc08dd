"""The extractors, one per layer, as plain functions ``Doc -> records`` (keyword-only options).

    from sourcetrace import extract
    ents = extract.entities(doc)
    atts = extract.attributions(doc, entities=ents)
    chains = extract.source_chains(atts, ents)
    qs = extract.quantities(doc)
    ds = extract.dates(doc, published="2025-03-14")
    evs = extract.events(doc, quantities=qs, dates=ds)
    qs, ds, evs = extract.attach_claims(qs, ds, evs, atts)  # the claim each fact sits in
    sig = extract.signals(doc, attributions=atts, removed=[])

``pipeline.analyze_doc`` runs them in this order. Each function lives in the module of its layer
(``entities.py``, ``quantities.py``, ...). The functions are imported here eagerly, not lazily:
most share their name with their module, and Python binds a submodule to the package attribute of
that name when the submodule is first imported, so a lazy export would be replaced by the module.
Importing them here first makes the function win for good; the extractors import nothing heavy
(no spaCy) when loaded, and their word lists and the cue model load on first use.

The attribution layer is imported through the one line below, so that moving it is a one-line change.
"""

from .attribution import Options as AttributionOptions, attributions, source_chains  # noqa: I001
from .dates import dates
from .entities import entities
from .events import events
from .facts import attach_claims
from .quantities import quantities
from .signals import signals

__all__ = ["AttributionOptions", "attach_claims", "attributions", "dates", "entities", "events", "quantities", "signals",
           "source_chains"]
