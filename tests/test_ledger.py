"""The typed Ledger: its dict is the ledger dict of today, it reads back from that dict, its accessors."""

from __future__ import annotations

import dataclasses
import json

import pytest

from sourcetrace.ledger import Ledger, build, validate
from sourcetrace.pipeline import analyze_doc
from sourcetrace.records import Article, Attribution, ChainStep, Entity, LoadedTerm, Signals, Source, TextSpan

TEXT = ("Lantern Bridge will close for repairs\n\n"
        "\"The cables are worn through,\" said Ines Morrow, the city's chief engineer. She added that the bridge "
        "would reopen in June. According to the Riverside Echo, which cited a report by the Delmar Institute, "
        "the repairs will cost $2 million. Some residents claim the closure is a disgrace. "
        "Please share this story!")


@pytest.fixture(scope="module")
def article_and_layers(nlp):
    article = Article(id="bridge", text=TEXT, title="Lantern Bridge will close", published="2025-05-02",
                      removed=("Share on social media",))
    return article, analyze_doc(nlp(TEXT), published=article.published, removed=article.removed)


def test_to_dict_is_the_ledger_dict_key_for_key(article_and_layers):
    article, layers = article_and_layers
    ledger = Ledger.from_layers(article, layers)
    d = ledger.to_dict()
    assert d == build(article, layers)
    assert list(d) == ["schema", "id", "title", "url", "published", "site", "author", "text", "removed", "entities",
                       "attributions", "source_chains", "quantities", "dates", "events", "signals"]
    assert list(d["signals"]) == list(layers.signals)  # the extractor's key order, kept
    validate(d)
    assert json.loads(ledger.to_json()) == d
    assert ledger.to_json(indent=None) == json.dumps(d, ensure_ascii=False)


def test_records_are_typed_and_read_back_from_the_dict(article_and_layers):
    article, layers = article_and_layers
    ledger = Ledger.from_layers(article, layers)
    assert isinstance(ledger.signals, Signals)
    assert all(isinstance(t, LoadedTerm) for t in ledger.signals.loaded_terms)
    assert all(isinstance(s, TextSpan) for s in ledger.signals.unattributed_opinion_sentences)
    assert all(isinstance(step, ChainStep) for chain in ledger.source_chains for step in chain)
    assert ledger.source_chains, "the Echo citing the Institute is a chain"
    again = Ledger.from_dict(json.loads(ledger.to_json()))  # through JSON: lists become tuples again
    assert again == ledger
    assert again.to_dict() == ledger.to_dict()


def test_a_signal_the_record_does_not_know_is_an_error(article_and_layers):
    article, layers = article_and_layers
    d = Ledger.from_layers(article, layers).to_dict()
    d["signals"]["new_signal"] = 1
    with pytest.raises(TypeError):
        Ledger.from_dict(d)


def test_claims_by_source_groups_as_the_report_does(article_and_layers):
    ledger = Ledger.from_layers(*article_and_layers)
    groups = ledger.claims_by_source()
    assert "Ines Morrow" in groups  # the entity's name, not the longer source phrase
    said = groups["Ines Morrow"][0]
    assert said.cue.text == "said" and said.source.text.startswith("Ines Morrow, the city")
    assert sum(len(v) for v in groups.values()) == len(ledger.attributions)
    assert all(isinstance(a, Attribution) for v in groups.values() for a in v)
    assert ledger.entity(said.source.entity).name == "Ines Morrow"
    assert ledger.entity(None) is None and ledger.entity("E999") is None
    assert "cables are worn through" in ledger.content_text(said)


def _attribution(aid: str, source: Source | None, start: int) -> Attribution:
    return Attribution(aid, source, TextSpan("said", (start, start + 4)), TextSpan("x", (start + 5, start + 6)),
                       "asserted")


def test_claims_by_source_merges_an_entity_s_phrases_and_puts_sourceless_claims_last(article_and_layers):
    article, layers = article_and_layers
    base = Ledger.from_layers(article, layers)
    ines = Entity("E1", "Ines Morrow", "PERSON", (), ((0, 11),))
    atts = (_attribution("A1", None, 0), _attribution("A2", Source("Ines Morrow", (0, 11), "E1", "person"), 10),
            _attribution("A3", Source("Officials", (20, 29), None, "official"), 30),
            _attribution("A4", Source("the engineer", (40, 52), "E1", "person"), 50))
    groups = dataclasses.replace(base, entities=(ines,), attributions=atts).claims_by_source()
    assert list(groups) == ["Ines Morrow", "Officials", None]
    assert [a.id for a in groups["Ines Morrow"]] == ["A2", "A4"] and [a.id for a in groups[None]] == ["A1"]
