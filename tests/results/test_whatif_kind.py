"""The what-if kind's changed scenario: the scenario the "after" runs used."""

from __future__ import annotations

import pytest

from detente import load_scenario
from detente.results import ForecastRequest, WhatIfRequest, compute


def test_the_changed_scenario_is_the_one_the_after_forecast_ran_on():
    change = "shift DPRK salience:verification -0.1"
    result = compute(WhatIfRequest(scenario="korea-2005", model="weighted-mean", changes=[change]),
                     files=False)  # fmt: skip
    before = load_scenario("korea-2005").stances["DPRK"]["verification"].salience
    after = result.changed_scenario()
    assert after.stances["DPRK"]["verification"].salience == pytest.approx(before - 0.1)
    forecast = compute(ForecastRequest(scenario=after, model="weighted-mean"), files=False)
    table = result.table.set_index("issue")
    assert table.loc["verification", "shift"] != 0  # the change moved the forecast
    assert table["after"].to_dict() == pytest.approx(dict(forecast))
