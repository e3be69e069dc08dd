"""``sourcetrace predict attributions`` and ``sourcetrace eval attributions``."""

from __future__ import annotations

import json
import sys
import time

from ..errors import SourcetraceError


def register(sub) -> None:
    p = sub.add_parser("predict", help="predict attributions for a JSONL file of documents")
    psub = p.add_subparsers(dest="what", required=True)
    pa = psub.add_parser("attributions", help='read {"id","text"} lines, write {"id","attributions"} lines')
    pa.add_argument("--input", required=True)
    pa.add_argument("--output", required=True)
    pa.add_argument("--workers", type=int, default=1)
    pa.add_argument("--limit", type=int)
    pa.set_defaults(func=_cmd_predict)

    e = sub.add_parser("eval", help="evaluate against annotated data")
    esub = e.add_subparsers(dest="what", required=True)
    ea = esub.add_parser("attributions", help="predict and score against gold attributions (PolNeAR format)")
    ea.add_argument("--gold", required=True, help="gold JSONL: {id, text, attributions, [split, publisher]}")
    ea.add_argument("--split", help="only documents whose 'split' field has this value")
    ea.add_argument("--workers", type=int, default=1)
    ea.add_argument("--limit", type=int)
    ea.add_argument("--pred-out", help="also write the predictions to this JSONL file")
    ea.add_argument("--strict", action="store_true", help="no lenient trimming of punctuation and quotes")
    ea.add_argument("--json", action="store_true")
    ea.set_defaults(func=_cmd_eval)


def _cmd_predict(args) -> int:
    from .predict import predict_file

    start = time.perf_counter()
    n = predict_file(args.input, args.output, workers=args.workers, limit=args.limit, progress=sys.stderr.isatty())
    print(f"{n} documents -> {args.output} in {time.perf_counter() - start:.1f} s", file=sys.stderr)
    return 0


def _cmd_eval(args) -> int:
    from tqdm import tqdm

    from .predict import predict_docs, read_docs
    from .scoring import score

    gold = list(read_docs(args.gold, limit=args.limit, split=args.split))
    if not gold:
        note = f" for split {args.split!r}" if args.split else ""
        raise SourcetraceError("E017", path=args.gold, split_note=note)
    start = time.perf_counter()
    preds = {}
    out = None
    if args.pred_out:
        try:
            out = open(args.pred_out, "w", encoding="utf-8")
        except OSError as err:
            raise SourcetraceError("E014", path=args.pred_out, reason=err.strerror or str(err)) from err
    stripped = ({"id": g["id"], "text": g["text"]} for g in gold)
    for p in tqdm(predict_docs(stripped, workers=args.workers), total=len(gold), unit="doc",
                  disable=not sys.stderr.isatty(), desc="predict"):
        preds[p["id"]] = p
        if out:
            out.write(json.dumps(p) + "\n")
    if out:
        out.close()
    seconds = time.perf_counter() - start
    result = score(gold, preds, lenient=not args.strict)
    result["seconds"] = round(seconds, 1)
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    _print(result, lenient=not args.strict)
    return 0


def _print(result: dict, *, lenient: bool) -> None:
    print(f"documents scored: {result['documents']} ({'lenient' if lenient else 'strict'} spans), "
          f"prediction {result['seconds']} s")
    print(f"{'metric':22} {'match':8} {'P':>7} {'R':>7} {'F1':>7} {'n_gold':>7}")
    for r in result["rows"]:
        print(f"{r['metric']:22} {r['match']:8} {r['precision']:7.1f} {r['recall']:7.1f} {r['f1']:7.1f} {r['n_gold']:7d}")
    b = result["breakdowns"]
    print("\nrecall of gold attributions (relation source+content, partial), by kind:")
    for k, v in b["recall_by_gold_category"].items():
        print(f"  {k:32} n={v['n']:5}  recall {v['recall']:5.1f}")
    print("precision of predictions by cue family:")
    for k, v in b["precision_by_predicted_family"].items():
        print(f"  {k:32} n={v['n']:5}  precision {v['precision']:5.1f}")
    print("per publisher (relation source+content, partial):")
    for k, v in b["by_publisher"].items():
        print(f"  {k:32} docs={v['docs']:3}  P {v['precision']:5.1f}  R {v['recall']:5.1f}  F1 {v['f1']:5.1f}")
