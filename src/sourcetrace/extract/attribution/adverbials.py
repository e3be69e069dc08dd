"""Evidential adverbs and adjectives ("reportedly", "allegedly", "an alleged plot"): sourceless,
hedged claims about the clause or noun phrase they modify.

They are proposed after every other frame (``propose_adverbials``): an evidential word that no
candidate's cue or content holds is a candidate of its own. One on a cue or inside a content
hedges that candidate instead ("reportedly said", "X said Y reportedly did Z"), except on the cue
of a word only the cue model proposes ("X reportedly filed charges", on "filed"): there it is also
a candidate of its own, which wins when both are kept (``FamilyPolicy.yields_to_adverb``).
"""

from __future__ import annotations

from .candidate import Candidate
from .families import POLICY, Family
from .lexicon import hedge_words
from .spans import char_span


def propose_adverbials(doc, raws: list[Candidate]) -> None:
    """Hedge the candidates an evidential word modifies, and append the adverbial candidates
    (only where no other attribution already carries the clause)."""
    hedges = hedge_words()
    for tok in doc:
        if tok.lower_ in hedges and tok.dep_ in ("advmod", "amod", "npadvmod", "acomp"):
            head = tok.head
            if tok.dep_ == "amod" and tok.pos_ != "ADJ" and tok.lower_.endswith("ly"):
                continue
            # "reportedly said" hedges the cue; "X said Y reportedly did Z" hedges X's content
            hit = next((r for r in raws if r.cue[0] <= head.idx < r.cue[1]), None) or next(
                (r for r in raws if r.family != Family.ADVERBIAL and r.content[0] <= tok.idx < r.content[1]), None)
            if hit is not None:
                # an evidential adjective inside a claim ("pointing to a reported rise") qualifies a
                # detail, not the claim; distanced stays distanced (the stronger signal)
                if tok.dep_ != "amod" and hit.certainty in ("asserted", "factive"):
                    hit.certainty = "hedged"
                if not POLICY[hit.family].yields_to_adverb or hit.cue[0] > head.idx or head.idx >= hit.cue[1]:
                    continue
            raw = adverbial(doc, tok)
            if raw:
                # "X reportedly filed charges": a candidate on "filed" that only the cue model
                # proposes yields to the adverb when both are kept
                raw.hedges = hit
                raws.append(raw)


def adverbial(doc, adv) -> Candidate | None:
    """The candidate of an evidential word: its clause (without a leading conjunction and without a
    coordinated clause that has a subject of its own), or the noun phrase of an adjective."""
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
    content = char_span(doc, lo, hi)
    cue = (adv.idx, adv.idx + len(adv.text))
    if content is None:
        return None
    return Candidate(cue=cue, content=content, source=None, source_head=None, certainty="hedged",
                     family=Family.ADVERBIAL, head=adv.i)
