"""The source graph, laid out on the server for an inline SVG (no JavaScript graph library).

Nodes are outlets (an article's site, else its URL's host) and sources; an edge ``A -> B`` with
weight ``n`` says that ``n`` times a claim of B reached an article through A (the article's outlet
citing a source, a source quoting another: one step of a stored source chain). The layout is
layered and deterministic: a node's column is its shortest distance from a node nothing points to
(outlets first); rows in the first column go by weight (edges touching the node) then label, and
in later columns by the mean row of the node's parents (fewer crossings), so the same store always
draws the same picture. Only the ``MAX_NODES`` heaviest nodes are drawn on large
corpora; the page says how many were left out. Labels are escaped by the template (autoescape).
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass

from ..store.graph import Graph

MAX_NODES = 150
COLUMN_WIDTH = 270
ROW_HEIGHT = 30
MARGIN_X, MARGIN_Y = 20, 30
LABEL_CHARS = 34
CHAR_WIDTH = 6.6  # average width of a 12px sans-serif character; LABEL_CHARS of them fit in a column
KIND_COLOURS = {
    "outlet": "#444444", "media": "#1f5fa8", "person": "#1b7f3b", "official": "#b35c00", "organization": "#8a3ab9",
    "document": "#7a6a00", "group": "#a8326e", "vague": "#888888", "unnamed": "#888888",
}


@dataclass(frozen=True)
class NodeBox:
    key: str
    label: str
    short: str
    kind: str
    colour: str
    entity_id: str | None
    weight: int
    x: int
    y: int


@dataclass(frozen=True)
class EdgeLine:
    source: str
    target: str
    source_label: str
    target_label: str
    weight: int
    path: str
    width: float


@dataclass(frozen=True)
class Layout:
    nodes: list[NodeBox]
    edges: list[EdgeLine]
    width: int
    height: int
    total_nodes: int
    total_edges: int


def _depths(keys: list[str], edges: dict[tuple[str, str], int]) -> dict[str, int]:
    incoming = {k: 0 for k in keys}
    out: dict[str, list[str]] = {k: [] for k in keys}
    for (a, b) in sorted(edges):
        incoming[b] += 1
        out[a].append(b)
    roots = [k for k in keys if incoming[k] == 0] or keys[:1]
    depth = {k: 0 for k in roots}
    todo = deque(roots)
    while todo:
        k = todo.popleft()
        for nxt in out[k]:
            if nxt not in depth:
                depth[nxt] = depth[k] + 1
                todo.append(nxt)
    for k in keys:  # nodes only on cycles unreachable from a root
        depth.setdefault(k, 0)
    return depth


def layout(graph: Graph, *, max_nodes: int = MAX_NODES) -> Layout:
    degree = {k: 0 for k in graph.nodes}
    for (a, b), w in graph.edges.items():
        degree[a] += w
        degree[b] += w
    ranked = sorted(graph.nodes, key=lambda k: (-degree[k], graph.nodes[k]["label"].lower(), k))
    kept = set(ranked[:max_nodes])
    edges = {e: w for e, w in graph.edges.items() if e[0] in kept and e[1] in kept}
    keys = sorted(kept, key=lambda k: (graph.nodes[k]["label"].lower(), k))
    depth = _depths(keys, edges)
    columns: dict[int, list[str]] = {}
    for k in keys:
        columns.setdefault(depth[k], []).append(k)
    parents: dict[str, list[str]] = {k: [] for k in keys}
    for (a, b) in edges:
        parents[b].append(a)
    pos: dict[str, tuple[int, int]] = {}
    row_of: dict[str, int] = {}
    for col, members in sorted(columns.items()):
        def order(k: str, col: int = col) -> tuple:
            # after the first column, rows follow the mean row of the node's parents (fewer crossings)
            placed = [row_of[p] for p in parents[k] if p in row_of and depth[p] < col]
            centre = sum(placed) / len(placed) if placed else float("inf")
            return (centre if col else 0, -degree[k], graph.nodes[k]["label"].lower(), k)

        members.sort(key=order)
        for row, k in enumerate(members):
            row_of[k] = row
            pos[k] = (MARGIN_X + 8 + col * COLUMN_WIDTH, MARGIN_Y + row * ROW_HEIGHT)
    nodes = []
    for k in sorted(pos, key=lambda k: (pos[k][0], pos[k][1])):
        n = graph.nodes[k]
        label = n["label"]
        short = label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"
        nodes.append(NodeBox(key=k, label=label, short=short, kind=n["kind"],
                             colour=KIND_COLOURS.get(n["kind"], "#555555"), entity_id=n["entity_id"],
                             weight=degree[k], x=pos[k][0], y=pos[k][1]))
    shorts = {n.key: n.short for n in nodes}
    lines = []
    for (a, b), w in sorted(edges.items(), key=lambda item: (pos[item[0][0]], pos[item[0][1]])):
        (x1, y1), (x2, y2) = pos[a], pos[b]
        if x2 > x1:
            start = x1 + 14 + round(CHAR_WIDTH * len(shorts[a]))  # after the label
            mid = (start + x2) / 2
            path = f"M{start},{y1} C{mid:.0f},{y1} {mid:.0f},{y2} {x2 - 8},{y2}"
        else:  # same column or backwards (a cycle): an arc out to the left
            bend = x1 - 60 - abs(y2 - y1) / 4
            path = f"M{x1 - 7},{y1} C{bend:.0f},{y1} {bend:.0f},{y2} {x2 - 7},{y2}"
        lines.append(EdgeLine(source=a, target=b, source_label=graph.nodes[a]["label"],
                              target_label=graph.nodes[b]["label"], weight=w, path=path,
                              width=round(1 + math.log2(w), 2)))
    n_cols = max(columns) + 1 if columns else 1
    n_rows = max((len(m) for m in columns.values()), default=1)
    return Layout(nodes=nodes, edges=lines, width=MARGIN_X * 2 + n_cols * COLUMN_WIDTH + 40,
                  height=MARGIN_Y * 2 + n_rows * ROW_HEIGHT, total_nodes=len(graph.nodes),
                  total_edges=len(graph.edges))


def as_json(graph: Graph) -> dict:
    """The graph for ``/api/graph``: nodes with their kind and entity id, weighted edges."""
    return {
        "nodes": [{"key": n["key"], "label": n["label"], "kind": n["kind"], "entity_id": n["entity_id"],
                   "appearances": n["weight"]} for n in sorted(graph.nodes.values(), key=lambda n: n["key"])],
        "edges": [{"from": a, "to": b, "weight": w} for (a, b), w in sorted(graph.edges.items())],
    }
