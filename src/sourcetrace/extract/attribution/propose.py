"""The proposing loop: every candidate attribution the frames find in a Doc, before the cue model
decides.

Each token of each sentence goes to the frame its word calls for: "according to"
(``prepositional.according_to``), a verb of the reporting lexicon (``verbs.verb_cue``), and with a
cue model the words it learned (verbs, nouns, stance adjectives), light verbs and nouns of speech
(``nouns``) and prepositional sources; then the colon lines of the sentence (``punctuation``). Over
the whole text come the dash-signed quotations and the evidential adverbs (``adverbials``), the
content repairs that need every candidate (``repairs.tidy_content``, ``repairs.continue_quotes``)
and, for the cue model, each candidate's place among the others (``learned.cue_model.context``).
"""

from __future__ import annotations

from ...nlp.model import doc_text
from .adverbials import propose_adverbials
from .candidate import Candidate
from .families import Family
from .learned.cue_model import CueModel, context
from .lexicon import SPEECH_ACT_NOUNS, reporting_verbs
from .nouns import adjective_cue, light_noun, noun_cue
from .options import Options
from .prepositional import SOURCE_PREPS, according_to, prep_source
from .punctuation import colon_cue, dash_quotes
from .quotations import quote_spans
from .repairs import continue_quotes, tidy_content
from .verbs import verb_cue

# the frame of a verb the cue model learned: asserted, family "other"
LEARNED_VERB = ("asserted", Family.OTHER)


def candidates(doc, *, options: Options = Options(), model: CueModel | None = None,
               quotes=None) -> list[Candidate]:
    """Every candidate attribution the rules find, before the cue model (or the quotation filter) and
    de-duplication: the rule frames of the package docstring, plus, when a cue model is given, the
    verbs and nouns it lists as frequent cues in annotated news and the frames only it sees."""
    quotes = quote_spans(doc_text(doc)) if quotes is None else quotes
    extra = model.candidates if model is not None else {}
    verbs = reporting_verbs()
    raws: list[Candidate] = []
    for sent in doc.sents:
        for tok in sent:
            raw = _word_frame(doc, tok, sent, quotes, options, verbs, extra, gated=model is None)
            if raw:
                raws.append(raw)
        colon_cue(doc, sent, raws, options)
    dash_quotes(doc, quotes, raws, options)
    # evidential adverbs/adjectives: only where no other attribution already carries the clause
    propose_adverbials(doc, raws)
    text = doc_text(doc)
    for r in raws:
        r.content = tidy_content(text, r, quotes)
    continue_quotes(text, raws, quotes, options)
    if model is not None:
        context(doc, raws)
    return raws


def _word_frame(doc, tok, sent, quotes, options: Options, verbs: dict, extra: dict, *,
                gated: bool) -> Candidate | None:
    """The candidate of the frame ``tok`` calls for, or None. ``verbs``: the reporting lexicon;
    ``extra``: the cue model's learned words ("lemma|POS" -> "verb", "noun" or "adj"); ``gated``:
    no cue model (verbs that report only in some frames are dropped outside them)."""
    lemma = tok.lemma_.lower()
    if tok.lower_ == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
        return according_to(doc, tok, sent)
    if tok.i > 0 and doc[tok.i - 1].text.endswith("<"):
        return None  # an HTML/XML tag name ("<tweet ...>") left in the text
    if (tok.pos_ in ("VERB", "AUX") or (tok.pos_ == "NOUN" and tok.dep_ == "ROOT" and lemma in verbs)) and lemma in verbs:
        return verb_cue(doc, tok, sent, verbs[lemma], quotes, options, gated=gated)
    if not extra:
        return None
    if tok.dep_ == "prep" and tok.lower_ in SOURCE_PREPS:
        return prep_source(doc, tok, sent)
    kind = extra.get(f"{lemma}|{tok.pos_}")
    if kind == "verb":
        return verb_cue(doc, tok, sent, LEARNED_VERB, quotes, options, gated=False)
    if kind == "noun":
        return noun_cue(doc, tok, sent, options)
    if kind is None and light_noun(tok, verbs):
        return noun_cue(doc, tok, sent, options, light=True)
    if kind is None and tok.pos_ == "NOUN" and (lemma in SPEECH_ACT_NOUNS or lemma in verbs):
        # "Trump's attacks on the judge", "her push to overthrow": a noun of speech or
        # stance the lexicon does not list, only with a holder of its own
        raw = noun_cue(doc, tok, sent, options, frame="holder")
        return raw if raw is not None and raw.source is not None else None
    if kind == "adj" and tok.dep_ == "acomp":
        return adjective_cue(doc, tok, sent, options)
    return None
