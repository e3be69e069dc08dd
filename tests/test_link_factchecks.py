"""Fact-check readers (link/factchecks.py) and matching statements against them (link/match.py).
Files and claims are written for these tests."""

from __future__ import annotations

import json

import pytest

from sourcetrace.errors import SourcetraceError
from sourcetrace.link.factchecks import read_factchecks
from sourcetrace.link.match import ClaimMatcher, match
from test_link_index import WordHashEmbedder


def review(claim, rating="False", url="https://checks.example/1", **extra):
    obj = {"@context": "https://schema.org", "@type": "ClaimReview", "claimReviewed": claim,
           "reviewRating": {"@type": "Rating", "alternateName": rating, "ratingValue": 1, "bestRating": 5},
           "author": {"@type": "Organization", "name": "Harbour Checks"}, "url": url,
           "datePublished": "2025-03-14", "itemReviewed": {"@type": "Claim", "author": {"name": "A blog"}}}
    obj.update(extra)
    return obj


def test_claimreview_single_list_and_graph(tmp_path):
    one = tmp_path / "one.json"
    one.write_text(json.dumps(review("A tanker spilled 400 tonnes of diesel")), encoding="utf-8")
    checks, errors = read_factchecks(one)
    assert errors == [] and len(checks) == 1
    c = checks[0]
    assert (c.claim, c.rating, c.reviewer, c.date, c.claimant) == (
        "A tanker spilled 400 tonnes of diesel", "False", "Harbour Checks", "2025-03-14", "A blog")
    many = tmp_path / "many.jsonld"
    many.write_text(json.dumps([review("Claim one", url="u1"), review("Claim two", url="u2")]), encoding="utf-8")
    assert [c.claim for c in read_factchecks(many)[0]] == ["Claim one", "Claim two"]
    graph = tmp_path / "graph.jsonld"
    graph.write_text(json.dumps({"@context": "https://schema.org", "@graph": [
        {"@type": "WebPage", "name": "page", "mainEntity": review("Nested claim", url="u3")},
        {"@type": "Organization", "name": "Harbour Checks"},
        review("Graph claim", rating=None, url="u4")]}), encoding="utf-8")
    got = read_factchecks(graph)[0]
    assert [c.claim for c in got] == ["Nested claim", "Graph claim"]
    assert got[1].rating == "1/5"  # no alternateName: the numeric rating
    # stable ids: the same file gives the same ids
    assert [c.id for c in read_factchecks(graph)[0]] == [c.id for c in got]


def test_claimreview_bad_items_are_reported_and_good_ones_kept(tmp_path):
    path = tmp_path / "mixed.json"
    path.write_text(json.dumps([review("Good claim"), review("", url="u2"),
                                review("Dated badly", url="u3", datePublished="14 March")]), encoding="utf-8")
    checks, errors = read_factchecks(path)
    assert [c.claim for c in checks] == ["Good claim"]
    assert [(e.position, e.code) for e in errors] == [("item 2", "E076"), ("item 3", "E077")]


def test_jsonl_rows_by_line(tmp_path):
    path = tmp_path / "checks.jsonl"
    lines = [json.dumps({"id": "c1", "claim": "The bridge was closed", "rating": "true", "reviewer": "Checkers",
                         "url": "https://c.example/1", "date": "2025-02-01T10:00:00Z"}),
             "{broken json",
             json.dumps({"id": "c3", "rating": "false"}),
             json.dumps({"text": "LIAR-style line", "label": "half-true"}),
             json.dumps({"claim": ["not", "text"]}),
             json.dumps(review("A ClaimReview per line"))]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    checks, errors = read_factchecks(path)
    assert [c.claim for c in checks] == ["The bridge was closed", "LIAR-style line", "A ClaimReview per line"]
    assert checks[0].date == "2025-02-01" and checks[1].rating == "half-true"
    assert [(e.position, e.code) for e in errors] == [("line 2", "E075"), ("line 3", "E076"), ("line 5", "E077")]
    assert all(e.message.startswith(f"[{e.code}]") for e in errors)


def test_csv_rows_and_header(tmp_path):
    path = tmp_path / "checks.csv"
    path.write_text("Claim,Rating,Publisher,URL,Date\n"
                    "\"Schools close on Friday, officials say\",false,Checkers,https://c.example/2,2025-01-09\n"
                    ",true,Checkers,https://c.example/3,2025-01-10\n"
                    "too,few\n"
                    "The ferry resumed,true,Checkers,https://c.example/4,\n", encoding="utf-8")
    checks, errors = read_factchecks(path)
    assert [c.claim for c in checks] == ["Schools close on Friday, officials say", "The ferry resumed"]
    assert checks[0].reviewer == "Checkers" and checks[1].date is None
    assert [(e.position, e.code) for e in errors] == [("row 3", "E076"), ("row 4", "E077")]
    nohead = tmp_path / "nohead.csv"
    nohead.write_text("rating,url\nfalse,u\n", encoding="utf-8")
    with pytest.raises(SourcetraceError) as err:
        read_factchecks(nohead)
    assert err.value.code == "E078"


def test_unreadable_files(tmp_path):
    for name, body in (("x.txt", "claims"), ("bad.json", "{nope"), ("empty.json", "{}")):
        p = tmp_path / name
        p.write_text(body, encoding="utf-8")
        with pytest.raises(SourcetraceError) as err:
            read_factchecks(p)
        assert err.value.code == "E074"
    with pytest.raises(SourcetraceError) as err:
        read_factchecks(tmp_path / "missing.csv")
    assert err.value.code == "E074"


def test_matching_statements_against_checks():
    class S:
        def __init__(self, id, text):
            self.id, self.text = id, text

    claims = [("f1", "The mayor of Tull resigned over the audit", "Did Tull's Mayor Resign?"),
              ("f2", "A shark was seen in the Orren canal", None),
              ("f3", "Bread prices doubled in Kell", None)]
    got = match([S("s1", "Tull mayor resigned after audit"), S("s2", "shark seen in canal")], claims, k=2,
                embedder=WordHashEmbedder())
    best = {m.statement: m.claim for m in got if m.rank == 1}
    assert best == {"s1": "f1", "s2": "f2"}
    assert all(m.rank in (1, 2) for m in got) and len(got) == 4
    matcher = ClaimMatcher(WordHashEmbedder(), threshold=0.9)
    matcher.add_claims(claims)
    ranked = matcher.match([S("s3", "bread prices doubled in Kell")])
    assert ranked[0].claim == "f3" and ranked[0].confident
    assert not matcher.match([S("s4", "a parade on Sunday")])[0].confident


@pytest.mark.shared
def test_realistic_checked_claim_files_read_whole(shared_dir):
    """LIAR (PolitiFact statements with six ratings) and the CLEF vclaims, read by path."""
    liar, bad = read_factchecks(shared_dir / "data" / "news" / "liar.jsonl")
    assert len(liar) > 12_000 and bad == []
    assert {c.rating for c in liar} >= {"true", "false", "half-true", "pants-fire"}
    assert len({c.id for c in liar}) == len(liar)
    vclaims, bad = read_factchecks(shared_dir / "data" / "claims" / "clef2020_vclaims.jsonl")
    assert len(vclaims) == 10_375 and bad == [] and all(c.title for c in vclaims[:100])
