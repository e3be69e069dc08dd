"""Claim groups, built incrementally: each new statement joins the best group or starts one.

``assign(text, neighbours, model=...)`` is the decision for one new statement, a pure function: the
``neighbours`` are the already grouped statements the retriever found for it (key, text, cosine,
group), each pair gets the same-claim probability (``link/same_claim.py``), a group's score is the
best probability among its members (single link), and the statement joins the best group whose
score reaches the threshold, else it starts a new group. ``Grouper`` drives it in memory (a
``Retriever`` over the statements seen so far); the store phase calls ``assign`` with neighbours
from the store's indexes. Only the retrieved neighbours are compared, so the cost of a new
statement does not grow with the number of statements stored.

Group ids are stable: a group is named after the statement that started it (``g:`` + its key)
and keeps that name whatever arrives later. When a new statement reaches the merge threshold with
members of two or more groups (a bridge: a later report that links two earlier ones), the groups
are merged into the oldest of them; the others' ids stay valid as aliases that ``resolve`` maps
to the surviving id, so nothing that recorded an old id breaks. Merging is on by default because it
raised B-cubed F1 on the Emergent tuning part from 81.0 to 84.7 (docs/linking.md); the merge threshold is higher
than the join threshold so that one loose match does not chain two claims together.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Optional

from .embed import Embedder
from .retrieve import FusionOptions, Retriever
from .same_claim import SameClaimModel, load_model

# Neighbours compared per new statement (the retriever's fused top k).
NEIGHBOURS = 20
# A merge needs this much more than a join (Emergent tuning part: docs/linking.md).
MERGE_MARGIN = 0.1


@dataclass(frozen=True)
class GroupOptions:
    threshold: Optional[float] = None  # P(same claim) to join a group; None: the model's calibrated one
    neighbours: int = NEIGHBOURS
    merge: bool = True
    merge_margin: float = MERGE_MARGIN


@dataclass(frozen=True)
class Neighbour:
    key: str
    text: str
    cosine: float
    group: str  # the neighbour's current (resolved) group id


@dataclass(frozen=True)
class Assignment:
    key: str
    group: str  # the group the statement is in now (a new one: "g:" + key)
    new: bool  # True when the statement started this group
    score: float  # the best same-claim probability with the group (0.0 for a new group)
    merged: tuple[str, ...] = ()  # groups merged into ``group`` by this statement
    best: Optional[str] = None  # the neighbour with the highest probability in the group


def group_id(key: str) -> str:
    return f"g:{key}"


def assign(key: str, text: str, neighbours: Sequence[Neighbour], *, model: SameClaimModel | None = None,
           threshold: float | None = None, merge: bool = True, merge_margin: float = MERGE_MARGIN,
           order: dict[str, int] | None = None) -> Assignment:
    """Where a new statement goes (see the module docstring). ``order`` ranks groups by age
    (smaller is older; default: the order of first appearance among ``neighbours``)."""
    model = model or load_model()
    thr = model.threshold if threshold is None else threshold
    best: dict[str, tuple[float, str]] = {}
    seen: dict[str, int] = {}
    for n in neighbours:
        if n.key == key:
            continue
        p = model.probability(text, n.text, n.cosine)
        seen.setdefault(n.group, len(seen))
        if n.group not in best or p > best[n.group][0]:
            best[n.group] = (p, n.key)
    passing = [(p, g) for g, (p, _) in best.items() if p >= thr]
    if not passing:
        return Assignment(key, group_id(key), True, 0.0)
    age = order or seen
    p, g = max(passing, key=lambda x: (x[0], -age.get(x[1], 0)))
    merged: tuple[str, ...] = ()
    if merge:
        bridged = [gg for pp, gg in passing if pp >= thr + merge_margin]
        if len(bridged) > 1:
            oldest = min(bridged, key=lambda gg: age.get(gg, 0))
            merged = tuple(gg for gg in bridged if gg != oldest)
            g = oldest
            p = best[g][0]
    return Assignment(key, g, False, p, merged, best[g][1])


@dataclass
class _State:
    members: dict[str, list[str]] = field(default_factory=dict)  # surviving group -> keys
    group_of: dict[str, str] = field(default_factory=dict)  # key -> group it joined (maybe an alias)
    alias: dict[str, str] = field(default_factory=dict)  # merged group -> group it went into
    order: dict[str, int] = field(default_factory=dict)  # group -> creation rank


class Grouper:
    """Incremental claim groups in memory (see the module docstring)."""

    def __init__(self, embedder: Embedder | None = None, *, model: SameClaimModel | None = None,
                 options: GroupOptions = GroupOptions(), fusion: FusionOptions = FusionOptions(depth=50)):
        self.retriever = Retriever(embedder, options=fusion)
        self.model = model or load_model()
        self.options = options
        self._texts: dict[str, str] = {}
        self._s = _State()

    def resolve(self, group: str) -> str:
        """The surviving id of ``group`` (itself unless it was merged)."""
        seen = set()
        while group in self._s.alias and group not in seen:
            seen.add(group)
            group = self._s.alias[group]
        return group

    def group_of(self, key: str) -> str:
        return self.resolve(self._s.group_of[key])

    def groups(self) -> dict[str, list[str]]:
        """Surviving group id -> member keys, in arrival order."""
        return {g: list(m) for g, m in self._s.members.items()}

    def preload(self, items: Sequence[tuple[str, str, str]], vectors) -> None:
        """Take in statements that are already grouped, ``(key, text, group)`` in arrival order with
        their vectors (e.g. read back from a store): no decisions are made, the groups are kept."""
        s = self._s
        for key, text, group in items:
            if group not in s.members:
                s.order[group] = len(s.order)
                s.members[group] = []
            s.members[group].append(key)
            s.group_of[key] = group
            self._texts[key] = text
        self.retriever.add([(key, text, None) for key, text, _ in items], vectors=vectors,
                           batch=max(256, len(items)))

    def add(self, key: str, text: str, *, vector=None) -> Assignment:
        """Group one new statement (a key seen before is a no-op returning its current group)."""
        if key in self._s.group_of:
            g = self.group_of(key)
            return Assignment(key, g, False, 1.0)
        import numpy as np

        if vector is None:
            vector = self.retriever.embedder.encode([text])[0]
        vector = np.asarray(vector, dtype=np.float32)
        cands = self.retriever.search(text, self.options.neighbours, vector=vector) if len(self.retriever) else []
        neighbours = [Neighbour(c.key, self._texts[c.key], c.dense, self.group_of(c.key)) for c in cands]
        a = assign(key, text, neighbours, model=self.model, threshold=self.options.threshold,
                   merge=self.options.merge, merge_margin=self.options.merge_margin, order=self._s.order)
        self._record(a)
        self._texts[key] = text
        self.retriever.add([(key, text, None)], vectors=vector[None, :])
        return a

    def _record(self, a: Assignment) -> None:
        s = self._s
        if a.new:
            s.order[a.group] = len(s.order)
            s.members[a.group] = []
        for g in a.merged:
            s.alias[g] = a.group
            s.members[a.group].extend(s.members.pop(g, []))
        s.members[a.group].append(a.key)
        s.group_of[a.key] = a.group

    def add_texts(self, items: Iterable[tuple[str, str]], *, batch: int = 256) -> list[str]:
        """Group ``(key, text)`` items in order; returns the group each joined when it arrived
        (``resolve`` gives the group it is in after later merges)."""
        items = list(items)
        out = []
        for s in range(0, len(items), batch):
            chunk = items[s:s + batch]
            vecs = self.retriever.embedder.encode([t for _, t in chunk])
            for (key, text), v in zip(chunk, vecs):
                out.append(self.add(key, text, vector=v).group)
        return out
