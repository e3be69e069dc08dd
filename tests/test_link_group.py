"""The same-claim model (link/same_claim.py) and incremental claim groups (link/group.py), on
sentences written for these tests."""

from __future__ import annotations

import pytest

from sourcetrace.errors import SourcetraceError
from sourcetrace.link.group import Grouper, GroupOptions, Neighbour, assign, group_id
from sourcetrace.link.same_claim import FEATURES, SameClaimModel, load_model, model_from_json, pair_features, text_profile
from test_link_index import WordHashEmbedder

# a model that reads only the cosine: P = 0.5 at cosine 0.5, steep
COSINE_ONLY = SameClaimModel(tuple([20.0] + [0.0] * (len(FEATURES) - 1)), -10.0, 0.5)


def test_text_profile_finds_numbers_names_and_negation():
    words, names, numbers, negated = text_profile("The Velmar Company did not dump 30 tonnes of ash in March")
    assert {"30", "march"} <= numbers
    assert "velmar" in names and "the" not in names
    assert negated
    assert not text_profile("Velmar dumped ash into the river")[3]
    # a title-case headline: only acronyms count as names
    assert text_profile("Council Votes To Close NHS Clinic In Darby")[1] == frozenset({"nhs"})


def test_pair_features_number_agreement_and_difference():
    f = dict(zip(FEATURES, pair_features("the barge lost 40 tonnes", "the barge lost 400 tonnes", 0.9)))
    assert f["number_differs"] == 1.0 and f["same_number"] == 0.0 and f["cosine"] == 0.9
    g = dict(zip(FEATURES, pair_features("the barge lost 40 tonnes", "40 tonnes were lost by the barge", 0.9)))
    assert g["same_number"] == 1.0 and g["number_differs"] == 0.0
    h = dict(zip(FEATURES, pair_features("the barge sank", "the barge did not sink", 0.9)))
    assert h["negation"] == 1.0


def test_shipped_model_is_calibrated_on_cosine_and_words():
    m = load_model()
    assert 0.5 <= m.threshold <= 0.95 and "Emergent" in m.source
    same = m.probability("Ash from the Velmar plant polluted the Orre river",
                         "The Velmar plant polluted the Orre river with ash", 0.9)
    other = m.probability("Ash from the Velmar plant polluted the Orre river",
                          "The Orre rowing club won the regional cup", 0.2)
    assert same > m.threshold > other
    # a changed number in otherwise the same sentence stays one claim (docs/linking.md)
    changed = m.probability("the tanker spilled 40 tonnes of oil into Kell Bay",
                            "the tanker spilled 400 tonnes of oil into Kell Bay", 0.96)
    assert changed > m.threshold


def test_model_json_roundtrip_and_refusal(tmp_path):
    data = COSINE_ONLY.to_json()
    assert model_from_json(data) == COSINE_ONLY
    bad = dict(data, features=["cosine"])
    with pytest.raises(SourcetraceError) as err:
        model_from_json(bad)
    assert err.value.code == "E082"
    path = tmp_path / "m.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(SourcetraceError) as err:
        load_model(str(path))
    assert err.value.code == "E082"


def test_assign_joins_the_best_group_or_starts_one():
    n = [Neighbour("a:1", "x", 0.9, "g:a:1"), Neighbour("b:1", "y", 0.7, "g:b:1"), Neighbour("c:1", "z", 0.2, "g:c:1")]
    a = assign("d:1", "w", n, model=COSINE_ONLY, merge=False)
    assert (a.group, a.new, a.best) == ("g:a:1", False, "a:1") and a.score > 0.99
    lonely = assign("e:1", "w", [Neighbour("c:1", "z", 0.2, "g:c:1")], model=COSINE_ONLY)
    assert lonely.new and lonely.group == group_id("e:1") and lonely.score == 0.0


def test_assign_merges_bridged_groups_into_the_oldest():
    n = [Neighbour("b:1", "y", 0.95, "g:b:1"), Neighbour("a:1", "x", 0.9, "g:a:1")]
    a = assign("d:1", "w", n, model=COSINE_ONLY, order={"g:a:1": 0, "g:b:1": 1})
    assert a.group == "g:a:1" and a.merged == ("g:b:1",)
    # below the merge margin only the best group is joined
    weak = [Neighbour("b:1", "y", 0.95, "g:b:1"), Neighbour("a:1", "x", 0.52, "g:a:1")]
    assert assign("d:1", "w", weak, model=COSINE_ONLY, order={"g:a:1": 0, "g:b:1": 1}).merged == ()


def test_grouper_ids_are_stable_and_merges_leave_aliases():
    g = Grouper(WordHashEmbedder(), model=COSINE_ONLY, options=GroupOptions(threshold=0.5))
    first = g.add("a:1", "harbour crane collapsed onto the quay")
    assert first.new and first.group == "g:a:1"
    assert g.add("b:1", "library opens reading room for children").new
    joined = g.add("c:1", "harbour crane collapsed onto the quay at night")
    assert joined.group == "g:a:1" and not joined.new
    # a bridge: close to both earlier groups
    g.add("d:1", "reading room library children opens")
    bridge = g.add("e:1", "harbour crane collapsed onto the quay library opens reading room for children")
    groups = g.groups()
    assert bridge.merged == ("g:b:1",) and bridge.group == "g:a:1" and g.resolve("g:b:1") == "g:a:1"
    assert g.group_of("b:1") == "g:a:1" and g.group_of("d:1") == "g:a:1" and "g:b:1" not in groups
    assert g.group_of("a:1") == "g:a:1"  # the oldest id never changes
    assert sum(len(m) for m in groups.values()) == 5
    again = g.add("a:1", "anything")  # a key seen before is not grouped twice
    assert again.group == g.group_of("a:1") and sum(len(m) for m in g.groups().values()) == 5


def test_grouper_cost_compares_only_retrieved_neighbours(monkeypatch):
    import sourcetrace.link.group as group_mod

    calls = []
    real = group_mod.assign

    def counting(key, text, neighbours, **kw):
        calls.append(len(neighbours))
        return real(key, text, neighbours, **kw)

    monkeypatch.setattr(group_mod, "assign", counting)
    g = Grouper(WordHashEmbedder(), model=COSINE_ONLY, options=GroupOptions(threshold=0.5, neighbours=5))
    g.add_texts([(f"k{i}", f"statement number {i} about topic {i % 7}") for i in range(60)])
    assert max(calls) <= 5


def test_grouper_with_the_real_encoder_groups_paraphrases():
    g = Grouper()
    texts = [
        ("a", "Floodwater forced the closure of the rail line between Orren and Tull on Friday"),
        ("b", "The new library in Tull opened its doors to readers on Saturday"),
        ("c", "The rail line between Orren and Tull was closed by flooding on Friday"),
        ("d", "Tull's new library welcomed its first readers on Saturday"),
    ]
    groups = g.add_texts(texts)
    assert groups[2] == groups[0] and groups[3] == groups[1] and groups[0] != groups[1]
