"""Features of a (claim, report) pair for the stance model, by source.

Each source turns a prepared pair into named columns; the model file names the features it was
trained with, so a source can be dropped or added by retraining (docs/stance.md measures what
each brings):

- ``lexical``: how much of the claim the report repeats: TF-IDF cosine of the claim with the whole
  report, its lead and its best sentences; the IDF-weighted share of the claim's words, bigrams,
  numbers and names found in the report; lengths.
- ``cues``: words that dispute, hedge, relay or confirm (``lexicons/stance_cues.txt``,
  ``hedge_adverbs.txt`` and the certainty classes of ``reporting_verbs.txt``), counted in the claim,
  in the selected sentences (weighted by their similarity to the claim) and over the whole report;
  question marks; negation in the claim but not in the report's best sentence, and the reverse.
- ``hashed``: the selected sentences' (and the claim's) words and bigrams as hashed features for
  a linear layer (``weights.HashedLayer``) whose class scores the trees read, or that is part of a
  linear head.

Two more sources were measured and left out, because they added under a point for a fifth to a
tenth of the speed (docs/stance.md): cosines of all-MiniLM-L6-v2 vectors of the claim and the
selected sentences (``nlp/encoder.py``), and what sourcetrace's attribution extractor finds in the
selected sentences. A new source is a function in ``GROUPS`` and a retraining.

Stop words are the stems the training texts use most (document frequency over ``STOP_DF``), so no
list is kept by hand; unseen stems count as the rarest.
"""

from __future__ import annotations

import functools
import math
import zlib
from collections import Counter
from dataclasses import dataclass, field

from .. import lexicons
from .text import Sentence, capitalised, numbers, split_sentences, stem, words

# a stem used in more than this share of training documents is a stop word for similarity
STOP_DF = 0.25
# sentences besides the lead that the close-reading features see (the cut of long reports); 3 was
# not tuned: it keeps a long body's close reading to about a hundred words
TOP_K = 3
# buckets of the hashed word features of the linear layer
HASH_BUCKETS = 2**18
CUE_CLASSES = ("false", "deny", "hedge", "rumour", "support", "negation", "said",
               "evidential", "asserted", "distanced", "hedged_verb", "factive")


@functools.lru_cache(maxsize=1)
def cue_table() -> tuple[dict[str, str], dict[tuple[str, str], str]]:
    """Stem -> cue class, and stem pair -> cue class, from the three lexicons (loaded once)."""
    single: dict[str, str] = {}
    pairs: dict[tuple[str, str], str] = {}
    for term, fields in lexicons.load_table("stance_cues").items():
        parts = [stem(w) for w in words(term)]
        if len(parts) == 1:
            single.setdefault(parts[0], fields[0])
        elif len(parts) == 2:
            pairs[(parts[0], parts[1])] = fields[0]
    for term in lexicons.load("hedge_adverbs"):
        single.setdefault(stem(term), "evidential")
    verb_class = {"asserted": "asserted", "distanced": "distanced", "hedged": "hedged_verb", "factive": "factive"}
    for lemma, fields in lexicons.load_table("reporting_verbs").items():
        single.setdefault(stem(lemma), verb_class[fields[0]])
    return single, pairs


@functools.lru_cache(maxsize=200_000)
def _stem(word: str) -> str:
    return stem(word)


@dataclass
class Vocabulary:
    """IDF of the training stems; ``stop`` are the commonest (see ``STOP_DF``)."""

    idf: dict[str, float]
    unseen_idf: float
    stop: frozenset[str]

    @classmethod
    def fit(cls, documents: list[list[str]]) -> "Vocabulary":
        df: Counter[str] = Counter()
        for doc in documents:
            df.update(set(doc))
        n = len(documents)
        idf = {s: math.log((n + 1) / (c + 1)) + 1.0 for s, c in df.items() if c >= 2}
        stop = frozenset(s for s, c in df.items() if c > STOP_DF * n)
        return cls(idf, math.log((n + 1) / 2) + 1.0, stop)

    def weight(self, s: str) -> float:
        return self.idf.get(s, self.unseen_idf)

    def vector(self, stems: list[str]) -> dict[str, float]:
        """Sublinear TF times IDF over the non-stop stems, unit length."""
        tf = Counter(s for s in stems if s not in self.stop)
        vec = {s: (1.0 + math.log(c)) * self.weight(s) for s, c in tf.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        return {s: v / norm for s, v in vec.items()}


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(k, 0.0) for k, v in a.items())


@dataclass
class Prepared:
    """A text split and stemmed once (a claim is prepared once for all its reports)."""

    text: str
    sentences: list[Sentence]
    sent_stems: list[list[str]]
    sent_vecs: list[dict[str, float]]
    vec: dict[str, float]
    stems: list[str] = field(default_factory=list)


def prepare(text: str, vocab: Vocabulary, *, whole: bool = False) -> Prepared:
    """``whole``: one sentence for the whole text (a claim is read as one statement)."""
    sents = [Sentence(text.strip(), 0, 0)] if whole else split_sentences(text)
    sent_stems = [[_stem(w) for w in words(s.text)] for s in sents]
    all_stems = [s for ss in sent_stems for s in ss]
    return Prepared(text, sents, sent_stems, [vocab.vector(ss) for ss in sent_stems],
                    vocab.vector(all_stems), all_stems)


def select(claim: Prepared, report: Prepared, k: int = TOP_K) -> tuple[list[int], list[float]]:
    """The cut rule: the lead sentence and the ``k`` others most similar to the claim (TF-IDF
    cosine, ties to the earlier sentence), in text order; and every sentence's cosine."""
    sims = [cosine(claim.vec, v) for v in report.sent_vecs]
    if not sims:
        return [], sims
    ranked = sorted(range(1, len(sims)), key=lambda i: (-sims[i], i))[:k]
    return sorted({0, *ranked}), sims


def _cue_counts(stems: list[str], table) -> Counter[str]:
    single, pairs = table
    out: Counter[str] = Counter()
    for i, s in enumerate(stems):
        cls = single.get(s)
        if cls:
            out[cls] += 1
        if i and (stems[i - 1], s) in pairs:
            out[pairs[(stems[i - 1], s)]] += 1
    return out


LEXICAL_NAMES = ("cos_all", "cos_lead", "cos_max", "cos_2nd", "cos_top3", "best_pos", "best_is_lead",
                 "share_related", "cover_all", "cover_best", "cover_lead", "cover_selected", "bigram_cover",
                 "numbers_claim", "numbers_found", "names_found", "claim_words", "report_words",
                 "report_sentences", "claim_stop_share")


def lexical(claim: Prepared, report: Prepared, vocab: Vocabulary, selected: list[int], sims: list[float]) -> list[float]:
    n = len(sims)
    order = sorted(sims, reverse=True)
    best = max(range(n), key=lambda i: (sims[i], -i)) if n else 0
    # sorted: float sums in one order in every process (set order follows PYTHONHASHSEED)
    content = sorted(s for s in set(claim.stems) if s not in vocab.stop)
    total = sum(vocab.weight(s) for s in content) or 1.0

    def cover(stem_set: set[str]) -> float:
        return sum(vocab.weight(s) for s in content if s in stem_set) / total

    all_set = set(report.stems)
    sel_set = {s for i in selected for s in report.sent_stems[i]}
    cbig = {(a, b) for a, b in zip(claim.stems, claim.stems[1:])}
    rbig = set(zip(report.stems, report.stems[1:]))
    cnum = numbers(claim.text)
    cnames = capitalised(claim.text)
    rlow = report.text.lower()
    return [
        cosine(claim.vec, report.vec),
        sims[0] if n else 0.0,
        order[0] if n else 0.0,
        order[1] if n > 1 else 0.0,
        sum(order[:3]) / min(3, n) if n else 0.0,
        best / max(1, n - 1),
        float(best == 0),
        sum(1 for s in sims if s >= 0.2) / n if n else 0.0,
        cover(all_set),
        cover(set(report.sent_stems[best])) if n else 0.0,
        cover(set(report.sent_stems[0])) if n else 0.0,
        cover(sel_set),
        len(cbig & rbig) / len(cbig) if cbig else 0.0,
        float(len(cnum)),
        len(cnum & numbers(report.text)) / len(cnum) if cnum else -1.0,
        sum(1 for w in cnames if w in rlow) / len(cnames) if cnames else -1.0,
        float(len(claim.stems)),
        math.log1p(len(report.stems)),
        math.log1p(n),
        1.0 - len(content) / max(1, len(set(claim.stems))),
    ]


CUE_NAMES = tuple(
    [f"claim_{c}" for c in CUE_CLASSES] + ["claim_question"]
    + [f"sel_{c}" for c in CUE_CLASSES] + [f"selw_{c}" for c in CUE_CLASSES] + ["sel_question"]
    + [f"all_{c}" for c in CUE_CLASSES] + ["all_question", "neg_claim_only", "neg_report_only", "best_false_deny"]
)


def cues(claim: Prepared, report: Prepared, selected: list[int], sims: list[float]) -> list[float]:
    table = cue_table()
    cc = _cue_counts(claim.stems, table)
    sel = Counter()
    selw = Counter()
    for i in selected:
        c = _cue_counts(report.sent_stems[i], table)
        sel.update(c)
        for k, v in c.items():
            selw[k] += v * sims[i]
    allc = Counter()
    per_sent = []
    for ss in report.sent_stems:
        c = _cue_counts(ss, table)
        per_sent.append(c)
        allc.update(c)
    n_words = max(1, len(report.stems))
    best = max(range(len(sims)), key=lambda i: (sims[i], -i)) if sims else None
    best_c = per_sent[best] if best is not None else Counter()
    q_sel = sum(report.sentences[i].text.rstrip("\"'”’ )").endswith("?") for i in selected)
    q_all = sum(s.text.rstrip("\"'”’ )").endswith("?") for s in report.sentences)
    return [
        *[float(cc[c]) for c in CUE_CLASSES],
        float("?" in claim.text),
        *[float(sel[c]) for c in CUE_CLASSES],
        *[selw[c] for c in CUE_CLASSES],
        float(q_sel),
        *[100.0 * allc[c] / n_words for c in CUE_CLASSES],
        float(q_all) / max(1, len(report.sentences)),
        float(cc["negation"] > 0 and best_c["negation"] == 0),
        float(cc["negation"] == 0 and best_c["negation"] > 0),
        float(best_c["false"] + best_c["deny"]),
    ]


def hashed(claim: Prepared, report: Prepared, vocab: Vocabulary, selected: list[int], spec: dict) -> dict[int, float]:
    """Sparse hashed word features for a head's linear layer, as ``spec`` says:

    ``parts``: ``r`` the selected sentences' stems and stem bigrams, ``c`` the claim's stems, ``o``
    the report's stems that are also in the claim (stop words left out); ``weight``: ``tfidf``
    (sublinear TF times IDF, unit length per part) or ``binary``; ``question``: one feature when a
    selected sentence ends with a question mark. CRC32 keeps the buckets the same in every process.
    """
    out: dict[int, float] = {}
    binary = spec.get("weight") == "binary"
    claim_set = set(claim.stems)

    def add(prefix: str, items: Counter[str]) -> None:
        if binary:
            vals = {term: 1.0 for term in items}
        else:
            vals = {term: (1.0 + math.log(c)) * vocab.weight(term.rsplit(" ", 1)[-1]) for term, c in items.items()}
            norm = math.sqrt(sum(v * v for v in vals.values())) or 1.0
            vals = {term: v / norm for term, v in vals.items()}
        for term, v in vals.items():
            h = zlib.crc32(f"{prefix}{term}".encode("utf-8")) % HASH_BUCKETS
            out[h] = out.get(h, 0.0) + v

    parts = spec.get("parts", ("r",))
    rs: Counter[str] = Counter()
    for i in selected:
        ss = report.sent_stems[i]
        rs.update(ss)
        rs.update(f"{a} {b}" for a, b in zip(ss, ss[1:]))
    if "r" in parts:
        add("r:", rs)
    if "c" in parts:
        add("c:", Counter(claim.stems))
    if "o" in parts:
        add("o:", Counter(s for s in rs if s in claim_set and s not in vocab.stop))
    if spec.get("question") and any(report.sentences[i].text.rstrip("\"'”’ )").endswith("?") for i in selected):
        out[zlib.crc32(b"q:?") % HASH_BUCKETS] = 1.0
    return out


def _cue_group(claim: Prepared, report: Prepared, vocab: Vocabulary, selected: list[int], sims: list[float]) -> list[float]:
    return cues(claim, report, selected, sims)


# the dense feature sources: names and the function computing them from
# (claim, report, vocab, selected sentences, every sentence's cosine); a head lists the names it
# was trained on, and only the sources those names need are computed
GROUPS = {"lexical": (LEXICAL_NAMES, lexical), "cues": (CUE_NAMES, _cue_group)}


def dense_features(claim: Prepared, report: Prepared, vocab: Vocabulary, selected: list[int],
                   sims: list[float], names: tuple[str, ...]) -> list[float]:
    """The dense features ``names`` (in that order) of one pair, computing only the groups needed."""
    values: dict[str, float] = {}
    wanted = set(names)
    for group_names, compute in GROUPS.values():
        if wanted.intersection(group_names):
            values.update(zip(group_names, compute(claim, report, vocab, selected, sims)))
    missing = wanted - values.keys()
    if missing:
        raise ValueError(f"unknown stance features: {sorted(missing)[:5]}")
    return [values[n] for n in names]
