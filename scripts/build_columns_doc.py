"""Rewrite the generated part of docs/columns.md from detente/cli/columns.py.

    PYTHONPATH=src python scripts/build_columns_doc.py
"""

from __future__ import annotations

from pathlib import Path

from detente.cli.columns import markdown

MARK = "<!-- generated below from detente/cli/columns.py: scripts/build_columns_doc.py -->\n"
DOC = Path(__file__).resolve().parent.parent / "docs" / "columns.md"

text = DOC.read_text(encoding="utf-8")
DOC.write_text(text[: text.index(MARK) + len(MARK)] + "\n" + markdown(), encoding="utf-8")
