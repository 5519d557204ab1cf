"""Batched weighted summaries shared by models and analyses (actor axis = -2)."""

from __future__ import annotations

import numpy as np


def weights(capability: np.ndarray, salience: np.ndarray) -> np.ndarray:
    """Capability x salience per actor and issue.

    Parameters
    ----------
    capability : (runs, actors)
    salience : (runs, actors, issues)

    Returns
    -------
    numpy.ndarray
        (runs, actors, issues) weights.
    """
    return capability[..., :, None] * salience


def weighted_mean(position: np.ndarray, weight: np.ndarray) -> np.ndarray:
    """Weighted mean over actors; the plain mean where all weights are zero.

    Parameters
    ----------
    position : (..., actors, issues)
    weight : (..., actors, issues)

    Returns
    -------
    numpy.ndarray
        (..., issues) the weighted mean (the "compromise model").

    References
    ----------
    Achen, C. H. (2006). Evaluating political decision-making models. In Thomson, R.,
    Stokman, F. N., Achen, C. H. & Koenig, T. (eds.), The European Union Decides. Cambridge
    University Press.
    """
    total = weight.sum(axis=-2)
    plain = position.mean(axis=-2)
    safe = np.where(total > 0, total, 1.0)
    return np.where(total > 0, (position * weight).sum(axis=-2) / safe, plain)


def weighted_median(position: np.ndarray, weight: np.ndarray) -> np.ndarray:
    """Lower weighted median over actors: the smallest position holding half the weight or more.

    Ties in position pool their weight. Where all weights are zero every actor counts equally.

    Parameters
    ----------
    position : (..., actors, issues)
    weight : (..., actors, issues)

    Returns
    -------
    numpy.ndarray
        (..., issues) the weighted median (the "median voter" forecast).

    References
    ----------
    Black, D. (1948). On the rationale of group decision-making. Journal of Political Economy
    56(1), 23-34.
    """
    total = weight.sum(axis=-2, keepdims=True)
    w = np.where(total > 0, weight, 1.0)
    order = np.argsort(position, axis=-2, kind="stable")
    pos_sorted = np.take_along_axis(position, order, axis=-2)
    cum = np.cumsum(np.take_along_axis(w, order, axis=-2), axis=-2)
    half = cum[..., -1:, :] / 2.0
    # relative tolerance so that an exact half (e.g. two equal actors) picks the lower one
    reached = cum >= half * (1 - 1e-12)
    first = np.argmax(reached, axis=-2)[..., None, :]
    return np.take_along_axis(pos_sorted, first, axis=-2)[..., 0, :]
