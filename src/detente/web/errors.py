"""One error policy: clear 4xx answers with the fix, and never a stack trace to a client.

The API answers JSON ``{"detail": ..., "problems": [...]}``; pages answer an error page (or,
for HTMX requests, the error fragment). Sign-in problems redirect pages to the sign-in page.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from pydantic import ValidationError

from detente.errors import DetenteError, RequestError, ScenarioError, UnknownNameError
from detente.panel.records import PanelError
from detente.store.workspace import ConflictError
from detente.web.security import Forbidden, NotSignedIn, TooManyAttempts, viewer_of

log = logging.getLogger("detente.web")
#: what a refused panel action answers (:class:`detente.panel.PanelError`'s reason)
PANEL_STATUS = {"forbidden": 403, "conflict": 409, "invalid": 422}


def wants_json(request: Request) -> bool:
    """Whether the client should get the error as JSON (an API path, or one asking for JSON only).

    Parameters
    ----------
    request : the HTTP request (its app holds the stores and settings)

    Returns
    -------
    bool
        True for JSON, False for an HTML page.
    """
    return request.url.path.startswith("/api/")


def problem_list(exc: DetenteError) -> list[dict[str, Any]]:
    """The field problems of a scenario or request error (empty for other errors).

    Parameters
    ----------
    exc : the error

    Returns
    -------
    list[dict[str, Any]]
        One {'location', 'message', 'fix'} per problem.
    """
    if not isinstance(exc, ScenarioError | RequestError | PanelError):
        return []
    return [
        {
            "location": p.location,
            "message": p.message,
            "fix": p.fix,
            "line": p.line,
            "text": p.render(),
        }
        for p in exc.problems
    ]


def respond(
    request: Request,
    status: int,
    message: str,
    problems: Any = (),
    headers: dict[str, str] | None = None,
) -> Response:
    """The error as JSON for the API, as a page (or HTMX fragment) otherwise.

    Parameters
    ----------
    request : the HTTP request (its app holds the stores and settings)
    status : the HTTP status
    message : what went wrong, in one sentence
    problems : the field problems (location, message, fix)
    headers : extra headers (Retry-After, WWW-Authenticate)

    Returns
    -------
    Response
        JSON {'detail', 'problems'}, an error page, or an HTMX fragment.
    """
    if wants_json(request):
        body: dict[str, Any] = {"detail": message}
        if problems:
            body["problems"] = list(problems)
        return JSONResponse(body, status_code=status, headers=headers)
    templates = request.app.state.templates
    name = "_error.html" if request.headers.get("hx-request") else "error.html"
    viewer = viewer_of(request) if status != 500 else None
    context = {
        "status": status,
        "message": message,
        "problems": list(problems),
        "viewer": viewer,
        "csrf": viewer.csrf if viewer else "",
    }
    return templates.TemplateResponse(request, name, context, status_code=status, headers=headers)


def install(app: Any) -> None:
    """Register the handlers on ``app``.

    Parameters
    ----------
    app : the FastAPI application
    """

    @app.exception_handler(NotSignedIn)
    async def _not_signed_in(request: Request, exc: NotSignedIn) -> Response:
        if wants_json(request):
            return respond(
                request,
                401,
                "sign in first: send 'Authorization: Bearer TOKEN' "
                "(make a token on your account page)",
                headers={"WWW-Authenticate": "Bearer"},
            )
        target = "/login?next=" + quote(request.url.path)
        if request.headers.get("hx-request"):
            return Response(status_code=204, headers={"HX-Redirect": target})
        return RedirectResponse(target, status_code=303)

    @app.exception_handler(Forbidden)
    async def _forbidden(request: Request, exc: Forbidden) -> Response:
        return respond(request, 403, str(exc))

    @app.exception_handler(TooManyAttempts)
    async def _too_many(request: Request, exc: TooManyAttempts) -> Response:
        return respond(request, 429, str(exc), headers={"Retry-After": str(exc.retry_after)})

    @app.exception_handler(UnknownNameError)
    async def _unknown(request: Request, exc: UnknownNameError) -> Response:
        return respond(request, 404, str(exc))

    @app.exception_handler(ConflictError)
    async def _conflict(request: Request, exc: ConflictError) -> Response:
        return respond(request, 409, str(exc))

    @app.exception_handler(PanelError)
    async def _panel(request: Request, exc: PanelError) -> Response:
        status = PANEL_STATUS.get(exc.reason, 409)
        return respond(request, status, str(exc), problem_list(exc) if status == 422 else ())

    @app.exception_handler(DetenteError)
    async def _detente(request: Request, exc: DetenteError) -> Response:
        return respond(request, 422, str(exc), problem_list(exc))

    @app.exception_handler(ValidationError)
    async def _invalid(request: Request, exc: ValidationError) -> Response:
        problems = [
            {"location": ".".join(str(p) for p in e["loc"]), "message": e["msg"]}
            for e in exc.errors()
        ]
        text = "; ".join(f"{p['location']}: {p['message']}" for p in problems)
        return respond(request, 422, f"invalid request: {text}", problems)

    @app.exception_handler(Exception)
    async def _internal(request: Request, exc: Exception) -> Response:
        log.exception("internal error on %s %s", request.method, request.url.path)
        return respond(request, 500, "internal error: the server log has the details")
