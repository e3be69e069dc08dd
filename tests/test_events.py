"""Events: counts linked to GDELT-style triggers through the parse."""

from __future__ import annotations

import pytest

from sourcetrace.extract.dates import dates
from sourcetrace.extract.events import events
from sourcetrace.extract.quantities import quantities


def _events(nlp, text, published="2016-02-01"):
    doc = nlp(text)
    return events(doc, quantities=quantities(doc), dates=dates(doc, published=published))


def _one(nlp, text, etype, number):
    evs = _events(nlp, text)
    hit = [e for e in evs if e.type == etype and e.number == number]
    assert hit, f"no {etype} {number} in {evs}"
    return hit[0]


@pytest.mark.parametrize("text, etype, number, noun, place", [
    ("The car bomb in Kabul killed at least 30 civilians.", "KILL", 30, "civilians", "Kabul"),
    ("Five soldiers died in an ambush near Mosul.", "KILL", 5, "soldiers", "Mosul"),
    ("Rioters injured nine police officers in Paris.", "WOUND", 9, "police officers", "Paris"),
    ("At least 19 people were detained after clashes in Nairobi.", "ARREST", 19, "people", "Nairobi"),
    ("Officials have indicted seven executives in Chicago.", "CHARGE", 7, "executives", "Chicago"),
    ("Gunmen abducted 14 students from a school in Kaduna.", "KIDNAP", 14, "students", "Kaduna"),
    ("Floods in Kerala displaced 12,000 families.", "AFFECT", 12000, "families", "Kerala"),
    ("Police in Rotterdam seized 40 kilograms of cocaine.", "SEIZE", 40, "cocaine", "Rotterdam"),
])
def test_trigger_verbs(nlp, text, etype, number, noun, place):
    e = _one(nlp, text, etype, number)
    assert noun in e.object
    assert e.location and place in e.location
    assert text[e.span[0]:e.span[1]]


def test_event_in_a_relative_clause_takes_the_place_of_its_noun(nlp):
    text = "Nobody claimed the March 3 attack in Lahore, which killed eight Japanese engineers."
    e = _one(nlp, text, "KILL", 8)
    assert "Japanese engineers" in e.object and e.location == "Lahore"
    assert e.date == "2015-03-03"


def test_counted_noun_is_the_trigger(nlp):
    e = _one(nlp, "Officials reported 412 arrests of smugglers in 2014.", "ARREST", 412)
    assert e.date == "2014"
    _one(nlp, "Organisers said 3,000 protesters filled the square.", "PROTEST", 3000)


def test_verb_wins_over_a_trigger_noun(nlp):
    evs = _events(nlp, "More than 200 protesters were arrested in Lima.")
    assert [e.type for e in evs] == ["ARREST"]


def test_preposition_links(nlp):
    _one(nlp, "The prosecutor filed charges against 31 officials.", "CHARGE", 31)
    _one(nlp, "Crowds demanded the release of the detainees after the arrest of 12 students.", "ARREST", 12)
    _one(nlp, "Two journalists were among the dead.", "KILL", 2)


def test_complements_and_bare_numbers(nlp):
    _one(nlp, "Ten people were injured when the roof fell.", "WOUND", 10)
    _one(nlp, "The flood left 300 families homeless.", "AFFECT", 300)
    e = _one(nlp, "Twelve were killed and more than 100 were hurt in the crush.", "WOUND", 100)
    assert e.object is None


def test_place_named_as_subject_is_not_a_location(nlp):
    e = _one(nlp, "Kenya evacuated 500 tourists from the coast.", "AFFECT", 500)
    assert e.location != "Kenya"


@pytest.mark.parametrize("text", [
    "Dozens were injured when the stage collapsed.",
    "The minister gave a one sentence reply to 30 questions.",
    "The jets flew 30 missions over the sea.",
    "Two dogs and three cats live in the house.",
])
def test_no_event(nlp, text):
    assert _events(nlp, text) == []


@pytest.mark.shared
def test_seed_events(nlp, seed_path, shared_dir):
    import json

    expected = json.loads((shared_dir / "seed" / "expected.json").read_text())["events"]
    got = _events(nlp, seed_path.read_text(encoding="utf-8"), published=None)
    for e in expected:
        assert any(
            ev.type in e["type_any"] and ev.number == e["number"]
            and ("object_has_any" not in e or any(o in (ev.object or "").lower() for o in e["object_has_any"]))
            and ("location_has_any" not in e or any(o in (ev.location or "").lower() for o in e["location_has_any"]))
            for ev in got
        ), (e, got)
