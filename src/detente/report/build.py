"""`build_report`: a self-contained HTML report of a scenario that works with no network.

The page is rendered from a Jinja2 template shipped in the package; plotly.js is copied from
the installed ``plotly`` package next to it (never loaded from a CDN).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from detente.errors import require
from detente.files import writable_folder, write_atomic
from detente.models.registry import list_models
from detente.report.blocks import Section
from detente.report.sections import SECTIONS, Context, default_whatifs
from detente.report.style import CSS_FONTS
from detente.scenario import Scenario, load_scenario

PLOTLY_JS = "plotly.min.js"


def focus_model(models: Sequence[Any]) -> str:
    """The model the single-model sections use by default: the first dynamic one registered.

    Parameters
    ----------
    models : the registered models, in registry order

    Returns
    -------
    str
        Its name ('weighted-median' when no model is dynamic).
    """
    dynamic = [m.name for m in models if m.dynamic]
    return dynamic[0] if dynamic else "weighted-median"


def build_report(
    scenario: Scenario | str | Path,
    out: str | Path,
    model: str | None = None,
    runs: int = 500,
    seed: int = 0,
    whatifs: Sequence[str] | None = None,
    executor: Any = None,
    progress: Callable[[int, int], None] | None = None,
    single_file: bool = False,
    panels: Sequence[str] | None = None,
) -> Path:
    """Write ``out/index.html`` (and ``out/plotly.min.js``); returns the page's path.

    ``out`` may also name the page itself (``talks.html``): plotly.min.js then goes beside it.

    Parameters
    ----------
    scenario : a scenario, a bundled scenario's name or a file
    out : the folder to write to, or the page's file name (ending in .html)
    model : the model of the sensitivity, influence and what-if sections (default: the first
        dynamic model); every registered model appears in the forecasts, ensembles, back-test
        and (dynamic ones) trajectories
    runs : runs per ensemble
    seed : seed of every draw
    whatifs : the what-if changes (default: :func:`default_whatifs`)
    executor : where the ensembles run
    progress : told ``(sections done, sections)`` after each section
    single_file : put plotly.js inside ``index.html`` (about 4.8 MB more) instead of beside it,
        so that the one file can be sent by email
    panels : the expert panels shown (bundled names or folders; default: the bundled panels on
        the scenario)

    Returns
    -------
    Path
        ``out/index.html``.
    """
    target = Path(out)
    page = target if target.suffix.lower() in (".html", ".htm") else target / "index.html"
    writable_folder(page.parent)  # before minutes of work, not after
    s = scenario if isinstance(scenario, Scenario) else load_scenario(scenario)
    models = list_models()
    changes, reasons = (list(whatifs), []) if whatifs is not None else default_whatifs(s)
    ctx = Context(
        scenario=s,
        models=models,
        focus=model or focus_model(models),
        runs=runs,
        seed=seed,
        whatifs=changes,
        executor=executor,
        not_applicable=reasons,
        panels=panels,
    )
    sections: list[Section] = []
    for done, build in enumerate(SECTIONS, start=1):
        sections.append(build(ctx))
        if progress is not None:
            progress(done, len(SECTIONS))
    script = _plotly_js().read_bytes()
    inline = script.decode("utf-8").replace("</script", "<\\/script") if single_file else None
    html = render(ctx, sections, inline)
    if not single_file:
        write_atomic(page.parent / PLOTLY_JS, script)
    write_atomic(page, html)  # a half-written page never replaces a good one
    return page


def render(ctx: Context, sections: Sequence[Section], plotly_inline: str | None = None) -> str:
    """The report's HTML from the package template.

    Parameters
    ----------
    ctx : the report's settings
    sections : the computed sections
    plotly_inline : plotly.js to put inside the page (None: the page loads plotly.min.js from
        its folder)

    Returns
    -------
    str
        The page.
    """
    jinja2 = require("jinja2", "plots", "The HTML report")
    plotly = require("plotly", "plots", "The HTML report")
    from detente._version import __version__

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("detente.report", "templates"),
        autoescape=jinja2.select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    template = env.get_template("report.html.j2")
    return str(
        template.render(
            s=ctx.scenario,
            ctx=ctx,
            sections=sections,
            version=__version__,
            plotly_version=plotly.__version__,
            plotly_js=PLOTLY_JS,
            plotly_inline=plotly_inline,
            fonts=CSS_FONTS,
            generated=dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        )
    )


def figures_script() -> Path:
    """The JavaScript file that draws the report's figures (plotly.js, from the installed plotly
    package); the web workspace serves the same file.

    Returns
    -------
    Path
        The file's path inside the plotly package.
    """
    return _plotly_js()


def _plotly_js() -> Path:
    plotly = require("plotly", "plots", "The HTML report")
    path = Path(plotly.__file__).parent / "package_data" / PLOTLY_JS
    if not path.exists():  # pragma: no cover - a broken plotly install
        from detente.errors import DetenteError

        raise DetenteError(f"plotly.js is missing from the plotly package ({path}); reinstall it")
    return path
