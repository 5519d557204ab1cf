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
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from typing import Any, ClassVar

from detente.errors import DetenteError, UnknownNameError

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
        tail = f"{float(self.delta):+}{'%' if self.percent else ''}"
        return f"shift {self.actors} {_target(self.attribute, self.issue)} {tail}"


@dataclass(frozen=True)
class RemoveActor:
    """An actor leaves the talks (and every forum)."""

    actor: str
    op: ClassVar[str] = "remove"

    def to_text(self) -> str:
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
        return f"open-forum {','.join(self.members)}" + (f" id={self.id}" if self.id else "")

    @property
    def forum_id(self) -> str:
        return self.id or "forum_" + "_".join(self.members)


@dataclass(frozen=True)
class CloseForum:
    """A forum stops meeting (``plenary`` names the implicit all-party table)."""

    forum: str
    op: ClassVar[str] = "close-forum"

    def to_text(self) -> str:
        return f"close-forum {self.forum}"


@dataclass(frozen=True)
class OnlyBilateral:
    """The plenary is suspended: only forums of exactly two members keep meeting."""

    op: ClassVar[str] = "only-bilateral"

    def to_text(self) -> str:
        return "only-bilateral"


@dataclass(frozen=True)
class Shock:
    """A named bundle of changes (see :data:`SHOCKS`), with options overriding its defaults."""

    name: str
    options: tuple[tuple[str, str], ...] = ()
    op: ClassVar[str] = "shock"

    def to_text(self) -> str:
        return " ".join([f"shock {self.name}", *(f"{k}={v}" for k, v in self.options)])

    def expand(self) -> list[Change]:
        from detente.scenario.presets import SHOCKS

        try:
            defaults, build = SHOCKS[self.name]
        except KeyError:
            raise UnknownNameError(f"no shock '{self.name}' (known: {', '.join(SHOCKS)})") from None
        unknown = sorted(set(dict(self.options)) - set(defaults))
        if unknown:
            raise DetenteError(
                f"shock '{self.name}' has no option(s) {unknown} (known: {', '.join(defaults)})"
            )
        return build({**defaults, **dict(self.options)})


@dataclass(frozen=True)
class Preset:
    """A named proposal (:mod:`detente.scenario.presets`), expanded against the scenario."""

    name: str
    op: ClassVar[str] = "preset"

    def to_text(self) -> str:
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


def delta(text: str) -> tuple[float, bool]:
    """'+20%' -> (20.0, True); '-0.1' -> (-0.1, False)."""
    percent = text.endswith("%")
    return _float(text.removesuffix("%"), "delta"), percent


def _float(text: Any, what: str) -> float:
    try:
        return float(text)
    except (TypeError, ValueError):
        raise DetenteError(f"{what} '{text}' is not a number") from None


def _split_target(text: str) -> tuple[str, str | None]:
    attribute, _, issue = text.partition(":")
    if attribute not in ATTRIBUTES:
        raise DetenteError(f"unknown attribute '{attribute}' (known: {', '.join(ATTRIBUTES)})")
    return attribute, issue or None


def _keywords(tokens: list[str], line: str) -> dict[str, str]:
    pairs = {}
    for token in tokens:
        key, sep, value = token.partition("=")
        if not sep:
            raise DetenteError(f"'{line}': expected KEY=VALUE, found '{token}'")
        pairs[key] = value
    return pairs


def parse_text(line: str) -> Change:
    """One change from its text form (see the module docstring for the grammar)."""
    try:
        tokens = shlex.split(line)
    except ValueError as exc:
        raise DetenteError(f"'{line}': {exc}") from None
    if not tokens or tokens[0] not in KINDS:
        raise DetenteError(f"'{line}': a change starts with one of {', '.join(KINDS)}")
    op, args = tokens[0], tokens[1:]
    try:
        return _PARSERS[op](args, line)
    except (IndexError, KeyError, TypeError):
        raise DetenteError(
            f"'{line}': wrong arguments (usage: {USAGE[op]}; see docs/analysis/whatif.md)"
        ) from None


def _parse_add(args: list[str], line: str) -> AddActor:
    kw = _keywords(args[1:], line)
    per = {
        k: tuple(
            (key.split(":", 1)[1], _float(v, key))
            for key, v in kw.items()
            if key.startswith(f"{k}:")
        )
        for k in ("position", "salience")
    }
    known = {"capability", "position", "salience", "name", "forums"}
    per_issue = {"position", "salience"}
    unknown = [k for k in kw if k not in known and k.partition(":")[0] not in per_issue]
    if unknown:
        raise DetenteError(
            f"'{line}': unknown key(s) {unknown} (known: {', '.join(sorted(known))})"
        )
    return AddActor(
        args[0],
        _float(kw["capability"], "capability"),
        _float(kw["position"], "position"),
        _float(kw["salience"], "salience"),
        kw.get("name", ""),
        per["position"],
        per["salience"],
        tuple(kw["forums"].split(",")) if "forums" in kw else None,
    )


def _parse_value(args: list[str], op: str) -> Change:
    actors, target, amount = _exactly(3, args)
    attribute, issue = _split_target(target)
    if op == "set":
        return SetValue(actors, attribute, _float(amount, "value"), issue)
    step, percent = delta(amount)
    return ShiftValue(actors, attribute, step, issue, percent)


def _parse_open(args: list[str], line: str) -> OpenForum:
    kw = _keywords(args[1:], line)
    if set(kw) - {"id"}:
        raise DetenteError(f"'{line}': open-forum takes only id=ID after the members")
    return OpenForum(tuple(args[0].split(",")), kw.get("id", ""))


def _exactly(n: int, args: list[str]) -> list[str]:
    if len(args) != n:
        raise IndexError
    return args


_PARSERS: dict[str, Callable[[list[str], str], Change]] = {
    "set": lambda a, _: _parse_value(a, "set"),
    "shift": lambda a, _: _parse_value(a, "shift"),
    "remove": lambda a, _: RemoveActor(_exactly(1, a)[0]),
    "add": _parse_add,
    "open-forum": _parse_open,
    "close-forum": lambda a, _: CloseForum(_exactly(1, a)[0]),
    "only-bilateral": lambda a, _: OnlyBilateral(*_exactly(0, a)),
    "shock": lambda a, line: Shock(a[0], tuple(_keywords(a[1:], line).items())),
    "preset": lambda a, _: Preset(_exactly(1, a)[0]),
}


def to_dict(change: Change) -> dict[str, Any]:
    """The YAML mapping form of a change (fields left at their defaults are omitted)."""
    out: dict[str, Any] = {"op": change.op}
    for f in fields(change):
        value = getattr(change, f.name)
        if value == f.default:
            continue
        if f.name in ("positions", "saliences", "options"):
            value = dict(value)
        elif isinstance(value, tuple):
            value = list(value)
        out[f.name] = value
    return out


def from_dict(data: Mapping[str, Any]) -> Change:
    """A change from its YAML mapping form (``op`` names the kind)."""
    body = dict(data)
    op = body.pop("op", None)
    if op not in KINDS:
        raise DetenteError(f"change {dict(data)}: 'op' must be one of {', '.join(KINDS)}")
    cls = KINDS[op]
    names = {f.name for f in fields(cls)}
    if set(body) - names:
        raise DetenteError(
            f"change {dict(data)}: unknown key(s) {sorted(set(body) - names)} "
            f"for '{op}' (known: {', '.join(sorted(names))})"
        )
    for key in ("positions", "saliences"):
        if key in body:
            body[key] = tuple((str(i), _float(v, key)) for i, v in dict(body[key]).items())
    if "options" in body:
        body["options"] = tuple((str(k), str(v)) for k, v in dict(body["options"]).items())
    for key in ("members", "forums"):
        if isinstance(body.get(key), list | tuple):
            body[key] = tuple(str(m) for m in body[key])
        elif isinstance(body.get(key), str):
            body[key] = tuple(body[key].split(","))
    if isinstance(body.get("actors"), list | tuple):
        body["actors"] = ",".join(body["actors"])
    if op == "shift" and isinstance(body.get("delta"), str):
        body["delta"], percent = delta(body["delta"])
        body["percent"] = body.get("percent", False) or percent
    for key in ("value", "delta", "capability", "position", "salience"):
        if key in body:
            body[key] = _float(body[key], key)
    try:
        change: Change = cls(**body)
    except TypeError as exc:
        raise DetenteError(f"change {dict(data)}: {exc}") from None
    return change


def parse_change(item: str | Mapping[str, Any] | Change) -> Change:
    """A change from its text form, its mapping form, or itself."""
    if isinstance(item, str):
        return parse_text(item)
    if isinstance(item, Mapping):
        return from_dict(item)
    if isinstance(item, _CLASSES):
        return item
    raise DetenteError(f"not a change: {item!r} (give text such as 'open-forum US,RUS')")
