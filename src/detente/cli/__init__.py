"""The `detente` command line. Command modules register on :data:`detente.cli.app.app`."""

from __future__ import annotations

import importlib

from detente.cli.app import app

# One line per command module.
COMMAND_MODULES = (
    "detente.cli.scenarios",
    "detente.cli.forecast",
    "detente.cli.analysis",
    "detente.cli.breakdown",
    "detente.cli.roadmap",
    "detente.cli.panel",
    "detente.cli.runs",
    "detente.cli.report",
    "detente.cli.serve",
)

for _module in COMMAND_MODULES:
    importlib.import_module(_module)


def main() -> None:
    """Entry point of the `detente` script."""
    app()


__all__ = ["app", "main"]
