"""The Jinja2 environment of the pages: autoescaping on for every template."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def templates() -> Any:
    """Starlette templates over ``detente/web/templates`` with HTML autoescaping always on.

    Returns
    -------
    Any
        The Jinja2 templates with the workspace's filters.
    """
    import jinja2
    from fastapi.templating import Jinja2Templates

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,  # the package's templates do not change while a server runs
    )
    env.filters["when"] = lambda t: t.strftime("%Y-%m-%d %H:%M UTC") if t else ""
    env.filters["frame"] = frame_html
    return Jinja2Templates(env=env)


def number(value: float) -> str:
    """A number for a table cell: thousands in full (200,000), the rest to 4 digits.

    Parameters
    ----------
    value : the cell's value

    Returns
    -------
    str
        Its text.
    """
    return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.4g}"


def frame_html(frame: Any) -> Any:
    """A DataFrame as an HTML table (pandas escapes every cell); missing values show empty,
    never as None or <NA>.

    Parameters
    ----------
    frame : the table

    Returns
    -------
    Any
        Safe HTML markup.
    """
    from markupsafe import Markup

    shown = frame.astype(object).where(frame.notna(), "")
    html = shown.to_html(
        index=False,
        border=0,
        classes="data",
        na_rep="",
        formatters={c: _cell for c in shown.columns},
    )
    return Markup(html)


def _cell(value: Any) -> str:
    if isinstance(value, float):
        return number(value)
    return str(value)
