"""Quantities: amounts of money, counts of things, durations, percentages and measures.

GDELT's GKG records "counts" and "amounts" as a number with the object counted. We read them from
the parse and the lexicons ``number_words``, ``currencies``, ``units`` and ``quantity_cues``:

* a number is digits ("1,250", "3.5"), digits with a scale ("3.5 million", "2bn", "300m") or number
  words ("ten", "twenty-five", "three hundred and twenty", "two dozen", "a million", "half a
  million", "two and a half");
* money: a currency symbol or code before ("$", "US$", "EUR") or a currency word after ("dollars",
  "Turkish lira"); the unit is the ISO 4217 code; "per person" / "a head" / "each" after the amount
  becomes its ``object``;
* ranges: "$100 to $300", "between 5 and 7 million", "2,000-2,500", "$5-$7" -> ``low``/``high`` with
  ``value`` null; the scale of the second number also applies to the first ("5 to 7 million");
  single numbers have ``value == low == high``;
* bounds: a cue of ``quantity_cues`` attached to the number ("at least 19", "more than 3,000" ->
  ``high`` null; "up to 40", "fewer than 10" -> ``low`` null; ``value`` keeps the number);
* units after the number: durations ("15 minutes" -> unit "minute"), percentages ("12%",
  "12 per cent"), measures ("40 tonnes of coal" -> kind ``other``, object "coal");
* counts: a number that modifies a noun ("961 arrests", "ten German tourists"); ``object`` is the
  noun with the modifiers between the number and it. A bare number that is the subject or object of
  a verb ("more than 100 were injured") is a count without object;
* not quantities: dates and clock times (spaCy DATE/TIME entities without a duration unit, ages
  "45 years old", spans "ten years ago"), ordinals, identifiers after a label noun ("flight 370",
  "page 4"), scores and other number pairs joined by a hyphen that are not ranges ("3-1"), vague
  plurals ("hundreds of people": no number to report) and a "one" that is not counting ("one of
  them", "no one").
"""

from __future__ import annotations

import functools
import re

from .. import lexicons
from ..nlp.model import doc_text
from ..records import Quantity

_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_DIGITS = re.compile(rf"^(?:{_NUM})$")
_GLUED = re.compile(r"^(\d+(?:\.\d+)?)(k|m|bn|mn|mln|bln|tn|trn)$", re.IGNORECASE)
_SUFFIX = r"(k|m|bn|mn|mln|bln|tn|trn)?"
# one token holding a whole range, as the tokenizer leaves "5-$7", "1.5m-£2", "10–12"
_GLUED_RANGE = re.compile(rf"^({_NUM}){_SUFFIX}[-–](\D{{0,3}}?)({_NUM}){_SUFFIX}$", re.IGNORECASE)
PER_WORDS = {"per", "a", "an", "each"}
RANGE_WORDS = {"to", "-", "–", "—", "and", "or"}
ARGUMENT_DEPS = {"nsubj", "nsubjpass", "dobj"}  # a bare number standing for a counted noun
# entity labels of names that hold a number ("Six Nations", "Apollo 11"); ordinals are not amounts
NAME_LABELS = {"ORDINAL", "ORG", "EVENT", "PRODUCT", "WORK_OF_ART", "FAC", "LAW", "PERSON"}


@functools.lru_cache(maxsize=1)
def _numbers() -> dict[str, tuple[float, str]]:
    return {k: (float(v[0]), v[1]) for k, v in lexicons.load_table("number_words").items()}


@functools.lru_cache(maxsize=1)
def _currencies() -> dict[str, tuple[str, str, float]]:
    return {k: (v[0], v[1], float(v[2]) if len(v) > 2 else 1.0)
            for k, v in lexicons.load_table("currencies").items()}


@functools.lru_cache(maxsize=1)
def _units() -> dict[str, tuple[str, str]]:
    return {k: (v[0], v[1]) for k, v in lexicons.load_table("units").items()}


@functools.lru_cache(maxsize=1)
def _cues() -> dict[str, str]:
    return {k: v[0] for k, v in lexicons.load_table("quantity_cues").items()}


def _num_value(tok) -> tuple[float, str] | None:
    """(value, class) of one token: digits -> (n, 'digit'); words -> their lexicon class."""
    text = tok.lower_
    if _DIGITS.match(text):
        return float(text.replace(",", "")), "digit"
    m = _GLUED.match(text)
    if m:  # "2bn", "300m": already scaled
        return float(m.group(1)) * _numbers()[m.group(2).lower()][0], "scaled"
    return _numbers().get(text)


def _is_scale_word(tok) -> bool:
    hit = _numbers().get(tok.lower_)
    return hit is not None and hit[1] == "scale"


def _starts_number(doc, i: int) -> bool:
    """A number starts at token ``i``: a number token, "a/an" + scale word, "half a" + scale word."""
    low = doc[i].lower_
    if low in ("a", "an"):
        return i + 1 < len(doc) and _is_scale_word(doc[i + 1])
    if low == "half":
        return i + 2 < len(doc) and doc[i + 1].lower_ in ("a", "an") and _is_scale_word(doc[i + 2])
    return _num_value(doc[i]) is not None or _GLUED_RANGE.match(doc[i].text) is not None


def _read_number(doc, i: int) -> tuple[float, int, bool] | None:
    """Parse the number starting at token ``i``: (value, end token index, has a scale word).

    Digits take at most a scale after them ("3.5 million"); number words combine as in English
    ("twenty-five", "three hundred and twenty", "two million five hundred thousand"). Vague plurals
    ("hundreds") are not numbers here.
    """
    n = len(doc)
    total, current, scaled, prev, j = 0.0, None, False, None, i
    low = doc[i].lower_
    if low == "half":
        current, prev, j = 0.5, "unit", i + 2
    elif low in ("a", "an"):
        current, prev, j = 1.0, "unit", i + 1
    wordy = _num_value(doc[i]) is None or _num_value(doc[i])[1] not in ("digit", "scaled")
    while j < n:
        tok = doc[j]
        nxt = _num_value(doc[j + 1]) if j + 1 < n else None
        if tok.lower_ == "and" and prev is not None and j + 2 < n and doc[j + 1].lower_ in ("a", "an") \
                and doc[j + 2].lower_ == "half":
            current = (current or 0) + 0.5  # "two and a half"
            j += 3
            break
        if tok.text == "-" and prev == "ten" and nxt and nxt[1] == "unit" and doc[j - 1].whitespace_ == "":
            j += 1  # "twenty-five"
            continue
        if tok.lower_ == "and" and prev == "scale" and wordy and nxt and nxt[1] in ("unit", "ten"):
            j += 1  # "three hundred and twenty"
            continue
        nv = _num_value(tok)
        if nv is None:
            break
        value, cls = nv
        if cls in ("digit", "scaled"):
            if prev is not None:
                break
            current = value
            scaled = cls == "scaled"
            if scaled:
                prev, j = cls, j + 1
                break
        elif cls in ("unit", "ten"):
            ok = prev is None or (prev == "scale" and wordy) or (prev == "ten" and cls == "unit")
            if not ok:
                break
            current = (current or 0) + value
        elif cls == "scale":
            if prev is None and tok.lower_ != "dozen":
                break
            current = (current if current is not None else 1) * value
            scaled = True
            if value >= 1000:
                total, current = total + current, 0
        elif cls == "abbrev":
            if prev != "digit":
                break
            total, current, scaled, prev, j = total + current * value, 0, True, cls, j + 1
            break
        elif cls == "vague":  # "hundreds": no number to report
            return None
        else:  # a fraction word ("two thirds") ends the number
            break
        prev = cls
        j += 1
    if prev is None:
        return None
    return total + (current or 0), j, scaled


def _glued_range(doc, i: int) -> tuple[float, float, int] | None:
    """'5-$7', '1.5m-£2' + 'm', '10–12': (low, high, end token index) of a range in one token."""
    m = _GLUED_RANGE.match(doc[i].text)
    if not m or (m.group(3) and m.group(3).lower() not in _currencies()):
        return None
    lo, hi = float(m.group(1).replace(",", "")), float(m.group(4).replace(",", ""))
    lo_scale, hi_scale, j = m.group(2), m.group(5), i + 1
    if not hi_scale and j < len(doc):
        cls = _numbers().get(doc[j].lower_, (0, ""))[1]
        if cls == "scale" or (cls == "abbrev" and doc[i].whitespace_ == ""):  # "1.5m-£2" + "m"
            hi_scale, j = doc[j].lower_, j + 1
    if hi_scale:
        factor = _numbers()[hi_scale.lower()][0]
        hi *= factor
        lo *= _numbers()[lo_scale.lower()][0] if lo_scale else factor
    elif lo_scale:
        lo *= _numbers()[lo_scale.lower()][0]
    return (lo, hi, j) if lo <= hi else None


def _currency_before(doc, i: int) -> tuple[str, int] | None:
    for n in (2, 1):
        if i - n >= 0:
            if n == 2 and doc[i - 2].whitespace_:
                continue
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
            hit = _units().get(" ".join(t.lower_ for t in doc[j:j + n]))
            if hit:
                return hit[0], hit[1], j + n
    return None


def _bound_before(doc, start: int, number: range) -> tuple[str, int] | None:
    """('low'|'high', first cue token) for a bound cue attached to the number ("at least 19")."""
    for n in (3, 2, 1):
        if start - n < 0:
            continue
        cue = doc[start - n:start]
        cls = _cues().get(" ".join(t.lower_ for t in cue))
        if cls not in ("low", "high"):
            continue
        last = cue[-1]
        if last.head.i in number or (last.dep_ in ("quantmod", "advmod", "amod")
                                     and number.start <= last.head.i < number.stop + 4):
            return cls, start - n
    return None


def _object_of(doc, start: int, end: int) -> tuple[str | None, int]:
    """The counted noun of the number tokens [start, end): (text, end of object)."""
    head = None
    for tok in reversed(doc[start:end]):  # "one or two product lines": "two" hangs on "one"
        if tok.dep_ in ("nummod", "quantmod", "compound", "amod") and tok.head.i >= end:
            head = tok.head
            break
    while head is not None and head.dep_ == "compound" and 0 < head.head.i - head.i <= 3:
        head = head.head  # "product lines", "transmission sites"
    if head is None or head.pos_ not in ("NOUN", "PROPN") or head.i - end > 4:
        nxt = doc[end] if end < len(doc) else None  # "5-7 people": the noun follows the range
        if nxt is None or nxt.pos_ != "NOUN" or nxt.tag_ not in ("NNS", "NN"):
            return None, end
        head = nxt
    toks = doc[end:head.i + 1]
    if any(t.is_punct and t.text not in "-–" for t in toks) or _units().get(head.lower_, ("", ""))[1] == "time":
        return None, end
    return toks.text, head.i + 1


def _of_object(doc, j: int) -> str | None:
    """'40 tonnes of coal' -> 'coal': the noun after 'of' following a measure."""
    if j < len(doc) and doc[j].lower_ == "of":
        pobj = next((c for c in doc[j].children if c.dep_ == "pobj"), None)
        if pobj is not None and pobj.pos_ in ("NOUN", "PROPN"):
            first = min([pobj.i] + [c.i for c in pobj.lefts if c.dep_ in ("compound", "amod")])
            return doc[first:pobj.i + 1].text
    return None


def _per_object(doc, j: int) -> tuple[str | None, int]:
    """'per person', 'a head', 'each' right after an amount."""
    if j < len(doc) and doc[j].lower_ == "each":
        return "each", j + 1
    if j + 1 < len(doc) and doc[j].lower_ in PER_WORDS and doc[j + 1].pos_ in ("NOUN", "PROPN"):
        return doc[j + 1].text, j + 2
    return None, j


def _glued_to(doc, k: int) -> bool:
    """Tokens k..k+2 are '-', 'to', '-' written without spaces ("five-to-four")."""
    return k + 2 < len(doc) and doc[k].text in "-–" and doc[k + 1].lower_ == "to" and doc[k + 2].text in "-–" \
        and not (doc[k].whitespace_ or doc[k + 1].whitespace_ or doc[k + 2].whitespace_)


def _paired(doc, i: int, j: int) -> bool:
    """'3-1', '50-50', 'five-to-four' (scores, splits, tallies glued by hyphens), 'seven to two' before a
    tally noun ("a seven to two vote", ``quantity_cues`` class tally) or 'one in five' (a ratio): not
    amounts."""
    before = i >= 2 and doc[i - 1].text in "-–" and _num_value(doc[i - 2]) and doc[i - 2].whitespace_ == ""
    after = j + 1 < len(doc) and doc[j].text in "-–" and _num_value(doc[j + 1]) and doc[j].whitespace_ == ""
    glued = (j + 3 < len(doc) and _glued_to(doc, j) and _num_value(doc[j + 3])) or (
        i >= 4 and _glued_to(doc, i - 3) and _num_value(doc[i - 4]))
    tally = j + 2 < len(doc) and doc[j].lower_ == "to" and _num_value(doc[j + 1]) and \
        _cues().get(doc[j + 2].lower_) == "tally" or i >= 2 and doc[i - 1].lower_ == "to" and \
        _num_value(doc[i - 2]) and j < len(doc) and _cues().get(doc[j].lower_) == "tally"
    if glued or tally:
        return True
    ratio = j + 1 < len(doc) and doc[j].lower_ in ("in", "out") and (
        _num_value(doc[j + 1]) or (j + 2 < len(doc) and doc[j + 1].lower_ == "of" and _num_value(doc[j + 2])))
    return bool(before or after or ratio)


def _skip(doc, i: int) -> bool:
    tok = doc[i]
    if tok.ent_type_ in NAME_LABELS:
        return True  # "Six Nations", "Ocean's Eleven"
    if i > 0 and _cues().get(doc[i - 1].lower_) == "label":
        return True  # "flight 370", "page 4"
    if i > 0 and doc[i - 1].pos_ == "PROPN" and doc[i - 1].whitespace_ and doc[i - 1].text[:1].isupper() \
            and _num_value(tok) and _num_value(tok)[1] == "digit":
        return True  # "PlayStation 3", "Windows 10": part of a name
    if 0 < i < len(doc) - 1 and doc[i - 1].text == "(" and doc[i + 1].text == ")":
        return True  # "(3)": a rank or note in brackets
    if tok.is_title and tok.is_alpha and not tok.is_sent_start and i + 1 < len(doc) and doc[i + 1].is_title:
        return True  # "the Six Nations", "the Big Four": a capitalised number word opens a name
    if i + 2 < len(doc) and tok.whitespace_ == "" and doc[i + 1].text == "-" and doc[i + 1].whitespace_ == "" \
            and doc[i + 2].is_alpha and _numbers().get(doc[i + 2].lower_) is None \
            and doc[i + 2].lower_ not in _units():
        return True  # "a one-sentence statement", "a 10-point plan": a compound modifier
    if tok.lower_ == "one" and tok.dep_ != "nummod":
        return True  # "one of them", "no one"
    if tok.lower_ == "one" and i + 1 < len(doc) and _cues().get(doc[i + 1].lower_) == "idiom" and i > 0 and (
            doc[i - 1].pos_ == "ADP" or doc[i - 1].lower_ == "the" and i > 1 and doc[i - 2].pos_ == "ADP"):
        return True  # "for one thing", "at one point", "on the one hand"
    return False


def _range_after(doc, i: int, j: int, start: int, value: float, scaled: bool):
    """Second number of "A to B", "between A and B", "A-B": (low, high, end) or None."""
    n = len(doc)
    word = doc[j].lower_ if j < n else ""
    if j + 1 >= n or word not in RANGE_WORDS:
        return None
    if word == "and" and not (start > 0 and doc[start - 1].lower_ == "between"):
        return None
    if word == "to" and _after_change_verb(doc, i):
        return None  # "rose from $10.9bn to $11.1bn": two values, not a range
    k = j + 1
    cur = _currency_before(doc, k + 1) if k + 1 < n else None
    if cur and cur[1] == k:
        k += 1  # "$100 to $300"
    if k >= n or not _starts_number(doc, k):
        return None
    if word in ("-", "–", "—") and _num_value(doc[k]) and _num_value(doc[k])[1] not in ("digit", "scaled"):
        return None
    second = _read_number(doc, k)
    if second is None:
        return None
    high, end, scaled2 = second
    if scaled2 and not scaled:
        # "5 to 7 million": the scale of the second number applies to the first
        base = _num_value(doc[k])
        if base and base[1] == "digit" and base[0] and high / base[0] > 1:
            value *= high / base[0]
    return (value, high, end) if value <= high else None


def _after_change_verb(doc, i: int) -> bool:
    """The number is the start or end point of a change ("fell 5% to", "rose from 5 to 7")."""
    tok = doc[i]
    for _ in range(4):
        if tok.head is tok:
            break
        tok = tok.head
        if tok.pos_ in ("VERB", "NOUN") and _cues().get(tok.lemma_.lower()) == "change":
            return True
        if tok.pos_ == "VERB":
            return False
    return False


def _fraction(doc, j: int) -> float | None:
    """Denominator of a fraction word after the number ("two thirds of", "three quarters of")."""
    hit = _numbers().get(doc[j].lower_) if j + 1 < len(doc) else None
    if hit and hit[1] == "fraction" and doc[j + 1].lower_ == "of":  # "two quarters" alone are periods
        return hit[0]
    return None


def quantities(doc) -> list[Quantity]:
    """Quantities of ``doc`` in text order (see the module docstring)."""
    out: list[Quantity] = []
    i, n = 0, len(doc)
    while i < n:
        if _skip(doc, i) or not _starts_number(doc, i):
            i += 1
            continue
        glued = _glued_range(doc, i)
        if glued:
            low, high, j = glued
            value, scaled = None, True
        else:
            parsed = _read_number(doc, i)
            if parsed is None:
                i += 1
                continue
            value, j, scaled = parsed
            low = high = value
        start = i
        currency = _currency_before(doc, i)
        unit = kind = None
        if currency:
            unit, start = currency
        if not glued:
            rng = _range_after(doc, i, j, start, value, scaled)
            if rng:
                low, high, j = rng
                if start > 0 and doc[start - 1].lower_ == "between":
                    start -= 1
            elif _paired(doc, i, j):
                i = j + 2
                continue
        after_cur = None if currency else _currency_after(doc, j)
        if after_cur:
            unit, j, factor = after_cur
            low, high = low * factor, high * factor
        obj = None
        if unit:
            kind = "money"
            obj, j = _per_object(doc, j)
        else:
            u = _unit_after(doc, j)
            glued_unit = None
            if u is None and j + 1 < len(doc) and doc[j].text in "-–" and not doc[j - 1].whitespace_ \
                    and not doc[j].whitespace_:
                glued_unit = _unit_after(doc, j + 1)  # "a 1,426-mile border", "90-percent support"
                if glued_unit and glued_unit[1] not in ("time",):
                    u = glued_unit
            if u and u[1] == "time":  # "5 pm": a clock time
                i = u[2]
                continue
            if u:
                unit, kind, j = u
                if kind == "duration" and j < n and doc[j].lower_ in ("ago", "old"):
                    i = j  # "ten years ago", "45 years old"
                    continue
                kind = {"duration": "duration", "percent": "percent"}.get(kind, "other")
                if kind == "other":
                    obj = _of_object(doc, j)
                    if obj is None and u is glued_unit and j < n and doc[j].pos_ == "NOUN":
                        obj = doc[j].text  # "a 1,426-mile border": what the measure describes
            elif doc[i].ent_type_ in ("DATE", "TIME"):
                i = j
                continue
            elif _fraction(doc, j) and low == high:
                low = high = value = low / _fraction(doc, j)
                kind, j = "other", j + 1
                obj = _of_object(doc, j)
            else:
                obj, j2 = _object_of(doc, i, j)
                abbreviated = any(_num_value(t) and _num_value(t)[1] in ("scaled", "abbrev") for t in doc[i:j])
                if abbreviated and not obj:
                    i = j  # "the 400m": metres or millions? only trusted with a currency or a noun
                    continue
                if obj:
                    kind, j = "count", j2
                elif doc[j - 1].dep_ in ARGUMENT_DEPS and doc[j - 1].head.pos_ in ("VERB", "AUX"):
                    kind = "count"  # "more than 100 were injured": the noun is understood
                elif j - i == 1 and _num_value(doc[i]) and _num_value(doc[i])[1] == "digit" and \
                        doc[i].ent_type_ in ("CARDINAL", "QUANTITY", "MONEY", "PERCENT"):
                    # a bare figure; "400m" alone is left out (metres or millions?)
                    kind = "other"
                else:
                    i = j
                    continue
        bound = _bound_before(doc, start, range(i, j))
        if bound and low == high:
            start = bound[1]
            if bound[0] == "low":
                high = None
            else:
                low = None
        end_char = doc[j - 1].idx + len(doc[j - 1])
        if doc[j - 1].text.endswith(".") and len(doc[j - 1]) > 1 and _num_value(doc[j - 1]):
            end_char -= 1  # "£400m." at the end of a sentence
        span = (doc[start].idx, end_char)
        single = low is None or high is None or low == high
        number = low if low is not None else high
        out.append(Quantity(
            text=doc_text(doc)[span[0]:span[1]], span=span, kind=kind,
            value=_clean(number) if single else None, low=_clean(low), high=_clean(high),
            unit=unit, object=obj,
        ))
        i = j
    return out


def _clean(x: float | None) -> float | int | None:
    if x is None:
        return None
    x = round(float(x), 6)  # 4.1 * 1e6 is 4099999.9999999995
    return int(x) if x.is_integer() else round(x, 4)
