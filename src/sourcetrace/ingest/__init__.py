"""Readers: turn a file, a page, a URL or standard input into a ``RawArticle``.

``read_input`` is the one entry point. It picks the reader from the argument: ``'-'`` reads standard
input, ``http://`` and ``https://`` addresses are fetched (``url.py``), and local files are read by
their extension (``files.py``: ``.txt``, ``.html``, ``.htm``, ``.html.gz``, ``.htm.gz``; every reader
tells kinds apart with ``kinds.py``). All readers share the bounded read loop of ``files.py`` and the
binary check and the encoding fallback chain of ``decode.py``; ``collections.py`` streams the
collections of ``sourcetrace ingest``. Failures are numbered
``SourcetraceError``s: E001 missing file, E002 unreadable, E003 binary, E006 too large, E007 fetch
failed, E008 timed out, E011 undecodable, E013 unsupported input.
"""

from __future__ import annotations

from ..records import RawArticle
from .kinds import is_url

__all__ = ["DEFAULT_MAX_BYTES", "DEFAULT_TIMEOUT", "fetch_url", "read_file", "read_input", "read_stdin"]


# The defaults of every reader, named here once (the CLI flags, AnalyzeOptions, ReadOptions, WorkOptions
# and IngestOptions use them). Both are chosen ceilings, not measured optima: a long news article is
# 20-60 kB of text and its page a few hundred kB with markup, so 5 MB only refuses what is not an
# article (dumps, books, misnamed binaries); 20 s lets a slow news site answer while a stalled fetch
# does not hold a batch worker for long.
DEFAULT_MAX_BYTES = 5_000_000
DEFAULT_TIMEOUT = 20.0


def read_input(path: str, *, max_bytes: int = DEFAULT_MAX_BYTES, timeout: float = DEFAULT_TIMEOUT) -> RawArticle:
    """Read ``path`` (a file, an http(s) URL or ``'-'`` for stdin) into a RawArticle.

    ``max_bytes`` limits the bytes read (after gzip decompression for .gz pages); ``timeout`` limits
    a URL fetch, in seconds.
    """
    from .files import read_file, read_stdin

    if path == "-":
        return read_stdin(max_bytes=max_bytes)
    if is_url(path):
        from .url import fetch_url  # urllib and http.client load only when a URL is read

        return fetch_url(path, max_bytes=max_bytes, timeout=timeout)
    return read_file(path, max_bytes=max_bytes)


def __getattr__(name: str):
    # the readers load on first use: the CLI's start-up imports this package for the defaults above
    if name in ("read_file", "read_stdin"):
        from . import files

        return getattr(files, name)
    if name == "fetch_url":
        from .url import fetch_url

        return fetch_url
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
