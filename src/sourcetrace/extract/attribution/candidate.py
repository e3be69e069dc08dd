"""The candidate attribution: the record every frame builds and every later stage reads.

A frame (``verbs``, ``nouns``, ``prepositional``, ``punctuation``, ``adverbials``) proposes a
``Candidate`` with character spans for its cue, content and source, the token index of its cue's
head word and of its source's head, a certainty and a ``Family``. The repairs then move its edges,
the cue model scores it (``score``, ``context``), the selection keeps or drops it, the bounds
models set its final edges, and ``record`` turns it into the ledger's ``Attribution``. Candidates
are mutable on purpose: each stage refines the same record in place.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...nlp.model import doc_text
from ...records import Attribution, Source, TextSpan
from .families import Family

Span = tuple[int, int]


@dataclass
class Candidate:
    """An attribution under construction (character spans into ``doc_text(doc)``)."""

    cue: Span
    content: Span
    source: Span | None
    source_head: int | None  # token index of the source's head
    certainty: str  # factive, asserted, distanced or hedged
    family: Family
    direct: bool = False  # the content is a direct quotation
    head: int = -1  # token index of the cue's head word (features of the cue model)
    score: float = 0.0  # the cue model's probability, when it ran
    hedges: Candidate | None = None  # an adverbial's candidate on the same clause (kept only without it)
    parts: list[Span] | None = None  # pieces of a content its cue interrupts
    frame: str = ""  # "fallback", "light" or "holder": which frame built it (a feature of the cue model)
    context: list[str] | None = None  # where it sits among the other candidates (``learned.cue_model.context``)


def record(doc, r: Candidate, n: int, source: Source | None) -> Attribution:
    """The ledger's attribution ``A<n>`` for candidate ``r`` (``via`` is set later, by
    ``chains.link_via``)."""
    text = doc_text(doc)
    return Attribution(
        id=f"A{n}", source=source,
        cue=TextSpan(text[r.cue[0]:r.cue[1]], r.cue),
        content=TextSpan(text[r.content[0]:r.content[1]], r.content),
        certainty=r.certainty, via=None, cue_family=str(r.family), direct=r.direct,
        content_parts=tuple(r.parts) if r.parts and len(r.parts) > 1 else (),
    )
