"""The roadmap kinds: where a phased roadmap stands on a date, and its incentive check."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal, Self

import pandas as pd
from pydantic import Field

from detente.errors import DetenteError
from detente.results.registry import Kind, register_kind
from detente.results.request import Request, Stored, scenario_from
from detente.results.result import Context, Result, Tables, plain, records
from detente.roadmap.incentives import IncentiveCheck, check
from detente.roadmap.ledger import ledger
from detente.roadmap.load import BUNDLED, LoadedRoadmap, attach, read_roadmap
from detente.roadmap.schema import Roadmap
from detente.roadmap.tracking import actions_table, groups_table, issue_state, status
from detente.scenario.schema import Scenario


class RoadmapRequest(Request):
    """A request about a roadmap: the fields the roadmap kinds share.

    Attributes
    ----------
    roadmap : a bundled roadmap's name, a YAML file, or the roadmap itself
    scenario : the scenario to play it against (default: the one the roadmap names)
    """

    roadmap: str | Roadmap
    scenario: str | Scenario | None = None

    def loaded(self, files: bool = True) -> LoadedRoadmap:
        """The roadmap and its scenario, every id checked.

        Parameters
        ----------
        files : whether the roadmap or scenario may be a file

        Returns
        -------
        LoadedRoadmap
            The roadmap and the scenario it is played against.
        """
        ref = self.roadmap
        if isinstance(ref, str):
            if not files and ref not in BUNDLED:
                raise DetenteError(f"roadmap '{ref}' is not bundled (fix: send the roadmap itself)")
            loaded = read_roadmap(ref)
            ref = loaded.roadmap
            if self.scenario is None:
                return loaded
        scenario = None if self.scenario is None else scenario_from(self.scenario, files)
        return attach(ref, scenario)

    def resolve(self, files: bool = True) -> Self:
        """The request holding the roadmap and its scenario (see :meth:`Request.resolve`).

        Parameters
        ----------
        files : whether the roadmap or scenario may be a file

        Returns
        -------
        RoadmapRequest
            The same request with both loaded.
        """
        loaded = self.loaded(files)
        return self.model_copy(update={"roadmap": loaded.roadmap, "scenario": loaded.scenario})

    def stored(self) -> Stored:
        """The request as the run store keeps it: the scenario in its column, the roadmap
        (naming its scenario by id) among the options.

        Returns
        -------
        Stored
            Scenario, no model, params or seed, and the options.
        """
        loaded = self.loaded()
        options = super().stored().options
        options["roadmap"] = loaded.roadmap.model_copy(
            update={"scenario": loaded.scenario.id}
        ).model_dump(mode="json")
        return Stored(loaded.scenario, "", {}, None, options)


class RoadmapStatusRequest(RoadmapRequest):
    """Where a roadmap stands on a date.

    Attributes
    ----------
    on : the date (default: today, fixed when the request is resolved)
    """

    kind: Literal["roadmap-status"] = "roadmap-status"
    on: dt.date | None = None

    def resolve(self, files: bool = True) -> Self:
        """The request with roadmap and scenario loaded and the date fixed.

        Parameters
        ----------
        files : whether the roadmap or scenario may be a file

        Returns
        -------
        RoadmapStatusRequest
            The resolved request.
        """
        return super().resolve(files).model_copy(update={"on": self.on or dt.date.today()})


class RoadmapCheckRequest(RoadmapRequest):
    """Would every party rather carry on than stop, at every stage?

    Attributes
    ----------
    discount : discount factor per stage, in (0, 1]
    perform : probability that the others perform each stage, in [0, 1]
    """

    kind: Literal["roadmap-check"] = "roadmap-check"
    discount: float = Field(1.0, gt=0, le=1)
    perform: float = Field(1.0, ge=0, le=1)


@dataclass(frozen=True, eq=False, repr=False)
class RoadmapStatusResult(Result[RoadmapStatusRequest]):
    """A roadmap's state on a date.

    Attributes
    ----------
    request : the resolved request (its ``on`` is the date)
    stages : one row per stage: state, actions done, completion, days late, blockers
    groups : progress per group of actions
    deliveries : pledges against deliveries per donor
    issues : each moved issue's value: baseline plus what was carried out
    actions : every action's state
    """

    stages: pd.DataFrame
    groups: pd.DataFrame
    deliveries: pd.DataFrame
    issues: pd.DataFrame
    actions: pd.DataFrame

    def tables(self) -> Tables:
        """The stored tables: stages, groups, deliveries, issues and actions.

        Returns
        -------
        dict[str, pandas.DataFrame]
            The five tables.
        """
        return {"stages": self.stages, "groups": self.groups, "deliveries": self.deliveries,
                "issues": self.issues, "actions": self.actions}  # fmt: skip

    def payload(self, actions: bool = False) -> dict[str, Any]:
        """The roadmap status JSON (docs/json-output.md).

        Parameters
        ----------
        actions : add every action's state (``roadmap status --actions``)

        Returns
        -------
        dict[str, Any]
            roadmap, on, stages, groups, deliveries and issues (and actions when asked).
        """
        r = self.request
        roadmap = r.loaded().roadmap
        data = {"roadmap": roadmap.id, "on": r.on, "stages": records(self.stages),
                "groups": records(self.groups), "deliveries": records(self.deliveries),
                "issues": records(self.issues)}  # fmt: skip
        if actions:
            data["actions"] = records(self.actions)
        return plain(data)


@dataclass(frozen=True, eq=False, repr=False)
class RoadmapCheckResult(Result[RoadmapCheckRequest]):
    """A roadmap's incentive check.

    Attributes
    ----------
    request : the resolved request
    check : the per-stage, per-party margins and the weakest point
    """

    check: IncentiveCheck

    def tables(self) -> Tables:
        """The stored table: ``incentives`` (stage, after, party, keep, carry_on, margin,
        defects).

        Returns
        -------
        dict[str, pandas.DataFrame]
            ``{"incentives": self.check.table}``.
        """
        return {"incentives": self.check.table}

    def payload(self) -> dict[str, Any]:
        """The roadmap check JSON (docs/json-output.md).

        Returns
        -------
        dict[str, Any]
            plan, stages, weakest_stage, weakest_party, strength and table.
        """
        return check_payload(self.check)


def check_payload(c: IncentiveCheck) -> dict[str, Any]:
    """The JSON of an incentive check (shared by ``roadmap check`` and ``roadmap optimize``).

    Parameters
    ----------
    c : an incentive check

    Returns
    -------
    dict[str, Any]
        plan, stages, weakest_stage, weakest_party, strength and table.
    """
    return plain({"plan": c.plan.name, "stages": c.plan.describe(),
                  "weakest_stage": c.weakest_stage, "weakest_party": c.weakest_party,
                  "strength": c.strength, "table": records(c.table)})  # fmt: skip


def compute_status(request: RoadmapStatusRequest, context: Context) -> RoadmapStatusResult:
    """The roadmap-status kind's compute function.

    Parameters
    ----------
    request : a resolved roadmap-status request
    context : unused hooks (tracking is quick)

    Returns
    -------
    RoadmapStatusResult
        The tables on the request's date.
    """
    roadmap, day = request.loaded().roadmap, request.on or dt.date.today()
    issues = pd.DataFrame(
        [{"issue": k, "value": v} for k, v in issue_state(roadmap, day).items()],
        columns=["issue", "value"],
    )
    return RoadmapStatusResult(
        request, status(roadmap, day), groups_table(roadmap, day),
        ledger(roadmap, day, by_stage=False), issues, actions_table(roadmap, day),
    )  # fmt: skip


def compute_check(request: RoadmapCheckRequest, context: Context) -> RoadmapCheckResult:
    """The roadmap-check kind's compute function (:func:`detente.roadmap.check`).

    Parameters
    ----------
    request : a resolved roadmap-check request
    context : unused hooks (the check is quick)

    Returns
    -------
    RoadmapCheckResult
        The incentive check of the roadmap as agreed.
    """
    loaded = request.loaded()
    return RoadmapCheckResult(
        request, check(loaded.roadmap, loaded.scenario, request.discount, request.perform)
    )


register_kind(
    Kind(
        RoadmapStatusRequest,
        compute_status,
        "Where a roadmap stands on a date: stages, groups, deliveries, issues.",
    )
)
register_kind(
    Kind(
        RoadmapCheckRequest,
        compute_check,
        "Per stage and party: the value of carrying on minus stopping; the weakest stage.",
    )
)
