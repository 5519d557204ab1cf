"""Shared end of the build_* scripts: write a generated file, or check the committed one."""

from __future__ import annotations

from pathlib import Path

from detente.files import write_atomic


def write_or_check(text: str, output: Path, check: bool) -> int:
    """Write ``text`` to ``output``; with ``check``, only report whether it is already there.

    Returns the exit status: 1 when checking finds the committed file out of date, else 0.
    """
    if check:
        same = output.exists() and output.read_text(encoding="utf-8") == text
        print(f"{output}: {'up to date' if same else 'OUT OF DATE (rerun without --check)'}")
        return 0 if same else 1
    write_atomic(output, text)
    print(f"wrote {output}")
    return 0
