"""Turn pydantic's validation errors into detente's :class:`~detente.errors.ScenarioError`.

Each problem names the field path, its line where the document was YAML, and a fix that fits
the field: the accepted range of a salience, the fields a mapping may hold (with the nearest
spelling), quotes for a text that a comma cut in two, and so on. Every kind of pydantic error
gets a fix; :func:`fix_for` falls back to the format guide rather than to nothing.
"""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Callable, Mapping
from typing import Any

from pydantic import BaseModel, ValidationError

from detente.errors import Problem, ScenarioError
from detente.scenario.checks import InconsistentScenario

LineOf = Callable[[tuple[str | int, ...]], int | None]
GUIDE = "see docs/scenario-format.md"

# What a field holds, for messages ("add `capability:` (...)") and range fixes.
MEANING = {
    "id": "a short id: a letter, then letters, digits, '_' or '-'",
    "name": "the display name",
    "capability": "any number above 0, in any unit (only ratios between actors matter)",
    "position": "where the actor stands, inside the issue's scale",
    "salience": "from 0 (does not care) to 1 (cares above everything)",
    "members": "a list of two or more actor ids",
    "values": "issue id: value, for each issue the outcome settled",
    "title": "the title of the source",
    "actors": "a list of actors",
    "issues": "a list of issues",
    "stances": "actor id -> issue id -> {position, salience}",
}
_TYPE_FIXES = {
    "finite_number": "give a finite number, not NaN or infinity",
    "float_parsing": "give a plain number such as 0.5 (no units, no % sign)",
    "float_type": "give a plain number such as 0.5",
    "int_parsing": "give a whole number",
    "int_type": "give a whole number",
    "int_from_float": "give a whole number",
    "string_type": "give text; put it in quotes if it looks like a number, a date or yes/no",
    "too_long": "shorten it to at most 64 characters",
    "date_from_datetime_parsing": "write dates as YYYY-MM-DD",
    "date_from_datetime_inexact": "write dates as YYYY-MM-DD, without a time",
    "date_parsing": "write dates as YYYY-MM-DD",
    "date_type": "write dates as YYYY-MM-DD",
    "dict_type": "give a mapping (key: value, one per line or inside {...})",
    "tuple_type": "give a list, e.g. [A, B] or one '- item' per line",
    "list_type": "give a list, e.g. [A, B] or one '- item' per line",
    "model_type": "give a mapping of the documented fields",
    "model_attributes_type": "give a mapping of the documented fields",
    "bool_type": "give true or false",
    "bool_parsing": "give true or false",
    "literal_error": "use one of the values listed in the message",
    "enum": "use one of the values listed in the message",
}


def _dotted(loc: tuple[str | int, ...]) -> str:
    return ".".join(str(p) for p in loc)


def problems_from(
    error: ValidationError,
    line_of: LineOf | None = None,
    model: type[BaseModel] | None = None,
    data: Any = None,
) -> list[Problem]:
    """One :class:`Problem` per pydantic error (cross-field checks expanded one by one).

    Parameters
    ----------
    error : pydantic's error
    line_of : maps a field path to its line in the source (YAML)
    model : the model type validated (for fixes naming the field)
    data : the data validated

    Returns
    -------
    list[Problem]
        The problems with their fixes.
    """
    problems: list[Problem] = []
    errors = error.errors()
    inner = {tuple(e["loc"][:n]) for e in errors for n in range(len(e["loc"]))}
    cuts: set[tuple[str | int, ...]] = set()
    for err in errors:
        loc = tuple(err["loc"])
        if err["type"] == "too_short" and loc in inner:
            continue  # the list is short only because an item inside it failed: say that one
        cut = _comma_cut(loc, data)
        if cut is not None:  # one text cut at a comma: one problem, however many errors it made
            if cut[0] not in cuts:
                cuts.add(cut[0])
                message = "a text holding a comma was read as a new field"
                problems.append(Problem(_dotted(cut[0]), message, cut[1], _line(line_of, cut[0])))
            continue
        cause = (err.get("ctx") or {}).get("error")
        if isinstance(cause, InconsistentScenario):
            for where, message, fix in cause.problems:
                path = tuple(where.split(".")) if where else loc
                problems.append(Problem(_dotted(path), message, fix, _line(line_of, path)))
            continue
        message = err["msg"].removeprefix("Value error, ")
        fix = fix_for(err, model, data)
        problems.append(Problem(_dotted(loc), message, fix, _line(line_of, loc)))
    return problems


def fix_for(err: Mapping[str, Any], model: type[BaseModel] | None, data: Any) -> str:
    """The fix for one pydantic error, fitted to the field it is about.

    Parameters
    ----------
    err : one of pydantic's error records
    model : the model type validated
    data : the data validated

    Returns
    -------
    str
        The fix ('' when none fits).
    """
    kind, loc, value = err["type"], tuple(err["loc"]), err.get("input")
    field = str(loc[-1]) if loc else ""
    if kind == "extra_forbidden":
        return _extra_fix(loc, model, data)
    if kind == "missing":
        meaning = MEANING.get(field)
        return f"add `{field}:`" + (f" ({meaning})" if meaning else "")
    if kind in ("less_than_equal", "less_than", "greater_than", "greater_than_equal"):
        return _range_fix(kind, field, value, err.get("ctx") or {})
    if kind == "string_pattern_mismatch":
        return _id_fix(value)
    if kind == "too_short":
        what = {"actors": "an actor", "issues": "an issue"}.get(field, "an entry")
        return f"add at least {what}"
    if kind == "value_error":
        return _value_error_fix(err["msg"])
    return _TYPE_FIXES.get(kind, GUIDE)


def _range_fix(kind: str, field: str, value: Any, ctx: Mapping[str, Any]) -> str:
    if field == "salience":
        hint = "salience runs from 0 (does not care) to 1 (cares above everything)"
        if isinstance(value, (int, float)) and 1 < value <= 100:
            return f"{hint}; for {value:g} on a 0-100 scale write {value / 100:g}"
        return hint
    if field == "capability":
        return "give a capability above 0 (any unit: only ratios between actors matter)"
    if field.endswith("_sd"):
        return "a standard deviation is 0 or more"
    bound = next(iter(ctx.values()), None)
    word = "at most" if kind.startswith("less") else "at least"
    return f"give a value {word} {bound}" if bound is not None else GUIDE


def _id_fix(value: Any) -> str:
    from detente.scenario.ids import suggest_id

    rule = "an id starts with a Latin letter and holds only letters, digits, '_' or '-'"
    if isinstance(value, str) and value:
        return f"{rule}: write e.g. '{suggest_id(value)}' and put '{value}' in the name"
    return rule


def _value_error_fix(message: str) -> str:
    rules = {
        "scale high": "make `high` larger than `low`",
        "anchors must be": "put anchors at 0, 25, 50, 75 or 100 (per cent of the scale)",
        "at least two members": "add a second member, or remove the forum",
        "a member twice": "list each member once",
    }
    return next((fix for text, fix in rules.items() if text in message), GUIDE)


def _comma_cut(loc: tuple[str | int, ...], data: Any) -> tuple[tuple[str | int, ...], str] | None:
    """Where an unquoted text inside ``{...}`` was cut at a comma, on the way to ``loc``.

    YAML reads ``{notes: talks in Muscat, 2013.}`` as ``notes: talks in Muscat`` and a second
    key ``2013.`` without a value. Whatever error that key then raises (an unknown field, a key
    that is not text, an anchor that is not a number), the fix is the same: quote the text.

    Returns
    -------
    tuple or None
        The location of the stray key and the fix, or None when no such key is on the path.
    """
    node = data
    for depth, part in enumerate(loc):
        if not isinstance(node, Mapping):
            node = _walk(node, (part,))
            continue
        keys = list(node)
        key = next((k for k in keys if k == part or str(k) == str(part)), None)
        if key is not None and node[key] is None and keys.index(key) > 0:
            before = keys[keys.index(key) - 1]
            if isinstance(node[before], str):
                rest = key if isinstance(key, str) else "..."  # YAML made it a number
                text = f"{node[before]}, {rest}"
                fix = (
                    f"this looks like the rest of the text of `{before}`, cut at a comma (inside "
                    f"{{...}} a comma starts a new field): put the text in quotes, "
                    f'`{before}: "{text}"`'
                )
                return loc[: depth + 1], fix
        node = node.get(key) if key is not None else None
    return None


def _extra_fix(loc: tuple[str | int, ...], model: type[BaseModel] | None, data: Any) -> str:
    """A key the mapping does not know: a misspelling or a stray key."""
    key = str(loc[-1]) if loc else ""
    allowed = _fields_at(model, loc[:-1]) if model is not None else []
    if not allowed:
        return "remove it or check its spelling"
    near = difflib.get_close_matches(key, allowed, n=1)
    spelled = f"did you mean '{near[0]}'? " if near else ""
    return f"{spelled}remove it or use one of the fields here: {', '.join(allowed)}"


def _walk(data: Any, loc: tuple[str | int, ...]) -> Any:
    for part in loc:
        if isinstance(data, Mapping):
            data = data.get(part, data.get(str(part)))
        elif isinstance(data, (list, tuple)) and isinstance(part, int) and part < len(data):
            data = data[part]
        else:
            return None
    return data


def _fields_at(model: type[BaseModel], loc: tuple[str | int, ...]) -> list[str]:
    """The field names of the pydantic model found at ``loc`` below ``model`` ([] if none)."""
    current: Any = model
    for part in loc:
        if isinstance(current, type) and issubclass(current, BaseModel):
            field = current.model_fields.get(str(part))
            if field is None:
                return []
            current = field.annotation
        else:
            current = _item_type(current)
            if current is None:
                return []
    current = _unwrap(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _unwrap(tp: Any) -> Any:
    """``X | None`` -> ``X``; ``Annotated[X, ...]`` -> ``X``."""
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(tp)[0])
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(tp) if a is not type(None)]
        models = [a for a in options if isinstance(a, type) and issubclass(a, BaseModel)]
        return models[0] if models else (options[0] if options else tp)
    return tp


def _item_type(tp: Any) -> Any:
    """The element type one index or key below a list, tuple or dict type."""
    tp = _unwrap(tp)
    args = typing.get_args(tp)
    origin = typing.get_origin(tp)
    if origin in (tuple, list) and args:
        return _unwrap(args[0])
    if origin is dict and len(args) == 2:
        return _unwrap(args[1])
    return None


def _line(line_of: LineOf | None, loc: tuple[str | int, ...]) -> int | None:
    return line_of(loc) if line_of else None


def validate_as(
    model: type[BaseModel], data: Any, source: str, line_of: LineOf | None = None
) -> Any:
    """Validate ``data`` as ``model`` or raise a :class:`ScenarioError` naming ``source``.

    Parameters
    ----------
    model : a pydantic model type (Scenario, Roadmap ...)
    data : plain data
    source : where the data came from (for the message)
    line_of : maps a field path to its line in the source

    Returns
    -------
    BaseModel
        The validated object.
    """
    if not isinstance(data, Mapping):
        kind = type(data).__name__
        raise ScenarioError(
            source,
            [Problem("", f"expected a mapping at the top, found {kind}", GUIDE)],
        )
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise ScenarioError(source, problems_from(exc, line_of, model, data)) from None
