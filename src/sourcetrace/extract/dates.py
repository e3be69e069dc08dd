"""Dates: calendar references resolved to ISO prefixes, against the publication date when known.

Candidates are spaCy DATE entities (TIME entities only for "Monday night", "yesterday morning")
plus explicit calendar dates the model left unlabelled. Each is read by the patterns below; no
third-party date parser: news dates come in a handful of shapes and the resolution rules matter more
than coverage. One entity may hold several dates ("from 2010 to 2014").

* ``2015`` -> "2015" (year); ``March 2024`` -> "2024-03" (month); ``January 10, 2016`` /
  ``10 January 2016`` / ``Sept. 3rd, 2015`` / ``2016-01-10`` -> "2016-01-10" (day);
* a month and day without a year ("January 10") takes, given the publication date, the most recent
  occurrence that is not more than ``FUTURE_DAYS`` after publication (news reports the recent past,
  and announces the near future); in a past-tense clause ("met on 3 May") the most recent one up to
  publication, in a future-tense clause ("will meet on 3 May") the first one on or after
  publication. Resolution day. Without a publication date the value
  is "--01-10", resolution month-day;
* with a publication date, these are resolved too (without it they are left out):
  a bare month ("in March": the most recent one, or the coming one if it starts within a month;
  "since/last/earlier" or the past tense force the past, the future tense the next one),
  "September last year", "last September", "yesterday", "today",
  "tomorrow", "last night", "last/this/next year|month", weekdays ("on Tuesday": the most recent
  Tuesday up to the publication day; "next Tuesday" or the future tense: the coming one), and
  "three days|months|years ago";
* vague references ("recent years", "the past decade", "the 1990s", "this week") are left out: they
  name a period, not a date of the resolutions the ledger records.
"""

from __future__ import annotations

import datetime as dt
import functools
import re

from .. import lexicons
from ..nlp.model import doc_text
from ..records import DateMention

# Calibrated on news copy: announcements rarely look further ahead than about two months, while a
# bare "January 10" in a report usually lies in the past year.
FUTURE_DAYS = 60
# A judgement, not a calibration: an event named by its date inside a past-tense clause ("was sworn in
# six days before the November 4 polls") is taken as upcoming only when at most two weeks ahead of
# publication ("claimed the March 3 attack" a month before 3 March reads as last year's attack).
NOUN_AHEAD_DAYS = 14
MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december"], 1)}
MONTHS.update({k[:3]: v for k, v in list(MONTHS.items())})
MONTHS["sept"] = 9
WEEKDAYS = {d: i for i, d in enumerate(
    ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])}
_M = (r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
      r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b\.?")
_D = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\b"
_Y = r"(?P<year>1[89]\d\d|20\d\d)"
_REL = r"(?P<rel>last|this|next)"
_D2 = r"(?P<day2>[0-3]?\d)(?:st|nd|rd|th)?\b"
# explicit dates, most specific first; a later pattern never overlaps an earlier match
EXPLICIT = [
    (re.compile(rf"\b{_Y}-(?P<mnum>[01]\d)-(?P<dnum>[0-3]\d)\b"), "iso"),
    # day ranges in one month: "Dec. 16-20", "16-20 December 2014" (two dates: the first and last day)
    (re.compile(rf"\b{_M}\s+{_D}\s*[-–]\s*{_D2}(?:,?\s+{_Y})?(?!\s*,?\s*\d)", re.I), "day-range"),
    (re.compile(rf"\b{_D}\s*[-–]\s*{_D2}\s+(?:of\s+)?{_M}(?:,?\s+{_Y})?", re.I), "day-range"),
    (re.compile(rf"\b{_M}\s+{_D},?\s+{_Y}\b", re.I), "day"),
    (re.compile(rf"\b{_D}\s+(?:of\s+)?{_M},?\s+{_Y}\b", re.I), "day"),
    (re.compile(rf"\b{_M}\s+{_D}(?!\s*,?\s*\d)", re.I), "month-day"),
    (re.compile(rf"\b{_D}\s+(?:of\s+)?{_M}(?!,?\s*\d)", re.I), "month-day"),
    (re.compile(rf"\b{_M},?\s+(?:of\s+)?{_Y}\b", re.I), "month"),
    (re.compile(rf"\b{_Y}\b(?!s|'s)"), "year"),
]
# the explicit kinds searched for in the text outside the model's DATE entities
UNLABELLED_KINDS = ("day-range", "day", "month-day")
# readings that need the publication date
RELATIVE = [
    (re.compile(rf"\b{_M}\s+{_REL}\s+year\b", re.I), "month-rel-year"),
    (re.compile(rf"\b{_REL}\s+{_M}", re.I), "rel-month"),
    (re.compile(r"\b(?P<word>yesterday|today|tonight|tomorrow|last night)\b", re.I), "word"),
    (re.compile(rf"\b{_REL}\s+(?P<unit>year|month)\b", re.I), "rel-unit"),
    (re.compile(r"\b(?P<n>\w+)\s+(?P<unit>day|month|year)s?\s+ago\b", re.I), "ago"),
    (re.compile(r"\b(?:(?P<rel>last|this|next)\s+)?(?P<wd>monday|tuesday|wednesday|thursday|friday|"
                r"saturday|sunday)\b", re.I), "weekday"),
    (re.compile(rf"^(?:(?:in|on|since|by|until|from|early|late|mid|the\s+end\s+of)\s+|mid-)?(?:the\s+)?{_M}$",
                re.I), "month-only"),
]
_PAST_MARKERS = re.compile(r"\b(since|last|earlier|ago|previous|former)\b", re.I)


@functools.lru_cache(maxsize=1)
def _small_numbers() -> dict[str, float]:
    table = {k: float(v[0]) for k, v in lexicons.load_table("number_words").items() if v[1] in ("unit", "ten")}
    table.update({"a": 1.0, "an": 1.0})
    return table


def _parse_published(published: str | None) -> dt.date | None:
    if not published:
        return None
    try:
        return dt.date.fromisoformat(published[:10])
    except ValueError:
        return None


def _month_of(m: re.Match) -> int:
    key = m["month"].lower().rstrip(".")
    return MONTHS.get(key) or MONTHS[key[:3]]


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except (ValueError, OverflowError):
        return None


def _add_days(day: dt.date, n: int) -> str | None:
    """``day`` + ``n`` days as ISO, or None outside the calendar (years 1-9999): "1000000 days ago",
    "yesterday" published on 0001-01-01 have no date; the mention is kept with a null value."""
    try:
        return (day + dt.timedelta(days=n)).isoformat()
    except (OverflowError, ValueError):
        return None


def _year(y: int) -> str | None:
    return f"{y:04d}" if 1 <= y <= 9999 else None


def _pick_day(month: int, day: int, pub: dt.date, tense: str | None) -> dt.date | None:
    """The year of a month-day without one (see the module docstring)."""
    cands = [d for y in range(pub.year - 4, pub.year + 2) if (d := _safe_date(y, month, day))]
    if tense == "future":
        return next((d for d in cands if d >= pub), None)
    # a day's slack for time zones in a past-tense clause; an event named by its date there may lie
    # up to NOUN_AHEAD_DAYS ahead; otherwise up to FUTURE_DAYS
    ahead = {"past": 1, "past-noun": NOUN_AHEAD_DAYS}.get(tense or "", FUTURE_DAYS)
    past = [d for d in cands if (d - pub).days <= ahead]
    return past[-1] if past else None


def _pick_month(month: int, pub: dt.date, tense: str | None, past: bool) -> str | None:
    past = past or tense in ("past", "past-noun")
    if tense == "future":
        year = pub.year if month >= pub.month else pub.year + 1
    elif past:
        year = pub.year if month <= pub.month else pub.year - 1
    else:  # a bare month: the most recent one, or the coming one if it starts within a month
        year = pub.year if month <= pub.month + 1 else pub.year - 1
    return f"{_year(year)}-{month:02d}" if _year(year) else None


def _shift_month(pub: dt.date, shift: int) -> str | None:
    index = pub.year * 12 + pub.month - 1 + shift
    year = _year(index // 12)
    return f"{year}-{index % 12 + 1:02d}" if year else None


def _explicit(m: re.Match, kind: str, pub: dt.date | None, tense: str | None) -> tuple[str, str] | None:
    if kind == "iso":
        d = _safe_date(int(m["year"]), int(m["mnum"]), int(m["dnum"]))
        return (d.isoformat(), "day") if d else None
    if kind == "year":
        return m["year"], "year"
    if kind == "day-range":
        return None  # read by _day_range
    month = _month_of(m)
    if kind == "month":
        return f"{m['year']}-{month:02d}", "month"
    day = int(m["day"])
    if kind == "day":
        d = _safe_date(int(m["year"]), month, day)
        return (d.isoformat(), "day") if d else None
    if not 1 <= day <= 31 or _safe_date(2000, month, day) is None:  # 2000 is a leap year
        return None
    if pub is None:
        return f"--{month:02d}-{day:02d}", "month-day"
    d = _pick_day(month, day, pub, tense)
    return (d.isoformat(), "day") if d else None


def _relative(m: re.Match, kind: str, pub: dt.date, tense: str | None, text: str) -> tuple[str, str] | None:
    shift = {"last": -1, "this": 0, "next": 1}.get((m.groupdict().get("rel") or "").lower(), 0)
    if kind == "month-rel-year":
        year = _year(pub.year + shift)
        return (f"{year}-{_month_of(m):02d}" if year else None), "month"
    if kind == "rel-month":
        month = _month_of(m)
        if shift == 0:
            return f"{pub.year}-{month:02d}", "month"
        return _pick_month(month, pub, "future" if shift > 0 else None, past=shift < 0), "month"
    if kind == "word":
        delta = {"yesterday": -1, "last night": -1, "today": 0, "tonight": 0, "tomorrow": 1}[m["word"].lower()]
        return _add_days(pub, delta), "day"
    if kind == "rel-unit":
        if m["unit"].lower() == "year":
            return _year(pub.year + shift), "year"
        return _shift_month(pub, shift), "month"
    if kind == "ago":
        n = m["n"].lower()
        count = float(n) if n.isdigit() else _small_numbers().get(n)
        if count is None or not count.is_integer():
            return None
        unit, count = m["unit"].lower(), int(count)
        if unit == "day":
            return _add_days(pub, -count), "day"
        if unit == "month":
            return _shift_month(pub, -count), "month"
        return _year(pub.year - count), "year"
    if kind == "weekday":
        target = WEEKDAYS[m["wd"].lower()]
        back = (pub.weekday() - target) % 7
        if shift > 0 or (tense == "future" and shift == 0):
            return _add_days(pub, (target - pub.weekday()) % 7 or 7), "day"
        return _add_days(pub, -(back + (7 if shift < 0 and back == 0 else 0))), "day"
    if kind == "month-only":
        return _pick_month(_month_of(m), pub, tense, bool(_PAST_MARKERS.search(text))), "month"
    return None


def _readings(text: str, pub: dt.date | None, tense: str | None, *, context: str = "",
              time_only: bool = False) -> list[tuple[str, str, int, int]]:
    """(value, resolution, start, end) of every date in ``text``, an entity's text."""
    found: list[tuple[str, str, int, int]] = []

    blocked: list[tuple[int, int]] = []  # whole matches of ranges (their year is not a date of its own)

    def free(s: int, e: int) -> bool:
        return all(e <= a or s >= b for _, _, a, b in found) and all(e <= a or s >= b for a, b in blocked)

    if not time_only:
        for rx, kind in EXPLICIT:
            for m in rx.finditer(text):
                if not free(m.start(), m.end()):
                    continue
                if kind == "day-range":
                    readings = _day_range(m, pub, tense)
                    found.extend(readings)
                    if readings:
                        blocked.append((m.start(), m.end()))
                elif got := _explicit(m, kind, pub, tense):
                    found.append(got + (m.start(), m.end()))
    if pub is not None and not found:
        for rx, kind in RELATIVE:
            if time_only and kind not in ("word", "weekday"):
                continue
            target = text.strip() if kind == "month-only" else text
            for m in rx.finditer(target):
                offset = text.index(target) if kind == "month-only" else 0
                s, e = m.start() + offset, m.end() + offset
                if kind == "month-only":
                    s, e = m.start("month") + offset, m.end("month") + offset
                got = free(s, e) and _relative(m, kind, pub, tense, context + " " + text)
                if got:
                    found.append(got + (s, e))
    return sorted(found, key=lambda r: r[2])


def _day_range(m: re.Match, pub: dt.date | None, tense: str | None) -> list[tuple[str, str, int, int]]:
    """The first and the last day of "Dec. 16-20" / "16-20 December 2014", each with its span (the
    first covers the month and the first day, the second the last day); the year of a year-less range
    is chosen for its first day."""
    month, first, last = _month_of(m), int(m["day"]), int(m["day2"])
    if not (1 <= first < last <= 31) or _safe_date(2000, month, last) is None:
        return []
    out = []
    if m["year"]:
        year = int(m["year"])
    elif pub is not None:
        d = _pick_day(month, first, pub, tense)
        if d is None:
            return []
        year = d.year
    else:
        year = None
    head_end = m.end("day") if m.start("month") < m.start("day") else m.end("month")
    for day, (s, e) in ((first, (m.start(), head_end) if m.start("month") < m.start("day") else (m.start("day"), m.end("day"))),
                        (last, (m.start("day2"), m.end("day2")))):
        if year is None:
            out.append((f"--{month:02d}-{day:02d}", "month-day", s, e))
        elif (d := _safe_date(year, month, day)) is not None:
            out.append((d.isoformat(), "day", s, e))
    if m.start("month") > m.start("day") and len(out) == 2:  # "16-20 December": the month goes with the last day
        v, r, s, e = out[1]
        out[1] = (v, r, s, m.end("month"))
    return out


def _tense(ent) -> str | None:
    """'future' ("will meet on 3 May"), 'past' ("met on 3 May") or None: the tense of the clause.

    A date that modifies a noun in a past-tense clause ("was sworn in six days before the November 4
    polls") names an event that may still be ahead: 'past-noun' (see ``NOUN_AHEAD_DAYS``)."""
    tok = ent.root
    noun = tok.dep_ in ("compound", "nmod", "amod", "nummod", "poss") and tok.head.pos_ in ("NOUN", "PROPN") \
        and tok.head.i > tok.i and tok.head.ent_type_ != "DATE"
    tense = _clause_tense(tok)
    return "past-noun" if tense == "past" and noun else tense


def _clause_tense(tok) -> str | None:
    for _ in range(4):
        if tok.pos_ in ("VERB", "AUX"):
            if any(c.dep_ == "aux" and c.lower_ in ("will", "'ll", "shall") for c in tok.children):
                return "future"
            if tok.tag_ == "VBD" or any(c.dep_ in ("aux", "auxpass") and c.tag_ == "VBD" for c in tok.children):
                return "past"
            return None
        if tok.head is tok:
            break
        tok = tok.head
    return None


def dates(doc, *, published: str | None = None) -> list[DateMention]:
    """Date mentions of ``doc`` with ISO values (see the module docstring)."""
    pub = _parse_published(published)
    out: list[DateMention] = []
    covered: list[tuple[int, int]] = []
    for ent in doc.ents:
        if ent.label_ not in ("DATE", "TIME"):
            continue
        covered.append((ent.start_char, ent.end_char))
        before = doc[max(ent.start - 2, 0):ent.start].text
        for value, resolution, s, e in _readings(ent.text, pub, _tense(ent), context=before,
                                                 time_only=ent.label_ == "TIME"):
            start, end = ent.start_char + s, ent.start_char + e
            if resolution == "year" and _designation_after(doc, end):
                continue
            out.append(DateMention(text=doc_text(doc)[start:end], span=(start, end), value=value, resolution=resolution))
    # explicit dates ("January 10", "3 May 2001", "Dec. 16-20") that the model did not label
    text = doc_text(doc)
    for rx, kind in EXPLICIT:
        if kind not in UNLABELLED_KINDS:
            continue
        for m in rx.finditer(text):
            if any(s < m.end() and m.start() < e for s, e in covered):
                continue
            sent = doc.char_span(m.start(), m.end(), alignment_mode="expand")
            tense = _tense(sent) if sent else None
            if kind == "day-range":
                readings = _day_range(m, pub, tense)
            else:
                got = _explicit(m, kind, pub, tense)
                readings = [got + (m.start(), m.end())] if got else []
            if readings:
                covered.append((m.start(), m.end()))
            for value, resolution, s, e in readings:
                out.append(DateMention(text=text[s:e], span=(s, e), value=value, resolution=resolution))
    out.sort(key=lambda d: d.span)
    return out


def _designation_after(doc, end: int) -> bool:
    """A year the parser hangs on one or two capitals (and digits) after it: "the asteroid 2014 RC"
    is a designation, not a date ("in 2014 US troops ..." is a date: "US" goes with "troops")."""
    m = re.match(r" ([A-Z]{1,2}\d{0,3})\b", doc_text(doc)[end:end + 8])
    if not m:
        return False
    letters = doc.char_span(end + 1, end + 1 + len(m.group(1)))
    year = doc.char_span(end - 4, end)
    if letters is None or year is None:
        return False
    return year[0].head.i == letters[0].i or letters[0].head.i == year[0].i
