"""The package's import graph: every module imports on its own, and imports flow one way.

The circle checks walk the import statements of src/sourcetrace in the AST. The first counts the
imports that run when a module is loaded: module level, including inside ``if``/``try`` blocks and
class bodies, but not inside functions; a circle there breaks or half-initialises modules at import
time. The second counts every import, function-level ones too (those run when the function is
called, which is how optional and heavy dependencies are deferred): a circle there is harmless at
run time, but STYLE.md wants imports to flow one way, and today there is none. ``from . import
name`` counts as an import of the submodule ``name`` when there is one, else of the package.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = "sourcetrace"


def module_files() -> dict[str, Path]:
    out = {}
    for path in sorted((SRC / PACKAGE).rglob("*.py")):
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


def _imports(tree: ast.Module, *, in_functions: bool):
    """The import nodes of a module: those that run when it loads, or (``in_functions``) all."""
    stack = list(tree.body)
    while stack:
        node = stack.pop()
        if not in_functions and isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            continue
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield node
        stack.extend(ast.iter_child_nodes(node))


def import_graph(modules: dict[str, Path], *, in_functions: bool = False) -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        is_package = path.name == "__init__.py"
        package = name if is_package else name.rpartition(".")[0]
        edges: set[str] = set()
        for node in _imports(ast.parse(path.read_text("utf-8")), in_functions=in_functions):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            else:
                if node.level:
                    base = package.split(".")
                    base = base[: len(base) - (node.level - 1)]
                    target = ".".join(base + ([node.module] if node.module else []))
                else:
                    target = node.module or ""
                targets = []
                for alias in node.names:
                    sub = f"{target}.{alias.name}"
                    targets.append(sub if sub in modules else target)
            edges.update(t for t in targets if t in modules and t != name)
        graph[name] = edges
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import circle as a path ``[a, b, ..., a]``, or None."""
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return path[path.index(nxt):] + [nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


def test_the_cycle_finder_finds_a_circle_and_accepts_a_tree():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b", "c"}, "b": {"c"}, "c": set()}) is None


def test_the_graph_resolves_relative_imports_and_submodules():
    modules = module_files()
    graph = import_graph(modules)
    # pipeline.py: `from . import extract`, `from .ledger import Ledger`, `from .nlp import load_model`
    assert {"sourcetrace.extract", "sourcetrace.ledger", "sourcetrace.nlp"} <= graph["sourcetrace.pipeline"]
    # extract/attribution/__init__.py: `from .learned import cue_model` names a submodule, not the package
    assert "sourcetrace.extract.attribution.learned.cue_model" in graph["sourcetrace.extract.attribution"]
    assert "sourcetrace.extract" not in graph["sourcetrace.extract.attribution"]


def test_no_module_level_import_circle():
    cycle = find_cycle(import_graph(module_files()))
    assert cycle is None, "import circle: " + " -> ".join(cycle)


def test_no_import_circle_even_through_function_level_imports():
    graph = import_graph(module_files(), in_functions=True)
    # pipeline.py imports clean_article inside a function
    assert "sourcetrace.clean" in graph["sourcetrace.pipeline"]
    cycle = find_cycle(graph)
    assert cycle is None, "import circle: " + " -> ".join(cycle)


_IMPORT_EACH = """
import importlib, json, sys
failures = {}
for name in json.loads(sys.argv[1]):
    for loaded in [m for m in sys.modules if m == "sourcetrace" or m.startswith("sourcetrace.")]:
        del sys.modules[loaded]
    try:
        importlib.import_module(name)
    except Exception as err:  # noqa: BLE001
        failures[name] = f"{type(err).__name__}: {err}"
print(json.dumps(failures))
"""


def test_every_module_imports_first_in_a_fresh_interpreter():
    """Each module is imported as the first sourcetrace module of the process (the package's modules
    are dropped from ``sys.modules`` between two), so an import that only works after another module
    has loaded fails here."""
    names = sorted(module_files())
    done = subprocess.run([sys.executable, "-c", _IMPORT_EACH, json.dumps(names)], capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1]) == {}


def _loaded_after(statement: str) -> set[str]:
    code = f"import sys; {statement}; print(' '.join(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    return set(done.stdout.split())


def test_importing_the_ledger_does_not_load_the_extractors_or_spacy():
    loaded = _loaded_after("import sourcetrace.ledger")
    assert "sourcetrace.ledger" in loaded
    assert not {m for m in loaded if m.startswith("sourcetrace.extract")}
    assert "spacy" not in loaded and "sourcetrace.pipeline" not in loaded


def test_import_sourcetrace_is_light_and_the_api_loads_on_first_use():
    assert {m for m in _loaded_after("import sourcetrace") if m.startswith("sourcetrace")} == {"sourcetrace"}
    loaded = _loaded_after("import sourcetrace; sourcetrace.Store; sourcetrace.Ledger")
    assert "sourcetrace.store.corpus" in loaded and "spacy" not in loaded


@pytest.mark.parametrize("name", ["analyze", "Ledger", "Store", "SourcetraceError"])
def test_public_names_resolve(name):
    import sourcetrace

    assert name in sourcetrace.__all__ and name in dir(sourcetrace)
    assert getattr(sourcetrace, name) is not None
    with pytest.raises(AttributeError):
        sourcetrace.no_such_name  # noqa: B018
