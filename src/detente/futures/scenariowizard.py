"""ScenarioWizard files: cross-impact matrices (``.scw``, read and write), solution sets (``.sl``).

``.scw`` (as ScenarioWizard 4 writes it): a program line, a title line, each descriptor as
``&NAME`` followed by its variants as `` -NAME``, then ``#``-separated sections (descriptions,
colours), the judgement matrix (one comma-separated row per source variant, descriptors in file
order) and notes. ``.sl``: three header lines, then one scenario per line,
``" i1 i2 ... in",count,a,b,score,""`` with 1-based variant indices and the total impact score
last. The reader keeps ids exactly as written and refuses anything else with the line named.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from detente.errors import Problem, ScenarioError
from detente.files import write_atomic
from detente.futures.matrix import MAX_DESCRIPTORS, MAX_VARIANTS, CrossImpactMatrix, Descriptor

PROGRAM = "$ ScenarioWizard"
Line = tuple[int, str]  # (1-based line number, text)


def read_text(path: Path, source: str) -> str:
    """A file's text through the readers' shared guards (size limit, encoding; see
    :mod:`detente.scenario.limits`), refusing binary content.

    Parameters
    ----------
    path : the file
    source : its name in messages

    Returns
    -------
    str
        The decoded text (ScenarioWizard on Windows writes Windows-1252).
    """
    from detente.scenario.limits import decode, read_bytes

    raw = read_bytes(path)
    if b"\x00" in raw and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ScenarioError(source, [Problem("", "not a text file", "give a text file")])
    return decode(raw, source)[0]  # ScenarioWizard on Windows writes Windows-1252


def _fail(source: str, line: int | None, message: str, fix: str = "") -> ScenarioError:
    return ScenarioError(source, [Problem("", message, fix, line)])


def _sections(text: str) -> list[list[Line]]:
    """The file's lines split at every line that is just ``#``."""
    sections: list[list[Line]] = [[]]
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip() == "#":
            sections.append([])
        else:
            sections[-1].append((number, line))
    return sections


def _descriptors(lines: list[Line], source: str) -> tuple[Descriptor, ...]:
    names: list[tuple[str, list[str]]] = []
    for number, line in lines[2:]:
        text = line.strip()
        if text.startswith("&"):
            if len(names) == MAX_DESCRIPTORS:
                raise _fail(source, number, f"more than {MAX_DESCRIPTORS} descriptors")
            names.append((text[1:].strip(), []))
        elif text.startswith("-") and names:
            if len(names[-1][1]) == MAX_VARIANTS:
                raise _fail(source, number, f"more than {MAX_VARIANTS} variants")
            names[-1][1].append(text[1:].strip())
        elif text:
            raise _fail(
                source, number, f"expected '&DESCRIPTOR' or ' -VARIANT', found '{text[:40]}'"
            )
    if not names:
        raise _fail(source, None, "no descriptors ('&NAME' lines) before the first '#'")
    for name, variants in names:
        if not name or not variants or any(not v for v in variants):
            raise _fail(
                source, None, f"descriptor '{name}' has no name or an unnamed or missing variant"
            )
    return tuple(Descriptor(name, tuple(variants)) for name, variants in names)


def _numbers(line: str) -> list[float] | None:
    cells = line.split(",")
    if len(cells) < 2:
        return None
    try:
        return [float(c) for c in cells]
    except ValueError:
        return None


def _matrix(sections: list[list[Line]], sizes: list[int], source: str) -> np.ndarray:
    size = sum(sizes)
    rows = next((s for s in sections[1:] if s and all(_numbers(t) for _, t in s)), None)
    if rows is None:
        raise _fail(source, None, "no judgement matrix (rows of comma-separated numbers)")
    if len(rows) != size:
        raise _fail(
            source,
            rows[0][0],
            f"non-square matrix: {len(rows)} rows, but the descriptors have {size} variants",
            "give one row per variant",
        )
    values = np.empty((size, size))
    for r, (number, text) in enumerate(rows):
        row = _numbers(text) or []
        if len(row) != size:
            raise _fail(
                source,
                number,
                f"non-square matrix: row {r + 1} has {len(row)} values, not {size}",
                "give one value per variant",
            )
        if not np.isfinite(row).all():
            raise _fail(source, number, f"row {r + 1} holds a value that is not finite")
        values[r] = row
    return values


def parse_scw(text: str, source: str) -> CrossImpactMatrix:
    """A matrix from the text of a ``.scw`` file.

    Parameters
    ----------
    text : the file's text
    source : its name in messages

    Returns
    -------
    CrossImpactMatrix
        The matrix with ids as written; self-impact blocks are kept (ScenarioWizard counts them).
    """
    sections = _sections(text)
    head = sections[0]
    if not head or not head[0][1].startswith(PROGRAM):
        raise _fail(source, 1, f"not a ScenarioWizard matrix (line 1 is not '{PROGRAM} ...')")
    title = head[1][1].strip() if len(head) > 1 else ""
    descriptors = _descriptors(head, source)
    values = _matrix(sections, [len(d.variants) for d in descriptors], source)
    return CrossImpactMatrix(descriptors, values, source, title, self_impact=True)


def read_scw(path: str | Path) -> CrossImpactMatrix:
    """Read a ScenarioWizard ``.scw`` matrix (ids exactly as written).

    Parameters
    ----------
    path : the file

    Returns
    -------
    CrossImpactMatrix
        The matrix.
    """
    return parse_scw(read_text(Path(path), str(path)), str(path))


@dataclass(frozen=True)
class Notes:
    """The free text of a ``.scw`` file: per descriptor, and per judgement section."""

    descriptors: dict[str, str]
    sections: dict[tuple[str, str], str]


def _quoted(lines: list[str], k: int) -> tuple[str, int]:
    """The quoted note opening line ``k`` (it may span lines; ``""`` is a quote), and the line
    after it."""
    out: list[str] = []
    line, i = lines[k], 1
    while True:
        if i >= len(line):
            if k + 1 >= len(lines):  # never closed: keep what there is
                return "".join(out), k + 1
            k, line, i = k + 1, lines[k + 1], 0
            out.append("\n")
        elif line[i] != '"':
            out.append(line[i])
            i += 1
        elif line[i + 1 : i + 2] == '"':
            out.append('"')
            i += 2
        else:
            return "".join(out), k + 1


def parse_notes(text: str, matrix: CrossImpactMatrix) -> Notes:
    """The notes that follow the matrix; empty where the file's notes do not fit its layout.

    Parameters
    ----------
    text : the ``.scw`` file's text
    matrix : its matrix (:func:`parse_scw`)

    Returns
    -------
    Notes
        Descriptor descriptions and section rationales.
    """
    lines = text.splitlines()
    size = matrix.n_variants
    start = (
        next(
            (
                k
                for k in range(len(lines))
                if _numbers(lines[k]) and all(_numbers(x) for x in lines[k : k + size])
            ),
            len(lines),
        )
        + size
    )
    found: list[str] = []
    k = start
    while k < len(lines):
        if lines[k].startswith('"'):
            note, k = _quoted(lines, k)
            found.append(note)
        else:
            k += 1
    n = len(matrix.descriptors)
    if len(found) != 1 + n + n * n:
        return Notes({}, {})
    ids = matrix.ids
    return Notes(
        {d: found[1 + j] for j, d in enumerate(ids) if found[1 + j]},
        {
            (a, b): found[1 + n + i * n + j]
            for i, a in enumerate(ids)
            for j, b in enumerate(ids)
            if found[1 + n + i * n + j]
        },
    )


def _quote(note: str) -> str:
    return '"' + note.replace('"', '""') + '"'


def scw_text(
    matrix: CrossImpactMatrix, title: str | None = None, notes: Notes | None = None
) -> str:
    """The ``.scw`` text of a matrix (whole-number judgements only, as ScenarioWizard keeps).

    Parameters
    ----------
    matrix : the matrix
    title : the second line (default: the matrix's name)
    notes : descriptions and rationales to write after the matrix

    Returns
    -------
    str
        The file's text.
    """
    if not matrix.is_integer:
        raise ScenarioError(
            matrix.source,
            [Problem("matrix", "ScenarioWizard keeps whole-number judgements", "round them")],
        )
    for d in matrix.descriptors:
        for name in (d.id, *d.variants):
            if "\n" in name or name != name.strip() or name.startswith(("&", "-", "#")):
                raise ScenarioError(
                    matrix.source,
                    [Problem(f"descriptor '{d.id}'", f"'{name}' cannot be written to .scw", "")],
                )
    lines = ["$ ScenarioWizard 4.0", title if title is not None else matrix.name]
    for d in matrix.descriptors:
        lines += [f"&{d.id}", *(f" -{v}" for v in d.variants)]
    lines.append("#")
    for d in matrix.descriptors:
        lines += ["&", *([" "] * len(d.variants))]
    lines += ["#", "#", *(["FFFFFF"] * matrix.n_variants), "#", "#"]
    lines += [",".join(f"{int(v): d} " for v in row) for row in matrix.values]
    notes = notes or Notes({}, {})
    lines += ["#", "# 0-0", '""']
    for did in matrix.ids:
        lines += ["# ", _quote(notes.descriptors.get(did, ""))]
    for a in matrix.ids:
        for b in matrix.ids:
            lines += ["#  -> ", _quote(notes.sections.get((a, b), ""))]
    lines += ["#", "#"]
    return "\n".join(lines) + "\n"


def write_scw(
    matrix: CrossImpactMatrix,
    path: str | Path,
    title: str | None = None,
    notes: Notes | None = None,
) -> None:
    """Write the matrix (and its notes) as a ScenarioWizard ``.scw`` file (atomically).

    Parameters
    ----------
    matrix : the matrix
    path : where to write
    title : the second line (default: the matrix's name)
    notes : descriptions and rationales
    """
    write_atomic(Path(path), scw_text(matrix, title, notes))


@dataclass(frozen=True)
class SolutionList:
    """A ScenarioWizard solution set: 0-based variant indices and total impact scores."""

    local: np.ndarray
    total_impact_score: np.ndarray


def parse_sl(text: str, source: str, matrix: CrossImpactMatrix | None = None) -> SolutionList:
    """A solution set from ``.sl`` text.

    Parameters
    ----------
    text : the file's text
    source : its name in messages
    matrix : when given, every scenario's indices are checked against it

    Returns
    -------
    SolutionList
        0-based variant indices and the total impact scores.
    """
    lines = text.splitlines()
    if len(lines) < 3 or not lines[0].startswith(PROGRAM):
        raise _fail(source, 1, f"not a ScenarioWizard solution set (line 1 is not '{PROGRAM}')")
    try:
        expected = int(lines[2])
    except ValueError:
        raise _fail(source, 3, "line 3 should give the number of scenarios") from None
    rows: list[list[int]] = []
    scores: list[float] = []
    for number, fields in enumerate(csv.reader(lines[3:]), start=4):
        if not fields:
            continue
        try:
            indices = [int(i) - 1 for i in fields[0].split()]
            scores.append(float(fields[-2]))
        except (ValueError, IndexError):
            raise _fail(source, number, 'expected \'" i1 i2 ...",count,a,b,score,""\'') from None
        if rows and len(indices) != len(rows[0]):
            raise _fail(source, number, "a scenario with a different number of descriptors")
        if len(indices) > MAX_DESCRIPTORS or any(not 0 <= i < MAX_VARIANTS for i in indices):
            fix = f"give at most {MAX_DESCRIPTORS} variant numbers, each 1-{MAX_VARIANTS}"
            raise _fail(source, number, "a variant number out of range", fix)
        if matrix is not None:
            _check_indices(matrix, indices, source, number)
        rows.append(indices)
    if len(rows) != expected:
        raise _fail(source, 3, f"the header says {expected} scenarios, the file lists {len(rows)}")
    width = len(rows[0]) if rows else (len(matrix.descriptors) if matrix else 0)
    local = np.array(rows, dtype=np.int64).reshape(len(rows), width)
    return SolutionList(local, np.array(scores, dtype=float))


def _check_indices(matrix: CrossImpactMatrix, indices: list[int], source: str, line: int) -> None:
    sizes = matrix.sizes
    if len(indices) != len(sizes) or any(
        not 0 <= i < s for i, s in zip(indices, sizes, strict=True)
    ):
        raise _fail(
            source,
            line,
            f"variant count mismatch: the scenario does not fit {matrix.source}'s "
            f"{len(sizes)} descriptors with {', '.join(map(str, sizes))} variants",
        )


def read_sl(path: str | Path, matrix: CrossImpactMatrix | None = None) -> SolutionList:
    """Read a ScenarioWizard ``.sl`` solution set.

    Parameters
    ----------
    path : the file
    matrix : when given, every scenario's indices are checked against it

    Returns
    -------
    SolutionList
        0-based variant indices and the total impact scores.
    """
    return parse_sl(read_text(Path(path), str(path)), str(path), matrix)
