"""``sourcetrace predict matches`` / ``predict groups`` (evaluate/matching.py): the commands on small
files written here, and evaluation gates with pinned floors on fixed subsets of ../shared
(CLEF-2020 claim matching, Emergent headline grouping; skipped when ../shared is absent)."""

from __future__ import annotations

import json

import pytest

from sourcetrace.cli import main
from sourcetrace.evaluate.matching import predict_groups, predict_matches
from sourcetrace.evaluate.matching_train import bcubed_f1, emergent_split

# measured 0.931 and 92.03 (2026-12-08); the floors leave room for encoder and runtime rounding
FLOOR_CLEF = 0.90
FLOOR_EMERGENT = 90.0


def write(path, rows):
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def read(path):
    return [json.loads(l) for l in path.read_text(encoding="utf-8").splitlines() if l.strip()]


CLAIMS = [{"id": f"c{i}", "claim": f"Filler claim number {i} about the harbour festival parade", "title": None}
          for i in range(25)] + [
    {"id": "bridge", "claim": "The Aldmoor bridge will stay closed until April", "title": "Is the Aldmoor Bridge Closed?"},
    {"id": "bread", "claim": "Bread prices in Kell doubled in one year"}]


def test_predict_matches_command(tmp_path):
    claims = write(tmp_path / "claims.jsonl", CLAIMS)
    queries = write(tmp_path / "q.jsonl", [{"id": "q1", "text": "Aldmoor bridge closed till April https://t.co/x"},
                                           {"id": 2, "text": "the price of bread in Kell has doubled"}])
    out = tmp_path / "pred.jsonl"
    assert main(["predict", "matches", "--claims", str(claims), "--input", str(queries), "--output", str(out)]) == 0
    preds = read(out)
    assert [p["id"] for p in preds] == ["q1", "2"]
    assert preds[0]["ranked"][0] == "bridge" and preds[1]["ranked"][0] == "bread"
    assert all(len(p["ranked"]) >= 20 and len(set(p["ranked"])) == len(p["ranked"]) for p in preds)


def test_predict_groups_command(tmp_path):
    rows = [{"id": "a", "text": "Floodwater closed the rail line between Orren and Tull"},
            {"id": "b", "text": "The new library in Tull opened on Saturday"},
            {"id": "c", "text": "Flooding shut the Orren to Tull railway line"},
            {"id": "d", "text": "Tull's new library welcomed its first readers on Saturday"}]
    inp = write(tmp_path / "s.jsonl", rows)
    out = tmp_path / "g.jsonl"
    assert main(["predict", "groups", "--input", str(inp), "--output", str(out)]) == 0
    got = {p["id"]: p["cluster"] for p in read(out)}
    assert got["a"] == got["c"] != got["b"] == got["d"]


def test_bad_lines_are_numbered(tmp_path, capsys):
    claims = write(tmp_path / "claims.jsonl", CLAIMS[:3])
    bad = tmp_path / "q.jsonl"
    bad.write_text('{"id": "q1", "text": "fine"}\n{"id": "q2"}\n', encoding="utf-8")
    rc = main(["predict", "matches", "--claims", str(claims), "--input", str(bad), "--output", str(tmp_path / "o")])
    assert rc != 0 and "[E080]" in capsys.readouterr().err
    bad_claims = tmp_path / "bc.jsonl"
    bad_claims.write_text('{"id": "c1"}\n', encoding="utf-8")
    rc = main(["predict", "matches", "--claims", str(bad_claims), "--input", str(bad), "--output", str(tmp_path / "o")])
    assert rc != 0 and "[E079]" in capsys.readouterr().err


def test_emergent_split_is_claim_disjoint_and_deterministic():
    ids = [f"emergent-claim-{i}" for i in range(500)]
    parts = [emergent_split(i) for i in ids]
    assert parts == [emergent_split(i) for i in ids]
    assert 0.12 < parts.count("dev") / len(parts) < 0.28


def _ap5(ranked, gold):
    hits, s = 0, 0.0
    for i, c in enumerate(ranked[:5], 1):
        if c in gold:
            hits += 1
            s += hits / i
    return s / min(5, len(gold))


@pytest.mark.shared
def test_clef_dev_subset_map_floor(shared_dir):
    """The first 40 CLEF-2020 dev tweets against their checked claims and the first 800 others
    (measured 0.931 on this subset; the full dev set scores 0.902: docs/linking.md)."""
    base = shared_dir / "data" / "claims"
    dev = [json.loads(l) for l in open(base / "clef2020_dev.jsonl", encoding="utf-8")][:40]
    vclaims = [json.loads(l) for l in open(base / "clef2020_vclaims.jsonl", encoding="utf-8")]
    gold_ids = {m for q in dev for m in q["matches"]}
    claims = [v for i, v in enumerate(vclaims) if v["id"] in gold_ids or i < 800]
    preds = {p["id"]: p["ranked"] for p in predict_matches(claims, dev)}
    score = sum(_ap5(preds[q["id"]], set(q["matches"])) for q in dev) / len(dev)
    assert score >= FLOOR_CLEF, score


@pytest.mark.shared
def test_emergent_dev_part_bcubed_floor(shared_dir):
    """Emergent headlines of the claim-disjoint dev part (430 headlines, 37 claims), grouped in file
    order: B-cubed F1 92.0 measured (docs/linking.md)."""
    rows = [json.loads(l) for l in open(shared_dir / "data" / "stance" / "emergent_train.jsonl", encoding="utf-8")]
    dev = [r for r in rows if emergent_split(r["claim_id"]) == "dev"]
    preds = predict_groups([{"id": r["id"], "text": r["headline"]} for r in dev])
    f1 = bcubed_f1({r["id"]: r["claim_id"] for r in dev}, {p["id"]: p["cluster"] for p in preds})
    assert f1 >= FLOOR_EMERGENT, f1
