"""Cross-field checks of a futures file that field types cannot express.

Each problem is a (field path, message, fix) triple, so the reader can name the line it sits on
and say how to mend it.
"""

from __future__ import annotations

import math
from collections import Counter
from typing import TYPE_CHECKING

from detente.futures.matrix import MAX_TOTAL_VARIANTS
from detente.scenario.checks import InconsistentScenario

if TYPE_CHECKING:
    from detente.futures.schema import Bridge, FuturesSpec, Section

Problems = list[tuple[str, str, str]]


def check_spec(spec: FuturesSpec) -> None:
    """Raise :class:`InconsistentScenario` naming every problem of the file.

    Parameters
    ----------
    spec : the futures file as validated field by field
    """
    problems: Problems = []
    problems += _duplicates(spec)
    size = sum(len(d.variants) for d in spec.descriptors)
    if size > MAX_TOTAL_VARIANTS:
        problems.append(
            (
                "descriptors",
                f"{size} variants in all (the matrix would be {size} x {size})",
                f"give {MAX_TOTAL_VARIANTS} variants or fewer across the descriptors",
            )
        )
        raise InconsistentScenario(problems)
    variants = {d.id: [v.id for v in d.variants] for d in spec.descriptors}
    known_sources = {s.id for s in spec.sources}
    for k, d in enumerate(spec.descriptors):
        unknown = [s for s in d.sources if s not in known_sources]
        if unknown:
            problems.append(
                (
                    f"descriptors.{k}.sources",
                    f"source(s) {unknown} not defined under 'sources'",
                    "add them under 'sources' or drop the citation",
                )
            )
        probs = [v.probability for v in d.variants]
        given = any(p is not None for p in probs)
        whole = all(p is not None for p in probs) and math.isclose(
            sum(p or 0.0 for p in probs), 1.0, abs_tol=1e-6
        )
        if given and not whole:
            problems.append(
                (
                    f"descriptors.{k}.variants",
                    f"probabilities of '{d.id}' must be given for every variant and sum to 1",
                    "give every variant a probability, summing to 1, or give none",
                )
            )
    seen: set[tuple[str, str]] = set()
    for k, section in enumerate(spec.judgements):
        problems += _section(spec, k, section, variants, seen)
    for scenario_id, bridge in spec.bridges.items():
        problems += _bridge(f"bridges.{scenario_id}", bridge, variants)
    if problems:
        raise InconsistentScenario(problems)


def _duplicates(spec: FuturesSpec) -> Problems:
    out: Problems = []
    for kind, ids in (
        ("descriptor", [d.id for d in spec.descriptors]),
        ("source", [s.id for s in spec.sources]),
    ):
        dups = [i for i, n in Counter(ids).items() if n > 1]
        if dups:
            out.append((f"{kind}s", f"duplicate {kind} id(s) {dups}", "rename one of them"))
    for k, d in enumerate(spec.descriptors):
        dups = [i for i, n in Counter(v.id for v in d.variants).items() if n > 1]
        if dups:
            out.append(
                (f"descriptors.{k}.variants", f"duplicate variant id(s) {dups}", "rename one")
            )
    return out


def _section(
    spec: FuturesSpec,
    k: int,
    s: Section,
    variants: dict[str, list[str]],
    seen: set[tuple[str, str]],
) -> Problems:
    where = f"judgements.{k}"
    out: Problems = []
    for field, ref in (("from", s.source), ("to", s.target)):
        if ref not in variants:
            out.append(
                (
                    f"{where}.{field}",
                    f"unknown descriptor id '{ref}'",
                    f"use one of {', '.join(variants)}",
                )
            )
    if out:
        return out
    if (s.source, s.target) in seen:
        out.append(
            (
                where,
                f"duplicate judgement section {s.source} -> {s.target}",
                "merge the two sections into one",
            )
        )
    seen.add((s.source, s.target))
    return out + _values(spec, where, s, variants) + _self_impact(where, s)


def _values(spec: FuturesSpec, where: str, s: Section, variants: dict[str, list[str]]) -> Problems:
    """One row per variant of 'from', one value per variant of 'to', inside the scale."""
    out: Problems = []
    rows, columns = variants[s.source], variants[s.target]
    missing = [v for v in rows if v not in s.values]
    extra = [v for v in s.values if v not in rows]
    if missing or extra:
        out.append(
            (
                f"{where}.values",
                f"variant count mismatch: give one row per variant of '{s.source}' "
                f"({', '.join(rows)}); missing {missing or 'none'}, unknown {extra or 'none'}",
                "give one row per variant of 'from', keyed by the variant's id",
            )
        )
    for v, row in s.values.items():
        if len(row) != len(columns):
            out.append(
                (
                    f"{where}.values.{v}",
                    f"variant count mismatch: {len(row)} values for the {len(columns)} "
                    f"variants of '{s.target}' ({', '.join(columns)})",
                    "give one value per variant of 'to', in the order the descriptor lists them",
                )
            )
        elif spec.scale is not None and any(not spec.scale[0] <= x <= spec.scale[1] for x in row):
            out.append(
                (
                    f"{where}.values.{v}",
                    f"a judgement lies outside the scale {list(spec.scale)}",
                    "change the judgement, or widen 'scale'",
                )
            )
    return out


def _self_impact(where: str, s: Section) -> Problems:
    """A section of a descriptor on itself needs ``self_impact: true`` (and only such one)."""
    out: Problems = []
    if s.source == s.target and not s.self_impact:
        if any(x != 0 for row in s.values.values() for x in row):
            out.append(
                (
                    where,
                    f"non-zero self-impact block: '{s.source}' judges itself; a descriptor "
                    "does not judge itself in standard CIB",
                    "drop the section, or set 'self_impact: true' to keep ScenarioWizard's "
                    "reading of it (it counts in the balances)",
                )
            )
    elif s.self_impact and s.source != s.target:
        out.append(
            (
                f"{where}.self_impact",
                "self_impact applies only to a section whose 'from' and 'to' are the same",
                "drop 'self_impact'",
            )
        )
    return out


def _bridge(where: str, bridge: Bridge, variants: dict[str, list[str]]) -> Problems:
    from detente.errors import DetenteError
    from detente.scenario.change_forms import parse_change

    out: Problems = []
    for ref, changes in bridge.changes.items():
        descriptor, dot, variant = ref.partition(".")
        if not dot or descriptor not in variants:
            out.append(
                (
                    f"{where}.changes.{ref}",
                    f"unknown descriptor id in '{ref}'",
                    f"write DESCRIPTOR.VARIANT with one of {', '.join(variants)}",
                )
            )
            continue
        if variant not in variants[descriptor]:
            out.append(
                (
                    f"{where}.changes.{ref}",
                    f"unknown variant '{variant}' of '{descriptor}'",
                    f"use one of {', '.join(variants[descriptor])}",
                )
            )
        for n, change in enumerate(changes):
            try:
                parse_change(change)
            except DetenteError as exc:
                out.append((f"{where}.changes.{ref}.{n}", str(exc), "see docs/analysis/whatif.md"))
    return out
