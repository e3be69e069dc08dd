"""What one running server holds: the store's path and read connections, the writer, the model, the limits.

Read endpoints borrow a connection from a small pool of read-only SQLite connections (``mode=ro``
URIs, so no request can change the store; WAL readers never block the ingest writer and see each
commit as it lands). A connection is used by one request at a time and returned afterwards; SQLite
connections are not shared between concurrent threads. The write connection (``POST /api/analyze``
with ``"store": true``) is opened on first use through ``store.connect``, and every write holds
``write_lock``. The spaCy model is loaded once per process, on the first analysis, and analyses run
one at a time (``nlp_lock``, and a capacity limiter so that waiting analyses hold no worker thread)
since a spaCy pipeline is not documented as thread-safe.
"""

from __future__ import annotations

import os
import queue
import sqlite3
import threading
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import SourcetraceError
from .safety import Resolver, system_resolver

# Defaults of `sourcetrace serve`: a long news article is 20-60 kB of text, so 1 MB leaves a wide
# margin while keeping one request from holding the model for minutes; fetched pages carry markup,
# scripts and inline images, hence the larger cap.
MAX_BYTES = 1_000_000
FETCH_MAX_BYTES = 5_000_000
FETCH_TIMEOUT = 10.0
FETCHES = 4  # URL fetches at a time (each waits on the network, bounded by FETCH_TIMEOUT)
_POOL_IDLE = 16


def open_readonly(path: str | Path) -> sqlite3.Connection:
    """A read-only connection (``mode=ro`` URI). Should SQLite refuse that (a WAL store in a folder this
    process cannot write, without its ``-shm`` file), an ordinary connection with ``query_only``."""
    path = Path(path).resolve()
    try:
        conn = sqlite3.connect(path.as_uri() + "?mode=ro", uri=True, check_same_thread=False, timeout=30)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.OperationalError:
        conn = sqlite3.connect(str(path), check_same_thread=False, timeout=30)
        conn.execute("PRAGMA query_only = ON")
    conn.execute("PRAGMA busy_timeout = 30000")
    return conn


@dataclass
class WebState:
    db_path: Path
    token: str | None = None
    allow_write: bool = False
    public: bool = False  # bound to a non-loopback address
    max_bytes: int = MAX_BYTES
    fetch_max_bytes: int = FETCH_MAX_BYTES
    fetch_timeout: float = FETCH_TIMEOUT
    resolver: Resolver = system_resolver
    transport: object = None  # an httpx transport for tests; None = the network
    nlp_loader: Callable | None = None
    write_lock: threading.Lock = field(default_factory=threading.Lock)
    nlp_lock: threading.Lock = field(default_factory=threading.Lock)
    _pool: queue.SimpleQueue = field(default_factory=queue.SimpleQueue)
    _nlp: object = None
    _writer: sqlite3.Connection | None = None
    _graph: tuple | None = None  # (store version, Graph)
    _limiters: weakref.WeakKeyDictionary = field(default_factory=weakref.WeakKeyDictionary)

    def check_store(self) -> None:
        """E023 unless ``db_path`` is a sourcetrace store of this version."""
        from ..store import connect

        connect(self.db_path, create=False, readonly=True).close()

    @contextmanager
    def reader(self) -> Iterator[sqlite3.Connection]:
        try:
            conn = self._pool.get_nowait()
        except queue.Empty:
            conn = open_readonly(self.db_path)
        try:
            yield conn
        finally:
            if not conn.in_transaction and self._pool.qsize() < _POOL_IDLE:
                self._pool.put(conn)
            else:
                conn.close()

    def _version(self) -> tuple:
        """Changes whenever a commit lands: the mtime and size of the store and of its WAL file."""
        out = []
        for suffix in ("", "-wal"):
            try:
                st = os.stat(f"{self.db_path}{suffix}")
                out.append((st.st_mtime_ns, st.st_size))
            except OSError:
                out.append(None)
        return tuple(out)

    def source_graph(self):
        """The corpus source graph, recomputed only after the store has changed."""
        from ..store.graph import source_graph

        version = self._version()
        cached = self._graph
        if cached is not None and cached[0] == version:
            return cached[1]
        with self.reader() as conn:
            graph = source_graph(conn)
        self._graph = (version, graph)
        return graph

    def limiters(self) -> tuple:
        """``(fetch, analysis)`` capacity limiters: at most ``FETCHES`` URL fetches and one analysis
        run in worker threads at a time (created in the event loop, on first use)."""
        import asyncio

        import anyio

        loop = asyncio.get_running_loop()  # limiters belong to one event loop (tests run several)
        if loop not in self._limiters:
            self._limiters[loop] = (anyio.CapacityLimiter(FETCHES), anyio.CapacityLimiter(1))
        return self._limiters[loop]

    def nlp(self):
        """The spaCy pipeline, loaded on first use (call with ``nlp_lock`` held)."""
        if self._nlp is None:
            from ..nlp import load_model

            self._nlp = (self.nlp_loader or load_model)()
        return self._nlp

    def store(self, ledger: dict, *, source: str, position: str, metadata: dict) -> None:
        """Write one analyzed article through the store's writer, one write at a time."""
        from ..store import Writer, connect

        with self.write_lock:
            if self._writer is None:
                self._writer = connect(self.db_path, create=False)
            writer = Writer(self._writer, batch_articles=1)
            try:
                writer.article(ledger, source=source, position=position, metadata=metadata)
            finally:
                writer.commit()

    def close(self) -> None:
        while True:
            try:
                self._pool.get_nowait().close()
            except queue.Empty:
                break
        with self.write_lock:
            if self._writer is not None:
                self._writer.close()
                self._writer = None

    def check_write(self, authorization: str | None) -> None:
        """E034 when writing is off; E035 when a token is set (or needed) and the request lacks it."""
        import hmac

        if not self.allow_write:
            raise SourcetraceError("E034")
        if self.token is None:
            if self.public:
                raise SourcetraceError("E035", reason="the server has no token and is reachable from other hosts")
            return
        scheme, _, value = (authorization or "").partition(" ")
        if scheme.lower() != "bearer" or not value.strip():
            raise SourcetraceError("E035", reason="no 'Authorization: Bearer' header was sent")
        if not hmac.compare_digest(value.strip().encode(), self.token.encode()):
            raise SourcetraceError("E035", reason="the token does not match")
