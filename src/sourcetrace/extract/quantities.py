"""Quantities: amounts of money, counts of things, durations, percentages and measures.

GDELT's GKG records "counts" and "amounts" as a number with the object counted. We read them from
the parse and the lexicons ``number_words``, ``currencies``, ``units`` and ``quantity_cues``:

* a number is digits ("1,250", "3.5") or number words ("ten", "twenty-five", "two dozen",
  "3.5 million", "2bn"); a scale word after digits multiplies them;
* money: a currency symbol or code before ("$", "US$", "EUR") or a currency word after
  ("dollars", "Turkish lira"); the unit is the ISO 4217 code; "per person" / "a head" / "each"
  after the amount becomes its ``object``;
* ranges: "$100 to $300", "between 5 and 7 million", "2,000-2,500" -> ``low``/``high`` (``value``
  stays null), the scale of the second number also applies to the first ("5 to 7 million");
* units after the number: durations ("15 minutes" -> unit "minute"), percentages ("12%",
  "12 per cent"), measures ("40 tonnes") -> kind ``other``;
* counts: a number that modifies a noun ("961 arrests", "ten German tourists"); ``object`` is the
  noun with the modifiers between the number and it;
* not quantities: dates and clock times (spaCy DATE/TIME entities without a duration unit), ordinals,
  identifiers after a label noun ("flight 370", "page 4"), and a bare "one" that is not counting.
"""

from __future__ import annotations

import functools
import re

from .. import lexicons
from ..records import Quantity

_DIGITS = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^\d+(?:\.\d+)?$")
_GLUED = re.compile(r"^(\d+(?:\.\d+)?)(k|m|bn|mn|mln|bln|tn|trn)$", re.IGNORECASE)
PER_WORDS = {"per", "a", "an", "each"}
RANGE_WORDS = {"to", "-", "–", "—", "and", "or"}


@functools.lru_cache(maxsize=1)
def _numbers() -> dict[str, tuple[float, str]]:
    return {k: (float(v[0]), v[1]) for k, v in lexicons.load_table("number_words").items()}


@functools.lru_cache(maxsize=1)
def _currencies() -> dict[str, tuple[str, str, float]]:
    return {k: (v[0], v[1], float(v[2]) if len(v) > 2 else 1.0) for k, v in lexicons.load_table("currencies").items()}


@functools.lru_cache(maxsize=1)
def _units() -> dict[str, tuple[str, str]]:
    return {k: (v[0], v[1]) for k, v in lexicons.load_table("units").items()}


@functools.lru_cache(maxsize=1)
def _cues() -> dict[str, str]:
    return {k: v[0] for k, v in lexicons.load_table("quantity_cues").items()}


def _num_value(tok) -> tuple[float, str] | None:
    """(value, class) of one token: digits -> (n, 'digit'); words -> lexicon class."""
    text = tok.text.lower()
    if _DIGITS.match(text):
        return float(text.replace(",", "")), "digit"
    m = _GLUED.match(text)
    if m:
        return float(m.group(1)) * _numbers()[m.group(2).lower()][0], "digit"
    hit = _numbers().get(text)
    if hit is not None:
        return hit
    if "-" in text:  # "twenty-five" kept as one token
        parts = [_numbers().get(p) for p in text.split("-")]
        if all(parts) and parts[0][1] == "ten" and parts[1][1] == "unit":
            return parts[0][0] + parts[1][0], "unit"
    return None


def _read_number(doc, i: int) -> tuple[float, int, bool] | None:
    """Parse the number starting at token ``i``: (value, end token index, has scale)."""
    total = 0.0
    current = None
    j = i
    scaled = False
    while j < len(doc):
        tok = doc[j]
        if tok.text == "-" and current is not None and j + 1 < len(doc) and _num_value(doc[j + 1]) and \
                _num_value(doc[j + 1])[1] == "unit" and _num_value(doc[j - 1])[1] == "ten":
            j += 1
            continue
        nv = _num_value(tok)
        if nv is None:
            break
        value, cls = nv
        if cls == "digit":
            if current is not None:
                break
            current = value
        elif cls in ("unit", "ten"):
            if current is not None and cls == "unit" and doc[j - 1].text != "-" and _num_value(doc[j - 1])[1] != "ten":
                break
            current = (current or 0) + value
        elif cls in ("scale", "abbrev"):
            if current is None:
                if cls == "abbrev" or tok.lower_ != "dozen":
                    break
                current = 1
            if cls == "abbrev" and _num_value(doc[j - 1])[1] != "digit":
                break
            current *= value
            scaled = True
            if value >= 1000:
                total += current
                current = 0
        elif cls == "vague":
            if current is not None:
                break
            return value, j + 1, True
        j += 1
        if cls == "digit" and j < len(doc) and _num_value(doc[j]) and _num_value(doc[j])[1] in ("unit", "ten"):
            break
    if current is None and total == 0:
        return None
    return total + (current or 0), j, scaled


def _currency_before(doc, i: int) -> tuple[str, int] | None:
    for n in (2, 1):
        if i - n >= 0:
            key = "".join(t.text for t in doc[i - n:i]).lower()
            hit = _currencies().get(key)
            if hit and hit[1] in ("symbol", "code"):
                return hit[0], i - n
    return None


def _currency_after(doc, j: int) -> tuple[str, int, float] | None:
    for n in (3, 2, 1):
        if j + n <= len(doc):
            key = " ".join(t.lower_ for t in doc[j:j + n])
            hit = _currencies().get(key)
            if hit and (hit[1] in ("word", "subunit") or (hit[1] == "code" and doc[j].text.isupper())):
                return hit[0], j + n, hit[2]
    return None


def _unit_after(doc, j: int) -> tuple[str, str, int] | None:
    for n in (2, 1):
        if j + n <= len(doc):
            key = " ".join(t.lower_ for t in doc[j:j + n])
            hit = _units().get(key)
            if hit:
                return hit[0], hit[1], j + n
    return None


def _object_of(doc, start: int, end: int) -> tuple[str | None, int]:
    """The counted noun of the number tokens [start, end): (text, end of object)."""
    last = doc[end - 1]
    head = last.head if last.dep_ in ("nummod", "quantmod", "compound", "amod") else None
    if head is None or head.i < end or head.pos_ not in ("NOUN", "PROPN") or head.i - end > 4:
        # "19 people" may parse with the noun as head of a number token elsewhere in the phrase
        nxt = doc[end] if end < len(doc) else None
        if nxt is not None and nxt.pos_ in ("NOUN",) and nxt.tag_ in ("NNS", "NN"):
            head = nxt
        else:
            return None, end
    toks = doc[end:head.i + 1]
    if any(t.is_punct for t in toks):
        return None, end
    return toks.text, head.i + 1


def _per_object(doc, j: int) -> tuple[str | None, int]:
    """'per person', 'a head', 'each' right after an amount."""
    if j < len(doc) and doc[j].lower_ == "each":
        return "each", j + 1
    if j + 1 < len(doc) and doc[j].lower_ in PER_WORDS and doc[j + 1].pos_ in ("NOUN", "PROPN"):
        k = j + 1
        return doc[k].text, k + 1
    return None, j


def _skip(doc, i: int) -> bool:
    tok = doc[i]
    if tok.ent_type_ in ("ORDINAL",):
        return True
    if i > 0 and _cues().get(doc[i - 1].lower_) == "label":
        return True
    if tok.lower_ == "one" and tok.dep_ not in ("nummod",):
        return True  # "one of them", "no one"
    return False


def quantities(doc) -> list[Quantity]:
    """Quantities of ``doc`` in text order (see the module docstring)."""
    out: list[Quantity] = []
    i = 0
    n = len(doc)
    while i < n:
        tok = doc[i]
        if _num_value(tok) is None or _skip(doc, i):
            i += 1
            continue
        parsed = _read_number(doc, i)
        if parsed is None:
            i += 1
            continue
        value, j, scaled = parsed
        start = i
        currency = _currency_before(doc, i)
        unit = kind = None
        if currency:
            unit, start = currency[0], currency[1]
        low = high = value
        # range: "$100 to $300", "between 5 and 7 million", "2,000-2,500"
        k = j
        if k + 1 < n and doc[k].lower_ in RANGE_WORDS and (doc[k].lower_ not in ("and", "or") or (
                start > 0 and doc[start - 1].lower_ == "between")):
            k2 = k + 1
            cur2 = _currency_before(doc, k2 + 1) if k2 + 1 < n else None
            if cur2 and cur2[1] == k2:
                k2 += k2 + 1 - cur2[1]
            second = _read_number(doc, k2) if k2 < n and _num_value(doc[k2]) else None
            if second and second[0] >= value and (doc[k].lower_ != "-" or _num_value(doc[k2])[1] == "digit"):
                hv, j2, scaled2 = second
                if scaled2 and not scaled and hv / 1000 > value:
                    # "5 to 7 million": the scale of the second number applies to the first
                    value *= hv / float(_read_unscaled(doc, k2) or hv)
                low, high, j = value, hv, j2
        after_cur = _currency_after(doc, j)
        if after_cur and not currency:
            unit, j, factor = after_cur[0], after_cur[1], after_cur[2]
            low, high = low * factor, high * factor
        obj = None
        if unit:
            kind = "money"
            obj, j = _per_object(doc, j)
        else:
            u = _unit_after(doc, j)
            if u and u[1] != "time":
                unit, kind, j = u[0], u[1], u[2]
                kind = {"duration": "duration", "percent": "percent"}.get(kind, "other")
            elif u and u[1] == "time":
                i = u[2]
                continue
            else:
                if doc[i].ent_type_ in ("DATE", "TIME"):
                    i = j
                    continue
                obj, j2 = _object_of(doc, i, j)
                if obj:
                    kind, j = "count", j2
                elif _num_value(doc[i])[1] == "vague":
                    i = j
                    continue
                elif doc[i].ent_type_ in ("CARDINAL", "QUANTITY", "MONEY", "PERCENT") and _num_value(doc[i])[1] == "digit":
                    kind = "other"
                else:
                    i = j
                    continue
        if kind == "duration" and doc[i].ent_type_ == "DATE" and j < n and doc[j].lower_ in ("ago", "old"):
            i = j
            continue
        span = (doc[start].idx, doc[j - 1].idx + len(doc[j - 1]))
        single = low == high
        out.append(Quantity(
            text=doc.text[span[0]:span[1]], span=span, kind=kind,
            value=_clean(low) if single else None, low=_clean(low), high=_clean(high),
            unit=unit, object=obj,
        ))
        i = j
    return out


def _read_unscaled(doc, i: int) -> float | None:
    nv = _num_value(doc[i])
    return nv[0] if nv else None


def _clean(x: float) -> float | int:
    return int(x) if float(x).is_integer() else round(x, 4)
