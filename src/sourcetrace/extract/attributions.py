"""Attributions: who says what, through which cue, how firmly, and through whom.

Rules on spaCy's dependency parse propose candidate attributions (``candidates``) and a trained cue
model (``cue_model``) keeps or drops each one (``Options.model``; "rules" for the rules alone). The
rules cover:

- **verb cues** from ``lexicons/reporting_verbs.txt`` (say, claim, reveal, believe, accuse, cite ...), in
  active voice (source = subject) and passive voice (source = the ``by`` agent, or none: "Turkey has
  been accused of ..."); the content is the clausal complement ("that ..."), an infinitive ("claim to
  possess ..."), an ``of``/``for`` complement of accusation verbs, the object of citing/showing verbs, or
  the quotation or main clause the cue is inserted into ("..., he said.");
- **"according to X"**: source X, content the rest of the clause;
- **evidential adverbs** without a source ("reportedly", "allegedly", "an alleged plot");
- **colon quotes**: "Senator Smith: 'We will not back down.'";
- **direct quotations** that run over several sentences, joined to the cue that introduces or closes them;
- **dash-signed quotations**: '"We were never asked." ― Maria Lopez';
- with the cue model only: **learned cue words** outside the lexicon (verbs: "pointed to", "attacked";
  nouns: "criticism of", "raised questions about"; stance adjectives: "was critical of").

A content its cue interrupts ('"...," she said. "..."', "The plan, she said, is dead.") is kept in
pieces (``Attribution.content_parts``); with the model file, where an indirect content starts and
ends is chosen by the trained models of ``content_bounds``.

Each attribution gets a certainty (factive, asserted, distanced, hedged: from the cue lexicon, lowered
to hedged by an evidential adverb or a modal on the cue), a source kind (see ``source_kind``), an entity
id for the source where the text allows (pronouns and descriptions like "the newspaper" are resolved to
a compatible preceding entity; see ``Resolver`` and docs/resolver.md), and ``via``: the attribution it was reported
through (it sits inside that attribution's content). ``source_chains`` lists the sources from the
outermost to the innermost, including the outlet or document a citing source names ("X cites a report
in Y" gives X -> Y).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from .. import lexicons
from ..nlp.model import doc_text
from ..records import Attribution, Entity, Source, TextSpan
from . import content_bounds, cue_bounds, cue_model
from .chains import link_via as _link_via
from .chains import source_chains  # noqa: F401 - part of this module's interface
from .dates import WEEKDAYS
from .entities import EntityIndex, person_roles
from .sources import (Resolver, appositive_entity, resolve_source,
                      source_nouns, source_kind)

# Relative pronouns that open a relative clause with a reporting verb inside ("which critics said was
# unfair", "who officials say is tied to ..."): English grammar's wh- and that-relatives.
RELATIVE_PRONOUNS = frozenset({"which", "that", "who", "whom"})
# Complement prepositions of accusation verbs: "accused of X", "criticized for X".
ACCUSE_PREPS = {"of", "for", "over"}
# Verbs that report with an object rather than a clause ("cites a report", "showed a rise").
OBJECT_FAMILIES = {"cite", "show", "publish"}
# Particles whose object is the content of a stance verb ("called for", "talked about", "voted against").
STANCE_PREPS = {"about", "for", "against", "to", "on", "with"}
MODALS = {"may", "might", "could"}
_QUOTE_OPEN = "\"“«‘'"
_QUOTE_CLOSE = "\"”»’'"
_STRIP = " \t\r\n\u00a0,;:-–—"


@dataclass(frozen=True)
class Options:
    """Attribution extraction options (defaults calibrated on PolNeAR train)."""

    # longest source phrase kept, in tokens; longer subjects are clauses, not sources
    max_source_tokens: int = 40
    # Cut datelines, focus adverbs, possessive endings and comma-set modifiers off sources (``_trim_source``).
    trim_sources: bool = True
    # a colon cue needs a short speaker phrase before the colon
    max_colon_speaker_tokens: int = 8
    # join a cue-less quotation to a cue at most this many characters away
    quote_join_chars: int = 3
    # a quotation interrupted by its cue ("...," she said. "...") continues in a quotation that
    # opens at most this many characters after the cue clause, in the same paragraph
    quote_continuation_chars: int = 120
    # Report what a quoted speaker says others think or said ("I think ..." inside a quotation)?
    # Off by default: PolNeAR annotators mostly leave such nested speech unannotated, and on
    # PolNeAR train (first 200 documents) keeping them cost precision (see docs/attribution.md).
    nested_in_quotes: str = "none"  # "none", "speech" (keep nested verbs of saying) or "all"
    # The trained cue model that keeps or drops each candidate (``cue_model``): "default" for the
    # shipped weights, a path to a JSON file written by ``sourcetrace train attributions``, or ""
    # for rules only (then ``nested_in_quotes`` filters quoted speech).
    model: str = "default"
    # Keep reporting inside a reported clause ("X reported that police said ...") even where the
    # cue model would drop it: source chains are built from these. PolNeAR annotators often leave
    # them unmarked, so this costs a little precision there (docs/attribution.md).
    keep_nested: bool = True
    # Run an indirect content on to the end of its sentence when no other cue intervenes
    # (``_extend_to_sentence_end``); at most this many words are added.
    extend_contents: bool = True
    extend_max_words: int = 12  # 12 vs 25 vs 40 words on PolNeAR train docs 600-840: content exact 48.7 / 48.5 / 48.0


# Candidate families that only the cue model keeps or drops (the rules alone never propose them).
MODEL_FAMILIES = frozenset({"other", "noun"})
# Cue families of nested reporting kept by ``Options.keep_nested``.
NESTED_FAMILIES = frozenset({"speech", "cite", "publish"})
# Verbs by which outlets pass on what others said ("the paper reported that police said ..."):
# the publish/cite families of lexicons/reporting_verbs.txt plus "carry", "learn" (news usage:
# "the agency carried a statement", "the paper has learned that"); compiled by the authors.
OUTLET_VERBS = frozenset({"report", "write", "publish", "quote", "cite", "carry", "reveal", "learn"})
ADDRESSEE_PRONOUNS = frozenset({"me", "us", "you", "him", "her", "them"})


@functools.lru_cache(maxsize=1)
def _headline_labels() -> frozenset[str]:
    return frozenset(lexicons.load("headline_labels"))


@functools.lru_cache(maxsize=1)
def _verbs() -> dict[str, tuple[str, str]]:
    table = lexicons.load_table("reporting_verbs")
    return {lemma: (fields[0], fields[1]) for lemma, fields in table.items()}


@functools.lru_cache(maxsize=1)
def _hedges() -> frozenset[str]:
    return frozenset(lexicons.load("hedge_adverbs"))


# --------------------------------------------------------------------------------------------
# span helpers (token indices -> character spans)


def _char_span(doc, start: int, end: int) -> tuple[int, int] | None:
    """Character span of tokens [start, end) with surrounding separators trimmed."""
    if end <= start:
        return None
    s = doc[start].idx
    e = doc[end - 1].idx + len(doc[end - 1].text)
    text = doc_text(doc)
    while s < e and text[s] in _STRIP:
        s += 1
    while e > s and text[e - 1] in _STRIP:
        e -= 1
    return (s, e) if e > s else None


def _subtree_span(tok, exclude: set[int] | None = None) -> tuple[int, int]:
    """Token range of ``tok``'s subtree, cut short before any excluded token on either side."""
    lo, hi = tok.left_edge.i, tok.right_edge.i + 1
    if exclude:
        for i in sorted(exclude):
            if lo <= i < tok.i:
                lo = max(lo, i + 1)
            elif tok.i < i < hi:
                hi = min(hi, i)
                break
    return lo, hi


def _cue_tokens(verb) -> tuple[int, int]:
    """The cue: the verb with its auxiliaries, negation, adjacent adverbs and phrasal particle."""
    lo = verb.i
    doc = verb.doc
    while lo > 0:
        prev = doc[lo - 1]
        if prev.head == verb and prev.dep_ in ("aux", "auxpass", "neg", "advmod") and prev.lower_ not in _hedges():
            lo -= 1
        elif prev.dep_ == "advmod" and prev.head == verb:
            break
        else:
            break
    # "went on to say", "continue to express", "refused to concede": the verb chain ending in the
    # cue is one cue (PolNeAR's convention)
    # (not after a raising passive, "is said to be planning": that is hearsay about the clause)
    if verb.dep_ == "xcomp" and verb.head.pos_ in ("VERB", "AUX") and verb.head.i < lo and not (
            verb.head.lemma_.lower() in RAISING_PASSIVES and any(c.dep_ == "auxpass" for c in verb.head.children)):
        head = verb.head
        between = doc[head.i + 1:lo]
        if all(t.dep_ in ("prt", "aux", "neg", "advmod", "prep") and (t.head == head or t.head == verb) for t in between) \
                and len(between) <= 3:
            lo = _cue_tokens(head)[0]
    hi = verb.i + 1
    for child in verb.rights:
        if child.i == hi and child.dep_ == "prt":
            hi += 1
        if child.i == hi and child.dep_ == "prep" and child.lower_ in ("for", "on") and verb.lemma_ in ("call",):
            hi += 1
        elif child.i == hi and child.dep_ == "prep" and child.lower_ in ("about", "of", "against") and not any(
            c.dep_ in ("dobj", "ccomp", "xcomp") for c in verb.children
        ) and _verbs().get(verb.lemma_.lower(), ("", ""))[1] == "speech":
            hi += 1  # "spoke about", "warned against", "talked of"
        elif child.i == hi and child.dep_ == "prep" and child.lower_ in STANCE_PREPS and not any(
            c.dep_ in ("dobj", "ccomp", "xcomp") for c in verb.children
        ) and _verbs().get(verb.lemma_.lower(), ("", "other"))[1] in ("attitude", "other"):
            hi += 1
    return lo, hi


# --------------------------------------------------------------------------------------------
# quotations


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of quotations, quote marks included; may run over several sentences.

    Straight double quotes pair up in order; curly quotes pair open with close. Single quotes are
    ignored (apostrophes make them unreliable). A quotation never spans a blank line unless the next
    paragraph reopens it (the newspaper convention of leaving the closing mark off).
    """
    # typewriter double quotes written as two apostrophes (''like this'', the style of some wire
    # copy and newspaper archives) count as one double quote mark
    raw_text = text
    if "''" in text:
        text = text.replace("''", "\"\x01")
    spans: list[tuple[int, int]] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch in "\"“«":
            closers = "\"" if ch == "\"" else ("”\"" if ch == "“" else "»")
            j = i + 1
            while j < n:
                if text[j] in closers:
                    break
                if text.startswith("\n\n", j):
                    k = j
                    while k < n and text[k] in "\n \t":
                        k += 1
                    if k < n and text[k] in "\"“":
                        j = k  # continued quotation: the next paragraph reopens it
                    else:
                        break
                j += 1
            if j < n and text[j] in closers:
                end = j + 2 if j + 1 < n and text[j + 1] == "\x01" and raw_text[j] == "'" else j + 1
                spans.append((i, end))
                i = end
                continue
        i += 1
    return spans


# --------------------------------------------------------------------------------------------
# the extractor


@dataclass
class _Raw:
    """An attribution under construction (character spans)."""

    cue: tuple[int, int]
    content: tuple[int, int]
    source: tuple[int, int] | None
    source_head: int | None  # token index of the source's head
    certainty: str
    family: str
    direct: bool = False
    pronoun: bool = False
    head: int = -1  # token index of the cue's head word (features of the cue model)
    score: float = 0.0  # the cue model's probability, when it ran
    hedges: "_Raw | None" = None  # an adverbial's candidate on the same clause (kept only without it)
    parts: list[tuple[int, int]] | None = None  # pieces of a content its cue interrupts
    frame: str = ""  # "fallback": built by ``_fallback_content`` (a feature of the cue model)
    context: list[str] | None = None  # where it sits among the other candidates (``_context``)


def attributions(doc, *, entities: list[Entity] | None = None, options: Options = Options()) -> list[Attribution]:
    """Attributions of ``doc`` (see the module docstring), in text order, with ids A1, A2, ..."""
    ents = entities or []
    index = EntityIndex(ents)
    resolver = Resolver(ents, doc)
    model = cue_model.load(options.model) if options.model not in ("", "rules") else None
    quotes = quote_spans(doc_text(doc))
    raws = candidates(doc, options=options, model=model, quotes=quotes)
    if model is not None:
        for r in raws:
            r.score = model.probability(features(doc, r, quotes))
        # evidential adverbs ("reportedly", "allegedly") are kept whatever the model says: the issue
        # and our users count them as sourceless hearsay, while PolNeAR seldom marks them as cues
        keep = [r for r in raws if r.score >= model.threshold or r.family == "adverbial"]
        if options.keep_nested:
            # nested reporting ("the paper reported that police said ..."): the inner attribution
            # is what the chain of sources is made of, so it stays when it has a source of its own
            # and the outer one is an outlet or organisation passing it on
            spans = [r.content for r in keep if r.source is not None and (
                r.family in ("cite", "publish") or doc[r.head].lemma_.lower() in OUTLET_VERBS
                or (r.source_head is not None and doc[r.source_head].ent_type_ == "ORG"))]
            kept = {id(r) for r in keep}
            keep += [r for r in raws if id(r) not in kept and r.source is not None and r.family in NESTED_FAMILIES
                     and not _inside_quote(r, quotes, doc, "none")
                     and any(cs <= r.cue[0] and r.cue[1] <= ce for cs, ce in spans)]
        raws = keep
        # "X reportedly filed charges": the evidential adverb, not the verb it modifies, is the cue
        hedged = {id(r.hedges) for r in raws if r.hedges is not None}
        raws = [r for r in raws if id(r) not in hedged]
    else:
        raws = [r for r in raws if r.hedges is None]
        if options.nested_in_quotes != "all":
            raws = [r for r in raws if not _inside_quote(r, quotes, doc, options.nested_in_quotes)]
    raws = _dedupe(raws)
    apply_bounds(doc, raws, model, options)
    raws.sort(key=lambda r: (r.cue[0], r.cue[1]))
    return _finish(doc, raws, index, resolver)


def apply_bounds(doc, raws: list["_Raw"], model: "cue_model.CueModel | None", options: Options, *,
                 cues: bool = True) -> None:
    """Final edges of the kept candidates, in place: the trained content end and start
    (``content_bounds``; the rules' ``_extend_to_sentence_end`` without a model), the pieces of a
    content the cue interrupts, then (``cues``) the trained reach of each cue (``cue_bounds``)."""
    if model is not None and model.end_weights and options.extend_contents:
        # the trained models choose where each indirect content stops and starts (``content_bounds``)
        score = content_bounds.linear(model.end_weights, model.end_bias)
        start_score = content_bounds.linear(model.start_weights, model.start_bias) if model.start_weights else None
        for r in raws:
            span = content_bounds.choose_end(doc, r, score, _verbs())
            if span is not None:
                r.content = span
            if start_score is not None:
                spans = content_bounds.choose_start(doc, r, start_score)
                if spans is not None:
                    r.content, r.cue = spans
    else:
        _extend_to_sentence_end(doc, raws, options)
    for r in raws:
        if r.parts is None:
            r.parts = _parts_around_cue(doc, r)
    if cues and model is not None and (model.cue_end_weights or model.cue_start_weights):
        end_score = content_bounds.linear(model.cue_end_weights, model.cue_end_bias) if model.cue_end_weights else None
        start_score = content_bounds.linear(model.cue_start_weights, model.cue_start_bias) if model.cue_start_weights else None
        for r in raws:
            span = cue_bounds.choose(doc, r, end_score, start_score)
            if span is not None:
                r.cue = span


def candidates(doc, *, options: Options = Options(), model: "cue_model.CueModel | None" = None,
               quotes=None) -> list["_Raw"]:
    """Every candidate attribution the rules find, before the cue model (or the quotation filter) and
    de-duplication: the rule frames of the module docstring, plus, when a cue model is given, the
    verbs and nouns it lists as frequent cues in annotated news (``_other_verb``, ``_noun_cue``)."""
    verbs = _verbs()
    hedges = _hedges()
    quotes = quote_spans(doc_text(doc)) if quotes is None else quotes
    extra = model.candidates if model is not None else {}
    raws: list[_Raw] = []

    for sent in doc.sents:
        for tok in sent:
            lemma = tok.lemma_.lower()
            if tok.lower_ == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
                raw = _according_to(doc, tok, sent)
                if raw:
                    raws.append(raw)
                continue
            if tok.i > 0 and doc[tok.i - 1].text.endswith("<"):
                continue  # an HTML/XML tag name ("<tweet ...>") left in the text
            if tok.pos_ in ("VERB", "AUX") or (tok.pos_ == "NOUN" and tok.dep_ == "ROOT" and lemma in verbs):
                if lemma in verbs:
                    raw = _verb_cue(doc, tok, sent, verbs[lemma], quotes, options, gated=model is None)
                    if raw:
                        raws.append(raw)
                    continue
            if extra and tok.dep_ == "prep" and tok.lower_ in ("in", "by", "to", "for"):
                raw = _prep_source(doc, tok, sent)
                if raw:
                    raws.append(raw)
                continue
            if extra:
                kind = extra.get(f"{lemma}|{tok.pos_}")
                raw = None
                if kind == "verb":
                    raw = _verb_cue(doc, tok, sent, ("asserted", "other"), quotes, options, gated=False)
                elif kind == "noun":
                    raw = _noun_cue(doc, tok, sent, options)
                elif kind is None and _light_noun(tok, verbs):
                    raw = _noun_cue(doc, tok, sent, options, light=True)
                elif kind is None and tok.pos_ == "NOUN" and (lemma in SPEECH_ACT_NOUNS or lemma in verbs):
                    # "Trump's attacks on the judge", "her push to overthrow": a noun of speech or
                    # stance the lexicon does not list, only with a holder of its own
                    raw = _noun_cue(doc, tok, sent, options, frame="holder")
                    if raw is not None and raw.source is None:
                        raw = None
                elif kind == "adj" and tok.dep_ == "acomp":
                    raw = _adjective_cue(doc, tok, sent, options)
                if raw:
                    raws.append(raw)
        _colon_cue(doc, sent, raws, options)
    _dash_quotes(doc, quotes, raws, options)

    # evidential adverbs/adjectives: only where no other attribution already carries the clause
    for tok in doc:
        if tok.lower_ in hedges and tok.dep_ in ("advmod", "amod", "npadvmod", "acomp"):
            head = tok.head
            if tok.dep_ == "amod" and tok.pos_ != "ADJ" and tok.lower_.endswith("ly"):
                continue
            # "reportedly said" hedges the cue; "X said Y reportedly did Z" hedges X's content
            hit = next((r for r in raws if r.cue[0] <= head.idx < r.cue[1]), None) or next(
                (r for r in raws if r.family != "adverbial" and r.content[0] <= tok.idx < r.content[1]), None)
            if hit is not None:
                # an evidential adjective inside a claim ("pointing to a reported rise") qualifies a
                # detail, not the claim; distanced stays distanced (the stronger signal)
                if tok.dep_ != "amod" and hit.certainty in ("asserted", "factive"):
                    hit.certainty = "hedged"
                if hit.family not in MODEL_FAMILIES or hit.cue[0] > head.idx or head.idx >= hit.cue[1]:
                    continue
            raw = _adverbial(doc, tok)
            if raw:
                # "X reportedly filed charges": a candidate on "filed" that only the cue model
                # proposes yields to the adverb when both are kept
                raw.hedges = hit
                raws.append(raw)

    for r in raws:
        r.content = _tidy_content(doc_text(doc), r, quotes)
    _continue_quotes(doc_text(doc), raws, quotes, options)
    if model is not None:
        _context(doc, raws)
    return raws


def _context(doc, raws: list["_Raw"]) -> None:
    """Features of where each candidate sits among the others, for the cue model: inside the
    content of another candidate (of which family, on which word), holding other candidates' cues in
    its content, sharing its cue with rivals. Annotators of PolNeAR mark almost no reporting nested
    in another attribution's content (129 of 19,834 train cues), so a candidate inside another's
    content is one of two: the inner one is wrong, or the outer one's content runs too far."""
    def overlap(a, b):
        return a[0] < b[1] and b[0] < a[1]
    sent_of = [doc[r.head].sent.start if 0 <= r.head < len(doc) else -1 for r in raws]
    for i, r in enumerate(raws):
        ctx = set()
        rivals = 0
        for o in raws:
            if o is r:
                continue
            if overlap(o.cue, r.cue):
                rivals += 1
                ctx.add(f"rival={o.family}|{r.family}")
                continue
            if o.content[0] <= r.cue[0] < o.content[1]:
                ctx.add(f"in={o.family}")
                ctx.add(f"in_fam={o.family}|{r.family}")
                if 0 <= o.head < len(doc):
                    ctx.add(f"in_l={doc[o.head].lemma_.lower()}")
                ctx.add(f"in_d={o.direct}")
            if r.content[0] <= o.cue[0] < r.content[1]:
                ctx.add(f"has={o.family}")
        ctx.add(f"rivals={min(rivals, 3)}")
        sent = [o for j, o in enumerate(raws) if j != i and sent_of[i] >= 0 and sent_of[j] == sent_of[i]]
        ctx.add(f"in_sent={min(len(sent), 4)}")
        ctx.add(f"first_in_sent={all(o.cue[0] >= r.cue[0] for o in sent)}")
        r.context = sorted(ctx)


def _extend_to_sentence_end(doc, raws: list["_Raw"], options: Options) -> None:
    """An indirect content that follows its cue runs to the end of the sentence when nothing but
    more of the same statement follows: clauses and phrases the parser hung elsewhere ("wants to
    raise wages, expand leave and cut fees"), as long as no other cue starts in between."""
    if not options.extend_contents:
        return
    cues = sorted(r.cue[0] for r in raws)
    text = doc_text(doc)
    for r in raws:
        if r.direct or r.content[0] < r.cue[1] or r.family in ("adverbial", "colon", "according_to", "noun", "prep_source"):
            continue
        tok = doc[r.head] if 0 <= r.head < len(doc) else None
        if tok is None or tok.pos_ not in ("VERB", "AUX"):
            continue  # a cue noun or adjective may sit in the subject ("Her criticism of X surprised ...")
        sent = tok.sent
        end = sent.end_char
        while end > r.content[1] and (text[end - 1] in " \n\t.!?;" ):
            end -= 1
        if end <= r.content[1] or "\n" in text[r.content[1]:end]:
            continue
        if any(r.content[1] <= c < end for c in cues):
            continue
        rest = text[r.content[1]:end]
        if len(rest.split()) > options.extend_max_words:
            continue
        if rest.count('"') % 2 or rest.count("“") != rest.count("”"):
            continue
        r.content = (r.content[0], end)


_CLOSE_RE = re.compile(r"[.,!?;]?(?:''|[\"”’])")


def _tidy_content(text: str, r: "_Raw", quotes) -> tuple[int, int]:
    """Content boundaries as news annotators draw them (PolNeAR's guidelines):

    - a clause that is the first or last part of a quotation its cue is attached to stands for the
      whole quotation ("'It makes no sense. The model fails,' she said." -> both sentences);
    - a content that opens a quotation and stops before its closing mark takes the mark and the
      punctuation before it ('called it "a disgrace."');
    - a final full stop outside any quotation is not part of the content.
    """
    s, e = r.content
    for qs, qe in quotes:
        if qs <= s and e <= qe and (s, e) != (qs, qe):
            near_end = qe - e <= 3 and 0 <= r.cue[0] - qe <= 40
            near_start = s - qs <= 3 and 0 <= qs - r.cue[1] <= 40
            if near_end or near_start:
                r.direct = True
                return qs, qe
    opened = sum(text.count(ch, s, e) for ch in "“") - sum(text.count(ch, s, e) for ch in "”")
    straight = text.count('"', s, e) % 2
    m = _CLOSE_RE.match(text, e)
    if m and (opened > 0 or straight or text.count("''", s, e) % 2):
        return s, m.end()
    if e - s > 1 and text[e - 1] == "." and not text[e - 2].isupper() and text[e - 2] != ".":
        return s, e - 1
    return s, e


def features(doc, r: "_Raw", quotes) -> list[str]:
    """The cue model's features of candidate ``r`` (see ``cue_model``)."""
    return cue_model.features(doc, head=r.head, family=r.family, cue=r.cue, content=r.content, source=r.source,
                              source_head=r.source_head, direct=r.direct, certainty=r.certainty,
                              in_quote=_inside_quote(r, quotes, doc, "none"), frame=r.frame) + (r.context or [])


def _finish(doc, raws: list["_Raw"], index: EntityIndex, resolver: "Resolver") -> list[Attribution]:
    out: list[Attribution] = []
    for n, r in enumerate(raws, 1):
        src = None
        if r.source:
            s, e = r.source
            stext = doc_text(doc)[s:e]
            head_tok = doc[r.source_head] if r.source_head is not None else None
            head_lemma = head_tok.lemma_ if head_tok is not None else stext.split()[-1]
            ent_id = index.at(s, e, head=head_tok.idx if head_tok is not None else None)
            if ent_id is None and head_tok is not None:
                ent_id = appositive_entity(doc, head_tok, index, s, e)
            if ent_id is None and head_tok is not None:
                ent_id = resolve_source(head_tok, stext, resolver, index, s, exclude=r.content)
            entity = index.by_id.get(ent_id) if ent_id else None
            # the kind reads the whole phrase, trimmed modifiers included ("an official, speaking on
            # condition of anonymity" is unnamed)
            phrase = stext
            if head_tok is not None and head_tok.left_edge.i <= head_tok.i <= head_tok.right_edge.i:
                full = doc[head_tok.left_edge.i:head_tok.right_edge.i + 1]
                if full.start_char <= s and e <= full.end_char and len(full) <= 60:
                    phrase = full.text.strip(_STRIP)
            kind = source_kind(phrase, head_lemma, entity, is_pronoun=head_tok is not None and head_tok.pos_ == "PRON")
            src = Source(text=stext, span=(s, e), entity=ent_id, kind=kind)
        out.append(Attribution(
            id=f"A{n}", source=src,
            cue=TextSpan(doc_text(doc)[r.cue[0]:r.cue[1]], r.cue),
            content=TextSpan(doc_text(doc)[r.content[0]:r.content[1]], r.content),
            certainty=r.certainty, via=None, cue_family=r.family, direct=r.direct,
            content_parts=tuple(r.parts) if r.parts and len(r.parts) > 1 else (),
        ))
    return _link_via(out)


def _continue_quotes(text: str, raws: list["_Raw"], quotes, options: Options) -> None:
    """``"First part," she said. "Second part."``: a quotation interrupted by its cue continues in
    the next quotation of the same paragraph; the content runs from the first to the last mark,
    in two parts (PolNeAR annotates the two quotations as fragments of one content)."""
    ordered = sorted(quotes)
    for r in raws:
        if not r.direct or r.content[1] > r.cue[0]:
            continue
        after = max(r.cue[1], r.source[1] if r.source else 0)
        nxt = next(((qs, qe) for qs, qe in ordered if qs >= after), None)
        if nxt is None:
            continue
        gap = text[after:nxt[0]]
        # only the end of the cue's own sentence may sit between ("... he said of the plan. "),
        # not a new reporting clause ("..., adding that ...")
        if "\n" in gap or len(gap) > options.quote_continuation_chars or not re.fullmatch(r"[^\"“”.!?]*[.:,]\s*", gap):
            continue
        words = [w.lower() for w in re.findall(r"[A-Za-z]+", gap)]
        if any(w in ("that", "adding", "adds") for w in words):
            continue
        # a verb of saying in the gap may open the next quotation ("..., and she added:"); one in a
        # clause that ends the cue's sentence describes the occasion ("said Ms. Park, speaking of
        # the budget.")
        if not gap.rstrip().endswith(".") and any(w in _verbs() for w in words):
            continue
        r.parts = [r.content, nxt]
        r.content = (r.content[0], nxt[1])


# what may follow a cue inside the gap between two parts of its content: a time or place adverbial
# of the reporting clause ("she said Tuesday,", "he said in Paris,"), at most this many words
_FRAME_TAIL_WORDS = 5


def _parts_around_cue(doc, r: "_Raw") -> list[tuple[int, int]] | None:
    """``The plan, she said, is dead.``: a content with its cue (and source) inside it is two pieces,
    before and after the reporting clause (PolNeAR annotates them as fragments of one content)."""
    c0, c1 = r.content
    lo, hi = r.cue
    if r.source is not None and c0 < r.source[0] and r.source[1] < c1:
        lo, hi = min(lo, r.source[0]), max(hi, r.source[1])
    if not (c0 < lo and hi < c1):
        return None
    text = doc_text(doc)
    before = text[c0:lo].rstrip()
    if before.lower() in RELATIVE_PRONOUNS:
        # "which critics said | was unfair": the pronoun, then the clause after the cue
        k = hi
        while k < c1 and text[k].isspace():
            k += 1
        return [(c0, c0 + len(before)), (k, c1)] if k < c1 else None
    if not before or before[-1] not in ",;:—–-(":
        return None  # not set off by punctuation: the cue belongs to the clause ("what he said was ...")
    # the reporting clause ends at the next comma (or dash, or closing bracket) within a few words
    m = re.match(r"[^,;:—–()\"“”.!?]*?[,;:—–)]", text[hi:c1])
    if m is None or len(text[hi:hi + m.end()].split()) > _FRAME_TAIL_WORDS:
        return None
    first = (c0, c0 + len(before))
    second_start = hi + m.end()
    while second_start < c1 and text[second_start].isspace():
        second_start += 1
    if second_start >= c1:
        return None
    return [first, (second_start, c1)]


def _inside_quote(r: "_Raw", quotes, doc, keep: str) -> bool:
    """True when the cue sits inside a quotation (nested speech of the quoted speaker)."""
    c0, c1 = r.cue
    if r.family in ("according_to", "colon", "quote"):
        return False
    for qs, qe in quotes:
        if qs < c0 and c1 < qe:
            if r.direct and not (r.content[0] > qs and r.content[1] < qe):
                return False
            return keep == "none" or r.family not in ("speech",)
    return False


def _source_from(doc, tok, options: Options) -> tuple[tuple[int, int] | None, int | None]:
    # A relative pronoun stays the source ("critics who say ..." -> "who"): PolNeAR annotates it so;
    # the ledger links it to the noun it refers to through the entity of that noun.
    lo, hi = tok.left_edge.i, tok.right_edge.i + 1
    # a source never spans a line break (a timestamp or dateline line glued to the sentence)
    while hi - lo > 1 and "\n" in doc[lo:hi].text:
        cut = next(i for i in range(lo, hi) if "\n" in doc[i].whitespace_ or "\n" in doc[i].text)
        if cut + 1 <= tok.i:
            lo = cut + 1
            while lo < hi and doc[lo].is_space:
                lo += 1
        else:
            hi = cut if "\n" in doc[cut].text else cut + 1
    # the parser often hangs the closing mark of a preceding quotation on the speaker
    # ('"...," J. Smith, an economist, said'): punctuation at either edge is not the source
    while lo < tok.i and doc[lo].text in _EDGE_MARKS:
        lo += 1
    while hi - 1 > tok.i and doc[hi - 1].text in _EDGE_MARKS:
        hi -= 1
    if options.trim_sources:
        lo, hi = _trim_source(doc, tok, lo, hi)
    if hi - lo > options.max_source_tokens or hi <= lo:
        return None, None
    span = _char_span(doc, lo, hi)
    return span, tok.i


# Quotation marks and separators that never start or end a source phrase (brackets may: "(KPA)").
_EDGE_MARKS = frozenset({'"', "“", "”", "'", "‘", "’", "``", "''", ",", ";", ":", "-", "–", "—"})
# Focus adverbs before a source ("even a top strategist", "only the mayor") are not part of it.
_FOCUS_ADVERBS = frozenset({"even", "only", "also", "just"})


def _trim_source(doc, tok, lo: int, hi: int) -> tuple[int, int]:
    """A source phrase without what is not the source (PolNeAR's convention, and what a reader of
    the ledger wants as the speaker): a dateline before it ("NEW YORK - the mayor"), a focus adverb
    ("even the mayor"), a possessive ending ("the mayor's"), and a participle, adverb or
    prepositional phrase set off by a comma after its head ("an official, speaking on condition of
    anonymity", "Cruz, with obvious delight"). Appositions ("Ann Lee, the mayor") and relative
    clauses ("Reid, who endorsed her in May") stay: PolNeAR annotators keep such relative clauses
    more often than not (249 to 175 times on its train split).
    """
    for i in range(lo, min(tok.i, lo + 8)):
        if doc[i].text in ("-", "—", "–", "--") and i > lo and doc[lo].is_upper and doc[i - 1].whitespace_:
            lo = i + 1  # dateline
            break
    while lo < tok.i and doc[lo].lower_ in _FOCUS_ADVERBS and doc[lo].dep_ == "advmod":
        lo += 1
    if hi - 1 > lo and doc[hi - 1].dep_ == "case" and doc[hi - 1].lower_ in ("'s", "’s", "'", "’"):
        hi -= 1
    for child in tok.rights:
        if child.i >= hi or child.i < 1 or doc[child.left_edge.i - 1].text != ",":
            continue
        if (child.dep_ in ("acl", "advcl") and child.tag_ == "VBG" and child.left_edge.i == child.i) or (
                child.dep_ == "prep" and child.lower_ in ("with", "in", "at", "during")) or child.dep_ == "advmod":
            hi = min(hi, child.left_edge.i - 1)
            break
    return lo, hi


def _subject(verb):
    """The subject of ``verb``, or of the verb it hangs from (conjuncts, participles, xcomps)."""
    seen = 0
    v = verb
    while v is not None and seen < 4:
        subjects = [c for c in v.children if c.dep_ in ("nsubj", "nsubjpass", "csubj")]
        if len(subjects) > 1 and v is verb:
            # '"Anybody who attacks him pays," said Ann Lee': the parser took a word of the
            # quotation as a second subject; the inverted speaker after the verb is the subject
            after = [c for c in subjects if c.i > v.i]
            if after:
                return after[0], after[0].dep_ == "nsubjpass"
        for child in subjects:
            return child, child.dep_ == "nsubjpass"
        if v.dep_ in ("conj", "xcomp", "advcl") and v.head != v:
            if v.dep_ == "advcl" and any(c.dep_ == "mark" for c in v.children):
                break  # a finite adverbial clause ("as the paper reported") has a subject of its own
            if v.dep_ == "advcl" and not any(c.dep_ in ("aux", "auxpass") for c in v.children) and (
                    v.tag_ == "VBN" or (v.tag_ == "VBD" and v.left_edge.i == v.i and v.i < v.head.i)) \
                    and _verbs().get(v.lemma_.lower(), ("", "other"))[1] not in ("belief", "attitude"):
                # "Asked about the delays, the minister ...": a past participle is passive, and the
                # subject of the main clause is who was asked, not who asked (the tagger often
                # reads a clause-initial participle as a past tense: "Asked what ..., she said").
                # A participle of feeling or stance ("Worried about the cost, the council ...")
                # describes the main clause's subject, who holds the view.
                return None, True
            v = v.head
            seen += 1
            continue
        if v.dep_ == "pcomp" and v.head.dep_ == "prep" and v.head.head.pos_ in ("VERB", "AUX"):
            v = v.head.head  # "won voters over by telling them ...": the subject of "won"
            seen += 1
            continue
        break
    return None, False


def _agent(verb):
    for child in verb.children:
        if child.dep_ == "agent":
            for g in child.children:
                if g.dep_ == "pobj":
                    return g
    return None


def _certainty(verb, base: str) -> str:
    for child in verb.children:
        if child.lower_ in _hedges() or (child.dep_ == "aux" and child.lower_ in MODALS):
            return "hedged"
    return base


def _inverted_report(verb):
    """(outer verb, its clause) when the parser hung a trailing reporting clause under the verb it
    reports on: in "Officials said the dam was safe, the Echo reported." it often makes "reported"
    the complement of "said", with "the dam was safe" under "reported". Read right, the paper
    reports that officials said it: ``verb`` ("reported") has its own subject after a comma that
    closes the clause before it, and hangs as a complement on a reporting verb ("said") that comes
    first. None otherwise."""
    if verb.dep_ not in ("ccomp", "parataxis") or verb.head.i >= verb.i or verb.head.pos_ not in ("VERB", "AUX"):
        return None
    verbs = _verbs()
    if verb.lemma_.lower() not in verbs or verb.head.lemma_.lower() not in verbs:
        return None
    inner = next((c for c in verb.children if c.dep_ == "ccomp" and c.i < verb.i), None)
    subj = next((c for c in verb.children if c.dep_ == "nsubj" and inner is not None and inner.i < c.i < verb.i), None)
    if inner is None or subj is None or inner.left_edge.i <= verb.head.i:
        return None
    doc = verb.doc
    if not any(t.text == "," for t in doc[inner.right_edge.i + 1:subj.left_edge.i]):
        return None
    # the clause follows the outer verb at once ("said (on Monday) (that) the dam ..."), and no
    # quotation or sentence break intervenes: '... can expect him to win. "It is over," he said.' is a
    # quotation of its own that the parser attached to the sentence before
    between = doc[verb.head.i + 1:inner.left_edge.i]
    if len(between) > 4 or any(t.is_punct for t in between):
        return None
    if any(t.is_quote or t.text in ".!?;:" for t in doc[inner.left_edge.i:subj.left_edge.i]):
        return None
    return verb.head, inner


def _content_span(doc, verb, family: str, cue: tuple[int, int], quotes) -> tuple[tuple[int, int] | None, bool]:
    """Content of a verb cue: (character span, is direct quotation)."""
    inverted = _inverted_report(verb)
    if inverted is not None:
        # "Officials said the dam was safe, the Echo reported": the Echo reports what officials said
        outer, inner = inverted
        return _char_span(doc, outer.left_edge.i, inner.right_edge.i + 1), False
    clause = None
    for child in verb.children:
        if child.dep_ == "ccomp" or (child.dep_ == "xcomp" and family in ("speech", "belief", "accuse", "show", "attitude", "other")):
            clause = child
            break
    adverbial = None  # the token where a clause read as an adverbial one starts
    if clause is None and family in ("speech", "belief", "show"):
        found = _complement_as_adverbial(verb)
        if found is not None:
            clause, adverbial = found
    if clause is None and family == "accuse":
        # "accused by aid groups of hiding it": the parser often hangs "of ..." on the agent
        agent = _agent(verb)
        candidates = list(verb.rights) + (list(agent.rights) if agent is not None else [])
        for child in candidates:
            if child.dep_ == "prep" and child.lower_ in ACCUSE_PREPS and any(g.dep_ in ("pcomp", "pobj") for g in child.children):
                lo, hi = child.i + 1, child.right_edge.i + 1
                # "accused the mayor of lying": the accused and the charge make the content
                obj = next((c for c in verb.children if c.dep_ == "dobj" and verb.i < c.i < child.i), None)
                if obj is not None:
                    lo = obj.left_edge.i
                return _char_span(doc, lo, hi), False
    if clause is None and verb.dep_ == "advcl" and verb.head.i != verb.i and any(
            c.dep_ == "mark" and c.lower_ == "as" for c in verb.children):
        # "As the paper reported, the mill will close." / "..., as Ms. Ruiz noted.": the clause the
        # as-clause hangs on, without it
        host = verb.head
        lo, hi = host.left_edge.i, host.right_edge.i + 1
        while hi - 1 > lo and doc[hi - 1].is_punct:
            hi -= 1
        vlo, vhi = verb.left_edge.i, verb.right_edge.i + 1
        if vlo <= lo < vhi < hi:
            return _char_span(doc, vhi, hi), False
        if lo < vlo < hi <= vhi:
            return _char_span(doc, lo, vlo), False
        return _char_span(doc, lo, hi), False
    if clause is None and family in ("attitude", "accuse", "other"):
        # stance: "supported the bill", "voted against the plan", "criticized the ruling"
        objs = [c for c in verb.rights if c.dep_ in ("dobj", "oprd")]
        if not objs:
            objs = [c for c in verb.rights if c.dep_ == "prep" and c.lower_ in STANCE_PREPS
                    and any(g.dep_ in ("pobj", "pcomp") for g in c.children)]
            objs = [next(g for g in c.children if g.dep_ in ("pobj", "pcomp")) for c in objs[:1]]
        if objs:
            o = objs[0]
            if o.lower_ in ADDRESSEE_PRONOUNS and o.left_edge.i == o.right_edge.i == o.i and family != "accuse":
                return None, False
            return _char_span(doc, o.left_edge.i, o.right_edge.i + 1), False
        if family in ("attitude", "other"):
            return None, False
    if clause is None and family in OBJECT_FAMILIES | {"speech", "belief"}:
        rights = [c for c in verb.rights if c.dep_ in ("dobj", "attr", "oprd") or (family in OBJECT_FAMILIES and c.dep_ == "prep")]
        if rights:
            lo = min(c.left_edge.i for c in rights)
            hi = max(c.right_edge.i for c in rights) + 1
            # a lone personal pronoun object is the addressee ("warned them"), not what was said
            if len(rights) == 1 and rights[0].dep_ == "dobj" and hi - lo == 1 and rights[0].lower_ in ADDRESSEE_PRONOUNS:
                return None, False
            if family in OBJECT_FAMILIES or any(c.dep_ == "dobj" and c.pos_ in ("NOUN", "PRON", "PROPN") for c in rights):
                if family not in OBJECT_FAMILIES and verb.lemma_.lower() in ("say", "tell", "ask") and not any(
                    c.dep_ == "dobj" and c.pos_ == "PRON" and c.lower_ in ("this", "that", "it", "so", "something") for c in rights
                ):
                    pass  # "told MSNBC": the object is the addressee; look for a quotation below
                else:
                    return _char_span(doc, lo, hi), False
    inverted = _inverted_report(clause) if clause is not None else None
    if inverted is not None:
        # "Officials said the dam was safe, the Echo reported": what officials said stops at the comma
        clause = inverted[1]
    if clause is not None:
        lo, hi = clause.left_edge.i, clause.right_edge.i + 1
        if adverbial is not None:
            # the phrase in between ("after the meeting") belongs to the cue's clause
            lo = adverbial
        # "urged him to resign", "asked the board to wait": the object is the subject of the
        # infinitive, and annotators take it into the content
        if clause.dep_ == "xcomp":
            obj = next((c for c in verb.children if c.dep_ == "dobj" and verb.i < c.i < clause.i), None)
            if obj is not None:
                lo = obj.left_edge.i
        if lo < verb.i < hi and verb.dep_ == "relcl" and doc[lo].lower_ in RELATIVE_PRONOUNS:
            # "the bill, which critics said was unfair": the relative pronoun and the rest of the
            # clause (in two pieces, ``_parts_around_cue``)
            return _char_span(doc, lo, hi), False
        if lo < verb.i < hi and doc[lo].lower_ in ("what", "whatever") and verb.dep_ in ("pcomp", "pobj", "dobj", "ccomp", "csubj"):
            # "on what he said were the failures of the plan": a free relative whose verb the cue
            # reports; what is said is the rest of the clause after the cue
            return _char_span(doc, cue_end_token(doc, cue), hi), False
        # otherwise the cue sits inside the clause's subtree only when the parse attached the
        # quote oddly
        if lo <= verb.i < hi:
            hi = verb.i
        span = _char_span(doc, lo, hi)
        if span is None:
            return None, False
        q = _quote_around(span, quotes)
        if q:
            return q, True
        return span, False
    if clause is None and family in ("speech", "show", "cite", "publish"):
        # "said in a statement that ...": the parser hangs the clause on the noun of the phrase
        for prep in (c for c in verb.rights if c.dep_ == "prep"):
            for obj in (g for g in prep.children if g.dep_ == "pobj"):
                that = next((k for k in obj.rights if k.dep_ in ("acl", "ccomp", "relcl") and any(
                    m.dep_ == "mark" and m.lower_ == "that" for m in k.children)), None)
                if that is not None:
                    return _char_span(doc, that.left_edge.i, that.right_edge.i + 1), False
    if clause is None and family == "speech" and verb.lemma_.lower() in QUESTION_VERBS:
        span = _question_of(doc, verb)
        if span is not None:
            return span, False
    if clause is None and family in ("speech", "belief", "show"):
        # "called for a ban", "spoke about the deal", "warned against cuts": the object of a
        # preposition right after the verb
        prep = next((c for c in verb.rights if c.dep_ == "prep" and c.lower_ in STANCE_PREPS
                     and c.i <= verb.i + 2), None)
        obj = next((g for g in prep.children if g.dep_ in ("pobj", "pcomp")), None) if prep is not None else None
        # "said on Friday" names the time of the statement, not its topic
        if obj is not None and obj.ent_type_ not in ("DATE", "TIME"):
            return _char_span(doc, obj.left_edge.i, obj.right_edge.i + 1), False
    # "..., he said." / "He said: ..." : a quotation right before or after the cue clause
    sent = verb.sent
    for qs, qe in quotes:
        if qe <= cue[0] and qe > sent.start_char - 2000:
            gap = doc_text(doc)[qe:cue[0]]
            if "\n\n" not in gap and ((cue[0] - qe <= 40 and len(gap.split()) <= 6) or (
                    cue[0] - qe <= 300 and _only_subject_between(doc, verb, qe, cue[0]))):
                return (qs, qe), True
        if qs >= cue[1] and qs - cue[1] <= 4:
            return (qs, qe), True
    # inserted cue: "The plan, she said, is dead." -> the host clause
    if verb.dep_ in ("parataxis", "ccomp", "advcl") and verb.head != verb and verb.head.i != verb.i:
        host = verb.head
        lo, hi = sent.start, sent.end
        span = _char_span(doc, lo, hi)
        if span and (host.i < verb.i or verb.dep_ == "parataxis"):
            return span, False
    if family == "speech":
        return _speech_fallback(doc, verb), False
    return None, False


def _complement_as_adverbial(verb):
    """The parser's adverbial clause that is the complement, and the token its content starts on:
    "said after the meeting he would resign" (a phrase between the verb and its unmarked clause
    makes the parser read the clause as an adverbial one). Only for a verb without an object of its
    own ("said it when ...", "said nothing every time ..."), a clause to the right with a subject of
    its own and no conjunction or wh-word ("said it when she was there" keeps "when"), and nothing
    between the verb and that subject but prepositional phrases: no comma, no other word ("so
    loudly", "every time"), at most 8 words."""
    if any(c.dep_ in ("dobj", "attr", "ccomp", "xcomp") for c in verb.children):
        return None
    doc = verb.doc
    for child in verb.rights:
        if child.dep_ != "advcl" or any(c.dep_ == "mark" or c.tag_ in ("WRB", "WDT", "WP") for c in child.children):
            continue
        subj = next((c for c in child.children if c.dep_ in ("nsubj", "nsubjpass") and c.i < child.i), None)
        if subj is None:
            continue
        start = subj.left_edge.i
        if start - verb.i - 1 > 8:
            continue
        phrase = set()
        for head in (verb, child):
            for c in head.children:
                if c.dep_ == "prep" and verb.i < c.i < start:
                    phrase.update(range(c.left_edge.i, c.right_edge.i + 1))
        if all(k in phrase and not doc[k].is_punct for k in range(verb.i + 1, start)):
            return child, start
    return None


# Verbs of asking whose question is often a prepositional phrase or clause the parser hangs on a
# word of the occasion ("asked at a briefing about the plan", "pressed again on whether ...").
QUESTION_VERBS = frozenset({"ask", "question", "press", "quiz", "query"})


def _question_of(doc, verb) -> tuple[int, int] | None:
    """What "asked"/"pressed" is about: the first about/on/over phrase or whether/if clause in the
    verb's subtree after it, before a comma that closes its clause ("Asked at a briefing on Monday
    about the fares, ...", "When asked by reporters whether ...")."""
    for t in doc[verb.i + 1:verb.right_edge.i + 1]:
        if t.text in (",", ";", ":") and t.head.i == verb.i:
            break
        if t.dep_ == "prep" and t.lower_ in ("about", "on", "over", "regarding"):
            obj = next((g for g in t.children if g.dep_ in ("pobj", "pcomp")), None)
            if obj is not None and obj.ent_type_ not in ("DATE", "TIME") and not obj.like_num and obj.lower_ not in WEEKDAYS:
                return _char_span(doc, obj.left_edge.i, obj.right_edge.i + 1)
        if t.lower_ in ("whether", "if") and t.dep_ == "mark" and t.head.i > t.i:
            return _char_span(doc, t.i, t.head.right_edge.i + 1)
    return None


# Nouns of an audience, besides the people, groups and bodies of the source lexicons: "told the
# crowd", "told the audience". Compiled by the authors.
_AUDIENCE_NOUNS = frozenset({"crowd", "audience", "people", "public", "nation", "country", "world", "room",
                             "supporter", "listener", "viewer", "reader", "student", "worker", "member"})


def _addressee_like(tok) -> bool:
    """Could ``tok`` (the object of "told") be who was told rather than what?"""
    lemma = tok.lemma_.lower()
    kind = source_nouns().get(lemma)
    return bool(tok.ent_type_) or (kind is not None and kind != "document") or lemma in _AUDIENCE_NOUNS \
        or lemma in person_roles()


def _speech_fallback(doc, verb) -> tuple[int, int] | None:
    """Contents of a verb of saying the frames above miss, from the shape of its clause: what was
    said as a noun phrase ("said yes", "told a different story"; for "say" any object, which is
    never the addressee, so also a clause the parser took for one: "In both cases, she said, the
    money went to charity"); the question of "asked ... about X / whether ..." wherever the
    parser hung it; a reporting clause set off at the end or start of its sentence by a comma
    ("Sorry, he said." / "He said, the plan is dead."; not "He said, adding that ...", whose
    participle reports on its own)."""
    lemma = verb.lemma_.lower()
    objs = [c for c in verb.rights if c.dep_ in ("dobj", "intj")]
    if objs and (lemma == "say" or (lemma == "tell" and objs[0].pos_ == "NOUN" and not _addressee_like(objs[0])
                                    and not any(c.dep_ == "dative" for c in verb.children))):
        o = objs[0]
        if not (o.lower_ in ADDRESSEE_PRONOUNS and o.left_edge.i == o.right_edge.i):
            return _char_span(doc, o.left_edge.i, o.right_edge.i + 1)
    sent = verb.sent
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if verb.dep_ == "ROOT" and subj is not None and subj.i < verb.i:
        lo = subj.left_edge.i
        # "Sorry, he said." -- everything before the subject, up to a comma right before it
        if lo - 1 > sent.start and doc[lo - 1].text == "," and not any(
                t.pos_ in ("VERB", "AUX") and t.dep_ in ("ROOT", "conj") for t in doc[sent.start:lo - 1]):
            end = verb.right_edge.i + 1
            if all(t.is_punct for t in doc[verb.i + 1:end]):
                return _char_span(doc, sent.start, lo - 1)
        # "He said, the plan is dead." -- everything after a comma right after the verb
        nxt = verb.i + 1
        rest = doc[nxt + 1:sent.end]
        if nxt < sent.end - 1 and doc[nxt].text == "," and any(
                t.dep_ in ("nsubj", "nsubjpass", "expl") and t.head.i > nxt and t.head.pos_ in ("VERB", "AUX") for t in rest) \
                and doc[nxt + 1].pos_ not in ("VERB", "AUX", "SCONJ", "ADP"):
            hi = sent.end
            while hi - 1 > nxt + 1 and doc[hi - 1].is_punct:
                hi -= 1
            return _char_span(doc, nxt + 1, hi)
    return None


def cue_end_token(doc, cue: tuple[int, int]) -> int:
    """The index of the first token after the character span ``cue``."""
    span = doc.char_span(cue[0], cue[1], alignment_mode="expand")
    return span.end if span is not None else doc.char_span(cue[0], cue[0] + 1, alignment_mode="expand").end


def _only_subject_between(doc, verb, start: int, end: int) -> bool:
    """Is the text between ``start`` and ``end`` the verb's subject and punctuation only? ('"...,"
    Ann Lee, who ran the clinic for a decade, said': a long speaker phrase between quote and cue)"""
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subj is None:
        return False
    text = doc_text(doc)
    s = doc[subj.left_edge.i].idx
    e = doc[subj.right_edge.i].idx + len(doc[subj.right_edge.i])
    if not (start - 2 <= s and e <= end):
        return False
    rest = text[start:max(start, s)] + text[max(e, start):end]
    return not rest.strip(" \t,\"'”’“‘")


def _quote_around(span: tuple[int, int], quotes) -> tuple[int, int] | None:
    """The quotation that contains (most of) ``span``, to extend a clause to its quote marks."""
    s, e = span
    for qs, qe in quotes:
        if qs <= s + 2 and qs >= s - 3 and qe >= e - 2:
            return qs, qe
        if qs <= s and qe >= e and (e - s) > 0.6 * (qe - qs):
            return qs, qe
    return None


def _verb_cue(doc, verb, sent, entry: tuple[str, str], quotes, options: Options, *, gated: bool = True) -> _Raw | None:
    """A verb cue with its source and content. ``gated``: verbs that report only in some frames
    ("called for" but not "called a meeting", "pointed out that" but not "pointed at") are dropped
    outside those frames; without the gate (when the cue model decides) they are kept as stance
    verbs whose object is the content."""
    base, family = entry
    lemma = verb.lemma_.lower()
    # "said" as an adjective ("the said document") or a noun is not a cue
    if verb.dep_ == "amod":
        return None
    # Verbs that report only in some frames ("called for" but not "called a meeting", "found that"
    # but not "found the keys"): chosen by the authors from the most frequent false positives of
    # the rules on PolNeAR train (docs/attribution.md); "charge"/"attack"/"post"/"call"/"find"/
    # "know"/... need their reporting frame
    outside = False
    if lemma in ("call",) and not any(c.dep_ in ("prep", "ccomp", "oprd", "xcomp") for c in verb.children):
        outside = True
    if lemma in ("agree", "continue", "point", "run", "know", "feel", "find", "learn", "post", "attack", "charge", "add") and not any(
        c.dep_ in ("ccomp",) for c in verb.children
    ) and not (lemma == "add" and verb.dep_ in ("ROOT", "conj", "parataxis") ):
        if lemma not in ("charge",) or not any(c.dep_ == "prep" and c.lower_ in ACCUSE_PREPS for c in verb.children):
            outside = True
    if outside:
        if gated:
            return None
        family = "other"
    cue = _cue_tokens(verb)
    cue_span = _char_span(doc, *cue)
    if cue_span is None:
        return None
    raising = _raising(doc, verb, family, cue_span)
    if raising is not None:
        return raising
    content, direct = _content_span(doc, verb, family, cue_span, quotes)
    frame = ""
    if content is None and not gated:
        content, frame = _fallback_content(doc, verb, family), "fallback"
    if content is None:
        return None
    if content[0] <= cue_span[0] < content[1] and not direct and verb.dep_ not in ("parataxis", "ccomp", "advcl") and not (
            verb.dep_ == "relcl" and (doc_text(doc)[content[0]:cue_span[0]].split() or [""])[0].lower() in RELATIVE_PRONOUNS):
        return None
    subj, passive = _subject(verb)
    # "As reported by X": a reduced passive shows only its agent
    passive = passive or any(c.dep_ in ("auxpass", "agent") for c in verb.children)
    source = head = None
    if passive:
        agent = _agent(verb)
        if agent is not None:
            source, head = _source_from(doc, agent, options)
            if source and source[0] < content[0] < source[1]:
                # the content was parsed inside the agent phrase: the source ends before it
                cut = doc.char_span(source[0], content[0], alignment_mode="contract")
                while cut is not None and len(cut) and (cut[-1].is_punct or cut[-1].dep_ == "prep"):
                    cut = cut[:-1]
                source = (cut.start_char, cut.end_char) if cut is not None and len(cut) else None
        elif family == "publish":
            for child in verb.rights:
                if child.dep_ == "prep" and child.lower_ in ("in", "by", "on"):
                    pobj = next((g for g in child.children if g.dep_ == "pobj"), None)
                    if pobj is not None:
                        source, head = _source_from(doc, pobj, options)
                        break
        if family == "publish" and subj is not None:
            content = _char_span(doc, subj.left_edge.i, subj.right_edge.i + 1) or content
    elif subj is not None:
        if subj.left_edge.i <= verb.i <= subj.right_edge.i:
            return None
        source, head = _source_from(doc, subj, options)
        if source and content[0] <= source[0] < content[1] and not (content[0] <= cue_span[0] < content[1]):
            return None
    elif family == "publish":
        return None
    if family == "publish" and source is None:
        return None
    certainty = _certainty(verb, base)
    return _Raw(cue=cue_span, content=content, source=source, source_head=head, certainty=certainty,
                family="passive" if passive and source is None else family, direct=direct, head=verb.i,
                frame=frame)


# Participles that give a second name ("also known as", "called", "dubbed"): the alias patterns of
# ``extract.entities``, not attributions.
ALIAS_VERBS = frozenset({"know", "call", "name", "dub", "nickname", "style", "term", "refer"})


_WHEN_WHERE_PREPS = frozenset({"in", "at", "during", "after", "before", "since", "until"})


def _fallback_content(doc, verb, family: str) -> tuple[int, int] | None:
    """What a verb of the lexicons reports on when no clause, quotation or frame above gives it: PolNeAR
    annotates stances and acts as attributions whatever their syntax ("the deal, announced Friday",
    "a charge that leaders strongly denied", "Bills were introduced last year", "sparred over
    regulations", "voted down the bill"). Proposed only to the cue model, which learns from the
    ``frame=fallback`` feature how far to trust each shape (never in the rules-only mode)."""
    head = verb.head
    if verb.dep_ == "acl" and verb.lemma_.lower() in ALIAS_VERBS and any(
            c.dep_ == "oprd" or (c.dep_ == "prep" and c.lower_ == "as") for c in verb.children):
        return None  # "the union, also known as the DWF": a second name (``entities``), not a claim
    if verb.dep_ in ("relcl", "acl") and head.i < verb.i and head.pos_ in ("NOUN", "PROPN", "PRON"):
        # the noun the clause modifies, or the relative pronoun standing for it in the clause
        rel = next((c for c in verb.children if c.dep_ in ("dobj", "nsubjpass") and c.lower_ in RELATIVE_PRONOUNS), None)
        if rel is not None:
            return _char_span(doc, rel.i, rel.i + 1)
        return _char_span(doc, head.left_edge.i, head.i + 1)
    subj = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    if subj is not None and subj.i < verb.i:
        # "Nothing was said", "It was announced": a pronoun subject names nothing to attribute
        if subj.pos_ == "PRON" and subj.left_edge.i == subj.right_edge.i:
            return None
        return _char_span(doc, subj.left_edge.i, subj.right_edge.i + 1)
    for child in verb.rights:
        # a phrase of time or place says when or where, not what ("spoke in March", "at a rally")
        if child.dep_ == "prep" and child.i <= verb.i + 3 and child.lower_ not in _WHEN_WHERE_PREPS:
            obj = next((g for g in child.children if g.dep_ in ("pobj", "pcomp")), None)
            if obj is not None and obj.ent_type_ not in ("DATE", "TIME"):
                return _char_span(doc, obj.left_edge.i, obj.right_edge.i + 1)
    obj = next((c for c in verb.rights if c.dep_ == "dobj"), None)
    if obj is None or (obj.lower_ in ADDRESSEE_PRONOUNS and obj.left_edge.i == obj.right_edge.i):
        return None
    if family == "speech" and _addressee_like(obj):
        return None  # "told the council": who was told, not what
    return _char_span(doc, obj.left_edge.i, obj.right_edge.i + 1)


# Verbs whose agentless passive raises a subject ("X is said to be ill", "is expected to win"):
# the raising-to-subject verbs of English grammars (Huddleston & Pullum 2002, ch. 14) that also
# report speech or belief.
RAISING_PASSIVES = frozenset({"expect", "say", "believe", "think", "report", "rumor", "rumour", "know", "consider",
                              "suppose", "estimate", "understand", "allege", "claim"})


def _raising(doc, verb, family: str, cue_span: tuple[int, int]) -> _Raw | None:
    """Sourceless evidential frames whose content is the whole clause, cue included (PolNeAR
    annotates it so): "the plan seems to be working", "it appears that ...", "X is expected to win",
    "X is said to be ill". Certainty: hedged for seem/appear/expect, the verb's own otherwise."""
    lemma = verb.lemma_.lower()
    kids = {c.dep_ for c in verb.children}
    if family == "evidential":
        # "seem" takes no object and no place: an object or a like/as phrase the parser gives it
        # is its complement ("seemed a reminder that ...", "seemed like an impossible task")
        seem_complement = lemma == "seem" and any(
            c.dep_ == "dobj" or (c.dep_ == "prep" and c.lower_ in ("like", "as", "beside")) for c in verb.children)
        if not kids & {"xcomp", "acomp", "ccomp", "attr", "oprd"} and not seem_complement:
            return None  # "appeared on television"
        expl = next((c for c in verb.children if c.dep_ in ("nsubj", "expl") and c.lower_ == "it"), None)
        ccomp = next((c for c in verb.children if c.dep_ == "ccomp"), None)
        if expl is not None and ccomp is not None:
            content = _char_span(doc, ccomp.left_edge.i, ccomp.right_edge.i + 1)
        else:
            content = _clause_span(doc, verb)
        certainty = "hedged"
    elif lemma in RAISING_PASSIVES and "auxpass" in kids and "xcomp" in kids and "agent" not in kids:
        content = _clause_span(doc, verb)
        certainty = "hedged" if lemma in ("expect", "believe", "think", "rumor", "rumour", "suppose", "estimate", "say", "report") \
            else _certainty(verb, _verbs().get(lemma, ("asserted",))[0])
    else:
        return None
    if content is None:
        return None
    return _Raw(cue=cue_span, content=content, source=None, source_head=None, certainty=certainty,
                family="evidential" if family == "evidential" else "passive", head=verb.i)


def _clause_span(doc, verb) -> tuple[int, int] | None:
    """The verb's clause: its subtree without a leading conjunction and trailing punctuation, and
    without clauses it coordinates with."""
    lo, hi = verb.left_edge.i, verb.right_edge.i + 1
    for c in verb.rights:
        if c.dep_ in ("conj", "cc") or (c.dep_ == "punct" and c.i > verb.i and c.text in ";"):
            hi = min(hi, c.left_edge.i)
    while hi > lo and (doc[hi - 1].is_punct or doc[hi - 1].dep_ == "cc"):
        hi -= 1
    while lo < hi and (doc[lo].is_punct or doc[lo].dep_ in ("cc", "mark")):
        lo += 1
    return _char_span(doc, lo, hi) if hi > lo else None


def _according_to(doc, tok, sent) -> _Raw | None:
    to = doc[tok.i + 1]
    pobj = next((c for c in list(to.children) + list(tok.children) if c.dep_ == "pobj"), None)
    if pobj is None:
        return None
    src_lo, src_hi = pobj.left_edge.i, pobj.right_edge.i + 1
    # "According to the Herald, the operator, Acme, was fined": the parser may hang the main clause's
    # subject on the source as an apposition; when the main verb then has no subject, the source ends
    # before that apposition.
    main = sent.root
    if tok.i < main.i and not any(c.dep_ in ("nsubj", "nsubjpass", "csubj", "expl") for c in main.children):
        appos = [c for c in pobj.children if c.dep_ == "appos" and c.i > pobj.i]
        if appos:
            cut = appos[0].left_edge.i
            while cut > pobj.i and doc[cut - 1].is_punct:
                cut -= 1
            src_hi = max(pobj.i + 1, cut)
    cue = _char_span(doc, tok.i, tok.i + 2)
    source = _char_span(doc, src_lo, src_hi)
    phrase_lo = tok.i
    phrase_hi = src_hi if src_hi <= pobj.right_edge.i else max(src_hi, to.right_edge.i + 1, tok.right_edge.i + 1)
    while phrase_hi < sent.end and doc[phrase_hi].is_punct and doc[phrase_hi].text in ",:;":
        phrase_hi += 1
    # content: the rest of the sentence, on the side that holds the clause
    before = _char_span(doc, sent.start, phrase_lo)
    after = _char_span(doc, phrase_hi, sent.end)
    content = after if (after and (not before or (after[1] - after[0]) >= (before[1] - before[0]))) else before
    if not content or not cue:
        return None
    return _Raw(cue=cue, content=content, source=source, source_head=pobj.i, certainty="asserted",
                family="according_to", head=tok.i)


# Nouns of a point of view that make an "in" phrase a source ("in her view", "in the mayor's
# mind", "by their count"): the stance adverbials of English grammars (Biber et al. 1999, 10.2)
# with a possessor, plus the tallies news uses the same way. Documents ("in a poll", "in the
# report") come from the document kind of ``source_nouns.txt``.
VIEW_NOUNS = frozenset({"view", "opinion", "mind", "eye", "estimation", "judgment", "judgement",
                        "telling", "account", "assessment", "count", "tally", "calculation", "reckoning",
                        "memoir"})
# Documents that report findings rather than carry a statement: "In a poll, most voters said ..."
_FINDING_NOUNS = frozenset({"poll", "survey", "study", "analysis", "count", "tally", "estimate", "report", "audit"})
# Sentence-initial "To X," / "For X," name whose view the clause gives ("To many, he is a hero";
# "For the unions, the deal is a defeat") when X is people; these pronouns are not ("For this,
# ...", "For all, ..."), and set phrases with a noun ("For example", "To date") fail the test for
# people in ``_prep_source``.
_NOT_HOLDERS = frozenset({"all", "this", "that", "it"})


def _prep_source(doc, prep, sent) -> _Raw | None:
    """A prepositional phrase that names the source of its clause: a poll, report or point of
    view ("In a Gallup poll, 40 percent approved"; "Turnout fell, by the party's count"; "In her
    view, the plan is dead") or a sentence-initial holder of a view ("To many, he is a hero").
    Cue: the preposition; source: its object phrase; content: the rest of the sentence on the side
    that holds the clause. Proposed to the cue model only (it decides)."""
    low = prep.lower_
    if prep.dep_ != "prep" or low not in ("in", "by", "to", "for"):
        return None
    pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
    host = prep.head
    if pobj is None or pobj.ent_type_ in ("DATE", "TIME", "CARDINAL", "PERCENT", "MONEY", "QUANTITY", "ORDINAL"):
        return None
    lemma = pobj.lemma_.lower()
    initial = all(t.is_punct or t.pos_ == "CCONJ" or t.is_space for t in doc[sent.start:prep.i])
    after = pobj.right_edge.i + 1
    comma_after = after < sent.end and doc[after].text == ","
    if low in ("in", "by"):
        if lemma not in VIEW_NOUNS and source_nouns().get(lemma) != "document":
            return None
        if host.pos_ not in ("VERB", "AUX"):
            return None
        # "said in a statement", "In an interview, she said": where the cue said it, not a source
        # of its own; "In a poll, most voters said ..." reports what the poll found
        if host.lemma_.lower() in _verbs() and (host.i < prep.i or lemma not in _FINDING_NOUNS):
            return None
    else:
        if not (initial and comma_after) or lemma in _NOT_HOLDERS:
            return None
        # "To CNN, the mayor said ...": the addressee of a verb of saying, not a holder of a view
        if host.lemma_.lower() in _verbs():
            return None
        # a holder is people: a pronoun or quantifier ("many", "others"), a named person, group or
        # body, or a noun of people ("the unions", "voters"); not "To this point, ..."
        people = pobj.pos_ == "PRON" or lemma in ("many", "some", "most", "few", "several") or (
            pobj.ent_type_ in ("PERSON", "ORG", "NORP", "GPE")) or (
            pobj.pos_ == "NOUN" and not pobj.ent_type_ and _addressee_like(pobj))
        if not people:
            return None
    src_lo, src_hi = pobj.left_edge.i, pobj.right_edge.i + 1
    if initial:
        # "In a Herald poll last week, ...": the parser hangs a time phrase on the main verb; the
        # source runs to the comma that closes the opening phrase
        comma = next((j for j in range(src_hi, min(src_hi + 6, sent.end)) if doc[j].text == ","), None)
        if comma is not None and not any(t.pos_ in ("VERB", "AUX") or t.is_punct for t in doc[src_hi:comma]):
            src_hi = comma
    phrase_hi = src_hi
    while phrase_hi < sent.end and doc[phrase_hi].is_punct and doc[phrase_hi].text in ",:;":
        phrase_hi += 1
    before = _char_span(doc, sent.start, prep.i) if prep.i > sent.start else None
    rest = _char_span(doc, phrase_hi, sent.end) if phrase_hi < sent.end else None
    if before is not None and not doc_text(doc)[before[0]:before[1]].strip(" ,;:-\n\t\"'“”‘’"):
        before = None
    if rest is not None and not doc_text(doc)[rest[0]:rest[1]].strip(" .,;:!?-\n\t\"'“”‘’"):
        rest = None
    if before is not None and rest is not None:
        return None  # a phrase in the middle of its clause: no clean content
    content = rest or before
    cue = _char_span(doc, prep.i, prep.i + 1)
    source = _char_span(doc, src_lo, src_hi)
    if content is None or cue is None or source is None:
        return None
    return _Raw(cue=cue, content=content, source=source, source_head=pobj.i, certainty="asserted",
                family="prep_source", head=prep.i)


def _colon_cue(doc, sent, raws: list[_Raw], options: Options) -> None:
    """``Speaker: "quote"`` or ``Speaker: statement`` lines."""
    for tok in sent:
        if tok.text != ":" or tok.i == sent.start or tok.i + 1 >= sent.end:
            continue
        if tok.i - sent.start > options.max_colon_speaker_tokens:
            _colon_quote(doc, sent, tok, raws)
            return
        speaker = doc[sent.start:tok.i]
        if speaker.text.lower().strip() in _headline_labels():
            return
        named = any(t.ent_type_ in ("PERSON", "ORG", "NORP", "GPE") or t.pos_ == "PROPN" for t in speaker)
        # title-case headlines defeat the tagger ("Trump: ..." tagged NOUN): a short all-capitalised
        # speaker, or a source noun ("Poll:", "Newspaper:"), also counts
        titled = len(speaker) <= 4 and all(t.is_title or t.is_punct or not t.is_alpha for t in speaker)
        noun = speaker[-1].lemma_.lower() in source_nouns()
        if not (named or titled or noun):
            _colon_quote(doc, sent, tok, raws)
            return
        if any(t.pos_ in ("VERB",) and t.dep_ == "ROOT" for t in speaker):
            _colon_quote(doc, sent, tok, raws)
            return
        # a verb cue before the colon ("He said: ...") already carries the statement; cues after
        # it are the speaker's own words ("MAYOR: They claim that ...")
        if any(r.cue[0] >= sent.start_char and r.cue[1] <= tok.idx and r.family != "adverbial" for r in raws):
            return
        content = _char_span(doc, tok.i + 1, sent.end)
        if content is None:
            return
        # the statement may continue over the following sentences of the paragraph
        end = content[1]
        para_end = doc_text(doc).find("\n\n", end)
        quote = quote_spans(doc_text(doc)[content[0]:])[:1]
        if quote and quote[0][0] <= 2:
            end = max(end, content[0] + quote[0][1])
            if para_end != -1:
                end = min(end, para_end) if end > para_end and not doc_text(doc)[content[0]] in "\"“" else end
        heads = [t for t in speaker if t.head.i < sent.start or t.head.i >= tok.i or t.head == t]
        head = heads[-1] if heads else speaker[-1]
        raws.append(_Raw(cue=(tok.idx, tok.idx + 1), content=(content[0], end), source=_char_span(doc, sent.start, tok.i),
                         source_head=head.i, certainty="asserted", family="colon", direct=doc_text(doc)[content[0]] in "\"“",
                         head=tok.i))
        return


def _colon_quote(doc, sent, colon, raws: list[_Raw]) -> None:
    """``He then listed his reasons: "..."``: a clause ending in a colon that opens a quotation.

    The colon is the cue, the quotation the content and the subject of the clause the source.
    """
    rest = doc_text(doc)[colon.idx + 1:colon.idx + 4].lstrip()
    if not rest or rest[0] not in "\"“":
        return
    start = doc_text(doc).index(rest[0], colon.idx + 1)
    quote = next(((s, e) for s, e in quote_spans(doc_text(doc)[start:start + 5000]) if s == 0), None)
    if quote is None:
        return
    content = (start, start + quote[1])
    if any(r.content[0] <= content[0] < r.content[1] for r in raws):
        return
    root = colon.head if colon.head.i < colon.i else sent.root
    subj = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    source = head = None
    if subj is not None and subj.i < colon.i and subj.pos_ in ("PRON", "PROPN", "NOUN"):
        source, head = _char_span(doc, subj.left_edge.i, subj.right_edge.i + 1), subj.i
    raws.append(_Raw(cue=(colon.idx, colon.idx + 1), content=content, source=source, source_head=head,
                     certainty="asserted", family="colon", direct=True, head=colon.i))


def _adverbial(doc, adv) -> _Raw | None:
    head = adv.head
    if adv.dep_ == "amod":
        # "an alleged plot": the noun phrase is the content
        lo, hi = head.left_edge.i, head.right_edge.i + 1
    else:
        lo, hi = head.left_edge.i, head.right_edge.i + 1
        # keep to the clause: drop a leading "and"/"but" and a trailing sentence-final punctuation
        for child in head.children:
            if child.dep_ in ("cc",) and child.i == lo:
                lo += 1
        # and to its own clause: "Police reportedly held two men, and prosecutors are said to ..."
        # hedges the arrest, not what the coordinated clause with a subject of its own reports
        for child in head.rights:
            if child.dep_ == "conj" and any(g.dep_ in ("nsubj", "nsubjpass") for g in child.children):
                hi = min(hi, child.left_edge.i)
        while hi > lo + 1 and (doc[hi - 1].dep_ == "cc" or doc[hi - 1].text in (",", ";")):
            hi -= 1
    content = _char_span(doc, lo, hi)
    cue = (adv.idx, adv.idx + len(adv.text))
    if content is None:
        return None
    return _Raw(cue=cue, content=content, source=None, source_head=None, certainty="hedged", family="adverbial",
                head=adv.i)


# Verbs that make a cue noun the speaker's act ("raised questions about", "voiced support for",
# "made the claim that", "faced criticism"): the verb's subject is the source and the cue runs from
# the verb to the noun. Light-verb list after the support-verb constructions of FrameNet/NomBank.
LIGHT_VERBS = frozenset({"make", "raise", "express", "voice", "issue", "offer", "give", "level", "lodge", "file",
                         "share", "pose", "have", "reiterate", "repeat", "renew", "deliver", "send", "post"})
# Prepositions that introduce what a cue noun is about ("criticism of", "questions about", "support for").
NOUN_CONTENT_PREPS = frozenset({"of", "about", "on", "over", "against", "for", "regarding", "to", "that"})


# Light verbs whose object noun names a speech act only in idioms ("took aim at", "drew a contrast
# with", "paid tribute to", "landed a dig at"): added to ``LIGHT_VERBS`` for nouns that are not
# frequent cues themselves (``_light_noun``). Chosen by the authors from support-verb constructions in
# the grammars (Huddleston & Pullum 2002, ch. 4 "light verbs") that take a noun of communication.
IDIOM_LIGHT_VERBS = frozenset({"take", "draw", "land", "lob", "hurl", "throw", "sound", "strike", "cast", "extend",
                               "pay", "put", "lend", "mount", "launch"})
# Nouns of speech acts and stances that are cues when a light verb carries them ("made a statement
# about", "took a swipe at"), beside nouns whose lemma is a reporting verb of our lexicon ("made
# comments about", "launched an attack on"): lexical units of FrameNet's Statement, Judgment_direct_address,
# Request and Commitment frames, chosen by the authors.
SPEECH_ACT_NOUNS = frozenset({
    "statement", "remark", "comment", "message", "case", "argument", "point", "speech", "address", "answer",
    "response", "reply", "apology", "defense", "defence", "tribute", "appeal", "plea", "pitch", "warning",
    "threat", "aim", "swipe", "jab", "dig", "shot", "contrast", "distinction", "comparison", "note", "mention",
    "proposal", "objection", "protest", "praise", "assurance", "guarantee", "prediction", "declaration",
    "confession", "denial", "explanation", "excuse", "joke", "quip", "observation", "concession", "insight",
    "issue", "stand", "position"})
# Prepositions that give the target of a light-verb idiom ("took aim at", "took issue with").
LIGHT_PREPS = NOUN_CONTENT_PREPS | {"at", "with", "into"}
_ANY_LIGHT_VERB = LIGHT_VERBS | IDIOM_LIGHT_VERBS


def _light_noun(noun, verbs) -> bool:
    """Is ``noun`` the object of a light verb that makes it a speech act ("made comments about",
    "took aim at")? Its lemma is a noun of ``SPEECH_ACT_NOUNS`` or a verb of the reporting lexicon."""
    if noun.pos_ != "NOUN" or noun.dep_ != "dobj" or noun.head.pos_ != "VERB":
        return False
    verb = noun.head.lemma_.lower()
    lemma = noun.lemma_.lower()
    return verb in _ANY_LIGHT_VERB and (lemma in SPEECH_ACT_NOUNS or lemma in verbs)


def _noun_cue(doc, noun, sent, options: Options, *, light: bool = False, frame: str = "") -> _Raw | None:
    """A cue noun: "Smith's claim that ...", "criticism of the plan by unions", "the group raised
    questions about the deal". Content: the noun's clause or its about-phrase; source: the possessor,
    a ``by``/``from`` phrase, or the subject of a light verb the noun is the object of. ``light``: a
    noun that is a cue only with its light verb (``_light_noun``); its target may hang on the verb
    ("took aim at the plan", "made comments Monday about the deal")."""
    content = None
    preps = LIGHT_PREPS if light else NOUN_CONTENT_PREPS
    rights = list(noun.rights)
    if light:
        rights += [c for c in noun.head.rights if c.i > noun.i and c.dep_ in ("prep", "dative")]
    for child in rights:
        if child.dep_ in ("acl", "ccomp", "relcl") and any(g.dep_ == "mark" and g.lower_ == "that" for g in child.children):
            content = _char_span(doc, child.left_edge.i, child.right_edge.i + 1)
            break
        if child.dep_ == "acl" and child.pos_ in ("VERB", "AUX") and any(
                g.dep_ == "aux" and g.lower_ == "to" and g.i < child.i for g in child.children):
            # "his promise to rebuild the pier", "her call to end the strike": the infinitive
            content = _char_span(doc, child.left_edge.i, child.right_edge.i + 1)
            break
        if child.dep_ in ("prep", "dative") and child.lower_ in preps:
            obj = next((g for g in child.children if g.dep_ in ("pobj", "pcomp")), None)
            if obj is not None:
                content = _char_span(doc, obj.left_edge.i, obj.right_edge.i + 1)
                break
    if content is None:
        return None
    source = head = None
    lo = noun.i
    for child in noun.children:
        if child.dep_ == "poss":
            source, head = _source_from(doc, child, options)
            break
        if child.dep_ == "prep" and child.lower_ in ("by", "from") and child.i > noun.i:
            obj = next((g for g in child.children if g.dep_ == "pobj"), None)
            if obj is not None:
                source, head = _source_from(doc, obj, options)
                break
    verb = noun.head
    if source is None and noun.dep_ == "attr" and verb.lemma_.lower() == "be":
        # "the senator has been a vocal critic of the plan"
        subj, passive = _subject(verb)
        if subj is not None and not passive and subj.i < verb.i:
            source, head = _source_from(doc, subj, options)
            lo = _cue_tokens(verb)[0]
    if source is None and noun.dep_ == "dobj" and verb.pos_ == "VERB" and (light or verb.lemma_.lower() in LIGHT_VERBS):
        subj, passive = _subject(verb)
        if subj is not None and not passive:
            source, head = _source_from(doc, subj, options)
            lo = _cue_tokens(verb)[0]
    cue = _char_span(doc, lo, noun.i + 1)
    if cue is None or (source and source[0] < cue[1] and cue[0] < source[1]):
        return None
    return _Raw(cue=cue, content=content, source=source, source_head=head, certainty="asserted", family="noun",
                head=noun.i, frame="light" if light else frame)


def _adjective_cue(doc, adj, sent, options: Options) -> _Raw | None:
    """A stance adjective after "be": "Unions are sceptical that the deal will hold", "the mayor
    was critical of the police", "residents are worried about the plan". Source: the subject;
    cue: "be" with its auxiliaries and negation through the adjective (and its preposition);
    content: the adjective's clause, infinitive or prepositional object."""
    verb = adj.head
    if verb.lemma_.lower() != "be":
        return None
    content = None
    hi = adj.i + 1
    for child in adj.rights:
        if child.dep_ in ("ccomp", "xcomp"):
            content = _char_span(doc, child.left_edge.i, child.right_edge.i + 1)
            break
        if child.dep_ == "prep" and any(g.dep_ in ("pobj", "pcomp") for g in child.children):
            obj = next(g for g in child.children if g.dep_ in ("pobj", "pcomp"))
            content = _char_span(doc, obj.left_edge.i, obj.right_edge.i + 1)
            if child.i == adj.i + 1:
                hi = child.i + 1
            break
    if content is None:
        return None
    subj, passive = _subject(verb)
    if subj is None or passive or subj.i > verb.i:
        return None
    source, head = _source_from(doc, subj, options)
    cue = _char_span(doc, _cue_tokens(verb)[0], hi)
    if cue is None or source is None:
        return None
    return _Raw(cue=cue, content=content, source=source, source_head=head, certainty="asserted", family="attitude",
                head=adj.i)


_DASHES = ("―", "—", "–", "--", "-")


def _dash_quotes(doc, quotes, raws: list[_Raw], options: Options) -> None:
    """A quotation signed with a dash and a name, as in epigraphs, reader comments and vox pops:
    ``"We were never asked." ― Maria Lopez``. The dash is the cue, the name the source."""
    text = doc_text(doc)
    taken = [r.content for r in raws]
    for qs, qe in quotes:
        j = qe
        while j < len(text) and text[j] in " \t.,":
            j += 1
        dash = next((d for d in _DASHES if text.startswith(d, j)), None)
        if dash is None or any(cs <= qs and qe <= ce for cs, ce in taken):
            continue
        k = j + len(dash)
        while k < len(text) and text[k] in " \t":
            k += 1
        span = doc.char_span(k, min(len(text), k + 80), alignment_mode="expand")
        if span is None:
            continue
        names = []
        for t in span:
            if t.is_title or t.pos_ == "PROPN" or (names and t.text in ".'’-" and not t.whitespace_ == "\n"):
                names.append(t)
                if "\n" in t.whitespace_:
                    break
            else:
                break
        while names and not names[-1].is_alpha:
            names.pop()
        if not names or len(names) > options.max_colon_speaker_tokens:
            continue
        source = (names[0].idx, names[-1].idx + len(names[-1].text))
        raws.append(_Raw(cue=(j, j + len(dash)), content=(qs, qe), source=source, source_head=names[-1].i,
                         certainty="asserted", family="colon", direct=True, head=doc.char_span(
                             j, j + len(dash), alignment_mode="expand")[0].i))


def _dedupe(raws: list[_Raw]) -> list[_Raw]:
    """One attribution per cue; prefer the one with a source and a longer content; of overlapping
    cues, the more probable one (the longer one without a model)."""
    best: dict[tuple[int, int], _Raw] = {}
    for r in raws:
        cur = best.get(r.cue)
        if cur is None or (r.score, r.source is not None, r.content[1] - r.content[0]) > (
                cur.score, cur.source is not None, cur.content[1] - cur.content[0]):
            best[r.cue] = r
    # cues that share words ("refused" and "refused to concede") are one cue: the more probable
    # (then the longer) one stays
    kept: list[_Raw] = []
    for r in sorted(best.values(), key=lambda r: (-r.score, r.cue[0] - r.cue[1], r.cue[0])):
        if not any(r.cue[0] < k.cue[1] and k.cue[0] < r.cue[1] for k in kept):
            kept.append(r)
    return kept
