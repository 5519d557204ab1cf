"""Fixtures: the hand-made two-party roadmap (tests/data/roadmap/mini*.yaml) and bad variants."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from detente.roadmap import LoadedRoadmap, read_roadmap

DATA = Path(__file__).resolve().parents[1] / "data" / "roadmap"


@pytest.fixture
def mini() -> LoadedRoadmap:
    return read_roadmap(DATA / "mini.yaml")


@pytest.fixture
def mini_data() -> dict[str, Any]:
    return yaml.safe_load((DATA / "mini.yaml").read_text(encoding="utf-8"))


@pytest.fixture
def write_roadmap(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Write a roadmap dict beside a copy of the mini scenario and return its path."""
    (tmp_path / "mini-scenario.yaml").write_text(
        (DATA / "mini-scenario.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )

    def _write(data: dict[str, Any]) -> Path:
        path = tmp_path / "roadmap.yaml"
        path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
        return path

    return _write
