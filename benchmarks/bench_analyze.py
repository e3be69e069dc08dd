#!/usr/bin/env python3
"""Words per second of the full ``analyze`` stage against bare spaCy on the same texts.

Both runs parse the same articles with the same model and the same number of processes:

* ``spacy``: ``nlp.pipe(texts, n_process=P)`` and nothing else;
* ``analyze``: ``nlp.pipe(texts, n_process=P)`` then every sourcetrace extractor on each Doc
  (entities, attributions, chains, quantities, dates, events, signals) and the ledger dict.

Model loading is excluded from both (it is the same cost); each configuration is run ``--repeat``
times and the best run is reported (the machine is shared, the best run is the least disturbed).

Usage: python benchmarks/bench_analyze.py [--data ../shared/data/news/bbc_news.jsonl] [--limit 300]
                                          [--processes 1 2] [--repeat 2] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "data" / "news" / "bbc_news.jsonl"


def load_texts(path: Path, limit: int) -> list[str]:
    texts = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if row.get("text"):
                texts.append(row["text"])
            if len(texts) >= limit:
                break
    return texts


def _analyze_one(doc) -> int:
    from sourcetrace.ledger import build
    from sourcetrace.pipeline import analyze_doc
    from sourcetrace.records import Article

    layers = analyze_doc(doc)
    ledger = build(Article(id="bench", text=doc.text), layers)
    return len(ledger["attributions"])


def run(mode: str, texts: list[str], processes: int) -> float:
    from sourcetrace.nlp import load_model

    nlp = load_model()
    start = time.perf_counter()
    n = 0
    for doc in nlp.pipe(texts, batch_size=32, n_process=processes):
        if mode == "analyze":
            n += _analyze_one(doc)
    elapsed = time.perf_counter() - start
    return elapsed


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--limit", type=int, default=300)
    ap.add_argument("--processes", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    if not args.data.is_file():
        print(f"benchmark data not found: {args.data} (needs ../shared beside the repository)", file=sys.stderr)
        return 2
    texts = load_texts(args.data, args.limit)
    words = sum(len(t.split()) for t in texts)
    results = []
    for p in args.processes:
        row = {"processes": p, "articles": len(texts), "words": words}
        best_of = {}
        for mode in ("spacy", "analyze"):
            best = best_of[mode] = min(run(mode, texts, p) for _ in range(args.repeat))
            row[f"{mode}_seconds"] = round(best, 2)
            row[f"{mode}_words_per_s"] = round(words / best)
        best_spacy, best_analyze = best_of["spacy"], best_of["analyze"]
        # the share from the unrounded speeds (rounding to 3 places first turned 65.47% into "66%")
        share = best_spacy / best_analyze
        row["analyze_share_of_spacy"] = round(share, 4)
        results.append(row)
        if not args.json:
            print(f"processes={p} articles={len(texts)} words={words}: spaCy {row['spacy_words_per_s']:,} words/s, "
                  f"analyze {row['analyze_words_per_s']:,} words/s ({share:.0%} of spaCy)")
    if args.json:
        print(json.dumps({"cpu_count": os.cpu_count(), "results": results}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
