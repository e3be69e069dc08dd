"""Read-only queries for the web app: paged lists, corpus-level entities, search and the source graph.

``queries.py`` answers the command line; this module adds what a browser needs on top of it: counts
and pages (``limit``/``offset``) for articles, claims and entities, one entity across the corpus
(what it says and what is said about it), FTS5 search with snippets, and the "reported via" edges
of the source graph. Every function takes an open connection and returns plain dicts.

**Corpus entity ids.** The store keeps entities per article (``article_id``, ``entity_id`` such as
``E3``). Across the corpus an entity is the group of rows with the same ``type`` and the same
normalised name, where the normalised name is SQLite's ``lower(name)`` (ASCII letters lowered, the
rest untouched; names are already whitespace-normalised by cleaning). Its id is
``{type}-{slug}-{hash}``: the lowered type, the ASCII words of the name joined by ``-`` (at most 48
characters), and the first 8 hex digits of SHA-1 over ``TYPE + "\\x1f" + normalised name``, e.g.
``person-marta-velasco-1c3e5f0a``. The id depends only on the name and type, so it is the same on
every run, in every store, and for an entity found later in a new article. ``entity_key`` computes
it; ``entity_rows`` turns it back into the rows (the slug narrows the scan, the hash decides).
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field

from ..errors import SourcetraceError
from .queries import _like

ENTITY_TYPES = ("PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW",
                "LANGUAGE", "MEDIA")
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_WORD = re.compile(r"[a-z0-9]+")
_KEY = re.compile(r"^([a-z_]+)-(?:([a-z0-9-]*)-)?([0-9a-f]{8})$")
# Private-use characters mark FTS5 snippet hits, so the snippet can be escaped before <mark> is added.
HIT_OPEN, HIT_CLOSE = "\ue000", "\ue001"


def normalise_name(name: str) -> str:
    """The name as SQLite's ``lower()`` returns it (only ASCII letters are lowered)."""
    return name.translate(_ASCII_LOWER)


def _slug(norm: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", norm).encode("ascii", "ignore").decode().lower()
    return "-".join(_WORD.findall(ascii_name))[:48].strip("-")


def entity_key(type_: str, name: str) -> str:
    """The corpus id of the entity ``name`` of ``type_`` (see the module docstring)."""
    norm = normalise_name(name)
    digest = hashlib.sha1(f"{type_}\x1f{norm}".encode("utf-8")).hexdigest()[:8]
    slug = _slug(norm)
    return f"{type_.lower()}-{slug}-{digest}" if slug else f"{type_.lower()}-{digest}"


def entity_rows(conn: sqlite3.Connection, key: str) -> tuple[str, str, list[tuple[str, str, str]]] | None:
    """``(type, display name, [(article_id, entity_id, name), ...])`` of a corpus entity id, or None."""
    m = _KEY.match(key or "")
    if not m or m.group(1).upper() not in ENTITY_TYPES:
        return None
    type_, slug = m.group(1).upper(), m.group(2) or ""
    words = slug.split("-") if slug else []
    candidates = []
    if words:
        pattern = "%" + "%".join(words) + "%"
        candidates = conn.execute("SELECT DISTINCT name FROM entities WHERE type = ? AND name LIKE ?",
                                  (type_, pattern)).fetchall()
    if not candidates:  # names whose ASCII folding differs from SQLite's LIKE (accents): scan the type
        candidates = conn.execute("SELECT DISTINCT name FROM entities WHERE type = ?", (type_,)).fetchall()
    names = [n for (n,) in candidates if entity_key(type_, n) == key]
    if not names:
        return None
    rows = conn.execute(
        f"SELECT article_id, entity_id, name FROM entities WHERE type = ? AND name IN ({','.join('?' * len(names))})"
        " ORDER BY article_id, seq", (type_, *names)).fetchall()
    display = max(names, key=lambda n: (sum(1 for r in rows if r[2] == n), n))
    return type_, display, [tuple(r) for r in rows]


def _fts_error(err: sqlite3.OperationalError, value: str) -> SourcetraceError:
    return SourcetraceError("E030", value=value, reason=str(err))


# ---------------------------------------------------------------- articles

def articles(conn: sqlite3.Connection, *, q: str | None = None, limit: int = 50,
             offset: int = 0) -> tuple[int, list[dict]]:
    """``(total, page)`` of stored articles in storage order, or the FTS5 matches of ``q`` over title
    and text (best first)."""
    cols = ("r.id, r.title, r.published, r.site, r.url, r.words,"
            " (SELECT count(*) FROM attributions a WHERE a.article_id = r.id),"
            " (SELECT count(*) FROM entities e WHERE e.article_id = r.id)")
    keys = ("id", "title", "published", "site", "url", "words", "claims", "entities")
    try:
        if q:
            total = conn.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?", (q,)).fetchone()[0]
            rows = conn.execute(
                f"SELECT {cols} FROM articles_fts f JOIN articles r ON r.n = f.rowid WHERE articles_fts MATCH ?"
                " ORDER BY f.rank LIMIT ? OFFSET ?", (q, limit, offset)).fetchall()
        else:
            total = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
            rows = conn.execute(f"SELECT {cols} FROM articles r ORDER BY r.n LIMIT ? OFFSET ?",
                                (limit, offset)).fetchall()
    except sqlite3.OperationalError as err:
        if q:
            raise _fts_error(err, q) from err
        raise
    return total, [dict(zip(keys, row)) for row in rows]


# ---------------------------------------------------------------- claims

@dataclass(frozen=True)
class ClaimFilters:
    """The filters of ``/api/claims`` and ``/claims``; every given filter must hold.

    ``source``: substring of the source's text or of its entity's name or aliases; ``entity``: the
    source or the content mentions an entity whose name or alias holds this text; ``certainty`` and
    ``kind``: any of the given values (``kind`` ``none`` = claims without a source); ``text``:
    substring of the content; ``q``: FTS5 query over the content; ``article``: one article id.
    """

    source: str | None = None
    entity: str | None = None
    certainty: tuple[str, ...] = ()
    kind: tuple[str, ...] = ()
    text: str | None = None
    q: str | None = None
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
            where.append(f"a.certainty IN ({','.join('?' * len(self.certainty))})")
            params += list(self.certainty)
        if self.kind:
            kinds = [k for k in self.kind if k != "none"]
            parts = [f"a.source_kind IN ({','.join('?' * len(kinds))})"] if kinds else []
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
        if self.q:
            where.append("a.n IN (SELECT rowid FROM claims_fts WHERE claims_fts MATCH ?)")
            params.append(self.q)
        return (" WHERE " + " AND ".join(where) if where else ""), params


_CLAIM_FROM = (" FROM attributions a JOIN articles r ON r.id = a.article_id"
               " LEFT JOIN entities se ON se.article_id = a.article_id AND se.entity_id = a.source_entity")
_CLAIM_COLS = ("SELECT a.article_id, r.title, r.published, a.attribution_id, a.source_text, a.source_kind,"
               " se.name, se.type, a.cue_text, a.content, a.certainty, a.via, a.direct, a.content_start, a.content_end")
CLAIM_FIELDS = ("article", "title", "published", "id", "source", "kind", "entity", "entity_id", "cue", "content",
                "certainty", "via", "direct", "start", "end")


def _claim(row) -> dict:
    (article, title, published, aid, source, kind, ename, etype, cue, content, certainty, via, direct, start,
     end) = row
    return {"article": article, "title": title, "published": published, "id": aid, "source": source,
            "kind": kind, "entity": ename, "entity_id": entity_key(etype, ename) if ename else None, "cue": cue,
            "content": content, "certainty": certainty, "via": via,
            "direct": None if direct is None else bool(direct), "start": start, "end": end}


def claims(conn: sqlite3.Connection, filters: ClaimFilters, *, limit: int = 50,
           offset: int = 0) -> tuple[int, list[dict]]:
    """``(total, page)`` of the claims matching ``filters``, in storage order."""
    where, params = filters.where()
    try:
        total = conn.execute("SELECT count(*)" + _CLAIM_FROM + where, params).fetchone()[0]
        rows = conn.execute(_CLAIM_COLS + _CLAIM_FROM + where + " ORDER BY r.n, a.seq LIMIT ? OFFSET ?",
                            (*params, limit, offset)).fetchall()
    except sqlite3.OperationalError as err:
        if filters.q:
            raise _fts_error(err, filters.q) from err
        raise
    return total, [_claim(row) for row in rows]


def iter_claims(conn: sqlite3.Connection, filters: ClaimFilters, *, batch: int = 500) -> Iterator[dict]:
    """Every claim matching ``filters`` (the downloads), read ``batch`` rows at a time."""
    where, params = filters.where()
    try:
        cursor = conn.execute(_CLAIM_COLS + _CLAIM_FROM + where + " ORDER BY r.n, a.seq", params)
    except sqlite3.OperationalError as err:
        if filters.q:
            raise _fts_error(err, filters.q) from err
        raise
    while True:
        rows = cursor.fetchmany(batch)
        if not rows:
            return
        for row in rows:
            yield _claim(row)


# ---------------------------------------------------------------- entities

def entities(conn: sqlite3.Connection, *, name: str | None = None, type_: tuple[str, ...] = (), limit: int = 50,
             offset: int = 0) -> tuple[int, list[dict]]:
    """``(total, page)`` of corpus entities (grouped by type and normalised name), most widespread first,
    with how many articles mention them, their mentions, and how often they are quoted as a source."""
    where, params = [], []
    if name:
        where.append("(e.name LIKE ? ESCAPE '\\' OR e.aliases LIKE ? ESCAPE '\\')")
        params += [_like(name)] * 2
    if type_:
        where.append(f"e.type IN ({','.join('?' * len(type_))})")
        params += list(type_)
    clause = " WHERE " + " AND ".join(where) if where else ""
    total = conn.execute(f"SELECT count(*) FROM (SELECT 1 FROM entities e{clause} GROUP BY e.type, lower(e.name))",
                         params).fetchone()[0]
    sql = ("SELECT e.type, lower(e.name) AS norm, min(e.name), count(DISTINCT e.article_id), sum(e.mention_count),"
           " sum((SELECT count(*) FROM attributions a WHERE a.article_id = e.article_id AND"
           " a.source_entity = e.entity_id)), group_concat(e.aliases, char(31))"
           f" FROM entities e{clause} GROUP BY e.type, norm"
           " ORDER BY count(DISTINCT e.article_id) DESC, sum(e.mention_count) DESC, norm, e.type LIMIT ? OFFSET ?")
    out = []
    for type_value, _norm, display, n_articles, mentions, quoted, aliases in conn.execute(sql, (*params, limit, offset)):
        alias_set: set[str] = set()
        for chunk in (aliases or "").split("\x1f"):
            if chunk:
                alias_set.update(json.loads(chunk))
        out.append({"id": entity_key(type_value, display), "name": display, "type": type_value,
                    "articles": n_articles, "mentions": mentions, "quoted": quoted,
                    "aliases": sorted(alias_set - {display})})
    return total, out


def entity(conn: sqlite3.Connection, key: str, *, limit: int = 500) -> dict | None:
    """One corpus entity: its names, aliases, articles, the claims it makes as a source (``says``) and
    the claims whose content mentions it, with who made them (``said_about``); at most ``limit`` each."""
    found = entity_rows(conn, key)
    if found is None:
        return None
    type_, display, rows = found
    names = sorted({r[2] for r in rows})
    # the entity's rows across articles, as a join condition on an `entities` alias `w`
    match = f"w.type = ? AND w.name IN ({','.join('?' * len(names))})"
    params = (type_, *names)
    aliases: set[str] = set()
    for (data,) in conn.execute(f"SELECT w.aliases FROM entities w WHERE {match}", params):
        aliases.update(json.loads(data))
    says = [_claim(row) for row in conn.execute(
        _CLAIM_COLS + _CLAIM_FROM + f" JOIN entities w ON w.article_id = a.article_id AND"
        f" w.entity_id = a.source_entity AND {match} ORDER BY r.n, a.seq LIMIT ?", (*params, limit))]
    said_about = [_claim(row) for row in conn.execute(
        _CLAIM_COLS + _CLAIM_FROM + " WHERE EXISTS (SELECT 1 FROM entities w JOIN mentions m ON"
        f" m.article_id = w.article_id AND m.entity_id = w.entity_id WHERE w.article_id = a.article_id AND {match}"
        " AND m.start >= a.content_start AND m.\"end\" <= a.content_end) ORDER BY r.n, a.seq LIMIT ?",
        (*params, limit))]
    arts = [dict(zip(("id", "title", "published", "mentions"), row)) for row in conn.execute(
        f"SELECT r.id, r.title, r.published, w.mention_count FROM entities w JOIN articles r ON r.id = w.article_id"
        f" WHERE {match} ORDER BY r.n", params)]
    return {"id": key, "name": display, "type": type_, "names": names,
            "aliases": sorted(aliases - set(names)), "articles": arts, "says": says, "said_about": said_about}


# ---------------------------------------------------------------- search

def search(conn: sqlite3.Connection, q: str, *, limit: int = 20) -> dict:
    """FTS5 matches of ``q`` in article titles and text and in claim content, best first, with
    snippets whose hits are wrapped in ``HIT_OPEN``/``HIT_CLOSE`` (escape, then replace them)."""
    try:
        n_articles = conn.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?", (q,)).fetchone()[0]
        arts = [dict(zip(("id", "title", "published", "snippet"), row)) for row in conn.execute(
            "SELECT r.id, r.title, r.published, snippet(articles_fts, 1, ?, ?, '…', 24)"
            " FROM articles_fts f JOIN articles r ON r.n = f.rowid WHERE articles_fts MATCH ?"
            " ORDER BY f.rank LIMIT ?", (HIT_OPEN, HIT_CLOSE, q, limit))]
        n_claims = conn.execute("SELECT count(*) FROM claims_fts WHERE claims_fts MATCH ?", (q,)).fetchone()[0]
        rows = conn.execute(
            _CLAIM_COLS + ", snippet(claims_fts, 0, ?, ?, '…', 32)" + " FROM claims_fts f JOIN attributions a ON"
            " a.n = f.rowid JOIN articles r ON r.id = a.article_id LEFT JOIN entities se ON"
            " se.article_id = a.article_id AND se.entity_id = a.source_entity WHERE claims_fts MATCH ?"
            " ORDER BY f.rank LIMIT ?", (HIT_OPEN, HIT_CLOSE, q, limit)).fetchall()
    except sqlite3.OperationalError as err:
        raise _fts_error(err, q) from err
    found = []
    for row in rows:
        item = _claim(row[:-1])
        item["snippet"] = row[-1]
        found.append(item)
    return {"query": q, "articles_total": n_articles, "articles": arts, "claims_total": n_claims, "claims": found}


# ---------------------------------------------------------------- source graph

@dataclass
class Graph:
    """Nodes (outlets and sources) and weighted "reported via" edges across the corpus."""

    nodes: dict[str, dict] = field(default_factory=dict)  # key -> {key, label, kind, entity_id, weight}
    edges: dict[tuple[str, str], int] = field(default_factory=dict)  # (from key, to key) -> count

    def node(self, key: str, label: str, kind: str, entity_id: str | None = None) -> str:
        if key not in self.nodes:
            self.nodes[key] = {"key": key, "label": label, "kind": kind, "entity_id": entity_id, "weight": 0}
        self.nodes[key]["weight"] += 1
        return key

    def edge(self, a: str, b: str) -> None:
        if a != b:
            self.edges[(a, b)] = self.edges.get((a, b), 0) + 1


def _host(url: str | None) -> str | None:
    from urllib.parse import urlparse

    if not url:
        return None
    host = (urlparse(url).hostname or "").lower()
    return host[4:] if host.startswith("www.") else host or None


def source_graph(conn: sqlite3.Connection) -> Graph:
    """Every stored source chain as edges: the article's outlet (its site, else its URL's host) to the
    chain's first source, then each source to the one it reports (``A -> B``: what B says reached the
    article through A). Sources are merged by corpus entity id when resolved, else by lowered text."""
    graph = Graph()
    sql = ("SELECT sc.article_id, sc.chain, sc.text, sc.kind, e.name, e.type, r.site, r.url"
           " FROM source_chains sc JOIN articles r ON r.id = sc.article_id"
           " LEFT JOIN entities e ON e.article_id = sc.article_id AND e.entity_id = sc.entity"
           " ORDER BY r.n, sc.chain, sc.step")
    last: tuple[str, int] | None = None
    prev: str | None = None
    for article_id, chain, text, kind, ename, etype, site, url in conn.execute(sql):
        if (article_id, chain) != last:
            last = (article_id, chain)
            outlet = (site or "").strip() or _host(url)
            prev = graph.node("outlet:" + outlet.lower(), outlet, "outlet") if outlet else None
        if ename:
            eid = entity_key(etype, ename)
            key = graph.node("entity:" + eid, ename, kind or "source", eid)
        else:
            label = " ".join((text or "(unnamed)").split())
            key = graph.node("text:" + normalise_name(label), label, kind or "source")
        if prev is not None:
            graph.edge(prev, key)
        prev = key
    return graph
