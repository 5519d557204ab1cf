"""The futures kinds: a cross-impact study's consistent scenarios, and the scenario tree.

``futures-solve`` finds every scenario within an inconsistency (exactly, or by a Monte Carlo
search); ``futures-tree`` turns each consistent future into a changed negotiation scenario and
forecasts the talks in each (:mod:`detente.futures`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, Self

from pydantic import Field

from detente.errors import DetenteError
from detente.futures.attractors import monte_carlo
from detente.futures.load import BUNDLED, Futures, read_futures
from detente.futures.schema import FuturesSpec
from detente.futures.search import MAX_SOLUTIONS, solve
from detente.futures.solution import SolutionSet
from detente.futures.tree import ScenarioTree, scenario_tree
from detente.results.registry import Kind, register_kind
from detente.results.request import ModelRequest, Request, Stored
from detente.results.result import Context, Result, Tables, plain


def study_from(ref: str | FuturesSpec, files: bool) -> Futures:
    """The study a request names: a bundled name, a file (where allowed) or the spec itself.

    Parameters
    ----------
    ref : a bundled name, a path, or the study's content
    files : whether paths are allowed (not through the web API)

    Returns
    -------
    Futures
        The study.
    """
    if isinstance(ref, FuturesSpec):
        return Futures.of(ref)
    if not files and ref not in BUNDLED:
        raise DetenteError(
            f"futures '{ref}' is not a bundled study (fix: send the study itself, or one of "
            f"{', '.join(BUNDLED)})"
        )
    return read_futures(ref)


class FuturesSolveRequest(Request):
    """Every scenario of a cross-impact study within an inconsistency.

    Attributes
    ----------
    futures : a bundled study's name (``dprk-futures``), a YAML or ``.scw`` file, or the study
    max_inconsistency : k; 0 gives the consistent scenarios
    monte_carlo : search from this many random starts instead (consistent scenarios only)
    seed : seed of the Monte Carlo starts
    max_nodes : stop the exact search after this many nodes (the set is marked incomplete)
    max_solutions : stop the exact search after finding this many (marked incomplete)
    """

    kind: Literal["futures-solve"] = "futures-solve"
    futures: str | FuturesSpec
    max_inconsistency: float = Field(0.0, ge=0)
    monte_carlo: int | None = Field(None, ge=1)
    seed: int | None = Field(0, ge=0)
    max_nodes: int | None = Field(None, ge=1)
    max_solutions: int = Field(MAX_SOLUTIONS, ge=1, le=MAX_SOLUTIONS)

    def study(self) -> Futures:
        """The study itself (a resolved request holds it inline).

        Returns
        -------
        Futures
            The validated study and its matrix.
        """
        return study_from(self.futures, files=True)

    def resolve(self, files: bool = True) -> Self:
        """The request holding the study itself (see :meth:`Request.resolve`).

        Parameters
        ----------
        files : whether the study may be a file

        Returns
        -------
        FuturesSolveRequest
            The same request with the study inline.
        """
        if self.monte_carlo is not None and self.max_inconsistency:
            raise DetenteError("the Monte Carlo search finds consistent scenarios only (k = 0)")
        return self.model_copy(update={"futures": study_from(self.futures, files).spec})

    def stored(self) -> Stored:
        """The request as the run store keeps it: the seed in its column, the study inline.

        Returns
        -------
        Stored
            No scenario, model or params; the seed; the other fields as options.
        """
        return Stored(None, "", {}, self.seed, super().stored().options)


@dataclass(frozen=True, eq=False)
class FuturesSolveResult(Result[FuturesSolveRequest]):
    """A study's scenarios with their scores.

    Attributes
    ----------
    request : the resolved request
    solutions : the scenarios found, with inconsistency, total impact score and nodes visited
    """

    solutions: SolutionSet

    def tables(self) -> Tables:
        """The stored table: ``scenarios`` (one row each, one column per descriptor, scores).

        Returns
        -------
        dict[str, pandas.DataFrame]
            ``{"scenarios": ...}``.
        """
        return {"scenarios": self.solutions.table()}

    def payload(self) -> dict[str, Any]:
        """The ``detente futures solve`` JSON (docs/json-output.md).

        Returns
        -------
        dict[str, Any]
            source, method, counts, descriptors and scenarios.
        """
        return plain(self.solutions.payload())


def compute_solve(request: FuturesSolveRequest, context: Context) -> FuturesSolveResult:
    """The futures-solve kind's compute function (:func:`detente.futures.solve`).

    Parameters
    ----------
    request : a resolved futures-solve request
    context : unused hooks (the search runs in one compiled call)

    Returns
    -------
    FuturesSolveResult
        The scenarios found.
    """
    m = request.study().matrix
    if request.monte_carlo is not None:
        found = monte_carlo(m, request.monte_carlo, request.seed)
    else:
        found = solve(m, request.max_inconsistency, max_nodes=request.max_nodes,
                      max_solutions=request.max_solutions)  # fmt: skip
    return FuturesSolveResult(request, found)


class FuturesTreeRequest(ModelRequest):
    """The talks forecast in every consistent future of a study bridged onto the scenario.

    Attributes
    ----------
    futures : a bundled study's name, a file, or the study itself
    runs : ensemble runs per future
    weights : basin, prior or equal (see :func:`detente.futures.bridge.weigh`)
    roadmaps : roadmaps to check in each future (None: the bundled ones on the scenario)
    max_inconsistency : futures up to this inconsistency
    samples : random starts for the basins when the product is too large to walk
    """

    kind: Literal["futures-tree"] = "futures-tree"
    futures: str | FuturesSpec
    runs: int = Field(500, ge=1)
    weights: Literal["basin", "prior", "equal"] = "basin"
    roadmaps: list[str] | None = None
    max_inconsistency: float = Field(0.0, ge=0)
    samples: int | None = Field(None, ge=1)

    def study(self) -> Futures:
        """The study itself (a resolved request holds it inline).

        Returns
        -------
        Futures
            The validated study and its matrix.
        """
        return study_from(self.futures, files=True)

    def resolve(self, files: bool = True) -> Self:
        """The request holding the scenario and the study (see :meth:`Request.resolve`).

        Parameters
        ----------
        files : whether the scenario or study may be a file

        Returns
        -------
        FuturesTreeRequest
            The same request with both inline.
        """
        spec = study_from(self.futures, files).spec
        return super().resolve(files).model_copy(update={"futures": spec})


@dataclass(frozen=True, eq=False)
class FuturesTreeResult(Result[FuturesTreeRequest]):
    """The scenario tree.

    Attributes
    ----------
    request : the resolved request
    tree : futures with weights, forecasts per future, the mixture, roadmap stages
    """

    tree: ScenarioTree

    def tables(self) -> Tables:
        """The stored tables: futures, forecasts, combined and stages.

        Returns
        -------
        dict[str, pandas.DataFrame]
            The tables of the tree (stages only where a roadmap was checked).
        """
        t = self.tree
        tables = {"futures": t.futures, "forecasts": t.forecasts, "combined": t.combined}
        return {**tables, "stages": t.stages} if len(t.stages) else tables

    def payload(self) -> dict[str, Any]:
        """The ``detente futures tree`` JSON (docs/json-output.md).

        Returns
        -------
        dict[str, Any]
            The tree's settings, futures, forecasts, combined, stages and notes.
        """
        return plain(self.tree.payload())


def compute_tree(request: FuturesTreeRequest, context: Context) -> FuturesTreeResult:
    """The futures-tree kind's compute function (:func:`detente.futures.scenario_tree`).

    Parameters
    ----------
    request : a resolved futures-tree request
    context : executor (the ensembles) and progress (futures done)

    Returns
    -------
    FuturesTreeResult
        The scenario tree.
    """
    tree = scenario_tree(
        request.study(), request.loaded, request.model, request.runs, request.seed,
        request.weights, request.roadmaps, request.max_inconsistency, params=request.params,
        samples=request.samples, executor=context.executor, progress=context.progress,
    )  # fmt: skip
    return FuturesTreeResult(request, tree)


register_kind(
    Kind(
        FuturesSolveRequest,
        compute_solve,
        "Every scenario of a cross-impact study within an inconsistency, found exactly.",
    )
)
register_kind(
    Kind(
        FuturesTreeRequest,
        compute_tree,
        "The talks forecast in every consistent future, and roadmap stages across them.",
    )
)
