"""Bargaining solutions over the actors' utilities: Nash (1950) and Kalai-Smorodinsky (1975).

Utility (no paper fixes one for these data, so the simplest that matches the rest of detente):
salience-weighted linear loss on each issue's 0-100 scale, ``U_a(z) = -sum_i s_ai |z_i - x_ai|``.
The disagreement point ``d_a`` is either the utility of a status quo outcome or a reservation
value, a share ``r`` of the actor's worst possible loss. Nash maximises
``sum_a e_a log(U_a(z) - d_a)`` (``e_a`` = 1, or the capability share for the asymmetric
solution); Kalai-Smorodinsky gives every actor the same share of its ideal gain ``U*_a - d_a``
(``U*_a``: the best ``a`` can get while nobody falls below its disagreement value). Linear losses
become linear constraints, so both are convex programmes, solved for every run of a batch at
once by one interior-point method (:mod:`.ipm`, :mod:`.solvers`); the model (:mod:`.model`) turns
scenario arrays into those problems. The solution is static: one outcome per issue, the
efficient benchmark for the other models.

Parameters (``detente forecast S --model nash --param NAME=VALUE``)
------------------------------------------------------------------
solution : "nash" | "kalai-smorodinsky", default "nash"
disagreement : "reservation" | "status-quo", default "reservation"
reservation : float or {actor: float}, default 0.5
    Share of an actor's worst possible loss it keeps if the talks fail.
status_quo : {issue: value} or None
    The status quo outcome on each issue's scale (default: the scale's low end).
power : "equal" | "capability", default "equal"
    Exponents of the Nash product: all 1, or capability shares (times the number of actors).

References
----------
Nash, J. F. (1950). The bargaining problem. Econometrica 18(2), 155-162.
Kalai, E. & Smorodinsky, M. (1975). Other solutions to Nash's bargaining problem. Econometrica
43(3), 513-518.
"""

from __future__ import annotations

from detente.models.nash.model import DISAGREEMENTS, POWERS, SOLUTIONS, run
from detente.models.registry import ModelSpec, register

SPEC = register(
    ModelSpec(
        "nash",
        run,
        "Nash or Kalai-Smorodinsky bargaining solution over salience-weighted linear utilities",
        defaults={
            "solution": "nash",
            "disagreement": "reservation",
            "reservation": 0.5,
            "status_quo": None,
            "power": "equal",
        },
        reference="closed-form two-actor cases (tests/models/test_nash.py)",
    )
)


__all__ = ["DISAGREEMENTS", "POWERS", "SOLUTIONS", "SPEC", "run"]
