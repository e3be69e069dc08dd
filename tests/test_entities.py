"""Entity merging on sentences written for these tests: acronyms, aliases, surnames, outlets."""

from __future__ import annotations

import pytest

from sourcetrace.extract.entities import EntityIndex, entities


def _find(ents, name):
    low = name.lower()
    for e in ents:
        if e.name.lower() == low or low in (a.lower() for a in e.aliases):
            return e
    return None


def test_acronym_definition_merges(nlp):
    doc = nlp("The World Meteorological Organization (WMO) issued a warning. Later the WMO said storms would follow.")
    e = _find(entities(doc), "World Meteorological Organization")
    assert e is not None
    assert "WMO" in e.aliases or e.name == "WMO"
    assert len(e.mentions) >= 3


def test_aka_alias_merges_with_person(nlp):
    doc = nlp("Police arrested Karim Haddad, aka 'The Accountant', in March. Haddad denied the charges.")
    e = _find(entities(doc), "Karim Haddad")
    assert e is not None and e.type == "PERSON"
    names = {a.lower() for a in e.aliases}
    assert any("accountant" in n for n in names)
    assert "haddad" in names


def test_also_known_as_alias(nlp):
    doc = nlp("The Northern Rail Workers Union, also known as the NRWU, called a strike on Monday.")
    e = _find(entities(doc), "NRWU")
    assert e is not None
    assert "rail" in e.name.lower() or any("rail" in a.lower() for a in e.aliases)


def test_surname_mention_joins_full_name(nlp):
    doc = nlp("Helena Marquez, the finance minister, presented the budget. Marquez said taxes would not rise.")
    e = _find(entities(doc), "Helena Marquez")
    assert e is not None and e.type == "PERSON"
    assert len(e.mentions) == 2


def test_outlet_from_apposition_is_media(nlp):
    doc = nlp("The Valley Courier, a weekly newspaper, reported the closure first.")
    e = _find(entities(doc), "Valley Courier")
    assert e is not None and e.type == "MEDIA"


def test_outlet_from_cue_pattern_is_media(nlp):
    doc = nlp("The interview was published in the Riverside Gazette on Sunday.")
    e = _find(entities(doc), "Riverside Gazette")
    assert e is not None and e.type == "MEDIA"


def test_short_form_of_outlet(nlp):
    doc = nlp("An editorial in the Harbor Daily Ledger criticised the mayor. The Ledger has long opposed him.")
    e = _find(entities(doc), "Harbor Daily Ledger")
    assert e is not None
    assert len(e.mentions) >= 2


def test_different_people_stay_apart(nlp):
    doc = nlp("Anna Fischer met Paul Novak in Vienna. Fischer later said the talks went well.")
    ents = entities(doc)
    anna, paul = _find(ents, "Anna Fischer"), _find(ents, "Paul Novak")
    assert anna is not None and paul is not None and anna.id != paul.id
    assert len(paul.mentions) == 1


def test_ids_and_mentions_are_consistent(nlp):
    doc = nlp("Germany and France signed the accord in Paris. Germany said it would ratify it soon.")
    ents = entities(doc)
    assert [e.id for e in ents] == [f"E{i}" for i in range(1, len(ents) + 1)]
    for e in ents:
        for s, t in e.mentions:
            assert 0 <= s < t <= len(doc.text)
    index = EntityIndex(ents)
    germany = _find(ents, "Germany")
    s, t = germany.mentions[0]
    assert index.at(s, t) == germany.id


@pytest.mark.parametrize("debris", ["Print Friendly, PDF & Email", "Share this article"])
def test_no_entities_without_names(nlp, debris):
    # widget text is removed by cleaning; should it reach the extractor, it names nobody
    ents = entities(nlp("The council met on Tuesday."))
    assert not any(debris.lower() in e.name.lower() for e in ents)
