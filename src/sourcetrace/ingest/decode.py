"""Bytes to text: the binary check and the encoding fallback chain shared by every reader.

Order of decoding (the first that succeeds wins):

1. a byte-order mark: UTF-8 (``utf-8-sig``) or UTF-16 (``utf-16``);
2. strict UTF-8, the encoding of nearly all current pages and text files;
3. the charset the source declares: the HTTP ``Content-Type`` header for URLs, then an HTML
   ``<meta charset>`` / ``<meta http-equiv="Content-Type">`` in the first 4 KB of HTML; a declared
   charset is only used when it decodes the bytes strictly (servers often mislabel UTF-8 pages,
   which is why step 2 comes first);
4. cp1252 (Windows Western, a superset of the printable part of ISO-8859-1), used only when it decodes
   strictly: its five undefined bytes (0x81, 0x8D, 0x8F, 0x90, 0x9D) make it fail on most bytes that
   are not Western European text, so it is a safe last guess for old Latin-1 files.

Anything else raises E011. Before decoding, input with NUL bytes or a high share of control bytes is
rejected as binary (E003).
"""

from __future__ import annotations

import codecs
import re

from ..errors import SourcetraceError

# How much of the input the binary check looks at, and the share of control bytes (other than tab,
# newline, carriage return, form feed and escape) above which input is called binary. The text files
# and HTML pages of ../shared/data hold almost none of these bytes (see tests/test_ingest.py); 5% leaves
# room for a few stray ones, while compressed or random bytes (images, PDF streams, archives) hold
# about 10% (27 of 256 byte values) and nearly always a NUL in the first 64 KB.
SNIFF_BYTES = 65_536
MAX_CONTROL_SHARE = 0.05

_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27)) + b"\x7f"
_META_CHARSET = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE
)
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def check_not_binary(data: bytes, origin: str) -> None:
    """Raise E003 when ``data`` looks like a binary file rather than text or HTML."""
    head = data[:SNIFF_BYTES]
    if head.startswith(_UTF16_BOMS):
        return  # UTF-16 text is full of NUL bytes; decode_bytes handles it
    if head.startswith(b"\x1f\x8b"):
        raise SourcetraceError("E003", path=origin, reason="gzip-compressed data; name the file .html.gz")
    if b"\x00" in head:
        raise SourcetraceError("E003", path=origin, reason="it contains NUL bytes")
    if head:
        controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
        if controls / len(head) > MAX_CONTROL_SHARE:
            raise SourcetraceError(
                "E003", path=origin, reason=f"{controls / len(head):.0%} of its first bytes are control characters"
            )


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in a ``<meta>`` tag of its first 4 KB, if any."""
    match = _META_CHARSET.search(data[:4096])  # HTML asks for it in the first 1,024 bytes; 4 KB tolerates late ones
    return match.group(1).decode("ascii", "ignore") if match else None


def decode_bytes(data: bytes, origin: str, *, html: bool = False, charset: str | None = None) -> tuple[str, str]:
    """Decode ``data`` as text; returns ``(text, encoding used)``. ``charset`` is a declared one
    (e.g. from an HTTP header). Raises E003 for binary data and E011 when nothing decodes cleanly."""
    check_not_binary(data, origin)
    if data.startswith(codecs.BOM_UTF8):
        candidates = ["utf-8-sig"]
    elif data.startswith(_UTF16_BOMS):
        candidates = ["utf-16"]
    else:
        candidates = ["utf-8"]
        if charset:
            candidates.append(charset)
        if html:
            meta = declared_charset(data)
            if meta:
                candidates.append(meta)
        candidates.append("cp1252")
    tried: list[str] = []
    for name in candidates:
        try:
            codec = codecs.lookup(name).name
        except LookupError:
            continue
        if codec in tried:
            continue
        tried.append(codec)
        try:
            return data.decode(codec), codec
        except (UnicodeDecodeError, UnicodeError):
            continue
    raise SourcetraceError("E011", path=origin, reason=f"not valid in {', '.join(tried)}")
