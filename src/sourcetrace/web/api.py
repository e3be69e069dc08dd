"""The JSON API under ``/api``: articles, claims, entities, stats, the source graph, ``POST /api/analyze`` and ``POST /api/stance``.

Lists are paged with ``limit`` (1-500, default 50) and ``offset`` and answer
``{"total", "limit", "offset", "next", "items"}``, ``next`` being the address of the following page
or null. Claim filters are shared with the ``/claims`` page (``claim_filters``) and with
``/api/claims/download``, which streams every matching claim as CSV or a JSON array. All read
endpoints use read-only connections (``WebState.reader``).
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from collections.abc import Iterator
from typing import Literal
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, Header, Query, Request
from fastapi.responses import JSONResponse, StreamingResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from ..errors import SourcetraceError
from ..records import CERTAINTIES, SOURCE_KINDS
from ..store import queries
from ..store.queries import CLAIM_FIELDS, ENTITY_TYPES, ClaimFilters
from . import analyze as analyze_mod
from .graph import as_json
from .state import WebState, open_readonly

router = APIRouter(prefix="/api", tags=["api"])
KINDS = (*SOURCE_KINDS, "none")
MAX_LIMIT = 500


def web_state(request: Request) -> WebState:
    return request.app.state.web


def connection(request: Request) -> Iterator[sqlite3.Connection]:
    """A read-only connection for the duration of one request."""
    with request.app.state.web.reader() as conn:
        yield conn


def choice_values(values: list[str], allowed: tuple[str, ...], name: str) -> tuple[str, ...]:
    out = []
    for value in values:
        for part in value.split(","):
            part = part.strip()
            if not part:
                continue
            if part not in allowed:
                raise SourcetraceError("E029", reason=f"{name} {part!r} is not one of {', '.join(allowed)}")
            out.append(part)
    return tuple(dict.fromkeys(out))


def claim_filters(
    source: str | None = Query(None, max_length=500, description="the source's text or its entity's name or alias contains this"),
    entity: str | None = Query(None, max_length=500, description="the source or the content mentions an entity whose name or alias contains this"),
    certainty: list[str] = Query([], description="any of factive, asserted, distanced, hedged (repeat or comma-separate)"),
    kind: list[str] = Query([], description="source kind: any of " + ", ".join(KINDS) + " (none = no source)"),
    text: str | None = Query(None, max_length=500, description="the claim's content contains this (case-insensitive)"),
    q: str | None = Query(None, max_length=500, description="FTS5 query over claim content: words, \"a phrase\", OR, NOT, prefix*"),
    article: str | None = Query(None, max_length=200, description="only claims of this article id"),
) -> ClaimFilters:
    blank = lambda v: v.strip() or None if v is not None else None  # noqa: E731
    return ClaimFilters(source=blank(source), entity=blank(entity),
                        certainty=choice_values(certainty, CERTAINTIES, "certainty"),
                        kind=choice_values(kind, KINDS, "kind"), text=blank(text), search=blank(q), article=blank(article))


def api_claim(row: dict) -> dict:
    """A claim row of ``store.queries`` as the HTTP API sends it: the fields ``CLAIM_FIELDS``."""
    return {k: row[k] for k in CLAIM_FIELDS}


def filter_params(f: ClaimFilters) -> list[tuple[str, str]]:
    """``f`` as query parameters (for paging and download links)."""
    out = [(k, getattr(f, k)) for k in ("source", "entity", "text") if getattr(f, k)]
    out += [("q", f.search)] if f.search else []
    out += [("article", f.article)] if f.article else []
    out += [("certainty", c) for c in f.certainty] + [("kind", k) for k in f.kind]
    return out


def _page(request: Request, total: int, items: list, limit: int, offset: int) -> dict:
    nxt = None
    if offset + limit < total:
        params = [(k, v) for k, v in request.query_params.multi_items() if k not in ("offset", "limit")]
        params += [("limit", str(limit)), ("offset", str(offset + limit))]
        nxt = f"{request.url.path}?{urlencode(params)}"
    return {"total": total, "limit": limit, "offset": offset, "next": nxt, "items": items}


Limit = Query(50, ge=1, le=MAX_LIMIT, description="items per page")
Offset = Query(0, ge=0, le=10_000_000, description="items to skip")


@router.get("/articles", summary="Stored articles, paged; q= searches title and text (FTS5)")
def list_articles(request: Request, q: str | None = Query(None, max_length=500), limit: int = Limit,
                  offset: int = Offset, conn: sqlite3.Connection = Depends(connection)) -> dict:
    q = (q or "").strip() or None
    total = queries.count_articles(conn, search=q)
    return _page(request, total, queries.articles(conn, search=q, limit=limit, offset=offset), limit, offset)


@router.get("/articles/{article_id:path}", summary="The full ledger of one article (schema sourcetrace.article/1)")
def get_article(article_id: str, conn: sqlite3.Connection = Depends(connection)) -> dict:
    ledger = queries.ledger(conn, article_id)
    if ledger is None:
        raise SourcetraceError("E028", what="article", id=article_id, hint="list the stored articles at /api/articles")
    return ledger


@router.get("/claims", summary="Claims across the corpus, filtered and paged")
def list_claims(request: Request, filters: ClaimFilters = Depends(claim_filters), limit: int = Limit,
                offset: int = Offset, conn: sqlite3.Connection = Depends(connection)) -> dict:
    total = queries.count_claims(conn, filters)
    items = [api_claim(c) for c in queries.claims(conn, filters, limit=limit, offset=offset)]
    return _page(request, total, items, limit, offset)


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(value):
    """A text cell that a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``, tab, CR
    first) gets a leading ``'``, so opening the download cannot execute article text; numbers are
    left alone. The JSON download keeps every value exact."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def _csv_rows(rows: Iterator[dict]) -> Iterator[str]:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(CLAIM_FIELDS), extrasaction="ignore")
    writer.writeheader()
    for i, row in enumerate(rows, 1):
        writer.writerow({k: _csv_cell(v) for k, v in row.items()})
        if i % 200 == 0:
            yield buf.getvalue()
            buf.seek(0)
            buf.truncate()
    yield buf.getvalue()


def _json_rows(rows: Iterator[dict]) -> Iterator[str]:
    yield "["
    for i, row in enumerate(rows):
        yield ("," if i else "") + "\n" + json.dumps(row, ensure_ascii=False)
    yield "\n]\n"


@router.get("/claims/download", summary="Every claim matching the filters, as a CSV or JSON file")
def download_claims(filters: ClaimFilters = Depends(claim_filters),
                    format: Literal["csv", "json"] = Query("csv", description="csv or json"),
                    state: WebState = Depends(web_state)):
    conn = open_readonly(state.db_path)  # owned by the stream, closed when it ends
    try:
        rows = map(api_claim, queries.iter_claims(conn, filters))
        first = next(rows, None)  # runs the query now, so that a bad q= is a 400, not a broken download
    except BaseException:
        conn.close()
        raise

    def chained() -> Iterator[dict]:
        try:
            if first is not None:
                yield first
                yield from rows
        finally:
            conn.close()

    if format == "csv":
        body, media = _csv_rows(chained()), "text/csv; charset=utf-8"
    else:
        body, media = _json_rows(chained()), "application/json"
    return StreamingResponse(body, media_type=media,
                             headers={"Content-Disposition": f'attachment; filename="claims.{format}"'})


@router.get("/entities", summary="Entities across the corpus (grouped by type and name), most widespread first")
def list_entities(request: Request, name: str | None = Query(None, max_length=500),
                  type: list[str] = Query([], description="spaCy label or MEDIA; repeatable"),
                  limit: int = Limit, offset: int = Offset, conn: sqlite3.Connection = Depends(connection)) -> dict:
    types = choice_values(type, ENTITY_TYPES, "type")
    name = (name or "").strip() or None
    total = queries.count_entities(conn, name=name, type=types)
    return _page(request, total, queries.entities(conn, name=name, type=types, limit=limit, offset=offset), limit,
                 offset)


@router.get("/entities/{entity_id}", summary="One corpus entity: what it says and what is said about it")
def get_entity(entity_id: str, conn: sqlite3.Connection = Depends(connection)) -> dict:
    found = queries.entity(conn, entity_id)
    if found is None:
        raise SourcetraceError("E028", what="entity", id=entity_id, hint="list the corpus entities and their ids at /api/entities")
    return {**found, "says": [api_claim(c) for c in found["says"]],
            "said_about": [api_claim(c) for c in found["said_about"]]}


@router.get("/stats", summary="Counts of stored articles, failures and layers")
def get_stats(conn: sqlite3.Connection = Depends(connection)) -> dict:
    return queries.stats(conn)


@router.get("/graph", summary="The source graph: outlets and sources linked by 'reported via' steps")
def get_graph(state: WebState = Depends(web_state)) -> dict:
    return as_json(state.source_graph())


@router.post(
    "/analyze", summary="Analyze a text, an HTML page or a public URL into a ledger",
    openapi_extra={"requestBody": {"required": True, "content": {"application/json": {
        "schema": analyze_mod.REQUEST_SCHEMA}}}},
    responses={200: {"description": "the ledger (not stored)"},
               201: {"description": "the ledger, stored; Location names it"}},
)
async def post_analyze(request: Request, authorization: str | None = Header(None, include_in_schema=False)):
    state: WebState = request.app.state.web
    body = await analyze_mod.read_request(request, state)
    ledger, stored = await analyze_mod.analyze(body, state, authorization)
    if stored:
        return JSONResponse(ledger, status_code=201, headers={"Location": f"/api/articles/{quote(ledger['id'], safe='')}"})
    return JSONResponse(ledger)


class StanceRequest(BaseModel):
    """A claim and a report (headline, sentence or article body) for ``POST /api/stance``."""

    model_config = ConfigDict(extra="forbid")

    claim: str = Field(..., max_length=5_000, description="the claim, a sentence or headline")
    text: str = Field(..., max_length=1_000_000, description="the report: a headline, a sentence or an article body")


@router.post("/stance", summary="The stance of a report towards a claim: agree, disagree, discuss or unrelated")
async def post_stance(body: StanceRequest) -> dict:
    """``stance`` and the probability of each label (``scores``), the model head that read the
    report and, for a body, the sentences it read closely (docs/stance.md). Empty claim or text:
    E060/E061 (400)."""
    from ..stance_model.predict import stance

    result = await run_in_threadpool(stance, body.claim, body.text)
    return {"stance": result.stance, "scores": result.scores, "head": result.head, "sentences": list(result.sentences)}
