"""Build and edit futures files as data: one judgement at a time, or from a bare matrix.

Every edit returns a new, validated :class:`FuturesSpec` (a workspace saves it as a new
version); nothing is changed in place.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from detente.errors import UnknownNameError
from detente.futures.matrix import CrossImpactMatrix
from detente.futures.schema import FuturesSpec
from detente.scenario.problems import validate_as


def _split(spec: FuturesSpec, ref: str) -> tuple[str, int]:
    descriptor, dot, variant = ref.partition(".")
    d = spec.descriptor(descriptor)
    ids = [v.id for v in d.variants]
    if not dot or variant not in ids:
        raise UnknownNameError(
            f"'{ref}': name a variant as DESCRIPTOR.VARIANT (variants of '{d.id}': "
            f"{', '.join(ids)})"
        )
    return d.id, ids.index(variant)


def set_judgement(
    spec: FuturesSpec, source: str, target: str, value: float, rationale: str | None = None
) -> FuturesSpec:
    """``spec`` with the judgement of variant ``source`` on variant ``target`` set to ``value``.

    The section is created (all other judgements zero) when the file has none for this pair of
    descriptors; ``rationale`` replaces the section's rationale when given.

    Parameters
    ----------
    spec : the study
    source, target : variants written ``descriptor.variant``
    value : the new judgement
    rationale : the section's new rationale, or None to keep it

    Returns
    -------
    FuturesSpec
        A new, validated study; a self-impact or an unknown variant is refused.
    """
    s_desc, s_var = _split(spec, source)
    t_desc, t_var = _split(spec, target)
    data = spec.model_dump(by_alias=True)
    sections: list[dict[str, Any]] = [dict(s) for s in data["judgements"]]
    data["judgements"] = sections
    found = next((s for s in sections if (s["from"], s["to"]) == (s_desc, t_desc)), None)
    if found is None:
        width = len(spec.descriptor(t_desc).variants)
        found = {
            "from": s_desc,
            "to": t_desc,
            "rationale": "",
            "values": {v.id: [0.0] * width for v in spec.descriptor(s_desc).variants},
        }
        sections.append(found)
    row_id = spec.descriptor(s_desc).variants[s_var].id
    row = list(found["values"][row_id])
    row[t_var] = float(value)
    found["values"][row_id] = row
    if rationale is not None:
        found["rationale"] = rationale
    result: FuturesSpec = validate_as(FuturesSpec, data, f"edit of '{spec.id}'")
    return result


def spec_from_matrix(
    matrix: CrossImpactMatrix,
    spec_id: str = "imported",
    rationales: Mapping[tuple[str, str], str] | None = None,
    definitions: Mapping[str, str] | None = None,
) -> FuturesSpec:
    """A futures file holding ``matrix`` (one section per non-zero block), for writing as YAML.

    The scale widens to hold every judgement; ids must suit the YAML format (no dots).

    Parameters
    ----------
    matrix : the judgements
    spec_id : the study's id
    rationales : rationale per (source descriptor, target descriptor)
    definitions : definition per descriptor

    Returns
    -------
    FuturesSpec
        The validated study.
    """
    rationales = rationales or {}
    definitions = definitions or {}
    o = matrix.offsets
    sections = []
    for i, src in enumerate(matrix.descriptors):
        for j, tgt in enumerate(matrix.descriptors):
            block = matrix.values[o[i] : o[i + 1], o[j] : o[j + 1]]
            note = rationales.get((src.id, tgt.id), "")
            if not np.any(block) and not note:
                continue
            sections.append(
                {
                    "from": src.id,
                    "to": tgt.id,
                    "rationale": note,
                    "values": {
                        v: [_plain(x) for x in row]
                        for v, row in zip(src.variants, block, strict=True)
                    },
                    **({"self_impact": True} if i == j and np.any(block) else {}),
                }
            )
    low, high = float(matrix.values.min()), float(matrix.values.max())
    data = {
        "id": spec_id,
        "name": matrix.name or spec_id,
        "scale": [min(-3.0, low), max(3.0, high)],
        "descriptors": [
            {
                "id": d.id,
                "name": d.name,
                "definition": definitions.get(d.id, ""),
                "variants": [{"id": v} for v in d.variants],
            }
            for d in matrix.descriptors
        ],
        "judgements": sections,
    }
    result: FuturesSpec = validate_as(FuturesSpec, data, matrix.source)
    return result


def _plain(x: float) -> float | int:
    return int(x) if float(x).is_integer() else float(x)
