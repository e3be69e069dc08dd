#!/usr/bin/env python3
"""Speed of sourcetrace's sentence encoder (``nlp/encoder.py``: all-MiniLM-L6-v2, int8 ONNX, no
PyTorch) on sentences of the articles ``make bench`` uses, one process.

Sentences are cut from the first ``--limit`` BBC articles at full stops and line breaks (a rough
split: the encoder's cost depends on word pieces, not on where sentences end); texts of fewer than
4 words are skipped. For each batch size (``--batch-sizes``) and thread count (``--threads``) it
encodes every sentence once, after one untimed warm-up batch, and prints sentences/s and words/s,
best of ``--repeat`` runs. Headline-length inputs are measured too: the first 12 words of each
sentence.

Usage: bench_sentence_encoder.py [--data ../shared/data/news/bbc_news.jsonl] [--limit 100]
                                 [--batch-sizes 8,16,32,64] [--threads 1] [--repeat 2]
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_analyze import DEFAULT_DATA, load_texts  # noqa: E402 - the same articles as make bench


def sentences(texts: list[str]) -> list[str]:
    out = []
    for text in texts:
        for piece in re.split(r"(?<=[.!?])\s+|\n+", text):
            if len(piece.split()) >= 4:
                out.append(piece.strip())
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--limit", type=int, default=100)
    ap.add_argument("--batch-sizes", default="8,16,32,64")
    ap.add_argument("--threads", default="1")
    ap.add_argument("--repeat", type=int, default=2)
    args = ap.parse_args()
    if not args.data.is_file():
        print(f"no data at {args.data} (../shared beside the repository)", file=sys.stderr)
        return 2
    from sourcetrace.nlp.encoder import Encoder

    sents = sentences(load_texts(args.data, args.limit))
    heads = [" ".join(s.split()[:12]) for s in sents]
    for name, texts in (("sentences", sents), ("headlines (12 words)", heads)):
        words = sum(len(t.split()) for t in texts)
        print(f"{name}: {len(texts):,} texts, {words:,} words")
        for threads in (int(t) for t in args.threads.split(",")):
            enc = Encoder(threads=threads)
            for bs in (int(b) for b in args.batch_sizes.split(",")):
                enc.encode(texts[:bs], batch_size=bs)  # warm-up, untimed
                best = float("inf")
                for _ in range(args.repeat):
                    t0 = time.perf_counter()
                    enc.encode(texts, batch_size=bs)
                    best = min(best, time.perf_counter() - t0)
                print(f"  threads {threads}  batch {bs:>3}: {len(texts) / best:8,.0f} texts/s  "
                      f"{words / best:8,.0f} words/s  ({best:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
