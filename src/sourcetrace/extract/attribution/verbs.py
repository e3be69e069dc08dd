"""The verb frame: a verb of the reporting lexicon (or one the cue model learned) with its cue,
content, source and certainty.

``verb_cue`` builds the candidate of one verb: it drops the verbs that report only in some frames
when they stand outside them (``lexicons/gated_verbs.txt``: "called for" but not "called a
meeting"), takes the evidential and raising-passive frames whose content is the whole clause
("seems to", "is said to"), asks ``verb_content.content_span`` for the content (or, for the cue
model, ``fallback.fallback_content``), and finds the source: the subject, the ``by`` agent of a
passive, the outlet of "published in X", or none for an agentless passive.
"""

from __future__ import annotations

from ...nlp.model import doc_text
from .candidate import Candidate
from .fallback import fallback_content
from .families import Family
from .grammar import agent, certainty, clause_span, cue_tokens, subject
from .lexicon import ACCUSE_PREPS, GATED_VERBS, HEDGED_RAISING, RAISING_PASSIVES, RELATIVE_PRONOUNS, reporting_verbs
from .options import Options
from .sources import source_from
from .spans import char_span
from .verb_content import content_span

# prepositions whose object is the outlet of "published in/by/on X"
PUBLISH_PREPS = ("in", "by", "on")


def verb_cue(doc, verb, sent, entry: tuple[str, Family], quotes, options: Options, *,
             gated: bool = True) -> Candidate | None:
    """A verb cue with its source and content. ``entry``: (certainty, family) from the lexicon.
    ``gated``: verbs that report only in some frames ("called for" but not "called a meeting",
    "pointed out that" but not "pointed at") are dropped outside those frames; without the gate
    (when the cue model decides) they are kept as stance verbs (family "other") whose object is
    the content, and a verb no frame fits gets the fallback frame."""
    base, family = entry
    # "said" as an adjective ("the said document") or a noun is not a cue
    if verb.dep_ == "amod":
        return None
    if outside_its_frame(verb):
        if gated:
            return None
        family = Family.OTHER
    cue = cue_tokens(verb)
    cue_span = char_span(doc, *cue)
    if cue_span is None:
        return None
    raising = raising_frame(doc, verb, family, cue_span)
    if raising is not None:
        return raising
    content, direct = content_span(doc, verb, family, cue_span, quotes)
    frame = ""
    if content is None and not gated:
        content, frame = fallback_content(doc, verb, family), "fallback"
    if content is None:
        return None
    if content[0] <= cue_span[0] < content[1] and not direct and verb.dep_ not in ("parataxis", "ccomp", "advcl") and not (
            verb.dep_ == "relcl" and (doc_text(doc)[content[0]:cue_span[0]].split() or [""])[0].lower() in RELATIVE_PRONOUNS):
        return None
    subj, passive = subject(verb)
    # "As reported by X": a reduced passive shows only its agent
    passive = passive or any(c.dep_ in ("auxpass", "agent") for c in verb.children)
    source = head = None
    if passive:
        source, head, content = _passive_source(doc, verb, family, subj, content, options)
    elif subj is not None:
        if subj.left_edge.i <= verb.i <= subj.right_edge.i:
            return None
        source, head = source_from(doc, subj, options)
        if source and content[0] <= source[0] < content[1] and not (content[0] <= cue_span[0] < content[1]):
            return None
    elif family == Family.PUBLISH:
        return None
    if family == Family.PUBLISH and source is None:
        return None
    return Candidate(cue=cue_span, content=content, source=source, source_head=head,
                     certainty=certainty(verb, base),
                     family=Family.PASSIVE if passive and source is None else family, direct=direct, head=verb.i,
                     frame=frame)


def _passive_source(doc, verb, family: Family, subj, content, options: Options):
    """(source, source head, content) of a passive verb cue: the ``by`` agent (cut before a
    content the parser put inside the agent phrase), or for "published in X" the outlet X, whose
    content is the passive's subject (what was published); no source otherwise."""
    source = head = None
    ag = agent(verb)
    if ag is not None:
        source, head = source_from(doc, ag, options)
        if source and source[0] < content[0] < source[1]:
            # the content was parsed inside the agent phrase: the source ends before it
            cut = doc.char_span(source[0], content[0], alignment_mode="contract")
            while cut is not None and len(cut) and (cut[-1].is_punct or cut[-1].dep_ == "prep"):
                cut = cut[:-1]
            source = (cut.start_char, cut.end_char) if cut is not None and len(cut) else None
    elif family == Family.PUBLISH:
        for child in verb.rights:
            if child.dep_ == "prep" and child.lower_ in PUBLISH_PREPS:
                pobj = next((g for g in child.children if g.dep_ == "pobj"), None)
                if pobj is not None:
                    source, head = source_from(doc, pobj, options)
                    break
    if family == Family.PUBLISH and subj is not None:
        content = char_span(doc, subj.left_edge.i, subj.right_edge.i + 1) or content
    return source, head, content


def outside_its_frame(verb) -> bool:
    """Is ``verb`` a gated verb (``lexicons/gated_verbs.txt``) outside the frame it reports in?"""
    need = GATED_VERBS.get(verb.lemma_.lower())
    if need is None:
        return False
    if need == "complement":  # "called for a ban", "called it a disgrace", "called on them to"
        return not any(c.dep_ in ("prep", "ccomp", "oprd", "xcomp") for c in verb.children)
    if any(c.dep_ == "ccomp" for c in verb.children):
        return False
    if need == "main":  # "..., he added."
        return verb.dep_ not in ("ROOT", "conj", "parataxis")
    if need == "accusation":  # "charged the mayor of ..."
        return not any(c.dep_ == "prep" and c.lower_ in ACCUSE_PREPS for c in verb.children)
    return True


def raising_frame(doc, verb, family: Family, cue_span: tuple[int, int]) -> Candidate | None:
    """Sourceless evidential frames whose content is the whole clause, cue included (PolNeAR
    annotates it so): "the plan seems to be working", "it appears that ...", "X is expected to win",
    "X is said to be ill". Certainty: hedged for seem/appear and the hearsay raising passives
    (``lexicons/raising_passives.txt``), the verb's own otherwise."""
    lemma = verb.lemma_.lower()
    kids = {c.dep_ for c in verb.children}
    if family == Family.EVIDENTIAL:
        # "seem" takes no object and no place: an object or a like/as phrase the parser gives it
        # is its complement ("seemed a reminder that ...", "seemed like an impossible task")
        seem_complement = lemma == "seem" and any(
            c.dep_ == "dobj" or (c.dep_ == "prep" and c.lower_ in ("like", "as", "beside")) for c in verb.children)
        if not kids & {"xcomp", "acomp", "ccomp", "attr", "oprd"} and not seem_complement:
            return None  # "appeared on television"
        expl = next((c for c in verb.children if c.dep_ in ("nsubj", "expl") and c.lower_ == "it"), None)
        ccomp = next((c for c in verb.children if c.dep_ == "ccomp"), None)
        if expl is not None and ccomp is not None:
            content = char_span(doc, ccomp.left_edge.i, ccomp.right_edge.i + 1)
        else:
            content = clause_span(doc, verb)
        cert = "hedged"
    elif lemma in RAISING_PASSIVES and "auxpass" in kids and "xcomp" in kids and "agent" not in kids:
        content = clause_span(doc, verb)
        cert = "hedged" if lemma in HEDGED_RAISING else certainty(verb, reporting_verbs().get(lemma, ("asserted",))[0])
    else:
        return None
    if content is None:
        return None
    return Candidate(cue=cue_span, content=content, source=None, source_head=None, certainty=cert,
                     family=Family.EVIDENTIAL if family == Family.EVIDENTIAL else Family.PASSIVE, head=verb.i)
