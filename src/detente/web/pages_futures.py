"""Pages: cross-impact futures. Edit a study's judgement matrix as a grid, see its consistent
futures and the scenario tree (where the talks land in each future).

The page keeps the study being edited in the form itself (the study's JSON in a hidden field,
every cell an input), so nothing is stored: an analyst downloads the edited study as YAML, and
``detente futures ...`` reads it back. Every number comes through the results layer
(``futures-solve``, ``futures-tree``); the cell checks and the grid come from
:mod:`detente.futures.grid`. Observers read the bundled studies; analysts and above edit,
solve, build trees and upload.
"""

from __future__ import annotations

import re
from typing import Any

from fastapi import APIRouter, Depends, File, Request, UploadFile
from fastapi.responses import HTMLResponse, Response

from detente.errors import UnknownNameError
from detente.futures.grid import Cell, apply_cells, cell_problem, layout
from detente.futures.schema import FuturesSpec
from detente.web import rights, service
from detente.web.pages_auth import page
from detente.web.security import Viewer, signed_in

router = APIRouter(include_in_schema=False)
CELL = re.compile(r"^c\.(\d{1,4})\.(\d{1,4})$")
MAX_RUNS = 2000  # per future, on the page (the CLI and the API take more)
MAX_GRID = 150  # variants: a larger matrix is not drawn as a grid (use the CLI or the API)
MAX_NODES = 200_000  # a page's exact search stops here (a few seconds) and says it is incomplete
MAX_SOLUTIONS = 10_000  # ... or after finding this many
SHOWN = 200  # solutions listed on the page


def _bundled(name: str) -> FuturesSpec:
    from detente.futures.load import BUNDLED, read_futures

    if name not in BUNDLED:
        raise UnknownNameError(f"no bundled futures study '{name}' (known: {', '.join(BUNDLED)})")
    return read_futures(name).spec


def _solve(spec: FuturesSpec, k: float = 0.0) -> Any:
    from detente.results import FuturesSolveRequest, compute

    request = FuturesSolveRequest(
        futures=spec, max_inconsistency=k, max_nodes=MAX_NODES, max_solutions=MAX_SOLUTIONS
    )
    return compute(request, files=False)


def _editor(
    request: Request, viewer: Viewer, spec: FuturesSpec, status: int = 200, **extra: Any
) -> Response:
    """The whole page (or, for HTMX, the editor alone) with the grid and the solutions."""
    from detente import list_models

    problems: dict[Cell, str] = extra.pop("problems", {})
    size = sum(len(d.variants) for d in spec.descriptors)
    context = {
        "spec": spec,
        "grid": layout(spec) if size <= MAX_GRID else None,
        "max_grid": MAX_GRID,
        "shown": SHOWN,
        "spec_json": spec.model_dump_json(by_alias=True),
        "values": extra.pop("values", {}),
        "problems": {f"c.{r}.{c}": p for (r, c), p in problems.items()},
        "can_edit": rights.can_create(viewer),
        "k": extra.pop("k", 0.0),
        "solved": extra.pop("solved", None),
        "models": [m.name for m in list_models()],
        **extra,
    }
    partial = bool(request.headers.get("hx-request"))
    name = "_futures_editor.html" if partial else "futures_study.html"
    return page(request, name, viewer, status=status, **context)


@router.get("/futures")
def studies(request: Request, viewer: Viewer = Depends(signed_in)) -> Response:
    """The bundled futures studies, and the upload of one's own.

    Parameters
    ----------
    request : the request
    viewer : the signed-in user

    Returns
    -------
    Response
        The list page.
    """
    from detente.futures.load import BUNDLED

    return page(
        request, "futures.html", viewer, names=sorted(BUNDLED), can_edit=rights.can_create(viewer)
    )


@router.get("/futures/{name}")
def study(request: Request, name: str, viewer: Viewer = Depends(signed_in)) -> Response:
    """A bundled study: its grid and its consistent futures.

    Parameters
    ----------
    request : the request
    name : the study's bundled name
    viewer : the signed-in user

    Returns
    -------
    Response
        The editor page.
    """
    spec = _bundled(name)
    return _editor(request, viewer, spec, solved=_solve(spec))


@router.post("/futures/upload")
async def upload(
    request: Request, file: UploadFile = File(...), viewer: Viewer = Depends(signed_in)
) -> Response:
    """Open an uploaded study (``.yaml`` or ScenarioWizard ``.scw``) in the editor."""
    rights.require(rights.can_create(viewer), "upload futures studies")
    spec = service.read_futures_upload(file.filename or "", await file.read())
    return _editor(request, viewer, spec, solved=_solve(spec))


async def _form(request: Request) -> tuple[FuturesSpec, dict[Cell, str], Any]:
    """The study the page holds, the text of every cell, and the whole form."""
    form = await request.form()
    spec = FuturesSpec.model_validate_json(str(form.get("study") or "{}"))
    cells: dict[Cell, str] = {}
    for key, value in form.items():
        if match := CELL.match(key):
            cells[(int(match.group(1)), int(match.group(2)))] = str(value)[:40]
    return spec, cells, form


@router.post("/futures/cell", response_class=HTMLResponse)
async def check_cell(request: Request, viewer: Viewer = Depends(signed_in)) -> Response:
    """HTMX: the problem of the one cell being typed in (empty when it is fine)."""
    rights.require(rights.can_create(viewer), "edit futures studies")
    spec, cells, _ = await _form(request)
    match = CELL.match(request.headers.get("hx-trigger-name") or "")
    cell = (int(match[1]), int(match[2])) if match else None
    problem = cell_problem(spec, cell, cells.get(cell, "")) if cell else ""
    return page(request, "_cell_error.html", viewer, problems=[problem] if problem else [])


def _k(form: Any) -> float:
    text = str(form.get("k") or "0")
    try:
        k = float(text)
    except ValueError:
        k = -1.0
    if not 0 <= k <= 1000:
        from detente.errors import Problem, RequestError

        problem = Problem("k", f"the inconsistency allowed is '{text[:20]}'", "give 0 or more")
        raise RequestError("futures", [problem])
    return k


@router.post("/futures/solve", response_class=HTMLResponse)
async def solve(request: Request, viewer: Viewer = Depends(signed_in)) -> Response:
    """Apply the grid's cells and solve again; bad cells re-show the grid with their problems."""
    rights.require(rights.can_create(viewer), "edit futures studies")
    spec, cells, form = await _form(request)
    k = _k(form)
    edited, problems = apply_cells(spec, cells)
    if edited is None:
        values = {f"c.{r}.{c}": text for (r, c), text in cells.items()}
        return _editor(request, viewer, spec, 422, problems=problems, values=values, k=k)
    return _editor(request, viewer, edited, solved=_solve(edited, k), k=k)


@router.post("/futures/tree", response_class=HTMLResponse)
async def tree(request: Request, viewer: Viewer = Depends(signed_in)) -> Response:
    """HTMX: the scenario tree of the study as edited, on one bridged negotiation scenario."""
    from detente.report.blocks import figure
    from detente.report.futures import forecast_figure, weights_figure
    from detente.results import build_request, compute

    rights.require(rights.can_create(viewer), "build scenario trees")
    spec, cells, form = await _form(request)
    edited, _ = apply_cells(spec, cells)
    if edited is None:
        why = ["fix the marked cells first (Solve shows them)"]
        return page(request, "_cell_error.html", viewer, status=422, problems=why)
    model = str(form.get("model") or "weighted-median")
    fields = {
        "futures": edited,
        "scenario": str(form.get("scenario") or ""),
        "model": model,
        "runs": _whole(form, "runs", 200),
        "seed": _whole(form, "seed", 0),
        "max_inconsistency": _k(form),
    }
    found = compute(build_request("futures-tree", fields), files=False).tree  # type: ignore[attr-defined]
    plots = [figure(weights_figure(found)), figure(forecast_figure(found, model))]
    return page(request, "_futures_tree.html", viewer, t=found, plots=plots)


def _whole(form: Any, name: str, default: int) -> int:
    text = str(form.get(name) or default)
    if not text.isdigit() or not 0 <= int(text) <= (MAX_RUNS if name == "runs" else 2**32):
        from detente.errors import Problem, RequestError

        fix = f"give a whole number{' up to ' + str(MAX_RUNS) if name == 'runs' else ''}"
        raise RequestError("futures", [Problem(name, f"'{text[:20]}'", fix)])
    return int(text)


@router.post("/futures/download")
async def download(request: Request, viewer: Viewer = Depends(signed_in)) -> Response:
    """The study as edited, as a YAML file (bad cells re-show the grid instead)."""
    from detente.futures.load import futures_to_yaml

    spec, cells, form = await _form(request)
    edited, problems = apply_cells(spec, cells)
    if edited is None:
        values = {f"c.{r}.{c}": text for (r, c), text in cells.items()}
        return _editor(request, viewer, spec, 422, problems=problems, values=values, k=_k(form))
    disposition = f'attachment; filename="{edited.id}.yaml"'
    return Response(
        futures_to_yaml(edited),
        media_type="application/yaml",
        headers={"Content-Disposition": disposition},
    )
