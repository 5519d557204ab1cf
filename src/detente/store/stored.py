"""A run read back from the store, and the scenario text every run keeps."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from detente.scenario import Scenario


def scenario_text(scenario: Scenario) -> tuple[str, str]:
    """The scenario's YAML (what replay reads back) and its SHA-256.

    Writing YAML is slow (0.2 s for korea-2005), so the text of recently recorded scenarios is
    kept, keyed by their JSON form (a server records many runs of the same version).

    Parameters
    ----------
    scenario : the scenario

    Returns
    -------
    tuple[str, str]
        (YAML text, hex digest).
    """
    return _text_of(scenario.model_dump_json())


@functools.lru_cache(maxsize=32)
def _text_of(data: str) -> tuple[str, str]:
    from detente.scenario.yaml_io import scenario_to_yaml

    text = scenario_to_yaml(Scenario.model_validate_json(data))
    return text, hashlib.sha256(text.encode("utf-8")).hexdigest()


def scenario_from_text(text: str, digest: str = "") -> Scenario:
    """The scenario stored as YAML ``text``, validated again (parsed once per ``digest``).

    Parameters
    ----------
    text : the YAML text
    digest : its SHA-256 (the cache key; '' : no caching)

    Returns
    -------
    Scenario
        The scenario.
    """
    return _parse(text, digest) if digest else _parse.__wrapped__(text, digest)


@functools.lru_cache(maxsize=32)
def _parse(text: str, digest: str) -> Scenario:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return Scenario.model_validate(yaml.load(text, Loader=loader))


@dataclass(frozen=True)
class StoredRun:
    """A run read back from the store, with its result tables as DataFrames."""

    id: int
    kind: str
    scenario_id: str
    scenario_sha256: str
    scenario_yaml: str
    model: str
    params: dict[str, Any]
    options: dict[str, Any]
    seed: int | None
    detente_version: str
    started_at: dt.datetime
    finished_at: dt.datetime
    duration_s: float
    status: str
    error: str | None
    note: str | None
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)

    def scenario(self) -> Scenario:
        """The exact scenario the run used, validated again.

        Returns
        -------
        Scenario
            The scenario.
        """
        return scenario_from_text(self.scenario_yaml, self.scenario_sha256)

    def stacked(self, names: Sequence[str] | None = None) -> pd.DataFrame:
        """The run's tables one under the other, with a ``table`` column naming each.

        Parameters
        ----------
        names : these tables, in this order (default: all)

        Returns
        -------
        pandas.DataFrame
            The union of the tables' columns plus ``table``; empty without tables.
        """
        frames = [self.tables[n].assign(table=n) for n in (names or list(self.tables))]
        return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()

    def summary(self) -> dict[str, Any]:
        """The run's inputs and timings without the tables (for `detente runs show`).

        Returns
        -------
        dict[str, Any]
            Every field but the tables and the scenario's YAML.
        """
        skip = {"tables", "scenario_yaml"}
        return {k: v for k, v in self.__dict__.items() if k not in skip}
