"""Evaluation: the scorer's matching rules on hand-made attributions, the predict/eval commands, and
(with ../shared) agreement with the reference scorer plus a pinned floor on PolNeAR dev."""

from __future__ import annotations

import importlib.util
import json
import random

import pytest

from sourcetrace.cli import main
from sourcetrace.errors import SourcetraceError
from sourcetrace.evaluate.predict import predict_docs, read_docs
from sourcetrace.evaluate.scoring import (ScoredDoc, cue_category, gold_categories, greedy_pairs, score,
                                          score_doc, trim_span)

# Relation source+content, partial F1 on the first 40 PolNeAR dev documents. Measured 68.4 on
# 2026-11-25 with the shipped cue model (58.9 with the rules alone; docs/attribution.md); the floor
# sits a few points below so that noise passes and a real regression fails.
DEV40_FLOOR = 65.0

TEXT = ('The harbour master said "the ferry will run again on Monday." '
        'Fishermen think the repairs will take longer. '
        'The strike is over, according to the union.')


def span(sub: str, text: str = TEXT, nth: int = 0) -> list[int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(sub, start + 1)
    return [start, start + len(sub)]


def att(source, cue, content) -> dict:
    return {"source": span(source) if source else None, "cue": span(cue), "content": span(content)}


GOLD = {"id": "d1", "text": TEXT, "publisher": "harbour-gazette", "attributions": [
    att("The harbour master", "said", '"the ferry will run again on Monday."'),
    att("Fishermen", "think", "the repairs will take longer"),
    att("the union", "according to", "The strike is over"),
]}


def rows(result: dict) -> dict:
    return {(r["metric"], r["match"]): r for r in result["rows"]}


def counts(gold: dict, pred: dict, lenient: bool = True):
    return score_doc(ScoredDoc.build(gold, gold["text"], lenient=lenient),
                     ScoredDoc.build(pred, gold["text"], lenient=lenient))[0]


# --- scoring rules -------------------------------------------------------------------------------

def test_perfect_prediction_scores_100_everywhere():
    result = score([GOLD], {"d1": GOLD})
    assert result["documents"] == 1
    for r in result["rows"]:
        assert (r["precision"], r["recall"], r["f1"]) == (100.0, 100.0, 100.0), r


def test_empty_and_missing_prediction_score_zero_recall():
    for preds in ({}, {"d1": {"id": "d1", "attributions": []}}):
        result = score([GOLD], preds)
        assert all(r["recall"] == 0.0 for r in result["rows"])
        assert rows(result)[("rel:full", "partial")]["n_gold"] == 3
    assert score([GOLD], {})["missing_predictions"] == 1


def test_lenient_trims_quote_marks_and_punctuation():
    pred = {"attributions": [att("The harbour master", "said", "the ferry will run again on Monday")]}
    strict = counts(GOLD, pred, lenient=False)
    lenient = counts(GOLD, pred, lenient=True)
    assert strict[("content", "exact", "tp")] == 0
    assert lenient[("content", "exact", "tp")] == 1
    assert strict[("content", "partial", "tp")] == 1
    assert trim_span(TEXT, *span('"the ferry will run again on Monday."')) == tuple(span("the ferry will run again on Monday"))
    assert trim_span(":", 0, 1) == (0, 1)  # a punctuation-only cue is kept


def test_partial_match_needs_one_shared_token_on_every_role():
    overlapping = {"attributions": [att("master", "said", "the ferry will run")]}
    c = counts(GOLD, overlapping)
    assert c[("rel:source+content", "exact", "tp")] == 0
    assert c[("rel:source+content", "partial", "tp")] == 1
    assert c[("rel:source+content", "partial", "fn")] == 2
    wrong_source = {"attributions": [att("Fishermen", "said", "the ferry will run")]}
    c = counts(GOLD, wrong_source)
    assert c[("rel:source+content", "partial", "tp")] == 0
    assert c[("rel:cue+content", "partial", "tp")] == 1


def test_null_source_matches_only_null_source():
    gold = {"text": TEXT, "attributions": [att(None, "think", "the repairs will take longer")]}
    assert counts(gold, {"attributions": [att(None, "think", "the repairs")]})[("rel:full", "partial", "tp")] == 1
    assert counts(gold, {"attributions": [att("Fishermen", "think", "the repairs")]})[("rel:full", "partial", "tp")] == 0


def test_matching_is_one_to_one():
    pred = {"attributions": [att("The harbour master", "said", "the ferry will run"),
                             att("The harbour master", "said", "again on Monday")]}
    c = counts(GOLD, pred)
    assert c[("rel:source+content", "partial", "tp")] == 1
    assert c[("rel:source+content", "partial", "fp")] == 1
    # identical role spans are counted once per document
    assert c[("source", "exact", "tp")] == 1 and c[("source", "exact", "fp")] == 0


def test_token_metric_counts_tokens_of_the_union():
    pred = {"attributions": [att("Fishermen", "think", "the repairs will")]}
    c = counts(GOLD, pred)
    # gold content tokens of all three attributions; prediction covers 3 of "the repairs will take longer"
    assert c[("content", "token", "tp")] == 3
    assert c[("content", "token", "fp")] == 0
    assert c[("content", "token", "fn")] > 3


def test_greedy_prefers_the_larger_overlap():
    overlap = [[5, 1], [4, 0]]  # gold 0 overlaps pred 0 by 5 and pred 1 by 1; gold 1 overlaps pred 0 by 4
    assert greedy_pairs(2, 2, lambda i, j: overlap[i][j]) == [(0, 0)]


def test_gold_categories():
    cats = [gold_categories(TEXT, a) for a in GOLD["attributions"]]
    assert cats[0] == {"content": "direct quote", "source": "noun phrase", "cue": "speech verb"}
    assert cats[1]["cue"] == "belief verb" and cats[1]["content"] == "indirect"
    assert cats[2]["cue"] == "according to"
    text = 'She called the plan "a gift to landlords," aides said.'
    pron = {"source": [0, 3], "cue": [4, 10], "content": [11, 41]}
    assert gold_categories(text, pron) == {"content": "partly quoted", "source": "bare pronoun", "cue": "speech verb"}
    assert gold_categories(text, {"source": None, "cue": [4, 10], "content": [11, 41]})["source"] == "none (sourceless)"


@pytest.mark.parametrize("cue, family", [
    ("said", "speech verb"), ("has warned", "speech verb"), ("replied", "speech verb"),
    ("believes", "belief verb"), ("worried", "belief verb"), ("According to", "according to"),
    (":", "punctuation"), ("reportedly", "adverbial"), ("is expected", "passive"), ("were told", "passive"),
    ("showed", "evidence verb"), ("endorsed", "stance verb"), ("in", "other (nouns, prepositions, rarer verbs)"),
])
def test_cue_category(cue, family):
    assert cue_category(cue) == family


def test_breakdowns_add_up_to_the_relation_score():
    pred = {"id": "d1", "attributions": [
        {**att("The harbour master", "said", "the ferry will run"), "cue_family": "speech", "direct": True},
        {**att("Fishermen", "think", "The strike is over"), "cue_family": "belief", "direct": False},
    ]}
    result = score([GOLD], {"d1": pred})
    rel = rows(result)[("rel:source+content", "partial")]
    b = result["breakdowns"]
    for group in b["gold"].values():
        assert sum(v["n"] for v in group.values()) == rel["n_gold"] == 3
        hits = sum(round(v["recall"] * v["n"] / 100) for v in group.values())
        assert hits == 1
    assert b["predicted"]["cue_family"]["speech"]["precision"] == 100.0
    assert b["predicted"]["cue_family"]["belief"]["precision"] == 0.0
    assert b["publisher"]["harbour-gazette"]["f1"] == rel["f1"]


def test_repeated_gold_id_counts_once():
    result = score([GOLD, {**GOLD, "attributions": []}], {"d1": GOLD})
    assert result["documents"] == 1
    assert rows(result)[("rel:full", "exact")]["f1"] == 100.0


# --- reading documents -----------------------------------------------------------------------------

def write_jsonl(path, lines):
    path.write_text("".join((ln if isinstance(ln, str) else json.dumps(ln)) + "\n" for ln in lines), encoding="utf-8")
    return path


def test_read_docs_errors_carry_line_numbers(tmp_path):
    bad_json = write_jsonl(tmp_path / "a.jsonl", [{"id": "x", "text": "Fine."}, "", '{"id": "y", "text": '])
    with pytest.raises(SourcetraceError) as err:
        list(read_docs(bad_json))
    assert err.value.code == "E015" and err.value.fields["line"] == 3
    no_text = write_jsonl(tmp_path / "b.jsonl", [{"id": "x", "text": "Fine."}, {"id": "y", "body": "No text."}])
    with pytest.raises(SourcetraceError) as err:
        list(read_docs(no_text))
    assert err.value.code == "E016" and err.value.fields["line"] == 2
    with pytest.raises(SourcetraceError) as err:
        list(read_docs(tmp_path / "missing.jsonl"))
    assert err.value.code == "E001"


def test_read_docs_split_limit_and_default_id(tmp_path):
    path = write_jsonl(tmp_path / "g.jsonl", [{"text": "One.", "split": "dev"}, {"text": "Two.", "split": "train"},
                                              {"text": "Three."}, {"text": "Four.", "split": "dev"}])
    assert [d["text"] for d in read_docs(path, split="dev")] == ["One.", "Three.", "Four."]
    assert [d["id"] for d in read_docs(path, limit=2)] == ["line-1", "line-2"]


# --- commands (these load the spaCy model) ------------------------------------------------------------

DOCS = [
    {"id": "a", "text": 'The fire chief said the blaze started in a storage room. "We got lucky," she told reporters.'},
    {"id": "b", "text": "Nothing was said here. The weather stayed mild all week."},
    {"id": "c", "text": "According to the ministry, exports rose by four percent. Analysts believe the rise will last."},
]


def test_predict_command_writes_one_line_per_document(tmp_path, nlp, capsys):
    src = write_jsonl(tmp_path / "docs.jsonl", DOCS)
    out = tmp_path / "pred.jsonl"
    assert main(["predict", "attributions", "--input", str(src), "--output", str(out)]) == 0
    preds = [json.loads(line) for line in out.read_text().splitlines()]
    assert [p["id"] for p in preds] == ["a", "b", "c"]
    for p, d in zip(preds, DOCS):
        for a in p["attributions"]:
            assert set(a) >= {"source", "cue", "content", "certainty", "kind", "cue_family", "direct"}
            for role in ("cue", "content") + (("source",) if a["source"] else ()):
                s, e = a[role]
                assert 0 <= s < e <= len(d["text"])
    cues = {DOCS[0]["text"][slice(*a["cue"])] for a in preds[0]["attributions"]}
    assert "said" in cues
    assert "3 documents" in capsys.readouterr().err
    assert main(["predict", "attributions", "--input", str(src), "--output", str(out), "--limit", "1"]) == 0
    assert len(out.read_text().splitlines()) == 1


def test_predict_command_refuses_a_bad_line_before_writing(tmp_path, capsys):
    src = write_jsonl(tmp_path / "docs.jsonl", [DOCS[0], "{not json", DOCS[1]])
    out = tmp_path / "pred.jsonl"
    assert main(["predict", "attributions", "--input", str(src), "--output", str(out)]) != 0
    assert "[E015]" in capsys.readouterr().err
    assert not out.exists()
    src = write_jsonl(tmp_path / "docs2.jsonl", [DOCS[0], {"id": "z", "title": "only a title"}])
    assert main(["predict", "attributions", "--input", str(src), "--output", str(out)]) != 0
    assert "[E016]" in capsys.readouterr().err
    assert main(["predict", "attributions", "--input", str(tmp_path / "none.jsonl"), "--output", str(out)]) == 2


def test_workers_keep_input_order(tmp_path):
    docs = [{"id": f"{d['id']}{k}", "text": d["text"]} for k in range(4) for d in DOCS]  # 12 docs, 2 chunks
    one = list(predict_docs(docs, workers=1))
    two = list(predict_docs(docs, workers=2))
    assert [p["id"] for p in two] == [d["id"] for d in docs]
    assert one == two


def test_a_failing_document_does_not_stop_the_batch(monkeypatch, nlp):
    import sourcetrace.pipeline as pipeline

    real = pipeline.predict_attributions

    def flaky(texts, **kw):
        texts = list(texts)
        if any("explode" in t for t in texts):
            raise RuntimeError("extractor failure")
        return real(texts, **kw)

    monkeypatch.setattr(pipeline, "predict_attributions", flaky)
    docs = [DOCS[0], {"id": "bad", "text": "This text will explode."}, DOCS[2]]
    preds = list(predict_docs(docs))
    assert [p["id"] for p in preds] == ["a", "bad", "c"]
    assert "RuntimeError" in preds[1]["error"] and preds[1]["attributions"] == []
    assert "error" not in preds[0] and preds[0]["attributions"]


def test_eval_command_json_and_gold_folder(tmp_path, nlp, capsys):
    gold_doc = {"id": "g1", "split": "dev", "publisher": "harbour-gazette", "text": TEXT,
                "attributions": GOLD["attributions"]}
    folder = tmp_path / "corpus"
    folder.mkdir()
    write_jsonl(folder / "dev.jsonl", [gold_doc])
    pred_out = tmp_path / "pred.jsonl"
    assert main(["eval", "attributions", "--gold", str(folder), "--json", "--pred-out", str(pred_out)]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["documents"] == 1 and result["gold"].endswith("dev.jsonl")
    assert rows(result)[("rel:source+content", "partial")]["n_gold"] == 3
    assert "harbour-gazette" in result["breakdowns"]["publisher"]
    # scoring the written predictions again gives the same table
    assert main(["eval", "attributions", "--gold", str(folder / "dev.jsonl"), "--pred", str(pred_out), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["rows"] == result["rows"]
    # the plain table
    assert main(["eval", "attributions", "--gold", str(folder / "dev.jsonl"), "--pred", str(pred_out)]) == 0
    text = capsys.readouterr().out
    assert "rel:source+content" in text and "per publisher" in text


def test_eval_command_errors(tmp_path, capsys):
    gold = write_jsonl(tmp_path / "gold.jsonl", [{"id": "g1", "split": "train", "text": TEXT, "attributions": []}])
    assert main(["eval", "attributions", "--gold", str(gold), "--split", "dev"]) != 0
    assert "[E017]" in capsys.readouterr().err
    assert main(["eval", "attributions", "--gold", str(tmp_path), "--split", "test"]) == 2
    assert "[E001]" in capsys.readouterr().err


# --- against the annotated corpus and the reference scorer (../shared) --------------------------------

@pytest.fixture(scope="module")
def reference(shared_dir):
    path = shared_dir / "eval" / "score_attributions.py"
    if not path.is_file():
        pytest.skip(f"reference scorer missing at {path}")
    spec = importlib.util.spec_from_file_location("reference_score_attributions", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def dev40(shared_dir):
    path = shared_dir / "data" / "polnear" / "dev.jsonl"
    if not path.is_file():
        pytest.skip(f"PolNeAR dev split missing at {path}")
    gold = list(read_docs(path, limit=40))
    preds = {p["id"]: p for p in predict_docs(({"id": g["id"], "text": g["text"]} for g in gold))}
    return gold, preds


def reference_rows(reference, gold, preds, lenient):
    per_doc = {g["id"]: reference.doc_counts(reference.Doc(g, g["text"], lenient),
                                             reference.Doc(preds.get(g["id"], {"attributions": []}), g["text"], lenient))
               for g in gold}
    return [{"metric": m, "match": k, "precision": round(100 * p, 1), "recall": round(100 * r, 1),
             "f1": round(100 * f, 1), "n_gold": n} for m, k, p, r, f, n in reference.table(per_doc, list(per_doc))], per_doc


@pytest.mark.shared
@pytest.mark.parametrize("lenient", [True, False])
def test_same_numbers_as_the_reference_on_dev_predictions(reference, dev40, lenient):
    gold, preds = dev40
    gold = gold[:15]
    expected, per_doc = reference_rows(reference, gold, preds, lenient)
    assert score(gold, preds, lenient=lenient)["rows"] == expected
    for g in gold:  # and the raw counts, document by document
        ours = counts(g, preds[g["id"]], lenient=lenient)
        assert +ours == +per_doc[g["id"]], g["id"]


@pytest.mark.shared
def test_same_counts_as_the_reference_on_random_spans(reference, dev40):
    """Random, overlapping, nested and null spans exercise the tie-breaking of the greedy matching."""
    rng = random.Random(7)
    gold, _ = dev40
    for g in gold[:10]:
        n = len(g["text"])

        def rand_span():
            s = rng.randrange(0, n - 1)
            return [s, min(n, s + rng.choice((1, 3, 8, 40, 200)))]

        for _ in range(3):
            pred = {"attributions": [
                {"source": rand_span() if rng.random() < 0.8 else None, "cue": rand_span(), "content": rand_span()}
                for _ in range(rng.randrange(0, 25))]}
            for a in rng.sample(g["attributions"], min(5, len(g["attributions"]))):  # near-copies of gold
                a = dict(a, content_spans=None, content=[a["content"][0] + rng.choice((0, 1, 5)), a["content"][1]])
                pred["attributions"].append(a)
            for lenient in (True, False):
                ref = reference.doc_counts(reference.Doc(g, g["text"], lenient), reference.Doc(pred, g["text"], lenient))
                assert +counts(g, pred, lenient=lenient) == +ref


@pytest.mark.shared
def test_dev40_relation_floor(dev40):
    gold, preds = dev40
    rel = rows(score(gold, preds))[("rel:source+content", "partial")]
    assert rel["f1"] >= DEV40_FLOOR, f"source+content partial F1 {rel['f1']} fell below the floor {DEV40_FLOOR}"
