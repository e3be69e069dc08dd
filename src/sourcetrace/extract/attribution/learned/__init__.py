"""The learned parts of attribution extraction, all in one model file (``models/cue_model.json``).

``cue_model`` keeps or drops each candidate the frames propose; ``content_bounds`` chooses where an
indirect content starts and ends; ``cue_bounds`` how far each cue reaches. All are logistic
regressions over sparse ``kind=value`` features, scored with the standard library; ``linear``
holds what they share (scoring, bucketing counts into feature values, the lenient trimming of span
edges). They are trained by ``sourcetrace train attributions`` (``sourcetrace.train.attributions``).
"""
