#!/usr/bin/env python3
"""Linking time per new article against stores of 1k, 10k and 100k articles' statements.

The issue's target: the time to link one new article (retrieve candidates for each of its
statements from the word index and the vector index, decide same-claim against them, join or
start a group) stays flat, within 20%, from 1k to 100k stored articles. The stored statements
are synthetic: ``--per-article`` statements per stored article, their texts real sentences of
``../shared/data/news/bbc_news.jsonl`` (cycled, each with a distinct number so that no two rows are
identical) and their vectors synthetic around real sentence vectors (as in
``bench_vector_index.py``). They are preloaded into a ``link.Grouper`` (FTS5 word index in memory,
faiss HNSW index) in one group each, growing the same store from size to size. The new articles are
``--articles`` real BBC articles not among the seeds, analyzed once (statements from their
ledgers) and embedded once; the timed part is ``Grouper.add`` for each statement, i.e. all of
linking except the sentence encoder, whose cost per article does not depend on the store (it is
reported on its own). The preload uses ``--build-threads`` threads, linking one. The linked
statements stay in the store (each size adds its own copies under new keys: under 1% of the store).

    python benchmarks/bench_linking.py --sizes 1000,10000,100000

Prints one line per size (median and p95 ms per article and per statement) and writes JSONL to
``--out``. The machine is shared: compare sizes within one run.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_vector_index import real_seeds, synthetic  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("SOURCETRACE_SHARED", REPO.parent / "shared"))


def bbc(limit: int, skip: int = 0) -> list[dict]:
    out = []
    with open(SHARED / "data" / "news" / "bbc_news.jsonl", encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if i < skip:
                continue
            out.append(json.loads(line))
            if len(out) >= limit:
                break
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1000,10000,100000", help="stored articles at each measurement")
    ap.add_argument("--per-article", type=int, default=10, help="statements per stored article")
    ap.add_argument("--articles", type=int, default=30, help="new articles timed at each size")
    ap.add_argument("--cache", default="/tmp/sourcetrace-bench")
    ap.add_argument("--build-threads", type=int, default=2, help="threads for preloading the synthetic store")
    ap.add_argument("--out")
    args = ap.parse_args(argv)

    import faiss

    from sourcetrace.clean import clean_article
    from sourcetrace.link.embed import load_embedder
    from sourcetrace.link.group import Grouper
    from sourcetrace.link.statements import sentence_spans, statements
    from sourcetrace.pipeline import analyze_article
    from sourcetrace.records import RawArticle

    emb = load_embedder()
    new = []
    for rec in bbc(args.articles, skip=2000):
        led = analyze_article(clean_article(RawArticle(origin="bench", text=rec["text"], id=f"new-{rec['id']}")))
        sts = statements(led, headline=False)
        t = time.perf_counter()
        vecs = emb.encode([s.text for s in sts])
        new.append((sts, vecs, time.perf_counter() - t))
    enc_ms = [1000 * e for _, _, e in new]
    n_st = sum(len(s) for s, _, _ in new)
    print(f"{len(new)} new articles, {n_st} statements ({n_st / len(new):.1f} per article); encoding "
          f"{np.median(enc_ms):.0f} ms per article (median)", file=sys.stderr)

    sentences = []
    for rec in bbc(2000):
        t = rec["text"]
        sentences += [t[s:e] for s, e in sentence_spans(t) if len(t[s:e].split()) >= 5]
    seeds = real_seeds(5000, Path(args.cache))
    rng = np.random.default_rng(11)
    grouper = Grouper(emb)
    stored = 0
    out = open(args.out, "a", encoding="utf-8") if args.out else None
    for size in [int(x) for x in args.sizes.split(",")]:
        target = size * args.per_article
        t = time.perf_counter()
        faiss.omp_set_num_threads(args.build_threads)  # the preload only; linking runs on one thread
        while stored < target:
            n = min(50_000, target - stored)
            items = [(f"s{stored + i}", f"{sentences[(stored + i) % len(sentences)]} ({stored + i})", f"g:s{stored + i}")
                     for i in range(n)]
            grouper.preload(items, synthetic(seeds, n, 0.5, rng))
            stored += n
        load_s = time.perf_counter() - t
        faiss.omp_set_num_threads(1)
        per_article, per_statement = [], []
        for sts, vecs, _ in new:
            t0 = time.perf_counter()
            for st, v in zip(sts, vecs):
                t1 = time.perf_counter()
                grouper.add(f"{size}:{st.id}", st.text, vector=v)
                per_statement.append(time.perf_counter() - t1)
            per_article.append(time.perf_counter() - t0)
        res = {"stored_articles": size, "stored_statements": stored, "new_articles": len(new),
               "article_ms_median": round(1000 * float(np.median(per_article)), 1),
               "article_ms_p95": round(1000 * float(np.percentile(per_article, 95)), 1),
               "statement_ms_median": round(1000 * float(np.median(per_statement)), 2),
               "statement_ms_p95": round(1000 * float(np.percentile(per_statement, 95)), 2),
               "encode_ms_per_article_median": round(float(np.median(enc_ms)), 1),
               "preload_s": round(load_s, 1)}
        print(" ".join(f"{k}={v}" for k, v in res.items()), file=sys.stderr, flush=True)
        if out:
            out.write(json.dumps(res) + "\n")
            out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
