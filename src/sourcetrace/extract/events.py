"""Events: GDELT-style counts ("the bombing killed ten tourists" -> KILL 10 "tourists").

A count quantity (or a measured amount with an object, "seized 40 kg of heroin") becomes an event
when the parse links it to a trigger of ``lexicons/event_triggers`` (a lemma and its type). The
links, tried in this order:

* the counted noun is the object or subject of a trigger verb: "killed ten German tourists",
  "19 people were detained", "six citizens died", "more than 100 were injured" (a bare number);
* the verb's complement is the trigger: "ten people were injured", "left 300 families homeless"
  (or an adjective after the counted noun, as the parser often attaches it);
* the count hangs on a trigger noun by a preposition: "the arrest of 19 people", "filed charges
  against 27 individuals" (the phrase may hang on the verb beside its trigger object);
* the count is among a trigger noun: "four soldiers were among the dead";
* the counted noun is itself a trigger marked ``counted`` in the lexicon: "961 arrests", "27
  indictments", "200 protesters" (tried last, so that "200 protesters were arrested" is an ARREST;
  "one sentence" is not a CHARGE because only "sentence" the verb is listed for it).

``location`` is a GPE/LOC/FAC entity of the same sentence that sits in a prepositional phrase or
modifies a noun (a place named as subject, "Gunmen" mislabelled GPE, is not a location), preferring
one introduced by a locative preposition, then one inside the trigger's clause or the event noun's
phrase, then the nearest. ``date`` is the value of the date mention of the same sentence nearest the
trigger. ``span`` covers the trigger and the quantity. Types follow the count categories of the GDELT
GKG 2.1 codebook plus CHARGE.
"""

from __future__ import annotations

import functools

from .. import lexicons
from ..records import DateMention, Event, Quantity

LOCATIVE_PREPS = {"in", "at", "near", "across", "outside", "inside", "around", "throughout", "off", "on"}
PLACE_DEPS = {"pobj", "compound", "poss", "nmod", "amod", "appos", "conj", "npadvmod"}


@functools.lru_cache(maxsize=1)
def _triggers() -> dict[str, tuple[str, bool]]:
    table = lexicons.load_table("event_triggers")
    return {k: (v[0], len(v) > 1 and v[1] == "counted") for k, v in table.items()}


def _entry(tok) -> tuple[str, bool] | None:
    return _triggers().get(tok.lemma_.lower()) or _triggers().get(tok.lower_)


def _type(tok) -> str | None:
    entry = _entry(tok)
    return entry[0] if entry else None


def _by_argument(noun):
    """Trigger verb or its complement for a subject/object ``noun``."""
    head = noun.head
    if noun.dep_ not in ("dobj", "nsubjpass", "nsubj", "attr") or head.pos_ not in ("VERB", "AUX", "ADJ"):
        return None
    if noun.dep_ == "nsubj" and any(c.dep_ == "dobj" for c in head.children):
        return None  # "ten gunmen killed five people": the subject of a transitive verb is its agent
    if _type(head) and head.pos_ != "AUX":
        return head
    for c in head.children:  # "ten people were injured", "left 300 families homeless"
        if c.dep_ in ("acomp", "attr", "oprd", "xcomp", "ccomp") and c.i > noun.i and _type(c) and \
                c.pos_ in ("ADJ", "VERB", "NOUN") and not any(g.dep_.startswith("nsubj") for g in c.children):
            return c  # not "14 million people saw the villain killed": that clause has its own subject
    if noun.dep_ == "nsubj":  # "four soldiers were among the dead"
        for c in head.children:
            if c.dep_ == "prep" and c.lower_ == "among":
                g = next((g for g in c.children if _type(g)), None)
                if g is not None:
                    return g
    return None


def _by_preposition(noun):
    """'charges against 27 individuals', 'the arrest of 19 people'."""
    head = noun.head
    if noun.dep_ != "pobj" or head.dep_ != "prep" or head.lower_ not in ("against", "of"):
        return None
    owner = head.head
    if _type(owner) and owner.pos_ in ("NOUN", "VERB"):
        return owner
    if head.lower_ == "against":  # "brought charges against nine executives": beside the verb's object
        return next((c for c in owner.children if c.dep_ == "dobj" and c.i < head.i and _type(c)), None)
    return None


def _trigger_for(noun):
    """(type, trigger token) for the counted noun ``noun``, or None."""
    while noun.dep_ == "conj" and noun.head.i < noun.i:  # "killed 30 civilians and 12 soldiers"
        noun = noun.head
    trigger = _by_argument(noun) or _by_preposition(noun)
    if trigger is None:  # "left 300 families homeless": the adjective follows the noun
        trigger = next((c for c in noun.rights if c.dep_ == "amod" and c.pos_ == "ADJ" and _type(c)), None)
    if trigger is None and noun.pos_ == "NOUN" and (_entry(noun) or ("", False))[1]:
        trigger = noun  # "961 arrests": a noun marked 'counted' in the lexicon
    return (_type(trigger), trigger) if trigger is not None else None


def _location(doc, trigger, sent) -> str | None:
    places = []
    for e in doc.ents:
        if e.label_ not in ("GPE", "LOC", "FAC") or not sent.start <= e.start < sent.end:
            continue
        root = e.root
        if root.dep_ not in PLACE_DEPS:
            continue
        # the preposition that introduces the place, through compounds ("in Kaduna state")
        tok = root
        while tok.dep_ in ("compound", "amod", "conj", "appos", "nmod") and tok.head is not tok:
            tok = tok.head
        prep = tok.head if tok.dep_ == "pobj" else None
        locative = prep is not None and prep.lower_ in LOCATIVE_PREPS
        clause = [trigger, trigger.head] + [c for c in trigger.children if c.dep_.startswith("nsubj")]
        inside = any(t.is_ancestor(root) for t in clause)
        places.append(((0 if locative else 1, 0 if inside else 1, abs(root.i - trigger.i)), e))
    if not places:
        return None
    best = min(places, key=lambda p: p[0])[1]
    text = best.text
    return text[4:] if text.lower().startswith("the ") else text


def _date(dates: list[DateMention], sent, trigger) -> str | None:
    near = [d for d in dates if sent.start_char <= d.span[0] < sent.end_char and d.value]
    if not near:
        return None
    return min(near, key=lambda d: abs(d.span[0] - trigger.idx)).value


def events(doc, *, quantities: list[Quantity], dates: list[DateMention] = ()) -> list[Event]:
    """Events of ``doc`` built on its count quantities (see the module docstring)."""
    out: list[Event] = []
    for q in quantities:
        if q.kind not in ("count", "other") or (q.kind == "other" and q.object is None):
            continue
        span = doc.char_span(q.span[0], q.span[1], alignment_mode="expand")
        if span is None:
            continue
        # the counted noun, the measure unit ("40 kg"), or a bare number standing for a noun
        noun = span[-1] if q.object is None or q.kind == "count" else _unit_token(span)
        found = _trigger_for(noun)
        if found is None:
            continue
        etype, trigger = found
        sent = noun.sent
        lo, hi = min(trigger.i, span.start), max(trigger.i + 1, span.end)
        out.append(Event(
            type=etype, number=q.value if q.value is not None else q.low, object=q.object,
            location=_location(doc, trigger, sent), date=_date(list(dates), sent, trigger),
            span=(doc[lo].idx, doc[hi - 1].idx + len(doc[hi - 1])),
        ))
    return out


def _unit_token(span):
    """The unit token of a measured amount: the last non-number token of the span ("40 kg")."""
    return next((t for t in reversed(span) if t.pos_ in ("NOUN", "PROPN")), span[-1])
