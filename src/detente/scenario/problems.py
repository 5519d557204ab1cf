"""Turn pydantic's validation errors into detente's :class:`~detente.errors.ScenarioError`.

Each problem names the field path and, where the document was YAML, its line number.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from pydantic import BaseModel, ValidationError

from detente.errors import Problem, ScenarioError

LineOf = Callable[[tuple[str | int, ...]], int | None]


class InconsistentScenario(ValueError):
    """Raised from the schema's validator; carries one (location, message) pair per problem."""

    def __init__(self, problems: list[tuple[str, str]]):
        self.problems = problems
        super().__init__("; ".join(f"{loc}: {msg}" for loc, msg in problems))


_FIXES = {
    "missing": "add this field",
    "extra_forbidden": "remove it or check its spelling",
    "finite_number": "give a finite number, not NaN or infinity",
    "float_parsing": "give a number",
    "float_type": "give a number",
    "int_parsing": "give a whole number",
    "string_type": "give text",
    "greater_than": "give a larger value",
    "greater_than_equal": "give a larger value",
    "less_than_equal": "give a smaller value",
    "string_pattern_mismatch": "ids start with a letter and use letters, digits, '_' or '-'",
    "too_short": "add at least one entry",
    "date_from_datetime_parsing": "write dates as YYYY-MM-DD",
    "date_parsing": "write dates as YYYY-MM-DD",
    "dict_type": "give a mapping (key: value)",
    "tuple_type": "give a list",
    "model_type": "give a mapping of the documented fields",
}


def _dotted(loc: tuple[str | int, ...]) -> str:
    return ".".join(str(p) for p in loc)


def problems_from(error: ValidationError, line_of: LineOf | None = None) -> list[Problem]:
    """One :class:`Problem` per pydantic error (cross-field checks expanded one by one).

    Parameters
    ----------
    error : pydantic's error
    line_of : maps a field path to its line in the source (YAML)

    Returns
    -------
    list[Problem]
        The problems with their fixes.
    """
    problems: list[Problem] = []
    for err in error.errors():
        loc = tuple(err["loc"])
        cause = (err.get("ctx") or {}).get("error")
        if isinstance(cause, InconsistentScenario):
            for where, message in cause.problems:
                path = tuple(where.split(".")) if where else loc
                problems.append(
                    Problem(_dotted(path), message, _fix_for(message), _line(line_of, path))
                )
            continue
        message = err["msg"].removeprefix("Value error, ")
        problems.append(
            Problem(_dotted(loc), message, _FIXES.get(err["type"], ""), _line(line_of, loc))
        )
    return problems


def _fix_for(message: str) -> str:
    if "unknown" in message:
        return "use one of the ids defined in the file"
    if "outside" in message:
        return "give a value inside the issue's scale, or widen the scale"
    if "missing" in message:
        return "add it"
    if "duplicate" in message:
        return "rename one of them"
    if "not defined" in message:
        return "add them under 'sources' or drop the citation"
    return ""


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
            [
                Problem(
                    "",
                    f"expected a mapping at the top, found {kind}",
                    "see docs/scenario-format.md",
                )
            ],
        )
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise ScenarioError(source, problems_from(exc, line_of)) from None
