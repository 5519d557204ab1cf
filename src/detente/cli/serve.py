"""`detente serve` (the web workspace) and `detente users add` (its accounts)."""

from __future__ import annotations

import ipaddress
import sys

import typer

from detente.cli.app import app
from detente.cli.common import store_option
from detente.cli.output import err_console
from detente.errors import DetenteError

users_app = typer.Typer(help="Accounts of the web workspace.", no_args_is_help=True)
app.add_typer(users_app, name="users")


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _say(text: str) -> None:
    err_console.print(text, markup=False, highlight=False, soft_wrap=True)


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (loopback)."),
    port: int = typer.Option(8000, "--port", help="Port to listen on."),
    store: str | None = store_option,
    allow_remote: bool = typer.Option(
        False, "--allow-remote", help="Allow --host to be an address other machines can reach."
    ),
    workers: int | None = typer.Option(
        None, "--job-workers", help="Processes for long analyses (default: cores - 1)."
    ),
) -> None:
    """Start the web workspace (http://127.0.0.1:8000 by default); Ctrl-C stops it."""
    if not _loopback(host) and not allow_remote:
        raise DetenteError(
            f"--host {host} lets other machines reach the workspace (fix: add --allow-remote "
            "if you mean it, and put it behind HTTPS)"
        )
    from detente.errors import require

    uvicorn = require("uvicorn", "web", "The web workspace")
    from detente.web import Settings, create_app

    settings = Settings(store=store)
    if workers:
        settings.job_workers = workers
    web_app = create_app(settings)
    url = web_app.state.store.url
    if not _loopback(host):
        _say(f"WARNING: listening on {host}: anyone who can reach this address can try to sign in")
    _say(f"detente workspace: store {url}")
    if not web_app.state.accounts.users():
        _say("no users yet: add one with `detente users add NAME --role admin`")
    _say(f"open http://{host}:{port}/ in a browser (Ctrl-C stops the server)")
    # keep-alive longer than a reading pause, so browsers rarely reuse a connection the server
    # is just closing
    uvicorn.run(
        web_app,
        host=host,
        port=port,
        log_level="warning",
        server_header=False,
        timeout_keep_alive=30,
    )


@users_app.command("add")
def add_user(
    name: str = typer.Argument(..., help="User name (what they type to sign in)."),
    role: str = typer.Option("analyst", "--role", help="admin, facilitator, analyst or observer."),
    store: str | None = store_option,
) -> None:
    """Create an account; the password is asked for (or read from standard input)."""
    from detente.store import RunStore
    from detente.store.accounts import ROLES, Accounts
    from detente.web.passwords import hash_password

    if role not in ROLES:
        raise DetenteError(f"no role '{role}' (fix: use one of {', '.join(ROLES)})")
    if sys.stdin.isatty():
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    with RunStore(store) as opened:
        user = Accounts(opened).add_user(name, role, hash_password(password))
        _say(f"user {user.name} ({user.role}) added to {opened.url}")


@users_app.command("list")
def list_users(store: str | None = store_option) -> None:
    """Every account with its role."""
    from detente.store import RunStore
    from detente.store.accounts import Accounts

    with RunStore(store) as opened:
        for user in Accounts(opened).users():
            state = "" if user.active else " (switched off)"
            typer.echo(f"{user.name}\t{user.role}{state}")
