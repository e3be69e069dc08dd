"""Server-rendered pages: articles, one article's highlighted ledger, claims, entities, the source graph, search.

Pages are Jinja2 templates with autoescape on; the only markup built in Python (highlighted text,
snippets) is escaped piece by piece in ``render.py``. The page script (``static/app.js``) reads the
article's ledger from a ``<script type="application/json">`` block (``tojson`` escapes ``<``, ``>``,
``&`` and ``'``), so no inline script runs and the CSP can allow scripts from ``'self'`` only.
A bad full-text query shows its numbered message (E030) on the page with status 400.
"""

from __future__ import annotations

import sqlite3
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request

from ..errors import SourcetraceError
from ..records import CERTAINTIES, content_display
from ..store import queries
from ..store.entity_ids import entity_key
from ..store.queries import ENTITY_TYPES, ClaimFilters
from .api import KINDS, choice_values, claim_filters, connection, filter_params, web_state
from .graph import KIND_COLOURS, layout
from .render import Pager, claim_label, highlight, ledger_data, snippet
from .state import WebState

router = APIRouter(include_in_schema=False)
PER_PAGE = 50
PageNumber = Query(1, ge=1, le=1_000_000)


def render(request: Request, name: str, context: dict, status: int = 200):
    return request.app.state.templates.TemplateResponse(request, name, {"certainties": CERTAINTIES, **context}, status_code=status)


@router.get("/")
def articles_page(request: Request, q: str | None = Query(None, max_length=500), page: int = PageNumber,
                  conn: sqlite3.Connection = Depends(connection)):
    q = (q or "").strip() or None
    error = None
    try:
        total = queries.count_articles(conn, search=q)
        items = queries.articles(conn, search=q, limit=PER_PAGE, offset=(page - 1) * PER_PAGE)
    except SourcetraceError as err:
        total, items, error = 0, [], err
    pager = Pager("/", request.query_params.multi_items(), page=page, per_page=PER_PAGE, total=total)
    return render(request, "articles.html", {"section": "articles", "q": q, "items": items, "pager": pager,
                                             "error": error}, 400 if error else 200)


@router.get("/articles/{article_id:path}")
def article_page(request: Request, article_id: str, conn: sqlite3.Connection = Depends(connection)):
    ledger = queries.ledger(conn, article_id)
    if ledger is None:
        raise SourcetraceError("E028", what="article", id=article_id, hint="find it in the list of articles at /")
    names = {e["id"]: e["name"] for e in ledger["entities"]}
    claims = [{"id": a["id"], "label": claim_label(a, names), "cue": a["cue"]["text"],
               "content": content_display(a, ledger.get("text")), "certainty": a["certainty"]}
              for a in ledger["attributions"]]
    entities = [{**e, "key": entity_key(e["type"], e["name"])} for e in ledger["entities"]]
    return render(request, "article.html", {
        "section": "articles", "ledger": ledger, "text_html": highlight(ledger["text"], ledger["attributions"]),
        "claims": claims, "entities": entities, "data": ledger_data(ledger), "signals": ledger.get("signals") or {},
    })


@router.get("/claims")
def claims_page(request: Request, filters: ClaimFilters = Depends(claim_filters), page: int = PageNumber,
                conn: sqlite3.Connection = Depends(connection)):
    error = None
    try:
        total = queries.count_claims(conn, filters)
        items = queries.claims(conn, filters, limit=PER_PAGE, offset=(page - 1) * PER_PAGE)
    except SourcetraceError as err:
        total, items, error = 0, [], err
    params = filter_params(filters)
    pager = Pager("/claims", params, page=page, per_page=PER_PAGE, total=total)
    download = "/api/claims/download?" + urlencode(params + [("format", "")])
    return render(request, "claims.html", {
        "section": "claims", "filters": filters, "items": items, "total": total, "pager": pager, "error": error,
        "kinds": KINDS, "csv_url": download + "csv", "json_url": download + "json",
    }, 400 if error else 200)


@router.get("/entities")
def entities_page(request: Request, name: str | None = Query(None, max_length=500), type: list[str] = Query([]),
                  page: int = PageNumber, conn: sqlite3.Connection = Depends(connection)):
    types = choice_values(type, ENTITY_TYPES, "type")
    name = (name or "").strip() or None
    total = queries.count_entities(conn, name=name, type=types)
    items = queries.entities(conn, name=name, type=types, limit=PER_PAGE, offset=(page - 1) * PER_PAGE)
    params = ([("name", name)] if name else []) + [("type", t) for t in types]
    pager = Pager("/entities", params, page=page, per_page=PER_PAGE, total=total)
    return render(request, "entities.html", {"section": "entities", "name": name, "types": types, "items": items,
                                             "pager": pager, "all_types": ENTITY_TYPES})


@router.get("/entities/{entity_id}")
def entity_page(request: Request, entity_id: str, conn: sqlite3.Connection = Depends(connection)):
    found = queries.entity(conn, entity_id)
    if found is None:
        raise SourcetraceError("E028", what="entity", id=entity_id, hint="find it in the list of entities at /entities")
    return render(request, "entity.html", {"section": "entities", "entity": found})


@router.get("/graph")
def graph_page(request: Request, state: WebState = Depends(web_state)):
    return render(request, "graph.html", {"section": "graph", "layout": layout(state.source_graph()),
                                          "kind_colours": KIND_COLOURS})


@router.get("/search")
def search_page(request: Request, q: str | None = Query(None, max_length=500),
                conn: sqlite3.Connection = Depends(connection)):
    q = (q or "").strip() or None
    results, error = None, None
    if q:
        try:
            results = queries.search(conn, q, limit=50)
        except SourcetraceError as err:
            error = err
    return render(request, "search.html", {"section": "search", "q": q, "results": results, "error": error,
                                           "snippet": snippet}, 400 if error else 200)
