"""``Store``: the Python API of a corpus store, the one the corpus commands are a thin layer over.

``Store(path)`` opens a store written by ``sourcetrace ingest`` read-only (E023 when it is not one)
and answers with records (``records.py``): ``stats()``, ``claims(...)`` with the filters of
``sourcetrace claims``, ``entities(...)``, ``articles(...)``, ``ledger(id)`` (a typed ``Ledger``),
``provenance(id)``, ``ledgers()`` and ``export(format, output)``. Lists come as ``Records``, a
list that also converts to dicts or to a pandas DataFrame (``to_pandas()``, with the optional extra
``pandas``). The queries themselves are ``queries.py``, shared with the web app.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterable, Iterator
from typing import Generic, TextIO, TypeVar

from ..errors import SourcetraceError
from ..ledger import Ledger
from ..records import ArticleSummary, Claim, CorpusEntity, Provenance, StoreStats, to_json
from . import queries
from .writer import connect

R = TypeVar("R")


class Records(list, Generic[R]):
    """A list of records of one type, with ``to_dicts()`` and ``to_pandas()``."""

    def __init__(self, items: Iterable[R], record_type: type):
        super().__init__(items)
        self.record_type = record_type

    def to_dicts(self) -> list[dict]:
        return [to_json(r) for r in self]

    def to_pandas(self):
        """A ``pandas.DataFrame``, one row per record and one column per field (E040 without pandas)."""
        try:
            import pandas
        except ImportError as err:
            raise SourcetraceError("E040", what="to_pandas()") from err
        columns = [f.name for f in dataclasses.fields(self.record_type)]
        return pandas.DataFrame([[getattr(r, c) for c in columns] for r in self], columns=columns)


def _values(value: str | Iterable[str] | None) -> tuple[str, ...]:
    """A filter given as one value or several."""
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


def _claim(row: dict) -> Claim:
    return Claim(**row)


class Store:
    """A corpus store opened read-only; use it as a context manager, or ``close()`` it."""

    def __init__(self, path: str | os.PathLike):
        self.path = os.fspath(path)
        self.conn = connect(self.path, create=False, readonly=True)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> bool:
        self.close()
        return False

    def __repr__(self) -> str:
        return f"Store({self.path!r})"

    def stats(self) -> StoreStats:
        """Counts of articles, failed inputs (with their codes), rows per layer and words."""
        return StoreStats(**queries.stats(self.conn))

    @staticmethod
    def claim_filters(*, source: str | None = None, entity: str | None = None,
                      certainty: str | Iterable[str] | None = None, kind: str | Iterable[str] | None = None,
                      text: str | None = None, search: str | None = None,
                      article: str | None = None) -> queries.ClaimFilters:
        return queries.ClaimFilters(source=source, entity=entity, certainty=_values(certainty), kind=_values(kind),
                                    text=text, search=search, article=article)

    def claims(self, *, limit: int | None = None, offset: int = 0, **filters) -> Records[Claim]:
        """Stored claims in storage order, filtered (every given filter must hold):

        ``source``: the source's text or its entity's name or alias contains this; ``entity``: the
        source or the content mentions an entity whose name or alias contains this; ``certainty``,
        ``kind``: one value or several (any of them; kind ``"none"``: claims without a source);
        ``text``: the content contains this; ``search``: an FTS5 query over the content (E030 when
        FTS5 cannot parse it); ``article``: one article id.
        """
        rows = queries.claims(self.conn, self.claim_filters(**filters), limit=limit, offset=offset)
        return Records(map(_claim, rows), Claim)

    def count_claims(self, **filters) -> int:
        """How many claims ``claims(**filters)`` lists without a limit."""
        return queries.count_claims(self.conn, self.claim_filters(**filters))

    def entities(self, *, name: str | None = None, type: str | Iterable[str] | None = None, min_articles: int = 1,
                 case_sensitive: bool = False, limit: int | None = None, offset: int = 0) -> Records[CorpusEntity]:
        """Entities across the articles, most widespread first. ``name``: the name or an alias
        contains this; ``type``: one spaCy label (or MEDIA) or several; ``min_articles``: mentioned
        in at least this many articles; ``case_sensitive``: keep names that differ in letter case
        apart (the CLI's ``entities`` does; the web app and entity ids merge them)."""
        rows = queries.entities(self.conn, name=name, type=_values(type), min_articles=min_articles,
                                case_sensitive=case_sensitive, limit=limit, offset=offset)
        return Records((CorpusEntity(**{**r, "aliases": tuple(r["aliases"])}) for r in rows), CorpusEntity)

    def articles(self, *, search: str | None = None, limit: int | None = None,
                 offset: int = 0) -> Records[ArticleSummary]:
        """Stored articles in storage order, or the FTS5 matches of ``search`` in title and text, best first."""
        rows = queries.articles(self.conn, search=search, limit=limit, offset=offset)
        return Records((ArticleSummary(**r) for r in rows), ArticleSummary)

    def ledger(self, article_id: str) -> Ledger | None:
        """The typed ledger of one stored article, or None."""
        d = queries.ledger(self.conn, article_id)
        return None if d is None else Ledger.from_dict(d)

    def ledger_dict(self, article_id: str) -> dict | None:
        """The stored ledger dict of one article, exactly as stored (what ``sourcetrace show`` prints)."""
        return queries.ledger(self.conn, article_id)

    def provenance(self, article_id: str) -> Provenance | None:
        """Where a stored article came from, or None when it is not stored."""
        d = queries.metadata(self.conn, article_id)
        return Provenance(**d) if d else None

    def ledgers(self) -> Iterator[Ledger]:
        """Every stored ledger, in storage order (a few hundred articles in memory at a time)."""
        return (Ledger.from_dict(d) for d in queries.iter_ledgers(self.conn))

    def export(self, format: str, output: str | os.PathLike | TextIO) -> int:
        """Write the store as ``jsonl`` ledgers, a ``csv`` of articles, ``parquet`` or GDELT GKG 2.1
        rows (``gkg``) to a file path or an open text stream (parquet: a path only); returns the
        number of articles. E014 when the file cannot be written."""
        from .export import export

        if isinstance(output, (str, os.PathLike)):
            path = os.fspath(output)
            if format == "parquet":
                return export(self.conn, "parquet", path)
            try:
                fh = open(path, "w", encoding="utf-8", newline="")
            except OSError as err:
                raise SourcetraceError("E014", path=path, reason=err.strerror or str(err)) from err
            with fh:
                return export(self.conn, format, fh)
        if format == "parquet":
            raise SourcetraceError("E014", path=getattr(output, "name", "-"), reason="parquet needs a file path")
        return export(self.conn, format, output)
