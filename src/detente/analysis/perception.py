"""Perception: how well the actors know one another's positions and saliences, channel by channel.

Every model in detente treats positions and saliences as common knowledge. Imperfect knowledge
is represented as noise on the table's common view of each actor. Two actors that share no
forum see each other with the scenario's full perception noise (``Perception.position_sd``
points of a 0-100 scale, ``salience_sd``); a shared forum leaves a share of it (``channel`` for
forums of up to ``small`` members, ``plenary`` for larger ones, or the forum's own
``perception``); the best shared forum counts. The noise on actor j's position as the table
sees it is the default times the mean share over the other actors. It is added, independently
of the input uncertainty, to every ensemble run, so a new channel narrows (and moves) ensembles
even where a plenary already seats everyone. Point forecasts never use it.

It is opt-in: a scenario turns it on by declaring ``perception``; an analysis can turn it on or
off (``Perturbation(perception=True/False)``). A scenario that declares nothing behaves as before.
See docs/breakdown.md.
"""

from __future__ import annotations

import numpy as np

from detente.scenario import Scenario
from detente.scenario.schema import Forum, Perception


def forum_share(forum: Forum, settings: Perception) -> float:
    """The share of the perception noise a forum leaves between two of its members.

    Parameters
    ----------
    forum : the forum
    settings : the scenario's perception settings

    Returns
    -------
    float
        The share, between 0 and 1.
    """
    if forum.perception is not None:
        return float(forum.perception)
    return settings.channel if len(forum.members) <= settings.small else settings.plenary


def noise_shares(scenario: Scenario, settings: Perception | None = None) -> np.ndarray:
    """(actors, actors) share of the perception noise between each pair (1: no shared forum).

    The diagonal is 0: an actor knows its own position.

    Parameters
    ----------
    scenario : the scenario
    settings : perception settings (default: the scenario's)

    Returns
    -------
    numpy.ndarray
        (actors, actors) shares.
    """
    settings = settings or scenario.perception or Perception()
    ids = scenario.actor_ids
    index = {a: k for k, a in enumerate(ids)}
    share = np.ones((len(ids), len(ids)))
    for forum in scenario.effective_forums():
        f = forum_share(forum, settings)
        members = [index[m] for m in forum.members]
        block = np.ix_(members, members)
        share[block] = np.minimum(share[block], f)
    np.fill_diagonal(share, 0.0)
    return share


def perception_sds(
    scenario: Scenario, settings: Perception | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Standard deviations of the table's view of every actor: position and salience.

    Returns
    -------
    position (actors, issues) in each issue's units, salience (actors, issues)

    Parameters
    ----------
    scenario : the scenario
    settings : perception settings (default: the scenario's)
    """
    settings = settings or scenario.perception or Perception()
    share = noise_shares(scenario, settings)
    n = share.shape[0]
    seen = share.sum(axis=0) / max(n - 1, 1)  # mean over the others of how well they see j
    span = np.array([i.scale.high - i.scale.low for i in scenario.issues], float)
    position = settings.position_sd / 100.0 * span[None, :] * seen[:, None]
    salience = np.broadcast_to(settings.salience_sd * seen[:, None], position.shape).copy()
    return position, salience
