"""Collection readers: JSONL, CSV, folders, WARC crawls and URL lists, streamed one item at a time.

``iter_items(paths)`` walks every path given to ``sourcetrace ingest`` and yields ``Item``s in input
order, never holding more than one record in memory. An item is a ``RawArticle`` ready for cleaning,
a URL to fetch (fetched later, in a worker), or the error that made its record unreadable, always
with the ``input`` it came from and its ``position`` there (``line 12``, ``row 3``, ``record 5``), so a
bad record is stored with its reason and the batch goes on.

Ids are stable across runs so that a rerun can skip what is stored before any analysis: the input's
own ``id`` field when it has one, else a hash of the raw content (or of the address, for URLs).
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Optional

from ..errors import SourcetraceError
from ..records import RawArticle
from . import DEFAULT_MAX_BYTES
from .decode import decode_bytes
from .files import read_file
from .kinds import ARTICLE_KINDS, SUFFIXES, is_url, kind_of_path, looks_like_html

FIELDS = ("id", "title", "text", "html", "url", "published")
# Columns tried, in order, for each field when no --columns mapping names one. "content" is the
# FakeNewsCorpus text column; "body" and "article" are common in scraped datasets.
DEFAULT_COLUMNS = {
    "id": ("id",),
    "title": ("title", "headline"),
    "text": ("text", "content", "body", "article"),
    "html": ("html",),
    "url": ("url", "link"),
    "published": ("published", "date", "published_at", "publish_date"),
}
# A .txt file given by name is read as a list of URLs when every non-blank line of its first
# URLLIST_SNIFF bytes is an http(s) address (articles never look like that); 8 KB holds about a hundred
# addresses, plenty to tell a list from an article without reading a large file.
URLLIST_SNIFF = 8192
_ISO_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:$|[T ])")


@dataclass(frozen=True)
class Item:
    """One unit of work: a raw article, a URL to fetch, or an unreadable record's error."""

    input: str  # the file (or URL list) it came from
    position: str  # where in that input: "line 3", "row 7", "record 2", or "file"
    raw: Optional[RawArticle] = None
    fetch: Optional[str] = None  # an http(s) URL, fetched by the worker
    error: Optional[tuple[str, str]] = None  # (code, message) of an unreadable record
    id: Optional[str] = None  # known before analysis (None only for errors)


def failed(input: str, position: str, err: SourcetraceError) -> Item:
    """An error item (the error is kept as plain strings so that items pickle across processes)."""
    return Item(input, position, error=(err.code, err.message))


@dataclass(frozen=True)
class ReadOptions:
    """How collections are read (``sourcetrace ingest`` flags map onto these)."""

    columns: Optional[dict] = None  # field -> CSV column, from --columns
    max_bytes: int = DEFAULT_MAX_BYTES  # larger records or files are refused (E006)


def content_id(text: str) -> str:
    """A stable id from content: the first 16 hex digits of its SHA-1."""
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def parse_columns(value: str | None) -> dict | None:
    """``"text=content,published=date"`` -> ``{"text": "content", "published": "date"}`` (E022)."""
    if not value:
        return None
    mapping: dict[str, str] = {}
    for part in value.split(","):
        if not part.strip():
            continue
        name, sep, column = part.partition("=")
        name, column = name.strip(), column.strip()
        if not sep or not name or not column:
            raise SourcetraceError("E022", value=value, reason=f"{part.strip()!r} is not FIELD=COLUMN")
        if name not in FIELDS:
            raise SourcetraceError("E022", value=value, reason=f"unknown field {name!r} (fields: {', '.join(FIELDS)})")
        mapping[name] = column
    return mapping


def normalise_date(value) -> str | None:
    """``YYYY-MM-DD`` from a date or timestamp string, else None."""
    if not isinstance(value, str):
        return None
    m = _ISO_DATE.match(value.strip())
    return m.group(1) if m else None


def _record(origin: str, fields: dict, extra: dict, max_bytes: int) -> RawArticle:
    text, html = fields.get("text"), fields.get("html")
    body = text if isinstance(text, str) and text.strip() else None
    page = html if isinstance(html, str) and html.strip() else None
    size = len((body or page or "").encode("utf-8", "surrogatepass"))
    if size > max_bytes:
        raise SourcetraceError("E006", path=origin, size=size, limit=max_bytes)
    published_raw = fields.get("published")
    published = normalise_date(published_raw)
    meta = {k: v for k, v in extra.items() if k}
    if published_raw and not published:
        meta["published_raw"] = published_raw
    rid = fields.get("id")
    rid = str(rid) if rid not in (None, "") else content_id(body if body is not None else (page or ""))
    title = fields.get("title")
    return RawArticle(
        origin=origin, text=body, html=page if body is None else None, id=rid,
        title=title.strip() if isinstance(title, str) and title.strip() else None,
        url=fields.get("url") or None, published=published, metadata=meta,
    )


def iter_jsonl(path: str, options: ReadOptions = ReadOptions()) -> Iterator[Item]:
    """One item per non-blank line: E011 undecodable, E015 not JSON, E018 no text or html, E006 too big."""
    with open(path, "rb") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            pos = f"line {lineno}"
            origin = f"{path}:{lineno}"
            try:
                try:
                    decoded = line.decode("utf-8")
                except UnicodeDecodeError as err:
                    raise SourcetraceError("E011", path=origin, reason=str(err)) from err
                try:
                    doc = json.loads(decoded)
                except json.JSONDecodeError as err:
                    raise SourcetraceError("E015", line=lineno, path=path, reason=err.msg) from err
                if not isinstance(doc, dict):
                    raise SourcetraceError("E015", line=lineno, path=path, reason="the line is not a JSON object")
                if not any(isinstance(doc.get(k), str) and doc[k].strip() for k in ("text", "html")):
                    if isinstance(doc.get("text"), str) or isinstance(doc.get("html"), str):
                        raise SourcetraceError("E004", path=origin)  # present but empty
                    raise SourcetraceError("E018", line=lineno, path=path)
                fields = {k: doc.get(k) for k in FIELDS}
                extra = {k: v for k, v in doc.items() if k not in FIELDS}
                raw = _record(origin, fields, extra, options.max_bytes)
            except SourcetraceError as err:
                yield failed(path, pos, err)
                continue
            yield Item(path, pos, raw=raw, id=raw.id)


def _csv_mapping(header: list[str], columns: dict | None, path: str) -> dict[str, str]:
    mapping: dict[str, str] = {}
    for name in FIELDS:
        if columns and name in columns:
            if columns[name] not in header:
                raise SourcetraceError("E019", row=1, path=path,
                                       reason=f"--columns names {columns[name]!r}, but the header has {', '.join(header)}")
            mapping[name] = columns[name]
            continue
        for candidate in DEFAULT_COLUMNS[name]:
            if candidate in header:
                mapping[name] = candidate
                break
    if "text" not in mapping and "html" not in mapping:
        raise SourcetraceError("E019", row=1, path=path,
                               reason="no text column found; name it with --columns text=COLUMN")
    return mapping


def iter_csv(path: str, options: ReadOptions = ReadOptions()) -> Iterator[Item]:
    """One item per data row; the header row names the columns (mapped by ``options.columns``)."""
    # a cell may hold a whole article: the csv module's limit (128 kB by default) is set well above the
    # record size limit, so that an oversized record is E006 from _record, not a csv.Error; 1 MB at least
    csv.field_size_limit(max(options.max_bytes * 2, 1 << 20))
    try:
        fh = open(path, "r", encoding="utf-8", newline="", errors="strict")
    except OSError as err:
        yield failed(path, "file", SourcetraceError("E002", path=path, reason=err.strerror or str(err)))
        return
    with fh:
        reader = csv.reader(fh)
        try:
            header = next(reader)
            mapping = _csv_mapping(header, options.columns, path)
        except StopIteration:
            yield failed(path, "file", SourcetraceError("E004", path=path))
            return
        except (SourcetraceError, csv.Error, UnicodeDecodeError) as err:
            if not isinstance(err, SourcetraceError):
                err = SourcetraceError("E019", row=1, path=path, reason=str(err))
            yield failed(path, "row 1", err)
            return
        used = set(mapping.values())
        row_no = 1
        while True:
            row_no += 1
            pos = f"row {row_no}"
            try:
                row = next(reader)
            except StopIteration:
                return
            except (csv.Error, UnicodeDecodeError) as err:
                yield failed(path, pos, SourcetraceError("E019", row=row_no, path=path, reason=str(err)))
                if isinstance(err, UnicodeDecodeError):
                    return  # the rest of the stream cannot be trusted
                continue
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(header):
                yield failed(path, pos, SourcetraceError(
                    "E019", row=row_no, path=path, reason=f"{len(row)} cells for {len(header)} columns"))
                continue
            values = dict(zip(header, row))
            fields = {name: values.get(col) for name, col in mapping.items()}
            extra = {k: v for k, v in values.items() if k not in used and v != ""}
            origin = f"{path}:{row_no}"
            if not any((fields.get(k) or "").strip() for k in ("text", "html")):
                yield failed(path, pos, SourcetraceError("E004", path=origin))
                continue
            try:
                raw = _record(origin, fields, extra, options.max_bytes)
            except SourcetraceError as err:
                yield failed(path, pos, err)
                continue
            yield Item(path, pos, raw=raw, id=raw.id)


def iter_warc(path: str, options: ReadOptions = ReadOptions()) -> Iterator[Item]:
    """One item per HTTP ``response`` record holding an HTML or text page (other records are skipped)."""
    from warcio.archiveiterator import ArchiveIterator

    try:
        fh = open(path, "rb")
    except OSError as err:
        yield failed(path, "file", SourcetraceError("E002", path=path, reason=err.strerror or str(err)))
        return
    n = 0
    with fh:
        try:
            for record in ArchiveIterator(fh):
                if record.rec_type not in ("response", "resource"):
                    continue
                n += 1
                pos = f"record {n}"
                uri = record.rec_headers.get_header("WARC-Target-URI") or ""
                origin = uri or f"{path}#{n}"
                ctype = ""
                status = None
                if record.http_headers is not None:
                    ctype = (record.http_headers.get_header("Content-Type") or "").lower()
                    status = record.http_headers.get_statuscode()
                else:
                    ctype = (record.rec_headers.get_header("Content-Type") or "").lower()
                if ctype and not any(t in ctype for t in ("html", "text/plain")):
                    continue  # images, scripts, style sheets: not articles
                if status and not str(status).startswith("2"):
                    continue  # redirects and error pages
                try:
                    data = record.content_stream().read(options.max_bytes + 1)
                    if len(data) > options.max_bytes:
                        raise SourcetraceError("E006", path=origin, size=len(data), limit=options.max_bytes)
                    charset = None
                    m = re.search(r"charset=([\w.:-]+)", ctype)
                    if m:
                        charset = m.group(1)
                    is_html = "html" in ctype or (not ctype and looks_like_html(data))
                    text, encoding = decode_bytes(data, origin, html=is_html, charset=charset)
                except SourcetraceError as err:
                    yield failed(path, pos, err)
                    continue
                meta = {"warc_date": record.rec_headers.get_header("WARC-Date"), "encoding": encoding}
                rid = content_id(text)
                raw = RawArticle(origin=origin, html=text if is_html else None, text=None if is_html else text,
                                 id=rid, url=uri or None, metadata=meta)
                yield Item(path, pos, raw=raw, id=rid)
        except SourcetraceError:
            raise
        except Exception as err:  # noqa: BLE001 - warcio raises plain exceptions on truncated files
            yield failed(path, f"record {n + 1}", SourcetraceError("E021", path=path, reason=str(err) or type(err).__name__))


def is_url_list(path: str) -> bool:
    """True for ``.urls`` files, and ``.txt`` files whose first lines are all http(s) addresses."""
    name = path.lower()
    if name.endswith(SUFFIXES["urls"]):
        return True
    if not name.endswith(SUFFIXES["text"]):
        return False
    try:
        with open(path, "rb") as fh:
            head = fh.read(URLLIST_SNIFF)
    except OSError:
        return False
    lines = [ln.strip() for ln in head.decode("utf-8", "ignore").splitlines() if ln.strip()]
    if len(head) == URLLIST_SNIFF and lines:
        lines = lines[:-1]  # the last line may be cut
    return bool(lines) and all(is_url(ln) and " " not in ln for ln in lines)


def iter_url_list(path: str) -> Iterator[Item]:
    """One fetch item per non-blank, non-comment line; the id is a hash of the address."""
    with open(path, "r", encoding="utf-8", errors="replace") as fh:
        for lineno, line in enumerate(fh, 1):
            url = line.strip()
            if not url or url.startswith("#"):
                continue
            if not is_url(url):
                yield failed(path, f"line {lineno}", SourcetraceError("E013", path=url))
                continue
            yield Item(path, f"line {lineno}", fetch=url, id=content_id("url:" + url))


def _single_file(path: str, options: ReadOptions) -> Iterator[Item]:
    try:
        raw = read_file(path, max_bytes=options.max_bytes)
    except SourcetraceError as err:
        yield failed(path, "file", err)
        return
    rid = content_id(raw.text if raw.text is not None else (raw.html or ""))
    raw = RawArticle(origin=raw.origin, text=raw.text, html=raw.html, id=rid, metadata=raw.metadata)
    yield Item(path, "file", raw=raw, id=rid)


def kind_of_input(path: str) -> str | None:
    """'jsonl', 'csv', 'warc', 'urls', 'file' (one text or HTML article) or None when not an input
    we read: ``kinds.kind_of_path`` with the article kinds taken together."""
    kind = kind_of_path(path)
    return "file" if kind in ARTICLE_KINDS else kind


def iter_path(path: str, options: ReadOptions = ReadOptions(), *, in_folder: bool = False) -> Iterator[Item]:
    """Items of one path: a file of any supported kind, a folder (recursive, sorted), or a URL."""
    if is_url(path):
        yield Item(path, "url", fetch=path, id=content_id("url:" + path))
        return
    if os.path.isdir(path):
        for root, dirs, files in os.walk(path):
            dirs.sort()
            for name in sorted(files):
                full = os.path.join(root, name)
                if name.startswith(".") or kind_of_input(full) is None:
                    continue  # unrelated files in a folder are skipped, not errors
                yield from iter_path(full, options, in_folder=True)
        return
    if not os.path.exists(path):
        yield failed(path, "file", SourcetraceError("E001", path=path))
        return
    kind = kind_of_input(path)
    if kind == "file" and not in_folder and is_url_list(path):
        kind = "urls"
    if kind == "jsonl":
        yield from _guard(path, iter_jsonl(path, options))
    elif kind == "csv":
        yield from _guard(path, iter_csv(path, options))
    elif kind == "warc":
        yield from iter_warc(path, options)
    elif kind == "urls":
        yield from _guard(path, iter_url_list(path))
    elif kind == "file":
        yield from _single_file(path, options)
    else:
        yield failed(path, "file", SourcetraceError("E013", path=path))


def _guard(path: str, items: Iterator[Item]) -> Iterator[Item]:
    """Turn an OS error while reading ``path`` into one error item instead of a crash."""
    try:
        yield from items
    except OSError as err:
        yield failed(path, "file", SourcetraceError("E002", path=path, reason=err.strerror or str(err)))


def iter_items(paths: Iterable[str], options: ReadOptions = ReadOptions()) -> Iterator[Item]:
    """Every item of every path, in order."""
    for path in paths:
        yield from iter_path(str(path), options)


def count_items(paths: Iterable[str], options: ReadOptions = ReadOptions(), *, limit_seconds: float = 5.0) -> int | None:
    """A quick count of the items ``iter_items`` will yield (for the progress bar's ETA), or None
    when counting would be slow (WARC files, URLs) or takes longer than ``limit_seconds`` (5 s: a
    start-up delay one notices but accepts, for a count that takes a fraction of that on any corpus
    of JSONL or CSV files that ingest finishes within hours)."""
    import time

    deadline = time.monotonic() + limit_seconds
    total = 0
    stack = [str(p) for p in paths][::-1]
    while stack:
        if time.monotonic() > deadline:
            return None
        path = stack.pop()
        if is_url(path):
            total += 1
        elif os.path.isdir(path):
            for root, dirs, files in os.walk(path):
                dirs.sort()
                for name in sorted(files):
                    if not name.startswith(".") and kind_of_input(name) is not None:
                        stack.insert(0, os.path.join(root, name))
        elif not os.path.exists(path):
            total += 1
        else:
            kind = kind_of_input(path)
            if kind == "warc":
                return None
            if kind == "jsonl" or kind == "urls" or (kind == "file" and is_url_list(path)):
                with open(path, "rb") as fh:
                    total += sum(1 for line in fh if line.strip())
            elif kind == "csv":
                with open(path, "r", encoding="utf-8", errors="replace", newline="") as fh:
                    total += max(0, sum(1 for row in csv.reader(fh) if row) - 1)
            else:
                total += 1
    return total


__all__ = ["Item", "ReadOptions", "content_id", "failed", "count_items", "iter_items", "iter_path", "parse_columns",
           "iter_jsonl", "iter_csv", "iter_warc", "iter_url_list"]
