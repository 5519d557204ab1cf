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
    """Render a page template with the viewer and their CSRF token."""
    context.update(viewer=viewer, csrf=viewer.csrf if viewer else "")
    templates = request.app.state.templates
    response: Response = templates.TemplateResponse(request, name, context, status_code=status)
    return response


def _safe_next(target: str) -> str:
    """Only local paths: never redirect a signed-in user to another site."""
    return target if target.startswith("/") and not target.startswith("//") else "/scenarios"


@router.get("/")
def home() -> Response:
    return RedirectResponse("/scenarios", status_code=303)


@router.get("/figures.js")
def figures_js() -> Response:
    """The script that draws the report's figures, from the installed package (no CDN)."""
    from detente.report.build import figures_script

    return FileResponse(
        figures_script(),
        media_type="text/javascript",
        headers={"Cache-Control": "public, max-age=86400"},
    )


@router.get("/login")
def login_page(request: Request, next: str = "/scenarios") -> Response:
    return page(request, "login.html", None, next=_safe_next(next), error="")


@router.post("/login")
def login(
    request: Request,
    name: str = Form(..., max_length=64),
    password: str = Form(..., max_length=1024),
    next: str = Form("/scenarios"),
) -> Response:
    """Check the password; too many failures per name or address get 429."""
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
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(COOKIE, path="/")
    return response


@router.get("/account")
def account(request: Request, viewer: Viewer = Depends(signed_in)) -> Response:
    tokens = request.app.state.accounts.tokens(viewer.user.id)
    return page(request, "account.html", viewer, tokens=tokens, new_token="")


@router.post("/account/tokens")
def make_token(
    request: Request,
    label: str = Form("script", max_length=100),
    viewer: Viewer = Depends(signed_in),
) -> Response:
    """A new API token, shown once on the page that answers."""
    accounts = request.app.state.accounts
    token = new_token()
    accounts.add_token(viewer.user.id, token_hash(token), label)
    tokens = accounts.tokens(viewer.user.id)
    return page(request, "account.html", viewer, tokens=tokens, new_token=token)


@router.post("/account/tokens/{token_id}/revoke")
def revoke_token(request: Request, token_id: int, viewer: Viewer = Depends(signed_in)) -> Response:
    request.app.state.accounts.revoke_token(viewer.user.id, token_id)
    return RedirectResponse("/account", status_code=303)


@router.get("/admin/users")
def users_page(request: Request, viewer: Viewer = Depends(signed_in)) -> Response:
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
    rights.require(viewer.role == "admin", "manage users")
    rights.require(
        user_id != viewer.user.id or (role == "admin" and active == "on"),
        "take away your own admin rights",
    )
    request.app.state.accounts.update(user_id, role=role, active=active == "on")
    return RedirectResponse("/admin/users", status_code=303)
