"""Helpers shared by the attribution tests (``tests/test_attribution_*.py``): run the extractor on a
sentence, pick an attribution by its cue, list the candidates a stub cue model sees."""

from __future__ import annotations

import json

import pytest

from sourcetrace.extract.attribution import Options, attributions, candidates
from sourcetrace.extract.attribution.learned import cue_model
from sourcetrace.extract.entities import entities


def analyze(nlp, text):
    """(attributions with the shipped model, entities) of ``text``."""
    doc = nlp(text)
    ents = entities(doc)
    return attributions(doc, entities=ents), ents


def run(nlp, text, model="default", **kw):
    """The attributions of ``text`` with ``Options(model=model, **kw)``."""
    doc = nlp(text)
    return attributions(doc, entities=entities(doc), options=Options(model=model, **kw))


def rules(nlp, text):
    """The attributions of ``text`` with the rules alone."""
    return run(nlp, text, "rules")


def one(atts, cue):
    hits = [a for a in atts if cue in a.cue.text.lower()]
    assert hits, f"no attribution with cue {cue!r}: {[a.cue.text for a in atts]}"
    return hits[0]


def pieces(text, a):
    return [text[s:e] for s, e in a.content_parts]


def stub(lexicon=None):
    """A cue model with no weights and threshold 0 (every candidate kept) whose learned lexicon is
    ``lexicon``."""
    return cue_model.CueModel(weights={}, bias=0.0, threshold=0.0, candidates=lexicon or {})


def cands(nlp, text, lexicon=None, last="family"):
    """(cue, source, content, family or frame) of every candidate, under a model with no weights
    whose learned lexicon is ``lexicon``."""
    doc = nlp(text)
    lexicon = lexicon if lexicon is not None else {"promise|NOUN": "noun", "call|NOUN": "noun"}
    t = doc.text
    return [(t[r.cue[0]:r.cue[1]], t[r.source[0]:r.source[1]] if r.source else None, t[r.content[0]:r.content[1]],
             getattr(r, last)) for r in candidates(doc, model=stub(lexicon))]


def cand(rows, cue):
    hits = [r for r in rows if r[0] == cue]
    assert hits, f"no candidate with cue {cue!r}: {rows}"
    return hits[0]


def frames(nlp, text):
    return cands(nlp, text, lexicon={"quibble|VERB": "verb"}, last="frame")


def candidate(nlp, text, cue, lexicon=None):
    """(doc, the first candidate whose cue text is ``cue``) under a stub model."""
    doc = nlp(text)
    hits = [r for r in candidates(doc, model=stub(lexicon)) if doc.text[r.cue[0]:r.cue[1]] == cue]
    assert hits, [doc.text[r.cue[0]:r.cue[1]] for r in candidates(doc, model=stub(lexicon))]
    return doc, hits[0]


@pytest.fixture(scope="module")
def learned(tmp_path_factory):
    """A model file: every candidate kept; a few learned candidate words as the trained model
    would list them."""
    model = cue_model.CueModel(weights={}, bias=0.0, threshold=0.0, candidates={
        "critical|ADJ": "adj", "worried|ADJ": "adj", "question|NOUN": "noun", "criticism|NOUN": "noun",
        "critic|NOUN": "noun", "praise|VERB": "verb"})
    path = tmp_path_factory.mktemp("model") / "stub.json"
    path.write_text(json.dumps(model.to_json()), encoding="utf-8")
    return str(path)
