"""docs/api.md: its worked example runs as written and prints what the page says."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from detente.errors import RequestError

DOC = Path(__file__).resolve().parents[1] / "docs" / "api.md"


def test_the_worked_example_runs_and_gives_the_documented_numbers(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)  # the example saves korea-us-rus.yaml
    env: dict[str, Any] = {}
    for block in re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S):
        if "seed=-1" in block:
            with pytest.raises(RequestError, match=r"seed: -1 is negative.*fix: use 1"):
                exec(block, env)
        else:
            exec(block, env)
    assert env["result"]["verification"] == 80.0
    assert env["frame"].shape == (240, 5)
    assert env["changed"].actor("DPRK").capability == 24.0
    assert env["korea"].actor("DPRK").capability == 30.0
    shifted = env["w"].table.set_index("issue")["shift"]
    assert shifted[shifted != 0].to_dict() == {"denuc_scope": 10.0, "lwr": -30.0}
    assert list(env["answer"].tables()) == ["summary"]
    assert list(env["answer"].payload()) == ["scenario", "model", "runs", "seed", "issues"]
