"""The exchange model against decide-exchange-model's own outputs (tests/data/decide/LICENSE.md).

COP21 (15 negotiating groups, 13 issues) and the package's sample data (10 actors, 6 issues, one
issue on a 0.5-7 scale), equal-gain model, 10 rounds: the expected outcome (capability x
salience weighted mean) per issue before and after each round's vote, to 0.01 on 0-100.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from detente.models.registry import get_model
from detente.scenario.load import read

DATA = Path(__file__).parent.parent / "data" / "decide"


@pytest.mark.parametrize("name", ["cop21.csv", "sample_data.csv"])
def test_matches_decide_exchange_model(name: str) -> None:
    ref = json.loads((DATA / f"{Path(name).stem}_equal_gain.json").read_text())
    scenario = read(DATA / name).scenario
    assert scenario.issue_ids == ref["issues"]
    traj = get_model("exchange")(scenario.to_arrays(), {"rounds": 10}, 0)
    low = np.array([i.scale.low for i in scenario.issues])
    span = np.array([i.scale.high - i.scale.low for i in scenario.issues])
    voting = (traj.forecast[1:, 0] - low) / span * 100
    preference = (traj.mean[:-1, 0] - low) / span * 100
    assert np.abs(voting - np.array(ref["voting_mds"])).max() < 0.01
    assert np.abs(preference - np.array(ref["preference_mds"])).max() < 0.01
    rounds = traj.diagnostics["exchanges"]["round"]
    assert np.bincount(rounds, minlength=11)[1:].tolist() == ref["exchanges_per_round"]


def test_first_exchanges_of_cop21_match_one_by_one() -> None:
    ref = json.loads((DATA / "cop21_equal_gain.json").read_text())["first_round_exchanges"]
    traj = get_model("exchange")(read(DATA / "cop21.csv").scenario.to_arrays(), {"rounds": 1}, 0)
    table = pd.DataFrame(get_model("exchange").explain(traj))  # type: ignore[misc]
    for (_, row), want in zip(table.head(len(ref)).iterrows(), ref, strict=True):
        got = [
            row["actor"],
            row["gives"],
            row["from"],
            row["to"],
            row["partner"],
            row["gets"],
            row["partner_from"],
            row["partner_to"],
            row["gain"],
        ]
        assert got[:2] == want[:2] and got[4:6] == want[4:6]
        assert np.allclose(got[2:4] + got[6:], want[2:4] + want[6:], atol=1e-9)
