"""Stance: does a report agree with a claim, dispute it, only relay it, or is it about something else?

``stance(claim, text)`` judges one pair with the shipped model (loaded once per process);
``predict.StancePredictor`` judges many, keeping each claim's features. Method, figures and limits:
docs/stance.md. This package's import is light: NumPy and the model load on the first call.
"""

from __future__ import annotations

LABELS = ("agree", "disagree", "discuss", "unrelated")


def stance(claim: str, text: str, *, model: str | None = None):
    """The ``StanceResult`` of ``text`` (a headline, sentence or article body) towards ``claim``;
    see ``predict.stance``."""
    from .predict import stance as run

    return run(claim, text, model=model)
