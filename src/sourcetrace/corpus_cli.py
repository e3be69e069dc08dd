"""Corpus commands: ``ingest``, ``stats``, ``claims``, ``entities``, ``show``, ``merge``, ``export``.

Thin wrappers: flags map onto ``batch.IngestOptions`` and onto the methods of ``store.Store`` (the
Python API; an FTS5 error of ``claims --search`` is E027, named after the flag, where the API says
E030); output goes to stdout (results) and stderr (progress, summary). ``register(sub)`` adds them to the parser.
"""

from __future__ import annotations

import csv
import json
import sys

from .batch.work import ENGINES
from .errors import SourcetraceError
from .ingest import DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT
from .records import CERTAINTIES, SOURCE_KINDS
from .store.writer import DEFAULT_DB


def register(sub) -> None:
    i = sub.add_parser("ingest", help="analyze collections (JSONL, CSV, folders, WARC, URL lists) into a store")
    i.add_argument("paths", nargs="+", metavar="PATH",
                   help="files (.jsonl .csv .warc(.gz) .txt .html(.gz) .urls), folders (recursive) or http(s) URLs")
    _db(i)
    i.add_argument("--workers", type=_positive, default=1, help="analysis processes or Ray actors (default 1)")
    i.add_argument("--engine", choices=ENGINES, default="local",
                   help="local processes, or Ray tasks (needs the 'ray' extra)")
    i.add_argument("--ray-address", help="join this Ray cluster ('auto', 'ray://head:10001'); default: start a local one")
    i.add_argument("--columns", help="CSV columns for the fields, e.g. 'text=content,published=scraped_at,id=uid'")
    i.add_argument("--allow-errors", action="store_true", help="exit 0 even when some inputs failed")
    i.add_argument("--force", action="store_true", help="analyze again articles whose id is already stored")
    i.add_argument("--max-bytes", type=int, default=DEFAULT_MAX_BYTES, help="refuse larger documents (default 5 MB)")
    i.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, help="URL fetch timeout in seconds")
    i.add_argument("--no-language-check", action="store_true", help="skip the English-language check")
    i.add_argument("--batch-size", type=int, default=None, help="articles per write transaction (default 64)")
    i.add_argument("--chunk-size", type=int, default=16, help="articles per task sent to a worker (default 16)")
    bar = i.add_mutually_exclusive_group()
    bar.add_argument("--progress", dest="progress", action="store_true", default=None,
                     help="always show the progress bar (default: when stderr is a terminal)")
    bar.add_argument("--no-progress", dest="progress", action="store_false")
    i.set_defaults(func=cmd_ingest)

    s = sub.add_parser("stats", help="counts of stored articles, failures and layers")
    _db(s)
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_stats)

    c = sub.add_parser("claims", help="stored attributions (who says what, how firmly), filtered")
    _db(c)
    c.add_argument("--source", help="source text or source entity name contains TEXT")
    c.add_argument("--entity", help="the claim's source or content mentions an entity whose name contains TEXT")
    c.add_argument("--certainty", action="append", choices=CERTAINTIES, help="repeatable")
    c.add_argument("--kind", action="append", choices=SOURCE_KINDS, help="source kind; repeatable")
    c.add_argument("--search", help="full-text search in claim content (FTS5 syntax: words, \"a phrase\", OR, pre*)")
    c.add_argument("--article", help="only this article id")
    c.add_argument("--limit", type=int, help="at most N claims")
    c.add_argument("--format", choices=("table", "json", "csv"), default="table")
    c.set_defaults(func=cmd_claims)

    e = sub.add_parser("entities", help="entities across stored articles, most widespread first")
    _db(e)
    e.add_argument("--name", help="name or alias contains TEXT")
    e.add_argument("--type", action="append", help="spaCy label or MEDIA; repeatable")
    e.add_argument("--min-articles", type=int, default=1)
    e.add_argument("--limit", type=int, help="at most N entities")
    e.add_argument("--format", choices=("table", "json", "csv"), default="table")
    e.set_defaults(func=cmd_entities)

    sh = sub.add_parser("show", help="the stored ledger of one article (JSON)")
    sh.add_argument("id")
    _db(sh)
    sh.add_argument("--metadata", action="store_true", help="also print where it came from and its input metadata")
    sh.set_defaults(func=cmd_show)

    m = sub.add_parser("merge", help="copy the articles of other stores (shards of one corpus) into --db")
    m.add_argument("shards", nargs="+", metavar="SHARD", help="stores written by separate 'ingest' runs")
    _db(m)
    m.set_defaults(func=cmd_merge)

    x = sub.add_parser("export", help="export the store: jsonl ledgers, csv of articles, parquet, or GDELT GKG 2.1 rows")
    _db(x)
    x.add_argument("--format", choices=("jsonl", "csv", "parquet", "gkg"), required=True)  # export.FORMATS (a test checks)
    x.add_argument("-o", "--output", help="output file (required for parquet; default standard output)")
    x.set_defaults(func=cmd_export)


def _positive(value: str) -> int:
    import argparse

    try:
        n = int(value)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number of at least 1")
    return n


def _db(p) -> None:
    p.add_argument("--db", default=DEFAULT_DB, help=f"the SQLite store (default ./{DEFAULT_DB})")


def cmd_ingest(args) -> int:
    from .batch import IngestOptions, ingest
    from .ingest.collections import parse_columns
    from .store.writer import BATCH_ARTICLES

    if args.engine == "ray":
        try:
            import ray  # noqa: F401
        except ImportError as err:
            raise SourcetraceError("E025") from err
    options = IngestOptions(
        db=args.db, workers=args.workers, engine=args.engine, ray_address=args.ray_address,
        columns=parse_columns(args.columns), max_bytes=args.max_bytes, timeout=args.timeout,
        check_language=not args.no_language_check, chunk_size=max(1, args.chunk_size),
        batch_size=args.batch_size or BATCH_ARTICLES, force=args.force, progress=args.progress,
    )
    summary = ingest(args.paths, options)
    print(f"{args.db}: {summary.line()}", file=sys.stderr)
    if summary.failed and not args.allow_errors:
        codes = ", ".join(f"{c} x{n}" for c, n in sorted(summary.errors_by_code.items()))
        print(SourcetraceError("E026", failed=summary.failed, total=summary.total, codes=codes).message,
              file=sys.stderr)
        return 1
    return 0


def _open(args):
    from .store import Store

    return Store(args.db)


def cmd_stats(args) -> int:
    from dataclasses import asdict

    with _open(args) as store:
        data = asdict(store.stats())
    if args.json:
        print(json.dumps(data, indent=2))
    else:
        for key, value in data.items():
            if isinstance(value, dict):
                value = ", ".join(f"{k} {v}" for k, v in value.items()) or "-"
            print(f"{key:>26}  {value}")
    return 0


def _emit(records, fmt: str, columns: list[tuple[str, int]], fields: tuple[str, ...]) -> None:
    """Print ``records`` (their ``fields``) as JSON, CSV or a table of ``columns`` (name, width)."""
    rows = [{k: getattr(r, k) for k in fields} for r in records]
    if fmt == "json":
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if fmt == "csv":
        if rows:
            w = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]))
            w.writeheader()
            w.writerows(rows)
        return
    header = "  ".join(name.upper().ljust(width) for name, width in columns)
    print(header.rstrip())
    for row in rows:
        cells = []
        for name, width in columns:
            value = "" if row.get(name) is None else str(row[name]).replace("\n", " ")
            if len(value) > width:
                value = value[: width - 1] + "…"
            cells.append(value.ljust(width))
        print("  ".join(cells).rstrip())
    print(f"({len(rows)} rows)", file=sys.stderr)


# the fields `claims` and `entities` print (JSON, CSV), in this order
CLAIM_COLUMNS = ("article", "title", "published", "url", "id", "source", "kind", "entity", "cue", "content",
                 "certainty", "via", "start", "end")
ENTITY_COLUMNS = ("name", "type", "articles", "mentions", "quoted")


def cmd_claims(args) -> int:
    with _open(args) as store:
        try:
            rows = store.claims(source=args.source, entity=args.entity, certainty=args.certainty, kind=args.kind,
                                search=args.search, article=args.article, limit=args.limit or None)
        except SourcetraceError as err:
            if err.code == "E030":  # the query is the --search flag's
                raise SourcetraceError("E027", **err.fields) from err
            raise
    _emit(rows, args.format, [("article", 18), ("source", 24), ("kind", 12), ("certainty", 9), ("cue", 12),
                              ("content", 70)], CLAIM_COLUMNS)
    return 0


def cmd_entities(args) -> int:
    with _open(args) as store:
        rows = store.entities(name=args.name, type=args.type, min_articles=args.min_articles, case_sensitive=True,
                              limit=args.limit or None)
    _emit(rows, args.format, [("name", 36), ("type", 8), ("articles", 8), ("mentions", 8), ("quoted", 6)],
          ENTITY_COLUMNS)
    return 0


def cmd_show(args) -> int:
    from dataclasses import asdict

    with _open(args) as store:
        ledger = store.ledger_dict(args.id)
        if ledger is None:
            raise SourcetraceError("E024", id=args.id, path=args.db)
        if args.metadata:
            stored = store.provenance(args.id)
            ledger = {**ledger, "stored": asdict(stored) if stored else {}}
    print(json.dumps(ledger, ensure_ascii=False, indent=2))
    return 0


def cmd_merge(args) -> int:
    from .store import connect
    from .store.writer import merge

    conn = connect(args.db)
    try:
        for shard in args.shards:
            copied, present = merge(conn, shard)
            print(f"{shard}: {copied} articles copied, {present} already in {args.db}", file=sys.stderr)
    finally:
        conn.close()
    return 0


def cmd_export(args) -> int:
    to_stdout = args.output in (None, "-")
    if args.format == "parquet" and to_stdout:
        raise SourcetraceError("E014", path=args.output or "-", reason="parquet needs a file: pass -o FILE")
    with _open(args) as store:
        n = store.export(args.format, sys.stdout if to_stdout else args.output)
    print(f"{n} articles exported ({args.format})", file=sys.stderr)
    return 0
