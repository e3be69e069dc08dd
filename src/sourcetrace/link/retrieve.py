"""Candidate retrieval: the word index and the vector index, fused into one ranking.

A ``Retriever`` holds a collection of items (statements of a corpus, or checked claims), each a
key, a text and an optional title (fact-checkers' headlines). ``search(text)`` takes the
``depth`` best items of each leg, the BM25 word index (``link/lexical.py``) and the cosine vector
index (``link/index.py``), and ranks their union by

    score = dense + lexical_weight * bm25 / best_bm25_of_the_query
    dense = (1 - title_weight) * cos(query, text) + title_weight * cos(query, title)   (with a title)
          = cos(query, text)                                                          (without)

Equal scores keep the order in which items were added, so that of two identical claims the one
published first ranks first. The weights were chosen on the CLEF CheckThat! 2020 train split
(grid over title 0.2-0.4 and lexical 0.05-0.5; reciprocal rank fusion and a pairwise logistic
regression over eleven features were tried and did not do better on train): docs/linking.md has
the figures. The cost of a search depends on ``depth`` and the index's search cost, never on a
scan of the collection, so it stays flat as the collection grows.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Optional

import numpy as np

from .embed import Embedder, load_embedder
from .index import VectorIndex
from .lexical import LexicalIndex

# Chosen on CLEF-2020 train (docs/linking.md): MAP@5 0.914 there with these two weights.
TITLE_WEIGHT = 0.3
LEXICAL_WEIGHT = 0.3
DEPTH = 100


@dataclass(frozen=True)
class FusionOptions:
    depth: int = DEPTH  # candidates taken from each leg before fusing
    title_weight: float = TITLE_WEIGHT
    lexical_weight: float = LEXICAL_WEIGHT


@dataclass(frozen=True)
class Candidate:
    key: str
    score: float  # the fused score (see the module docstring)
    dense: float  # the cosine part
    lexical: float  # BM25 relative to the query's best (0..1); 0 when the word index did not return it
    rank: int = 0  # 1-based position in the fused ranking


class Retriever:
    """A searchable collection (see the module docstring).

    ``embedder``: the sentence vectors (default ``load_embedder()``); ``lexical``: a word index to
    use (e.g. one inside the store's SQLite file), else a private in-memory one."""

    def __init__(self, embedder: Embedder | None = None, *, options: FusionOptions = FusionOptions(),
                 lexical: LexicalIndex | None = None, lexical_table: str = "link_fts"):
        self.embedder = embedder or load_embedder()
        self.options = options
        self.lexical = lexical if lexical is not None else LexicalIndex(table=lexical_table)
        self.vectors = VectorIndex(self.embedder.dim, model=self.embedder.name)
        self.title_vectors = VectorIndex(self.embedder.dim, model=self.embedder.name)
        self._keys: list[str] = []
        self._pos: dict[str, int] = {}

    def __len__(self) -> int:
        return len(self._keys)

    def __contains__(self, key: str) -> bool:
        return key in self._pos

    def keys(self) -> list[str]:
        return list(self._keys)

    def add(self, items: Iterable[tuple[str, str, Optional[str]]], *, vectors=None, title_vectors=None,
            batch: int = 256) -> int:
        """Add ``(key, text, title or None)`` items; ``vectors``/``title_vectors`` (arrays in item
        order) skip the encoder when the caller already has them. A key already present is
        replaced (it keeps its original position for tie-breaking). Returns the number added."""
        items = list(items)
        n = 0
        for s in range(0, len(items), batch):
            chunk = items[s:s + batch]
            pos = []
            for key, _, _ in chunk:
                if key not in self._pos:
                    self._pos[key] = len(self._keys)
                    self._keys.append(key)
                pos.append(self._pos[key])
            v = vectors[s:s + batch] if vectors is not None else self.embedder.encode([t for _, t, _ in chunk])
            self.vectors.add(pos, v)
            titled = [(p, t) for p, (_, _, t) in zip(pos, chunk) if t]
            if titled:
                if title_vectors is not None:
                    tv = np.asarray(title_vectors[s:s + batch])
                    rows = [i for i, (_, _, t) in enumerate(chunk) if t]
                    self.title_vectors.add([p for p, _ in titled], tv[rows])
                else:
                    self.title_vectors.add([p for p, _ in titled], self.embedder.encode([t for _, t in titled]))
            self.lexical.add((key, f"{title} {text}" if title else text) for key, text, title in chunk)
            n += len(chunk)
        return n

    def search(self, text: str, k: int = 20, *, vector=None, exclude: Iterable[str] = ()) -> list[Candidate]:
        """The ``k`` best items for ``text`` (its vector may be given), fused, best first."""
        if vector is None:
            vector = self.embedder.encode([text])[0]
        return self._fuse(text, np.asarray(vector, dtype=np.float32), k, set(exclude))

    def search_many(self, texts: Sequence[str], k: int = 20, *, vectors=None) -> list[list[Candidate]]:
        """``search`` for many texts, encoding them in one batch."""
        if vectors is None:
            vectors = self.embedder.encode(list(texts))
        return [self._fuse(t, np.asarray(v, dtype=np.float32), k, set()) for t, v in zip(texts, vectors)]

    def _fuse(self, text: str, vector: np.ndarray, k: int, exclude: set[str]) -> list[Candidate]:
        o = self.options
        lex = self.lexical.search(text, o.depth, exclude=exclude)
        best = lex[0][1] if lex and lex[0][1] > 0 else 1.0
        lex_score = {self._pos[key]: s / best for key, s in lex if key in self._pos}
        dense_hits = self.vectors.search(vector, o.depth + len(exclude))
        pos = {p for p, _ in dense_hits} | set(lex_score)
        pos = sorted(p for p in pos if self._keys[p] not in exclude)
        if not pos:
            return []
        main = self.vectors.get(pos) @ vector
        dense = main
        if len(self.title_vectors):
            tv = self.title_vectors.get(pos)
            has_title = np.abs(tv).sum(axis=1) > 0
            dense = np.where(has_title, (1 - o.title_weight) * main + o.title_weight * (tv @ vector), main)
        scored = []
        for i, p in enumerate(pos):
            lx = lex_score.get(p, 0.0)
            score = float(dense[i]) + o.lexical_weight * lx
            scored.append((-round(score, 5), p, float(dense[i]), lx, score))
        scored.sort()
        return [Candidate(self._keys[p], score, d, lx, r) for r, (_, p, d, lx, score) in enumerate(scored[:k], 1)]
