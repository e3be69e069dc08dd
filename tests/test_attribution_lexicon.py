"""The word lists the attribution frames read (``attribution.lexicon``): loaded once from
``lexicons/*.txt``, their class columns validated, and each list used as its frame expects."""

from __future__ import annotations

import pytest

from sourcetrace import lexicons
from sourcetrace.extract.attribution import lexicon
from sourcetrace.extract.attribution.families import Family


def test_classes_of_a_table_must_be_known(monkeypatch):
    monkeypatch.setattr(lexicons, "load_table", lambda name: {"take": ("idiom",), "make": ("suport",)})
    with pytest.raises(lexicons.LexiconError, match="suport"):
        lexicon._classes("light_verbs", {"support", "idiom"})


def test_the_reporting_lexicon_gives_certainty_and_family():
    verbs = lexicon.reporting_verbs()
    assert verbs["say"] == ("asserted", Family.SPEECH)
    assert verbs["reveal"][0] == "factive"
    assert lexicon.reporting_verbs() is verbs  # loaded once


def test_the_lists_split_as_their_frames_expect():
    assert lexicon.LIGHT_VERBS and lexicon.IDIOM_LIGHT_VERBS
    assert not lexicon.LIGHT_VERBS & lexicon.IDIOM_LIGHT_VERBS
    assert lexicon.HEDGED_RAISING < lexicon.RAISING_PASSIVES
    assert lexicon.NOUN_CONTENT_PREPS < lexicon.LIGHT_PREPS
    assert not lexicon.PEOPLE_PRONOUNS & lexicon.NOT_HOLDERS
    assert set(lexicon.GATED_VERBS.values()) <= {"clause", "complement", "accusation", "main"}
    # addressee pronouns are object forms: "it" can stand for what was said
    assert "it" not in lexicon.ADDRESSEE_PRONOUNS and "them" in lexicon.ADDRESSEE_PRONOUNS


def test_a_reporting_verb_needs_a_known_family(monkeypatch):
    monkeypatch.setattr(lexicons, "load_table", lambda name: {"murmur": ("asserted", "whisper")})
    lexicon.reporting_verbs.cache_clear()
    try:
        with pytest.raises(lexicons.LexiconError, match="family"):
            lexicon.reporting_verbs()
    finally:
        monkeypatch.undo()
        lexicon.reporting_verbs.cache_clear()
    assert lexicon.reporting_verbs()["say"][1] == Family.SPEECH
