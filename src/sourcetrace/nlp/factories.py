"""The registration of sourcetrace's spaCy component, kept apart from its code (as spaCy keeps
``pipeline/factories.py``), so that registering stays cheap.

spaCy imports this module through the ``spacy_factories`` entry point of pyproject.toml whenever it
builds a pipeline, so ``nlp.add_pipe("sourcetrace")`` works after ``pip install sourcetrace``
without importing sourcetrace first. It imports nothing but spaCy's ``Language``; the component
(``component.py``) and the extractors load when a pipeline first adds the component.
"""

from __future__ import annotations

from spacy.language import Language


@Language.factory(
    "sourcetrace",
    assigns=["doc.spans", "doc._.sourcetrace"],
    requires=["token.dep", "token.head", "doc.ents"],
)
def make_sourcetrace(nlp: Language, name: str):
    """The sourcetrace component (``nlp/component.py``); E039 on a pipeline without parser or NER."""
    from .component import SourcetraceComponent

    return SourcetraceComponent(nlp, name)
