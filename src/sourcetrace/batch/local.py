"""The local engine: analysis in this process (one worker) or in a pool of spawned processes.

Each worker process loads the model once. Chunks go out through ``imap_unordered``, but a
semaphore allows only ``IN_FLIGHT_PER_WORKER`` chunks per worker to be queued at once: ``Pool``
would otherwise read the whole input ahead of the workers, and memory would grow with the corpus.
A worker whose parent dies (``kill -9`` of ``sourcetrace ingest``) exits by itself.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import threading
import time
from collections.abc import Iterable, Iterator

from .work import Result, WorkOptions, Worker, start

# Chunks queued per worker: one being analyzed, one waiting so the worker never idles while the parent
# writes, one spare for a writer commit that takes longer than a chunk. Chosen, not tuned: memory is
# 3 chunks x 16 articles per worker at most, and docs/corpus.md measures ingest at 77-80% of bare spaCy.
IN_FLIGHT_PER_WORKER = 3

_worker: Worker | None = None  # the pool process's own


def _watch_parent(parent: int) -> None:
    while True:
        time.sleep(1.0)
        if os.getppid() != parent:
            os._exit(1)


def _init_worker(options: WorkOptions, parent: int) -> None:
    global _worker
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    _worker = Worker(options)


def _work(chunk: list) -> list[Result]:
    return _worker.analyze(chunk)


def run_local(chunks: Iterable[list], *, workers: int = 1, options: WorkOptions = WorkOptions()) -> Iterator[list[Result]]:
    """Results of each chunk (in input order with one worker, in completion order with several)."""
    chunks = yield from start(chunks, options)
    if chunks is None:
        return
    if workers <= 1:
        worker = Worker(options)
        for chunk in chunks:
            yield worker.analyze(chunk)
        return
    window = threading.BoundedSemaphore(workers * IN_FLIGHT_PER_WORKER)

    def gated() -> Iterator[list]:
        for chunk in chunks:
            window.acquire()
            yield chunk

    ctx = mp.get_context("spawn")  # fork after thinc/BLAS threads started is unsafe; spawn is portable
    with ctx.Pool(workers, initializer=_init_worker, initargs=(options, os.getpid())) as pool:
        for result in pool.imap_unordered(_work, gated()):
            window.release()
            yield result
