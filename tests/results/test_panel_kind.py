"""The panel kinds as the web app will call them: inline estimates, no files."""

from __future__ import annotations

import pytest

from detente.errors import DetenteError
from detente.panel import close_round, panel_data, submit
from detente.panel.data import PanelSnapshot
from detente.results import PanelRequest, compute
from tests.panel.conftest import at, opened
from tests.panel.test_files import MEMBER_YAML

__all__ = ["opened"]  # the fixture


def test_a_server_refuses_folders_but_takes_bundled_names_and_inline_data(tmp_path, small):
    (tmp_path / "ann.yaml").write_text(MEMBER_YAML, "utf-8")
    with pytest.raises(DetenteError, match="not a bundled panel"):
        compute(PanelRequest(panel=str(tmp_path), scenario=small), files=False)
    assert compute(PanelRequest(panel=str(tmp_path), scenario=small)).summary.members == ["ann"]
    bundled = compute(PanelRequest(panel="korea-2005-panel", model="mean"), files=False)
    inline = PanelSnapshot.model_validate_json(bundled.request.panel.model_dump_json())
    again = compute(PanelRequest(panel=inline, scenario="korea-2005", model="mean"), files=False)
    assert again.summary.forecasts.equals(bundled.summary.forecasts)
    with pytest.raises(DetenteError, match="needs its scenario"):
        compute(PanelRequest(panel=inline))


def test_what_a_member_may_see_goes_through_the_same_kind(opened):
    state = submit(opened, "ann", [{"kind": "position", "actor": "A", "issue": "x", "value": 10}],
                   at(10)).state  # fmt: skip
    state = submit(state, "bob", [{"kind": "position", "actor": "A", "issue": "x", "value": 30}],
                   at(11)).state  # fmt: skip
    state = close_round(state, "fac", at(12)).state
    seen = PanelSnapshot.of(panel_data(state, "ann"))
    result = compute(PanelRequest(panel=seen, scenario=state.scenario), files=False)
    assert "ann" not in result.to_json() and "bob" not in result.to_json()
    assert result.summary.cells.loc[0, "median"] == 20.0
    facilitator = PanelSnapshot.of(panel_data(state, "fac"))
    named = compute(PanelRequest(panel=facilitator, scenario=state.scenario), files=False)
    assert named.summary.members == ["ann", "bob"]


def test_the_pooled_scenario_holds_the_pooled_cells_and_gives_the_pooled_forecast():
    from detente.results import ForecastRequest

    result = compute(PanelRequest(panel="korea-2005-panel", model="mean"), files=False)
    pooled = result.pooled_scenario()
    for row in result.summary.cells.itertuples():
        if row.kind == "position":
            assert pooled.stances[row.actor][row.issue].position == pytest.approx(row.pooled)
    forecast = compute(ForecastRequest(scenario=pooled, model="mean"), files=False)
    expected = result.summary.forecasts.set_index("issue")["pooled"]
    assert dict(forecast) == pytest.approx(expected.to_dict())
