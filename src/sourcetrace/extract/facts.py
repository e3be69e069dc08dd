"""Facts tied to claims: which attribution's content a quantity, date or event sits in.

A figure inside a report is the source's figure, not the writer's: "police said three people were
killed" gives a KILL event that police assert, and "the blog claims 40 were arrested" an ARREST the
writer distances. ``attach_claims`` runs after the attributions and returns new records whose
``attribution`` is the id of the attribution whose content holds the fact and whose ``certainty`` is
that attribution's certainty (factive, asserted, distanced, hedged); both stay None for facts in the
writer's own text.

A fact is inside a content when its span lies within the content span; for a content its cue
interrupts ("'Ten were hurt,' she said, 'and two died.'") within one of its pieces (a figure in the
reporting clause between them is the writer's). Of nested contents (a relay quoted inside a report)
the innermost wins: it is the nearest source, and its certainty is the one that qualifies the fact.
"""

from __future__ import annotations

import dataclasses

from ..records import Attribution, DateMention, Event, Quantity, Span


def claim_of(span: Span, attributions: list[Attribution]) -> Attribution | None:
    """The attribution with the innermost content that holds ``span``, or None."""
    start, end = span
    best: Attribution | None = None
    for a in attributions:
        pieces = a.content_parts or (a.content.span,)
        if not any(s <= start and end <= e for s, e in pieces):
            continue
        size = a.content.span[1] - a.content.span[0]
        if best is None or size < best.content.span[1] - best.content.span[0]:
            best = a
    return best


def _tie(record, attributions: list[Attribution]):
    a = claim_of(tuple(record.span), attributions)
    if a is None:
        return dataclasses.replace(record, attribution=None, certainty=None)
    return dataclasses.replace(record, attribution=a.id, certainty=a.certainty)


def attach_claims(quantities: list[Quantity], dates: list[DateMention], events: list[Event],
                  attributions: list[Attribution]) -> tuple[list[Quantity], list[DateMention], list[Event]]:
    """New quantity, date and event records carrying the id and certainty of the claim they sit in."""
    return ([_tie(q, attributions) for q in quantities], [_tie(d, attributions) for d in dates],
            [_tie(e, attributions) for e in events])
