"""Real articles from ../shared: the seed expectations, and must/must-not checks on news corpora.

Skipped with a message when ../shared is not beside the repository.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from sourcetrace.clean import clean_article
from sourcetrace.ingest import read_input
from sourcetrace.ledger import validate
from sourcetrace.pipeline import analyze_article
from sourcetrace.records import RawArticle

pytestmark = pytest.mark.shared


def _rows(shared_dir, name, n, step=1):
    path = shared_dir / "data" / "news" / name
    if not path.is_file():
        pytest.skip(f"{path} missing")
    out = []
    with path.open(encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if i % step == 0:
                out.append(json.loads(line))
            if len(out) >= n:
                break
    return out


def test_seed_meets_every_expectation(seed_path, shared_dir, nlp, tmp_path):
    ledger = analyze_article(clean_article(read_input(str(seed_path))), nlp=nlp)
    validate(ledger)
    out = tmp_path / "seed.json"
    out.write_text(json.dumps(ledger))
    r = subprocess.run([sys.executable, str(shared_dir / "seed" / "check.py"), str(out)],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stdout[-3000:]


def _span_ok(ledger):
    text = ledger["text"]
    for a in ledger["attributions"]:
        for role in ("source", "cue", "content"):
            part = a.get(role)
            if part:
                s, e = part["span"]
                assert 0 <= s < e <= len(text) and text[s:e] == part["text"]


def test_bbc_articles_must_and_must_not(shared_dir, nlp):
    said = re.compile(r"[^.\"“”]{3,}\b(?:said|told)\b", re.I)
    found = covered = 0
    for row in _rows(shared_dir, "bbc_news.jsonl", 40, step=50):
        raw = RawArticle(origin=row["id"], text=row["text"], id=row["id"], title=row.get("title"))
        ledger = analyze_article(clean_article(raw), nlp=nlp)
        validate(ledger)
        _span_ok(ledger)
        # must not: a calendar year read as a count; an empty claim; a pure-punctuation entity
        assert not [q for q in ledger["quantities"] if q["kind"] == "count" and 1900 <= (q["value"] or 0) <= 2030
                    and re.fullmatch(r"\d{4}", q["text"])]
        assert all(a["content"]["text"].strip() for a in ledger["attributions"])
        assert all(re.search(r"\w", e["name"]) for e in ledger["entities"])
        # must: a sentence with "said"/"told" has an attribution whose cue is that verb
        for m in said.finditer(ledger["text"]):
            found += 1
            verb_at = m.end() - 4
            if any(a["cue"]["span"][0] - 12 <= verb_at <= a["cue"]["span"][1] + 2 for a in ledger["attributions"]):
                covered += 1
    assert found > 30
    assert covered / found >= 0.85, f"only {covered}/{found} said/told sentences got an attribution"


def test_cleaning_keeps_long_lines_of_real_pages(shared_dir):
    for name in ("fakenewscorpus_sample.jsonl", "horne2017.jsonl"):
        for row in _rows(shared_dir, name, 60):
            if not row.get("text"):
                continue
            try:
                art = clean_article(RawArticle(origin=row["id"], text=row["text"]), check_language=False)
            except Exception as err:  # E004 on empty texts is fine
                assert getattr(err, "code", None) == "E004"
                continue
            for line in art.removed:
                assert len(line.split()) <= 60, f"long line removed from {row['id']}: {line[:120]}"
