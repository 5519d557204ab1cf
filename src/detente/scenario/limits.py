"""Guards every reader passes before it parses: readable file, size limit, text encoding.

A scenario file is small (the bundled Six-Party Talks scenario is under 100 kB), so a file of
tens of megabytes is almost surely a mistake, and parsing it would take minutes and gigabytes.
Each reader therefore checks the file's size *before* reading it and stops at once with a
message saying how to raise the limit. The limit is ``DEFAULT_MAX_MB`` megabytes, overridden by
the environment variable ``DETENTE_MAX_INPUT_MB`` (docs/scenario-format.md, "Limits").
"""

from __future__ import annotations

import os
from pathlib import Path

from detente.errors import Problem, ScenarioError

DEFAULT_MAX_MB = 20.0
MAX_MB_VARIABLE = "DETENTE_MAX_INPUT_MB"
MAX_DEPTH = 64  # nesting levels in a YAML document; a scenario needs 6
MAX_NODES_PER_BYTE = 1  # YAML aliases may not expand a document past this many nodes per byte


def max_bytes() -> int:
    """The size limit in bytes: ``DETENTE_MAX_INPUT_MB`` megabytes, or 20 MB by default.

    Returns
    -------
    int
        The limit.
    """
    text = os.environ.get(MAX_MB_VARIABLE, "").strip()
    try:
        mb = float(text) if text else DEFAULT_MAX_MB
    except ValueError:
        mb = DEFAULT_MAX_MB
    if not mb > 0:
        mb = DEFAULT_MAX_MB
    return int(mb * 1_000_000)


def read_bytes(path: Path, limit: int | None = None) -> bytes:
    """The file's bytes, after checking that it can be read and is not over the size limit.

    Raises
    ------
    ScenarioError
        When the file is a folder, cannot be opened (permissions, a broken disk), or is larger
        than ``limit`` bytes (default :func:`max_bytes`). The size is checked before anything
        is read, so a huge file fails in microseconds without using memory.

    Parameters
    ----------
    path : the file
    limit : the size limit in bytes (default: :func:`max_bytes`)

    Returns
    -------
    bytes
        The file's content.
    """
    source = str(path)
    limit = max_bytes() if limit is None else limit
    try:
        if path.is_dir():
            raise ScenarioError(source, [Problem("", "is a folder", "give a scenario file")])
        with path.open("rb") as fh:
            size = os.fstat(fh.fileno()).st_size
            if size > limit:
                raise too_large(source, size, limit)
            data = fh.read(limit + 1)
    except PermissionError:
        raise ScenarioError(
            source,
            [
                Problem(
                    "",
                    "cannot be read: permission denied",
                    "give yourself read permission (e.g. `chmod u+r FILE`) or copy the file",
                )
            ],
        ) from None
    except OSError as exc:
        raise ScenarioError(
            source,
            [Problem("", f"cannot be read ({exc.strerror or exc})", "check the file and its disk")],
        ) from None
    if len(data) > limit:  # a file that grew while read, or a pipe with no size
        raise too_large(source, len(data), limit)
    return data


def too_large(source: str, size: int, limit: int) -> ScenarioError:
    """The error for a file (or a workbook's unpacked content) over the size limit.

    Parameters
    ----------
    source : the file
    size : its size in bytes
    limit : the limit in bytes

    Returns
    -------
    ScenarioError
        The error, naming the limit and how to raise it.
    """
    return ScenarioError(
        source,
        [
            Problem(
                "",
                f"is {size / 1e6:.1f} MB, over the {limit / 1e6:g} MB limit for scenario files",
                f"check that this is the right file, or raise the limit with the environment "
                f"variable {MAX_MB_VARIABLE} (e.g. {MAX_MB_VARIABLE}=500)",
            )
        ],
    )


def decode(data: bytes, source: str) -> tuple[str, str]:
    """Text from bytes, and the encoding found: UTF-8 (with or without a byte-order mark),
    UTF-16 with a byte-order mark, or Windows-1252 (what Excel writes as "CSV" on Windows).

    Returns
    -------
    tuple of str
        The text, line endings unchanged, and a short name of the encoding ("UTF-8",
        "UTF-8 with byte-order mark", "UTF-16", "Windows-1252").

    Parameters
    ----------
    data : the bytes
    source : the file (for messages)
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return _decode(data[3:], "utf-8", source), "UTF-8 with byte-order mark"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _decode(data, "utf-16", source), "UTF-16"
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    if b"\x00" in data:
        raise ScenarioError(
            source, [Problem("", "is not a text file", "give a YAML, CSV, XLSX or XML file")]
        )
    return _decode(data, "cp1252", source), "Windows-1252"


def _decode(data: bytes, encoding: str, source: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise ScenarioError(
            source,
            [
                Problem(
                    f"byte {exc.start}",
                    f"is not valid {encoding.upper()} text",
                    "save the file as UTF-8 (in Excel: 'CSV UTF-8')",
                )
            ],
        ) from None


def read_text(path: Path, source: str | None = None) -> tuple[str, str]:
    """:func:`read_bytes` then :func:`decode`.

    Parameters
    ----------
    path : the file
    source : names it in messages (default: the path)

    Returns
    -------
    tuple[str, str]
        The text and the encoding's name.
    """
    return decode(read_bytes(path), source or str(path))
