"""Sensitivity never ranks an input that has no effect at all (issue 15, item 4)."""

from __future__ import annotations

import pandas as pd
import pytest

from detente.analysis.sensitivity import sensitivity

pytest.importorskip("SALib")


@pytest.mark.parametrize("method", ["oat", "sobol"])
def test_the_plain_mean_ignores_saliences_and_capabilities(method: str) -> None:
    # the unweighted mean reads only positions: saliences and capabilities move nothing
    table = sensitivity("ec-car-emissions", "mean", method=method, samples=64).table
    reads = table["attribute"] == "position"
    assert table.loc[~reads, "rank"].isna().all()
    assert list(table.loc[reads, "rank"].sort_values()) == list(range(1, reads.sum() + 1))
    assert list(table["rank"].iloc[: reads.sum()]) == list(range(1, reads.sum() + 1))  # first


def test_oat_unranked_rows_are_exactly_those_that_move_nothing() -> None:
    table = sensitivity("ec-car-emissions", "weighted-median").table
    still = (table["low"] == table["base"]) & (table["high"] == table["base"])
    assert still.any() and (~still).any()
    assert table["rank"].isna().equals(still)


def test_top_lists_only_inputs_with_an_effect() -> None:
    from detente.results import SensitivityRequest, compute

    result = compute(SensitivityRequest(scenario="ec-car-emissions", model="mean"))
    top = result.top(100)
    assert len(top) == 10 and set(top["attribute"]) == {"position"}
    assert pd.api.types.is_integer_dtype(top["rank"])
