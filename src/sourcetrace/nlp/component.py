"""The sourcetrace spaCy component: a Doc's claim ledger, written onto the Doc.

``SourcetraceComponent`` runs every extractor on a parsed Doc (``pipeline.analyze_doc``) and writes
the result in two forms: the typed ``Ledger`` in the extension ``doc._.sourcetrace``, and three
span groups, one span per attribution and role, whose ``id_`` is the attribution's id ("A4", the
same in all three groups and in the ledger):

* ``doc.spans["sourcetrace_sources"]``: the source phrase, labelled with the source kind (person,
  organization, media, official, document, group, vague, unnamed); ``kb_id_`` is the ledger's
  entity id ("E4") when the source is resolved to an entity; sourceless claims have no span here;
* ``doc.spans["sourcetrace_cues"]``: the cue, labelled with the cue family (speech, belief,
  according_to, ...; docs/attribution.md lists them);
* ``doc.spans["sourcetrace_contents"]``: the content, labelled with the certainty (factive,
  asserted, distanced, hedged); a content its cue interrupts gives one span per piece.

The Doc's text is used as it is (no cleaning, no title or date), so every offset of the ledger is
an offset into ``doc.text``; the ledger's id is the first 16 hex digits of the SHA-1 of the text,
as for ``sourcetrace analyze``. The factory (``factories.py``) refuses a pipeline without a parser
or named entities (E039); a Doc that reaches the component without a parse is E039 too.

A Ledger is not a msgpack type, so this module registers a srsly msgpack encoder and decoder for
it: ``doc.to_bytes()``, ``DocBin(store_user_data=True)`` and ``nlp.pipe(..., n_process=2)`` (which
sends Docs between processes as bytes) keep ``doc._.sourcetrace``.
"""

from __future__ import annotations

import hashlib

import srsly
from spacy.tokens import Doc

from ..errors import SourcetraceError
from ..ledger import Ledger
from ..records import Article
from .model import doc_text

EXTENSION = "sourcetrace"
SOURCES, CUES, CONTENTS = "sourcetrace_sources", "sourcetrace_cues", "sourcetrace_contents"
SPAN_KEYS = (SOURCES, CUES, CONTENTS)
_MSGPACK_KEY = "__sourcetrace_ledger__"

if not Doc.has_extension(EXTENSION):
    Doc.set_extension(EXTENSION, default=None)


def _encode_ledger(obj, chain=None):
    if isinstance(obj, Ledger):
        return {_MSGPACK_KEY: obj.to_dict()}
    return obj if chain is None else chain(obj)


def _decode_ledger(obj, chain=None):
    if isinstance(obj, dict) and _MSGPACK_KEY in obj:
        return Ledger.from_dict(obj[_MSGPACK_KEY])
    return obj if chain is None else chain(obj)


srsly.msgpack_encoders.register("sourcetrace_ledger", func=_encode_ledger)
srsly.msgpack_decoders.register("sourcetrace_ledger", func=_decode_ledger)


def check_pipeline(nlp) -> None:
    """E039 unless ``nlp`` is an English pipeline with a dependency parser and named entities."""
    if nlp.lang != "en":
        raise SourcetraceError("E039", reason=f"its language is {nlp.lang!r}, and sourcetrace reads English only")
    assigned = {a for name in nlp.pipe_names for a in nlp.get_pipe_meta(name).assigns}
    missing = [what for what, attr in (("a dependency parser", "token.dep"), ("named entities", "doc.ents"))
               if attr not in assigned]
    if missing:
        raise SourcetraceError("E039", reason=f"no component before it assigns {' or '.join(missing)}"
                                              f" (pipes: {', '.join(nlp.pipe_names) or 'none'})")


def ledger_of(doc: Doc) -> Ledger:
    """The typed ledger of a parsed Doc, its text taken as is."""
    from ..pipeline import analyze_doc

    text = doc_text(doc)
    article = Article(id=hashlib.sha1(text.encode("utf-8")).hexdigest()[:16], text=text)
    return Ledger.from_layers(article, analyze_doc(doc))


def _span(doc: Doc, span: tuple[int, int], label: str, attribution_id: str, kb_id: str | None = None):
    return doc.char_span(span[0], span[1], label=label, kb_id=kb_id or "", span_id=attribution_id,
                         alignment_mode="expand")


def write_spans(doc: Doc, ledger: Ledger) -> None:
    """``doc.spans`` groups of the ledger's sources, cues and contents (see the module docstring)."""
    groups: dict[str, list] = {key: [] for key in SPAN_KEYS}
    for a in ledger.attributions:
        if a.source is not None:
            groups[SOURCES].append(_span(doc, a.source.span, a.source.kind, a.id, a.source.entity))
        groups[CUES].append(_span(doc, a.cue.span, a.cue_family, a.id))
        for piece in a.content_parts or (a.content.span,):
            groups[CONTENTS].append(_span(doc, piece, a.certainty, a.id))
    for key, spans in groups.items():
        doc.spans[key] = [s for s in spans if s is not None]


class SourcetraceComponent:
    """``nlp.add_pipe("sourcetrace")``: see the module docstring."""

    def __init__(self, nlp, name: str = "sourcetrace"):
        check_pipeline(nlp)
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        if len(doc) and not doc.has_annotation("DEP"):
            raise SourcetraceError("E039", reason="the Doc has no dependency parse (is the component before the parser?)")
        ledger = ledger_of(doc)
        write_spans(doc, ledger)
        doc._.set(EXTENSION, ledger)
        return doc
