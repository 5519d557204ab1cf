"""The nine model parameters of KTAB's Spatial Model of Politics, as KTAB's files name them.

Shared by the KTAB XML reader and the ``smp`` model (KTAB ``kmodel.h``, ``smp.h`` and
``smpSchema.xsd``, MIT licence): detente parameter name -> (XML element, values, default).
"""

from __future__ import annotations

SMP_CHOICES: dict[str, tuple[str, tuple[str, ...], str]] = {
    "victory_prob_model": (
        "VictoryProbModel",
        ("Linear", "Square", "Quartic", "Octic", "Binary"),
        "Linear",
    ),
    "pce_model": ("PCEModel", ("Conditional", "MarkovIncentive", "MarkovUniform"), "Conditional"),
    "state_transitions": ("StateTransitions", ("Deterministic", "Stochastic"), "Deterministic"),
    "voting_rule": (
        "VotingRule",
        ("Binary", "PropBin", "Prop", "PropCbc", "Cubic", "ASymProsp"),
        "Prop",
    ),
    "big_r_adjust": ("BigRAdjust", ("None", "OneThird", "Half", "TwoThirds", "Full"), "OneThird"),
    "big_r_range": ("BigRRange", ("Min", "Mid", "Max"), "Mid"),
    "third_party_commit": (
        "ThirdPartyCommit",
        ("NoCommit", "SemiCommit", "FullCommit"),
        "SemiCommit",
    ),
    "inter_vec_brgn": ("InterVecBrgn", ("S1P1", "S2P2", "S2PMax"), "S2P2"),
    "bargn_model": (
        "BargnModel",
        ("InitOnlyInterp", "InitRcvrInterp", "PWCompInterp"),
        "InitOnlyInterp",
    ),
}
# KTAB's schema spells two values differently from its reader (a KTAB defect): accept both.
SMP_ALIASES = {"Proportional": "Prop", "No": "None"}
SMP_XML_NAMES = {xml: name for name, (xml, _, _) in SMP_CHOICES.items()}


def smp_value(name: str, value: str) -> str | None:
    """KTAB's canonical spelling of ``value`` for parameter ``name``, or None if unknown."""
    text = SMP_ALIASES.get(value, value)
    return text if text in SMP_CHOICES[name][1] else None
