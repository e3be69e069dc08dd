"""Selection (``attribution.select``): what the cue model keeps, nested reporting kept for the
source chains, one attribution per cue, on sentences written for these tests."""

from __future__ import annotations

from attribution_helpers import one, run


def test_nested_reporting_kept_for_chains(nlp):
    atts = run(nlp, "The Valley Herald reported that police said the quarry would stay closed.")
    outer, inner = one(atts, "reported"), one(atts, "said")
    assert inner.source.text == "police"
    assert inner.via == outer.id
    dropped = run(nlp, "The Valley Herald reported that police said the quarry would stay closed.",
                  keep_nested=False)
    assert [a.cue.text for a in dropped] == ["reported"]

