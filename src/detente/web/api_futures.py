"""The JSON API of cross-impact futures under /api/v1/futures: the bundled studies, one
judgement cell checked, the consistent futures and the scenario tree.

Bodies are the results layer's request fields (``FuturesSolveRequest``,
``FuturesTreeRequest``), with the study given by a bundled name or inline (the YAML format's
fields as JSON); the answers are the results' JSON payloads, as ``detente futures solve|tree
--format json`` prints them (docs/json-output.md). Nothing is stored.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field

from detente.errors import UnknownNameError
from detente.web import rights
from detente.web.security import Viewer, signed_in

router = APIRouter(prefix="/api/v1/futures", tags=["futures"])
MAX_NODES = 1_000_000  # the exact search stops here unless the body asks otherwise
STUDY = "a bundled study's name (dprk-futures) or the study itself (the YAML format as JSON)"


class FuturesBody(BaseModel):
    """A results-layer request's fields: ``futures`` and the kind's options."""

    model_config = {
        "extra": "allow",
        "json_schema_extra": {"examples": [{"futures": "dprk-futures", "max_inconsistency": 0}]},
    }

    futures: str | dict[str, Any] = Field(description=STUDY)


class CellBody(BaseModel):
    """One judgement as typed: the study, the source and target variants, and the text."""

    futures: str | dict[str, Any] = Field(description=STUDY)
    source: str = Field(max_length=200, examples=["regime.crisis"])
    target: str = Field(max_length=200, examples=["economy.reform"])
    value: str = Field(max_length=40, examples=["2"])


def _study(ref: str | dict[str, Any]) -> Any:
    from detente.results.futures import study_from
    from detente.scenario.problems import validate_as

    if isinstance(ref, str):
        return study_from(ref, files=False)
    from detente.futures.load import Futures
    from detente.futures.schema import FuturesSpec

    return Futures.of(validate_as(FuturesSpec, ref, "futures"))


def _compute(kind: str, body: FuturesBody) -> dict[str, Any]:
    from detente.results import build_request, compute

    fields = body.model_dump()
    fields["futures"] = _study(body.futures).spec
    if kind == "futures-solve":
        fields.setdefault("max_nodes", MAX_NODES)
    payload: dict[str, Any] = compute(build_request(kind, fields), files=False).payload()
    return payload


@router.get("")
def studies(viewer: Viewer = Depends(signed_in)) -> Any:
    """The bundled futures studies' names."""
    from detente.futures.load import BUNDLED

    return {"bundled": sorted(BUNDLED)}


@router.get("/{name}")
def study(name: str, viewer: Viewer = Depends(signed_in)) -> Any:
    """A bundled study as JSON (the fields of the YAML format)."""
    from detente.futures.load import BUNDLED

    if name not in BUNDLED:
        raise UnknownNameError(f"no bundled futures study '{name}' (known: {', '.join(BUNDLED)})")
    return _study(name).spec.model_dump(mode="json", by_alias=True)


@router.post("/cell")
def check_cell(body: CellBody, viewer: Viewer = Depends(signed_in)) -> Any:
    """The problem of one judgement as typed (``problems`` empty when it is fine)."""
    from detente.futures.grid import cell_problem

    study = _study(body.futures)
    cell = (study.matrix.index_of(body.source), study.matrix.index_of(body.target))
    problem = cell_problem(study.spec, cell, body.value)
    return {"problems": [problem] if problem else []}


@router.post("/solve")
def solve(body: FuturesBody, viewer: Viewer = Depends(signed_in)) -> Any:
    """Every scenario within the inconsistency (``futures-solve``); nothing is recorded."""
    rights.require(rights.can_create(viewer), "run analyses")
    return _compute("futures-solve", body)


@router.post("/tree")
def tree(request: Request, body: FuturesBody, viewer: Viewer = Depends(signed_in)) -> Any:
    """The talks forecast in every consistent future (``futures-tree``: scenario, model, runs,
    seed, weights ...); the scenario is a bundled one the study bridges onto. Runs per future
    are capped by the server's ``max_runs``."""
    from detente.errors import Problem, RequestError

    rights.require(rights.can_create(viewer), "run analyses")
    most = request.app.state.settings.max_runs
    runs = (body.model_extra or {}).get("runs", 500)
    if isinstance(runs, int) and runs > most:
        fix = f"ask for {most:,} runs per future or fewer (the server's limit)"
        raise RequestError("futures-tree", [Problem("runs", f"{runs:,} runs", fix)])
    return _compute("futures-tree", body)
