"""How far a cue reaches (``extract.attribution.learned.cue_bounds``), on sentences written for these tests.

Most tests use hand-set weights, so they test the candidate edges and the choice, not the trained
weights; the "shipped" tests assert only what any sensible trained model must do.
"""

from __future__ import annotations

import json

import pytest

from sourcetrace.extract.attribution import Options, attributions, candidates
from sourcetrace.extract.attribution.learned import cue_bounds, cue_model
from sourcetrace.extract.attribution.learned.linear import linear
from sourcetrace.extract.entities import entities


def _cand(nlp, text, cue):
    doc = nlp(text)
    stub = cue_model.CueModel(weights={}, bias=0.0, threshold=0.0, candidates={})
    hits = [r for r in candidates(doc, model=stub) if doc.text[r.cue[0]:r.cue[1]] == cue]
    assert hits, [doc.text[r.cue[0]:r.cue[1]] for r in candidates(doc, model=stub)]
    return doc, hits[0]


def _texts(doc, ks):
    return [doc[k - 1].text for k in ks]


def test_end_candidates_stop_at_the_content(nlp):
    doc, r = _cand(nlp, "The harbour master said on Tuesday that the pier would close.", "said")
    ks, rule_k = cue_bounds.ends(doc, r)
    assert doc[rule_k - 1].text == "said"
    # "said", "said on", "said on Tuesday"; never into "that the pier ..." (the content)
    assert _texts(doc, ks) == ["said", "on", "Tuesday"]


def test_end_candidates_stop_at_punctuation(nlp):
    doc, r = _cand(nlp, "\u201cThe pier is unsafe,\u201d the harbour master said in a statement, adding that repairs would start soon.",
                   "said")
    ks, _ = cue_bounds.ends(doc, r)
    assert _texts(doc, ks) == ["said", "in", "a", "statement"]


def test_end_candidates_never_take_the_source(nlp):
    doc, r = _cand(nlp, "\u201cWe will rebuild the pier,\u201d said Mayor Ines Duarte on Friday.", "said")
    assert r.source is not None
    ks, _ = cue_bounds.ends(doc, r)
    assert _texts(doc, ks) == ["said"]


def test_start_candidates_stop_at_the_source(nlp):
    doc, r = _cand(nlp, "The ferry company earlier on Monday announced that fares would rise.", "announced")
    ss, rule_s = cue_bounds.starts(doc, r)
    assert doc[rule_s].text == "announced"
    assert [doc[s].text for s in ss] == ["earlier", "on", "Monday", "announced"]


@pytest.mark.parametrize("weights, expected", [
    ({"rule=True": 5.0}, None),
    ({"l_low=tuesday": 5.0}, "said on Tuesday"),
    ({"n_content=True": 5.0}, "said on Tuesday"),
    ({"l_low=on": 5.0}, "said on"),
])
def test_choose_takes_the_best_scoring_end(nlp, weights, expected):
    doc, r = _cand(nlp, "The harbour master said on Tuesday that the pier would close.", "said")
    span = cue_bounds.choose(doc, r, linear(weights, 0.0), None)
    assert (doc.text[span[0]:span[1]] if span else None) == expected


def test_choose_takes_the_best_scoring_start(nlp):
    doc, r = _cand(nlp, "The ferry company earlier on Monday announced that fares would rise.", "announced")
    span = cue_bounds.choose(doc, r, None, linear({"t_low=earlier": 5.0}, 0.0))
    assert doc.text[span[0]:span[1]] == "earlier on Monday announced"


def test_a_shorter_cue_keeps_its_head_word(nlp):
    doc, r = _cand(nlp, "The council insisted on Monday that the pier was safe.", "insisted")
    head = doc[r.head]
    ks, _ = cue_bounds.ends(doc, r)
    ss, _ = cue_bounds.starts(doc, r)
    assert min(ks) == head.i + 1 and max(ss) == head.i
    # whatever the weights prefer, the head word stays inside the cue
    for weights in ({"dist=-1": 9.0, "dist=-2": 9.0}, {"l_low=monday": 9.0}):
        span = cue_bounds.choose(doc, r, linear(weights, 0.0), linear(weights, 0.0))
        lo, hi = span or r.cue
        assert lo <= head.idx and head.idx + len(head) <= hi


def test_fixed_frames_keep_their_cue(nlp):
    doc = nlp("According to the port authority, the pier will close.")
    stub = cue_model.CueModel(weights={}, bias=0.0, threshold=0.0, candidates={})
    r = next(r for r in candidates(doc, model=stub) if r.family == "according_to")
    assert not cue_bounds.eligible(doc, r)
    assert cue_bounds.choose(doc, r, linear({"l_low=authority": 9.0}, 0.0), None) is None


def test_a_model_file_with_cue_models_round_trips(tmp_path):
    model = cue_model.CueModel(weights={"fam=speech": 1.0}, bias=0.0, threshold=0.5, candidates={},
                               cue_end_weights={"rule=True": 2.0}, cue_end_bias=-1.0,
                               cue_start_weights={"rule=True": 1.5})
    path = tmp_path / "m.json"
    path.write_text(json.dumps(model.to_json()), encoding="utf-8")
    back = cue_model.load(str(path))
    assert back.cue_end_weights == {"rule=True": 2.0} and back.cue_end_bias == -1.0
    assert back.cue_start_weights == {"rule=True": 1.5}
    data = model.to_json()
    del data["cue_end"], data["cue_start"]
    old = tmp_path / "old.json"
    old.write_text(json.dumps(data), encoding="utf-8")
    assert cue_model.load(str(old)).cue_end_weights == {}


def _run(nlp, text):
    doc = nlp(text)
    return attributions(doc, entities=entities(doc), options=Options())


def test_shipped_cue_model_takes_the_preposition_of_a_phrasal_cue(nlp):
    a = next(a for a in _run(nlp, "Residents raised questions about the cost of the new ferry terminal.")
             if "questions" in a.cue.text)
    assert a.cue.text == "raised questions about"
    assert a.content.text.startswith("the cost")


def test_shipped_cue_model_leaves_the_addressee_out(nlp):
    a = next(a for a in _run(nlp, "The harbour master told reporters that the pier would close in June.")
             if a.cue.text.startswith("told"))
    assert a.cue.text == "told"
