"""The work a worker does on a chunk of items: fetch, clean, parse with ``nlp.pipe``, extract, build.

Shared by the in-process runner, the multiprocessing pool and the Ray actors (each runs a ``Worker``
after the common ``start``), so every engine produces the same ledgers. Every item gives exactly one ``Result``: a ledger, or the numbered
reason it could not be analyzed (a crash in an extractor is E020 for that article only).
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Generator, Iterable, Iterator
from dataclasses import dataclass
from typing import Optional

from ..errors import SourcetraceError
from ..ingest import DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT

ENGINES = ("local", "ray")  # where workers run: this machine's processes (local.py) or Ray actors (ray_runner.py)

# Articles handed to nlp.pipe at once inside a chunk (spaCy's default for CPU pipelines is 1000
# texts, but chunks are small: 16 keeps per-worker memory low and batching efficient).
PIPE_BATCH = 16


@dataclass(frozen=True)
class WorkOptions:
    """What workers need to know (picklable; sent once per worker)."""

    max_bytes: int = DEFAULT_MAX_BYTES
    timeout: float = DEFAULT_TIMEOUT
    check_language: bool = True
    model: Optional[str] = None  # None: the configured model (SOURCETRACE_MODEL)


@dataclass(frozen=True)
class Result:
    input: str
    position: str
    ledger: Optional[dict] = None
    metadata: Optional[dict] = None
    code: Optional[str] = None
    message: Optional[str] = None

    @property
    def ok(self) -> bool:
        return self.ledger is not None


def _error(item, err: BaseException) -> Result:
    if isinstance(err, SourcetraceError):
        return Result(item.input, item.position, code=err.code, message=err.message)
    wrapped = SourcetraceError("E020", path=f"{item.input} {item.position}", reason=f"{type(err).__name__}: {err}")
    return Result(item.input, item.position, code=wrapped.code, message=wrapped.message)


def _prepare(item, options: WorkOptions, nlp):
    """The cleaned ``Article`` of an item (raises ``SourcetraceError``)."""
    from ..clean import clean_article

    raw = item.raw
    if raw is None:
        from ..ingest.url import fetch_url

        raw = fetch_url(item.fetch, max_bytes=options.max_bytes, timeout=options.timeout)
        raw = dataclasses.replace(raw, id=item.id)
    article = clean_article(raw, check_language=options.check_language)
    if len(article.text) > nlp.max_length:
        raise SourcetraceError("E006", path=raw.origin, size=len(article.text), limit=nlp.max_length)
    return article


def analyze_items(items: list, nlp, options: WorkOptions = WorkOptions()) -> list[Result]:
    """One ``Result`` per item, in order."""
    from ..ledger import build
    from ..pipeline import analyze_doc

    out: list[Optional[Result]] = [None] * len(items)
    ready = []
    for i, item in enumerate(items):
        if item.error is not None:
            code, message = item.error
            out[i] = Result(item.input, item.position, code=code, message=message)
            continue
        try:
            ready.append((i, item, _prepare(item, options, nlp)))
        except Exception as err:  # noqa: BLE001 - one bad article never stops the batch
            out[i] = _error(item, err)
    if not ready:
        return out  # type: ignore[return-value]
    try:
        docs = list(nlp.pipe([a.text for _, _, a in ready], batch_size=PIPE_BATCH))
    except Exception:  # noqa: BLE001 - find the article that fails, parse the others one by one
        docs = []
        for _, _, article in ready:
            try:
                docs.append(nlp(article.text))
            except Exception as err:  # noqa: BLE001
                docs.append(err)
    for (i, item, article), doc in zip(ready, docs):
        try:
            if isinstance(doc, BaseException):
                raise doc
            layers = analyze_doc(doc, published=article.published, removed=article.removed)
            ledger = build(article, layers)
            out[i] = Result(item.input, item.position, ledger=ledger, metadata=dict(article.metadata))
        except Exception as err:  # noqa: BLE001
            out[i] = _error(item, err)
    return out  # type: ignore[return-value]


def check_model(name: Optional[str] = None) -> None:
    """Raise E009 in the parent when the model is not installed, before workers start (a worker
    that fails while starting would otherwise be restarted by the pool again and again)."""
    from pathlib import Path

    import spacy.util

    from ..nlp.model import model_name, package_for

    name = name or model_name()
    if spacy.util.is_package(name) or Path(name).exists():
        return
    raise SourcetraceError("E009", model=name, package=package_for(name))


class Worker:
    """What every engine runs where the work happens (this process, a pool process, a Ray actor):
    the model, loaded once, and ``analyze`` for each chunk."""

    def __init__(self, options: WorkOptions):
        from ..nlp import load_model

        self.options = options
        self.nlp = load_model(options.model)

    def analyze(self, chunk: list) -> list[Result]:
        return analyze_items(chunk, self.nlp, self.options)


def start(chunks: Iterable[list], options: WorkOptions) -> Generator[list[Result], None, Optional[Iterator[list]]]:
    """The start-up every engine shares (``rest = yield from start(chunks, options)``): yield the
    results of the chunks before the first that needs the model (``leading_errors``), then, when
    there is work left, check that the model is installed before any worker starts. Returns the
    remaining chunks, or None when there is nothing to analyze."""
    early, rest = leading_errors(chunks)
    yield from early
    if rest is not None:
        check_model(options.model)
    return rest


def needs_model(chunk: list) -> bool:
    """True when some item of the chunk is to be analyzed (not only errors)."""
    return any(item.error is None for item in chunk)


def leading_errors(chunks: Iterable[list]) -> tuple[list[list[Result]], Optional[Iterator[list]]]:
    """Split off the chunks before the first one that needs the model (they hold only unreadable
    records, answered at once); returns their results and the remaining chunks, or None when
    there is nothing to analyze. Engines start workers only when there is work for them, so a
    rerun over a stored corpus does not even load the model."""
    done: list[list[Result]] = []
    it = iter(chunks)
    for chunk in it:
        if needs_model(chunk):
            return done, itertools.chain([chunk], it)
        done.append(analyze_items(chunk, None))
    return done, None
