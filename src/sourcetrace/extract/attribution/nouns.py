"""Nouns, light verbs and adjectives as cues, all proposed to the cue model only.

A cue noun reports its clause or its about-phrase: "Smith's claim that ...", "criticism of the plan
by unions" (``noun_cue``, family ``noun``). A light verb makes a noun of speech the speaker's act
("raised questions about", "took aim at", ``light_noun``; frame ``light``); a noun of speech the
learned lexicon lacks is a cue only with a holder of its own ("the mayor's attacks on ...", frame
``holder``). A stance adjective after "be" reports its clause or prepositional object ("was
critical of", "are worried that", ``adjective_cue``, family ``attitude``).
"""

from __future__ import annotations

from .candidate import Candidate
from .families import Family
from .grammar import cue_tokens, subject
from .lexicon import IDIOM_LIGHT_VERBS, LIGHT_PREPS, LIGHT_VERBS, NOUN_CONTENT_PREPS, SPEECH_ACT_NOUNS
from .options import Options
from .sources import source_from
from .spans import char_span

ANY_LIGHT_VERB = LIGHT_VERBS | IDIOM_LIGHT_VERBS


def light_noun(noun, verbs) -> bool:
    """Is ``noun`` the object of a light verb that makes it a speech act ("made comments about",
    "took aim at")? Its lemma is a noun of ``SPEECH_ACT_NOUNS`` or a verb of the reporting lexicon."""
    if noun.pos_ != "NOUN" or noun.dep_ != "dobj" or noun.head.pos_ != "VERB":
        return False
    verb = noun.head.lemma_.lower()
    lemma = noun.lemma_.lower()
    return verb in ANY_LIGHT_VERB and (lemma in SPEECH_ACT_NOUNS or lemma in verbs)


def noun_cue(doc, noun, sent, options: Options, *, light: bool = False, frame: str = "") -> Candidate | None:
    """A cue noun: "Smith's claim that ...", "criticism of the plan by unions", "the group raised
    questions about the deal". Content: the noun's clause or its about-phrase; source: the possessor,
    a ``by``/``from`` phrase, or the subject of a light verb the noun is the object of. ``light``: a
    noun that is a cue only with its light verb (``light_noun``); its target may hang on the verb
    ("took aim at the plan", "made comments Monday about the deal")."""
    content = _noun_content(doc, noun, light)
    if content is None:
        return None
    source = head = None
    lo = noun.i
    for child in noun.children:
        if child.dep_ == "poss":
            source, head = source_from(doc, child, options)
            break
        if child.dep_ == "prep" and child.lower_ in ("by", "from") and child.i > noun.i:
            obj = next((g for g in child.children if g.dep_ == "pobj"), None)
            if obj is not None:
                source, head = source_from(doc, obj, options)
                break
    verb = noun.head
    if source is None and noun.dep_ == "attr" and verb.lemma_.lower() == "be":
        # "the senator has been a vocal critic of the plan"
        subj, passive = subject(verb)
        if subj is not None and not passive and subj.i < verb.i:
            source, head = source_from(doc, subj, options)
            lo = cue_tokens(verb)[0]
    if source is None and noun.dep_ == "dobj" and verb.pos_ == "VERB" and (light or verb.lemma_.lower() in LIGHT_VERBS):
        subj, passive = subject(verb)
        if subj is not None and not passive:
            source, head = source_from(doc, subj, options)
            lo = cue_tokens(verb)[0]
    cue = char_span(doc, lo, noun.i + 1)
    if cue is None or (source and source[0] < cue[1] and cue[0] < source[1]):
        return None
    return Candidate(cue=cue, content=content, source=source, source_head=head, certainty="asserted",
                     family=Family.NOUN, head=noun.i, frame="light" if light else frame)


def _noun_content(doc, noun, light: bool) -> tuple[int, int] | None:
    """What a cue noun is about: its that-clause, its infinitive ("her promise to rebuild the
    pier") or the object of its first content preposition (for a light-verb idiom also one hung
    on the verb: "took aim at", "made comments Monday about")."""
    preps = LIGHT_PREPS if light else NOUN_CONTENT_PREPS
    rights = list(noun.rights)
    if light:
        rights += [c for c in noun.head.rights if c.i > noun.i and c.dep_ in ("prep", "dative")]
    for child in rights:
        if child.dep_ in ("acl", "ccomp", "relcl") and any(g.dep_ == "mark" and g.lower_ == "that" for g in child.children):
            return char_span(doc, child.left_edge.i, child.right_edge.i + 1)
        if child.dep_ == "acl" and child.pos_ in ("VERB", "AUX") and any(
                g.dep_ == "aux" and g.lower_ == "to" and g.i < child.i for g in child.children):
            # "his promise to rebuild the pier", "her call to end the strike": the infinitive
            return char_span(doc, child.left_edge.i, child.right_edge.i + 1)
        if child.dep_ in ("prep", "dative") and child.lower_ in preps:
            obj = next((g for g in child.children if g.dep_ in ("pobj", "pcomp")), None)
            if obj is not None:
                return char_span(doc, obj.left_edge.i, obj.right_edge.i + 1)
    return None


def adjective_cue(doc, adj, sent, options: Options) -> Candidate | None:
    """A stance adjective after "be": "Unions are sceptical that the deal will hold", "the mayor
    was critical of the police", "residents are worried about the plan". Source: the subject;
    cue: "be" with its auxiliaries and negation through the adjective (and its preposition);
    content: the adjective's clause, infinitive or prepositional object."""
    verb = adj.head
    if verb.lemma_.lower() != "be":
        return None
    content = None
    hi = adj.i + 1
    for child in adj.rights:
        if child.dep_ in ("ccomp", "xcomp"):
            content = char_span(doc, child.left_edge.i, child.right_edge.i + 1)
            break
        if child.dep_ == "prep" and any(g.dep_ in ("pobj", "pcomp") for g in child.children):
            obj = next(g for g in child.children if g.dep_ in ("pobj", "pcomp"))
            content = char_span(doc, obj.left_edge.i, obj.right_edge.i + 1)
            if child.i == adj.i + 1:
                hi = child.i + 1
            break
    if content is None:
        return None
    subj, passive = subject(verb)
    if subj is None or passive or subj.i > verb.i:
        return None
    source, head = source_from(doc, subj, options)
    cue = char_span(doc, cue_tokens(verb)[0], hi)
    if cue is None or source is None:
        return None
    return Candidate(cue=cue, content=content, source=source, source_head=head, certainty="asserted",
                     family=Family.ATTITUDE, head=adj.i)
