"""Ensembles: zero uncertainty collapses to the point forecast; seeds fix results bit for bit."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pytest

from detente.analysis import NO_UNCERTAINTY, Perturbation, Threshold, ensemble
from detente.analysis.batches import point_forecast
from detente.errors import DetenteError, UnknownNameError
from detente.execute import get_executor
from detente.models.registry import list_models
from detente.scenario import Scenario

MODELS = [m.name for m in list_models()]


class ReversedExecutor:
    """Runs the chunks last to first (as a pool might finish them), returns them in order."""

    name = "reversed"
    workers = 3

    def map(self, fn: Callable[[Any], Any], items: Sequence[Any]) -> list[Any]:
        return [fn(x) for x in reversed(items)][::-1]


@pytest.mark.parametrize("model", MODELS)
def test_zero_uncertainty_collapses_to_point_forecast(small: Scenario, model: str) -> None:
    point = point_forecast(small, model)
    for perturb in (NO_UNCERTAINTY, None):
        result = ensemble(small, model, runs=7, perturb=perturb, chunk_size=3)
        assert result.samples.shape == (7, 2)
        np.testing.assert_array_equal(result.samples, np.tile(point, (7, 1)))
        for column in ("point", "median", "p05", "p25", "p75", "p95"):
            np.testing.assert_array_equal(result.summary[column].to_numpy(), point)


def test_same_seed_same_ensemble_bit_for_bit_for_any_executor(small: Scenario) -> None:
    a = ensemble(small, "weighted-mean", runs=1000, seed=42, chunk_size=128)
    b = ensemble(
        small,
        "weighted-mean",
        runs=1000,
        seed=42,
        chunk_size=128,
        executor=ReversedExecutor(),
        progress=lambda done, total: None,
    )
    c = ensemble(
        small, "weighted-mean", runs=1000, seed=42, chunk_size=128, executor=get_executor("serial")
    )
    assert a.samples.tobytes() == b.samples.tobytes() == c.samples.tobytes()
    assert a.summary.equals(b.summary)
    other = ensemble(small, "weighted-mean", runs=1000, seed=43, chunk_size=128)
    assert not np.array_equal(a.samples, other.samples)


def test_progress_reports_every_run(small: Scenario) -> None:
    done: list[tuple[int, int]] = []
    ensemble(
        small,
        "mean",
        runs=1000,
        chunk_size=128,
        executor=ReversedExecutor(),
        progress=lambda n, total: done.append((n, total)),
    )
    assert done[-1] == (1000, 1000) and len(done) == 3  # 8 chunks in groups of 3 workers


def test_summary_quantiles_and_threshold_probabilities(small: Scenario) -> None:
    result = ensemble(
        small, "weighted-median", runs=2000, seed=1, thresholds=["x>=50", Threshold("y", "<", 40.0)]
    )
    x, y = result.samples[:, 0], result.samples[:, 1]
    row = result.summary.set_index("issue")
    assert row.loc["x", "P(x>=50)"] == pytest.approx(np.mean(x >= 50))
    assert row.loc["y", "P(y<40)"] == pytest.approx(np.mean(y < 40))
    assert np.isnan(row.loc["y", "P(x>=50)"])
    assert row.loc["x", "p05"] == pytest.approx(np.quantile(x, 0.05))
    assert row.loc["y", "median"] == pytest.approx(np.median(y))
    assert list(result.summary.columns) == [
        "issue",
        "point",
        "median",
        "p05",
        "p25",
        "p75",
        "p95",
        "P(x>=50)",
        "P(y<40)",
    ]


def test_stated_uncertainty_overrides_the_default(small_data: dict[str, Any]) -> None:
    """Only A's position on x is uncertain (sd 6): the mean of three moves with sd 6/3 = 2."""
    small_data["stances"]["A"]["x"]["position"] = 50
    small_data["stances"]["A"]["x"]["position_sd"] = 6.0
    s = Scenario.model_validate(small_data)
    only_stated = Perturbation(0.0, 0.0, 0.0, use_scenario=True)
    result = ensemble(s, "mean", runs=20000, seed=3, perturb=only_stated)
    assert result.samples[:, 0].std() == pytest.approx(2.0, rel=0.03)
    assert np.all(result.samples[:, 1] == result.samples[0, 1])
    ignored = ensemble(s, "mean", runs=50, perturb=Perturbation(0, 0, 0, use_scenario=False))
    assert np.ptp(ignored.samples, axis=0).max() == 0


def test_default_perturbation_stays_inside_the_scales(small: Scenario) -> None:
    """Positions clip to 0-100, so the mean of three can never leave the scale either."""
    result = ensemble(small, "mean", runs=3000, perturb=Perturbation(position_sd=80.0))
    assert result.samples.min() >= 0.0 and result.samples.max() <= 100.0
    assert result.samples.std() > 10


def test_bad_thresholds_and_perturbations_are_clear_errors(small: Scenario) -> None:
    with pytest.raises(DetenteError, match="ISSUE OP NUMBER"):
        ensemble(small, "mean", runs=2, thresholds=["x => 5"])
    with pytest.raises(UnknownNameError, match="known: x, y"):
        ensemble(small, "mean", runs=2, thresholds=["z>=5"])
    with pytest.raises(ValueError, match="position_sd"):
        Perturbation(position_sd=-1)
