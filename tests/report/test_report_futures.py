"""The report's futures section: korea-2005 gets the dprk-futures tree; other scenarios a note."""

from __future__ import annotations

import json

import pytest

from detente.models.registry import list_models
from detente.report.blocks import Figure, Heading, NotApplicable, Note, Table
from detente.report.sections import Context
from detente.scenario import load_scenario

pytest.importorskip("plotly")


def _context(name: str) -> Context:
    return Context(load_scenario(name), list_models(), "weighted-median", 20, 0, [])


def test_korea_gets_the_dprk_tree() -> None:
    from detente.report.futures import futures_section

    section = futures_section(_context("korea-2005"))
    kinds = [type(b) for b in section.blocks]
    assert kinds[0] is Heading and section.blocks[0].heading == "dprk-futures"
    assert kinds.count(Figure) == 2 and kinds.count(Table) == 3
    weights = json.loads(next(b for b in section.blocks if isinstance(b, Figure)).json)
    assert abs(sum(weights["data"][0]["x"]) - 1) < 1e-9
    assert any(isinstance(b, Note) and "illustrative" in b.text for b in section.blocks)


def test_other_scenarios_get_a_note() -> None:
    from detente.report.futures import futures_section

    section = futures_section(_context("ec-car-emissions"))
    assert section.blocks == [NotApplicable("No bundled futures study bridges onto this scenario.")]
