"""A claim group's reports in order: the first report, and what each later one changed.

``timeline(statements, stance=...)`` orders the statements of one group by their article's
``published`` date (statements without a date after the dated ones, in the order given, which is
ingest order in the store), picks the first report, and returns one ``Report`` per statement with
its changes against the first (``link/changes.py``) and its stance. Within one article the
attribution and assertion statements come before its headline, and the first report is never a
headline when the first article has another statement in the group: a headline has no source and
would make every later report look "source-changed".

Stance is a hook: ``stance`` is any callable ``(first, report) -> "agree" | "disagree" | "discuss"
| None`` (the stance model of the stance work stream plugs in here; sourcetrace's linking does not
guess stance itself). Without it, ``Report.stance`` is None.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Optional

from .changes import Change, changes
from .statements import Statement

StanceHook = Callable[[Statement, Statement], Optional[str]]
STANCES = ("agree", "disagree", "discuss")
_KIND_ORDER = {"attribution": 0, "assertion": 0, "headline": 1}


@dataclass(frozen=True)
class Report:
    statement: Statement
    first: bool
    changes: tuple[Change, ...]
    stance: Optional[str] = None


def ordered(statements: Sequence[Statement]) -> list[Statement]:
    """By published date (undated last), then the order given (ingest order), then within an
    article non-headlines first, in text order."""
    article_rank: dict[str, int] = {}
    for s in statements:
        article_rank.setdefault(s.article, len(article_rank))
    return sorted(statements, key=lambda s: (s.published is None, s.published or "", article_rank[s.article],
                                             _KIND_ORDER.get(s.kind, 0), s.span))


def timeline(statements: Sequence[Statement], *, stance: StanceHook | None = None) -> list[Report]:
    """The reports of one claim group, first report first (see the module docstring)."""
    if not statements:
        return []
    order = ordered(statements)
    first = order[0]
    out = []
    for s in order:
        st = stance(first, s) if stance else None
        if st is not None and st not in STANCES:
            raise ValueError(f"stance hook returned {st!r}; expected one of {STANCES} or None")
        out.append(Report(s, s is first, tuple(changes(first, s)), st))
    return out
