"""Batch analysis: the ``ingest`` runner, the local multiprocessing engine and the Ray engine.

``runner.ingest`` streams items from the collection readers to an engine and writes the results
with the store's single writer. ``work.analyze_items`` is what every worker runs; ``local.py`` and
``ray_runner.py`` only decide where it runs. Ray is imported only by ``ray_runner``.
"""

from .runner import IngestOptions, IngestSummary, ingest

__all__ = ["IngestOptions", "IngestSummary", "ingest"]
