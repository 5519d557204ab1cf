"""Read a futures study from a bundled name, a YAML file or a ScenarioWizard ``.scw`` file.

Everything read becomes a :class:`Futures`: the validated file (:class:`FuturesSpec`) and its
matrix. YAML errors name the line; ``.scw`` errors name the line of the matrix.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import yaml

from detente.errors import Problem, ScenarioError, UnknownNameError
from detente.files import write_atomic
from detente.futures.edit import set_judgement, spec_from_matrix
from detente.futures.matrix import CrossImpactMatrix
from detente.futures.scenariowizard import Notes, parse_notes, parse_scw, read_text, scw_text
from detente.futures.schema import FuturesSpec
from detente.scenario.problems import validate_as
from detente.scenario.yaml_io import line_finder, parse_document

BUNDLED = {"dprk-futures": "dprk-futures.yaml"}
YAML_SUFFIXES = {".yaml", ".yml"}


@dataclass(frozen=True)
class Futures:
    """A futures study: the file as validated data and its cross-impact matrix."""

    spec: FuturesSpec
    matrix: CrossImpactMatrix
    source: str
    notes: tuple[str, ...] = field(default=())

    @classmethod
    def of(
        cls, spec: FuturesSpec, source: str | None = None, notes: tuple[str, ...] = ()
    ) -> Futures:
        """A study from a validated file.

        Parameters
        ----------
        spec : the file's content
        source : where it came from, for messages (default: its id)
        notes : what the reader noticed

        Returns
        -------
        Futures
            The study with its matrix.
        """
        where = source or spec.id
        return cls(spec, spec.matrix(where), where, notes)

    def with_judgement(
        self, source: str, target: str, value: float, rationale: str | None = None
    ) -> Futures:
        """A new study with one judgement changed.

        Parameters
        ----------
        source, target : variants written ``descriptor.variant``
        value : the new judgement
        rationale : the section's new rationale, or None to keep it

        Returns
        -------
        Futures
            The edited, validated study (see :func:`detente.futures.edit.set_judgement`).
        """
        return Futures.of(set_judgement(self.spec, source, target, value, rationale), self.source)


def bundled_futures() -> list[str]:
    """Names of the futures studies shipped with detente.

    Returns
    -------
    list[str]
        Names :func:`read_futures` takes.
    """
    return list(BUNDLED)


def futures_for(scenario_id: str) -> list[str]:
    """Names of the bundled futures studies with a bridge onto a negotiation scenario.

    Parameters
    ----------
    scenario_id : the scenario's id (``korea-2005``)

    Returns
    -------
    list[str]
        The studies that bridge onto it.
    """
    return [name for name in BUNDLED if scenario_id in read_futures(name).spec.bridges]


def bundled_futures_path(name: str) -> Path:
    """Where a bundled study's YAML file lies.

    Parameters
    ----------
    name : a name from :func:`bundled_futures`

    Returns
    -------
    pathlib.Path
        The file inside the installed package.
    """
    return Path(str(resources.files("detente.futures").joinpath("data", BUNDLED[name])))


def read_futures(ref: str | Path | Futures) -> Futures:
    """A study from a bundled name (``dprk-futures``), a ``.yaml`` file or a ``.scw`` file.

    Parameters
    ----------
    ref : the name, the path, or a study (returned as is)

    Returns
    -------
    Futures
        The validated study; errors name the file and the line.
    """
    if isinstance(ref, Futures):
        return ref
    name = str(ref)
    path = Path(name)
    if not path.exists() and name in BUNDLED:
        return _from_yaml(bundled_futures_path(name), f"bundled:{name}")
    if not path.exists():
        raise UnknownNameError(
            f"'{name}' is neither a file nor a bundled futures study "
            f"(bundled: {', '.join(BUNDLED)})"
        )
    suffix = path.suffix.lower()
    if suffix in YAML_SUFFIXES:
        return _from_yaml(path, name)
    if suffix == ".scw":
        return _from_scw(path, name)
    raise ScenarioError(
        name, [Problem("", f"unknown file type '{suffix}'", "use .yaml, .yml or .scw")]
    )


def _from_yaml(path: Path, source: str) -> Futures:
    text = read_text(path, source)
    data, root = parse_document(text, source)  # guards depth, aliases and duplicate keys
    if not isinstance(data, dict):
        raise ScenarioError(
            source,
            [
                Problem(
                    "",
                    f"expected a mapping at the top, found {type(data).__name__}",
                    "see docs/futures.md",
                )
            ],
        )
    spec: FuturesSpec = validate_as(FuturesSpec, data, source, line_finder(root))
    return Futures.of(spec, source)


def _from_scw(path: Path, source: str) -> Futures:
    text = read_text(path, source)
    matrix = parse_scw(text, source)
    notes = parse_notes(text, matrix)
    stem = re.sub(r"[^A-Za-z0-9_\-]+", "_", path.stem).strip("_") or "imported"
    spec = spec_from_matrix(matrix, stem, notes.sections, notes.descriptors)
    said = [
        f"descriptor '{d}' has a non-zero block on itself; ScenarioWizard counts it in the "
        "impact balances, and so does detente"
        for d in matrix.self_impacts()
    ]
    return Futures(spec, matrix, source, tuple(said))


def load_futures(ref: str | Path) -> Futures:
    """Alias of :func:`read_futures` for symmetry with ``load_scenario``.

    Parameters
    ----------
    ref : a bundled name or a path

    Returns
    -------
    Futures
        The study.
    """
    return read_futures(ref)


def futures_to_yaml(spec: FuturesSpec) -> str:
    """The study as YAML text (fields left at their defaults are left out).

    Parameters
    ----------
    spec : the study

    Returns
    -------
    str
        The text, with a header line naming the format.
    """
    data = spec.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    header = f"# detente futures study '{spec.id}' (format: docs/futures.md)\n"
    return header + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def save_futures(futures: Futures, path: str | Path) -> None:
    """Write the study as YAML or as a ScenarioWizard ``.scw`` file, by the suffix (atomically).

    Parameters
    ----------
    futures : the study
    path : a ``.yaml``, ``.yml`` or ``.scw`` path
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in YAML_SUFFIXES:
        write_atomic(path, futures_to_yaml(futures.spec))
    elif suffix == ".scw":
        spec = futures.spec
        notes = Notes(
            {d.id: d.definition for d in spec.descriptors if d.definition},
            {(s.source, s.target): s.rationale for s in spec.judgements if s.rationale},
        )
        write_atomic(path, scw_text(futures.matrix, spec.name, notes))
    else:
        raise ScenarioError(
            str(path), [Problem("", f"cannot write '{suffix}'", "use .yaml or .scw")]
        )
