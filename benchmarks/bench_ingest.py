#!/usr/bin/env python3
"""End-to-end ``sourcetrace ingest`` speed against bare spaCy, and peak memory on a large corpus.

Speed (``--limit`` BBC articles, default 300), each configuration a fresh command, start-up included:

* ``spacy``: P Python processes, each loads the model and runs ``nlp.pipe`` over its share of the
  texts (1/P of them) and nothing else; the time is the wall time until the last one ends;
* ``ingest``: ``sourcetrace ingest FILE.jsonl --db NEW.db --workers P``: reading, cleaning, the
  language check, parsing, every extractor, and writing every row to SQLite.

Words are whitespace-separated tokens of the input texts. Each configuration runs ``--repeat``
times; the best run is reported (the machine is shared: the best run is the least disturbed).

Writer: the ledgers stored by the first speed run are written again (5 times, new ids) into a new
store by the single writer alone, to show how many workers one writer can serve.

Memory (``--rss N``): the BBC corpus repeated with distinct ids up to N articles, ingested with
``--workers 2``; the resident memory of the ingest process and all its children is summed every
0.5 s, and the peak plus the peak of each tenth of the run are reported (flat = no growth).

Usage: python benchmarks/bench_ingest.py [--data ../shared/data/news/bbc_news.jsonl] [--limit 300]
           [--processes 1 2] [--repeat 2] [--rss 10000] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "data" / "news" / "bbc_news.jsonl"
SOURCETRACE = [sys.executable, "-m", "sourcetrace.cli"]

BARE = """
import json, sys
from sourcetrace.nlp import load_model
path, start, step = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
texts = [json.loads(l)["text"] for i, l in enumerate(open(path, encoding="utf-8")) if i % step == start]
nlp = load_model()
n = sum(1 for _ in nlp.pipe(texts, batch_size=16))
print(n)
"""


def load_rows(path: Path, limit: int | None) -> list[dict]:
    rows = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if row.get("text"):
                rows.append(row)
            if limit and len(rows) >= limit:
                break
    return rows


def write_jsonl(rows: list[dict], path: Path) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")


def run_bare(path: Path, processes: int) -> float:
    start = time.perf_counter()
    procs = [subprocess.Popen([sys.executable, "-c", BARE, str(path), str(i), str(processes)],
                              stdout=subprocess.DEVNULL) for i in range(processes)]
    for p in procs:
        if p.wait() != 0:
            raise SystemExit("bare spaCy run failed")
    return time.perf_counter() - start


def run_ingest(path: Path, processes: int, db: Path) -> float:
    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    start = time.perf_counter()
    subprocess.run([*SOURCETRACE, "ingest", str(path), "--db", str(db), "--workers", str(processes),
                    "--no-progress", "--allow-errors"], check=True, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def speed(rows: list[dict], processes: list[int], repeat: int, tmp: Path) -> list[dict]:
    path = tmp / "speed.jsonl"
    write_jsonl(rows, path)
    words = sum(len(r["text"].split()) for r in rows)
    out = []
    for p in processes:
        bare = min(run_bare(path, p) for _ in range(repeat))
        ing = min(run_ingest(path, p, tmp / f"speed-{p}.db") for _ in range(repeat))
        stored = sqlite3.connect(tmp / f"speed-{p}.db").execute("SELECT count(*) FROM articles").fetchone()[0]
        out.append({
            "processes": p, "articles": len(rows), "stored": stored, "words": words,
            "spacy_seconds": round(bare, 2), "ingest_seconds": round(ing, 2),
            "spacy_words_per_s": round(words / bare), "ingest_words_per_s": round(words / ing),
            "spacy_articles_per_s": round(len(rows) / bare, 1), "ingest_articles_per_s": round(len(rows) / ing, 1),
            "ingest_share_of_spacy": round(bare / ing, 3),
        })
        print(json.dumps(out[-1]), file=sys.stderr)
    return out


def writer_speed(source_db: Path, tmp: Path, rounds: int = 5) -> dict:
    """Articles/s of the single writer alone: the stored ledgers written again into a new store."""
    from sourcetrace.store import Writer, connect
    from sourcetrace.store.queries import iter_ledgers

    src = connect(source_db)
    ledgers = list(iter_ledgers(src))
    src.close()
    conn = connect(tmp / "writer.db")
    writer = Writer(conn)
    start = time.perf_counter()
    for r in range(rounds):
        for led in ledgers:
            writer.article(dict(led, id=f"{led['id']}-{r}"), source="bench", position=str(r))
    writer.close()
    seconds = time.perf_counter() - start
    conn.close()
    n = len(ledgers) * rounds
    result = {"articles": n, "seconds": round(seconds, 2), "articles_per_s": round(n / seconds)}
    print(json.dumps({"writer": result}), file=sys.stderr)
    return result


def tree_rss(pid: int) -> int:
    import psutil

    try:
        root = psutil.Process(pid)
        procs = [root] + root.children(recursive=True)
    except psutil.NoSuchProcess:
        return 0
    total = 0
    for p in procs:
        try:
            total += p.memory_info().rss
        except psutil.NoSuchProcess:
            pass
    return total


def memory(rows: list[dict], n: int, tmp: Path, workers: int = 2) -> dict:
    path = tmp / "rss.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            row = dict(rows[i % len(rows)])
            row["id"] = f"{row['id']}-rep{i // len(rows)}"
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    db = tmp / "rss.db"
    start = time.perf_counter()
    proc = subprocess.Popen([*SOURCETRACE, "ingest", str(path), "--db", str(db), "--workers", str(workers),
                             "--no-progress", "--allow-errors"], stderr=subprocess.DEVNULL)
    samples: list[tuple[float, int]] = []
    while proc.poll() is None:
        samples.append((time.perf_counter() - start, tree_rss(proc.pid)))
        time.sleep(0.5)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"ingest failed ({proc.returncode})")
    stored = sqlite3.connect(db).execute("SELECT count(*) FROM articles").fetchone()[0]
    tenths = []
    for k in range(10):
        part = [rss for t, rss in samples if k * seconds / 10 <= t < (k + 1) * seconds / 10]
        tenths.append(round(max(part) / 2**20) if part else None)
    result = {"articles": n, "stored": stored, "workers": workers, "seconds": round(seconds, 1),
              "articles_per_s": round(stored / seconds, 1), "peak_rss_mb": round(max(r for _, r in samples) / 2**20),
              "peak_rss_mb_by_tenth": tenths, "db_mb": round(db.stat().st_size / 2**20, 1)}
    print(json.dumps(result), file=sys.stderr)
    return result


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--limit", type=int, default=300)
    ap.add_argument("--processes", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--rss", type=int, default=0, help="also measure peak RSS on this many articles (2 workers)")
    ap.add_argument("--no-speed", action="store_true", help="only the memory run")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    if not args.data.is_file():
        print(f"skipped: {args.data} is absent (the BBC corpus lives in ../shared/data/news)", file=sys.stderr)
        return 0
    rows = load_rows(args.data, None)
    report: dict = {"date": time.strftime("%Y-%m-%d"), "cpus": os.cpu_count()}
    with tempfile.TemporaryDirectory() as tmp:
        if not args.no_speed:
            report["speed"] = speed(rows[: args.limit], args.processes, args.repeat, Path(tmp))
            report["writer"] = writer_speed(Path(tmp) / f"speed-{args.processes[0]}.db", Path(tmp))
        if args.rss:
            report["memory"] = memory(rows, args.rss, Path(tmp))
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        for r in report.get("speed", []):
            print(f"P={r['processes']}: spacy {r['spacy_words_per_s']:,} words/s ({r['spacy_articles_per_s']} art/s), "
                  f"ingest {r['ingest_words_per_s']:,} words/s ({r['ingest_articles_per_s']} art/s) "
                  f"= {r['ingest_share_of_spacy']:.0%} of spaCy")
        if "writer" in report:
            print(f"writer alone: {report['writer']['articles_per_s']:,} articles/s")
        if "memory" in report:
            m = report["memory"]
            print(f"{m['stored']:,} articles, {m['workers']} workers: peak RSS {m['peak_rss_mb']} MB "
                  f"(by tenth: {m['peak_rss_mb_by_tenth']}), {m['articles_per_s']} art/s, db {m['db_mb']} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
