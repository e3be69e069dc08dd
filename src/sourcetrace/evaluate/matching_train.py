"""Fit the same-claim model (``link/same_claim.json``) on Emergent headlines and pick its thresholds.

    python -m sourcetrace.evaluate.matching_train --emergent ../shared/data/stance/emergent_train.jsonl \\
        --output src/sourcetrace/link/same_claim.json

The Emergent train file (240 claims, 2,071 headlines) is split by claim, deterministically:
a claim is in the *dev* part when the SHA-1 of its ``claim_id`` is 0 modulo 5 (``emergent_split``),
else in the *tuning* part. Everything is fitted on the tuning part only:

1. pairs: every tuning headline with its ``--neighbours`` nearest tuning headlines by cosine (the
   pairs the grouper will actually judge), labelled same claim or not;
2. a logistic regression (scikit-learn, L2, C=1) on ``link.same_claim.FEATURES``;
3. the join threshold: the grouper is run over the tuning headlines in file order for each
   threshold of a grid, and the one with the best B-cubed F1 is kept.

The dev part is then grouped once with the result and its B-cubed F1 printed (the figure in
docs/linking.md); ``--write-dev DIR`` also writes the dev part as ``emergent_dev_gold.jsonl`` and
``emergent_dev_input.jsonl`` for ``sourcetrace predict groups`` and ``score_clusters.py``.
Needs scikit-learn (``pip install 'sourcetrace[train]'``).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np


def emergent_split(claim_id: str) -> str:
    """'dev' for a fifth of the claims (SHA-1 of the id is 0 mod 5), else 'tune'."""
    return "dev" if int(hashlib.sha1(claim_id.encode("utf-8")).hexdigest(), 16) % 5 == 0 else "tune"


def bcubed_f1(gold: dict[str, str], pred: dict[str, str]) -> float:
    """B-cubed F1 (Bagga & Baldwin 1998) of ``pred`` against ``gold`` (item -> cluster), in %."""
    gm, pm = defaultdict(set), defaultdict(set)
    for k in gold:
        gm[gold[k]].add(k)
        pm[pred.get(k, f"__{k}")].add(k)
    p = r = 0.0
    for k in gold:
        inter = len(gm[gold[k]] & pm[pred.get(k, f"__{k}")])
        p += inter / len(pm[pred.get(k, f"__{k}")])
        r += inter / len(gm[gold[k]])
    p, r = p / len(gold), r / len(gold)
    return 100 * 2 * p * r / (p + r) if p + r else 0.0


class CachedEmbedder:
    """An embedder that encodes each distinct text once (fitting runs the grouper many times)."""

    def __init__(self, inner):
        self.inner, self.name, self.dim = inner, inner.name, inner.dim
        self._cache: dict[str, np.ndarray] = {}

    def encode(self, texts):
        todo = [t for t in dict.fromkeys(texts) if t not in self._cache]
        if todo:
            for t, v in zip(todo, self.inner.encode(todo)):
                self._cache[t] = v
        return np.vstack([self._cache[t] for t in texts]) if texts else np.zeros((0, self.dim), np.float32)


def group_part(rows, model, embedder, threshold, merge=True) -> dict[str, str]:
    from ..link.group import Grouper, GroupOptions

    g = Grouper(embedder, model=model, options=GroupOptions(threshold=threshold, merge=merge))
    g.add_texts([(r["id"], r["headline"]) for r in rows])
    return {r["id"]: g.group_of(r["id"]) for r in rows}


def fit(rows, embedder, *, neighbours: int = 20, grid=None, log=print):
    from sklearn.linear_model import LogisticRegression

    from ..link.same_claim import FEATURES, SameClaimModel, pair_features

    vecs = embedder.encode([r["headline"] for r in rows])
    sims = vecs @ vecs.T
    X, y = [], []
    for i, r in enumerate(rows):
        order = np.argsort(-sims[i])
        for j in [j for j in order if j != i][:neighbours]:
            X.append(pair_features(r["headline"], rows[j]["headline"], float(sims[i, j])))
            y.append(int(rows[j]["claim_id"] == r["claim_id"]))
    clf = LogisticRegression(C=1.0, max_iter=2000).fit(np.array(X), np.array(y))
    log(f"pairs {len(y)} ({sum(y)} same claim); weights " +
        ", ".join(f"{f} {w:+.2f}" for f, w in zip(FEATURES, clf.coef_[0])) + f", bias {clf.intercept_[0]:+.2f}")
    gold = {r["id"]: r["claim_id"] for r in rows}
    best = None
    for thr in grid or [round(x, 2) for x in np.arange(0.3, 0.91, 0.05)]:
        model = SameClaimModel(tuple(float(w) for w in clf.coef_[0]), float(clf.intercept_[0]), thr)
        f1 = bcubed_f1(gold, group_part(rows, model, embedder, thr))
        log(f"threshold {thr:.2f}: tuning B-cubed F1 {f1:.2f}")
        if best is None or f1 > best[0]:
            best = (f1, model)
    return best[1], best[0]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="fit the same-claim model on Emergent headlines")
    ap.add_argument("--emergent", required=True, help="emergent_train.jsonl (id, claim_id, headline)")
    ap.add_argument("--output", help="write the model JSON here")
    ap.add_argument("--neighbours", type=int, default=20)
    ap.add_argument("--write-dev", help="folder to write the dev part's gold and input JSONL")
    args = ap.parse_args(argv)
    from ..link.embed import load_embedder

    rows = [json.loads(line) for line in open(args.emergent, encoding="utf-8") if line.strip()]
    tune = [r for r in rows if emergent_split(r["claim_id"]) == "tune"]
    dev = [r for r in rows if emergent_split(r["claim_id"]) == "dev"]
    print(f"tuning part: {len(tune)} headlines of {len({r['claim_id'] for r in tune})} claims; "
          f"dev part: {len(dev)} of {len({r['claim_id'] for r in dev})}", file=sys.stderr)
    emb = CachedEmbedder(load_embedder())
    model, f1 = fit(tune, emb, neighbours=args.neighbours, log=lambda m: print(m, file=sys.stderr))
    model = type(model)(model.weights, model.bias, model.threshold,
                        f"Emergent train, tuning part ({len(tune)} headlines); tuning B-cubed F1 {f1:.2f}")
    dev_f1 = bcubed_f1({r["id"]: r["claim_id"] for r in dev}, group_part(dev, model, emb, model.threshold))
    no_merge = bcubed_f1({r["id"]: r["claim_id"] for r in dev}, group_part(dev, model, emb, model.threshold, merge=False))
    print(f"threshold {model.threshold:.2f}; dev B-cubed F1 {dev_f1:.2f} (without merges {no_merge:.2f})", file=sys.stderr)
    if args.output:
        Path(args.output).write_text(json.dumps(model.to_json(), indent=1) + "\n", encoding="utf-8")
    if args.write_dev:
        out = Path(args.write_dev)
        out.mkdir(parents=True, exist_ok=True)
        with open(out / "emergent_dev_gold.jsonl", "w", encoding="utf-8") as g, \
                open(out / "emergent_dev_input.jsonl", "w", encoding="utf-8") as i:
            for r in dev:
                g.write(json.dumps({"id": r["id"], "claim_id": r["claim_id"]}) + "\n")
                i.write(json.dumps({"id": r["id"], "text": r["headline"]}) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
