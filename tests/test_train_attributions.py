"""``sourcetrace train attributions`` on a small annotated set written for this test.

Annotations are marked inline: ``[S ...]`` source, ``[C ...]`` cue, ``[T ...]`` content; one
attribution per sentence at most. Sentences without marks hold verbs the rules propose (find,
show, call, know) in frames annotators do not mark, which the model must learn to drop.
"""

from __future__ import annotations

import json
import re

import pytest

from sourcetrace.cli import main
from sourcetrace.errors import SourcetraceError

pytest.importorskip("sklearn", reason="training needs scikit-learn (the 'train' or 'dev' extra)")

DOCS = [
    "[S The harbour master] [C said] [T the ferry would resume on Friday]. Divers found a cracked hull plate.",
    "[S A council spokeswoman] [C said] [T the library would stay open]. Volunteers called a meeting for Tuesday.",
    "[S Residents] [C said] [T the water tasted of metal]. The engineers knew the pipes were old.",
    "[S The coach] [C told] reporters [T that the team had trained well]. The fans found seats near the front.",
    "[S The union] [C said] [T the strike would go ahead]. A video showed the picket line at dawn.",
    "[S Doctors] [C warned] [T that the clinic was short of nurses]. The nurses called a taxi after the shift.",
    "[S The mayor] [C said] [T the tram line would open in spring]. Workers found an old coin under the track.",
    "[S Police] [C said] [T the road was closed after the crash]. The driver knew the road well.",
    "[S The airline] [C said] [T all flights would leave on time]. Passengers found the lounge crowded.",
    "[S Farmers] [C said] [T the rain came too late]. The map showed the river in blue.",
]


def parse_markup(marked: str) -> dict:
    text, spans, out = "", {}, []
    pos = 0
    for m in re.finditer(r"\[([SCT]) ([^\]]+)\]", marked):
        text += marked[pos:m.start()]
        spans[m.group(1)] = [len(text), len(text) + len(m.group(2))]
        text += m.group(2)
        pos = m.end()
    text += marked[pos:]
    if spans:
        out.append({"source": spans.get("S"), "cue": spans["C"], "content": spans["T"]})
    return {"text": text, "attributions": out}


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    d = tmp_path_factory.mktemp("train")
    with (d / "train.jsonl").open("w", encoding="utf-8") as fh:
        for n, marked in enumerate(DOCS * 2):  # twice: enough examples for five folds
            doc = parse_markup(marked)
            fh.write(json.dumps({"id": f"doc{n}", **doc}) + "\n")
    return d


def test_markup_offsets_point_at_the_marked_words():
    doc = parse_markup(DOCS[0])
    a = doc["attributions"][0]
    assert doc["text"][a["source"][0]:a["source"][1]] == "The harbour master"
    assert doc["text"][a["cue"][0]:a["cue"][1]] == "said"


def test_train_writes_a_model_that_keeps_speech_and_drops_the_rest(data_dir, tmp_path, nlp):
    from sourcetrace.extract.attribution.learned import cue_model
    from sourcetrace.extract.attribution import Options, attributions
    from sourcetrace.extract.entities import entities

    out = tmp_path / "model.json"
    assert main(["train", "attributions", "--data", str(data_dir), "--output", str(out)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["format"] == cue_model.FORMAT
    assert data["meta"]["documents"] == 2 * len(DOCS)
    assert data["meta"]["trained_on"] == "train.jsonl"
    model = cue_model.load(str(out))
    assert 0.0 < model.threshold < 1.0

    doc = nlp("The ranger said the trail was flooded. Hikers found a dry path.")
    atts = attributions(doc, entities=entities(doc), options=Options(model=str(out)))
    cues = [a.cue.text for a in atts]
    assert "said" in cues
    assert "found" not in cues


def test_training_is_deterministic(data_dir, tmp_path):
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    for out in (a, b):
        assert main(["train", "attributions", "--data", str(data_dir), "--output", str(out)]) == 0
    strip = lambda p: {k: v for k, v in json.loads(p.read_text()).items() if k != "meta"}  # noqa: E731
    assert strip(a) == strip(b)


def test_missing_training_data_is_a_numbered_error(tmp_path):
    from sourcetrace.train.attributions import train

    with pytest.raises(SourcetraceError) as err:
        train(tmp_path, tmp_path / "m.json")
    assert err.value.code == "E051"
    (tmp_path / "train.jsonl").write_text(json.dumps({"id": "x", "text": "No annotations here."}) + "\n")
    with pytest.raises(SourcetraceError) as err:
        train(tmp_path, tmp_path / "m.json")
    assert err.value.code == "E051"


def _write(d, docs):
    d.mkdir(exist_ok=True)
    with (d / "train.jsonl").open("w", encoding="utf-8") as fh:
        for n, doc in enumerate(docs):
            fh.write(json.dumps({"id": f"doc{n}", **doc}) + "\n")
    return d


def test_fewer_documents_than_folds_is_a_numbered_error(tmp_path):
    from sourcetrace.train.attributions import train

    d = _write(tmp_path / "few", [parse_markup(m) for m in DOCS[:3]])
    with pytest.raises(SourcetraceError) as err:
        train(d, tmp_path / "m.json")
    assert err.value.code == "E051"
    assert "fewer than the 5" in str(err.value)


def test_bad_span_shape_is_a_numbered_error_naming_the_document(tmp_path):
    from sourcetrace.train.attributions import train

    docs = [parse_markup(m) for m in DOCS * 2]
    docs[4]["attributions"][0]["cue"] = [12]  # one offset, not a pair
    d = _write(tmp_path / "bad", docs)
    with pytest.raises(SourcetraceError) as err:
        train(d, tmp_path / "m.json")
    assert err.value.code == "E051"
    assert "document 5" in str(err.value) and "cue" in str(err.value)
    docs[4]["attributions"][0]["cue"] = [5, 10_000]  # past the end of the text
    _write(tmp_path / "bad", docs)
    with pytest.raises(SourcetraceError) as err:
        train(d, tmp_path / "m.json")
    assert err.value.code == "E051"


def test_empty_or_null_spans_read_as_absent(tmp_path):
    from sourcetrace.train.attributions import _read

    docs = [parse_markup(m) for m in DOCS[:2]]
    docs[0]["attributions"][0]["source"] = []      # sourceless, written as an empty list
    docs[1]["attributions"][0]["content"] = None   # content not annotated
    path = _write(tmp_path / "absent", docs) / "train.jsonl"
    read = _read(path, None)
    assert read[0]["attributions"][0]["source"] is None
    assert read[1]["attributions"][0]["content"] is None
    assert read[0]["attributions"][0]["cue"] == tuple(docs[0]["attributions"][0]["cue"])
    # and training runs on them
    full = [parse_markup(m) for m in DOCS * 2]
    full[0]["attributions"][0]["source"] = []
    full[1]["attributions"][0]["content"] = None
    d = _write(tmp_path / "absent-train", full)
    assert main(["train", "attributions", "--data", str(d), "--output", str(tmp_path / "m.json")]) == 0
