"""Named bundles of changes: shocks (``shock NAME``) and the sources' proposals (``preset NAME``).

The five presets are the channels and programmes that Russian and other writing on the talks
proposed after the 2009 walk-out (docs/breakdown.md gives each one's sources and what it
assumes). Each works on any scenario that has the actors it needs (the Korea ids US, DPRK, ROK,
JPN, CHN, RUS) and says which are missing otherwise:

- ``us-russia-channel``: a permanent US-Russia consultation channel on Korea;
- ``trilateral-us-china-russia``: a standing US-China-Russia mechanism;
- ``nunn-lugar``: a cooperative threat-reduction programme: a working table of the US, Russia
  and the DPRK (with China where present, as at the reported November 2007 conference) and the
  first stage of the bundled ``dismantlement`` roadmap (the DPRK deactivates, the US lifts
  selected financial measures, China supplies energy while the reactor is down); the money at
  stake raises the DPRK's cost of walking out;
- ``regional-mechanism-stages``: the first stage of a regional security mechanism: a standing
  body of every party, whose existence makes leaving costlier for all;
- ``aid-coordination``: the donors coordinate their economic and energy aid: a donors' table
  (without the DPRK) and one common offer, the donors' capability x salience weighted mean.

Channels act through who may bargain and trade with whom and, where the scenario turns
perception on, through how well the members know one another
(:mod:`detente.analysis.perception`). Presets are scenario edits: :mod:`.editing` applies them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from detente.errors import DetenteError, UnknownNameError
from detente.scenario.change_forms import delta
from detente.scenario.changes import (
    Change,
    OpenForum,
    SetValue,
    ShiftValue,
    Shock,
)

Data = dict[str, Any]  # a scenario as plain data (``Scenario.model_dump()``)
EXIT_COST = 0.05  # what a standing programme or body adds to the cost of walking out (judgement)
DONORS = ("US", "ROK", "JPN", "CHN", "RUS")
REGION = ("US", "DPRK", "ROK", "JPN", "CHN", "RUS")
# Stage 1 ("deactivate") of the bundled dismantlement roadmap: (actor, issue, points). A test
# checks these against src/detente/roadmap/data/dismantlement.yaml.
CTR_STAGE_ONE = (("DPRK", "denuc_scope", 15.0), ("US", "sanctions_relief", 15.0))
CTR_ENERGY = ("CHN", "econ_energy_aid", 5.0)


def _nuclear_test(o: Mapping[str, str]) -> list[Change]:
    """A nuclear test: the tester's leverage grows; everyone else cares more about verification."""
    cap, cap_pct = delta(o["capability"])
    sal, sal_pct = delta(o["salience"])
    return [
        ShiftValue(o["actor"], "capability", cap, percent=cap_pct),
        ShiftValue(f"*-{o['actor']}", "salience", sal, issue=o["issue"], percent=sal_pct),
    ]


SHOCKS: dict[str, tuple[dict[str, str], Callable[[Mapping[str, str]], list[Change]]]] = {
    "nuclear-test": (
        {"actor": "DPRK", "capability": "+20%", "issue": "verification", "salience": "+0.2"},
        _nuclear_test,
    ),
}


@dataclass(frozen=True)
class PresetSpec:
    """A proposal: what it is, the actors it needs, and how it turns into changes."""

    name: str
    summary: str
    needs: tuple[str, ...]
    build: Callable[[Data], list[Change]]


def _actors(data: Data) -> list[str]:
    return [a["id"] for a in data["actors"]]


def _issues(data: Data) -> list[str]:
    return [i["id"] for i in data["issues"]]


def _exit_costs(data: Data, actors: list[str]) -> list[Change]:
    """Raise the exit cost of those of ``actors`` that state a reservation value."""
    stated = {a["id"] for a in data["actors"] if a.get("reservation")}
    return [ShiftValue(a, "exit_cost", EXIT_COST) for a in actors if a in stated]


def _us_russia(data: Data) -> list[Change]:
    return [OpenForum(("US", "RUS"), "us_russia_channel")]


def _trilateral(data: Data) -> list[Change]:
    return [OpenForum(("US", "CHN", "RUS"), "us_china_russia")]


def _nunn_lugar(data: Data) -> list[Change]:
    present, issues = _actors(data), _issues(data)
    members = ("US", "RUS", "DPRK", *(("CHN",) if "CHN" in present else ()))
    out: list[Change] = [OpenForum(members, "ctr_programme")]
    moves = [*CTR_STAGE_ONE, *((CTR_ENERGY,) if "CHN" in present else ())]
    out += [ShiftValue(a, "position", pts, issue=i) for a, i, pts in moves if i in issues]
    return out + _exit_costs(data, ["DPRK"])


def _regional(data: Data) -> list[Change]:
    members = tuple(a for a in REGION if a in _actors(data))
    return [OpenForum(members, "ne_asia_mechanism"), *_exit_costs(data, list(members))]


def _aid(data: Data) -> list[Change]:
    donors = [a for a in DONORS if a in _actors(data)]
    out: list[Change] = [OpenForum(tuple(donors), "aid_coordination")]
    if "econ_energy_aid" not in _issues(data):
        return out
    cap = {a["id"]: a["capability"] for a in data["actors"]}
    stance = {a: data["stances"][a]["econ_energy_aid"] for a in donors}
    weight = {a: cap[a] * stance[a]["salience"] for a in donors}
    total = sum(weight.values())
    if total <= 0:
        return out
    common = sum(weight[a] * stance[a]["position"] for a in donors) / total
    return out + [SetValue(a, "position", round(common, 6), "econ_energy_aid") for a in donors]


PRESETS: dict[str, PresetSpec] = {
    p.name: p
    for p in (
        PresetSpec(
            "us-russia-channel",
            "permanent US-Russia consultation channel",
            ("US", "RUS"),
            _us_russia,
        ),
        PresetSpec(
            "trilateral-us-china-russia",
            "standing US-China-Russia mechanism",
            ("US", "CHN", "RUS"),
            _trilateral,
        ),
        PresetSpec(
            "nunn-lugar",
            "cooperative dismantlement programme, stage 1, with Russian participation",
            ("US", "RUS", "DPRK"),
            _nunn_lugar,
        ),
        PresetSpec(
            "regional-mechanism-stages",
            "first stage of a regional security mechanism of every party",
            ("US", "CHN", "RUS"),
            _regional,
        ),
        PresetSpec(
            "aid-coordination",
            "donors' table and one common economic and energy aid offer",
            ("DPRK",),
            _aid,
        ),
    )
}


def expand_shock(shock: Shock, data: Data | None = None) -> list[Change]:
    """The changes a shock stands for, its options applied.

    Parameters
    ----------
    shock : a named shock with its options
    data : the scenario as plain data; when given, an actor or issue the shock names (by
        default or by option) that the scenario lacks is an error saying which option to set

    Returns
    -------
    list[Change]
        The changes, in order; an unknown shock or option raises :class:`DetenteError`.
    """
    try:
        defaults, build = SHOCKS[shock.name]
    except KeyError:
        raise UnknownNameError(f"no shock '{shock.name}' (known: {', '.join(SHOCKS)})") from None
    unknown = sorted(set(dict(shock.options)) - set(defaults))
    if unknown:
        raise DetenteError(
            f"shock '{shock.name}' has no option(s) {unknown} (known: {', '.join(defaults)})"
        )
    options = {**defaults, **dict(shock.options)}
    if data is not None:
        _check_shock_targets(shock.name, options, data)
    return build(options)


def _check_shock_targets(name: str, options: Mapping[str, str], data: Data) -> None:
    """Refuse a shock whose actor or issue the scenario lacks, naming the option to set."""
    known = {"actor": _actors(data), "issue": _issues(data)}
    wrong = [key for key, ids in known.items() if key in options and options[key] not in ids]
    if not wrong:
        return
    lacks = "; ".join(f"{k} {options[k]} (it has {', '.join(known[k])})" for k in wrong)
    example = " ".join(f"{k}={known[k][0]}" for k in wrong)
    raise DetenteError(
        f"shock '{name}' acts on {lacks}, which the scenario lacks (fix: name them, e.g. "
        f"--shock '{name} {example}'; docs/analysis/whatif.md)"
    )


def expand_preset(name: str, data: Data) -> list[Change]:
    """The changes a preset makes to this scenario; errors name missing actors.

    Parameters
    ----------
    name : the preset's name
    data : the scenario as plain data

    Returns
    -------
    list[Change]
        The changes.
    """
    try:
        spec = PRESETS[name]
    except KeyError:
        raise UnknownNameError(f"no preset '{name}' (known: {', '.join(PRESETS)})") from None
    missing = [a for a in spec.needs if a not in _actors(data)]
    if name == "aid-coordination" and sum(a in _actors(data) for a in DONORS) < 2:
        missing.append(f"two of {', '.join(DONORS)}")
    if missing:
        raise DetenteError(
            f"preset '{name}' needs the actor(s) {', '.join(missing)}, which the scenario lacks "
            f"(it has {', '.join(_actors(data))}); see docs/breakdown.md"
        )
    return spec.build(data)
