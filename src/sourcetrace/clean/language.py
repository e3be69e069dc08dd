"""Language check with py3langid (a maintained fork of langid.py, offline, ~1 ms per text).

Texts under ``MIN_WORDS`` words are not checked (too short to tell). A text is refused only when the
detected language is not English with normalised probability >= ``MIN_CONFIDENCE``; mixed or
uncertain texts pass, and so do the model's "no linguistic content" codes (``zxx``, ``und``), which
it gives to English pages made mostly of title-case link text.
"""

from __future__ import annotations

import functools

# Calibrated on ../shared/data (benchmarks/eval_cleaning.py, docs/cleaning.md): of 6,047 cleaned
# news texts of 20+ words, 3 are refused at 0.9 and all 3 are Spanish or French; at 0.8 an English
# text detected as "zxx" (0.84) would be refused too. Of the 12,836 one-sentence LIAR claims (all
# English, 3-60 words), none is refused at 0.9, but 7 would be at 0.5 - mostly under 20 words.
MIN_WORDS = 20
MIN_CONFIDENCE = 0.9
NOT_A_LANGUAGE = frozenset({"zxx", "und", "mul", "mis"})


@functools.lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect(text: str) -> tuple[str, float]:
    """(ISO 639 code, normalised probability) of ``text``'s language (first 20,000 characters)."""
    lang, prob = _identifier().classify(text[:20000])
    return lang, float(prob)


def non_english(text: str) -> tuple[str, float] | None:
    """(language, confidence) when ``text`` is confidently not English, else None."""
    if len(text.split()) < MIN_WORDS:
        return None
    lang, prob = detect(text)
    if lang != "en" and lang not in NOT_A_LANGUAGE and prob >= MIN_CONFIDENCE:
        return lang, prob
    return None
