"""Cleaning: a ``RawArticle`` becomes an ``Article`` (clean body text, title, metadata, removed lines).

Stages: HTML pages go through trafilatura (``html.py``) for the main text and the page metadata;
plain text has its headline split off (``title.py``); in both a first body line repeating the headline
is dropped and a byline ("By Jane Roe, Staff Writer", ``byline.py``) moves to ``author``; then the
line filter (``boilerplate.py``), whitespace normalisation and the language check (``language.py``).
A "Source: URL" line is provenance, not article text: it is removed and its URL kept as
``metadata["source_url"]``. Failures are numbered: E004 nothing left, E005 not English.
"""

from __future__ import annotations

import hashlib
import re

from ..errors import SourcetraceError
from ..records import Article, RawArticle
from .boilerplate import filter_lines, is_debris, matching_rule
from .byline import source_url, split_byline
from .language import non_english
from .title import split_title

__all__ = ["clean_article", "clean_text", "is_debris", "matching_rule", "normalise"]

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")


def normalise(text: str) -> str:
    """Unix newlines, no trailing spaces, runs of spaces collapsed, one blank line between paragraphs."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ").replace("\ufeff", "")
    text = text.replace("\u200b", "")
    text = re.sub(r"[ \t\f\v]+", " ", text)
    lines = [line.strip() for line in text.split("\n")]
    text = "\n".join(lines)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()


def clean_text(text: str) -> tuple[str, list[str]]:
    """Debris-filtered, normalised body and the removed lines, in order."""
    kept, removed = filter_lines(text)
    return normalise(kept), removed


def clean_article(raw: RawArticle, *, published: str | None = None, url: str | None = None,
                  check_language: bool = True) -> Article:
    """Clean ``raw`` into an ``Article``; raises ``SourcetraceError`` E004 (nothing left) or E005
    (not English, unless ``check_language`` is False).

    ``published`` and ``url`` override what the input carries; otherwise ``raw.published`` wins over
    the page's own date. ``id`` is ``raw.id`` or the first 16 hex digits of the SHA-1 of the text.
    """
    title = raw.title
    author = site = page_date = page_url = None
    if raw.html is not None:
        from .html import extract_page

        page = extract_page(raw.html, url=url or raw.url)
        body = normalise(page.text)
        title = title or page.title
        author, site, page_date, page_url = page.author, page.site, page.date, page.url
    else:
        body = normalise(raw.text or "")
        if title is None:
            title, body = split_title(body)
    text, removed = clean_text(body)
    text = _drop_repeated_title(text, title)
    text, byline = split_byline(text)
    text = normalise(text)
    author = author or byline
    metadata = dict(raw.metadata)
    url_of_source = next((u for u in map(source_url, removed) if u), None)
    if url_of_source and "source_url" not in metadata:
        metadata["source_url"] = url_of_source
    if title is not None and is_debris(title):
        removed.insert(0, title.strip())
        title = None
    if not text:
        raise SourcetraceError("E004", path=raw.origin)
    if check_language:
        other = non_english(text)
        if other:
            raise SourcetraceError("E005", path=raw.origin, lang=other[0], confidence=other[1])
    art_id = raw.id or hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]
    return Article(
        id=str(art_id), text=text, title=title.strip() if title else None,
        url=url or raw.url or page_url,
        published=_date(published) or _date(raw.published) or page_date,
        author=author, site=site, removed=tuple(removed), origin=raw.origin, metadata=metadata,
    )


def _drop_repeated_title(body: str, title: str | None) -> str:
    """Remove the first body lines while they repeat the headline (a page's <h1>, a copied post that
    starts with its own title, once or twice)."""
    if not title or not body:
        return body
    key = _key(title)
    while True:
        first, _, rest = body.lstrip("\n").partition("\n")
        head = _key(first)
        if not (head and (head == key or (len(head) >= 20 and key.startswith(head)))):
            return body
        body = rest


def _key(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def _date(value: str | None) -> str | None:
    """YYYY-MM-DD from an ISO date or timestamp; other strings pass unchanged, empty ones are None."""
    if not value or not str(value).strip():
        return None
    value = str(value).strip()
    return value[:10] if _ISO_DATE.match(value) else value
