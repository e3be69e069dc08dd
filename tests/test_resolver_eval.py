"""The source resolver measured on the annotated cases of tests/data/resolver_cases.jsonl.

See docs/resolver.md for how the cases were written and what the measurement means.
"""

from __future__ import annotations

import importlib.util
from collections import Counter
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

_spec = importlib.util.spec_from_file_location("eval_resolver", REPO / "benchmarks" / "eval_resolver.py")
ev = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(ev)

# Measured on 2026-11-25 with `python benchmarks/eval_resolver.py` (salience resolver, shipped cue
# model, en_core_web_sm 3.8.0): 105 of 135 cases correct (77.8% over all cases, 78.4% of the 134
# whose target attribution was extracted; the earlier recency-only resolver scored 48.9%). Round 1
# shaped the resolver; on round 2 it scores 65.2%. The floor sits a few points below the measured
# figure; raise it when the resolver improves.
ACCURACY_FLOOR = 74.0


@pytest.fixture(scope="module")
def cases():
    return ev.load_cases()


@pytest.fixture(scope="module")
def result(nlp, cases):
    return ev.evaluate(cases, nlp)


def by_id(cases, cid):
    return next(c for c in cases if c["id"] == cid)


def test_cases_are_well_formed(cases):
    assert len(cases) >= 80
    assert len({c["id"] for c in cases}) == len(cases)
    counts = Counter(c["category"] for c in cases)
    assert set(counts) == set(ev.CATEGORIES)
    assert min(counts.values()) >= 10, counts
    for c in cases:
        assert ev.cue_offset(c) is not None, c["id"]
        assert c["source_text"] in c["text"], c["id"]
        assert (c["antecedent"] is None) == (c["category"] == "no_antecedent"), c["id"]
        if c["antecedent"] is not None:
            assert c["antecedent"] in c["text"], c["id"]


def test_accuracy_floor(result):
    overall = result["summary"]["overall"]
    assert overall["cases"] >= 80
    assert overall["accuracy_all"] >= ACCURACY_FLOOR, overall
    assert sum(overall["outcomes"].values()) == overall["cases"]


def test_baseline_and_outcomes_are_reported(result):
    s = result["summary"]
    assert s["overall"]["baseline_found"] is not None
    assert set(s["by_category"]) == set(ev.CATEGORIES)
    assert all(r["outcome"] in ev.OUTCOMES for r in result["cases"])


def test_match_rule():
    from sourcetrace.records import Entity

    ent = Entity(id="E1", name="Amara Okafor", type="PERSON", aliases=("Okafor",), mentions=((0, 12),))
    assert ev.matches(ent, "Dr. Amara Okafor")  # the name inside the antecedent
    assert ev.matches(ent, "okafor")  # an alias, case-insensitive
    assert not ev.matches(ent, "Tunde Bello")


def test_cue_occurrence_counts_words_in_the_text(cases):
    c = by_id(cases, "hs06")  # '"...," said Ines Moreau ... She said ...': the second "said"
    assert c["cue_occurrence"] == 2
    assert c["text"][ev.cue_offset(c) - 4:ev.cue_offset(c)] == "She "


# Single cases the current resolver gets right; each fails if resolution breaks for its pattern.

@pytest.mark.parametrize("cid, expected", [
    ("hs05", "Colm Brennan"),  # "He" with the antecedent in the previous paragraph
    ("it05", "Tidewell Insurance"),  # "It" skips a person mentioned in between
    ("me10", "Coastal Herald"),  # "The newspaper" skips a person, previous paragraph
    ("na04", None),  # "His spokeswoman" (unnamed) is not resolved to her boss
    ("hs01", "Daniel Osei"),  # "He": the earlier subject beats a more recent object
    ("hs07", "Helen Ashby"),  # "she": a name inside her own quotation is not a candidate
    ("it02", "Orsa Motors"),  # "It": the subject company beats a nearer city
    ("pe05", "Dan Whitlock"),  # "The mayor": the mention titled "Mayor" wins over a nearer city
    ("or05", "Ministry of Education"),  # "The ministry" is a body, not the person named after it
    ("na02", None),  # "They" after "Dozens of taxi drivers" is not the company named after them
])
def test_single_case(nlp, cases, cid, expected):
    row = ev.run_case(nlp, by_id(cases, cid))
    assert row["outcome"] == "correct", row
    if expected is None:
        assert row["resolved"] is None
    else:
        assert expected in row["resolved"]
