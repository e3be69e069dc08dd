"""``sourcetrace train stance`` on a small synthetic set written for this test: deterministic, and
the file it writes is a model ``predict stance --model`` uses."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import numpy as np
import pytest

from sourcetrace.cli import main
from sourcetrace.errors import SourcetraceError

pytest.importorskip("sklearn", reason="training needs scikit-learn (the 'train' or 'dev' extra)")

TOPICS = [
    ("the Kelby ferry", "sank near the harbour", "ferry"),
    ("the Ostrel museum", "was robbed at night", "museum"),
    ("the Dunmore mayor", "resigned after a vote", "mayor"),
    ("the Varn dam", "burst after heavy rain", "dam"),
    ("the Pellow zoo", "lost a rare tiger", "zoo"),
    ("the Harlow bridge", "closed for repairs", "bridge"),
    ("the Tamsin factory", "shut down its plant", "factory"),
    ("the Brell school", "banned phones in class", "school"),
    ("the Corran airport", "cancelled all flights", "airport"),
    ("the Wexley choir", "won a national prize", "choir"),
]
BODIES = {
    "agree": "{s} {e} on Monday, officials confirmed. Witnesses described the scene to reporters. "
             "The {w} had been in the news for weeks. Officials said a full account would follow.",
    "disagree": "Officials denied reports that {s} {e}, calling the story false. A spokesman said the rumour "
                "was a hoax and that the {w} was fine. No evidence supports the claim, he said.",
    "discuss": "{s} reportedly {e}, according to unconfirmed posts online. The claims could not be verified "
               "and officials did not comment. It is unclear whether the {w} story is true.",
}
HEADLINES = {"for": "{s} {e}", "against": "Officials deny {s} {e}, call reports fake",
             "observing": "{s} reportedly {e}, unconfirmed claims say"}


def write_data(folder):
    pairs, bodies, emergent = [], [], []
    for t, (s, e, w) in enumerate(TOPICS):
        claim = f"{s[0].upper()}{s[1:]} {e}"
        for stance, template in BODIES.items():
            body_id = f"body-{t}-{stance}"
            bodies.append({"id": body_id, "text": template.format(s=s[0].upper() + s[1:], e=e, w=w)})
            pairs.append({"id": f"p{len(pairs)}", "headline": claim, "body_id": body_id, "stance": stance})
            other = TOPICS[(t + 1) % len(TOPICS)]
            pairs.append({"id": f"p{len(pairs)}", "headline": f"{other[0][0].upper()}{other[0][1:]} {other[1]}",
                          "body_id": body_id, "stance": "unrelated"})
        for stance, template in HEADLINES.items():
            for n in range(2):
                emergent.append({"id": f"e{len(emergent)}", "claim_id": f"claim-{t}", "claim": claim,
                                 "headline": template.format(s=s, e=e) + (" today" if n else ""), "stance": stance})
    for name, rows in (("fnc1_train.jsonl", pairs), ("fnc1_bodies.jsonl", bodies), ("emergent_train.jsonl", emergent)):
        (folder / name).write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    return write_data(tmp_path_factory.mktemp("stance_data"))


def arrays(path):
    with np.load(path, allow_pickle=False) as z:
        out = {k: z[k] for k in z.files}
    meta = json.loads(str(out.pop("meta")))
    meta.pop("seconds")
    meta.pop("trained")
    return out, meta


def test_training_is_deterministic_and_the_model_predicts(data_dir, tmp_path, capsys):
    one, two = tmp_path / "one.npz", tmp_path / "two.npz"
    assert main(["train", "stance", "--data", str(data_dir), "--output", str(one)]) == 0
    # the second run in another process with another string-hash seed: no set order may leak
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    subprocess.run([sys.executable, "-m", "sourcetrace.cli", "train", "stance", "--data", str(data_dir),
                    "--output", str(two)], check=True, env=env, capture_output=True)
    a, meta_a = arrays(one)
    b, meta_b = arrays(two)
    assert meta_a == meta_b
    assert a.keys() == b.keys()
    for k in a:
        assert np.array_equal(a[k], b[k]), k
    assert meta_a["body"]["pairs"] > 0 and meta_a["short"]["synthetic_unrelated"] == meta_a["short"]["pairs"]
    assert set(meta_a["data"]["files_sha256"]) == {"fnc1_train.jsonl", "emergent_train.jsonl", "fnc1_bodies.jsonl"}

    pairs = tmp_path / "pairs.jsonl"
    pairs.write_text(json.dumps({"id": "x", "claim": "The Kelby ferry sank near the harbour",
                                 "text": "Officials deny the Kelby ferry sank near the harbour, call reports fake"}) + "\n")
    out = tmp_path / "pred.jsonl"
    assert main(["predict", "stance", "--input", str(pairs), "--output", str(out), "--model", str(one)]) == 0
    rec = json.loads(out.read_text())
    assert rec["stance"] in ("agree", "disagree", "discuss", "unrelated") and len(rec["scores"]) == 4


def test_training_without_data_is_E064(tmp_path):
    from sourcetrace.train.stance import train

    with pytest.raises(SourcetraceError) as err:
        train(tmp_path, tmp_path / "m.npz")
    assert err.value.code == "E064"
    (tmp_path / "fnc1_train.jsonl").write_text(json.dumps({"id": "p", "headline": "h", "body_id": "b1",
                                                           "stance": "agree"}) + "\n")
    (tmp_path / "emergent_train.jsonl").write_text("")
    with pytest.raises(SourcetraceError) as err:
        train(tmp_path, tmp_path / "m.npz")
    assert err.value.code == "E064"  # the bodies file is missing
