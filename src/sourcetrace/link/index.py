"""The vector index: approximate nearest neighbours over statement vectors, in a file beside the store.

``VectorIndex`` wraps a faiss HNSW graph (inner product over unit vectors = cosine; vectors kept as
float16 by faiss's scalar quantizer) with integer keys (the store's statement row ids, or
positions for an in-memory collection). faiss-cpu was chosen by measurement at 1M statements
among sqlite-vec, usearch, faiss-cpu and hnswlib (``benchmarks/bench_vector_index.py``; figures and
reasons in docs/linking.md): sqlite-vec would have lived inside the SQLite file but only scans
(about a second per query at 1M) and cannot be loaded by this Python's ``sqlite3`` (built without
loadable extensions); usearch was as fast but its compiled module crashes the process
(segmentation fault) when it is imported before ONNX Runtime, which the sentence encoder needs;
hnswlib is unmaintained since 2023 and installs by compiling from source here. faiss ships
manylinux wheels and is maintained.

faiss's HNSW cannot delete. Each add appends an entry and records which entry is current for its
key; a replaced or removed key's old entry stays in the graph as a dead entry that searches skip
(they over-fetch by the number of dead entries, at most ``MAX_OVERFETCH`` times k). ``dead``
counts them; ``VectorIndex.rebuild(rows)`` from the store's rows clears them (the store phase
rebuilds when ``needs_rebuild``).

The index is derived data: the store's statement rows and their vectors are the truth, and the
index files can always be rebuilt from them. ``save`` writes the graph, its entry keys (``.keys.npy``)
and a small JSON side file (``.meta.json``: embedding model's name, dimension, number of live
vectors and a caller-given ``stamp``, e.g. the highest statement row id and the count) to
temporary names and renames them into place, the side file last, so a crash leaves a set that
``load`` either accepts whole or refuses. ``load`` checks the side file against what the caller
expects and raises E071 when anything is missing, damaged or stale, and the caller rebuilds.

Below ``EXACT_BELOW`` entries, searches are exact (a scan of a float32 copy); above it,
the HNSW graph answers with ``EF_SEARCH`` candidates per query.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np

from ..errors import SourcetraceError

# HNSW parameters: 32 links per node, efConstruction 80, efSearch 256: recall@10 0.974 against
# exact search at 1M synthetic sentence vectors, p50 0.6 ms and p95 17 ms on one core of the
# loaded shared machine (efSearch 64: 0.890, 128: 0.904; docs/linking.md); float16 storage takes
# 1.07 GB at 1M against 1.84 GB for float32, at the same recall (0.890 vs 0.894 at efSearch 64).
M = 32
EF_CONSTRUCTION = 80
EF_SEARCH = 256
STORAGE = "f16"  # or "f32"
# Collections with fewer entries are searched exactly. The graph is already exact in practice at
# that size and far cheaper: a numpy scan of 3,000 vectors took 8-12 ms per query on the shared
# machine against 0.03 ms for the graph (benchmarks/bench_linking.py profile, docs/linking.md).
EXACT_BELOW = 1_000
# Searches skip dead entries by over-fetching, by at most this factor of k.
MAX_OVERFETCH = 4
# A rebuild is due when this share of the entries is dead.
REBUILD_SHARE = 0.2
META_SUFFIX = ".meta.json"
KEYS_SUFFIX = ".keys.npy"


def _faiss():
    import faiss

    faiss.omp_set_num_threads(1)  # one thread per process: workers run side by side
    return faiss


class VectorIndex:
    """Cosine nearest neighbours over ``(key, vector)`` pairs (see the module docstring)."""

    def __init__(self, dim: int = 384, *, model: str = "", storage: str = STORAGE, m: int = M,
                 ef_construction: int = EF_CONSTRUCTION, ef_search: int = EF_SEARCH):
        faiss = _faiss()
        if storage not in ("f16", "f32"):
            raise ValueError(f"storage must be 'f16' or 'f32', not {storage!r}")
        self.dim = int(dim)
        self.model = model
        self._params = {"storage": storage, "m": m, "ef_construction": ef_construction, "ef_search": ef_search}
        if storage == "f16":
            self._index = faiss.IndexHNSWSQ(self.dim, faiss.ScalarQuantizer.QT_fp16, m, faiss.METRIC_INNER_PRODUCT)
        else:
            self._index = faiss.IndexHNSWFlat(self.dim, m, faiss.METRIC_INNER_PRODUCT)
        self._index.hnsw.efConstruction = ef_construction
        self._index.hnsw.efSearch = ef_search
        self._labels = np.zeros(0, dtype=np.int64)  # entry -> key
        self._current: dict[int, int] = {}  # key -> its live entry
        # float32 copy of every entry's vector while the index is small (exact searches scan it);
        # grown by doubling so that an insert costs O(1), dropped past EXACT_BELOW
        self._mirror: np.ndarray | None = np.zeros((0, self.dim), np.float32)

    def __len__(self) -> int:
        return len(self._current)

    def __contains__(self, key: int) -> bool:
        return int(key) in self._current

    @property
    def dead(self) -> int:
        """Entries of replaced or removed keys still in the graph."""
        return int(self._index.ntotal) - len(self._current)

    @property
    def needs_rebuild(self) -> bool:
        return self._index.ntotal > 0 and self.dead / self._index.ntotal > REBUILD_SHARE

    def _check(self, vectors) -> np.ndarray:
        v = np.asarray(vectors, dtype=np.float32)
        if v.ndim == 1:
            v = v[None, :]
        if v.ndim != 2 or v.shape[1] != self.dim:
            raise SourcetraceError("E072", reason=f"got shape {tuple(v.shape)}, the index holds {self.dim} dimensions")
        return np.ascontiguousarray(v)

    def add(self, keys: Sequence[int], vectors) -> None:
        """Insert vectors under integer keys; a key already present is replaced. All-zero vectors
        (blank texts) are skipped: they have no direction to compare."""
        v = self._check(vectors)
        k = np.asarray(list(keys), dtype=np.int64)
        if len(k) != len(v):
            raise SourcetraceError("E072", reason=f"{len(k)} keys for {len(v)} vectors")
        keep = np.abs(v).sum(axis=1) > 0
        k, v = k[keep], v[keep]
        if not len(k):
            return
        start = int(self._index.ntotal)
        self._index.add(v)
        self._labels = np.concatenate([self._labels, k])
        for i, key in enumerate(k.tolist()):
            self._current[key] = start + i
        self._extend_mirror(start, v)

    def remove(self, keys: Iterable[int]) -> None:
        """Forget ``keys`` (their entries become dead entries until a rebuild)."""
        for key in keys:
            self._current.pop(int(key), None)

    def get(self, keys: Sequence[int]) -> np.ndarray:
        """The stored vectors of ``keys`` (float32, at the storage's precision); zeros for a key
        that is not in the index."""
        out = np.zeros((len(keys), self.dim), dtype=np.float32)
        for i, key in enumerate(keys):
            entry = self._current.get(int(key))
            if entry is not None:
                out[i] = self._index.reconstruct(entry)
        return out

    def search(self, vector, k: int = 10) -> list[tuple[int, float]]:
        """The ``k`` nearest ``(key, cosine similarity)``, most similar first."""
        v = self._check(vector)
        n = int(self._index.ntotal)
        if n == 0 or not v.any() or k <= 0:
            return []
        fetch = min(n, k + min(self.dead, (MAX_OVERFETCH - 1) * k))
        if n < EXACT_BELOW:
            return self._exact(v[0], k)
        sims, entries = self._index.search(v, fetch)
        out = []
        for s, e in zip(sims[0].tolist(), entries[0].tolist()):
            if e < 0:
                continue
            key = int(self._labels[e])
            if self._current.get(key) == e:
                out.append((key, float(s)))
                if len(out) == k:
                    break
        return out

    def _extend_mirror(self, start: int, v: np.ndarray) -> None:
        end = start + len(v)
        if self._mirror is None:
            return
        if end >= EXACT_BELOW:
            self._mirror = None
            return
        if end > len(self._mirror):
            grown = np.zeros((max(end, 2 * len(self._mirror), 256), self.dim), np.float32)
            grown[:start] = self._mirror[:start]
            self._mirror = grown
        # the stored (float16) values, so that exact and graph searches score alike
        self._mirror[start:end] = v.astype(np.float16).astype(np.float32) if self._params["storage"] == "f16" else v

    def _exact(self, v: np.ndarray, k: int) -> list[tuple[int, float]]:
        n = int(self._index.ntotal)
        if self._mirror is None or len(self._mirror) < n:
            mat = np.zeros((max(n, 256), self.dim), np.float32)
            for e in range(n):
                mat[e] = self._index.reconstruct(e)
            self._mirror = mat
        sims = self._mirror[:n] @ v
        fetch = min(n, k + min(self.dead, (MAX_OVERFETCH - 1) * k))
        top = np.argpartition(-sims, fetch - 1)[:fetch] if fetch < n else np.arange(n)
        top = top[np.lexsort((top, -sims[top]))]  # best first, earlier entries first on ties
        out = []
        for e in top.tolist():
            key = int(self._labels[e])
            if self._current.get(key) == e:
                out.append((key, float(sims[e])))
                if len(out) == k:
                    break
        return out

    # ---- files ---------------------------------------------------------------------------------

    def save(self, path: str | Path, *, stamp=None) -> None:
        """Write the index to ``path`` (+ ``.keys.npy`` and ``.meta.json``) atomically."""
        faiss = _faiss()
        path = Path(path)
        keys_path, meta_path = Path(str(path) + KEYS_SUFFIX), Path(str(path) + META_SUFFIX)
        tmp = [Path(str(p) + ".tmp") for p in (path, keys_path, meta_path)]
        faiss.write_index(self._index, str(tmp[0]))
        live = np.full(len(self._labels), -1, dtype=np.int64)
        for key, entry in self._current.items():
            live[entry] = key
        with open(tmp[1], "wb") as fh:
            np.save(fh, live)
        meta = {"format": "sourcetrace.vectors/2", "library": "faiss", "model": self.model, "dim": self.dim,
                "count": len(self), "entries": int(self._index.ntotal), "params": self._params, "stamp": stamp}
        tmp[2].write_text(json.dumps(meta), encoding="utf-8")
        for t, final in zip(tmp, (path, keys_path, meta_path)):
            os.replace(t, final)

    @classmethod
    def load(cls, path: str | Path, *, model: str | None = None, dim: int | None = None,
             stamp=None, check_stamp: bool = False) -> "VectorIndex":
        """Read an index written by ``save``; E071 when it is missing, damaged, or does not match
        the expected ``model``/``dim`` (or ``stamp`` with ``check_stamp``): rebuild it then."""
        faiss = _faiss()
        path = Path(path)
        keys_path, meta_path = Path(str(path) + KEYS_SUFFIX), Path(str(path) + META_SUFFIX)
        if not (path.is_file() and keys_path.is_file() and meta_path.is_file()):
            raise SourcetraceError("E071", path=str(path), reason="the file, its .keys.npy or its .meta.json is missing")
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as err:
            raise SourcetraceError("E071", path=str(path), reason=f"unreadable side file: {err}") from err
        if not isinstance(meta, dict) or meta.get("format") != "sourcetrace.vectors/2":
            raise SourcetraceError("E071", path=str(path), reason="not a sourcetrace vector index of this version")
        if model is not None and meta.get("model") != model:
            raise SourcetraceError("E071", path=str(path), reason=f"built with {meta.get('model')!r}, not {model!r}")
        if dim is not None and meta.get("dim") != dim:
            raise SourcetraceError("E071", path=str(path), reason=f"{meta.get('dim')} dimensions, not {dim}")
        if check_stamp and meta.get("stamp") != json.loads(json.dumps(stamp)):
            raise SourcetraceError("E071", path=str(path), reason="it is older than the store (stamp differs)")
        params = dict(meta.get("params") or {})
        idx = cls(int(meta["dim"]), model=meta.get("model") or "", storage=params.get("storage", STORAGE),
                  m=params.get("m", M), ef_construction=params.get("ef_construction", EF_CONSTRUCTION),
                  ef_search=params.get("ef_search", EF_SEARCH))
        try:
            graph = faiss.read_index(str(path))
            live = np.load(keys_path, allow_pickle=False)
        except Exception as err:  # faiss raises RuntimeError, numpy ValueError/OSError on damaged files
            raise SourcetraceError("E071", path=str(path), reason=f"damaged: {str(err).splitlines()[0][:120]}") from err
        if graph.d != idx.dim or graph.ntotal != len(live) or graph.ntotal != meta.get("entries"):
            raise SourcetraceError("E071", path=str(path), reason="the graph, its keys and its side file disagree")
        graph.hnsw.efSearch = idx._params["ef_search"]
        idx._index = graph
        idx._labels = live.astype(np.int64)
        idx._current = {int(key): e for e, key in enumerate(live.tolist()) if key >= 0}
        idx._mirror = None  # rebuilt on the first exact search
        if len(idx) != meta.get("count"):
            raise SourcetraceError("E071", path=str(path), reason=f"{len(idx)} live vectors, the side file says {meta.get('count')}")
        return idx

    @classmethod
    def rebuild(cls, rows: Iterable[tuple[int, object]], *, dim: int = 384, model: str = "",
                batch: int = 10_000, **params) -> "VectorIndex":
        """An index from ``(key, vector)`` rows (e.g. the store's statement ids and vector blobs,
        as float32 bytes or arrays), read ``batch`` rows at a time."""
        idx = cls(dim, model=model, **params)
        keys: list[int] = []
        vecs: list[np.ndarray] = []
        for key, vec in rows:
            keys.append(int(key))
            vecs.append(np.frombuffer(vec, dtype=np.float32) if isinstance(vec, (bytes, bytearray, memoryview))
                        else np.asarray(vec, dtype=np.float32))
            if len(keys) >= batch:
                idx.add(keys, np.vstack(vecs))
                keys, vecs = [], []
        if keys:
            idx.add(keys, np.vstack(vecs))
        return idx
