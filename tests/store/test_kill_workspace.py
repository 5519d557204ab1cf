"""A server killed with SIGKILL while saving a scenario version loses no earlier version and
leaves no half-written one (SQLite and PostgreSQL)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from detente.store import RunStore
from detente.store.workspace import Workspace

# Saves versions in a loop. Before each commit, with the version's rows already sent, it says
# "committing N" and pauses: the test kills it right there.
WRITER = """
import sys, time
from sqlalchemy import event
from detente import load_scenario
from detente.store import RunStore
from detente.store.accounts import Accounts
from detente.store.workspace import Workspace

store = RunStore(sys.argv[1])
pause = float(sys.argv[2])
user = Accounts(store).add_user("writer", "analyst", "h")
ws = Workspace(store)
korea = load_scenario("korea-2005")
info = ws.create(korea, user.id, "v1")
print("created", flush=True)
n = 1

@event.listens_for(store.engine, "commit")
def _announce(connection):
    print(f"committing {n + 1}", flush=True)
    time.sleep(pause)

while True:
    stances = korea.model_dump()["stances"]
    stances["RUS"]["denuc_scope"]["salience"] = round(0.01 * (n % 100), 2)
    ws.save(info.id, korea.replace(stances=stances), user.id, f"v{n + 1}", base=n)
    n += 1
    print(f"committed {n}", flush=True)
"""


def kill_writer(url: str, at: int, pause: float) -> list[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    proc = subprocess.Popen([sys.executable, "-c", WRITER, url, str(pause)],
                            stdout=subprocess.PIPE, text=True, env=env)  # fmt: skip
    assert proc.stdout is not None
    lines: list[str] = []
    try:
        for line in proc.stdout:
            lines.append(line.strip())
            if line.strip() == f"committing {at}":
                time.sleep(pause / 4)
                proc.send_signal(signal.SIGKILL)
                break
    finally:
        proc.kill()
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    return lines


@pytest.mark.parametrize("pause", [0.3, 0.0])
def test_kill_9_during_a_save_keeps_every_version_whole(backend_url, pause):
    RunStore(backend_url).close()
    lines = kill_writer(backend_url, at=4, pause=pause)
    committed = [int(line.split()[1]) for line in lines if line.startswith("committed")]
    with RunStore(backend_url) as store:
        assert store.check() == []
        ws = Workspace(store)
        (info,) = ws.scenarios()
        numbers = [v.number for v in ws.versions(info.id)]
        assert numbers == list(range(info.head, 0, -1))  # no gap, head = newest
        assert max(committed) <= info.head <= max(committed) + 1
        if pause:
            assert info.head == 3  # the version being committed at the kill is absent
        for number in numbers:
            version = ws.version(info.id, number)
            assert version.message == f"v{number}"
            assert version.scenario().id == "korea-2005"  # whole, valid YAML
