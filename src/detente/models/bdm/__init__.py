"""Bueno de Mesquita's expected-utility model as published by Scholz, Calbert & Smith (2011).

Each issue is its own one-dimensional contest. Every round, each actor's risk exponent follows
from how exposed it is to challenges; every pair then weighs challenging against leaving things
be, the weaker side of each pair receives an offer (conflict, compromise or compel), and each
actor accepts at most one, all moving together. The forecast is the capability x salience
weighted median, the Condorcet winner of the paper's pairwise votes.

Parameters (``detente forecast S --model bdm --param NAME=VALUE``)
------------------------------------------------------------------
rounds : int, default 10
    Rounds to play (the paper stops after a fixed number; it has no convergence test).
q : float, default 1.0
    Weight of the status quo when not challenging (the paper's Q; 1.0 for its EC example).
stop_when_stable : bool, default False
    End early once a round passes in which no actor in any run moves.
probability : "all-pairs" | "contest", default "all-pairs"
    Normaliser of the probability of success: every vote over all pairs (Scholz's code, the
    closest to the published tables) or this contest's votes only (eq. 31 as printed).
perspective : "receiver" | "own", default "receiver"
    Whose risk exponent judges the proposer's EU: the receiver's (Figs 7-8) or the proposer's.
selection : "scholz-code" | "least-move", default "scholz-code"
    Which offer an actor takes among those of its preferred kind: as Scholz's code did (needed
    for the published round-4 turn) or the least move, as section 6.2 says.
voter_risk : bool, default True
    Whether third parties' votes use their own risk exponents in the second pass.
compel : bool, default True
    Whether an actor that cannot resist (b > 0 > a, |a| >= b) is compelled to the proposer's
    position (Fig. 6). False reproduces McKibben-Sanders' replication of Scholz's code exactly,
    where such pairs make no offer (its test for them can never pass).
record_offers : bool | "auto", default "auto"
    Keep every pairwise offer for ``explain`` (auto: when it fits in a few million cells).
walkout_rounds : int, default 3
    An actor kept below its reservation value this many rounds in a row walks out
    (:mod:`detente.models.walkout`; only scenarios that state reservation values; 0 = never).

References
----------
Scholz, J. B., Calbert, G. J. & Smith, G. A. (2011). Unravelling Bueno de Mesquita's group
decision model. Journal of Theoretical Politics 23(4), 510-531; ICAART 2011, 18-30.
"""

from __future__ import annotations

from detente.models.bdm.events import explain
from detente.models.bdm.model import run
from detente.models.registry import ModelSpec, register
from detente.models.walkout import DEFAULTS as WALKOUT_DEFAULTS
from detente.models.walkout import with_walkout

DEFAULTS = {
    "rounds": 10,
    "q": 1.0,
    "stop_when_stable": False,
    "probability": "all-pairs",
    "perspective": "receiver",
    "selection": "scholz-code",
    "voter_risk": True,
    "compel": True,
    "record_offers": "auto",
    **WALKOUT_DEFAULTS,
}

SPEC = register(
    ModelSpec(
        name="bdm",
        run=with_walkout(run),
        summary="Expected-utility model of Bueno de Mesquita (Scholz, Calbert & Smith 2011)",
        defaults=DEFAULTS,
        dynamic=True,
        uses_forums=True,
        stochastic=False,
        reference="Scholz, Calbert & Smith (2011), Table 2 (EC car emissions)",
        explain=explain,
    )
)

__all__ = ["DEFAULTS", "SPEC", "explain", "run"]
