"""Collection readers and the batch runner: positions and codes for bad records, idempotent reruns,
crash safety (kill -9 mid-ingest, then rerun), bounded read-ahead, and the Ray engine."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from corpus_fixtures import ARTICLES, jsonl_lines, many_articles, write_corpus, write_csv, write_folder, write_jsonl, write_warc

from sourcetrace.batch import IngestOptions, ingest
from sourcetrace.errors import SourcetraceError
from sourcetrace.ingest.collections import (ReadOptions, count_items, is_url_list, iter_csv, iter_items, iter_jsonl,
                                            iter_path, iter_warc, parse_columns)

REPO = Path(__file__).resolve().parents[1]


def _codes(items):
    return [(it.position, it.error[0]) for it in items if it.error]


# --- readers ---------------------------------------------------------------------------------------

def test_jsonl_reader_keeps_good_lines_and_locates_bad_ones(tmp_path):
    path = write_jsonl(tmp_path / "a.jsonl")
    items = list(iter_jsonl(str(path)))
    good = [it for it in items if it.error is None]
    assert [it.id for it in good] == ["harbour-1", "flood-2", "clinic-3", "german-4"]
    assert _codes(items) == [("line 4", "E015"), ("line 5", "E018"), ("line 7", "E004")]
    first = good[0].raw
    assert first.title == ARTICLES[0]["title"] and first.published == "2025-03-04"
    assert first.metadata == {"section": "local"}  # extra fields are kept
    assert good[1].raw.published == "2024-11-08"  # timestamps are cut to the date


def test_jsonl_reader_undecodable_oversized_html_and_hashed_ids(tmp_path):
    path = tmp_path / "b.jsonl"
    big = "word " * 400
    path.write_bytes(b'{"text": "caf\xe9 au lait in the town square today"}\n'
                     + json.dumps({"text": big}).encode() + b"\n"
                     + json.dumps({"html": "<p>Hello from the page, said the mayor.</p>"}).encode() + b"\n"
                     + b"[1, 2]\n")
    items = list(iter_jsonl(str(path), ReadOptions(max_bytes=1000)))
    assert _codes(items) == [("line 1", "E011"), ("line 2", "E006"), ("line 4", "E015")]
    page = items[2]
    assert page.raw.html and page.raw.text is None
    assert page.id and len(page.id) == 16  # a content hash when the line has no id
    assert list(iter_jsonl(str(path), ReadOptions(max_bytes=1000)))[2].id == page.id  # stable


def test_csv_reader_default_and_mapped_columns(tmp_path):
    path = write_csv(tmp_path / "fnc.csv")
    items = list(iter_csv(str(path)))
    assert _codes(items) == [("row 3", "E004")]
    row = items[0]
    assert row.raw.text.startswith("The Brackwater") and row.raw.title == "Brackwater budget"
    assert row.raw.metadata["type"] == "reliable" and row.raw.metadata["uid"] == "csv-1"
    mapped = list(iter_csv(str(path), ReadOptions(columns=parse_columns("id=uid,published=scraped_at"))))
    assert mapped[0].id == "csv-1" and mapped[0].raw.published == "2025-01-02"
    wrong = list(iter_csv(str(path), ReadOptions(columns={"text": "body_text"})))
    assert _codes(wrong) == [("row 1", "E019")]
    with pytest.raises(SourcetraceError) as err:
        parse_columns("text")
    assert err.value.code == "E022"
    with pytest.raises(SourcetraceError):
        parse_columns("colour=red")


def test_csv_reader_reports_short_rows(tmp_path):
    path = tmp_path / "short.csv"
    path.write_text("id,text\nr1,The mayor said the fair will open on Sunday.\nr2\n", encoding="utf-8")
    items = list(iter_csv(str(path)))
    assert items[0].id == "r1" and _codes(items) == [("row 3", "E019")]


def test_folder_is_walked_recursively_and_skips_unrelated_files(tmp_path):
    folder = write_folder(tmp_path / "pages")
    items = list(iter_path(str(folder)))
    inputs = [Path(it.input).name for it in items]
    assert inputs == ["bridge.txt", "blob.txt", "library.html"]  # notes.md is not an input
    assert _codes(items) == [("file", "E003")]
    assert items[2].raw.html and items[2].id


def test_warc_reader_yields_html_responses_only(tmp_path):
    path = write_warc(tmp_path / "crawl.warc.gz")
    items = list(iter_warc(str(path)))
    assert len(items) == 1
    assert items[0].raw.url == "https://news.example/ferry" and "Saltby" in items[0].raw.html
    garbage = tmp_path / "bad.warc"
    garbage.write_bytes(b"garbage not a warc\n" * 10)
    assert _codes(iter_warc(str(garbage))) == [("record 1", "E021")]


def test_url_lists_become_fetch_items(tmp_path):
    urls = tmp_path / "list.txt"
    urls.write_text("https://a.example/one\n\nhttp://b.example/two\n", encoding="utf-8")
    assert is_url_list(str(urls))
    items = list(iter_path(str(urls)))
    assert [it.fetch for it in items] == ["https://a.example/one", "http://b.example/two"]
    assert len({it.id for it in items}) == 2
    article = tmp_path / "story.txt"
    article.write_text("Storm hits coast\n\nSee https://a.example for more, officials said.\n", encoding="utf-8")
    assert not is_url_list(str(article))
    named = tmp_path / "more.urls"
    named.write_text("https://c.example/x\nnot a url\n", encoding="utf-8")
    assert _codes(iter_path(str(named))) == [("line 2", "E013")]


def test_missing_paths_and_counts(tmp_path):
    paths = write_corpus(tmp_path / "c")
    assert _codes(iter_items([str(tmp_path / "nope.jsonl")])) == [("file", "E001")]
    assert count_items([str(p) for p in paths[:3]]) == len(list(iter_items([str(p) for p in paths[:3]])))
    assert count_items([str(p) for p in paths]) is None  # WARC files are not counted ahead


# --- the runner ------------------------------------------------------------------------------------

def _stored(db) -> dict:
    conn = sqlite3.connect(db)
    out = {
        "ids": sorted(r[0] for r in conn.execute("SELECT id FROM articles")),
        "attributions": conn.execute("SELECT count(*) FROM attributions").fetchone()[0],
        "entities": conn.execute("SELECT count(*) FROM entities").fetchone()[0],
        "errors": sorted(conn.execute("SELECT input, position, code FROM ingest_errors").fetchall()),
    }
    conn.close()
    return out


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return [str(p) for p in write_corpus(tmp_path_factory.mktemp("corpus"))]


@pytest.fixture(scope="module")
def ingested(corpus, tmp_path_factory, nlp):
    db = tmp_path_factory.mktemp("db") / "one.db"
    summary = ingest(corpus, IngestOptions(db=str(db), progress=False))
    return db, summary


def test_ingest_stores_good_articles_and_records_failures(ingested):
    db, summary = ingested
    stored = _stored(db)
    assert summary.stored == len(stored["ids"]) == 7  # 3 JSONL + 1 CSV + 2 folder files + 1 WARC page
    assert {"harbour-1", "flood-2", "clinic-3"} <= set(stored["ids"])
    codes = sorted(code for _, _, code in stored["errors"])
    assert codes == ["E003", "E004", "E004", "E005", "E015", "E018"]
    assert summary.failed == 6 and sum(summary.errors_by_code.values()) == 6
    assert stored["attributions"] > 5


def test_rerun_adds_nothing_and_skips_stored_articles(ingested, corpus):
    db, _ = ingested
    before = _stored(db)
    again = ingest(corpus, IngestOptions(db=str(db), progress=False))
    assert again.stored == 0 and again.skipped == 7
    assert _stored(db) == before


def test_two_workers_store_the_same_articles(ingested, corpus, tmp_path):
    db, _ = ingested
    db2 = tmp_path / "two.db"
    summary = ingest(corpus, IngestOptions(db=str(db2), workers=2, chunk_size=2, progress=False))
    assert summary.stored == 7
    assert _stored(db2) == _stored(db)


def test_pool_reads_ahead_only_a_bounded_window(tmp_path):
    from sourcetrace.batch import local
    from sourcetrace.ingest.collections import iter_jsonl

    path = write_jsonl(tmp_path / "many.jsonl", many_articles(40))
    pulled = []

    def chunks():
        for item in iter_jsonl(str(path)):
            pulled.append(item.id)
            yield [item]

    results = local.run_local(chunks(), workers=2)
    first = next(results)
    time.sleep(0.5)  # give the pool's feeder thread time to read ahead as far as it can
    assert len(pulled) <= 2 * local.IN_FLIGHT_PER_WORKER + 2
    rest = [r for chunk in results for r in chunk]
    assert len(first) + len(rest) == 40 and all(r.ok for r in first + rest)


def test_kill_9_mid_ingest_then_rerun_stores_each_article_once(tmp_path):
    path = write_jsonl(tmp_path / "bulk.jsonl", many_articles(150))
    db = tmp_path / "crash.db"
    cmd = [sys.executable, "-m", "sourcetrace.cli", "ingest", str(path), "--db", str(db), "--batch-size", "5",
           "--no-progress"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    stored = 0
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.05)
            if db.exists():
                try:
                    conn = sqlite3.connect(db, timeout=1)
                    stored = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
                    conn.close()
                except sqlite3.Error:
                    continue
                if stored >= 10:
                    break
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    assert 10 <= stored < 150, f"the ingest was not caught mid-way ({stored} stored)"
    assert proc.returncode == -signal.SIGKILL
    rerun = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    conn = sqlite3.connect(db)
    ids = [r[0] for r in conn.execute("SELECT id FROM articles")]
    assert sorted(ids) == [f"bulk-{i:04d}" for i in range(150)]
    # no child rows duplicated: every (article, seq) and (article, entity) appears once
    assert conn.execute("SELECT count(*) FROM (SELECT article_id, seq FROM attributions GROUP BY 1, 2 "
                        "HAVING count(*) > 1)").fetchone()[0] == 0
    per_article = conn.execute("SELECT min(c), max(c) FROM (SELECT count(*) c FROM attributions GROUP BY article_id)"
                               ).fetchone()
    assert per_article[0] == per_article[1]  # the 150 articles are alike: the same number of claims each
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()


def test_ray_engine_matches_the_local_engine(ingested, corpus, tmp_path):
    pytest.importorskip("ray", reason="Ray is not installed (pip install 'sourcetrace[ray]'); the Ray engine is untested")
    db, _ = ingested
    db_ray = tmp_path / "ray.db"
    summary = ingest(corpus, IngestOptions(db=str(db_ray), engine="ray", workers=2, chunk_size=2, progress=False))
    assert summary.stored == 7
    assert _stored(db_ray) == _stored(db)


def test_unknown_jsonl_lines_do_not_stop_the_batch(tmp_path, nlp):
    lines = jsonl_lines()[:1] + ["\x00garbage"] + jsonl_lines()[1:2]
    path = write_jsonl(tmp_path / "mixed.jsonl", lines)
    db = tmp_path / "m.db"
    summary = ingest([str(path)], IngestOptions(db=str(db), progress=False))
    assert summary.stored == 2 and summary.failed == 1


def test_a_missing_model_stops_before_workers_start(tmp_path, monkeypatch):
    path = write_jsonl(tmp_path / "one.jsonl", many_articles(2))
    monkeypatch.setenv("SOURCETRACE_MODEL", "no_such_model_xx")
    with pytest.raises(SourcetraceError) as err:
        ingest([str(path)], IngestOptions(db=str(tmp_path / "n.db"), workers=2, progress=False))
    assert err.value.code == "E009"
