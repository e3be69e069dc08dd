"""Fact-check matching: which already-checked claims does a statement repeat?

``ClaimMatcher`` keeps checked claims (a fact-checker's claim text and, when it has one, the
review's headline) in a ``Retriever`` (word index + vector index, ``link/retrieve.py``) and ranks
them for a statement or any text. ``match`` is the one-call form for a list of statements.

A ranking always has candidates; whether the best one *is* the statement's claim is a separate
decision: ``MATCH_THRESHOLD`` on the fused score. It was set on CLEF-2020 train, where every tweet
has a checked claim, and on 300 sentences of BBC business/politics news that repeat none of the
Snopes claims: at 0.8, 94.4% of the train tweets' best claims above it are right (83% of the tweets
reach it) and 1.3% of the news sentences reach it (docs/linking.md has the curve). ``Match.confident`` tells the two apart, and the store phase shows
only confident matches on article pages.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Optional

from .embed import Embedder
from .lexical import LexicalIndex
from .retrieve import Candidate, FusionOptions, Retriever

# Fused score above which the best-ranked checked claim is taken as a real match (CLEF-2020 train:
# top-1 precision 0.944 above it; 1.3% of unrelated news sentences reach it; docs/linking.md).
MATCH_THRESHOLD = 0.8
# Word-index bounds for a fact-check collection (link/lexical.py): generous, since such a
# collection stays small and its ranking quality comes first.
FACTCHECK_MAX_DF = 2_000
FACTCHECK_POSTINGS = 5_000


@dataclass(frozen=True)
class Match:
    statement: str  # the statement's id (or the query's)
    claim: str  # the checked claim's id
    score: float
    rank: int
    confident: bool  # score >= MATCH_THRESHOLD


class ClaimMatcher:
    """Checked claims, searchable by meaning and words (see the module docstring)."""

    def __init__(self, embedder: Embedder | None = None, *, options: FusionOptions = FusionOptions(),
                 threshold: float = MATCH_THRESHOLD):
        lexical = LexicalIndex(table="factcheck_fts", max_df=FACTCHECK_MAX_DF, postings_budget=FACTCHECK_POSTINGS)
        self.retriever = Retriever(embedder, options=options, lexical=lexical)
        self.threshold = threshold

    def __len__(self) -> int:
        return len(self.retriever)

    def add_claims(self, claims: Iterable[tuple[str, str, Optional[str]]]) -> int:
        """Add ``(id, claim text, title or None)``; claims added first win ties (identical texts)."""
        return self.retriever.add(claims)

    def match_texts(self, texts: Sequence[str], *, k: int = 20) -> list[list[Candidate]]:
        """For each text, the ``k`` best checked claims, best first."""
        return self.retriever.search_many(list(texts), k)

    def match(self, statements: Sequence, *, k: int = 5) -> list[Match]:
        """``Match`` records for statements (anything with ``id`` and ``text``), ``k`` per statement."""
        out = []
        ranked = self.match_texts([s.text for s in statements], k=k)
        for st, cands in zip(statements, ranked):
            for c in cands:
                out.append(Match(st.id, c.key, c.score, c.rank, c.score >= self.threshold))
        return out


def match(statements: Sequence, claims: Iterable[tuple[str, str, Optional[str]]], *, k: int = 5,
          embedder: Embedder | None = None) -> list[Match]:
    """Rank ``claims`` (``(id, text, title)``) for each of ``statements``: the one-call form."""
    matcher = ClaimMatcher(embedder)
    matcher.add_claims(claims)
    return matcher.match(statements, k=k)
