"""The fallback frame: what a verb of the lexicons reports on when no clause, quotation or other
frame gives it a content.

PolNeAR annotates stances and acts as attributions whatever their syntax ("the deal, announced
Friday", "a charge that leaders strongly denied", "Bills were introduced last year", "sparred over
regulations", "voted down the bill"). The fallback frame proposes these to the cue model only
(never in the rules-only mode), marked ``frame="fallback"``, a feature from which the model learns
how far to trust each shape.
"""

from __future__ import annotations

from .families import Family
from .lexicon import ADDRESSEE_PRONOUNS, ALIAS_VERBS, RELATIVE_PRONOUNS, TIME_PLACE_PREPS
from .sources import addressee_like
from .spans import char_span

# the prepositional phrase that holds the content starts at most this many tokens after the verb
# ("sparred bitterly over the rules"): 1 changes 6 of PolNeAR dev's 1,852 attributions and lowers
# every F1 by 0.1 (24 of 5,635 on train documents 1-300, also 0.1 lower), 6 changes 2 (8), F1
# unchanged (measured with benchmarks/vary_attribution_thresholds.py, docs/attribution.md "Bounds")
PREP_OBJECT_TOKENS = 3


def fallback_content(doc, verb, family: Family) -> tuple[int, int] | None:
    """The content of ``verb`` in the first shape that fits: the noun its participle or relative
    clause modifies (or the relative pronoun standing for it), a passive's subject, the object of
    a following preposition (not a time or place), or its object (not an addressee of a verb of
    saying); None for an alias participle ("also known as"), which names, not claims."""
    head = verb.head
    if verb.dep_ == "acl" and verb.lemma_.lower() in ALIAS_VERBS and any(
            c.dep_ == "oprd" or (c.dep_ == "prep" and c.lower_ == "as") for c in verb.children):
        return None  # "the union, also known as the DWF": a second name (``entities``), not a claim
    if verb.dep_ in ("relcl", "acl") and head.i < verb.i and head.pos_ in ("NOUN", "PROPN", "PRON"):
        # the noun the clause modifies, or the relative pronoun standing for it in the clause
        rel = next((c for c in verb.children if c.dep_ in ("dobj", "nsubjpass") and c.lower_ in RELATIVE_PRONOUNS), None)
        if rel is not None:
            return char_span(doc, rel.i, rel.i + 1)
        return char_span(doc, head.left_edge.i, head.i + 1)
    subj = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    if subj is not None and subj.i < verb.i:
        # "Nothing was said", "It was announced": a pronoun subject names nothing to attribute
        if subj.pos_ == "PRON" and subj.left_edge.i == subj.right_edge.i:
            return None
        return char_span(doc, subj.left_edge.i, subj.right_edge.i + 1)
    for child in verb.rights:
        # a phrase of time or place says when or where, not what ("spoke in March", "at a rally")
        if child.dep_ == "prep" and child.i <= verb.i + PREP_OBJECT_TOKENS and child.lower_ not in TIME_PLACE_PREPS:
            obj = next((g for g in child.children if g.dep_ in ("pobj", "pcomp")), None)
            if obj is not None and obj.ent_type_ not in ("DATE", "TIME"):
                return char_span(doc, obj.left_edge.i, obj.right_edge.i + 1)
    obj = next((c for c in verb.rights if c.dep_ == "dobj"), None)
    if obj is None or (obj.lower_ in ADDRESSEE_PRONOUNS and obj.left_edge.i == obj.right_edge.i):
        return None
    if family == Family.SPEECH and addressee_like(obj):
        return None  # "told the council": who was told, not what
    return char_span(doc, obj.left_edge.i, obj.right_edge.i + 1)
