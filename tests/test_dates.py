"""Dates: ISO values and resolutions, with and without a publication date."""

from __future__ import annotations

import pytest

from sourcetrace.extract.dates import dates

PUB = "2016-02-01"  # a Monday


def _find(nlp, text, needle, published=PUB):
    ds = dates(nlp(text), published=published)
    hit = [d for d in ds if needle.lower() in d.text.lower()]
    assert hit, f"no date with {needle!r} in {ds}"
    return hit[0]


@pytest.mark.parametrize("text, needle, value, resolution", [
    ("The bridge opened in 2009.", "2009", "2009", "year"),
    ("Inflation peaked in March 2024.", "March 2024", "2024-03", "month"),
    ("The treaty was signed on July 4, 2012.", "July 4, 2012", "2012-07-04", "day"),
    ("The treaty was signed on 4 July 2012.", "4 July 2012", "2012-07-04", "day"),
    ("Voting closed on Sept. 3rd, 2015.", "Sept. 3rd, 2015", "2015-09-03", "day"),
    ("The filing is dated 2016-03-01.", "2016-03-01", "2016-03-01", "day"),
])
def test_explicit_dates(nlp, text, needle, value, resolution):
    for published in (PUB, None):
        d = _find(nlp, text, needle, published)
        assert (d.value, d.resolution) == (value, resolution)


def test_month_day_takes_the_recent_year(nlp):
    d = _find(nlp, "The talks collapsed on 28 December and resumed on January 5.", "28 December")
    assert (d.value, d.resolution) == ("2015-12-28", "day")
    d = _find(nlp, "The talks collapsed on 28 December and resumed on January 5.", "January 5")
    assert d.value == "2016-01-05"
    d = _find(nlp, "The ministers met on 3 May.", "3 May")
    assert d.value == "2015-05-03"  # not a date three months after publication


def test_month_day_in_the_future_tense(nlp):
    d = _find(nlp, "The ministers will meet on 3 May to agree a deal.", "3 May")
    assert d.value == "2016-05-03"


def test_month_day_without_publication(nlp):
    d = _find(nlp, "The ferry sank on October 12.", "October 12", published=None)
    assert (d.value, d.resolution) == ("--10-12", "month-day")


@pytest.mark.parametrize("text, needle, value, resolution", [
    ("Police said the blast happened yesterday.", "yesterday", "2016-01-31", "day"),
    ("The mayor resigned on Wednesday.", "Wednesday", "2016-01-27", "day"),
    ("Profits fell sharply last year.", "last year", "2015", "year"),
    ("The plant will reopen next month.", "next month", "2016-03", "month"),
    ("The rules changed in September last year.", "September", "2015-09", "month"),
    ("Prices have climbed since March.", "March", "2015-03", "month"),
    ("The factory shut three years ago.", "three years ago", "2013", "year"),
])
def test_relative_dates_need_publication(nlp, text, needle, value, resolution):
    d = _find(nlp, text, needle)
    assert (d.value, d.resolution) == (value, resolution)
    assert not [d for d in dates(nlp(text)) if needle.lower() in d.text.lower() and d.value]


@pytest.mark.parametrize("text", [
    "In recent years crime has fallen.",
    "Over the past decade the town grew.",
    "Music changed in the 1990s.",
])
def test_vague_periods_are_left_out(nlp, text):
    assert dates(nlp(text), published=PUB) == []


def test_spans_point_into_the_text(nlp):
    text = "Talks began on January 10, paused in March 2015 and ended yesterday."
    for d in dates(nlp(text), published=PUB):
        assert text[d.span[0]:d.span[1]] == d.text


@pytest.mark.shared
def test_seed_dates(nlp, seed_path, shared_dir):
    import json

    expected = json.loads((shared_dir / "seed" / "expected.json").read_text())["dates"]
    doc = nlp(seed_path.read_text(encoding="utf-8"))
    for published in (None, "2016-01-20"):
        got = dates(doc, published=published)
        for e in expected:
            assert any(
                e["text_has"] in d.text.lower()
                and ("resolution_any" not in e or d.resolution in e["resolution_any"])
                and ("value_prefix" not in e or (d.value or "").startswith(e["value_prefix"]))
                for d in got
            ), (e, got)


# --- ranges, designations, nearest year, no overflow (issues 15 and 18) ---------------------------

def test_year_range_gives_both_ends(nlp):
    ds = dates(nlp("The ferry ran from 1974 to 2001 between the islands."), published=PUB)
    assert [d.value for d in ds] == ["1974", "2001"]


@pytest.mark.parametrize("text,first,last", [
    ("The harbour festival runs Dec. 16-20 in the old town.", "2016-12-16", "2016-12-20"),
    ("Talks were held 16-20 March 2014 in Oslo.", "2014-03-16", "2014-03-20"),
])
def test_day_range_in_one_month(nlp, text, first, last):
    ds = dates(nlp(text), published="2016-11-30")
    assert [d.value for d in ds] == [first, last]
    assert all(text[d.span[0]:d.span[1]] == d.text for d in ds)


def test_day_range_without_publication_date(nlp):
    ds = dates(nlp("The harbour festival runs Dec. 16-20 in the old town."), published=None)
    assert [(d.value, d.resolution) for d in ds] == [("--12-16", "month-day"), ("--12-20", "month-day")]


def test_designation_is_no_year(nlp):
    assert dates(nlp("The asteroid 2031 KX passed close to the Moon."), published=PUB) == []
    assert [d.value for d in dates(nlp("In 2014 US troops left the base."), published=PUB)] == ["2014"]


@pytest.mark.parametrize("text,value", [
    ("He was sworn in six days before the November 4 polls.", "2008-11-04"),
    ("Candidates campaigned hard ahead of the November 4 vote.", "2008-11-04"),
    ("Nobody claimed the October 3 attack on the depot.", "2008-10-03"),
    ("The ministers met on 1 November.", "2007-11-01"),  # past tense, three days ahead: last year's
])
def test_yearless_dates_take_the_nearest_plausible_year(nlp, text, value):
    assert [d.value for d in dates(nlp(text), published="2008-10-29")] == [value]


@pytest.mark.parametrize("published", ["0001-01-01", "0001-01-07", "0001-12-31", "9999-01-01", "9999-12-25",
                                       "9999-12-31", "2000-02-29", "2016-02-01"])
def test_date_arithmetic_never_overflows(nlp, published):
    import datetime as dt

    text = ("The fire started 1000000 days ago. It spread on Wednesday and again yesterday, last night "
            "and today; tomorrow, next Tuesday, last month, next month, next year and 9999 years ago "
            "the crews will still talk of March, of last September, of September next year and of "
            "December 31 and January 1.")
    doc = nlp(text)
    for d in dates(doc, published=published):
        if d.value is None:
            continue
        if d.resolution == "day":
            dt.date.fromisoformat(d.value)
        elif d.resolution == "month":
            year, month = d.value.split("-")
            assert len(year) == 4 and 1 <= int(year) <= 9999 and 1 <= int(month) <= 12
        elif d.resolution == "year":
            assert len(d.value) == 4 and 1 <= int(d.value) <= 9999


def test_overflowing_dates_keep_the_mention_with_a_null_value(nlp):
    ds = dates(nlp("The fire started 1000000 days ago."), published="2020-01-01")
    assert [(d.text, d.value) for d in ds] == [("1000000 days ago", None)]
    ds = dates(nlp("It happened on Wednesday and yesterday."), published="0001-01-01")
    assert ds and all(d.value is None for d in ds)
    assert [d.value for d in dates(nlp("It happened yesterday."), published="9999-12-31")] == ["9999-12-30"]
