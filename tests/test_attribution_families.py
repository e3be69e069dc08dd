"""The cue families and their policy table (``attribution.families``): the table says what each
family does downstream, and the stages follow it (sentences written for these tests)."""

from __future__ import annotations

import json

import pytest
from attribution_helpers import candidate, cands, rules, run

from sourcetrace.extract.attribution import POLICY, Candidate, Family, policy, reporting_verbs
from sourcetrace.extract.attribution.learned import content_bounds, cue_bounds, cue_model
from sourcetrace.extract.attribution.options import Options
from sourcetrace.extract.attribution.quotations import inside_quote
from sourcetrace.extract.attribution.repairs import extend_to_sentence_end


def _with(flag: str) -> set[str]:
    return {str(f) for f, p in POLICY.items() if getattr(p, flag)}


def test_every_family_has_a_policy_and_its_ledger_string():
    assert set(POLICY) == set(Family)
    assert {f.value for f in Family} == {
        "speech", "belief", "show", "cite", "publish", "accuse", "attitude", "evidential", "passive", "other",
        "noun", "according_to", "prep_source", "colon", "adverbial"}
    assert f"fam={Family.SPEECH}" == "fam=speech"  # feature names of the cue model
    assert json.dumps({"cue_family": Family.ACCORDING_TO}) == '{"cue_family": "according_to"}'


def test_the_reporting_lexicon_uses_the_families():
    assert {fam for _, fam in reporting_verbs().values()} <= set(Family)
    assert all(isinstance(fam, Family) for _, fam in reporting_verbs().values())


def test_policy_reads_a_ledger_string():
    assert policy("according_to") is POLICY[Family.ACCORDING_TO]
    with pytest.raises(ValueError):
        policy("quote")  # tested for once, never produced: not a family


def test_the_table_is_todays_behaviour():
    # the sets the three modules used to write out, each in its own way
    assert _with("rules_content") == {"adverbial", "colon", "according_to", "noun", "prep_source"}
    assert _with("fixed_cue") == {"colon", "according_to", "prep_source"}
    assert _with("kept_nested") == {"speech", "cite", "publish"}
    assert _with("passes_on") == {"cite", "publish"}
    assert {str(f) for f, p in POLICY.items() if not p.nests_in_quotes} == {"according_to", "colon"}
    assert _with("always_kept") == {"adverbial"}
    assert _with("model_only") == {"other", "noun", "prep_source"}
    assert _with("yields_to_adverb") == {"other", "noun"}


def test_content_bounds_follow_the_table(nlp):
    doc, said = candidate(nlp, "The harbour master said the pier would close on Friday after the storm.", "said")
    assert content_bounds.eligible(doc, said)
    said.family = Family.NOUN  # a family whose content keeps the rules' bounds
    assert not content_bounds.eligible(doc, said)


def test_the_run_to_the_sentence_end_follows_the_table(nlp):
    text = "The candidate wants to raise the minimum wage, expand paid leave and cut bus fares."
    doc, wants = candidate(nlp, text, "wants")
    before = wants.content
    extend_to_sentence_end(doc, [wants], Options())
    assert doc.text[wants.content[0]:wants.content[1]].endswith("cut bus fares")
    doc, wants = candidate(nlp, text, "wants")
    wants.family = Family.ADVERBIAL
    extend_to_sentence_end(doc, [wants], Options())
    assert wants.content == before


def test_cue_bounds_follow_the_table(nlp):
    doc, prep = candidate(nlp, "In her view, the pier is safe.", "In", lexicon={"promise|NOUN": "noun"})
    assert prep.family == Family.PREP_SOURCE and not cue_bounds.eligible(doc, prep)
    doc, said = candidate(nlp, "The harbour master said on Monday that the pier was safe.", "said")
    assert cue_bounds.eligible(doc, said)


def test_a_colon_inside_a_quotation_is_not_nested_speech():
    quotes = [(0, 40)]
    inner = dict(cue=(10, 14), content=(15, 30), source=(5, 9), source_head=None, certainty="asserted")
    assert inside_quote(Candidate(family=Family.SPEECH, **inner), quotes, "none")
    assert not inside_quote(Candidate(family=Family.SPEECH, **inner), quotes, "speech")
    assert not inside_quote(Candidate(family=Family.COLON, **inner), quotes, "none")
    assert inside_quote(Candidate(family=Family.BELIEF, **inner), quotes, "speech")


def test_model_only_families_need_the_model(nlp):
    text = ("In her view, the pier is safe. The mayor's criticism of the fares surprised the council. "
            "The two captains quibbled over the timetable.")
    lexicon = {"criticism|NOUN": "noun", "quibble|VERB": "verb"}
    proposed = {r[3] for r in cands(nlp, text, lexicon=lexicon)}
    assert {"prep_source", "noun", "other"} <= proposed
    assert not {a.cue_family for a in rules(nlp, text)} & {"prep_source", "noun", "other"}


def _model_file(tmp_path, name, **kw):
    model = cue_model.CueModel(**{"weights": {}, "bias": 0.0, "threshold": 0.0, "candidates": {}, **kw})
    path = tmp_path / name
    path.write_text(json.dumps(model.to_json()), encoding="utf-8")
    return str(path)


def test_an_adverb_takes_the_place_of_a_learned_word_only(nlp, tmp_path):
    keep_all = _model_file(tmp_path, "quibble.json", candidates={"quibble|VERB": "verb"})
    cues = [a.cue.text for a in run(nlp, "The two captains reportedly quibbled over the timetable.", keep_all)]
    assert "reportedly" in cues and "quibbled" not in cues
    atts = run(nlp, "The two captains reportedly said the timetable was wrong.", keep_all)
    assert [a.cue.text for a in atts] == ["said"] and atts[0].certainty == "hedged"


def test_adverbials_are_kept_whatever_the_score(nlp, tmp_path):
    strict = _model_file(tmp_path, "strict.json", threshold=0.99)
    atts = run(nlp, "Two guards allegedly accepted bribes from the smugglers.", strict)
    assert [a.cue_family for a in atts] == ["adverbial"]
    assert run(nlp, "The harbour master said the crossings were safe.", strict) == []


def test_only_the_nested_families_are_kept_for_chains(nlp, tmp_path):
    outlet = _model_file(tmp_path, "outlet.json", weights={"lem=report": 10.0}, bias=-5.0, threshold=0.5)
    said = run(nlp, "The Valley Herald reported that police said the quarry would stay closed.", outlet)
    assert [a.cue.text for a in said] == ["reported", "said"]
    believe = run(nlp, "The Valley Herald reported that police believe the quarry will stay closed.", outlet)
    assert [a.cue.text for a in believe] == ["reported"]

