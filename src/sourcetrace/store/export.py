"""Export a store: JSONL ledgers, a CSV of articles, Parquet, or GDELT GKG 2.1-style rows.

All exporters stream (a few hundred articles in memory at most). The ``gkg`` format writes one
tab-separated line per article, without a header, in the 27 columns of the GDELT Global Knowledge
Graph 2.1 (``GKG_COLUMNS``), followed by one column GDELT lacks: ``SOURCETRACE_QUOTESPEAKERS``, the
speaker of each quotation. GDELT's conventions are kept: blocks separated by ``;`` (``#`` in
V2.1Quotations), fields by ``#`` (``,`` for names and amounts, ``|`` for quotations), and every
offset is a character offset into the article's clean text. Columns sourcetrace does not compute
(themes, tone, GCAM, images, geocoding fields) are left empty.
"""

from __future__ import annotations

import csv
import json
import re
import sqlite3
from typing import TextIO
from urllib.parse import urlparse

from ..records import content_display
from . import queries

GKG_COLUMNS = (
    "GKGRECORDID", "V2.1DATE", "V2SOURCECOLLECTIONIDENTIFIER", "V2SOURCECOMMONNAME", "V2DOCUMENTIDENTIFIER",
    "V1COUNTS", "V2.1COUNTS", "V1THEMES", "V2ENHANCEDTHEMES", "V1LOCATIONS", "V2ENHANCEDLOCATIONS", "V1PERSONS",
    "V2ENHANCEDPERSONS", "V1ORGANIZATIONS", "V2ENHANCEDORGANIZATIONS", "V1.5TONE", "V2.1ENHANCEDDATES", "V2GCAM",
    "V2.1SHARINGIMAGE", "V2.1RELATEDIMAGES", "V2.1SOCIALIMAGEEMBEDS", "V2.1SOCIALVIDEOEMBEDS", "V2.1QUOTATIONS",
    "V2.1ALLNAMES", "V2.1AMOUNTS", "V2.1TRANSLATIONINFO", "V2EXTRASXML",
)
EXTRA_COLUMNS = ("SOURCETRACE_QUOTESPEAKERS",)
FORMATS = ("jsonl", "csv", "parquet", "gkg")

_PERSON = ("PERSON",)
_ORG = ("ORG", "MEDIA")
_PLACE = ("GPE", "LOC", "FAC")
# GKG date resolutions: 4 = day, month and year; 3 = month and day, no year; 2 = month; 1 = year.
_DATE_RES = {"day": 4, "month-day": 3, "month": 2, "year": 1}
_SPACE = re.compile(r"\s+")


def _clean(value, forbidden: str = "") -> str:
    """A field value with whitespace collapsed and GKG delimiters removed."""
    text = _SPACE.sub(" ", str(value if value is not None else "")).strip()
    for ch in forbidden:
        text = text.replace(ch, " ")
    return _SPACE.sub(" ", text).strip()


def _number(value) -> str:
    if value is None:
        return ""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:g}"


def gkg_row(ledger: dict, *, record_number: int, ingested_at: str | None = None) -> list[str]:
    """The GKG 2.1 columns (plus the quote-speaker column) of one ledger."""
    published = ledger.get("published") or (ingested_at or "")[:10]
    stamp = published.replace("-", "") + "000000" if published else ""
    url = ledger.get("url") or ""
    site = ledger.get("site") or (urlparse(url).hostname or "" if url else "")
    ents = ledger.get("entities", [])
    text = ledger.get("text", "")

    def named(types, enhanced: bool) -> str:
        items = []
        for e in ents:
            if e["type"] not in types:
                continue
            name = _clean(e["name"], ";,#")
            if enhanced:
                items.extend(f"{name},{m[0]}" for m in e["mentions"])
            else:
                items.append(name)
        return ";".join(items)

    places_v1, places_v2 = [], []
    for e in ents:
        if e["type"] in _PLACE:
            name = _clean(e["name"], ";#")
            places_v1.append(f"#{name}#####")  # type, country, ADM1, lat, long, feature id: not geocoded
            places_v2.extend(f"#{name}#######{m[0]}" for m in e["mentions"])

    counts_v1, counts_v2 = [], []
    for ev in ledger.get("events", []):
        base = f"{ev['type']}#{_number(ev.get('number'))}#{_clean(ev.get('object'), ';#')}#"
        base += f"#{_clean(ev.get('location'), ';#')}#####"
        counts_v1.append(base)
        counts_v2.append(f"{base}#{ev['span'][0]}")

    dates = []
    for d in ledger.get("dates", []):
        value = d.get("value") or ""
        res = _DATE_RES.get(d.get("resolution", ""), 0)
        year = month = day = "0"
        if value.startswith("--"):  # --MM-DD
            month, day = value[2:4], value[5:7]
        else:
            parts = value.split("-")
            year = parts[0] if parts and parts[0] else "0"
            month = parts[1] if len(parts) > 1 else "0"
            day = parts[2] if len(parts) > 2 else "0"
        dates.append(f"{res}#{int(month or 0)}#{int(day or 0)}#{int(year or 0)}#{d['span'][0]}")

    quotes, speakers = [], []
    ent_names = {e["id"]: e["name"] for e in ents}
    for a in ledger.get("attributions", []):
        if not a.get("direct"):
            continue
        start, end = a["content"]["span"]
        quote = _clean(content_display(a, text) if a.get("content_parts") else (text[start:end] or a["content"]["text"]), "#|")
        quotes.append(f"{start}|{end - start}|{_clean(a['cue']['text'], '#|')}|{quote}")
        src = a.get("source") or {}
        speaker = ent_names.get(src.get("entity")) or src.get("text") or ""
        speakers.append(f"{start}|{_clean(speaker, '#|')}|{src.get('kind') or ''}")

    amounts = []
    for q in ledger.get("quantities", []):
        if q.get("value") is None:
            continue
        obj = q.get("object") or q.get("unit") or q.get("kind") or ""
        amounts.append(f"{_number(q['value'])},{_clean(obj, ';,#')},{q['span'][0]}")

    all_names = ";".join(f"{_clean(e['name'], ';,#')},{m[0]}" for e in ents for m in e["mentions"])
    title = ledger.get("title") or ""
    extras = f"<PAGE_TITLE>{_clean(title).replace('&', '&amp;').replace('<', '&lt;')}</PAGE_TITLE>" if title else ""
    row = [
        f"{stamp or '00000000000000'}-{record_number}", stamp, "1" if url else "2", _clean(site),
        _clean(url or ledger["id"]), ";".join(counts_v1), ";".join(counts_v2), "", "",
        ";".join(places_v1), ";".join(places_v2), named(_PERSON, False), named(_PERSON, True),
        named(_ORG, False), named(_ORG, True), "", ";".join(dates), "", "", "", "", "",
        "#".join(quotes), all_names, ";".join(amounts), "", extras, "#".join(speakers),
    ]
    assert len(row) == len(GKG_COLUMNS) + len(EXTRA_COLUMNS)
    return row


def export(conn: sqlite3.Connection, fmt: str, out: TextIO | str) -> int:
    """Write every stored article in ``fmt`` to ``out`` (a text stream, or a path for parquet);
    returns the number of articles written."""
    if fmt not in FORMATS:
        raise ValueError(fmt)
    n = 0
    if fmt == "jsonl":
        for ledger in queries.iter_ledgers(conn):
            out.write(json.dumps(ledger, ensure_ascii=False) + "\n")
            n += 1
    elif fmt == "csv":
        writer = None
        for row in queries.iter_articles(conn):
            if writer is None:
                writer = csv.DictWriter(out, fieldnames=list(row))
                writer.writeheader()
            writer.writerow(row)
            n += 1
    elif fmt == "gkg":
        ingested = dict(conn.execute("SELECT id, ingested_at FROM articles"))
        for ledger in queries.iter_ledgers(conn):
            n += 1
            row = gkg_row(ledger, record_number=n, ingested_at=ingested.get(ledger["id"]))
            out.write("\t".join(row) + "\n")
    elif fmt == "parquet":
        n = export_parquet(conn, out)
    return n


PARQUET_LAYERS = ("entities", "attributions", "source_chains", "quantities", "dates", "events", "signals")


def export_parquet(conn: sqlite3.Connection, path: str, *, rows_per_group: int = 500) -> int:
    """One Parquet row per article: flat article fields, ``removed`` as a list, and each layer as a
    JSON string column (readable with DuckDB's ``json`` functions or ``pandas`` + ``json.loads``)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema(
        [("id", pa.string()), ("title", pa.string()), ("url", pa.string()), ("published", pa.string()),
         ("site", pa.string()), ("author", pa.string()), ("text", pa.string()), ("removed", pa.list_(pa.string()))]
        + [(name, pa.string()) for name in PARQUET_LAYERS]
    )
    n = 0
    batch: dict[str, list] = {f.name: [] for f in schema}
    with pq.ParquetWriter(path, schema) as writer:
        for ledger in queries.iter_ledgers(conn):
            for f in schema:
                value = ledger.get(f.name)
                if f.name in PARQUET_LAYERS:
                    value = json.dumps(value, ensure_ascii=False)
                batch[f.name].append(value)
            n += 1
            if n % rows_per_group == 0:
                writer.write_table(pa.table(batch, schema=schema))
                batch = {f.name: [] for f in schema}
        if batch["id"]:
            writer.write_table(pa.table(batch, schema=schema))
    return n
