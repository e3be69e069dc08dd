"""Shared fixtures: the spaCy model (loaded once per session) and the ../shared folder.

Tests that read ``../shared`` (annotated data, real articles, the seed article) are marked ``shared``
and skip with a message when the folder is not beside the repository.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("SOURCETRACE_SHARED", REPO.parent / "shared"))


@pytest.fixture(scope="session")
def nlp():
    from sourcetrace.nlp import load_model

    return load_model()


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"../shared is absent ({SHARED}); these tests read its annotated data and articles")
    return SHARED


@pytest.fixture(scope="session")
def seed_path(shared_dir) -> Path:
    path = shared_dir / "seed" / "000_bccdd907e956e5b5.txt"
    if not path.is_file():
        pytest.skip(f"seed article missing at {path}")
    return path
