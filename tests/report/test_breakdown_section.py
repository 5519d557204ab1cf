"""The report's "When talks collapse" section, with and without reservation values."""

from __future__ import annotations

import pytest

pytest.importorskip("plotly")

from detente.models.registry import get_model
from detente.report.blocks import Figure, NotApplicable, Note, Table
from detente.report.breakdown_section import breakdown_section
from detente.report.sections import Context
from detente.scenario import load_scenario


def _context(name: str) -> Context:
    models = [get_model(m) for m in ("weighted-median", "bdm")]
    return Context(load_scenario(name), models, "bdm", runs=20, seed=0, whatifs=[])


def test_korea_2009_section_has_walkouts_sweep_and_convergence() -> None:
    section = breakdown_section(_context("korea-2009"))
    figures = [b for b in section.blocks if isinstance(b, Figure)]
    captions = [b.caption for b in section.blocks if isinstance(b, Table)]
    assert len(figures) == 2
    assert "P(collapse) by model" in captions
    assert "Convergence of the dynamic models" in captions
    assert isinstance(section.blocks[0], Note) and section.blocks[0].text.startswith("P(collapse)")


def test_without_reservations_the_section_says_so() -> None:
    section = breakdown_section(_context("ec-car-emissions"))
    first = section.blocks[0]
    assert isinstance(first, NotApplicable) and "states a reservation value" in first.reason
