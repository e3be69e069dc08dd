"""``sourcetrace predict stance`` and ``sourcetrace eval stance``.

``predict stance`` reads ``{"id", "claim", "text"}`` lines and writes ``{"id", "stance", "scores"}``
lines in input order, streamed, with a progress bar on a terminal. A pair whose claim or text is
empty or missing gets ``"stance": null``, ``"scores": {}`` and an ``"error"`` (``[E060]``-``[E062]``)
and the batch goes on; an input line that is not JSON stops the run before anything is written
(``[E015]``). ``--scheme emergent`` writes Emergent's labels (agree/disagree/discuss as
for/against/observing, with the probabilities of those three renormalised: Emergent has no
unrelated pairs), so that ``score_stance.py --scheme emergent`` reads the file as it is.

``eval stance`` predicts the dev splits (``stance_model.data``) and prints the tables of
``../shared/eval/score_stance.py``, computed by ``score`` (a separate implementation of that
scorer, checked against it in the tests).
"""

from __future__ import annotations

import json
import multiprocessing as mp
import sys
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..errors import SourcetraceError

SCHEMES = ("fnc1", "emergent")
FNC1_LABELS = ("agree", "disagree", "discuss", "unrelated")
EMERGENT_LABELS = ("for", "against", "observing")
CHUNK = 256  # pairs per task for a worker process


def register(psub, esub) -> None:
    """Add ``predict stance`` and ``eval stance`` to the ``predict`` and ``eval`` subcommands."""
    ps = psub.add_parser("stance", help='read {"id","claim","text"} lines, write {"id","stance","scores"} lines')
    ps.add_argument("--input", required=True, help='JSONL, one {"id", "claim", "text"} pair per line')
    ps.add_argument("--output", required=True, help="prediction JSONL (read by score_stance.py)")
    ps.add_argument("--scheme", choices=SCHEMES, default="fnc1",
                    help="labels written: fnc1 (agree/disagree/discuss/unrelated, default) or emergent (for/against/observing)")
    ps.add_argument("--workers", type=int, default=1, help="worker processes (each loads the model once)")
    ps.add_argument("--limit", type=int, help="only the first N pairs")
    ps.add_argument("--model", help="a model file from 'sourcetrace train stance' (default: the shipped model)")
    ps.set_defaults(func=_cmd_predict)

    es = esub.add_parser("stance", help="predict the stance dev splits (FNC-1 by body, Emergent by claim) and score them")
    es.add_argument("--data", required=True, help="the stance data folder (fnc1_train.jsonl, emergent_train.jsonl)")
    es.add_argument("--corpus", choices=("fnc1", "emergent", "both"), default="both")
    es.add_argument("--workers", type=int, default=1)
    es.add_argument("--limit", type=int, help="only the first N dev pairs of each corpus")
    es.add_argument("--model", help="a model file from 'sourcetrace train stance' (default: the shipped model)")
    es.add_argument("--json", action="store_true", help="print the results as JSON")
    es.set_defaults(func=_cmd_eval)


# ---------------------------------------------------------------------------------------------
# reading pairs and predicting


def read_pairs(path: str | Path, *, limit: int | None = None) -> Iterator[dict]:
    """``{"id", "claim", "text"}`` records of a JSONL file; E001, E015 (stops); a line with a
    missing or non-string claim/text is yielded with an ``error`` (E062) for its pair."""
    from ..stance_model.data import jsonl_records

    path = Path(path)
    if not path.is_file():
        raise SourcetraceError("E001", path=str(path))
    n = 0
    for lineno, rec in jsonl_records(path):
        pair = {"id": rec.get("id", f"line-{lineno}"), "claim": rec.get("claim"), "text": rec.get("text")}
        for field in ("claim", "text"):
            if not isinstance(pair[field], str):
                pair["error"] = SourcetraceError("E062", line=lineno, path=str(path), field=field).message
                break
        yield pair
        n += 1
        if limit is not None and n >= limit:
            return


def to_scheme(result, scheme: str) -> dict:
    """A result as an output record's ``stance`` and ``scores`` in ``scheme``'s labels."""
    if result.stance is None:
        return {"stance": None, "scores": {}}
    if scheme == "fnc1":
        return {"stance": result.stance, "scores": result.scores}
    related = {lab: result.scores.get(lab, 0.0) for lab in ("agree", "disagree", "discuss")}
    total = sum(related.values()) or 1.0
    names = dict(zip(("agree", "disagree", "discuss"), EMERGENT_LABELS))
    scores = {names[k]: round(v / total, 4) for k, v in related.items()}
    best = max(related, key=lambda k: (related[k], -list(related).index(k)))
    return {"stance": names[best], "scores": scores}


def _predict_chunk(chunk: list[dict], model: str | None = None, scheme: str = "fnc1") -> list[dict]:
    from ..stance_model.predict import StancePredictor

    predictor = StancePredictor(model)
    out: list[dict | None] = [None] * len(chunk)
    valid = [(i, p) for i, p in enumerate(chunk) if "error" not in p]
    for i, p in enumerate(chunk):
        if "error" in p:
            out[i] = {"id": p["id"], "stance": None, "scores": {}, "error": p["error"]}
    for (i, p), res in zip(valid, predictor.predict([(p["claim"], p["text"]) for _, p in valid])):
        rec = {"id": p["id"], **to_scheme(res, scheme)}
        if res.error:
            rec["error"] = res.error
        out[i] = rec
    return out  # type: ignore[return-value]


def _chunks(pairs: Iterable[dict], size: int = CHUNK) -> Iterator[list[dict]]:
    chunk: list[dict] = []
    for p in pairs:
        chunk.append(p)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def predict_pairs(pairs: Iterable[dict], *, workers: int = 1, model: str | None = None,
                  scheme: str = "fnc1") -> Iterator[dict]:
    """Prediction records for ``pairs`` (dicts with id, claim, text[, error]), in input order."""
    from functools import partial

    from ..stance_model.weights import cached

    cached(model or "")  # E063 once here, not in every worker
    if workers <= 1:
        for chunk in _chunks(pairs):
            yield from _predict_chunk(chunk, model, scheme)
        return
    ctx = mp.get_context("spawn")
    with ctx.Pool(workers) as pool:
        for result in pool.imap(partial(_predict_chunk, model=model, scheme=scheme), _chunks(pairs)):
            yield from result


def predict_file(input_path, output_path, *, workers: int = 1, limit: int | None = None, model: str | None = None,
                 scheme: str = "fnc1", progress: bool | None = None) -> tuple[int, int]:
    """Write one prediction line per input pair; returns ``(pairs, failed pairs)``. Every line is
    read before the output is opened, so invalid JSON never leaves a half-written file."""
    from tqdm import tqdm

    total = sum(1 for _ in read_pairs(input_path, limit=limit))
    try:
        out = open(output_path, "w", encoding="utf-8")
    except OSError as err:
        raise SourcetraceError("E014", path=str(output_path), reason=err.strerror or str(err)) from err
    n = failed = 0
    disable = None if progress is None else not progress
    with out, tqdm(total=total, unit="pair", disable=disable, desc="stance") as bar:
        for rec in predict_pairs(read_pairs(input_path, limit=limit), workers=workers, model=model, scheme=scheme):
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
            n += 1
            failed += "error" in rec
            bar.update(1)
    return n, failed


def _cmd_predict(args) -> int:
    start = time.perf_counter()
    n, failed = predict_file(args.input, args.output, workers=args.workers, limit=args.limit,
                             model=args.model, scheme=args.scheme)
    note = f", {failed} failed (see their 'error' field)" if failed else ""
    print(f"{n} pairs -> {args.output} in {time.perf_counter() - start:.1f} s{note}", file=sys.stderr)
    return 0


# ---------------------------------------------------------------------------------------------
# scoring (the measures of ../shared/eval/score_stance.py)


def score(gold: dict[str, str], pred: dict[str, str | None], scheme: str = "fnc1") -> dict:
    """FNC-1 weighted score (fnc1 only), accuracy, per-class F1 and macro-F1, and the confusion
    counts. A gold pair without a prediction counts as wrong (as ``unrelated`` for fnc1)."""
    labels = FNC1_LABELS if scheme == "fnc1" else EMERGENT_LABELS
    default = "unrelated" if scheme == "fnc1" else None
    conf: Counter[tuple[str, str | None]] = Counter()
    points = best = 0.0
    for key, g in gold.items():
        p = pred.get(key, default)
        conf[(g, p)] += 1
        if scheme == "fnc1":
            best += 0.25 if g == "unrelated" else 1.0
            if g == p:
                points += 0.25 + (0.75 if g != "unrelated" else 0.0)
            elif g != "unrelated" and p in ("agree", "disagree", "discuss"):
                points += 0.25
    n = sum(conf.values())
    f1 = {}
    for lab in labels:
        tp = conf[(lab, lab)]
        fp = sum(v for (g, p), v in conf.items() if p == lab and g != lab)
        fn = sum(v for (g, p), v in conf.items() if g == lab and p != lab)
        pr = tp / (tp + fp) if tp + fp else 0.0
        rc = tp / (tp + fn) if tp + fn else 0.0
        f1[lab] = 2 * pr * rc / (pr + rc) if pr + rc else 0.0
    out = {"scheme": scheme, "pairs": n, "predicted": sum(1 for k in gold if k in pred),
           "accuracy": 100 * sum(v for (g, p), v in conf.items() if g == p) / n if n else 0.0,
           "f1": {k: 100 * v for k, v in f1.items()}, "macro_f1": 100 * sum(f1.values()) / len(f1),
           "confusion": {f"{g}->{p}": v for (g, p), v in sorted(conf.items(), key=lambda x: (str(x[0][0]), str(x[0][1])))}}
    if scheme == "fnc1":
        out["fnc1_score"] = 100 * points / best if best else 0.0
        out["fnc1_points"] = [round(points, 2), round(best, 2)]
    return out


def format_score(result: dict) -> str:
    """The scorer's lines (``score_stance.py`` prints the same for the same predictions)."""
    lines = [f"pairs: {result['pairs']} (predicted: {result['predicted']})"]
    if result["scheme"] == "fnc1":
        pts, best = result["fnc1_points"]
        lines.append(f"fnc1_score: {result['fnc1_score']:.2f} ({pts:.2f} of {best:.2f})")
    lines.append(f"accuracy: {result['accuracy']:.2f}")
    for lab, v in result["f1"].items():
        lines.append(f"f1 {lab}: {v:.2f}")
    lines.append(f"macro_f1: {result['macro_f1']:.2f}")
    lines.append("confusion (gold -> predicted): " + "; ".join(f"{k} {v}" for k, v in result["confusion"].items()))
    return "\n".join(lines)


def dev_pairs(data: str | Path, corpus: str, *, limit: int | None = None) -> tuple[list[dict], dict[str, str]]:
    """The dev split of ``corpus`` as input records and gold labels in its own scheme."""
    from ..stance_model import data as sdata

    _, dev = sdata.split(sdata.load(data, corpus))
    if limit:
        dev = dev[:limit]
    records = [{"id": p.id, "claim": p.claim, "text": p.text} for p in dev]
    gold = {p.id: (p.label if corpus == "fnc1" else sdata.TO_EMERGENT[p.label]) for p in dev}
    return records, gold


def evaluate(data: str | Path, corpus: str, *, workers: int = 1, limit: int | None = None,
             model: str | None = None, progress: bool | None = None) -> dict:
    from tqdm import tqdm

    records, gold = dev_pairs(data, corpus, limit=limit)
    scheme = "fnc1" if corpus == "fnc1" else "emergent"
    start = time.perf_counter()
    pred = {}
    disable = None if progress is None else not progress
    for rec in tqdm(predict_pairs(records, workers=workers, model=model, scheme=scheme), total=len(records),
                    unit="pair", disable=disable, desc=f"stance {corpus}"):
        pred[rec["id"]] = rec["stance"]
    result = score(gold, {k: v for k, v in pred.items() if v is not None}, scheme)
    result["corpus"] = corpus
    result["seconds"] = round(time.perf_counter() - start, 1)
    return result


def _cmd_eval(args) -> int:
    corpora = ("fnc1", "emergent") if args.corpus == "both" else (args.corpus,)
    results = [evaluate(args.data, c, workers=args.workers, limit=args.limit, model=args.model) for c in corpora]
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        for r in results:
            title = {"fnc1": "FNC-1 dev (split by body)", "emergent": "Emergent dev (split by claim)"}[r["corpus"]]
            print(f"== {title}, prediction {r['seconds']} s\n{format_score(r)}\n")
    return 0
