"""Punctuation frames (``attribution.punctuation``): colon lines and dash-signed quotations, on
sentences written for these tests."""

from __future__ import annotations

from attribution_helpers import one, run


def test_dash_signed_quotation(nlp):
    text = "\u201cWe were never asked about the closure.\u201d \u2015 Maria Lopez\n\nThe clinic shut in June."
    a = one(run(nlp, text, model="rules"), "\u2015")
    assert a.source.text == "Maria Lopez"
    assert a.content.text.startswith("\u201cWe were never asked")
    assert a.direct


def test_final_full_stop_is_not_content(nlp):
    a = one(run(nlp, "Poll: Most commuters back the tram extension.", model="rules"), ":")
    assert a.content.text == "Most commuters back the tram extension"
