"""``POST /api/analyze``: a text, an HTML page or a public URL in, a ledger out (stored only when asked).

The request body is read with a byte cap before it is parsed (E031, 413), must be JSON
(``Content-Type: application/json``, which a cross-site HTML form cannot send) and names exactly one
of ``text``, ``html`` or ``url``. URLs are fetched by ``safety.fetch_public`` (SSRF rules, size and
time caps). The analysis is the one ``sourcetrace analyze`` runs: ``clean_article`` then
``analyze_article``. ``"store": true`` writes the ledger to the store through the single writer,
only on a server started with ``--allow-write`` and, when it has a token, with that token.
"""

from __future__ import annotations

import datetime as dt
import json

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request

from ..errors import SourcetraceError
from ..records import RawArticle
from .state import WebState


class AnalyzeRequest(BaseModel):
    """One article to analyze: exactly one of ``text``, ``html`` or ``url``."""

    model_config = ConfigDict(extra="forbid")

    text: str | None = Field(None, description="plain text; a first line that reads as a headline becomes the title")
    html: str | None = Field(None, description="an HTML page; trafilatura extracts the article")
    url: str | None = Field(None, description="a public http(s) address, fetched by the server (SSRF-checked)")
    title: str | None = Field(None, max_length=1000, description="the headline, when the text does not start with it")
    published: str | None = Field(None, description="publication date YYYY-MM-DD (resolves 'yesterday', 'March 3')")
    id: str | None = Field(None, min_length=1, max_length=200, description="the article id (default: a hash of the text)")
    store: bool = Field(False, description="also store the ledger (needs --allow-write, and the token if the server has one)")
    check_language: bool = Field(True, description="refuse text that is not English (E005)")


REQUEST_SCHEMA = AnalyzeRequest.model_json_schema()


async def read_request(request: Request, state: WebState) -> AnalyzeRequest:
    """The validated request body; E029 (422/415) when it is not one JSON object of the model, E031
    (413) when the body or the text is over the server's limit."""
    ctype = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if ctype != "application/json":
        raise SourcetraceError("E029", reason=f"the body must be JSON (Content-Type: application/json), not {ctype or 'untyped'}")
    # JSON escapes can make the body up to 6 times the text (\\uXXXX); the text itself is checked after parsing
    cap = 6 * state.max_bytes + 65_536
    length = request.headers.get("content-length", "")
    if length.isdigit() and int(length) > cap:
        raise SourcetraceError("E031", what="request body", size=int(length), limit=cap)
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > cap:
            raise SourcetraceError("E031", what="request body", size=size, limit=cap)
        chunks.append(chunk)
    try:
        data = json.loads(b"".join(chunks) or b"null")
    except (ValueError, UnicodeDecodeError, RecursionError) as err:  # RecursionError: nested too deeply
        raise SourcetraceError("E029", reason=f"the body is not valid JSON ({err})") from err
    if not isinstance(data, dict):
        raise SourcetraceError("E029", reason="the body must be a JSON object such as {\"text\": \"...\"}")
    try:
        body = AnalyzeRequest.model_validate(data)
    except ValidationError as err:
        problems = "; ".join(f"{'.'.join(str(x) for x in e['loc']) or 'body'}: {e['msg']}" for e in err.errors())
        raise SourcetraceError("E029", reason=problems) from err
    given = [k for k in ("text", "html", "url") if getattr(body, k) is not None]
    if len(given) != 1:
        raise SourcetraceError("E029", reason="send exactly one of \"text\", \"html\" or \"url\""
                               + (f" (got {', '.join(given)})" if given else ""))
    for key in ("text", "html"):
        value = getattr(body, key)
        if value is not None and len(value.encode("utf-8")) > state.max_bytes:
            raise SourcetraceError("E031", what=key, size=len(value.encode("utf-8")), limit=state.max_bytes)
    if body.published is not None:
        try:
            if len(body.published) != 10:
                raise ValueError(body.published)
            dt.date.fromisoformat(body.published)
        except ValueError as err:
            raise SourcetraceError("E029", reason=f"published {body.published!r} is not a YYYY-MM-DD date") from err
    return body


def _fetch(body: AnalyzeRequest, state: WebState) -> RawArticle:
    from ..ingest.decode import decode_bytes
    from ..ingest.files import looks_like_html
    from .safety import fetch_public

    page = fetch_public(body.url, max_bytes=state.fetch_max_bytes, timeout=state.fetch_timeout,
                        resolver=state.resolver, transport=state.transport)
    if page.content_type in ("text/html", "application/xhtml+xml"):
        html = True
    elif page.content_type == "text/plain":
        html = False
    elif not page.content_type or page.content_type.startswith("text/"):
        html = looks_like_html(page.body)
    else:
        raise SourcetraceError("E003", path=body.url, reason=f"the server sent {page.content_type}")
    text, used = decode_bytes(page.body, body.url, html=html, charset=page.charset)
    meta = {"encoding": used, "bytes": len(page.body), "content_type": page.content_type or None}
    if html:
        return RawArticle(origin=body.url, html=text, url=page.url, id=body.id, title=body.title, metadata=meta)
    return RawArticle(origin=body.url, text=text, url=page.url, id=body.id, title=body.title, metadata=meta)


def _analyze(raw: RawArticle, body: AnalyzeRequest, state: WebState) -> dict:
    from ..clean import clean_article
    from ..pipeline import analyze_article

    article = clean_article(raw, published=body.published, check_language=body.check_language)
    with state.nlp_lock:
        return analyze_article(article, nlp=state.nlp())


async def analyze(body: AnalyzeRequest, state: WebState, authorization: str | None) -> tuple[dict, bool]:
    """The ledger of the request's article, and whether it was stored."""
    if body.store:
        state.check_write(authorization)  # before any work
    import anyio.to_thread

    fetch_limiter, analysis_limiter = state.limiters()
    if body.url is not None:
        raw = await anyio.to_thread.run_sync(_fetch, body, state, limiter=fetch_limiter)
    elif body.html is not None:
        raw = RawArticle(origin="api:html", html=body.html, id=body.id, title=body.title)
    else:
        raw = RawArticle(origin="api:text", text=body.text, id=body.id, title=body.title)
    # queued here, in the event loop, rather than in worker threads: a burst of analyses never
    # takes the threads that the read endpoints run in
    ledger = await anyio.to_thread.run_sync(_analyze, raw, body, state, limiter=analysis_limiter)
    if body.store:
        source = body.url or f"api:{'html' if body.html is not None else 'text'}"
        meta = {"via": "POST /api/analyze", **dict(raw.metadata)}
        await run_in_threadpool(state.store, ledger, source=source, position=ledger["id"], metadata=meta)
    return ledger, body.store
