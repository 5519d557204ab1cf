"""detente's own YAML format: read (guarded, with line numbers in errors) and write.

One parse serves everything: the text is composed once into a node tree by PyYAML's C parser
(libyaml, where present), the tree gives the line of every field and every duplicate key, and the
Python data are constructed from that same tree. Before composing, a streaming pass over the
parser's events checks nesting depth and alias expansion, so a hostile file (10,000 levels deep,
or a "billion laughs" of aliases) is refused with a message instead of exhausting the C stack or
the memory.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from detente.errors import Problem, ScenarioError
from detente.scenario.limits import MAX_DEPTH, MAX_NODES_PER_BYTE, read_text
from detente.scenario.problems import validate_as
from detente.scenario.schema import Scenario

_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
LineOf = Callable[[tuple[str | int, ...]], int | None]


def _syntax_error(exc: yaml.YAMLError, source: str) -> ScenarioError:
    mark = getattr(exc, "problem_mark", None)
    line = mark.line + 1 if mark is not None else None
    reason = getattr(exc, "problem", None) or str(exc)
    return ScenarioError(
        source,
        [Problem("", f"not valid YAML: {reason}", "check indentation and quoting", line)],
    )


def _shape_error(source: str, message: str, fix: str, event: Any) -> ScenarioError:
    return ScenarioError(source, [Problem("", message, fix, event.start_mark.line + 1)])


def check_shape(text: str, source: str) -> None:
    """Refuse YAML nested deeper than ``MAX_DEPTH`` or whose aliases expand it past its size.

    Streams the parser's events (no tree is built), so it is safe on any input.

    Parameters
    ----------
    text : the YAML text
    source : the file (for messages)
    """
    depth, total, budget = 0, 0, max(10_000, MAX_NODES_PER_BYTE * len(text))
    sizes: dict[str, int] = {}  # anchor -> values inside it, aliases expanded
    inside: list[list[Any]] = []  # [anchor, values inside] per open collection
    try:
        for event in yaml.parse(text, Loader=_LOADER):
            count = 0
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    raise _shape_error(
                        source,
                        f"nested more than {MAX_DEPTH} levels deep",
                        "a scenario needs about 6 levels: check the indentation and brackets "
                        "around this line",
                        event,
                    )
                total += 1
                if inside:
                    inside[-1][1] += 1
                inside.append([event.anchor, 0])
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
                anchor, held = inside.pop()
                if anchor is not None:
                    sizes[anchor] = held + 1
                if inside:
                    inside[-1][1] += held
            elif isinstance(event, yaml.ScalarEvent):
                count = 1
                if event.anchor is not None:
                    sizes[event.anchor] = 1
            elif isinstance(event, yaml.AliasEvent):
                count = sizes.get(event.anchor or "", 1)
            if count:
                total += count
                if inside:
                    inside[-1][1] += count
            if total > budget:
                raise _shape_error(
                    source,
                    f"its aliases (*name) expand to more than {budget:,} values, far more "
                    "than the file holds",
                    "write the values out instead of nesting aliases of aliases",
                    event,
                )
    except yaml.YAMLError as exc:
        raise _syntax_error(exc, source) from None


def parse_yaml(text: str, source: str) -> Any:
    """Parse YAML safely or raise a ScenarioError with the line of the problem.

    Parameters
    ----------
    text : the YAML text
    source : the file (for messages)

    Returns
    -------
    Any
        The data.
    """
    return parse_document(text, source)[0]


def parse_document(text: str, source: str) -> tuple[Any, Any]:
    """The data and the node tree of a YAML text, both from one parse.

    Raises
    ------
    ScenarioError
        On a syntax error, a document nested too deep, aliases that expand too far, a key
        given twice in one mapping (each with its line), or a date that does not exist.

    Parameters
    ----------
    text : the YAML text
    source : the file (for messages)

    Returns
    -------
    tuple[Any, Any]
        (data, node tree).
    """
    check_shape(text, source)
    loader = _LOADER(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, None
        _check_duplicate_keys(node, source)
        return loader.construct_document(node), node
    except yaml.YAMLError as exc:
        raise _syntax_error(exc, source) from None
    except (ValueError, OverflowError):  # a date that is no date: 2024-02-30, 0000-00-00
        raise _impossible_value(node, source) from None
    finally:
        loader.dispose()


def _impossible_value(root: Any, source: str) -> ScenarioError:
    """The first value YAML reads as a date or time that does not exist, with its line."""
    constructor = yaml.SafeLoader("")
    todo = [root]
    while todo:
        node = todo.pop(0)
        if isinstance(node, yaml.MappingNode):
            todo.extend(item for pair in node.value for item in pair)
        elif isinstance(node, yaml.SequenceNode):
            todo.extend(node.value)
        elif node.tag == "tag:yaml.org,2002:timestamp":
            try:
                constructor.construct_yaml_timestamp(node)
            except (ValueError, OverflowError) as exc:
                return ScenarioError(
                    source,
                    [
                        Problem(
                            "",
                            f"'{node.value}' is not a date ({exc})",
                            "write a date that exists as YYYY-MM-DD (e.g. 2017-06-30), or put "
                            "the text in quotes if it is not a date",
                            node.start_mark.line + 1,
                        )
                    ],
                )
    return ScenarioError(source, [Problem("", "a value YAML cannot read", "check the values")])


def _check_duplicate_keys(root: Any, source: str) -> None:
    """Every key given twice in one mapping, with both lines (YAML would keep only the last)."""
    problems: list[Problem] = []
    todo: list[tuple[Any, str]] = [(root, "")]
    while todo:
        node, path = todo.pop()
        if isinstance(node, yaml.MappingNode):
            seen: dict[str, int] = {}
            for key, value in node.value:
                name = str(key.value) if isinstance(key, yaml.ScalarNode) else "?"
                where = f"{path}.{name}" if path else name
                if isinstance(key, yaml.ScalarNode) and key.value != "<<":
                    line = key.start_mark.line + 1
                    if key.value in seen:
                        problems.append(
                            Problem(
                                where,
                                f"'{key.value}' is given twice, on lines {seen[key.value]} and "
                                f"{line} (YAML would silently keep only the second)",
                                "merge the two entries into one, or rename one of them",
                                line,
                            )
                        )
                    else:
                        seen[key.value] = line
                todo.append((value, where))
        elif isinstance(node, yaml.SequenceNode):
            todo.extend(
                (item, f"{path}.{k}" if path else str(k)) for k, item in enumerate(node.value)
            )
    if problems:
        raise ScenarioError(source, sorted(problems, key=lambda p: p.line or 0))


def line_finder(root: Any) -> LineOf:
    """A function mapping a field path to the 1-based line where it sits in the node tree.

    List indexes given as text ('2') find their node too. It never raises: a path that leaves
    the tree gives the line of the deepest node found.

    Parameters
    ----------
    root : the node tree of :func:`parse_document`

    Returns
    -------
    Callable
        path -> line (or None).
    """

    def line_of(path: tuple[str | int, ...]) -> int | None:
        current, best = root, None
        for part in path:
            if current is None:
                break
            best = current.start_mark.line + 1
            current = _child(current, part)
        if current is not None:
            best = current.start_mark.line + 1
        return best

    return line_of


def _child(node: Any, key: str | int) -> Any:
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if isinstance(k, yaml.ScalarNode) and str(k.value) == str(key):
                return v
    elif isinstance(node, yaml.SequenceNode):
        index = int(key) if isinstance(key, str) and key.isdigit() else key
        if isinstance(index, int) and 0 <= index < len(node.value):
            return node.value[index]
    return None


def read_yaml(path: Path, notes: list[str] | None = None) -> Scenario:
    """Load a scenario from detente's YAML format.

    Parameters
    ----------
    path : the file
    notes : collects what the reader noticed (rescaled saliences, ids made from names)

    Returns
    -------
    Scenario
        The scenario.
    """
    source = str(path)
    text, encoding = read_text(path)
    if encoding == "Windows-1252" and notes is not None:
        notes.append("read as Windows-1252 text (not UTF-8); save the file as UTF-8 to be sure")
    data, root = parse_document(text, source)
    result: Scenario = validate_as(
        Scenario, data, source, line_finder(root) if root is not None else None
    )
    return result


def comment_lines(text: str) -> int:
    """How many lines of a YAML text hold a comment, not counting detente's own header line.

    A ``#`` counts when it starts a line or follows a space or tab and lies outside every
    scalar the YAML scanner finds (so ``name: 'Issue #3'`` is not a comment). Text the scanner
    cannot read is judged by whole-line comments alone.

    Parameters
    ----------
    text : the YAML text

    Returns
    -------
    int
        The count.
    """
    hashes = [m.start() for m in re.finditer(r"(?:^|(?<=[ \t]))#", text, flags=re.MULTILINE)]
    if not hashes:
        return 0
    try:
        spans = [
            (t.start_mark.index, t.end_mark.index)
            for t in yaml.scan(text, Loader=yaml.SafeLoader)
            if isinstance(t, yaml.ScalarToken)
        ]
    except yaml.YAMLError:
        spans = []
        hashes = [m.start() for m in re.finditer(r"^[ \t]*#", text, flags=re.MULTILINE)]
    starts = [a for a, _ in spans]
    lines = set()
    for at in hashes:
        k = bisect.bisect_right(starts, at) - 1
        if k >= 0 and spans[k][0] <= at < spans[k][1]:
            continue
        lines.add(text.count("\n", 0, at))
    header = text.startswith("# detente scenario '")
    return len(lines - {0}) if header else len(lines)


def scenario_to_yaml(scenario: Scenario) -> str:
    """The scenario as YAML text, without fields left at their defaults.

    Parameters
    ----------
    scenario : the scenario

    Returns
    -------
    str
        The YAML text.
    """
    data = scenario.model_dump(mode="json", exclude_defaults=True)
    header = f"# detente scenario '{scenario.id}' (format: docs/scenario-format.md)\n"
    return header + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def write_yaml(scenario: Scenario, path: Path) -> None:
    """Write the scenario as YAML (atomically: a half-written file never replaces a good one).

    Parameters
    ----------
    scenario : the scenario
    path : the file
    """
    from detente.files import write_atomic

    write_atomic(path, scenario_to_yaml(scenario))
