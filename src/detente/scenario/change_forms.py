"""The text and mapping forms of a what-if change, and their parsers.

Text form: one change per string, tokens split like a shell line (so names may be quoted), with
the grammar in :data:`detente.scenario.changes.USAGE`. Mapping form: ``op`` names the kind, the
other keys are its fields (what a YAML list of changes holds).
"""

from __future__ import annotations

import shlex
from collections.abc import Callable, Mapping
from dataclasses import fields
from typing import Any

from detente.errors import DetenteError
from detente.scenario.changes import (
    ATTRIBUTES,
    KINDS,
    USAGE,
    AddActor,
    Change,
    CloseForum,
    OnlyBilateral,
    OpenForum,
    Preset,
    RemoveActor,
    SetValue,
    ShiftValue,
    Shock,
)


def delta(text: str) -> tuple[float, bool]:
    """'+20%' -> (20.0, True); '-0.1' -> (-0.1, False).

    Parameters
    ----------
    text : the number, with an optional sign and %

    Returns
    -------
    tuple[float, bool]
        The number and whether it is a percentage.
    """
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
    """One change from its text form (see the module docstring for the grammar).

    Parameters
    ----------
    line : the change, e.g. 'shift DPRK capability +20%'

    Returns
    -------
    Change
        The change; anything else raises :class:`DetenteError` with the usage.
    """
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
    """The YAML mapping form of a change (fields left at their defaults are omitted).

    Parameters
    ----------
    change : a change

    Returns
    -------
    dict[str, Any]
        ``op`` and the change's fields.
    """
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
    """A change from its YAML mapping form (``op`` names the kind).

    Parameters
    ----------
    data : the mapping

    Returns
    -------
    Change
        The change.
    """
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
    """A change from its text form, its mapping form, or itself.

    Parameters
    ----------
    item : text, a mapping or a change

    Returns
    -------
    Change
        The change.
    """
    if isinstance(item, str):
        return parse_text(item)
    if isinstance(item, Mapping):
        return from_dict(item)
    if isinstance(item, tuple(KINDS.values())):
        return item
    raise DetenteError(f"not a change: {item!r} (give text such as 'open-forum US,RUS')")
