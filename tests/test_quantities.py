"""Quantities: numbers, units, ranges, bounds and counted objects, on sentences written for the tests."""

from __future__ import annotations

import pytest

from sourcetrace.extract.quantities import quantities


def _qs(nlp, text):
    return quantities(nlp(text))


def _one(nlp, text, **want):
    """The quantity of ``text`` whose fields match ``want`` (object given as a substring)."""
    qs = _qs(nlp, text)
    obj = want.pop("object_has", None)
    for q in qs:
        if all(getattr(q, k) == v for k, v in want.items()) and (obj is None or obj in (q.object or "")):
            return q
    pytest.fail(f"no quantity with {want} object~{obj!r} in {qs}")


@pytest.mark.parametrize("text, value, unit", [
    ("The charity raised €4.5 million for flood victims.", 4_500_000, "EUR"),
    ("The firm paid US$1.2bn for the mine.", 1_200_000_000, "USD"),
    ("The court fined the driver 50,000 Turkish lira.", 50_000, "TRY"),
    ("The council spent £300m on new roads.", 300_000_000, "GBP"),
    ("The budget is 2 billion dollars this year.", 2_000_000_000, "USD"),
    ("A coffee now costs 80 cents more.", 0.8, "USD"),
    ("Her bid was 7,500 euros.", 7_500, "EUR"),
])
def test_money_units_and_scales(nlp, text, value, unit):
    _one(nlp, text, kind="money", value=value, low=value, high=value, unit=unit)


def test_money_ranges_and_per_unit_object(nlp):
    q = _one(nlp, "Guides ask between €40 and €60 per climber for the route.", kind="money", unit="EUR")
    assert (q.value, q.low, q.high) == (None, 40, 60)
    assert "climber" in q.object
    q = _one(nlp, "Seats cost from £20 to £35 a head.", kind="money", unit="GBP")
    assert (q.low, q.high, q.object) == (20, 35, "head")
    q = _one(nlp, "Fares went from $5-$7 per kilo.", kind="money", unit="USD")
    assert (q.low, q.high) == (5, 7)
    q = _one(nlp, "The transfer is worth £1.5m-£2m to the club.", kind="money", unit="GBP")
    assert (q.low, q.high) == (1_500_000, 2_000_000)
    q = _one(nlp, "Analysts expect 3,200-3,900 dollars a tonne.", kind="money", unit="USD")
    assert (q.low, q.high) == (3_200, 3_900)


def test_scale_of_second_number_applies_to_first(nlp):
    q = _one(nlp, "Repairs will cost between 5 and 7 million yen.", kind="money", unit="JPY")
    assert (q.low, q.high) == (5_000_000, 7_000_000)


def test_change_is_not_a_range(nlp):
    qs = _qs(nlp, "Revenue rose from $10.9bn to $11.1bn last quarter.")
    assert all(q.value is not None for q in qs if q.kind == "money")
    assert {q.value for q in qs} >= {10_900_000_000, 11_100_000_000}


@pytest.mark.parametrize("text, value, noun", [
    ("Police said three hundred and twenty demonstrators gathered.", 320, "demonstrators"),
    ("Two dozen sailors were rescued from the ferry.", 24, "sailors"),
    ("The ferry carried 1,250 passengers and crew.", 1250, "passengers"),
    ("Half a million people have fled the region.", 500_000, "people"),
    ("The plant employs 4m people worldwide.", 4_000_000, "people"),
    ("Twenty-five volunteers cleaned the beach.", 25, "volunteers"),
    ("Officers questioned eleven Dutch fans after the match.", 11, "Dutch fans"),
    ("The airline retired 17 ageing jets.", 17, "ageing jets"),
])
def test_counts_and_their_objects(nlp, text, value, noun):
    q = _one(nlp, text, kind="count", value=value)
    assert noun in q.object


def test_count_ranges_and_bounds(nlp):
    q = _one(nlp, "The storm damaged two or three bridges.", kind="count", object_has="bridges")
    assert (q.value, q.low, q.high) == (None, 2, 3)
    q = _one(nlp, "At least 40 miners were trapped underground.", kind="count", object_has="miners")
    assert (q.value, q.low, q.high) == (40, 40, None)
    assert q.text.lower().startswith("at least")
    q = _one(nlp, "The hall holds up to 900 guests.", kind="count", object_has="guests")
    assert (q.value, q.low, q.high) == (900, None, 900)


def test_bare_number_argument_is_a_count(nlp):
    q = _one(nlp, "Twelve were killed and more than 100 were hurt in the crush.", kind="count", value=100)
    assert q.object is None and q.high is None


@pytest.mark.parametrize("text, value, unit", [
    ("The debate lasted 45 minutes.", 45, "minute"),
    ("She waited fifteen minutes for the bus.", 15, "minute"),
    ("The dig took two and a half years.", 2.5, "year"),
    ("He spent 10 days at sea.", 10, "day"),
])
def test_durations(nlp, text, value, unit):
    _one(nlp, text, kind="duration", value=value, unit=unit)


@pytest.mark.parametrize("text, value", [
    ("Rents rose by 12% in the capital.", 12),
    ("Wages climbed 3 per cent.", 3),
    ("Turnout was 61.5 percent.", 61.5),
])
def test_percentages(nlp, text, value):
    _one(nlp, text, kind="percent", value=value, unit="%")


def test_measure_with_object(nlp):
    q = _one(nlp, "Customs found 40 kilograms of cocaine in the hold.", kind="other", unit="kg")
    assert q.value == 40 and "cocaine" in q.object


@pytest.mark.parametrize("text", [
    "She was born in 1984 and moved abroad in 2001.",
    "The meeting ended at 5pm.",
    "He came first of all the runners.",
    "One of the suspects fled; no one was hurt.",
    "Flight 370 vanished over the ocean.",
    "Arsenal won 3-1 at home.",
    "The plan was unveiled ten years ago.",
    "The new console is called PlayStation 3 in Japan.",
    "Hundreds of people gathered in the square.",
    "England (2) face Samoa (7) in the pool stage.",
    "He ran the 400m in record time.",
    "Ministers issued a one-sentence statement.",
    "Wales won the Six Nations again.",
])
def test_not_quantities(nlp, text):
    qs = _qs(nlp, text)
    assert not [q for q in qs if q.kind in ("count", "other", "money")], qs


def test_spans_point_into_the_text(nlp):
    text = "The club paid $2,000 to $2,500 for 30 new chairs over 15 minutes."
    doc = nlp(text)
    for q in quantities(doc):
        assert text[q.span[0]:q.span[1]] == q.text
    q = _one(nlp, "The budget was cut to £400m.", kind="money", value=400_000_000)
    assert not q.text.endswith(".")


def test_a_with_dollar_is_not_australian(nlp):
    q = _one(nlp, "They agreed a $2.7bn settlement.", kind="money")
    assert q.unit == "USD" and q.value == 2_700_000_000


@pytest.mark.shared
def test_seed_quantities(nlp, seed_path, shared_dir):
    import json

    from sourcetrace.records import to_json

    expected = json.loads((shared_dir / "seed" / "expected.json").read_text())["quantities"]
    got = to_json(quantities(nlp(seed_path.read_text(encoding="utf-8"))))
    for e in expected:
        assert any(_matches(q, e) for q in got), (e, got)


def _matches(q, e) -> bool:
    if q["kind"] != e["kind"]:
        return False
    for k in ("value", "low", "high"):
        if k in e and (q[k] is None or abs(q[k] - e[k]) > 1e-6):
            return False
    if "unit_any" in e and (q["unit"] or "").lower() not in [u.lower() for u in e["unit_any"]]:
        return False
    if "object_has_any" in e and not any(o in (q["object"] or "").lower() for o in e["object_has_any"]):
        return False
    return True


# --- tallies, glued units, idioms with "one" (issue 15) --------------------------------------------

@pytest.mark.parametrize("text", [
    "The court upheld the ferry law in a five-to-four vote.",
    "The council backed the harbour plan by a seven to two vote.",
    "The visitors won 3-1 at the harbour ground.",
])
def test_tallies_are_no_counts(nlp, text):
    assert not [q for q in _qs(nlp, text) if q.kind == "count"]


@pytest.mark.parametrize("text,value,unit,kind", [
    ("The fence would run along the 1,426-mile border.", 1426, "mile", "other"),
    ("The new dam holds a 40-tonne gate.", 40, "tonne", "other"),
    ("The plan has 90-percent support among dock workers.", 90, "%", "percent"),
    ("They signed a 10-year lease on the pier.", 10, "year", "duration"),
])
def test_unit_glued_by_a_hyphen(nlp, text, value, unit, kind):
    q = [q for q in _qs(nlp, text) if q.value == value]
    assert q and q[0].unit == unit and q[0].kind == kind


@pytest.mark.parametrize("text", [
    "For one thing, the ferry was late again.",
    "At one point the mayor left the room.",
    "On the one hand, the port needs the money.",
])
def test_one_in_an_idiom_is_no_count(nlp, text):
    assert not [q for q in _qs(nlp, text) if q.value == 1]


def test_one_that_counts_stays(nlp):
    q = [q for q in _qs(nlp, "Rescuers pulled one child from the river.") if q.value == 1]
    assert q and q[0].object == "child"
