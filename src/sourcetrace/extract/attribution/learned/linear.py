"""What the learned parts share: scoring a sparse linear model, bucketing counts into feature
values, and the lenient trimming of span edges the training labels and the run-time edges use.

The cue model, the content bounds and the cue bounds are logistic regressions over binary
features named ``kind=value``; a model is a dict of feature weights and a bias, and scoring needs
only the standard library. Counts (lengths, distances) become features through ``bucket``, whose
edges are part of each model's feature names: changing an edge tuple renames features and loses
their weights, so each caller names its own edges.
"""

from __future__ import annotations

import math

# Characters the scorer's lenient mode trims off span edges (whitespace, quotation marks,
# punctuation, brackets): marks, not a word list.
TRIM = frozenset(" \t\r\n\"'“”‘’«»,.;:!?—–-()[]\u00a0")
# the logit is clamped to this range before the logistic function (no overflow in ``math.exp``;
# a probability within 1e-13 of 0 or 1 either way)
_MAX_LOGIT = 30.0


def linear(weights: dict[str, float], bias: float):
    """A scoring function ``score(features) -> float`` from a model's weights: the logit (the
    argmax over candidates is the same as for the probability)."""
    def score(feats: list[str]) -> float:
        return bias + sum(weights.get(f, 0.0) for f in feats)
    return score


def probability(weights: dict[str, float], bias: float, feats: list[str]) -> float:
    """The logistic regression's probability for ``feats``."""
    z = bias + sum(weights.get(f, 0.0) for f in feats)
    return 1.0 / (1.0 + math.exp(-max(-_MAX_LOGIT, min(_MAX_LOGIT, z))))


def bucket(n: int, edges: tuple[int, ...]) -> str:
    """The feature value of count ``n``: the first edge at or above it, or "more"."""
    for e in edges:
        if n <= e:
            return str(e)
    return "more"


def trimmed_end(text: str, start: int, end: int) -> int:
    """``end`` moved left over whitespace, punctuation and quotation marks (the scorer's lenient
    trimming), never before ``start``."""
    while end > start and text[end - 1] in TRIM:
        end -= 1
    return end


def trimmed_start(text: str, start: int, end: int) -> int:
    """``start`` moved right over whitespace, punctuation and quotation marks, never past ``end``."""
    while start < end and text[start] in TRIM:
        start += 1
    return start
