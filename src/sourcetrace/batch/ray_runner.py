"""The Ray engine: one actor per worker, each loading the model once, results streamed back.

The driver (``sourcetrace ingest``) reads the inputs, sends chunks to the actors and stays the only
writer of the store. Each actor has at most ``IN_FLIGHT_PER_ACTOR`` chunks queued, so the driver
reads ahead only as far as the cluster can keep up, and results are written as soon as any actor
finishes one (``ray.wait``), in completion order.

``address=None`` starts a local Ray instance with ``workers`` CPUs; ``"auto"`` or
``"ray://head:10001"`` joins an existing cluster, where every node needs sourcetrace and its model
installed (see docs/corpus.md). This module is only imported for ``--engine ray``; Ray is the
optional extra ``sourcetrace[ray]``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ..errors import SourcetraceError
from .work import Result, WorkOptions, Worker, start

# Chunks queued per actor: one running and one waiting, so an actor has its next chunk when it finishes
# (a Ray task round trip is milliseconds, a chunk seconds); more would only make the driver read ahead.
IN_FLIGHT_PER_ACTOR = 2


def _import_ray():
    try:
        import ray
    except ImportError as err:
        raise SourcetraceError("E025") from err
    return ray


def run_ray(chunks: Iterable[list], *, workers: int = 2, options: WorkOptions = WorkOptions(),
            address: str | None = None) -> Iterator[list[Result]]:
    """Results of each chunk, in completion order."""
    ray = _import_ray()
    chunks = yield from start(chunks, options)
    if chunks is None:
        return
    started_here = False
    if not ray.is_initialized():
        kwargs = dict(include_dashboard=False, log_to_driver=False, configure_logging=False)
        if address:
            ray.init(address=address, **kwargs)
        else:
            ray.init(num_cpus=max(1, workers), **kwargs)
        started_here = True
    try:
        actor_cls = ray.remote(num_cpus=1)(Worker)  # an actor per worker: work.Worker
        actors = [actor_cls.remote(options) for _ in range(max(1, workers))]
        pending: dict = {}
        source = iter(chunks)
        exhausted = False

        def submit(actor) -> bool:
            nonlocal exhausted
            if exhausted:
                return False
            chunk = next(source, None)
            if chunk is None:
                exhausted = True
                return False
            pending[actor.analyze.remote(chunk)] = actor
            return True

        for actor in actors:
            for _ in range(IN_FLIGHT_PER_ACTOR):
                submit(actor)
        while pending:
            done, _ = ray.wait(list(pending), num_returns=1)
            ref = done[0]
            actor = pending.pop(ref)
            yield ray.get(ref)
            submit(actor)
    finally:
        if started_here:
            ray.shutdown()
