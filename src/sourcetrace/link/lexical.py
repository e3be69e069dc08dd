"""The word index: BM25 over SQLite FTS5, incremental, in memory or inside the store's file.

Candidate retrieval has two legs; this is the lexical one. ``LexicalIndex`` keeps one FTS5 table
(``link_fts``: the item's key and its normalised text, Porter-stemmed by FTS5's ``porter unicode61``
tokenizer) in a SQLite connection it is given, or in a private in-memory database. ``add`` inserts
rows (an existing key is replaced), ``search`` ranks with FTS5's built-in ``bm25()`` (k1 = 1.2,
b = 0.75) for a query made of the text's content words joined by OR: at most ``MAX_QUERY_TERMS``
words, the rarest, none that occurs in more than ``MAX_DF`` rows, and only while the rows they
occur in add up to ``POSTINGS_BUDGET`` (each word's row count is looked up, counting stops past the
cap), so that the cost of a query does not grow with the index. FTS5 was chosen over
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
# Words in more rows than this are left out of queries, and the rarest words are taken only while
# their row counts add up to POSTINGS_BUDGET. FTS5 scores every row that matches an OR query before
# it sorts, so common words make a query's cost grow with the index; with both bounds a query
# reads a bounded number of rows whatever the size of the store. The defaults are the statement
# store's (linking cost flat from 10k to 100k statements: docs/linking.md); the fact-check index
# (a collection of bounded size, where ranking quality comes first) uses 2,000 / 5,000, which
# lose nothing on CLEF-2020 train (BM25 MAP@5 0.861 against 0.846 with 500 / 2,000).
MAX_DF = 500
POSTINGS_BUDGET = 2_000

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

    def __init__(self, conn: sqlite3.Connection | None = None, *, table: str = "link_fts",
                 max_df: int | None = None, postings_budget: int | None = None):
        if not table.isidentifier():
            raise ValueError(f"bad table name {table!r}")
        self.table = table
        self.max_df = MAX_DF if max_df is None else max_df
        self.postings_budget = POSTINGS_BUDGET if postings_budget is None else postings_budget
        self.conn = conn if conn is not None else sqlite3.connect(":memory:")
        self.conn.executescript(_SCHEMA.format(table=table))
        # the next row id, counted here: max() over the keys table would scan it on every insert
        self._next_row = (self.conn.execute(f"SELECT max(rowid) FROM {table}").fetchone()[0] or 0) + 1

    def add(self, rows: Iterable[tuple[str, str]], *, batch: int = 1000) -> int:
        """Index ``(key, text)`` rows (the text is normalised here); a key already in the index is
        replaced. Rows are written ``batch`` at a time. Returns the number of rows written."""
        n = 0
        chunk: list[tuple[str, str]] = []
        for row in rows:
            chunk.append(row)
            if len(chunk) >= batch:
                n += self._add_chunk(chunk)
                chunk = []
        if chunk:
            n += self._add_chunk(chunk)
        return n

    def _add_chunk(self, chunk: list[tuple[str, str]]) -> int:
        cur = self.conn.cursor()
        latest = dict(chunk)  # a key twice in one chunk: the last text wins
        keys = list(latest)
        old = []
        for s in range(0, len(keys), 500):
            part = keys[s:s + 500]
            old += cur.execute(f"SELECT row FROM {self.table}_keys WHERE key IN ({','.join('?' * len(part))})",
                               part).fetchall()
        if old:
            cur.executemany(f"DELETE FROM {self.table} WHERE rowid = ?", old)
        start = self._next_row
        self._next_row += len(keys)
        rows = [(start + i, key, normalize(latest[key])) for i, key in enumerate(keys)]
        cur.executemany(f"INSERT INTO {self.table} (rowid, key, text) VALUES (?, ?, ?)", rows)
        cur.executemany(f"INSERT OR REPLACE INTO {self.table}_keys (key, row) VALUES (?, ?)",
                        [(key, r) for r, key, _ in rows])
        return len(keys)

    def remove(self, keys: Iterable[str]) -> None:
        cur = self.conn.cursor()
        for key in keys:
            old = cur.execute(f"SELECT row FROM {self.table}_keys WHERE key = ?", (key,)).fetchone()
            if old:
                cur.execute(f"DELETE FROM {self.table} WHERE rowid = ?", (old[0],))
                cur.execute(f"DELETE FROM {self.table}_keys WHERE key = ?", (key,))

    def __len__(self) -> int:
        return self.conn.execute(f"SELECT count(*) FROM {self.table}_keys").fetchone()[0]

    def document_frequency(self, term: str, *, cap: int | None = None) -> int:
        """How many rows hold ``term`` (after stemming), counted up to ``cap + 1``."""
        try:
            return self.conn.execute(f"SELECT count(*) FROM (SELECT 1 FROM {self.table} WHERE {self.table} "
                                     f"MATCH ? LIMIT ?)", (_quote(term), (self.max_df if cap is None else cap) + 1)).fetchone()[0]
        except sqlite3.OperationalError:
            return 0

    def query_terms(self, text: str) -> list[str]:
        """The words a query keeps: distinct content words that occur in the index in at most
        ``max_df`` rows, rarest first, at most ``MAX_QUERY_TERMS`` of them and while their row
        counts add up to at most ``postings_budget`` (the rarest word is always kept)."""
        counted = [(self.document_frequency(t), t) for t in dict.fromkeys(tokens(normalize(text)))]
        kept, total = [], 0
        for n, t in sorted((n, t) for n, t in counted if 0 < n <= self.max_df):
            if len(kept) >= MAX_QUERY_TERMS or (kept and total + n > self.postings_budget):
                break
            kept.append(t)
            total += n
        return kept

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
