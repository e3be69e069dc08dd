"""Evidential adverbs (``attribution.adverbials``): sourceless hedged claims, on sentences written
for these tests."""

from __future__ import annotations

import pytest
from attribution_helpers import analyze, one, run


def test_reportedly_is_hedged_and_sourceless(nlp):
    atts, _ = analyze(nlp, "The ferry operator reportedly cancelled all crossings for the weekend.")
    a = one(atts, "reportedly")
    assert a.source is None
    assert a.certainty == "hedged"
    assert "cancelled all crossings" in a.content.text


@pytest.mark.parametrize("text, content", [
    # a coordinated clause with a subject of its own is not what the adverb hedges
    ("The ferry operator reportedly cancelled all crossings, and the harbour master is said to be furious.",
     "The ferry operator reportedly cancelled all crossings"),
    # a shared subject keeps both verbs in the hedged claim
    ("The ferry operator reportedly cancelled all crossings and closed the ticket office.",
     "The ferry operator reportedly cancelled all crossings and closed the ticket office"),
])
def test_reportedly_hedges_its_own_clause(nlp, text, content):
    atts, _ = analyze(nlp, text)
    assert one(atts, "reportedly").content.text == content


def test_allegedly_hedges(nlp):
    atts, _ = analyze(nlp, "Two guards allegedly accepted bribes from the smugglers.")
    a = one(atts, "allegedly")
    assert a.certainty == "hedged"


def test_shipped_model_keeps_evidential_adverbs(nlp):
    a = one(run(nlp, "Two guards allegedly accepted bribes from the smugglers."), "allegedly")
    assert a.source is None and a.certainty == "hedged"
