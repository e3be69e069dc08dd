"""Sources (``attribution.sources``): the source phrase and its edges, its kind, and the entity a
pronoun refers to, on sentences written for these tests."""

from __future__ import annotations

import pytest
from attribution_helpers import analyze, one, rules

from sourcetrace.extract.attribution import source_kind


def test_pronoun_source_resolves_to_previous_person(nlp):
    atts, ents = analyze(nlp, "Daniel Osei chaired the inquiry. He said the evidence was overwhelming.")
    a = one(atts, "said")
    assert a.source.text == "He"
    osei = next(e for e in ents if "Osei" in e.name)
    assert a.source.entity == osei.id


def test_vague_source(nlp):
    atts, _ = analyze(nlp, "A number of experts believe the policy will fail.")
    a = one(atts, "believe")
    assert a.source.kind == "vague"


def test_unnamed_source(nlp):
    atts, _ = analyze(nlp, "A senior official, speaking on condition of anonymity, said talks had stalled.")
    a = one(atts, "said")
    assert a.source.kind == "unnamed"


@pytest.mark.parametrize("text,head,expected", [
    ("the newspaper", "newspaper", "media"),
    ("a number of countries", "country", "vague"),
    ("sources close to the talks", "source", "unnamed"),
    ("the interior ministry", "ministry", "official"),
    ("a leaked memo", "memo", "document"),
    ("local residents", "resident", "group"),
])
def test_source_kind_from_head_noun(text, head, expected):
    assert source_kind(text, head, None) == expected


@pytest.mark.parametrize("text, source", [
    ("\u201cThe water is safe to drink,\u201d Dr. Ana Ruiz, the county health officer, said on Tuesday.",
     "Dr. Ana Ruiz, the county health officer"),
    ("\u201cWe will reopen the pool in June,\u201d Jonas Berg, who has managed the leisure centre since 2019, said.",
     "Jonas Berg, who has managed the leisure centre since 2019"),
    ("\u201cWe will reopen the pool in June,\u201d Jonas Berg, who has managed the leisure centre and the two "
     "swimming clubs of the town since 2019, said.",
     "Jonas Berg, who has managed the leisure centre and the two swimming clubs of the town since 2019"),
])
def test_speaker_phrase_after_a_quotation(nlp, text, source):
    a = one(rules(nlp, text), "said")
    assert a.source.text == source
    assert a.direct and a.content.text.startswith("\u201c") and a.content.text.endswith(",\u201d")


@pytest.mark.parametrize("text, source", [
    ("BRIGHTON - Council leader Ann Lee said the pier would reopen.", "Council leader Ann Lee"),
    ("Even the harbour master said the pier was unsafe.", "the harbour master"),
    ("A port official, speaking on condition of anonymity, said the pier was unsafe.", "A port official"),
    ("Ann Lee, the council leader, said the pier would reopen.", "Ann Lee, the council leader"),
    ("The Harbour Safety Board (HSB) said the pier was unsafe.", "The Harbour Safety Board (HSB)"),
    ("Ann Lee, who has led the council since 2019, said the pier would reopen.",
     "Ann Lee, who has led the council since 2019"),
])
def test_source_phrase_edges(nlp, text, source):
    assert one(rules(nlp, text), "said").source.text == source
