"""KTAB's own reference run of its SMP sample: every position, turn count and probability."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from detente.models.registry import get_model
from detente.scenario import load_scenario

DATA = Path(__file__).parents[2] / "data" / "ktab"


def _log_rows(label: str) -> dict[str, list[float]]:
    """Per-actor rows of one history block of the reference log, e.g. 'prob'."""
    rows = {}
    for line in (DATA / "20170530_ref-dummyData_3Dim.txt").read_text().splitlines():
        m = re.match(rf"(SActor-\d\d), {label} :(.*)", line)
        if m:
            rows[m.group(1)] = [float(x) for x in m.group(2).split()]
    return rows


@pytest.fixture(scope="module", params=["bundled", "csv"])
def traj(request):  # type: ignore[no-untyped-def]
    ref = "dummyData_3Dim" if request.param == "bundled" else DATA / "dummyData_3Dim.csv"
    return get_model("smp")(load_scenario(ref).to_arrays(), {}, 0)


def test_every_position_every_turn_matches_ktab(traj) -> None:  # type: ignore[no-untyped-def]
    ref = pd.read_csv(DATA / "dummyData_3Dim_positions.csv")
    assert len(ref) == 11 * 7 * 3
    actor = ref["actor"].map(traj.actor_ids.index)
    dim = ref["dimension"].str[-1].astype(int) - 1
    ours = traj.positions[ref["turn"], 0, actor, dim]
    np.testing.assert_allclose(ours, ref["position_0_100"], atol=0.01)


def test_stops_after_the_same_ten_turns(traj) -> None:  # type: ignore[no-untyped-def]
    assert traj.rounds == 10
    assert traj.diagnostics["turns"].tolist() == [10]
    ratios = [
        float(x)
        for x in re.findall(
            r"Fractional change compared to first step: ([\d.]+)",
            (DATA / "20170530_ref-dummyData_3Dim.txt").read_text(),
        )
    ]
    np.testing.assert_allclose(traj.diagnostics["ratio"][:, 0], ratios, atol=5e-5)


def test_winning_probabilities_per_turn_match_the_log(traj) -> None:  # type: ignore[no-untyped-def]
    prob = _log_rows("prob")
    assert len(prob) == 7
    for a, actor in enumerate(traj.actor_ids):
        np.testing.assert_allclose(traj.diagnostics["win_prob"][:, 0, a], prob[actor], atol=5e-5)


def test_risk_attitudes_of_turn_zero_match_the_log(traj) -> None:  # type: ignore[no-untyped-def]
    logged = [-0.500, -0.459, -0.499, -0.274, 1.000, -0.232, -0.430]
    np.testing.assert_allclose(traj.diagnostics["risk"][0, 0], logged, atol=5e-4)


def test_explain_names_the_bargain_that_moved_each_actor(traj) -> None:  # type: ignore[no-untyped-def]
    events = pd.DataFrame(get_model("smp").explain(traj))  # type: ignore[misc]
    assert len(events) == 10 * 7
    first = events[events["round"] == 1].set_index("actor")["bargain"].to_dict()
    # the log's chosen bargains of turn 1: 1022 [4:0], 1015 [6:1], SQ, 1025 [3:0], 1022, 1009, 1006
    assert first == {
        "SActor-00": "SActor-04->SActor-00",
        "SActor-01": "SActor-06->SActor-01",
        "SActor-02": "status quo",
        "SActor-03": "SActor-03->SActor-00",
        "SActor-04": "SActor-04->SActor-00",
        "SActor-05": "SActor-05->SActor-01",
        "SActor-06": "SActor-00->SActor-06",
    }
    assert (events.loc[events["actor"] == "SActor-02", "bargain"] == "status quo").all()


def test_distinct_outcomes_and_their_probabilities(traj) -> None:  # type: ignore[no-untyped-def]
    from detente.models.smp import outcomes

    table = pd.DataFrame(outcomes(traj))
    assert table["probability"].round(2).tolist() == [0.40, 0.33, 0.15, 0.10, 0.02]
    assert table.loc[0, "actors"] == "SActor-05"
    assert table.loc[1, "actors"] == "SActor-00, SActor-01"
    assert table["probability"].sum() == pytest.approx(1.0, abs=1e-9)


def test_soe_reference_run_27_turns_positions_and_probabilities() -> None:
    """KTAB's second reference run (13 actors, 2 dimensions): printed to 1 and 4 decimals."""
    scenario = load_scenario(DATA / "SOE-Pol-Comp.csv")
    traj = get_model("smp")(scenario.to_arrays(), {}, 0)
    text = (DATA / "20170530_ref-SOE-Pol-Comp-history.txt").read_text()
    assert "There were 28 states, with 27 steps between them" in text
    assert traj.rounds == 27
    checked = 0
    for line in text.splitlines():
        pos = re.match(r"(\w+), (Policy|Competitive) Position:(.*)", line)
        prob = re.match(r"(\w+), prob :(.*)", line)
        if pos:
            a, k = traj.actor_ids.index(pos.group(1)), int(pos.group(2) == "Competitive")
            logged = np.array(pos.group(3).split(), float)
            np.testing.assert_allclose(traj.positions[:, 0, a, k], logged, atol=0.05 + 1e-9)
            checked += 1
        elif prob:
            a = traj.actor_ids.index(prob.group(1))
            logged = np.array(prob.group(2).split(), float)
            np.testing.assert_allclose(traj.diagnostics["win_prob"][:, 0, a], logged, atol=5e-5)
            checked += 1
    assert checked == 13 * 3
