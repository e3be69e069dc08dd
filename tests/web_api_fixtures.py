"""A small fictional corpus for the web app's tests (every sentence written for these tests).

``build_store(path)`` analyzes the articles and stores them with the store's writer, the way
``ingest`` does. One article is hostile: its title and body carry ``<script>`` and an ``onerror``
attribute, which no page may ever render as markup. Others report sources through other sources
("The Daily Lantern reported that police said ...") so that the store holds source chains, and
some people and organisations recur across articles so that entity pages have something to join.

Run it to build a store for manual or end-to-end testing:

    .venv/bin/python tests/web_api_fixtures.py /tmp/web-fixture.db
    .venv/bin/sourcetrace serve --db /tmp/web-fixture.db --port 8765
"""

from __future__ import annotations

import sys
from pathlib import Path

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"

ARTICLES = [
    {
        "id": "lantern-bridge",
        "title": "Bridge closed after cracks found in Tollham",
        "url": "https://www.lantern.example/news/bridge-closed",
        "published": "2025-04-02",
        "text": ("The Daily Lantern reported that police said the Tollham bridge would stay closed until May. "
                 "Engineer Sofia Lund said the cracks were found during a routine inspection on Monday. "
                 "Mayor Pavel Kross said repairs would cost $3 million. "
                 "Critics claim the council ignored warnings for years. "
                 "\"Nobody will cross this bridge until it is safe,\" said Sofia Lund."),
    },
    {
        "id": "gazette-ferry",
        "title": "Ferry fares to rise in autumn",
        "url": "https://riverside-gazette.example/ferry-fares",
        "published": "2025-05-11",
        "text": ("According to the Riverside Gazette, the mayor's office said ferry fares would rise by 8 percent. "
                 "Mayor Pavel Kross said the increase may be smaller if fuel prices fall. "
                 "The ferry operator reportedly lost 2,000 passengers last year. "
                 "Passenger groups claim the timetable was cut without notice."),
    },
    {
        "id": "hostile-1",
        "title": f"Council vote {SCRIPT} on parking",
        "url": "https://hostile.example/parking",
        "published": "2025-06-20",
        "text": (f"The town council said the new parking rules {IMG} would start in July. "
                 f"\"We reject {SCRIPT} this plan entirely,\" said councillor Ines Varro. "
                 "Residents say the fees may double within a year."),
    },
    {
        "id": "clinic-week",
        "title": "Clinic waiting times fall",
        "published": "2025-03-03",
        "text": ("Waiting times at the Marrow Hill clinic fell by a third this winter, the regional health board said. "
                 "Dr. Amira Soltani, who leads the clinic, said three new nurses had been hired. "
                 "Mayor Pavel Kross said the town would fund two more posts next year. "
                 "Nurse Leah Brandt said Pavel Kross had promised the same posts last spring."),
    },
]

HTML_ARTICLE = {
    "id": "echo-reservoir",
    "html": """<!doctype html><html><head><title>Reservoir levels low</title>
<meta property="og:site_name" content="Valley Echo"></head><body><nav>Home | News</nav>
<article><h1>Reservoir levels low after dry spring</h1>
<p>Officials at the Orlen Water Board said the reservoir was nearly empty, the Valley Echo reported.
Engineer Sofia Lund said the pumps may fail this summer.</p>
<p>The water board reportedly considered rationing, according to two farmers.</p></article>
<footer>Subscribe</footer></body></html>""",
    "url": "https://valley-echo.example/reservoir",
    "published": "2025-07-01",
}


def ledgers(nlp=None) -> list[dict]:
    """The analyzed ledgers of every fixture article, in order."""
    from sourcetrace.clean import clean_article
    from sourcetrace.pipeline import analyze_article
    from sourcetrace.records import RawArticle

    out = []
    for a in ARTICLES:
        raw = RawArticle(origin="web-fixtures.jsonl", text=a["text"], id=a["id"], title=a["title"], url=a.get("url"),
                         published=a.get("published"))
        out.append(analyze_article(clean_article(raw), nlp=nlp))
    h = HTML_ARTICLE
    raw = RawArticle(origin="web-fixtures.jsonl", html=h["html"], id=h["id"], url=h["url"], published=h["published"])
    out.append(analyze_article(clean_article(raw), nlp=nlp))
    return out


def build_store(path: str | Path, nlp=None, *, ledgers_: list[dict] | None = None) -> Path:
    """A store at ``path`` holding the fixture articles and one recorded ingest error."""
    from sourcetrace.store import Writer, connect

    path = Path(path)
    conn = connect(path)
    writer = Writer(conn)
    for i, ledger in enumerate(ledgers_ if ledgers_ is not None else ledgers(nlp)):
        writer.article(ledger, source="web-fixtures.jsonl", position=f"line {i + 1}", metadata={"fixture": True})
    writer.error(input="web-fixtures.jsonl", position="line 9", code="E015", message="[E015] not JSON")
    writer.close()
    conn.close()
    return path


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python tests/web_api_fixtures.py OUT.db")
    print(build_store(sys.argv[1]))
