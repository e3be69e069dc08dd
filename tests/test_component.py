"""The spaCy component: ``nlp.add_pipe("sourcetrace")`` on the project's model, spans and the ledger."""

from __future__ import annotations

import subprocess
import sys

import pytest
import spacy
from spacy.tokens import Doc, DocBin

from sourcetrace.errors import SourcetraceError
from sourcetrace.ledger import Ledger
from sourcetrace.nlp.component import CONTENTS, CUES, SOURCES, ledger_of
from sourcetrace.nlp.model import DEFAULT_MODEL

TEXT = ("\"The pier is not safe,\" said Dana Whitlock, the harbour master of Kelmouth. "
        "Officials reportedly closed it on Sunday. Some anglers claim the repairs were skipped.")


@pytest.fixture(scope="module")
def pipe_nlp():
    nlp = spacy.load(DEFAULT_MODEL)
    nlp.add_pipe("sourcetrace")
    return nlp


def test_the_factory_is_registered_by_the_entry_point_without_importing_sourcetrace():
    code = ("import sys, spacy; before = 'sourcetrace' in sys.modules; nlp = spacy.blank('en');"
            "print(before, spacy.Language.has_factory('sourcetrace'), 'sourcetrace.nlp.component' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert done.stdout.split() == ["False", "True", "False"]  # registered by spaCy itself; component code not loaded


def test_spans_and_the_ledger(pipe_nlp):
    doc = pipe_nlp(TEXT)
    ledger = doc._.sourcetrace
    assert isinstance(ledger, Ledger) and ledger.text == doc.text
    assert ledger.to_dict() == ledger_of(pipe_nlp(TEXT)).to_dict()
    by_id = {a.id: a for a in ledger.attributions}
    assert len(by_id) >= 2
    for span in doc.spans[CUES]:
        a = by_id[span.id_]
        assert span.label_ == a.cue_family and span.text == a.cue.text
    for span in doc.spans[CONTENTS]:
        assert span.label_ == by_id[span.id_].certainty
    sources = {s.id_: s for s in doc.spans[SOURCES]}
    assert set(sources) == {a.id for a in ledger.attributions if a.source is not None}
    whitlock = next(s for s in sources.values() if s.text.startswith("Dana Whitlock"))
    att = by_id[whitlock.id_]
    assert whitlock.label_ == att.source.kind == "person" and whitlock.kb_id_ == att.source.entity
    assert ledger.entity(whitlock.kb_id_).name == "Dana Whitlock"
    said = next(s for s in doc.spans[CUES] if s.id_ == whitlock.id_)
    assert said.text == "said" and said.label_ == "speech"
    content = [s for s in doc.spans[CONTENTS] if s.id_ == whitlock.id_]
    assert [s.text for s in content] == ['"The pier is not safe,"'] and content[0].label_ == "asserted"


def test_an_interrupted_content_gives_one_span_per_piece(pipe_nlp):
    doc = pipe_nlp("\"The pier,\" said Dana Whitlock, \"will stay closed until June.\"")
    [a] = doc._.sourcetrace.attributions
    assert len(a.content_parts) == 2
    assert [s.text for s in doc.spans[CONTENTS]] == ['"The pier,"', '"will stay closed until June."']


def test_pipe_batches_and_empty_texts(pipe_nlp):
    texts = [TEXT, "", "The weather was mild.", "Police said two boats sank."]
    docs = list(pipe_nlp.pipe(texts, batch_size=2))
    assert [d.text for d in docs] == texts
    assert [len(d._.sourcetrace.attributions) for d in docs][1:] == [0, 0, 1]
    assert all(len(d.spans[CUES]) == len(d._.sourcetrace.attributions) for d in docs)


def test_the_ledger_survives_serialisation(pipe_nlp):
    doc = pipe_nlp(TEXT)
    again = Doc(pipe_nlp.vocab).from_bytes(doc.to_bytes())
    assert again._.sourcetrace == doc._.sourcetrace
    assert [s.label_ for s in again.spans[SOURCES]] == [s.label_ for s in doc.spans[SOURCES]]
    bin_ = DocBin(store_user_data=True)
    bin_.add(doc)
    [back] = DocBin().from_bytes(bin_.to_bytes()).get_docs(pipe_nlp.vocab)
    assert back._.sourcetrace == doc._.sourcetrace


def test_pipe_in_two_processes(pipe_nlp):
    docs = list(pipe_nlp.pipe([TEXT, "Police said two boats sank."], n_process=2, batch_size=1))
    assert [len(d._.sourcetrace.attributions) for d in docs] == [len(pipe_nlp(TEXT)._.sourcetrace.attributions), 1]


def test_a_pipeline_without_parser_or_in_another_language_is_e039():
    no_parser = spacy.load(DEFAULT_MODEL, exclude=["parser"])
    with pytest.raises(SourcetraceError) as err:
        no_parser.add_pipe("sourcetrace")
    assert err.value.code == "E039" and "dependency parser" in err.value.message
    with pytest.raises(SourcetraceError) as err:
        spacy.blank("en").add_pipe("sourcetrace")
    assert err.value.code == "E039" and "named entities" in err.value.message
    with pytest.raises(SourcetraceError) as err:
        spacy.blank("nl").add_pipe("sourcetrace")
    assert err.value.code == "E039" and "'nl'" in err.value.message


def test_a_component_placed_before_the_parser_is_e039_on_the_first_doc():
    nlp = spacy.load(DEFAULT_MODEL)
    nlp.add_pipe("sourcetrace", first=True)
    with pytest.raises(SourcetraceError) as err:
        nlp("Police said two boats sank.")
    assert err.value.code == "E039" and "no dependency parse" in err.value.message
