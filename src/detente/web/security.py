"""Who is asking, and may they: signed session cookies, API tokens, CSRF and sign-in limits.

- A sign-in sets one cookie, signed with itsdangerous (HttpOnly, SameSite=Lax, Secure over
  HTTPS), holding the user id and the session's CSRF token.
- Every state-changing request made with that cookie must echo the CSRF token, in the form field
  ``csrf_token`` or the ``X-CSRF-Token`` header (HTMX sends the header on every request).
  Requests with an API token (``Authorization: Bearer ...``) carry no ambient credential, so a
  forged cross-site request cannot use them and they need no CSRF token.
- Failed sign-ins are counted per user name and per client address; past the limit the answer is
  429 until the window has passed.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import secrets
import threading
import time
from collections import defaultdict, deque
from dataclasses import dataclass
from typing import Any

from fastapi import Request

from detente.store.accounts import UserInfo

COOKIE = "detente_session"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


class NotSignedIn(Exception):
    """No valid session or token: pages redirect to the sign-in page, the API answers 401."""


class Forbidden(Exception):
    """Signed in, but not allowed: 403."""

    def __init__(self, message: str = "you are not allowed to do this") -> None:
        super().__init__(message)


class CsrfFailed(Forbidden):
    """A state-changing request without the session's CSRF token: 403."""

    def __init__(self) -> None:
        super().__init__(
            "missing or wrong CSRF token (fix: reload the page and try again; scripts use an "
            "API token instead of the session cookie)"
        )


class TooManyAttempts(Exception):
    """Too many failed sign-ins: 429 with Retry-After."""

    def __init__(self, retry_after: int) -> None:
        self.retry_after = retry_after
        super().__init__(f"too many failed sign-ins; try again in {retry_after} s")


@dataclass(frozen=True)
class Viewer:
    """The signed-in user of a request, how they signed in, and their session's CSRF token."""

    user: UserInfo
    via: str  # "session" or "token"
    csrf: str = ""

    @property
    def role(self) -> str:
        """The user's workspace role (admin, facilitator, analyst or observer)."""
        return self.user.role


def _serializer(request: Request) -> Any:
    return _serializer_for(request.app.state.settings.key())


@functools.lru_cache(maxsize=4)
def _serializer_for(key: str) -> Any:
    """The cookie signer of one key (made once: every request checks a cookie)."""
    from itsdangerous import URLSafeTimedSerializer

    return URLSafeTimedSerializer(key, salt="detente-session")


def session_cookie(request: Request, user_id: int) -> tuple[str, str]:
    """A new signed session value for ``user_id`` and its fresh CSRF token.

    Parameters
    ----------
    request : the HTTP request (its app holds the stores and settings)
    user_id : the account's id

    Returns
    -------
    tuple[str, str]
        The cookie's signed value and the CSRF token it carries.
    """
    csrf = secrets.token_urlsafe(32)
    return _serializer(request).dumps({"u": user_id, "c": csrf}), csrf


def set_session(request: Request, response: Any, user_id: int) -> str:
    """Put a new session cookie on ``response``; returns its CSRF token.

    Parameters
    ----------
    request : the HTTP request (its app holds the stores and settings)
    response : the response that signs the user in
    user_id : the account's id

    Returns
    -------
    str
        The session's CSRF token.
    """
    value, csrf = session_cookie(request, user_id)
    hours = request.app.state.settings.session_hours
    response.set_cookie(
        COOKIE,
        value,
        max_age=int(hours * 3600),
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
        path="/",
    )
    return csrf


def token_hash(token: str) -> str:
    """The SHA-256 the store keeps of an API token (tokens are long random strings).

    Parameters
    ----------
    token : the API token

    Returns
    -------
    str
        Its SHA-256, hexadecimal.
    """
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_token() -> str:
    """A fresh API token (shown to its owner once).

    Returns
    -------
    str
        A token starting 'dtk_'.
    """
    return "dtk_" + secrets.token_urlsafe(32)


def viewer_of(request: Request) -> Viewer | None:
    """The request's user from its bearer token or session cookie (None: nobody).

    Parameters
    ----------
    request : the HTTP request (its app holds the stores and settings)

    Returns
    -------
    Viewer | None
        The user and how they signed in, or None.
    """
    if hasattr(request.state, "viewer"):
        cached: Viewer | None = request.state.viewer
        return cached
    viewer = _find_viewer(request)
    request.state.viewer = viewer
    return viewer


def _find_viewer(request: Request) -> Viewer | None:
    accounts = request.app.state.accounts
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        user = accounts.user_for_token(token_hash(header[7:].strip()))
        return None if user is None else Viewer(user, "token")
    raw = request.cookies.get(COOKIE)
    if not raw:
        return None
    from itsdangerous import BadSignature

    max_age = request.app.state.settings.session_hours * 3600
    try:
        data = _serializer(request).loads(raw, max_age=max_age)
        user = accounts.get(int(data["u"]))
    except (BadSignature, KeyError, TypeError, ValueError, LookupError):
        return None
    except Exception as exc:  # UnknownNameError for a deleted user
        from detente.errors import DetenteError

        if isinstance(exc, DetenteError):
            return None
        raise
    return Viewer(user, "session", str(data["c"])) if user.active else None


async def signed_in(request: Request) -> Viewer:
    """Dependency: the signed-in user; CSRF is checked on every state-changing request."""
    viewer = viewer_of(request)
    if viewer is None:
        raise NotSignedIn()
    if request.method not in SAFE_METHODS and viewer.via == "session":
        await check_csrf(request, viewer)
    return viewer


async def check_csrf(request: Request, viewer: Viewer) -> None:
    """Raise :class:`CsrfFailed` unless the request echoes the session's CSRF token."""
    sent = request.headers.get(CSRF_HEADER, "")
    content_type = request.headers.get("content-type", "")
    if not sent and content_type.startswith(("multipart/form-data", "application/x-www-form")):
        form = await request.form()
        sent = str(form.get(CSRF_FIELD, ""))
    if not viewer.csrf or not hmac.compare_digest(sent.encode(), viewer.csrf.encode()):
        raise CsrfFailed()


class LoginLimiter:
    """Counts failed sign-ins per key (user name, client address) in a sliding window."""

    def __init__(self, attempts: int, window_s: float) -> None:
        self.attempts, self.window_s = attempts, window_s
        self._failures: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> deque[float]:
        times = self._failures[key]
        while times and now - times[0] > self.window_s:
            times.popleft()
        return times

    def check(self, *keys: str) -> None:
        """Raise :class:`TooManyAttempts` if any key is over the limit.

        Parameters
        ----------
        keys : the keys of the attempt (the user name, the client's address)
        """
        now = time.monotonic()
        with self._lock:
            for key in keys:
                times = self._recent(key, now)
                if len(times) >= self.attempts:
                    raise TooManyAttempts(max(1, int(self.window_s - (now - times[0])) + 1))

    def failed(self, *keys: str) -> None:
        """Count a failed sign-in against each key.

        Parameters
        ----------
        keys : the keys of the attempt (the user name, the client's address)
        """
        now = time.monotonic()
        with self._lock:
            for key in keys:
                self._recent(key, now).append(now)

    def succeeded(self, name_key: str) -> None:
        """Forget the failures of a name once its password was right.

        Parameters
        ----------
        name_key : the user name's key
        """
        with self._lock:
            self._failures.pop(name_key, None)
