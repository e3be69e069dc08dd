"""The example corpus examples/ellery_spill.jsonl (fictional, written for the project): a claim
travels through several outlets over a week with a changed number, a dropped source, a denial and
a hedged revision, beside unrelated articles about the same town. The articles are read as
``sourcetrace ingest`` reads them, analyzed, and linked by ``sourcetrace.link.track``."""

from __future__ import annotations

from pathlib import Path

import pytest

from sourcetrace.clean import clean_article
from sourcetrace.ingest.collections import iter_jsonl
from sourcetrace.link import track
from sourcetrace.link.statements import statements

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "ellery_spill.jsonl"
SPILL = ["ellery-tribune-2025-03-11", "coastwatch-2025-03-12", "harbourlight-blog-2025-03-13",
         "ellery-tribune-2025-03-13", "northshore-weekly-2025-03-17"]
UNRELATED = ["ellery-tribune-2025-03-12-ferry", "coastwatch-2025-03-15-festival"]


@pytest.fixture(scope="module")
def ledgers(nlp):
    from sourcetrace.pipeline import analyze_article

    out = []
    for item in iter_jsonl(str(EXAMPLE)):
        assert item.error is None, item.error
        out.append(analyze_article(clean_article(item.raw), nlp=nlp))
    return out


@pytest.fixture(scope="module")
def groups(ledgers):
    return track(ledgers)


def test_ingest_reads_titles_and_published_dates(ledgers):
    assert [l["id"] for l in ledgers] == SPILL + UNRELATED
    assert all(l["published"] and l["title"] for l in ledgers)
    assert {l["id"]: l["published"] for l in ledgers}["northshore-weekly-2025-03-17"] == "2025-03-17"


def test_the_spill_is_one_group_across_five_outlets_first_reported_by_the_tribune(groups):
    spill = groups[0]
    assert list(spill.articles) == SPILL  # in published order
    first = spill.first.statement
    assert first.article == "ellery-tribune-2025-03-11" and "40 tonnes" in first.text
    assert first.source is not None and "coastguard" in first.source.text.lower()
    for g in groups:
        if g is not spill:
            assert not set(g.articles) & {"ellery-tribune-2025-03-11", "harbourlight-blog-2025-03-13"}


def _report(group, article):
    hits = [r for r in group.reports if r.statement.article == article]
    assert len(hits) == 1, [r.statement.text for r in hits]
    return hits[0]


def test_changes_a_reader_expects(groups):
    spill = groups[0]
    kinds = {a: [c.kind for c in _report(spill, a).changes] for a in SPILL}
    assert kinds["ellery-tribune-2025-03-11"] == []
    # the regional site multiplies the figure and credits the Tribune instead of the coastguard
    assert kinds["coastwatch-2025-03-12"] == ["number", "source-changed"]
    number = _report(spill, "coastwatch-2025-03-12").changes[0]
    assert (number.before, number.after) == ("40 tonnes", "400 tonnes")
    # the blog states the inflated figure as fact: laundered
    assert kinds["harbourlight-blog-2025-03-13"] == ["number", "source-dropped"]
    # the company's denial is a report of the same claim, from another source
    denial = _report(spill, "ellery-tribune-2025-03-13")
    assert "source-changed" in kinds["ellery-tribune-2025-03-13"] and "Marisco" in denial.statement.source.text
    assert denial.statement.certainty == "distanced"
    # the coastguard's revised estimate: the original figure again, hedged
    assert kinds["northshore-weekly-2025-03-17"] == ["hedge-added"]


def test_unrelated_articles_about_the_same_town_stay_out(groups):
    for g in groups:
        assert not set(g.articles) & set(UNRELATED), (g.id, g.articles)


def test_group_ids_do_not_change_when_later_articles_arrive(ledgers):
    early = track(ledgers[:2])
    later = track(ledgers)
    assert early[0].id == later[0].id == "g:ellery-tribune-2025-03-11:A1"


def test_every_example_statement_points_into_its_article(ledgers):
    for led in ledgers:
        for st in statements(led, headline=False):
            piece = led["text"][st.span[0]:st.span[1]]
            assert piece and st.text[:12].strip(" \"'").lower()[:8] in piece.lower()


def test_the_seed_example_is_untouched():
    text = (EXAMPLE.parent / "harbour_fire.txt").read_text(encoding="utf-8")
    assert text.startswith("Harbour Warehouse Fire Exposes Safety Lapses, Inspectors Say")
