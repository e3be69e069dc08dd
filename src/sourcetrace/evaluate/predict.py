"""Stream ``{"id", "text"}`` JSONL documents through the attribution extractor.

Text is used as is (no cleaning), so offsets match the gold annotation. With ``workers > 1`` the
documents are parsed in worker processes (each loads the model once) in chunks, and results come
back in input order; memory stays bounded by the chunk size.
"""

from __future__ import annotations

import json
import multiprocessing as mp
from collections.abc import Iterator
from pathlib import Path

from ..errors import SourcetraceError

CHUNK = 8  # documents per task: large enough to batch the parser, small enough to stream


def read_docs(path: str | Path, *, limit: int | None = None, split: str | None = None) -> Iterator[dict]:
    """Documents of a JSONL file; E001 missing, E015 invalid JSON, E016 no text."""
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


def attribution_json(a) -> dict:
    return {
        "source": list(a.source.span) if a.source else None,
        "cue": list(a.cue.span),
        "content": list(a.content.span),
        "certainty": a.certainty,
        "kind": a.source.kind if a.source else None,
        "entity": a.source.entity if a.source else None,
        "cue_family": a.cue_family,
        "direct": a.direct,
        "via": a.via,
    }


def _predict_chunk(chunk: list[tuple[str, str]]) -> list[dict]:
    from ..pipeline import predict_attributions

    ids = [i for i, _ in chunk]
    out = []
    for doc_id, atts in zip(ids, predict_attributions([t for _, t in chunk])):
        out.append({"id": doc_id, "attributions": [attribution_json(a) for a in atts]})
    return out


def _chunks(docs: Iterator[dict]) -> Iterator[list[tuple[str, str]]]:
    chunk: list[tuple[str, str]] = []
    for d in docs:
        chunk.append((d["id"], d["text"]))
        if len(chunk) >= CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def predict_docs(docs: Iterator[dict], *, workers: int = 1) -> Iterator[dict]:
    """Predictions ``{"id", "attributions"}`` for ``docs``, in order."""
    if workers <= 1:
        for chunk in _chunks(docs):
            yield from _predict_chunk(chunk)
        return
    ctx = mp.get_context("spawn")
    with ctx.Pool(workers) as pool:
        for result in pool.imap(_predict_chunk, _chunks(docs)):
            yield from result


def predict_file(input_path: str, output_path: str, *, workers: int = 1, limit: int | None = None,
                 progress: bool = True) -> int:
    """Write predictions for every document of ``input_path``; returns the number of documents."""
    from tqdm import tqdm

    total = None
    if progress:
        docs_for_count = read_docs(input_path, limit=limit)
        total = sum(1 for _ in docs_for_count)  # also validates every line before any work
    try:
        out = open(output_path, "w", encoding="utf-8")
    except OSError as err:
        raise SourcetraceError("E014", path=output_path, reason=err.strerror or str(err)) from err
    n = 0
    with out, tqdm(total=total, unit="doc", disable=not progress, desc="predict") as bar:
        for pred in predict_docs(read_docs(input_path, limit=limit), workers=workers):
            out.write(json.dumps(pred) + "\n")
            n += 1
            bar.update(1)
    return n
