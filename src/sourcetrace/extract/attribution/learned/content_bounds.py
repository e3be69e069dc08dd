"""Where an indirect content starts and ends: trained choices among the token boundaries of its
sentence.

The rules take the content of "X said that ..." from the parse (the subtree of the clause the cue
governs), and the parse often puts its edges in the wrong place. At the end: a list of demands
split off as a second verb phrase ("wants to raise wages, expand leave and cut fees"), the reporting
clause's own adverbials pulled into the content ("pledged to work together after a meeting
Thursday"), a new statement of the speaker joined to it ("insists the party must change, and has
championed cuts"). At the start: words that annotators count as part of the cue ("expressed concern
that ...", "said Tuesday his plan ...", "is continuing to insist ...") or a subject the parse left
out.

Two models choose the edges. The **end model** scores every token boundary from the content's
first word to the end of its sentence and keeps the most probable; the **start model** then scores
every word from the end of the cue to a dozen words into the rules' content. Both are logistic
regressions over sparse features of a boundary: the words, parts of speech and dependency labels
on both sides of it, whether the word beyond it hangs on the cue or inside the content clause,
whether it is where the rules put the edge or where the clause's subtree ends, how far it is from
that, and what the added or removed words hold (a verb, a comma, another verb of saying, an
unbalanced quotation mark). When the start moves into words that sat between the cue and the
content, the cue takes them ("expressed" + "concern that ..." -> "expressed concern" + "that ...").

Their weights are part of the cue model file (``content_end`` and ``content_start`` in
``models/cue_model.json``), trained by ``sourcetrace train attributions`` on the same documents: a
boundary is a positive example where the annotators put the content's edge (after trimming
punctuation and quotation marks, as the scorer's lenient mode does).

Direct quotations, contents before their cue, contents in pieces, and the families whose content is
not a clause after the cue (``FamilyPolicy.rules_content``: adverbials, colons, "according to",
prepositional sources, nouns) keep the rules' boundaries.
"""

from __future__ import annotations

from ....nlp.model import doc_text
from ..families import POLICY
from .linear import TRIM, bucket, trimmed_end

# boundaries more than this many tokens after the content's start are not tried: in training the
# annotated end is among the candidate boundaries for 10,033 of 10,239 contents (98.0%, all limits
# together); at run time with the shipped weights 40 changes 4 of PolNeAR dev's 1,852 attributions
# (12 of 5,635 on train documents 1-300), 100 none, F1 unchanged (measured with benchmarks/vary_attribution_thresholds.py, docs/attribution.md "Bounds")
_SPLIT_WORDS = 60
# a safety bound on climbing from a word to the root of its tree (no token of PolNeAR dev lies more
# than 21 heads below its root)
_MAX_CLIMB = 40
# the edges of the distance and length features (part of the feature names: do not change)
_DIST_EDGES = (0, 1, 2, 3, 5, 8, 13, 21)
_LEN_EDGES = (1, 2, 3, 5, 8, 13, 21, 34)


def eligible(doc, r) -> bool:
    """Is ``r`` an indirect content after its cue whose end the model may choose? (not a
    quotation, not in pieces, not of a family whose content keeps the rules' bounds)"""
    return (not r.direct and r.parts is None and not POLICY[r.family].rules_content
            and r.content[0] >= r.cue[1] and 0 <= r.head < len(doc))


def boundaries(doc, r) -> tuple[list[int], int, int]:
    """Candidate ends of ``r``'s content as token indices ``k`` (the content ends after token
    ``k - 1``), plus the rules' end and the sentence's end as token indices. One boundary per
    distinct trimmed end: a boundary after punctuation is the same as the one before it."""
    text = doc_text(doc)
    c0, c1 = r.content
    first = doc.char_span(c0, c1, alignment_mode="expand")
    if first is None or not len(first):
        return [], -1, -1
    start = first.start
    rule = first.end
    sent = doc[start].sent
    last = sent.end
    while last > start + 1 and (doc[last - 1].is_punct or doc[last - 1].is_space):
        last -= 1
    for t in doc[start:last]:
        if "\n" in t.text_with_ws and t.i + 1 < last and t.i >= rule - 1:
            last = t.i + 1  # not over a line break after the rules' end
            break
    last = min(max(last, rule), start + _SPLIT_WORDS)
    out = [k for k in range(start + 1, max(last, rule) + 1)
           if not (doc[k - 1].is_punct or doc[k - 1].is_space)]
    rule_end = trimmed_end(text, c0, c1)
    rule_k = next((k for k in out if doc[k - 1].idx + len(doc[k - 1]) == rule_end), rule)
    return out, rule_k, last


def _attachment(tok, cue, root) -> str:
    """Where ``tok`` hangs: inside the content clause, on the cue, or elsewhere."""
    t = tok
    for _ in range(_MAX_CLIMB):
        if root is not None and t.i == root.i:
            return "content"
        if t.i == cue.i:
            return "cue"
        if t.head.i == t.i:
            return "other"
        t = t.head
    return "other"


def features(doc, r, k: int, *, start: int, rule_k: int, last: int, root, verbs) -> list[str]:
    """Sparse features of ending ``r``'s content after token ``k - 1``."""
    cue = doc[r.head]
    prev = doc[k - 1]
    nxt = doc[k] if k < len(doc) else None
    f = [f"fam={r.family}", f"rule={k == rule_k}", f"last={k == last}",
         f"dir={'=' if k == rule_k else ('+' if k > rule_k else '-')}",
         f"dist={'+' if k >= rule_k else '-'}{bucket(abs(k - rule_k), _DIST_EDGES)}",
         f"len={bucket(k - start, _LEN_EDGES)}",
         f"p_pos={prev.pos_}", f"p_dep={prev.dep_}", f"p_low={prev.lower_}"]
    if root is not None:
        f.append(f"subtree_end={k == root.right_edge.i + 1}")
        f.append(f"in_subtree={k <= root.right_edge.i + 1}")
    if nxt is None or nxt.i >= doc[start].sent.end:
        f.append("n=<end>")
    else:
        f += [f"n_low={nxt.lower_}", f"n_pos={nxt.pos_}", f"n_dep={nxt.dep_}", f"n_tag={nxt.tag_}",
              f"pn={prev.pos_}|{nxt.pos_}", f"fam_n={r.family}|{nxt.lower_ if nxt.is_punct else nxt.pos_}"]
        word = nxt
        if nxt.is_punct and nxt.i + 1 < len(doc):
            word = doc[nxt.i + 1]
            f += [f"n2_low={word.lower_}", f"n2_pos={word.pos_}", f"n2_dep={word.dep_}",
                  f"pn2={nxt.text}|{word.pos_}"]
        att = _attachment(word, cue, root)
        f += [f"n_att={att}", f"n_att_dep={att}|{word.dep_}", f"n_att_pos={att}|{word.pos_}"]
    # what the choice adds to the rules' content, or removes from it
    lo, hi = (rule_k, k) if k > rule_k else (k, rule_k)
    if hi > lo:
        span = doc[lo:hi]
        side = "add" if k > rule_k else "cut"
        f += [f"{side}_verb={any(t.pos_ in ('VERB', 'AUX') for t in span)}",
              f"{side}_comma={any(t.text == ',' for t in span)}",
              f"{side}_report={any(t.pos_ == 'VERB' and t.lemma_.lower() in verbs for t in span)}",
              f"{side}_first={span[0].lower_ if span[0].is_punct or span[0].pos_ in ('CCONJ', 'SCONJ', 'ADP', 'PRON') else span[0].pos_}",
              f"{side}_att={_attachment(span[0] if not span[0].is_punct or len(span) == 1 else span[1], cue, root)}"]
    text = doc_text(doc)[doc[start].idx:prev.idx + len(prev)]
    if text.count('"') % 2 or text.count("“") != text.count("”"):
        f.append("unbalanced_quote")
    return f


def content_root(doc, start: int, rule_k: int):
    """The token of the rules' content whose head lies outside it (the clause's head)."""
    for t in doc[start:rule_k]:
        if not (start <= t.head.i < rule_k) or t.head.i == t.i:
            return t
    return None


def choose_end(doc, r, score, verbs) -> tuple[int, int] | None:
    """The content span of ``r`` with the best-scoring end (``score(features) -> float``), or None
    when ``r`` is not eligible."""
    if not eligible(doc, r):
        return None
    ks, rule_k, last = boundaries(doc, r)
    if len(ks) < 2:
        return None
    start = doc.char_span(r.content[0], r.content[1], alignment_mode="expand").start
    root = content_root(doc, start, rule_k)
    best = max(ks, key=lambda k: score(features(doc, r, k, start=start, rule_k=rule_k, last=last, root=root, verbs=verbs)))
    end = doc[best - 1].idx + len(doc[best - 1])
    text = doc_text(doc)[r.content[0]:end]
    if best < len(doc) and doc[best].text in "”\"'’" and (text.count("“") > text.count("”") or text.count('"') % 2):
        end = doc[best].idx + len(doc[best])  # 'called it "a disgrace"': the closing mark too
    return r.content[0], max(end, r.content[0] + 1)


# starts more than this many tokens into the rules' content are not tried: in training the annotated
# start is a candidate for 9,386 of 9,902 contents (94.8%); at run time 6 or 20 change 0 or 0 dev
# attributions (0 or 2 on train 1-300)
_START_WORDS = 12


def starts(doc, r) -> tuple[list[int], int, int]:
    """Candidate first tokens of ``r``'s content (from the first word after the cue to a dozen
    words into the rules' content, never past its last word), the rules' first token, and the
    first token after the cue."""
    span = doc.char_span(r.content[0], r.content[1], alignment_mode="expand")
    cue = doc.char_span(r.cue[0], r.cue[1], alignment_mode="expand")
    if span is None or cue is None or not len(span):
        return [], -1, -1
    rule = span.start
    while rule < span.end - 1 and (doc[rule].is_punct or doc[rule].is_space):
        rule += 1
    after_cue = cue.end
    lo = after_cue if doc[rule].sent.start <= after_cue <= rule else rule
    hi = min(span.end - 1, rule + _START_WORDS)
    out = [s for s in range(lo, hi + 1) if not (doc[s].is_punct or doc[s].is_space)]
    return out, rule, after_cue


def start_features(doc, r, s: int, *, rule_s: int, after_cue: int, end: int, root) -> list[str]:
    """Sparse features of starting ``r``'s content at token ``s``."""
    cue = doc[r.head]
    tok = doc[s]
    prev = doc[s - 1] if s > 0 else None
    f = [f"fam={r.family}", f"rule={s == rule_s}", f"adjacent={s == after_cue}",
         f"dir={'=' if s == rule_s else ('+' if s > rule_s else '-')}",
         f"dist={'+' if s >= rule_s else '-'}{bucket(abs(s - rule_s), _DIST_EDGES)}",
         f"len={bucket(end - s, _LEN_EDGES)}",
         f"t_low={tok.lower_}", f"t_pos={tok.pos_}", f"t_dep={tok.dep_}", f"t_tag={tok.tag_}",
         f"fam_t={r.family}|{tok.pos_}", f"cue_t={cue.lemma_.lower()}|{tok.lower_ if tok.pos_ in ('SCONJ', 'ADP', 'PART', 'DET') else tok.pos_}"]
    if prev is not None:
        f += [f"p_low={prev.lower_}", f"p_pos={prev.pos_}", f"p_dep={prev.dep_}", f"pt={prev.pos_}|{tok.pos_}"]
    if root is not None:
        f.append(f"left_edge={s == root.left_edge.i}")
        f.append(f"is_root={s == root.i}")
    att = _attachment(tok, cue, root)
    f += [f"t_att={att}", f"t_att_dep={att}|{tok.dep_}"]
    lo, hi = (rule_s, s) if s > rule_s else (s, rule_s)
    if hi > lo:
        span = doc[lo:hi]
        side = "cut" if s > rule_s else "add"
        f += [f"{side}_verb={any(t.pos_ in ('VERB', 'AUX') for t in span)}",
              f"{side}_comma={any(t.text == ',' for t in span)}",
              f"{side}_noun={any(t.pos_ in ('NOUN', 'PROPN', 'PRON') for t in span)}",
              f"{side}_date={any(t.ent_type_ in ('DATE', 'TIME') for t in span)}",
              f"{side}_first={span[0].lower_ if span[0].pos_ in ('SCONJ', 'ADP', 'PART', 'DET', 'PRON') else span[0].pos_}"]
    return f


def choose_start(doc, r, score) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """The content and cue spans of ``r`` with the best-scoring start (the cue takes the words
    between it and a content that starts later, when nothing but those words separated them), or
    None when ``r`` is not eligible."""
    if not eligible(doc, r):
        return None
    ss, rule_s, after_cue = starts(doc, r)
    if len(ss) < 2:
        return None
    end_tok = doc.char_span(r.content[0], r.content[1], alignment_mode="expand").end
    root = content_root(doc, rule_s, end_tok)
    best = max(ss, key=lambda s: score(start_features(doc, r, s, rule_s=rule_s, after_cue=after_cue, end=end_tok, root=root)))
    if best == rule_s:
        return None
    text = doc_text(doc)
    content = (doc[best].idx, r.content[1])
    cue = r.cue
    if best > rule_s and not text[r.cue[1]:r.content[0]].strip():
        last = doc[best - 1]
        cue_end = last.idx + len(last)
        while cue_end > r.cue[1] and text[cue_end - 1] in TRIM:
            cue_end -= 1
        cue = (r.cue[0], max(cue_end, r.cue[1]))
    return content, cue
