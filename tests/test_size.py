"""Small pieces: no function over 60 lines of code (its docstring aside), no module over 400 lines.

Alembic migrations are left out: a table's columns are one statement each.
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "detente"
MIGRATIONS = SRC / "store" / "migrations"
# Modules past 400 lines on branches being rewritten now (remove when their branch lands).
PENDING_MODULES: set[str] = set()


def code_lines(node: ast.FunctionDef | ast.AsyncFunctionDef) -> int:
    """Lines of a function without its docstring."""
    lines = node.end_lineno - node.lineno + 1  # type: ignore[operator]
    first = node.body[0]
    value = first.value if isinstance(first, ast.Expr) else None
    if isinstance(value, ast.Constant) and isinstance(value.value, str):
        lines -= first.end_lineno - first.lineno + 1  # type: ignore[operator]
    return lines


def test_no_function_is_over_60_lines() -> None:
    long = []
    for path in sorted(SRC.rglob("*.py")):
        if MIGRATIONS in path.parents:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and code_lines(node) > 60:
                long.append(f"{path.relative_to(SRC)}:{node.lineno} {node.name}")
    assert not long, long


def test_no_module_is_over_400_lines() -> None:
    big = [
        str(path.relative_to(SRC))
        for path in sorted(SRC.rglob("*.py"))
        if len(path.read_text(encoding="utf-8").splitlines()) > 400
        and str(path.relative_to(SRC)) not in PENDING_MODULES
    ]
    assert not big, big
