"""Pages: roadmap status on a date and the stage-by-stage incentive check (the report's view).

A roadmap is checked against its own scenario, or against a workspace scenario version when one
is given (``?ws=ID&v=N``), so an edited scenario shows at once whether each stage still holds.
"""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from detente.errors import DetenteError, UnknownNameError
from detente.web import service
from detente.web.pages_auth import page
from detente.web.security import Viewer, signed_in

router = APIRouter(include_in_schema=False)


@router.get("/roadmaps")
def roadmaps(request: Request, viewer: Viewer = Depends(signed_in)) -> Response:
    """The bundled roadmaps.

    Parameters
    ----------
    request : the HTTP request (its app holds the stores and settings)
    viewer : the signed-in user (from the session cookie or an API token)

    Returns
    -------
    Response
        The page.
    """
    from detente.roadmap.load import BUNDLED

    return page(request, "roadmaps.html", viewer, names=sorted(BUNDLED))


@router.get("/roadmaps/{name}")
def roadmap(
    request: Request,
    name: str,
    on: str = "",
    ws: int | None = None,
    v: int | None = None,
    viewer: Viewer = Depends(signed_in),
) -> Response:
    """Status, progress, deliveries and the incentive check of a bundled roadmap on a date.

    Parameters
    ----------
    request : the HTTP request (its app holds the stores and settings)
    name : the bundled roadmap's name
    on : the date, YYYY-MM-DD ('': the roadmap's last event)
    ws : a workspace scenario to check the incentives against (None: the roadmap's own)
    v : its version
    viewer : the signed-in user (from the session cookie or an API token)

    Returns
    -------
    Response
        The page.
    """
    from detente.report import figures
    from detente.report.blocks import figure
    from detente.report.roadmaps import roadmap_part
    from detente.roadmap.load import BUNDLED

    if name not in BUNDLED:
        raise UnknownNameError(f"no bundled roadmap '{name}' (known: {', '.join(BUNDLED)})")
    scenario = version = None
    if ws is not None:
        version = service.version(request.app.state, viewer, ws, v)
        scenario = version.scenario()
    part = roadmap_part(name, scenario=scenario, on=_date(on))
    plot = figure(figures.gantt_figure(part.roadmap, part.on))
    return page(
        request, "roadmap.html", viewer, roadmap=name, view=part, plot=plot, ws=ws, version=version
    )


def _date(text: str) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise DetenteError(f"date '{text}' (fix: write it as YYYY-MM-DD)") from None
