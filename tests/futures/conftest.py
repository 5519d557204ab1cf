"""Shared data of the futures tests: the ScenarioWizard references and small hand-made matrices."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from detente.futures import CrossImpactMatrix, Descriptor

CIB = Path(__file__).resolve().parents[1] / "data" / "cib"


def rotation() -> CrossImpactMatrix:
    """A promotes B's like-numbered variant, B promotes C's, C promotes A's (by hand).

    Global succession rotates the variants (A, B, C) -> (C, A, B): two consistent scenarios
    (all 1, all 2) and two cycles of period 3.
    """
    values = np.zeros((6, 6))
    same = np.array([[1.0, -1.0], [-1.0, 1.0]])
    values[0:2, 2:4] = 2 * same  # A -> B
    values[2:4, 4:6] = same  # B -> C
    values[4:6, 0:2] = same  # C -> A
    ds = (
        Descriptor("A", ("a1", "a2")),
        Descriptor("B", ("b1", "b2")),
        Descriptor("C", ("c1", "c2")),
    )
    return CrossImpactMatrix(ds, values, "rotation")


@pytest.fixture
def rot() -> CrossImpactMatrix:
    return rotation()
