"""The vector index (link/index.py), the word index (link/lexical.py), the fused retriever
(link/retrieve.py) and the embedding backends (link/embed.py).

``WordHashEmbedder`` (also used by the other test_link files) is a deterministic stand-in for the
sentence encoder: each content word adds a fixed pseudo-random direction, so texts sharing words
are close. It makes the index and grouping logic testable without the model."""

from __future__ import annotations

import hashlib

import numpy as np
import pytest

from sourcetrace.errors import SourcetraceError
from sourcetrace.link.embed import load_embedder, register_backend
from sourcetrace.link.index import VectorIndex
from sourcetrace.link.lexical import LexicalIndex
from sourcetrace.link.normalize import tokens
from sourcetrace.link.retrieve import Retriever


class WordHashEmbedder:
    name = "word-hash-test"
    dim = 384

    def encode(self, texts):
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, t in enumerate(texts):
            for w in tokens(t):
                seed = int(hashlib.md5(w.encode()).hexdigest()[:8], 16)
                out[i] += np.random.default_rng(seed).normal(size=self.dim).astype(np.float32)
            n = np.linalg.norm(out[i])
            if n:
                out[i] /= n
        return out


def unit(rng, n, dim=384):
    v = rng.normal(size=(n, dim)).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def test_vector_index_add_search_replace_remove():
    rng = np.random.default_rng(1)
    v = unit(rng, 50)
    idx = VectorIndex(model="m")
    idx.add(range(50), v)
    assert len(idx) == 50 and 7 in idx
    key, sim = idx.search(v[7], 1)[0]
    assert key == 7 and sim > 0.99
    idx.add([7], v[8:9])  # replaced: the old entry is dead
    assert len(idx) == 50 and {k for k, _ in idx.search(v[8], 2)} == {7, 8}
    idx.remove([7])
    assert 7 not in idx and len(idx) == 49
    idx.add([99], np.zeros((1, 384), np.float32))  # blank text: nothing to index
    assert 99 not in idx
    assert idx.search(np.zeros(384, np.float32)) == []
    with pytest.raises(SourcetraceError) as err:
        idx.add([1], np.zeros((1, 10), np.float32))
    assert err.value.code == "E072"


def test_vector_index_hnsw_recall_above_the_exact_limit(monkeypatch):
    import sourcetrace.link.index as index_mod

    monkeypatch.setattr(index_mod, "EXACT_BELOW", 100)
    rng = np.random.default_rng(2)
    centres = unit(rng, 50)  # clustered, as sentence vectors are (uniform random vectors are not)
    v = centres[rng.integers(0, 50, 2000)] + 0.6 * unit(rng, 2000)
    v /= np.linalg.norm(v, axis=1, keepdims=True)
    idx = VectorIndex()
    idx.add(range(2000), v)
    q = centres[:30] + 0.6 * unit(rng, 30)
    q /= np.linalg.norm(q, axis=1, keepdims=True)
    hits = 0
    for x in q:
        exact = set(np.argsort(-(v @ x))[:10].tolist())
        hits += len(exact & {k for k, _ in idx.search(x, 10)})
    assert hits / 300 >= 0.9


def test_vector_index_save_load_and_refusals(tmp_path):
    rng = np.random.default_rng(3)
    v = unit(rng, 20)
    idx = VectorIndex(model="minilm-x")
    idx.add(range(100, 120), v)
    path = tmp_path / "statements.usearch"
    idx.save(path, stamp={"max_id": 119, "count": 20})
    again = VectorIndex.load(path, model="minilm-x", dim=384, stamp={"max_id": 119, "count": 20}, check_stamp=True)
    assert len(again) == 20 and again.search(v[3], 1)[0][0] == 103
    for kwargs in ({"model": "other"}, {"dim": 256}, {"stamp": {"max_id": 130, "count": 21}, "check_stamp": True}):
        with pytest.raises(SourcetraceError) as err:
            VectorIndex.load(path, **kwargs)
        assert err.value.code == "E071"
    with pytest.raises(SourcetraceError) as err:
        VectorIndex.load(tmp_path / "missing.usearch")
    assert err.value.code == "E071"
    path.write_bytes(b"not an index")
    with pytest.raises(SourcetraceError) as err:
        VectorIndex.load(path)
    assert err.value.code == "E071"
    assert not list(tmp_path.glob("*.tmp"))


def test_vector_index_rebuild_from_rows_of_blobs():
    rng = np.random.default_rng(4)
    v = unit(rng, 30)
    rows = [(i + 1, v[i].tobytes()) for i in range(30)]  # as a store would keep them
    idx = VectorIndex.rebuild(rows, batch=7)
    assert len(idx) == 30 and idx.search(v[12], 1)[0][0] == 13
    assert np.allclose(idx.get([13])[0], v[12], atol=1e-3)


def test_lexical_index_ranks_replaces_and_excludes():
    lx = LexicalIndex()
    lx.add([("a", "The ferry to Orran was cancelled because of the storm"),
            ("b", "A storm closed the mountain road"),
            ("c", "The council approved the library budget")])
    got = [k for k, _ in lx.search("ferries cancelled in a storm")]
    assert got[0] == "a" and "c" not in got  # Porter stemming: ferries ~ ferry
    assert [k for k, _ in lx.search("storm", exclude=["a"])] == ["b"]
    lx.add([("a", "Library hours extended")])
    assert len(lx) == 3 and lx.search("ferry cancelled") == []
    assert lx.search("the of and") == []  # stop words only
    lx.remove(["a"])
    assert len(lx) == 2


def test_lexical_index_keeps_the_rarest_words_of_a_long_query():
    lx = LexicalIndex()
    lx.add([(str(i), f"common words appear here number {i}") for i in range(30)] + [("rare", "zephyrine quokka")])
    long_query = " ".join(["common", "words", "appear", "here"] * 3 + [f"w{i}" for i in range(40)] + ["quokka"])
    assert "quokka" in lx.query_terms(long_query)
    assert lx.search(long_query)[0][0] == "rare"


def test_retriever_fuses_words_and_vectors_and_breaks_ties_by_arrival():
    r = Retriever(WordHashEmbedder())
    r.add([("c1", "The mayor resigned after the audit", None),
           ("c2", "The mayor resigned after the audit", None),  # the same claim, imported twice
           ("c3", "Flood water closed the rail line", "Rail line closed"),
           ("c4", "A new bakery opened downtown", None)])
    got = r.search("mayor resigned audit", k=4)
    assert [c.key for c in got[:2]] == ["c1", "c2"] and got[0].rank == 1
    assert got[0].lexical == pytest.approx(1.0) and got[0].dense > got[-1].dense
    assert r.search("rail line closed", k=1)[0].key == "c3"
    assert [c.key for c in r.search("mayor resigned audit", k=4, exclude=["c1"])][:1] == ["c2"]
    many = r.search_many(["bakery opened", "flood rail"], k=1)
    assert [m[0].key for m in many] == ["c4", "c3"]


def test_embedding_backends(monkeypatch):
    register_backend("word-hash", lambda threads=1: WordHashEmbedder())
    assert load_embedder("word-hash").name == "word-hash-test"
    with pytest.raises(SourcetraceError) as err:
        load_embedder("no-such-backend")
    assert err.value.code == "E070"
    import sys

    monkeypatch.setitem(sys.modules, "sourcetrace.nlp.static_encoder", None)  # not installed
    load_embedder.cache_clear()
    with pytest.raises(SourcetraceError) as err:
        load_embedder("static")
    assert err.value.code == "E070"
    load_embedder.cache_clear()


def test_default_embedder_normalises_before_encoding():
    emb = load_embedder()
    a, b = emb.encode(["The 'old' bridge will close https://t.co/xyz", 'The "old" bridge will close'])
    assert float(a @ b) > 0.999


def test_retriever_keeps_the_word_index_it_is_given_even_when_empty():
    lx = LexicalIndex(table="given_fts", max_df=7, postings_budget=9)
    r = Retriever(WordHashEmbedder(), lexical=lx)
    assert r.lexical is lx and (r.lexical.max_df, r.lexical.postings_budget) == (7, 9)
    from sourcetrace.link.match import FACTCHECK_MAX_DF, ClaimMatcher

    assert ClaimMatcher(WordHashEmbedder()).retriever.lexical.max_df == FACTCHECK_MAX_DF
