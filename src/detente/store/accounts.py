"""Accounts of the web workspace: users with roles, and per-user API tokens.

The store keeps what it is given: an Argon2 hash of each password (made by the workspace's
password module) and the SHA-256 of each API token, never the secrets themselves.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from detente.errors import DetenteError, UnknownNameError
from detente.store import queries
from detente.store.store import RunStore

ROLES = ("admin", "facilitator", "analyst", "observer")


class AccountError(DetenteError):
    """A user name taken, a role that does not exist, or a similar account mistake."""


@dataclass(frozen=True)
class UserInfo:
    """A user as the workspace sees it (the password hash only where it is checked)."""

    id: int
    name: str
    role: str
    active: bool
    created_at: dt.datetime
    password_hash: str = ""


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise AccountError(f"no role '{role}' (fix: use one of {', '.join(ROLES)})")


def _check_name(name: str) -> None:
    if not name or len(name) > 64 or not name.isprintable() or name != name.strip():
        raise AccountError(
            f"user name {name!r} is not allowed (fix: 1-64 printable characters, "
            "no spaces at either end)"
        )


class Accounts:
    """Users and API tokens in a run store's database.

    Parameters
    ----------
    store : the opened :class:`RunStore` (its migrations create the tables)
    """

    def __init__(self, store: RunStore) -> None:
        self.engine = store.engine

    def add_user(self, name: str, role: str, password_hash: str) -> UserInfo:
        """Create a user.

        Parameters
        ----------
        name : the name they sign in with (1-64 printable characters)
        role : one of :data:`ROLES`
        password_hash : the Argon2 hash of their password (never the password)

        Returns
        -------
        UserInfo
            The new, active user; a taken name or unknown role is an :class:`AccountError`.
        """
        from sqlalchemy.orm import Session

        from detente.store.schema import User

        _check_role(role)
        _check_name(name)
        if self.find(name) is not None:
            raise AccountError(f"user '{name}' exists already (fix: choose another name)")
        now = dt.datetime.now(dt.UTC)
        with Session(self.engine) as session, session.begin():
            user = User(
                name=name, role=role, password_hash=password_hash, active=True, created_at=now
            )
            session.add(user)
            session.flush()
            return _info(user)

    def find(self, name: str) -> UserInfo | None:
        """The user called ``name`` (with its password hash), or None.

        Parameters
        ----------
        name : the account's name

        Returns
        -------
        UserInfo | None
            The account, with its password hash, or None when no account has that name.
        """
        import sqlalchemy as sa

        from detente.store.schema import User

        with self.engine.connect() as connection:
            row = connection.execute(sa.select(User).where(User.name == name)).first()
        return None if row is None else _info(row)

    def get(self, user_id: int) -> UserInfo:
        """The user with id ``user_id``; an unknown id is an :class:`UnknownNameError`.

        Parameters
        ----------
        user_id : the account's id

        Returns
        -------
        UserInfo
            The account (with its password hash).
        """
        with self.engine.connect() as connection:
            row = connection.execute(queries.user_by_id(), {"user_id": user_id}).first()
        if row is None:
            raise UnknownNameError(f"no user {user_id}")
        return _info(row)

    def users(self) -> list[UserInfo]:
        """Every user, by name (without password hashes).

        Returns
        -------
        list[UserInfo]
            Every account, ordered by name, without password hashes.
        """
        import sqlalchemy as sa

        from detente.store.schema import User

        with self.engine.connect() as connection:
            rows = connection.execute(sa.select(User).order_by(User.name)).all()
        return [_info(r, with_hash=False) for r in rows]

    def update(self, user_id: int, role: str | None = None, active: bool | None = None) -> None:
        """Change a user's role or switch the account on or off.

        Parameters
        ----------
        user_id : the account's id
        role : the new role (None: unchanged); one of admin, facilitator, analyst, observer
        active : False switches the account off (None: unchanged)
        """
        import sqlalchemy as sa

        from detente.store.schema import User

        values: dict[str, object] = {}
        if role is not None:
            _check_role(role)
            values["role"] = role
        if active is not None:
            values["active"] = active
        with self.engine.begin() as connection:
            done = connection.execute(sa.update(User).where(User.id == user_id).values(**values))
        if done.rowcount == 0:
            raise UnknownNameError(f"no user {user_id}")

    def set_password(self, user_id: int, password_hash: str) -> None:
        """Replace a user's password hash.

        Parameters
        ----------
        user_id : the account's id
        password_hash : the new Argon2 hash (never the password itself)
        """
        import sqlalchemy as sa

        from detente.store.schema import User

        with self.engine.begin() as connection:
            connection.execute(
                sa.update(User).where(User.id == user_id).values(password_hash=password_hash)
            )

    def add_token(self, user_id: int, token_sha256: str, label: str) -> int:
        """Store an API token's SHA-256 for a user.

        Parameters
        ----------
        user_id : the token's owner
        token_sha256 : the SHA-256 of the token (the token itself is shown once, never stored)
        label : what the token is for (first 100 characters kept)

        Returns
        -------
        int
            The token's id (to revoke it).
        """
        from sqlalchemy.orm import Session

        from detente.store.schema import ApiToken

        with Session(self.engine) as session, session.begin():
            token = ApiToken(
                user_id=user_id,
                token_sha256=token_sha256,
                label=label[:100],
                created_at=dt.datetime.now(dt.UTC),
            )
            session.add(token)
            session.flush()
            return int(token.id)

    def user_for_token(self, token_sha256: str) -> UserInfo | None:
        """The active user a token belongs to, or None.

        Parameters
        ----------
        token_sha256 : the SHA-256 of the token the request carries

        Returns
        -------
        UserInfo | None
            The token's owner when the account is active (without its password hash), else None.
        """
        with self.engine.connect() as connection:
            row = connection.execute(queries.user_by_token(), {"token": token_sha256}).first()
        return None if row is None else _info(row, with_hash=False)

    def tokens(self, user_id: int) -> list[tuple[int, str, dt.datetime]]:
        """A user's tokens as (id, label, created_at), newest first.

        Parameters
        ----------
        user_id : the account's id

        Returns
        -------
        list[tuple[int, str, dt.datetime]]
            (id, label, created_at) per token, newest first; the tokens themselves are never kept.
        """
        import sqlalchemy as sa

        from detente.store.schema import ApiToken

        query = (
            sa.select(ApiToken.id, ApiToken.label, ApiToken.created_at)
            .where(ApiToken.user_id == user_id)
            .order_by(ApiToken.id.desc())
        )
        with self.engine.connect() as connection:
            return [(int(i), str(lb), _utc(t)) for i, lb, t in connection.execute(query)]

    def revoke_token(self, user_id: int, token_id: int) -> bool:
        """Delete one of a user's tokens; False when the user has no such token.

        Parameters
        ----------
        user_id : the account's id
        token_id : the token's id

        Returns
        -------
        bool
            True when the token was deleted, False when the user has no such token.
        """
        import sqlalchemy as sa

        from detente.store.schema import ApiToken

        query = sa.delete(ApiToken).where(ApiToken.id == token_id, ApiToken.user_id == user_id)
        with self.engine.begin() as connection:
            return bool(connection.execute(query).rowcount)


def _utc(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def _info(user: Any, with_hash: bool = True) -> UserInfo:
    """A :class:`UserInfo` from a users row or a ``User`` object (same attribute names)."""
    return UserInfo(
        id=int(user.id),
        name=str(user.name),
        role=str(user.role),
        active=bool(user.active),
        created_at=_utc(user.created_at),
        password_hash=str(user.password_hash) if with_hash else "",
    )
