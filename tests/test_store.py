"""The store: migrations, the single writer's upserts, ledger round trips, queries and exports."""

from __future__ import annotations

import io
import json
import sqlite3

import pytest
from corpus_fixtures import ARTICLES

from sourcetrace.errors import SourcetraceError
from sourcetrace.ledger import validate
from sourcetrace.records import RawArticle
from sourcetrace.store import SCHEMA_VERSION, Writer, connect
from sourcetrace.store import queries
from sourcetrace.store.queries import ClaimFilters
from sourcetrace.store.export import EXTRA_COLUMNS, GKG_COLUMNS, export, gkg_row


@pytest.fixture(scope="module")
def ledgers(nlp):
    from sourcetrace.clean import clean_article
    from sourcetrace.pipeline import analyze_article

    out = []
    for a in ARTICLES:
        raw = RawArticle(origin="test", text=a["text"], id=a["id"], title=a["title"], published=a.get("published", "")[:10] or None)
        out.append(analyze_article(clean_article(raw), nlp=nlp))
    return out


@pytest.fixture()
def store(tmp_path, ledgers):
    conn = connect(tmp_path / "s.db")
    w = Writer(conn)
    for i, led in enumerate(ledgers):
        w.article(led, source="test.jsonl", position=f"line {i + 1}", metadata={"section": "x"})
    w.error(input="test.jsonl", position="line 9", code="E015", message="[E015] bad line")
    w.close()
    yield conn
    conn.close()


def test_new_store_is_migrated_to_the_latest_version(tmp_path):
    conn = connect(tmp_path / "new.db")
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    for table in ("articles", "entities", "mentions", "attributions", "source_chains", "quantities", "dates",
                  "events", "ingest_errors", "articles_fts", "claims_fts"):
        assert table in names
    conn.close()
    again = connect(tmp_path / "new.db")  # reopening applies nothing twice
    assert again.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_foreign_files_and_newer_schemas_are_refused(tmp_path):
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not a database at all, just text" * 100)
    with pytest.raises(SourcetraceError) as err:
        connect(junk)
    assert err.value.code == "E023"
    other = tmp_path / "other.db"
    c = sqlite3.connect(other)
    c.execute("CREATE TABLE notes (x)")
    c.commit()
    c.close()
    with pytest.raises(SourcetraceError) as err:
        connect(other)
    assert err.value.code == "E023"
    newer = tmp_path / "newer.db"
    c = sqlite3.connect(newer)
    c.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    c.close()
    with pytest.raises(SourcetraceError) as err:
        connect(newer)
    assert err.value.code == "E023"
    with pytest.raises(SourcetraceError) as err:
        connect(tmp_path / "missing.db", create=False)
    assert err.value.code == "E023"


def test_stored_ledger_reads_back_identical_and_schema_valid(store, ledgers):
    for led in ledgers:
        back = queries.ledger(store, led["id"])
        assert back == json.loads(json.dumps(led))
        validate(back)
    assert queries.ledger(store, "no-such-id") is None
    meta = queries.metadata(store, ledgers[0]["id"])
    assert meta["source"] == "test.jsonl" and meta["metadata"] == {"section": "x"}


def test_writing_an_article_again_replaces_it(store, ledgers):
    before = queries.stats(store)
    w = Writer(store)
    for led in ledgers:
        w.article(led, source="test.jsonl", position="again")
    w.close()
    after = queries.stats(store)
    for key in ("articles", "entities", "mentions", "attributions", "quantities", "dates", "events"):
        assert after[key] == before[key], key
    # the full-text index follows the replacement: one hit per article, not two
    hits = store.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'cranes'").fetchone()[0]
    assert hits == 1


def test_a_failing_article_leaves_no_partial_rows(store, ledgers):
    broken = dict(ledgers[0], id="broken", attributions=[{"id": "A1"}])  # no cue: the insert fails midway
    w = Writer(store)
    with pytest.raises(Exception):
        w.article(broken, source="t", position="p")
    w.close()
    for table in ("articles", "entities", "mentions", "quantities"):
        col = "id" if table == "articles" else "article_id"
        assert store.execute(f"SELECT count(*) FROM {table} WHERE {col} = 'broken'").fetchone()[0] == 0


def test_stats_counts_articles_failures_and_layers(store, ledgers):
    s = queries.stats(store)
    assert s["articles"] == len(ledgers)
    assert s["failed"] == 1 and s["errors_by_code"] == {"E015": 1}
    assert s["attributions"] == sum(len(led["attributions"]) for led in ledgers) > 0
    assert s["entities"] == sum(len(led["entities"]) for led in ledgers) > 0
    assert s["words"] > 50


def test_claims_filters(store, ledgers):
    everything = queries.claims(store)
    assert len(everything) == sum(len(led["attributions"]) for led in ledgers)
    varga = queries.claims(store, ClaimFilters(source="varga"))
    assert varga and all("Varga" in (c["source"] or "") or c["entity"] == "Elena Varga" for c in varga)
    assert all(c["article"] == "harbour-1" for c in varga)
    waited = queries.claims(store, ClaimFilters(search="waited"))
    assert [c["article"] for c in waited] == ["harbour-1"]
    assert "waited" in waited[0]["content"]
    hedged = queries.claims(store, ClaimFilters(certainty=("hedged",)))
    assert all(c["certainty"] == "hedged" for c in hedged)
    assert queries.claims(store, ClaimFilters(search="nonexistentword")) == []
    one = queries.claims(store, ClaimFilters(article="flood-2"), limit=1)
    assert len(one) == 1 and one[0]["article"] == "flood-2"
    for c in everything:  # offsets point into the stored text
        text = queries.ledger(store, c["article"])["text"]
        assert text[c["start"]:c["end"]] == c["content"]
    with pytest.raises(SourcetraceError):
        queries.claims(store, ClaimFilters(search='"unbalanced'))


def test_entities_are_grouped_across_articles(store):
    rows = queries.entities(store)
    assert rows and all(r["articles"] >= 1 and r["mentions"] >= 1 for r in rows)
    names = [r["name"] for r in rows]
    assert len(names) == len({(r["name"], r["type"]) for r in rows})
    persons = queries.entities(store, type=("PERSON",))
    assert all(r["type"] == "PERSON" for r in persons)
    assert all("varga" in r["name"].lower() for r in queries.entities(store, name="Varga"))


def test_gkg_rows_follow_gdelt_conventions(store, ledgers):
    out = io.StringIO()
    assert export(store, "gkg", out) == len(ledgers)
    lines = out.getvalue().splitlines()
    assert len(lines) == len(ledgers)
    width = len(GKG_COLUMNS) + len(EXTRA_COLUMNS)
    col = {name: i for i, name in enumerate(GKG_COLUMNS + EXTRA_COLUMNS)}
    for line, led in zip(lines, ledgers):
        cells = line.split("\t")
        assert len(cells) == width
        assert cells[col["V2DOCUMENTIDENTIFIER"]] == led["id"]
        text = led["text"]
        starts = {(e["name"], m[0]) for e in led["entities"] for m in e["mentions"]}
        names = [tuple(b.rsplit(",", 1)) for b in cells[col["V2.1ALLNAMES"]].split(";") if b]
        assert {(n, int(o)) for n, o in names} == starts  # every mention, at its offset
        for block in filter(None, cells[col["V2.1ENHANCEDDATES"]].split(";")):
            res, month, day, year, offset = block.split("#")
            assert res in "1234" and 0 <= int(month) <= 12 and 0 <= int(offset) < len(text)
        for block in filter(None, cells[col["V2.1AMOUNTS"]].split(";")):
            amount, obj, offset = block.split(",")
            float(amount)
            assert 0 <= int(offset) < len(text)
        quotes = [q for q in cells[col["V2.1QUOTATIONS"]].split("#") if q]
        speakers = [s for s in cells[col["SOURCETRACE_QUOTESPEAKERS"]].split("#") if s]
        assert len(quotes) == len(speakers)
        for q, s in zip(quotes, speakers):
            offset, length, verb, quote = q.split("|")
            assert text[int(offset):int(offset) + int(length)] == quote
            assert s.split("|")[0] == offset
    harbour = lines[0].split("\t")
    assert harbour[col["V2.1DATE"]] == "20250304000000"
    assert "Elena Varga" in harbour[col["V1PERSONS"]]
    speakers = harbour[col["SOURCETRACE_QUOTESPEAKERS"]]
    assert "Varga" in speakers  # the quotation's speaker, which GDELT does not give


def test_gkg_row_strips_delimiters_from_values():
    led = {"id": "x", "text": "Ann said it.", "title": "T", "url": "https://a.example/x", "published": None,
           "entities": [{"id": "E1", "name": "Ann; #1, Inc", "type": "ORG", "aliases": [], "mentions": [[0, 3]]}],
           "attributions": [], "quantities": [], "dates": [], "events": []}
    row = gkg_row(led, record_number=1)
    assert row[GKG_COLUMNS.index("V2ENHANCEDORGANIZATIONS")] == "Ann 1 Inc,0"
    assert row[GKG_COLUMNS.index("V2SOURCECOMMONNAME")] == "a.example"
    assert all("\t" not in cell and "\n" not in cell for cell in row)


def test_jsonl_csv_and_parquet_exports(store, ledgers, tmp_path):
    out = io.StringIO()
    export(store, "jsonl", out)
    back = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [b["id"] for b in back] == [led["id"] for led in ledgers]
    out = io.StringIO()
    export(store, "csv", out)
    rows = out.getvalue().splitlines()
    assert rows[0].startswith("id,") and len(rows) == len(ledgers) + 1
    pq = pytest.importorskip("pyarrow.parquet", reason="pyarrow is not installed")
    path = tmp_path / "x.parquet"
    assert export(store, "parquet", str(path)) == len(ledgers)
    table = pq.read_table(path)
    assert table.num_rows == len(ledgers)
    first = table.slice(0, 1).to_pylist()[0]
    assert json.loads(first["attributions"]) == ledgers[0]["attributions"]
