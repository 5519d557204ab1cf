"""Load on the web workspace: concurrent analysts browse pages and run korea-2005 forecasts
while one 100,000-run ensemble runs in the background.

Loopback only and bounded: the server listens on 127.0.0.1, every client stops after the given
duration (at most 600 s) and after at most 1,000 requests, and the ensemble is cancelled at the
end.

    python -m benchmarks.web                 # 100 clients, 60 s, 1 s think time, bdm ensemble
    python -m benchmarks.web --think 0       # the same clients without think time (closed loop)
    python -m benchmarks.web --quick         # 20 clients for 15 s

The client model: each simulated analyst holds one keep-alive connection (a browser tab) and
loops: think for a time drawn uniformly between 0.5 and 1.5 times ``--think`` seconds, then open
a page (70%: the scenario list, the korea-2005 view, its versions, its analyses page, the
history) or forecast korea-2005 with the weighted median through ``POST /api/v1/scenarios/1/
forecast`` (30%). With ``--think 0`` every client sends its next request as soon as the last
one is answered: the server is then always busy, and latency is clients / throughput (a
throughput test). ``--distinct-forecasts`` gives every forecast its own seed, so each one is
computed and recorded instead of answered from the run already recorded.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import resource
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks._loopback import Connection

PASSWORD = "benchmark password"
PAGES = ["/scenarios", "/ws/1", "/ws/1/versions", "/ws/1/analyses", "/runs"]
MAX_REQUESTS_PER_CLIENT = 1000
SESSIONS = 10  # sign-ins shared by the clients (each is an Argon2 hash check, slow on purpose)


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def prepare(store: str) -> str:
    """Users, a workspace copy of korea-2005 and an API token; returns the token."""
    from detente import load_scenario
    from detente.store import RunStore
    from detente.store.accounts import Accounts
    from detente.store.workspace import Workspace
    from detente.web.passwords import hash_password
    from detente.web.security import new_token, token_hash

    with RunStore(store) as opened:
        accounts = Accounts(opened)
        user = accounts.add_user("bench", "analyst", hash_password(PASSWORD))
        info = Workspace(opened).create(load_scenario("korea-2005"), user.id, "benchmark")
        Workspace(opened).share(info.id, True)
        token = new_token()
        accounts.add_token(user.id, token_hash(token), "benchmark")
    return token


async def sign_in(httpx: Any, base: str) -> tuple[Any, str]:
    """A signed-in httpx client and its CSRF token (set-up only; the load uses Connection)."""
    client = httpx.AsyncClient(base_url=base, timeout=60)
    await client.post("/login", data={"name": "bench", "password": PASSWORD})
    page = await client.get("/account")
    match = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    if match is None:
        raise RuntimeError("could not sign in to the benchmark server")
    return client, match.group(1)


async def analyst(connection: Connection, plan: dict[str, Any], seed: int, out: list[Any]) -> None:
    """One simulated analyst: think, then a page or a forecast, until the time is up."""
    rng = random.Random(seed)
    bearer = {"Authorization": f"Bearer {plan['token']}"}
    think = plan["think"]
    for _ in range(MAX_REQUESTS_PER_CLIENT):
        if think:
            await asyncio.sleep(rng.uniform(0.5 * think, 1.5 * think))
        if time.monotonic() >= plan["until"]:
            break
        kind = "forecast" if rng.random() < 0.3 else "page"
        start = time.perf_counter()
        try:
            if kind == "forecast":
                body: dict[str, Any] = {"model": "weighted-median"}
                if plan["distinct"]:
                    body["seed"] = rng.randrange(2**31)
                status, _ = await connection.post_json(plan["forecast"], body, bearer)
            else:
                status, _ = await connection.get(rng.choice(PAGES))
        except (OSError, asyncio.IncompleteReadError, ValueError) as exc:
            status = 0
            out.append(("error", 0.0, f"{type(exc).__name__}: {exc}"))
        out.append((kind, time.perf_counter() - start, status))
    connection.close()


class Meter:
    """CPU seconds of the server, its job workers, this client and the whole machine, and the
    load average sampled every second, between :meth:`start` and :meth:`stop`."""

    def __init__(self, server_pid: int) -> None:
        import psutil

        self.psutil = psutil
        self.server = psutil.Process(server_pid)
        self.loads: list[float] = []

    def _now(self) -> dict[str, float]:
        workers = 0.0
        for child in self.server.children(recursive=True):
            try:
                times = child.cpu_times()
                workers += times.user + times.system
            except self.psutil.Error:  # a worker that just ended
                pass
        own = resource.getrusage(resource.RUSAGE_SELF)
        machine = self.psutil.cpu_times()
        idle = machine.idle + getattr(machine, "iowait", 0.0)
        server = self.server.cpu_times()
        return {
            "server": server.user + server.system,
            "workers": workers,
            "client": own.ru_utime + own.ru_stime,
            "machine": sum(machine) - idle,
            "wall": time.monotonic(),
        }

    def start(self) -> None:
        self.first = self._now()

    def stop(self) -> dict[str, float]:
        last = self._now()
        return {k: last[k] - self.first[k] for k in last}

    async def sample_load(self, until: float) -> None:
        while time.monotonic() < until:
            self.loads.append(os.getloadavg()[0])
            await asyncio.sleep(1.0)


async def load(base: str, token: str, args: argparse.Namespace, server_pid: int) -> dict[str, Any]:
    import httpx

    sessions = [await sign_in(httpx, base) for _ in range(min(SESSIONS, args.clients))]
    cookies = ["; ".join(f"{k}={v}" for k, v in client.cookies.items()) for client, _ in sessions]
    for client, _ in sessions:
        await client.aclose()
    api = httpx.AsyncClient(base_url=base, timeout=60, headers={"Authorization": f"Bearer {token}"})
    body = {"kind": "ensemble", "model": args.model, "runs": args.runs}
    job = (await api.post("/api/v1/scenarios/1/jobs", json=body)).json()
    await asyncio.sleep(3)  # the ensemble is under way before the analysts arrive
    port = int(base.rsplit(":", 1)[1])
    connections = [
        Connection("127.0.0.1", port, {"Cookie": cookies[i % len(cookies)]})
        for i in range(args.clients)
    ]
    results: list[Any] = []
    plan = {
        "token": token,
        "think": args.think,
        "distinct": args.distinct_forecasts,
        "forecast": "/api/v1/scenarios/1/forecast",
    }
    meter = Meter(server_pid)
    meter.start()
    plan["until"] = time.monotonic() + args.seconds
    await asyncio.gather(
        meter.sample_load(plan["until"]),
        *[analyst(c, plan, i, results) for i, c in enumerate(connections)],
    )
    used = meter.stop()
    state = (await api.get(f"/api/v1/jobs/{job['id']}")).json()
    await api.post(f"/api/v1/jobs/{job['id']}/cancel")
    await api.aclose()
    retries = sum(c.retries for c in connections)
    return {"results": results, "ensemble": state, "cpu": used, "loads": meter.loads,
            "retries": retries}  # fmt: skip


def _quantiles(values: list[float]) -> tuple[float, float, float, float]:
    import numpy as np

    if not values:
        return (float("nan"),) * 4  # type: ignore[return-value]
    a = np.array(values) * 1000
    return (
        float(np.percentile(a, 50)),
        float(np.percentile(a, 95)),
        float(np.percentile(a, 99)),
        float(a.max()),
    )


def report(data: dict[str, Any], args: argparse.Namespace) -> int:
    rows = [r for r in data["results"] if r[0] != "error"]
    errors = [r for r in rows if r[2] == 0 or r[2] >= 400]
    for kind, _, what in data["results"]:
        if kind == "error":
            print(f"connection error: {what}")
    cpu = data["cpu"]
    seconds = cpu["wall"]
    think = f"{args.think:g} s think time" if args.think else "no think time (closed loop)"
    forecasts = "distinct seeds" if args.distinct_forecasts else "the same forecast"
    print(
        f"{args.clients} clients for {seconds:.0f} s, {think}, {forecasts}: {len(rows)} "
        f"requests ({len(rows) / seconds:.1f} per second), {len(errors)} errors, "
        f"{data['retries']} retried on a new connection"
    )
    print("| requests | count | p50 ms | p95 ms | p99 ms | max ms |")
    print("| --- | --- | --- | --- | --- | --- |")
    for kind in ("page", "forecast", "all"):
        times = [r[1] for r in rows if kind == "all" or r[0] == kind]
        p50, p95, p99, top = _quantiles(times)
        print(f"| {kind} | {len(times)} | {p50:.0f} | {p95:.0f} | {p99:.0f} | {top:.0f} |")
    cores = os.cpu_count() or 1
    others = cpu["machine"] - cpu["server"] - cpu["workers"] - cpu["client"]
    per = 1000 * cpu["server"] / max(1, len(rows))
    print(
        f"CPU in cores (of {cores}): server {cpu['server'] / seconds:.2f} ({per:.1f} ms a "
        f"request), job workers {cpu['workers'] / seconds:.2f}, clients "
        f"{cpu['client'] / seconds:.2f}, other processes {max(0.0, others) / seconds:.2f}"
    )
    loads = data["loads"] or [float("nan")]
    print(
        f"load average (1 min) during the run: min {min(loads):.1f}, median "
        f"{statistics.median(loads):.1f}, max {max(loads):.1f}"
    )
    job = data["ensemble"]
    print(
        f"background ensemble: {job['state']}, {job['done']:,} of {job['total']:,} runs "
        f"done by the end (cancelled then)"
    )
    return 1 if errors else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="20 clients for 15 s")
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--think", type=float, default=1.0, help="mean think time, s (0: none)")
    parser.add_argument(
        "--distinct-forecasts",
        action="store_true",
        help="a new seed for every forecast (each computed and recorded)",
    )
    parser.add_argument("--runs", type=int, default=100_000)
    parser.add_argument("--model", default="bdm", help="model of the background ensemble")
    args = parser.parse_args()
    if args.quick:
        args.clients, args.seconds = 20, 15.0
    args.seconds = min(args.seconds, 600.0)
    with tempfile.TemporaryDirectory(prefix="detente-bench-web-") as folder:
        store = str(Path(folder) / "bench.sqlite")
        token = prepare(store)
        port = _port()
        env = {**os.environ, "DETENTE_SECRET_KEY": "benchmark-secret-key-0123456789"}
        server = subprocess.Popen(
            [sys.executable, "-m", "detente", "serve", "--store", store, "--port", str(port)],
            env=env,
            stderr=subprocess.DEVNULL,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            _wait_for(base)
            data = asyncio.run(load(base, token, args, server.pid))
        finally:
            server.send_signal(signal.SIGINT)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
    return report(data, args)


def _wait_for(base: str) -> None:
    import httpx

    deadline = time.monotonic() + 60
    with httpx.Client(timeout=2) as client:
        while time.monotonic() < deadline:
            try:
                if client.get(f"{base}/login").status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.2)
    raise RuntimeError("the benchmark server did not start within 60 s")


if __name__ == "__main__":
    raise SystemExit(main())
