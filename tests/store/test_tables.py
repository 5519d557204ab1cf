"""Result tables survive the trip through JSON bit for bit."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from detente.store.tables import decode_table, encode_table


def roundtrip(df: pd.DataFrame) -> pd.DataFrame:
    return decode_table(json.loads(json.dumps(encode_table(df))))


def test_mixed_table_round_trips_exactly():
    df = pd.DataFrame(
        {
            "issue": ["a", "b", "c"],
            "round": np.array([0, 1, 2], dtype=np.int64),
            "value": [0.1 + 0.2, np.nan, -np.inf],
            "ok": [True, False, True],
        }
    )
    back = roundtrip(df)
    assert list(back.dtypes) == list(df.dtypes)
    pd.testing.assert_frame_equal(back, df, check_exact=True)


@given(st.lists(st.floats(allow_nan=True, allow_infinity=True, width=64), min_size=1))
def test_any_float_round_trips_bit_for_bit(values):
    df = pd.DataFrame({"x": np.array(values, dtype=np.float64)})
    back = roundtrip(df)["x"].to_numpy()
    original = df["x"].to_numpy()
    assert np.array_equal(back, original, equal_nan=True)
    assert np.array_equal(
        np.signbit(back[~np.isnan(back)]), np.signbit(original[~np.isnan(original)])
    )
