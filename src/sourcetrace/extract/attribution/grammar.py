"""The grammatical relations every cue frame reads off the dependency parse: how far a cue word's
cue reaches (auxiliaries, negation, particles, a chain of verbs ending in it), the subject and the
``by`` agent of a verb, the certainty a hedge or modal gives a cue, and a verb's own clause.

These are the rules' reading of the parse; the trained cue bounds (``learned.cue_bounds``) later
move a cue's edges where annotators draw them.
"""

from __future__ import annotations

from .families import Family
from .lexicon import MODALS, RAISING_PASSIVES, STANCE_PREPS, hedge_words, reporting_verbs
from .spans import char_span

# "called for a ban", "called on them to resign": the preposition is part of the cue of "call"
CALL_PREPS = ("for", "on")
# "spoke about", "warned against", "talked of": a verb of saying without an object or clause takes
# the preposition that opens its topic into the cue
SPEECH_TOPIC_PREPS = ("about", "of", "against")
# a verb chain is one cue when at most this many particles, auxiliaries, negations, adverbs or
# prepositions sit between its verbs ("went on to say", "refused to even concede"): a safety bound,
# 1 or 6 change no attribution of PolNeAR dev or train documents 1-300 (measured with benchmarks/vary_attribution_thresholds.py, docs/attribution.md "Bounds")
MAX_CHAIN_GAP = 3
# how many heads ``subject`` climbs (conjuncts, xcomps, adverbial clauses, pcomps) to find one: 2
# changes 36 of PolNeAR dev's 1,852 attributions (relation F1 72.7 to 72.6) and 126 of 5,635 on
# train documents 1-300 (74.3 to 73.7); 8 changes 0 (2)
MAX_SUBJECT_HOPS = 4


def cue_tokens(verb) -> tuple[int, int]:
    """The cue: the verb with its auxiliaries, negation, adjacent adverbs and phrasal particle."""
    lo = verb.i
    doc = verb.doc
    hedges = hedge_words()
    while lo > 0:
        prev = doc[lo - 1]
        if prev.head == verb and prev.dep_ in ("aux", "auxpass", "neg", "advmod") and prev.lower_ not in hedges:
            lo -= 1
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
                and len(between) <= MAX_CHAIN_GAP:
            lo = cue_tokens(head)[0]
    hi = verb.i + 1
    verbs = reporting_verbs()
    for child in verb.rights:
        if child.i == hi and child.dep_ == "prt":
            hi += 1
        if child.i == hi and child.dep_ == "prep" and child.lower_ in CALL_PREPS and verb.lemma_ in ("call",):
            hi += 1
        elif child.i == hi and child.dep_ == "prep" and child.lower_ in SPEECH_TOPIC_PREPS and not any(
            c.dep_ in ("dobj", "ccomp", "xcomp") for c in verb.children
        ) and verbs.get(verb.lemma_.lower(), ("", ""))[1] == Family.SPEECH:
            hi += 1  # "spoke about", "warned against", "talked of"
        elif child.i == hi and child.dep_ == "prep" and child.lower_ in STANCE_PREPS and not any(
            c.dep_ in ("dobj", "ccomp", "xcomp") for c in verb.children
        ) and verbs.get(verb.lemma_.lower(), ("", Family.OTHER))[1] in (Family.ATTITUDE, Family.OTHER):
            hi += 1
    return lo, hi


def subject(verb):
    """(subject, is passive) of ``verb``, or of the verb it hangs from (conjuncts, participles,
    xcomps); (None, True) for a past participle clause, whose subject is unsaid."""
    seen = 0
    v = verb
    while v is not None and seen < MAX_SUBJECT_HOPS:
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
                    and reporting_verbs().get(v.lemma_.lower(), ("", Family.OTHER))[1] not in (Family.BELIEF, Family.ATTITUDE):
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


def agent(verb):
    """The object of a passive verb's ``by`` phrase ("was accused by aid groups"), or None."""
    for child in verb.children:
        if child.dep_ == "agent":
            for g in child.children:
                if g.dep_ == "pobj":
                    return g
    return None


def certainty(verb, base: str) -> str:
    """``base`` (the lexicon's certainty), or "hedged" when a hedge adverb or a modal of
    possibility modifies the cue ("may conclude", "reportedly said")."""
    hedges = hedge_words()
    for child in verb.children:
        if child.lower_ in hedges or (child.dep_ == "aux" and child.lower_ in MODALS):
            return "hedged"
    return base


def clause_span(doc, verb) -> tuple[int, int] | None:
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
    return char_span(doc, lo, hi) if hi > lo else None
