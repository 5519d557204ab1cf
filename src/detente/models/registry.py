"""The one registry of models: the CLI, API and analyses look models up here by name."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from detente.core.arrays import ScenarioArrays
from detente.core.trajectory import Trajectory
from detente.errors import ModelError, UnknownNameError

if TYPE_CHECKING:
    import pandas as pd

RunFunction = Callable[[ScenarioArrays, Mapping[str, Any], np.random.Generator], Trajectory]
# Turns a trajectory's diagnostics into a tidy table of what happened each round (offers taken,
# bargains, exchanges): columns at least "round" and "actor"; shown by `detente trace --events`.
ExplainFunction = Callable[[Trajectory], "pd.DataFrame"]
# For models whose result is a probability over distinct end states (e.g. smp): one row per
# distinct final position of a run with columns "outcome", "actors", "probability" and one per
# issue; shown by `detente forecast` beside the final positions.
OutcomesFunction = Callable[[Trajectory, int], "pd.DataFrame"]

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
        """Defaults overlaid with ``given``; unknown names are an error, not ignored."""
        given = dict(given or {})
        unknown = sorted(set(given) - set(self.defaults))
        if unknown:
            known = ", ".join(sorted(self.defaults)) or "none"
            raise ModelError(f"model '{self.name}' has no parameter(s) {unknown} (known: {known})")
        return {**self.defaults, **given}

    def __call__(
        self,
        arrays: ScenarioArrays,
        params: Mapping[str, Any] | None = None,
        rng: np.random.Generator | int | None = None,
    ) -> Trajectory:
        generator = rng if isinstance(rng, np.random.Generator) else np.random.default_rng(rng)
        return self.run(arrays, self.params(params), generator)


_REGISTRY: dict[str, ModelSpec] = {}


def register(spec: ModelSpec) -> ModelSpec:
    """Add a model to the registry (called by model modules at import)."""
    if spec.name in _REGISTRY and _REGISTRY[spec.name].run is not spec.run:
        raise ValueError(f"model name '{spec.name}' registered twice")
    _REGISTRY[spec.name] = spec
    return spec


def _load_all() -> None:
    for module in MODEL_MODULES:
        importlib.import_module(module)


def get_model(name: str) -> ModelSpec:
    """The model registered under ``name``."""
    _load_all()
    try:
        return _REGISTRY[name]
    except KeyError:
        raise UnknownNameError(
            f"no model '{name}' (known: {', '.join(sorted(_REGISTRY))}; see `detente models`)"
        ) from None


def list_models() -> list[ModelSpec]:
    """Every registered model, in the order of MODEL_MODULES (whatever was imported first).

    A model's place is that of the module or package its run function lives in.
    """
    _load_all()

    def place(spec: ModelSpec) -> int:
        module = spec.run.__module__
        return next(
            (k for k, m in enumerate(MODEL_MODULES) if module == m or module.startswith(m + ".")),
            len(MODEL_MODULES),
        )

    return sorted(_REGISTRY.values(), key=place)
