"""The URL reader: fetch an http(s) page with the standard library, within a size and time limit.

``timeout`` bounds each socket operation and the whole download: a server that trickles bytes is
stopped at the first chunk after the deadline (E008), so a fetch lasts at most about twice ``timeout``. The body is streamed and reading stops once ``max_bytes`` is passed
(E006); a ``Content-Length`` above the limit is refused before reading. HTML and text are told apart
by the ``Content-Type`` header (sniffing the bytes when it is missing); other types (PDF, images)
are refused as binary (E003). Redirects are followed; ``RawArticle.url`` is the final address.
"""

from __future__ import annotations

import http.client
import socket
import time
import urllib.error
import urllib.request
import zlib
from email.message import Message

from .. import __version__
from ..errors import SourcetraceError
from ..records import RawArticle
from .decode import decode_bytes
from .files import read_limited
from .kinds import is_url, looks_like_html  # noqa: F401 - is_url: part of this reader's interface

USER_AGENT = f"sourcetrace/{__version__} (python-urllib)"
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_TEXT_TYPES = ("text/plain",)


def fetch_url(url: str, *, max_bytes: int, timeout: float) -> RawArticle:
    """Fetch ``url`` into a RawArticle (``html`` or ``text`` by Content-Type)."""
    request = urllib.request.Request(
        url,
        headers={
            "User-Agent": USER_AGENT,
            "Accept": "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.1",
        },
    )
    deadline = time.monotonic() + timeout
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            headers: Message = response.headers
            final_url = response.geturl()
            length = headers.get("Content-Length")
            if length and length.isdigit() and int(length) > max_bytes:
                raise SourcetraceError("E006", path=url, size=int(length), limit=max_bytes)
            data = read_limited(response, url, max_bytes, deadline=deadline, timeout=timeout)
    except SourcetraceError:
        raise
    except urllib.error.HTTPError as exc:
        raise SourcetraceError("E007", url=url, reason=f"HTTP {exc.code} {exc.reason}") from exc
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, (socket.timeout, TimeoutError)):
            raise SourcetraceError("E008", url=url, timeout=timeout) from exc
        raise SourcetraceError("E007", url=url, reason=str(exc.reason)) from exc
    except (socket.timeout, TimeoutError) as exc:
        raise SourcetraceError("E008", url=url, timeout=timeout) from exc
    except (http.client.HTTPException, OSError, ValueError) as exc:
        raise SourcetraceError("E007", url=url, reason=str(exc) or type(exc).__name__) from exc

    encoding = (headers.get("Content-Encoding") or "").lower()
    if encoding in ("gzip", "x-gzip", "deflate"):
        data = _decompress(data, encoding, url, max_bytes)
    content_type = headers.get_content_type() if headers.get("Content-Type") else ""
    if content_type in _HTML_TYPES:
        html = True
    elif content_type in _TEXT_TYPES:
        html = False
    elif not content_type or content_type.startswith("text/"):
        html = looks_like_html(data)
    else:
        raise SourcetraceError("E003", path=url, reason=f"the server sent {content_type}")
    text, used = decode_bytes(data, url, html=html, charset=headers.get_content_charset())
    meta = {"encoding": used, "bytes": len(data), "content_type": content_type or None}
    if html:
        return RawArticle(origin=url, html=text, url=final_url, metadata=meta)
    return RawArticle(origin=url, text=text, url=final_url, metadata=meta)


def _decompress(data: bytes, encoding: str, url: str, max_bytes: int) -> bytes:
    wbits = 16 + zlib.MAX_WBITS if "gzip" in encoding else zlib.MAX_WBITS
    try:
        inflater = zlib.decompressobj(wbits)
        out = inflater.decompress(data, max_bytes + 1)
    except zlib.error as exc:
        raise SourcetraceError("E007", url=url, reason=f"broken {encoding} body ({exc})") from exc
    if len(out) > max_bytes:
        raise SourcetraceError("E006", path=url, size=len(out), limit=max_bytes)
    return out
