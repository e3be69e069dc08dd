"""Token ranges to character spans, and back: the one place where frames turn parse tokens into the
character offsets every record carries.

Spans are ``(start, end)`` character offsets into ``doc_text(doc)`` (the Doc's text, computed once
per Doc). ``char_span`` trims separators off both edges, so a phrase never starts or ends on a
space, comma, colon or dash; ``cue_end_token`` goes the other way, from a cue's characters to the
first token after it.
"""

from __future__ import annotations

from ...nlp.model import doc_text

# Characters that never begin or end a span (spaces, the no-break space, commas, semicolons,
# colons, hyphens and dashes): punctuation marks, not a word list.
SEPARATORS = " \t\r\n\u00a0,;:-–—"


def char_span(doc, start: int, end: int) -> tuple[int, int] | None:
    """Character span of tokens [start, end) with surrounding separators trimmed."""
    if end <= start:
        return None
    s = doc[start].idx
    e = doc[end - 1].idx + len(doc[end - 1].text)
    text = doc_text(doc)
    while s < e and text[s] in SEPARATORS:
        s += 1
    while e > s and text[e - 1] in SEPARATORS:
        e -= 1
    return (s, e) if e > s else None


def cue_end_token(doc, cue: tuple[int, int]) -> int:
    """The index of the first token after the character span ``cue``."""
    span = doc.char_span(cue[0], cue[1], alignment_mode="expand")
    return span.end if span is not None else doc.char_span(cue[0], cue[0] + 1, alignment_mode="expand").end
