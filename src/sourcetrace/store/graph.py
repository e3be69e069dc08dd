"""The source graph: outlets and sources across the corpus, linked by "reported via" steps.

``source_graph(conn)`` reads every stored source chain; the web app draws it (``web/graph.py``) and
serves it as JSON (``/api/graph``).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field

from .entity_ids import entity_key, normalise_name


@dataclass
class Graph:
    """Nodes (outlets and sources) and weighted "reported via" edges across the corpus."""

    nodes: dict[str, dict] = field(default_factory=dict)  # key -> {key, label, kind, entity_id, weight}
    edges: dict[tuple[str, str], int] = field(default_factory=dict)  # (from key, to key) -> count

    def node(self, key: str, label: str, kind: str, entity_id: str | None = None) -> str:
        if key not in self.nodes:
            self.nodes[key] = {"key": key, "label": label, "kind": kind, "entity_id": entity_id, "weight": 0}
        self.nodes[key]["weight"] += 1
        return key

    def edge(self, a: str, b: str) -> None:
        if a != b:
            self.edges[(a, b)] = self.edges.get((a, b), 0) + 1


def _host(url: str | None) -> str | None:
    from urllib.parse import urlparse

    if not url:
        return None
    host = (urlparse(url).hostname or "").lower()
    return host[4:] if host.startswith("www.") else host or None


def source_graph(conn: sqlite3.Connection) -> Graph:
    """Every stored source chain as edges: the article's outlet (its site, else its URL's host) to the
    chain's first source, then each source to the one it reports (``A -> B``: what B says reached the
    article through A). Sources are merged by corpus entity id when resolved, else by lowered text."""
    graph = Graph()
    sql = ("SELECT sc.article_id, sc.chain, sc.text, sc.kind, e.name, e.type, r.site, r.url"
           " FROM source_chains sc JOIN articles r ON r.id = sc.article_id"
           " LEFT JOIN entities e ON e.article_id = sc.article_id AND e.entity_id = sc.entity"
           " ORDER BY r.n, sc.chain, sc.step")
    last: tuple[str, int] | None = None
    prev: str | None = None
    for article_id, chain, text, kind, ename, etype, site, url in conn.execute(sql):
        if (article_id, chain) != last:
            last = (article_id, chain)
            outlet = (site or "").strip() or _host(url)
            prev = graph.node("outlet:" + outlet.lower(), outlet, "outlet") if outlet else None
        if ename:
            eid = entity_key(etype, ename)
            key = graph.node("entity:" + eid, ename, kind or "source", eid)
        else:
            label = " ".join((text or "(unnamed)").split())
            key = graph.node("text:" + normalise_name(label), label, kind or "source")
        if prev is not None:
            graph.edge(prev, key)
        prev = key
    return graph
