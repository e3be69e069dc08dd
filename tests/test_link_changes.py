"""Changes against a claim group's first report (link/changes.py) and timelines (link/timeline.py),
on statement pairs written for these tests."""

from __future__ import annotations

import pytest

from sourcetrace.link.changes import changes
from sourcetrace.link.statements import Statement, StatementSource
from sourcetrace.records import DateMention, Quantity
from sourcetrace.link.timeline import ordered, timeline


def st(id, text, *, source=None, name=None, certainty="asserted", numbers=(), dates=(), published=None,
       kind=None, article=None):
    src = StatementSource(source, "official", "E1" if name else None, name) if source else None
    return Statement(id, article or id.split(":")[0], kind or ("attribution" if source else "assertion"), text,
                     (0, len(text)), src, certainty, (), tuple(numbers), tuple(dates), published=published)


def tonnes(v, text=None):
    return Quantity(text or f"{v} tonnes", (0, 1), "other", v, v, v, "tonne", "grain")


def kinds(cs):
    return [c.kind for c in cs]


def test_changed_amount_is_a_number_change():
    a = st("a:A1", "the barge lost 12 tonnes of grain", source="the port office", numbers=[tonnes(12)])
    b = st("b:A1", "the barge lost 120 tonnes of grain", source="the port office", numbers=[tonnes(120)])
    cs = changes(a, b)
    assert kinds(cs) == ["number"] and (cs[0].before, cs[0].after) == ("12 tonnes", "120 tonnes")


def test_same_amount_other_wording_and_left_out_numbers_are_no_change():
    a = st("a:A1", "the barge lost 12 tonnes of grain", source="the port office", numbers=[tonnes(12)])
    b = st("b:A1", "twelve tonnes of grain were lost", source="The Port Office", numbers=[tonnes(12, "twelve tonnes")])
    c = st("c:A1", "the barge lost grain", source="the port office")
    assert changes(a, b) == [] and changes(a, c) == []


def test_ranges_and_counts_without_units():
    lo = Quantity("between 30 and 40 boats", (0, 1), "count", None, 30, 40, None, "boats")
    hi = Quantity("between 30 and 45 boats", (0, 1), "count", None, 30, 45, None, "boats")
    a, b = st("a:S1", "between 30 and 40 boats sank", numbers=[lo]), st("b:S1", "between 30 and 45 boats sank", numbers=[hi])
    assert kinds(changes(a, b)) == ["number"]


def test_changed_date_is_a_number_change():
    a = st("a:A1", "the vote was held on Tuesday", source="the clerk", dates=[DateMention("on Tuesday", (0, 1), "2025-04-08", "day")])
    b = st("b:A1", "the vote was held on Monday", source="the clerk", dates=[DateMention("on Monday", (0, 1), "2025-04-07", "day")])
    same = st("c:A1", "the vote took place on April 8", source="the clerk", dates=[DateMention("April 8", (0, 1), "2025-04-08", "day")])
    assert kinds(changes(a, b)) == ["number"]
    assert changes(a, same) == []


def test_hedge_added_and_dropped():
    firm = st("a:A1", "the dam failed", source="engineers")
    hedged = st("b:A1", "the dam may have failed", source="engineers", certainty="hedged")
    assert kinds(changes(firm, hedged)) == ["hedge-added"]
    assert kinds(changes(hedged, firm)) == ["hedge-dropped"]
    # a distancing cue ("claimed", "denied") is the source's attitude, not a hedge
    distanced = st("c:A1", "the dam failed", source="engineers", certainty="distanced")
    assert changes(firm, distanced) == []


def test_source_dropped_is_laundering():
    sourced = st("a:A1", "the clinic turned away 40 patients", source="a nurses' union")
    fact = st("b:S3", "the clinic turned away 40 patients")
    cs = changes(sourced, fact)
    assert kinds(cs) == ["source-dropped"] and cs[0].before == "a nurses' union" and cs[0].after is None
    # the reverse (a source added later) is not laundering
    assert changes(fact, sourced) == []


def test_source_changed_by_entity_or_text():
    a = st("a:A1", "the mine will close", source="Mayor Ilse Brandt", name="Ilse Brandt")
    same_entity = st("b:A1", "the mine will close", source="Brandt", name="Ilse Brandt")
    other = st("c:A1", "the mine will close", source="the mining company", name="Korr Mining")
    unresolved_same = st("d:A1", "the mine will close", source="the mayor Ilse Brandt")
    assert changes(a, same_entity) == []
    assert kinds(changes(a, other)) == ["source-changed"]
    assert changes(a, unresolved_same) == []


def test_several_changes_at_once_in_a_fixed_order():
    a = st("a:A1", "12 tonnes were lost", source="the port office", numbers=[tonnes(12)])
    b = st("b:S2", "120 tonnes may have been lost", certainty="hedged", numbers=[tonnes(120)])
    assert kinds(changes(a, b)) == ["number", "hedge-added", "source-dropped"]
    assert changes(a, a) == []


def test_timeline_orders_by_date_then_ingest_and_skips_headline_as_first():
    head = st("x:T", "Barge Loses Grain", published="2025-01-02", kind="headline", article="x")
    first = st("x:A1", "the barge lost 12 tonnes", source="the port office", published="2025-01-02",
               numbers=[tonnes(12)], article="x")
    later = st("y:S1", "the barge lost 120 tonnes", published="2025-01-04", numbers=[tonnes(120)], article="y")
    undated = st("z:A1", "the barge lost 12 tonnes", source="the port office", numbers=[tonnes(12)], article="z")
    reports = timeline([undated, later, head, first])
    assert [r.statement.id for r in reports] == ["x:A1", "x:T", "y:S1", "z:A1"]
    assert reports[0].first and not any(r.first for r in reports[1:])
    assert [c.kind for c in reports[2].changes] == ["number", "source-dropped"]
    assert reports[3].changes == ()
    assert ordered([later, first])[0] is first


def test_timeline_stance_hook():
    a = st("a:A1", "the bridge is unsafe", source="inspectors", published="2025-05-01")
    b = st("b:A1", "the bridge is unsafe", source="the builder", published="2025-05-02")
    reports = timeline([a, b], stance=lambda first, r: None if r is first else "disagree")
    assert [r.stance for r in reports] == [None, "disagree"]
    assert timeline([a, b])[1].stance is None
    with pytest.raises(ValueError):
        timeline([a, b], stance=lambda first, r: "maybe")
