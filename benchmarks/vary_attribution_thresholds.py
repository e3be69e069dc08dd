"""How much each numeric bound of the attribution frames matters: vary it and count what changes.

Parses PolNeAR dev (and, with ``--train N``, the first N train documents) once, extracts the
entities once, then runs the attribution extractor with each bound of ``VARIANTS`` set to other
values, in the same process. For each value it prints how many attributions differ from the shipped
setting (added plus removed) and the reference figures of ``sourcetrace eval attributions`` (relation source+content
partial F1, exact source / cue / content F1). The figures in the comments next to each bound in
``src/sourcetrace/extract/attribution/`` were measured with this script (docs/attribution.md).

    .venv/bin/python benchmarks/vary_attribution_thresholds.py --gold ../shared/data/polnear \
        [--train 300] [--cache DIR] [--only NAME ...] [--model rules]

Module constants are patched for the run (the extractor reads them at call time); fields of
``Options`` are passed as options. With ``--train`` the whole train file is parsed (use the
``--cache`` folder of ``sourcetrace train attributions``, which holds its parses) and held in memory.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import json
import sys
import time
from pathlib import Path

# (name, where, shipped value, other values); where is "module:CONSTANT", "Options.field" or
# "Resolver.window" (the default of ``Resolver.resolve``)
VARIANTS = [
    ("near quote chars", "quotations:NEAR_QUOTE_CHARS", 40, (20, 80)),
    ("near quote words", "quotations:NEAR_QUOTE_WORDS", 6, (3, 12)),
    ("speaker quote chars", "quotations:SPEAKER_QUOTE_CHARS", 300, (150, 600)),
    ("after quote chars", "quotations:AFTER_QUOTE_CHARS", 4, (2, 8)),
    ("quote share", "quotations:QUOTE_SHARE", 0.6, (0.4, 0.8)),
    ("quote edge chars", "repairs:QUOTE_EDGE_CHARS", 3, (1, 6)),
    ("quote cue chars", "repairs:QUOTE_CUE_CHARS", 40, (20, 80)),
    ("frame tail words", "repairs:_FRAME_TAIL_WORDS", 5, (3, 8)),
    ("colon quote gap", "punctuation:COLON_QUOTE_GAP", 3, (1, 6)),
    ("colon quote chars", "punctuation:COLON_QUOTE_CHARS", 5000, (1000, 20000)),
    ("dash name chars", "punctuation:DASH_NAME_CHARS", 80, (40, 160)),
    ("titled speaker tokens", "punctuation:TITLED_SPEAKER_TOKENS", 4, (2, 6)),
    ("topic prep tokens", "verb_content:TOPIC_PREP_TOKENS", 2, (1, 4)),
    ("adverbial complement words", "verb_content:ADVERBIAL_COMPLEMENT_WORDS", 8, (4, 16)),
    ("inverted gap words", "verb_content:INVERTED_GAP_WORDS", 4, (2, 8)),
    ("fallback prep tokens", "fallback:PREP_OBJECT_TOKENS", 3, (1, 6)),
    ("opening phrase tokens", "prepositional:OPENING_PHRASE_TOKENS", 6, (3, 12)),
    ("chain gap", "grammar:MAX_CHAIN_GAP", 3, (1, 6)),
    ("subject hops", "grammar:MAX_SUBJECT_HOPS", 4, (2, 8)),
    ("dateline tokens", "sources:DATELINE_TOKENS", 8, (4, 16)),
    ("kind phrase tokens", "sources:KIND_PHRASE_TOKENS", 60, (40, 120)),
    ("subject sentences", "sources:Resolver.SUBJECT_SENTENCES", 3, (1, 6)),
    ("resolver window", "Resolver.window", 1500, (750, 3000)),
    ("role hops", "sources:ROLE_HOPS", 3, (1, 5)),
    ("apposition hops", "sources:APPOS_HOPS", 4, (2, 6)),
    ("description words", "sources:DESCRIPTION_WORDS", 3, (2, 5)),
    ("max source tokens", "Options.max_source_tokens", 40, (25, 60)),
    ("max colon speaker tokens", "Options.max_colon_speaker_tokens", 8, (4, 12)),
    ("quote continuation chars", "Options.quote_continuation_chars", 120, (60, 240)),
    ("content split words", "learned.content_bounds:_SPLIT_WORDS", 60, (40, 100)),
    ("content start words", "learned.content_bounds:_START_WORDS", 12, (6, 20)),
    ("cue right words", "learned.cue_bounds:_MAX_RIGHT", 12, (6, 20)),
    ("cue left words", "learned.cue_bounds:_MAX_LEFT", 5, (3, 8)),
]
PACKAGE = "sourcetrace.extract.attribution"
# the bounds of source resolution, also measured on the resolver's cases (benchmarks/eval_resolver.py)
RESOLVER = {"subject sentences", "resolver window", "role hops", "apposition hops", "description words",
            "kind phrase tokens"}


def _setter(where: str):
    """A function ``set(value)`` that installs ``value`` at ``where`` and returns the old value."""
    from sourcetrace.extract.attribution.sources import Resolver

    if where == "Resolver.window":
        def set_window(value):
            old = Resolver.resolve.__kwdefaults__["window"]
            Resolver.resolve.__kwdefaults__["window"] = value
            return old
        return set_window
    module, name = where.split(":")
    target = importlib.import_module(f"{PACKAGE}.{module}")
    if "." in name:
        cls, name = name.split(".")
        target = getattr(target, cls)

    def set_constant(value):
        old = getattr(target, name)
        setattr(target, name, value)
        return old
    return set_constant


def _load(path: Path, limit: int | None, cache: Path | None, nlp):
    from sourcetrace.evaluate.predict import read_docs
    from sourcetrace.extract.entities import entities
    from sourcetrace.train.attributions import parse

    golds = list(read_docs(path))
    # the whole file is parsed (or read from the cache ``sourcetrace train attributions --cache``
    # writes for the same file), then cut to ``limit`` documents
    docs = parse([g["text"] for g in golds], nlp=nlp, cache=cache)[:limit]
    golds = golds[:limit]
    return golds, docs, [entities(d) for d in docs]


def _predict(data, options) -> dict[str, dict]:
    from sourcetrace.evaluate.predict import attribution_json
    from sourcetrace.extract.attribution import attributions

    golds, docs, ents = data
    return {g["id"]: {"id": g["id"], "attributions": [attribution_json(a) for a in attributions(d, entities=e, options=options)]}
            for g, d, e in zip(golds, docs, ents)}


def _figures(golds, preds) -> str:
    from sourcetrace.evaluate.scoring import score

    rows = {(r["metric"], r["match"]): r["f1"] for r in score(golds, preds)["rows"]}
    return (f"rel {rows[('rel:source+content', 'partial')]:.1f}, source {rows[('source', 'exact')]:.1f}, "
            f"cue {rows[('cue', 'exact')]:.1f}, content {rows[('content', 'exact')]:.1f}")


def _key(a: dict) -> str:
    return json.dumps({k: v for k, v in a.items() if k != "via"}, sort_keys=True)  # via names shifting ids


def _resolver(nlp) -> str:
    """Accuracy of the resolver on its cases (``benchmarks/eval_resolver.py``)."""
    spec = importlib.util.spec_from_file_location("eval_resolver", Path(__file__).with_name("eval_resolver.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    s = mod.evaluate(nlp=nlp)["summary"]["overall"]
    return f"resolver {s['correct']}/{s['cases']} correct ({s['accuracy_found']:.1f}% of found)"


def _changed(base: dict, other: dict) -> int:
    """Attributions of ``other`` that are not in ``base``, and of ``base`` not in ``other`` (per
    document; ``via`` aside)."""
    n = 0
    for doc_id, rec in other.items():
        before = {_key(a) for a in base[doc_id]["attributions"]}
        after = {_key(a) for a in rec["attributions"]}
        n += len(after - before) + len(before - after)
    return n


def main(argv=None) -> int:
    from sourcetrace.extract.attribution import Options
    from sourcetrace.nlp import load_model

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--gold", default="../shared/data/polnear", help="folder with dev.jsonl and train.jsonl")
    ap.add_argument("--train", type=int, default=0, help="also the first N train documents")
    ap.add_argument("--cache", type=Path, default=None, help="folder for the parsed documents")
    ap.add_argument("--model", default="default", help="cue model: default, a file, or rules")
    ap.add_argument("--only", nargs="*", default=None, help="names of VARIANTS to run")
    args = ap.parse_args(argv)
    nlp = load_model()
    sets = {"dev": _load(Path(args.gold) / "dev.jsonl", None, args.cache, nlp)}
    if args.train:
        sets[f"train{args.train}"] = _load(Path(args.gold) / "train.jsonl", args.train, args.cache, nlp)
    base_options = Options(model=args.model)
    t0 = time.time()
    base = {name: _predict(data, base_options) for name, data in sets.items()}
    n_base = {name: sum(len(r["attributions"]) for r in preds.values()) for name, preds in base.items()}
    print(f"shipped values ({time.time() - t0:.0f} s): " + "; ".join(
        f"{name} {n_base[name]} attributions, {_figures(sets[name][0], base[name])}" for name in sets)
        + f"; {_resolver(nlp)}", flush=True)
    for name, where, shipped, values in VARIANTS:
        if args.only and name not in args.only:
            continue
        for value in values:
            if where.startswith("Options."):
                options, restore = Options(model=args.model, **{where.split(".")[1]: value}), None
            else:
                options, setter = base_options, _setter(where)
                old = setter(value)
                assert old == shipped, f"{where} is {old}, not {shipped}"
                restore = (setter, old)
            try:
                out = []
                for set_name, data in sets.items():
                    preds = _predict(data, options)
                    out.append(f"{set_name} {_changed(base[set_name], preds)} changed, {_figures(data[0], preds)}")
                if name in RESOLVER:
                    out.append(_resolver(nlp))
            finally:
                if restore:
                    restore[0](restore[1])
            print(f"{name} = {value} (shipped {shipped}): " + "; ".join(out), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
