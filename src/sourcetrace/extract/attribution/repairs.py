"""Content repairs: the edges of a content as news annotators draw them, after the frames built it.

Before the cue model: ``tidy_content`` makes a clause that opens or closes the quotation of its
cue stand for the whole quotation, gives a content that opens a quote its closing mark, and drops
a final full stop; ``continue_quotes`` joins a quotation its cue interrupts to the next one
('"...," she said. "..."'). After the selection, ``apply_bounds`` sets the final edges: the
trained content end and start (``learned.content_bounds``; without the model file
``extend_to_sentence_end`` runs an indirect content on to the end of its sentence), the pieces of
a content the cue is inserted into (``parts_around_cue``: "The plan, she said, is dead."), and
the trained reach of each cue (``learned.cue_bounds``).
"""

from __future__ import annotations

import re

from ...nlp.model import doc_text
from .candidate import Candidate
from .families import POLICY
from .learned import content_bounds, cue_bounds
from .learned.cue_model import CueModel
from .learned.linear import linear
from .lexicon import RELATIVE_PRONOUNS, reporting_verbs
from .options import Options

_CLOSE_RE = re.compile(r"[.,!?;]?(?:''|[\"”’])")
# A clause within this many characters of a quotation's start or end stands for the whole
# quotation when the cue is at most ``QUOTE_CUE_CHARS`` away from the quotation. Measured on PolNeAR
# dev / train documents 1-300 with the shipped model (measured with benchmarks/vary_attribution_thresholds.py, docs/attribution.md "Bounds"): 1 character instead of 3 changes 68 dev
# attributions and lowers exact content F1 from 56.8 to 55.5 (train: 183, 57.7 to 56.7), 6 changes
# nothing; 20 or 80 characters to the cue change 2 or 2 dev attributions, F1 within 0.1
QUOTE_EDGE_CHARS = 3
QUOTE_CUE_CHARS = 40
# what may follow a cue inside the gap between two parts of its content: a time or place adverbial
# of the reporting clause ("she said Tuesday,", "he said in Paris,"), at most this many words; 3 or 8
# change 4 or 2 dev attributions (2 or 0 on train 1-300), F1 unchanged
_FRAME_TAIL_WORDS = 5
# words in the gap after a quotation that open a new report rather than end the cue's clause
# ('"...," said Ms. Okafor, adding that ...')
NEW_REPORT_WORDS = ("that", "adding", "adds")


def tidy_content(text: str, r: Candidate, quotes) -> tuple[int, int]:
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
            near_end = qe - e <= QUOTE_EDGE_CHARS and 0 <= r.cue[0] - qe <= QUOTE_CUE_CHARS
            near_start = s - qs <= QUOTE_EDGE_CHARS and 0 <= qs - r.cue[1] <= QUOTE_CUE_CHARS
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


def continue_quotes(text: str, raws: list[Candidate], quotes, options: Options) -> None:
    """``"First part," she said. "Second part."``: a quotation interrupted by its cue continues in
    the next quotation of the same paragraph; the content runs from the first to the last mark,
    in two parts (PolNeAR annotates the two quotations as fragments of one content)."""
    ordered = sorted(quotes)
    verbs = reporting_verbs()
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
        if any(w in NEW_REPORT_WORDS for w in words):
            continue
        # a verb of saying in the gap may open the next quotation ("..., and she added:"); one in a
        # clause that ends the cue's sentence describes the occasion ("said Ms. Park, speaking of
        # the budget.")
        if not gap.rstrip().endswith(".") and any(w in verbs for w in words):
            continue
        r.parts = [r.content, nxt]
        r.content = (r.content[0], nxt[1])


def apply_bounds(doc, raws: list[Candidate], model: CueModel | None, options: Options, *,
                 cues: bool = True) -> None:
    """Final edges of the kept candidates, in place: the trained content end and start
    (``content_bounds``; the rules' ``extend_to_sentence_end`` without a model), the pieces of a
    content the cue interrupts, then (``cues``) the trained reach of each cue (``cue_bounds``)."""
    if model is not None and model.end_weights and options.extend_contents:
        # the trained models choose where each indirect content stops and starts (``content_bounds``)
        score = linear(model.end_weights, model.end_bias)
        start_score = linear(model.start_weights, model.start_bias) if model.start_weights else None
        verbs = reporting_verbs()
        for r in raws:
            span = content_bounds.choose_end(doc, r, score, verbs)
            if span is not None:
                r.content = span
            if start_score is not None:
                spans = content_bounds.choose_start(doc, r, start_score)
                if spans is not None:
                    r.content, r.cue = spans
    else:
        extend_to_sentence_end(doc, raws, options)
    for r in raws:
        if r.parts is None:
            r.parts = parts_around_cue(doc, r)
    if cues and model is not None and (model.cue_end_weights or model.cue_start_weights):
        end_score = linear(model.cue_end_weights, model.cue_end_bias) if model.cue_end_weights else None
        start_score = linear(model.cue_start_weights, model.cue_start_bias) if model.cue_start_weights else None
        for r in raws:
            span = cue_bounds.choose(doc, r, end_score, start_score)
            if span is not None:
                r.cue = span


def extend_to_sentence_end(doc, raws: list[Candidate], options: Options) -> None:
    """An indirect content that follows its cue runs to the end of the sentence when nothing but
    more of the same statement follows: clauses and phrases the parser hung elsewhere ("wants to
    raise wages, expand leave and cut fees"), as long as no other cue starts in between (the rules'
    stand-in for the trained content end, for the families whose content is a clause after the cue)."""
    if not options.extend_contents:
        return
    cues = sorted(r.cue[0] for r in raws)
    text = doc_text(doc)
    for r in raws:
        if r.direct or r.content[0] < r.cue[1] or POLICY[r.family].rules_content:
            continue
        tok = doc[r.head] if 0 <= r.head < len(doc) else None
        if tok is None or tok.pos_ not in ("VERB", "AUX"):
            continue  # a cue noun or adjective may sit in the subject ("Her criticism of X surprised ...")
        sent = tok.sent
        end = sent.end_char
        while end > r.content[1] and (text[end - 1] in " \n\t.!?;"):
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


def parts_around_cue(doc, r: Candidate) -> list[tuple[int, int]] | None:
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
