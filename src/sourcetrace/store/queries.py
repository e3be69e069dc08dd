"""Read-only queries over a store, shared by the command line, the web app and ``Store``.

Every function takes an open connection and returns plain JSON-ready dicts: the HTTP API sends them
as they are, ``Store`` (``corpus.py``) wraps them in records and the CLI prints the columns it shows.
Lists take ``limit``/``offset`` and have a ``count_*`` twin giving the total of the unpaged list.
Text filters are case-insensitive substring matches; ``search`` filters use the FTS5 indexes over
claim content (``claims_fts``) and over article titles and text (``articles_fts``) with the FTS5
query syntax (words, "a phrase", OR, NOT, prefix*); a query FTS5 cannot parse is E030.

Corpus entities (``entities``, ``entity``) group the per-article entity rows by type and name; their
ids are explained in ``entity_ids.py``.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass

from ..errors import SourcetraceError
from .entity_ids import ENTITY_TYPES, entity_key, entity_rows

_COUNTED = ("entities", "mentions", "attributions", "source_chains", "quantities", "dates", "events")
# Private-use characters mark FTS5 snippet hits, so the snippet can be escaped before <mark> is added.
HIT_OPEN, HIT_CLOSE = "\ue000", "\ue001"


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


def _in(column: str, values) -> str:
    return f"{column} IN ({','.join('?' * len(values))})"


def _execute(conn: sqlite3.Connection, sql: str, params, search: str | None) -> sqlite3.Cursor:
    """``conn.execute``; an FTS5 syntax error in ``search`` is E030."""
    try:
        return conn.execute(sql, params)
    except sqlite3.OperationalError as err:
        if search:
            raise SourcetraceError("E030", value=search, reason=str(err)) from err
        raise


def _paged(sql: str, limit: int | None, offset: int) -> str:
    """``sql`` with a LIMIT/OFFSET clause (``limit`` None: every row; SQLite reads -1 as no limit)."""
    if limit is None and not offset:
        return sql
    return sql + f" LIMIT {int(limit) if limit is not None else -1} OFFSET {int(offset)}"


# ---------------------------------------------------------------- claims

@dataclass(frozen=True)
class ClaimFilters:
    """Which claims to list; every given filter must hold.

    ``source``: substring of the source's text or of its entity's name or aliases; ``entity``: the
    source or the content mentions an entity whose name or alias holds this text; ``certainty`` and
    ``kind``: any of the given values (``kind`` ``none`` = claims without a source); ``text``:
    substring of the content; ``search``: FTS5 query over the content; ``article``: one article id.
    """

    source: str | None = None
    entity: str | None = None
    certainty: tuple[str, ...] = ()
    kind: tuple[str, ...] = ()
    text: str | None = None
    search: str | None = None
    article: str | None = None

    def where(self) -> tuple[str, list]:
        where, params = [], []
        if self.source:
            where.append("(a.source_text LIKE ? ESCAPE '\\' OR (se.name LIKE ? ESCAPE '\\' OR se.aliases LIKE ? ESCAPE '\\'))")
            params += [_like(self.source)] * 3
        if self.entity:
            where.append("EXISTS (SELECT 1 FROM entities e JOIN mentions m ON m.article_id = e.article_id AND"
                         " m.entity_id = e.entity_id WHERE e.article_id = a.article_id AND"
                         " (e.name LIKE ? ESCAPE '\\' OR e.aliases LIKE ? ESCAPE '\\') AND"
                         " ((m.start >= a.content_start AND m.\"end\" <= a.content_end) OR e.entity_id = a.source_entity))")
            params += [_like(self.entity)] * 2
        if self.certainty:
            where.append(_in("a.certainty", self.certainty))
            params += list(self.certainty)
        if self.kind:
            kinds = [k for k in self.kind if k != "none"]
            parts = [_in("a.source_kind", kinds)] if kinds else []
            if "none" in self.kind:
                parts.append("a.source_kind IS NULL")
            where.append("(" + " OR ".join(parts) + ")")
            params += kinds
        if self.text:
            where.append("a.content LIKE ? ESCAPE '\\'")
            params.append(_like(self.text))
        if self.article:
            where.append("a.article_id = ?")
            params.append(self.article)
        if self.search:
            where.append("a.n IN (SELECT rowid FROM claims_fts WHERE claims_fts MATCH ?)")
            params.append(self.search)
        return (" WHERE " + " AND ".join(where) if where else ""), params


_CLAIM_FROM = (" FROM attributions a JOIN articles r ON r.id = a.article_id"
               " LEFT JOIN entities se ON se.article_id = a.article_id AND se.entity_id = a.source_entity")
_CLAIM_COLS = ("SELECT a.article_id, r.title, r.published, r.url, a.attribution_id, a.source_text, a.source_kind,"
               " se.name, se.type, a.cue_text, a.content, a.certainty, a.via, a.direct, a.content_start, a.content_end")
_CLAIM_ORDER = " ORDER BY r.n, a.seq"
# the keys of a claim row, in order
CLAIM_ROW_FIELDS = ("article", "title", "published", "url", "id", "source", "kind", "entity", "entity_id", "cue",
                    "content", "certainty", "via", "direct", "start", "end")
# the claim fields of the HTTP API (lists, entity pages) and of its CSV download
CLAIM_FIELDS = tuple(k for k in CLAIM_ROW_FIELDS if k != "url")


def _claim(row) -> dict:
    (article, title, published, url, aid, source, kind, ename, etype, cue, content, certainty, via, direct, start,
     end) = row
    return {"article": article, "title": title, "published": published, "url": url, "id": aid, "source": source,
            "kind": kind, "entity": ename, "entity_id": entity_key(etype, ename) if ename else None, "cue": cue,
            "content": content, "certainty": certainty, "via": via,
            "direct": None if direct is None else bool(direct), "start": start, "end": end}


def claims(conn: sqlite3.Connection, filters: ClaimFilters = ClaimFilters(), *, limit: int | None = None,
           offset: int = 0) -> list[dict]:
    """The claims (attributions with their article) matching ``filters``, in storage order."""
    where, params = filters.where()
    sql = _paged(_CLAIM_COLS + _CLAIM_FROM + where + _CLAIM_ORDER, limit, offset)
    return [_claim(row) for row in _execute(conn, sql, params, filters.search)]


def count_claims(conn: sqlite3.Connection, filters: ClaimFilters = ClaimFilters()) -> int:
    where, params = filters.where()
    return _execute(conn, "SELECT count(*)" + _CLAIM_FROM + where, params, filters.search).fetchone()[0]


def iter_claims(conn: sqlite3.Connection, filters: ClaimFilters = ClaimFilters(), *,
                batch: int = 500) -> Iterator[dict]:
    """Every claim matching ``filters`` (the downloads), read ``batch`` rows at a time (500 short
    rows, well under a megabyte, keep memory flat however many claims match)."""
    where, params = filters.where()
    cursor = _execute(conn, _CLAIM_COLS + _CLAIM_FROM + where + _CLAIM_ORDER, params, filters.search)
    while True:
        rows = cursor.fetchmany(batch)
        if not rows:
            return
        for row in rows:
            yield _claim(row)


# ---------------------------------------------------------------- entities

def _entity_where(name: str | None, type: tuple[str, ...]) -> tuple[str, list]:
    where, params = [], []
    if name:
        where.append("(e.name LIKE ? ESCAPE '\\' OR e.aliases LIKE ? ESCAPE '\\')")
        params += [_like(name)] * 2
    if type:
        where.append(_in("e.type", type))
        params += list(type)
    return (" WHERE " + " AND ".join(where) if where else ""), params


def _entity_groups(case_sensitive: bool) -> tuple[str, str]:
    """The GROUP BY and the last ORDER BY terms: corpus entities are one type and one name lowered by
    SQLite's ``lower()`` (as their ids); with ``case_sensitive`` (the CLI's ``entities``, as it has
    always listed them) names that differ in letter case stay apart."""
    if case_sensitive:
        return "e.name, e.type", "e.name"
    return "e.type, lower(e.name)", "lower(e.name), e.type"


def entities(conn: sqlite3.Connection, *, name: str | None = None, type: tuple[str, ...] = (),
             min_articles: int = 1, case_sensitive: bool = False, limit: int | None = None,
             offset: int = 0) -> list[dict]:
    """Corpus entities, most widespread first: how many articles mention them, their mentions, how
    often they are quoted as a source, and their aliases. ``name``: the name or an alias contains it;
    ``type``: any of these labels; ``min_articles``: mentioned in at least this many articles."""
    clause, params = _entity_where(name, tuple(type))
    group, order = _entity_groups(case_sensitive)
    sql = _paged(
        "SELECT e.type, min(e.name), count(DISTINCT e.article_id), sum(e.mention_count),"
        " sum((SELECT count(*) FROM attributions a WHERE a.article_id = e.article_id AND"
        " a.source_entity = e.entity_id)), group_concat(e.aliases, char(31))"
        f" FROM entities e{clause} GROUP BY {group} HAVING count(DISTINCT e.article_id) >= ?"
        f" ORDER BY count(DISTINCT e.article_id) DESC, sum(e.mention_count) DESC, {order}", limit, offset)
    out = []
    for type_value, display, n_articles, mentions, quoted, aliases in conn.execute(sql, (*params, int(min_articles))):
        alias_set: set[str] = set()
        for chunk in (aliases or "").split("\x1f"):
            if chunk:
                alias_set.update(json.loads(chunk))
        out.append({"id": entity_key(type_value, display), "name": display, "type": type_value,
                    "articles": n_articles, "mentions": mentions, "quoted": quoted,
                    "aliases": sorted(alias_set - {display})})
    return out


def count_entities(conn: sqlite3.Connection, *, name: str | None = None, type: tuple[str, ...] = (),
                   min_articles: int = 1, case_sensitive: bool = False) -> int:
    clause, params = _entity_where(name, tuple(type))
    group, _ = _entity_groups(case_sensitive)
    return conn.execute(f"SELECT count(*) FROM (SELECT 1 FROM entities e{clause} GROUP BY {group}"
                        " HAVING count(DISTINCT e.article_id) >= ?)", (*params, int(min_articles))).fetchone()[0]


def entity(conn: sqlite3.Connection, key: str, *, limit: int = 500) -> dict | None:
    """One corpus entity: its names, aliases, articles, the claims it makes as a source (``says``) and
    the claims whose content mentions it, with who made them (``said_about``); at most ``limit`` each
    (500: more than one page shows, few enough that an entity quoted everywhere stays a quick answer)."""
    found = entity_rows(conn, key)
    if found is None:
        return None
    type_, display, rows = found
    names = sorted({r[2] for r in rows})
    # the entity's rows across articles, as a join condition on an `entities` alias `w`
    match = f"w.type = ? AND {_in('w.name', names)}"
    params = (type_, *names)
    aliases: set[str] = set()
    for (data,) in conn.execute(f"SELECT w.aliases FROM entities w WHERE {match}", params):
        aliases.update(json.loads(data))
    says = [_claim(row) for row in conn.execute(
        _CLAIM_COLS + _CLAIM_FROM + f" JOIN entities w ON w.article_id = a.article_id AND"
        f" w.entity_id = a.source_entity AND {match}" + _CLAIM_ORDER + " LIMIT ?", (*params, limit))]
    said_about = [_claim(row) for row in conn.execute(
        _CLAIM_COLS + _CLAIM_FROM + " WHERE EXISTS (SELECT 1 FROM entities w JOIN mentions m ON"
        f" m.article_id = w.article_id AND m.entity_id = w.entity_id WHERE w.article_id = a.article_id AND {match}"
        " AND m.start >= a.content_start AND m.\"end\" <= a.content_end)" + _CLAIM_ORDER + " LIMIT ?",
        (*params, limit))]
    arts = [dict(zip(("id", "title", "published", "mentions"), row)) for row in conn.execute(
        f"SELECT r.id, r.title, r.published, w.mention_count FROM entities w JOIN articles r ON r.id = w.article_id"
        f" WHERE {match} ORDER BY r.n", params)]
    return {"id": key, "name": display, "type": type_, "names": names,
            "aliases": sorted(aliases - set(names)), "articles": arts, "says": says, "said_about": said_about}


# ---------------------------------------------------------------- articles and search

_ARTICLE_COLS = ("r.id, r.title, r.published, r.site, r.url, r.words,"
                 " (SELECT count(*) FROM attributions a WHERE a.article_id = r.id),"
                 " (SELECT count(*) FROM entities e WHERE e.article_id = r.id)")
ARTICLE_FIELDS = ("id", "title", "published", "site", "url", "words", "claims", "entities")


def articles(conn: sqlite3.Connection, *, search: str | None = None, limit: int | None = None,
             offset: int = 0) -> list[dict]:
    """Stored articles in storage order, or the FTS5 matches of ``search`` over title and text (best
    first), with their counts of claims and entities."""
    if search:
        sql = (f"SELECT {_ARTICLE_COLS} FROM articles_fts f JOIN articles r ON r.n = f.rowid"
               " WHERE articles_fts MATCH ? ORDER BY f.rank")
        params: tuple = (search,)
    else:
        sql, params = f"SELECT {_ARTICLE_COLS} FROM articles r ORDER BY r.n", ()
    return [dict(zip(ARTICLE_FIELDS, row)) for row in _execute(conn, _paged(sql, limit, offset), params, search)]


def count_articles(conn: sqlite3.Connection, *, search: str | None = None) -> int:
    if search:
        return _execute(conn, "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?", (search,),
                        search).fetchone()[0]
    return conn.execute("SELECT count(*) FROM articles").fetchone()[0]


def search(conn: sqlite3.Connection, q: str, *, limit: int = 20) -> dict:
    """FTS5 matches of ``q`` in article titles and text and in claim content, best first, with
    snippets whose hits are wrapped in ``HIT_OPEN``/``HIT_CLOSE`` (escape, then replace them)."""
    n_articles = count_articles(conn, search=q)
    arts = [dict(zip(("id", "title", "published", "snippet"), row)) for row in _execute(
        conn, "SELECT r.id, r.title, r.published, snippet(articles_fts, 1, ?, ?, '…', 24)"
        " FROM articles_fts f JOIN articles r ON r.n = f.rowid WHERE articles_fts MATCH ?"
        " ORDER BY f.rank LIMIT ?", (HIT_OPEN, HIT_CLOSE, q, limit), q)]
    n_claims = _execute(conn, "SELECT count(*) FROM claims_fts WHERE claims_fts MATCH ?", (q,), q).fetchone()[0]
    rows = _execute(
        conn, _CLAIM_COLS + ", snippet(claims_fts, 0, ?, ?, '…', 32)" + " FROM claims_fts f JOIN attributions a ON"
        " a.n = f.rowid JOIN articles r ON r.id = a.article_id LEFT JOIN entities se ON"
        " se.article_id = a.article_id AND se.entity_id = a.source_entity WHERE claims_fts MATCH ?"
        " ORDER BY f.rank LIMIT ?", (HIT_OPEN, HIT_CLOSE, q, limit), q).fetchall()
    found = []
    for row in rows:
        item = _claim(row[:-1])
        item["snippet"] = row[-1]
        found.append(item)
    return {"query": q, "articles_total": n_articles, "articles": arts, "claims_total": n_claims, "claims": found}


# ---------------------------------------------------------------- whole ledgers

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
    """Where a stored article came from (``source``, ``position``), its input ``metadata`` and
    ``ingested_at``; ``{}`` when it is not stored."""
    row = conn.execute("SELECT source, position, metadata, ingested_at FROM articles WHERE id = ?",
                       (article_id,)).fetchone()
    if not row:
        return {}
    return {"source": row[0], "position": row[1], "metadata": json.loads(row[2]), "ingested_at": row[3]}


def iter_ledgers(conn: sqlite3.Connection, *, batch: int = 200) -> Iterator[dict]:
    """Every stored ledger in storage order, reading ``batch`` articles at a time (bounded memory:
    200 whole ledgers with their texts are a few megabytes)."""
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


__all__ = ["ARTICLE_FIELDS", "CLAIM_FIELDS", "CLAIM_ROW_FIELDS", "ENTITY_TYPES", "HIT_CLOSE", "HIT_OPEN",
           "ClaimFilters", "articles", "claims", "count_articles", "count_claims", "count_entities", "entities",
           "entity", "iter_articles", "iter_claims", "iter_ledgers", "ledger", "metadata", "search", "stats"]
