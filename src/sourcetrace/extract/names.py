"""Names as strings: the keys under which mentions of one entity meet, and the tests on them.

Plain functions on text (no spaCy objects), used by ``entities.py``:

* ``key(name)``: the comparison form of a name: lower case, no leading "the", no possessive, dotted
  initials without dots ("U.S." -> "us", "S.C." -> "sc"), a web address without its top-level domain
  ("redOrbit.com" -> "redorbit") and ordinal words as figures ("Twenty-second Amendment" -> "22nd
  amendment");
* ``core_words(name)``: the words of a person's name without the titles before it
  (``lexicons/name_titles.txt``: "Sen. John McCain" -> john mccain, "Ms. Murad" -> murad);
* ``is_acronym(name)`` and ``initials_fit(acronym, name)``: whether an acronym is built from the
  initials of a name (see ``initials_fit`` for the rules on "of", "the", "and" and hyphens);
* ``title_case_lines(text)``: the character ranges of lines written in title case (headlines,
  subheads, ad and promo lines), where the statistical NER takes capitalised common words for names.
"""

from __future__ import annotations

import functools
import itertools
import re

from .. import lexicons

ACRONYM = re.compile(r"^[A-Z][A-Z0-9&.\-]{0,7}$")
_DOTTED = re.compile(r"^(?:[a-z]\.){1,5}[a-z]\.?$")
_DOMAIN = re.compile(r"^([\w\-]+)\.(?:com|org|net|info|co\.uk|co|news|tv|me|io|us|uk|ca|au)$")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
# Words an acronym may skip or keep: "European Union (EU)", "Bureau of Land Management (BLM)",
# "Department of Defense (DoD)", "Immigration and Customs Enforcement (ICE)".
FUNCTION_WORDS = frozenset({"of", "the", "and", "for", "&", "in", "on", "at", "to", "a", "an", "de", "du", "des",
                            "la", "le", "del", "della", "di", "da", "der", "und", "y", "et"})
# Small words a title-case line leaves in lower case ("Man of the Year Says No to Tax").
SMALL_WORDS = frozenset({"a", "an", "the", "and", "or", "but", "nor", "of", "in", "on", "at", "to", "for", "by",
                         "with", "as", "from", "into", "over", "via", "vs", "is", "are", "be", "than", "up"})
_UNITS = {w: i for i, w in enumerate(["", "first", "second", "third", "fourth", "fifth", "sixth", "seventh",
                                      "eighth", "ninth", "tenth", "eleventh", "twelfth", "thirteenth",
                                      "fourteenth", "fifteenth", "sixteenth", "seventeenth", "eighteenth",
                                      "nineteenth"]) if w}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
         "ninety": 90}
_TENS_ORD = {"twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50, "sixtieth": 60, "seventieth": 70,
             "eightieth": 80, "ninetieth": 90}
_ORDINAL_WORD = re.compile(r"\b(?:(" + "|".join(_TENS) + r")[-\s])?(" + "|".join(list(_UNITS) + list(_TENS_ORD))
                           + r")\b")


@functools.lru_cache(maxsize=1)
def titles() -> frozenset[str]:
    """Lower-cased titles and honorifics before a name (``lexicons/name_titles.txt``)."""
    return frozenset(lexicons.load("name_titles"))


def _suffix(n: int) -> str:
    if 10 <= n % 100 <= 20:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


def _ordinals(text: str) -> str:
    """'twenty-second amendment' -> '22nd amendment' (lower-case input)."""
    def repl(m: re.Match) -> str:
        tens, word = m.group(1), m.group(2)
        n = _UNITS.get(word) or _TENS_ORD.get(word, 0)
        if tens:
            if word in _TENS_ORD:
                return m.group(0)
            n += _TENS[tens]
        return f"{n}{_suffix(n)}"
    return _ORDINAL_WORD.sub(repl, text)


@functools.lru_cache(maxsize=65536)
def key(name: str) -> str:
    """The comparison form of a name (see the module docstring)."""
    text = name.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    text = re.sub(r"\s+", " ", text).strip(" ,;:\"'")
    domain = _DOMAIN.match(text.lower()) if " " not in text else None
    text = text.lower()
    if text.startswith("the "):
        text = text[4:]
    if text.endswith("'s"):
        text = text[:-2]
    if _DOTTED.match(text):
        return text.replace(".", "")
    if domain:
        return domain.group(1)
    return _ordinals(text)


def split_camel(word: str) -> list[str]:
    """'RadarOnline' -> ['Radar', 'Online']; other words unchanged."""
    base = word.split(".")[0] if _DOMAIN.match(word.lower()) else word
    return [p for p in _CAMEL.split(base) if p] or [word]


@functools.lru_cache(maxsize=65536)
def core_words(name: str) -> tuple[str, ...]:
    """Lower-cased words of a person's name without leading titles, "the" and possessives."""
    words = [w.strip(",") for w in key(name).split(" ") if w.strip(",")]
    while len(words) > 1 and words[0].rstrip(".") in titles():
        words = words[1:]
    return tuple(words)


@functools.lru_cache(maxsize=65536)
def is_acronym(name: str) -> bool:
    """'EU', 'NRA', 'U.S.', 'S.C.', 'DoD': capitals (with dots, '&' or a lower-case letter between)."""
    text = name.strip()
    if ACRONYM.match(text) and sum(ch.isupper() for ch in text) >= 2:
        return True
    return bool(re.fullmatch(r"(?:[A-Z]\.){2,6}", text) or re.fullmatch(r"[A-Z][a-z]?[A-Z][A-Za-z]?", text)
                and sum(ch.isupper() for ch in text) >= 2 and len(text) <= 4)


def acronym_letters(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9]", "", name).upper()


@functools.lru_cache(maxsize=65536)
def initials_fit(acronym: str, name: str) -> bool:
    """Whether ``acronym`` is built from the initials of ``name``.

    The letters of the acronym (dots, '&' and hyphens dropped) must equal the first letters of the
    name's words in order, where each function word ("of", "the", "and", "for", "de", ...) may count
    or be skipped ("European Union" EU, "Bureau of Land Management" BLM, "Department of Defense"
    DoD or DD) and a hyphenated word counts once or once per part ("Agence France-Presse" AFP).
    A leading "the" and a possessive never count. "NORVANIA" is not "AFP", "Washington" not "CNN".
    """
    letters = acronym_letters(acronym)
    if len(letters) < 2:
        return False
    words = [w for w in re.split(r"\s+", re.sub(r"['’]s\b", "", name.strip())) if w]
    if words and words[0].lower() == "the":
        words = words[1:]
    words = [w.strip(",.()") for w in words if w.strip(",.()")]
    if not 2 <= len(words) <= 12:
        return False
    options: list[list[str]] = []
    for w in words:
        parts = [p for p in re.split(r"[-–]", w) if p]
        firsts = {w[0].upper()}
        if len(parts) > 1:
            firsts.add("".join(p[0].upper() for p in parts))
        if w.lower() in FUNCTION_WORDS:
            firsts.add("")
        options.append(sorted(firsts))
    if sum(1 for o in options if "" in o) > 6:
        return False
    return any("".join(choice) == letters for choice in itertools.product(*options))


def title_case_lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line of two or more words written in title case: at least 80% of its
    words (other than small words such as "of", "the", "to") capitalised, and the line not ending
    with a period. Headlines, subheads, captions and ad lines are written so; prose is not."""
    out = []
    pos = 0
    for line in text.split("\n"):
        words = re.findall(r"[A-Za-z][A-Za-z'’\-]*", line)
        content = [w for w in words if w.lower() not in SMALL_WORDS]
        stripped = line.strip()
        if len(words) >= 2 and content and not stripped.endswith(".") \
                and sum(w[0].isupper() for w in content) >= 0.8 * len(content):
            out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out
