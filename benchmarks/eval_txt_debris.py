"""Debris left in plain-text input after cleaning, against the ``debris`` lines of an annotated file.

For every document of a JSONL file in the format of ``../shared/data/genre`` (``text`` plus
``debris``, the lines that are not article text), the text is cleaned as a ``.txt`` input would be
(``clean_article`` on a ``RawArticle`` with ``text``; no language check) and we count:

* debris lines still in the clean text or the title (whole line, whitespace-normalised);
* removed lines that are not debris (real lines lost), listed for reading;
* repeated headlines: a first body line that repeats the title.

Usage: ``python benchmarks/eval_txt_debris.py [--gold ../shared/data/genre/dev.jsonl] [--list]``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from sourcetrace.clean import clean_article  # noqa: E402
from sourcetrace.records import RawArticle  # noqa: E402


def _norm(line: str) -> str:
    return " ".join(line.split())


def measure(docs: list[dict]) -> dict:
    debris_total = debris_left = wrong = repeated = authors = sources = 0
    left, lost = [], []
    for d in docs:
        art = clean_article(RawArticle(origin=d["id"], text=d["text"]), check_language=False)
        kept = {_norm(x) for x in art.text.split("\n") if x.strip()} | ({_norm(art.title)} if art.title else set())
        debris = {_norm(x) for x in d.get("debris") or [] if x.strip()}
        debris_total += len(debris)
        for line in sorted(debris):
            if line in kept:
                debris_left += 1
                left.append((d["id"], line))
        for line in art.removed:
            n = _norm(line)
            if n and n not in debris and not any(n in x or x in n for x in debris):
                wrong += 1
                lost.append((d["id"], line))
        first = next((x for x in art.text.split("\n") if x.strip()), "")
        if art.title and re.sub(r"\W+", " ", first).strip().lower() == re.sub(r"\W+", " ", art.title).strip().lower():
            repeated += 1
        authors += bool(art.author)
        sources += bool(art.metadata.get("source_url"))
    return {"documents": len(docs), "debris_lines": debris_total, "debris_left": debris_left,
            "real_lines_removed": wrong, "repeated_headlines_left": repeated, "authors_found": authors,
            "source_urls_found": sources, "left": left, "lost": lost}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--gold", default=str(Path(__file__).resolve().parents[2] / "shared/data/genre/dev.jsonl"))
    ap.add_argument("--list", action="store_true", help="print the debris left and the real lines removed")
    args = ap.parse_args()
    docs = [json.loads(x) for x in Path(args.gold).open(encoding="utf-8") if x.strip()]
    r = measure(docs)
    print(f"{r['documents']} documents, {r['debris_lines']} debris lines: {r['debris_left']} left in the clean "
          f"text, {r['real_lines_removed']} other lines removed; repeated headlines left: "
          f"{r['repeated_headlines_left']}; authors found: {r['authors_found']}; source URLs kept: "
          f"{r['source_urls_found']}")
    if args.list:
        for doc_id, line in r["left"]:
            print(f"  left    {doc_id}: {line[:110]}")
        for doc_id, line in r["lost"]:
            print(f"  removed {doc_id}: {line[:110]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
