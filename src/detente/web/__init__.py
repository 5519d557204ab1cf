"""The web workspace: FastAPI pages (Jinja2 + HTMX) and the JSON API under /api/v1.

Start it with ``detente serve`` (docs/workspace.md). Needs the ``web`` and ``store`` extras.
"""

from detente.web.app import create_app
from detente.web.settings import Settings

__all__ = ["Settings", "create_app"]
