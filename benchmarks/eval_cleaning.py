#!/usr/bin/env python3
"""Measure the cleaning stage on ../shared/data and print figures for docs/cleaning.md.

1. ``html/scrapinghub_aeb`` (181 pages with a human article body): token-level bag-of-words
   precision, recall and F1 of the extracted body against the reference (the measure of trafilatura's
   and ScrapingHub's benchmarks), pooled over pages (micro) and averaged per page (macro), for
   trafilatura alone under several settings and for our ``clean_article`` (trafilatura + headline
   split + line filter) under the same settings.
2. ``html/trafilatura_eval_en`` (166 pages with snippets that must / must not appear): snippet
   precision/recall/F1 as in trafilatura's own evaluation (a "with" snippet found is a true
   positive, a "without" snippet found a false positive), plus title/author/date agreement of our
   metadata where the reference has them.
3. ``news`` corpora (plain text): lines removed by ``clean_article``'s line filter, per corpus and per
   rule of ``lexicons/boilerplate_patterns.txt``, every removed line of more than 15 words, and a
   seeded random sample of removed lines to review for false removals.
4. Headline detection on the news corpora: the corpus title put back above the text (found?), and the
   text alone (a first line taken as title although the corpus gives none).
5. The language check: texts refused per threshold on the English corpora.

Usage: python benchmarks/eval_cleaning.py [--shared ../shared] [--sample 40] [--seed 13] [--json]
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TOKEN = re.compile(r"\w+", re.UNICODE)
NEWS_TEXT = ("bbc_news", "fakenewscorpus_sample", "fakenewsnet_v2_politifact", "fnc1_bodies", "horne2017")
# trafilatura settings compared; "sourcetrace" is clean/html.py's EXTRACTION
VARIANTS = {
    "sourcetrace settings (favor_recall)": {},
    "balanced (no favor_*)": {"favor_recall": False},
    "favor_precision": {"favor_precision": True, "favor_recall": False},
    "tables off": {"include_tables": False},
}


def _bag(text: str) -> Counter:
    return Counter(t.lower() for t in TOKEN.findall(text or ""))


def _read_page(path: Path) -> str:
    data = path.read_bytes()
    if path.name.endswith(".gz"):
        data = gzip.decompress(data)
    from sourcetrace.ingest.decode import decode_bytes

    return decode_bytes(data, str(path), html=True)[0]


def _systems() -> dict:
    """name -> function(html) -> body text."""
    import trafilatura

    from sourcetrace.clean import clean_article, html as html_mod
    from sourcetrace.errors import SourcetraceError
    from sourcetrace.records import RawArticle

    def alone(options):
        return lambda page: html_mod.extract_page(page, **options).text

    def ours(options):
        def run(page):
            saved = html_mod.EXTRACTION
            html_mod.EXTRACTION = {**saved, **options}
            try:
                return clean_article(RawArticle(origin="page", html=page), check_language=False).text
            except SourcetraceError:
                return ""
            finally:
                html_mod.EXTRACTION = saved
        return run

    systems = {"trafilatura defaults (extract)": lambda page: trafilatura.extract(page) or ""}
    for name, options in VARIANTS.items():
        systems[f"trafilatura, {name}"] = alone(options)
        systems[f"clean_article, {name}"] = ours(options)
    return systems


def _prf(overlap: int, predicted: int, reference: int) -> tuple[float, float, float]:
    p = overlap / predicted if predicted else 0.0
    r = overlap / reference if reference else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def eval_bodies(shared: Path, systems: dict) -> dict:
    base = shared / "data" / "html" / "scrapinghub_aeb"
    truth = json.loads((base / "ground-truth.json").read_text(encoding="utf-8"))
    pooled = {name: [0, 0, 0] for name in systems}
    per_page = {name: [] for name in systems}
    pages = 0
    for key, ref in truth.items():
        path = base / f"{key}.html.gz"
        if not path.is_file():
            continue
        pages += 1
        html = _read_page(path)
        gold = _bag(ref.get("articleBody", ""))
        for name, fn in systems.items():
            pred = _bag(fn(html))
            o, p, g = sum((pred & gold).values()), sum(pred.values()), sum(gold.values())
            pooled[name][0] += o
            pooled[name][1] += p
            pooled[name][2] += g
            per_page[name].append(_prf(o, p, g)[2])
    out = {"pages": pages}
    for name in systems:
        p, r, f = _prf(*pooled[name])
        out[name] = {"precision": round(100 * p, 1), "recall": round(100 * r, 1), "f1": round(100 * f, 1),
                     "macro_f1": round(100 * sum(per_page[name]) / max(1, len(per_page[name])), 1)}
    return out


def eval_snippets(shared: Path, systems: dict) -> dict:
    from sourcetrace.clean import clean_article
    from sourcetrace.errors import SourcetraceError
    from sourcetrace.records import RawArticle

    base = shared / "data" / "html" / "trafilatura_eval_en"
    data = json.loads((base / "evaldata_en.json").read_text(encoding="utf-8"))
    counts = {name: Counter() for name in systems}
    meta = Counter()
    pages = 0
    for url, item in data.items():
        path = base / item["file"]
        if not path.is_file():
            continue
        pages += 1
        html = _read_page(path)
        for name, fn in systems.items():
            text = " ".join(fn(html).split())
            for s in item.get("with", []):
                counts[name]["tp" if " ".join(s.split()) in text else "fn"] += 1
            for s in item.get("without", []):
                counts[name]["fp" if " ".join(s.split()) in text else "tn"] += 1
        try:
            art = clean_article(RawArticle(origin=item["file"], html=html, url=url), check_language=False)
        except SourcetraceError:
            continue
        for field, got in (("title", art.title), ("author", art.author), ("date", art.published)):
            want = item.get(field)
            if not want:
                continue
            meta[f"{field}_n"] += 1
            if got and _norm(got) == _norm(want if field != "date" else str(want)[:10]):
                meta[f"{field}_ok"] += 1
    out = {"pages": pages}
    for name, c in counts.items():
        p, r, f = _prf(c["tp"], c["tp"] + c["fp"], c["tp"] + c["fn"])
        out[name] = {"precision": round(100 * p, 1), "recall": round(100 * r, 1), "f1": round(100 * f, 1), **dict(c)}
    out["metadata"] = {f: f"{meta[f + '_ok']}/{meta[f + '_n']}" for f in ("title", "author", "date")}
    return out


def _norm(value: str) -> str:
    return " ".join(TOKEN.findall(str(value).lower()))


def _rows(shared: Path, name: str):
    with (shared / "data" / "news" / f"{name}.jsonl").open(encoding="utf-8") as fh:
        for raw in fh:
            yield json.loads(raw)


def eval_lines(shared: Path, sample: int, seed: int) -> dict:
    from sourcetrace.clean import clean_article, matching_rule
    from sourcetrace.errors import SourcetraceError
    from sourcetrace.records import RawArticle

    corpora = {}
    removed_all: list[tuple[str, str]] = []
    per_rule: dict[str, Counter] = defaultdict(Counter)
    started = time.perf_counter()
    n_docs = 0
    for name in NEWS_TEXT:
        lines = removed = docs = empty = 0
        for row in _rows(shared, name):
            text = row.get("text") or ""
            docs += 1
            lines += sum(1 for line in text.splitlines() if line.strip())
            try:
                art = clean_article(RawArticle(origin=row["id"], text=text, id=row["id"]), check_language=False)
            except SourcetraceError:
                empty += 1
                continue
            removed += len(art.removed)
            for line in art.removed:
                rule = matching_rule(line)
                per_rule[rule.name if rule else "(title)"][line] += 1
                removed_all.append((name, line))
        n_docs += docs
        corpora[name] = {"documents": docs, "lines": lines, "removed": removed, "e004": empty}
    seconds = time.perf_counter() - started
    rng = random.Random(seed)
    picked = rng.sample(removed_all, min(sample, len(removed_all)))
    long_lines = sorted({line for _, line in removed_all if len(line.split()) > 15}, key=lambda s: -len(s.split()))
    rules = sorted(per_rule.items(), key=lambda kv: -sum(kv[1].values()))
    return {
        "corpora": corpora,
        "docs_per_second": round(n_docs / seconds),
        "per_rule": [{"rule": rule, "lines": sum(c.values()), "distinct": len(c),
                      "examples": [line for line, _ in c.most_common(3)]} for rule, c in rules],
        "removed_over_15_words": long_lines,
        "sample": [f"{name}: {line}" for name, line in picked],
    }


def eval_titles(shared: Path) -> dict:
    from sourcetrace.clean import normalise
    from sourcetrace.clean.title import split_title

    out = {}
    for name in NEWS_TEXT:
        with_title = found = bodies = taken = 0
        for row in _rows(shared, name):
            text = normalise(row.get("text") or "")
            if not text:
                continue
            bodies += 1
            taken += split_title(text)[0] is not None
            title = (row.get("title") or "").strip()
            if title and title != "None":
                with_title += 1
                found += split_title(f"{title}\n\n{text}")[0] == title
        out[name] = {"titles_found": f"{found}/{with_title}", "first_line_taken_without_title": f"{taken}/{bodies}"}
    return out


def eval_language(shared: Path) -> dict:
    from sourcetrace.clean import clean_text
    from sourcetrace.clean.language import MIN_WORDS, NOT_A_LANGUAGE, detect

    refused = Counter()
    texts = 0
    other: list[tuple[str, float]] = []
    for name in NEWS_TEXT:
        for row in _rows(shared, name):
            text = clean_text(row.get("text") or "")[0]
            if len(text.split()) < MIN_WORDS:
                continue
            texts += 1
            lang, prob = detect(text)
            if lang != "en":
                other.append((lang, prob))
    for threshold in (0.5, 0.8, 0.9, 0.95):
        refused[str(threshold)] = sum(1 for lang, p in other if p >= threshold and lang not in NOT_A_LANGUAGE)
        refused[f"{threshold} incl. zxx/und"] = sum(1 for lang, p in other if p >= threshold)
    return {"texts": texts, "not_en": sorted((lang, round(p, 3)) for lang, p in other), "refused": dict(refused)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    ap.add_argument("--sample", type=int, default=40)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    if not (args.shared / "data").is_dir():
        print(f"no data at {args.shared}/data (needs ../shared beside the repository)", file=sys.stderr)
        return 2
    import trafilatura

    systems = _systems()
    result = {
        "trafilatura": trafilatura.__version__,
        "bodies_scrapinghub_aeb": eval_bodies(args.shared, systems),
        "snippets_trafilatura_eval_en": eval_snippets(args.shared, systems),
        "line_filter_news": eval_lines(args.shared, args.sample, args.seed),
        "titles_news": eval_titles(args.shared),
        "language_news": eval_language(args.shared),
    }
    if args.json:
        print(json.dumps(result, indent=2, ensure_ascii=False))
        return 0
    bodies = result["bodies_scrapinghub_aeb"]
    print(f"Body text vs human reference (scrapinghub_aeb, {bodies['pages']} pages, bag of words; trafilatura "
          f"{result['trafilatura']})")
    for name, m in bodies.items():
        if isinstance(m, dict):
            print(f"  {name:52} P {m['precision']:5.1f}  R {m['recall']:5.1f}  F1 {m['f1']:5.1f}  "
                  f"macro-F1 {m['macro_f1']:5.1f}")
    snippets = result["snippets_trafilatura_eval_en"]
    print(f"Must / must-not snippets (trafilatura_eval_en, {snippets['pages']} pages)")
    for name, m in snippets.items():
        if name not in ("pages", "metadata"):
            print(f"  {name:52} P {m['precision']:5.1f}  R {m['recall']:5.1f}  F1 {m['f1']:5.1f}")
    print("  clean_article metadata equal to the reference: "
          + ", ".join(f"{k} {v}" for k, v in snippets["metadata"].items()))
    lines = result["line_filter_news"]
    print(f"Line filter on ../shared/data/news ({lines['docs_per_second']} documents/s)")
    for name, c in lines["corpora"].items():
        print(f"  {name:28} {c['documents']:6} docs {c['lines']:7} lines {c['removed']:5} removed {c['e004']:4} E004")
    print("Removed lines per rule (rule: lines, distinct, examples)")
    for r in lines["per_rule"]:
        print(f"  {r['lines']:5} {r['distinct']:4}  {r['rule']}: " + " | ".join(e[:50] for e in r["examples"]))
    print(f"Removed lines of more than 15 words ({len(lines['removed_over_15_words'])} distinct)")
    for line in lines["removed_over_15_words"]:
        print("  - " + line[:160])
    print(f"Random sample of removed lines (seed {args.seed})")
    for line in lines["sample"]:
        print("  - " + line[:160])
    print("Headline detection (corpus title put back above the text / first line taken when no title given)")
    for name, t in result["titles_news"].items():
        print(f"  {name:28} found {t['titles_found']:>11}   taken without title {t['first_line_taken_without_title']:>11}")
    lang = result["language_news"]
    print(f"Language check on {lang['texts']} cleaned news texts of 20+ words: refused per threshold "
          f"{lang['refused']}; non-English detections {lang['not_en']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
