"""Events: GDELT-style counts ("the bombing killed ten tourists" -> KILL 10 "tourists").

A count quantity becomes an event when the parse links it to a trigger of ``lexicons/event_triggers``:

* the counted noun is itself a trigger: "961 arrests", "27 indictments", "200 protesters";
* the counted noun is the object of a trigger verb: "killed ten German tourists", "filed charges
  against 27 individuals" (the verb's object is the trigger noun, the count hangs on its "against");
* the counted noun is the subject of a passive or intransitive trigger: "19 people were detained",
  "six citizens died", "four soldiers were among the dead";
* the trigger is an adjective predicate: "ten people were injured", "three are dead".

``location`` is the GPE/LOC/FAC entity nearest the trigger in the same sentence (preferring one in a
prepositional phrase of the trigger or its clause); ``date`` the value of a date mention in the same
sentence. Types follow the GDELT GKG count categories plus CHARGE.
"""

from __future__ import annotations

import functools

from .. import lexicons
from ..records import DateMention, Event, Quantity


@functools.lru_cache(maxsize=1)
def _triggers() -> dict[str, str]:
    return {k: v[0] for k, v in lexicons.load_table("event_triggers").items()}


def _type(tok) -> str | None:
    return _triggers().get(tok.lemma_.lower()) or _triggers().get(tok.lower_)


def _trigger_for(noun) -> tuple[str, object] | None:
    """(type, trigger token) for the counted noun ``noun``."""
    t = _type(noun)
    if t and noun.pos_ in ("NOUN", "ADJ"):
        return t, noun
    while noun.dep_ == "conj" and noun.head.i < noun.i:  # "seized 40 tonnes and three trucks"
        noun = noun.head
    head = noun.head
    # "killed ten tourists" / "ten tourists were killed" / "six citizens died"
    if noun.dep_ in ("dobj", "nsubjpass", "nsubj", "attr") and head.pos_ in ("VERB", "AUX", "ADJ"):
        if _type(head):
            return _type(head), head
        for c in head.children:  # "ten people were injured": injured as acomp
            if c.dep_ in ("acomp", "attr") and _type(c):
                return _type(c), c
    # "charges against 27 individuals", "arrest of 19 people"
    if noun.dep_ == "pobj" and head.dep_ == "prep" and head.lower_ in ("against", "of", "on"):
        owner = head.head
        if _type(owner):
            return _type(owner), owner
        # "brought charges against nine executives": the phrase hangs on the verb, beside its object
        for c in owner.children:
            if c.dep_ == "dobj" and c.i < head.i and _type(c) and head.lower_ == "against":
                return _type(c), c
    # "among the dead"
    if noun.dep_ in ("nsubj",) and any(c.dep_ == "prep" and c.lower_ == "among" and any(_type(g) for g in c.children)
                                       for c in head.children):
        g = next(g for c in head.children if c.dep_ == "prep" for g in c.children if _type(g))
        return _type(g), g
    return None


def _location(doc, trigger, sent) -> str | None:
    places = [e for e in doc.ents if e.label_ in ("GPE", "LOC", "FAC") and sent.start <= e.start < sent.end]
    if not places:
        return None
    # prefer a place inside the trigger's clause or attached to the event noun's preposition
    def distance(e):
        inside = any(t.is_ancestor(e.root) or t == e.root for t in [trigger, trigger.head])
        return (0 if inside else 1, abs(e.root.i - trigger.i))
    best = min(places, key=distance)
    return best.text.removeprefix("the ")


def events(doc, *, quantities: list[Quantity], dates: list[DateMention] = ()) -> list[Event]:
    """Events of ``doc`` built on its count quantities (see the module docstring)."""
    out: list[Event] = []
    for q in quantities:
        if q.kind != "count" or q.object is None:
            continue
        span = doc.char_span(q.span[0], q.span[1], alignment_mode="expand")
        if span is None:
            continue
        noun = span[-1]
        found = _trigger_for(noun)
        if found is None:
            continue
        etype, trigger = found
        sent = noun.sent
        lo = min(trigger.i, span.start)
        hi = max(trigger.i + 1, span.end)
        date = next((d.value for d in dates if sent.start_char <= d.span[0] < sent.end_char and d.value), None)
        obj = q.object if trigger.i != noun.i else None
        out.append(Event(
            type=etype, number=q.value if q.value is not None else q.low, object=obj or q.object,
            location=_location(doc, trigger, sent), date=date,
            span=(doc[lo].idx, doc[hi - 1].idx + len(doc[hi - 1])),
        ))
    return out
