#!/usr/bin/env python3
"""Measure the cleaning stage on ../shared/data: body-text accuracy on annotated pages and the
removals of the line filter on plain-text news corpora.

1. ``scrapinghub_aeb`` (181 pages with a human article body): bag-of-words precision, recall and F1
   of the extracted body against the reference, micro-averaged over pages, for trafilatura with its
   defaults, trafilatura with our settings (precision favoured), and our full cleaning (trafilatura
   with our settings + our line filter).
2. ``trafilatura_eval_en`` (166 pages with snippets that must / must not appear): the snippet
   precision/recall/F1 used by trafilatura's own evaluation (a "with" snippet found is a true
   positive, a "without" snippet found a false positive).
3. ``news`` corpora (plain text): how many lines the line filter removes, per corpus, and a seeded
   random sample of removed lines to review for false removals.

Usage: python benchmarks/eval_cleaning.py [--shared ../shared] [--sample 40] [--json]
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TOKEN = re.compile(r"\w+", re.UNICODE)


def _bag(text: str) -> Counter:
    return Counter(t.lower() for t in TOKEN.findall(text or ""))


def _read_page(path: Path) -> str:
    data = path.read_bytes()
    if path.suffix == ".gz":
        data = gzip.decompress(data)
    from sourcetrace.ingest.decode import decode_bytes

    return decode_bytes(data, str(path), html=True)[0]


def _systems():
    import trafilatura

    from sourcetrace.clean import clean_text
    from sourcetrace.clean.html import extract_page

    def default(html):
        return trafilatura.extract(html, include_comments=False, include_tables=False) or ""

    def ours_no_filter(html):
        return extract_page(html).text

    def ours(html):
        return clean_text(extract_page(html).text)[0]

    return {"trafilatura defaults": default, "trafilatura (our settings)": ours_no_filter, "sourcetrace clean": ours}


def eval_bodies(shared: Path) -> dict:
    base = shared / "data" / "html" / "scrapinghub_aeb"
    truth = json.loads((base / "ground-truth.json").read_text(encoding="utf-8"))
    systems = _systems()
    totals = {name: [0, 0, 0] for name in systems}  # overlap, predicted, reference
    for key, ref in truth.items():
        page = base / f"{key}.html.gz"
        if not page.is_file():
            continue
        html = _read_page(page)
        gold = _bag(ref.get("articleBody", ""))
        for name, fn in systems.items():
            pred = _bag(fn(html))
            totals[name][0] += sum((pred & gold).values())
            totals[name][1] += sum(pred.values())
            totals[name][2] += sum(gold.values())
    return {name: _prf(o, p, g) for name, (o, p, g) in totals.items()}


def eval_snippets(shared: Path) -> dict:
    base = shared / "data" / "html" / "trafilatura_eval_en"
    data = json.loads((base / "evaldata_en.json").read_text(encoding="utf-8"))
    systems = _systems()
    counts = {name: Counter() for name in systems}
    for item in data.values():
        page = base / item["file"]
        if not page.is_file():
            continue
        html = _read_page(page)
        for name, fn in systems.items():
            text = " ".join(fn(html).split())
            for s in item.get("with", []):
                counts[name]["tp" if " ".join(s.split()) in text else "fn"] += 1
            for s in item.get("without", []):
                counts[name]["fp" if " ".join(s.split()) in text else "tn"] += 1
    out = {}
    for name, c in counts.items():
        p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 0.0
        r = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 0.0
        out[name] = {"precision": round(100 * p, 1), "recall": round(100 * r, 1),
                     "f1": round(100 * 2 * p * r / (p + r), 1) if p + r else 0.0, **dict(c)}
    return out


def _prf(overlap: int, predicted: int, reference: int) -> dict:
    p = overlap / predicted if predicted else 0.0
    r = overlap / reference if reference else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(100 * p, 1), "recall": round(100 * r, 1), "f1": round(100 * f, 1)}


def eval_lines(shared: Path, sample: int) -> dict:
    from sourcetrace.clean import is_debris

    corpora = {}
    removed_all = []
    for path in sorted((shared / "data" / "news").glob("*.jsonl")):
        lines = removed = docs = 0
        with path.open(encoding="utf-8") as fh:
            for raw in fh:
                row = json.loads(raw)
                text = row.get("text") or ""
                docs += 1
                for line in text.splitlines():
                    if not line.strip():
                        continue
                    lines += 1
                    if is_debris(line):
                        removed += 1
                        removed_all.append((path.name, line.strip()))
        corpora[path.name] = {"documents": docs, "lines": lines, "removed": removed}
    rng = random.Random(13)
    picked = rng.sample(removed_all, min(sample, len(removed_all)))
    return {"corpora": corpora, "sample": [f"{name}: {line}" for name, line in picked],
            "most_common": Counter(line for _, line in removed_all).most_common(25)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    ap.add_argument("--sample", type=int, default=40)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    if not (args.shared / "data").is_dir():
        print(f"no data at {args.shared}/data (needs ../shared beside the repository)", file=sys.stderr)
        return 2
    result = {"bodies_scrapinghub_aeb": eval_bodies(args.shared),
              "snippets_trafilatura_eval_en": eval_snippets(args.shared),
              "line_filter_news": eval_lines(args.shared, args.sample)}
    if args.json:
        print(json.dumps(result, indent=2, ensure_ascii=False))
        return 0
    print("Body text vs human reference (scrapinghub_aeb, bag of words, micro-averaged)")
    for name, m in result["bodies_scrapinghub_aeb"].items():
        print(f"  {name:30} P {m['precision']:5.1f}  R {m['recall']:5.1f}  F1 {m['f1']:5.1f}")
    print("Must / must-not snippets (trafilatura_eval_en)")
    for name, m in result["snippets_trafilatura_eval_en"].items():
        print(f"  {name:30} P {m['precision']:5.1f}  R {m['recall']:5.1f}  F1 {m['f1']:5.1f}")
    print("Line filter on ../shared/data/news")
    for name, c in result["line_filter_news"]["corpora"].items():
        print(f"  {name:36} {c['documents']:6} docs {c['lines']:8} lines {c['removed']:6} removed")
    print("Most frequent removed lines")
    for line, n in result["line_filter_news"]["most_common"]:
        print(f"  {n:5}  {line[:100]}")
    print("Random sample of removed lines (seed 13)")
    for line in result["line_filter_news"]["sample"]:
        print("  - " + line[:160])
    return 0


if __name__ == "__main__":
    sys.exit(main())
