"""A writer killed with SIGKILL in the middle of writing a run leaves the store consistent."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from detente.store import RunStore

# Writes runs in a loop. Before each commit, with every row of the run already sent to the
# database, it says "committing N" and pauses: the test kills it right there. Every run has two
# big tables, so plain writes take long enough for a randomly timed kill to land inside one too.
WRITER = """
import sys, time
import datetime as dt
import numpy as np, pandas as pd
from sqlalchemy import event
from sqlalchemy.orm import Session
from detente import load_scenario
from detente.store import RunStore

store = RunStore(sys.argv[1])
pause = float(sys.argv[2])
scenario = load_scenario("ec-car-emissions")
n = 0

@event.listens_for(Session, "before_commit")
def _announce(session):
    print(f"committing {n}", flush=True)
    time.sleep(pause)

rng = np.random.default_rng(0)
while True:
    n += 1
    big = pd.DataFrame({"row": np.arange(3000), "value": rng.normal(size=3000)})
    now = dt.datetime.now(dt.UTC)
    store.record(kind="forecast", scenario=scenario, model="mean", params={}, seed=n,
                 tables={"a": big, "b": big.assign(value=-big["value"])},
                 started_at=now, finished_at=now)
    print(f"committed {n}", flush=True)
"""


def kill_writer(url: str, after: int, pause: float) -> list[str]:
    """Start the writer, SIGKILL it while it commits run ``after``; return what it printed."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, url, str(pause)],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert proc.stdout is not None
    lines: list[str] = []
    try:
        for line in proc.stdout:
            lines.append(line.strip())
            if line.strip() == f"committing {after}":
                time.sleep(pause / 4)
                proc.send_signal(signal.SIGKILL)
                break
    finally:
        proc.kill()
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    return lines


@pytest.mark.parametrize("pause", [0.3, 0.0])
def test_kill_9_mid_write_leaves_no_half_written_run(backend_url, pause):
    RunStore(backend_url).close()  # migrate first, so the kill lands in a run, not a migration
    lines = kill_writer(backend_url, after=3, pause=pause)
    committed = [line for line in lines if line.startswith("committed")]
    with RunStore(backend_url) as store:
        assert store.check() == []
        runs = store.runs()
        # The run being committed at the kill is absent (pause) or complete (no pause: the
        # commit may have finished in the moment before the signal arrived).
        assert len(committed) <= len(runs) <= len(committed) + 1
        assert len(runs) >= 2
        for run_id in runs["id"]:
            run = store.get(int(run_id))
            assert run.status == "ok"
            assert sorted(run.tables) == ["a", "b"]
            a, b = run.tables["a"], run.tables["b"]
            assert len(a) == len(b) == 3000
            assert (a["value"] == -b["value"]).all()
        if pause:
            assert len(runs) == len(committed) == 2
