"""What a verb cue reports: its content, found by the first frame of the verb's clause that fits.

``content_span`` tries, in order: a trailing reporting clause the parser hung under the verb it
reports on ("X said Y, the paper reported"); the verb's clause ("said that ...", "urged him to
resign", "the bill, which critics said was unfair"); for a verb without one, the charge of an
accusation ("accused of ..."), the host clause of an as-clause ("As the paper reported, ..."), the
object of a stance ("supported the bill", "voted against the plan") or of a citing or showing verb
("cites a report"), a that-clause on the noun of a phrase ("said in a statement that ..."), the
question of "asked", the topic of a verb of saying ("warned against cuts"), the quotation next to
the cue ('"...," she said'), the sentence a cue is inserted into ("The plan, she said, is dead."),
and the shapes of ``speech_fallback`` ("said yes", "Too late, he said."). The families listed
with each frame are the verb classes it applies to.
"""

from __future__ import annotations

from ..dates import WEEKDAYS
from .families import Family
from .grammar import agent
from .lexicon import ACCUSE_PREPS, ADDRESSEE_PRONOUNS, QUESTION_VERBS, RELATIVE_PRONOUNS, STANCE_PREPS, reporting_verbs
from .quotations import adjacent_quote, quote_around
from .sources import addressee_like
from .spans import char_span, cue_end_token

Span = tuple[int, int]
# (content span or None, is a direct quotation): a frame's decision; None from a frame that does not apply
Decision = tuple[Span | None, bool]

# an infinitive complement is the content of these ("urged him to resign", "wants to raise wages")
XCOMP_FAMILIES = frozenset({Family.SPEECH, Family.BELIEF, Family.ACCUSE, Family.SHOW, Family.ATTITUDE, Family.OTHER})
# these report a clause the parser read as an adverbial one, and the object of a topic preposition
CLAUSE_FAMILIES = frozenset({Family.SPEECH, Family.BELIEF, Family.SHOW})
# stances whose object (or the object of a stance preposition) is the content
STANCE_FAMILIES = frozenset({Family.ATTITUDE, Family.ACCUSE, Family.OTHER})
# verbs that report with an object rather than a clause ("cites a report", "showed a rise")
OBJECT_FAMILIES = frozenset({Family.CITE, Family.SHOW, Family.PUBLISH})
# these take a that-clause hung on the noun of a phrase ("said in a statement that ...")
STATEMENT_FAMILIES = frozenset({Family.SPEECH, Family.SHOW, Family.CITE, Family.PUBLISH})
# pronoun objects that are what was said, not who was told ("said this", "told it", "said so")
SAID_PRONOUNS = ("this", "that", "it", "so", "something")
# free-relative pronouns: "on what he said were the failures"
FREE_RELATIVES = ("what", "whatever")
# prepositions that open the question of a verb of asking ("asked about", "pressed on")
QUESTION_PREPS = ("about", "on", "over", "regarding")
# a topic preposition is taken when it is at most this many tokens after the verb ("warned
# strongly against"): 1 or 4 change 1 or 2 of PolNeAR dev's 1,852 attributions (11 or 9 of 5,635 on
# train documents 1-300), F1 within 0.1 (measured with benchmarks/vary_attribution_thresholds.py, docs/attribution.md "Bounds")
TOPIC_PREP_TOKENS = 2
# an unmarked clause read as an adverbial one starts at most this many words after the verb: a
# safety bound (4 or 16 change nothing on dev and train 1-300; the repair itself changes one dev
# attribution)
ADVERBIAL_COMPLEMENT_WORDS = 8
# an inverted trailing report ("X said Y, the paper reported") has at most this many words between
# the outer verb and its clause ("said on Monday that"): 2 or 8 change nothing on dev and train 1-300
INVERTED_GAP_WORDS = 4


def content_span(doc, verb, family: Family, cue: Span, quotes) -> Decision:
    """Content of a verb cue: (character span, is direct quotation); (None, False) when none."""
    inverted = inverted_report(verb)
    if inverted is not None:
        # "Officials said the dam was safe, the Echo reported": the Echo reports what officials said
        outer, inner = inverted
        return char_span(doc, outer.left_edge.i, inner.right_edge.i + 1), False
    clause, adverbial = _complement(verb, family)
    if clause is not None:
        return _clause_content(doc, verb, clause, adverbial, cue, quotes)
    for frame in (_accusation, _as_clause_host, _stance_object, _object_content, _statement_that,
                  _question, _topic_object):
        decision = frame(doc, verb, family)
        if decision is not None:
            return decision
    quote = adjacent_quote(doc, verb, cue, quotes)
    if quote is not None:
        return quote, True
    host = _host_sentence(doc, verb)
    if host is not None:
        return host, False
    if family == Family.SPEECH:
        return speech_fallback(doc, verb), False
    return None, False


def _complement(verb, family: Family):
    """(clause, token its content starts on or None): the verb's clausal complement, or the
    adverbial clause that stands for one (``complement_as_adverbial``); (None, None) without."""
    for child in verb.children:
        if child.dep_ == "ccomp" or (child.dep_ == "xcomp" and family in XCOMP_FAMILIES):
            return child, None
    if family in CLAUSE_FAMILIES:
        found = complement_as_adverbial(verb)
        if found is not None:
            return found
    return None, None


def _clause_content(doc, verb, clause, adverbial: int | None, cue: Span, quotes) -> Decision:
    """The content of a verb with a clause: the clause's subtree (from ``adverbial`` when the
    parser read it as an adverbial clause), with the object of an object-control verb, the
    relative pronoun of a relative clause, or the rest of a free relative; a clause that is most
    of a quotation stands for the quotation."""
    inverted = inverted_report(clause)
    if inverted is not None:
        # "Officials said the dam was safe, the Echo reported": what officials said stops at the comma
        clause = inverted[1]
    lo, hi = clause.left_edge.i, clause.right_edge.i + 1
    if adverbial is not None:
        # the phrase in between ("after the meeting") belongs to the cue's clause
        lo = adverbial
    # "urged him to resign", "asked the board to wait": the object is the subject of the
    # infinitive, and annotators take it into the content
    if clause.dep_ == "xcomp":
        obj = next((c for c in verb.children if c.dep_ == "dobj" and verb.i < c.i < clause.i), None)
        if obj is not None:
            lo = obj.left_edge.i
    if lo < verb.i < hi and verb.dep_ == "relcl" and doc[lo].lower_ in RELATIVE_PRONOUNS:
        # "the bill, which critics said was unfair": the relative pronoun and the rest of the
        # clause (in two pieces, ``repairs.parts_around_cue``)
        return char_span(doc, lo, hi), False
    if lo < verb.i < hi and doc[lo].lower_ in FREE_RELATIVES and verb.dep_ in ("pcomp", "pobj", "dobj", "ccomp", "csubj"):
        # "on what he said were the failures of the plan": a free relative whose verb the cue
        # reports; what is said is the rest of the clause after the cue
        return char_span(doc, cue_end_token(doc, cue), hi), False
    # otherwise the cue sits inside the clause's subtree only when the parse attached the
    # quote oddly
    if lo <= verb.i < hi:
        hi = verb.i
    span = char_span(doc, lo, hi)
    if span is None:
        return None, False
    q = quote_around(span, quotes)
    if q:
        return q, True
    return span, False


def _accusation(doc, verb, family: Family) -> Decision | None:
    """Accuse: the charge ("accused the mayor of lying"), also where the parser hangs "of ..." on
    the agent ("accused by aid groups of hiding it")."""
    if family != Family.ACCUSE:
        return None
    ag = agent(verb)
    candidates = list(verb.rights) + (list(ag.rights) if ag is not None else [])
    for child in candidates:
        if child.dep_ == "prep" and child.lower_ in ACCUSE_PREPS and any(g.dep_ in ("pcomp", "pobj") for g in child.children):
            lo, hi = child.i + 1, child.right_edge.i + 1
            # "accused the mayor of lying": the accused and the charge make the content
            obj = next((c for c in verb.children if c.dep_ == "dobj" and verb.i < c.i < child.i), None)
            if obj is not None:
                lo = obj.left_edge.i
            return char_span(doc, lo, hi), False
    return None


def _as_clause_host(doc, verb, family: Family) -> Decision | None:
    """Any family: "As the paper reported, the mill will close." / "..., as Ms. Ruiz noted.": the
    clause the as-clause hangs on, without it."""
    if not (verb.dep_ == "advcl" and verb.head.i != verb.i and any(
            c.dep_ == "mark" and c.lower_ == "as" for c in verb.children)):
        return None
    host = verb.head
    lo, hi = host.left_edge.i, host.right_edge.i + 1
    while hi - 1 > lo and doc[hi - 1].is_punct:
        hi -= 1
    vlo, vhi = verb.left_edge.i, verb.right_edge.i + 1
    if vlo <= lo < vhi < hi:
        return char_span(doc, vhi, hi), False
    if lo < vlo < hi <= vhi:
        return char_span(doc, lo, vlo), False
    return char_span(doc, lo, hi), False


def _stance_object(doc, verb, family: Family) -> Decision | None:
    """Attitude, accuse, other: "supported the bill", "voted against the plan", "criticized the
    ruling" (not a lone addressee pronoun: "praised them" names whom). An attitude or other verb
    without an object has no content."""
    if family not in STANCE_FAMILIES:
        return None
    objs = [c for c in verb.rights if c.dep_ in ("dobj", "oprd")]
    if not objs:
        objs = [c for c in verb.rights if c.dep_ == "prep" and c.lower_ in STANCE_PREPS
                and any(g.dep_ in ("pobj", "pcomp") for g in c.children)]
        objs = [next(g for g in c.children if g.dep_ in ("pobj", "pcomp")) for c in objs[:1]]
    if objs:
        o = objs[0]
        if o.lower_ in ADDRESSEE_PRONOUNS and o.left_edge.i == o.right_edge.i == o.i and family != Family.ACCUSE:
            return None, False
        return char_span(doc, o.left_edge.i, o.right_edge.i + 1), False
    if family in (Family.ATTITUDE, Family.OTHER):
        return None, False
    return None


def _object_content(doc, verb, family: Family) -> Decision | None:
    """Cite, show, publish (any object or prepositional phrase) and speech, belief (a noun or
    pronoun object): "cites a report", "showed a rise", "told a lie"; not a lone addressee
    pronoun ("warned them"), and for "say", "tell", "ask" a noun object is the addressee ("told
    MSNBC"), so the search goes on."""
    if family not in OBJECT_FAMILIES | {Family.SPEECH, Family.BELIEF}:
        return None
    rights = [c for c in verb.rights if c.dep_ in ("dobj", "attr", "oprd") or (family in OBJECT_FAMILIES and c.dep_ == "prep")]
    if not rights:
        return None
    lo = min(c.left_edge.i for c in rights)
    hi = max(c.right_edge.i for c in rights) + 1
    # a lone personal pronoun object is the addressee ("warned them"), not what was said
    if len(rights) == 1 and rights[0].dep_ == "dobj" and hi - lo == 1 and rights[0].lower_ in ADDRESSEE_PRONOUNS:
        return None, False
    if family in OBJECT_FAMILIES or any(c.dep_ == "dobj" and c.pos_ in ("NOUN", "PRON", "PROPN") for c in rights):
        if family not in OBJECT_FAMILIES and verb.lemma_.lower() in ("say", "tell", "ask") and not any(
            c.dep_ == "dobj" and c.pos_ == "PRON" and c.lower_ in SAID_PRONOUNS for c in rights
        ):
            return None  # "told MSNBC": the object is the addressee; look for a quotation below
        return char_span(doc, lo, hi), False
    return None


def _statement_that(doc, verb, family: Family) -> Decision | None:
    """Speech, show, cite, publish: "said in a statement that ...": the parser hangs the clause on
    the noun of the phrase."""
    if family not in STATEMENT_FAMILIES:
        return None
    for prep in (c for c in verb.rights if c.dep_ == "prep"):
        for obj in (g for g in prep.children if g.dep_ == "pobj"):
            that = next((k for k in obj.rights if k.dep_ in ("acl", "ccomp", "relcl") and any(
                m.dep_ == "mark" and m.lower_ == "that" for m in k.children)), None)
            if that is not None:
                return char_span(doc, that.left_edge.i, that.right_edge.i + 1), False
    return None


def _question(doc, verb, family: Family) -> Decision | None:
    """Speech, a verb of asking: its question (``question_of``)."""
    if family != Family.SPEECH or verb.lemma_.lower() not in QUESTION_VERBS:
        return None
    span = question_of(doc, verb)
    return (span, False) if span is not None else None


def _topic_object(doc, verb, family: Family) -> Decision | None:
    """Speech, belief, show: "called for a ban", "spoke about the deal", "warned against cuts":
    the object of a preposition right after the verb (not a date: "said on Friday" names the time
    of the statement, not its topic)."""
    if family not in CLAUSE_FAMILIES:
        return None
    prep = next((c for c in verb.rights if c.dep_ == "prep" and c.lower_ in STANCE_PREPS
                 and c.i <= verb.i + TOPIC_PREP_TOKENS), None)
    obj = next((g for g in prep.children if g.dep_ in ("pobj", "pcomp")), None) if prep is not None else None
    if obj is not None and obj.ent_type_ not in ("DATE", "TIME"):
        return char_span(doc, obj.left_edge.i, obj.right_edge.i + 1), False
    return None


def _host_sentence(doc, verb) -> Span | None:
    """An inserted cue: "The plan, she said, is dead." reports its host sentence."""
    if verb.dep_ in ("parataxis", "ccomp", "advcl") and verb.head != verb and verb.head.i != verb.i:
        host = verb.head
        sent = verb.sent
        span = char_span(doc, sent.start, sent.end)
        if span and (host.i < verb.i or verb.dep_ == "parataxis"):
            return span
    return None


def inverted_report(verb):
    """(outer verb, its clause) when the parser hung a trailing reporting clause under the verb it
    reports on: in "Officials said the dam was safe, the Echo reported." it often makes "reported"
    the complement of "said", with "the dam was safe" under "reported". Read right, the paper
    reports that officials said it: ``verb`` ("reported") has its own subject after a comma that
    closes the clause before it, and hangs as a complement on a reporting verb ("said") that comes
    first. None otherwise."""
    if verb.dep_ not in ("ccomp", "parataxis") or verb.head.i >= verb.i or verb.head.pos_ not in ("VERB", "AUX"):
        return None
    verbs = reporting_verbs()
    if verb.lemma_.lower() not in verbs or verb.head.lemma_.lower() not in verbs:
        return None
    inner = next((c for c in verb.children if c.dep_ == "ccomp" and c.i < verb.i), None)
    subj = next((c for c in verb.children if c.dep_ == "nsubj" and inner is not None and inner.i < c.i < verb.i), None)
    if inner is None or subj is None or inner.left_edge.i <= verb.head.i:
        return None
    doc = verb.doc
    if not any(t.text == "," for t in doc[inner.right_edge.i + 1:subj.left_edge.i]):
        return None
    # the clause follows the outer verb at once ("said (on Monday) (that) the dam ..."), and no
    # quotation or sentence break intervenes: '... can expect him to win. "It is over," he said.' is a
    # quotation of its own that the parser attached to the sentence before
    between = doc[verb.head.i + 1:inner.left_edge.i]
    if len(between) > INVERTED_GAP_WORDS or any(t.is_punct for t in between):
        return None
    if any(t.is_quote or t.text in ".!?;:" for t in doc[inner.left_edge.i:subj.left_edge.i]):
        return None
    return verb.head, inner


def complement_as_adverbial(verb):
    """The parser's adverbial clause that is the complement, and the token its content starts on:
    "said after the meeting he would resign" (a phrase between the verb and its unmarked clause
    makes the parser read the clause as an adverbial one). Only for a verb without an object of its
    own ("said it when ...", "said nothing every time ..."), a clause to the right with a subject of
    its own and no conjunction or wh-word ("said it when she was there" keeps "when"), and nothing
    between the verb and that subject but prepositional phrases: no comma, no other word ("so
    loudly", "every time"), at most 8 words."""
    if any(c.dep_ in ("dobj", "attr", "ccomp", "xcomp") for c in verb.children):
        return None
    doc = verb.doc
    for child in verb.rights:
        if child.dep_ != "advcl" or any(c.dep_ == "mark" or c.tag_ in ("WRB", "WDT", "WP") for c in child.children):
            continue
        subj = next((c for c in child.children if c.dep_ in ("nsubj", "nsubjpass") and c.i < child.i), None)
        if subj is None:
            continue
        start = subj.left_edge.i
        if start - verb.i - 1 > ADVERBIAL_COMPLEMENT_WORDS:
            continue
        phrase = set()
        for head in (verb, child):
            for c in head.children:
                if c.dep_ == "prep" and verb.i < c.i < start:
                    phrase.update(range(c.left_edge.i, c.right_edge.i + 1))
        if all(k in phrase and not doc[k].is_punct for k in range(verb.i + 1, start)):
            return child, start
    return None


def question_of(doc, verb) -> Span | None:
    """What "asked"/"pressed" is about: the first about/on/over phrase or whether/if clause in the
    verb's subtree after it, before a comma that closes its clause ("Asked at a briefing on Monday
    about the fares, ...", "When asked by reporters whether ...")."""
    for t in doc[verb.i + 1:verb.right_edge.i + 1]:
        if t.text in (",", ";", ":") and t.head.i == verb.i:
            break
        if t.dep_ == "prep" and t.lower_ in QUESTION_PREPS:
            obj = next((g for g in t.children if g.dep_ in ("pobj", "pcomp")), None)
            if obj is not None and obj.ent_type_ not in ("DATE", "TIME") and not obj.like_num and obj.lower_ not in WEEKDAYS:
                return char_span(doc, obj.left_edge.i, obj.right_edge.i + 1)
        if t.lower_ in ("whether", "if") and t.dep_ == "mark" and t.head.i > t.i:
            return char_span(doc, t.i, t.head.right_edge.i + 1)
    return None


def speech_fallback(doc, verb) -> Span | None:
    """Contents of a verb of saying the frames above miss, from the shape of its clause: what was
    said as a noun phrase ("said yes", "told a different story"; for "say" any object, which is
    never the addressee, so also a clause the parser took for one: "In both cases, she said, the
    money went to charity"); a reporting clause set off at the end or start of its sentence by a
    comma ("Sorry, he said." / "He said, the plan is dead."; not "He said, adding that ...", whose
    participle reports on its own)."""
    obj = _said_object(verb)
    if obj is not None:
        return char_span(doc, obj.left_edge.i, obj.right_edge.i + 1)
    return _comma_set_clause(doc, verb)


def _said_object(verb):
    """"said yes", "told a different story": the object of "say", or of "tell" when it is a noun
    that cannot be who was told (never a lone addressee pronoun); None otherwise."""
    lemma = verb.lemma_.lower()
    objs = [c for c in verb.rights if c.dep_ in ("dobj", "intj")]
    if objs and (lemma == "say" or (lemma == "tell" and objs[0].pos_ == "NOUN" and not addressee_like(objs[0])
                                    and not any(c.dep_ == "dative" for c in verb.children))):
        o = objs[0]
        if not (o.lower_ in ADDRESSEE_PRONOUNS and o.left_edge.i == o.right_edge.i):
            return o
    return None


def _comma_set_clause(doc, verb) -> Span | None:
    """"Sorry, he said." / "He said, the plan is dead.": the rest of the sentence on the other side
    of a comma next to the reporting clause."""
    sent = verb.sent
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if verb.dep_ != "ROOT" or subj is None or subj.i >= verb.i:
        return None
    lo = subj.left_edge.i
    # "Sorry, he said." -- everything before the subject, up to a comma right before it
    if lo - 1 > sent.start and doc[lo - 1].text == "," and not any(
            t.pos_ in ("VERB", "AUX") and t.dep_ in ("ROOT", "conj") for t in doc[sent.start:lo - 1]):
        end = verb.right_edge.i + 1
        if all(t.is_punct for t in doc[verb.i + 1:end]):
            return char_span(doc, sent.start, lo - 1)
    # "He said, the plan is dead." -- everything after a comma right after the verb
    nxt = verb.i + 1
    rest = doc[nxt + 1:sent.end]
    if nxt < sent.end - 1 and doc[nxt].text == "," and any(
            t.dep_ in ("nsubj", "nsubjpass", "expl") and t.head.i > nxt and t.head.pos_ in ("VERB", "AUX") for t in rest) \
            and doc[nxt + 1].pos_ not in ("VERB", "AUX", "SCONJ", "ADP"):
        hi = sent.end
        while hi - 1 > nxt + 1 and doc[hi - 1].is_punct:
            hi -= 1
        return char_span(doc, nxt + 1, hi)
    return None
