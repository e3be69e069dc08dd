#!/usr/bin/env python3
"""Speed and memory of the stance model (``sourcetrace.stance_model``), one process, one core.

Two workloads, both after the model is loaded (its load time is printed apart):

- **claim-body**: FNC-1 dev pairs (headline as claim, article body as report; split by body as in
  ``sourcetrace eval stance``), the first ``--pairs`` of them, each body prepared anew for every
  pair (nothing of a report is cached, only claims);
- **claim-headline**: Emergent dev pairs (claim, headline), repeated to ``--pairs``.

Each workload runs ``--repeat`` times (best kept), alternating with the other. NumPy's and
OpenMP's thread pools are pinned to one thread before NumPy loads. Memory: resident set size
before and after loading the model, and the peak after the runs (``ru_maxrss``).

Usage: bench_stance.py [--data ../shared/data/stance] [--pairs 2000] [--repeat 3] [--model FILE]
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

DEFAULT_DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "stance"


def rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--pairs", type=int, default=2000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--model", help="a model file (default: the shipped one)")
    args = ap.parse_args()
    if not (args.data / "fnc1_train.jsonl").is_file():
        print(f"no stance data at {args.data} (../shared beside the repository)", file=sys.stderr)
        return 2
    from sourcetrace.stance_model import data as sdata

    _, fdev = sdata.split(sdata.load(args.data, "fnc1"))
    _, edev = sdata.split(sdata.load(args.data, "emergent"))
    bodies = [(p.claim, p.text) for p in fdev[:args.pairs]]
    heads = [(p.claim, p.text) for p in edev]
    heads = (heads * (args.pairs // len(heads) + 1))[:args.pairs]
    words = sum(len(t.split()) for _, t in bodies) / len(bodies)

    before = rss_mb()
    t = time.perf_counter()
    from sourcetrace.stance_model.predict import StancePredictor
    from sourcetrace.stance_model.weights import cached

    model = cached(args.model or "")
    load_s = time.perf_counter() - t
    loaded = rss_mb()
    print(f"model {model.path}: loaded in {load_s:.2f} s; resident memory {before:.0f} MB before, "
          f"{loaded:.0f} MB after (+{loaded - before:.0f} MB)")
    best = {"claim-body": float("inf"), "claim-headline": float("inf")}
    for _ in range(args.repeat):
        for name, pairs in (("claim-body", bodies), ("claim-headline", heads)):
            predictor = StancePredictor(model)  # a fresh claim cache for every run
            t = time.perf_counter()
            n = sum(1 for _ in predictor.predict(pairs))
            best[name] = min(best[name], time.perf_counter() - t)
            assert n == len(pairs)
    print(f"claim-body: {len(bodies):,} pairs (bodies of {words:.0f} words on average): "
          f"{len(bodies) / best['claim-body']:,.0f} pairs/s")
    print(f"claim-headline: {len(heads):,} pairs: {len(heads) / best['claim-headline']:,.0f} pairs/s")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory {peak:.0f} MB (best of {args.repeat} runs; one thread)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
