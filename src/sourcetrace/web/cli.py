"""``sourcetrace serve``: check the store and the flags, then run the app under uvicorn.

Refusals are numbered: E023 when ``--db`` is missing or not a sourcetrace store, E036 when the
server would accept writes from other machines without a token (a non-loopback ``--host`` with
``--allow-write`` and neither ``--token`` nor ``SOURCETRACE_TOKEN``).
"""

from __future__ import annotations

import ipaddress
import os
import sys

from ..errors import SourcetraceError
from .state import FETCH_MAX_BYTES, FETCH_TIMEOUT, MAX_BYTES


def register(sub) -> None:
    s = sub.add_parser("serve", help="serve a store: web pages and a JSON API (read-only unless --allow-write)")
    s.add_argument("--db", required=True, help="the SQLite store written by 'sourcetrace ingest'")
    s.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1, this machine only)")
    s.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    s.add_argument("--token", default=None,
                   help="token that write requests must send as 'Authorization: Bearer TOKEN' "
                        "(default: the SOURCETRACE_TOKEN environment setting)")
    s.add_argument("--allow-write", action="store_true",
                   help="let POST /api/analyze store articles when asked (\"store\": true)")
    s.add_argument("--max-bytes", type=int, default=MAX_BYTES,
                   help=f"largest text or HTML accepted by POST /api/analyze (default {MAX_BYTES:,})")
    s.add_argument("--fetch-max-bytes", type=int, default=FETCH_MAX_BYTES,
                   help=f"largest page fetched for an analyzed URL (default {FETCH_MAX_BYTES:,})")
    s.add_argument("--fetch-timeout", type=float, default=FETCH_TIMEOUT,
                   help=f"seconds allowed for fetching an analyzed URL, redirects included (default {FETCH_TIMEOUT:g})")
    s.set_defaults(func=cmd_serve)


def is_loopback(host: str) -> bool:
    if host.lower() in ("localhost", "localhost."):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def cmd_serve(args) -> int:
    import uvicorn

    from .app import create_app

    token = args.token or os.environ.get("SOURCETRACE_TOKEN") or None
    public = not is_loopback(args.host)
    if public and args.allow_write and not token:
        raise SourcetraceError("E036", host=args.host)
    # a loopback server answers only to loopback names: a web page cannot reach it by DNS rebinding
    hosts = None if public else tuple(dict.fromkeys(("127.0.0.1", "localhost", "::1", args.host.strip("[]").lower())))
    app = create_app(args.db, token=token, allow_write=args.allow_write, public=public, max_bytes=args.max_bytes,
                     fetch_max_bytes=args.fetch_max_bytes, fetch_timeout=args.fetch_timeout, allowed_hosts=hosts)
    mode = "read-write" if args.allow_write else "read-only"
    auth = ", writes need the token" if args.allow_write and token else ""
    print(f"sourcetrace serve: {args.db} ({mode}{auth}) on http://{args.host}:{args.port}/", file=sys.stderr)
    uvicorn.run(app, host=args.host, port=args.port, log_level="info", server_header=False)
    return 0
