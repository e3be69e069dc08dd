"""The corpus store: SQLite (WAL) written by one process, read by the query commands and the web app.

``schema.py`` holds the numbered migrations, ``writer.py`` opens and migrates a store and writes
articles in batched transactions, ``queries.py`` answers every read (``stats``, ``claims``,
``entities``, ``articles``, search, whole ledgers) for the CLI, the web app and ``Store``
(``corpus.py``, the Python API), ``entity_ids.py`` gives entities their corpus-wide ids,
``graph.py`` builds the source graph, and ``export.py`` writes JSONL, CSV, Parquet and GDELT GKG
2.1-style rows.
"""

from .schema import SCHEMA_VERSION
from .writer import DEFAULT_DB, Writer, connect, has_article

__all__ = ["DEFAULT_DB", "SCHEMA_VERSION", "Records", "Store", "Writer", "connect", "has_article"]


def __getattr__(name: str):
    # loaded on first use: the CLI's start-up imports this package, and Store brings the typed ledger
    if name in ("Records", "Store"):
        from . import corpus

        return getattr(corpus, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
