"""What an input is, from its name or its first bytes: the one file-kind detector of the readers.

``kind_of_path`` maps a file name to its kind: an article file (``text``, ``html``, ``html.gz``),
read by ``files.read_file``, or a collection (``jsonl``, ``csv``, ``warc``, ``urls``), read item by
item by ``collections.py``; anything else is None (E013, or skipped inside a folder). A ``.txt``
file may still turn out to be a list of URLs (``collections.is_url_list`` looks inside).
``is_url`` tells an http(s) address from a path. ``looks_like_html`` tells HTML from text by its first bytes, for standard input, gzip pages,
URLs without a Content-Type and WARC records.
"""

from __future__ import annotations

import re

# kind -> the file name endings that have it, tried in this order (".html.gz" before ".gz" matters)
SUFFIXES: dict[str, tuple[str, ...]] = {
    "html.gz": (".html.gz", ".htm.gz"),
    "html": (".html", ".htm"),
    "text": (".txt",),
    "jsonl": (".jsonl", ".ndjson"),
    "csv": (".csv",),
    "warc": (".warc", ".warc.gz"),
    "urls": (".urls",),
}
ARTICLE_KINDS = ("text", "html", "html.gz")  # one article per file

# Markup that tells HTML from text: a doctype, or one of the tags every page has near its top.
_HTML_START = re.compile(rb"<(?:!doctype\s+html|html|head|body|meta|title|div|article|p)[\s>/]", re.IGNORECASE)
# How far into the input the markup is looked for: a doctype or <html> opens a page; 2 KB leaves room
# for a byte-order mark, comments and a long <head> opening before the first of the tags above.
HTML_SNIFF_BYTES = 2048


def looks_like_html(data: bytes) -> bool:
    """True when the first 2 KB of ``data`` hold HTML markup."""
    return bool(_HTML_START.search(data[:HTML_SNIFF_BYTES]))


def is_url(path: str) -> bool:
    """True for an http(s) address (fetched by ``url.py``), which is no file name."""
    return path.lower().startswith(("http://", "https://"))


def kind_of_path(path: str) -> str | None:
    """The kind of the file ``path`` names (a key of ``SUFFIXES``), or None when unsupported."""
    name = path.lower()
    for kind, suffixes in SUFFIXES.items():
        if name.endswith(suffixes):
            return kind
    return None
