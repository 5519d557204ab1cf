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
