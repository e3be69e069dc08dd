"""The docs name what users meet (in the manner of sqlite-utils' test_docs.py): every error code, every
command and subcommand of the CLI, and every cue family a ledger can hold."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from sourcetrace.cli import build_parser
from sourcetrace.errors import MESSAGES

REPO = Path(__file__).resolve().parents[1]
DOCS = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
ATTRIBUTION_DOC = REPO / "docs" / "attribution.md"


def _docs() -> str:
    return "\n".join(path.read_text(encoding="utf-8") for path in DOCS)


def command_paths(parser: argparse.ArgumentParser, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command and subcommand of ``parser``, walking its subparsers: ("analyze",),
    ("predict",), ("predict", "attributions"), ..."""
    out = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                out.append(prefix + (name,))
                out += command_paths(sub, prefix + (name,))
    return out


def cue_families() -> set[str]:
    """Every ``cue_family`` value the attribution layer can write: the values of its enumeration."""
    from sourcetrace.extract.attribution.families import Family

    return {f.value for f in Family}


@pytest.mark.parametrize("code", sorted(MESSAGES))
def test_every_error_code_is_documented(code):
    assert re.search(rf"\b{code}\b", _docs()), f"{code} is in errors.py but in neither README.md nor docs/*.md"


def test_the_command_walk_finds_every_level():
    paths = command_paths(build_parser())
    assert ("analyze",) in paths and ("predict", "attributions") in paths and ("train", "attributions") in paths
    assert len(paths) == len(set(paths)) >= 16


@pytest.mark.parametrize("path", command_paths(build_parser()), ids=" ".join)
def test_every_command_is_documented(path):
    command = "sourcetrace " + " ".join(path)
    assert command in _docs(), f"`{command}` appears in neither README.md nor docs/*.md"


def test_the_family_reader_sees_the_frames_of_the_code():
    families = cue_families()
    assert {"speech", "belief", "according_to", "prep_source", "adverbial", "colon", "passive"} <= families
    assert "quote" not in families  # once tested for by the selection code, never produced: removed


@pytest.mark.parametrize("family", sorted(cue_families()))
def test_every_cue_family_is_in_the_attribution_doc(family):
    # as a whole word: the JSON value itself ("according_to", not "according to"); families that are
    # English words ("other", "show") are only caught when missing from the page altogether
    text = ATTRIBUTION_DOC.read_text(encoding="utf-8")
    assert re.search(rf"(?<![\w-]){re.escape(family)}(?![\w-])", text), f"cue family {family!r} is not in docs/attribution.md"
