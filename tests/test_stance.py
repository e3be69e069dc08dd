"""The stance model: text handling, features, weights, the shipped model on pairs written for these
tests (fictional claims and reports), numbered errors, and the command line."""

from __future__ import annotations

import json

import numpy as np
import pytest

import sourcetrace
from sourcetrace.cli import main
from sourcetrace.errors import SourcetraceError
from sourcetrace.stance_model import features as F
from sourcetrace.stance_model import weights as W
from sourcetrace.stance_model.predict import SHORT_WORDS, StancePredictor, StanceResult
from sourcetrace.stance_model.text import split_sentences, stem, words

CLAIM = "The Harlow river bridge will close to traffic in May."
BODY_AGREE = (
    "The Harlow river bridge will close to traffic in May, the county council confirmed on Tuesday. "
    "Engineers found cracks in two of the bridge's supports during an inspection last month. "
    "Drivers will be sent along the ring road while the repairs take place. "
    "The council said the closure would last about six weeks and cost 2 million pounds. "
    "Shops near the crossing said they expected fewer customers during the works."
)
BODY_DISAGREE = (
    "The county council has denied reports that the Harlow river bridge will close in May. "
    "A post shared widely online claimed the crossing would shut for repairs, but the council "
    "called it false and said no closure was planned. "
    "\"There is no truth in this rumour; the bridge is safe and stays open,\" a spokesman said. "
    "Engineers inspected the bridge last month and found nothing that needed urgent work. "
    "The council asked residents not to share the fake notice."
)
BODY_DISCUSS = (
    "The Harlow river bridge could close to traffic in May, according to a local news blog. "
    "The blog cited an unnamed source who claimed that engineers had found cracks in the supports. "
    "The county council did not respond to requests for comment, and the report could not be verified. "
    "Residents said they had heard rumours about repairs for months. "
    "It is unclear how long a closure would last, if it happens at all."
)
BODY_UNRELATED = (
    "A bakery in the old town of Ostrel has won a national prize for its rye bread. "
    "The owners, who opened the shop twelve years ago, said the recipe came from a grandmother. "
    "Judges praised the crust and the slightly sour taste of the loaf. "
    "The bakery plans to open a second shop near the station next spring. "
    "Queues formed outside the shop on Saturday morning after the news spread."
)


# ---------------------------------------------------------------------------------------------
# text handling


def test_sentences_keep_offsets_and_skip_abbreviations():
    text = "Dr. Vance met Mr. Oduya in the U.S. capital. \"It went well!\" she said.\nA new paragraph? Yes."
    sents = split_sentences(text)
    assert [s.text for s in sents] == ["Dr. Vance met Mr. Oduya in the U.S. capital.", "\"It went well!\" she said.",
                                       "A new paragraph?", "Yes."]
    for s in sents:
        assert text[s.start:s.start + len(s.text)] == s.text
    assert [s.index for s in sents] == [0, 1, 2, 3]
    assert split_sentences("") == [] and split_sentences("  \n ") == []


def test_stems_join_inflections():
    assert stem("denies") == stem("denied") == stem("deny")
    assert stem("reports") == stem("reported") == stem("reporting") == stem("report")
    assert stem("states") == stem("stated") == stem("state")
    assert stem("is") == "is" and stem("2014") == "2014"
    assert words("It isn’t TRUE, 1,200 said") == ["it", "isn't", "true", "1", "200", "said"]
    # the month is not the modal the hedge lexicon counts; a title-case modal stays a modal
    assert words("The vote is in May, or on May 2") == ["the", "vote", "is", "in", "maymonth", "or", "on", "maymonth", "2"]
    assert words("Council May Sell Park") == ["council", "may", "sell", "park"]


# ---------------------------------------------------------------------------------------------
# features


@pytest.fixture(scope="module")
def vocab():
    topics = ["harvest", "tram", "museum", "election", "storm", "library", "festival", "factory", "school", "port"]
    filler = [f"The report on the {t} was read in the hall of the town on day {i}." for i, t in enumerate(topics * 2)]
    docs = [BODY_AGREE, BODY_DISAGREE, BODY_DISCUSS, BODY_UNRELATED, CLAIM, *filler]
    return F.Vocabulary.fit([[stem(w) for w in words(t)] for t in docs])


def test_select_keeps_the_lead_and_the_closest_sentences(vocab):
    claim = F.prepare(CLAIM, vocab, whole=True)
    body = ("Weather was mild across the county on Monday. A market opened in the square. "
            "Pigeons gathered near the fountain. Officials said the Harlow river bridge will close in May. "
            "Buses ran on time.")
    report = F.prepare(body, vocab)
    sel, sims = F.select(claim, report, k=1)
    assert sel == [0, 3]
    assert len(sims) == 5 and sims[3] == max(sims)


def test_cue_features_see_denials_and_hedges(vocab):
    claim = F.prepare(CLAIM, vocab, whole=True)
    names = F.CUE_NAMES

    def cues_of(text):
        r = F.prepare(text, vocab)
        sel, sims = F.select(claim, r)
        return dict(zip(names, F.cues(claim, r, sel, sims)))

    dis, disc, agr = cues_of(BODY_DISAGREE), cues_of(BODY_DISCUSS), cues_of(BODY_AGREE)
    assert dis["sel_deny"] + dis["sel_false"] >= 2 > agr["sel_deny"] + agr["sel_false"]
    assert disc["sel_hedge"] >= 2 and disc["sel_hedge"] > agr["sel_hedge"]
    assert agr["sel_support"] >= 1


def test_lexical_features_tell_related_from_unrelated(vocab):
    claim = F.prepare(CLAIM, vocab, whole=True)
    out = {}
    for name, text in (("agree", BODY_AGREE), ("unrelated", BODY_UNRELATED)):
        r = F.prepare(text, vocab)
        sel, sims = F.select(claim, r)
        out[name] = dict(zip(F.LEXICAL_NAMES, F.lexical(claim, r, vocab, sel, sims)))
    assert out["agree"]["cos_max"] > 0.5 > out["unrelated"]["cos_max"]
    assert out["agree"]["cover_all"] > 0.8 and out["unrelated"]["cover_all"] < 0.2


def test_hashed_features_are_stable_and_follow_the_spec(vocab):
    claim = F.prepare(CLAIM, vocab, whole=True)
    r = F.prepare("Will the bridge close?", vocab, whole=True)
    a = F.hashed(claim, r, vocab, [0], {"parts": ["r"], "weight": "binary", "question": True})
    b = F.hashed(claim, r, vocab, [0], {"parts": ["r"], "weight": "binary", "question": True})
    assert a == b and all(0 <= k < F.HASH_BUCKETS for k in a)
    no_q = F.hashed(claim, r, vocab, [0], {"parts": ["r"], "weight": "binary"})
    assert len(a) == len(no_q) + 1
    with_claim = F.hashed(claim, r, vocab, [0], {"parts": ["r", "c"], "weight": "tfidf"})
    assert len(with_claim) > len(no_q)


# ---------------------------------------------------------------------------------------------
# weights


def test_trees_in_numpy_match_scikit_learn():
    sk = pytest.importorskip("sklearn.ensemble")
    rng = np.random.RandomState(0)
    X = rng.rand(400, 5)
    X[rng.rand(400, 5) < 0.05] = np.nan
    y = (np.nan_to_num(X[:, 0]) * 2 + (np.nan_to_num(X[:, 1]) > 0.5)).astype(int)  # 4 classes
    m = sk.HistGradientBoostingClassifier(max_iter=15, max_leaf_nodes=7, random_state=0).fit(X, y)
    trees = W.Trees.from_sklearn(m)
    z = trees.scores(X)
    p = np.exp(z - z.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    assert np.allclose(p, m.predict_proba(X), atol=1e-9)


def test_hashed_layer_adds_the_weights_of_known_buckets():
    layer = W.HashedLayer(np.array([3, 10, 20]), np.array([[1.0, 0.0], [0.0, 2.0], [0.5, 0.5]]), np.array([0.1, -0.1]))
    out = layer.scores([{10: 1.0, 3: 2.0, 99: 5.0}, {}])
    assert np.allclose(out, [[2.1, 1.9], [0.1, -0.1]])


def test_a_file_that_is_not_a_model_is_E063(tmp_path):
    bad = tmp_path / "x.npz"
    bad.write_bytes(b"not a zip")
    for path in (bad, tmp_path / "missing.npz"):
        with pytest.raises(SourcetraceError) as err:
            W.load(path)
        assert err.value.code == "E063"
    other = tmp_path / "other.npz"
    np.savez(other, meta=np.asarray(json.dumps({"format": "something/1"})))
    with pytest.raises(SourcetraceError) as err:
        W.load(other)
    assert err.value.code == "E063"


# ---------------------------------------------------------------------------------------------
# the shipped model on pairs written for these tests


@pytest.fixture(scope="module")
def predictor():
    return StancePredictor()


def test_shipped_model_tells_the_four_stances_of_article_bodies(predictor):
    results = list(predictor.predict([(CLAIM, BODY_AGREE), (CLAIM, BODY_DISAGREE), (CLAIM, BODY_DISCUSS),
                                      (CLAIM, BODY_UNRELATED)]))
    assert [r.head for r in results] == ["body"] * 4
    agree, disagree, discuss, unrelated = results
    assert unrelated.stance == "unrelated"
    assert agree.stance == "agree" and discuss.stance == "discuss"
    assert disagree.stance in ("agree", "disagree", "discuss")
    # the denial is weighed: the disputing body gets more 'disagree' than the other two. (It is
    # still read as 'agree' overall: disagree is the body head's weak label, docs/stance.md)
    assert disagree.scores["disagree"] > 5 * max(agree.scores["disagree"], discuss.scores["disagree"])
    assert discuss.scores["discuss"] > max(agree.scores["discuss"], disagree.scores["discuss"])
    assert agree.scores["agree"] > discuss.scores["agree"]
    for r in results:
        assert set(r.scores) == set(sourcetrace.stance_model.LABELS)
        assert abs(sum(r.scores.values()) - 1.0) < 1e-3
        assert r.sentences[0] == 0  # the lead is always read


HEADLINES = [
    ("Police arrested the mayor of Dunmore for fraud", "Dunmore mayor arrested on fraud charges", "agree"),
    ("Police arrested the mayor of Dunmore for fraud", "Dunmore police deny arresting mayor, call reports fake", "disagree"),
    ("Police arrested the mayor of Dunmore for fraud", "Dunmore mayor reportedly arrested, unconfirmed claims say", "discuss"),
]


def test_shipped_model_on_headlines(predictor):
    results = list(predictor.predict([(c, t) for c, t, _ in HEADLINES]))
    assert [r.head for r in results] == ["short"] * 3
    agree, disagree, discuss = results
    assert agree.stance == "agree"
    assert disagree.stance == "disagree"
    assert discuss.scores["discuss"] > agree.scores["discuss"]
    unrelated = sourcetrace.stance("Police arrested the mayor of Dunmore for fraud",
                                   "Record crowds at the spring flower show in Kelby")
    assert unrelated.stance == "unrelated"


def test_routing_by_length_and_claim_cache(predictor):
    short_text = " ".join(["word"] * SHORT_WORDS)
    r = next(iter(predictor.predict([(CLAIM, short_text)])))
    assert r.head == "short"
    r = next(iter(predictor.predict([(CLAIM, short_text + " more")])))
    assert r.head == "body"
    assert CLAIM in predictor._claims


def test_results_do_not_depend_on_batch_companions(predictor):
    alone = next(iter(StancePredictor().predict([(CLAIM, BODY_DISCUSS)])))
    mixed = list(predictor.predict([(CLAIM, BODY_AGREE), ("", "x"), (CLAIM, BODY_DISCUSS)]))
    assert mixed[2] == alone


# ---------------------------------------------------------------------------------------------
# errors


def test_empty_claim_or_text_raise_numbered_errors():
    with pytest.raises(SourcetraceError) as err:
        sourcetrace.stance("  ", "A report.")
    assert err.value.code == "E060"
    with pytest.raises(SourcetraceError) as err:
        sourcetrace.stance("A claim.", "")
    assert err.value.code == "E061"


def test_a_bad_pair_in_a_batch_is_a_result_with_its_error(predictor):
    out = list(predictor.predict([(CLAIM, BODY_AGREE), ("", BODY_AGREE), (CLAIM, "   "), (CLAIM, BODY_UNRELATED)]))
    assert out[1].stance is None and out[1].error.startswith("[E060]")
    assert out[2].stance is None and out[2].error.startswith("[E061]")
    assert out[0].stance and out[3].stance == "unrelated"
    assert isinstance(out[0], StanceResult) and out[0].to_json()["stance"] == out[0].stance


# ---------------------------------------------------------------------------------------------
# command line


def _write_pairs(path, pairs):
    with path.open("w", encoding="utf-8") as fh:
        for rec in pairs:
            fh.write((rec if isinstance(rec, str) else json.dumps(rec)) + "\n")


def test_predict_stance_round_trip(tmp_path, capsys):
    src = tmp_path / "pairs.jsonl"
    _write_pairs(src, [
        {"id": "a", "claim": CLAIM, "text": BODY_AGREE},
        {"id": "b", "claim": CLAIM, "text": BODY_UNRELATED},
        {"id": "c", "claim": "", "text": BODY_AGREE},
        {"id": "d", "claim": CLAIM},
        {"id": "e", "claim": HEADLINES[1][0], "text": HEADLINES[1][1]},
    ])
    out = tmp_path / "pred.jsonl"
    assert main(["predict", "stance", "--input", str(src), "--output", str(out)]) == 0
    recs = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["id"] for r in recs] == ["a", "b", "c", "d", "e"]
    assert recs[1]["stance"] == "unrelated" and set(recs[1]["scores"]) == {"agree", "disagree", "discuss", "unrelated"}
    assert recs[2]["error"].startswith("[E060]") and recs[2]["stance"] is None
    assert recs[3]["error"].startswith("[E062]")
    assert "2 failed" in capsys.readouterr().err
    em = tmp_path / "pred_em.jsonl"
    assert main(["predict", "stance", "--input", str(src), "--output", str(em), "--scheme", "emergent"]) == 0
    recs = [json.loads(line) for line in em.read_text().splitlines()]
    assert recs[4]["stance"] == "against"
    assert set(recs[0]["scores"]) == {"for", "against", "observing"}
    assert abs(sum(recs[0]["scores"].values()) - 1.0) < 1e-3


def test_predict_stance_invalid_json_stops_before_writing(tmp_path, capsys):
    src = tmp_path / "pairs.jsonl"
    _write_pairs(src, [{"id": "a", "claim": CLAIM, "text": BODY_AGREE}, "{not json"])
    out = tmp_path / "pred.jsonl"
    assert main(["predict", "stance", "--input", str(src), "--output", str(out)]) != 0
    assert "[E015]" in capsys.readouterr().err
    assert not out.exists()


def test_predict_stance_two_workers_give_the_same_lines(tmp_path):
    src = tmp_path / "pairs.jsonl"
    pairs = [{"id": str(i), "claim": CLAIM, "text": t}
             for i, t in enumerate([BODY_AGREE, BODY_DISAGREE, BODY_DISCUSS, BODY_UNRELATED] * 3)]
    _write_pairs(src, pairs)
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    from sourcetrace.evaluate import stance as ev

    ev.predict_file(src, one, workers=1, progress=False)
    old = ev.CHUNK
    ev.CHUNK = 5  # several chunks across the two workers
    try:
        ev.predict_file(src, two, workers=2, progress=False)
    finally:
        ev.CHUNK = old
    assert one.read_text() == two.read_text()


def test_predict_stance_with_a_bad_model_is_E063(tmp_path, capsys):
    src = tmp_path / "pairs.jsonl"
    _write_pairs(src, [{"id": "a", "claim": CLAIM, "text": BODY_AGREE}])
    bad = tmp_path / "bad.npz"
    bad.write_text("nope")
    assert main(["predict", "stance", "--input", str(src), "--output", str(tmp_path / "p.jsonl"),
                 "--model", str(bad)]) == 2
    assert "[E063]" in capsys.readouterr().err


def test_score_matches_the_scorer_rules():
    from sourcetrace.evaluate.stance import score

    gold = {"1": "agree", "2": "unrelated", "3": "discuss", "4": "disagree"}
    pred = {"1": "agree", "2": "unrelated", "3": "agree"}  # 4 missing: counts as unrelated
    r = score(gold, pred)
    assert r["fnc1_points"] == [1.5, 3.25]  # 1.0 + 0.25 + 0.25 (related, wrong label) + 0
    assert r["accuracy"] == 50.0
    em = score({"1": "for", "2": "against"}, {"1": "for", "2": "observing"}, "emergent")
    assert em["accuracy"] == 50.0 and "fnc1_score" not in em
