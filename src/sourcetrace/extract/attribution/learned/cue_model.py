"""The cue model: a trained yes/no decision on each candidate attribution the rules find.

The frames of ``attribution`` over-generate on purpose (every verb of the reporting lexicon, and the
verbs and nouns that annotators often mark as cues), and this model keeps a candidate when its
probability of matching an annotated cue reaches a calibrated threshold. It is a logistic regression
over sparse, readable features of the cue's head word and the frame the rules built around it
(lemma, part of speech, dependency relations, whether a source and a quotation were found, whether
the cue sits inside a quotation, ...) and of where the candidate sits among the others
(``context``: inside another candidate's content, sharing its cue with rivals, ...).

The same file may carry the content-end and content-start models (``content_bounds``): weights that
choose where an indirect content stops and starts; and the cue-end and cue-start models
(``cue_bounds``), which choose how far the cue reaches.

Weights live in a JSON file (``models/cue_model.json``, 4.2 MB for five models: their feature
names are the keys, so renaming a feature silently drops its weight) written by
``sourcetrace train attributions --data DIR`` (``sourcetrace.train.attributions``); scoring needs
no library beyond the standard one. The file also lists the ``candidates``: lemma|POS pairs outside
the reporting-verb lexicon that annotators marked as cues often enough to be worth proposing.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from ....errors import SourcetraceError
from ....nlp.model import doc_text
from ..quotations import inside_quote
from ..sources import source_kind
from .linear import bucket, probability

FORMAT = "sourcetrace.cue_model/1"
# Words that open a content and tell its type (complementizer, infinitive, wh-clause, noun phrase);
# the English complementizers and determiners, listed by the authors. Closed-class grammar, kept
# here because each one names features of the shipped model ("cstart=that").
_OPENERS = frozenset({"that", "to", "whether", "if", "how", "why", "what", "when", "the", "a", "an", "his", "her", "their"})
_QUOTES = frozenset({"“", "”", "\"", "«", "»"})


@dataclass(frozen=True)
class CueModel:
    weights: dict[str, float]
    bias: float
    threshold: float
    candidates: dict[str, str]  # "lemma|POS" -> "verb", "noun" or "adj"
    meta: dict = field(default_factory=dict)
    # the content-end and content-start models (``content_bounds``): weights and bias; empty when
    # the file has none
    end_weights: dict[str, float] = field(default_factory=dict)
    end_bias: float = 0.0
    start_weights: dict[str, float] = field(default_factory=dict)
    start_bias: float = 0.0
    # the cue-end and cue-start models (``cue_bounds``)
    cue_end_weights: dict[str, float] = field(default_factory=dict)
    cue_end_bias: float = 0.0
    cue_start_weights: dict[str, float] = field(default_factory=dict)
    cue_start_bias: float = 0.0

    def probability(self, feats: list[str]) -> float:
        return probability(self.weights, self.bias, feats)

    def to_json(self) -> dict:
        out = {"format": FORMAT, "bias": self.bias, "threshold": self.threshold, "meta": self.meta,
               "candidates": dict(sorted(self.candidates.items())),
               "weights": {k: round(v, 5) for k, v in sorted(self.weights.items())}}
        if self.end_weights:
            out["content_end"] = {"bias": self.end_bias,
                                  "weights": {k: round(v, 5) for k, v in sorted(self.end_weights.items())}}
        for key, w, b in (("content_start", self.start_weights, self.start_bias),
                          ("cue_end", self.cue_end_weights, self.cue_end_bias),
                          ("cue_start", self.cue_start_weights, self.cue_start_bias)):
            if w:
                out[key] = {"bias": b, "weights": {k: round(v, 5) for k, v in sorted(w.items())}}
        return out


def from_json(data: dict, origin: str = "?") -> CueModel:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise SourcetraceError("E050", path=origin, reason=f"not a {FORMAT} file")
    try:
        end = data.get("content_end") or {"weights": {}, "bias": 0.0}
        start = data.get("content_start") or {"weights": {}, "bias": 0.0}
        cue_end = data.get("cue_end") or {"weights": {}, "bias": 0.0}
        cue_start = data.get("cue_start") or {"weights": {}, "bias": 0.0}
        return CueModel(weights={str(k): float(v) for k, v in data["weights"].items()}, bias=float(data["bias"]),
                        threshold=float(data["threshold"]), candidates=dict(data["candidates"]),
                        meta=dict(data.get("meta", {})),
                        end_weights={str(k): float(v) for k, v in end["weights"].items()},
                        end_bias=float(end["bias"]),
                        start_weights={str(k): float(v) for k, v in start["weights"].items()},
                        start_bias=float(start["bias"]),
                        cue_end_weights={str(k): float(v) for k, v in cue_end["weights"].items()},
                        cue_end_bias=float(cue_end["bias"]),
                        cue_start_weights={str(k): float(v) for k, v in cue_start["weights"].items()},
                        cue_start_bias=float(cue_start["bias"]))
    except (KeyError, TypeError, ValueError) as err:
        raise SourcetraceError("E050", path=origin, reason=f"missing or bad field: {err}") from err


@functools.lru_cache(maxsize=4)
def load(which: str = "default") -> CueModel | None:
    """The shipped model ("default"), or the one at a path. None when the default file is absent
    (a checkout where it was never trained): the extractor then runs on rules alone."""
    if which == "default":
        path = resources.files("sourcetrace").joinpath("models/cue_model.json")
        if not path.is_file():
            return None
        return from_json(json.loads(path.read_text(encoding="utf-8")), "sourcetrace/models/cue_model.json")
    p = Path(which)
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise SourcetraceError("E050", path=which, reason=str(err)) from err
    return from_json(data, which)


# the edges of the length features (part of the feature names: do not change)
_CONTENT_EDGES = (0, 1, 3, 6, 12, 25, 50)
_CUE_EDGES = (1, 2, 3)
_SOURCE_EDGES = (1, 2, 4, 8)
# context features: counts of rivals and of candidates in the sentence are capped at these
_MAX_RIVALS = 3
_MAX_IN_SENTENCE = 4


def features(doc, r, quotes) -> list[str]:
    """The cue model's features of candidate ``r``: those of its frame (``frame_features``) and of
    where it sits among the other candidates (``r.context``, set by ``context``)."""
    return frame_features(doc, head=r.head, family=r.family, cue=r.cue, content=r.content, source=r.source,
                          source_head=r.source_head, direct=r.direct, certainty=r.certainty,
                          in_quote=inside_quote(r, quotes, "none"), frame=r.frame) + (r.context or [])


def context(doc, raws) -> None:
    """Features of where each candidate sits among the others, for the cue model: inside the
    content of another candidate (of which family, on which word), holding other candidates' cues in
    its content, sharing its cue with rivals. Annotators of PolNeAR mark almost no reporting nested
    in another attribution's content (129 of 19,834 train cues), so a candidate inside another's
    content is one of two: the inner one is wrong, or the outer one's content runs too far."""
    def overlap(a, b):
        return a[0] < b[1] and b[0] < a[1]
    sent_of = [doc[r.head].sent.start if 0 <= r.head < len(doc) else -1 for r in raws]
    for i, r in enumerate(raws):
        ctx = set()
        rivals = 0
        for o in raws:
            if o is r:
                continue
            if overlap(o.cue, r.cue):
                rivals += 1
                ctx.add(f"rival={o.family}|{r.family}")
                continue
            if o.content[0] <= r.cue[0] < o.content[1]:
                ctx.add(f"in={o.family}")
                ctx.add(f"in_fam={o.family}|{r.family}")
                if 0 <= o.head < len(doc):
                    ctx.add(f"in_l={doc[o.head].lemma_.lower()}")
                ctx.add(f"in_d={o.direct}")
            if r.content[0] <= o.cue[0] < r.content[1]:
                ctx.add(f"has={o.family}")
        ctx.add(f"rivals={min(rivals, _MAX_RIVALS)}")
        sent = [o for j, o in enumerate(raws) if j != i and sent_of[i] >= 0 and sent_of[j] == sent_of[i]]
        ctx.add(f"in_sent={min(len(sent), _MAX_IN_SENTENCE)}")
        ctx.add(f"first_in_sent={all(o.cue[0] >= r.cue[0] for o in sent)}")
        r.context = sorted(ctx)


def frame_features(doc, *, head: int, family: str, cue: tuple[int, int], content: tuple[int, int],
             source: tuple[int, int] | None, source_head: int | None, direct: bool, certainty: str,
             in_quote: bool, frame: str = "") -> list[str]:
    """Sparse binary features of one candidate (names are ``kind=value`` strings)."""
    tok = doc[head] if 0 <= head < len(doc) else None
    f = [f"frame={frame}", f"ffam={frame}|{family}"] if frame else []
    f += [f"fam={family}", f"direct={direct}", f"src={source is not None}", f"inq={in_quote}",
         f"fam_src={family}|{source is not None}", f"fam_inq={family}|{in_quote}", f"cert={certainty}"]
    clen = len(doc_text(doc)[content[0]:content[1]].split())
    f.append(f"clen={bucket(clen, _CONTENT_EDGES)}")
    f.append(f"cside={'before' if content[1] <= cue[0] else ('after' if content[0] >= cue[1] else 'around')}")
    f.append(f"cuelen={bucket(len(doc_text(doc)[cue[0]:cue[1]].split()), _CUE_EDGES)}")
    if source is not None and source_head is not None and 0 <= source_head < len(doc):
        st = doc[source_head]
        f.append(f"spos={st.pos_}")
        f.append(f"sent={st.ent_type_ or '-'}")
        f.append(f"slen={bucket(len(doc_text(doc)[source[0]:source[1]].split()), _SOURCE_EDGES)}")
        f.append(f"sside={'before' if source[1] <= cue[0] else 'after'}")
        f.append(f"skind={source_kind(doc_text(doc)[source[0]:source[1]], st.lemma_, None, is_pronoun=st.pos_ == 'PRON')}")
    ctoks = doc.char_span(content[0], content[1], alignment_mode="expand")
    if ctoks is not None and len(ctoks):
        first = ctoks[0]
        opener = first.lower_ if first.lower_ in _OPENERS or first.text in _QUOTES else first.pos_
        f.append(f"cstart={opener}")
        f.append(f"cverb={any(t.pos_ in ('VERB', 'AUX') for t in ctoks)}")
        if tok is not None:
            f.append(f"lcstart={tok.lemma_.lower()}|{opener}")
    if tok is None:
        return f
    lemma = tok.lemma_.lower()
    f += [f"lem={lemma}", f"lp={lemma}|{tok.pos_}", f"pos={tok.pos_}", f"tag={tok.tag_}", f"dep={tok.dep_}",
          f"ld={lemma}|{tok.dep_}", f"lfam={lemma}|{family}", f"lsrc={lemma}|{source is not None}",
          f"linq={lemma}|{in_quote}", f"ltag={lemma}|{tok.tag_}",
          f"hd={tok.head.pos_}|{tok.dep_}", f"hl={tok.head.lemma_.lower()}|{tok.dep_}",
          f"lds={lemma}|{tok.dep_}|{source is not None}", f"fds={family}|{tok.dep_}|{source is not None}",
          f"lhl={lemma}|{tok.head.lemma_.lower()}", f"ldir={lemma}|{direct}"]
    kids = sorted({c.dep_ for c in tok.children})
    for k in kids:
        f.append(f"kid={k}")
        f.append(f"lkid={lemma}|{k}")
    for c in tok.children:
        if c.dep_ in ("aux", "neg", "advmod", "prt", "prep", "dobj", "mark") and c.dep_ != "punct":
            f.append(f"kw={c.dep_}|{c.lower_}")
    prev = doc[head - 1].lower_ if head > 0 else "<s>"
    nxt = doc[head + 1].lower_ if head + 1 < len(doc) else "</s>"
    prev2 = doc[head - 2].lower_ if head > 1 else "<s>"
    nxt2 = doc[head + 2].lower_ if head + 2 < len(doc) else "</s>"
    f += [f"prev={prev}", f"next={nxt}", f"lnext={lemma}|{nxt}", f"prev2={prev2}", f"next2={nxt2}",
          f"hh={tok.head.dep_}|{tok.head.head.pos_}"]
    sent = tok.sent
    f.append(f"first_sent={sent.start == 0}")
    has_quote = any(t.text in _QUOTES for t in sent)
    f.append(f"sent_has_quote={has_quote}")
    return f
