"""``sourcetrace predict attributions`` and ``sourcetrace eval attributions``.

``--gold`` is a PolNeAR-format JSONL file, or a folder holding ``<split>.jsonl`` files (then
``--split`` picks the file, default ``dev``). With a file, ``--split`` keeps the documents whose
``split`` field has that value (documents without the field are kept).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from ..errors import SourcetraceError


def register(sub) -> None:
    p = sub.add_parser("predict", help="predict attributions for a JSONL file of documents")
    psub = p.add_subparsers(dest="what", required=True)
    pa = psub.add_parser("attributions", help='read {"id","text"} lines, write {"id","attributions"} lines')
    pa.add_argument("--input", required=True, help='JSONL, one {"id", "text", ...} document per line (text used as is)')
    pa.add_argument("--output", required=True, help="prediction JSONL (the format of score_attributions.py)")
    pa.add_argument("--workers", type=int, default=1, help="worker processes (each loads the model once)")
    pa.add_argument("--limit", type=int, help="only the first N documents")
    pa.add_argument("--model", default="default",
                    help="cue model: 'default' (shipped), a JSON file from 'train attributions', or 'rules' (no model)")
    pa.set_defaults(func=_cmd_predict)
    from .matching import register as register_matching  # predict matches, predict groups (issue 17)
    register_matching(psub)

    e = sub.add_parser("eval", help="evaluate against annotated data")
    esub = e.add_subparsers(dest="what", required=True)
    ea = esub.add_parser("attributions", help="predict and score against gold attributions (PolNeAR format)")
    ea.add_argument("--gold", required=True,
                    help="gold JSONL {id, text, attributions, [split, publisher]}, or a folder of <split>.jsonl")
    ea.add_argument("--split", help="with a file: keep documents of this split; with a folder: <split>.jsonl (default dev)")
    ea.add_argument("--workers", type=int, default=1, help="worker processes for prediction")
    ea.add_argument("--limit", type=int, help="only the first N gold documents")
    ea.add_argument("--pred", help="score this existing prediction JSONL instead of predicting")
    ea.add_argument("--pred-out", help="also write the predictions to this JSONL file")
    ea.add_argument("--strict", action="store_true", help="no lenient trimming of punctuation and quotes")
    ea.add_argument("--json", action="store_true", help="print the results as JSON")
    ea.add_argument("--model", default="default",
                    help="cue model: 'default' (shipped), a JSON file from 'train attributions', or 'rules' (no model)")
    ea.set_defaults(func=_cmd_eval)
    from .entities import add_parser as add_entities_parser

    add_entities_parser(esub)

    from .stance import register as register_stance
    register_stance(psub, esub)


def _cmd_predict(args) -> int:
    from .predict import predict_file

    start = time.perf_counter()
    n, failed = predict_file(args.input, args.output, workers=args.workers, limit=args.limit, model=args.model)
    note = f", {failed} failed (see their 'error' field)" if failed else ""
    print(f"{n} documents -> {args.output} in {time.perf_counter() - start:.1f} s{note}", file=sys.stderr)
    return 0


def _cmd_eval(args) -> int:
    from tqdm import tqdm

    from .predict import gold_path, predict_docs, read_docs, read_docs_any
    from .scoring import first_by_id, score

    path = gold_path(args.gold, args.split)
    gold = list(read_docs(path, limit=args.limit, split=args.split))
    if not gold:
        note = f" for split {args.split!r}" if args.split else ""
        raise SourcetraceError("E017", path=str(path), split_note=note)
    start = time.perf_counter()
    if args.pred:
        preds = first_by_id(read_docs_any(args.pred))
    else:
        preds = {}
        out = None
        if args.pred_out:
            try:
                out = open(args.pred_out, "w", encoding="utf-8")
            except OSError as err:
                raise SourcetraceError("E014", path=args.pred_out, reason=err.strerror or str(err)) from err
        stripped = ({"id": g["id"], "text": g["text"]} for g in gold)
        for p in tqdm(predict_docs(stripped, workers=args.workers, model=args.model), total=len(gold), unit="doc",
                      disable=None, desc="predict"):
            preds.setdefault(p["id"], p)
            if out:
                out.write(json.dumps(p, ensure_ascii=False) + "\n")
        if out:
            out.close()
    seconds = time.perf_counter() - start
    result = score(gold, preds, lenient=not args.strict)
    result["gold"] = str(path)
    result["seconds"] = round(seconds, 1)
    result["failed"] = sorted(p["id"] for p in preds.values() if "error" in p)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(format_result(result))
    return 0


def format_result(result: dict) -> str:
    """The plain-text report: the metric table, then the breakdowns."""
    lines = [f"gold: {result['gold']}, documents scored: {result['documents']} "
             f"({'lenient' if result['lenient'] else 'strict'} spans), prediction {result['seconds']} s"]
    if result["missing_predictions"]:
        lines.append(f"warning: {result['missing_predictions']} documents have no prediction")
    if result["failed"]:
        lines.append(f"warning: prediction failed on {len(result['failed'])} documents: {', '.join(result['failed'][:5])}")
    lines.append(f"{'metric':22} {'match':8} {'P':>6} {'R':>6} {'F1':>6} {'n_gold':>7}")
    for r in result["rows"]:
        lines.append(f"{r['metric']:22} {r['match']:8} {r['precision']:6.1f} {r['recall']:6.1f} {r['f1']:6.1f} {r['n_gold']:7d}")
    b = result["breakdowns"]
    lines.append(f"\nbreakdowns, relation {b['relation']}")
    lines.append(f"gold attributions by {'category':26} {'n':>5} {'share':>6} {'recall':>7} {'detected':>9}")
    for group, cats in b["gold"].items():
        for cat, v in cats.items():
            lines.append(f"  {group + ': ' + cat:44} {v['n']:5d} {v['share']:6.1f} {v['recall']:7.1f} {v['detected']:9.1f}")
    lines.append(f"predictions by {'field':32} {'n':>5} {'precision':>10} {'detected':>9}")
    for group, cats in b["predicted"].items():
        for cat, v in cats.items():
            lines.append(f"  {group + ': ' + cat:44} {v['n']:5d} {v['precision']:10.1f} {v['detected']:9.1f}")
    lines.append(f"per publisher {'':20} {'docs':>5} {'n_gold':>7} {'P':>6} {'R':>6} {'F1':>6}")
    for name, v in b["publisher"].items():
        lines.append(f"  {name:32} {v['docs']:5d} {v['n_gold']:7d} {v['precision']:6.1f} {v['recall']:6.1f} {v['f1']:6.1f}")
    return "\n".join(lines)
