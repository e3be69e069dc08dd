"""The options of attribution extraction: one frozen object, each field with its default and how
that default was chosen (PolNeAR train or dev, docs/attribution.md)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Options:
    """Attribution extraction options (defaults calibrated on PolNeAR train)."""

    # longest source phrase kept, in tokens; longer subjects are clauses, not sources. Raised from
    # 25 with the cue model (c07f1c3); measured since on PolNeAR dev (1,852 attributions) / train
    # documents 1-300 (5,635) with the shipped model: 25 changes 21 / 50 and lowers relation F1 by
    # 0.4 on both, 60 changes 2 / 3, F1 unchanged (benchmarks/vary_attribution_thresholds.py)
    max_source_tokens: int = 40
    # Cut datelines, focus adverbs, possessive endings and comma-set modifiers off sources (``sources.trim_source``).
    trim_sources: bool = True
    # a colon cue needs a short speaker phrase before the colon, and a dash-signed quotation a short
    # name after the dash: 4 changes 2 / 7 (relation F1 on dev 72.7 to 72.6), 12 changes 0 / 8, F1
    # unchanged
    max_colon_speaker_tokens: int = 8
    # a quotation interrupted by its cue ("...," she said. "...") continues in a quotation that
    # opens at most this many characters after the cue clause, in the same paragraph: 60 changes
    # 17 / 34 and lowers exact content F1 by 0.2 on both, 240 changes 2 / 4 (dev content +0.1)
    quote_continuation_chars: int = 120
    # Report what a quoted speaker says others think or said ("I think ..." inside a quotation)?
    # Off by default: PolNeAR annotators mostly leave such nested speech unannotated, and on
    # PolNeAR train (first 200 documents) keeping them cost precision (see docs/attribution.md).
    nested_in_quotes: str = "none"  # "none", "speech" (keep nested verbs of saying) or "all"
    # The trained cue model that keeps or drops each candidate (``learned.cue_model``): "default"
    # for the shipped weights, a path to a JSON file written by ``sourcetrace train attributions``,
    # or "" or "rules" for rules only (then ``nested_in_quotes`` filters quoted speech).
    model: str = "default"
    # Keep reporting inside a reported clause ("X reported that police said ...") even where the
    # cue model would drop it: source chains are built from these. PolNeAR annotators often leave
    # them unmarked, so this costs a little precision there (docs/attribution.md).
    keep_nested: bool = True
    # Run an indirect content on to the end of its sentence when no other cue intervenes
    # (``repairs.extend_to_sentence_end``); at most this many words are added.
    extend_contents: bool = True
    extend_max_words: int = 12  # 12 vs 25 vs 40 words on PolNeAR train docs 600-840: content exact 48.7 / 48.5 / 48.0
