"""Every reader, fed mutated files: each loads or is refused with our error, never a traceback.

The readers: scenarios in every format, futures YAML, ScenarioWizard .scw and .sl files.

The formats and mutations are those of `python -m benchmarks.fuzz` (10,000 files per format;
counts in benchmarks/README.md); here a few dozen per format keep the suite fast. A new reader
is fuzzed by adding one entry to ``benchmarks.fuzz.FORMATS``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from benchmarks.fuzz import FORMATS, Format, case, outcome

CASES = 40


@pytest.mark.parametrize("fmt", FORMATS, ids=[f.name for f in FORMATS])
def test_mutated_files_load_or_are_refused(tmp_path: Path, fmt: Format) -> None:
    seeds = fmt.seeds()
    results = []
    for number in range(CASES):
        path = tmp_path / f"{fmt.name}-{number}{fmt.suffix}"
        path.write_bytes(case(fmt, number, seeds))
        try:
            results.append(outcome(path, fmt.reader))
        except Exception as exc:  # the failure being tested for: name the case to reproduce it
            pytest.fail(
                f"{fmt.name} case {number} raised {type(exc).__name__}: {exc} "
                f"(reproduce: python -m benchmarks.fuzz --show {fmt.name} {number})"
            )
    assert set(results) <= {"loaded", "refused"}
    assert "refused" in results  # the mutations do damage


@pytest.mark.parametrize("fmt", FORMATS, ids=[f.name for f in FORMATS])
def test_seed_files_load(tmp_path: Path, fmt: Format) -> None:
    """The unmutated seeds are valid, so a refusal is the mutation's doing."""
    for k, seed in enumerate(fmt.seeds()):
        path = tmp_path / f"seed{k}{fmt.suffix}"
        path.write_bytes(seed)
        assert outcome(path, fmt.reader) == "loaded", (fmt.name, k)


@pytest.mark.parametrize("fmt", FORMATS, ids=[f.name for f in FORMATS])
def test_cases_are_reproducible(fmt: Format) -> None:
    assert case(fmt, 7, fmt.seeds()) == case(fmt, 7, fmt.seeds())
