"""Statements cut from ledgers (link/statements.py) and matching text normalisation (link/normalize.py).

The articles are fictional, written for these tests."""

from __future__ import annotations

import pytest

from sourcetrace.link.normalize import normalize, tokens
from sourcetrace.link.statements import is_hedged, sentence_spans, statements
from sourcetrace.records import Article

ARTICLE = (
    "The mill at Dornach will close in October, the owners said on Monday. "
    "About 300 people work at the site. "
    "Will the town survive without it? "
    "The decision is a disgrace. "
    "Workers reportedly learned of the closure from a notice on the gate. "
    "Union leader Hanna Weir said the company had promised in 2021 to keep the mill open. "
    "Shocking!"
)


@pytest.fixture(scope="module")
def ledger(nlp):
    from sourcetrace.pipeline import analyze_article

    return analyze_article(Article(id="mill-1", text=ARTICLE, title="Dornach Mill To Close",
                                   published="2025-06-02"), nlp=nlp)


def _by_text(sts, needle):
    hits = [s for s in sts if needle in s.text]
    assert hits, f"no statement with {needle!r}: {[s.text for s in sts]}"
    return hits[0]


def test_attribution_contents_become_statements_with_their_source(ledger):
    sts = statements(ledger)
    close = _by_text(sts, "will close in October")
    assert close.kind == "attribution" and close.source is not None
    assert "owners" in close.source.text
    assert close.id == f"mill-1:{close.attribution}"
    promise = _by_text(sts, "keep the mill open")
    assert promise.source and "Hanna Weir" in promise.source.text
    assert any(d.value == "2021" for d in promise.dates)
    assert not promise.text.lower().startswith("that ")
    assert ledger["text"][promise.span[0]:promise.span[1]]  # offsets point into the text


def test_writer_assertions_exclude_questions_opinions_and_exclamations(ledger):
    sts = statements(ledger)
    own = [s for s in sts if s.kind == "assertion"]
    texts = " ".join(s.text for s in own)
    assert "About 300 people work at the site" in texts
    assert "survive" not in texts  # a question
    assert "disgrace" not in texts  # an opinion cue (signals.unattributed_opinion_sentences)
    assert "Shocking" not in texts  # an exclamation
    assert all(s.source is None for s in own)
    staff = _by_text(own, "300 people")
    assert [n.value for n in staff.numbers] == [300]
    # the sentence that holds an attribution is not repeated as the writer's own
    assert not any("owners said" in s.text for s in own)


def test_hedged_wording_lowers_certainty(ledger):
    sts = statements(ledger)
    notice = _by_text(sts, "notice on the gate")
    assert notice.certainty == "hedged"
    assert _by_text(sts, "300 people").certainty == "asserted"


def test_headline_statement_and_options(ledger):
    sts = statements(ledger)
    assert sts[0].kind == "headline" and sts[0].id == "mill-1:T" and sts[0].text == "Dornach Mill To Close"
    assert all(s.published == "2025-06-02" for s in sts)
    assert not any(s.kind == "headline" for s in statements(ledger, headline=False))
    assert all(s.kind == "attribution" for s in statements(ledger, headline=False, assertions=False))


def test_entities_in_a_statement_span(ledger):
    sts = statements(ledger)
    close = _by_text(sts, "will close in October")
    assert any(m.name == "Dornach" for m in close.entities)


def test_sentence_spans_keep_abbreviations_and_paragraphs():
    text = "Mr. Abel met Dr. Ruiz in the U.S. capital.\n\nThe talks ended. A deal followed"
    spans = sentence_spans(text)
    got = [text[s:e] for s, e in spans]
    assert got == ["Mr. Abel met Dr. Ruiz in the U.S. capital.", "The talks ended.", "A deal followed"]


def test_is_hedged():
    assert is_hedged("the ferry may be cancelled")
    assert is_hedged("the allegedly forged letters")
    assert not is_hedged("The vote is set for May 4")
    assert not is_hedged("the ferry was cancelled")


def test_normalize_strips_tweet_debris_and_keeps_prose():
    tweet = ("RT @harbourwatch: Ferry cancelled again &amp; nobody told us #PortChaos "
             "https://t.co/AbC123 — Lena Marsh (@lenamarsh) March 3, 2024")
    assert normalize(tweet) == 'Ferry cancelled again & nobody told us Port Chaos — Lena Marsh'
    glued = "Look at this#FloodWatchpic.twitter.com/xYz9 and www.example.org/page now"
    assert normalize(glued) == "Look at this Flood Watch and now"
    prose = "The council said  it would\nvote on Tuesday."
    assert normalize(prose) == "The council said it would vote on Tuesday."


def test_normalize_unifies_quotation_marks_but_not_apostrophes():
    a = normalize("A 'secret' memo wasn't shown to ‘the board’")
    b = normalize('A "secret" memo wasn\'t shown to “the board”')
    assert a == b == 'A "secret" memo wasn\'t shown to "the board"'


def test_tokens_drop_stop_words_and_apostrophes():
    assert tokens("The mayor didn't sign the 2024 budget") == ["mayor", "didnt", "sign", "2024", "budget"]
