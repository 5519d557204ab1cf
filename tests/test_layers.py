"""The layers as DESIGN.md draws them: what each package may import, checked in a fresh process."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "detente"
HEAVY = ("pandas", "pydantic", "yaml", "sqlalchemy", "matplotlib", "plotly")


def loaded_after(statement: str) -> set[str]:
    """Top-level modules in sys.modules after running ``statement`` in a fresh interpreter."""
    top = "sorted({m.split('.')[0] for m in sys.modules})"
    code = f"{statement}\nimport sys\nprint(' '.join({top}))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(out.stdout.split())


@pytest.mark.parametrize("statement", ["import detente", "import detente.models",
                                       "import detente.models.registry; "
                                       "detente.models.registry.list_models()"])  # fmt: skip
def test_importing_the_models_loads_nothing_heavy(statement: str) -> None:
    assert loaded_after(statement).isdisjoint(HEAVY)


def test_the_cli_starts_without_pandas() -> None:
    assert "pandas" not in loaded_after("import detente.cli")


def imported_modules(package: str) -> set[str]:
    """Every ``detente...`` module the package's source imports (at any depth of a function)."""
    names: set[str] = set()
    for path in (SRC / package).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                names.add(node.module)
            elif isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
    return {n for n in names if n.startswith("detente")} | (
        {"importlib"} if any("importlib" in p.read_text() for p in (SRC / package).rglob("*.py"))
        else set()
    )  # fmt: skip


def test_the_store_only_stores() -> None:
    used = imported_modules("store")
    forbidden = ("detente.analysis", "detente.api", "detente.results", "detente.cli",
                 "detente.report", "detente.models", "importlib")  # fmt: skip
    assert not {u for u in used if u.startswith(forbidden)}, used


def test_models_import_numpy_and_the_bottom_layer_only() -> None:
    used = imported_modules("models")
    # detente.scenario.ktab_params: plain tuples of KTAB's names (no pydantic, no yaml); the
    # smp model's own copy of them replaces it on the branch that splits the KTAB readers.
    allowed = ("detente.models", "detente.core", "detente.errors", "importlib",
               "detente.scenario.ktab_params")  # fmt: skip
    assert {u for u in used if not u.startswith(allowed)} == set()


def test_plotting_lives_only_in_the_report() -> None:
    for path in SRC.rglob("*.py"):
        if "report" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        assert "matplotlib" not in text and "plotly" not in text.replace("plotly.js", ""), path


def test_list_models_is_in_registry_order_whatever_was_imported_first() -> None:
    code = (
        "import detente.models.nash, detente.models.smp\n"
        "from detente.models.registry import list_models\n"
        "print(' '.join(m.name for m in list_models()))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == [
        "mean", "weighted-mean", "weighted-median", "bdm", "smp", "exchange", "nash"
    ]  # fmt: skip


def _runtime_imports(tree: ast.AST) -> list[ast.stmt]:
    """Every import statement that runs (at module level or in a function), skipping the ones
    under ``if TYPE_CHECKING:``, which only the type checker reads."""
    found: list[ast.stmt] = []

    def walk(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and ast.unparse(child.test).endswith("TYPE_CHECKING"):
                for item in child.orelse:
                    walk(item)
                continue
            if isinstance(child, ast.Import | ast.ImportFrom):
                found.append(child)
            walk(child)

    walk(tree)
    return found


def import_graph() -> dict[str, set[str]]:
    """Module -> the detente modules it imports when it runs (function-level imports included).

    ``from package import submodule`` points at the submodule; a package's own lazy names do
    not import anything, so importing a name from a package points at the package.
    """
    modules = {}
    for path in SRC.rglob("*.py"):
        name = ".".join(("detente", *path.relative_to(SRC).with_suffix("").parts))
        modules[name.removesuffix(".__init__")] = path
    graph: dict[str, set[str]] = {m: set() for m in modules}
    for name, path in modules.items():
        for node in _runtime_imports(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("detente"):
                for alias in node.names:
                    sub = f"{node.module}.{alias.name}"
                    graph[name].add(sub if sub in modules else str(node.module))
            elif isinstance(node, ast.Import):
                graph[name] |= {a.name for a in node.names if a.name in modules}
    return graph


def test_no_module_imports_itself_back() -> None:
    """No import circle anywhere, not even through an import inside a function."""
    graph = import_graph()
    seen: dict[str, int] = {}  # 1 = on the current path, 2 = done

    def visit(module: str, path: list[str]) -> None:
        seen[module] = 1
        for target in sorted(graph.get(module, ())):
            assert seen.get(target) != 1, " -> ".join([*path, module, target])
            if target not in seen:
                visit(target, [*path, module])
        seen[module] = 2

    for module in sorted(graph):
        if module not in seen:
            visit(module, [])


def test_the_two_circles_issue_11_named_are_gone_even_for_typing() -> None:
    """scenario/schema.py and checks.py, roadmap/schema.py and checks.py: one way each."""
    graph_all: dict[str, str] = {
        "scenario/checks.py": "detente.scenario.schema",  # the schema calls its checks
        "roadmap/schema.py": "detente.roadmap.checks",  # the checks read the roadmap
    }
    for path, forbidden in graph_all.items():
        text = (SRC / path).read_text(encoding="utf-8")
        assert f"{forbidden} import" not in text and f"import {forbidden}" not in text, path
