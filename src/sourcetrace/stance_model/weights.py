"""The stance model's weights and their evaluation in NumPy: hashed linear layers and tree ensembles.

A model file is one ``.npz`` archive of plain arrays (``numpy.load(..., allow_pickle=False)``):
``meta`` (a JSON string: labels, heads, feature names, training record), the vocabulary (stems and
IDF), and per head ``<head>.<part>`` arrays. No scikit-learn at run time: the trees that
scikit-learn's ``HistGradientBoostingClassifier`` grew are stored as arrays (feature, threshold,
children, leaf value) and walked for all trees at once, level by level.

A **head** reads one kind of report (``body``: two sentences or more; ``short``: one sentence or a
headline; see ``stance_model.predict``). Its class scores are ``linear`` (a hashed linear layer over
word features, plus a dense linear part over standardised features) or ``trees`` (gradient-boosted
trees over the dense features and the hashed layer's four scores), turned into probabilities by a
softmax.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..errors import SourcetraceError

FORMAT = "sourcetrace.stance/1"
DEFAULT_MODEL = Path(__file__).resolve().parent.parent / "models" / "stance_model.npz"


@dataclass
class HashedLayer:
    """Class scores ``intercept + sum(value * weights[bucket])`` over sparse hashed features."""

    buckets: np.ndarray  # sorted int64, the buckets with a weight
    weights: np.ndarray  # (len(buckets), K) float32
    intercept: np.ndarray  # (K,)

    def scores(self, rows: list[dict[int, float]]) -> np.ndarray:
        out = np.tile(self.intercept.astype(np.float64), (len(rows), 1))
        for i, row in enumerate(rows):
            if not row:
                continue
            keys = np.fromiter(row.keys(), dtype=np.int64, count=len(row))
            vals = np.fromiter(row.values(), dtype=np.float64, count=len(row))
            pos = np.searchsorted(self.buckets, keys)
            pos = np.minimum(pos, len(self.buckets) - 1)
            hit = self.buckets[pos] == keys
            if hit.any():
                out[i] += vals[hit] @ self.weights[pos[hit]]
        return out


@dataclass
class DenseLinear:
    """``((x - mean) / scale) @ coef`` (standardised features, no intercept: the hashed layer has it)."""

    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray  # (n_features, K)

    def scores(self, X: np.ndarray) -> np.ndarray:
        return ((X - self.mean) / self.scale) @ self.coef


@dataclass
class Trees:
    """Gradient-boosted trees as (T, M) arrays; tree ``t`` adds to class ``t % K``."""

    feature: np.ndarray  # int32
    threshold: np.ndarray  # float64; go left when x <= threshold
    left: np.ndarray  # int32
    right: np.ndarray  # int32
    value: np.ndarray  # float64 (leaves)
    leaf: np.ndarray  # bool
    missing_left: np.ndarray  # bool: a NaN goes left
    baseline: np.ndarray  # (K,)
    depth: int

    def scores(self, X: np.ndarray) -> np.ndarray:
        n, (T, _) = len(X), self.feature.shape
        K = len(self.baseline)
        trees = np.arange(T)[None, :]
        node = np.zeros((n, T), dtype=np.int32)
        rows = np.arange(n)[:, None]
        for _ in range(self.depth):
            f = self.feature[trees, node]
            x = X[rows, f]
            go_left = (x <= self.threshold[trees, node]) | (np.isnan(x) & self.missing_left[trees, node])
            nxt = np.where(go_left, self.left[trees, node], self.right[trees, node])
            node = np.where(self.leaf[trees, node], node, nxt)
        leaf_values = self.value[trees, node]  # (n, T)
        return self.baseline[None, :] + leaf_values.reshape(n, T // K, K).sum(axis=1)

    @classmethod
    def from_sklearn(cls, model) -> "Trees":
        """The trees of a fitted ``HistGradientBoostingClassifier`` (numerical features only)."""
        predictors = [tree for iteration in model._predictors for tree in iteration]
        width = max(len(p.nodes) for p in predictors)
        T = len(predictors)
        feature = np.zeros((T, width), dtype=np.int32)
        threshold = np.zeros((T, width), dtype=np.float64)
        left = np.zeros((T, width), dtype=np.int32)
        right = np.zeros((T, width), dtype=np.int32)
        value = np.zeros((T, width), dtype=np.float64)
        leaf = np.ones((T, width), dtype=bool)
        missing_left = np.zeros((T, width), dtype=bool)
        depth = 0
        for t, p in enumerate(predictors):
            nodes = p.nodes
            if nodes["is_categorical"].any():
                raise ValueError("categorical splits are not supported")
            m = len(nodes)
            feature[t, :m] = nodes["feature_idx"]
            threshold[t, :m] = nodes["num_threshold"]
            left[t, :m] = nodes["left"]
            right[t, :m] = nodes["right"]
            value[t, :m] = nodes["value"]
            leaf[t, :m] = nodes["is_leaf"].astype(bool)
            missing_left[t, :m] = nodes["missing_go_to_left"].astype(bool)
            depth = max(depth, int(nodes["depth"].max()))
        baseline = np.asarray(model._baseline_prediction, dtype=np.float64).reshape(-1)
        if len(baseline) == 1 and len(model.classes_) == 2:
            raise ValueError("binary models are not supported (the stance heads have 3-4 classes)")
        return cls(feature, threshold, left, right, value, leaf, missing_left, baseline, depth)


@dataclass
class Head:
    name: str
    labels: tuple[str, ...]
    dense_names: tuple[str, ...]
    hashed_spec: dict  # how hashed features are made (features.hashed)
    hashed: HashedLayer
    dense: DenseLinear | None = None
    trees: Trees | None = None

    def scores(self, X: np.ndarray, rows: list[dict[int, float]]) -> np.ndarray:
        lin = self.hashed.scores(rows)
        if self.trees is not None:
            return self.trees.scores(np.hstack([X, lin]))
        if self.dense is not None:
            lin = lin + self.dense.scores(X)
        return lin

    def proba(self, X: np.ndarray, rows: list[dict[int, float]]) -> np.ndarray:
        z = self.scores(X, rows)
        z = z - z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)


@dataclass
class StanceModel:
    meta: dict
    heads: dict[str, Head]
    vocab: "object"  # features.Vocabulary
    path: str = ""

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(self.meta["labels"])


def _arrays(prefix: str, obj) -> dict[str, np.ndarray]:
    return {f"{prefix}.{k}": np.asarray(v) for k, v in vars(obj).items() if isinstance(v, np.ndarray)}


def save(model: StanceModel, path: str | Path) -> None:
    """Write ``model`` as one compressed ``.npz`` of plain arrays (no pickles)."""
    arrays: dict[str, np.ndarray] = {}
    meta = dict(model.meta)
    meta["format"] = FORMAT
    heads_meta = {}
    for name, head in model.heads.items():
        heads_meta[name] = {"labels": list(head.labels), "dense_names": list(head.dense_names),
                            "hashed_spec": head.hashed_spec,
                            "combiner": "trees" if head.trees is not None else "linear",
                            "dense": head.dense is not None}
        arrays.update(_arrays(f"{name}.hashed", head.hashed))
        if head.dense is not None:
            arrays.update(_arrays(f"{name}.dense", head.dense))
        if head.trees is not None:
            arrays.update(_arrays(f"{name}.trees", head.trees))
            arrays[f"{name}.trees.depth"] = np.asarray(head.trees.depth)
    meta["heads"] = heads_meta
    vocab = model.vocab
    stems = sorted(vocab.idf)
    arrays["vocab.stems"] = np.asarray("\n".join(stems))
    arrays["vocab.idf"] = np.asarray([vocab.idf[s] for s in stems], dtype=np.float32)
    arrays["vocab.stop"] = np.asarray("\n".join(sorted(vocab.stop)))
    arrays["vocab.unseen_idf"] = np.asarray(vocab.unseen_idf)
    arrays["meta"] = np.asarray(json.dumps(meta, sort_keys=True))
    with open(path, "wb") as fh:
        np.savez_compressed(fh, **arrays)


def _bad(path, reason: str) -> SourcetraceError:
    return SourcetraceError("E063", path=str(path), reason=reason)


def load(path: str | Path | None = None) -> StanceModel:
    """Read a model file written by ``save`` (the shipped one by default); E063 if it is not one."""
    from .features import Vocabulary

    path = Path(path) if path else DEFAULT_MODEL
    if not path.is_file():
        raise _bad(path, "the file does not exist")
    try:
        with np.load(path, allow_pickle=False) as z:
            arrays = {k: z[k] for k in z.files}
        meta = json.loads(str(arrays["meta"]))
    except (OSError, ValueError, KeyError, json.JSONDecodeError) as err:
        raise _bad(path, f"not a stance model archive: {err}") from err
    if meta.get("format") != FORMAT:
        raise _bad(path, f"format {meta.get('format')!r}, expected {FORMAT!r}")
    try:
        stems = str(arrays["vocab.stems"]).split("\n")
        idf = arrays["vocab.idf"].astype(float).tolist()
        stop = str(arrays["vocab.stop"])
        vocab = Vocabulary(dict(zip(stems, idf)), float(arrays["vocab.unseen_idf"]),
                           frozenset(stop.split("\n")) if stop else frozenset())
        heads = {}
        for name, hm in meta["heads"].items():
            g = lambda part: arrays[f"{name}.{part}"]  # noqa: E731
            hashed = HashedLayer(g("hashed.buckets").astype(np.int64), g("hashed.weights").astype(np.float64),
                                 g("hashed.intercept").astype(np.float64))
            dense = (DenseLinear(g("dense.mean"), g("dense.scale"), g("dense.coef")) if hm["dense"] else None)
            trees = None
            if hm["combiner"] == "trees":
                trees = Trees(*(g(f"trees.{k}") for k in ("feature", "threshold", "left", "right", "value",
                                                          "leaf", "missing_left", "baseline")),
                              depth=int(g("trees.depth")))
            heads[name] = Head(name, tuple(hm["labels"]), tuple(hm["dense_names"]), hm["hashed_spec"],
                               hashed, dense, trees)
    except (KeyError, TypeError, ValueError) as err:
        raise _bad(path, f"missing or malformed part: {err}") from err
    return StanceModel(meta, heads, vocab, str(path))


@functools.lru_cache(maxsize=4)
def cached(path: str = "") -> StanceModel:
    """The model at ``path`` ("" = shipped), loaded once per process."""
    return load(path or None)
