"""Per-round mathematics of the expected-utility model (Scholz, Calbert & Smith 2011).

Every function works on a batch: arrays carry a leading axis ``B`` (runs x issues, each an
independent one-dimensional problem), then the actor axes. Pairwise arrays are indexed
``[b, i, j]`` with ``i`` the challenger (row) and ``j`` the challenged actor (column). Equation
numbers refer to the ICAART 2011 text of the paper.
"""

from __future__ import annotations

import numpy as np

# Relative tolerance under which all security levels count as equal (eq. 34's zero range).
_FLAT = 1e-12


def distances(x_rows: np.ndarray, x_cols: np.ndarray, span: np.ndarray) -> np.ndarray:
    """|x_i - x_j| / (x_max - x_min) for rows i and columns j.

    Parameters
    ----------
    x_rows : (B, r) positions
    x_cols : (B, c) positions
    span : (B,) the range of positions of each problem

    Returns
    -------
    numpy.ndarray
        (B, r, c) normalised distances.
    """
    return np.abs(x_rows[:, :, None] - x_cols[:, None, :]) / span[:, None, None]


def utility(d: np.ndarray, exponent: np.ndarray | float, shift: float) -> np.ndarray:
    """Basic utility 2 - 4 (0.5 + shift * d)^r (eqs. 15-16, 22-24).

    Parameters
    ----------
    d : normalised distances
    exponent : risk exponents r
    shift : +0.5 (failure, U_f), -0.5 (success, U_s) or 0 (status quo)

    Returns
    -------
    numpy.ndarray
        The utilities, d's shape.
    """
    base = shift * d
    base += 0.5
    np.maximum(base, 0.0, out=base)  # d <= 1; guards rounding just above it
    return 2.0 - 4.0 * base**exponent


Utilities = tuple[np.ndarray, np.ndarray, np.ndarray | float]


def utilities(d: np.ndarray, exponent: np.ndarray | float) -> Utilities:
    """(U_s, U_f, U_sq) of every challenger against every target (eqs. 15, 16, 24).

    They depend only on the distance and the exponent, so one set serves both the actor's own
    EU and its judgement of the proposer's (both use the receiver's exponent).

    Parameters
    ----------
    d : (B, r, c) distances
    exponent : the receiver's risk exponents

    Returns
    -------
    Utilities
        U_s, U_f and U_sq.

    References
    ----------
    Scholz, J. B., Calbert, G. J. & Smith, G. A. (2011). Unravelling Bueno de Mesquita's group
    decision model. Journal of Theoretical Politics 23(4), 510-531.
    """
    return utility(d, exponent, -0.5), utility(d, exponent, 0.5), 2.0 - 4.0 * 0.5**exponent


def drift(quo: tuple[np.ndarray, np.ndarray], exponent: np.ndarray | float) -> np.ndarray:
    """T U_b + (1 - T) U_w, the no-challenge outcome other than the status quo (eqs. 22-23).

    Parameters
    ----------
    quo : (d_quo, T) from :func:`status_quo_terms`
    exponent : the receiver's risk exponents

    Returns
    -------
    numpy.ndarray
        The drift term of eq. 25a.
    """
    d_quo, better = quo
    return better * utility(d_quo, exponent, -0.25) + (1 - better) * utility(d_quo, exponent, 0.25)


def expected_utility(
    u: Utilities, p: np.ndarray, s_target: np.ndarray, q: float, moved: np.ndarray | None
) -> np.ndarray:
    """E(U) of challenging minus not challenging, eq. 25a.

    Parameters
    ----------
    u : :func:`utilities`
    p : (B, r, c) probability that each challenger prevails over each target
    s_target : the target's salience (broadcastable), the chance it resists
    q : the weight of the status quo staying as it is
    moved : the :func:`drift` term, needed only when q < 1

    Returns
    -------
    numpy.ndarray
        (B, r, c) expected utilities.

    References
    ----------
    Scholz, J. B., Calbert, G. J. & Smith, G. A. (2011). Unravelling Bueno de Mesquita's group
    decision model. Journal of Theoretical Politics 23(4), 510-531.
    """
    win, lose, status_quo = u
    # s_j [P U_s + (1 - P) U_f] + (1 - s_j) U_s, rearranged to fewer passes
    result = win + s_target * (1.0 - p) * (lose - win) - q * status_quo
    if q < 1.0 and moved is not None:
        result -= (1.0 - q) * moved
    return result


def status_quo_terms(
    x_rows: np.ndarray, x_cols: np.ndarray, mu: np.ndarray, span: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """(d_quo, T) of the no-challenge branch for challengers (rows) against targets (columns).

    Unchallenged, the target drifts toward the median mu; T = 1 (things get better for the
    challenger) when mu is closer to the challenger than the target now is, else 0: detente's
    reading of the paper's four geometric cases (1 and 3A: T = 1; 2 and 3B: T = 0).

    Parameters
    ----------
    x_rows : (B, r) challengers' positions
    x_cols : (B, c) targets' positions
    mu : (B,) the median
    span : (B,) the range of positions

    Returns
    -------
    tuple[numpy.ndarray, numpy.ndarray]
        (d_quo, T), each (B, r, c).
    """
    to_mu = np.abs(x_rows - mu[:, None])[:, :, None]
    to_target = np.abs(x_rows[:, :, None] - x_cols[:, None, :])
    better = (to_mu < to_target).astype(float)
    return (to_mu + to_target) / span[:, None, None], better


def risk_exponents(security: np.ndarray) -> np.ndarray:
    """Risk exponents r_i in [0.5, 2] from security levels (eqs. 32-34).

    R_i = (2 S_i - max S - min S) / (max S - min S) and r_i = (1 - R_i/3) / (1 + R_i/3): an
    actor holding the most exposed position is read as risk-acceptant (r = 0.5, convex utility),
    the safest as risk-averse (r = 2). Where all levels are equal (one actor, everyone at one
    point) no one is distinguished and r = 1.

    Parameters
    ----------
    security : (B, n) security levels

    Returns
    -------
    numpy.ndarray
        (B, n) exponents in [0.5, 2].

    References
    ----------
    Scholz, J. B., Calbert, G. J. & Smith, G. A. (2011). Unravelling Bueno de Mesquita's group
    decision model. Journal of Theoretical Politics 23(4), 510-531.
    """
    hi = security.max(axis=1, keepdims=True)
    lo = security.min(axis=1, keepdims=True)
    width = hi - lo
    flat = width <= _FLAT * (1.0 + np.abs(hi) + np.abs(lo))
    basis = np.where(flat, 0.0, (2.0 * security - hi - lo) / np.where(flat, 1.0, width))
    return (1.0 - basis / 3.0) / (1.0 + basis / 3.0)
