"""The cue model and the candidate frames it decides on, on sentences written for these tests.

Frame tests use a stub model (no weights, threshold 0: every candidate kept) so that they test the
rules that build source, cue and content, not the trained weights. Tests marked "shipped" use the
model in ``sourcetrace/models`` and assert only what any sensible model must keep.
"""

from __future__ import annotations

import json
import re

import pytest

from sourcetrace.cli import main
from sourcetrace.errors import SourcetraceError
from sourcetrace.extract import cue_model
from sourcetrace.extract.attributions import Options, attributions, quote_spans
from sourcetrace.extract.entities import entities


@pytest.fixture(scope="module")
def stub(tmp_path_factory):
    """Every candidate kept; a few learned candidate words as the trained model would list them."""
    model = cue_model.CueModel(weights={}, bias=0.0, threshold=0.0, candidates={
        "critical|ADJ": "adj", "worried|ADJ": "adj", "question|NOUN": "noun", "criticism|NOUN": "noun",
        "critic|NOUN": "noun", "praise|VERB": "verb"})
    path = tmp_path_factory.mktemp("model") / "stub.json"
    path.write_text(json.dumps(model.to_json()), encoding="utf-8")
    return str(path)


def run(nlp, text, model="default", **kw):
    doc = nlp(text)
    return attributions(doc, entities=entities(doc), options=Options(model=model, **kw))


def one(atts, cue):
    hits = [a for a in atts if cue in a.cue.text.lower()]
    assert hits, f"no attribution with cue {cue!r}: {[a.cue.text for a in atts]}"
    return hits[0]


# --- frames proposed for the model ---------------------------------------------------------------

def test_stance_adjective_after_be(nlp, stub):
    a = one(run(nlp, "The harbour master was critical of the new mooring fees.", stub), "critical")
    assert a.source.text == "The harbour master"
    assert a.cue.text == "was critical of"
    assert a.content.text == "the new mooring fees"


def test_stance_adjective_with_clause(nlp, stub):
    a = one(run(nlp, "Shop owners are worried that the roadworks will drive customers away.", stub), "worried")
    assert a.source.text == "Shop owners"
    assert a.content.text.startswith("that the roadworks")


def test_cue_noun_after_light_verb(nlp, stub):
    a = one(run(nlp, "The teachers' union raised questions about the exam timetable.", stub), "questions")
    assert "union" in a.source.text
    assert a.cue.text == "raised questions"
    assert a.content.text == "the exam timetable"


def test_cue_noun_with_possessor(nlp, stub):
    a = one(run(nlp, "The governor's criticism of the tunnel project surprised her allies.", stub), "criticism")
    assert "governor" in a.source.text
    assert a.content.text == "the tunnel project"


def test_cue_noun_after_be(nlp, stub):
    a = one(run(nlp, "The senator has been a vocal critic of the pipeline.", stub), "critic")
    assert a.source.text == "The senator"
    assert a.content.text == "the pipeline"


def test_learned_verb_with_object(nlp, stub):
    a = one(run(nlp, "Parents praised the new crossing outside the school.", stub), "praised")
    assert a.source.text == "Parents"
    assert a.content.text == "the new crossing outside the school"


def test_words_outside_the_candidates_are_not_proposed(nlp, stub):
    atts = run(nlp, "The farmers repaired the fence before the storm.", stub)
    assert atts == []


def test_dash_signed_quotation(nlp):
    text = "\u201cWe were never asked about the closure.\u201d \u2015 Maria Lopez\n\nThe clinic shut in June."
    a = one(run(nlp, text, model="rules"), "\u2015")
    assert a.source.text == "Maria Lopez"
    assert a.content.text.startswith("\u201cWe were never asked")
    assert a.direct


def test_called_for_takes_the_object_of_for(nlp):
    a = one(run(nlp, "The council called for a ban on fireworks near the harbour.", model="rules"), "called")
    assert a.cue.text == "called for"
    assert a.content.text == "a ban on fireworks near the harbour"


# --- content boundaries --------------------------------------------------------------------------

def test_partial_quote_takes_its_closing_mark(nlp):
    a = one(run(nlp, "The minister said the proposal was \u201ca waste of public money.\u201d", model="rules"), "said")
    assert a.content.text.endswith("money.\u201d")


def test_clause_of_a_two_sentence_quote_stands_for_the_whole_quote(nlp):
    text = "\u201cThe rent doubled. We cannot stay here,\u201d the tenant said."
    a = one(run(nlp, text, model="rules"), "said")
    assert a.content.text == "\u201cThe rent doubled. We cannot stay here,\u201d"


def test_final_full_stop_is_not_content(nlp):
    a = one(run(nlp, "Poll: Most commuters back the tram extension.", model="rules"), ":")
    assert a.content.text == "Most commuters back the tram extension"


def test_two_apostrophe_quotes_pair_up():
    text = "He paused. ''It is over,'' said the coach. ''We lost.'' Then he left."
    assert [text[s:e] for s, e in quote_spans(text)] == ["''It is over,''", "''We lost.''"]


def test_content_runs_on_over_coordinated_phrases(nlp):
    text = "The candidate wants to raise the minimum wage, expand paid leave and cut bus fares."
    a = one(run(nlp, text, model="rules"), "wants")
    assert a.content.text.endswith("cut bus fares")
    short = one(run(nlp, text, model="rules", extend_contents=False), "wants")
    assert "cut bus fares" not in short.content.text
    assert short.content.text.startswith("to raise the minimum wage")


# --- the shipped model ---------------------------------------------------------------------------

def test_shipped_model_loads_and_is_small():
    model = cue_model.load("default")
    assert model is not None, "src/sourcetrace/models/cue_model.json is missing"
    assert 0.0 < model.threshold < 1.0
    assert model.candidates and set(model.candidates.values()) <= {"verb", "noun", "adj"}
    assert model.meta["documents"] > 0 and re.fullmatch(r"[0-9a-f]{64}", model.meta["sha256"])


def test_shipped_model_keeps_plain_reporting(nlp):
    atts = run(nlp, "The fire chief said the blaze started in a storeroom. "
                    "\u201cNobody was hurt,\u201d she told reporters.")
    assert one(atts, "said").source.text == "The fire chief"
    assert one(atts, "told").content.text == "\u201cNobody was hurt,\u201d"


def test_shipped_model_keeps_evidential_adverbs(nlp):
    a = one(run(nlp, "Two guards allegedly accepted bribes from the smugglers."), "allegedly")
    assert a.source is None and a.certainty == "hedged"


def test_nested_reporting_kept_for_chains(nlp):
    atts = run(nlp, "The Valley Herald reported that police said the quarry would stay closed.")
    outer, inner = one(atts, "reported"), one(atts, "said")
    assert inner.source.text == "police"
    assert inner.via == outer.id
    dropped = run(nlp, "The Valley Herald reported that police said the quarry would stay closed.",
                  keep_nested=False)
    assert [a.cue.text for a in dropped] == ["reported"]


def test_bad_model_file_is_a_numbered_error(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "something else"}', encoding="utf-8")
    with pytest.raises(SourcetraceError) as err:
        cue_model.load(str(bad))
    assert err.value.code == "E050"
    with pytest.raises(SourcetraceError) as err:
        cue_model.load(str(tmp_path / "missing.json"))
    assert err.value.code == "E050"


def test_predict_with_a_bad_model_exits_with_its_code(tmp_path, capsys):
    docs = tmp_path / "docs.jsonl"
    docs.write_text(json.dumps({"id": "d1", "text": "The mayor said the bridge was safe."}) + "\n", encoding="utf-8")
    bad = tmp_path / "bad.json"
    bad.write_text("not json", encoding="utf-8")
    code = main(["predict", "attributions", "--input", str(docs), "--output", str(tmp_path / "p.jsonl"),
                 "--model", str(bad)])
    assert code != 0
    assert "[E050]" in capsys.readouterr().err


def test_raising_passive_of_a_learned_verb_does_not_crash(nlp, tmp_path):
    # "understand" is not in the reporting lexicon; a model that lists it proposes the raising passive
    model = cue_model.CueModel(weights={}, bias=0.0, threshold=0.0, candidates={"understand|VERB": "verb"})
    path = tmp_path / "understand.json"
    path.write_text(json.dumps(model.to_json()), encoding="utf-8")
    a = one(run(nlp, "The deal is understood to include a ten-year lease.", str(path)), "understood")
    assert a.source is None
    assert "include a ten-year lease" in a.content.text
    # and the shipped model runs on it without error
    assert all(a.cue.text for a in run(nlp, "The deal is understood to include a ten-year lease."))


def test_quote_continues_after_a_comma_gap(nlp):
    text = ("\u201cWe trained hard all winter,\u201d the coach said, \u201cand the results show it.\u201d "
            "The team won again on Sunday.")
    a = one(run(nlp, text, model="rules"), "said")
    assert a.content.text.startswith("\u201cWe trained hard")
    assert a.content.text.endswith("show it.\u201d")


def test_said_in_a_statement_that(nlp):
    a = one(run(nlp, "The water board said in a statement that the reservoir was safe.", model="rules"), "said")
    assert a.source.text == "The water board"
    assert a.content.text == "that the reservoir was safe"


def test_is_said_to_is_hearsay(nlp):
    a = one(run(nlp, "The former minister is said to be planning a comeback.", model="rules"), "said")
    assert a.source is None
    assert a.certainty == "hedged"


def test_features_name_the_source_kind_and_the_words_around_the_cue(nlp):
    from sourcetrace.extract.attributions import candidates, features

    doc = nlp("An official who asked not to be named said on Monday that the pier would close.")
    stub = cue_model.CueModel(weights={}, bias=0.0, threshold=0.0, candidates={})
    r = next(r for r in candidates(doc, model=stub) if doc.text[r.cue[0]:r.cue[1]] == "said")
    feats = features(doc, r, quote_spans(doc.text))
    assert "skind=unnamed" in feats
    assert "prev2=be" in feats and "prev=named" in feats and "next=on" in feats and "next2=monday" in feats
    assert any(f.startswith("hh=") for f in feats)
