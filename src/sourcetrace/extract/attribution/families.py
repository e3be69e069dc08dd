"""The cue families, and the one table of what each family's frame does downstream.

Every candidate carries a family (``Attribution.cue_family`` in the ledger): the class of its cue
in ``lexicons/reporting_verbs.txt`` (speech, belief, show, cite, publish, accuse, attitude,
evidential) or the frame that built it (passive, other, noun, according_to, prep_source, colon,
adverbial). ``Family`` is a ``str`` enumeration, so a member is its own JSON value and a feature
name built from it ("fam=speech") is the one the cue model was trained on. ``POLICY`` says, for
each family, whether the rules' content bounds stand (no trained content edges, no run to the
sentence end), whether its cue is a fixed phrase or mark (no trained cue edges), whether it is
kept inside another attribution's content for the source chains, whether it passes on another
source's report, whether a cue of it inside a quotation is the quoted speaker's own reporting,
whether the cue model may drop it, and whether only the cue model's candidates produce it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Family(StrEnum):
    """Cue families (values are the ``cue_family`` strings of the ledger schema)."""

    SPEECH = "speech"  # verbs of saying: said, told, added, warned
    BELIEF = "belief"  # verbs of thinking and feeling: believe, expect, fear
    SHOW = "show"  # evidence verbs: revealed, showed, confirmed
    CITE = "cite"  # citing another source: cites a report, quoted
    PUBLISH = "publish"  # published in X (X is the source)
    ACCUSE = "accuse"  # accused of, criticized for, blamed
    ATTITUDE = "attitude"  # stances: support, want, refuse, call for; stance adjectives
    EVIDENTIAL = "evidential"  # seems, appears (to): the writer's inference, no source
    PASSIVE = "passive"  # an agentless passive or raising passive: "is said to", "was accused of"
    OTHER = "other"  # a verb the lexicon lacks (learned by the cue model) or a gated verb outside its frame
    NOUN = "noun"  # nouns of speech: "X's criticism of Y", "raised questions about Y", light-verb idioms
    ACCORDING_TO = "according_to"  # "according to X"
    PREP_SOURCE = "prep_source"  # "In a Gallup poll, ...", "By their count, ...", "To many, ..."
    COLON = "colon"  # "Speaker: statement", a clause ending in ":" before a quotation, dash-signed quotes
    ADVERBIAL = "adverbial"  # reportedly, allegedly, an alleged plot


@dataclass(frozen=True)
class FamilyPolicy:
    """What a family's frame does after the rules built it (see the module docstring)."""

    # the rules' content edges stand: the trained content-end and content-start models
    # (``learned.content_bounds``) and, without them, the run on to the sentence end
    # (``repairs.extend_to_sentence_end``) leave the content alone; the content is set by
    # punctuation or position, not by a clause after the cue
    rules_content: bool = False
    # the cue is a punctuation mark or a fixed phrase: the cue-end and cue-start models
    # (``learned.cue_bounds``) leave it alone
    fixed_cue: bool = False
    # reporting of this family inside another's content stays for the source chains even where
    # the cue model drops it (``Options.keep_nested``): "the paper reported that police said ..."
    kept_nested: bool = False
    # its source passes on what others said (an outlet or document): the reporting nested in its
    # content is kept (``kept_nested``), and a source chain goes on to the outlet or organisation
    # its content names ("X cites a report in Y" gives X -> Y)
    passes_on: bool = False
    # a cue of this family inside a quotation is the quoted speaker's own reporting (nested
    # speech: a feature of the cue model, and dropped by ``Options.nested_in_quotes`` without it);
    # a colon or "according to" inside a quotation is not
    nests_in_quotes: bool = True
    # kept whatever the cue model's probability: PolNeAR seldom marks evidential adverbs, the
    # ledger's users count them as sourceless hearsay
    always_kept: bool = False
    # proposed only with a cue model (the rules alone never build it)
    model_only: bool = False

    @property
    def yields_to_adverb(self) -> bool:
        """A word cue only the cue model proposes gives way to an evidential adverb on it ("X
        reportedly filed charges": "reportedly" is the cue, not "filed")."""
        return self.model_only and not self.fixed_cue


POLICY: dict[Family, FamilyPolicy] = {
    Family.SPEECH: FamilyPolicy(kept_nested=True),
    Family.BELIEF: FamilyPolicy(),
    Family.SHOW: FamilyPolicy(),
    Family.CITE: FamilyPolicy(kept_nested=True, passes_on=True),
    Family.PUBLISH: FamilyPolicy(kept_nested=True, passes_on=True),
    Family.ACCUSE: FamilyPolicy(),
    Family.ATTITUDE: FamilyPolicy(),
    Family.EVIDENTIAL: FamilyPolicy(),
    Family.PASSIVE: FamilyPolicy(),
    Family.OTHER: FamilyPolicy(model_only=True),
    Family.NOUN: FamilyPolicy(rules_content=True, model_only=True),
    Family.ACCORDING_TO: FamilyPolicy(rules_content=True, fixed_cue=True, nests_in_quotes=False),
    Family.PREP_SOURCE: FamilyPolicy(rules_content=True, fixed_cue=True, model_only=True),
    Family.COLON: FamilyPolicy(rules_content=True, fixed_cue=True, nests_in_quotes=False),
    Family.ADVERBIAL: FamilyPolicy(rules_content=True, always_kept=True),
}


def policy(family: str) -> FamilyPolicy:
    """The policy of ``family`` (a ``Family`` or its string value, as in a ledger)."""
    return POLICY[Family(family)]
