"""Quantities, dates and events on sentences written for these tests."""

from __future__ import annotations

import pytest

from sourcetrace.extract.dates import dates
from sourcetrace.extract.events import events
from sourcetrace.extract.quantities import quantities


def q_of(nlp, text):
    return quantities(nlp(text))


def find(items, needle):
    hit = [x for x in items if needle in x.text]
    assert hit, f"{needle!r} not in {[x.text for x in items]}"
    return hit[0]


def test_money_range_with_per_unit(nlp):
    q = find(q_of(nlp, "Tickets were resold for $40 to $90 per seat outside the stadium."), "$40")
    assert (q.kind, q.low, q.high, q.unit) == ("money", 40, 90, "USD")
    assert q.value is None and q.object == "seat"


def test_money_scale_and_currency_word(nlp):
    q = find(q_of(nlp, "The airport expansion will cost 2.5 billion euros."), "2.5")
    assert q.kind == "money" and q.unit == "EUR" and q.value == 2_500_000_000


def test_scale_of_second_number_applies_to_range(nlp):
    q = find(q_of(nlp, "The fund lost between 5 and 7 million dollars last year."), "5")
    assert (q.low, q.high, q.unit) == (5_000_000, 7_000_000, "USD")


def test_pound_symbol(nlp):
    q = find(q_of(nlp, "The council paid £1,250 in compensation."), "£")
    assert q.unit == "GBP" and q.value == 1250


@pytest.mark.parametrize("text,needle,value,obj", [
    ("Rescuers pulled eleven miners from the shaft.", "eleven", 11, "miners"),
    ("The court heard 342 complaints in 2021.", "342", 342, "complaints"),
    ("Twenty-five volunteers cleaned the beach.", "Twenty", 25, "volunteers"),
    ("Two dozen journalists waited at the gate.", "dozen", 24, "journalists"),
    ("Officers questioned 3 Dutch sailors.", "3", 3, "Dutch sailors"),
])
def test_counts_with_object(nlp, text, needle, value, obj):
    q = find(q_of(nlp, text), needle)
    assert q.kind == "count" and q.value == value and q.object == obj


def test_duration_and_percent(nlp):
    qs = q_of(nlp, "The outage lasted 40 minutes and cut output by 12 per cent.")
    d = find(qs, "40")
    assert (d.kind, d.value, d.unit) == ("duration", 40, "minute")
    p = find(qs, "12")
    assert (p.kind, p.value) == ("percent", 12)


def test_not_quantities(nlp):
    qs = q_of(nlp, "Flight 370 left on 8 March 2014; it was the first of two such losses, and no one knew why.")
    texts = [q.text for q in qs]
    assert not any("370" in t or "2014" in t or "first" in t for t in texts)
    assert not any(t.lower() == "one" for t in texts)


def test_spans_match_text(nlp):
    text = "Some 4,000 residents fled and the damage reached $3m, officials said."
    for q in q_of(nlp, text):
        assert text[q.span[0]:q.span[1]] == q.text


def test_month_day_without_publication_date(nlp):
    d = find(dates(nlp("The ceasefire began on March 3 and collapsed in 2019.")), "March 3")
    assert d.resolution == "month-day" and d.value == "--03-03"


def test_month_day_resolved_against_publication_date(nlp):
    d = find(dates(nlp("The ceasefire began on December 28."), published="2021-01-15"), "December 28")
    assert d.value == "2020-12-28" and d.resolution == "day"


def test_full_dates_and_years(nlp):
    ds = dates(nlp("The treaty was signed on 4 July 1998 and revised in March 2004, then again in 2011."))
    assert find(ds, "1998").value == "1998-07-04"
    assert find(ds, "March 2004").value == "2004-03"
    assert find(ds, "2011").value == "2011" and find(ds, "2011").resolution == "year"


def test_relative_dates_need_publication(nlp):
    text = "The mayor resigned yesterday and the vote is next month."
    assert all(d.value for d in dates(nlp(text), published="2022-05-10"))
    got = {d.text.lower(): d.value for d in dates(nlp(text), published="2022-05-10")}
    assert got.get("yesterday") == "2022-05-09"
    assert got.get("next month") == "2022-06"
    assert not [d for d in dates(nlp(text)) if "yesterday" in d.text.lower()]


def ev_of(nlp, text, published=None):
    doc = nlp(text)
    return events(doc, quantities=quantities(doc), dates=dates(doc, published=published))


def test_kill_event_with_location(nlp):
    evs = ev_of(nlp, "A landslide in Quito killed seven hikers.")
    e = next(e for e in evs if e.type == "KILL")
    assert e.number == 7 and e.object == "hikers" and e.location == "Quito"


def test_arrest_noun_trigger_and_date(nlp):
    e = next(e for e in ev_of(nlp, "Police carried out 58 arrests in 2019.") if e.type == "ARREST")
    assert e.number == 58 and e.date == "2019"


def test_passive_detention(nlp):
    e = next(e for e in ev_of(nlp, "At least 30 students were detained in Dhaka.") if e.type == "ARREST")
    assert e.number == 30 and e.location == "Dhaka"


def test_charges_against(nlp):
    e = next(e for e in ev_of(nlp, "The prosecutor brought charges against nine executives.") if e.type == "CHARGE")
    assert e.number == 9


def test_no_event_without_trigger(nlp):
    assert ev_of(nlp, "The library bought 300 books for its new wing.") == []


# --- facts tied to the claim they sit in (extract/facts.py) ---------------------------------------

def _att(aid, content, certainty="asserted", parts=()):
    from sourcetrace.records import Attribution, TextSpan

    return Attribution(id=aid, source=None, cue=TextSpan("said", (0, 4)), content=TextSpan("x", content),
                       certainty=certainty, content_parts=parts)


def _qty(span):
    from sourcetrace.records import Quantity

    return Quantity(text="3", span=span, kind="count", value=3, low=3, high=3, unit=None, object=None)


def test_attach_claims_innermost_and_outside():
    from sourcetrace.extract.facts import attach_claims

    outer, inner = _att("A1", (10, 100), "asserted"), _att("A2", (40, 80), "distanced")
    qs, ds, evs = attach_claims([_qty((50, 51)), _qty((20, 22)), _qty((120, 121)), _qty((95, 105))], [], [],
                                [outer, inner])
    assert [(q.attribution, q.certainty) for q in qs] == [("A2", "distanced"), ("A1", "asserted"),
                                                          (None, None), (None, None)]


def test_attach_claims_skips_the_reporting_clause_between_pieces():
    from sourcetrace.extract.facts import attach_claims

    a = _att("A1", (0, 60), "asserted", parts=((0, 20), (40, 60)))
    qs, _, _ = attach_claims([_qty((5, 6)), _qty((25, 27)), _qty((45, 46))], [], [], [a])
    assert [q.attribution for q in qs] == ["A1", None, "A1"]


def test_event_in_a_disputed_report_carries_its_certainty(nlp):
    from sourcetrace.pipeline import analyze_doc

    doc = nlp("The blog claims that soldiers killed forty villagers near Dunmore on Monday. "
              "Rescuers found two survivors on Tuesday.")
    layers = analyze_doc(doc, published="2025-03-14")
    kill = [e for e in layers.events if e.type == "KILL"]
    assert kill and kill[0].certainty == "distanced" and kill[0].attribution is not None
    att = next(a for a in layers.attributions if a.id == kill[0].attribution)
    assert att.content.span[0] <= kill[0].span[0]
    forty = next(q for q in layers.quantities if "forty" in q.text)
    assert forty.attribution == kill[0].attribution
    two = next(q for q in layers.quantities if q.text.startswith("two"))
    assert two.attribution is None and two.certainty is None
