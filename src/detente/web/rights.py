"""Who may do what in the workspace (roles: admin, facilitator, analyst, observer).

- Everyone signed in reads the bundled scenarios and every shared workspace scenario.
- Analysts create scenarios, read and edit their own and the shared ones, and run analyses.
- Facilitators and admins read and edit every scenario; only admins manage users.
- Observers only read: they never save, import or run anything.
"""

from __future__ import annotations

from detente.store.workspace import ScenarioInfo
from detente.web.security import Forbidden, Viewer

EDITORS = ("admin", "facilitator", "analyst")
ALL_SEEING = ("admin", "facilitator")


def can_read(viewer: Viewer, info: ScenarioInfo) -> bool:
    """Whether the viewer may read a workspace scenario.

    Its owner, admins and facilitators may; everyone once it is shared.

    Parameters
    ----------
    viewer : the signed-in user (from the session cookie or an API token)
    info : the workspace scenario

    Returns
    -------
    bool
        True when allowed.
    """
    return info.shared or viewer.role in ALL_SEEING or info.owner_id == viewer.user.id


def can_edit(viewer: Viewer, info: ScenarioInfo) -> bool:
    """Whether the viewer may save versions of a workspace scenario.

    Admins and facilitators may; analysts their own and shared ones; observers never.

    Parameters
    ----------
    viewer : the signed-in user (from the session cookie or an API token)
    info : the workspace scenario

    Returns
    -------
    bool
        True when allowed.
    """
    if viewer.role in ALL_SEEING:
        return True
    return viewer.role == "analyst" and (info.shared or info.owner_id == viewer.user.id)


def can_create(viewer: Viewer) -> bool:
    """Import, copy a bundled scenario, run analyses (anything that writes).

    Parameters
    ----------
    viewer : the signed-in user (from the session cookie or an API token)

    Returns
    -------
    bool
        True for admins, facilitators and analysts.
    """
    return viewer.role in EDITORS


def can_share(viewer: Viewer, info: ScenarioInfo) -> bool:
    """Whether the viewer may share or stop sharing a scenario (its owner, admins, facilitators).

    Parameters
    ----------
    viewer : the signed-in user (from the session cookie or an API token)
    info : the workspace scenario

    Returns
    -------
    bool
        True when allowed.
    """
    return viewer.role in ALL_SEEING or info.owner_id == viewer.user.id


def require(allowed: bool, what: str) -> None:
    """Raise :class:`Forbidden` saying what the user may not do.

    Parameters
    ----------
    allowed : the right checked
    what : what the user tried, for the message
    """
    if not allowed:
        raise Forbidden(f"your role may not {what}")
