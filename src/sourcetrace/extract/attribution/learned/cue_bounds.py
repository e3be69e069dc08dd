"""How far a cue reaches: trained choices of the cue's first and last word.

The rules make a cue of the reporting word with its auxiliaries, negation and particles ("did not
say", "pointed out"), and of a chain of verbs that ends in it ("went on to say"). Annotators of
news (PolNeAR) often take more, and not always the same: the time or the occasion of a statement
("said Wednesday", "said in a statement", "said at a rally in Ohio"), the preposition that opens
the content ("raised questions about", "called for", "voiced displeasure with"), the noun of a
light verb ("issued the following statement", "has shown little inclination"), an adverb or a
subject before the cue ("earlier Thursday said", "it appears"). They leave out the addressee
("told reporters") and a place or time far from the verb more often than not. No fixed rule
reproduces that; two small models learn it.

The **end model** scores every token boundary from the cue's head word to the first word it may not
take (the content, the source, punctuation, the end of the sentence, or a dozen words on) and keeps
the most probable; the **start model** does the same for the first word, from a few words before the
cue (never into its source) to its head word. Both are logistic regressions over sparse features of
the boundary: the words, parts of speech and dependency labels on both sides, what the added or
removed words are (a date, a preposition, a noun, a verb), whether they hang on the cue word,
whether the boundary touches the content, and the cue word itself.

The weights are part of the cue model file (``cue_end`` and ``cue_start`` in
``models/cue_model.json``), trained by ``sourcetrace train attributions`` on the candidates whose cue
and content match an annotation, after the content bounds have been chosen (as at run time): a
boundary is a positive example where the annotated cue ends (or starts) after the scorer's lenient
trimming. Families whose cue is punctuation or a fixed phrase (``FamilyPolicy.fixed_cue``: colons
and dashes, "according to", prepositional sources) keep the rules' cue.
"""

from __future__ import annotations

from ....nlp.model import doc_text
from ..families import POLICY
from .linear import TRIM, bucket

# the cue grows at most this many words to the right of the rules' cue, and this many to the left.
# In training the annotated end is a candidate for 3,258 of 3,426 cues (95.1%) and the start for
# 5,059 of 5,291 (95.6%, all limits together). At run time with the shipped weights (measured with benchmarks/vary_attribution_thresholds.py, docs/attribution.md "Bounds"): 6 or 20
# words to the right change 0 or 0 of PolNeAR dev's 1,852 attributions (4 or 0 of 5,635 on train
# documents 1-300); 3 words to the left change 16 (56) and lower exact cue F1 by 0.1 (0.3), 8
# change 8 (32), F1 unchanged
_MAX_RIGHT = 12
_MAX_LEFT = 5
# the edges of the length and distance features (part of the feature names: do not change)
_SPAN_EDGES = (1, 2, 3, 5, 8)
_END_DIST_EDGES = (0, 1, 2, 3, 5, 8)
_START_DIST_EDGES = (0, 1, 2, 3, 5)
# punctuation the cue does not cross (a hyphen inside a word does not stop it)
_STOP_PUNCT = frozenset(",;:()[]{}\"“”‘’«»—–!?.")


def eligible(doc, r) -> bool:
    """May the models move ``r``'s cue? (a word cue whose head word is known; not a family whose
    cue is a mark or a fixed phrase, ``FamilyPolicy.fixed_cue``)"""
    return not POLICY[r.family].fixed_cue and 0 <= r.head < len(doc)


def _blocked(doc, r) -> set[int]:
    """Token indices the cue may not take: its source and every piece of its content."""
    out: set[int] = set()
    spans = list(r.parts or []) + [r.content] + ([r.source] if r.source else [])
    for s, e in spans:
        span = doc.char_span(s, e, alignment_mode="contract")
        if span is not None:
            out.update(range(span.start, span.end))
    return out


def _stops(tok) -> bool:
    """Does ``tok`` end the reach of a cue (punctuation, a line break)?"""
    if tok.is_space or "\n" in tok.text_with_ws:
        return True
    return tok.is_punct and (tok.text in _STOP_PUNCT or tok.text.startswith(("'", "\"")))


def _cue_tokens(doc, r):
    span = doc.char_span(r.cue[0], r.cue[1], alignment_mode="expand")
    if span is None or not len(span):
        return None
    return span.start, span.end


def _frame(doc, r):
    """(first token, end token, head index, blocked tokens) of ``r``'s cue, or None when the cue
    has no tokens or does not hold its head word."""
    toks = _cue_tokens(doc, r)
    if toks is None or not toks[0] <= r.head < toks[1]:
        return None
    return toks[0], toks[1], r.head, _blocked(doc, r)


def ends(doc, r) -> tuple[list[int], int]:
    """Candidate ends of ``r``'s cue as token indices ``k`` (the cue ends after token ``k - 1``)
    and the rules' end."""
    frame = _frame(doc, r)
    if frame is None:
        return [], -1
    cs, ce, head, blocked = frame
    sent_end = doc[head].sent.end
    out = [k for k in range(head + 1, ce + 1) if not doc[k - 1].is_punct and not doc[k - 1].is_space]
    t = ce
    while t < sent_end and t - ce < _MAX_RIGHT:
        tok = doc[t]
        if t in blocked or _stops(tok):
            break
        if "\n" in doc[t - 1].text_with_ws:
            break
        if not tok.is_punct:
            out.append(t + 1)
        t += 1
    return out, ce


def starts(doc, r) -> tuple[list[int], int]:
    """Candidate first tokens of ``r``'s cue and the rules' first token."""
    frame = _frame(doc, r)
    if frame is None:
        return [], -1
    cs, ce, head, blocked = frame
    sent_start = doc[head].sent.start
    out = [s for s in range(cs, head + 1) if not doc[s].is_punct and not doc[s].is_space]
    t = cs - 1
    while t >= sent_start and cs - t <= _MAX_LEFT:
        tok = doc[t]
        if t in blocked or _stops(tok) or "\n" in tok.text_with_ws:
            break
        if not tok.is_punct:
            out.append(t)
        t -= 1
    return sorted(out), cs


def _hangs_on(tok, head, limit: int = 6) -> bool:
    """Does ``tok`` depend (within ``limit`` steps) on the cue's head word? (Part of the
    ``*_hangs`` features: the shipped weights were trained with 6 steps.)"""
    t = tok
    for _ in range(limit):
        if t.i == head.i:
            return True
        if t.head.i == t.i:
            return False
        t = t.head
    return False


def _span_features(prefix: str, span, head) -> list[str]:
    first = span[0]
    return [f"{prefix}_n={bucket(len(span), _SPAN_EDGES)}",
            f"{prefix}_first={first.lower_ if first.pos_ in ('ADP', 'PART', 'SCONJ', 'DET', 'ADV', 'PRON', 'AUX') else first.pos_}",
            f"{prefix}_first_dep={first.dep_}",
            f"{prefix}_date={any(t.ent_type_ in ('DATE', 'TIME') for t in span)}",
            f"{prefix}_noun={any(t.pos_ in ('NOUN', 'PROPN') for t in span)}",
            f"{prefix}_verb={any(t.pos_ in ('VERB', 'AUX') and t.i != head.i for t in span)}",
            f"{prefix}_adp={any(t.pos_ == 'ADP' for t in span)}",
            f"{prefix}_hangs={all(_hangs_on(t, head) for t in span)}",
            f"{prefix}_lemma_first={head.lemma_.lower()}|{first.lower_ if first.pos_ in ('ADP', 'PART', 'ADV') else first.pos_}"]


def end_features(doc, r, k: int, *, rule_k: int, content_start: int | None) -> list[str]:
    """Sparse features of ending ``r``'s cue after token ``k - 1``."""
    head = doc[r.head]
    last = doc[k - 1]
    lemma = head.lemma_.lower()
    f = [f"fam={r.family}", f"rule={k == rule_k}", f"direct={r.direct}",
         f"dist={'+' if k >= rule_k else '-'}{bucket(abs(k - rule_k), _END_DIST_EDGES)}",
         f"side={'after' if content_start is not None else 'other'}",
         f"l_low={last.lower_}", f"l_pos={last.pos_}", f"l_dep={last.dep_}", f"l_tag={last.tag_}",
         f"lem_l={lemma}|{last.lower_ if last.pos_ in ('ADP', 'PART', 'ADV', 'AUX', 'ADJ') else last.pos_}",
         f"l_is_head={last.i == head.i}", f"head_dep={head.dep_}"]
    nxt = doc[k] if k < len(doc) and k < head.sent.end else None
    if nxt is None:
        f.append("n=<end>")
    else:
        f += [f"n_low={nxt.lower_}", f"n_pos={nxt.pos_}", f"n_dep={nxt.dep_}", f"ln={last.pos_}|{nxt.pos_}",
              f"n_content={content_start is not None and k == content_start}",
              f"lem_n={lemma}|{nxt.lower_ if nxt.pos_ in ('ADP', 'PART', 'SCONJ', 'PUNCT') else nxt.pos_}"]
    if k > rule_k:
        f += _span_features("add", doc[rule_k:k], head)
    elif k < rule_k:
        f += _span_features("cut", doc[k:rule_k], head)
    return f


def start_features(doc, r, s: int, *, rule_s: int) -> list[str]:
    """Sparse features of starting ``r``'s cue at token ``s``."""
    head = doc[r.head]
    tok = doc[s]
    lemma = head.lemma_.lower()
    f = [f"fam={r.family}", f"rule={s == rule_s}", f"src={r.source is not None}",
         f"dist={'+' if s >= rule_s else '-'}{bucket(abs(s - rule_s), _START_DIST_EDGES)}",
         f"t_low={tok.lower_}", f"t_pos={tok.pos_}", f"t_dep={tok.dep_}", f"t_is_head={s == head.i}",
         f"lem_t={lemma}|{tok.lower_ if tok.pos_ in ('ADV', 'AUX', 'PART', 'PRON') else tok.pos_}",
         f"head_dep={head.dep_}"]
    prev = doc[s - 1] if s > head.sent.start else None
    if prev is None:
        f.append("p=<start>")
    else:
        f += [f"p_low={prev.lower_}", f"p_pos={prev.pos_}", f"p_dep={prev.dep_}", f"pt={prev.pos_}|{tok.pos_}"]
    if s < rule_s:
        f += _span_features("add", doc[s:rule_s], head)
    elif s > rule_s:
        f += _span_features("cut", doc[rule_s:s], head)
    return f


def content_start_token(doc, r) -> int | None:
    """The first token of ``r``'s content when the content comes after the cue, else None."""
    if r.content[0] < r.cue[1]:
        return None
    span = doc.char_span(r.content[0], r.content[1], alignment_mode="expand")
    return span.start if span is not None and len(span) else None


def choose(doc, r, end_score, start_score) -> tuple[int, int] | None:
    """The cue span of ``r`` with the best-scoring end and start (``score(features) -> float``;
    either may be None), or None when ``r`` is not eligible or nothing moves."""
    if not eligible(doc, r):
        return None
    toks = _cue_tokens(doc, r)
    if toks is None:
        return None
    cs, ce = toks
    new_s, new_e = cs, ce
    if end_score is not None:
        ks, rule_k = ends(doc, r)
        if len(ks) >= 2:
            cst = content_start_token(doc, r)
            new_e = max(ks, key=lambda k: end_score(end_features(doc, r, k, rule_k=rule_k, content_start=cst)))
    if start_score is not None:
        ss, rule_s = starts(doc, r)
        if len(ss) >= 2:
            new_s = max(ss, key=lambda s: start_score(start_features(doc, r, s, rule_s=rule_s)))
    if (new_s, new_e) == (cs, ce):
        return None
    text = doc_text(doc)
    lo = doc[new_s].idx
    hi = doc[new_e - 1].idx + len(doc[new_e - 1])
    while hi > lo and text[hi - 1] in TRIM:
        hi -= 1
    return (lo, hi) if hi > lo else None
