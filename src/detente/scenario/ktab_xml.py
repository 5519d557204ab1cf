"""KTAB's Spatial Model of Politics XML scenarios (``smpSchema.xsd``).

``Scenario`` holds ``name``, ``desc``, ``prngSeed``, optional ``ModelParameters`` (the nine SMP
options), ``Dimensions/dName*``, ``Actors/Actor*`` (``name``, ``description``, ``capability``,
``Position/dCoord*`` and ``Salience/dSal*`` on 0-100, at least 3 actors) and optional
``IdealAdjustment/iaPair*``. Parameters, seed and ideal adjustment go to ``params["smp"]``.
Unlike KTAB, every problem is reported with its line and the reader fails instead of logging.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any
from xml.parsers import expat

from detente.errors import Problem, ScenarioError
from detente.scenario.ids import IdMaker, suggest_id
from detente.scenario.limits import read_bytes
from detente.scenario.problems import validate_as
from detente.scenario.schema import Scenario

MIN_ACTORS = 3  # KTAB Model::minNumActor and the schema's minOccurs
MAX_DEPTH = 64  # element nesting; KTAB's schema needs 4
FIX_SCHEMA = "see KTAB's smpSchema.xsd or docs/models/smp.md"
# KTAB's XML element of each SMP option (smpSchema.xsd); the values live with the smp model.
XML_NAMES = {
    "VictoryProbModel": "victory_prob_model",
    "PCEModel": "pce_model",
    "StateTransitions": "state_transitions",
    "VotingRule": "voting_rule",
    "BigRAdjust": "big_r_adjust",
    "BigRRange": "big_r_range",
    "ThirdPartyCommit": "third_party_commit",
    "InterVecBrgn": "inter_vec_brgn",
    "BargnModel": "bargn_model",
}


class _TooDeep(Exception):
    """Raised from the parser's callback to stop at the depth limit."""


class _Reader:
    """Parse with line numbers kept for every element, collecting problems as it goes."""

    def __init__(self, path: Path):
        self.source = str(path)
        self.problems: list[Problem] = []
        self.lines: dict[int, int] = {}
        self.root = self._parse(read_bytes(path))

    def _parse(self, data: bytes) -> ET.Element:
        builder = ET.TreeBuilder()
        parser = expat.ParserCreate()
        depth = [0]

        def start(tag: str, attrs: dict[str, str]) -> None:
            depth[0] += 1
            if depth[0] > MAX_DEPTH:
                raise _TooDeep
            self.lines[id(builder.start(tag, attrs))] = parser.CurrentLineNumber

        def end(tag: str) -> None:
            depth[0] -= 1
            builder.end(tag)

        parser.StartElementHandler = start
        parser.EndElementHandler = end
        parser.CharacterDataHandler = builder.data
        try:
            parser.Parse(data, True)
            return builder.close()
        except expat.ExpatError as exc:
            fix = "fix the XML syntax"
            if "encoding" in str(exc):
                fix = 'declare a known encoding, e.g. <?xml version="1.0" encoding="UTF-8"?>'
            raise self._error(f"not well-formed XML ({exc})", fix, exc.lineno) from None
        except LookupError as exc:  # an encoding name Python does not know ("UTF-inf")
            raise self._error(
                f"the XML declares an unknown encoding ({exc})",
                'declare encoding="UTF-8" in the first line and save the file as UTF-8',
                1,
            ) from None
        except (UnicodeError, ValueError) as exc:
            raise self._error(
                f"the text does not match its declared encoding ({exc})",
                'save the file as UTF-8 and declare encoding="UTF-8"',
                parser.CurrentLineNumber,
            ) from None
        except _TooDeep:
            raise self._error(
                f"elements nested more than {MAX_DEPTH} levels deep",
                f"a KTAB scenario needs 4 levels; {FIX_SCHEMA}",
                parser.CurrentLineNumber,
            ) from None

    def _error(self, message: str, fix: str, line: int | None) -> ScenarioError:
        return ScenarioError(self.source, [Problem("", message, fix, line)])

    def problem(self, elem: ET.Element | None, where: str, message: str, fix: str) -> None:
        line = self.lines.get(id(elem)) if elem is not None else None
        self.problems.append(Problem(where, message, fix, line))

    def text(self, parent: ET.Element, tag: str, where: str, required: bool = True) -> str | None:
        elem = parent.find(tag)
        value = (elem.text or "").strip() if elem is not None else ""
        if not value and required:
            self.problem(
                elem if elem is not None else parent,
                f"{where}/{tag}",
                "is missing or empty",
                f"give a value ({FIX_SCHEMA})",
            )
            return None
        return value

    def child_number(
        self, parent: ET.Element, tag: str, where: str, low: float, high: float
    ) -> float | None:
        elem = parent.find(tag)
        if elem is None:
            self.problem(parent, f"{where}/{tag}", "is missing", f"give a value ({FIX_SCHEMA})")
            return None
        return self.number(elem, f"{where}/{tag}", low, high)

    def number(self, elem: ET.Element, where: str, low: float, high: float) -> float | None:
        text = (elem.text or "").strip()
        try:
            value = float(text)
        except ValueError:
            value = math.nan
        if not text or not math.isfinite(value):
            self.problem(
                elem, where, f"'{text}' is not a number" if text else "is empty", "give a number"
            )
            return None
        if not low <= value <= high:
            self.problem(
                elem,
                where,
                f"{value:g} is outside [{low:g}, {high:g}]",
                f"give a value from {low:g} to {high:g}",
            )
            return None
        return value


def _parameters(rd: _Reader, root: ET.Element) -> dict[str, Any]:
    block = root.find("ModelParameters")
    if block is None:
        return {}
    from detente.models.smp.choices import CHOICES, value_name

    params: dict[str, Any] = {}
    for elem in block:
        name = XML_NAMES.get(elem.tag)
        where = f"ModelParameters/{elem.tag}"
        if name is None:
            rd.problem(elem, where, "unknown model parameter", f"use one of {', '.join(XML_NAMES)}")
            continue
        value = value_name(name, (elem.text or "").strip())
        if value is None:
            rd.problem(
                elem,
                where,
                f"unknown value '{(elem.text or '').strip()}'",
                f"use one of {', '.join(CHOICES[name][0])}",
            )
            continue
        params[name] = value
    missing = [xml for xml in XML_NAMES if XML_NAMES[xml] not in params and block.find(xml) is None]
    if missing:
        rd.problem(
            block,
            "ModelParameters",
            f"lacks {', '.join(missing)}",
            "give all nine parameters, or leave the block out for the defaults",
        )
    return params


def _actors(
    rd: _Reader, root: ET.Element, dims: list[str], actor_of: IdMaker
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    actors: list[dict[str, Any]] = []
    stances: dict[str, Any] = {}
    block = root.find("Actors")
    elems = block.findall("Actor") if block is not None else []
    if len(elems) < MIN_ACTORS:
        rd.problem(
            block if block is not None else root,
            "Actors",
            f"{len(elems)} actor(s); KTAB's SMP needs at least {MIN_ACTORS}",
            "add actors",
        )
    for k, elem in enumerate(elems, start=1):
        name = rd.text(elem, "name", f"Actor {k}") or f"actor{k}"
        where = f"Actor {k} ({name})"
        cap = rd.child_number(elem, "capability", where, 0.0, 1000.0)
        if cap is not None and cap <= 0:
            rd.problem(elem, f"{where}/capability", "must be above 0", "give a positive number")
            cap = None
        pos = _vector(rd, elem, "Position", "dCoord", where, len(dims))
        sal = _vector(rd, elem, "Salience", "dSal", where, len(dims))
        if sal is not None and sum(sal) > 100 + 1e-9:
            rd.problem(
                elem.find("Salience"),
                f"{where}/Salience",
                f"saliences sum to {sum(sal):g}, above 100",
                "scale the saliences down so they sum to 100 or less",
            )
        if cap is None or pos is None or sal is None:
            continue
        aid = actor_of(name)
        actors.append(
            {
                "id": aid,
                "name": name,
                "capability": cap,
                "notes": rd.text(elem, "description", where, required=False) or None,
            }
        )
        stances[aid] = {
            d: {"position": p, "salience": s / 100.0}
            for d, p, s in zip(dims, pos, sal, strict=True)
        }
    return actors, stances


def _vector(
    rd: _Reader, actor: ET.Element, tag: str, item: str, where: str, n_dims: int
) -> list[float] | None:
    block = actor.find(tag)
    items = block.findall(item) if block is not None else []
    if len(items) != n_dims:
        rd.problem(
            block if block is not None else actor,
            f"{where}/{tag}",
            f"{len(items)} {item} value(s) for {n_dims} dimension(s)",
            f"give one {item} per dimension",
        )
        return None
    values = [
        rd.number(e, f"{where}/{tag}/{item}[{k + 1}]", 0.0, 100.0) for k, e in enumerate(items)
    ]
    return None if any(v is None for v in values) else [v for v in values if v is not None]


def _ideal_adjustment(rd: _Reader, root: ET.Element, names: dict[str, str]) -> dict[str, Any]:
    rates: dict[str, dict[str, float]] = {}
    block = root.find("IdealAdjustment")
    for k, pair in enumerate(block.findall("iaPair") if block is not None else [], start=1):
        where = f"IdealAdjustment/iaPair {k}"
        actor = rd.text(pair, "adjustingIdeal", where)
        ref = rd.text(pair, "referencePos", where)
        rate = rd.child_number(pair, "adjust", where, 0.0, 1.0)
        for who in (actor, ref):
            if who is not None and who not in names:
                rd.problem(pair, where, f"unknown actor '{who}'", "use an actor's <name>")
        if actor in names and ref in names and rate is not None:
            rates.setdefault(names[actor], {})[names[ref]] = rate
    return rates


def _seed(rd: _Reader, root: ET.Element, params: dict[str, Any]) -> None:
    """KTAB's ``prngSeed`` into ``params["seed"]`` (0 means "draw a random seed": left out)."""
    seed_text = rd.text(root, "prngSeed", "Scenario")
    if seed_text is None:
        return
    if seed_text.isascii() and seed_text.isdigit():
        if int(seed_text) > 0:
            params["seed"] = int(seed_text)
    else:
        rd.problem(
            root.find("prngSeed"),
            "Scenario/prngSeed",
            f"'{seed_text}' is not a whole number",
            "give a non-negative integer (0 = random)",
        )


def _dimensions(rd: _Reader, root: ET.Element, dim_of: IdMaker) -> list[str]:
    """Issue ids from ``Dimensions/dName`` (``dim1``, ... when the block is absent)."""
    names = [
        (e.text or "").strip() or f"dim{k + 1}"
        for k, e in enumerate(root.findall("Dimensions/dName"))
    ]
    if not names:
        first = root.find("Actors/Actor/Position")
        names = [
            f"dim{k + 1}" for k in range(len(first.findall("dCoord")) if first is not None else 1)
        ]
    if len(set(names)) != len(names):
        rd.problem(
            root.find("Dimensions"),
            "Dimensions",
            "two dimensions share a name",
            "give every dName a different name",
        )
    return [dim_of(n) for n in names]


def read_ktab_xml(path: Path, notes: list[str] | None = None) -> Scenario:
    """Read a KTAB SMP XML scenario (saliences rescaled from 0-100 to 0-1).

    Parameters
    ----------
    path : the file
    notes : collects what the reader noticed (rescaled saliences, ids made from names)

    Returns
    -------
    Scenario
        The scenario; the model parameters the file sets are kept under ``params['smp']``.
    """
    rd = _Reader(Path(path))
    root = rd.root
    if root.tag != "Scenario":
        raise rd._error(
            f"the root element is <{root.tag}>, not <Scenario>", FIX_SCHEMA, rd.lines.get(id(root))
        )
    name = rd.text(root, "name", "Scenario") or Path(path).stem
    params = _parameters(rd, root)
    _seed(rd, root, params)
    dim_of, actor_of = IdMaker("dimension"), IdMaker("actor")
    dims = _dimensions(rd, root, dim_of)
    actors, stances = _actors(rd, root, dims, actor_of)
    adjustment = _ideal_adjustment(rd, root, {a["name"]: a["id"] for a in actors})
    if adjustment:
        params["ideal_adjustment"] = adjustment
    if rd.problems:
        raise ScenarioError(rd.source, rd.problems)
    if notes is not None:
        notes.append("KTAB saliences (0-100, summing to at most 100) divided by 100")
        notes.extend(n for n in (actor_of.note(), dim_of.note()) if n)
    data = {
        "id": suggest_id(name, "scenario"),
        "name": name,
        "description": rd.text(root, "desc", "Scenario", required=False) or "",
        "actors": actors,
        "issues": [{"id": d, "name": d} for d in dims],
        "stances": stances,
        "params": {"smp": params} if params else {},
    }
    result: Scenario = validate_as(Scenario, data, rd.source)
    return result
