"""``sourcetrace predict matches`` and ``sourcetrace predict groups``: claim tracking's evaluation
commands, running the same code as the corpus (``sourcetrace.link``).

* ``predict matches --claims CLAIMS.jsonl --input QUERIES.jsonl --output PRED.jsonl``: checked claims
  ``{"id", "claim", "title"?}`` go into a ``link.Retriever`` (word index + vector index, fused), and
  each query ``{"id", "text"}`` gets ``{"id", "ranked": [claim ids, best first]}`` (``--k``, default
  20, at least 20), the format of ``../shared/eval/score_claim_matching.py``.
* ``predict groups --input STATEMENTS.jsonl --output PRED.jsonl``: statements ``{"id", "text"}`` are
  grouped in input order by ``link.Grouper`` (each joins the best group above the threshold or
  starts one) and each gets ``{"id", "cluster"}``, the format of ``../shared/eval/score_clusters.py``.

Bad lines stop the command before any output with the line number (E015 not JSON, E079 a claim
line without ``id``/``claim``, E080 a statement line without ``id``/``text``).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from ..errors import SourcetraceError

MIN_RANKED = 20


def read_jsonl(path: str | Path, *, required: tuple[str, ...], code: str) -> list[dict]:
    """All objects of a JSONL file; E001 missing, E015 not JSON or no "id", ``code`` when a line
    lacks a required string field (an id may be a number: it is read as a string). ``line`` in
    ``code``'s message counts the non-blank lines."""
    from .predict import read_docs_any  # E001, E015 (also for a line without an "id")

    out = []
    for lineno, rec in enumerate(read_docs_any(str(path)), 1):
        if isinstance(rec.get("id"), (int, float)) and not isinstance(rec.get("id"), bool):
            rec["id"] = str(rec["id"])
        for field in required:
            if not isinstance(rec.get(field), str) or not rec[field].strip():
                raise SourcetraceError(code, line=lineno, path=str(path), reason=f"no {field!r} string")
        out.append(rec)
    return out


def _open_out(path: str):
    try:
        return open(path, "w", encoding="utf-8")
    except OSError as err:
        raise SourcetraceError("E014", path=path, reason=err.strerror or str(err)) from err


def predict_matches(claims: list[dict], queries: list[dict], *, k: int = MIN_RANKED, embedder=None) -> list[dict]:
    """``{"id", "ranked"}`` for each query: the ids of the ``k`` best claims, best first."""
    from ..link.match import ClaimMatcher

    matcher = ClaimMatcher(embedder=embedder)
    matcher.add_claims((c["id"], c["claim"], c.get("title")) for c in claims)
    out = []
    results = matcher.match_texts([q["text"] for q in queries], k=k)
    for q, cands in zip(queries, results):
        out.append({"id": q["id"], "ranked": [c.key for c in cands]})
    return out


def predict_groups(statements: list[dict], *, embedder=None, threshold: float | None = None) -> list[dict]:
    """``{"id", "cluster"}`` for each statement, grouped in input order by ``link.Grouper``."""
    from ..link.group import Grouper, GroupOptions

    options = GroupOptions() if threshold is None else GroupOptions(threshold=threshold)
    grouper = Grouper(embedder=embedder, options=options)
    out = []
    for rec, group in zip(statements, grouper.add_texts([(s["id"], s["text"]) for s in statements])):
        out.append({"id": rec["id"], "cluster": group})
    # a merge may have joined a statement's first group to an older one: report the final group
    return [{"id": o["id"], "cluster": grouper.resolve(o["cluster"])} for o in out]


def register(psub) -> None:
    pm = psub.add_parser("matches", help="rank checked claims for each statement (claim matching)")
    pm.add_argument("--claims", required=True, help='JSONL of checked claims {"id", "claim", "title"?}')
    pm.add_argument("--input", required=True, help='JSONL of statements {"id", "text"}')
    pm.add_argument("--output", required=True, help='prediction JSONL {"id", "ranked"}')
    pm.add_argument("--k", type=int, default=MIN_RANKED, help=f"claims ranked per statement (at least {MIN_RANKED})")
    pm.set_defaults(func=_cmd_matches)
    pg = psub.add_parser("groups", help="group statements that make the same claim")
    pg.add_argument("--input", required=True, help='JSONL of statements {"id", "text"}, in arrival order')
    pg.add_argument("--output", required=True, help='prediction JSONL {"id", "cluster"}')
    pg.add_argument("--threshold", type=float, help="same-claim probability to join a group (default: the calibrated one)")
    pg.set_defaults(func=_cmd_groups)


def _cmd_matches(args) -> int:
    start = time.perf_counter()
    claims = read_jsonl(args.claims, required=("id", "claim"), code="E079")
    queries = read_jsonl(args.input, required=("id", "text"), code="E080")
    preds = predict_matches(claims, queries, k=max(args.k, MIN_RANKED))
    with _open_out(args.output) as fh:
        for p in preds:
            fh.write(json.dumps(p, ensure_ascii=False) + "\n")
    print(f"{len(queries)} statements against {len(claims)} claims -> {args.output} "
          f"in {time.perf_counter() - start:.1f} s", file=sys.stderr)
    return 0


def _cmd_groups(args) -> int:
    start = time.perf_counter()
    statements = read_jsonl(args.input, required=("id", "text"), code="E080")
    preds = predict_groups(statements, threshold=args.threshold)
    with _open_out(args.output) as fh:
        for p in preds:
            fh.write(json.dumps(p, ensure_ascii=False) + "\n")
    n_groups = len({p["cluster"] for p in preds})
    print(f"{len(statements)} statements in {n_groups} groups -> {args.output} "
          f"in {time.perf_counter() - start:.1f} s", file=sys.stderr)
    return 0
