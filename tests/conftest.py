"""Shared fixtures: small scenarios built in memory, and services outside Python.

PostgreSQL and Chromium: `bash scripts/test-services.sh` (run by `make test`) starts them and
writes their addresses to .test-services.env; environment variables of the same name win.
Without a service its tests skip with a message saying how to get it, except on CI (CI=true),
where they fail.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, settings

from detente.scenario import Scenario

# Property tests check invariants, not speed: on a shared or loaded machine one example may take
# longer than Hypothesis's 200 ms default, which would fail a correct test (speed goals live in
# benchmarks/).
settings.register_profile("detente", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("detente")


def small_scenario_data() -> dict[str, Any]:
    """Three actors, two issues: small enough to check by hand."""
    return {
        "id": "small",
        "name": "Small test case",
        "actors": [
            {"id": "A", "name": "Alpha", "capability": 1.0},
            {"id": "B", "name": "Beta", "capability": 2.0},
            {"id": "C", "name": "Gamma", "capability": 3.0},
        ],
        "issues": [
            {"id": "x", "name": "Issue x", "anchors": {0: "none", 100: "all"}},
            {"id": "y", "name": "Issue y"},
        ],
        "stances": {
            "A": {"x": {"position": 0, "salience": 1.0}, "y": {"position": 100, "salience": 0.5}},
            "B": {"x": {"position": 50, "salience": 0.5}, "y": {"position": 50, "salience": 1.0}},
            "C": {"x": {"position": 100, "salience": 0.5}, "y": {"position": 0, "salience": 0.0}},
        },
        "outcomes": [{"id": "deal", "date": "2005-09-19", "values": {"x": 60}, "sources": ["S1"]}],
        "sources": {"S1": {"title": "A source", "url": "https://example.org"}},
    }


@pytest.fixture(autouse=True)
def _private_data_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Keep tests out of the user's data folder (the run store's default home)."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path_factory.getbasetemp() / "xdg-data"))


@pytest.fixture
def small_data() -> dict[str, Any]:
    return small_scenario_data()


@pytest.fixture
def small() -> Scenario:
    return Scenario.model_validate(small_scenario_data())


@pytest.fixture
def write_yaml(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Write a dict (or raw text) as a YAML file and return its path."""

    def _write(data: Any, name: str = "scenario.yaml") -> Path:
        path = tmp_path / name
        text = data if isinstance(data, str) else yaml.safe_dump(data, sort_keys=False)
        path.write_text(text, encoding="utf-8")
        return path

    return _write


SERVICES_FILE = Path(__file__).resolve().parent.parent / ".test-services.env"


def service_value(name: str, what: str) -> str:
    """The value of ``name`` from the environment or .test-services.env, else skip (fail on CI)."""
    value = os.environ.get(name)
    if not value and SERVICES_FILE.exists():
        for line in SERVICES_FILE.read_text().splitlines():
            key, _, text = line.partition("=")
            if key.strip() == name:
                value = text.strip()
    if value:
        return value
    message = f"{what} is not available: run `bash scripts/test-services.sh` or set {name}"
    if os.environ.get("CI") == "true":
        pytest.fail(f"{message} (CI=true: a missing service is a failure)")
    pytest.skip(message)


@pytest.fixture(scope="session")
def cjk_font() -> str:
    """Path of a CJK font (Debian's fonts-noto-cjk) the report and its pictures can use."""
    return service_value("DETENTE_TEST_CJK_FONT", "A CJK font (Debian package 'fonts-noto-cjk')")


@pytest.fixture(scope="session")
def postgres_url() -> str:
    """URL of the test PostgreSQL database (SQLAlchemy form, psycopg driver)."""
    return service_value("DETENTE_TEST_PG_URL", "PostgreSQL (Debian package 'postgresql')")


@pytest.fixture(scope="session")
def chromium_path() -> str:
    """Path of Debian's chromium executable for Playwright."""
    return service_value("DETENTE_TEST_CHROMIUM", "Chromium (Debian package 'chromium')")


@pytest.fixture(scope="session")
def dask_scheduler() -> Iterator[str]:
    """Address of a real local Dask cluster: two single-threaded worker processes."""
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        scheduler_kwargs={"dashboard_address": ":0"},
    ) as cluster:
        yield cluster.scheduler_address
