"""The what-if change language: one frozen dataclass per kind of change, and its parsers.

:mod:`detente.scenario.editing` applies the changes to a scenario.

Text form: one change per string, tokens split like a shell line (so names may be quoted), with
the grammar in :data:`USAGE` (examples: ``set RUS position:verification 60``, ``shift DPRK
capability +20%``, ``open-forum US,CHN,RUS id=trilateral``, ``shock nuclear-test``).
ACTORS is ``US``, ``US,ROK``, ``*`` (everyone) or ``*-DPRK`` (everyone but DPRK). Without
``:ISSUE`` a position or salience change applies to every issue. Shifts stop at the ends of the
scale (salience 0-1); a percent shift is relative to the current value.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from typing import ClassVar

ATTRIBUTES = ("position", "salience", "capability", "reservation", "exit_cost")
ACTOR_ATTRIBUTES = ("capability", "reservation", "exit_cost")  # one value per actor
USAGE = {
    "set": "set ACTORS ATTRIBUTE[:ISSUE] VALUE",
    "shift": "shift ACTORS ATTRIBUTE[:ISSUE] DELTA[%]",
    "remove": "remove ACTOR",
    "add": "add ACTOR capability=C position=P salience=S [name=N] [position:ISSUE=P] ...",
    "open-forum": "open-forum A,B[,C] [id=ID]",
    "close-forum": "close-forum ID",
    "only-bilateral": "only-bilateral",
    "shock": "shock NAME [KEY=VALUE ...]",
    "preset": "preset NAME",
}


def _num(v: float) -> str:
    return repr(float(v))


@dataclass(frozen=True)
class SetValue:
    """Set an attribute of some actors (on one issue or all) to a value."""

    actors: str
    attribute: str
    value: float
    issue: str | None = None
    op: ClassVar[str] = "set"

    def to_text(self) -> str:
        """The change in the text language.

        Returns
        -------
        str
            For example 'set RUS position:verification 60.0'.
        """
        return f"set {self.actors} {_target(self.attribute, self.issue)} {_num(self.value)}"


@dataclass(frozen=True)
class ShiftValue:
    """Move an attribute of some actors by ``delta`` (points, or percent when ``percent``)."""

    actors: str
    attribute: str
    delta: float
    issue: str | None = None
    percent: bool = False
    op: ClassVar[str] = "shift"

    def to_text(self) -> str:
        """The change in the text language.

        Returns
        -------
        str
            For example 'shift DPRK capability +20.0%'.
        """
        tail = f"{float(self.delta):+}{'%' if self.percent else ''}"
        return f"shift {self.actors} {_target(self.attribute, self.issue)} {tail}"


@dataclass(frozen=True)
class RemoveActor:
    """An actor leaves the talks (and every forum)."""

    actor: str
    op: ClassVar[str] = "remove"

    def to_text(self) -> str:
        """The change in the text language.

        Returns
        -------
        str
            'remove ACTOR'.
        """
        return f"remove {self.actor}"


@dataclass(frozen=True)
class AddActor:
    """A new party joins; ``forums`` None joins every forum that holds all current actors."""

    actor: str
    capability: float
    position: float
    salience: float
    name: str = ""
    positions: tuple[tuple[str, float], ...] = ()
    saliences: tuple[tuple[str, float], ...] = ()
    forums: tuple[str, ...] | None = None
    op: ClassVar[str] = "add"

    def to_text(self) -> str:
        """The change in the text language.

        Returns
        -------
        str
            'add ACTOR capability=... position=... salience=...' and any options.
        """
        parts = [
            f"add {self.actor}",
            f"capability={_num(self.capability)}",
            f"position={_num(self.position)}",
            f"salience={_num(self.salience)}",
        ]
        if self.name:
            parts.append(shlex.quote(f"name={self.name}"))
        parts += [f"position:{i}={_num(v)}" for i, v in self.positions]
        parts += [f"salience:{i}={_num(v)}" for i, v in self.saliences]
        if self.forums is not None:
            parts.append(f"forums={','.join(self.forums)}")
        return " ".join(parts)


@dataclass(frozen=True)
class OpenForum:
    """A new channel among ``members`` (a permanent bilateral, a trilateral mechanism ...)."""

    members: tuple[str, ...]
    id: str = ""
    op: ClassVar[str] = "open-forum"

    def to_text(self) -> str:
        """The change in the text language.

        Returns
        -------
        str
            'open-forum A,B[,C] [id=ID]'.
        """
        return f"open-forum {','.join(self.members)}" + (f" id={self.id}" if self.id else "")

    @property
    def forum_id(self) -> str:
        """The new forum's id: the one given, else 'forum_' and its members."""
        return self.id or "forum_" + "_".join(self.members)


@dataclass(frozen=True)
class CloseForum:
    """A forum stops meeting (``plenary`` names the implicit all-party table)."""

    forum: str
    op: ClassVar[str] = "close-forum"

    def to_text(self) -> str:
        """The change in the text language.

        Returns
        -------
        str
            'close-forum ID'.
        """
        return f"close-forum {self.forum}"


@dataclass(frozen=True)
class OnlyBilateral:
    """The plenary is suspended: only forums of exactly two members keep meeting."""

    op: ClassVar[str] = "only-bilateral"

    def to_text(self) -> str:
        """The change in the text language.

        Returns
        -------
        str
            'only-bilateral'.
        """
        return "only-bilateral"


@dataclass(frozen=True)
class Shock:
    """A named bundle of changes, with options overriding its defaults.

    :func:`detente.scenario.presets.expand_shock` turns it into the changes it stands for.
    """

    name: str
    options: tuple[tuple[str, str], ...] = ()
    op: ClassVar[str] = "shock"

    def to_text(self) -> str:
        """The change in the text language.

        Returns
        -------
        str
            'shock NAME' and its options.
        """
        return " ".join([f"shock {self.name}", *(f"{k}={v}" for k, v in self.options)])


@dataclass(frozen=True)
class Preset:
    """A named proposal (:mod:`detente.scenario.presets`), expanded against the scenario."""

    name: str
    op: ClassVar[str] = "preset"

    def to_text(self) -> str:
        """The change in the text language.

        Returns
        -------
        str
            'preset NAME'.
        """
        return f"preset {self.name}"


Change = (
    SetValue
    | ShiftValue
    | RemoveActor
    | AddActor
    | OpenForum
    | CloseForum
    | OnlyBilateral
    | Shock
    | Preset
)
_CLASSES = (
    SetValue,
    ShiftValue,
    RemoveActor,
    AddActor,
    OpenForum,
    CloseForum,
    OnlyBilateral,
    Shock,
    Preset,
)
KINDS: dict[str, type] = {c.op: c for c in _CLASSES}


def _target(attribute: str, issue: str | None) -> str:
    return attribute if issue is None else f"{attribute}:{issue}"
