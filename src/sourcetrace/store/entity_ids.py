"""Corpus entity ids: one id for an entity across every article of a store.

The store keeps entities per article (``article_id``, ``entity_id`` such as
``E3``). Across the corpus an entity is the group of rows with the same ``type`` and the same
normalised name, where the normalised name is SQLite's ``lower(name)`` (ASCII letters lowered, the
rest untouched; names are already whitespace-normalised by cleaning). Its id is
``{type}-{slug}-{hash}``: the lowered type, the ASCII words of the name joined by ``-`` (at most 48
characters), and the first 8 hex digits of SHA-1 over ``TYPE + "\\x1f" + normalised name``, e.g.
``person-marta-velasco-1c3e5f0a``. The id depends only on the name and type, so it is the same on
every run, in every store, and for an entity found later in a new article. ``entity_key`` computes
it; ``entity_rows`` turns it back into the rows (the slug narrows the scan, the hash decides).
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
import unicodedata

ENTITY_TYPES = ("PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW",
                "LANGUAGE", "MEDIA")
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_WORD = re.compile(r"[a-z0-9]+")
_KEY = re.compile(r"^([a-z_]+)-(?:([a-z0-9-]*)-)?([0-9a-f]{8})$")


def normalise_name(name: str) -> str:
    """The name as SQLite's ``lower()`` returns it (only ASCII letters are lowered)."""
    return name.translate(_ASCII_LOWER)


def _slug(norm: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", norm).encode("ascii", "ignore").decode().lower()
    return "-".join(_WORD.findall(ascii_name))[:48].strip("-")


def entity_key(type_: str, name: str) -> str:
    """The corpus id of the entity ``name`` of ``type_`` (see the module docstring)."""
    norm = normalise_name(name)
    digest = hashlib.sha1(f"{type_}\x1f{norm}".encode("utf-8")).hexdigest()[:8]
    slug = _slug(norm)
    return f"{type_.lower()}-{slug}-{digest}" if slug else f"{type_.lower()}-{digest}"


def entity_rows(conn: sqlite3.Connection, key: str) -> tuple[str, str, list[tuple[str, str, str]]] | None:
    """``(type, display name, [(article_id, entity_id, name), ...])`` of a corpus entity id, or None."""
    m = _KEY.match(key or "")
    if not m or m.group(1).upper() not in ENTITY_TYPES:
        return None
    type_, slug = m.group(1).upper(), m.group(2) or ""
    words = slug.split("-") if slug else []
    candidates = []
    if words:
        pattern = "%" + "%".join(words) + "%"
        candidates = conn.execute("SELECT DISTINCT name FROM entities WHERE type = ? AND name LIKE ?",
                                  (type_, pattern)).fetchall()
    if not candidates:  # names whose ASCII folding differs from SQLite's LIKE (accents): scan the type
        candidates = conn.execute("SELECT DISTINCT name FROM entities WHERE type = ?", (type_,)).fetchall()
    names = [n for (n,) in candidates if entity_key(type_, n) == key]
    if not names:
        return None
    rows = conn.execute(
        f"SELECT article_id, entity_id, name FROM entities WHERE type = ? AND name IN ({','.join('?' * len(names))})"
        " ORDER BY article_id, seq", (type_, *names)).fetchall()
    display = max(names, key=lambda n: (sum(1 for r in rows if r[2] == n), n))
    return type_, display, [tuple(r) for r in rows]
