"""Headline detection for plain-text input.

A first non-empty line is taken as the title when it reads as a headline: at most
``MAX_TITLE_WORDS`` words, no sentence-final period, and either followed by a blank line or written
in title case (most words capitalised). News headlines in the corpora of ../shared/data/news have
a median of 10 words; a lead sentence ends with a period and runs on in the same paragraph.
"""

from __future__ import annotations

import re

MAX_TITLE_WORDS = 25
_SMALL = {"a", "an", "the", "and", "or", "but", "of", "in", "on", "at", "to", "for", "by", "with", "as", "from",
          "is", "are", "vs", "via", "into", "over", "after", "than"}


def looks_like_title(line: str, *, followed_by_blank: bool) -> bool:
    text = line.strip()
    if not text or len(text.split()) > MAX_TITLE_WORDS:
        return False
    if re.search(r"[.;,]$", text) and not text.endswith("..."):
        return False
    words = re.findall(r"[A-Za-z][A-Za-z'’-]*", text)
    if not words:
        return False
    caps = sum(1 for w in words if w[0].isupper() or w.lower() in _SMALL)
    titled = caps >= 0.8 * len(words)
    return titled or (followed_by_blank and len(words) <= 15 and not text.endswith((".", "!")))


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
