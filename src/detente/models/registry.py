"""The one registry of models: the CLI, API and analyses look models up here by name."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from detente.core.arrays import ScenarioArrays
from detente.core.trajectory import Columns, Trajectory
from detente.errors import ModelError, UnknownNameError

RunFunction = Callable[[ScenarioArrays, Mapping[str, Any], np.random.Generator], Trajectory]
# Turns a trajectory's diagnostics into the columns of a tidy table of what happened each
# round (offers taken, bargains, exchanges): columns at least "round" and "actor"; shown by
# `detente trace --events`.
ExplainFunction = Callable[[Trajectory], Columns]
# For models whose result is a probability over distinct end states (e.g. smp): one row per
# distinct final position of a run with columns "outcome", "actors", "probability" and one per
# issue; shown by `detente forecast` beside the final positions.
OutcomesFunction = Callable[[Trajectory, int], Columns]

# Modules that register models when imported; one line per model module.
MODEL_MODULES = (
    "detente.models.baselines",
    "detente.models.bdm",
    "detente.models.smp",
    "detente.models.exchange",
    "detente.models.nash",
)


@dataclass(frozen=True)
class ModelSpec:
    """A registered model: its run function, what it is, and its parameters with defaults.

    ``dynamic`` models move positions round by round; ``uses_forums`` models restrict who
    interacts with whom to actors sharing a forum; ``stochastic`` models draw from the rng.
    """

    name: str
    run: RunFunction
    summary: str
    defaults: Mapping[str, Any] = field(default_factory=dict)
    dynamic: bool = False
    uses_forums: bool = False
    stochastic: bool = False
    reference: str = ""
    explain: ExplainFunction | None = None
    outcomes: OutcomesFunction | None = None

    def params(self, given: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """Defaults overlaid with ``given``; unknown names are an error, not ignored.

        Parameters
        ----------
        given : parameters given

        Returns
        -------
        dict[str, Any]
            The full parameters.
        """
        given = dict(given or {})
        unknown = sorted(set(given) - set(self.defaults))
        if unknown:
            known = ", ".join(sorted(self.defaults)) or "none"
            raise ModelError(f"model '{self.name}' has no parameter(s) {unknown} (known: {known})")
        return {**self.defaults, **given}

    def describe(self) -> dict[str, object]:
        """The model as one plain row (``detente models``): name, summary, flags, parameters.

        Returns
        -------
        dict[str, object]
            model, summary, dynamic, forums, stochastic, parameters (``k=v`` joined by commas).
        """
        return {
            "model": self.name,
            "summary": self.summary,
            "dynamic": self.dynamic,
            "forums": self.uses_forums,
            "stochastic": self.stochastic,
            "parameters": ", ".join(f"{k}={v}" for k, v in self.defaults.items()),
        }

    def __call__(
        self,
        arrays: ScenarioArrays,
        params: Mapping[str, Any] | None = None,
        rng: np.random.Generator | int | None = None,
    ) -> Trajectory:
        if isinstance(rng, int) and rng < 0:
            raise ModelError(f"seed {rng} is negative; seeds are whole numbers 0 or more")
        generator = rng if isinstance(rng, np.random.Generator) else np.random.default_rng(rng)
        return self.run(arrays, self.params(params), generator)


_REGISTRY: dict[str, ModelSpec] = {}


def register(spec: ModelSpec) -> ModelSpec:
    """Add a model to the registry (called by model modules at import).

    Parameters
    ----------
    spec : the model

    Returns
    -------
    ModelSpec
        The same model; a second model under its name raises ValueError.
    """
    if spec.name in _REGISTRY and _REGISTRY[spec.name].run is not spec.run:
        raise ValueError(f"model name '{spec.name}' registered twice")
    _REGISTRY[spec.name] = spec
    return spec


def _load_all() -> None:
    for module in MODEL_MODULES:
        importlib.import_module(module)


def get_model(name: str) -> ModelSpec:
    """The model registered under ``name``.

    Parameters
    ----------
    name : a model's name

    Returns
    -------
    ModelSpec
        The model; an unknown name raises :class:`UnknownNameError` listing the known.
    """
    _load_all()
    try:
        return _REGISTRY[name]
    except KeyError:
        raise UnknownNameError(
            f"no model '{name}' (known: {', '.join(sorted(_REGISTRY))}; see `detente models`)"
        ) from None


def _module_rank(spec: ModelSpec) -> int:
    """Position in MODEL_MODULES of the module (or package) that defines the model's run."""
    module = spec.run.__module__
    for rank, name in enumerate(MODEL_MODULES):
        if module == name or module.startswith(name + "."):
            return rank
    return len(MODEL_MODULES)


def list_models() -> list[ModelSpec]:
    """Every registered model, in the order of MODEL_MODULES (whatever was imported first).

    Models of one module keep the order they were registered in; models registered from a
    module not listed come last.

    Returns
    -------
    list[ModelSpec]
        The models.
    """
    _load_all()
    return sorted(_REGISTRY.values(), key=_module_rank)
