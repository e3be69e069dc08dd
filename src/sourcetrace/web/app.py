"""The FastAPI application: ``create_app(db_path)`` wires the store, the API, the pages and the safety layer.

Every error leaves as one shape. Under ``/api/`` it is JSON,
``{"error": {"code": "E028", "message": "[E028] ...", "status": 404}}`` (422 validation errors add
``details``); pages get the same numbered message in an HTML page with the site's navigation. The
numbered codes live in ``errors.py``; ``STATUS`` maps each to its HTTP status. FastAPI's own
``/docs`` pages are switched off (they load scripts from a CDN, which the CSP forbids); the OpenAPI
document is at ``/openapi.json``.
"""

from __future__ import annotations

import logging
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.templating import Jinja2Templates

from .. import __version__
from ..errors import SourcetraceError
from .safety import SecurityHeaders, error_body, system_resolver
from .state import FETCH_MAX_BYTES, FETCH_TIMEOUT, MAX_BYTES, WebState

HERE = Path(__file__).parent
log = logging.getLogger("sourcetrace.web")

STATUS = {
    "E003": 422, "E004": 422, "E005": 422, "E011": 422, "E013": 422,
    "E006": 413, "E031": 413,
    "E007": 502, "E008": 504, "E033": 504,
    "E020": 500, "E023": 500, "E037": 500,
    "E028": 404, "E029": 422, "E030": 400, "E032": 400, "E034": 403, "E035": 401,
}


def status_of(err: SourcetraceError) -> int:
    return STATUS.get(err.code, 400)


def templates() -> Jinja2Templates:
    from urllib.parse import quote

    from .render import short

    env = Environment(loader=FileSystemLoader(str(HERE / "templates")), autoescape=True,
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["pathpart"] = lambda value: quote(str(value), safe="")  # one path segment, '/' included
    env.filters["short"] = short
    return Jinja2Templates(env=env)


def error_response(request: Request, err: SourcetraceError, status: int, details=None, headers=None):
    if request.url.path.startswith("/api/") or request.url.path == "/openapi.json":
        return JSONResponse(error_body(err, status, details), status_code=status, headers=headers)
    return request.app.state.templates.TemplateResponse(
        request, "error.html", {"error": err, "status": status}, status_code=status, headers=headers)


def create_app(db_path: str | Path, *, token: str | None = None, allow_write: bool = False, public: bool = False,
               max_bytes: int = MAX_BYTES, fetch_max_bytes: int = FETCH_MAX_BYTES,
               fetch_timeout: float = FETCH_TIMEOUT, allowed_hosts: tuple[str, ...] | None = None,
               resolver=system_resolver, transport=None, nlp=None) -> FastAPI:
    """The app serving the store at ``db_path`` (E023 when it is missing or not a sourcetrace store).

    ``allow_write`` lets ``POST /api/analyze`` store ledgers; with ``token`` set, storing needs
    ``Authorization: Bearer TOKEN``. ``public`` (bound to a non-loopback address) with ``allow_write``
    and no token is refused (E036). ``allowed_hosts``: the only ``Host`` names answered (``serve`` passes
    the loopback names when bound to a loopback address, against DNS rebinding). ``resolver``,
    ``transport`` and ``nlp`` are for tests: the DNS resolver of the SSRF check, an ``httpx``
    transport, and a loaded spaCy pipeline (else loaded lazily, on the first analysis).
    """
    if public and allow_write and not token:
        raise SourcetraceError("E036", host="a non-loopback address")
    state = WebState(db_path=Path(db_path), token=token or None, allow_write=allow_write, public=public,
                     max_bytes=max_bytes, fetch_max_bytes=fetch_max_bytes, fetch_timeout=fetch_timeout,
                     resolver=resolver, transport=transport, nlp_loader=(lambda: nlp) if nlp is not None else None)
    state.check_store()

    @asynccontextmanager
    async def lifespan(_app):
        yield
        state.close()

    app = FastAPI(
        lifespan=lifespan, title="sourcetrace", version=__version__, docs_url=None, redoc_url=None, openapi_url="/openapi.json",
        description="Claim ledgers of a stored news corpus: who says what, on whose authority, how firmly. "
                    "Errors: {\"error\": {\"code\", \"message\", \"status\"}} with a numbered code.",
    )
    app.state.web = state
    app.state.templates = templates()

    @app.exception_handler(SourcetraceError)
    async def _sourcetrace_error(request: Request, err: SourcetraceError):
        return error_response(request, err, status_of(err))

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, exc: RequestValidationError):
        details = [{"loc": list(e.get("loc", ())), "msg": e.get("msg", ""), "type": e.get("type", "")}
                   for e in exc.errors()]
        reason = "; ".join(f"{'.'.join(str(x) for x in d['loc'])}: {d['msg']}" for d in details)
        return error_response(request, SourcetraceError("E029", reason=reason), 422, details)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException):
        if exc.status_code == 404:
            err = SourcetraceError("E028", what="address", id=request.url.path,
                                   hint="the pages are /, /claims, /entities, /graph and /search; the API is described at /openapi.json")
        elif exc.status_code == 405:
            err = SourcetraceError("E029", reason=f"{request.method} is not allowed on {request.url.path}")
        else:
            err = SourcetraceError("E029", reason=str(exc.detail))
        return error_response(request, err, exc.status_code, headers=getattr(exc, "headers", None))

    from .api import router as api_router
    from .pages import router as pages_router

    app.include_router(api_router)
    app.include_router(pages_router)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    app.add_middleware(SecurityHeaders, allowed_hosts=allowed_hosts)

    return app
