"""The line filter: page debris that survives extraction (share widgets, newsletter boxes, footers).

Rules live in ``lexicons/boilerplate_patterns.txt`` as whole-line regular expressions with a class:
``debris`` lines are removed when they have at most ``DEBRIS_MAX_WORDS`` words, ``footer`` lines
when they have at most ``FOOTER_MAX_WORDS``; a line that matches a ``keep`` rule (a reporting cue
such as "said" or "according to") is never removed unless it reads as a title-case widget label.
The word limits keep a long real sentence that happens to start like a widget ("Read more about the
budget in ...") in the text; they were set by reviewing the removals on ../shared/data/news
(docs/cleaning.md).
"""

from __future__ import annotations

import functools
import re

from .. import lexicons

DEBRIS_MAX_WORDS = 20
FOOTER_MAX_WORDS = 60
_BULLET = re.compile(r"^[\s\-–—•·*>|»›]+")


@functools.lru_cache(maxsize=1)
def _rules() -> tuple[list[re.Pattern], list[re.Pattern], list[re.Pattern]]:
    table = lexicons._lines("boilerplate_patterns")
    debris, footer, keep = [], [], []
    for line in table:
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        pattern, _, cls = line.rpartition("\t")
        rx = re.compile(pattern, re.IGNORECASE)
        {"debris": debris, "footer": footer, "keep": keep}[cls.strip()].append(rx)
    return debris, footer, keep


def is_debris(line: str) -> bool:
    """True when ``line`` (one line of text) is page debris."""
    text = _BULLET.sub("", line.strip()).strip()
    if not text:
        return False
    debris, footer, keep = _rules()
    words = len(text.split())
    if any(rx.fullmatch(text) for rx in keep) and not _is_label(text):
        return False
    if words <= DEBRIS_MAX_WORDS and any(rx.fullmatch(text) for rx in debris):
        return True
    return words <= FOOTER_MAX_WORDS and any(rx.fullmatch(text) for rx in footer)


def _is_label(text: str) -> bool:
    # "Share This Story, Choose Your Platform!" - a widget label in title case, not a sentence
    words = [w for w in re.findall(r"[A-Za-z']+", text)]
    return 0 < len(words) <= 8 and sum(w[0].isupper() for w in words) >= len(words) - 1


def filter_lines(text: str) -> tuple[str, list[str]]:
    """Split ``text`` into (kept text, removed lines); paragraph breaks are kept."""
    kept: list[str] = []
    removed: list[str] = []
    for line in text.splitlines():
        if is_debris(line):
            removed.append(line.strip())
        else:
            kept.append(line)
    return "\n".join(kept), removed
