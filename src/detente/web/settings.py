"""How one workspace server is set up: its store, its secret key, its limits."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

SECRET_ENV = "DETENTE_SECRET_KEY"


def default_secret() -> str:
    """The key that signs session cookies: ``$DETENTE_SECRET_KEY``, else one kept in the user's
    data folder (made on first use, readable only by the user) so sessions survive restarts.

    Returns
    -------
    str
        The key.
    """
    if os.environ.get(SECRET_ENV):
        return os.environ[SECRET_ENV]
    import platformdirs

    path = platformdirs.user_data_path("detente", appauthor=False) / "web-secret-key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as out:
            out.write(secrets.token_urlsafe(48))
    return Path(path).read_text().strip()


@dataclass
class Settings:
    """Settings of one server (``detente serve`` fills them from its options).

    Parameters
    ----------
    store : run store URL or SQLite path (None: ``$DETENTE_STORE`` or the user's data folder)
    secret_key : signs session cookies (None: :func:`default_secret`)
    max_body_bytes : larger requests are refused with 413 (uploads included)
    session_hours : a sign-in lasts this long
    login_attempts, login_window_s : failed sign-ins allowed per user name and per address
        within the window before further tries get 429
    job_workers : processes of the local pool that runs ensembles and other long analyses, at
        lower CPU priority than the server (0: in the server's own process, for tests)
    job_threads : analyses that may run at the same time (more wait in a queue)
    max_runs : the largest ensemble or what-if a user may start from the web
    """

    store: str | None = None
    secret_key: str | None = None
    max_body_bytes: int = 2 * 1024 * 1024
    session_hours: float = 12.0
    login_attempts: int = 5
    login_window_s: float = 300.0
    job_workers: int = field(default_factory=lambda: max(1, (os.cpu_count() or 2) - 1))
    job_threads: int = 2
    max_runs: int = 200_000

    def key(self) -> str:
        """The signing key, read or made once.

        Returns
        -------
        str
            The key.
        """
        if not self.secret_key:
            self.secret_key = default_secret()
        return self.secret_key
