"""Panel statistics against hand-computed small cases, a published example and the krippendorff
package (a test-only dependency)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from detente.errors import DetenteError
from detente.panel import stats
from detente.panel.pool import confidence_means, trimmed_means


def test_median_of_odd_and_even_panels():
    assert stats.median(np.array([30.0, 10.0, 20.0])) == 20.0
    assert stats.median(np.array([40.0, 10.0, 20.0, 30.0])) == 25.0


def test_trimmed_mean_drops_floor_of_trim_times_n_from_each_end():
    # five values, trim 0.2: one from each end -> mean(2, 3, 4)
    assert stats.trimmed_mean(np.array([100.0, 1.0, 2.0, 3.0, 4.0]), 0.2) == 3.0
    # six experts, one wild: (20 + 30 + 40 + 50) / 4
    assert stats.trimmed_mean(np.array([10.0, 20.0, 30.0, 40.0, 50.0, 1000.0]), 0.2) == 35.0
    # four values, trim 0.2: floor(0.8) = 0, nothing cut
    assert stats.trimmed_mean(np.array([1.0, 2.0, 3.0, 10.0]), 0.2) == 4.0
    with pytest.raises(DetenteError):
        stats.trimmed_mean(np.array([1.0]), 0.5)


def test_weighted_mean_by_confidence_and_all_zero_weights():
    assert stats.weighted_mean(np.array([10.0, 20.0]), np.array([1.0, 3.0])) == 17.5
    assert stats.weighted_mean(np.array([10.0, 20.0]), np.array([0.0, 0.0])) == 15.0


def test_iqr_and_range_by_hand():
    # p25 of 1,2,3,4 (Hyndman-Fan 7): 1 + 0.75 * 1 = 1.75; p75: 3.25
    assert stats.iqr(np.array([4.0, 1.0, 3.0, 2.0])) == 1.5
    # 10, 20, 60: p25 = 15, p75 = 40
    assert stats.iqr(np.array([10.0, 20.0, 60.0])) == 25.0
    assert stats.value_range(np.array([10.0, 20.0, 60.0])) == 50.0


def test_kendall_w_without_ties_by_hand():
    # rank sums 4, 6, 8, 12 (mean 7.5): S = 35; W = 12 * 35 / (3^2 * (4^3 - 4)) = 7/9
    scores = np.array([[1, 2, 3, 4], [1, 3, 2, 4], [2, 1, 3, 4]], float)
    assert stats.kendall_w(scores) == pytest.approx(7 / 9, abs=1e-15)


def test_kendall_w_with_ties_by_hand():
    # judge 1 ties objects 2 and 3 (ranks 2.5, 2.5; t^3 - t = 6). Rank sums 3, 6.5, 8.5, 12:
    # S = 42.5; W = 12 * 42.5 / (9 * 60 - 3 * 6) = 510 / 522
    scores = np.array([[10, 20, 20, 40], [1, 2, 3, 4], [5, 6, 7, 8]], float)
    assert stats.kendall_w(scores) == pytest.approx(510 / 522, abs=1e-15)
    # without the correction the same data would give 510 / 540
    assert stats.kendall_w(scores) != pytest.approx(510 / 540)


def test_kendall_w_extremes():
    same = np.array([[1, 2, 3], [10, 20, 30], [0, 5, 9]], float)
    assert stats.kendall_w(same) == 1.0
    opposite = np.array([[1, 2, 3], [3, 2, 1]], float)
    assert stats.kendall_w(opposite) == 0.0
    assert np.isnan(stats.kendall_w(np.array([[1, 2, 3]], float)))  # one judge
    assert np.isnan(stats.kendall_w(np.array([[5, 5], [7, 7]], float)))  # all tied


@given(
    hnp.arrays(float, st.tuples(st.integers(2, 6), st.integers(2, 7)),
               elements=st.integers(0, 4).map(float))
)  # fmt: skip
def test_kendall_w_stays_in_unit_interval_and_ignores_order_of_judges(scores):
    w = stats.kendall_w(scores)
    if not np.isnan(w):
        assert -1e-12 <= w <= 1 + 1e-12
        assert stats.kendall_w(scores[::-1]) == pytest.approx(w, abs=1e-12)


def test_krippendorff_alpha_on_krippendorffs_own_example():
    # Krippendorff (2011), "Computing Krippendorff's alpha-reliability", example C: four coders,
    # twelve units, missing values; interval alpha = 0.849.
    n = np.nan
    data = np.array([
        [1, 2, 3, 3, 2, 1, 4, 1, 2, n, n, n],
        [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, n, 3],
        [n, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, n],
        [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, n],
    ])  # fmt: skip
    assert round(stats.krippendorff_alpha(data), 3) == 0.849


def test_krippendorff_alpha_perfect_agreement_and_no_pairable_values():
    assert stats.krippendorff_alpha(np.array([[1.0, 5.0, 9.0], [1.0, 5.0, 9.0]])) == 1.0
    assert np.isnan(stats.krippendorff_alpha(np.array([[1.0, np.nan], [np.nan, 2.0]])))


@st.composite
def panels(draw):
    """Random raters x units matrices of 0-100 values with missing cells."""
    raters = draw(st.integers(2, 7))
    units = draw(st.integers(2, 15))
    values = draw(hnp.arrays(float, (raters, units), elements=st.floats(0, 100, width=32)))
    missing = draw(hnp.arrays(bool, (raters, units)))
    data = np.where(missing, np.nan, values)
    # at least two pairable values and some variation, else alpha is undefined for both
    pairable = (~np.isnan(data)).sum(axis=0) >= 2
    present = data[:, pairable][~np.isnan(data[:, pairable])]
    if present.size < 2 or np.ptp(present) == 0:
        data[:2, 0] = [0.0, 100.0]
    return data


@settings(max_examples=200, deadline=None)
@given(panels())
def test_krippendorff_alpha_equals_the_krippendorff_package(data):
    krippendorff = pytest.importorskip("krippendorff")
    expected = krippendorff.alpha(reliability_data=data, level_of_measurement="interval")
    assert stats.krippendorff_alpha(data) == pytest.approx(expected, rel=1e-9, abs=1e-9)


@given(
    hnp.arrays(float, st.tuples(st.integers(1, 6), st.integers(1, 8)),
               elements=st.floats(0, 100, width=32)),
    st.floats(0, 0.49),
)  # fmt: skip
def test_row_wise_pooling_matches_the_scalar_functions(values, trim):
    # knock out some values, keeping at least one per row
    values = values.copy()
    values[:, 1::2] = np.nan
    weights = np.linspace(0.1, 1.0, values.shape[1])[None, :].repeat(values.shape[0], axis=0)
    rows_t = trimmed_means(values, trim)
    rows_c = confidence_means(values, weights)
    for r in range(values.shape[0]):
        keep = ~np.isnan(values[r])
        assert rows_t[r] == pytest.approx(stats.trimmed_mean(values[r][keep], trim), rel=1e-12)
        expected = stats.weighted_mean(values[r][keep], weights[r][keep])
        assert rows_c[r] == pytest.approx(expected, rel=1e-12)
