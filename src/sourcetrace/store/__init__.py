"""The corpus store: SQLite (WAL) written by one process, read by the query commands.

``schema.py`` holds the numbered migrations, ``writer.py`` opens and migrates a store and writes
articles in batched transactions, ``queries.py`` answers ``stats``/``claims``/``entities``/``show``,
and ``export.py`` writes JSONL, CSV, Parquet and GDELT GKG 2.1-style rows.
"""

from .schema import SCHEMA_VERSION
from .writer import DEFAULT_DB, Writer, connect, has_article

__all__ = ["DEFAULT_DB", "SCHEMA_VERSION", "Writer", "connect", "has_article"]
