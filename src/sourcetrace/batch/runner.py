"""``ingest``: read collections, skip what is stored, analyze on an engine, write with one writer.

The flow is a stream: the readers yield items one at a time; items whose id is already stored are
skipped before any analysis (so a rerun after a crash only does what is missing); the rest go to the
engine in chunks of ``chunk_size``; results come back and this process, the only writer, stores them
in batched transactions. Bad records become rows of ``ingest_errors`` and never stop the batch.
"""

from __future__ import annotations

import sqlite3
import sys
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Optional

from ..errors import SourcetraceError
from ..ingest import DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT
from ..ingest.collections import Item, ReadOptions, count_items, iter_items
from ..store import DEFAULT_DB, Writer, connect, has_article
from ..store.writer import BATCH_ARTICLES
from .work import ENGINES, Result, WorkOptions


@dataclass(frozen=True)
class IngestOptions:
    """Options of ``sourcetrace ingest`` (flags map onto these one to one)."""

    db: str = DEFAULT_DB
    workers: int = 1
    engine: str = "local"  # "local" (this machine's processes) or "ray"
    ray_address: Optional[str] = None  # None: start a local Ray; "auto" or "ray://host:10001": join a cluster
    columns: Optional[dict] = None  # CSV field -> column mapping (--columns)
    max_bytes: int = DEFAULT_MAX_BYTES
    timeout: float = DEFAULT_TIMEOUT
    check_language: bool = True
    chunk_size: int = 16  # items per task sent to a worker
    batch_size: int = BATCH_ARTICLES  # articles per write transaction
    force: bool = False  # analyze again articles that are already stored
    progress: Optional[bool] = None  # None: a progress bar when stderr is a terminal


@dataclass
class IngestSummary:
    stored: int = 0
    skipped: int = 0  # already in the store
    failed: int = 0
    words: int = 0
    seconds: float = 0.0
    errors_by_code: Counter = field(default_factory=Counter)

    @property
    def total(self) -> int:
        return self.stored + self.skipped + self.failed

    def line(self) -> str:
        rate = self.stored / self.seconds if self.seconds else 0.0
        codes = ", ".join(f"{c} x{n}" for c, n in sorted(self.errors_by_code.items()))
        failed = f"{self.failed} failed ({codes})" if self.failed else "0 failed"
        return (f"{self.stored} stored, {self.skipped} already stored, {failed} in {self.seconds:.1f} s "
                f"({rate:.1f} articles/s, {self.words / self.seconds if self.seconds else 0:,.0f} words/s)")


def _write_failure(res: Result, err: BaseException) -> Result:
    wrapped = SourcetraceError("E020", path=f"{res.input} {res.position}", reason=f"storing: {type(err).__name__}: {err}")
    return Result(res.input, res.position, code=wrapped.code, message=wrapped.message)


def _chunks(items: Iterator[Item], size: int) -> Iterator[list[Item]]:
    chunk: list[Item] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def ingest(paths: Iterable[str], options: IngestOptions = IngestOptions()) -> IngestSummary:
    """Ingest every item of ``paths`` into ``options.db``; returns the counts of this run."""
    from tqdm import tqdm

    if options.engine not in ENGINES:
        raise ValueError(options.engine)
    paths = [str(p) for p in paths]
    start = time.perf_counter()
    conn = connect(options.db)
    reader = connect(options.db)  # the skip check runs in the pool's feeder thread: its own connection
    writer = Writer(conn, batch_articles=options.batch_size)
    read_options = ReadOptions(columns=options.columns, max_bytes=options.max_bytes)
    work_options = WorkOptions(max_bytes=options.max_bytes, timeout=options.timeout,
                               check_language=options.check_language)
    summary = IngestSummary()
    skipped = [0]

    def todo() -> Iterator[Item]:
        for item in iter_items(paths, read_options):
            if item.error is None and not options.force and item.id and has_article(reader, item.id):
                skipped[0] += 1
                continue
            yield item

    show = sys.stderr.isatty() if options.progress is None else options.progress
    total = count_items(paths, read_options) if show else None
    chunks = _chunks(todo(), options.chunk_size)
    if options.engine == "ray":
        from .ray_runner import run_ray

        results = run_ray(chunks, workers=options.workers, options=work_options, address=options.ray_address)
    else:
        from .local import run_local

        results = run_local(chunks, workers=options.workers, options=work_options)
    bar = tqdm(total=total, unit="art", desc="ingest", file=sys.stderr, disable=not show, dynamic_ncols=True,
               smoothing=0.1)
    seen_skipped = 0
    try:
        for chunk in results:
            for res in chunk:
                if res.ok:
                    try:
                        writer.article(res.ledger, source=res.input, position=res.position, metadata=res.metadata)
                    except (ValueError, TypeError, KeyError, OverflowError, sqlite3.IntegrityError) as err:
                        # a ledger the store cannot hold is a bug; it fails this article, not the batch
                        res = _write_failure(res, err)
                    else:
                        summary.stored += 1
                        summary.words += len(res.ledger["text"].split())
                if not res.ok:
                    writer.error(input=res.input, position=res.position, code=res.code, message=res.message)
                    summary.failed += 1
                    summary.errors_by_code[res.code] += 1
            bar.update(len(chunk) + skipped[0] - seen_skipped)
            seen_skipped = skipped[0]
            if summary.failed:
                bar.set_postfix(failed=summary.failed, refresh=False)
        bar.update(skipped[0] - seen_skipped)  # items skipped after the last chunk
    finally:
        bar.close()
        writer.close()
        conn.close()
        reader.close()
    summary.skipped = skipped[0]
    summary.seconds = time.perf_counter() - start
    return summary


__all__ = ["ENGINES", "IngestOptions", "IngestSummary", "ingest", "SourcetraceError"]
