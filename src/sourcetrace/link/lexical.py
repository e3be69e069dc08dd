"""The word index: BM25 over SQLite FTS5, incremental, in memory or inside the store's file.

Candidate retrieval has two legs; this is the lexical one. ``LexicalIndex`` keeps one FTS5 table
(``link_fts``: the item's key and its normalised text, Porter-stemmed by FTS5's ``porter unicode61``
tokenizer) in a SQLite connection it is given, or in a private in-memory database. ``add`` inserts
rows (an existing key is replaced), ``search`` ranks with FTS5's built-in ``bm25()`` (k1 = 1.2,
b = 0.75) for a query made of the text's content words joined by OR, capped at ``MAX_QUERY_TERMS``
words (the rarest words that occur in the index are kept; a term's document count is
looked up, capped at 1,000). FTS5 was chosen over
an in-memory BM25 library (``bm25s``) because the store already uses FTS5, an insert costs the same
whatever the size of the index (``bm25s`` rebuilds its matrix), and its ranking was as good on CLEF
train: the figures are in docs/linking.md.

Keys are strings (statement or claim ids). One index is one table: statements and fact-checks get
an index each (``table="link_fts"``, ``table="factcheck_fts"``), so that a query on the small one
never scans the postings of the large one.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from .normalize import normalize, tokens

# Queries longer than this keep their rarest words: the top of a BM25 ranking is decided by the
# rare words, and every extra OR term costs a postings scan (a tweet has up to ~50 content words).
MAX_QUERY_TERMS = 32

_SCHEMA = """
CREATE VIRTUAL TABLE IF NOT EXISTS {table} USING fts5(
    key UNINDEXED, text, tokenize = 'porter unicode61 remove_diacritics 2'
);
CREATE TABLE IF NOT EXISTS {table}_keys (key TEXT PRIMARY KEY, row INTEGER NOT NULL);
"""


def _quote(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


class LexicalIndex:
    """BM25 retrieval over an FTS5 table (see the module docstring).

    ``conn``: an open ``sqlite3.Connection`` to keep the table in (the store's); ``None`` makes a
    private in-memory database. The caller owns transactions on a shared connection."""

    def __init__(self, conn: sqlite3.Connection | None = None, *, table: str = "link_fts"):
        if not table.isidentifier():
            raise ValueError(f"bad table name {table!r}")
        self.table = table
        self.conn = conn if conn is not None else sqlite3.connect(":memory:")
        self.conn.executescript(_SCHEMA.format(table=table))

    def add(self, rows: Iterable[tuple[str, str]]) -> int:
        """Index ``(key, text)`` rows (the text is normalised here); a key already in the collection
        is replaced. Returns the number of rows written."""
        n = 0
        cur = self.conn.cursor()
        for key, text in rows:
            old = cur.execute(f"SELECT row FROM {self.table}_keys WHERE key = ?", (key,)).fetchone()
            if old:
                cur.execute(f"DELETE FROM {self.table} WHERE rowid = ?", (old[0],))
            cur.execute(f"INSERT INTO {self.table} (key, text) VALUES (?, ?)", (key, normalize(text)))
            cur.execute(f"INSERT OR REPLACE INTO {self.table}_keys (key, row) VALUES (?, ?)", (key, cur.lastrowid))
            n += 1
        return n

    def remove(self, keys: Iterable[str]) -> None:
        cur = self.conn.cursor()
        for key in keys:
            old = cur.execute(f"SELECT row FROM {self.table}_keys WHERE key = ?", (key,)).fetchone()
            if old:
                cur.execute(f"DELETE FROM {self.table} WHERE rowid = ?", (old[0],))
                cur.execute(f"DELETE FROM {self.table}_keys WHERE key = ?", (key,))

    def __len__(self) -> int:
        return self.conn.execute(f"SELECT count(*) FROM {self.table}_keys").fetchone()[0]

    def query_terms(self, text: str) -> list[str]:
        """The words a query keeps: distinct content words, the rarest ``MAX_QUERY_TERMS`` when longer."""
        terms = list(dict.fromkeys(tokens(normalize(text))))
        return terms[:MAX_QUERY_TERMS] if len(terms) <= MAX_QUERY_TERMS else self._rarest(terms)

    def _rarest(self, terms: list[str]) -> list[str]:
        counts = []
        for t in terms:
            try:
                n = self.conn.execute(f"SELECT count(*) FROM (SELECT 1 FROM {self.table} WHERE {self.table} "
                                      f"MATCH ? LIMIT 1000)", (_quote(t),)).fetchone()[0]
            except sqlite3.OperationalError:
                n = 0
            counts.append((n, t))
        # words absent from the index match nothing: they go last
        counts.sort(key=lambda c: (c[0] == 0, c[0]))
        return [t for _, t in counts[:MAX_QUERY_TERMS]]

    def search(self, text: str, k: int = 50, *,
               exclude: Iterable[str] = ()) -> list[tuple[str, float]]:
        """The ``k`` best ``(key, score)`` for ``text``, best first; the score is -bm25 (higher is
        better). Keys in ``exclude`` are skipped. No content word: an empty list."""
        terms = self.query_terms(text)
        if not terms:
            return []
        skip = set(exclude)
        query = " OR ".join(_quote(t) for t in terms)
        try:
            rows = self.conn.execute(
                f"SELECT key, bm25({self.table}) AS s FROM {self.table} WHERE {self.table} MATCH ? "
                f"ORDER BY s LIMIT ?", (query, k + len(skip))).fetchall()
        except sqlite3.OperationalError:
            return []
        return [(key, -s) for key, s in rows if key not in skip][:k]
