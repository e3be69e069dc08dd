"""The verb frame (``attribution.verbs`` and ``attribution.grammar``): cue, source, voice and
certainty of verb cues, on sentences written for these tests (one behaviour per test)."""

from __future__ import annotations

import json

import pytest
from attribution_helpers import analyze, cand, cands, learned, one, rules, run  # noqa: F401 - learned is a fixture

from sourcetrace.extract.attribution.learned import cue_model


def test_said_with_clause(nlp):
    atts, _ = analyze(nlp, "The mayor said the bridge would reopen in May.")
    a = one(atts, "said")
    assert a.source.text == "The mayor"
    assert "bridge would reopen" in a.content.text
    assert a.certainty == "asserted"
    assert a.source.kind == "official"


def test_told_with_recipient(nlp):
    atts, _ = analyze(nlp, "A hospital spokeswoman told reporters that four patients had been moved.")
    a = one(atts, "told")
    assert "spokeswoman" in a.source.text
    assert "four patients had been moved" in a.content.text
    assert "reporters" not in a.content.text


def test_claim_is_distanced(nlp):
    atts, _ = analyze(nlp, "Opposition lawmakers claim the election results were altered.")
    a = one(atts, "claim")
    assert a.certainty == "distanced"
    assert "lawmakers" in a.source.text


def test_passive_accusation_without_agent(nlp):
    atts, _ = analyze(nlp, "The company has been accused of dumping waste into the river.")
    a = one(atts, "accused")
    assert a.source is None
    assert a.certainty == "distanced"
    assert "dumping waste" in a.content.text


def test_passive_with_agent(nlp):
    atts, _ = analyze(nlp, "The minister was accused by several aid groups of hiding the report.")
    a = one(atts, "accused")
    assert a.source is not None and "aid groups" in a.source.text
    assert a.source.kind == "vague"


def test_factive_cue(nlp):
    atts, _ = analyze(nlp, "The audit revealed that the fund had lost millions.")
    a = one(atts, "revealed")
    assert a.certainty == "factive"
    assert a.source.kind == "document"


def test_modal_hedges_a_cue(nlp):
    atts, _ = analyze(nlp, "Investigators may conclude that the fire was deliberate.")
    assert not atts or all(a.certainty in ("hedged", "asserted", "factive") for a in atts)


def test_said_as_adjective_is_not_a_cue(nlp):
    atts, _ = analyze(nlp, "The said property was sold at auction in 1998.")
    assert atts == []


def test_finite_adverbial_clause_keeps_its_own_subject(nlp):
    a = one(rules(nlp, "While the mayor said the mill would close, the workers hoped for a buyer."), "said")
    assert a.source.text == "the mayor"


def test_verb_chain_is_one_cue(nlp):
    atts = rules(nlp, "The union refused to concede that the strike had failed.")
    cues = [a.cue.text for a in atts]
    assert "refused to concede" in cues
    assert "refused" not in cues  # overlapping cues are one attribution
    a = one(atts, "refused to concede")
    assert a.content.text == "that the strike had failed"


def test_raising_passive_keeps_its_hearsay_cue(nlp):
    a = one(rules(nlp, "The former minister is said to be planning a comeback."), "said")
    assert a.cue.text == "is said" and a.certainty == "hedged"


def test_is_said_to_is_hearsay(nlp):
    a = one(run(nlp, "The former minister is said to be planning a comeback.", model="rules"), "said")
    assert a.source is None
    assert a.certainty == "hedged"


def test_asked_participle_has_no_source_of_its_own(nlp):
    atts = rules(nlp, "Asked whether the plan would work, the mayor said she was confident.")
    asked = one(atts, "asked")
    assert asked.source is None  # who asked is not said; the mayor is who was asked
    assert asked.content.text == "whether the plan would work"
    assert one(atts, "said").source.text == "the mayor"


def test_asked_read_as_a_past_tense_is_still_a_participle(nlp):
    # the tagger reads this clause-initial "Asked" as VBD; it has no subject of its own
    atts = rules(nlp, "Asked what that might look like, she said: \"We will see.\"")
    assert one(atts, "asked").source is None
    assert one(atts, "said").source.text == "she"


def test_participle_of_feeling_belongs_to_the_main_subject(nlp):
    rows = cands(nlp, "Worried about the cost, the council delayed the vote.")
    assert [r for r in rows if r[0].startswith("Worried") and r[1] == "the council"]


def test_inverted_speaker_after_a_quotation_the_parser_split(nlp):
    text = ("\u201cAnybody who crosses the council, it is like buyer beware,\u201d said Ann Lee, who has chaired "
            "the planning board since 2015.")
    a = one(rules(nlp, text), "said")
    assert a.source.text.startswith("Ann Lee")
    assert a.direct


@pytest.mark.parametrize("text, content", [
    ("For the council, the vote seemed a reminder that the pier matters.",
     "For the council, the vote seemed a reminder that the pier matters"),
    ("Now the repair seemed like an impossible task.", "Now the repair seemed like an impossible task"),
])
def test_seem_with_an_object_or_like_phrase(nlp, text, content):
    row = cand(cands(nlp, text), "seemed")
    assert row[1] is None and row[2] == content and row[3] == "evidential"


def test_called_for_takes_the_object_of_for(nlp):
    a = one(run(nlp, "The council called for a ban on fireworks near the harbour.", model="rules"), "called")
    assert a.cue.text == "called for"
    assert a.content.text == "a ban on fireworks near the harbour"


def test_learned_verb_with_object(nlp, learned):
    a = one(run(nlp, "Parents praised the new crossing outside the school.", learned), "praised")
    assert a.source.text == "Parents"
    assert a.content.text == "the new crossing outside the school"


def test_words_outside_the_candidates_are_not_proposed(nlp, learned):
    atts = run(nlp, "The farmers repaired the fence before the storm.", learned)
    assert atts == []


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


def test_non_reporting_verbs_are_ignored(nlp):
    atts, _ = analyze(nlp, "The river flooded the valley and the farmers lost their harvest.")
    assert atts == []


def test_spans_point_into_text(nlp):
    text = 'Officials said the road was closed. "It is unsafe," a police officer told the Courier.'
    atts, _ = analyze(nlp, text)
    assert atts
    for a in atts:
        for part in (a.cue, a.content) + ((a.source,) if a.source else ()):
            s, e = part.span
            assert text[s:e] == part.text
