"""What changed between the first report of a claim and a later one.

``changes(first, report)`` compares two ``Statement`` records of one claim group and returns the
``Change`` records the issue names, in this order:

* ``number``: an amount, count or date differs. Amounts and counts are paired by unit (both
  without a unit pair too) and kind, preferring the same counted object; a pair whose values (or
  ranges) differ is a change ("40 tonnes" -> "400 tonnes"). When each side has exactly one number
  of a kind, those two are compared even without a common unit ("40 tonnes" -> "40,000 kg" is a
  change of wording the comparison cannot see through: units are not converted). Dates differ when
  both statements carry dates and share none of their values ("on Tuesday" resolved to 2025-03-11
  vs "on Monday", 2025-03-10). A number the later report leaves out is an omission, not a change.
* ``hedge-added`` / ``hedge-dropped``: the first was asserted (or factive) and the report is hedged,
  or the reverse. "distanced" (a cue such as "claimed" or "denied") is the source's attitude, which
  the stance model reads; it is not a hedge.
* ``source-dropped``: the first report credited a source and this one states the claim as fact
  (no source): the laundering of a claim.
* ``source-changed``: both credit a source and they differ. Sources are compared by their entity's
  name when both are resolved, else by their text without a leading article and case ("The
  coastguard" = "the coastguard").

Stance (agree / disagree / discuss) is not a change: it comes from the stance model through the
hook of ``link/timeline.py``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from ..records import Quantity
from .statements import Statement

CHANGE_KINDS = ("number", "hedge-added", "hedge-dropped", "source-dropped", "source-changed")
_FIRM = ("asserted", "factive")


@dataclass(frozen=True)
class Change:
    kind: str  # one of CHANGE_KINDS
    before: Optional[str]  # the first report's value (number text, certainty, source)
    after: Optional[str]  # this report's value


def _same_value(a: Quantity, b: Quantity) -> bool:
    def close(x, y):
        if x is None or y is None:
            return x is y
        return abs(float(x) - float(y)) <= 1e-9 * max(1.0, abs(float(x)))

    return close(a.value, b.value) and close(a.low, b.low) and close(a.high, b.high)


def _pair_numbers(first: tuple[Quantity, ...], later: tuple[Quantity, ...]) -> list[tuple[Quantity, Quantity]]:
    pairs = []
    used: set[int] = set()
    for a in first:
        options = [(i, b) for i, b in enumerate(later) if i not in used and b.kind == a.kind and b.unit == a.unit]
        if not options:
            continue
        same_obj = [(i, b) for i, b in options if a.object and b.object and a.object.lower() == b.object.lower()]
        exact = [(i, b) for i, b in options if _same_value(a, b)]
        i, b = (exact or same_obj or options)[0]
        used.add(i)
        pairs.append((a, b))
    if not pairs:
        for kind in {a.kind for a in first}:
            fa = [a for a in first if a.kind == kind]
            lb = [b for b in later if b.kind == kind]
            if len(fa) == 1 and len(lb) == 1:
                pairs.append((fa[0], lb[0]))
    return pairs


def number_changes(first: Statement, report: Statement) -> list[Change]:
    out = []
    for a, b in _pair_numbers(first.numbers, report.numbers):
        if not _same_value(a, b):
            out.append(Change("number", a.text, b.text))
    fd = {d.value for d in first.dates if d.value}
    rd = {d.value for d in report.dates if d.value}
    if fd and rd and not fd & rd:
        before = ", ".join(d.text for d in first.dates if d.value)
        after = ", ".join(d.text for d in report.dates if d.value)
        out.append(Change("number", before, after))
    return out


def source_key(statement: Statement) -> Optional[str]:
    """How a statement's source is compared: its entity's name, else its text without a leading
    article, lower-cased; None without a source."""
    src = statement.source
    if src is None:
        return None
    if src.name:
        return src.name.lower()
    return re.sub(r"^(the|a|an)\s+", "", src.text.strip().lower())


def _sources_differ(a: Statement, b: Statement) -> bool:
    sa, sb = a.source, b.source
    if sa.name and sb.name:
        return sa.name.lower() != sb.name.lower()
    ka, kb = source_key(a), source_key(b)
    # one side resolved, the other not: the same when one text contains the other's name
    return not (ka == kb or (ka and kb and (ka in kb or kb in ka)))


def changes(first: Statement, report: Statement) -> list[Change]:
    """The changes of ``report`` against ``first`` (see the module docstring); [] for the first itself."""
    if report.id == first.id:
        return []
    out = number_changes(first, report)
    if first.certainty in _FIRM and report.certainty == "hedged":
        out.append(Change("hedge-added", first.certainty, report.certainty))
    elif first.certainty == "hedged" and report.certainty in _FIRM:
        out.append(Change("hedge-dropped", first.certainty, report.certainty))
    if first.source is not None and report.source is None:
        out.append(Change("source-dropped", first.source.text, None))
    elif first.source is not None and report.source is not None and _sources_differ(first, report):
        out.append(Change("source-changed", first.source.text, report.source.text))
    return out
