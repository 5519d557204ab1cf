"""The FastAPI application: state, limits, error pages and the routers.

``create_app(settings)`` opens (and migrates) the store, starts the job manager and mounts the
pages, the JSON API under /api/v1 (OpenAPI at /api/docs) and the static files (HTMX vendored,
the report's plotly.js from the installed package: no CDN).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from detente.errors import require
from detente.web.settings import Settings

log = logging.getLogger("detente.web")
HERE = Path(__file__).parent


def create_app(settings: Settings | None = None) -> Any:
    """A ready workspace app for ``settings`` (defaults: the default store, a kept secret).

    Parameters
    ----------
    settings : the store, secret key, limits and job workers (None: the defaults)

    Returns
    -------
    Any
        The FastAPI application, with its stores migrated and its job manager started.
    """
    fastapi = require("fastapi", "web", "The web workspace")
    from fastapi.staticfiles import StaticFiles

    from detente.results.reuse import Recorded
    from detente.store import PanelStore, RunStore
    from detente.store.accounts import Accounts
    from detente.store.workspace import Workspace
    from detente.web import errors
    from detente.web.jobs import JobManager
    from detente.web.limits import BodyLimit
    from detente.web.security import LoginLimiter
    from detente.web.templates import templates

    settings = settings or Settings()
    store = RunStore(settings.store)
    store.use_wal()  # pages keep reading while jobs record their runs
    jobs = JobManager(settings.job_threads, settings.job_workers)

    @asynccontextmanager
    async def lifespan(app: Any) -> AsyncIterator[None]:
        yield
        jobs.close()
        store.close()

    app = fastapi.FastAPI(
        title="detente workspace API",
        version=_version(),
        docs_url="/api/docs",
        redoc_url=None,
        openapi_url="/api/openapi.json",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.store = store
    app.state.accounts = Accounts(store)
    app.state.workspace = Workspace(store)
    app.state.panels = PanelStore(store)
    app.state.jobs = jobs
    app.state.limiter = LoginLimiter(settings.login_attempts, settings.login_window_s)
    app.state.templates = templates()
    app.state.rendered = {}  # scenario tables as HTML, per version
    app.state.recorded = Recorded()  # seeded forecasts already recorded, answered again
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)
    errors.install(app)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    for module in _routers():
        app.include_router(module.router)
    return app


def _routers() -> tuple[Any, ...]:
    """The pages' and the API's modules, in the order their routes are matched."""
    from detente.web import (
        api,
        api_futures,
        api_panels,
        pages_analyses,
        pages_auth,
        pages_futures,
        pages_panels,
        pages_roadmaps,
        pages_scenarios,
    )

    pages = (pages_auth, pages_scenarios, pages_analyses, pages_roadmaps, pages_panels)
    return (*pages, pages_futures, api_futures, api, api_panels)


def _version() -> str:
    from detente._version import __version__

    return __version__
