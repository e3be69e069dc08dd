"""The same-claim decision: do two statements report the same claim?

``SameClaimModel.probability(a, b, cosine)`` is a logistic regression over features of a pair of
texts, trained on pairs of headlines of the Emergent corpus (the claim-disjoint tuning part of
its train file; ``python -m sourcetrace.evaluate.matching_train``, docs/linking.md) and shipped as
``same_claim.json`` (seven weights and a bias; no text). The features:

* ``cosine``: of the two sentence vectors (``link/embed.py``);
* ``words``: overlap of their content words (stemmed by a light suffix rule), |A & B| / min(|A|, |B|);
* ``names``: overlap of their proper-name words (capitalised words that do not start the text, plus
  every word of an all-lowercase-free acronym such as "ISIS"), and ``no_names`` when either has none;
* ``same_number``: both carry a number (or a month name) and they share one;
* ``number_differs``: both carry numbers and share none ("launches in February" / "in March");
* ``negation``: exactly one of the two is negated (``NEGATIONS`` below, and verbs of denial).

Two decisions are deliberate and documented in docs/linking.md. A different number is evidence
against the same claim, but only against pairs that differ otherwise too: the issue asks that "40
tonnes" and "400 tonnes" in otherwise the same sentence be one claim whose report changed
(``link/changes.py`` flags it), and there the cosine and word overlap outweigh ``number_differs``
(tested on the example corpus), while two forecasts of different sales figures from different
analysts, which Emergent keeps apart, are split by it. Negation is a feature, and the data decides its weight: a denial ("the company
denied that the tanker spilled diesel") reports the same claim with the opposite stance, and
Emergent's "against" headlines sit in the claim's group, so its learned weight is small.
"""

from __future__ import annotations

import functools
import json
import math
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from ..errors import SourcetraceError
from .normalize import normalize, tokens

FEATURES = ("cosine", "words", "names", "no_names", "same_number", "number_differs", "negation")
# Negation and denial cues (the negators of Councill et al. 2010's negation-cue list, "What's
# great and what's not", plus verbs of denial from the reporting-verb lexicon's "distanced" class).
NEGATIONS = frozenset("""
not no never none nobody nothing neither nor nowhere cannot without n't
deny denies denied denying refute refutes refuted dismiss dismisses dismissed debunk debunked
false fake hoax untrue
""".split())
_NUMBER = re.compile(r"(?<![\w.])\d+(?:[.,]\d+)*")
# month names count as numbers: "launches in February" / "in March" is a changed date
_MONTHS = frozenset("january february march april june july august september october november december".split())
_CAP = re.compile(r"\b[A-Z][\w'’-]*")


def _stem(w: str) -> str:
    for suf in ("ings", "ing", "ies", "ied", "es", "ed", "s"):
        if len(w) > len(suf) + 3 and w.endswith(suf):
            return w[: -len(suf)]
    return w


@functools.lru_cache(maxsize=50_000)
def text_profile(text: str) -> tuple[frozenset, frozenset, frozenset, bool]:
    """(content word stems, proper-name words, numbers, negated) of a text, cached."""
    t = normalize(text)
    words = frozenset(_stem(w) for w in tokens(t))
    lower = t.lower()
    negated = any(w in NEGATIONS for w in re.findall(r"[a-z']+", lower.replace("n't", " n't")))
    caps = set()
    title_case = sum(1 for m in _CAP.finditer(t)) >= 0.7 * max(1, len(t.split()))
    for m in _CAP.finditer(t):
        w = m.group(0)
        if m.start() == 0 and not w.isupper():
            continue
        if title_case and not (w.isupper() and len(w) > 1):
            continue  # a headline in title case: only acronyms say which words are names
        if w.lower() not in tokens(w.lower()) and not w.isupper():
            continue  # a capitalised stop word ("The", "In")
        caps.add(w.lower())
    numbers = frozenset([n.replace(",", "") for n in _NUMBER.findall(t)] +
                        [w for w in re.findall(r"[a-z]+", lower) if w in _MONTHS])
    return words, frozenset(caps), numbers, negated


def pair_features(a: str, b: str, cosine: float) -> list[float]:
    """The feature vector of ``FEATURES`` for texts ``a`` and ``b`` with the cosine of their vectors."""
    wa, ca, na, ga = text_profile(a)
    wb, cb, nb, gb = text_profile(b)
    words = len(wa & wb) / max(1, min(len(wa), len(wb)))
    no_names = 1.0 if not ca or not cb else 0.0
    names = 0.0 if no_names else len(ca & cb) / min(len(ca), len(cb))
    same_number = 1.0 if na and nb and (na & nb) else 0.0
    number_differs = 1.0 if na and nb and not (na & nb) else 0.0
    negation = 1.0 if ga != gb else 0.0
    return [float(cosine), words, names, no_names, same_number, number_differs, negation]


@dataclass(frozen=True)
class SameClaimModel:
    weights: tuple[float, ...]
    bias: float
    threshold: float  # probability to join a group (calibrated with the weights)
    source: str = ""

    def probability_of(self, features: list[float]) -> float:
        z = self.bias + sum(w * x for w, x in zip(self.weights, features))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def probability(self, a: str, b: str, cosine: float) -> float:
        """P(same claim) for texts ``a`` and ``b`` whose vectors have cosine ``cosine``."""
        return self.probability_of(pair_features(a, b, cosine))

    def to_json(self) -> dict:
        return {"format": "sourcetrace.same_claim/1", "features": list(FEATURES), "weights": list(self.weights),
                "bias": self.bias, "threshold": self.threshold, "source": self.source}


def model_from_json(data: dict, *, path: str = "<dict>") -> SameClaimModel:
    if data.get("format") != "sourcetrace.same_claim/1" or data.get("features") != list(FEATURES):
        raise SourcetraceError("E082", path=path, reason="not a same-claim model of this version (format or features differ)")
    try:
        return SameClaimModel(tuple(float(w) for w in data["weights"]), float(data["bias"]),
                              float(data["threshold"]), str(data.get("source", "")))
    except (KeyError, TypeError, ValueError) as err:
        raise SourcetraceError("E082", path=path, reason=f"bad field: {err}") from err


@functools.lru_cache(maxsize=4)
def load_model(path: str | None = None) -> SameClaimModel:
    """The shipped model (``link/same_claim.json``) or the one in ``path``; E082 when unusable."""
    try:
        if path is None:
            text = resources.files("sourcetrace.link").joinpath("same_claim.json").read_text("utf-8")
            where = "sourcetrace/link/same_claim.json"
        else:
            text, where = Path(path).read_text(encoding="utf-8"), path
        data = json.loads(text)
    except (OSError, ValueError) as err:
        raise SourcetraceError("E082", path=str(path or "sourcetrace/link/same_claim.json"), reason=str(err)) from err
    return model_from_json(data, path=where)
