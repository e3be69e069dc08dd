"""Content boundaries: the content-end and content-start models
(``extract.attribution.learned.content_bounds``), on sentences written for these tests.

End-model tests use hand-set weights, so they test the boundary candidates and the choice, not the
trained weights; tests marked "shipped" assert only what any sensible trained model must do.
"""

from __future__ import annotations

import json

import pytest

from attribution_helpers import one, run

from sourcetrace.extract.attribution import candidates
from sourcetrace.extract.attribution.learned import content_bounds, cue_model
from sourcetrace.extract.attribution.learned.linear import linear, trimmed_end


# --- the content-end model ------------------------------------------------------------------------

SENT = "The minister said the bridge would reopen in May, after a safety inspection. Traffic was light."


def _said(nlp, text=SENT):
    doc = nlp(text)
    stub = cue_model.CueModel(weights={}, bias=0.0, threshold=0.0, candidates={})
    r = next(r for r in candidates(doc, model=stub) if doc.text[r.cue[0]:r.cue[1]] == "said")
    return doc, r


def test_trimmed_end_drops_punctuation_and_quote_marks():
    text = "it was \u201ca disgrace.\u201d \u00a0"
    assert text[:trimmed_end(text, 0, len(text))] == "it was \u201ca disgrace"
    assert trimmed_end(",,", 0, 2) == 0


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
    span = content_bounds.choose_end(doc, r, linear(weights, 0.0), set())
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
    content, cue = content_bounds.choose_start(doc, r, linear({"t_low=that": 5.0}, 0.0))
    assert doc.text[content[0]:content[1]].startswith("that the new dam would leak")
    assert doc.text[cue[0]:cue[1]] == "expressed concern"


def test_the_rules_start_changes_nothing(nlp):
    doc, r = _cand(nlp, "The inspector expressed concern that the new dam would leak.", "expressed")
    assert content_bounds.choose_start(doc, r, linear({"rule=True": 5.0}, 0.0)) is None


def test_an_earlier_start_leaves_the_cue_alone(nlp):
    doc, r = _cand(nlp, "The mayor told reporters on Monday that the bridge was safe.", "told")
    ss, rule_s, after_cue = content_bounds.starts(doc, r)
    assert ss[0] == after_cue < rule_s
    content, cue = content_bounds.choose_start(doc, r, linear({"adjacent=True": 5.0}, 0.0))
    assert doc.text[content[0]:content[1]].startswith("reporters on Monday that the bridge")
    assert cue == r.cue


def test_direct_quotations_keep_their_ends(nlp):
    doc = nlp("She said: \u201cThe bridge is safe, and it will reopen.\u201d")
    stub = cue_model.CueModel(weights={}, bias=0.0, threshold=0.0, candidates={})
    for r in candidates(doc, model=stub):
        if r.direct:
            assert content_bounds.choose_end(doc, r, linear({"len=1": 9.0}, 0.0), set()) is None


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
