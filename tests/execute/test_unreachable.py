"""An unreachable Dask scheduler is one message with the fix, not a traceback (issue 15)."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from detente.cli import app

pytest.importorskip("distributed")


def test_unreachable_scheduler_says_how_to_fix_it(monkeypatch):
    monkeypatch.setattr("detente.execute.dask.CONNECT_TIMEOUT", "1s")
    args = ["ensemble", "ec-car-emissions", "-n", "10", "--executor", "dask",
            "--scheduler", "tcp://127.0.0.1:1"]  # fmt: skip
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2, result.output
    assert "cannot reach the Dask scheduler at 'tcp://127.0.0.1:1'" in result.stderr
    assert "fix: start one there with `dask scheduler`" in result.stderr
