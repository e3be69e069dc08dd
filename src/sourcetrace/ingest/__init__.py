"""Readers: turn a file, a page, a URL or standard input into a ``RawArticle``.

``read_input`` is the one entry point. It picks the reader from the argument: ``'-'`` reads standard
input, ``http://`` and ``https://`` addresses are fetched (``url.py``), and local files are read by
their extension (``files.py``: ``.txt``, ``.html``, ``.htm``, ``.html.gz``, ``.htm.gz``). All readers
share the binary check and the encoding fallback chain of ``decode.py``. Failures are numbered
``SourcetraceError``s: E001 missing file, E002 unreadable, E003 binary, E006 too large, E007 fetch
failed, E008 timed out, E011 undecodable, E013 unsupported input.
"""

from __future__ import annotations

from ..records import RawArticle
from .files import read_file, read_stdin
from .url import fetch_url, is_url

__all__ = ["read_input", "read_file", "read_stdin", "fetch_url"]

DEFAULT_MAX_BYTES = 5_000_000
DEFAULT_TIMEOUT = 20.0


def read_input(path: str, *, max_bytes: int = DEFAULT_MAX_BYTES, timeout: float = DEFAULT_TIMEOUT) -> RawArticle:
    """Read ``path`` (a file, an http(s) URL or ``'-'`` for stdin) into a RawArticle.

    ``max_bytes`` limits the bytes read (after gzip decompression for .gz pages); ``timeout`` limits
    a URL fetch, in seconds.
    """
    if path == "-":
        return read_stdin(max_bytes=max_bytes)
    if is_url(path):
        return fetch_url(path, max_bytes=max_bytes, timeout=timeout)
    return read_file(path, max_bytes=max_bytes)
