"""Quotations: where they are in the text, which cue a quotation belongs to, and whether a cue
sits inside one.

``quote_spans`` pairs quotation marks over the whole text (a quotation may run over several
sentences, and over paragraphs the next of which reopens it). A verb of saying takes the
quotation right before its clause ('"...," she said') or right after it ('She said: "..."') as its
content (``adjacent_quote``); a clause that is most of a quotation stands for the quotation
(``quote_around``). A cue inside a quotation is the quoted speaker's own reporting
(``inside_quote``), which the cue model sees as a feature and the rules alone drop.
"""

from __future__ import annotations

from ...nlp.model import doc_text
from .candidate import Candidate
from .families import POLICY, Family

# Quotation marks that open a quotation, and what closes each: straight double quotes pair in
# order, curly quotes open with close (punctuation marks, not a word list).
OPENERS = "\"“«"
CLOSERS = {"\"": "\"", "“": "”\"", "«": "»"}

# '"...," she said': a quotation whose closing mark is at most this many characters and words
# before its cue is the cue's content. Set in the first version without a record; measured since
# on PolNeAR dev / train documents 1-300 with the shipped model: 20 or 80 characters change 2 or 0
# of the 1,852 dev attributions (11 or 0 of 5,635 on train), 3 or 12 words 2 or 2 (12 or 1), every
# F1 within 0.1 (measured with benchmarks/vary_attribution_thresholds.py, docs/attribution.md "Bounds")
NEAR_QUOTE_CHARS = 40
NEAR_QUOTE_WORDS = 6
# '"...," Ann Lee, who ran the clinic for a decade, said': farther away, up to this many
# characters, when only the verb's subject stands in between: a safety bound (150 or 600 change no
# dev or train 1-300 attribution)
SPEAKER_QUOTE_CHARS = 300
# 'She said: "..."': a quotation that opens at most this many characters after its cue (a colon and
# a space or two); 2 or 8 change 5 or 8 dev attributions (11 or 12 on train 1-300), 8 lowers exact
# content F1 by 0.1 on both
AFTER_QUOTE_CHARS = 4
# a clause that covers more than this share of a quotation stands for the whole quotation: 0.4 or
# 0.8 change 7 or 4 dev attributions (16 or 5 on train 1-300), every F1 within 0.1
QUOTE_SHARE = 0.6


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
        if ch in OPENERS:
            closers = CLOSERS[ch]
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


def quote_around(span: tuple[int, int], quotes) -> tuple[int, int] | None:
    """The quotation that contains (most of) ``span``, to extend a clause to its quote marks."""
    s, e = span
    for qs, qe in quotes:
        # the clause starts at the opening mark give or take a mark and a space, and ends at most a
        # mark and a punctuation mark after the closing one (tolerances for the marks, not tuned)
        if qs <= s + 2 and qs >= s - 3 and qe >= e - 2:
            return qs, qe
        if qs <= s and qe >= e and (e - s) > QUOTE_SHARE * (qe - qs):
            return qs, qe
    return None


def only_subject_between(doc, verb, start: int, end: int) -> bool:
    """Is the text between ``start`` and ``end`` the verb's subject and punctuation only? ('"...,"
    Ann Lee, who ran the clinic for a decade, said': a long speaker phrase between quote and cue)"""
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subj is None:
        return False
    text = doc_text(doc)
    s = doc[subj.left_edge.i].idx
    e = doc[subj.right_edge.i].idx + len(doc[subj.right_edge.i])
    if not (start - 2 <= s and e <= end):  # the subject may take the closing mark and a comma
        return False
    rest = text[start:max(start, s)] + text[max(e, start):end]
    return not rest.strip(" \t,\"'”’“‘")


def adjacent_quote(doc, verb, cue: tuple[int, int], quotes) -> tuple[int, int] | None:
    """'"...," he said.' / 'He said: "..."': the first quotation right before the cue (in the same
    paragraph, with a few words or the verb's subject in between) or right after it."""
    text = doc_text(doc)
    for qs, qe in quotes:
        if qe <= cue[0]:
            gap = text[qe:cue[0]]
            if "\n\n" not in gap and ((cue[0] - qe <= NEAR_QUOTE_CHARS and len(gap.split()) <= NEAR_QUOTE_WORDS) or (
                    cue[0] - qe <= SPEAKER_QUOTE_CHARS and only_subject_between(doc, verb, qe, cue[0]))):
                return qs, qe
        if qs >= cue[1] and qs - cue[1] <= AFTER_QUOTE_CHARS:
            return qs, qe
    return None


def inside_quote(r: Candidate, quotes, keep: str) -> bool:
    """True when the cue sits inside a quotation (nested speech of the quoted speaker). ``keep``:
    "none" counts every family, "speech" all but verbs of saying."""
    c0, c1 = r.cue
    if not POLICY[r.family].nests_in_quotes:
        return False
    for qs, qe in quotes:
        if qs < c0 and c1 < qe:
            if r.direct and not (r.content[0] > qs and r.content[1] < qe):
                return False
            return keep == "none" or r.family != Family.SPEECH
    return False
