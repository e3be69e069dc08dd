"""Quotations (``attribution.quotations``): pairing quote marks, and the quotation a cue takes as
its content, on sentences written for these tests."""

from __future__ import annotations

from attribution_helpers import analyze, one

from sourcetrace.extract.attribution import quote_spans


def test_direct_quote_after_cue(nlp):
    atts, _ = analyze(nlp, 'The coach said: "We will not give up on this season."')
    a = one(atts, "said")
    assert a.direct
    assert a.content.text.startswith('"') and "give up" in a.content.text


def test_direct_quote_before_cue(nlp):
    atts, ents = analyze(nlp, '"The numbers simply do not add up," said Olga Petrenko, an economist at the bank.')
    a = one(atts, "said")
    assert a.direct and "do not add up" in a.content.text
    assert "Olga Petrenko" in a.source.text
    assert a.source.kind == "person"
    assert a.source.entity is not None


def test_quote_spans_pair_curly_and_straight_quotes():
    text = "He said \u201cno\u201d twice and then \"maybe\" once."
    spans = quote_spans(text)
    assert [text[s:e] for s, e in spans] == ["\u201cno\u201d", '"maybe"']


def test_two_apostrophe_quotes_pair_up():
    text = "He paused. ''It is over,'' said the coach. ''We lost.'' Then he left."
    assert [text[s:e] for s, e in quote_spans(text)] == ["''It is over,''", "''We lost.''"]
