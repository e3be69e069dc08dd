"""Signals: article-level credibility and style features (NELA-style), tied to the claim ledger.

All values are JSON-ready. Keys:

* ``calls_to_share``: removed lines and body sentences that urge readers to share or spread the
  text (``lexicons/share_calls``);
* ``loaded_terms``: ``{text, lemma, category, span}`` for every token whose lemma is in
  ``lexicons/loaded_terms`` (pejorative, emotive, intensifier, loaded verb, opinion);
* ``attributions_by_kind`` (source kinds, ``none`` for sourceless claims) and
  ``attributions_by_certainty``;
* ``named_source_share``: share of attributions whose source is a named entity (person,
  organisation, outlet, official body with an entity id), null when there are no attributions;
* ``hedges_per_1000_words``: hedge adverbs (``lexicons/hedge_adverbs``) and the modals may, might,
  could, per 1,000 words;
* ``unattributed_opinion_sentences``: sentences with an opinion or loaded term, or an evaluative
  modal ("should", "must"), that no attribution covers - the writer's own voice;
* ``quote_share``: share of attributions that are direct quotations;
* ``word_count``, ``sentence_count``, ``exclamations``, ``all_caps_words`` (words of 3+ capitals
  that are not acronyms of an entity).
"""

from __future__ import annotations

import functools
import re
from collections import Counter

from .. import lexicons
from ..records import CERTAINTIES, SOURCE_KINDS, Attribution

HEDGE_MODALS = frozenset({"may", "might", "could"})
EVALUATIVE_MODALS = frozenset({"should", "must", "ought"})
NAMED_KINDS = frozenset({"person", "organization", "media", "official"})


@functools.lru_cache(maxsize=1)
def _loaded() -> dict[str, str]:
    return {k: v[0] for k, v in lexicons.load_table("loaded_terms").items()}


@functools.lru_cache(maxsize=1)
def _share_patterns() -> tuple[re.Pattern, ...]:
    return tuple(re.compile(p, re.IGNORECASE) for p in lexicons.load("share_calls", keep_case=True))


@functools.lru_cache(maxsize=1)
def _hedges() -> frozenset[str]:
    return frozenset(lexicons.load("hedge_adverbs"))


def _is_share_call(text: str) -> bool:
    return any(p.search(text) for p in _share_patterns())


def signals(doc, *, attributions: list[Attribution], removed=()) -> dict:
    """Signals of ``doc`` given its attributions and the lines removed by cleaning."""
    words = [t for t in doc if t.is_alpha]
    n_words = len(words)
    sents = list(doc.sents)

    calls = [line for line in removed if _is_share_call(line)]
    calls += [s.text.strip() for s in sents if len(s) <= 40 and _is_share_call(s.text)]

    loaded = []
    for t in doc:
        if not t.is_alpha:
            continue
        lemma = t.lemma_.lower()
        cat = _loaded().get(lemma) or _loaded().get(t.lower_)
        if cat and cat != "opinion" or (cat == "opinion" and t.pos_ in ("ADJ", "ADV", "NOUN")):
            loaded.append({"text": t.text, "lemma": lemma, "category": cat, "span": [t.idx, t.idx + len(t)]})

    hedge_count = sum(1 for t in doc if t.lower_ in _hedges() or (t.lower_ in HEDGE_MODALS and t.tag_ == "MD"))

    covered = [(a.content.span[0], a.content.span[1]) for a in attributions]
    covered += [(a.cue.span[0], a.cue.span[1]) for a in attributions]
    loaded_at = {d["span"][0] for d in loaded}
    opinion = []
    for s in sents:
        has_opinion = any(s.start_char <= x < s.end_char for x in loaded_at) or any(
            t.lower_ in EVALUATIVE_MODALS and t.tag_ == "MD" for t in s)
        if not has_opinion:
            continue
        if any(a < s.end_char and s.start_char < b for a, b in covered):
            continue
        opinion.append({"text": s.text.strip(), "span": [s.start_char, s.end_char]})

    by_kind = Counter((a.source.kind if a.source else "none") for a in attributions)
    by_cert = Counter(a.certainty for a in attributions)
    named = sum(1 for a in attributions if a.source and a.source.kind in NAMED_KINDS and a.source.entity)
    entity_acronyms = {e.text for e in doc.ents}
    caps = [t.text for t in words if len(t.text) >= 3 and t.text.isupper() and t.text not in entity_acronyms
            and not any(t.text in e for e in entity_acronyms)]
    return {
        "calls_to_share": list(dict.fromkeys(calls)),
        "loaded_terms": loaded,
        "attributions_by_kind": {k: by_kind.get(k, 0) for k in SOURCE_KINDS + ("none",)},
        "attributions_by_certainty": {k: by_cert.get(k, 0) for k in CERTAINTIES},
        "named_source_share": round(named / len(attributions), 3) if attributions else None,
        "hedges_per_1000_words": round(1000 * hedge_count / n_words, 2) if n_words else 0.0,
        "unattributed_opinion_sentences": opinion,
        "quote_share": round(sum(a.direct for a in attributions) / len(attributions), 3) if attributions else None,
        "word_count": n_words,
        "sentence_count": len(sents),
        "exclamations": doc.text.count("!"),
        "all_caps_words": caps,
    }
