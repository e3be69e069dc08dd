"""Language check with py3langid (a maintained fork of langid.py, offline, ~1 ms per text).

Texts under ``MIN_WORDS`` words are not checked (too short to tell). A text is refused only when the
detected language is not English with normalised probability >= ``MIN_CONFIDENCE``; mixed or
uncertain texts pass. The threshold was checked on ../shared/data/news: no English article of the
corpora is refused at 0.9 (docs/cleaning.md).
"""

from __future__ import annotations

import functools

MIN_WORDS = 20
MIN_CONFIDENCE = 0.9


@functools.lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier  # noqa: F401

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect(text: str) -> tuple[str, float]:
    """(ISO 639-1 code, probability) of ``text``'s language."""
    lang, prob = _identifier().classify(text[:20000])
    return lang, float(prob)


def non_english(text: str) -> tuple[str, float] | None:
    """(language, confidence) when ``text`` is confidently not English, else None."""
    if len(text.split()) < MIN_WORDS:
        return None
    lang, prob = detect(text)
    if lang != "en" and prob >= MIN_CONFIDENCE:
        return lang, prob
    return None
