"""Workspace scenarios and their append-only versions.

Every save is a new version with its author, time and message; no version is ever changed or
deleted. A save names the version it was made from (``base``): when a newer version exists the
save is refused with a :class:`ConflictError` instead of silently replacing someone's work.
A version is written in one transaction together with the move of the scenario's ``head``, so a
process killed during a save leaves either the whole new version or none of it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from detente.errors import UnknownNameError
from detente.scenario import Scenario
from detente.store.store import RunStore, scenario_text
from detente.store.workspace_records import ConflictError, ScenarioInfo, VersionInfo

__all__ = ["ConflictError", "ScenarioInfo", "VersionInfo", "Workspace"]


class Workspace:
    """Workspace scenarios in a run store's database.

    Parameters
    ----------
    store : the opened :class:`RunStore` (its migrations create the tables)
    """

    def __init__(self, store: RunStore) -> None:
        self.engine = store.engine

    def create(self, scenario: Scenario, owner_id: int, message: str) -> ScenarioInfo:
        """A new workspace scenario whose version 1 is ``scenario``.

        Parameters
        ----------
        scenario : the scenario to keep
        owner_id : the user who imports it (its owner and version 1's author)
        message : version 1's message (e.g. where it was imported from)

        Returns
        -------
        ScenarioInfo
            The new scenario (not shared, head 1).
        """
        from sqlalchemy.orm import Session

        from detente.store.schema import WorkspaceScenario, WorkspaceVersion

        text, digest = scenario_text(scenario)
        now = dt.datetime.now(dt.UTC)
        with Session(self.engine) as session, session.begin():
            row = WorkspaceScenario(
                scenario_id=scenario.id,
                title=scenario.name[:200],
                owner_id=owner_id,
                shared=False,
                head=1,
                created_at=now,
            )
            session.add(row)
            session.flush()
            session.add(
                WorkspaceVersion(
                    ws_id=row.id,
                    number=1,
                    author_id=owner_id,
                    created_at=now,
                    message=message,
                    scenario_yaml=text,
                    scenario_sha256=digest,
                )
            )
            ws_id = int(row.id)
        return self.get(ws_id)

    def save(
        self, ws_id: int, scenario: Scenario, author_id: int, message: str, base: int
    ) -> VersionInfo:
        """Append version ``base + 1``; a :class:`ConflictError` when ``base`` is not the newest.

        The head moves with a compare-and-set (``UPDATE ... WHERE head = base``) in the same
        transaction as the insert, so of two saves from the same version exactly one wins.

        Parameters
        ----------
        ws_id : the workspace scenario
        scenario : the new version's scenario
        author_id : who saves it
        message : what changed and why
        base : the version the save was made from

        Returns
        -------
        VersionInfo
            The new version (number ``base + 1``) with its YAML.

        Raises
        ------
        ConflictError
            When a version newer than ``base`` exists; nothing is written.
        UnknownNameError
            When there is no such workspace scenario.
        """
        import sqlalchemy as sa

        from detente.store.schema import WorkspaceScenario, WorkspaceVersion

        text, digest = scenario_text(scenario)
        now = dt.datetime.now(dt.UTC)
        table = WorkspaceScenario
        with self.engine.begin() as connection:
            moved = connection.execute(
                sa.update(table)
                .where(table.id == ws_id, table.head == base)
                .values(head=base + 1, title=scenario.name[:200], scenario_id=scenario.id)
            )
            if moved.rowcount != 1:
                head = connection.execute(sa.select(table.head).where(table.id == ws_id)).scalar()
                if head is None:
                    raise UnknownNameError(f"no workspace scenario {ws_id}")
                raise ConflictError(ws_id, base, int(head))
            connection.execute(
                sa.insert(WorkspaceVersion).values(
                    ws_id=ws_id,
                    number=base + 1,
                    author_id=author_id,
                    created_at=now,
                    message=message,
                    scenario_yaml=text,
                    scenario_sha256=digest,
                )
            )
        return self.version(ws_id, base + 1)

    def share(self, ws_id: int, shared: bool) -> None:
        """Let every analyst edit the scenario (or only its owner again).

        Parameters
        ----------
        ws_id : the workspace scenario's id
        shared : True to let every analyst edit it, False for its owner only
        """
        import sqlalchemy as sa

        from detente.store.schema import WorkspaceScenario

        with self.engine.begin() as connection:
            done = connection.execute(
                sa.update(WorkspaceScenario)
                .where(WorkspaceScenario.id == ws_id)
                .values(shared=shared)
            )
        if done.rowcount == 0:
            raise UnknownNameError(f"no workspace scenario {ws_id}")

    def _scenarios_query(self) -> Any:
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

    def scenarios(self) -> list[ScenarioInfo]:
        """Every workspace scenario, most recently saved first.

        Returns
        -------
        list[ScenarioInfo]
            Every workspace scenario, most recently saved first.
        """
        with self.engine.connect() as connection:
            rows = connection.execute(self._scenarios_query()).all()
        infos = [_scenario_info(r) for r in rows]
        return sorted(infos, key=lambda i: (i.updated_at, i.id), reverse=True)

    def get(self, ws_id: int) -> ScenarioInfo:
        """One workspace scenario; an unknown id is an :class:`UnknownNameError`.

        Parameters
        ----------
        ws_id : the workspace scenario's id

        Returns
        -------
        ScenarioInfo
            The scenario's owner, sharing, head version and times.
        """
        from detente.store.schema import WorkspaceScenario

        query = self._scenarios_query().where(WorkspaceScenario.id == ws_id)
        with self.engine.connect() as connection:
            row = connection.execute(query).first()
        if row is None:
            raise UnknownNameError(f"no workspace scenario {ws_id}")
        return _scenario_info(row)

    def versions(self, ws_id: int) -> list[VersionInfo]:
        """Every version of a scenario, newest first (without their YAML).

        Parameters
        ----------
        ws_id : the workspace scenario

        Returns
        -------
        list[VersionInfo]
            Number, author, time, message and checksum of each version.
        """
        return self._versions(ws_id, None, with_yaml=False)

    def version(self, ws_id: int, number: int | None = None) -> VersionInfo:
        """One version with its YAML.

        Parameters
        ----------
        ws_id : the workspace scenario
        number : the version (None: the newest)

        Returns
        -------
        VersionInfo
            The version; an unknown scenario or version is an :class:`UnknownNameError`.
        """
        found = self._versions(ws_id, number, with_yaml=True)
        if not found:
            what = f"version {number} of " if number is not None else ""
            raise UnknownNameError(f"no {what}workspace scenario {ws_id}")
        return found[0]

    def _versions(self, ws_id: int, number: int | None, with_yaml: bool) -> list[VersionInfo]:
        import sqlalchemy as sa

        from detente.store.schema import User
        from detente.store.schema import WorkspaceVersion as V

        cols = [V.ws_id, V.number, User.name, V.created_at, V.message, V.scenario_sha256]
        query = sa.select(*cols, V.scenario_yaml if with_yaml else sa.literal(""))
        query = query.join(User, User.id == V.author_id).where(V.ws_id == ws_id)
        query = query.where(V.number == number) if number is not None else query
        with self.engine.connect() as connection:
            rows = connection.execute(
                query.order_by(V.number.desc()).limit(1 if with_yaml else None)
            ).all()
        return [
            VersionInfo(int(w), int(n), str(a), _utc(t), str(m), str(h), str(y))
            for w, n, a, t, m, h, y in rows
        ]

    def run_link(self, run_id: int) -> dict[str, Any] | None:
        """Which workspace scenario, version and user a run belongs to (None: not a workspace
        run).

        Parameters
        ----------
        run_id : the recorded run's id

        Returns
        -------
        dict[str, Any] | None
            {'ws_id', 'version', 'user_id'} of the run, or None when the run was not made in the
            workspace.
        """
        import sqlalchemy as sa

        from detente.store.schema import WorkspaceRun as W

        query = sa.select(W.ws_id, W.version, W.user_id).where(W.run_id == run_id)
        with self.engine.connect() as connection:
            row = connection.execute(query).mappings().first()
        return None if row is None else dict(row)

    def link_run(self, run_id: int, ws_id: int, version: int, user_id: int) -> None:
        """Note that recorded run ``run_id`` was made from a workspace version by a user.

        Parameters
        ----------
        run_id : the recorded run's id
        ws_id : the workspace scenario's id
        version : the version the run was made from
        user_id : who made it
        """
        import sqlalchemy as sa

        from detente.store.schema import WorkspaceRun

        with self.engine.begin() as connection:
            connection.execute(
                sa.insert(WorkspaceRun).values(
                    run_id=run_id, ws_id=ws_id, version=version, user_id=user_id
                )
            )

    def runs(self, ws_id: int | None = None, limit: int | None = None) -> list[dict[str, Any]]:
        """Recorded runs made in the workspace (newest first, at most ``limit``), with their
        scenario, version and user.

        Parameters
        ----------
        ws_id : only the runs of this workspace scenario (None: every one)
        limit : the most runs returned

        Returns
        -------
        list[dict[str, Any]]
            One record per run: run_id, ws_id, version, user, kind, model, seed, status,
            started_at, duration_s, scenario_id.
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
        if ws_id is not None:
            query = query.where(W.ws_id == ws_id)
        if limit is not None:
            query = query.limit(limit)
        with self.engine.connect() as connection:
            rows = connection.execute(query).mappings().all()
        return [{**r, "started_at": _utc(r["started_at"])} for r in rows]


def _scenario_info(row: Any) -> ScenarioInfo:
    ws_id, sid, title, owner_id, owner, shared, head, created, updated = row
    return ScenarioInfo(
        int(ws_id),
        str(sid),
        str(title),
        int(owner_id),
        str(owner),
        bool(shared),
        int(head),
        _utc(created),
        _utc(updated or created),
    )


def _utc(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
