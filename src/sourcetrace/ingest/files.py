"""Local readers: a ``.txt`` file, an ``.html``/``.htm`` page (optionally gzip-compressed) or stdin.

Sizes are checked before reading: a file's size from ``stat``; a gzip page and stdin are read in
chunks and reading stops as soon as the limit is passed (so a gzip bomb or an endless pipe costs at
most ``max_bytes``). Decoding is shared with the URL reader (``decode.py``).
"""

from __future__ import annotations

import gzip
import io
import os
import re
import sys
import zlib
from typing import BinaryIO

from ..errors import SourcetraceError
from ..records import RawArticle
from .decode import check_not_binary, decode_bytes

TEXT_SUFFIXES = (".txt",)
HTML_SUFFIXES = (".html", ".htm")
GZIP_SUFFIXES = (".html.gz", ".htm.gz")
_CHUNK = 65_536

# Markup that tells HTML from text: a doctype, or one of the tags every page has near its top.
_HTML_START = re.compile(rb"<(?:!doctype\s+html|html|head|body|meta|title|div|article|p)[\s>/]", re.IGNORECASE)


def looks_like_html(data: bytes) -> bool:
    """True when the first 2 KB of ``data`` hold HTML markup."""
    return bool(_HTML_START.search(data[:2048]))


def kind_of_path(path: str) -> str | None:
    """'text', 'html' or 'html.gz' from the file name, or None when unsupported."""
    name = path.lower()
    if name.endswith(GZIP_SUFFIXES):
        return "html.gz"
    if name.endswith(HTML_SUFFIXES):
        return "html"
    if name.endswith(TEXT_SUFFIXES):
        return "text"
    return None


def read_limited(stream: BinaryIO, origin: str, max_bytes: int) -> bytes:
    """Read ``stream`` to its end, raising E006 as soon as more than ``max_bytes`` arrive."""
    chunks: list[bytes] = []
    size = 0
    while True:
        chunk = stream.read(_CHUNK)
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > max_bytes:
            # the true size is unknown: reading stopped here
            raise SourcetraceError("E006", path=origin, size=size, limit=max_bytes)
        chunks.append(chunk)


def read_file(path: str, *, max_bytes: int) -> RawArticle:
    """Read a local .txt, .html/.htm or .html.gz/.htm.gz file into a RawArticle."""
    if not os.path.exists(path):
        raise SourcetraceError("E001", path=path)
    if os.path.isdir(path):
        raise SourcetraceError("E002", path=path, reason="it is a folder, not a file")
    kind = kind_of_path(path)
    if kind is None:
        raise SourcetraceError("E013", path=path)
    try:
        size = os.stat(path).st_size
        if size > max_bytes:
            raise SourcetraceError("E006", path=path, size=size, limit=max_bytes)
        if kind == "html.gz":
            data = _read_gzip(path, max_bytes)
        else:
            with open(path, "rb") as handle:
                data = read_limited(handle, path, max_bytes)  # the file may grow after stat
    except OSError as exc:
        raise SourcetraceError("E002", path=path, reason=exc.strerror or str(exc)) from exc
    html = kind != "text"
    text, encoding = decode_bytes(data, path, html=html)
    meta = {"encoding": encoding, "bytes": len(data)}
    if html:
        return RawArticle(origin=path, html=text, metadata=meta)
    return RawArticle(origin=path, text=text, metadata=meta)


def _read_gzip(path: str, max_bytes: int) -> bytes:
    with open(path, "rb") as handle:
        if handle.read(2) != b"\x1f\x8b":
            raise SourcetraceError("E003", path=path, reason="the .gz file is not gzip-compressed")
        handle.seek(0)
        try:
            with gzip.GzipFile(fileobj=handle) as unzipped:
                data = read_limited(unzipped, path, max_bytes)
        except (gzip.BadGzipFile, EOFError, zlib.error) as exc:
            raise SourcetraceError("E003", path=path, reason=f"broken gzip data ({exc})") from exc
    check_not_binary(data, path)
    if not looks_like_html(data):
        raise SourcetraceError("E003", path=path, reason="the gzip file does not hold an HTML page")
    return data


def read_stdin(*, max_bytes: int, stream: BinaryIO | None = None) -> RawArticle:
    """Read standard input; HTML when its first 2 KB hold HTML markup, else text."""
    if stream is None:
        stream = getattr(sys.stdin, "buffer", None)
        if stream is None:  # a replaced text-only stdin (e.g. io.StringIO)
            stream = io.BytesIO(sys.stdin.read().encode("utf-8"))
    try:
        data = read_limited(stream, "-", max_bytes)
    except OSError as exc:
        raise SourcetraceError("E002", path="-", reason=exc.strerror or str(exc)) from exc
    html = looks_like_html(data)
    text, encoding = decode_bytes(data, "-", html=html)
    meta = {"encoding": encoding, "bytes": len(data)}
    if html:
        return RawArticle(origin="-", html=text, metadata=meta)
    return RawArticle(origin="-", text=text, metadata=meta)
