"""Read-only queries over a store: counts, claims, entities, and whole ledgers.

Every function takes an open connection and returns plain dicts, so the CLI (and later the web API)
only formats them. Text filters are case-insensitive substring matches; ``search`` uses the FTS5
index over claim content (``claims_fts``), with the FTS5 query syntax (words, "phrases", OR, prefix*).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator

from ..errors import SourcetraceError

_COUNTED = ("entities", "mentions", "attributions", "source_chains", "quantities", "dates", "events")


def stats(conn: sqlite3.Connection) -> dict:
    """Counts of stored rows: ``articles``, ``failed`` (ingest errors), each layer, words, error codes."""
    one = lambda sql: conn.execute(sql).fetchone()[0]  # noqa: E731
    out = {"articles": one("SELECT count(*) FROM articles"), "failed": one("SELECT count(*) FROM ingest_errors")}
    for table in _COUNTED:
        out[table] = one(f"SELECT count(*) FROM {table}")
    out["source_chains"] = one("SELECT count(*) FROM (SELECT DISTINCT article_id, chain FROM source_chains)")
    out["distinct_entities"] = one("SELECT count(*) FROM (SELECT DISTINCT name, type FROM entities)")
    out["words"] = one("SELECT coalesce(sum(words), 0) FROM articles")
    out["errors_by_code"] = dict(conn.execute(
        "SELECT code, count(*) FROM ingest_errors GROUP BY code ORDER BY code").fetchall())
    out["attributions_by_certainty"] = dict(conn.execute(
        "SELECT certainty, count(*) FROM attributions GROUP BY certainty ORDER BY certainty").fetchall())
    out["attributions_by_kind"] = dict(conn.execute(
        "SELECT coalesce(source_kind, 'none'), count(*) FROM attributions GROUP BY 1 ORDER BY 1").fetchall())
    return out


def _like(text: str) -> str:
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def claims(conn: sqlite3.Connection, *, source: str | None = None, entity: str | None = None,
           certainty: list[str] | None = None, kind: list[str] | None = None, search: str | None = None,
           article: str | None = None, limit: int | None = None) -> list[dict]:
    """Attributions with their article, filtered.

    ``source``: substring of the source's text or of its entity's name or aliases; ``entity``: the
    content or the source mentions an entity whose name or alias holds this text; ``certainty`` and
    ``kind``: any of the given values; ``search``: FTS5 query over claim content.
    """
    where, params = [], []
    if source:
        where.append("(a.source_text LIKE ? ESCAPE '\\' OR EXISTS (SELECT 1 FROM entities e WHERE"
                     " e.article_id = a.article_id AND e.entity_id = a.source_entity AND"
                     " (e.name LIKE ? ESCAPE '\\' OR e.aliases LIKE ? ESCAPE '\\')))")
        params += [_like(source)] * 3
    if entity:
        where.append("EXISTS (SELECT 1 FROM entities e JOIN mentions m ON m.article_id = e.article_id AND"
                     " m.entity_id = e.entity_id WHERE e.article_id = a.article_id AND"
                     " (e.name LIKE ? ESCAPE '\\' OR e.aliases LIKE ? ESCAPE '\\') AND"
                     " ((m.start >= a.content_start AND m.\"end\" <= a.content_end) OR e.entity_id = a.source_entity))")
        params += [_like(entity)] * 2
    if certainty:
        where.append(f"a.certainty IN ({','.join('?' * len(certainty))})")
        params += list(certainty)
    if kind:
        where.append(f"a.source_kind IN ({','.join('?' * len(kind))})")
        params += list(kind)
    if article:
        where.append("a.article_id = ?")
        params.append(article)
    if search:
        where.append("a.n IN (SELECT rowid FROM claims_fts WHERE claims_fts MATCH ?)")
        params.append(search)
    sql = ("SELECT a.article_id, r.title, r.published, r.url, a.attribution_id, a.source_text, a.source_kind,"
           " (SELECT e.name FROM entities e WHERE e.article_id = a.article_id AND e.entity_id = a.source_entity),"
           " a.cue_text, a.content, a.certainty, a.via, a.content_start, a.content_end"
           " FROM attributions a JOIN articles r ON r.id = a.article_id")
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY r.n, a.seq"
    if limit:
        sql += f" LIMIT {int(limit)}"
    keys = ("article", "title", "published", "url", "id", "source", "kind", "entity", "cue", "content", "certainty",
            "via", "start", "end")
    try:
        return [dict(zip(keys, row)) for row in conn.execute(sql, params)]
    except sqlite3.OperationalError as err:
        if search:
            raise SourcetraceError("E027", value=search, reason=str(err)) from err
        raise


def entities(conn: sqlite3.Connection, *, name: str | None = None, type: list[str] | None = None,
             min_articles: int = 1, limit: int | None = None) -> list[dict]:
    """Entities grouped by (name, type) across articles, most widespread first, with how often each
    is quoted as a source."""
    where, params = [], []
    if name:
        where.append("(e.name LIKE ? ESCAPE '\\' OR e.aliases LIKE ? ESCAPE '\\')")
        params += [_like(name)] * 2
    if type:
        where.append(f"e.type IN ({','.join('?' * len(type))})")
        params += list(type)
    sql = ("SELECT name, type, count(DISTINCT article_id) AS articles, sum(mention_count) AS mentions,"
           " sum(quoted) AS quoted FROM (SELECT e.name, e.type, e.article_id, e.mention_count,"
           " (SELECT count(*) FROM attributions a WHERE a.article_id = e.article_id AND a.source_entity = e.entity_id)"
           " AS quoted FROM entities e" + (" WHERE " + " AND ".join(where) if where else "") + ")"
           " GROUP BY name, type HAVING count(DISTINCT article_id) >= ?"
           " ORDER BY articles DESC, mentions DESC, name")
    params.append(int(min_articles))
    if limit:
        sql += f" LIMIT {int(limit)}"
    keys = ("name", "type", "articles", "mentions", "quoted")
    return [dict(zip(keys, row)) for row in conn.execute(sql, params)]


def _layer(conn, table: str, aid: str, order: str = "seq") -> list:
    return [json.loads(d) for (d,) in conn.execute(f"SELECT data FROM {table} WHERE article_id = ? ORDER BY {order}", (aid,))]


def _ledger_from_row(conn: sqlite3.Connection, row) -> dict:
    (aid, url, title, published, site, author, text, removed, signals, schema) = row
    chains: list[list] = []
    last = None
    for chain, data in conn.execute("SELECT chain, data FROM source_chains WHERE article_id = ? ORDER BY chain, step",
                                    (aid,)):
        if chain != last:
            chains.append([])
            last = chain
        chains[-1].append(json.loads(data))
    return {
        "schema": schema, "id": aid, "title": title, "url": url, "published": published, "site": site,
        "author": author, "text": text, "removed": json.loads(removed),
        "entities": _layer(conn, "entities", aid), "attributions": _layer(conn, "attributions", aid),
        "source_chains": chains, "quantities": _layer(conn, "quantities", aid), "dates": _layer(conn, "dates", aid),
        "events": _layer(conn, "events", aid), "signals": json.loads(signals),
    }


_LEDGER_COLS = "id, url, title, published, site, author, text, removed, signals, schema"


def ledger(conn: sqlite3.Connection, article_id: str) -> dict | None:
    """The stored ledger of one article, as ``analyze --format json`` printed it, or None."""
    row = conn.execute(f"SELECT {_LEDGER_COLS} FROM articles WHERE id = ?", (article_id,)).fetchone()
    return _ledger_from_row(conn, row) if row else None


def metadata(conn: sqlite3.Connection, article_id: str) -> dict:
    row = conn.execute("SELECT source, position, metadata, ingested_at FROM articles WHERE id = ?",
                       (article_id,)).fetchone()
    if not row:
        return {}
    return {"source": row[0], "position": row[1], "metadata": json.loads(row[2]), "ingested_at": row[3]}


def iter_ledgers(conn: sqlite3.Connection, *, batch: int = 200) -> Iterator[dict]:
    """Every stored ledger in storage order, reading ``batch`` articles at a time (bounded memory)."""
    last = 0
    while True:
        rows = conn.execute(f"SELECT n, {_LEDGER_COLS} FROM articles WHERE n > ? ORDER BY n LIMIT ?",
                            (last, batch)).fetchall()
        if not rows:
            return
        for row in rows:
            last = row[0]
            yield _ledger_from_row(conn, row[1:])


def iter_articles(conn: sqlite3.Connection) -> Iterator[dict]:
    """One flat row per article with its layer counts (the CSV export)."""
    sql = ("SELECT r.id, r.source, r.position, r.url, r.title, r.published, r.site, r.author, r.words,"
           " (SELECT count(*) FROM entities WHERE article_id = r.id),"
           " (SELECT count(*) FROM attributions WHERE article_id = r.id),"
           " (SELECT count(*) FROM quantities WHERE article_id = r.id),"
           " (SELECT count(*) FROM dates WHERE article_id = r.id),"
           " (SELECT count(*) FROM events WHERE article_id = r.id),"
           " json_extract(r.signals, '$.named_source_share'), json_extract(r.signals, '$.hedges_per_1000_words'),"
           " r.ingested_at FROM articles r ORDER BY r.n")
    keys = ("id", "source", "position", "url", "title", "published", "site", "author", "words", "entities",
            "attributions", "quantities", "dates", "events", "named_source_share", "hedges_per_1000_words",
            "ingested_at")
    for row in conn.execute(sql):
        yield dict(zip(keys, row))
