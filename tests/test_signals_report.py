"""Signals on sentences written for these tests, and the text/HTML reports (content, escaping)."""

from __future__ import annotations

from sourcetrace.extract.attributions import attributions
from sourcetrace.extract.entities import entities
from sourcetrace.extract.signals import signals
from sourcetrace.ledger import build, validate
from sourcetrace.pipeline import analyze_doc
from sourcetrace.records import Article
from sourcetrace.report.html import render_html
from sourcetrace.report.text import render_text


def sig_of(nlp, text, removed=()):
    doc = nlp(text)
    return signals(doc, attributions=attributions(doc, entities=entities(doc)), removed=removed)


def test_loaded_terms_match_by_lemma(nlp):
    s = sig_of(nlp, "The regime's cronies slammed the outrageous ruling. Their scandals keep growing.")
    lemmas = {t["lemma"] for t in s["loaded_terms"]}
    assert {"regime", "crony", "slam", "outrageous", "scandal"} <= lemmas
    for t in s["loaded_terms"]:
        assert t["category"] in ("pejorative", "emotive", "intensifier", "verb", "opinion")


def test_neutral_text_has_no_loaded_terms(nlp):
    assert sig_of(nlp, "The committee met on Tuesday and approved the budget for the library.")["loaded_terms"] == []


def test_calls_to_share_from_removed_and_body(nlp):
    s = sig_of(nlp, "Spread the word before it is too late. The council meets today.", removed=["Please share!"])
    assert "Please share!" in s["calls_to_share"]
    assert any("Spread the word" in c for c in s["calls_to_share"])


def test_named_source_share_and_kinds(nlp):
    text = ("Maria Lopez, the city's treasurer, said the deficit had doubled. "
            "Some critics believe the figures are wrong. The plan was reportedly shelved.")
    s = sig_of(nlp, text)
    total = sum(s["attributions_by_kind"].values())
    assert total == sum(s["attributions_by_certainty"].values()) >= 3
    assert s["attributions_by_kind"]["none"] >= 1
    assert 0 < s["named_source_share"] < 1


def test_hedges_rate_and_unattributed_opinion(nlp):
    s = sig_of(nlp, "The bridge may close soon. Officials said repairs could take months. The council should resign.")
    assert s["hedges_per_1000_words"] > 0
    texts = [o["text"] for o in s["unattributed_opinion_sentences"]]
    assert any("should resign" in t for t in texts)
    assert not any("Officials said" in t for t in texts)


def _ledger(nlp, text, title="<script>alert(1)</script> Budget row"):
    doc = nlp(text)
    art = Article(id="t1", text=text, title=title, published="2024-05-02", removed=("Share this:",))
    return build(art, analyze_doc(doc, published=art.published, removed=art.removed))


TEXT = ('The mayor said the budget would be cut by $2 million. "We <b>will</b> not accept this," '
        "said Omar Reid, a union leader. The plan was reportedly drafted in 2023.")


def test_ledger_validates_and_text_report(nlp):
    ledger = _ledger(nlp, TEXT)
    validate(ledger)
    out = render_text(ledger, color=False)
    assert "Who says what" in out and "Omar Reid" in out and "(no source given)" in out
    assert "2,000,000 USD" in out


def test_html_report_escapes_everything(nlp):
    ledger = _ledger(nlp, TEXT + " <img src=x onerror=alert(2)>")
    page = render_html(ledger)
    assert "<script>" not in page and "<img" not in page and "<b>will" not in page
    assert "&lt;script&gt;" in page
    assert "Content-Security-Policy" in page and "script-src" not in page
    assert 'class="cue"' in page and "content-asserted" in page


def test_empty_ledger_renders(nlp):
    ledger = _ledger(nlp, "The weather was mild.", title=None)
    assert render_text(ledger)
    assert "<html" in render_html(ledger)
