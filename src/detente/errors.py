"""One exception family for everything a user can get wrong.

Every message names the file, the place (line or field path) and the fix, so the CLI can print it
as it is and exit with status 2.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any


class DetenteError(Exception):
    """Base of every error detente raises on purpose."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input: where it is, what is wrong, how to fix it."""

    location: str
    message: str
    fix: str = ""
    line: int | None = None

    def render(self) -> str:
        """The problem as one line.

        Returns
        -------
        str
            'line N, location: message (fix: ...)'.
        """
        where = self.location or "(top level)"
        if self.line is not None:
            where = f"line {self.line}, {self.location}" if self.location else f"line {self.line}"
        text = f"{where}: {self.message}"
        return f"{text} (fix: {self.fix})" if self.fix else text


SHOWN = 50  # problems listed in a message; the rest are counted (all stay in .problems)


class ScenarioError(DetenteError):
    """A scenario (or roadmap) file could not be read or is not valid."""

    def __init__(self, source: str, problems: Sequence[Problem]):
        self.source = source
        self.problems = list(problems)
        lines = [f"{source}: {len(self.problems)} problem(s)"]
        lines += [f"  - {p.render()}" for p in self.problems[:SHOWN]]
        if len(self.problems) > SHOWN:
            lines.append(f"  ... and {len(self.problems) - SHOWN} more (fix the ones above first)")
        super().__init__("\n".join(lines))


class UnknownNameError(DetenteError):
    """A name (model, bundled scenario, actor, issue) that does not exist."""


class ModelError(DetenteError):
    """A model was called with parameters it does not accept."""


class Cancelled(DetenteError):
    """A long computation was stopped because its cancellation check said so."""


class RequestError(DetenteError):
    """A request for a result (forecast, ensemble ...) has fields that are not valid.

    Parameters
    ----------
    kind : the kind of request (``ensemble``, ``whatif`` ...)
    problems : one :class:`Problem` per bad field, its location the field's name
    """

    def __init__(self, kind: str, problems: Sequence[Problem]):
        self.kind = kind
        self.problems = list(problems)
        super().__init__("; ".join(f"{kind} {p.render()}" for p in self.problems))


class MissingExtraError(DetenteError):
    """An optional dependency is not installed."""

    def __init__(self, package: str, extra: str, purpose: str):
        super().__init__(
            f"{purpose} needs the Python package '{package}', which is not installed "
            f"(fix: pip install 'detente[{extra}]', or run `make venv`)"
        )


def require(module: str, extra: str, purpose: str) -> Any:
    """Import an optional dependency or raise a clear :class:`MissingExtraError`.

    Parameters
    ----------
    module : the module's dotted name
    extra : the pip extra that installs it
    purpose : what needs it (for the message)

    Returns
    -------
    module
        The imported module.
    """
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError as exc:  # pragma: no cover - exercised only without the extra
        raise MissingExtraError(module.split(".")[0], extra, purpose) from exc
