"""Batch analysis: the ``ingest`` runner, the local multiprocessing engine and the Ray engine.

``runner.ingest`` streams items from the collection readers to an engine and writes the results
with the store's single writer. ``work.py`` holds what every engine shares: the start-up
(``start``: unreadable records answered at once, the model checked before any worker starts) and
the ``Worker`` (the model loaded once, ``analyze_items`` on each chunk); ``local.py`` and
``ray_runner.py`` only decide where workers run. Ray is imported only by ``ray_runner``.
"""

__all__ = ["IngestOptions", "IngestSummary", "ingest"]


def __getattr__(name: str):
    # loaded on first use, so that the CLI's start-up (which reads ``work.ENGINES``) stays light
    if name in __all__:
        from . import runner

        return getattr(runner, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
