"""Where the run store is: the default SQLite file, ``$DETENTE_STORE``, or a URL."""

from __future__ import annotations

import os
from pathlib import Path

ENV_VAR = "DETENTE_STORE"
DEFAULT_NAME = "detente-runs.sqlite"


def default_path() -> Path:
    """The default SQLite file: ``detente-runs.sqlite`` in the user's data directory.

    ``~/.local/share/detente`` on Linux, ``~/Library/Application Support/detente`` on macOS,
    ``%LOCALAPPDATA%\\detente`` on Windows (platformdirs), so every folder sees the same runs.

    Returns
    -------
    Path
        The file (its folder is created when the store is opened).
    """
    import platformdirs

    return platformdirs.user_data_path("detente", appauthor=False) / DEFAULT_NAME


def store_url(url: str | Path | None = None) -> str:
    """The SQLAlchemy URL of a store: ``url``, else ``$DETENTE_STORE``, else the default file.

    A plain path means a SQLite file (its folder is created); ``postgresql://`` URLs use the
    psycopg (v3) driver.

    Parameters
    ----------
    url : a URL or a file path

    Returns
    -------
    str
        The URL.
    """
    raw = str(url) if url else os.environ.get(ENV_VAR) or str(default_path())
    if "://" not in raw:
        path = Path(raw).expanduser().resolve()
        path.parent.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{path}"
    for prefix in ("postgresql://", "postgres://"):
        if raw.startswith(prefix):
            return "postgresql+psycopg://" + raw[len(prefix) :]
    return raw
