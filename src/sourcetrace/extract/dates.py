"""Dates: calendar references resolved to ISO prefixes, against the publication date when known.

Candidates are spaCy DATE entities; each is read by the patterns below (no third-party date parser:
news dates come in a handful of shapes and the resolution rules matter more than coverage):

* ``2015`` / ``in 2015`` -> "2015" (year); ``March 2024`` -> "2024-03" (month);
  ``January 10, 2016`` / ``10 January 2016`` / ``2016-01-10`` -> "2016-01-10" (day);
* a month and day without a year ("January 10") takes the year that puts it closest before the
  publication date (news reports the recent past; up to ``FUTURE_DAYS`` after publication counts as
  announced), resolution day; with no publication date the value is "--01-10", resolution month-day;
* relative references need the publication date: "yesterday", "today", "tomorrow", "last/this/next
  year|month|week", weekdays ("on Tuesday" -> the most recent Tuesday up to the publication day);
  without it they are left out;
* vague references ("recent years", "the past decade", "the 1990s" as a span) are left out.
"""

from __future__ import annotations

import datetime as dt
import re

from ..records import DateMention

FUTURE_DAYS = 60
MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december"], 1)}
MONTHS.update({k[:3]: v for k, v in list(MONTHS.items())})
MONTHS["sept"] = 9
WEEKDAYS = {d: i for i, d in enumerate(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])}
_M = r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_D = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_Y = r"(?P<year>1[89]\d\d|20\d\d)"
PATTERNS = [
    (re.compile(rf"\b{_Y}-(?P<mnum>[01]\d)-(?P<dnum>[0-3]\d)\b"), "iso"),
    (re.compile(rf"\b{_M}\s+{_D},?\s+{_Y}\b", re.I), "day"),
    (re.compile(rf"\b{_D}\s+(?:of\s+)?{_M},?\s+{_Y}\b", re.I), "day"),
    (re.compile(rf"\b{_M}\s+{_D}\b(?!\s*,?\s*\d{{4}})", re.I), "month-day"),
    (re.compile(rf"\b{_D}\s+(?:of\s+)?{_M}\b(?!\s*,?\s*\d{{4}})", re.I), "month-day"),
    (re.compile(rf"\b{_M},?\s+{_Y}\b", re.I), "month"),
    (re.compile(rf"\b{_Y}\b"), "year"),
]
_RELATIVE = re.compile(r"\b(yesterday|today|tomorrow|(?P<rel>last|this|next|past)\s+(?P<unit>year|month|week)|"
                       r"(?:(?P<rel2>last|this|next)\s+)?(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday))\b",
                       re.I)
_VAGUE = re.compile(r"\b(recent|years|decades|months|weeks|days|centuries|ago|since|earlier|later|\d0s|'\d0s)\b", re.I)


def _parse_published(published: str | None) -> dt.date | None:
    if not published:
        return None
    try:
        return dt.date.fromisoformat(published[:10])
    except ValueError:
        return None


def _month_day(month: int, day: int, pub: dt.date | None) -> tuple[str, str] | None:
    if not 1 <= day <= 31:
        return None
    if pub is None:
        return f"--{month:02d}-{day:02d}", "month-day"
    for year in (pub.year, pub.year - 1, pub.year + 1):
        try:
            cand = dt.date(year, month, day)
        except ValueError:
            continue
        if -FUTURE_DAYS <= (pub - cand).days <= 366 - FUTURE_DAYS:
            return cand.isoformat(), "day"
    return None


def _read(text: str, pub: dt.date | None) -> tuple[str, str, int, int] | None:
    """(value, resolution, start, end) of the first date reading of ``text``."""
    for rx, kind in PATTERNS:
        m = rx.search(text)
        if not m:
            continue
        if kind == "iso":
            try:
                d = dt.date(int(m["year"]), int(m["mnum"]), int(m["dnum"]))
            except ValueError:
                continue
            return d.isoformat(), "day", m.start(), m.end()
        if kind == "year":
            return m["year"], "year", m.start(), m.end()
        key = m["month"].lower().rstrip(".")
        month = MONTHS.get(key) or MONTHS[key[:3]]
        if kind == "month":
            return f"{m['year']}-{month:02d}", "month", m.start(), m.end()
        day = int(m["day"])
        if kind == "day":
            try:
                d = dt.date(int(m["year"]), month, day)
            except ValueError:
                continue
            return d.isoformat(), "day", m.start(), m.end()
        got = _month_day(month, day, pub)
        if got:
            return got[0], got[1], m.start(), m.end()
    if pub is not None:
        m = re.fullmatch(rf"(?:(?:in|on|since|by|until|early|late|mid-?)\s+)?(?:the\s+)?{_M}", text.strip(), re.I)
        if m:
            key = m["month"].lower().rstrip(".")
            month = MONTHS.get(key) or MONTHS[key[:3]]
            year = pub.year if month <= pub.month + FUTURE_DAYS // 30 else pub.year - 1
            return f"{year}-{month:02d}", "month", m.start("month"), m.end("month")
        m = _RELATIVE.search(text)
        if m:
            return _relative(m, pub) + (m.start(), m.end())
    return None


def _relative(m: re.Match, pub: dt.date) -> tuple[str, str]:
    word = m.group(1).lower()
    if word == "yesterday":
        return (pub - dt.timedelta(days=1)).isoformat(), "day"
    if word == "today":
        return pub.isoformat(), "day"
    if word == "tomorrow":
        return (pub + dt.timedelta(days=1)).isoformat(), "day"
    if m["unit"]:
        shift = {"last": -1, "past": -1, "this": 0, "next": 1}[m["rel"].lower()]
        unit = m["unit"].lower()
        if unit == "year":
            return str(pub.year + shift), "year"
        if unit == "month":
            month = pub.month + shift
            year = pub.year + (month - 1) // 12
            month = (month - 1) % 12 + 1
            return f"{year}-{month:02d}", "month"
        monday = pub - dt.timedelta(days=pub.weekday()) + dt.timedelta(weeks=shift)
        return monday.isoformat(), "day"
    target = WEEKDAYS[m["wd"].lower()]
    rel = (m["rel2"] or "").lower()
    back = (pub.weekday() - target) % 7
    if rel == "next":
        d = pub + dt.timedelta(days=(target - pub.weekday()) % 7 or 7)
    else:
        d = pub - dt.timedelta(days=back + (7 if rel == "last" and back == 0 else 0))
    return d.isoformat(), "day"


def dates(doc, *, published: str | None = None) -> list[DateMention]:
    """Date mentions of ``doc`` with ISO values (see the module docstring)."""
    pub = _parse_published(published)
    out: list[DateMention] = []
    seen: set[tuple[int, int]] = set()
    for ent in doc.ents:
        if ent.label_ != "DATE":
            continue
        text = ent.text
        got = _read(text, pub)
        if got is None:
            continue
        value, resolution, s, e = got
        if resolution == "year" and _VAGUE.search(text) and not re.search(r"\bin\s+\d{4}\b", text):
            # "the past 20 years", "since the 1990s": a period, not a date
            if re.search(r"\b(years|decades|\d0s)\b", text, re.I):
                continue
        start = ent.start_char + s
        end = ent.start_char + e
        if (start, end) in seen:
            continue
        seen.add((start, end))
        out.append(DateMention(text=doc.text[start:end], span=(start, end), value=value, resolution=resolution))
    # "January 10" that the model did not label
    labelled = [(e.start_char, e.end_char) for e in doc.ents if e.label_ == "DATE"]
    for rx, kind in PATTERNS[1:5]:
        for m in rx.finditer(doc.text):
            if any(s <= m.start() < e for s, e in labelled) or any(s <= m.start() < e for s, e in seen):
                continue
            got = _read(m.group(0), pub)
            if got:
                seen.add((m.start(), m.end()))
                out.append(DateMention(text=m.group(0), span=(m.start(), m.end()), value=got[0], resolution=got[1]))
    out.sort(key=lambda d: d.span)
    return out
