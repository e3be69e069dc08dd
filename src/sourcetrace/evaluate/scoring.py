"""Attribution scoring: per-role span detection and relation matching, plus error breakdowns.

The metrics reproduce those of the reference scorer ``../shared/eval/score_attributions.py`` (a test
checks that both give the same counts on the same files):

* roles (source, cue, content), each span set deduplicated per document:
  ``exact`` (identical spans, one-to-one), ``partial`` (at least one shared token, one-to-one,
  greedy by overlap), ``token`` (token-level overlap of the union of role tokens);
* relations ``full`` (all three roles), ``source+content`` ("who said what") and ``cue+content``,
  one-to-one greedy matching of attributions, ``exact`` and ``partial``; a null source matches only
  a null source;
* ``lenient``: whitespace, punctuation and quote marks are trimmed from both ends of every span.

Tokens are ``\\w+`` runs and single non-space symbols. Greedy matching takes candidate pairs in
decreasing score (ties broken by higher gold index, then higher prediction index, as the reference
does) and accepts a pair when neither side is used yet.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

ROLES = ("source", "cue", "content")
RELATIONS = {"full": ("source", "cue", "content"), "source+content": ("source", "content"),
             "cue+content": ("cue", "content")}
BREAKDOWN_RELATIONS = ("source+content", "cue+content")  # partial matching, used by the breakdowns
_TOKEN = re.compile(r"\w+|[^\w\s]", re.UNICODE)
_TRIM = frozenset(" \t\r\n\"'“”‘’«»,.;:!?—–-()[]")

Frags = tuple[tuple[int, int], ...]


def trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Strip trimmable characters from both ends; a span made only of them is kept unchanged."""
    s, e = start, end
    while s < e and text[s] in _TRIM:
        s += 1
    while e > s and text[e - 1] in _TRIM:
        e -= 1
    return (s, e) if e > s else (start, end)


@dataclass
class ScoredDoc:
    """One document's attributions as normalised fragment tuples per role, plus its tokenisation."""

    text: str
    atts: list[dict[str, Frags | None]]
    starts: list[int] = field(default_factory=list)
    ends: list[int] = field(default_factory=list)

    @classmethod
    def build(cls, record: dict, text: str, *, lenient: bool) -> "ScoredDoc":
        atts = []
        for a in record.get("attributions", []):
            roles: dict[str, Frags | None] = {}
            for role in ROLES:
                frags = a.get(role + "_spans") or ([a[role]] if a.get(role) else [])
                pairs = [(int(f[0]), int(f[1])) for f in frags]
                if lenient and text:
                    pairs = [trim_span(text, s, e) for s, e in pairs]
                kept = tuple(sorted(p for p in pairs if p[1] > p[0]))
                roles[role] = kept or None
            atts.append(roles)
        doc = cls(text=text, atts=atts)
        for m in _TOKEN.finditer(text):
            doc.starts.append(m.start())
            doc.ends.append(m.end())
        return doc

    def tokens(self, frags: Frags | None) -> frozenset[int]:
        out: set[int] = set()
        for s, e in frags or ():
            i = bisect.bisect_right(self.ends, s)
            while i < len(self.starts) and self.starts[i] < e:
                out.add(i)
                i += 1
        return frozenset(out)


def greedy_pairs(n_gold: int, n_pred: int, score) -> list[tuple[int, int]]:
    """One-to-one greedy matching of gold and predicted items; ``score(i, j) > 0`` means compatible."""
    cands = [(s, i, j) for i in range(n_gold) for j in range(n_pred) if (s := score(i, j)) > 0]
    cands.sort(reverse=True)
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs = []
    for _, i, j in cands:
        if i not in used_g and j not in used_p:
            used_g.add(i)
            used_p.add(j)
            pairs.append((i, j))
    return pairs


def _add(c: Counter, key: tuple[str, str], tp: int, n_pred: int, n_gold: int) -> None:
    c[key + ("tp",)] += tp
    c[key + ("fp",)] += n_pred - tp
    c[key + ("fn",)] += n_gold - tp


def score_doc(gold: ScoredDoc, pred: ScoredDoc) -> tuple[Counter, dict[str, list[int | None]]]:
    """Counts ``{(metric, match, tp|fp|fn): n}`` for one document, and per partial relation
    (``source+content``, ``cue+content``) the index of the prediction each gold attribution was
    paired with (None when unmatched)."""
    c: Counter = Counter()
    for role in ROLES:
        g = list(dict.fromkeys(a[role] for a in gold.atts if a[role]))
        p = list(dict.fromkeys(a[role] for a in pred.atts if a[role]))
        gt = [gold.tokens(x) for x in g]
        pt = [gold.tokens(x) for x in p]
        _add(c, (role, "exact"), len(greedy_pairs(len(g), len(p), lambda i, j: int(g[i] == p[j]))), len(p), len(g))
        _add(c, (role, "partial"), len(greedy_pairs(len(g), len(p), lambda i, j: len(gt[i] & pt[j]))), len(p), len(g))
        gu = frozenset().union(*gt) if gt else frozenset()
        pu = frozenset().union(*pt) if pt else frozenset()
        c[(role, "token", "tp")] += len(gu & pu)
        c[(role, "token", "fp")] += len(pu - gu)
        c[(role, "token", "fn")] += len(gu - pu)

    gtok = [{r: gold.tokens(a[r]) for r in ROLES} for a in gold.atts]
    ptok = [{r: gold.tokens(a[r]) for r in ROLES} for a in pred.atts]
    gi = [i for i, a in enumerate(gold.atts) if a["content"] or a["cue"]]
    pj = [j for j, a in enumerate(pred.atts) if a["content"] or a["cue"]]
    matched = {name: [None] * len(gold.atts) for name in BREAKDOWN_RELATIONS}
    for name, roles in RELATIONS.items():
        def exact(x, y, roles=roles):
            return int(all(gold.atts[gi[x]][r] == pred.atts[pj[y]][r] for r in roles))

        def partial(x, y, roles=roles):
            total = 0
            for r in roles:
                ga, pa = gold.atts[gi[x]][r], pred.atts[pj[y]][r]
                if ga is None and pa is None:
                    total += 1
                    continue
                if ga is None or pa is None:
                    return 0
                overlap = len(gtok[gi[x]][r] & ptok[pj[y]][r])
                if not overlap:
                    return 0
                total += overlap
            return total

        for mode, fn in (("exact", exact), ("partial", partial)):
            pairs = greedy_pairs(len(gi), len(pj), fn)
            _add(c, ("rel:" + name, mode), len(pairs), len(pj), len(gi))
            if name in matched and mode == "partial":
                for x, y in pairs:
                    matched[name][gi[x]] = pj[y]
    return c, matched


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def table(total: Counter) -> list[dict]:
    """Rows ``{metric, match, precision, recall, f1, n_gold}`` (percentages), roles first."""
    keys = sorted({k[:2] for k in total}, key=lambda k: (k[0].startswith("rel"), k))
    rows = []
    for metric, match in keys:
        tp, fp, fn = (total[(metric, match, x)] for x in ("tp", "fp", "fn"))
        p, r, f = prf(tp, fp, fn)
        rows.append({"metric": metric, "match": match, "precision": round(100 * p, 1),
                     "recall": round(100 * r, 1), "f1": round(100 * f, 1), "n_gold": tp + fn})
    return rows


# ---------------------------------------------------------------------------------------------
# breakdowns: where the relation score is won and lost. Gold attributions are grouped by simple
# surface heuristics on the *unmodified* gold spans (PolNeAR has no such labels); predictions are
# grouped by the fields the extractor writes (cue_family, direct). Recall and precision are those of
# the partial source+content relation ("who said what"); ``detected`` uses cue+content instead, so
# the gap between the two is the share lost to a wrong or missing source.

QUOTES = "\"“”"
# personal, possessive, relative and demonstrative pronouns seen as whole PolNeAR sources
PRONOUNS = frozenset("i you he she it we they me him her us them my your his its our their "
                     "who whom whose which that this these those".split())
# Cue lemmas, compiled for this breakdown from the most frequent PolNeAR *train* cues (dev unseen).
SPEECH = frozenset("""say tell add write ask note report announce tweet post state explain declare reply
respond answer comment claim argue insist warn suggest call describe acknowledge admit confirm deny reveal
recall promise vow pledge urge stress reiterate predict mention quote joke complain continue conclude assert
concede allege testify remark point echo repeat tout boast brag question blast slam criticize praise accuse
blame attack dismiss reject defend thank recount caution advise emphasize propose talk speak refer express
discuss assure remind identify name list highlight portray compare read lament decry denounce mock charge
""".split())
BELIEF = frozenset("""think believe feel expect hope fear know want worry seem appear doubt suspect assume
consider plan prefer wonder learn understand realize see view estimate wish intend guess imagine suppose
trust""".split())
# evidence: a document, poll or study as the source; stance: a position towards a person, plan or policy
EVIDENCE = frozenset("show find indicate cite".split())
STANCE = frozenset("support endorse oppose back refuse decline seek agree favor sign vote push order request "
                   "offer demand try".split())
BE = frozenset("is was were are been be being 's".split())
IRREGULAR = {"said": "say", "says": "say", "told": "tell", "wrote": "write", "written": "write",
             "thought": "think", "felt": "feel", "knew": "know", "known": "know", "saw": "see",
             "seen": "see", "found": "find", "understood": "understand", "meant": "mean",
             "spoke": "speak", "spoken": "speak", "sought": "seek", "shown": "show"}
PARTICIPLE = re.compile(r"(ed|en)$")


def _lemmas(word: str) -> set[str]:
    """Crude candidate lemmas of an inflected verb form (enough for frequent cue verbs)."""
    if word in IRREGULAR:
        return {IRREGULAR[word]}
    out = {word}
    for suffix, repl in (("ies", "y"), ("ied", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"),
                         ("d", ""), ("ing", ""), ("ing", "e")):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            out.add(word[: -len(suffix)] + repl)
    for w in list(out):  # doubled consonant: "admitted" -> "admitt" -> "admit"
        if len(w) > 3 and w[-1] == w[-2]:
            out.add(w[:-1])
    return out


def cue_category(cue_text: str) -> str:
    """Surface class of a gold cue: according to, punctuation, adverbial, passive, belief verb,
    evidence verb, speech verb, stance verb, or other (nouns and prepositions: "in", "criticism")."""
    text = " ".join(cue_text.lower().split())
    words = re.findall(r"[a-z']+", text)
    if "according" in words:
        return "according to"
    if not words:
        return "punctuation"
    if len(words) == 1 and words[0].endswith("ly") and words[0] not in ("reply", "apply"):
        return "adverbial"
    for k, w in enumerate(words):
        if w in BE and any(PARTICIPLE.search(x) or x in IRREGULAR for x in words[k + 1:]):
            return "passive"
    lemmas = set().union(*(_lemmas(w) for w in words))
    if lemmas & BELIEF:
        return "belief verb"
    if lemmas & EVIDENCE:
        return "evidence verb"
    if lemmas & SPEECH:
        return "speech verb"
    if lemmas & STANCE:
        return "stance verb"
    return "other (nouns, prepositions, rarer verbs)"


def _frags(att: dict, role: str) -> list[tuple[int, int]]:
    frags = att.get(role + "_spans") or ([att[role]] if att.get(role) else [])
    return sorted((int(s), int(e)) for s, e in frags if int(e) > int(s))


def gold_categories(text: str, att: dict) -> dict[str, str]:
    """Category of a raw gold attribution in each breakdown group (``content``, ``source``, ``cue``)."""
    cats = {}
    content = _frags(att, "content")
    if content:
        s, e = content[0][0], content[-1][1]
        while s < e and text[s].isspace():
            s += 1
        starts_quoted = text[s:s + 1] in tuple(QUOTES) or (s > 0 and text[s - 1] in QUOTES)
        inner = any(q in text[a:b] for a, b in content for q in QUOTES)
        cats["content"] = "direct quote" if starts_quoted else ("partly quoted" if inner else "indirect")
    source = _frags(att, "source")
    if not source:
        cats["source"] = "none (sourceless)"
    else:
        stext = " ".join(text[a:b] for a, b in source).strip().lower()
        cats["source"] = "bare pronoun" if stext in PRONOUNS else "noun phrase"
    cue = _frags(att, "cue")
    if cue:
        cats["cue"] = cue_category(" ".join(text[a:b] for a, b in cue))
    return cats


def _pct(num: int, den: int) -> float:
    return round(100 * num / den, 1) if den else 0.0


def breakdowns(golds: list[tuple[dict, ScoredDoc]], preds: list[tuple[dict, ScoredDoc]],
               matches: list[dict[str, list[int | None]]]) -> dict:
    """Recall by gold category, precision by predicted cue family and quote flag, and P/R/F1 per
    publisher, all for the partial source+content relation (``detected``: cue+content)."""
    gold_cnt: dict[str, dict[str, Counter]] = {}
    pred_cnt: dict[str, dict[str, Counter]] = {}
    publisher: dict[str, Counter] = {}
    n_gold_total = 0
    for (grec, gdoc), (prec, pdoc), matched in zip(golds, preds, matches):
        raw_g = grec.get("attributions", [])
        for k, att in enumerate(gdoc.atts):
            if not (att["content"] or att["cue"]):
                continue
            n_gold_total += 1
            for group, cat in gold_categories(gdoc.text, raw_g[k]).items():
                cnt = gold_cnt.setdefault(group, {}).setdefault(cat, Counter())
                cnt["n"] += 1
                cnt["hit"] += matched["source+content"][k] is not None
                cnt["detected"] += matched["cue+content"][k] is not None
        hits = {j for j in matched["source+content"] if j is not None}
        found = {j for j in matched["cue+content"] if j is not None}
        raw_p = prec.get("attributions", [])
        for j, att in enumerate(pdoc.atts):
            if not (att["content"] or att["cue"]):
                continue
            fields = {"cue_family": raw_p[j].get("cue_family") or "unknown",
                      "quote": {True: "direct", False: "indirect"}.get(raw_p[j].get("direct"), "unknown")}
            for group, cat in fields.items():
                cnt = pred_cnt.setdefault(group, {}).setdefault(cat, Counter())
                cnt["n"] += 1
                cnt["hit"] += j in hits
                cnt["detected"] += j in found
        cnt = publisher.setdefault(grec.get("publisher") or "unknown", Counter())
        n_gold = sum(1 for a in gdoc.atts if a["content"] or a["cue"])
        n_pred = sum(1 for a in pdoc.atts if a["content"] or a["cue"])
        cnt["docs"] += 1
        cnt["tp"] += len(hits)
        cnt["fp"] += n_pred - len(hits)
        cnt["fn"] += n_gold - len(hits)

    def by_n(d: dict) -> list:
        return sorted(d.items(), key=lambda kv: (-kv[1]["n"], kv[0]))

    pubs = {}
    for name, v in sorted(publisher.items()):
        p, r, f = prf(v["tp"], v["fp"], v["fn"])
        pubs[name] = {"docs": v["docs"], "n_gold": v["tp"] + v["fn"], "precision": round(100 * p, 1),
                      "recall": round(100 * r, 1), "f1": round(100 * f, 1)}
    return {
        "relation": "source+content, partial (detected: cue+content, partial)",
        "gold": {group: {cat: {"n": v["n"], "share": _pct(v["n"], n_gold_total), "recall": _pct(v["hit"], v["n"]),
                               "detected": _pct(v["detected"], v["n"])} for cat, v in by_n(cats)}
                 for group, cats in sorted(gold_cnt.items())},
        "predicted": {group: {cat: {"n": v["n"], "precision": _pct(v["hit"], v["n"]),
                                    "detected": _pct(v["detected"], v["n"])} for cat, v in by_n(cats)}
                      for group, cats in sorted(pred_cnt.items())},
        "publisher": pubs,
    }


def score(gold_docs: Iterable[dict], pred_by_id: dict[str, dict], *, lenient: bool = True) -> dict:
    """Score predictions against gold documents: the metric table and the breakdowns.

    As in the reference scorer, a repeated gold id counts once (its first line), a document without
    prediction counts as predicting nothing, and predicted offsets are read against the gold text.
    """
    total: Counter = Counter()
    golds, preds, matches = [], [], []
    seen: set[str] = set()
    missing = 0
    for g in gold_docs:
        if g["id"] in seen:
            continue
        seen.add(g["id"])
        text = g["text"]
        p = pred_by_id.get(g["id"])
        if p is None:
            missing += 1
            p = {"attributions": []}
        gdoc = ScoredDoc.build(g, text, lenient=lenient)
        pdoc = ScoredDoc.build(p, text, lenient=lenient)
        counts, matched = score_doc(gdoc, pdoc)
        total.update(counts)
        golds.append((g, gdoc))
        preds.append((p, pdoc))
        matches.append(matched)
    return {"documents": len(golds), "missing_predictions": missing, "lenient": lenient,
            "rows": table(total), "counts": {"|".join(k): v for k, v in sorted(total.items())},
            "breakdowns": breakdowns(golds, preds, matches)}


def first_by_id(records: Iterable[dict]) -> dict[str, dict]:
    """``{id: record}`` keeping the first record of each id (the reference scorer's rule)."""
    out: dict[str, dict] = {}
    for r in records:
        out.setdefault(r["id"], r)
    return out
