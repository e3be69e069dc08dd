"""Content boundaries: contents in pieces around their cue, and the content-end model
(``extract.content_bounds``), on sentences written for these tests.

End-model tests use hand-set weights, so they test the boundary candidates and the choice, not the
trained weights; tests marked "shipped" assert only what any sensible trained model must do.
"""

from __future__ import annotations

import json

import pytest

from sourcetrace.evaluate.predict import attribution_json
from sourcetrace.extract import content_bounds, cue_model
from sourcetrace.extract.attributions import Options, attributions, candidates
from sourcetrace.extract.entities import entities


def run(nlp, text, model="default", **kw):
    doc = nlp(text)
    return attributions(doc, entities=entities(doc), options=Options(model=model, **kw))


def one(atts, cue):
    hits = [a for a in atts if cue in a.cue.text.lower()]
    assert hits, f"no attribution with cue {cue!r}: {[a.cue.text for a in atts]}"
    return hits[0]


def pieces(text, a):
    return [text[s:e] for s, e in a.content_parts]


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


# --- the content-end model ------------------------------------------------------------------------

SENT = "The minister said the bridge would reopen in May, after a safety inspection. Traffic was light."


def _said(nlp, text=SENT):
    doc = nlp(text)
    stub = cue_model.CueModel(weights={}, bias=0.0, threshold=0.0, candidates={})
    r = next(r for r in candidates(doc, model=stub) if doc.text[r.cue[0]:r.cue[1]] == "said")
    return doc, r


def test_trimmed_end_drops_punctuation_and_quote_marks():
    text = "it was \u201ca disgrace.\u201d \u00a0"
    assert text[:content_bounds.trimmed_end(text, 0, len(text))] == "it was \u201ca disgrace"
    assert content_bounds.trimmed_end(",,", 0, 2) == 0


def test_boundaries_stay_in_the_sentence_and_skip_punctuation(nlp):
    doc, r = _said(nlp)
    ks, rule_k, last = content_bounds.boundaries(doc, r)
    ends = [doc.text[r.content[0]:doc[k - 1].idx + len(doc[k - 1])] for k in ks]
    assert ends[0] == "the"
    assert ends[-1] == "the bridge would reopen in May, after a safety inspection"
    assert not any(e.endswith(",") for e in ends)
    assert "Traffic" not in " ".join(ends)
    assert rule_k in ks and last == ks[-1]


@pytest.mark.parametrize("weights, expected", [
    ({"last=True": 5.0}, "the bridge would reopen in May, after a safety inspection"),
    ({"n_low=,": 5.0}, "the bridge would reopen in May"),
    ({"len=1": 5.0}, "the"),
])
def test_choose_end_takes_the_best_scoring_boundary(nlp, weights, expected):
    doc, r = _said(nlp)
    span = content_bounds.choose_end(doc, r, content_bounds.linear(weights, 0.0), set())
    assert doc.text[span[0]:span[1]] == expected


def _cand(nlp, text, cue):
    doc = nlp(text)
    stub = cue_model.CueModel(weights={}, bias=0.0, threshold=0.0, candidates={})
    return doc, next(r for r in candidates(doc, model=stub) if doc.text[r.cue[0]:r.cue[1]] == cue)


def test_start_candidates_run_from_the_cue_into_the_content(nlp):
    doc, r = _cand(nlp, "The inspector expressed concern that the new dam would leak.", "expressed")
    ss, rule_s, after_cue = content_bounds.starts(doc, r)
    assert doc[after_cue].text == "concern" and ss[0] == after_cue
    assert doc[rule_s].text == "concern"
    assert [doc[s].text for s in ss][:3] == ["concern", "that", "the"]
    assert doc[ss[-1]].text != "."


def test_a_later_start_gives_the_skipped_words_to_the_cue(nlp):
    doc, r = _cand(nlp, "The inspector expressed concern that the new dam would leak.", "expressed")
    content, cue = content_bounds.choose_start(doc, r, content_bounds.linear({"t_low=that": 5.0}, 0.0))
    assert doc.text[content[0]:content[1]].startswith("that the new dam would leak")
    assert doc.text[cue[0]:cue[1]] == "expressed concern"


def test_the_rules_start_changes_nothing(nlp):
    doc, r = _cand(nlp, "The inspector expressed concern that the new dam would leak.", "expressed")
    assert content_bounds.choose_start(doc, r, content_bounds.linear({"rule=True": 5.0}, 0.0)) is None


def test_an_earlier_start_leaves_the_cue_alone(nlp):
    doc, r = _cand(nlp, "The mayor told reporters on Monday that the bridge was safe.", "told")
    ss, rule_s, after_cue = content_bounds.starts(doc, r)
    assert ss[0] == after_cue < rule_s
    content, cue = content_bounds.choose_start(doc, r, content_bounds.linear({"adjacent=True": 5.0}, 0.0))
    assert doc.text[content[0]:content[1]].startswith("reporters on Monday that the bridge")
    assert cue == r.cue


def test_direct_quotations_keep_their_ends(nlp):
    doc = nlp("She said: \u201cThe bridge is safe, and it will reopen.\u201d")
    stub = cue_model.CueModel(weights={}, bias=0.0, threshold=0.0, candidates={})
    for r in candidates(doc, model=stub):
        if r.direct:
            assert content_bounds.choose_end(doc, r, content_bounds.linear({"len=1": 9.0}, 0.0), set()) is None


def test_a_model_file_with_an_end_model_round_trips(tmp_path):
    model = cue_model.CueModel(weights={"fam=speech": 1.0}, bias=0.0, threshold=0.5, candidates={},
                               end_weights={"rule=True": 2.0}, end_bias=-1.0)
    path = tmp_path / "m.json"
    path.write_text(json.dumps(model.to_json()), encoding="utf-8")
    back = cue_model.load(str(path))
    assert back.end_weights == {"rule=True": 2.0} and back.end_bias == -1.0
    assert back.start_weights == {}
    # a file without one (older models) loads with no end model
    data = model.to_json()
    del data["content_end"]
    old = tmp_path / "old.json"  # (load() caches by path)
    old.write_text(json.dumps(data), encoding="utf-8")
    assert cue_model.load(str(old)).end_weights == {}


def test_shipped_end_model_keeps_contents_in_their_sentence(nlp):
    text = ("The fire chief said the blaze began in a storeroom behind the kitchen, and that nobody was hurt. "
            "Crews left at noon.")
    a = one(run(nlp, text), "said")
    assert a.content.text.startswith("the blaze began in a storeroom")
    assert "Crews" not in a.content.text


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
