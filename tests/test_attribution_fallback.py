"""The fallback frame (``attribution.fallback``), proposed to the cue model only: participles,
relative clauses, agentless passives and prepositional objects of lexicon verbs, on sentences
written for these tests."""

from __future__ import annotations

import pytest
from attribution_helpers import frames, rules


@pytest.mark.parametrize("text, cue, source, content, frame", [
    # fallback: a participle or relative clause reports on the noun it modifies
    ("The ferry contract, announced on Tuesday, runs for ten years.", "announced", None, "The ferry contract", "fallback"),
    ("It was a charge that the harbour board strongly denied.", "strongly denied", "the harbour board", "a charge",
     "fallback"),
    ("The plan, which the council rejected, was revived.", "rejected", "the council", "which", "fallback"),
    ("The fishermen opposed the toll the council favoured.", "favoured", "the council", "the toll", "fallback"),
    # fallback: a passive whose subject is what was done or said
    ("New ferry rules were announced last year.", "were announced", None, "New ferry rules", "fallback"),
    # fallback: the object of a preposition after the verb ("quibbled over" is a verb only the lexicon lists)
    ("The two captains quibbled over the timetable.", "quibbled", "The two captains", "the timetable", "fallback"),
])
def test_frames_only_the_model_sees(nlp, text, cue, source, content, frame):
    rows = [r for r in frames(nlp, text) if r[0] == cue]
    assert rows, frames(nlp, text)
    assert rows[0][1:] == (source, content, frame)


@pytest.mark.parametrize("text", [
    "The mayor said that the pier was safe.",  # a clause: the verb's own frame
    "The mayor warned them.",  # a lone addressee is not what was said
    "The mayor spoke in March.",  # a date is when, not what
    "Nothing was said.",  # a pronoun subject of a passive names nothing
    "The dockers' union, also known as the DWF, met on Monday.",  # a second name, not a claim
])
def test_fallback_frame_stays_out_of_the_way(nlp, text):
    assert not [r for r in frames(nlp, text) if r[3] == "fallback"]


def test_rules_alone_never_use_the_fallback_frame(nlp):
    atts = rules(nlp, "The ferry contract, announced on Tuesday, runs for ten years.")
    assert not [a for a in atts if "announced" in a.cue.text]
