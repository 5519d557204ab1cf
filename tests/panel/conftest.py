"""Small panels built in memory on the three-actor test scenario (tests/conftest.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

import pytest

from detente.panel.data import PanelData, standing, submissions_frame
from detente.panel.state import PanelState, add_member, create_panel, open_round
from detente.scenario import Scenario

T0 = dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC)


def at(minutes: int) -> dt.datetime:
    """A time ``minutes`` after the panel opened."""
    return T0 + dt.timedelta(minutes=minutes)


def make_data(
    scenario: Scenario, rows: Sequence[dict[str, Any]], name: str = "test-panel"
) -> PanelData:
    """A PanelData from submission rows (round, member, kind, actor, issue, value, ...)."""
    full = [{"order": n, **row} for n, row in enumerate(rows)]
    return PanelData(name, scenario, standing(submissions_frame(full)))


@pytest.fixture
def panel_data(small: Scenario) -> Callable[[Sequence[dict[str, Any]]], PanelData]:
    def build(rows: Sequence[dict[str, Any]]) -> PanelData:
        return make_data(small, rows)

    return build


@pytest.fixture
def opened(small: Scenario) -> PanelState:
    """A panel run by 'fac' with members ann, bob, cy and observer obs; round 1 open."""
    state = create_panel("Small panel", small, "fac", T0, seed=7).state
    for n, user in enumerate(["ann", "bob", "cy"]):
        state = add_member(state, "fac", user, at(n + 1)).state
    state = add_member(state, "fac", "obs", at(4), role="observer").state
    return open_round(state, "fac", at(5)).state
