"""The corpus commands end to end: ingest exit codes, stats, claims, entities, show and export."""

from __future__ import annotations

import csv
import io
import json

import pytest
from corpus_fixtures import write_corpus, write_jsonl

from sourcetrace.cli import main
from sourcetrace.ledger import validate
from sourcetrace.store.export import EXTRA_COLUMNS, GKG_COLUMNS


@pytest.fixture(scope="module")
def db(tmp_path_factory, nlp):
    root = tmp_path_factory.mktemp("cli")
    paths = write_corpus(root / "corpus")
    path = root / "store.db"
    assert main(["ingest", *map(str, paths), "--db", str(path), "--allow-errors", "--no-progress"]) == 0
    return path


def _json(capsys, argv):
    assert main(argv) == 0
    return json.loads(capsys.readouterr().out)


def test_ingest_exit_code_reflects_failures(tmp_path, capsys, nlp):
    bad = write_jsonl(tmp_path / "bad.jsonl", ['{"id": "ok", "text": "The mayor said the new park opens in June."}',
                                               "{broken"])
    db = tmp_path / "x.db"
    assert main(["ingest", str(bad), "--db", str(db), "--no-progress"]) == 1
    err = capsys.readouterr().err
    assert "[E026]" in err and "E015" in err and "1 stored" in err
    assert main(["ingest", str(bad), "--db", str(db), "--allow-errors", "--no-progress"]) == 0
    assert "1 already stored" in capsys.readouterr().err


def test_ingest_argument_errors(tmp_path, capsys):
    assert main(["ingest", str(tmp_path), "--db", str(tmp_path / "y.db"), "--columns", "text"]) == 2
    assert "[E022]" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["ingest", str(tmp_path), "--workers", "0"])


def test_stats_json(db, capsys):
    stats = _json(capsys, ["stats", "--db", str(db), "--json"])
    for key in ("articles", "failed", "attributions", "entities"):
        assert isinstance(stats[key], int)
    assert stats["articles"] == 7 and stats["failed"] == 6
    assert main(["stats", "--db", str(db)]) == 0
    assert "articles" in capsys.readouterr().out


def test_claims_formats_and_filters(db, capsys):
    rows = _json(capsys, ["claims", "--db", str(db), "--format", "json"])
    assert rows and {"article", "source", "certainty", "content"} <= set(rows[0])
    brandt = _json(capsys, ["claims", "--db", str(db), "--source", "Brandt", "--format", "json"])
    assert brandt and all(r["article"] == "flood-2" for r in brandt)
    search = _json(capsys, ["claims", "--db", str(db), "--search", "patience", "--format", "json"])
    assert search and all("patience" in r["content"] for r in search)
    asserted = _json(capsys, ["claims", "--db", str(db), "--certainty", "asserted", "--format", "json"])
    assert all(r["certainty"] == "asserted" for r in asserted)
    people = _json(capsys, ["claims", "--db", str(db), "--kind", "person", "--format", "json"])
    assert all(r["kind"] == "person" for r in people)
    assert main(["claims", "--db", str(db), "--format", "csv"]) == 0
    table = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert len(table) == len(rows)
    assert main(["claims", "--db", str(db)]) == 0
    assert capsys.readouterr().out.startswith("ARTICLE")
    assert main(["claims", "--db", str(db), "--search", '"open']) == 2
    assert "[E027]" in capsys.readouterr().err


def test_entities_command(db, capsys):
    rows = _json(capsys, ["entities", "--db", str(db), "--format", "json"])
    assert rows and {"name", "type", "articles", "mentions", "quoted"} <= set(rows[0])
    okafor = _json(capsys, ["entities", "--db", str(db), "--name", "okafor", "--format", "json"])
    assert okafor and all("okafor" in r["name"].lower() for r in okafor)


def test_show_prints_the_stored_ledger(db, capsys):
    ledger = _json(capsys, ["show", "harbour-1", "--db", str(db)])
    validate(ledger)
    assert ledger["id"] == "harbour-1" and ledger["published"] == "2025-03-04"
    for a in ledger["attributions"]:
        s, e = a["content"]["span"]
        assert ledger["text"][s:e] == a["content"]["text"]
    assert main(["show", "nope", "--db", str(db)]) == 2
    assert "[E024]" in capsys.readouterr().err
    assert main(["show", "harbour-1", "--db", str(db.parent / "missing.db")]) == 2
    assert "[E023]" in capsys.readouterr().err


def test_exports(db, tmp_path, capsys):
    assert main(["export", "--db", str(db), "--format", "jsonl"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 7
    for line in lines:
        validate(json.loads(line))
    out = tmp_path / "g.tsv"
    assert main(["export", "--db", str(db), "--format", "gkg", "-o", str(out)]) == 0
    rows = out.read_text(encoding="utf-8").splitlines()
    assert len(rows) == 7 and all(len(r.split("\t")) == len(GKG_COLUMNS) + len(EXTRA_COLUMNS) for r in rows)
    warc_row = next(r.split("\t") for r in rows if "news.example/ferry" in r)
    assert warc_row[GKG_COLUMNS.index("V2SOURCECOMMONNAME")] == "news.example"
    assert main(["export", "--db", str(db), "--format", "csv", "-o", str(tmp_path / "a.csv")]) == 0
    assert len(list(csv.DictReader((tmp_path / "a.csv").open()))) == 7
    assert main(["export", "--db", str(db), "--format", "parquet"]) == 2  # parquet needs -o
    pytest.importorskip("pyarrow", reason="pyarrow is not installed")
    assert main(["export", "--db", str(db), "--format", "parquet", "-o", str(tmp_path / "a.parquet")]) == 0


def test_merge_combines_shards_without_duplicates(db, tmp_path, capsys, nlp):
    shard = write_jsonl(tmp_path / "extra.jsonl", ['{"id": "extra-1", "text": "The mayor of Quillby said the '
                                                   'market reopens on Saturday."}'])
    shard_db = tmp_path / "shard.db"
    assert main(["ingest", str(shard), "--db", str(shard_db), "--no-progress"]) == 0
    merged = tmp_path / "merged.db"
    assert main(["merge", str(db), str(shard_db), "--db", str(merged)]) == 0
    assert main(["merge", str(db), "--db", str(merged)]) == 0  # again: nothing is copied twice
    capsys.readouterr()
    stats = _json(capsys, ["stats", "--db", str(merged), "--json"])
    original = _json(capsys, ["stats", "--db", str(db), "--json"])
    assert stats["articles"] == original["articles"] + 1
    assert stats["failed"] == original["failed"]
    assert stats["attributions"] >= original["attributions"]
    assert _json(capsys, ["show", "extra-1", "--db", str(merged)])["id"] == "extra-1"


def test_the_flag_choices_are_the_engines_and_formats_the_code_knows():
    import argparse

    from sourcetrace.batch.work import ENGINES
    from sourcetrace.cli import build_parser
    from sourcetrace.store.export import FORMATS

    sub = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    choices = {(name, opt.dest): tuple(opt.choices) for name in ("ingest", "export")
               for opt in sub.choices[name]._actions if opt.choices}
    assert choices[("export", "format")] == FORMATS
    assert choices[("ingest", "engine")] == ENGINES
