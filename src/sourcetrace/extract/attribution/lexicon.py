"""The word lists the attribution frames read, each a file of ``lexicons/`` with its source.

Lists are read once, when this module is imported (``sourcetrace.lexicons`` caches and validates
every file: no duplicates, no empty terms, lower case), and a table whose class column holds a
value this module does not know is an error at once rather than a silently ignored line. The
reporting-verb lexicon gives each lemma its certainty and its ``Family``; the other lists are sets
of lemmas or lower-cased words. Closed sets of punctuation marks and parse labels stay in the
modules that test them.
"""

from __future__ import annotations

import functools

from ... import lexicons
from .families import Family


def _classes(name: str, allowed: set[str]) -> dict[str, str]:
    """``{term: class}`` of table ``name``, every class one of ``allowed``."""
    table = lexicons.load_table(name)
    for term, fields in table.items():
        if fields[0] not in allowed:
            raise lexicons.LexiconError(f"lexicon {name!r}: {term!r} has class {fields[0]!r}, "
                                        f"not one of {sorted(allowed)}")
    return {term: fields[0] for term, fields in table.items()}


def _of_class(table: dict[str, str], cls: str) -> frozenset[str]:
    return frozenset(t for t, c in table.items() if c == cls)


@functools.lru_cache(maxsize=1)
def reporting_verbs() -> dict[str, tuple[str, Family]]:
    """``{lemma: (certainty, family)}`` of ``lexicons/reporting_verbs.txt``."""
    table = lexicons.load_table("reporting_verbs")
    certainties = {"factive", "asserted", "distanced", "hedged"}
    out = {}
    families = {f.value for f in Family}
    for lemma, fields in table.items():
        if len(fields) < 2 or fields[0] not in certainties or fields[1] not in families:
            raise lexicons.LexiconError(f"lexicon 'reporting_verbs': {lemma!r} needs a certainty "
                                        f"({sorted(certainties)}) and a family ({sorted(families)})")
        out[lemma] = (fields[0], Family(fields[1]))
    return out


def hedge_words() -> frozenset[str]:
    """Evidential adverbs and adjectives (``lexicons/hedge_adverbs.txt``: "reportedly", "alleged")."""
    return lexicons.terms("hedge_adverbs")


def headline_labels() -> frozenset[str]:
    """Section labels that look like a colon speaker ("Update:", ``lexicons/headline_labels.txt``)."""
    return lexicons.terms("headline_labels")


SPEECH_ACT_NOUNS = lexicons.terms("speech_act_nouns")
_LIGHT = _classes("light_verbs", {"support", "idiom"})
LIGHT_VERBS = _of_class(_LIGHT, "support")  # carry any cue noun: "raised questions about"
IDIOM_LIGHT_VERBS = _of_class(_LIGHT, "idiom")  # only in idioms with a noun of speech: "took aim at"
VIEW_NOUNS = lexicons.terms("view_nouns")
FINDING_NOUNS = lexicons.terms("finding_nouns")
AUDIENCE_NOUNS = lexicons.terms("audience_nouns")
_RAISING = _classes("raising_passives", {"hedged", "verb"})
RAISING_PASSIVES = frozenset(_RAISING)
HEDGED_RAISING = _of_class(_RAISING, "hedged")  # the frame is hearsay whatever the verb's certainty
OUTLET_VERBS = lexicons.terms("outlet_verbs")
GATED_VERBS = _classes("gated_verbs", {"clause", "complement", "accusation", "main"})
ADDRESSEE_PRONOUNS = lexicons.terms("addressee_pronouns")
RELATIVE_PRONOUNS = lexicons.terms("relative_pronouns")
ACCUSE_PREPS = lexicons.terms("accuse_prepositions")
STANCE_PREPS = lexicons.terms("stance_prepositions")
_NOUN_PREPS = _classes("noun_content_prepositions", {"noun", "light"})
NOUN_CONTENT_PREPS = _of_class(_NOUN_PREPS, "noun")
LIGHT_PREPS = frozenset(_NOUN_PREPS)  # the target of a light-verb idiom: the noun's words, and at/with/into
TIME_PLACE_PREPS = lexicons.terms("time_place_prepositions")
QUESTION_VERBS = lexicons.terms("question_verbs")
ALIAS_VERBS = lexicons.terms("alias_verbs")
_HOLDERS = _classes("view_holders", {"people", "nobody"})
PEOPLE_PRONOUNS = _of_class(_HOLDERS, "people")  # "To many, ...", "For some, ..."
NOT_HOLDERS = _of_class(_HOLDERS, "nobody")  # "For this, ...", "For all, ..."
MODALS = lexicons.terms("hedging_modals")
FOCUS_ADVERBS = lexicons.terms("focus_adverbs")
