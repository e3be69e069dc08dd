"""Which candidates stay: the cue model's keep or drop, the nested reporting kept for the source
chains, an evidential adverb in place of the word it hedges, and one attribution per cue.

With the cue model (``select``), a candidate stays when its probability reaches the model's
threshold, when its family is always kept (``FamilyPolicy.always_kept``: evidential adverbs), or
(``Options.keep_nested``) when it is reporting of a ``kept_nested`` family inside the content of an
outlet or organisation that passes it on. Without the model, the adverbial candidates give way to
what they hedge and quoted speech is dropped (``Options.nested_in_quotes``). ``dedupe`` then keeps
one attribution per cue, and one of overlapping cues.
"""

from __future__ import annotations

from .candidate import Candidate
from .families import POLICY
from .learned.cue_model import CueModel, features
from .lexicon import OUTLET_VERBS
from .options import Options
from .quotations import inside_quote


def select(doc, raws: list[Candidate], model: CueModel | None, options: Options, quotes) -> list[Candidate]:
    """The candidates that stay, scored (``Candidate.score``) when a model is given."""
    if model is None:
        raws = [r for r in raws if r.hedges is None]
        if options.nested_in_quotes != "all":
            raws = [r for r in raws if not inside_quote(r, quotes, options.nested_in_quotes)]
        return raws
    for r in raws:
        r.score = model.probability(features(doc, r, quotes))
    # evidential adverbs ("reportedly", "allegedly") are kept whatever the model says: the issue
    # and our users count them as sourceless hearsay, while PolNeAR seldom marks them as cues
    keep = [r for r in raws if r.score >= model.threshold or POLICY[r.family].always_kept]
    if options.keep_nested:
        keep += _nested(doc, raws, keep, quotes)
    # "X reportedly filed charges": the evidential adverb, not the verb it modifies, is the cue
    hedged = {id(r.hedges) for r in keep if r.hedges is not None}
    return [r for r in keep if id(r) not in hedged]


def _nested(doc, raws: list[Candidate], keep: list[Candidate], quotes) -> list[Candidate]:
    """Nested reporting ("the paper reported that police said ..."): the inner attribution is what
    the chain of sources is made of, so it stays when it has a source of its own and the outer one
    is an outlet or organisation passing it on (a family that passes on reports, an outlet verb, or
    an organisation as source)."""
    spans = [r.content for r in keep if r.source is not None and (
        POLICY[r.family].passes_on or doc[r.head].lemma_.lower() in OUTLET_VERBS
        or (r.source_head is not None and doc[r.source_head].ent_type_ == "ORG"))]
    kept = {id(r) for r in keep}
    return [r for r in raws if id(r) not in kept and r.source is not None and POLICY[r.family].kept_nested
            and not inside_quote(r, quotes, "none")
            and any(cs <= r.cue[0] and r.cue[1] <= ce for cs, ce in spans)]


def dedupe(raws: list[Candidate]) -> list[Candidate]:
    """One attribution per cue; prefer the one with a source and a longer content; of overlapping
    cues, the more probable one (the longer one without a model)."""
    best: dict[tuple[int, int], Candidate] = {}
    for r in raws:
        cur = best.get(r.cue)
        if cur is None or (r.score, r.source is not None, r.content[1] - r.content[0]) > (
                cur.score, cur.source is not None, cur.content[1] - cur.content[0]):
            best[r.cue] = r
    # cues that share words ("refused" and "refused to concede") are one cue: the more probable
    # (then the longer) one stays
    kept: list[Candidate] = []
    for r in sorted(best.values(), key=lambda r: (-r.score, r.cue[0] - r.cue[1], r.cue[0])):
        if not any(r.cue[0] < k.cue[1] and k.cue[0] < r.cue[1] for k in kept):
            kept.append(r)
    return kept
