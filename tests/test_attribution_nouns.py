"""Nouns, light verbs and stance adjectives as cues (``attribution.nouns``), proposed to the cue
model only; tested on its candidates (a stub model keeps every one), on sentences written for
these tests."""

from __future__ import annotations

import pytest
from attribution_helpers import cand, cands, frames, learned, one, run  # noqa: F401 - learned is a fixture


def test_stance_adjective_after_be(nlp, learned):
    a = one(run(nlp, "The harbour master was critical of the new mooring fees.", learned), "critical")
    assert a.source.text == "The harbour master"
    assert a.cue.text == "was critical of"
    assert a.content.text == "the new mooring fees"


def test_stance_adjective_with_clause(nlp, learned):
    a = one(run(nlp, "Shop owners are worried that the roadworks will drive customers away.", learned), "worried")
    assert a.source.text == "Shop owners"
    assert a.content.text.startswith("that the roadworks")


def test_cue_noun_after_light_verb(nlp, learned):
    a = one(run(nlp, "The teachers' union raised questions about the exam timetable.", learned), "questions")
    assert "union" in a.source.text
    assert a.cue.text == "raised questions"
    assert a.content.text == "the exam timetable"


def test_cue_noun_with_possessor(nlp, learned):
    a = one(run(nlp, "The governor's criticism of the tunnel project surprised her allies.", learned), "criticism")
    assert "governor" in a.source.text
    assert a.content.text == "the tunnel project"


def test_cue_noun_after_be(nlp, learned):
    a = one(run(nlp, "The senator has been a vocal critic of the pipeline.", learned), "critic")
    assert a.source.text == "The senator"
    assert a.content.text == "the pipeline"


def test_noun_cue_with_an_infinitive(nlp):
    row = cand(cands(nlp, "Her promise to rebuild the pier won her the election."), "promise")
    assert row[1] == "Her" and row[2] == "to rebuild the pier"


@pytest.mark.parametrize("text, cue, source, content, frame", [
    # a light verb makes a speech act of its object; the target may hang on the noun or on the verb
    ("The harbour master took aim at the new timetable.", "took aim", "The harbour master", "the new timetable",
     "light"),
    ("The mayor made comments about the ferry fares.", "made comments", "The mayor", "the ferry fares", "light"),
    ("Two captains paid tribute to the lifeboat crew.", "paid tribute", "Two captains", "the lifeboat crew", "light"),
    # a noun of speech or stance the lexicon lacks, only with a holder of its own
    ("The mayor's harsh attacks on the harbour board drew criticism.", "attacks", "The mayor", "the harbour board",
     "holder"),
])
def test_noun_frames_only_the_model_sees(nlp, text, cue, source, content, frame):
    rows = [r for r in frames(nlp, text) if r[0] == cue]
    assert rows, frames(nlp, text)
    assert rows[0][1:] == (source, content, frame)


@pytest.mark.parametrize("text", [
    "The mayor took the ferry to the island.",  # not a noun of speech
    "The mayor made a statement.",  # no target: nothing to attribute
    "The attack on the convoy killed two drivers.",  # a noun of speech without a holder
])
def test_light_verbs_without_a_speech_act(nlp, text):
    assert not [r for r in frames(nlp, text) if r[3] in ("light", "holder")]
