"""Headline detection for plain-text input.

A first non-empty line is taken as the title when it reads as a headline: at most
``MAX_TITLE_WORDS`` words, no sentence-final period, colon or semicolon, and either written in title
case (most words capitalised) or short, in sentence case and followed by a blank line. A line in
sentence case that carries a past-tense reporting cue ("..., his manager said") is a lead sentence, not a
headline; bylines ("By ...") and datelines ("BOSTON, Massachusetts -") are never titles.
Measured on ../shared/data/news with the corpus titles put back above the text (docs/cleaning.md).
"""

from __future__ import annotations

import re

# 25 words: the headlines of ../shared/data/news have a median of 10 words and a 95th percentile of
# 20; the longer ones are title-case clickbait, which the title-case test still recognises.
MAX_TITLE_WORDS = 25
# A sentence-case line is only a headline when short; lead sentences without a final period
# (summary bullets of tabloid pages) run longer.
MAX_SENTENCE_CASE_WORDS = 15
_SMALL = {"a", "an", "the", "and", "or", "but", "of", "in", "on", "at", "to", "for", "by", "with", "as", "from",
          "is", "are", "vs", "via", "into", "over", "after", "than"}
_BYLINE = re.compile(r"^(?:by|from|written by|posted by)\b", re.IGNORECASE)
_DATELINE_END = re.compile(r"[-–—|]\s*$")


# Past-tense reporting cues mark a lead sentence ("..., his manager said"); headlines report in the
# present tense ("Fed warns of ...", "Ebbers denies ..."), so present-tense verbs do not count.
_LEAD_CUE = re.compile(r"\b(?:said|told|according to|reportedly|added|explained|wrote|noted)\b", re.IGNORECASE)


def _has_reporting_cue(text: str) -> bool:
    return bool(_LEAD_CUE.search(text))


def looks_like_title(line: str, *, followed_by_blank: bool) -> bool:
    text = line.strip()
    if not text or len(text.split()) > MAX_TITLE_WORDS:
        return False
    if re.search(r"[.;,:]$", text) and not text.endswith("..."):
        return False
    if _BYLINE.match(text) or _DATELINE_END.search(text):
        return False
    words = re.findall(r"[A-Za-z][A-Za-z'’-]*", text)
    if not words:
        return False
    caps = sum(1 for w in words if w[0].isupper() or w.lower() in _SMALL)
    if caps >= 0.8 * len(words):
        return True
    return (followed_by_blank and len(words) <= MAX_SENTENCE_CASE_WORDS and not text.endswith("!")
            and not _has_reporting_cue(text))


def split_title(text: str) -> tuple[str | None, str]:
    """(title, rest of text) when the first non-empty line is a headline, else (None, text)."""
    lines = text.split("\n")
    i = 0
    while i < len(lines) and not lines[i].strip():
        i += 1
    if i >= len(lines):
        return None, text
    followed_by_blank = i + 1 >= len(lines) or not lines[i + 1].strip()
    if i + 1 >= len(lines) or not any(line.strip() for line in lines[i + 1:]):
        return None, text  # a one-line text is the body, not a headline
    if looks_like_title(lines[i], followed_by_blank=followed_by_blank):
        return lines[i].strip(), "\n".join(lines[i + 1:])
    return None, text
