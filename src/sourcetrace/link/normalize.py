"""Text normalisation for matching: social-media debris out, words in.

Statements reach the matcher from news articles, from fact-checkers' files and, in the CLEF
CheckThat! evaluation, from tweets. Tweets carry debris that says nothing about the claim and that
misleads both the word index and the sentence encoder: links (``https://t.co/...``,
``pic.twitter.com/...``), the embedded-tweet signature ``— Name (@handle) January 6, 2020`` that
sites append when they quote a tweet, "RT @handle:" prefixes, hashtags and handles written as one
token (``#CapitolRiot``, ``@SpeakerPelosi``) and HTML entities (``&amp;``). ``normalize`` removes the
links, the signature's handle and date and the RT prefix, keeps the signature's name (a claim is
often about the person who tweeted it), turns ``#Word`` and ``@Word`` into their words (camel case
split: ``#CapitolRiot`` -> "Capitol Riot"), unescapes entities, writes every quotation mark as
``"`` (single, curly and angled ones, but not apostrophes: fact-check collections hold the same
claim twice with only its quotation marks changed, and the two must compare equal) and collapses
white space. Ordinary
article sentences pass through unchanged except for white space. Each rule is a pattern for the
general form, not for any one text, and is tested on sentences written for the tests.

``tokens`` is the word list the lexical index uses: lower-cased word characters (digits kept,
apostrophes dropped), without the English stop words of ``STOP_WORDS``.
"""

from __future__ import annotations

import html
import re

# links, also when glued to the word before them ("#Minecrafthttps://t.co/...", "camera.pic.twitter.com/...")
_URL = re.compile(r"(?:https?://|www\.)\S+|pic\.twitter\.com/\S+", re.IGNORECASE)
# "— Ilhan Omar (@IlhanMN) January 6, 2020": a dash, a name, the handle in brackets, a date (the
# form of embedded tweets); the name is kept, handle and date go.
_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?"
_SIGNATURE = re.compile(r"[—–-]{1,2}\s*([^—–\n()]{0,80}?)\s*\(@\w{1,30}\)\s*(?:" + _MONTH + r"\s+\d{1,2},?\s+\d{4})?\s*$")
_RT = re.compile(r"^\s*RT\s+@\w+:?\s*")
# hashtags also when glued to the word before them ("camera.#FloodWatch"); handles only after a
# non-word character (so that e-mail addresses stay whole)
_TAG = re.compile(r"#([^\W_][\w]*)|(?<![\w@])@(\w+)")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])|(?<=[A-Za-z])(?=\d)")
# a single quotation mark that is not an apostrophe (not between two letters or digits)
_SINGLE_QUOTE = re.compile(r"(?<![^\W_])['‘’`]|['‘’`](?![^\W_])")
_DOUBLE_QUOTE = re.compile(r"[“”«»„]")
_WORDS = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")

# English function words (the 127 of NLTK's English list that carry no content, as distributed with
# NLTK's stopwords corpus, Porter/Snowball origin), used only to keep the word index's queries short.
STOP_WORDS = frozenset("""
i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she her hers
herself it its itself they them their theirs themselves what which who whom this that these those am is
are was were be been being have has had having do does did doing a an the and but if or because as until
while of at by for with about against between into through during before after above below to from up
down in out on off over under again further then once here there when where why how all any both each
few more most other some such only own same so than too very s t can will just don should now
""".split())


def _split_tag(match: re.Match) -> str:
    word = match.group(1) or match.group(2)
    return " " + _CAMEL.sub(" ", word.replace("_", " "))


def normalize(text: str) -> str:
    """``text`` without links, tweet signatures' handles and dates, RT prefixes and #/@ marks (see
    the module docstring); ordinary prose only has its white space collapsed."""
    t = html.unescape(text or "")
    t = _URL.sub(" ", t)
    t = _RT.sub("", t)
    t = _SIGNATURE.sub(lambda m: (" — " + m.group(1).strip()) if m.group(1).strip() else "", t.rstrip())
    t = _TAG.sub(_split_tag, t)
    t = _DOUBLE_QUOTE.sub('"', _SINGLE_QUOTE.sub('"', t))
    return re.sub(r"\s+", " ", t).strip()


def tokens(text: str) -> list[str]:
    """Lower-cased words of ``text`` for the word index, stop words removed (apostrophes dropped:
    "didn't" -> "didnt")."""
    out = []
    for m in _WORDS.finditer(text.lower()):
        w = m.group(0).replace("'", "").replace("’", "")
        if w and w not in STOP_WORDS:
            out.append(w)
    return out
