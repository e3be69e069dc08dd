"""``sourcetrace train attributions``: the command line of ``train.attributions``."""

from __future__ import annotations

import sys
import time


def register(sub) -> None:
    t = sub.add_parser("train", help="train the models sourcetrace ships")
    tsub = t.add_subparsers(dest="what", required=True)
    ta = tsub.add_parser("attributions", help="train the attribution cue model on annotated news (PolNeAR format)")
    ta.add_argument("--data", required=True, help="a folder with train.jsonl (or the file itself)")
    ta.add_argument("--output", required=True, help="where to write the model JSON (use it with --model FILE)")
    ta.add_argument("--workers", type=int, default=1, help="processes for parsing the training texts")
    ta.add_argument("--limit", type=int, help="only the first N training documents")
    ta.add_argument("--cache", help="folder for parsed documents, reused when the texts and spaCy model match")
    ta.add_argument("--min-count", type=int, help="candidate cue words: fewest annotated cues (default 3)")
    ta.add_argument("--min-rate", type=float, help="candidate cue words: lowest share annotated as cue (default 0.08)")
    ta.add_argument("--C", type=float, dest="C", help="inverse L2 strength of the logistic regression (default 0.1)")
    ta.add_argument("--terms", default="", help="the training data's terms of use, recorded in the model file")
    ta.set_defaults(func=_cmd_train)

    from .stance_cli import register as register_stance
    register_stance(tsub)


def _cmd_train(args) -> int:
    from dataclasses import replace

    from .attributions import TrainOptions, train

    opts = TrainOptions(workers=args.workers, limit=args.limit, terms=args.terms)
    for name in ("min_count", "min_rate", "C"):
        if getattr(args, name) is not None:
            opts = replace(opts, **{name: getattr(args, name)})
    start = time.perf_counter()
    train(args.data, args.output, opts, cache=args.cache, log=lambda m: print(m, file=sys.stderr))
    print(f"trained in {time.perf_counter() - start:.0f} s -> {args.output}", file=sys.stderr)
    return 0
