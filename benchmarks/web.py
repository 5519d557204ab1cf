"""Load on the web workspace: concurrent analysts browse pages and run korea-2005 forecasts
while one 100,000-run ensemble runs in the background.

Loopback only and bounded: the server listens on 127.0.0.1, the clients stop after the given
duration (and after a fixed number of requests each), and the ensemble is cancelled at the end.

    python -m benchmarks.web                 # 100 clients, 60 s, bdm ensemble of 100,000 runs
    python -m benchmarks.web --quick         # 20 clients, 15 s

Each client signs in (ten sessions shared by the clients; sign-in is Argon2 on purpose slow),
then loops: wait 0.5-1.5 s (an analyst reading), then either open a page (70%: the scenario list,
the korea-2005 view, its versions, its analyses page, the history) or forecast korea-2005 with
the weighted median through the JSON API (30%; computed and recorded in the request).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

PASSWORD = "benchmark password"
PAGES = ["/scenarios", "/ws/1", "/ws/1/versions", "/ws/1/analyses", "/runs"]
MAX_REQUESTS_PER_CLIENT = 1000


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
    client = httpx.AsyncClient(base_url=base, timeout=60)
    await client.post("/login", data={"name": "bench", "password": PASSWORD})
    page = await client.get("/account")
    match = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    if match is None:
        raise RuntimeError("could not sign in to the benchmark server")
    return client, match.group(1)


async def analyst(client: Any, token: str, until: float, seed: int, out: list[Any]) -> None:
    import httpx

    rng = random.Random(seed)
    for _ in range(MAX_REQUESTS_PER_CLIENT):
        await asyncio.sleep(rng.uniform(0.5, 1.5))
        if time.monotonic() >= until:
            return
        start = time.perf_counter()
        kind = "forecast" if rng.random() < 0.3 else "page"
        try:
            if kind == "forecast":
                answer = await client.post(
                    "/api/v1/scenarios/1/forecast",
                    json={"model": "weighted-median"},
                    headers={"Authorization": f"Bearer {token}"},
                )
            else:
                answer = await client.get(rng.choice(PAGES))
            status = answer.status_code
        except httpx.HTTPError as exc:  # counted as an error, with what went wrong
            status = 0
            out.append(("error", 0.0, f"{type(exc).__name__}: {exc}"))
        out.append((kind, time.perf_counter() - start, status))


async def load(
    base: str, token: str, clients: int, seconds: float, runs: int, model: str, server_pid: int
) -> dict[str, Any]:
    import httpx

    sessions = [await sign_in(httpx, base) for _ in range(min(10, clients))]
    bearer = {"Authorization": f"Bearer {token}"}
    api = httpx.AsyncClient(base_url=base, timeout=60, headers=bearer)
    job = (
        await api.post(
            "/api/v1/scenarios/1/jobs", json={"kind": "ensemble", "model": model, "runs": runs}
        )
    ).json()
    await asyncio.sleep(2)  # the ensemble is under way before the analysts arrive
    results: list[Any] = []
    until = time.monotonic() + seconds
    cpu = _cpu(server_pid)
    await asyncio.gather(
        *[analyst(sessions[i % len(sessions)][0], token, until, i, results) for i in range(clients)]
    )
    cpu = _cpu(server_pid) - cpu
    state = (await api.get(f"/api/v1/jobs/{job['id']}")).json()
    await api.post(f"/api/v1/jobs/{job['id']}/cancel")
    for client, _ in sessions:
        await client.aclose()
    await api.aclose()
    return {"results": results, "ensemble": state, "server_cpu_s": cpu}


def _cpu(pid: int) -> float:
    """CPU seconds the server process has used so far (user + system)."""
    import psutil

    times = psutil.Process(pid).cpu_times()
    return float(times.user + times.system)


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


def report(data: dict[str, Any], clients: int, seconds: float) -> int:
    rows = [r for r in data["results"] if r[0] != "error"]
    errors = [r for r in rows if r[2] == 0 or r[2] >= 400]
    for kind, _, what in data["results"]:
        if kind == "error":
            print(f"connection error: {what}")
    print(f"{clients} clients for {seconds:g} s: {len(rows)} requests, {len(errors)} errors")
    print("| requests | count | p50 ms | p95 ms | p99 ms | max ms |")
    print("| --- | --- | --- | --- | --- | --- |")
    for kind in ("page", "forecast", "all"):
        times = [r[1] for r in rows if kind == "all" or r[0] == kind]
        p50, p95, p99, top = _quantiles(times)
        print(f"| {kind} | {len(times)} | {p50:.0f} | {p95:.0f} | {p99:.0f} | {top:.0f} |")
    cpu_ms = 1000 * data["server_cpu_s"] / max(1, len(rows))
    print(
        f"server CPU: {data['server_cpu_s']:.1f} s in all, {cpu_ms:.1f} ms per request; "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    )
    job = data["ensemble"]
    print(
        f"background ensemble: {job['state']}, {job['done']:,} of {job['total']:,} runs "
        f"done during the test (cancelled at the end)"
    )
    return 1 if errors else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="20 clients for 15 s")
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--runs", type=int, default=100_000)
    parser.add_argument("--model", default="bdm", help="model of the background ensemble")
    args = parser.parse_args()
    clients, seconds = (20, 15.0) if args.quick else (args.clients, min(args.seconds, 600.0))
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
            data = asyncio.run(
                load(base, token, clients, seconds, args.runs, args.model, server.pid)
            )
        finally:
            server.send_signal(signal.SIGINT)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
    return report(data, clients, seconds)


def _wait_for(base: str) -> None:
    import httpx

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/login", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.2)
    raise RuntimeError("the benchmark server did not start within 60 s")


if __name__ == "__main__":
    raise SystemExit(main())
