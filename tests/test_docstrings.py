"""Every public function says what it takes and gives: NumPy docstrings (Parameters, Returns).

Typer commands are left out: their docstrings are the commands' --help text, and their
parameters are documented option by option (``help=``).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "detente"
# Files written on other branches without these sections, left to their authors (none now).
PENDING_PACKAGES: tuple[str, ...] = ()
PENDING: set[str] = set()


def _is_command(node: ast.FunctionDef, where: str) -> bool:
    """A Typer command, or a route of the JSON API (web/api*.py): FastAPI documents a route's
    path, query and body parameters in the OpenAPI schema (/api/docs) and shows its docstring as
    the operation's description. Page routes (not in the schema) keep their sections."""
    names = [ast.unparse(d) for d in node.decorator_list]
    if any("command" in n for n in names):
        return True
    return where.startswith("web/api") and any(n.startswith("router.") for n in names)


def _is_property(node: ast.FunctionDef) -> bool:
    names = {ast.unparse(d) for d in node.decorator_list}
    return bool(names & {"property", "cached_property", "classmethod"}) and not node.args.args[1:]


def public_functions() -> Iterator[tuple[str, ast.FunctionDef]]:
    """(where, function) for every public function and method of the package."""
    for path in sorted(SRC.rglob("*.py")):
        where = str(path.relative_to(SRC))
        if where in PENDING or where.startswith(PENDING_PACKAGES):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.ClassDef | ast.Module):
                continue
            if isinstance(node, ast.ClassDef) and node.name.startswith("_"):
                continue
            for item in node.body:
                public = isinstance(item, ast.FunctionDef) and not item.name.startswith("_")
                if public and not _is_command(item, where):
                    yield f"{path.relative_to(SRC)}:{item.lineno} {item.name}", item


def missing(node: ast.FunctionDef) -> list[str]:
    """The sections a function's docstring lacks."""
    doc = ast.get_docstring(node) or ""
    if not doc:
        return ["docstring"]
    if _is_property(node):
        return []
    args = [a.arg for a in [*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs]]
    args += [a.arg for a in (node.args.vararg, node.args.kwarg) if a is not None]
    gaps = []
    if [a for a in args if a not in ("self", "cls")] and "Parameters\n---" not in doc:
        gaps.append("Parameters")
    returns = node.returns is not None and ast.unparse(node.returns) != "None"
    if returns and "Returns\n---" not in doc:
        gaps.append("Returns")
    return gaps


def test_every_public_function_has_parameters_and_returns() -> None:
    gaps = [
        f"{where}: {', '.join(m)}" for where, node in public_functions() if (m := missing(node))
    ]
    assert not gaps, f"{len(gaps)} public functions lack sections:\n" + "\n".join(gaps)
