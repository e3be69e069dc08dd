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
from dataclasses import dataclass, field

ROLES = ("source", "cue", "content")
RELATIONS = {"full": ("source", "cue", "content"), "source+content": ("source", "content"),
             "cue+content": ("cue", "content")}
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


def score_doc(gold: ScoredDoc, pred: ScoredDoc) -> tuple[Counter, list[int | None]]:
    """Counts ``{(metric, match, tp|fp|fn): n}`` for one document, and for each gold attribution the
    index of the prediction it was paired with in the source+content partial relation (or None)."""
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
    matched: list[int | None] = [None] * len(gold.atts)
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
            if name == "source+content" and mode == "partial":
                for x, y in pairs:
                    matched[gi[x]] = pj[y]
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
# breakdowns

PRONOUNS = frozenset("he she they it we i you him her them us who which that this these those one".split())
BELIEF = frozenset("think thinks thought believe believes believed feel feels felt expect expects expected "
                   "hope hopes hoped fear fears feared know knows knew want wants wanted worry worried".split())


def gold_categories(text: str, att: dict) -> list[str]:
    """Categories of a gold attribution for the recall breakdown."""
    cats = []
    src, cue, content = att.get("source"), att.get("cue"), att.get("content")
    if content:
        s = content[0][0]
        near = text[max(0, s - 1):s + 2]
        cats.append("direct" if any(q in near for q in "\"“”") else "indirect")
    if not src:
        cats.append("sourceless")
    else:
        stext = " ".join(text[a:b] for a, b in src).strip().lower()
        if stext in PRONOUNS:
            cats.append("pronoun source")
    if cue:
        ctext = " ".join(text[a:b] for a, b in cue).strip().lower()
        words = ctext.split()
        if "according" in words:
            cats.append("cue: according to")
        elif len(words) == 1 and ctext.endswith("ly"):
            cats.append("cue: adverbial")
        elif any(w in ("is", "was", "were", "are", "been", "be", "being") for w in words) and re.search(r"ed\b|told\b|said\b|seen\b|known\b", ctext):
            cats.append("cue: passive")
        elif any(w in BELIEF for w in words):
            cats.append("cue: belief")
        elif re.fullmatch(r"[:\-–—]", ctext):
            cats.append("cue: punctuation")
        else:
            cats.append("cue: speech and other verbs")
    return cats


def breakdowns(golds: list[tuple[dict, ScoredDoc]], preds: list[tuple[dict, ScoredDoc]],
               matches: list[list[int | None]]) -> dict:
    """Recall by gold category, precision by predicted cue family, and F1 per publisher, all for the
    source+content partial relation."""
    recall: dict[str, Counter] = {}
    precision: dict[str, Counter] = {}
    publisher: dict[str, Counter] = {}
    for (grec, gdoc), (prec, pdoc), matched in zip(golds, preds, matches):
        raw_g = [a for a in grec.get("attributions", [])]
        for k, att in enumerate(gdoc.atts):
            if not (att["content"] or att["cue"]):
                continue
            for cat in gold_categories(gdoc.text, att):
                recall.setdefault(cat, Counter())["n"] += 1
                recall[cat]["hit"] += matched[k] is not None
        hit_preds = {j for j in matched if j is not None}
        raw_p = prec.get("attributions", [])
        for j, att in enumerate(pdoc.atts):
            if not (att["content"] or att["cue"]):
                continue
            fam = raw_p[j].get("cue_family", "unknown") if j < len(raw_p) else "unknown"
            precision.setdefault(fam, Counter())["n"] += 1
            precision[fam]["hit"] += j in hit_preds
        pub = grec.get("publisher") or "unknown"
        cnt = publisher.setdefault(pub, Counter())
        n_gold = sum(1 for a in gdoc.atts if a["content"] or a["cue"])
        n_pred = sum(1 for a in pdoc.atts if a["content"] or a["cue"])
        tp = len(hit_preds)
        cnt["tp"] += tp
        cnt["fp"] += n_pred - tp
        cnt["fn"] += n_gold - tp
        cnt["docs"] += 1
        del raw_g
    return {
        "recall_by_gold_category": {k: {"n": v["n"], "recall": round(100 * v["hit"] / v["n"], 1)}
                                    for k, v in sorted(recall.items())},
        "precision_by_predicted_family": {k: {"n": v["n"], "precision": round(100 * v["hit"] / v["n"], 1)}
                                          for k, v in sorted(precision.items())},
        "by_publisher": {k: {"docs": v["docs"], **dict(zip(("precision", "recall", "f1"),
                                                          (round(100 * x, 1) for x in prf(v["tp"], v["fp"], v["fn"]))))}
                         for k, v in sorted(publisher.items())},
    }


def score(gold_docs: list[dict], pred_by_id: dict[str, dict], *, lenient: bool = True) -> dict:
    """Score predictions against gold documents: the metric table and the breakdowns."""
    total: Counter = Counter()
    golds, preds, matches = [], [], []
    for g in gold_docs:
        text = g["text"]
        p = pred_by_id.get(g["id"], {"attributions": []})
        gdoc = ScoredDoc.build(g, text, lenient=lenient)
        pdoc = ScoredDoc.build(p, text, lenient=lenient)
        counts, matched = score_doc(gdoc, pdoc)
        total.update(counts)
        golds.append((g, gdoc))
        preds.append((p, pdoc))
        matches.append(matched)
    return {"documents": len(gold_docs), "rows": table(total), "breakdowns": breakdowns(golds, preds, matches)}
