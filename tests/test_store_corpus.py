"""``sourcetrace.Store``: the Python API of a store, answering with records."""

from __future__ import annotations

import copy
import dataclasses
import io
import json
import sys

import pytest
from corpus_fixtures import ARTICLES

import sourcetrace
from sourcetrace.errors import SourcetraceError
from sourcetrace.ledger import Ledger
from sourcetrace.records import ArticleSummary, Claim, CorpusEntity, Provenance, RawArticle, StoreStats
from sourcetrace.store import Store, Writer, connect, queries


@pytest.fixture(scope="module")
def ledgers(nlp):
    from sourcetrace.clean import clean_article
    from sourcetrace.pipeline import analyze_article

    return [analyze_article(clean_article(RawArticle(origin="test", text=a["text"], id=a["id"], title=a["title"])),
                            nlp=nlp) for a in ARTICLES]


@pytest.fixture()
def db(tmp_path, ledgers):
    """The fixture articles, and a copy of the first whose entity "Elena Varga" is written "ELENA VARGA"."""
    shouting = copy.deepcopy(ledgers[0])
    shouting["id"] = "harbour-1-copy"
    for e in shouting["entities"]:
        if e["name"] == "Elena Varga":
            e["name"] = "ELENA VARGA"
    path = tmp_path / "s.db"
    conn = connect(path)
    w = Writer(conn)
    for i, led in enumerate([*ledgers, shouting]):
        w.article(led, source="t.jsonl", position=f"line {i + 1}", metadata={"desk": "local"})
    w.error(input="t.jsonl", position="line 9", code="E015", message="[E015] bad line")
    w.close()
    conn.close()
    return path


def test_a_missing_or_foreign_file_is_e023(tmp_path):
    with pytest.raises(SourcetraceError) as err:
        Store(tmp_path / "none.db")
    assert err.value.code == "E023"


def test_stats_and_claims_are_records_and_match_the_queries(db):
    with sourcetrace.Store(db) as store:
        stats = store.stats()
        assert isinstance(stats, StoreStats) and dataclasses.asdict(stats) == queries.stats(store.conn)
        assert stats.failed == 1 and stats.errors_by_code == {"E015": 1}
        claims = store.claims()
        assert claims and all(isinstance(c, Claim) for c in claims)
        assert len(claims) == store.count_claims() == stats.attributions
        assert claims.to_dicts() == queries.claims(store.conn)


def test_claim_filters_take_one_value_or_several(db):
    with Store(db) as store:
        hedged = store.claims(certainty="hedged")
        assert [c.certainty for c in hedged] == ["hedged"] * len(hedged)
        both = store.claims(certainty=["hedged", "asserted"])
        assert {c.certainty for c in both} <= {"hedged", "asserted"} and len(both) >= len(hedged)
        assert all(c.source is None for c in store.claims(kind="none"))
        varga = store.claims(source="varga")
        assert varga and all("varga" in (c.source or "").lower() or c.entity for c in varga)
        assert [c.article for c in store.claims(article="flood-2", limit=1)] == ["flood-2"]
        page = store.claims(limit=2, offset=1)
        assert [c.id for c in page] == [c.id for c in store.claims()][1:3]
        assert store.count_claims(search="waited") == len(store.claims(search="waited")) >= 1
        with pytest.raises(SourcetraceError) as err:
            store.claims(search='"unbalanced')
        assert err.value.code == "E030"


def test_entities_merge_letter_case_unless_asked_not_to(db):
    with Store(db) as store:
        merged = store.entities(name="varga")
        assert all(isinstance(e, CorpusEntity) for e in merged)
        assert [(e.name, e.type, e.articles) for e in merged] == [("ELENA VARGA", "PERSON", 2)]  # min(name)
        apart = store.entities(name="varga", case_sensitive=True)
        assert sorted((e.name, e.articles) for e in apart) == [("ELENA VARGA", 1), ("Elena Varga", 1)]
        assert {e.id for e in apart} == {merged[0].id}  # one corpus id for both spellings
        assert all(e.type == "PERSON" for e in store.entities(type="PERSON"))
        assert all(e.articles >= 2 for e in store.entities(min_articles=2))


def test_articles_ledgers_and_provenance(db, ledgers):
    with Store(db) as store:
        arts = store.articles()
        assert [a.id for a in arts] == [led["id"] for led in ledgers] + ["harbour-1-copy"]
        assert all(isinstance(a, ArticleSummary) for a in arts)
        assert [a.id for a in store.articles(search="rail")] == ["flood-2"]
        typed = store.ledger("flood-2")
        assert isinstance(typed, Ledger) and typed.to_dict() == store.ledger_dict("flood-2") == ledgers[1]
        assert store.ledger("no-such-id") is None and store.ledger_dict("no-such-id") is None
        prov = store.provenance("flood-2")
        assert isinstance(prov, Provenance) and (prov.source, prov.position) == ("t.jsonl", "line 2")
        assert prov.metadata == {"desk": "local"} and store.provenance("no-such-id") is None
        assert [led.id for led in store.ledgers()] == [a.id for a in arts]


def test_export_to_a_path_or_a_stream(db, tmp_path):
    with Store(db) as store:
        buf = io.StringIO()
        assert store.export("jsonl", buf) == 4
        assert [json.loads(line)["id"] for line in buf.getvalue().splitlines()][:1] == ["harbour-1"]
        assert store.export("csv", tmp_path / "a.csv") == 4
        assert (tmp_path / "a.csv").read_text(encoding="utf-8").startswith("id,source,position")
        with pytest.raises(SourcetraceError) as err:
            store.export("parquet", io.StringIO())
        assert err.value.code == "E014"
        with pytest.raises(SourcetraceError) as err:
            store.export("csv", tmp_path / "no-such-folder" / "a.csv")
        assert err.value.code == "E014"


def test_to_pandas_one_column_per_field(db):
    pandas = pytest.importorskip("pandas")
    with Store(db) as store:
        frame = store.claims().to_pandas()
        assert isinstance(frame, pandas.DataFrame)
        assert list(frame.columns) == [f.name for f in dataclasses.fields(Claim)]
        assert len(frame) == store.count_claims()
        empty = store.claims(source="nobody at all").to_pandas()
        assert len(empty) == 0 and list(empty.columns) == list(frame.columns)


def test_to_pandas_without_pandas_is_e040(db, monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)  # `import pandas` raises ImportError
    with Store(db) as store, pytest.raises(SourcetraceError) as err:
        store.entities().to_pandas()
    assert err.value.code == "E040" and "sourcetrace[pandas]" in err.value.message
