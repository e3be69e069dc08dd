"""Claim tracking over a list of ledgers in memory: statements -> groups -> timelines.

``track(ledgers)`` is the whole of linking for a small collection (the example corpus, a test, a
notebook): it cuts each ledger's statements (``link/statements.py``), feeds them in order to a
``Grouper`` (``link/group.py``: each joins the best group or starts one) and returns one
``ClaimGroup`` per group of two or more statements from at least ``min_articles`` articles, with
its timeline (``link/timeline.py``). Ledgers should come in ingest order; reports are ordered by
``published`` inside each group. The corpus store does the same work incrementally, article by
article, with its own indexes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .group import Grouper, GroupOptions
from .statements import Statement, statements
from .timeline import Report, StanceHook, timeline


@dataclass(frozen=True)
class ClaimGroup:
    id: str  # stable: "g:" + the key of the statement that started it
    reports: tuple[Report, ...]  # first report first

    @property
    def first(self) -> Report:
        return self.reports[0]

    @property
    def articles(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(r.statement.article for r in self.reports))


def track(ledgers: Iterable[dict], *, grouper: Grouper | None = None, min_articles: int = 2,
          headlines: bool = False, stance: StanceHook | None = None) -> list[ClaimGroup]:
    """Claim groups spanning at least ``min_articles`` articles, largest first (ties: oldest first)."""
    grouper = grouper or Grouper(options=GroupOptions())
    by_key: dict[str, Statement] = {}
    for ledger in ledgers:
        sts = statements(ledger, headline=headlines)
        for st in sts:
            by_key[st.id] = st
        vecs = grouper.retriever.embedder.encode([s.text for s in sts]) if sts else []
        for st, v in zip(sts, vecs):
            grouper.add(st.id, st.text, vector=v)
    out = []
    for gid, keys in grouper.groups().items():
        members = [by_key[k] for k in keys]
        if len({m.article for m in members}) >= min_articles:
            out.append(ClaimGroup(gid, tuple(timeline(members, stance=stance))))
    order = {g: i for i, g in enumerate(grouper.groups())}
    out.sort(key=lambda g: (-len(g.articles), order[g.id]))
    return out
