"""``sourcetrace train stance``: the command line of ``train.stance``."""

from __future__ import annotations

import sys
import time


def register(tsub) -> None:
    ts = tsub.add_parser("stance", help="train the stance model on FNC-1 and Emergent pairs (their train splits)")
    ts.add_argument("--data", required=True, help="folder with fnc1_train.jsonl and emergent_train.jsonl (../shared/data/stance)")
    ts.add_argument("--output", required=True, help="where to write the model (.npz; use it with --model FILE)")
    ts.add_argument("--limit", type=int, help="only the first N pairs of each corpus (quick runs)")
    ts.set_defaults(func=_cmd_train)


def _cmd_train(args) -> int:
    from .stance import TrainOptions, train

    start = time.perf_counter()
    train(args.data, args.output, TrainOptions(limit=args.limit), log=lambda m: print(m, file=sys.stderr))
    print(f"trained in {time.perf_counter() - start:.0f} s -> {args.output}", file=sys.stderr)
    return 0
