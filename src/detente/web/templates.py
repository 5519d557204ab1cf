"""The Jinja2 environment of the pages: autoescaping on for every template."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def templates() -> Any:
    """Starlette templates over ``detente/web/templates`` with HTML autoescaping always on."""
    import jinja2
    from fastapi.templating import Jinja2Templates

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["when"] = lambda t: t.strftime("%Y-%m-%d %H:%M UTC") if t else ""
    return Jinja2Templates(env=env)
