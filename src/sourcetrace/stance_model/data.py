"""Stance training data: FNC-1 and Emergent pairs as ``Pair`` records, and the dev splits.

``--data DIR`` is a folder holding ``fnc1_train.jsonl`` (``id, headline, body_id, stance``) and
``emergent_train.jsonl`` (``id, claim_id, claim, headline, stance``), the layout of
``../shared/data/stance``. FNC-1 bodies are read from ``fnc1_bodies.jsonl`` in ``DIR``, or else in
``DIR/../news/`` (``id, text``). Only bodies a training pair names are read, so a bodies file that
also holds other bodies (FNC-1's competition test) gives none of them to training.

The dev splits are by group, never by pair: an FNC-1 body and all its pairs go to one side (pairs
of a body share its text), an Emergent claim and all its headlines likewise. A group is in dev when
the first 8 hex digits of SHA-256 of ``"{seed}:{group}"``, read as a fraction of 2**32, fall under
``DEV_SHARE``: deterministic, independent of file order, and the same on every machine.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from ..errors import SourcetraceError

LABELS = ("agree", "disagree", "discuss", "unrelated")
# Emergent's labels and ours: the claim is asserted (for), disputed (against) or relayed (observing)
EMERGENT_LABELS = {"for": "agree", "against": "disagree", "observing": "discuss"}
TO_EMERGENT = {v: k for k, v in EMERGENT_LABELS.items()}
DEV_SHARE = 0.2
SEED = 16


@dataclass(frozen=True)
class Pair:
    id: str
    claim: str
    text: str
    label: str  # one of LABELS
    group: str  # the split unit: FNC-1 body id, Emergent claim id
    corpus: str  # "fnc1" or "emergent"


def in_dev(group: str, *, seed: int = SEED, share: float = DEV_SHARE) -> bool:
    digest = hashlib.sha256(f"{seed}:{group}".encode("utf-8")).hexdigest()
    return int(digest[:8], 16) / 2**32 < share


def jsonl_records(path: Path) -> Iterator[tuple[int, dict]]:
    """``(line number, object)`` for each non-blank line; E015 for a line that is not a JSON object."""
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as err:
                raise SourcetraceError("E015", line=lineno, path=str(path), reason=err.msg) from err
            if not isinstance(rec, dict):
                raise SourcetraceError("E015", line=lineno, path=str(path), reason="not a JSON object")
            yield lineno, rec


def _need(rec: dict, fields: tuple[str, ...], path: Path, lineno: int) -> None:
    for f in fields:
        if not isinstance(rec.get(f), str):
            raise SourcetraceError("E064", path=str(path), reason=f"line {lineno} has no text field {f!r}")


def bodies_path(data: Path) -> Path:
    for cand in (data / "fnc1_bodies.jsonl", data.parent / "news" / "fnc1_bodies.jsonl"):
        if cand.is_file():
            return cand
    raise SourcetraceError("E064", path=str(data), reason="fnc1_bodies.jsonl is neither there nor in ../news/")


def fnc1_pairs(data: str | Path) -> list[Pair]:
    data = Path(data)
    path = data / "fnc1_train.jsonl"
    rows = []
    for lineno, rec in jsonl_records(path):
        _need(rec, ("id", "headline", "body_id", "stance"), path, lineno)
        if rec["stance"] not in LABELS:
            raise SourcetraceError("E064", path=str(path), reason=f"line {lineno}: stance {rec['stance']!r}")
        rows.append(rec)
    wanted = {r["body_id"] for r in rows}
    bodies: dict[str, str] = {}
    bpath = bodies_path(data)
    for lineno, rec in jsonl_records(bpath):
        if rec.get("id") in wanted:
            _need(rec, ("text",), bpath, lineno)
            bodies[rec["id"]] = rec["text"]
    missing = wanted - bodies.keys()
    if missing:
        raise SourcetraceError("E064", path=str(bpath), reason=f"{len(missing)} bodies are missing, e.g. {sorted(missing)[0]!r}")
    return [Pair(r["id"], r["headline"], bodies[r["body_id"]], r["stance"], r["body_id"], "fnc1") for r in rows]


def emergent_pairs(data: str | Path) -> list[Pair]:
    path = Path(data) / "emergent_train.jsonl"
    out = []
    for lineno, rec in jsonl_records(path):
        _need(rec, ("id", "claim_id", "claim", "headline", "stance"), path, lineno)
        label = EMERGENT_LABELS.get(rec["stance"])
        if label is None:
            raise SourcetraceError("E064", path=str(path), reason=f"line {lineno}: stance {rec['stance']!r}")
        out.append(Pair(rec["id"], rec["claim"], rec["headline"], label, rec["claim_id"], "emergent"))
    return out


def load(data: str | Path, corpus: str) -> list[Pair]:
    """The pairs of ``corpus`` ("fnc1" or "emergent") under ``data``; E064 when they are not there."""
    data = Path(data)
    if data.is_file():
        data = data.parent
    name = {"fnc1": "fnc1_train.jsonl", "emergent": "emergent_train.jsonl"}[corpus]
    if not (data / name).is_file():
        raise SourcetraceError("E064", path=str(data), reason=f"{name} is not there")
    return fnc1_pairs(data) if corpus == "fnc1" else emergent_pairs(data)


def stories(pairs: list[Pair]) -> dict[str, str]:
    """Each claim and body's *story*: the connected groups of FNC-1 headlines and bodies that
    related pairs join (a headline and a body of one related pair tell the same story; FNC-1's
    train pairs form 191 of them). Keys ``h:<headline>`` and ``b:<body id>``; a story is named by
    its smallest key, so the result does not depend on the order of the pairs."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for p in pairs:
        a, b = find("h:" + p.claim), find("b:" + p.group)
        if p.label != "unrelated" and a != b:
            parent[max(a, b)] = min(a, b)
    return {k: find(k) for k in list(parent)}


def split(pairs: list[Pair], *, seed: int = SEED, share: float = DEV_SHARE,
          by: str = "group") -> tuple[list[Pair], list[Pair]]:
    """``(train, dev)``. ``by="group"`` (the dev split of the targets): by FNC-1 body or Emergent
    claim, see the module docstring. ``by="story"`` (FNC-1 only, a harder check of how the model
    does on claims it has never seen, as in FNC-1's competition test): a pair is in dev when both
    its headline's and its body's stories are, in train when neither is; pairs across the two
    sides (unrelated ones) are left out."""
    train, dev = [], []
    if by == "story":
        story = stories(pairs)
        for p in pairs:
            h = in_dev(story["h:" + p.claim], seed=seed, share=share)
            b = in_dev(story["b:" + p.group], seed=seed, share=share)
            if h and b:
                dev.append(p)
            elif not h and not b:
                train.append(p)
        return train, dev
    for p in pairs:
        (dev if in_dev(p.group, seed=seed, share=share) else train).append(p)
    return train, dev
