"""Cheap text handling for the stance model: sentences, word stems, and the cut of long texts.

The stance model reads every report, so nothing here parses: sentences are split by a regular
expression (paragraph breaks, then ``.``/``!``/``?`` before a capital, a digit or a quote, not after
a known abbreviation or a single initial), words are lower-cased runs of letters and digits, and a
word's *stem* is the word without its commonest English inflections ("denies" -> "deni", "denied"
-> "deni", "reports" -> "report"), enough to match words across a claim and a report.

``features.select`` is the documented cut of long reports (docs/stance.md): the features that
read sentences closely (cue counts near the claim, the hashed words) only see the lead
sentence and the ``k`` sentences most similar to the claim by TF-IDF cosine, in text order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# a sentence ends at . ! ? (and closing quotes/brackets after it) followed by space and a capital,
# digit or opening quote; newlines always end a sentence (bodies are paragraphs of web text)
_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"'”’)\]]))\s+(?=[\"'“‘(\[]?[A-Z0-9])")
_PARA = re.compile(r"\s*\n\s*")
# words before a period that do not end a sentence: titles, initials of US states and months are
# the ones news prose uses most (one regex over the word before the period)
_ABBREV = re.compile(r"(?:^|\s)(?:[A-Z]|Mr|Mrs|Ms|Dr|Prof|Sen|Rep|Gov|Gen|Col|Lt|Sgt|Capt|St|Jr|Sr|"
                     r"Inc|Corp|Co|Ltd|No|vs|U\.S|U\.K|U\.N|Jan|Feb|Mar|Apr|Aug|Sept|Sep|Oct|Nov|Dec|"
                     r"a\.m|p\.m|e\.g|i\.e)\.$")
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'"})
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")

# sentences longer than this many characters are cut there (a paragraph without punctuation, a
# list of links): no feature gains from more, and similarity stays cheap
MAX_SENTENCE_CHARS = 1_000


@dataclass(frozen=True)
class Sentence:
    text: str
    start: int  # character offset into the report
    index: int  # position among the report's sentences (0 = lead)


def split_sentences(text: str) -> list[Sentence]:
    """The sentences of ``text`` in order, with their offsets; blank text gives ``[]``."""
    out: list[Sentence] = []
    if not text:
        return out
    pos = 0
    for para in _PARA.split(text):
        start = text.find(para, pos) if para else pos
        pos = start + len(para)
        if not para.strip():
            continue
        s = 0
        for m in _END.finditer(para):
            piece = para[s:m.start()]
            if _ABBREV.search(piece[-12:]):
                continue
            _add(out, piece, start + s)
            s = m.end()
        _add(out, para[s:], start + s)
    return out


def _add(out: list[Sentence], piece: str, start: int) -> None:
    stripped = piece.strip()
    if not stripped or not any(ch.isalnum() for ch in stripped):
        return
    lead = len(piece) - len(piece.lstrip())
    out.append(Sentence(stripped[:MAX_SENTENCE_CHARS], start + lead, len(out)))


# the month "May" where a date context shows it ("in May", "on May 3", "May 2015"), kept apart from
# the modal "may" that the hedge lexicon counts; a capital alone does not tell (headlines are in
# title case: "Bridge May Close")
_MONTH_MAY = re.compile(r"\b(?:(?<=in )|(?<=on )|(?<=since )|(?<=until )|(?<=by )|(?<=last )|(?<=next )|"
                        r"(?<=early )|(?<=late )|(?<=mid-)|(?<=this )|(?<=from )|(?<=of ))May\b|\bMay(?= \d)")


def words(text: str) -> list[str]:
    """Lower-cased words and numbers of ``text`` (apostrophes normalised, "don't" kept whole; the
    month May as ``maymonth``)."""
    return _WORD.findall(_MONTH_MAY.sub("maymonth", text).lower().translate(_APOSTROPHES))


def stem(word: str) -> str:
    """``word`` without its commonest inflectional suffix, a final "e" and "y" as "i", so that
    "denies", "denied", "deny" and "state", "stated", "states" meet; short words and numbers
    are kept as they are."""
    if len(word) <= 3 or word[0].isdigit():
        return word
    if word.endswith("'s"):
        word = word[:-2]
    if word.endswith(("ies", "ied")) and len(word) > 4:
        word = word[:-3] + "i"
    elif word.endswith(("ss", "us", "is")):
        pass
    elif word.endswith("ing") and len(word) >= 6:
        word = word[:-3]
    elif word.endswith("ed") and len(word) >= 5:
        word = word[:-2]
    elif word.endswith(("ches", "shes", "xes", "zes", "sses")) and len(word) >= 5:
        word = word[:-2]
    elif word.endswith("s") and len(word) >= 4:
        word = word[:-1]
    elif word.endswith("ly") and len(word) >= 6:
        word = word[:-2]
    if len(word) > 3 and word.endswith("e"):
        word = word[:-1]
    elif len(word) > 3 and word.endswith("y"):
        word = word[:-1] + "i"
    return word


def stems(text: str) -> list[str]:
    return [stem(w) for w in words(text)]


def numbers(text: str) -> set[str]:
    """The numbers written in digits in ``text`` ("1,200" and "1200" both give "1200")."""
    return {n.replace(",", "") for n in _NUMBER.findall(text)}


def capitalised(text: str) -> set[str]:
    """Lower-cased capitalised words that do not start a sentence: a cheap stand-in for names."""
    out = set()
    for m in re.finditer(r"(?<![.!?]\s)(?<!^)\b([A-Z][a-zA-Z]+)", text):
        out.add(m.group(1).lower())
    return out
