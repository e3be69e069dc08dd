"""Main text and metadata of an HTML page with trafilatura.

trafilatura (Barbaresi 2021) is the best-measured open extractor for news pages; we call it with
comments and tables off and its default balance of precision and recall (``favor_precision`` lost
2 points of body recall for no gain on the annotated pages, docs/cleaning.md), and take its
metadata (title, author, date, site name, canonical URL). Our own line filter runs on its output
afterwards (``boilerplate.py``): trafilatura keeps some widget lines inside the article container.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageText:
    text: str
    title: str | None
    author: str | None
    date: str | None
    site: str | None
    url: str | None


def extract_page(html: str, *, url: str | None = None) -> PageText:
    import trafilatura

    doc = trafilatura.bare_extraction(
        html, url=url, include_comments=False, include_tables=False, favor_precision=False,
        with_metadata=True, deduplicate=False,
    )
    if doc is None:
        return PageText("", None, None, None, None, url)
    get = (lambda k: getattr(doc, k, None)) if not isinstance(doc, dict) else doc.get
    text = get("text") or ""
    date = get("date")
    return PageText(
        text=text,
        title=get("title"),
        author=get("author"),
        date=date[:10] if isinstance(date, str) and len(date) >= 10 else None,
        site=get("sitename"),
        url=get("url") or url,
    )
