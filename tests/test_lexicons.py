"""The word lists of ``sourcetrace/lexicons``: every file loads and passes validation, and the
validation catches what it is there for (lines written for these tests)."""

from __future__ import annotations

from importlib import resources

import pytest

from sourcetrace import lexicons

# lists matched with their case (proper names, calls to share written as they appear)
KEEP_CASE = {"media_outlets", "share_calls", "known_aliases", "post_nominals"}  # the lists the code loads with keep_case=True
# read line by line by their own loader (regular expressions, ``clean.boilerplate``)
OWN_LOADER = {"boilerplate_patterns"}


def _names() -> list[str]:
    return sorted(p.name[:-4] for p in resources.files(lexicons).iterdir() if p.name.endswith(".txt"))


def _has_fields(name: str) -> bool:
    lines = [line for line in lexicons._lines(name) if line.strip() and not line.lstrip().startswith("#")]
    return all("\t" in line for line in lines)


@pytest.mark.parametrize("name", [n for n in _names() if n not in OWN_LOADER])
def test_every_lexicon_loads_and_validates(name):
    keep = name in KEEP_CASE
    entries = lexicons.load_table(name, keep_case=keep) if _has_fields(name) else lexicons.load(name, keep_case=keep)
    assert entries


@pytest.mark.parametrize("name", _names())
def test_every_lexicon_header_names_its_source(name):
    header = " ".join(line for line in lexicons._lines(name) if line.startswith("#")).lower()
    assert any(word in header for word in ("source", "compiled", "written by")), name


def test_terms_is_a_cached_set():
    assert isinstance(lexicons.terms("hedge_adverbs"), frozenset)
    assert "reportedly" in lexicons.terms("hedge_adverbs")
    assert lexicons.terms("hedge_adverbs") is lexicons.terms("hedge_adverbs")


@pytest.mark.parametrize("lines, message", [
    (["# a list", "harbour", "Harbour"], "lower case"),
    (["# a list", "harbour", "quay", "harbour"], "listed twice"),
    (["# a list", "\tclass"], "empty term"),
    (["# a table", "harbour\t"], "empty field"),
    (["# only a header"], "empty"),
])
def test_validation_rejects_bad_lines(lines, message):
    with pytest.raises(lexicons.LexiconError, match=message):
        lexicons.parse("test", lines)


def test_a_table_needs_its_class():
    with pytest.raises(lexicons.LexiconError, match="class"):
        lexicons.parse("test", ["# a table", "harbour\tplace", "quay"], table=True)
    assert lexicons.parse("test", ["# a table", "harbour\tplace", "", "# note", "quay\tplace"], table=True) == {
        "harbour": ("place",), "quay": ("place",)}


def test_case_is_kept_where_asked():
    assert list(lexicons.parse("test", ["# names", "Kelmouth Gazette", "KPA"], keep_case=True)) == [
        "Kelmouth Gazette", "KPA"]
    with pytest.raises(lexicons.LexiconError, match="twice"):
        lexicons.parse("test", ["# names", "KPA", "KPA"], keep_case=True)


def test_media_cues_are_verb_preposition_pairs():
    from sourcetrace.extract.entities import MEDIA_CUES

    assert MEDIA_CUES and all(len(pair) == 2 for pair in MEDIA_CUES)
    assert ("publish", "in") in MEDIA_CUES
