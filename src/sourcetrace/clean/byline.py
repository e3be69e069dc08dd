"""Bylines and source lines of plain-text input.

A byline is a line of its own, among the first ``BYLINE_LINES`` or the last ``BYLINE_LINES``
non-empty lines, of the form "By NAME" / "Written by NAME" / "Posted by NAME", optionally followed by
a role or outlet after a comma, bar or dash ("By Jane Roe, Staff Writer", "by Tyler Durden", "By
Carl Ames, PhD"). NAME is one to five capitalised words (particles such as "de", "van", "bin" may
stand between them). The line leaves the text and NAME becomes the article's author; a line that
reads as a sentence ("By Tuesday the ferry was running again.") has lower-case words after its first
word and is left alone.

``source_url`` reads a "Source: URL" line (a copied post naming where it came from): the line is
removed by the line filter as a footer, and the URL is kept as provenance (``metadata["source_url"]``).
"""

from __future__ import annotations

import re

# Bylines sit at the top of a copy, or at its foot in blog reposts; further in, "By X" is prose.
BYLINE_LINES = 4
_NAME_WORD = r"[A-Z][\w.'’\-]*"
_PARTICLE = r"(?:de|da|di|del|der|van|von|bin|al|el|la|le|du|dos|ter)"
_BYLINE = re.compile(
    rf"^(?i:by|written by|posted by|words by|story by|report by|reporting by)\s+"
    rf"(?P<name>{_NAME_WORD}(?:\s+(?:{_PARTICLE}\s+){{0,2}}{_NAME_WORD}){{0,4}})"
    r"(?:\s*(?:,|\||-|–|—|/)\s*(?P<role>[^.!?]{0,60}))?\s*$")
_CALENDAR = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
             "march", "april", "may", "june", "july", "august", "september", "october", "november",
             "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
             "today", "tomorrow", "tonight", "noon", "midnight"}
_SOURCE = re.compile(r"^\s*(?i:source|original source|originally published at|read more at)\s*:?\s*"
                     r"(?P<url>(?:https?://|www\.)\S+)\s*$")


def byline_name(line: str) -> str | None:
    """The author's name when ``line`` is a byline, else None."""
    m = _BYLINE.match(line.strip())
    if not m:
        return None
    name = m.group("name").strip()
    if any(w.lower().rstrip(".") in _CALENDAR for w in name.split()):
        return None  # "By Monday", "By March 2025": a deadline, not a name
    role = m.group("role") or ""
    if re.search(r"\b(?-i:[a-z]+)\s+(?-i:[a-z]+)\s+(?-i:[a-z]+)\b", role):
        return None  # three lower-case words: a clause, not a role ("By Tuesday, the ferry was ...")
    return name


def split_byline(text: str) -> tuple[str, str | None]:
    """(text without its byline line, author name or None); only the first byline is taken."""
    lines = text.split("\n")
    filled = [i for i, line in enumerate(lines) if line.strip()]
    for i in filled[:BYLINE_LINES] + filled[-BYLINE_LINES:]:
        name = byline_name(lines[i])
        if name:
            return "\n".join(lines[:i] + lines[i + 1:]), name
    return text, None


def source_url(line: str) -> str | None:
    """The URL of a "Source: URL" line, else None."""
    m = _SOURCE.match(line)
    return m.group("url").rstrip(".,;)") if m else None
