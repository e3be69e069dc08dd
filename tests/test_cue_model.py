"""The cue model (``extract.attribution.learned.cue_model``): the model file, its features, and
what the shipped model keeps, on sentences written for these tests.

Tests marked "shipped" use the model in ``sourcetrace/models`` and assert only what any sensible
model must keep.
"""

from __future__ import annotations

import json
import re

import pytest
from attribution_helpers import one, run

from sourcetrace.cli import main
from sourcetrace.errors import SourcetraceError
from sourcetrace.extract.attribution import candidates, features, quote_spans
from sourcetrace.extract.attribution.learned import cue_model


def test_shipped_model_loads_and_is_small():
    model = cue_model.load("default")
    assert model is not None, "src/sourcetrace/models/cue_model.json is missing"
    assert 0.0 < model.threshold < 1.0
    assert model.candidates and set(model.candidates.values()) <= {"verb", "noun", "adj"}
    assert model.meta["documents"] > 0 and re.fullmatch(r"[0-9a-f]{64}", model.meta["sha256"])


def test_shipped_model_keeps_plain_reporting(nlp):
    atts = run(nlp, "The fire chief said the blaze started in a storeroom. "
                    "\u201cNobody was hurt,\u201d she told reporters.")
    assert one(atts, "said").source.text == "The fire chief"
    assert one(atts, "told").content.text == "\u201cNobody was hurt,\u201d"


def test_bad_model_file_is_a_numbered_error(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "something else"}', encoding="utf-8")
    with pytest.raises(SourcetraceError) as err:
        cue_model.load(str(bad))
    assert err.value.code == "E050"
    with pytest.raises(SourcetraceError) as err:
        cue_model.load(str(tmp_path / "missing.json"))
    assert err.value.code == "E050"


def test_predict_with_a_bad_model_exits_with_its_code(tmp_path, capsys):
    docs = tmp_path / "docs.jsonl"
    docs.write_text(json.dumps({"id": "d1", "text": "The mayor said the bridge was safe."}) + "\n", encoding="utf-8")
    bad = tmp_path / "bad.json"
    bad.write_text("not json", encoding="utf-8")
    code = main(["predict", "attributions", "--input", str(docs), "--output", str(tmp_path / "p.jsonl"),
                 "--model", str(bad)])
    assert code != 0
    assert "[E050]" in capsys.readouterr().err


def test_features_name_the_source_kind_and_the_words_around_the_cue(nlp):
    doc = nlp("An official who asked not to be named said on Monday that the pier would close.")
    stub = cue_model.CueModel(weights={}, bias=0.0, threshold=0.0, candidates={})
    r = next(r for r in candidates(doc, model=stub) if doc.text[r.cue[0]:r.cue[1]] == "said")
    feats = features(doc, r, quote_spans(doc.text))
    assert "skind=unnamed" in feats
    assert "prev2=be" in feats and "prev=named" in feats and "next=on" in feats and "next2=monday" in feats
    assert any(f.startswith("hh=") for f in feats)
