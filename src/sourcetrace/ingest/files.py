"""Local readers: a ``.txt`` file, an ``.html``/``.htm`` page (optionally gzip-compressed) or stdin.

Sizes are checked before reading: a file's size from ``stat``; a gzip page and stdin are read in
chunks and reading stops as soon as the limit is passed (so a gzip bomb or an endless pipe costs at
most ``max_bytes``). The bounded read loop (``read_limited``) and decoding (``decode.py``) are shared
with the URL reader; the kind of a file comes from its name (``kinds.py``).
"""

from __future__ import annotations

import gzip
import io
import os
import sys
import time
import zlib
from typing import BinaryIO

from ..errors import SourcetraceError
from ..records import RawArticle
from .decode import check_not_binary, decode_bytes
from .kinds import ARTICLE_KINDS, kind_of_path, looks_like_html

# Bytes asked for per read: large enough that a 5 MB page takes under a hundred reads, small enough
# that a refused input (E006) costs at most this much beyond the limit.
_CHUNK = 65_536


def read_limited(stream: BinaryIO, origin: str, max_bytes: int, *, deadline: float | None = None,
                 timeout: float | None = None) -> bytes:
    """Read ``stream`` to its end, raising E006 as soon as more than ``max_bytes`` arrive: the one
    bounded read loop of every reader. With a ``deadline`` (a ``time.monotonic()`` value; the URL
    reader's), E008 for ``origin`` once it has passed, checked before each read, and reads use
    ``read1`` where the stream has it (what one socket read brings, so a server that trickles bytes
    cannot hold a read open for a whole chunk)."""
    read = stream.read1 if deadline is not None and hasattr(stream, "read1") else stream.read
    chunks: list[bytes] = []
    size = 0
    while True:
        if deadline is not None and time.monotonic() > deadline:
            raise SourcetraceError("E008", url=origin, timeout=timeout)
        chunk = read(_CHUNK)
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
    if kind not in ARTICLE_KINDS:
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
