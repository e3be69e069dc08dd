"""Sentence vectors for linking, behind one small interface so that the model can be swapped.

Linking compares statements by meaning through an ``Embedder``: anything with a ``name``, a
``dim`` and ``encode(texts) -> float32 array (n, dim)`` of unit vectors (zeros for a blank text).
``load_embedder()`` returns the default, all-MiniLM-L6-v2 (int8 ONNX, ``nlp/encoder.py``), with
every text passed through ``normalize`` first (links, tweet signatures and quotation marks out:
``link/normalize.py``), so that indexing and querying always see the same form. Other backends
register under a name (``register_backend``); "static" is the model2vec-style static embedding
distilled from MiniLM, used when ``sourcetrace.nlp.static_encoder`` is installed. Vectors of
different backends are not comparable: an index records the ``name`` it was built with
(``link/index.py``) and refuses vectors of another.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Protocol

from ..errors import SourcetraceError
from .normalize import normalize

DEFAULT_BACKEND = "minilm"


class Embedder(Protocol):
    name: str
    dim: int

    def encode(self, texts: Sequence[str]):  # -> numpy.ndarray (len(texts), dim), float32, unit rows
        ...


class NormalizingEmbedder:
    """Wraps an encoder with ``encode(texts)``: texts are normalised (``link.normalize``) first."""

    def __init__(self, encoder, *, name: str, dim: int):
        self._encoder = encoder
        self.name = name
        self.dim = dim

    def encode(self, texts: Sequence[str]):
        return self._encoder.encode([normalize(t) for t in texts])


def _minilm(threads: int = 1) -> Embedder:
    from ..nlp.encoder import DIM, MODEL_ID, load_encoder

    return NormalizingEmbedder(load_encoder(threads), name=MODEL_ID, dim=DIM)


def _static(threads: int = 1) -> Embedder:
    try:
        from ..nlp import static_encoder  # the lead's distilled static model, when it has landed
    except ImportError as err:
        raise SourcetraceError("E070", backend="static",
                               reason="sourcetrace.nlp.static_encoder is not part of this installation") from err
    enc = static_encoder.load_encoder()
    return NormalizingEmbedder(enc, name=getattr(enc, "name", "static"), dim=int(getattr(enc, "dim", 384)))


_BACKENDS: dict[str, Callable[..., Embedder]] = {"minilm": _minilm, "static": _static}


def register_backend(name: str, factory: Callable[..., Embedder]) -> None:
    """Make ``load_embedder(name)`` build ``factory(threads=...)``."""
    _BACKENDS[name] = factory
    load_embedder.cache_clear()


@functools.lru_cache(maxsize=4)
def load_embedder(backend: str = DEFAULT_BACKEND, *, threads: int = 1) -> Embedder:
    """The process's embedder for ``backend`` (cached); E070 for an unknown or missing backend."""
    factory = _BACKENDS.get(backend)
    if factory is None:
        raise SourcetraceError("E070", backend=backend, reason=f"known backends: {', '.join(sorted(_BACKENDS))}")
    return factory(threads=threads)
