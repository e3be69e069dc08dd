"""Run the stance model on (claim, report) pairs: routing, features, probabilities, errors.

A report of at most ``SHORT_WORDS`` words (a headline, a sentence, a tweet) goes to the ``short``
head, read as one statement; a longer one (an article body) to the ``body`` head, which reads the
lead and the sentences most similar to the claim closely (``features.select``, the cut rule) and
the whole text only through cheap counts. Claims are prepared once and kept (``CLAIM_CACHE``
entries), so a claim with many reports costs its features once.

A pair whose claim or text is empty is a result with an error (``[E060]``/``[E061]``), never an
exception in a batch; ``stance()`` on one pair raises it.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import numpy as np

from ..errors import SourcetraceError
from . import features as F
from .weights import StanceModel, cached

# reports up to this many words go to the short head (headlines: median 11 words, 99% under 30 in
# Emergent; FNC-1 bodies: 95% over 70)
SHORT_WORDS = 40
CLAIM_CACHE = 4096
# pairs scored together: the trees are walked for a whole batch at once
BATCH = 256


@dataclass(frozen=True)
class StanceResult:
    """The stance of a report towards a claim.

    ``stance``: ``agree`` (the report asserts the claim), ``disagree`` (disputes it), ``discuss``
    (relays it without taking a side: "X said", "reportedly") or ``unrelated``; ``scores``: the
    probability of each (summing to 1); ``head``: ``body`` or ``short`` (see the module docstring);
    ``sentences``: for a body, the indices of the sentences read closely (0 = the lead);
    ``error``: ``[E06x] ...`` when the pair could not be judged (then ``stance`` is None).
    """

    stance: str | None
    scores: dict[str, float] = field(default_factory=dict)
    head: str | None = None
    sentences: tuple[int, ...] = ()
    error: str | None = None

    def to_json(self) -> dict:
        out: dict = {"stance": self.stance, "scores": self.scores}
        if self.error:
            out["error"] = self.error
        return out


def check_pair(claim, text) -> SourcetraceError | None:
    """The error of a pair that cannot be judged, else None."""
    if not isinstance(claim, str) or not claim.strip():
        return SourcetraceError("E060", what="claim")
    if not isinstance(text, str) or not text.strip():
        return SourcetraceError("E061", what="text")
    return None


class StancePredictor:
    """Stance for many pairs with one loaded model (and the claims' features kept)."""

    def __init__(self, model: StanceModel | str | None = None):
        self.model = model if isinstance(model, StanceModel) else cached(model or "")
        self._claims: OrderedDict[str, F.Prepared] = OrderedDict()

    def _claim(self, claim: str) -> F.Prepared:
        got = self._claims.get(claim)
        if got is None:
            got = F.prepare(claim, self.model.vocab, whole=True)
            self._claims[claim] = got
            if len(self._claims) > CLAIM_CACHE:
                self._claims.popitem(last=False)
        else:
            self._claims.move_to_end(claim)
        return got

    def features(self, claim: str, text: str) -> tuple[str, list[float], dict[int, float], tuple[int, ...]]:
        """``(head, dense features, hashed features, selected sentences)`` of one valid pair."""
        vocab = self.model.vocab
        c = self._claim(claim)
        short = len(F.words(text)) <= SHORT_WORDS
        head = self.model.heads["short" if short else "body"]
        r = F.prepare(text, vocab, whole=short)
        sel, sims = F.select(c, r)
        dense = F.dense_features(c, r, vocab, sel, sims, head.dense_names)
        hashed = F.hashed(c, r, vocab, sel, head.hashed_spec)
        return head.name, dense, hashed, tuple(sel)

    def predict(self, pairs: Iterable[tuple[str, str]]) -> Iterator[StanceResult]:
        """One result per ``(claim, text)``, in order, scored in batches of ``BATCH``."""
        batch: list[tuple[str, str]] = []
        for pair in pairs:
            batch.append(pair)
            if len(batch) >= BATCH:
                yield from self._predict_batch(batch)
                batch = []
        if batch:
            yield from self._predict_batch(batch)

    def _predict_batch(self, pairs: list[tuple[str, str]]) -> list[StanceResult]:
        out: list[StanceResult | None] = [None] * len(pairs)
        todo: dict[str, list[tuple[int, list[float], dict[int, float], tuple[int, ...]]]] = {}
        for i, (claim, text) in enumerate(pairs):
            err = check_pair(claim, text)
            if err is not None:
                out[i] = StanceResult(None, error=err.message)
                continue
            head, dense, hashed, sel = self.features(claim, text)
            todo.setdefault(head, []).append((i, dense, hashed, sel))
        for name, items in todo.items():
            head = self.model.heads[name]
            X = np.asarray([d for _, d, _, _ in items], dtype=np.float64)
            P = head.proba(X, [h for _, _, h, _ in items])
            labels = head.labels
            for (i, _, _, sel), p in zip(items, P):
                scores = {lab: 0.0 for lab in self.model.labels}
                scores.update({lab: round(float(v), 4) for lab, v in zip(labels, p)})
                out[i] = StanceResult(labels[int(np.argmax(p))], scores, name, sel if name == "body" else ())
        return out  # type: ignore[return-value]


def stance(claim: str, text: str, *, model: str | None = None) -> StanceResult:
    """The stance of ``text`` (a headline, sentence or article body) towards ``claim``.

    Raises ``SourcetraceError`` ``[E060]`` for an empty claim, ``[E061]`` for an empty text and
    ``[E063]`` for an unusable model file. The model is loaded once per process."""
    err = check_pair(claim, text)
    if err is not None:
        raise err
    return next(iter(StancePredictor(model).predict([(claim, text)])))
