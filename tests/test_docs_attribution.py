"""The attribution docs name what the code has: every cue family, the family policy as the code
holds it, every module of the package (in the manner of sqlite-utils' ``test_docs.py``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from sourcetrace.extract.attribution import POLICY, Family

REPO = Path(__file__).resolve().parents[1]
DOC = (REPO / "docs" / "attribution.md").read_text(encoding="utf-8")
PACKAGE = REPO / "src" / "sourcetrace" / "extract" / "attribution"
COLUMNS = ("rules_content", "fixed_cue", "kept_nested", "passes_on", "not_nests_in_quotes", "always_kept",
           "model_only")


@pytest.mark.parametrize("family", list(Family))
def test_every_cue_family_is_in_the_docs(family):
    assert f"`{family.value}`" in DOC


def _policy_rows() -> dict[str, tuple[bool, ...]]:
    start = DOC.index("| family | rules' content |")
    rows = {}
    for line in DOC[start:].splitlines()[2:]:
        if not line.startswith("| `"):
            break
        cells = [c.strip() for c in line.strip("|").split("|")]
        rows[cells[0].strip("`")] = tuple(c == "yes" for c in cells[1:])
    return rows


def test_the_docs_policy_table_is_the_code_s():
    def flags(p):
        return tuple((not p.nests_in_quotes) if c == "not_nests_in_quotes" else getattr(p, c) for c in COLUMNS)
    assert _policy_rows() == {str(f): flags(p) for f, p in POLICY.items()}


@pytest.mark.parametrize("module", sorted(str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py")
                                          if p.name != "__init__.py"))
def test_every_module_is_in_the_frame_table(module):
    assert f"`{module}`" in DOC or f"`{module.split('/')[-1]}`" in DOC


def test_the_readme_layout_points_at_the_package():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    layout = readme[readme.index("## Layout"):]
    assert "extract/attribution/" in layout and "docs/attribution.md" in layout
