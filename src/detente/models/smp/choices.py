"""The values of KTAB's nine Spatial Model of Politics options, with KTAB's defaults.

Each option keeps KTAB's value names (KAPSARC, KTAB ``kmodel.h``, ``smp.h`` and
``smpSchema.xsd``, MIT licence), so a KTAB XML scenario's ``ModelParameters`` carry over
unchanged; the XML element names live with the XML reader (:mod:`detente.scenario.ktab_xml`).
"""

from __future__ import annotations

# option name -> (allowed values in KTAB's order, KTAB's default)
CHOICES: dict[str, tuple[tuple[str, ...], str]] = {
    "victory_prob_model": (("Linear", "Square", "Quartic", "Octic", "Binary"), "Linear"),
    "pce_model": (("Conditional", "MarkovIncentive", "MarkovUniform"), "Conditional"),
    "state_transitions": (("Deterministic", "Stochastic"), "Deterministic"),
    "voting_rule": (("Binary", "PropBin", "Prop", "PropCbc", "Cubic", "ASymProsp"), "Prop"),
    "big_r_adjust": (("None", "OneThird", "Half", "TwoThirds", "Full"), "OneThird"),
    "big_r_range": (("Min", "Mid", "Max"), "Mid"),
    "third_party_commit": (("NoCommit", "SemiCommit", "FullCommit"), "SemiCommit"),
    "inter_vec_brgn": (("S1P1", "S2P2", "S2PMax"), "S2P2"),
    "bargn_model": (("InitOnlyInterp", "InitRcvrInterp", "PWCompInterp"), "InitOnlyInterp"),
}
# KTAB's schema spells two values differently from its reader (a KTAB defect): accept both.
ALIASES = {"Proportional": "Prop", "No": "None"}


def value_name(name: str, value: str) -> str | None:
    """KTAB's canonical spelling of ``value`` for option ``name``, or None if unknown.

    Parameters
    ----------
    name : a parameter's name
    value : its value (any case)

    Returns
    -------
    str or None
        KTAB's spelling, or None.
    """
    text = ALIASES.get(value, value)
    return text if text in CHOICES[name][0] else None
