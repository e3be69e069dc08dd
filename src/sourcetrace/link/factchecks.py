"""Readers for checked claims: schema.org ClaimReview (JSON, JSON-LD), CSV and JSONL.

``read_factchecks(path)`` returns ``(checks, errors)``: the good rows as ``FactCheck`` records and
each bad row as a ``RowError`` with its position ("line 7", "row 3", "item 2") and a numbered
message, so an import keeps the good rows and reports the bad ones. The format follows the file
name (``.json``/``.jsonld`` ClaimReview, ``.csv``, ``.jsonl``/``.ndjson``), or ``format=``.

* ClaimReview (https://schema.org/ClaimReview, the markup fact-checkers publish and Google's Fact
  Check Tools export): a single object, a list of them, or a JSON-LD ``@graph``; nested
  ``ClaimReview`` items inside other objects (``mainEntity``, ``review``, ``itemListElement``) are
  found too. Fields: ``claimReviewed`` (claim), ``reviewRating.alternateName`` or ``ratingValue``
  (rating), ``author.name`` (reviewer), ``url``, ``datePublished`` (date), ``itemReviewed``'s
  ``author.name`` as the claimant when present.
* CSV: a header with ``claim`` (or ``claimReviewed``, ``statement``, ``text``), optional ``rating``
  (``label``, ``verdict``), ``reviewer`` (``publisher``, ``author``), ``url``, ``date``
  (``datePublished``, ``published``), ``id``, ``claimant`` (``speaker``).
* JSONL: one object per line with the same names (LIAR-style ``text``/``label`` lines work).

Codes: E074 unreadable file or unknown format, E075 a JSON row that does not parse, E076 a row
without claim text, E077 a field of the wrong type or a date that is not ISO (YYYY-MM-DD...),
E078 a CSV without a claim column. A record's ``id`` is its own (``id``, ``@id``) or the first 16
hex digits of SHA-1 over claim, reviewer and url, so importing a file twice gives the same ids.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from ..errors import SourcetraceError

FIELDS = ("claim", "rating", "reviewer", "url", "date", "id", "claimant")
ALIASES = {
    "claim": ("claim", "claimreviewed", "claim_reviewed", "statement", "text"),
    "rating": ("rating", "label", "verdict", "textualrating", "textual_rating"),
    "reviewer": ("reviewer", "publisher", "author", "factchecker", "fact_checker"),
    "url": ("url", "review_url", "link"),
    "date": ("date", "datepublished", "date_published", "published", "review_date"),
    "id": ("id", "@id", "claim_id"),
    "claimant": ("claimant", "speaker", "claimed_by"),
}
_ISO = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?(?:[T ].*)?$")
FORMATS = {".json": "claimreview", ".jsonld": "claimreview", ".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl"}


@dataclass(frozen=True)
class FactCheck:
    id: str
    claim: str
    rating: Optional[str] = None
    reviewer: Optional[str] = None
    url: Optional[str] = None
    date: Optional[str] = None  # YYYY-MM-DD (or YYYY / YYYY-MM)
    claimant: Optional[str] = None
    title: Optional[str] = None  # the review's headline, when the source has one


@dataclass(frozen=True)
class RowError:
    position: str  # "line 7", "row 3", "item 2"
    code: str
    message: str


def _check_id(claim: str, reviewer: str | None, url: str | None) -> str:
    key = "\x1f".join([claim, reviewer or "", url or ""])
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def _text(value, field: str, position: str, path: str) -> Optional[str]:
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, dict):  # {"name": ...} objects (author, publisher)
        value = value.get("name") or value.get("@id")
        return _text(value, field, position, path)
    if not isinstance(value, str):
        raise SourcetraceError("E077", position=position, path=path, field=field, reason=f"{type(value).__name__}, not text")
    return value.strip() or None


def make_check(fields: dict, *, position: str, path: str) -> FactCheck:
    """A ``FactCheck`` from a dict of FIELDS values; raises E076/E077 for a bad row."""
    claim = _text(fields.get("claim"), "claim", position, path)
    if not claim:
        raise SourcetraceError("E076", position=position, path=path)
    vals = {f: _text(fields.get(f), f, position, path) for f in ("rating", "reviewer", "url", "date", "id", "claimant", "title")}
    date = vals["date"]
    if date:
        if not _ISO.match(date):
            raise SourcetraceError("E077", position=position, path=path, field="date",
                                   reason=f"{date!r} is not an ISO date (YYYY-MM-DD)")
        date = date[:10]
    return FactCheck(vals["id"] or _check_id(claim, vals["reviewer"], vals["url"]), claim, vals["rating"],
                     vals["reviewer"], vals["url"], date, vals["claimant"], vals["title"])


def _lookup(rec: dict) -> dict:
    lower = {str(k).lower(): v for k, v in rec.items()}
    out = {}
    for f, names in ALIASES.items():
        for n in names:
            if n in lower and lower[n] not in (None, ""):
                out[f] = lower[n]
                break
    if "title" in lower:
        out["title"] = lower["title"]
    return out


# ---- ClaimReview ------------------------------------------------------------------------------

def _is_claimreview(obj: dict) -> bool:
    t = obj.get("@type")
    types = t if isinstance(t, list) else [t]
    return "ClaimReview" in types or ("claimReviewed" in obj and "reviewRating" in obj)


def _claimreviews(obj) -> Iterator[dict]:
    """Every ClaimReview object inside ``obj`` (depth first, in document order)."""
    if isinstance(obj, list):
        for x in obj:
            yield from _claimreviews(x)
    elif isinstance(obj, dict):
        if _is_claimreview(obj):
            yield obj
            return
        for v in obj.values():
            if isinstance(v, (dict, list)):
                yield from _claimreviews(v)


def claimreview_fields(obj: dict) -> dict:
    rating = obj.get("reviewRating") or {}
    if isinstance(rating, list):
        rating = rating[0] if rating else {}
    rating_text = None
    if isinstance(rating, dict):
        rating_text = rating.get("alternateName") or rating.get("name")
        if rating_text is None and rating.get("ratingValue") is not None:
            best = rating.get("bestRating")
            rating_text = f"{rating['ratingValue']}/{best}" if best is not None else rating["ratingValue"]
    item = obj.get("itemReviewed") or {}
    claimant = item.get("author") if isinstance(item, dict) else None
    if isinstance(claimant, list):
        claimant = claimant[0] if claimant else None
    return {"claim": obj.get("claimReviewed"), "rating": rating_text, "reviewer": obj.get("author") or obj.get("publisher"),
            "url": obj.get("url"), "date": obj.get("datePublished"), "id": obj.get("@id") or obj.get("identifier"),
            "claimant": claimant, "title": obj.get("headline") or obj.get("name")}


def read_claimreview(path: str) -> tuple[list[FactCheck], list[RowError]]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except json.JSONDecodeError as err:
        # a file of one JSON object per line is JSONL whatever its name
        if Path(path).read_text(encoding="utf-8").lstrip().startswith("{") and "\n{" in Path(path).read_text(encoding="utf-8"):
            return read_jsonl(path)
        raise SourcetraceError("E074", path=path, reason=f"not JSON: {err.msg} at line {err.lineno}") from err
    checks, errors = [], []
    for n, obj in enumerate(_claimreviews(data), 1):
        pos = f"item {n}"
        try:
            checks.append(make_check(claimreview_fields(obj), position=pos, path=path))
        except SourcetraceError as err:
            errors.append(RowError(pos, err.code, err.message))
    if not checks and not errors:
        raise SourcetraceError("E074", path=path, reason="no ClaimReview object in it")
    return checks, errors


# ---- JSONL and CSV ----------------------------------------------------------------------------

def read_jsonl(path: str) -> tuple[list[FactCheck], list[RowError]]:
    checks, errors = [], []
    with open(path, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            pos = f"line {lineno}"
            try:
                try:
                    rec = json.loads(line)
                except json.JSONDecodeError as err:
                    raise SourcetraceError("E075", position=pos, path=path, reason=err.msg) from err
                if not isinstance(rec, dict):
                    raise SourcetraceError("E075", position=pos, path=path, reason="not a JSON object")
                fields = claimreview_fields(rec) if _is_claimreview(rec) else _lookup(rec)
                checks.append(make_check(fields, position=pos, path=path))
            except SourcetraceError as err:
                errors.append(RowError(pos, err.code, err.message))
    return checks, errors


def read_csv(path: str) -> tuple[list[FactCheck], list[RowError]]:
    checks, errors = [], []
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        try:
            header = next(reader)
        except StopIteration:
            raise SourcetraceError("E074", path=path, reason="the file is empty") from None
        names = [h.strip().lower() for h in header]
        if not any(n in names for n in ALIASES["claim"]):
            raise SourcetraceError("E078", path=path, header=", ".join(header))
        for rowno, row in enumerate(reader, 2):
            if not any(c.strip() for c in row):
                continue
            pos = f"row {rowno}"
            if len(row) != len(header):
                errors.append(RowError(pos, "E077", SourcetraceError(
                    "E077", position=pos, path=path, field="row",
                    reason=f"{len(row)} cells for {len(header)} columns").message))
                continue
            try:
                checks.append(make_check(_lookup(dict(zip(names, row))), position=pos, path=path))
            except SourcetraceError as err:
                errors.append(RowError(pos, err.code, err.message))
    return checks, errors


def read_factchecks(path: str | Path, *, format: str | None = None) -> tuple[list[FactCheck], list[RowError]]:
    """Checked claims of ``path`` and its bad rows (see the module docstring); E074 when the file
    cannot be read at all."""
    path = str(path)
    p = Path(path)
    if not p.is_file():
        raise SourcetraceError("E074", path=path, reason="no such file")
    fmt = format or FORMATS.get(p.suffix.lower())
    if fmt is None:
        raise SourcetraceError("E074", path=path, reason=f"unknown format {p.suffix!r}")
    readers = {"claimreview": read_claimreview, "jsonl": read_jsonl, "csv": read_csv}
    if fmt not in readers:
        raise SourcetraceError("E074", path=path, reason=f"unknown format {fmt!r} (claimreview, csv, jsonl)")
    try:
        return readers[fmt](path)
    except UnicodeDecodeError as err:
        raise SourcetraceError("E074", path=path, reason=f"not UTF-8 text ({err.reason})") from err
    except OSError as err:
        raise SourcetraceError("E074", path=path, reason=err.strerror or str(err)) from err
