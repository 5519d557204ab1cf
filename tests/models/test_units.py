"""No model's answer depends on units: capabilities are ratios, positions any affine scale.

Every registered model, on the same small scenario: multiplying every capability by 10^k
(k from -300 to 300) changes no forecast beyond 1e-9 of the scale, and a change of position
units (x -> a x + b with a > 0, the scale's ends too) moves every forecast by the same map.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from detente.core.arrays import ScenarioArrays
from detente.models.registry import get_model, list_models
from detente.scenario import load_scenario

MODELS = [spec.name for spec in list_models()]


def base(seed: int = 4) -> ScenarioArrays:
    """Five actors on three issues, positions on a 0-100 grid (ties included), one forum."""
    rng = np.random.default_rng(seed)
    return ScenarioArrays(
        actor_ids=tuple("ABCDE"),
        issue_ids=("x", "y", "z"),
        position=rng.choice([0.0, 20.0, 35.0, 50.0, 80.0, 100.0], (1, 5, 3)),
        salience=rng.uniform(0.1, 1.0, (1, 5, 3)).round(2),
        capability=rng.uniform(0.5, 3.0, (1, 5)).round(2),
        scale_low=np.zeros(3),
        scale_high=np.full(3, 100.0),
        forums=np.ones((1, 5), bool),
    )


def forecast(name: str, arrays: ScenarioArrays) -> np.ndarray:
    return get_model(name)(arrays, {}, 0).forecast


@pytest.fixture(scope="module")
def plain() -> dict[str, np.ndarray]:
    return {name: forecast(name, base()) for name in MODELS}


@pytest.mark.parametrize("name", MODELS)
@settings(max_examples=12, deadline=None)
@given(k=st.integers(-300, 300))
def test_capability_unit_changes_nothing(plain: dict[str, np.ndarray], name: str, k: int) -> None:
    arrays = base()
    scaled = arrays.with_values(capability=arrays.capability * 10.0**k)
    got = forecast(name, scaled)
    assert got.shape == plain[name].shape
    np.testing.assert_allclose(got, plain[name], rtol=1e-9, atol=1e-7)


@pytest.mark.parametrize("name", MODELS)
@pytest.mark.parametrize("a, b", [(10.0, 3.0), (0.01, -7.0), (3.7, 1234.5)])
def test_position_unit_follows_the_forecast(
    plain: dict[str, np.ndarray], name: str, a: float, b: float
) -> None:
    arrays = base()
    mapped = ScenarioArrays(
        actor_ids=arrays.actor_ids,
        issue_ids=arrays.issue_ids,
        position=arrays.position * a + b,
        salience=arrays.salience,
        capability=arrays.capability,
        scale_low=arrays.scale_low * a + b,
        scale_high=arrays.scale_high * a + b,
        forums=arrays.forums,
    )
    got = forecast(name, mapped)
    np.testing.assert_allclose(got, plain[name] * a + b, rtol=1e-9, atol=1e-7 * a)


def _csv(arrays: ScenarioArrays, a: float, b: float) -> str:
    """The base scenario as a long CSV without a scale, positions in units x -> a x + b."""
    rows = ["Actor,Issue,Capability,Position,Salience"]
    for k, actor in enumerate(arrays.actor_ids):
        for j, issue in enumerate(arrays.issue_ids):
            numbers = (arrays.capability[0, k], arrays.position[0, k, j] * a + b)
            cells = [repr(float(v)) for v in (*numbers, arrays.salience[0, k, j])]
            rows.append(",".join([actor, issue, *cells]))
    return "\n".join(rows) + "\n"


@pytest.mark.parametrize("name", MODELS)
def test_csv_change_of_units_follows_the_forecast(tmp_path: Path, name: str) -> None:
    """A CSV gives no scale: the one detected from its positions follows their units."""
    arrays = base()
    (tmp_path / "plain.csv").write_text(_csv(arrays, 1.0, 0.0))
    (tmp_path / "mapped.csv").write_text(_csv(arrays, 10.0, 3.0))
    plain = forecast(name, load_scenario(tmp_path / "plain.csv").to_arrays())
    mapped = forecast(name, load_scenario(tmp_path / "mapped.csv").to_arrays())
    np.testing.assert_allclose(mapped, plain * 10.0 + 3.0, rtol=1e-9, atol=1e-6)
