"""Chains of sources: which attribution was reported through which (``via``), and the chains
they make, outermost source first ("X cites a report in Y" gives X -> Y).

An attribution whose cue lies inside another's content was reported through it. A chain follows
these links from the outermost source in, and ends on the outlet or organisation named inside the
content of a family that passes on others' reports (``FamilyPolicy.passes_on``: cite, publish) or
of a content that opens on a report ("a new study ...", ``lexicons/report_nouns.txt``).
"""

from __future__ import annotations

import functools
import re

from ... import lexicons
from ...records import Attribution, Entity
from ..entities import EntityIndex
from .families import POLICY


@functools.lru_cache(maxsize=1)
def _report_opening() -> re.Pattern:
    """A content that opens on a report: "a new study", "the report", "a recent poll"."""
    nouns = "|".join(re.escape(n) for n in lexicons.load("report_nouns"))
    return re.compile(rf"(a|the|an?) (new |recent )?({nouns})\b")


def link_via(atts: list[Attribution]) -> list[Attribution]:
    """Set ``via``: an attribution whose cue lies inside another's content was reported through it."""
    out = []
    for a in atts:
        parent = None
        for b in atts:
            if b is a:
                continue
            bs, be = b.content.span
            if bs <= a.cue.span[0] and a.cue.span[1] <= be and (be - bs) > (a.content.span[1] - a.content.span[0]):
                if parent is None or (be - bs) < (parent.content.span[1] - parent.content.span[0]):
                    parent = b
        if parent is not None and parent.source is not None:
            a = Attribution(**{**a.__dict__, "via": parent.id})
        out.append(a)
    return out


def source_chains(atts: list[Attribution], entities: list[Entity]) -> list[list[dict]]:
    """Chains of sources, outermost first, following ``via`` links and cited outlets/documents."""
    by_id = {a.id: a for a in atts}
    ents = {e.id: e for e in entities}
    index = EntityIndex(entities)
    children: dict[str, list[str]] = {}
    for a in atts:
        if a.via:
            children.setdefault(a.via, []).append(a.id)

    def item(a: Attribution) -> dict:
        return {"text": a.source.text if a.source else None, "entity": a.source.entity if a.source else None,
                "kind": a.source.kind if a.source else None, "attribution": a.id}

    def cited(a: Attribution) -> list[dict]:
        """Outlets or organisations named inside the content of a citing/publishing attribution."""
        if not POLICY[a.cue_family].passes_on and not _report_opening().match(a.content.text.lower()):
            return []
        out = []
        own = a.source.entity if a.source else None
        for s, e, eid in index.mentions_in(*a.content.span):
            ent = ents[eid]
            if eid != own and ent.type in ("MEDIA", "ORG", "PERSON"):
                out.append({"text": ent.name, "entity": eid, "kind": "media" if ent.type == "MEDIA" else (
                    "person" if ent.type == "PERSON" else "organization"), "attribution": None})
                break
        return out

    chains: list[list[dict]] = []

    def walk(aid: str, prefix: list[dict]) -> None:
        a = by_id[aid]
        path = prefix + ([item(a)] if a.source else [])
        kids = children.get(aid, [])
        extra = cited(a)
        if not kids:
            path = path + extra
            if len(path) >= 2:
                chains.append(path)
            return
        for k in kids:
            walk(k, path + extra)

    for a in atts:
        if a.via is None:
            walk(a.id, [])
    return chains
