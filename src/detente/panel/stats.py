"""The statistics of a panel, in NumPy: pooled values, spread, concordance and reliability.

Every function takes plain arrays so it can be checked by hand on small panels.

References
----------
Hyndman, R. J. & Fan, Y. (1996). Sample quantiles in statistical packages. The American
Statistician 50(4), 361-365 (quantiles here are their definition 7, NumPy's default).
Jose, V. R. R. & Winkler, R. L. (2008). Simple robust averages of forecasts: some empirical
results. International Journal of Forecasting 24(1), 163-169 (trimmed means of forecasts).
Kendall, M. G. & Babington Smith, B. (1939). The problem of m rankings. The Annals of
Mathematical Statistics 10(3), 275-287.
Legendre, P. (2005). Species associations: the Kendall coefficient of concordance revisited.
Journal of Agricultural, Biological, and Environmental Statistics 10(2), 226-245.
Krippendorff, K. (2011). Computing Krippendorff's alpha-reliability. Annenberg School for
Communication, University of Pennsylvania, Departmental Papers 43.
Hayes, A. F. & Krippendorff, K. (2007). Answering the call for a standard reliability measure for
coding data. Communication Methods and Measures 1(1), 77-89.
"""

from __future__ import annotations

import numpy as np

from detente.errors import DetenteError


def median(values: np.ndarray) -> float:
    """The median (the mean of the two middle values for an even count).

    Parameters
    ----------
    values : the members' values

    Returns
    -------
    float
        The median.
    """
    return float(np.median(np.asarray(values, float)))


def trimmed_mean(values: np.ndarray, trim: float = 0.2) -> float:
    """The mean after dropping ``floor(trim * n)`` values from each end.

    With six experts and the default ``trim=0.2`` one value goes from each end (as
    ``scipy.stats.trim_mean`` counts). Jose & Winkler (2008) found such averages of forecasts
    more accurate than plain means.

    Parameters
    ----------
    values : the members' values
    trim : share cut from each end, at least 0 and below 0.5

    Returns
    -------
    float
        The trimmed mean.
    """
    if not 0 <= trim < 0.5:
        raise DetenteError(f"trim must be at least 0 and below 0.5, not {trim}")
    v = np.sort(np.asarray(values, float))
    k = int(np.floor(trim * v.size))
    return float(v[k : v.size - k].mean())


def weighted_mean(values: np.ndarray, weights: np.ndarray) -> float:
    """The mean weighted by ``weights`` (stated confidences).

    Parameters
    ----------
    values : the members' values
    weights : their weights (0 or more)

    Returns
    -------
    float
        The weighted mean; the plain mean if every weight is 0.
    """
    v, w = np.asarray(values, float), np.asarray(weights, float)
    total = w.sum()
    return float((v * w).sum() / total) if total > 0 else float(v.mean())


def iqr(values: np.ndarray) -> float:
    """The interquartile range, p75 - p25 (Hyndman & Fan 1996, definition 7).

    Parameters
    ----------
    values : the members' values

    Returns
    -------
    float
        The interquartile range.
    """
    q25, q75 = np.percentile(np.asarray(values, float), [25, 75])
    return float(q75 - q25)


def value_range(values: np.ndarray) -> float:
    """The range of the values.

    Parameters
    ----------
    values : the members' values

    Returns
    -------
    float
        max - min.
    """
    v = np.asarray(values, float)
    return float(v.max() - v.min())


def average_ranks(row: np.ndarray) -> tuple[np.ndarray, float]:
    """One judge's ranks, ties sharing their average rank.

    Parameters
    ----------
    row : the judge's scores of the n objects

    Returns
    -------
    tuple[numpy.ndarray, float]
        Ranks 1..n (higher score, higher rank) and the tie term sum(t^3 - t) over the judge's
        groups of tied scores.
    """
    _values, inverse, counts = np.unique(row, return_inverse=True, return_counts=True)
    starts = np.cumsum(counts) - counts  # 0-based first position of each distinct value
    ranks = (starts + 1 + (counts - 1) / 2.0)[inverse]
    ties = float((counts.astype(float) ** 3 - counts).sum())
    return ranks, ties


def kendall_w(scores: np.ndarray) -> float:
    """Kendall's coefficient of concordance W of m judges ranking n objects, corrected for ties.

    Parameters
    ----------
    scores : (m judges, n objects); each row is ranked (higher score, higher rank)

    Returns
    -------
    W in [0, 1]: 1 when every judge ranks the objects in the same order, 0 when the rank sums are
    all equal. NaN with fewer than two judges or objects, or when every judge ties every object.

    Notes
    -----
    ``W = 12 S / (m^2 (n^3 - n) - m T)`` with ``S`` the sum of squared deviations of the objects'
    rank sums from their mean and ``T`` the sum over judges and groups of tied scores of
    ``t^3 - t`` (Kendall & Babington Smith 1939; Legendre 2005, eq. 2 and 3).
    """
    x = np.asarray(scores, float)
    if x.ndim != 2 or np.isnan(x).any():
        raise DetenteError("Kendall's W needs a complete judges x objects matrix")
    m, n = x.shape
    if m < 2 or n < 2:
        return float("nan")
    ranked = [average_ranks(row) for row in x]
    sums = np.sum([r for r, _ in ranked], axis=0)
    s = float(((sums - sums.mean()) ** 2).sum())
    ties = sum(t for _, t in ranked)
    denominator = m**2 * (n**3 - n) - m * ties
    return float(12 * s / denominator) if denominator > 0 else float("nan")


def krippendorff_alpha(data: np.ndarray) -> float:
    """Krippendorff's alpha for interval data: 1 - observed / expected disagreement.

    Parameters
    ----------
    data : (raters, units); NaN where a rater gave no value. Units with fewer than two values
        are left out (they cannot be paired).

    Returns
    -------
    alpha: 1 for perfect agreement, 0 when the raters agree no more than chance, negative when
    they disagree systematically; NaN when no value differs from any other.

    Notes
    -----
    With ``n`` pairable values, ``m_u`` values in unit ``u`` and the interval metric
    ``(a - b)^2``: ``D_o = (1/n) sum_u 1/(m_u - 1) sum_{i != j in u} (v_i - v_j)^2`` and
    ``D_e = 1/(n (n - 1)) sum_{i != j} (v_i - v_j)^2`` over all pairable values
    (Krippendorff 2011, section on interval data; Hayes & Krippendorff 2007). Sums over ordered
    pairs use ``sum_{i != j} (v_i - v_j)^2 = 2 m sum_i (v_i - mean)^2`` (no cancellation).
    """
    x = np.asarray(data, float)
    if x.ndim != 2:
        raise DetenteError("Krippendorff's alpha needs a raters x units matrix")
    present = ~np.isnan(x)
    counts = present.sum(axis=0)
    keep = counts >= 2
    if not keep.any():
        return float("nan")
    x, present = x[:, keep], present[:, keep]
    m_u = counts[keep].astype(float)
    means = np.where(present, x, 0.0).sum(axis=0) / m_u
    squares = np.where(present, (x - means) ** 2, 0.0)
    within = 2.0 * m_u * squares.sum(axis=0) / (m_u - 1.0)
    n = m_u.sum()
    values = x[present]
    observed = within.sum() / n
    expected = 2.0 * ((values - values.mean()) ** 2).sum() / (n - 1.0)
    if expected <= 0:
        return float("nan")
    return float(1.0 - observed / expected)
