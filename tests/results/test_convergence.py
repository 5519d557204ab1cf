"""The dynamic models' convergence in words, as the workspace shows it beside a forecast."""

from __future__ import annotations

import re

import numpy as np

from detente.results import ForecastRequest, compute
from detente.results.convergence import convergence_table


def test_bdm_on_korea_2005_flips_on_normalization_and_static_models_are_left_out():
    results = [compute(ForecastRequest(scenario="korea-2005", model=m))
               for m in ("bdm", "weighted-median")]  # fmt: skip
    table = convergence_table(results).set_index("issue")
    assert list(table.columns) == ["bdm"]  # the weighted median is not dynamic
    traj = results[0].trajectory
    k = traj.issue_ids.index("normalization")
    cycle = traj.forecast[-2:, 0, k]  # the last two rounds are the two phases of the cycle
    low, high = cycle.min(), cycle.max()
    assert high - low > 10  # the forecast flips between rounds 9 and 10 (issue 17)
    assert table.loc["normalization", "bdm"] == (
        f"cycling (period 2, {low:.1f} to {high:.1f}, mean {np.mean(cycle):.1f})"
    )
    allowed = re.compile(
        r"^(converged|round limit \(10 rounds\)|positions cycle \(period \d+\), forecast steady"
        r"|cycling \(period \d+, [\d.]+ to [\d.]+, mean [\d.]+\))$"
    )
    assert all(allowed.match(w) for w in table["bdm"]), list(table["bdm"])
    assert "converged" in set(table["bdm"])


def test_a_static_model_only_gives_no_model_column():
    result = compute(ForecastRequest(scenario="korea-2005", model="mean"))
    table = convergence_table([result])
    assert list(table.columns) == ["issue"] and len(table) == 10
