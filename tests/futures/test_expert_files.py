"""Experts' matrices from a folder or a panel's futures/ subfolder, and the ensemble across
them through the results layer and the CLI (`detente futures solve --experts`)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from detente.cli import app
from detente.errors import ScenarioError, UnknownNameError
from detente.futures import read_futures
from detente.futures.expert_files import read_experts
from detente.futures.load import save_futures
from detente.futures.scores import is_consistent
from detente.results import FuturesExpertsRequest, compute

CIB = Path(__file__).resolve().parents[1] / "data" / "cib"
MANIFEST = "name: demo\nscenario: korea-2005\nmembers:\n  alice: {}\n  boris: {}\n  chen: {}\n"


def _panel(folder: Path) -> Path:
    """A panel of three: alice keeps dprk-futures, boris and chen change judgements."""
    base = read_futures("dprk-futures")
    (folder / "futures").mkdir(parents=True)
    (folder / "panel.yaml").write_text(MANIFEST)
    save_futures(base, folder / "futures" / "alice.yaml")
    boris = base.with_judgement("regime.consolidated", "economy.reform", -3)
    save_futures(boris, folder / "futures" / "boris.yaml")
    chen = base.with_judgement("china.patron", "regime.crisis", 2)
    save_futures(chen.with_judgement("us.engagement", "nuclear.rollback", 3),
                 folder / "futures" / "chen.yaml")  # fmt: skip
    return folder


def test_a_panel_folder_gives_one_expert_per_member(tmp_path: Path) -> None:
    names, studies = read_experts(_panel(tmp_path))
    assert names == ["alice", "boris", "chen"]
    assert studies[1].matrix.judgement("regime.consolidated", "economy.reform") == -3


def test_robustness_counts_the_members_whose_matrix_holds_the_scenario(tmp_path: Path) -> None:
    folder = _panel(tmp_path)
    result = compute(FuturesExpertsRequest(experts=str(folder)))
    ens = result.ensemble
    _, studies = read_experts(folder)
    held = np.stack([is_consistent(s.matrix, ens.local) for s in studies], axis=1)
    assert (ens.robustness == held.sum(axis=1)).all()
    payload = result.payload()
    assert payload["experts"] == ["alice", "boris", "chen"]
    assert {3, 1} <= {s["robustness"] for s in payload["scenarios"]}  # shared and not shared
    assert payload["scenarios"][0]["robustness"] == 3  # the most robust first
    # replays without the folder: the studies are inline once resolved
    inline = result.request.experts
    assert isinstance(inline, dict) and list(inline) == ["alice", "boris", "chen"]
    again = compute(FuturesExpertsRequest(experts=inline))
    assert again.payload() == payload


def test_the_cli_reads_the_folder(tmp_path: Path) -> None:
    folder = _panel(tmp_path)
    out = CliRunner().invoke(app, ["futures", "solve", "--experts", str(folder), "-f", "json"])
    assert out.exit_code == 0, out.output
    expected = compute(FuturesExpertsRequest(experts=str(folder))).payload()
    assert json.loads(out.stdout) == json.loads(json.dumps(expected))
    both = CliRunner().invoke(app, ["futures", "solve", "dprk-futures", "--experts", str(folder)])
    assert both.exit_code == 2 and "not both" in both.output


def test_a_plain_folder_and_scenariowizard_files(tmp_path: Path) -> None:
    for name in ("x", "y"):
        (tmp_path / f"{name}.scw").write_bytes((CIB / "CIB_global.scw").read_bytes())
    (tmp_path / "notes.txt").write_text("not a matrix")
    ens = compute(FuturesExpertsRequest(experts=str(tmp_path))).ensemble
    assert ens.experts == ("x", "y") and set(ens.robustness) == {2} and len(ens.local) == 4


def test_folder_problems_are_named(tmp_path: Path) -> None:
    folder = _panel(tmp_path / "panel")
    (folder / "futures" / "dave.yaml").write_bytes((folder / "futures" / "alice.yaml").read_bytes())
    with pytest.raises(ScenarioError, match=r"\['dave'\], who are not panel members"):
        read_experts(folder)
    with pytest.raises(ScenarioError, match="no futures/ subfolder"):
        read_experts("korea-2005-panel")  # the bundled panel assesses the talks only
    with pytest.raises(UnknownNameError, match="neither a folder"):
        read_experts(tmp_path / "missing")
    (tmp_path / "empty").mkdir()
    with pytest.raises(ScenarioError, match="no experts' futures files"):
        read_experts(tmp_path / "empty")
    odd = tmp_path / "odd"
    odd.mkdir()
    (odd / "a.scw").write_bytes((CIB / "CIB_global.scw").read_bytes())
    save_futures(read_futures("dprk-futures"), odd / "b.yaml")
    with pytest.raises(ScenarioError, match="descriptors or variants differ"):
        compute(FuturesExpertsRequest(experts=str(odd)))
