"""Source chains (``attribution.chains``): ``via`` links and chains from the outermost source in,
on sentences and records written for these tests."""

from __future__ import annotations

from attribution_helpers import analyze, one

from sourcetrace.extract.attribution import source_chains
from sourcetrace.records import Attribution, Entity, Source, TextSpan


def test_nested_reporting_chain(nlp):
    text = ("The Morning Ledger, a national newspaper, reported that the Daily Beacon had quoted "
            "customs officers as saying the cargo was seized.")
    atts, ents = analyze(nlp, text)
    a = one(atts, "reported")
    assert a.source.kind == "media"
    inner = [b for b in atts if b.via == a.id]
    assert inner, "the inner attribution should be reported via the outer one"
    chains = source_chains(atts, ents)
    assert any(len(c) >= 2 for c in chains)


def _record(text, family, content):
    """One attribution of ``text`` by the Harbour Times, with ``content`` as its content."""
    s = text.index(content)
    source = Source(text="The Harbour Times", span=(0, 17), entity="E1", kind="media")
    cue = text.index("cites") if "cites" in text else text.index("said")
    word = text[cue:text.index(" ", cue)]
    return Attribution(id="A1", source=source, cue=TextSpan(word, (cue, cue + len(word))),
                       content=TextSpan(content, (s, s + len(content))), certainty="asserted", cue_family=family)


def _entities(text):
    s = text.index("the Port Authority")
    return [Entity(id="E1", name="Harbour Times", type="MEDIA", aliases=(), mentions=((4, 17),)),
            Entity(id="E2", name="Port Authority", type="ORG", aliases=(), mentions=((s + 4, s + 18),))]


def test_a_citing_family_chains_on_to_the_organisation_its_content_names():
    text = "The Harbour Times cites figures from the Port Authority."
    a = _record(text, "cite", "figures from the Port Authority")
    chains = source_chains([a], _entities(text))
    assert [[step["entity"] for step in chain] for chain in chains] == [["E1", "E2"]]
    # a verb of saying passes on nothing of its own: no chain from one attribution
    assert source_chains([_record(text, "speech", "figures from the Port Authority")], _entities(text)) == []


def test_a_content_that_opens_on_a_report_chains_on_whatever_the_family():
    text = "The Harbour Times said a new study by the Port Authority found leaks."
    a = _record(text, "speech", "a new study by the Port Authority found leaks")
    chains = source_chains([a], _entities(text))
    assert [[step["entity"] for step in chain] for chain in chains] == [["E1", "E2"]]
