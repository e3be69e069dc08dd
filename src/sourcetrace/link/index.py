"""The vector index: approximate nearest neighbours over statement vectors, in a file beside the store.

``VectorIndex`` wraps usearch's HNSW index (cosine metric, vectors kept as float16) with integer
keys (the store's statement row ids, or positions for an in-memory collection). It was chosen by
measurement at 1M statements among sqlite-vec, usearch, faiss-cpu and hnswlib
(``benchmarks/bench_vector_index.py``; figures and reasons in docs/linking.md): usearch builds
fastest, uses about half the memory and file size of the float32 graphs at the same recall, inserts
one vector in well under a millisecond at 1M, supports removal by key, and its file is a single
blob that can be memory-mapped. sqlite-vec would have lived inside the SQLite file but only scans
(seconds per query at 1M) and cannot even be loaded by this Python's ``sqlite3`` (built without
loadable extensions).

The index is derived data: the store's statement rows and their vectors are the truth, and the
index file can always be rebuilt from them (``VectorIndex.rebuild(rows)``). ``save`` writes the
graph to a temporary file, then a small JSON side file with the embedding model's name, the
dimension, the number of vectors and a caller-given ``stamp`` (the store phase uses the highest
statement row id and the count), and renames both into place, so a crash leaves the previous
complete pair. ``load`` checks the side file against what the caller expects and raises E071 when
the file is missing, damaged or stale, and the caller rebuilds.

Below ``EXACT_BELOW`` vectors, searches are exact (a brute-force scan is then both faster and
exact); above it, the HNSW graph answers with ``expansion_search`` candidates per query.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np

from ..errors import SourcetraceError

# HNSW parameters: connectivity 16 and expansion 128/64 gave recall@10 0.98+ at 1M synthetic
# sentence vectors with p95 latency of a few ms on one core (docs/linking.md); f16 halves memory
# against f32 at no measurable recall cost (i8 lost about a point of recall).
CONNECTIVITY = 16
EXPANSION_ADD = 128
EXPANSION_SEARCH = 64
DTYPE = "f16"
# Collections smaller than this are searched exactly (a scan of 20k vectors takes ~2 ms).
EXACT_BELOW = 20_000
META_SUFFIX = ".meta.json"


class VectorIndex:
    """Cosine nearest neighbours over ``(key, vector)`` pairs (see the module docstring)."""

    def __init__(self, dim: int = 384, *, model: str = "", dtype: str = DTYPE,
                 connectivity: int = CONNECTIVITY, expansion_add: int = EXPANSION_ADD,
                 expansion_search: int = EXPANSION_SEARCH):
        from usearch.index import Index

        self.dim = int(dim)
        self.model = model
        self._params = dict(ndim=self.dim, metric="cos", dtype=dtype, connectivity=connectivity,
                            expansion_add=expansion_add, expansion_search=expansion_search)
        self._index = Index(**self._params)

    def __len__(self) -> int:
        return len(self._index)

    def __contains__(self, key: int) -> bool:
        return bool(self._index.contains(int(key)))

    def _check(self, vectors) -> np.ndarray:
        v = np.asarray(vectors, dtype=np.float32)
        if v.ndim == 1:
            v = v[None, :]
        if v.ndim != 2 or v.shape[1] != self.dim:
            raise SourcetraceError("E072", reason=f"got shape {tuple(v.shape)}, the index holds {self.dim} dimensions")
        return v

    def add(self, keys: Sequence[int], vectors) -> None:
        """Insert vectors under integer keys; a key already present is replaced. All-zero vectors
        (blank texts) are skipped: they have no direction to compare."""
        v = self._check(vectors)
        k = np.asarray(list(keys), dtype=np.uint64)
        if len(k) != len(v):
            raise SourcetraceError("E072", reason=f"{len(k)} keys for {len(v)} vectors")
        keep = np.abs(v).sum(axis=1) > 0
        k, v = k[keep], v[keep]
        if not len(k):
            return
        present = [int(x) for x in k if self._index.contains(int(x))]
        if present:
            self._index.remove(present)
        self._index.add(k, v, threads=1)

    def remove(self, keys: Iterable[int]) -> None:
        keys = [int(x) for x in keys if self._index.contains(int(x))]
        if keys:
            self._index.remove(keys)

    def get(self, keys: Sequence[int]) -> np.ndarray:
        """The stored vectors of ``keys`` (float32, as stored: float16 precision); zeros for a key
        that is not in the index."""
        out = np.zeros((len(keys), self.dim), dtype=np.float32)
        for i, key in enumerate(keys):
            if self._index.contains(int(key)):
                out[i] = np.asarray(self._index.get(int(key)), dtype=np.float32).reshape(-1)[: self.dim]
        return out

    def search(self, vector, k: int = 10) -> list[tuple[int, float]]:
        """The ``k`` nearest ``(key, cosine similarity)``, most similar first."""
        v = self._check(vector)[0]
        n = len(self._index)
        if n == 0 or not v.any():
            return []
        res = self._index.search(v, min(k, n), exact=n < EXACT_BELOW)
        return [(int(key), 1.0 - float(dist)) for key, dist in zip(res.keys, res.distances)]

    # ---- files ---------------------------------------------------------------------------------

    def save(self, path: str | Path, *, stamp=None) -> None:
        """Write the index to ``path`` and its side file ``path + '.meta.json'`` atomically."""
        path = Path(path)
        tmp = path.with_name(path.name + ".tmp")
        self._index.save(str(tmp))
        meta = {"format": "sourcetrace.vectors/1", "model": self.model, "dim": self.dim, "count": len(self),
                "params": self._params, "stamp": stamp}
        meta_tmp = Path(str(path) + META_SUFFIX + ".tmp")
        meta_tmp.write_text(json.dumps(meta), encoding="utf-8")
        os.replace(tmp, path)
        os.replace(meta_tmp, Path(str(path) + META_SUFFIX))

    @classmethod
    def load(cls, path: str | Path, *, model: str | None = None, dim: int | None = None,
             stamp=None, check_stamp: bool = False) -> "VectorIndex":
        """Read an index written by ``save``; E071 when it is missing, damaged, or does not match
        the expected ``model``/``dim`` (or ``stamp`` with ``check_stamp``): rebuild it then."""
        path = Path(path)
        meta_path = Path(str(path) + META_SUFFIX)
        if not path.is_file() or not meta_path.is_file():
            raise SourcetraceError("E071", path=str(path), reason="the file or its .meta.json is missing")
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as err:
            raise SourcetraceError("E071", path=str(path), reason=f"unreadable side file: {err}") from err
        if meta.get("format") != "sourcetrace.vectors/1":
            raise SourcetraceError("E071", path=str(path), reason="not a sourcetrace vector index")
        if model is not None and meta.get("model") != model:
            raise SourcetraceError("E071", path=str(path), reason=f"built with {meta.get('model')!r}, not {model!r}")
        if dim is not None and meta.get("dim") != dim:
            raise SourcetraceError("E071", path=str(path), reason=f"{meta.get('dim')} dimensions, not {dim}")
        if check_stamp and meta.get("stamp") != json.loads(json.dumps(stamp)):
            raise SourcetraceError("E071", path=str(path), reason="it is older than the store (stamp differs)")
        params = dict(meta.get("params") or {})
        idx = cls(int(meta["dim"]), model=meta.get("model") or "", dtype=params.get("dtype", DTYPE),
                  connectivity=params.get("connectivity", CONNECTIVITY),
                  expansion_add=params.get("expansion_add", EXPANSION_ADD),
                  expansion_search=params.get("expansion_search", EXPANSION_SEARCH))
        try:
            idx._index.load(str(path))
        except Exception as err:  # usearch raises RuntimeError/ValueError on damaged files
            raise SourcetraceError("E071", path=str(path), reason=f"damaged: {str(err)[:120]}") from err
        if len(idx) != meta.get("count"):
            raise SourcetraceError("E071", path=str(path), reason=f"{len(idx)} vectors, the side file says {meta.get('count')}")
        return idx

    @classmethod
    def rebuild(cls, rows: Iterable[tuple[int, object]], *, dim: int = 384, model: str = "",
                batch: int = 10_000) -> "VectorIndex":
        """An index from ``(key, vector)`` rows (e.g. the store's statement ids and vector blobs,
        as float32 bytes or arrays), read ``batch`` rows at a time."""
        idx = cls(dim, model=model)
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
