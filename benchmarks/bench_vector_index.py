#!/usr/bin/env python3
"""Compare vector index libraries for claim linking at up to 1M statement vectors.

For each library: build time for N vectors, the cost of inserting more vectors into the built
index (the ingest case: statements arrive a few at a time), resident memory, query latency
(p50/p95 over single queries, k=10, one thread), recall@10 against exact search, file size and the
time to load it back. Libraries: sqlite-vec (vec0 table inside a SQLite file: exact float32 scan,
and an int8 scan rescored in float32), usearch (HNSW, f16 and i8 storage), faiss-cpu (HNSW flat)
and hnswlib (HNSW).

Vectors are synthetic but shaped like real sentence embeddings: ``--real`` real all-MiniLM-L6-v2
vectors of news sentences (from ``../shared/data/news/bbc_news.jsonl``, cut by the statements
sentencizer and encoded once, cached in ``--cache``) are the seeds; each synthetic vector is a
mixture ``a*s1 + (1-a)*s2`` of two random seeds (a uniform in [0.5, 1]) plus Gaussian noise of norm
``--noise``, renormalised. This keeps the clustered, anisotropic geometry of real embeddings (many
near neighbours at cosine 0.6-0.9) that uniform random vectors lack, which is what makes HNSW
recall realistic. Queries are fresh vectors from the same process, never in the index.

    python benchmarks/bench_vector_index.py --n 1000000 --libs usearch,faiss,hnswlib,sqlite-vec
    python benchmarks/bench_vector_index.py --n 100000 --queries 200      # a quick look

Writes one JSON line per library to ``--out`` (default stdout) and a table to stderr. The machine
is shared: compare figures within one run.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

DIM = 384
BUILD_THREADS = 1  # --build-threads: threads for the initial bulk build only (queries: one thread)
REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("SOURCETRACE_SHARED", REPO.parent / "shared"))


def rss_mb() -> float:
    import psutil

    return psutil.Process().memory_info().rss / 1e6


def real_seeds(n: int, cache: Path) -> np.ndarray:
    path = cache / f"bbc_sentence_vectors_{n}.npy"
    if path.is_file():
        return np.load(path)
    from sourcetrace.link.statements import sentence_spans
    from sourcetrace.nlp.encoder import load_encoder

    sents = []
    with open(SHARED / "data" / "news" / "bbc_news.jsonl", encoding="utf-8") as fh:
        for line in fh:
            text = json.loads(line)["text"]
            sents += [text[s:e] for s, e in sentence_spans(text) if len(text[s:e].split()) >= 5]
            if len(sents) >= n:
                break
    vecs = load_encoder().encode(sents[:n])
    cache.mkdir(parents=True, exist_ok=True)
    np.save(path, vecs)
    return vecs


def synthetic(seeds: np.ndarray, n: int, noise: float, rng: np.random.Generator, chunk: int = 100_000) -> np.ndarray:
    out = np.empty((n, seeds.shape[1]), dtype=np.float32)
    for s in range(0, n, chunk):
        m = min(chunk, n - s)
        a = rng.uniform(0.5, 1.0, size=(m, 1)).astype(np.float32)
        v = a * seeds[rng.integers(0, len(seeds), m)] + (1 - a) * seeds[rng.integers(0, len(seeds), m)]
        v += rng.normal(0, noise / np.sqrt(seeds.shape[1]), size=v.shape).astype(np.float32)
        v /= np.linalg.norm(v, axis=1, keepdims=True)
        out[s:s + m] = v
    return out


def exact_top(data: np.ndarray, queries: np.ndarray, k: int) -> np.ndarray:
    top = np.empty((len(queries), k), dtype=np.int64)
    for i in range(0, len(queries), 64):
        sims = queries[i:i + 64] @ data.T
        part = np.argpartition(-sims, k, axis=1)[:, :k]
        order = np.take_along_axis(sims, part, axis=1).argsort(axis=1)[:, ::-1]
        top[i:i + 64] = np.take_along_axis(part, order, axis=1)
    return top


# ---- adapters: build(data) -> handle; add(handle, keys, vecs); search(handle, q, k) -> keys;
#      save(handle, path); load(path) -> handle -----------------------------------------------

class Usearch:
    def __init__(self, dtype="f16", connectivity=16, expansion_add=128, expansion_search=64):
        self.name = f"usearch-hnsw-{dtype}"
        self.kw = dict(ndim=DIM, metric="cos", dtype=dtype, connectivity=connectivity,
                       expansion_add=expansion_add, expansion_search=expansion_search)

    def build(self, data):
        from usearch.index import Index

        idx = Index(**self.kw)
        idx.add(np.arange(len(data), dtype=np.uint64), data, threads=BUILD_THREADS)
        return idx

    def add(self, idx, keys, vecs):
        for k, v in zip(keys, vecs):
            idx.add(int(k), v)

    def search(self, idx, q, k):
        return idx.search(q, k).keys

    def set_ef(self, idx, ef):
        idx.expansion_search = ef

    def save(self, idx, path):
        idx.save(str(path))

    def load(self, path):
        from usearch.index import Index

        idx = Index(**self.kw)
        idx.load(str(path))
        return idx


class Faiss:
    def __init__(self, m=32, ef_construction=80, ef_search=64, storage="flat"):
        self.name = f"faiss-hnsw-{storage}"
        self.m, self.efc, self.efs, self.storage = m, ef_construction, ef_search, storage

    def build(self, data):
        import faiss

        faiss.omp_set_num_threads(BUILD_THREADS)
        if self.storage == "sq16":  # vectors kept as float16 (the link.index default)
            idx = faiss.IndexHNSWSQ(DIM, faiss.ScalarQuantizer.QT_fp16, self.m, faiss.METRIC_INNER_PRODUCT)
        else:
            idx = faiss.IndexHNSWFlat(DIM, self.m, faiss.METRIC_INNER_PRODUCT)
        idx.hnsw.efConstruction = self.efc
        idx.hnsw.efSearch = self.efs
        idx.add(data)
        faiss.omp_set_num_threads(1)  # queries and inserts on one thread, like the others
        return idx

    def add(self, idx, keys, vecs):
        for v in vecs:
            idx.add(v[None, :])

    def search(self, idx, q, k):
        return idx.search(q[None, :], k)[1][0]

    def set_ef(self, idx, ef):
        idx.hnsw.efSearch = ef

    def save(self, idx, path):
        import faiss

        faiss.write_index(idx, str(path))

    def load(self, path):
        import faiss

        idx = faiss.read_index(str(path))
        idx.hnsw.efSearch = self.efs
        return idx


class Hnswlib:
    def __init__(self, m=16, ef_construction=128, ef_search=64):
        self.name = "hnswlib"
        self.m, self.efc, self.efs = m, ef_construction, ef_search

    def build(self, data):
        import hnswlib

        idx = hnswlib.Index(space="ip", dim=DIM)
        idx.init_index(max_elements=len(data) + 10_000, ef_construction=self.efc, M=self.m)
        idx.set_num_threads(BUILD_THREADS)
        idx.add_items(data, np.arange(len(data)))
        idx.set_num_threads(1)
        idx.set_ef(self.efs)
        return idx

    def add(self, idx, keys, vecs):
        for k, v in zip(keys, vecs):
            idx.add_items(v[None, :], [int(k)])

    def search(self, idx, q, k):
        return idx.knn_query(q[None, :], k)[0][0]

    def set_ef(self, idx, ef):
        idx.set_ef(ef)

    def save(self, idx, path):
        idx.save_index(str(path))

    def load(self, path):
        import hnswlib

        idx = hnswlib.Index(space="ip", dim=DIM)
        idx.load_index(str(path), max_elements=0)
        idx.set_ef(self.efs)
        idx.set_num_threads(1)
        return idx


class SqliteVec:
    """vec0 inside a SQLite file; ``int8`` scans int8 vectors and rescores the best 4k in float32."""

    def __init__(self, variant="float"):
        self.name = f"sqlite-vec-{variant}"
        self.variant = variant
        self.path = None

    def _connect(self, path):
        import sqlite_vec

        conn = sqlite3.connect(path)
        if not hasattr(conn, "enable_load_extension"):
            # this Python's sqlite3 was built without loadable extensions (true of the project's
            # machine): the benchmark falls back to pysqlite3-binary's SQLite, the store could not
            import pysqlite3.dbapi2 as sqlite3_ext

            conn.close()
            conn = sqlite3_ext.connect(path)
        conn.enable_load_extension(True)
        sqlite_vec.load(conn)
        conn.enable_load_extension(False)
        return conn

    def build(self, data):
        self.path = Path(tempfile.mkdtemp(prefix="bench-vec-")) / "vec.db"
        conn = self._connect(str(self.path))
        col = "float[384]" if self.variant == "float" else "int8[384]"
        conn.execute(f"CREATE VIRTUAL TABLE v USING vec0(id INTEGER PRIMARY KEY, e {col} distance_metric=cosine)")
        if self.variant != "float":
            conn.execute("CREATE TABLE f (id INTEGER PRIMARY KEY, e BLOB)")
        for s in range(0, len(data), 10_000):
            self.add(conn, range(s, min(s + 10_000, len(data))), data[s:s + 10_000], commit=False)
        conn.commit()
        return conn

    def _int8(self, vecs):
        return np.clip(np.round(vecs * 127 / 0.35), -127, 127).astype(np.int8)

    def add(self, conn, keys, vecs, commit=True):
        keys = [int(k) for k in keys]
        if self.variant == "float":
            conn.executemany("INSERT INTO v (id, e) VALUES (?, ?)",
                             [(k, v.astype(np.float32).tobytes()) for k, v in zip(keys, vecs)])
        else:
            q = self._int8(vecs)
            conn.executemany("INSERT INTO v (id, e) VALUES (?, vec_int8(?))", [(k, r.tobytes()) for k, r in zip(keys, q)])
            conn.executemany("INSERT INTO f (id, e) VALUES (?, ?)",
                             [(k, v.astype(np.float32).tobytes()) for k, v in zip(keys, vecs)])
        if commit:
            conn.commit()

    def search(self, conn, q, k):
        if self.variant == "float":
            rows = conn.execute("SELECT id FROM v WHERE e MATCH ? AND k = ?", (q.astype(np.float32).tobytes(), k)).fetchall()
            return [r[0] for r in rows]
        cand = conn.execute("SELECT id FROM v WHERE e MATCH vec_int8(?) AND k = ?",
                            (self._int8(q[None, :])[0].tobytes(), 4 * k)).fetchall()
        ids = [r[0] for r in cand]
        blobs = conn.execute(f"SELECT id, e FROM f WHERE id IN ({','.join('?' * len(ids))})", ids).fetchall()
        sims = [(float(np.frombuffer(b, dtype=np.float32) @ q), i) for i, b in blobs]
        return [i for _, i in sorted(sims, reverse=True)[:k]]

    def save(self, conn, path):
        conn.commit()
        conn.execute("VACUUM INTO ?", (str(path),))

    def load(self, path):
        return self._connect(str(path))


LIBS = {
    "usearch": lambda: Usearch("f16"),
    "usearch-i8": lambda: Usearch("i8"),
    "faiss": Faiss,
    "faiss-sq16": lambda: Faiss(storage="sq16"),
    "hnswlib": Hnswlib,
    "sqlite-vec": lambda: SqliteVec("float"),
    "sqlite-vec-int8": lambda: SqliteVec("int8"),
}


def measure(lib, handle, queries, truth, k):
    lat, hits = [], 0
    for i, q in enumerate(queries):
        t = time.perf_counter()
        got = lib.search(handle, q, k)
        lat.append(time.perf_counter() - t)
        hits += len(set(int(x) for x in got) & set(truth[i].tolist()))
    lat_ms = np.array(lat) * 1000
    return (round(float(np.percentile(lat_ms, 50)), 2), round(float(np.percentile(lat_ms, 95)), 2),
            round(hits / (len(queries) * k), 4))


def bench(lib, data, queries, truth, k, n_insert, rng, scan_queries=None, ef_sweep=()) -> dict:
    if scan_queries and isinstance(lib, SqliteVec):  # a full scan per query: fewer queries suffice
        queries, truth = queries[:scan_queries], truth[:scan_queries]
    gc.collect()
    before = rss_mb()
    t = time.perf_counter()
    handle = lib.build(data)
    build_s = time.perf_counter() - t
    mem = rss_mb() - before
    p50, p95, recall = measure(lib, handle, queries, truth, k)
    sweep = {}
    if hasattr(lib, "set_ef"):
        for ef in ef_sweep:
            lib.set_ef(handle, ef)
            sweep[f"ef{ef}"] = dict(zip(("p50_ms", "p95_ms", "recall_at_10"), measure(lib, handle, queries, truth, k)))
        lib.set_ef(handle, 64)
    first = list(lib.search(handle, queries[0], k))
    extra = synthetic(data[:10_000], n_insert, 0.3, rng)
    keys = np.arange(len(data), len(data) + n_insert)
    t = time.perf_counter()
    lib.add(handle, keys, extra)
    insert_ms = 1000 * (time.perf_counter() - t) / n_insert
    folder = Path(tempfile.mkdtemp(prefix="bench-vec-save-"))
    path = folder / "index.bin"
    t = time.perf_counter()
    lib.save(handle, path)
    save_s = time.perf_counter() - t
    size = path.stat().st_size
    del handle
    gc.collect()
    t = time.perf_counter()
    loaded = lib.load(path)
    load_s = time.perf_counter() - t
    ok = [int(x) for x in lib.search(loaded, queries[0], k)] == [int(x) for x in first]
    del loaded
    for p in folder.iterdir():
        p.unlink()
    folder.rmdir()
    return {"library": lib.name, "n": len(data), "build_s": round(build_s, 1),
            "insert_ms_per_vector": round(insert_ms, 3), "memory_mb": round(mem), "file_mb": round(size / 1e6),
            "save_s": round(save_s, 1), "load_s": round(load_s, 2),
            "p50_ms": p50, "p95_ms": p95, "recall_at_10": recall, "ef_sweep": sweep,
            "queries": len(queries), "same_after_load": ok}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=1_000_000, help="vectors in the index")
    ap.add_argument("--queries", type=int, default=500)
    ap.add_argument("--insert", type=int, default=2_000, help="vectors inserted one by one after the build")
    ap.add_argument("--libs", default="usearch,faiss,hnswlib,sqlite-vec")
    ap.add_argument("--real", type=int, default=5_000, help="real sentence vectors used as seeds")
    ap.add_argument("--noise", type=float, default=0.5, help="norm of the Gaussian noise added to each mixture")
    ap.add_argument("--cache", default="/tmp/sourcetrace-bench", help="folder for the encoded seed sentences")
    ap.add_argument("--out", help="JSONL results file (default: stdout)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--build-threads", type=int, default=1, help="threads for the bulk build (queries use one)")
    ap.add_argument("--ef-sweep", default="128,256", help="also measure HNSW searches at these expansion factors")
    ap.add_argument("--scan-queries", type=int, default=50, help="queries for the brute-force sqlite-vec scans")
    args = ap.parse_args(argv)
    global BUILD_THREADS
    BUILD_THREADS = max(1, args.build_threads)
    rng = np.random.default_rng(args.seed)
    seeds = real_seeds(args.real, Path(args.cache))
    t = time.perf_counter()
    data = synthetic(seeds, args.n, args.noise, rng)
    queries = synthetic(seeds, args.queries, args.noise, rng)
    truth = exact_top(data, queries, 10)
    nn = float(np.mean(np.sum(data[truth[:, 0]] * queries, axis=1)))
    print(f"{args.n:,} synthetic vectors from {len(seeds):,} real seeds in {time.perf_counter() - t:.0f} s; "
          f"mean cosine of a query's nearest neighbour {nn:.3f}", file=sys.stderr)
    out = open(args.out, "a", encoding="utf-8") if args.out else sys.stdout
    for name in args.libs.split(","):
        lib = LIBS[name.strip()]()
        res = bench(lib, data, queries, truth, 10, args.insert, rng, args.scan_queries,
                    [int(x) for x in args.ef_sweep.split(",") if x])
        res["nn_cosine"] = round(nn, 3)
        res["build_threads"] = BUILD_THREADS
        out.write(json.dumps(res) + "\n")
        out.flush()
        print(" ".join(f"{k}={v}" for k, v in res.items()), file=sys.stderr, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
