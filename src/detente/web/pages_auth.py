"""Pages: sign in and out, the user's account (API tokens) and the admin's user list."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import FileResponse, RedirectResponse, Response

from detente.store.accounts import ROLES
from detente.web import rights
from detente.web.passwords import dummy_hash, hash_password, verify_password
from detente.web.security import COOKIE, Viewer, new_token, set_session, signed_in, token_hash

router = APIRouter(include_in_schema=False)


def page(
    request: Request, name: str, viewer: Viewer | None, status: int = 200, **context: Any
) -> Response:
    """Render a page template with the viewer and their CSRF token.

    Parameters
    ----------
    request : the HTTP request (its app holds the stores and settings)
    name : the template's file name
    viewer : the signed-in user (from the session cookie or an API token)
    status : the HTTP status
    context : the template's values

    Returns
    -------
    Response
        The rendered page.
    """
    context.update(viewer=viewer, csrf=viewer.csrf if viewer else "")
    templates = request.app.state.templates
    response: Response = templates.TemplateResponse(request, name, context, status_code=status)
    return response


def _safe_next(target: str) -> str:
    """Only local paths: never redirect a signed-in user to another site."""
    return target if target.startswith("/") and not target.startswith("//") else "/scenarios"


@router.get("/")
def home() -> Response:
    """The start page: the scenario list.

    Returns
    -------
    Response
        A redirect to /scenarios.
    """
    return RedirectResponse("/scenarios", status_code=303)


@router.get("/figures.js")
def figures_js() -> Response:
    """The script that draws the report's figures, from the installed package (no CDN).

    Returns
    -------
    Response
        The JavaScript, cached by the browser.
    """
    from detente.report.build import figures_script

    return FileResponse(
        figures_script(),
        media_type="text/javascript",
        headers={"Cache-Control": "public, max-age=86400"},
    )


@router.get("/login")
def login_page(request: Request, next: str = "/scenarios") -> Response:
    """The sign-in form.

    Parameters
    ----------
    request : the HTTP request (its app holds the stores and settings)
    next : where to go after signing in (a path on this site only)

    Returns
    -------
    Response
        The page.
    """
    return page(request, "login.html", None, next=_safe_next(next), error="")


@router.post("/login")
def login(
    request: Request,
    name: str = Form(..., max_length=64),
    password: str = Form(..., max_length=1024),
    next: str = Form("/scenarios"),
) -> Response:
    """Check the password; too many failures per name or address get 429.

    Parameters
    ----------
    request : the HTTP request (its app holds the stores and settings)
    name : the account's name
    password : its password
    next : where to go after signing in (a path on this site only)

    Returns
    -------
    Response
        A redirect with the session cookie, or the form again with 401 or 429.
    """
    limiter = request.app.state.limiter
    address = request.client.host if request.client else "?"
    keys = (f"name:{name.lower()}", f"addr:{address}")
    limiter.check(*keys)
    user = request.app.state.accounts.find(name)
    ok = verify_password(password, user.password_hash if user else dummy_hash())
    if user is None or not ok or not user.active:
        limiter.failed(*keys)
        return page(
            request,
            "login.html",
            None,
            status=401,
            next=_safe_next(next),
            error="wrong user name or password",
        )
    limiter.succeeded(keys[0])
    response = RedirectResponse(_safe_next(next), status_code=303)
    set_session(request, response, user.id)
    return response


@router.post("/logout")
def logout(request: Request, viewer: Viewer = Depends(signed_in)) -> Response:
    """Sign out: the session cookie is removed.

    Parameters
    ----------
    request : the HTTP request (its app holds the stores and settings)
    viewer : the signed-in user (from the session cookie or an API token)

    Returns
    -------
    Response
        A redirect to the sign-in page.
    """
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(COOKIE, path="/")
    return response


@router.get("/account")
def account(request: Request, viewer: Viewer = Depends(signed_in)) -> Response:
    """The user's account: role and API tokens.

    Parameters
    ----------
    request : the HTTP request (its app holds the stores and settings)
    viewer : the signed-in user (from the session cookie or an API token)

    Returns
    -------
    Response
        The page.
    """
    tokens = request.app.state.accounts.tokens(viewer.user.id)
    return page(request, "account.html", viewer, tokens=tokens, new_token="")


@router.post("/account/tokens")
def make_token(
    request: Request,
    label: str = Form("script", max_length=100),
    viewer: Viewer = Depends(signed_in),
) -> Response:
    """A new API token, shown once on the page that answers.

    Parameters
    ----------
    request : the HTTP request (its app holds the stores and settings)
    label : what the token is for
    viewer : the signed-in user (from the session cookie or an API token)

    Returns
    -------
    Response
        The account page with the new token.
    """
    accounts = request.app.state.accounts
    token = new_token()
    accounts.add_token(viewer.user.id, token_hash(token), label)
    tokens = accounts.tokens(viewer.user.id)
    return page(request, "account.html", viewer, tokens=tokens, new_token=token)


@router.post("/account/tokens/{token_id}/revoke")
def revoke_token(request: Request, token_id: int, viewer: Viewer = Depends(signed_in)) -> Response:
    """Delete one of the user's API tokens.

    Parameters
    ----------
    request : the HTTP request (its app holds the stores and settings)
    token_id : the token's id
    viewer : the signed-in user (from the session cookie or an API token)

    Returns
    -------
    Response
        A redirect to the account page.
    """
    request.app.state.accounts.revoke_token(viewer.user.id, token_id)
    return RedirectResponse("/account", status_code=303)


@router.get("/admin/users")
def users_page(request: Request, viewer: Viewer = Depends(signed_in)) -> Response:
    """Every account, with forms to add one and change roles (admins only).

    Parameters
    ----------
    request : the HTTP request (its app holds the stores and settings)
    viewer : the signed-in user (from the session cookie or an API token)

    Returns
    -------
    Response
        The page.
    """
    rights.require(viewer.role == "admin", "manage users")
    users = request.app.state.accounts.users()
    return page(request, "users.html", viewer, users=users, roles=ROLES, error="")


@router.post("/admin/users")
def add_user(
    request: Request,
    name: str = Form(..., max_length=64),
    role: str = Form(...),
    password: str = Form(..., max_length=1024),
    viewer: Viewer = Depends(signed_in),
) -> Response:
    """Create an account (admins only).

    Parameters
    ----------
    request : the HTTP request (its app holds the stores and settings)
    name : the new account's name
    role : admin, facilitator, analyst or observer
    password : its password (hashed with Argon2, never kept)
    viewer : the signed-in user (from the session cookie or an API token)

    Returns
    -------
    Response
        The users page again.
    """
    rights.require(viewer.role == "admin", "manage users")
    request.app.state.accounts.add_user(name, role, hash_password(password))
    return RedirectResponse("/admin/users", status_code=303)


@router.post("/admin/users/{user_id}")
def change_user(
    request: Request,
    user_id: int,
    role: str = Form(...),
    active: str = Form("off"),
    viewer: Viewer = Depends(signed_in),
) -> Response:
    """Change an account's role or switch it on or off (admins only).

    Parameters
    ----------
    request : the HTTP request (its app holds the stores and settings)
    user_id : the account's id
    role : the new role
    active : 'on' keeps the account active
    viewer : the signed-in user (from the session cookie or an API token)

    Returns
    -------
    Response
        A redirect to the users page.
    """
    rights.require(viewer.role == "admin", "manage users")
    rights.require(
        user_id != viewer.user.id or (role == "admin" and active == "on"),
        "take away your own admin rights",
    )
    request.app.state.accounts.update(user_id, role=role, active=active == "on")
    return RedirectResponse("/admin/users", status_code=303)
