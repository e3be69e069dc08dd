"""Tiny fictional corpora for the store, batch and corpus CLI tests (written for these tests).

``write_corpus(folder)`` lays out a mixed collection: a JSONL file with good and bad lines, a CSV
in FakeNewsCorpus style (text in ``content``), a folder of .txt/.html files, and a WARC crawl.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

ARTICLES = [
    {
        "id": "harbour-1",
        "title": "Lindenport council approves harbour budget",
        "text": ("The Lindenport city council approved a budget of $4.5 million for the harbour on Tuesday, "
                 "March 3, 2025. \"We have waited ten years for this,\" said Mayor Elena Varga. According to the "
                 "port authority, 12 new cranes will be installed by 2027. Varga said the work would begin in May."),
        "published": "2025-03-04",
        "section": "local",
    },
    {
        "id": "flood-2",
        "title": "Flooding closes rail line near Kelm",
        "text": ("Heavy rain closed the rail line between Ostbrook and Kelm on Friday, officials said. Three people "
                 "were injured, police said. The Northern Courier reported that the water may recede by Monday. "
                 "\"Crews are working through the night,\" said Tomas Brandt, a spokesman for Kelm Rail."),
        "published": "2024-11-08T09:30:00Z",
    },
    {
        "id": "clinic-3",
        "title": "New clinic opens in Marrow Hill",
        "text": ("A new health clinic opened in Marrow Hill on Monday after two years of construction. The clinic "
                 "will treat about 200 patients a week, according to the regional health board. Dr. Amira Soltani, "
                 "who leads the clinic, said staff had been hired from three nearby towns."),
    },
]

GERMAN = ("Der Stadtrat hat am Dienstag einen neuen Haushalt beschlossen. Die Bürgermeisterin sagte, dass die "
          "Arbeiten im Frühjahr beginnen werden und viele Menschen in der Stadt davon profitieren.")

TXT_ARTICLE = ("Bridge repairs delayed until spring\n\n"
               "Repairs to the Aldmoor bridge will not finish before April, the county roads office said on "
               "Wednesday. The work will cost about £2 million, officials said. \"Safety comes first,\" said "
               "engineer Paula Kest.\n\nShare this article\n")

HTML_ARTICLE = """<!doctype html><html><head><title>Library extends opening hours</title>
<meta name="author" content="Jon Reyes"></head><body><nav>Home | News | Sport</nav>
<article><h1>Library extends opening hours</h1>
<p>The Fernwick public library will stay open until 9 p.m. on weekdays from next month, the town council
said on Thursday. Council member Ruth Okafor said the change would cost 40,000 euros a year.</p>
<p>"Students asked for this for a long time," Okafor said. About 3,000 people use the library each week,
according to the council.</p></article><footer>Subscribe to our newsletter</footer></body></html>"""

WARC_PAGE = """<html><head><title>Ferry service resumes</title></head><body><article>
<h1>Ferry service resumes after storm</h1>
<p>The ferry between Saltby and Orren Island resumed on Sunday after a three-day pause, the operator
Blue Channel Lines said. The company said 1,200 passengers had been rebooked.</p>
<p>"We thank travellers for their patience," said Blue Channel Lines director Mara Lind.</p>
</article></body></html>"""


def jsonl_lines() -> list[str]:
    lines = [json.dumps(a) for a in ARTICLES]
    lines.append("{this is not json")
    lines.append(json.dumps({"id": "no-text", "title": "Nothing"}))
    lines.append(json.dumps({"id": "german-4", "text": GERMAN}))
    lines.append(json.dumps({"id": "empty-5", "text": "   "}))
    return lines


def write_jsonl(path: Path, lines: list[str] | None = None) -> Path:
    path.write_text("\n".join(lines if lines is not None else jsonl_lines()) + "\n", encoding="utf-8")
    return path


def write_csv(path: Path) -> Path:
    import csv

    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["", "uid", "domain", "type", "content", "title", "scraped_at"])
        w.writerow([0, "csv-1", "example.org", "reliable", ARTICLES[0]["text"].replace("Lindenport", "Brackwater"),
                    "Brackwater budget", "2025-01-02 10:00:00"])
        w.writerow([1, "csv-2", "example.org", "satire", "", "Empty row", "2025-01-03"])
    return path


def write_warc(path: Path) -> Path:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=path.name.endswith(".gz"))
        body = WARC_PAGE.encode("utf-8")
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record("https://news.example/ferry", "response",
                                                      payload=io.BytesIO(body), http_headers=headers))
        img = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record("https://news.example/logo.png", "response",
                                                      payload=io.BytesIO(b"\x89PNG\r\n\x1a\n\x00\x00"),
                                                      http_headers=img))
    return path


def write_folder(folder: Path) -> Path:
    (folder / "sub").mkdir(parents=True, exist_ok=True)
    (folder / "bridge.txt").write_text(TXT_ARTICLE, encoding="utf-8")
    (folder / "sub" / "library.html").write_text(HTML_ARTICLE, encoding="utf-8")
    (folder / "sub" / "notes.md").write_text("not an input", encoding="utf-8")
    (folder / "sub" / "blob.txt").write_bytes(b"\x00\x01\x02binary\x00" * 20)
    return folder


def write_corpus(root: Path) -> list[Path]:
    """All the inputs; returns the paths to pass to ingest."""
    root.mkdir(parents=True, exist_ok=True)
    return [write_jsonl(root / "news.jsonl"), write_csv(root / "fnc.csv"), write_folder(root / "pages"),
            write_warc(root / "crawl.warc.gz")]


def many_articles(n: int) -> list[str]:
    """``n`` distinct short JSONL lines (for the crash and gating tests)."""
    towns = ["Aldmoor", "Brackwater", "Cresthaven", "Dunmere", "Eastvale", "Fernwick", "Galloway", "Harrowgate"]
    out = []
    for i in range(n):
        town = towns[i % len(towns)]
        text = (f"The {town} council approved {i + 3} new bus routes on Monday, officials said. "
                f"\"This will help commuters,\" said council member Jana Novak {i}.")
        out.append(json.dumps({"id": f"bulk-{i:04d}", "title": f"{town} adds bus routes", "text": text}))
    return out
