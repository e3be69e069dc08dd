"""Attributions: who says what, through which cue, how firmly, and through whom.

Rules on spaCy's dependency parse propose candidate attributions (``propose.candidates``) and a
trained cue model (``learned.cue_model``) keeps or drops each one (``select``; ``Options.model``,
"rules" for the rules alone). The files of this package are the frame table of
docs/attribution.md:

- ``verbs`` (with ``verb_content`` and ``fallback``): verb cues from ``lexicons/reporting_verbs.txt``
  (say, claim, reveal, believe, accuse, cite ...), active (source = subject) or passive (source =
  the ``by`` agent, or none: "Turkey has been accused of ..."), with the clause, object, charge,
  question, topic or quotation they report; evidential and raising-passive frames ("seems to",
  "is said to");
- ``prepositional``: "according to X", and with the cue model "In a poll, ...", "To many, ...";
- ``punctuation``: colon lines ("Senator Smith: 'We will not back down.'") and dash-signed
  quotations ('"We were never asked." ― Maria Lopez');
- ``nouns``: with the cue model, cue nouns, light-verb idioms and stance adjectives ("criticism
  of", "raised questions about", "was critical of");
- ``adverbials``: evidential adverbs without a source ("reportedly", "an alleged plot");
- ``quotations``: quotations over several sentences, joined to the cue that introduces or closes
  them; ``repairs``: content edges, contents in pieces, the trained content and cue bounds;
- ``select``: the model's keep or drop, nested reporting, one attribution per cue;
- ``sources``: the source phrase, its kind and the entity it refers to; ``chains``: ``via`` links
  and source chains. ``families`` holds the cue families and what each does downstream,
  ``candidate`` the record every stage refines.

Each attribution gets a certainty (factive, asserted, distanced, hedged: from the cue lexicon, lowered
to hedged by an evidential adverb or a modal on the cue), a source kind (see ``source_kind``), an entity
id for the source where the text allows (pronouns and descriptions like "the newspaper" are resolved to
a compatible preceding entity; see ``Resolver`` and docs/resolver.md), and ``via``: the attribution it was reported
through (it sits inside that attribution's content). ``source_chains`` lists the sources from the
outermost to the innermost, including the outlet or document a citing source names ("X cites a report
in Y" gives X -> Y).
"""

from __future__ import annotations

from ...nlp.model import doc_text
from ...records import Attribution, Entity
from ..entities import EntityIndex
from .candidate import Candidate, record
from .chains import link_via, source_chains
from .families import POLICY, Family, FamilyPolicy, policy
from .learned import cue_model
from .learned.cue_model import features
from .lexicon import reporting_verbs
from .options import Options
from .propose import candidates
from .quotations import quote_spans
from .repairs import apply_bounds
from .select import dedupe, select
from .sources import Resolver, source_kind, source_record

__all__ = ["Attribution", "Candidate", "Family", "FamilyPolicy", "Options", "POLICY", "apply_bounds",
           "attributions", "candidates", "features", "policy", "quote_spans", "reporting_verbs",
           "source_chains", "source_kind"]


def attributions(doc, *, entities: list[Entity] | None = None, options: Options = Options()) -> list[Attribution]:
    """Attributions of ``doc`` (see the package docstring), in text order, with ids A1, A2, ..."""
    ents = entities or []
    index = EntityIndex(ents)
    resolver = Resolver(ents, doc)
    model = cue_model.load(options.model) if options.model not in ("", "rules") else None
    quotes = quote_spans(doc_text(doc))
    raws = candidates(doc, options=options, model=model, quotes=quotes)
    raws = dedupe(select(doc, raws, model, options, quotes))
    apply_bounds(doc, raws, model, options)
    raws.sort(key=lambda r: (r.cue[0], r.cue[1]))
    out = []
    for n, r in enumerate(raws, 1):
        src = source_record(doc, r.source, r.source_head, index, resolver, exclude=r.content) if r.source else None
        out.append(record(doc, r, n, src))
    return link_via(out)
