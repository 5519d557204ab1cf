"""ScenarioWizard files: both reference matrices read, written back byte for byte, and their
solution sets reproduced exactly (sets and total impact scores)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from detente.errors import ScenarioError
from detente.futures import read_futures, read_scw, read_sl, solve
from detente.futures.scenariowizard import parse_notes, parse_scw, parse_sl, scw_text
from tests.futures.conftest import CIB

REFERENCES = {"CIB_global": (3, 36, 4), "CIB_natl_regional": (15, 22_674_816, 16)}


@pytest.mark.parametrize("name", list(REFERENCES))
@pytest.mark.parametrize("method", ["numba", "numpy"])
def test_reference_solution_sets_reproduced_exactly(name: str, method: str) -> None:
    descriptors, combinations, count = REFERENCES[name]
    m = read_scw(CIB / f"{name}.scw")
    assert (len(m.descriptors), m.combinations) == (descriptors, combinations)
    reference = read_sl(CIB / f"{name}.sl", m)
    found = solve(m, method=method)
    assert found.complete and len(found) == count
    got = {
        tuple(r): s
        for r, s in zip(found.local.tolist(), found.total_impact_score.tolist(), strict=True)
    }
    want = {
        tuple(r): s
        for r, s in zip(reference.local.tolist(), reference.total_impact_score, strict=True)
    }
    assert got == want


def test_search_visits_far_fewer_nodes_than_the_product() -> None:
    m = read_scw(CIB / "CIB_natl_regional.scw")
    found = solve(m)
    assert found.nodes < 1_000 < m.combinations


def test_global_scores_by_hand() -> None:
    """'2 3 2' of CIB_global (Ntl, Alrt, Stag): balances 6 + 2 + 7 = 15, the file's score."""
    m = read_scw(CIB / "CIB_global.scw")
    from detente.futures.scores import balances, total_impact_score

    local = np.array([1, 2, 1])
    bal = balances(m, local)
    # the rows of Ntl (1), Alrt (5) and Stag (7), summed by hand down each column
    assert bal.tolist() == [-4, 6, -2, -4, 2, 2, 4, 7, -4, -7]  # Alrt ties Mod: still consistent
    assert total_impact_score(m, local) == 6 + 2 + 7 == 15


@pytest.mark.parametrize("name", list(REFERENCES))
def test_scw_written_back_byte_for_byte(name: str) -> None:
    text = (CIB / f"{name}.scw").read_text(encoding="utf-8")
    m = parse_scw(text, name)
    assert scw_text(m, notes=parse_notes(text, m)) == text


def test_scw_notes_become_rationales() -> None:
    study = read_futures(CIB / "CIB_natl_regional.scw")
    (section,) = [s for s in study.spec.judgements if s.source == "NURB" and s.target == "NINEQ"]
    assert section.rationale.startswith("Slow urbanization allows")
    assert study.notes and "WSCEN" in study.notes[0]  # its self-impact block is said aloud


def test_self_impact_block_counts_in_balances_as_scenariowizard_does() -> None:
    m = read_scw(CIB / "CIB_natl_regional.scw")
    assert m.self_impacts() == ["WSCEN"]
    assert m.block("WSCEN", "WSCEN").tolist() == [[15, -7], [-11, 9]]


def _broken(text: str, old: str, new: str, tmp_path: Path) -> Path:
    assert old in text
    path = tmp_path / "broken.scw"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_errors_name_the_line(tmp_path: Path) -> None:
    text = (CIB / "CIB_global.scw").read_text(encoding="utf-8")
    row = " 1 ,-3 , 2 , 0 , 0 , 0 ,-1 ,-1 , 1 , 1 "
    short = _broken(text, row, row[: row.rindex(",")], tmp_path)
    with pytest.raises(ScenarioError, match=r"line 47.*non-square matrix: row 4 has 9 values"):
        read_scw(short)
    with pytest.raises(ScenarioError, match="non-square matrix: 9 rows"):
        read_scw(_broken(text, row + "\n", "", tmp_path))
    with pytest.raises(ScenarioError, match=r"line 1.*not a ScenarioWizard matrix"):
        read_scw(_broken(text, "$ ScenarioWizard", "# Something", tmp_path))


def test_sl_variant_count_mismatch_is_refused() -> None:
    m = read_scw(CIB / "CIB_global.scw")
    text = (CIB / "CIB_global.sl").read_text(encoding="utf-8").replace('" 2 3 2"', '" 2 3 9"')
    with pytest.raises(ScenarioError, match=r"line 5.*variant count mismatch"):
        parse_sl(text, "x.sl", m)


def test_sl_count_must_match_header() -> None:
    text = (CIB / "CIB_global.sl").read_text(encoding="utf-8").replace(" 4 ", " 5 ", 1)
    with pytest.raises(ScenarioError, match="header says 5"):
        parse_sl(text, "x.sl")


def test_sl_edge_cases_found_by_the_fuzzer() -> None:
    """An empty set reads as no scenarios; a variant number past any matrix is refused."""
    empty = parse_sl("$ ScenarioWizard 3.0\nSolution set\n 0 \n", "empty.sl")
    assert empty.local.shape == (0, 0) and empty.total_impact_score.shape == (0,)
    huge = (
        (CIB / "CIB_global.sl")
        .read_text(encoding="utf-8")
        .replace('" 2 3 2"', '" 2 3 2' + "2" * 30 + '"')
    )
    with pytest.raises(ScenarioError, match=r"line 5: a variant number out of range"):
        parse_sl(huge, "huge.sl")


REFERENCE_TEXT = (CIB / "CIB_global.scw").read_text(encoding="utf-8")


def _mutations() -> st.SearchStrategy[str]:
    lines = REFERENCE_TEXT.splitlines()
    edits = st.lists(st.tuples(st.integers(0, len(lines) - 1), st.text(max_size=30)), max_size=4)

    def apply(changes: list[tuple[int, str]]) -> str:
        out = list(lines)
        for k, new in changes:
            out[k] = new
        return "\n".join(out)

    return edits.map(apply)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=400), _mutations()))
def test_fuzzed_scw_is_read_or_refused_cleanly(text: str) -> None:
    """Any text: a matrix comes back, or a ScenarioError; never another exception."""
    try:
        m = parse_scw(text, "fuzz.scw")
    except ScenarioError:
        return
    assert m.values.shape == (m.n_variants, m.n_variants)
