"""Password hashing with Argon2 (pwdlib's recommended settings)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from detente.errors import require

MIN_LENGTH = 8


@lru_cache(maxsize=1)
def _hasher() -> Any:
    pwdlib = require("pwdlib", "web", "Workspace accounts")
    return pwdlib.PasswordHash.recommended()


def hash_password(password: str) -> str:
    """An Argon2id hash of ``password`` (salted; the password itself is never stored).

    Parameters
    ----------
    password : the password

    Returns
    -------
    str
        The hash in PHC form ($argon2id$...).
    """
    from detente.store.accounts import AccountError

    if len(password) < MIN_LENGTH:
        raise AccountError(f"the password is too short (fix: use at least {MIN_LENGTH} characters)")
    return str(_hasher().hash(password))


def verify_password(password: str, password_hash: str) -> bool:
    """True when ``password`` matches ``password_hash``.

    Parameters
    ----------
    password : the password typed
    password_hash : the stored hash

    Returns
    -------
    bool
        True when they match.
    """
    try:
        return bool(_hasher().verify(password, password_hash))
    except Exception:  # a malformed stored hash never signs anyone in
        return False


@lru_cache(maxsize=1)
def dummy_hash() -> str:
    """A hash to check against when the user name is unknown, so that a wrong name takes as
    long to refuse as a wrong password (no hint which names exist).

    Returns
    -------
    str
        A hash of a random password.
    """
    import secrets

    return str(_hasher().hash(secrets.token_urlsafe(16)))
