"""Train the attribution cue model (``extract.attribution.learned.cue_model``) on annotated news.

``sourcetrace train attributions --data DIR --output FILE`` reads ``DIR/train.jsonl`` (PolNeAR's
format: ``{"id", "text", "attributions": [{"cue": [s, e], "content": [s, e], "source": ...}]}``),
parses every text with the configured spaCy model, and:

1. lists **candidate cues** outside the reporting-verb lexicon: lemma|POS pairs (verbs and nouns) that
   head an annotated cue at least ``min_count`` times and in at least ``min_rate`` of their
   occurrences ("pointed to", "criticism of", "raised questions about");
2. runs the rules with those candidates and labels each candidate attribution 1 when its cue overlaps
   an annotated cue, else 0;
3. fits an L2 logistic regression (scikit-learn) on the candidates' features;
4. picks the probability threshold that maximises cue-level F1 on out-of-fold predictions (documents
   split into ``folds`` groups, so the threshold is not tuned on what the model was fitted on);
5. fits the **content-end model** (``learned.content_bounds``): for every candidate on an annotated cue
   whose content is an indirect clause after the cue, each token boundary of the sentence is an
   example, positive where the annotated content ends; out of fold, it reports how often the
   best-scoring boundary is the annotated one, next to how often the rules' end is; then the
   **content-start model** the same way;
6. fits the **cue-end and cue-start models** (``learned.cue_bounds``) on the candidates whose cue
   and content match an annotation, after the content models have set their edges as at run time:
   each word the cue may end (or start) on is an example, positive where the annotated cue does;
7. writes the weights, threshold and candidate list as JSON with a ``meta`` record of what the model
   was trained on (file, number of documents, SHA-256 of the file, settings, scikit-learn version and
   the cross-validated scores).

Training is deterministic for a given data file, spaCy model and scikit-learn version. It needs the
``train`` extra (scikit-learn); scoring at run time does not.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..errors import SourcetraceError
from ..extract import attribution as attr_mod
from ..extract.attribution.learned import content_bounds, cue_bounds, cue_model
from ..extract.attribution.learned.linear import trimmed_end, trimmed_start


@dataclass(frozen=True)
class TrainOptions:
    """Options of ``sourcetrace train attributions`` (defaults used for the shipped model)."""

    min_count: int = 3  # a candidate lemma|POS heads at least this many annotated cues in train
    min_rate: float = 0.08  # ... and at least this share of its occurrences
    end_C: float = 0.1  # inverse L2 strength of the content-end and content-start models
    cue_C: float = 0.3  # ... of the cue-end and cue-start models; out-of-fold cue ends/starts right for C = 0.03, 0.1, 0.3, 1: 81.9/88.8, 82.2/89.9, 82.7/90.5, 82.6/90.9%
    C: float = 0.1  # inverse L2 strength; out-of-fold relation F1 on PolNeAR train for C = 0.05, 0.1, 0.2, 0.5: 68.0, 68.2, 68.1, 67.9
    folds: int = 5
    workers: int = 1
    limit: int | None = None  # first N training documents only (quick experiments)
    label_content: int = 1  # 1: a positive candidate must also overlap the annotated content
    terms: str = ""  # the training data's terms of use, recorded in the model's meta


def _read(path: Path, limit: int | None) -> list[dict]:
    from ..evaluate.predict import read_docs

    docs = list(read_docs(path, limit=limit))
    if not docs:
        raise SourcetraceError("E051", path=str(path), reason="the file has no documents")
    if not any(d.get("attributions") for d in docs):
        raise SourcetraceError("E051", path=str(path), reason="no document has an 'attributions' list")
    for n, d in enumerate(docs, 1):
        atts = d.get("attributions") or []
        if not isinstance(atts, list):
            raise SourcetraceError("E051", path=str(path), reason=f"document {n}: 'attributions' is not a list")
        for a in atts:
            for role in ("source", "cue", "content"):
                a[role] = _span(a.get(role), path, n, role, len(d["text"]))
    return docs


def _span(value, path: Path, n: int, role: str, size: int) -> tuple[int, int] | None:
    """An annotated span as (start, end), None when absent or empty; E051 for any other shape."""
    if value is None or value == []:
        return None
    if (isinstance(value, (list, tuple)) and len(value) == 2 and all(isinstance(x, int) for x in value)
            and 0 <= value[0] <= value[1] <= size):
        return (value[0], value[1]) if value[1] > value[0] else None
    raise SourcetraceError("E051", path=str(path), reason=f"document {n}: {role} {value!r} is not a [start, end] "
                                                        f"pair of character offsets into the text")


def parse(texts: list[str], *, workers: int = 1, nlp=None, cache: Path | None = None):
    """spaCy Docs of ``texts``; with ``cache``, reuses a DocBin saved for the same texts and model."""
    from spacy.tokens import DocBin

    from ..nlp.model import load_model

    nlp = nlp or load_model()
    key = hashlib.sha256(("\x00".join(texts) + nlp.meta.get("name", "") + nlp.meta.get("version", "")).encode()).hexdigest()[:16]
    if cache is not None:
        path = Path(cache) / f"parsed-{key}.spacy"
        if path.is_file():
            return list(DocBin().from_disk(path).get_docs(nlp.vocab))
    docs = list(nlp.pipe(texts, batch_size=16, n_process=max(1, workers)))
    if cache is not None:
        Path(cache).mkdir(parents=True, exist_ok=True)
        db = DocBin(store_user_data=False)
        for d in docs:
            db.add(d)
        db.to_disk(path)
    return docs


def _overlaps(a, b) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def candidate_lexicon(docs, golds: list[dict], *, min_count: int, min_rate: float) -> dict[str, str]:
    """lemma|POS pairs outside the reporting lexicon that often head an annotated cue."""
    known = attr_mod.reporting_verbs()
    occ: Counter = Counter()
    cue: Counter = Counter()
    for doc, gold in zip(docs, golds):
        heads, inside = set(), set()
        for a in gold.get("attributions") or []:
            if not a.get("cue"):
                continue
            span = doc.char_span(a["cue"][0], a["cue"][1], alignment_mode="expand")
            if span is not None and len(span):
                heads.add(span.root.i)
                inside.update(t.i for t in span)
        for tok in doc:
            if tok.pos_ not in ("VERB", "NOUN", "ADJ"):
                continue
            if tok.pos_ == "ADJ" and tok.dep_ != "acomp":
                continue  # stance adjectives: "is critical of", "are worried that"
            key = f"{tok.lemma_.lower()}|{tok.pos_}"
            occ[key] += 1
            if tok.i in (inside if tok.pos_ == "ADJ" else heads):
                cue[key] += 1
    out = {}
    for key, n in cue.items():
        lemma, pos = key.split("|")
        if (pos == "VERB" and lemma in known) or not lemma.isalpha():  # nouns: "claim", "call" are new
            continue
        if n >= min_count and n / occ[key] >= min_rate:
            out[key] = {"VERB": "verb", "NOUN": "noun", "ADJ": "adj"}[pos]
    return out


def examples(docs, golds: list[dict], model: cue_model.CueModel, *, with_content: bool = True):
    """(features, label, doc index, matched gold cue key or None) for every candidate attribution."""
    rows = []
    for di, (doc, gold) in enumerate(zip(docs, golds)):
        quotes = attr_mod.quote_spans(doc.text)
        anns = [a for a in gold.get("attributions") or [] if a.get("cue")]
        golds_ = [(tuple(a["cue"]), tuple(a["content"]) if a.get("content") else None) for a in anns]
        for r in attr_mod.candidates(doc, model=model, quotes=quotes):
            hit = next((c for c, _ in golds_ if _overlaps(c, r.cue)), None)
            # the label asks for the content too: a candidate on the right cue with the wrong
            # content is no use to a reader (and counts as an error in the who-said-what metric)
            good = hit is not None and (not with_content or any(
                _overlaps(c, r.cue) and t is not None and _overlaps(t, r.content) for c, t in golds_))
            # "who said what": cue, content and source (or its absence) all agree with one annotation
            rel = next((k for k, a in enumerate(anns) if _overlaps(a["cue"], r.cue) and a.get("content")
                        and _overlaps(a["content"], r.content) and (
                            (a.get("source") is None) == (r.source is None)
                            and (r.source is None or _overlaps(a["source"], r.source)))), None)
            rows.append((attr_mod.features(doc, r, quotes), int(good), di,
                         (di, hit) if hit else None, (di, r.cue), (di, rel) if rel is not None else None))
    return rows


def _matched_candidates(docs, golds: list[dict], model: cue_model.CueModel, eligible):
    """(doc index, doc, annotation, candidate) for every candidate the rules propose whose cue and
    content overlap an annotation's and that ``eligible(doc, candidate)`` accepts."""
    for di, (doc, gold) in enumerate(zip(docs, golds)):
        anns = [a for a in gold.get("attributions") or [] if a.get("cue") and a.get("content")]
        if not anns:
            continue
        for r in attr_mod.candidates(doc, model=model):
            a = next((a for a in anns if _overlaps(a["cue"], r.cue) and _overlaps(a["content"], r.content)), None)
            if a is not None and eligible(doc, r):
                yield di, doc, a, r


def bound_examples(docs, golds: list[dict], model: cue_model.CueModel):
    """Rows ``(features, label, doc index, group, is the rules' choice)`` of the content-end and
    content-start models: one per candidate boundary of every eligible candidate whose cue and
    content match an annotation (``group`` numbers the candidate; ``label`` 1 where the annotated
    content ends, or starts, after lenient trimming). Returns (end rows, start rows)."""
    verbs = attr_mod.reporting_verbs()
    end_rows, start_rows = [], []
    for group, (di, doc, a, r) in enumerate(_matched_candidates(docs, golds, model, content_bounds.eligible), 1):
        text = doc.text
        frags = a.get("content_spans") or [a["content"]]
        gold_end = trimmed_end(text, *max(frags, key=lambda f: f[1]))
        gold_start = trimmed_start(text, *min(frags))
        ks, rule_k, last = content_bounds.boundaries(doc, r)
        if len(ks) >= 2:
            start = doc.char_span(r.content[0], r.content[1], alignment_mode="expand").start
            root = content_bounds.content_root(doc, start, rule_k)
            for k in ks:
                end = doc[k - 1].idx + len(doc[k - 1])
                label = int(trimmed_end(text, r.content[0], end) == gold_end)
                end_rows.append((content_bounds.features(doc, r, k, start=start, rule_k=rule_k, last=last,
                                                         root=root, verbs=verbs), label, di, group, k == rule_k))
        ss, rule_s, after_cue = content_bounds.starts(doc, r)
        if len(ss) >= 2:
            end_tok = doc.char_span(r.content[0], r.content[1], alignment_mode="expand").end
            root = content_bounds.content_root(doc, rule_s, end_tok)
            for s in ss:
                label = int(doc[s].idx == gold_start)
                start_rows.append((content_bounds.start_features(doc, r, s, rule_s=rule_s, after_cue=after_cue,
                                                                 end=end_tok, root=root),
                                   label, di, group, s == rule_s))
    return end_rows, start_rows


def cue_bound_examples(docs, golds: list[dict], model: cue_model.CueModel):
    """Rows ``(features, label, doc index, group, is the rules' choice)`` of the cue-end and
    cue-start models: one per candidate edge of every candidate whose cue and content match an
    annotation, after the content bounds of ``model`` have been applied as at run time; ``label``
    1 where the annotated cue ends (or starts) after lenient trimming. Returns (end rows, start rows)."""
    opts = attr_mod.Options()
    end_rows, start_rows = [], []
    for group, (di, doc, a, r) in enumerate(_matched_candidates(docs, golds, model, cue_bounds.eligible), 1):
        text = doc.text
        attr_mod.apply_bounds(doc, [r], model, opts, cues=False)
        gold_end = trimmed_end(text, *a["cue"])
        gold_start = trimmed_start(text, *a["cue"])
        ks, rule_k = cue_bounds.ends(doc, r)
        if len(ks) >= 2:
            cst = cue_bounds.content_start_token(doc, r)
            for k in ks:
                end = trimmed_end(text, doc[k - 1].idx, doc[k - 1].idx + len(doc[k - 1]))
                end_rows.append((cue_bounds.end_features(doc, r, k, rule_k=rule_k, content_start=cst),
                                 int(end == gold_end), di, group, k == rule_k))
        ss, rule_s = cue_bounds.starts(doc, r)
        if len(ss) >= 2:
            for st in ss:
                start_rows.append((cue_bounds.start_features(doc, r, st, rule_s=rule_s),
                                   int(doc[st].idx == gold_start), di, group, st == rule_s))
    return end_rows, start_rows


def _rank_accuracy(scores, rows) -> dict:
    """Share of candidates (with the annotated edge among their boundaries) whose best-scoring
    boundary is the annotated one, for the model and for the rules' own choice."""
    best: dict[int, tuple[float, int]] = {}
    rule: dict[int, int] = {}
    reachable = set()
    for sc, row in zip(scores, rows):
        g = row[3]
        if row[1]:
            reachable.add(g)
        if g not in best or sc > best[g][0]:
            best[g] = (sc, row[1])
        if row[4]:
            rule[g] = row[1]
    n = len(reachable)
    return {"candidates": len(best), "reachable": n,
            "model": round(100 * sum(best[g][1] for g in reachable) / n, 1) if n else 0.0,
            "rules": round(100 * sum(rule.get(g, 0) for g in reachable) / n, 1) if n else 0.0}


def _f1_at(probs, rows, n_gold: int, t: float, match: int) -> dict:
    """P/R/F1 of the candidates scoring at least ``t``. A kept candidate is a true positive when it
    matches an annotation not matched before (``row[match]``: the gold cue for the cue-level score,
    the whole annotation for the relation score); several candidates on one cue count once, as
    after de-duplication."""
    kept, matched, fp = set(), set(), 0
    # the most probable candidate on each cue is the one kept at run time (``select.dedupe``)
    for p, row in sorted(zip(probs, rows), key=lambda pr: -pr[0]):
        if p < t or row[4] in kept:
            continue
        kept.add(row[4])
        if row[match] is not None:
            matched.add(row[match])
        else:
            fp += 1
    prec = len(matched) / (len(matched) + fp) if matched or fp else 0.0
    rec = len(matched) / n_gold if n_gold else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return {"precision": round(100 * prec, 1), "recall": round(100 * rec, 1), "f1": round(100 * f1, 1),
            "_f1": f1}


def _best_threshold(probs, rows, n_gold: int, match: int) -> tuple[float, dict]:
    """The threshold (0.02 to 0.90 in steps of 0.02) with the best F1 at ``match`` (the lowest
    such threshold on a tie)."""
    scored = [(t / 100, _f1_at(probs, rows, n_gold, t / 100, match)) for t in range(2, 91, 2)]
    t, best = max(scored, key=lambda ts: (ts[1]["_f1"], -ts[0]))
    return t, {k: v for k, v in best.items() if k != "_f1"}


def train(data: str | Path, output: str | Path, options: TrainOptions = TrainOptions(), *,
          cache: str | Path | None = None, log=print) -> dict:
    """Train and write the cue model; returns its ``meta`` record."""
    try:
        import sklearn
        from sklearn.feature_extraction import DictVectorizer
        from sklearn.linear_model import LogisticRegression
    except ImportError as err:
        raise SourcetraceError("E052") from err
    data = Path(data)
    train_path = data / "train.jsonl" if data.is_dir() else data
    if not train_path.is_file():
        raise SourcetraceError("E051", path=str(data), reason="train.jsonl not found")
    golds = _read(train_path, options.limit)
    log(f"parsing {len(golds)} training documents with {options.workers} worker(s) ...")
    docs = parse([g["text"] for g in golds], workers=options.workers, cache=Path(cache) if cache else None)
    cands = candidate_lexicon(docs, golds, min_count=options.min_count, min_rate=options.min_rate)
    log(f"{len(cands)} candidate cue words outside the reporting lexicon")
    stub = cue_model.CueModel(weights={}, bias=0.0, threshold=0.0, candidates=cands)
    rows = examples(docs, golds, stub, with_content=bool(options.label_content))
    n_gold = sum(1 for g in golds for a in g.get("attributions") or [] if a.get("cue"))
    log(f"{len(rows)} candidate attributions, {sum(r[1] for r in rows)} on annotated cues; {n_gold} annotated cues")

    if len(golds) < options.folds:
        raise SourcetraceError("E051", path=str(train_path),
                               reason=f"{len(golds)} documents, fewer than the {options.folds} cross-validation folds")
    for k in range(options.folds):
        labels = {r[1] for r in rows if r[2] % options.folds != k}
        if labels != {0, 1}:
            raise SourcetraceError("E051", path=str(train_path), reason=(
                "the candidates need both kept and dropped examples in every fold; "
                f"fold {k + 1} has {'none' if not labels else 'only label ' + str(labels.pop())} (more documents are needed)"))
    vec = DictVectorizer()
    X = vec.fit_transform([{f: 1 for f in r[0]} for r in rows])
    y = [r[1] for r in rows]
    # out-of-fold probabilities, documents grouped into folds by index
    oof = _out_of_fold(X, y, rows, options.folds, lambda: LogisticRegression(C=options.C, max_iter=2000),
                       lambda clf, Xt: clf.predict_proba(Xt)[:, 1])
    # the threshold maximises out-of-fold "who said what" F1 (cue, content and source agree with
    # one annotation); the cue-level F1 at that threshold is reported too
    threshold, rel = _best_threshold(oof, rows, n_gold, match=5)
    cv = {k: v for k, v in _f1_at(oof, rows, n_gold, threshold, match=3).items() if k != "_f1"}
    log(f"threshold {threshold:.2f}: out-of-fold relation F1 {rel['f1']}; cue P {cv['precision']} R {cv['recall']} F1 {cv['f1']}")

    clf = LogisticRegression(C=options.C, max_iter=2000)
    clf.fit(X, y)
    names = vec.get_feature_names_out()
    weights = {str(n): float(w) for n, w in zip(names, clf.coef_[0]) if abs(w) >= 1e-4}
    digest = hashlib.sha256(train_path.read_bytes()).hexdigest()
    meta = {
        "trained_on": train_path.name, "documents": len(golds), "sha256": digest, "terms": options.terms,
        "annotated_cues": n_gold, "candidates": len(rows), "date": date.today().isoformat(),
        "options": {"min_count": options.min_count, "min_rate": options.min_rate, "C": options.C,
                    "folds": options.folds, "limit": options.limit,
                    "label_content": options.label_content},
        "scikit_learn": sklearn.__version__,
        "out_of_fold_cue_overlap": cv,
        "out_of_fold_relation": rel,
    }
    # the content-end model: a logistic regression over candidate boundaries, evaluated out of fold
    # by how often the best-scoring boundary is the annotated one
    end_rows, start_rows = bound_examples(docs, golds, stub)
    fit = functools.partial(_fit_rankers, options=options, meta=meta, log=log, DictVectorizer=DictVectorizer,
                            LogisticRegression=LogisticRegression)
    (end_weights, end_bias), (start_weights, start_bias) = fit(
        (("end", end_rows), ("start", start_rows)), what="contents", C=options.end_C, meta_key="content_{}",
        fallback="the rules choose content {}s")
    meta["options"]["end_C"] = options.end_C
    meta["options"]["cue_C"] = options.cue_C
    # the cue-end and cue-start models, on the candidates as they are after the content bounds
    bounded = cue_model.CueModel(weights={}, bias=0.0, threshold=0.0, candidates=cands, end_weights=end_weights,
                                 end_bias=end_bias, start_weights=start_weights, start_bias=start_bias)
    cue_end_rows, cue_start_rows = cue_bound_examples(docs, golds, bounded)
    (cue_end_weights, cue_end_bias), (cue_start_weights, cue_start_bias) = fit(
        (("cue end", cue_end_rows), ("cue start", cue_start_rows)), what="cues", C=options.cue_C, meta_key="{}",
        fallback="the rules' cues stay")

    model = cue_model.CueModel(weights=weights, bias=float(clf.intercept_[0]), threshold=threshold,
                               candidates=cands, meta=meta, end_weights=end_weights, end_bias=end_bias,
                               start_weights=start_weights, start_bias=start_bias,
                               cue_end_weights=cue_end_weights, cue_end_bias=cue_end_bias,
                               cue_start_weights=cue_start_weights, cue_start_bias=cue_start_bias)
    out = Path(output)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(model.to_json(), indent=0, ensure_ascii=False) + "\n", encoding="utf-8")
    log(f"wrote {out} ({out.stat().st_size / 1024:.0f} kB, {len(weights)} cue weights, {len(end_weights)} end and "
        f"{len(start_weights)} start weights, {len(cue_end_weights)} cue-end and {len(cue_start_weights)} cue-start weights)")
    return meta


def _out_of_fold(X, y, rows, folds: int, make, score) -> list[float]:
    """Each row's score (``score(fitted, X_rows)``) from a model (``make()``) fitted on the rows of
    the other folds; documents go to folds by index (``row[2] % folds``). A fold whose training rows
    have one label only is left at 0."""
    out = [0.0] * len(rows)
    for k in range(folds):
        tr = [i for i, r in enumerate(rows) if r[2] % folds != k]
        te = [i for i, r in enumerate(rows) if r[2] % folds == k]
        if not te or len({y[i] for i in tr}) < 2:
            continue
        clf = make()
        clf.fit(X[tr], [y[i] for i in tr])
        for i, v in zip(te, score(clf, X[te])):
            out[i] = float(v)
    return out


def _fit_rankers(named_rows, *, what: str, C: float, meta_key: str, fallback: str, options: TrainOptions,
                 meta: dict, log, DictVectorizer, LogisticRegression) -> list[tuple[dict[str, float], float]]:
    """(weights, bias) of each boundary ranker in ``named_rows`` (``(name, rows)`` pairs), with its
    out-of-fold accuracy stored in ``meta["out_of_fold_" + meta_key]``; a ranker whose rows lack
    either label is left empty (and ``fallback`` says what happens instead)."""
    out = []
    for name, rows_ in named_rows:
        log(f"{len({r[3] for r in rows_})} {what} for the {name} model, {len(rows_)} boundaries")
        if {r[1] for r in rows_} == {0, 1}:
            w, b, acc = _train_ranker(rows_, options, DictVectorizer, LogisticRegression, log, name, C=C)
            meta["out_of_fold_" + meta_key.format(name).replace(" ", "_")] = acc
            out.append((w, b))
        else:
            log(f"too few annotated {what} for the {name} model: none written ({fallback.format(name)})")
            out.append(({}, 0.0))
    return out


def _train_ranker(end_rows, options: TrainOptions, DictVectorizer, LogisticRegression, log, name: str,
                  C: float | None = None):
    """Weights, bias and out-of-fold accuracy of a boundary ranker (content or cue, end or start)."""
    evec = DictVectorizer()
    EX = evec.fit_transform([{f: 1 for f in r[0]} for r in end_rows])
    ey = [r[1] for r in end_rows]
    C = options.end_C if C is None else C
    eoof = _out_of_fold(EX, ey, end_rows, options.folds, lambda: LogisticRegression(C=C, max_iter=3000),
                        lambda clf, Xt: clf.decision_function(Xt))
    end_cv = _rank_accuracy(eoof, end_rows)
    what = name if name.startswith("cue") else f"content {name}"
    log(f"{what}s, out of fold: model {end_cv['model']}% right, rules {end_cv['rules']}% "
        f"(of {end_cv['reachable']} whose annotated {name} is a candidate boundary)")
    eclf = LogisticRegression(C=C, max_iter=3000)
    eclf.fit(EX, ey)
    weights = {str(n): float(w) for n, w in zip(evec.get_feature_names_out(), eclf.coef_[0]) if abs(w) >= 1e-4}
    return weights, float(eclf.intercept_[0]), end_cv
