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

from .work import Result, WorkOptions, analyze_items, check_model, leading_errors

IN_FLIGHT_PER_WORKER = 3  # enough to keep a worker busy while the writer catches up

_nlp = None
_options: WorkOptions | None = None


def _watch_parent(parent: int) -> None:
    while True:
        time.sleep(1.0)
        if os.getppid() != parent:
            os._exit(1)


def _init_worker(options: WorkOptions, parent: int) -> None:
    global _nlp, _options
    from ..nlp import load_model

    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    _options = options
    _nlp = load_model(options.model)


def _work(chunk: list) -> list[Result]:
    return analyze_items(chunk, _nlp, _options)


def run_local(chunks: Iterable[list], *, workers: int = 1, options: WorkOptions = WorkOptions()) -> Iterator[list[Result]]:
    """Results of each chunk (in input order with one worker, in completion order with several)."""
    early, rest = leading_errors(chunks)
    yield from early
    if rest is None:
        return
    chunks = rest
    check_model(options.model)
    if workers <= 1:
        from ..nlp import load_model

        nlp = load_model(options.model)
        for chunk in chunks:
            yield analyze_items(chunk, nlp, options)
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
