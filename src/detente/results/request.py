"""What a result is asked for: the typed request every kind of result starts from.

A request is plain, validated data (pydantic): the same object comes from a command line, a
notebook, a JSON API call or the run store, and :func:`detente.results.compute` turns it into a
result. Every request names its ``kind``; kinds that run a model on a scenario share
:class:`ModelRequest`'s fields.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from detente.errors import DetenteError, Problem, RequestError
from detente.scenario.schema import Scenario

ExecutorName = Literal["serial", "local", "dask"]
#: fields that say how to run, not what to compute: never stored, never compared
HOW = frozenset({"kind", "executor", "scheduler"})
#: fields the run store keeps in columns of their own (the rest are the run's options)
COLUMNS = frozenset({"scenario", "model", "params", "seed"})


@dataclass(frozen=True)
class Stored:
    """A request as the run store keeps it: a scenario, a model label, params, seed, options.

    Attributes
    ----------
    scenario : the exact scenario the result was computed on (None for kinds without one)
    model : the model's name, or a label for kinds that run several
    params, seed : the model's parameters and the seed ({} and None where they do not apply)
    options : every other field of the request, as JSON
    """

    scenario: Scenario | None
    model: str
    params: dict[str, Any]
    seed: int | None
    options: dict[str, Any]


class Request(BaseModel):
    """Base of every request: its kind and where to compute it.

    Attributes
    ----------
    kind : which result (a registered kind: ``detente.results.list_kinds()``)
    executor : 'serial', 'local' (a process pool) or 'dask'; results never depend on it
    scheduler : a Dask scheduler's address (with ``executor='dask'``; else a local cluster)
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: str
    executor: ExecutorName = "serial"
    scheduler: str | None = None

    def resolve(self, files: bool = True) -> Self:
        """The request with every reference (scenario name or file) loaded.

        Parameters
        ----------
        files : whether a reference may name a file (False: only bundled names and inline
            data, as a web server must)

        Returns
        -------
        Request
            A request of the same kind whose references are objects; what the store records.
        """
        return self

    def model_label(self) -> str:
        """The run store's ``model`` column for this request ('' for kinds without a model).

        Returns
        -------
        str
            The model's name (or a label naming several).
        """
        return ""

    def stored(self) -> Stored:
        """The request as the run store keeps it (call on a resolved request).

        Returns
        -------
        Stored
            Scenario, model label, params, seed and the other fields as JSON options.
        """
        data = self.model_dump(mode="json", exclude=set(HOW | COLUMNS))
        return Stored(None, self.model_label(), {}, None, data)

    @classmethod
    def from_stored(cls, stored: Stored) -> Self:
        """The request a stored run was computed from.

        Parameters
        ----------
        stored : what the run store kept (see :meth:`stored`)

        Returns
        -------
        Request
            The same request, ready to compute again.
        """
        columns = {"scenario": stored.scenario, "model": stored.model,
                   "params": stored.params, "seed": stored.seed}  # fmt: skip
        data = {**stored.options, **{k: v for k, v in columns.items() if k in cls.model_fields}}
        return cls.model_validate(data)


def scenario_from(ref: str | Scenario, files: bool) -> Scenario:
    """The scenario a request refers to.

    Parameters
    ----------
    ref : the scenario itself, a bundled scenario's name or a file
    files : whether ``ref`` may name a file

    Returns
    -------
    Scenario
        The scenario; a file when files are refused raises :class:`DetenteError`.
    """
    if isinstance(ref, Scenario):
        return ref
    from detente.data import bundled_names
    from detente.scenario.load import load_scenario

    if not files and ref not in bundled_names():
        raise DetenteError(
            f"scenario '{ref}' is not a bundled scenario (fix: send the scenario itself, "
            f"or one of {', '.join(bundled_names())})"
        )
    return load_scenario(ref)


def check_seed(seed: int | None) -> int | None:
    """A request's seed, refused with its fix when negative (a field validator's body).

    Parameters
    ----------
    seed : the seed given (None: fresh entropy)

    Returns
    -------
    int | None
        The same seed.
    """
    if seed is not None and seed < 0:
        raise ValueError(
            f"{seed} is negative; seeds are whole numbers 0 or more "
            f"(fix: use {-seed} or any other number >= 0)"
        )
    return seed


class ModelRequest(Request):
    """A request to run a model on a scenario: the fields every such kind shares.

    Attributes
    ----------
    scenario : a bundled scenario's name, a file, or the scenario itself (inline data)
    model : a registered model's name (``detente.list_models()``)
    params : the model's parameters (over the scenario's stored ones)
    seed : seed of every random draw: a whole number 0 or more (None: fresh entropy, which a
        recorded run cannot replay)
    """

    scenario: str | Scenario
    model: str = "weighted-median"
    params: dict[str, Any] = Field(default_factory=dict)
    seed: int | None = Field(0, json_schema_extra={"minimum": 0})

    @field_validator("seed")
    @classmethod
    def _non_negative(cls, seed: int | None) -> int | None:
        return check_seed(seed)

    @property
    def loaded(self) -> Scenario:
        """The scenario itself (a resolved request always holds one).

        Returns
        -------
        Scenario
            The scenario, loaded from its name or file if the request only named it.
        """
        return scenario_from(self.scenario, files=True)

    def resolve(self, files: bool = True) -> Self:
        """The request with its scenario loaded (see :meth:`Request.resolve`).

        Parameters
        ----------
        files : whether the scenario may be a file

        Returns
        -------
        ModelRequest
            The same request holding the scenario itself.
        """
        return self.model_copy(update={"scenario": scenario_from(self.scenario, files)})

    def model_label(self) -> str:
        """The model's name (the run store's ``model`` column).

        Returns
        -------
        str
            ``self.model``.
        """
        return self.model

    def stored(self) -> Stored:
        """The request as the run store keeps it (see :meth:`Request.stored`).

        Returns
        -------
        Stored
            The scenario, model, params and seed in their columns, the rest as options.
        """
        base = super().stored()
        params = self.model_dump(mode="json", include={"params"})["params"]
        return Stored(self.loaded, self.model, params, self.seed, base.options)


def request_problems(exc: ValidationError) -> list[Problem]:
    """One :class:`Problem` per field pydantic found wrong, located by the field's path.

    Parameters
    ----------
    exc : pydantic's error

    Returns
    -------
    list[Problem]
        The problems, with pydantic's 'Value error, ' prefix taken off.
    """
    problems = []
    for error in exc.errors():
        where = ".".join(str(part) for part in error["loc"])
        message = str(error["msg"]).removeprefix("Value error, ")
        problems.append(Problem(where, message))
    return problems


def validated(cls: type[Request], fields: Mapping[str, Any]) -> Request:
    """``cls`` built from ``fields``, or a :class:`RequestError` naming every bad field.

    Parameters
    ----------
    cls : the request type
    fields : its fields

    Returns
    -------
    Request
        The validated request.
    """
    try:
        return cls.model_validate(dict(fields))
    except ValidationError as exc:
        kind = cls.model_fields["kind"].default
        raise RequestError(str(kind), request_problems(exc)) from None
