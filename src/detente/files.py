"""Small file helpers shared by readers and writers."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from detente.errors import DetenteError


def _umask() -> int:
    """The process's file-mode creation mask, read without changing it where the system allows."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:  # Linux 4.7 and later
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except OSError:
        pass
    mask = os.umask(0o022)  # elsewhere: read it by setting it, and put it straight back
    os.umask(mask)
    return mask


def new_file_mode(path: Path) -> int:
    """The mode a file written to ``path`` gets: the existing file's, else 0o666 less the umask.

    Parameters
    ----------
    path : the file about to be written

    Returns
    -------
    int
        Permission bits, as ``open()`` would have given a new file (0o644 under umask 022), so
        that colleagues can read what detente writes; replacing a file keeps its mode.
    """
    try:
        return os.stat(path).st_mode & 0o7777
    except OSError:
        return 0o666 & ~_umask()


def writable_folder(folder: Path) -> Path:
    """Make ``folder`` if needed and check that files can be written in it, before long work.

    Parameters
    ----------
    folder : the folder

    Returns
    -------
    Path
        The folder.

    Raises
    ------
    DetenteError
        When it cannot be made or written to.
    """
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as exc:
        raise DetenteError(
            f"cannot write in '{folder}': {exc.strerror or exc} (fix: choose a folder you can "
            "write to, e.g. one in your home folder)"
        ) from None
    return folder


def write_atomic(path: Path, text: str | bytes) -> None:
    """Write text (UTF-8) or bytes to a temporary file beside ``path`` and rename it into place.

    A reader never sees a half-written file, and the file gets the usual permissions
    (:func:`new_file_mode`), not the owner-only mode of a temporary file.

    Parameters
    ----------
    path : the file to write
    text : its new content: text (written as UTF-8, line ends as given) or bytes

    Raises
    ------
    DetenteError
        When the folder cannot be made or written to (a message with the fix, not a traceback).
    """
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    except OSError as exc:
        raise DetenteError(
            f"cannot write '{path}': {exc.strerror or exc} (fix: choose a folder you can write "
            "to, e.g. one in your home folder)"
        ) from None
    mode = new_file_mode(path)
    try:
        os.chmod(tmp, mode)
        if isinstance(text, bytes):
            with os.fdopen(fd, "wb") as fh:
                fh.write(text)
        else:
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
                fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
