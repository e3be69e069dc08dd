"""Main text and metadata of an HTML page with trafilatura.

trafilatura (Barbaresi 2021) is the best-measured open extractor for news pages. We call
``bare_extraction`` with comments off and metadata on, and take its title, author, date, site name
and canonical URL. ``EXTRACTION`` holds the settings; benchmarks/eval_cleaning.py compares them with
trafilatura's defaults, ``favor_precision`` and ``favor_recall`` on annotated pages (docs/cleaning.md).
trafilatura's plain-text output puts one block per line; we separate blocks by a blank line (list
items stay together) so paragraphs read as in text input. Our own line filter runs afterwards
(``boilerplate.py``): trafilatura keeps some widget lines inside the article container.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Chosen on ../shared/data/html (benchmarks/eval_cleaning.py, docs/cleaning.md). With our line
# filter after it, favor_recall is at least as good as the balanced default on every figure (body F1
# 97.4 vs 97.2 on scrapinghub_aeb, snippet F1 94.0 vs 94.0 on trafilatura_eval_en); favor_precision
# has the best body F1 (97.7) but finds 2 points fewer must-have snippets (recall 93.5 vs 95.5), and a
# lost sentence costs an attribution while a leftover widget line rarely does. Tables stay in
# (tables off: body F1 97.0); comments are not article text.
EXTRACTION = {"include_comments": False, "include_tables": True, "favor_precision": False, "favor_recall": True}

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")
_LIST_ITEM = re.compile(r"^(?:[-*•]|\d+[.)])\s")


@dataclass(frozen=True)
class PageText:
    text: str
    title: str | None
    author: str | None
    date: str | None  # YYYY-MM-DD
    site: str | None
    url: str | None


def extract_page(html: str, *, url: str | None = None, **options) -> PageText:
    """Main text (blocks separated by blank lines) and metadata of ``html``; ``options`` override
    ``EXTRACTION`` (keyword arguments of ``trafilatura.bare_extraction``)."""
    import trafilatura

    settings = {**EXTRACTION, **options}
    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, deduplicate=False, **settings)
    if doc is None:
        return PageText("", None, None, None, None, url)
    get = doc.get if isinstance(doc, dict) else (lambda k: getattr(doc, k, None))
    date = get("date")
    return PageText(
        text=blocks_to_paragraphs(get("text") or ""),
        title=_clean(get("title")),
        author=_clean(get("author")),
        date=date[:10] if isinstance(date, str) and _DATE.match(date) else None,
        site=_clean(get("sitename")),
        url=get("url") or url,
    )


def blocks_to_paragraphs(text: str) -> str:
    """One block per line -> blocks separated by a blank line; consecutive list items stay together."""
    out: list[str] = []
    previous_item = False
    for line in text.split("\n"):
        line = line.strip()
        if not line:
            continue
        item = bool(_LIST_ITEM.match(line))
        if out:
            out.append("\n" if item and previous_item else "\n\n")
        out.append(line)
        previous_item = item
    return "".join(out)


def _clean(value) -> str | None:
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value or None
