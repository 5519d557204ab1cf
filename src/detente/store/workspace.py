"""Workspace scenarios and their append-only versions.

Every save is a new version with its author, time and message; no version is ever changed or
deleted. A save names the version it was made from (``base``): when a newer version exists the
save is refused with a :class:`ConflictError` instead of silently replacing someone's work.
A version is written in one transaction together with the move of the scenario's ``head``, so a
process killed during a save leaves either the whole new version or none of it.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from typing import Any

from detente.errors import UnknownNameError
from detente.scenario import Scenario
from detente.store import queries
from detente.store.store import RunStore, scenario_text
from detente.store.workspace_records import ConflictError, ScenarioInfo, VersionInfo

__all__ = ["ConflictError", "ScenarioInfo", "VersionInfo", "Workspace"]

KEPT_VERSIONS = 32  # versions (with their YAML) a workspace keeps in memory


def _utc(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


class Workspace:
    """Workspace scenarios in a run store's database.

    Parameters
    ----------
    store : the opened :class:`RunStore` (its migrations create the tables)
    """

    def __init__(self, store: RunStore) -> None:
        self.engine = store.engine
        # versions never change once written: the newest read are kept (with their YAML)
        self._kept: OrderedDict[tuple[int, int], VersionInfo] = OrderedDict()
        self._lock = threading.Lock()

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

    def scenarios(self) -> list[ScenarioInfo]:
        """Every workspace scenario, most recently saved first.

        Returns
        -------
        list[ScenarioInfo]
            Every workspace scenario, most recently saved first.
        """
        with self.engine.connect() as connection:
            rows = connection.execute(queries.scenarios()).all()
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
        with self.engine.connect() as connection:
            row = connection.execute(queries.scenario(), {"ws_id": ws_id}).first()
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
        with self.engine.connect() as connection:
            rows = connection.execute(queries.versions(False), {"ws_id": ws_id}).all()
        return [_version_info(r) for r in rows]

    def version(self, ws_id: int, number: int | None = None) -> VersionInfo:
        """One version with its YAML (versions never change, so the newest read are kept).

        Parameters
        ----------
        ws_id : the workspace scenario
        number : the version (None: the newest)

        Returns
        -------
        VersionInfo
            The version; an unknown scenario or version is an :class:`UnknownNameError`.
        """
        what = f"version {number} of " if number is not None else ""
        with self.engine.connect() as connection:
            if number is None:
                number = connection.execute(queries.newest_version(), {"ws_id": ws_id}).scalar()
                if number is None:
                    raise UnknownNameError(f"no workspace scenario {ws_id}")
            key = (ws_id, int(number))
            with self._lock:
                found = self._kept.get(key)
            if found is None:
                args = {"ws_id": ws_id, "number": number}
                row = connection.execute(queries.versions(True), args).first()
                if row is None:
                    raise UnknownNameError(f"no {what}workspace scenario {ws_id}")
                found = _version_info(row)
        with self._lock:
            self._kept[key] = found
            self._kept.move_to_end(key)
            while len(self._kept) > KEPT_VERSIONS:
                self._kept.popitem(last=False)
        return found

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
            One record per run (run id, kind, model, scenario, version, user, time), newest first.
        """
        args = {"ws_id": ws_id, "limit": limit}
        query = queries.workspace_runs(ws_id is not None, limit is not None)
        with self.engine.connect() as connection:
            rows = connection.execute(query, args).mappings().all()
        return [{**r, "started_at": _utc(r["started_at"])} for r in rows]


def _version_info(row: Any) -> VersionInfo:
    w, n, a, t, m, h, y = row
    return VersionInfo(int(w), int(n), str(a), _utc(t), str(m), str(h), str(y))


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
