"""Content repairs (``attribution.repairs``): contents in pieces around their cue, quotation
boundaries, the run on to the sentence end, on sentences written for these tests."""

from __future__ import annotations

import pytest
from attribution_helpers import one, pieces, run

from sourcetrace.evaluate.predict import attribution_json


# --- contents in pieces --------------------------------------------------------------------------

@pytest.mark.parametrize("model", ["rules", "default"])
def test_inserted_cue_splits_the_content(nlp, model):
    text = "The old pier, the harbour master said, will be torn down in June."
    a = one(run(nlp, text, model), "said")
    assert a.source.text == "the harbour master"
    assert pieces(text, a) == ["The old pier,", "will be torn down in June"]
    # the content still runs from the first piece to the last
    assert a.content.span == (a.content_parts[0][0], a.content_parts[1][1])


def test_inserted_cue_with_a_time_adverbial(nlp):
    text = "Ticket prices, the operator said on Friday, would rise by a tenth."
    a = one(run(nlp, text, "rules"), "said")
    assert pieces(text, a) == ["Ticket prices,", "would rise by a tenth"]


@pytest.mark.parametrize("model", ["rules", "default"])
def test_quotation_interrupted_by_its_cue_is_two_pieces(nlp, model):
    text = "\u201cWe will rebuild the bakery,\u201d the owner said on Sunday. \u201cIt may take a year.\u201d"
    a = one(run(nlp, text, model), "said")
    assert a.direct
    assert pieces(text, a) == ["\u201cWe will rebuild the bakery,\u201d", "\u201cIt may take a year.\u201d"]


def test_quotation_continues_after_a_clause_on_the_occasion(nlp):
    text = ("\u201cThe river is still rising,\u201d said Ms. Okafor, speaking at the dam on Monday. "
            "\u201cWe need more sandbags.\u201d")
    a = one(run(nlp, text, "rules"), "said")
    assert len(a.content_parts) == 2
    assert text[slice(*a.content_parts[1])] == "\u201cWe need more sandbags.\u201d"


def test_quotation_does_not_continue_into_a_new_report(nlp):
    text = ("\u201cThe river is still rising,\u201d said Ms. Okafor, adding that the dam held. "
            "\u201cWe need more sandbags.\u201d")
    a = one(run(nlp, text, "rules"), "said")
    assert a.content_parts == ()
    assert a.content.text == "\u201cThe river is still rising,\u201d"


def test_cue_inside_its_clause_is_not_split(nlp):
    # no comma sets the cue off: "what the mayor said" is part of the subject, not an insertion
    text = "What the mayor said surprised the council."
    assert all(a.content_parts == () for a in run(nlp, text, "rules"))


def test_prediction_format_lists_the_pieces(nlp):
    text = "The old pier, the harbour master said, will be torn down in June."
    rec = attribution_json(one(run(nlp, text, "rules"), "said"))
    assert [text[s:e] for s, e in rec["content_spans"]] == ["The old pier,", "will be torn down in June"]
    single = attribution_json(one(run(nlp, "The harbour master said the pier was safe.", "rules"), "said"))
    assert "content_spans" not in single


# --- content boundaries --------------------------------------------------------------------------

def test_partial_quote_takes_its_closing_mark(nlp):
    a = one(run(nlp, "The minister said the proposal was \u201ca waste of public money.\u201d", model="rules"), "said")
    assert a.content.text.endswith("money.\u201d")


def test_clause_of_a_two_sentence_quote_stands_for_the_whole_quote(nlp):
    text = "\u201cThe rent doubled. We cannot stay here,\u201d the tenant said."
    a = one(run(nlp, text, model="rules"), "said")
    assert a.content.text == "\u201cThe rent doubled. We cannot stay here,\u201d"


def test_content_runs_on_over_coordinated_phrases(nlp):
    text = "The candidate wants to raise the minimum wage, expand paid leave and cut bus fares."
    a = one(run(nlp, text, model="rules"), "wants")
    assert a.content.text.endswith("cut bus fares")
    short = one(run(nlp, text, model="rules", extend_contents=False), "wants")
    assert "cut bus fares" not in short.content.text
    assert short.content.text.startswith("to raise the minimum wage")


def test_quote_continues_after_a_comma_gap(nlp):
    text = ("\u201cWe trained hard all winter,\u201d the coach said, \u201cand the results show it.\u201d "
            "The team won again on Sunday.")
    a = one(run(nlp, text, model="rules"), "said")
    assert a.content.text.startswith("\u201cWe trained hard")
    assert a.content.text.endswith("show it.\u201d")


def test_content_display_joins_the_pieces():
    from sourcetrace.records import content_display

    text = "\u201cWe warned them,\u201d she said. \u201cNothing changed.\u201d"
    a = {"content": {"text": text, "span": [0, len(text)]}, "content_parts": [[0, 17], [28, 46]]}
    assert content_display(a, text) == "\u201cWe warned them,\u201d \u2026 \u201cNothing changed.\u201d"
    assert content_display({"content": {"text": "the plan", "span": [0, 8]}, "content_parts": []}, text) == "the plan"
    # bad pieces fall back to the content's text
    assert content_display({**a, "content_parts": [[0, 17], [90, 99]]}, text) == text


def test_store_and_report_show_the_pieces(nlp, tmp_path):
    import sqlite3

    from sourcetrace.cli import main
    from sourcetrace.pipeline import AnalyzeOptions, analyze_input
    from sourcetrace.report.text import render_text

    path = tmp_path / "ferry.txt"
    path.write_text("Ferry Service Resumes\n\nThe ferry between the two islands ran again on Monday after a week of "
                    "storms. \u201cThe crossing is safe again,\u201d the harbour master said on Monday. "
                    "\u201cWe checked every mooring.\u201d\n", encoding="utf-8")
    joined = "\u201cThe crossing is safe again,\u201d \u2026 \u201cWe checked every mooring.\u201d"
    ledger = analyze_input(str(path), AnalyzeOptions(check_language=False), nlp=nlp)
    a = next(a for a in ledger["attributions"] if a["cue"]["text"] == "said")
    assert len(a["content_parts"]) == 2
    assert joined in render_text(ledger, width=200)
    db = tmp_path / "c.db"
    assert main(["ingest", str(path), "--db", str(db)]) == 0
    row = sqlite3.connect(db).execute("SELECT content FROM attributions WHERE cue_text = 'said'").fetchone()
    assert row[0] == joined
