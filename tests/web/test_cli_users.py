"""`detente users add` reads the password from standard input, never from the command line."""

from __future__ import annotations

from typer.testing import CliRunner

from detente.cli import app
from detente.store import RunStore
from detente.store.accounts import Accounts
from detente.web.passwords import verify_password

runner = CliRunner()


def test_users_add_reads_the_password_from_stdin(tmp_path):
    store = str(tmp_path / "w.sqlite")
    result = runner.invoke(
        app,
        ["users", "add", "ana", "--role", "analyst", "--store", store],
        input="a long password\n",
    )
    assert result.exit_code == 0, result.output
    assert "user ana (analyst) added to sqlite:///" in result.stderr
    with RunStore(store) as opened:
        user = Accounts(opened).find("ana")
    assert user is not None and user.role == "analyst"
    assert user.password_hash.startswith("$argon2id$")
    assert verify_password("a long password", user.password_hash)
    listed = runner.invoke(app, ["users", "list", "--store", store])
    assert listed.stdout == "ana\tanalyst\n"


def test_users_add_refuses_bad_roles_short_passwords_and_taken_names(tmp_path):
    store = str(tmp_path / "w.sqlite")
    bad_role = runner.invoke(
        app, ["users", "add", "x", "--role", "boss", "--store", store], input="a long password\n"
    )
    assert bad_role.exit_code == 2 and "no role 'boss'" in bad_role.stderr
    short = runner.invoke(app, ["users", "add", "x", "--store", store], input="short\n")
    assert short.exit_code == 2 and "too short" in short.stderr
    runner.invoke(app, ["users", "add", "x", "--store", store], input="a long password\n")
    again = runner.invoke(app, ["users", "add", "x", "--store", store], input="a long password\n")
    assert again.exit_code == 2 and "exists already" in again.stderr


def test_there_is_no_password_option():
    result = runner.invoke(app, ["users", "add", "--help"])
    assert "--password" not in result.output
