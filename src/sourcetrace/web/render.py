"""HTML fragments built in Python for the pages: the highlighted article text, the ledger data the
page script reads, search snippets, and paging links.

Safety rule: every piece of stored text passes through ``markupsafe.escape`` before it is joined
with markup, and only the finished fragment is marked safe (``Markup``); class names and data
attributes come from fixed lists or are escaped too. Templates escape everything else (autoescape).

**Highlights.** Sources, cues and contents of attributions overlap: a quotation holds the source
and cue of a nested attribution, and two attributions can share a source. The text is cut at every
span boundary; each piece is wrapped in one ``<mark>`` per span covering it, outermost the longest
(content, then cue, then source), each with the ``data-attr`` and ``data-certainty`` of its own
attribution. So every ``mark.hl-*`` with a given ``data-attr`` lies inside that attribution's span.
"""

from __future__ import annotations

from urllib.parse import urlencode

from markupsafe import Markup, escape

from ..records import CERTAINTIES, content_display
from ..store.entity_ids import entity_key
from ..store.queries import HIT_CLOSE, HIT_OPEN

_PARTS = (("content", "hl-content"), ("cue", "hl-cue"), ("source", "hl-source"))
_ORDER = {"hl-content": 0, "hl-cue": 1, "hl-source": 2}


def _span(item, n: int) -> tuple[int, int] | None:
    try:
        start, end = (int(x) for x in item["span"])
    except (KeyError, TypeError, ValueError):
        return None
    start, end = max(0, start), min(n, end)
    return (start, end) if start < end else None


def highlight(text: str, attributions: list[dict]) -> Markup:
    """``text`` escaped, with ``mark.hl-source``/``hl-cue``/``hl-content`` around every span."""
    n = len(text)
    spans: list[tuple[int, int, str, str, str]] = []  # start, end, class, attribution id, certainty
    for a in attributions:
        certainty = a.get("certainty") if a.get("certainty") in CERTAINTIES else "asserted"
        for part, cls in _PARTS:
            # a content its cue interrupts is marked piece by piece, not over the cue and source
            pieces = ([{"span": p} for p in a.get("content_parts") or []] if part == "content" else []) or [a.get(part) or {}]
            for piece in pieces:
                span = _span(piece, n)
                if span:
                    spans.append((*span, cls, str(a.get("id", "")), certainty))
    bounds = sorted({0, n} | {b for s in spans for b in s[:2]})
    out = []
    for lo, hi in zip(bounds, bounds[1:]):
        piece = escape(text[lo:hi])
        covering = [s for s in spans if s[0] <= lo and hi <= s[1]]
        covering.sort(key=lambda s: (_ORDER[s[2]], s[0] - s[1], s[3]))
        opening = "".join(f'<mark class="{cls}" data-attr="{escape(aid)}" data-certainty="{cert}">'
                          for _s, _e, cls, aid, cert in covering)
        out.append(f"{opening}{piece}{'</mark>' * len(covering)}")
    return Markup("".join(out))


def _label(step: dict, names: dict[str, str]) -> str:
    return names.get(step.get("entity") or "") or step.get("text") or "(unnamed)"


def ledger_data(ledger: dict) -> dict:
    """What the article page's script needs per claim: source, kind, cue, content, certainty, the
    chains it belongs to (labels, outermost first) and its source's corpus entity."""
    ents = {e["id"]: e for e in ledger.get("entities", [])}
    names = {k: e["name"] for k, e in ents.items()}
    chains_of: dict[str, list[list[str]]] = {}
    for chain in ledger.get("source_chains", []):
        labels = [_label(step, names) for step in chain]
        for step in chain:
            if step.get("attribution"):
                chains_of.setdefault(step["attribution"], [])
                if labels not in chains_of[step["attribution"]]:
                    chains_of[step["attribution"]].append(labels)
    by_id = {a["id"]: a for a in ledger.get("attributions", [])}
    claims = {}
    for a in ledger.get("attributions", []):
        src = a.get("source") or {}
        ent = ents.get(src.get("entity") or "")
        via = by_id.get(a.get("via") or "")
        claims[a["id"]] = {
            "id": a["id"], "source": src.get("text"), "kind": src.get("kind"),
            "cue": (a.get("cue") or {}).get("text"), "content": content_display(a, ledger.get("text")),
            "certainty": a.get("certainty"), "direct": a.get("direct"), "cue_family": a.get("cue_family"),
            "via": a.get("via"),
            "via_source": ((via.get("source") or {}).get("text") if via else None),
            "chains": chains_of.get(a["id"], []),
            "entity": ({"name": ent["name"], "type": ent["type"], "id": entity_key(ent["type"], ent["name"]),
                        "url": f"/entities/{entity_key(ent['type'], ent['name'])}"} if ent else None),
        }
    return {"article": ledger.get("id"), "claims": claims}


def claim_label(a: dict, names: dict[str, str]) -> str:
    src = a.get("source") or {}
    return names.get(src.get("entity") or "") or src.get("text") or "(no source given)"


def snippet(text: str | None) -> Markup:
    """An FTS5 snippet (hits between ``HIT_OPEN``/``HIT_CLOSE``) escaped, hits as ``<mark>``."""
    safe = str(escape(text or ""))
    return Markup(safe.replace(HIT_OPEN, '<mark class="hit">').replace(HIT_CLOSE, "</mark>"))


def short(text: str | None, limit: int = 140) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class Pager:
    """Page numbers for a list page; ``link(page)`` keeps the request's other query parameters."""

    def __init__(self, path: str, params: list[tuple[str, str]], *, page: int, per_page: int, total: int):
        self.path, self.page, self.per_page, self.total = path, page, per_page, total
        self.params = [(k, v) for k, v in params if k != "page"]
        self.pages = max(1, -(-total // per_page))
        self.offset = (page - 1) * per_page

    def link(self, page: int) -> str:
        params = self.params + ([("page", str(page))] if page > 1 else [])
        return self.path + ("?" + urlencode(params) if params else "")

    @property
    def prev(self) -> str | None:
        return self.link(self.page - 1) if self.page > 1 else None

    @property
    def next(self) -> str | None:
        return self.link(self.page + 1) if self.page < self.pages else None

    @property
    def first_item(self) -> int:
        return min(self.total, self.offset + 1)

    @property
    def last_item(self) -> int:
        return min(self.total, self.offset + self.per_page)
