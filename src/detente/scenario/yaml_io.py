"""detente's own YAML format: read (with line numbers in errors) and write."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from detente.errors import Problem, ScenarioError
from detente.scenario.problems import validate_as
from detente.scenario.schema import Scenario

# The C parser where libyaml is present (10x faster); line numbers come from a second, pure-Python
# pass only when a file turns out to be invalid.
_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse_yaml(text: str, source: str) -> Any:
    """Parse YAML safely or raise a ScenarioError with the line of the syntax error."""
    try:
        return yaml.load(text, Loader=_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        reason = getattr(exc, "problem", None) or str(exc)
        raise ScenarioError(
            source,
            [Problem("", f"not valid YAML: {reason}", "check indentation and quoting", line)],
        ) from None


def line_finder(text: str) -> Callable[[tuple[str | int, ...]], int | None]:
    """A function mapping a field path to the 1-based line where it sits in the YAML ``text``.

    The node tree is composed (slowly, in pure Python) only when a line is first asked for.
    List indexes given as text ('2') find their node too.
    """
    tree: list[Any] = []

    def line_of(path: tuple[str | int, ...]) -> int | None:
        if not tree:
            tree.append(yaml.compose(text, Loader=yaml.SafeLoader))
        current, best = tree[0], None
        for part in path:
            key = int(part) if isinstance(part, str) and part.isdigit() else part
            if current is None:
                break
            best = current.start_mark.line + 1
            current = _child(current, key)
        if current is not None:
            best = current.start_mark.line + 1
        return best

    return line_of


def _child(node: Any, key: str | int) -> Any:
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if str(k.value) == str(key):
                return v
    elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
        return node.value[key]
    return None


def read_yaml(path: Path) -> Scenario:
    """Load a scenario from detente's YAML format."""
    text = path.read_text(encoding="utf-8")
    data = parse_yaml(text, str(path))
    result: Scenario = validate_as(Scenario, data, str(path), line_finder(text))
    return result


def scenario_to_yaml(scenario: Scenario) -> str:
    """The scenario as YAML text, without fields left at their defaults."""
    data = scenario.model_dump(mode="json", exclude_defaults=True)
    header = f"# detente scenario '{scenario.id}' (format: docs/scenario-format.md)\n"
    return header + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def write_yaml(scenario: Scenario, path: Path) -> None:
    """Write the scenario as YAML (atomically: a half-written file never replaces a good one)."""
    from detente.files import write_atomic

    write_atomic(path, scenario_to_yaml(scenario))
