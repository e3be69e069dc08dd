"""Word lists and patterns as data files, loaded once and validated.

Each ``*.txt`` file here starts with ``#`` header lines that name the list's source and how it was
compiled; then one entry per line. A line may carry tab-separated fields (``term<TAB>class``).
Blank lines and ``#`` comments are ignored. Entries are lower-cased unless ``keep_case`` is set.
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


@functools.lru_cache(maxsize=None)
def load(name: str, *, keep_case: bool = False) -> tuple[str, ...]:
    """The entries of lexicon ``name`` (first field of each line), in file order, without duplicates."""
    out: dict[str, None] = {}
    for line in _lines(name):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        term = line.split("\t")[0].strip()
        out[term if keep_case else term.lower()] = None
    if not out:
        raise LexiconError(f"lexicon {name!r} is empty")
    return tuple(out)


@functools.lru_cache(maxsize=None)
def load_table(name: str, *, keep_case: bool = False) -> dict[str, tuple[str, ...]]:
    """Lexicon ``name`` as ``{term: (field2, field3, ...)}`` for tab-separated files."""
    table: dict[str, tuple[str, ...]] = {}
    for line in _lines(name):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        parts = [p.strip() for p in line.split("\t")]
        term = parts[0] if keep_case else parts[0].lower()
        if len(parts) < 2:
            raise LexiconError(f"lexicon {name!r}: line {line!r} needs a tab-separated class")
        table[term] = tuple(parts[1:])
    return table
