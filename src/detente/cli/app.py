"""The Typer application every command module adds to, with one error policy for all."""

from __future__ import annotations

from typing import Any

import typer
from typer.core import TyperGroup

from detente.errors import DetenteError


class DetenteGroup(TyperGroup):
    """Turns every :class:`DetenteError` into a clean message on stderr and exit status 2."""

    def invoke(self, ctx: Any) -> Any:
        """Run the command; a :class:`DetenteError` prints ``error: ...`` on stderr and exits 2.

        Parameters
        ----------
        ctx : click's context

        Returns
        -------
        Any
            What the command returns.
        """
        try:
            return super().invoke(ctx)
        except DetenteError as exc:
            typer.echo(f"error: {exc}", err=True)
            ctx.exit(2)


app = typer.Typer(
    cls=DetenteGroup,
    name="detente",
    help="Model, simulate and forecast multilateral negotiations (Six-Party Talks as flagship).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _print_version(value: bool) -> None:
    """Print the version and stop, before Click asks for a command (``detente --version``)."""
    if value:
        from detente._version import __version__

        typer.echo(f"detente {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False,
        "--version",
        help="Print the version and exit.",
        is_eager=True,
        callback=_print_version,
    ),
) -> None:
    """detente: forecasts, trajectories, what-ifs and roadmaps for negotiations."""
