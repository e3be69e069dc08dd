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


# --- order-free merging, acronyms that fit, outlets, junk (issue 15) ------------------------------

def _one(ents, *names):
    """The entity holding all ``names`` (as name or alias); fails when they are split."""
    found = {n: _find(ents, n) for n in names}
    assert all(found.values()), f"missing: {[n for n, e in found.items() if e is None]} in {[(e.name, e.aliases) for e in ents]}"
    ids = {e.id for e in found.values()}
    assert len(ids) == 1, f"split over {ids}: {[(e.name, e.aliases) for e in ents]}"
    return next(iter(found.values()))


def test_surname_first_then_full_name_merge(nlp):
    # the short form comes first; the order of mentions must not matter
    doc = nlp("Marlow said the bridge was safe. Senator Ellen Marlow later repeated the claim in Dunmore.")
    e = _one(entities(doc), "Ellen Marlow", "Marlow")
    assert e.name == "Ellen Marlow" and e.type == "PERSON" and len(e.mentions) == 2


def test_title_is_not_part_of_the_name(nlp):
    doc = nlp("Okafor spoke first at the rally in Lagos. Then President Daniel Okafor left, and Mr. Okafor's aides followed.")
    e = _one(entities(doc), "Daniel Okafor", "Okafor")
    assert e.name == "Daniel Okafor"


def test_acronym_defined_after_its_first_use(nlp):
    doc = nlp("EU ministers met on Monday. The talks were hosted by the European Union (EU) in Brussels.")
    e = _one(entities(doc), "European Union", "EU")
    assert e.name == "European Union"


@pytest.mark.parametrize("text,full,acronym", [
    ("The National Rifle Association (NRA) sued the city over the new rules.", "National Rifle Association", "NRA"),
    ("The Bureau of Land Management (BLM) closed the trail for the winter.", "Bureau of Land Management", "BLM"),
    ("The Federal Aviation Administration's (FAA) rules changed overnight.", "Federal Aviation Administration", "FAA"),
])
def test_acronym_in_brackets_whose_initials_fit(nlp, text, full, acronym):
    _one(entities(nlp(text)), full, acronym)


@pytest.mark.parametrize("text,place,agency", [
    ("KELMOUTH, NORVANIA (AFP) - Dock workers walked out on Monday, the union said.", "NORVANIA", "AFP"),
    ("Washington (CNN) The senator said the vote on the harbour bill would be delayed.", "Washington", "CNN"),
])
def test_dateline_agency_is_no_acronym_of_the_place(nlp, text, place, agency):
    ents = entities(nlp(text))
    p, a = _find(ents, place), _find(ents, agency)
    assert p is not None and a is not None and p.id != a.id
    assert agency not in p.aliases and p.type == "GPE" and a.type == "MEDIA"


def test_initials_rules():
    from sourcetrace.extract.names import initials_fit

    assert initials_fit("EU", "European Union")
    assert initials_fit("BLM", "Bureau of Land Management")  # "of" skipped
    assert initials_fit("DoD", "Department of Defense")  # "of" counted
    assert initials_fit("ICE", "Immigration and Customs Enforcement")
    assert initials_fit("AFP", "Agence France-Presse")  # both parts of the hyphenated word
    assert initials_fit("NRA", "the National Rifle Association's")
    assert not initials_fit("AFP", "NORVANIA")
    assert not initials_fit("CNN", "Washington")
    assert not initials_fit("KPA", "Kelmouth Gazette")


def test_free_standing_acronym_joins_the_one_name_it_fits(nlp):
    doc = nlp("The Dunmore Water Authority raised its prices. Critics say the DWA ignored the drought.")
    _one(entities(doc), "Dunmore Water Authority", "DWA")


@pytest.mark.parametrize("text,outlet", [
    ("Variety reported that the studio had cancelled the film.", "Variety"),
    ("Zero Hedge ran the story first, and the mayor denied it.", "Zero Hedge"),
    ("Breaking Defense said the frigate order would be delayed.", "Breaking Defense"),
    ("The editor told the Times of London that the letter was genuine.", "Times of London"),
    ("A reporter for the Harwick Evening Herald asked the question.", "Harwick Evening Herald"),
])
def test_outlets_are_media(nlp, text, outlet):
    e = _find(entities(nlp(text)), outlet)
    assert e is not None and e.type == "MEDIA"


def test_charity_reported_by_is_not_an_outlet(nlp):
    e = _find(entities(nlp("The abuses were reported by Cafod, the Catholic aid agency.")), "Cafod")
    assert e is None or e.type != "MEDIA"


def test_outlet_word_in_a_longer_name_is_not_the_outlet(nlp):
    ents = entities(nlp("The Vice President met the Fortune 500 chief executives in Dunmore."))
    assert not any(e.type == "MEDIA" for e in ents)


def test_outlet_short_form_before_or_after(nlp):
    doc = nlp("The Post said the deal was off. The claim first appeared in the Dunmore Post on Sunday.")
    _one(entities(doc), "Dunmore Post", "Post")


@pytest.mark.parametrize("text,junk", [
    ("Add ¼ cup feta and stir, then serve the salad cold.", "cup feta"),
    ("The film didn't work, he said, and the studio won't say why.", "n't"),
    ("The panel was chaired by Carl Ames, PhD, who spoke last.", "PhD"),
    ("Supporters posted #KeepTheHarbour all night.", "KeepTheHarbour"),
])
def test_junk_is_no_entity(nlp, text, junk):
    ents = entities(nlp(text))
    assert not any(junk.lower() in e.name.lower() or any(junk.lower() in a.lower() for a in e.aliases) for e in ents)


def test_names_only_in_a_title_case_line_are_dropped(nlp):
    text = ("Crypto Miners Cheer As Harbour Tokens Soar Again\n\n"
            "The port of Dunmore reopened on Monday after the storm, the harbour master said.")
    ents = entities(nlp(text))
    assert not any("Harbour Tokens" in e.name or "Crypto Miners" in e.name for e in ents)
    assert _find(ents, "Dunmore") is not None


def test_name_in_headline_and_body_is_kept(nlp):
    text = "Marta Velasco Wins Harbour Seat\n\nMarta Velasco was elected on Sunday, officials said."
    assert _find(entities(nlp(text)), "Marta Velasco") is not None


def test_naming_frames_merge(nlp):
    doc = nlp("Voss, born Peter Anton Kell, told reporters he had left. Later Voss decided to change his name "
              "to Martin Oslo.")
    _one(entities(doc), "Voss", "Peter Anton Kell", "Martin Oslo")


def test_ordinals_meet(nlp):
    doc = nlp("Congress ratified the 27th Amendment in 1992. The Twenty-seventh Amendment limits pay rises.")
    ents = entities(doc)
    e = _find(ents, "27th Amendment") or _find(ents, "Twenty-seventh Amendment")
    assert e is not None and len(e.mentions) == 2


def test_known_alias_lexicon(nlp):
    doc = nlp("Texas will vote in March. Voters across the Lone Star State expect a long count.")
    e = _one(entities(doc), "Texas", "Lone Star State")
    assert e.name == "Texas"


def test_two_people_sharing_a_surname_stay_apart(nlp):
    doc = nlp("Anna Brandt and Peter Brandt arrived in Vienna. Brandt said later the talks went well.")
    ents = entities(doc)
    anna, peter = _find(ents, "Anna Brandt"), _find(ents, "Peter Brandt")
    assert anna is not None and peter is not None and anna.id != peter.id


def test_key_forms():
    from sourcetrace.extract.names import core_words, key

    assert key("U.S.") == key("US") == "us"
    assert key("redOrbit.com") == key("Redorbit") == "redorbit"
    assert key("the Twenty-second Amendment") == key("22nd Amendment") == "22nd amendment"
    assert core_words("Sen. John McCain") == ("john", "mccain")
    assert core_words("Ms. Murad") == ("murad",)


def test_entity_eval_counts_on_a_written_example(nlp):
    from sourcetrace.evaluate.entities import evaluate

    text = ("Marlow said the bridge was safe. Senator Ellen Marlow later repeated the claim.\n\n"
            "Anna Brandt met Peter Brandt.")
    docs = [{"id": "x", "text": text,
             "entity_groups": [["Ellen Marlow", "Marlow"], ["Anna Brandt", "Peter Brandt"], ["Nowhere", "Nothing"]],
             "not_entities": ["repeated the claim"]}]
    r = evaluate(docs, nlp=nlp)
    assert (r["groups_merged"], r["groups_split"], r["groups_absent"]) == (1, 1, 1)
    assert r["merged_share"] == 50.0 and r["not_entities_found"] == 0


@pytest.mark.shared
def test_genre_dev_entity_groups_gate(nlp, shared_dir):
    # floors pinned below the measured 93.4% merged / 11 of 99 junk strings / 0 dateline acronyms
    import json

    from sourcetrace.evaluate.entities import evaluate

    path = shared_dir / "data" / "genre" / "dev.jsonl"
    if not path.is_file():
        pytest.skip(f"{path} missing")
    docs = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
    r = evaluate(docs, nlp=nlp)
    assert r["merged_share"] >= 90.0
    assert r["dateline_acronyms"] == 0
    assert r["not_entities_found"] <= 14
