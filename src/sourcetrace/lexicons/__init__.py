"""Word lists and patterns as data files, loaded once and validated.

Each ``*.txt`` file here starts with ``#`` header lines that name the list's source and how it was
compiled; then one entry per line. A line may carry tab-separated fields (``term<TAB>class``).
Blank lines and ``#`` comments are ignored. Entries are lower-cased unless ``keep_case`` is set, and
a list read that way must be written in lower case. Loading validates every entry: a term may not
be empty or appear twice (after lower-casing), and a table's fields may not be empty; a list that
breaks a rule raises ``LexiconError`` naming the file and the line, the first time it is loaded.
"""

from __future__ import annotations

import functools
from importlib import resources


class LexiconError(ValueError):
    pass


@functools.lru_cache(maxsize=None)
def _lines(name: str) -> tuple[str, ...]:
    path = resources.files(__name__).joinpath(f"{name}.txt")
    if not path.is_file():
        raise LexiconError(f"lexicon {name!r} not found in sourcetrace/lexicons")
    raw = path.read_text(encoding="utf-8").splitlines()
    if not raw or not raw[0].startswith("#"):
        raise LexiconError(f"lexicon {name!r} must start with a '#' header naming its source")
    return tuple(line.rstrip("\n") for line in raw)


def parse(name: str, lines, *, keep_case: bool = False, table: bool = False) -> dict[str, tuple[str, ...]]:
    """The validated entries of the lines of lexicon ``name``: ``{term: (field2, ...)}``, in file
    order. ``table``: every entry needs at least one tab-separated field after its term."""
    out: dict[str, tuple[str, ...]] = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        parts = [p.strip() for p in line.split("\t")]
        term = parts[0]
        where = f"lexicon {name!r}, line {number} ({line.strip()!r})"
        if not term:
            raise LexiconError(f"{where}: empty term")
        if not keep_case and term != term.lower():
            raise LexiconError(f"{where}: write the term in lower case (this list is matched in lower case)")
        key = term if keep_case else term.lower()
        if key in out:
            raise LexiconError(f"{where}: {key!r} is listed twice")
        if table and len(parts) < 2:
            raise LexiconError(f"{where}: needs a tab-separated class")
        if any(not p for p in parts[1:]):
            raise LexiconError(f"{where}: empty field")
        out[key] = tuple(parts[1:])
    if not out:
        raise LexiconError(f"lexicon {name!r} is empty")
    return out


@functools.lru_cache(maxsize=None)
def load(name: str, *, keep_case: bool = False) -> tuple[str, ...]:
    """The entries of lexicon ``name`` (first field of each line), in file order."""
    return tuple(parse(name, _lines(name), keep_case=keep_case))


@functools.lru_cache(maxsize=None)
def terms(name: str) -> frozenset[str]:
    """The entries of lexicon ``name`` as a set (lower case), for membership tests."""
    return frozenset(load(name))


@functools.lru_cache(maxsize=None)
def load_table(name: str, *, keep_case: bool = False) -> dict[str, tuple[str, ...]]:
    """Lexicon ``name`` as ``{term: (field2, field3, ...)}`` for tab-separated files."""
    return parse(name, _lines(name), keep_case=keep_case, table=True)
