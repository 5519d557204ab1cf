"""detente's futures file: descriptors with sourced definitions, judgements with rationales,
and the bridge from each variant to what-if changes on a negotiation scenario.

Plain, validated, immutable data (pydantic v2); :func:`FuturesSpec.matrix` gives the numbers.
The cross-field rules (ids resolve, each judgement section fits its descriptors) are in
:mod:`detente.futures.checks`. JSON Schema: docs/futures.schema.json.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, model_validator

from detente.futures.matrix import MAX_DESCRIPTORS, MAX_VARIANTS, CrossImpactMatrix, Descriptor

# Ids as written (ScenarioWizard's too): no dots (they join DESCRIPTOR.VARIANT), no line breaks,
# no space at either end.
FUTURES_ID = r"^[^.\s](?:[^.\r\n]*[^.\s])?$"
Id = Annotated[str, Field(pattern=FUTURES_ID, min_length=1, max_length=100)]
Text = Annotated[str, Field(max_length=10_000)]
Judgement = Annotated[float, Field(allow_inf_nan=False)]
ChangeText = Annotated[str, Field(max_length=1_000)]


class Frozen(BaseModel):
    """Immutable, unknown keys rejected, NaN refused."""

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)


class Reference(Frozen):
    """A work the descriptors draw on."""

    id: Id
    title: Text
    author: Text = ""
    year: int | None = None
    url: str | None = None
    publisher: Text = ""


class Variant(Frozen):
    """One state a descriptor can take, with an optional expert probability (all or none)."""

    id: Id
    name: Text = ""
    description: Text = ""
    probability: float | None = Field(default=None, ge=0, le=1)


class DescriptorSpec(Frozen):
    """A factor of the future, its definition, its sources and its variants."""

    id: Id
    name: Text = ""
    definition: Text = ""
    sources: tuple[Id, ...] = ()
    variants: tuple[Variant, ...] = Field(min_length=1, max_length=MAX_VARIANTS)


class Section(Frozen):
    """The judgements of one descriptor on another (a judgement section), with its rationale.

    ``values`` maps each variant of ``from`` to one judgement per variant of ``to``, in order:
    how much that variant, when it holds, promotes (> 0) or hinders (< 0) each variant of ``to``.
    """

    model_config = ConfigDict(populate_by_name=True)

    source: Id = Field(alias="from")
    target: Id = Field(alias="to")
    rationale: Text = ""
    values: dict[str, tuple[Judgement, ...]]
    self_impact: bool = False


class Bridge(Frozen):
    """What-if changes (docs/analysis/whatif.md) that each variant brings to one scenario."""

    description: Text = ""
    changes: dict[str, tuple[ChangeText | dict[str, Any], ...]] = Field(default_factory=dict)


class FuturesSpec(Frozen):
    """A cross-impact study: descriptors, judgements and bridges to negotiation scenarios."""

    id: Id
    name: Text
    description: Text = ""
    illustrative: bool = False
    horizon: Text = ""
    scale: tuple[float, float] | None = (-3.0, 3.0)
    sources: tuple[Reference, ...] = ()
    descriptors: tuple[DescriptorSpec, ...] = Field(min_length=1, max_length=MAX_DESCRIPTORS)
    judgements: tuple[Section, ...] = Field(default=(), max_length=MAX_DESCRIPTORS**2)
    bridges: dict[Id, Bridge] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _consistent(self) -> FuturesSpec:
        from detente.futures.checks import check_spec

        check_spec(self)
        return self

    def descriptor(self, descriptor_id: str) -> DescriptorSpec:
        """The descriptor with this id.

        Parameters
        ----------
        descriptor_id : its id

        Returns
        -------
        DescriptorSpec
            The descriptor; an unknown id is refused listing the known ones.
        """
        for d in self.descriptors:
            if d.id == descriptor_id:
                return d
        from detente.errors import UnknownNameError

        known = ", ".join(d.id for d in self.descriptors)
        raise UnknownNameError(f"no descriptor '{descriptor_id}' (known: {known})")

    def matrix(self, source: str | None = None) -> CrossImpactMatrix:
        """The judgements as a :class:`CrossImpactMatrix` (cells no section names are 0).

        Parameters
        ----------
        source : the matrix's source in messages (default: the study's id)

        Returns
        -------
        CrossImpactMatrix
            The matrix, descriptors and variants in file order.
        """
        descriptors = tuple(
            Descriptor(d.id, tuple(v.id for v in d.variants), d.name) for d in self.descriptors
        )
        sizes = [len(d.variants) for d in descriptors]
        offsets = np.concatenate([[0], np.cumsum(sizes)]).astype(int)
        where = {d.id: j for j, d in enumerate(descriptors)}
        values = np.zeros((offsets[-1], offsets[-1]))
        for s in self.judgements:
            i, j = where[s.source], where[s.target]
            block = np.array([s.values[v] for v in descriptors[i].variants], dtype=float)
            values[offsets[i] : offsets[i + 1], offsets[j] : offsets[j + 1]] = block
        return CrossImpactMatrix(
            descriptors,
            values,
            source or self.id,
            self.name,
            self_impact=any(s.self_impact for s in self.judgements),
        )

    def priors(self) -> dict[str, dict[str, float]] | None:
        """Expert probabilities of the variants.

        Returns
        -------
        dict or None
            {descriptor: {variant: p}}, or None where the file gives none.
        """
        if not any(v.probability is not None for d in self.descriptors for v in d.variants):
            return None
        return {
            d.id: {v.id: float(v.probability or 0.0) for v in d.variants} for d in self.descriptors
        }


def schema_json() -> str:
    """The JSON Schema of the futures format (committed as docs/futures.schema.json).

    Returns
    -------
    str
        The schema as indented JSON.
    """
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **FuturesSpec.model_json_schema(by_alias=True),
    }
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
