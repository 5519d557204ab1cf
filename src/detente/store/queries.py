"""The reads a workspace server runs on every request, as statements built once.

Building a SQLAlchemy statement and computing its cache key costs more than running it on a
small table (about 0.3 ms against 0.1 ms), and every page looks up its user, its scenario and
its version. These statements take their values as bound parameters, so each is built and
keyed once per process; the store's methods run them.
"""

from __future__ import annotations

import functools
from typing import Any


@functools.cache
def user_by_id() -> Any:
    """A user's row by ``user_id``.

    Returns
    -------
    sqlalchemy.Select
        The statement, built once; run it with ``{"user_id": ...}``.
    """
    import sqlalchemy as sa

    from detente.store.schema import User

    return sa.select(User.__table__).where(User.id == sa.bindparam("user_id"))


@functools.cache
def user_by_token() -> Any:
    """The active user whose API token has the SHA-256 ``token``.

    Returns
    -------
    sqlalchemy.Select
        The statement, built once; run it with ``{"token": ...}``.
    """
    import sqlalchemy as sa

    from detente.store.schema import ApiToken, User

    return (
        sa.select(User.__table__)
        .join(ApiToken, ApiToken.user_id == User.id)
        .where(ApiToken.token_sha256 == sa.bindparam("token"), User.active.is_(True))
    )


@functools.cache
def scenarios() -> Any:
    """Every workspace scenario with its owner's name and its newest version's time.

    Returns
    -------
    sqlalchemy.Select
        The statement, built once; it takes no parameters.
    """
    import sqlalchemy as sa

    from detente.store.schema import User, WorkspaceScenario, WorkspaceVersion

    latest = (
        sa.select(sa.func.max(WorkspaceVersion.created_at))
        .where(WorkspaceVersion.ws_id == WorkspaceScenario.id)
        .scalar_subquery()
    )
    return sa.select(
        WorkspaceScenario.id,
        WorkspaceScenario.scenario_id,
        WorkspaceScenario.title,
        WorkspaceScenario.owner_id,
        User.name,
        WorkspaceScenario.shared,
        WorkspaceScenario.head,
        WorkspaceScenario.created_at,
        latest,
    ).join(User, User.id == WorkspaceScenario.owner_id)


@functools.cache
def scenario() -> Any:
    """One workspace scenario (as :func:`scenarios`) by ``ws_id``.

    Returns
    -------
    sqlalchemy.Select
        The statement, built once; run it with ``{"ws_id": ...}``.
    """
    import sqlalchemy as sa

    from detente.store.schema import WorkspaceScenario

    return scenarios().where(WorkspaceScenario.id == sa.bindparam("ws_id"))


@functools.cache
def newest_version() -> Any:
    """The number of a scenario's newest version by ``ws_id`` (NULL: no such scenario).

    Returns
    -------
    sqlalchemy.Select
        The statement, built once; run it with ``{"ws_id": ...}``.
    """
    import sqlalchemy as sa

    from detente.store.schema import WorkspaceVersion as V

    return sa.select(sa.func.max(V.number)).where(V.ws_id == sa.bindparam("ws_id"))


@functools.cache
def versions(with_yaml: bool) -> Any:
    """A scenario's versions by ``ws_id``, newest first, with their author's name.

    Parameters
    ----------
    with_yaml : with each version's YAML text, and only the version numbered ``number``

    Returns
    -------
    sqlalchemy.Select
        The statement, built once; run it with ``{"ws_id": ..., "number": ...}``.
    """
    import sqlalchemy as sa

    from detente.store.schema import User
    from detente.store.schema import WorkspaceVersion as V

    cols = [V.ws_id, V.number, User.name, V.created_at, V.message, V.scenario_sha256]
    query = sa.select(*cols, V.scenario_yaml if with_yaml else sa.literal(""))
    query = query.join(User, User.id == V.author_id).where(V.ws_id == sa.bindparam("ws_id"))
    if with_yaml:
        query = query.where(V.number == sa.bindparam("number"))
    return query.order_by(V.number.desc())


@functools.cache
def workspace_runs(of_one_scenario: bool, limited: bool) -> Any:
    """Workspace runs newest first with their scenario, version and user.

    Parameters
    ----------
    of_one_scenario : only the runs of workspace scenario ``ws_id``
    limited : at most ``limit`` runs

    Returns
    -------
    sqlalchemy.Select
        The statement, built once; run it with ``{"ws_id": ..., "limit": ...}``.
    """
    import sqlalchemy as sa

    from detente.store.schema import Run, User
    from detente.store.schema import WorkspaceRun as W

    query = (
        sa.select(
            W.run_id,
            W.ws_id,
            W.version,
            User.name.label("user"),
            Run.kind,
            Run.model,
            Run.seed,
            Run.status,
            Run.started_at,
            Run.duration_s,
            Run.scenario_id,
        )
        .join(Run, Run.id == W.run_id)
        .join(User, User.id == W.user_id)
        .order_by(W.run_id.desc())
    )
    if of_one_scenario:
        query = query.where(W.ws_id == sa.bindparam("ws_id"))
    return query.limit(sa.bindparam("limit")) if limited else query
