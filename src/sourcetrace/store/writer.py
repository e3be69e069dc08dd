"""Opening the store, migrating it, and the single writer.

One process owns the SQLite file for writing (WAL journal, so readers are never blocked). Workers only
produce ledgers; the writer stores each article's rows together inside a transaction, and batches of
articles share one transaction (``Writer``) so that commits do not dominate. An article is replaced
as a whole when its id comes again (delete its rows, insert the new ones), so a rerun never
duplicates; after a crash the last, uncommitted batch is simply redone.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import time

from ..errors import SourcetraceError
from ..records import content_display
from .schema import ARTICLE_TABLES, MIGRATIONS, SCHEMA_VERSION

DEFAULT_DB = "sourcetrace.db"
# A batch is committed after this many articles or seconds, whichever comes first. 64 articles
# keeps commit cost (one fsync per batch, WAL) under 1% of ingest time in benchmarks/bench_ingest.py,
# while a crash loses at most a few seconds of work.
BATCH_ARTICLES = 64
BATCH_SECONDS = 2.0


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def connect(path: str | os.PathLike, *, create: bool = True, readonly: bool = False) -> sqlite3.Connection:
    """A connection to a migrated store. E023 when the file is not a sourcetrace database."""
    path = str(path)
    if not create and not os.path.exists(path):
        raise SourcetraceError("E023", path=path, reason="the file does not exist")
    try:
        # readonly: no migration and no writes from this connection (an sqlite "mode=ro" URI would fail
        # on a WAL database whose -shm file is absent, as after a clean close)
        conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=30)
        conn.execute("PRAGMA busy_timeout = 30000")
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise SourcetraceError("E023", path=path, reason=f"its schema version {version} is newer than this "
                                   f"sourcetrace's ({SCHEMA_VERSION}); upgrade sourcetrace")
        if not readonly:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")  # WAL + NORMAL: durable at checkpoints, never corrupt
            migrate(conn, version)
        elif version < SCHEMA_VERSION:
            raise SourcetraceError("E023", path=path, reason="it is not a sourcetrace store, or an older one "
                                   "(an ingest into it migrates an older one)")
    except sqlite3.DatabaseError as err:
        raise SourcetraceError("E023", path=path, reason=str(err)) from err
    return conn


def migrate(conn: sqlite3.Connection, version: int | None = None) -> int:
    """Apply the migrations after ``user_version``; each runs in its own transaction."""
    if version is None:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version == 0:
        tables = conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0]
        if tables:
            raise sqlite3.DatabaseError("it holds tables but no sourcetrace schema version")
    for number in range(version + 1, SCHEMA_VERSION + 1):
        conn.execute("BEGIN IMMEDIATE")
        try:
            for statement in _statements(MIGRATIONS[number - 1]):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {number}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return SCHEMA_VERSION


def _statements(script: str) -> list[str]:
    """Split a migration into statements (``sqlite3.complete_statement`` keeps triggers whole)."""
    out, buf = [], ""
    for line in script.splitlines(keepends=True):
        if line.strip().startswith("--") and not buf.strip():
            continue
        buf += line
        if sqlite3.complete_statement(buf):
            out.append(buf.strip())
            buf = ""
    if buf.strip():
        out.append(buf.strip())
    return out


def _real(value):
    """Numbers go into REAL columns as floats (a huge int would overflow SQLite's INTEGER)."""
    if value is None or isinstance(value, bool) or not isinstance(value, (int, float)):
        return value
    return float(value)


def now() -> str:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()


def has_article(conn: sqlite3.Connection, article_id: str) -> bool:
    return conn.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone() is not None


def delete_article(conn: sqlite3.Connection, article_id: str) -> None:
    for table in ARTICLE_TABLES:
        conn.execute(f"DELETE FROM {table} WHERE article_id = ?", (article_id,))
    conn.execute("DELETE FROM articles WHERE id = ?", (article_id,))


def insert_article(conn: sqlite3.Connection, ledger: dict, *, source: str, position: str,
                   metadata: dict | None = None) -> None:
    """All rows of one ledger (replacing any stored article with the same id); call inside a transaction."""
    aid = ledger["id"]
    delete_article(conn, aid)
    text = ledger["text"]
    conn.execute(
        "INSERT INTO articles (id, source, position, url, title, published, site, author, text, removed, metadata,"
        " signals, words, schema, ingested_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (aid, source, position, ledger.get("url"), ledger.get("title"), ledger.get("published"), ledger.get("site"),
         ledger.get("author"), text, _dumps(ledger.get("removed", [])), _dumps(metadata or {}),
         _dumps(ledger.get("signals", {})), len(text.split()), ledger.get("schema", ""), now()),
    )
    ents = ledger.get("entities", [])
    conn.executemany(
        "INSERT INTO entities (article_id, seq, entity_id, name, type, aliases, mention_count, data)"
        " VALUES (?,?,?,?,?,?,?,?)",
        [(aid, i, e["id"], e["name"], e["type"], _dumps(e.get("aliases", [])), len(e.get("mentions", [])), _dumps(e))
         for i, e in enumerate(ents)],
    )
    conn.executemany(
        'INSERT INTO mentions (article_id, entity_id, start, "end") VALUES (?,?,?,?)',
        [(aid, e["id"], m[0], m[1]) for e in ents for m in e.get("mentions", [])],
    )
    rows = []
    for i, a in enumerate(ledger.get("attributions", [])):
        src = a.get("source") or {}
        sspan = src.get("span") or (None, None)
        rows.append((aid, i, a["id"], src.get("text"), src.get("entity"), src.get("kind"), sspan[0], sspan[1],
                     a["cue"]["text"], a["cue"]["span"][0], a["cue"]["span"][1],
                     content_display(a, ledger.get("text")), a["content"]["span"][0], a["content"]["span"][1],
                     a["certainty"], a.get("via"), a.get("cue_family"),
                     None if a.get("direct") is None else int(bool(a.get("direct"))), _dumps(a)))
    conn.executemany(
        "INSERT INTO attributions (article_id, seq, attribution_id, source_text, source_entity, source_kind,"
        " source_start, source_end, cue_text, cue_start, cue_end, content, content_start, content_end, certainty,"
        " via, cue_family, direct, data) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)
    conn.executemany(
        "INSERT INTO source_chains (article_id, chain, step, text, entity, kind, attribution_id, data)"
        " VALUES (?,?,?,?,?,?,?,?)",
        [(aid, c, s, step.get("text"), step.get("entity"), step.get("kind"), step.get("attribution"), _dumps(step))
         for c, chain in enumerate(ledger.get("source_chains", [])) for s, step in enumerate(chain)],
    )
    conn.executemany(
        'INSERT INTO quantities (article_id, seq, text, start, "end", kind, value, low, high, unit, object, data)'
        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
        [(aid, i, q["text"], q["span"][0], q["span"][1], q.get("kind"), _real(q.get("value")), _real(q.get("low")), _real(q.get("high")),
          q.get("unit"), q.get("object"), _dumps(q)) for i, q in enumerate(ledger.get("quantities", []))],
    )
    conn.executemany(
        'INSERT INTO dates (article_id, seq, text, start, "end", value, resolution, data) VALUES (?,?,?,?,?,?,?,?)',
        [(aid, i, d["text"], d["span"][0], d["span"][1], d.get("value"), d.get("resolution"), _dumps(d))
         for i, d in enumerate(ledger.get("dates", []))],
    )
    conn.executemany(
        'INSERT INTO events (article_id, seq, type, number, object, location, date, start, "end", data)'
        " VALUES (?,?,?,?,?,?,?,?,?,?)",
        [(aid, i, e["type"], _real(e.get("number")), e.get("object"), e.get("location"), e.get("date"),
          e["span"][0], e["span"][1], _dumps(e)) for i, e in enumerate(ledger.get("events", []))],
    )
    conn.execute("DELETE FROM ingest_errors WHERE input = ? AND position = ?", (source, position))


def insert_error(conn: sqlite3.Connection, *, input: str, position: str, code: str, message: str) -> None:
    conn.execute(
        "INSERT INTO ingest_errors (input, position, code, message, at) VALUES (?,?,?,?,?)"
        " ON CONFLICT (input, position) DO UPDATE SET code = excluded.code, message = excluded.message, at = excluded.at",
        (input, position, code, message, now()),
    )


class Writer:
    """Batches stored articles and errors into transactions (``BATCH_ARTICLES`` / ``BATCH_SECONDS``)."""

    def __init__(self, conn: sqlite3.Connection, *, batch_articles: int = BATCH_ARTICLES,
                 batch_seconds: float = BATCH_SECONDS):
        self.conn = conn
        self.batch_articles = batch_articles
        self.batch_seconds = batch_seconds
        self._pending = 0
        self._opened = 0.0

    def _begin(self) -> None:
        if not self.conn.in_transaction:
            self.conn.execute("BEGIN IMMEDIATE")
            self._opened = time.monotonic()
            self._pending = 0

    def article(self, ledger: dict, *, source: str, position: str, metadata: dict | None = None) -> None:
        self._begin()
        self.conn.execute("SAVEPOINT article")
        try:
            insert_article(self.conn, ledger, source=source, position=position, metadata=metadata)
        except BaseException:
            self.conn.execute("ROLLBACK TO article")
            self.conn.execute("RELEASE article")
            raise
        self.conn.execute("RELEASE article")
        self._tick()

    def error(self, *, input: str, position: str, code: str, message: str) -> None:
        self._begin()
        insert_error(self.conn, input=input, position=position, code=code, message=message)
        self._tick()

    def _tick(self) -> None:
        self._pending += 1
        if self._pending >= self.batch_articles or time.monotonic() - self._opened >= self.batch_seconds:
            self.commit()

    def commit(self) -> None:
        if self.conn.in_transaction:
            self.conn.execute("COMMIT")
        self._pending = 0

    def close(self) -> None:
        self.commit()
        try:
            self.conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
        except sqlite3.DatabaseError:
            pass


def merge(conn: sqlite3.Connection, shard: str | os.PathLike, *, batch_articles: int = BATCH_ARTICLES) -> tuple[int, int]:
    """Copy the articles of another store (a shard written by a separate ingest) that ``conn`` lacks,
    and its ingest errors; returns ``(articles copied, articles already present)``."""
    from .queries import iter_ledgers

    src = connect(shard, create=False, readonly=True)
    writer = Writer(conn, batch_articles=batch_articles)
    copied = present = 0
    try:
        for ledger in iter_ledgers(src):
            if has_article(conn, ledger["id"]):
                present += 1
                continue
            source, position, meta = src.execute(
                "SELECT source, position, metadata FROM articles WHERE id = ?", (ledger["id"],)).fetchone()
            writer.article(ledger, source=source, position=position, metadata=json.loads(meta))
            copied += 1
        for input_, position, code, message in src.execute("SELECT input, position, code, message FROM ingest_errors"):
            stored = conn.execute("SELECT 1 FROM articles WHERE source = ? AND position = ?", (input_, position)).fetchone()
            if not stored:
                writer.error(input=input_, position=position, code=code, message=message)
    finally:
        writer.close()
        src.close()
    return copied, present
