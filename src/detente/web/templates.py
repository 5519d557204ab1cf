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
    env.filters["frame"] = frame_html
    return Jinja2Templates(env=env)


def frame_html(frame: Any) -> Any:
    """A DataFrame as an HTML table (pandas escapes every cell), numbers to 4 digits."""
    from markupsafe import Markup

    html = frame.to_html(
        index=False, border=0, classes="data", na_rep="", float_format=lambda v: f"{v:.4g}"
    )
    return Markup(html)
