"""The line filter: page debris that survives extraction (share widgets, newsletter boxes, footers).

Rules live in ``lexicons/boilerplate_patterns.txt`` as whole-line regular expressions with a class:
``debris`` lines are removed when they have at most ``DEBRIS_MAX_WORDS`` words, ``footer`` lines
when they have at most ``FOOTER_MAX_WORDS``, ``block`` lines (a whole widget in one line) at most
``BLOCK_MAX_WORDS``; a line that matches a ``keep`` rule (a reporting cue
such as "said" or "according to") is never removed unless it reads as a title-case widget label.
The word limits keep a long real sentence that happens to start like a widget ("Read more about the
budget in ...") in the text; they were set by reviewing the removals on ../shared/data/news
(benchmarks/eval_cleaning.py, docs/cleaning.md).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from .. import lexicons

# Calibrated on ../shared/data/news: the longest widget lines of the debris class ("Click here to
# ...", "Sign up for ... newsletter ...") have under 20 words, while cookie notices and copyright
# footers run to 40-55 words; no real sentence over 15 words matched a rule at these limits.
DEBRIS_MAX_WORDS = 20
FOOTER_MAX_WORDS = 60
# A widget flattened into one line (a newsletter form with its consent text runs to ~90 words); block
# rules need a widget title and a second widget phrase, so no sentence of prose matches them.
BLOCK_MAX_WORDS = 200
_BULLET = re.compile(r"^[\s\-–—•·*>|»›]+")
_CLASSES = ("debris", "footer", "block", "keep")


@dataclass(frozen=True)
class Rule:
    """One line of boilerplate_patterns.txt: its compiled regex, class, section and line number."""

    regex: re.Pattern
    cls: str
    section: str
    line: int

    @property
    def name(self) -> str:
        return f"{self.section} (line {self.line})"


@functools.lru_cache(maxsize=1)
def rules() -> tuple[Rule, ...]:
    """The validated rules of ``boilerplate_patterns.txt``, in file order."""
    out: list[Rule] = []
    section = "general"
    for number, line in enumerate(lexicons._lines("boilerplate_patterns"), start=1):
        stripped = line.strip()
        if stripped.startswith("# ---"):
            section = stripped.strip("# -").strip()
            continue
        if not stripped or stripped.startswith("#"):
            continue
        pattern, tab, cls = line.rpartition("\t")
        cls = cls.strip()
        if not tab or cls not in _CLASSES:
            raise lexicons.LexiconError(f"boilerplate_patterns line {number}: needs 'regex<TAB>class' "
                                        f"with class in {_CLASSES}")
        try:
            regex = re.compile(pattern, re.IGNORECASE)
        except re.error as exc:
            raise lexicons.LexiconError(f"boilerplate_patterns line {number}: bad regex ({exc})") from exc
        out.append(Rule(regex, cls, section, number))
    return tuple(out)


def matching_rule(line: str) -> Rule | None:
    """The rule that removes ``line`` (one line of text), or None when the line is kept."""
    text = _BULLET.sub("", line.strip()).strip() or line.strip()  # "* * *" is all bullets
    if not text:
        return None
    words = len(text.split())
    all_rules = rules()
    if any(r.cls == "keep" and r.regex.fullmatch(text) for r in all_rules) and not _is_label(text):
        return None
    for rule in all_rules:
        if rule.cls == "debris" and words <= DEBRIS_MAX_WORDS and rule.regex.fullmatch(text):
            return rule
    for rule in all_rules:
        if rule.cls == "footer" and words <= FOOTER_MAX_WORDS and rule.regex.fullmatch(text):
            return rule
    for rule in all_rules:
        if rule.cls == "block" and words <= BLOCK_MAX_WORDS and rule.regex.fullmatch(text):
            return rule
    return None


def is_debris(line: str) -> bool:
    """True when ``line`` (one line of text) is page debris."""
    return matching_rule(line) is not None


def _is_label(text: str) -> bool:
    # "Share This Story, Choose Your Platform!" - a widget label in title case, not a sentence
    words = re.findall(r"[A-Za-z']+", text)
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
