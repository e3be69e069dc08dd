#!/usr/bin/env python3
"""Measure how well pronoun and descriptive attribution sources are resolved to entities.

Cases: ``tests/data/resolver_cases.jsonl`` (fictional passages written for sourcetrace; see
docs/resolver.md). Each case names one target attribution -- the ``cue_occurrence``-th occurrence
of the word ``cue`` in the text (whole word, case-sensitive) -- whose source is ``source_text`` (a
pronoun or a definite description), and the ``antecedent`` it refers to: an entity name as written
in the text, or null when the text names nobody it could refer to.

The real pipeline runs on each text (``load_model()`` -> ``entities(doc)`` ->
``attributions(doc, entities=...)``). The target attribution is the one whose cue span covers that
occurrence of the cue word. Outcomes:

- ``correct``: ``source.entity`` is an entity whose name or an alias matches the antecedent
  (case-insensitive; one containing the other counts), or the antecedent is null and so is the entity;
- ``wrong entity``: resolved to an entity that does not match the antecedent;
- ``unresolved``: left unresolved although the antecedent is named in the text;
- ``spurious``: resolved although the text names nobody it refers to;
- ``cue not found``: no attribution has that cue, or its source does not contain ``source_text``
  (the extractor failed before the resolver had a chance).

Accuracy is given over all cases (``cue not found`` counts as wrong) and over the cases whose
target was found (the resolver's own accuracy). Two references run on the same targets:

- ``nearest PERSON/ORG``: a trivial baseline -- an entity mentioned inside the source span if any,
  else the nearest preceding PERSON, ORG or MEDIA mention, whatever the pronoun or noun;
- ``NER ceiling``: the share of cases a resolver could get right with these entities (an entity
  matching the antecedent exists, or the antecedent is null).

Usage: python benchmarks/eval_resolver.py [--cases FILE] [--json FILE] [--errors]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CASES = REPO / "tests" / "data" / "resolver_cases.jsonl"
CATEGORIES = ("pronoun_he_she", "pronoun_they", "pronoun_it", "description_media", "description_org",
              "description_person", "no_antecedent")
OUTCOMES = ("correct", "wrong entity", "unresolved", "spurious", "cue not found")
BASELINE_TYPES = ("PERSON", "ORG", "MEDIA")


def load_cases(path: Path = CASES) -> list[dict]:
    cases = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if line.strip():
                case = json.loads(line)
                missing = {"id", "text", "cue", "cue_occurrence", "source_text", "antecedent", "category"} - set(case)
                if missing:
                    raise ValueError(f"{path}:{n}: missing fields {sorted(missing)}")
                cases.append(case)
    return cases


def cue_offset(case: dict) -> int | None:
    """Character offset of the ``cue_occurrence``-th whole-word occurrence of the cue word."""
    hits = [m.start() for m in re.finditer(r"\b%s\b" % re.escape(case["cue"]), case["text"])]
    k = int(case.get("cue_occurrence", 1))
    return hits[k - 1] if 0 < k <= len(hits) else None


def find_target(atts, case: dict):
    """The attribution whose cue span covers the case's cue occurrence and whose source holds
    ``source_text``; ``(attribution, None)`` or ``(None, reason)``."""
    off = cue_offset(case)
    if off is None:
        return None, "cue word not in text"
    hits = [a for a in atts if a.cue.span[0] <= off < a.cue.span[1]]
    if not hits:
        return None, "no attribution at the cue"
    want = case["source_text"].lower()
    for a in hits:
        if a.source is not None and (want in a.source.text.lower() or a.source.text.lower() in want):
            return a, None
    got = [a.source.text if a.source else None for a in hits]
    return None, f"attribution found, source {got!r}"


def matches(entity, antecedent: str) -> bool:
    """An entity whose name or an alias equals, contains or is contained in the antecedent."""
    want = antecedent.lower().strip()
    for name in (entity.name, *entity.aliases):
        have = name.lower().strip()
        if have and (have == want or have in want or want in have):
            return True
    return False


def nearest_entity(ents, start: int, end: int, types=BASELINE_TYPES):
    """Baseline: an entity mentioned inside [start, end), else the nearest preceding mention of a
    PERSON/ORG/MEDIA entity (of any of these types, whatever the source says)."""
    inside = [(s, ent) for ent in ents for s, e in ent.mentions if start <= s and e <= end]
    if inside:
        return max(inside, key=lambda x: x[0])[1]
    before = [(s, ent) for ent in ents if ent.type in types for s, e in ent.mentions if e <= start]
    return max(before, key=lambda x: x[0])[1] if before else None


# Entity types an antecedent of each category can properly have (for the error analysis only; this
# does not look at the resolver's own tables, so it stays valid when they change).
EXPECTED_TYPES = {
    "pronoun_he_she": {"PERSON"}, "description_person": {"PERSON"},
    "pronoun_it": {"ORG", "MEDIA", "GPE", "NORP"}, "pronoun_they": {"ORG", "MEDIA", "GPE", "NORP"},
    "description_org": {"ORG", "GPE", "NORP"}, "description_media": {"MEDIA"},
}


def cause(row: dict, ents) -> str | None:
    """Why a found case went wrong: the entity layer (antecedent missing or mistyped) or the resolver."""
    if row["outcome"] in ("correct", "cue not found"):
        return None
    if row["outcome"] == "spurious":
        return "resolved a non-entity referent"
    good = [e for e in ents if matches(e, row["antecedent"])]
    if not good:
        return "antecedent not extracted as an entity"
    if not any(e.type in EXPECTED_TYPES.get(row["category"], {e.type}) for e in good):
        return "antecedent mistyped by the entity layer"
    if row["outcome"] == "unresolved":
        return "left unresolved (source phrase not handled)"
    return "another compatible entity was chosen"


def _outcome(entity, antecedent) -> str:
    if antecedent is None:
        return "correct" if entity is None else "spurious"
    if entity is None:
        return "unresolved"
    return "correct" if matches(entity, antecedent) else "wrong entity"


def run_case(nlp, case: dict) -> dict:
    from sourcetrace.extract.attribution import attributions
    from sourcetrace.extract.entities import entities

    doc = nlp(case["text"])
    ents = entities(doc)
    by_id = {e.id: e for e in ents}
    atts = attributions(doc, entities=ents)
    target, reason = find_target(atts, case)
    antecedent = case["antecedent"]
    row = {
        "id": case["id"], "category": case["category"], "round": case.get("round", 1),
        "source_text": case["source_text"],
        "antecedent": antecedent, "entities": [f"{e.id}:{e.name}/{e.type}" for e in ents],
        "ner_ok": antecedent is None or any(matches(e, antecedent) for e in ents),
    }
    if target is None:
        row.update(outcome="cue not found", reason=reason, resolved=None, baseline=None, baseline_outcome=None)
        return row
    ent = by_id.get(target.source.entity) if target.source.entity else None
    base = nearest_entity(ents, *target.source.span)
    row.update(
        outcome=_outcome(ent, antecedent), reason=None,
        source=target.source.text, kind=target.source.kind,
        resolved=f"{ent.id}:{ent.name}/{ent.type}" if ent else None,
        baseline=f"{base.id}:{base.name}/{base.type}" if base else None,
        baseline_outcome=_outcome(base, antecedent),
    )
    row["cause"] = cause(row, ents)
    return row


def _acc(rows, key="outcome") -> tuple[int, int]:
    return sum(r[key] == "correct" for r in rows), len(rows)


def summarize(rows: list[dict]) -> dict:
    found = [r for r in rows if r["outcome"] != "cue not found"]

    def block(sel: list[dict]) -> dict:
        f = [r for r in sel if r["outcome"] != "cue not found"]
        c, n = _acc(sel)
        cf, nf = _acc(f)
        bc, bn = _acc(f, "baseline_outcome")
        return {
            "cases": n, "found": nf, "correct": c,
            "accuracy_all": round(100 * c / n, 1) if n else None,
            "accuracy_found": round(100 * cf / nf, 1) if nf else None,
            "baseline_found": round(100 * bc / bn, 1) if bn else None,
            "ner_ceiling_found": round(100 * sum(r["ner_ok"] for r in f) / nf, 1) if nf else None,
            "outcomes": {o: sum(r["outcome"] == o for r in sel) for o in OUTCOMES},
        }

    out = {"overall": block(rows), "by_category": {}, "by_round": {}}
    for cat in CATEGORIES:
        sel = [r for r in rows if r["category"] == cat]
        if sel:
            out["by_category"][cat] = block(sel)
    for rnd in sorted({r["round"] for r in rows}):
        out["by_round"][str(rnd)] = block([r for r in rows if r["round"] == rnd])
    out["baseline_outcomes_found"] = dict(Counter(r["baseline_outcome"] for r in found))
    out["error_causes"] = dict(Counter(r["cause"] for r in found if r.get("cause")).most_common())
    return out


def evaluate(cases: list[dict] | None = None, nlp=None) -> dict:
    """Run the pipeline on every case; ``{"summary": ..., "cases": [per-case rows]}``."""
    from sourcetrace.nlp.model import load_model

    cases = load_cases() if cases is None else cases
    nlp = nlp or load_model()
    rows = [run_case(nlp, c) for c in cases]
    return {"summary": summarize(rows), "cases": rows}


def _print(result: dict, errors: bool) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(width=None if sys.stdout.isatty() else 160)
    s = result["summary"]
    table = Table(title="Source resolution on tests/data/resolver_cases.jsonl")
    for col in ("category", "cases", "acc. all", "found", "acc. found", "baseline", "NER ceil.",
                "wrong ent.", "unresolved", "spurious", "cue n/f"):
        table.add_column(col, justify="left" if col == "category" else "right", no_wrap=True)

    def add(name: str, b: dict, style: str | None = None) -> None:
        o = b["outcomes"]
        pct = lambda v: "-" if v is None else f"{v:.1f}"  # noqa: E731
        table.add_row(name, str(b["cases"]), pct(b["accuracy_all"]), str(b["found"]), pct(b["accuracy_found"]),
                      pct(b["baseline_found"]), pct(b["ner_ceiling_found"]), str(o["wrong entity"]),
                      str(o["unresolved"]), str(o["spurious"]), str(o["cue not found"]), style=style)

    for cat, b in s["by_category"].items():
        add(cat, b)
    for rnd, b in s["by_round"].items():
        add(f"round {rnd} cases", b, style="dim")
    add("overall", s["overall"], style="bold")
    console.print(table)
    console.print("acc. all: correct / all cases (cue not found counts as wrong); acc. found: correct / "
                  "cases whose target attribution was extracted; baseline (on found cases): nearest preceding "
                  "PERSON/ORG/MEDIA mention of any type; NER ceil.: found cases where an entity matching the "
                  "antecedent exists (or the antecedent is null); cue n/f: cue not found.")
    causes = Table(title="Why found cases went wrong")
    causes.add_column("cause")
    causes.add_column("cases", justify="right")
    for k, v in s["error_causes"].items():
        causes.add_row(k, str(v))
    console.print(causes)
    if errors:
        console.print()
        for r in result["cases"]:
            if r["outcome"] != "correct":
                detail = r["reason"] if r["outcome"] == "cue not found" else f"got {r['resolved']} ({r['cause']})"
                console.print(f"[bold]{r['id']}[/] {r['outcome']}: {r['source_text']!r} -> want {r['antecedent']!r}, "
                              f"{detail}; entities {r['entities']}", markup=True, highlight=False)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cases", type=Path, default=CASES)
    ap.add_argument("--json", type=Path, metavar="FILE", help="write the summary and per-case rows as JSON")
    ap.add_argument("--errors", action="store_true", help="list every case that is not correct")
    args = ap.parse_args(argv)
    sys.path.insert(0, str(REPO / "src"))
    result = evaluate(load_cases(args.cases))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    _print(result, args.errors)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
