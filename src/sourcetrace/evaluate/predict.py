"""Stream ``{"id", "text"}`` JSONL documents through the attribution extractor.

Text is used as is (no cleaning), so offsets match the gold annotation. Every line is validated
before any prediction is written (E015 invalid JSON, E016 no ``text``, with the line number). With
``workers > 1`` the documents are parsed in worker processes (spawned; each loads the model once) in
chunks of ``CHUNK`` documents, and results come back in input order. A document on which the
extractor fails does not stop the batch: its line carries ``"attributions": []`` and an ``"error"``.
"""

from __future__ import annotations

import json
import multiprocessing as mp
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..errors import SourcetraceError

CHUNK = 8  # documents per task: large enough for nlp.pipe batching, small enough to keep 2-8 workers busy


def read_docs(path: str | Path, *, limit: int | None = None, split: str | None = None) -> Iterator[dict]:
    """Documents of a JSONL file, in order; E001 missing file, E015 invalid JSON, E016 no text.

    ``split`` keeps documents whose ``split`` field equals it, and documents without that field
    (a file such as ``dev.jsonl`` is a split by itself). ``id`` defaults to ``line-N``.
    """
    path = Path(path)
    if not path.is_file():
        raise SourcetraceError("E001", path=str(path))
    n = 0
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                doc = json.loads(line)
            except json.JSONDecodeError as err:
                raise SourcetraceError("E015", line=lineno, path=str(path), reason=err.msg) from err
            if not isinstance(doc, dict) or not isinstance(doc.get("text"), str):
                raise SourcetraceError("E016", line=lineno, path=str(path))
            if split and doc.get("split") not in (None, split):
                continue
            doc.setdefault("id", f"line-{lineno}")
            yield doc
            n += 1
            if limit is not None and n >= limit:
                return


def gold_path(gold: str, split: str | None) -> Path:
    """The gold file: ``gold`` itself, or ``gold/<split>.jsonl`` when it is a folder."""
    path = Path(gold)
    if path.is_dir():
        path = path / f"{split or 'dev'}.jsonl"
    if not path.is_file():
        raise SourcetraceError("E001", path=str(path))
    return path


def read_docs_any(path: str):
    """Prediction lines ``{"id", "attributions"}`` (no text needed); E001, E015 with line numbers."""
    p = Path(path)
    if not p.is_file():
        raise SourcetraceError("E001", path=str(p))
    with p.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as err:
                raise SourcetraceError("E015", line=lineno, path=str(p), reason=err.msg) from err
            if not isinstance(rec, dict) or "id" not in rec:
                raise SourcetraceError("E015", line=lineno, path=str(p), reason="not an object with an 'id'")
            yield rec


def attribution_json(a) -> dict:
    """One ``Attribution`` record in the prediction format read by the scorers."""
    return {
        "source": list(a.source.span) if a.source else None,
        "cue": list(a.cue.span),
        "content": list(a.content.span),
        # the scorers compare a content in pieces piece by piece ("content_spans")
        **({"content_spans": [list(p) for p in a.content_parts]} if a.content_parts else {}),
        "certainty": a.certainty,
        "kind": a.source.kind if a.source else None,
        "entity": a.source.entity if a.source else None,
        "cue_family": a.cue_family,
        "direct": a.direct,
        "via": a.via,
    }


def _predict_chunk(chunk: list[tuple[str, str]], model: str = "default") -> list[dict]:
    """Predictions for a chunk of ``(id, text)``; if the batch fails, documents are retried one by one
    so that only the failing document is reported (with its reason) instead of the whole chunk."""
    from ..errors import SourcetraceError
    from ..pipeline import predict_attributions

    try:
        results = list(predict_attributions([t for _, t in chunk], model=model))
        return [{"id": i, "attributions": [attribution_json(a) for a in atts]}
                for (i, _), atts in zip(chunk, results)]
    except SourcetraceError:
        raise  # a bad --model concerns every document
    except Exception:  # noqa: BLE001 - isolate the failing document below
        if len(chunk) == 1:
            raise
    out = []
    for doc_id, text in chunk:
        try:
            out.extend(_predict_chunk([(doc_id, text)], model))
        except Exception as err:  # noqa: BLE001 - a failed document is a result with a reason
            out.append({"id": doc_id, "attributions": [], "error": f"{type(err).__name__}: {err}"})
    return out


def _chunks(docs: Iterable[dict]) -> Iterator[list[tuple[str, str]]]:
    chunk: list[tuple[str, str]] = []
    for d in docs:
        chunk.append((d["id"], d["text"]))
        if len(chunk) >= CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def predict_docs(docs: Iterable[dict], *, workers: int = 1, model: str = "default") -> Iterator[dict]:
    """Predictions ``{"id", "attributions"[, "error"]}`` for ``docs`` (dicts with id and text), in order.
    ``model``: the cue model ("default", a JSON file from ``train attributions``, "" for rules alone)."""
    from functools import partial

    if model not in ("", "default", "rules"):
        from ..extract.attribution.learned import cue_model
        cue_model.load(model)  # E050 now, not in every worker
    if workers <= 1:
        for chunk in _chunks(docs):
            yield from _predict_chunk(chunk, model)
        return
    ctx = mp.get_context("spawn")  # fork after torch/thinc threads started is unsafe; spawn is portable
    with ctx.Pool(workers) as pool:
        for result in pool.imap(partial(_predict_chunk, model=model), _chunks(docs)):
            yield from result


def predict_file(input_path: str | Path, output_path: str | Path, *, workers: int = 1,
                 limit: int | None = None, progress: bool | None = None, model: str = "default") -> tuple[int, int]:
    """Write one prediction line per document of ``input_path``.

    Returns ``(documents, failed documents)``. Every input line is checked before the output file is
    opened, so an invalid input never leaves a half-written prediction file. ``progress=None`` shows
    the tqdm bar on stderr only when it is a terminal.
    """
    from tqdm import tqdm

    total = sum(1 for _ in read_docs(input_path, limit=limit))  # validates every line first
    try:
        out = open(output_path, "w", encoding="utf-8")
    except OSError as err:
        raise SourcetraceError("E014", path=str(output_path), reason=err.strerror or str(err)) from err
    n = failed = 0
    disable = None if progress is None else not progress
    with out, tqdm(total=total, unit="doc", disable=disable, desc="predict") as bar:
        for pred in predict_docs(read_docs(input_path, limit=limit), workers=workers, model=model):
            out.write(json.dumps(pred, ensure_ascii=False) + "\n")
            n += 1
            failed += "error" in pred
            bar.update(1)
    return n, failed
