"""What every report section works from: the scenario, the models, the settings, and the
default what-ifs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from detente.models.registry import ModelSpec
from detente.results import ForecastRequest, compute
from detente.results.forecast import ForecastResult
from detente.scenario import Scenario


@dataclass(frozen=True)
class Context:
    """What every section needs: the scenario, the models and the analysis settings.

    Attributes
    ----------
    scenario : the scenario reported on
    models : the registered models
    focus : the model of the single-model sections (sensitivity, influence, what-ifs)
    runs : runs per ensemble
    seed : seed of every draw
    whatifs : the what-if changes, one part each
    executor : where long results run
    not_applicable : why default what-ifs were left out (see :func:`default_whatifs`)
    panels : the expert panels to show (bundled names or folders; None: the bundled panels on
        the scenario)
    """

    scenario: Scenario
    models: Sequence[ModelSpec]
    focus: str
    runs: int
    seed: int
    whatifs: Sequence[str]
    executor: Any = None
    not_applicable: Sequence[str] = ()
    panels: Sequence[str] | None = None
    _forecasts: dict[str, ForecastResult] = field(default_factory=dict)

    def compute(self, request_type: type[Any], **fields: Any) -> Any:
        """A result of the report's scenario and seed, on the report's executor.

        Parameters
        ----------
        request_type : the request's type
        **fields : its other fields

        Returns
        -------
        Result
            The computed result.
        """
        request = request_type(scenario=self.scenario, seed=self.seed, **fields)
        return compute(request, executor=self.executor)

    def forecast(self, model: str) -> ForecastResult:
        """The model's forecast of the scenario (computed once, shared by the sections).

        Parameters
        ----------
        model : a registered model

        Returns
        -------
        ForecastResult
            The forecast and its trajectory.
        """
        if model not in self._forecasts:
            self._forecasts[model] = self.compute(ForecastRequest, model=model)
        return self._forecasts[model]


def default_whatifs(scenario: Scenario) -> tuple[list[str], list[str]]:
    """Changes to show when none are asked for: talks only in pairs, the most capable actor gone.

    Parameters
    ----------
    scenario : the scenario reported on

    Returns
    -------
    tuple[list[str], list[str]]
        The changes that apply to the scenario, and why each other one does not.
    """
    changes: list[str] = []
    reasons: list[str] = []
    if any(len(f.members) == 2 for f in scenario.effective_forums()):
        changes.append("only-bilateral")
    else:
        reasons.append("Talks only in pairs: the scenario has no forum of two to keep.")
    if len(scenario.actors) > 1:
        strongest = max(scenario.actors, key=lambda a: a.capability).id
        changes.append(f"remove {strongest}")
    else:
        reasons.append("Removing an actor: the scenario has only one.")
    if {"US", "RUS"} <= set(scenario.actor_ids):
        changes.append("preset us-russia-channel")
    else:
        reasons.append("A US-Russia channel: the scenario has no actors US and RUS.")
    return changes, reasons
