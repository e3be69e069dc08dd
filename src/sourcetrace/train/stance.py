"""Train the stance model (``stance_model.weights``) on FNC-1 and Emergent pairs.

``sourcetrace train stance --data DIR --output FILE`` reads the layout of ``../shared/data/stance``
(``stance_model.data``), keeps the **train side** of the dev splits (by FNC-1 body and by Emergent claim;
the dev side is what ``sourcetrace eval stance`` scores), and:

1. fits the vocabulary (IDF of the stems of every training text: FNC-1 bodies and headlines,
   Emergent claims and headlines);
2. **body head** (FNC-1 headline/body pairs): a hashed linear layer (multinomial logistic
   regression) over the words of the report's selected sentences, fitted on the related pairs
   (agree/disagree/discuss); its class scores *out of fold* (``folds`` groups of stories,
   ``data.stories``) join the dense features, on which gradient boosted trees (scikit-learn's
   ``HistGradientBoostingClassifier``, rare stances weighted up) are fitted; the layer used at run
   time is then refitted on all the related training pairs;
3. **short head** (Emergent claim/headline pairs, plus one *unrelated* pair per headline made by
   pairing it with a claim of another Emergent claim, chosen with a seeded generator): one logistic
   regression over the headline's hashed words and bigrams and the standardised dense features;
4. writes both as plain arrays (``model.save``) with a ``meta`` record: data files and their
   SHA-256, pair counts, settings, scikit-learn version, seconds.

FNC-1 and Emergent are kept apart on purpose: FNC-1 was built from Emergent's articles, so
Emergent's claims and FNC-1's bodies describe the same stories, and training one head on both
would let each dev split see its own stories through the other corpus.

Deterministic for given data and scikit-learn version (lbfgs, fixed seeds, no early stopping).
Needs the ``train`` extra (scikit-learn); the model runs without it.
"""

from __future__ import annotations

import hashlib
import random
import time
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path

import numpy as np

from ..errors import SourcetraceError
from ..stance_model import data as sdata
from ..stance_model import features as F
from ..stance_model import weights as M

BODY_SPEC = {"parts": ["r"], "weight": "tfidf"}
SHORT_SPEC = {"parts": ["r"], "weight": "binary", "question": True}
DENSE_NAMES = tuple(F.LEXICAL_NAMES) + tuple(F.CUE_NAMES)


@dataclass(frozen=True)
class TrainOptions:
    """Options of ``sourcetrace train stance`` (defaults give the shipped model)."""

    body_C: float = 1.0  # inverse L2 strength of the body head's hashed layer
    short_C: float = 1.0  # ... of the short head's logistic regression
    iterations: int = 200  # boosting rounds of the body head
    learning_rate: float = 0.1
    leaves: int = 31  # max leaf nodes per tree
    l2: float = 1.0  # L2 regularisation of the leaves
    # sample weights of the rare stances in the trees' fit: on the FNC-1 dev split by body, none /
    # disagree 2 / disagree 3 + agree 1.5 gave macro-F1 65.9 / 69.9 / 71.1 (score 86.5 / 86.8 /
    # 87.3); by story 60.1 / 59.2 / 60.5 (score 79.9 / 78.8 / 78.8); docs/stance.md
    class_weights: dict = field(default_factory=lambda: {"disagree": 3.0, "agree": 1.5})
    folds: int = 5  # groups of bodies for the out-of-fold layer scores
    seed: int = sdata.SEED  # the dev split and the synthetic unrelated pairs
    limit: int | None = None  # first N pairs of each corpus only (quick experiments, tests)
    terms: str = "FNC-1 and Emergent: research use; the model holds stems, IDF and weights, no text"


def _sklearn():
    try:
        import sklearn  # noqa: F401
    except ImportError as err:
        raise SourcetraceError("E052") from err


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _sparse(rows: list[dict[int, float]]):
    import scipy.sparse as sp

    indptr, indices, values = [0], [], []
    for row in rows:
        for k in sorted(row):
            indices.append(k)
            values.append(row[k])
        indptr.append(len(indices))
    return sp.csr_matrix((np.asarray(values, dtype=np.float64), np.asarray(indices, dtype=np.int64),
                          np.asarray(indptr, dtype=np.int64)), shape=(len(rows), F.HASH_BUCKETS))


def featurize(pairs: list[sdata.Pair], vocab: F.Vocabulary, *, short: bool, spec: dict,
              names: tuple[str, ...] = DENSE_NAMES) -> tuple[np.ndarray, list[dict[int, float]]]:
    """Dense features and hashed rows of ``pairs`` (texts prepared once each)."""
    claims: dict[str, F.Prepared] = {}
    reports: dict[str, F.Prepared] = {}
    X, H = [], []
    for p in pairs:
        c = claims.get(p.claim) or claims.setdefault(p.claim, F.prepare(p.claim, vocab, whole=True))
        r = reports.get(p.text) or reports.setdefault(p.text, F.prepare(p.text, vocab, whole=short))
        sel, sims = F.select(c, r)
        X.append(F.dense_features(c, r, vocab, sel, sims, names))
        H.append(F.hashed(c, r, vocab, sel, spec))
    return np.asarray(X, dtype=np.float64), H


def _logistic(C: float):
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=C, max_iter=500, tol=1e-5)


def _hashed_layer(coef: np.ndarray, intercept: np.ndarray) -> M.HashedLayer:
    """Keep the buckets with any non-zero weight (coef: K x HASH_BUCKETS)."""
    used = np.flatnonzero(np.abs(coef).sum(axis=0) > 0)
    return M.HashedLayer(used.astype(np.int64), coef[:, used].T.astype(np.float32), intercept.astype(np.float64))


def synthetic_unrelated(pairs: list[sdata.Pair], seed: int) -> list[sdata.Pair]:
    """For each headline, one pair with the claim of another group (seeded, deterministic)."""
    claims = sorted({(p.group, p.claim) for p in pairs})
    if len({g for g, _ in claims}) < 2:
        return []
    rng = random.Random(seed)
    out = []
    for p in pairs:
        while True:
            group, claim = claims[rng.randrange(len(claims))]
            if group != p.group:
                break
        out.append(sdata.Pair(f"{p.id}-unrelated", claim, p.text, "unrelated", p.group, p.corpus))
    return out


def train_body(pairs: list[sdata.Pair], vocab: F.Vocabulary, opts: TrainOptions, log=print) -> tuple[M.Head, dict]:
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.model_selection import GroupKFold

    labels = sdata.LABELS
    y = np.asarray([labels.index(p.label) for p in pairs])
    present = sorted(set(y.tolist()))
    if present != list(range(len(labels))):
        raise SourcetraceError("E064", path="fnc1_train.jsonl", reason="the body head needs pairs of all four stances")
    t = time.perf_counter()
    X, rows = featurize(pairs, vocab, short=False, spec=BODY_SPEC)
    Hs = _sparse(rows)
    log(f"body head: {len(pairs):,} pairs featurized in {time.perf_counter() - t:.0f} s")
    # the hashed layer learns agree/disagree/discuss from the related pairs; its scores out of
    # fold by *story* (not by body) so that the trees learn how far to trust it on claims it has
    # not seen: by body, a claim's other bodies would be in the layer's training folds
    story = sdata.stories(pairs)
    groups = np.asarray([story["b:" + p.group] for p in pairs])
    related = y != labels.index("unrelated")
    oof = np.zeros((len(pairs), len(labels) - 1))
    folds = min(opts.folds, len(set(groups.tolist())))
    for k, (a, b) in enumerate(GroupKFold(folds).split(Hs, y, groups)):
        fit = a[related[a]]
        oof[b] = _logistic(opts.body_C).fit(Hs[fit], y[fit]).decision_function(Hs[b])
        log(f"body head: out-of-fold layer {k + 1}/{folds}")
    lr = _logistic(opts.body_C).fit(Hs[related], y[related])
    weights = np.ones(len(pairs))
    for label, w in opts.class_weights.items():
        weights[y == labels.index(label)] = w
    trees = HistGradientBoostingClassifier(max_iter=opts.iterations, learning_rate=opts.learning_rate,
                                           max_leaf_nodes=opts.leaves, l2_regularization=opts.l2,
                                           early_stopping=False, random_state=opts.seed)
    trees.fit(np.hstack([X, oof]), y, sample_weight=weights)
    oof_acc = float((oof[related].argmax(axis=1) == y[related]).mean())
    head = M.Head("body", labels, DENSE_NAMES, BODY_SPEC, _hashed_layer(lr.coef_, lr.intercept_),
                  trees=M.Trees.from_sklearn(trees))
    return head, {"pairs": len(pairs), "stories": len(set(groups.tolist())),
                  "oof_layer_accuracy_related": round(oof_acc, 4), "hashed_buckets": int(len(head.hashed.buckets))}


def train_short(pairs: list[sdata.Pair], vocab: F.Vocabulary, opts: TrainOptions) -> tuple[M.Head, dict]:
    import scipy.sparse as sp

    labels = sdata.LABELS
    allp = pairs + synthetic_unrelated(pairs, opts.seed)
    y = np.asarray([labels.index(p.label) for p in allp])
    if len(set(y.tolist())) != len(labels):
        raise SourcetraceError("E064", path="emergent_train.jsonl", reason="the short head needs for, against and observing headlines of two claims or more")
    X, rows = featurize(allp, vocab, short=True, spec=SHORT_SPEC)
    mean = X.mean(axis=0)
    scale = X.std(axis=0)
    scale[scale == 0] = 1.0
    Z = sp.hstack([_sparse(rows), sp.csr_matrix((X - mean) / scale)]).tocsr()
    lr = _logistic(opts.short_C).fit(Z, y)
    coef = lr.coef_
    hashed = _hashed_layer(coef[:, :F.HASH_BUCKETS], lr.intercept_)
    dense = M.DenseLinear(mean, scale, coef[:, F.HASH_BUCKETS:].T.copy())
    head = M.Head("short", labels, DENSE_NAMES, SHORT_SPEC, hashed, dense=dense)
    return head, {"pairs": len(pairs), "synthetic_unrelated": len(allp) - len(pairs),
                  "hashed_buckets": int(len(hashed.buckets))}


def train(data: str | Path, output: str | Path, opts: TrainOptions = TrainOptions(), log=print) -> M.StanceModel:
    _sklearn()
    import sklearn

    start = time.perf_counter()
    data = Path(data)
    fnc = sdata.load(data, "fnc1")
    em = sdata.load(data, "emergent")
    if opts.limit:
        fnc, em = fnc[:opts.limit], em[:opts.limit]
    fnc_train, fnc_dev = sdata.split(fnc, seed=opts.seed)
    em_train, em_dev = sdata.split(em, seed=opts.seed)
    if not fnc_train or not em_train:
        raise SourcetraceError("E064", path=str(data), reason="a corpus has no training pairs after the dev split")
    log(f"FNC-1: {len(fnc_train):,} train / {len(fnc_dev):,} dev pairs; Emergent: {len(em_train):,} / {len(em_dev):,}")
    texts = {p.text for p in fnc_train} | {p.claim for p in fnc_train} | {p.claim for p in em_train} | {p.text for p in em_train}
    vocab = F.Vocabulary.fit([[F._stem(w) for w in F.words(t)] for t in sorted(texts)])
    body, body_info = train_body(fnc_train, vocab, opts, log)
    log(f"body head trained ({time.perf_counter() - start:.0f} s)")
    short, short_info = train_short(em_train, vocab, opts)
    log(f"short head trained ({time.perf_counter() - start:.0f} s)")
    files = {name: _sha256(path) for name, path in (
        ("fnc1_train.jsonl", data / "fnc1_train.jsonl"), ("emergent_train.jsonl", data / "emergent_train.jsonl"),
        ("fnc1_bodies.jsonl", sdata.bodies_path(data)))}
    meta = {
        "labels": list(sdata.LABELS),
        "trained": date.today().isoformat(),
        "data": {"files_sha256": files, "split": {"dev_share": sdata.DEV_SHARE, "seed": opts.seed,
                                                  "fnc1_by": "body_id", "emergent_by": "claim_id"}},
        "options": asdict(opts),
        "body": body_info,
        "short": short_info,
        "vocabulary": {"stems": len(vocab.idf), "stop": len(vocab.stop)},
        "sklearn": sklearn.__version__,
        "terms": opts.terms,
        "seconds": round(time.perf_counter() - start, 1),
    }
    model = M.StanceModel(meta, {"body": body, "short": short}, vocab)
    try:
        M.save(model, output)
    except OSError as err:
        raise SourcetraceError("E014", path=str(output), reason=err.strerror or str(err)) from err
    return model
