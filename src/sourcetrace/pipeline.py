"""Run the stages on one article or a stream of texts: read -> clean -> spaCy Doc -> extractors -> ledger.

``analyze`` is the public entry point (``sourcetrace.analyze``): a file path, an http(s) URL or
``'-'``, or article text / an HTML page given by keyword, in; a typed ``Ledger`` out.
``analyze_doc`` runs every extractor on a parsed ``Doc``; ``analyze_article`` and ``analyze_input``
return the ledger dict (what the CLI, the batch workers and the web app write); and
``predict_attributions`` streams raw texts through ``nlp.pipe`` for the attribution evaluation
(text used as is, no cleaning).
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from . import extract
from .errors import SourcetraceError
from .ingest import DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT
from .ledger import Ledger
from .nlp import load_model
from .records import Article, Attribution, Layers, RawArticle

# The longest path Linux accepts (PATH_MAX); a longer first argument of ``analyze`` is text, not a path.
MAX_PATH_CHARS = 4096


def analyze_doc(doc, *, published: str | None = None, removed: Iterable[str] = ()) -> Layers:
    ents = extract.entities(doc)
    atts = extract.attributions(doc, entities=ents)
    chains = extract.source_chains(atts, ents)
    qs = extract.quantities(doc)
    ds = extract.dates(doc, published=published)
    evs = extract.events(doc, quantities=qs, dates=ds)
    qs, ds, evs = extract.attach_claims(qs, ds, evs, atts)
    sig = extract.signals(doc, attributions=atts, removed=list(removed))
    return Layers(ents, atts, chains, qs, ds, evs, sig)


def predict_attributions(texts: Iterable[str], *, nlp=None, batch_size: int = 16,
                         model: str = "default") -> Iterator[list[Attribution]]:
    """For each text, in order, its attributions (entities are extracted to resolve sources).
    ``model``: the cue model ("default", a JSON path, or "" for the rules alone)."""
    nlp = nlp or load_model()
    options = extract.AttributionOptions(model=model)
    for doc in nlp.pipe(texts, batch_size=batch_size):
        ents = extract.entities(doc)
        yield extract.attributions(doc, entities=ents, options=options)


@dataclass(frozen=True)
class AnalyzeOptions:
    """Options of ``sourcetrace analyze`` (CLI flags map onto these one to one)."""

    published: str | None = None  # YYYY-MM-DD; resolves relative and year-less dates
    url: str | None = None
    max_bytes: int = DEFAULT_MAX_BYTES  # inputs above this are refused (E006)
    timeout: float = DEFAULT_TIMEOUT  # seconds for URL fetches
    check_language: bool = True


def article_ledger(article: Article, *, nlp=None) -> Ledger:
    """The typed ledger of a cleaned ``Article``."""
    nlp = nlp or load_model()
    doc = nlp(article.text)
    layers = analyze_doc(doc, published=article.published, removed=article.removed)
    return Ledger.from_layers(article, layers)


def analyze_article(article: Article, *, nlp=None) -> dict:
    """The ledger dict of a cleaned ``Article``."""
    return article_ledger(article, nlp=nlp).to_dict()


def check_published(value: str) -> None:
    """E012 unless ``value`` is a YYYY-MM-DD date."""
    import datetime as dt

    try:
        dt.date.fromisoformat(value)
        if len(value) != 10:
            raise ValueError(value)
    except ValueError as err:
        raise SourcetraceError("E012", value=value) from err


def _given(source, text: str | None, html: str | None, *, title: str | None, id: str | None,
           max_bytes: int, timeout: float) -> RawArticle:
    """The ``RawArticle`` of ``analyze``'s one input."""
    given = [name for name, value in (("source", source), ("text", text), ("html", html)) if value is not None]
    if len(given) != 1:
        raise TypeError("analyze() takes exactly one of: a path or URL, text=..., html=..."
                        + (f" (got {', '.join(given)})" if given else ""))
    if source is not None:
        source = os.fspath(source)
        if "\n" in source or len(source) > MAX_PATH_CHARS:
            raise SourcetraceError("E038", preview=source[:40])
        raw = _read(source, max_bytes=max_bytes, timeout=timeout)
        return dataclasses.replace(raw, title=title or raw.title, id=id or raw.id)
    body, origin = (text, "<text>") if text is not None else (html, "<html>")
    size = len(body.encode("utf-8", "surrogatepass"))
    if size > max_bytes:
        raise SourcetraceError("E006", path=origin, size=size, limit=max_bytes)
    if text is not None:
        return RawArticle(origin=origin, text=text, title=title, id=id)
    return RawArticle(origin=origin, html=html, title=title, id=id)


def _read(source: str, *, max_bytes: int, timeout: float) -> RawArticle:
    from .ingest import read_input

    return read_input(source, max_bytes=max_bytes, timeout=timeout)


def _cleaned(raw: RawArticle, *, published: str | None, url: str | None, check_language: bool, nlp) -> Ledger:
    from .clean import clean_article

    article = clean_article(raw, published=published, url=url, check_language=check_language)
    return article_ledger(article, nlp=nlp)


def analyze(source: str | os.PathLike | None = None, *, text: str | None = None, html: str | None = None,
            published: str | None = None, url: str | None = None, title: str | None = None, id: str | None = None,
            max_bytes: int = DEFAULT_MAX_BYTES, timeout: float = DEFAULT_TIMEOUT, check_language: bool = True,
            nlp=None) -> Ledger:
    """Read, clean and analyze one article into its typed ``Ledger``.

    Pass exactly one of: ``source``, a file path (``.txt``, ``.html``/``.htm``, ``.html.gz``), an
    http(s) URL or ``'-'`` for standard input; ``text=``, the article's plain text (a first line
    that reads as a headline becomes the title, unless ``title`` is given); ``html=``, a page's
    HTML. A string is never taken for text when given as ``source``: it is read as a path (E001
    when there is no such file; E038 when it holds a line break or is longer than any path).

    ``published`` (YYYY-MM-DD, else E012) resolves dates such as "yesterday"; ``url`` is recorded in the
    ledger; ``id`` replaces the default id (a hash of the clean text). ``max_bytes`` refuses larger
    inputs (E006), ``timeout`` bounds a URL fetch in seconds (E008), ``check_language`` refuses text
    that is not English (E005). ``nlp``: a loaded spaCy pipeline (default: the configured model,
    loaded once per process). Failures raise ``SourcetraceError`` with their code.
    """
    if published is not None:
        check_published(published)
    raw = _given(source, text, html, title=title, id=id, max_bytes=max_bytes, timeout=timeout)
    return _cleaned(raw, published=published, url=url, check_language=check_language, nlp=nlp)


def analyze_input(source: str, options: AnalyzeOptions = AnalyzeOptions(), *, nlp=None) -> dict:
    """The ledger dict of a file path, URL or '-' (stdin); raises ``SourcetraceError``."""
    raw = _read(source, max_bytes=options.max_bytes, timeout=options.timeout)
    return _cleaned(raw, published=options.published, url=options.url, check_language=options.check_language,
                    nlp=nlp).to_dict()
