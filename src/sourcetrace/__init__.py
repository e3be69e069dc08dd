"""sourcetrace: who says so, on whose authority, how firmly, and with which checkable facts.

The package turns a news article into a claim ledger (schema ``sourcetrace.article/1``). Modules
follow the data flow: ingest -> clean -> nlp -> extract -> ledger. The Python API (docs/python.md):

    import sourcetrace
    ledger = sourcetrace.analyze("story.html", published="2025-03-14")  # a path, URL or "-"
    ledger = sourcetrace.analyze(text="...")                             # article text
    with sourcetrace.Store("corpus.db") as store:
        hedged = store.claims(certainty="hedged")

``analyze``, ``Ledger``, ``Store``, ``stance`` and ``SourcetraceError`` are loaded on first use, so that
``import sourcetrace`` (and ``sourcetrace --help``) stays light.
"""

__version__ = "0.1.0"
SCHEMA = "sourcetrace.article/1"

# public name -> (module, attribute), imported on first access (PEP 562)
_API = {
    "analyze": ("sourcetrace.pipeline", "analyze"),
    "Ledger": ("sourcetrace.ledger", "Ledger"),
    "Store": ("sourcetrace.store.corpus", "Store"),
    "SourcetraceError": ("sourcetrace.errors", "SourcetraceError"),
    "stance": ("sourcetrace.stance_model", "stance"),
}

__all__ = ["SCHEMA", "Ledger", "SourcetraceError", "Store", "__version__", "analyze", "stance"]


def __getattr__(name: str):
    if name in _API:
        import importlib

        module, attribute = _API[name]
        value = getattr(importlib.import_module(module), attribute)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'sourcetrace' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_API))
