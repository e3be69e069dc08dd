"""Signals on sentences written for these tests: loaded terms by lemma, share calls, sourcing rates."""

from __future__ import annotations

import pytest

from sourcetrace import lexicons
from sourcetrace.extract.attribution import attributions
from sourcetrace.extract.entities import entities
from sourcetrace.extract.signals import signals
from sourcetrace.records import CERTAINTIES, SOURCE_KINDS

CATEGORIES = {"pejorative", "emotive", "intensifier", "verb", "opinion"}


def sig_of(nlp, text, removed=()):
    doc = nlp(text)
    return signals(doc, attributions=attributions(doc, entities=entities(doc)), removed=removed)


def lemmas(sig):
    return {t["lemma"] for t in sig["loaded_terms"]}


def test_lexicon_is_large_valid_and_categorised():
    table = lexicons.load_table("loaded_terms")
    assert len(table) >= 250
    assert {fields[0] for fields in table.values()} == CATEGORIES
    for term in ("dalliance", "scandal", "regime", "thug", "slam", "outrageous", "shocking", "blatant",
                 "so-called", "notorious", "crony", "puppet", "propaganda"):
        assert term in table, term


def test_loaded_terms_match_inflected_forms(nlp):
    s = sig_of(nlp, "The harbour board's cronies slammed the blatant cover-ups. "
                    "Her secret dalliances with two puppets became the notorious scandals of the season.")
    assert {"crony", "slam", "blatant", "cover up", "dalliance", "puppet", "notorious", "scandal"} <= lemmas(s)
    for t in s["loaded_terms"]:
        assert t["category"] in CATEGORIES
    texts = {t["text"] for t in s["loaded_terms"]}
    assert {"cronies", "slammed", "dalliances", "scandals"} <= texts


def test_loaded_term_spans_point_into_the_text(nlp):
    text = "A so-called reform and a witch hunt, the columnist wrote, were utterly shameful."
    s = sig_of(nlp, text)
    assert {"so called", "witch hunt", "utterly", "shameful"} <= lemmas(s)
    for t in s["loaded_terms"]:
        start, end = t["span"]
        assert text[start:end] == t["text"]


def test_part_of_speech_limits_ambiguous_words(nlp):
    # "lies" as a place ("the village lies ...") and "blast" as an explosion are not loaded words.
    s = sig_of(nlp, "The fishing village lies on a narrow bay. A gas blast damaged two sheds.")
    assert not {"lie", "blast"} & lemmas(s)
    s = sig_of(nlp, "The minister lied about the ferry contract.")
    assert "lied" in lemmas(s)


def test_neutral_copy_has_no_loaded_terms(nlp):
    s = sig_of(nlp, "The parish council met on Wednesday and approved a budget for the new library roof.")
    assert s["loaded_terms"] == []


def test_loaded_term_inside_a_quote_is_marked_attributed(nlp):
    s = sig_of(nlp, 'The ferry operator said the delays were "outrageous and unacceptable". Ticket sales fell.')
    outrageous = next(t for t in s["loaded_terms"] if t["lemma"] == "outrageous")
    assert outrageous["attributed"] is True


@pytest.mark.parametrize("line", ["Please share this with your neighbours", "SHARE THIS ARTICLE",
                                  "Spread the word!", "Forward this to everyone you know", "RT if you agree"])
def test_calls_to_share_in_removed_lines(nlp, line):
    s = sig_of(nlp, "The orchard festival opens on Saturday.", removed=[line, "Contact the newsroom"])
    assert s["calls_to_share"] == [line]


def test_calls_to_share_in_body_but_not_plain_mentions(nlp):
    s = sig_of(nlp, "Spread the word before the vote. The museum shares its garden with a school.")
    assert len(s["calls_to_share"]) == 1 and s["calls_to_share"][0].startswith("Spread the word")


def test_counts_by_kind_and_certainty_add_up(nlp):
    text = ("Ines Vasquez, the port director, said cargo traffic had doubled. "
            "Some analysts believe the figures are inflated. The warehouse was reportedly sold.")
    s = sig_of(nlp, text)
    assert set(s["attributions_by_kind"]) == set(SOURCE_KINDS) | {"none"}
    assert set(s["attributions_by_certainty"]) == set(CERTAINTIES)
    total = sum(s["attributions_by_kind"].values())
    assert total == sum(s["attributions_by_certainty"].values()) >= 3
    assert s["attributions_by_kind"]["none"] >= 1


def test_named_source_share_counts_names_not_descriptions(nlp):
    named = sig_of(nlp, "Ines Vasquez said the cargo terminal would close. Tomas Berg said it would not.")
    assert named["named_source_share"] == 1.0
    unnamed = sig_of(nlp, "Local officials said the cargo terminal would close. Some residents said it would not.")
    assert unnamed["named_source_share"] == 0.0
    mixed = sig_of(nlp, "Ines Vasquez said the cargo terminal would close. Some residents said it would not.")
    assert mixed["named_source_share"] == pytest.approx(0.5)
    assert sig_of(nlp, "The tide came in at noon.")["named_source_share"] is None


def test_hedge_rate_per_thousand_words(nlp):
    s = sig_of(nlp, "The bridge may close soon. The new pier could open in spring. The toll was allegedly raised.")
    # three hedges (may, could, allegedly) in seventeen words
    assert s["word_count"] == 17
    assert s["hedges_per_1000_words"] == pytest.approx(1000 * 3 / 17, abs=0.01)
    assert sig_of(nlp, "The bridge closed at noon.")["hedges_per_1000_words"] == 0.0


def test_reporting_verb_reported_is_not_a_hedge(nlp):
    s = sig_of(nlp, "The harbour gazette reported that ten boats sank.")
    assert s["hedges_per_1000_words"] == 0.0
    s = sig_of(nlp, "The reported sinking of ten boats worried the harbour board.")
    assert s["hedges_per_1000_words"] > 0


def test_unattributed_opinion_is_the_writers_voice(nlp):
    text = ("The council should resign. Ines Vasquez said the scheme was a disgraceful waste. "
            "The ferry timetable changes on Monday.")
    s = sig_of(nlp, text)
    texts = [o["text"] for o in s["unattributed_opinion_sentences"]]
    assert texts == ["The council should resign."]
    start, end = s["unattributed_opinion_sentences"][0]["span"]
    assert text[start:end].strip() == texts[0]


def test_style_counts(nlp):
    s = sig_of(nlp, "The NASA probe landed. DO NOT believe the ABSOLUTELY FALSE rumours! Wow!")
    assert s["exclamations"] == 2
    assert s["sentence_count"] >= 3
    assert {"DO", "NOT", "ABSOLUTELY", "FALSE"} <= set(s["all_caps_words"])
    assert "NASA" not in s["all_caps_words"]


def test_quote_share(nlp):
    s = sig_of(nlp, '"We will rebuild the pier," said Tomas Berg. Ines Vasquez said the cost would rise.')
    assert 0 < s["quote_share"] < 1
    assert sig_of(nlp, "Nothing was said.")["quote_share"] is None


def test_empty_text(nlp):
    s = sig_of(nlp, "")
    assert s["word_count"] == 0 and s["loaded_terms"] == [] and s["named_source_share"] is None
    assert s["hedges_per_1000_words"] == 0.0


@pytest.mark.shared
def test_seed_article_signals(nlp, seed_path):
    from sourcetrace.clean import clean_article
    from sourcetrace.ingest import read_input

    article = clean_article(read_input(str(seed_path)))
    doc = nlp(article.text)
    s = signals(doc, attributions=attributions(doc, entities=entities(doc)), removed=article.removed)
    assert s["calls_to_share"]
    assert any("dalliances" in t["text"] for t in s["loaded_terms"])


# --- the writer's opinion is not a quotation or a claim (issue 15) --------------------------------

def _opinions(nlp, text):
    from sourcetrace.extract import attributions
    from sourcetrace.extract.entities import entities
    from sourcetrace.extract.signals import signals

    doc = nlp(text)
    atts = attributions(doc, entities=entities(doc))
    return [o["text"] for o in signals(doc, attributions=atts)["unattributed_opinion_sentences"]]


def test_writer_opinion_is_flagged(nlp):
    ops = _opinions(nlp, "The council met on Monday. This disgraceful scheme should be scrapped at once.")
    assert any("disgraceful" in o for o in ops)


def test_quotation_continued_over_sentences_is_not_the_writers_opinion(nlp):
    text = ('"We will not be silenced," the harbour master told the crowd. "This disgraceful scheme must '
            'be stopped. The port should stay open."\n\n"Every worker here deserves better," he added.')
    ops = _opinions(nlp, text)
    assert not any("disgraceful" in o or "should stay open" in o for o in ops), ops


def test_paragraph_in_quotes_without_a_cue_is_not_the_writers_opinion(nlp):
    text = ("The harbour master spoke for ten minutes.\n\n"
            "\u201cThis disgraceful scheme must be stopped, and the port should stay open.\u201d")
    assert _opinions(nlp, text) == []


def test_sentence_inside_a_reported_claim_is_not_flagged(nlp):
    text = "The union claimed that the disgraceful scheme should be scrapped before the summer."
    assert _opinions(nlp, text) == []
