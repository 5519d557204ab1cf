"""Services outside Python that some tests need (PostgreSQL, Chromium).

`bash scripts/test-services.sh` (run by `make test`) starts them and writes their addresses to
.test-services.env; environment variables of the same name win. Without a service its tests
skip with a message saying how to get it, except on CI (CI=true), where they fail.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

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
def postgres_url() -> str:
    """URL of the test PostgreSQL database (SQLAlchemy form, psycopg driver)."""
    return service_value("DETENTE_TEST_PG_URL", "PostgreSQL (Debian package 'postgresql')")


@pytest.fixture(scope="session")
def chromium_path() -> str:
    """Path of Debian's chromium executable for Playwright."""
    return service_value("DETENTE_TEST_CHROMIUM", "Chromium (Debian package 'chromium')")
