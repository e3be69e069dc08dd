"""Prepositional sources (``attribution.prepositional``): "according to X" and "In a poll, ...",
on sentences written for these tests."""

from __future__ import annotations

import pytest
from attribution_helpers import analyze, cand, cands, one


def test_according_to_before_clause(nlp):
    atts, _ = analyze(nlp, "According to the ministry of health, vaccination rates fell last winter.")
    a = one(atts, "according to")
    assert "ministry of health" in a.source.text
    assert "vaccination rates fell" in a.content.text


def test_according_to_after_clause(nlp):
    atts, _ = analyze(nlp, "The factory will close next year, according to two union officials.")
    a = one(atts, "according to")
    assert a.source.text == "two union officials"
    assert "factory will close" in a.content.text


@pytest.mark.parametrize("text, cue, source, content", [
    ("In a Herald poll last week, most voters said the ferry should stay.", "In", "a Herald poll last week",
     "most voters said the ferry should stay"),
    ("By the union's count, 300 jobs are at risk.", "By", "the union's count", "300 jobs are at risk"),
    ("In her view, the pier is safe.", "In", "her view", "the pier is safe"),
    ("Support for the ferry has fallen in the polls.", "in", "the polls", "Support for the ferry has fallen"),
    ("To many, the harbour master is a hero.", "To", "many", "the harbour master is a hero"),
])
def test_prepositional_sources(nlp, text, cue, source, content):
    row = cand(cands(nlp, text), cue)
    assert row[1:] == (source, content, "prep_source")


@pytest.mark.parametrize("text", [
    "The mayor said in a statement that the pier was safe.",  # where the cue said it
    "For now, the pier stays open.",  # a set phrase
    "In March, the pier was closed.",  # a date
    "She lives in a house by the harbour.",  # not a source noun
    "To the reporters, the mayor said the pier was safe.",  # the addressee of a verb of saying
    "To this point, the pier has been safe.",  # not people
    "In other words, the pier is closed.",  # an idiom, not a source
    "For this, the mayor apologized.",  # a pronoun that names no one
])
def test_prepositional_phrases_that_are_not_sources(nlp, text):
    assert not [r for r in cands(nlp, text) if r[3] == "prep_source"]
