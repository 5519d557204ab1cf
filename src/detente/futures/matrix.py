"""The cross-impact matrix: descriptors, their variants, and the judgements between variants.

A matrix is plain, immutable, validated data. Rows are the *source* variants, columns the
*target* variants, descriptors in order, so ``values[r, c]`` is how much variant ``r`` (when it
holds) promotes (> 0) or hinders (< 0) variant ``c``. The blocks of a descriptor on itself are
zero (Weimer-Jehle 2006). Editing one judgement returns a new matrix; nothing is changed in place.

References
----------
Weimer-Jehle, W. (2006). Cross-impact balances: a system-theoretical approach to cross-impact
analysis. Technological Forecasting and Social Change 73(4), 334-361.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from math import prod

import numpy as np

from detente.errors import Problem, ScenarioError, UnknownNameError

MAX_DESCRIPTORS = 200
MAX_VARIANTS = 50  # per descriptor
MAX_TOTAL_VARIANTS = 1_000  # all descriptors together: the matrix holds at most 8 MB


@dataclass(frozen=True)
class Descriptor:
    """A factor of the future (regime stability, China's policy ...) and its variants' ids."""

    id: str
    variants: tuple[str, ...]
    name: str = ""

    @property
    def label(self) -> str:
        """The display name, or the id where there is none."""
        return self.name or self.id


def _problems_of(
    descriptors: Sequence[Descriptor], values: np.ndarray, self_impact: bool
) -> list[Problem]:
    problems: list[Problem] = []
    if not 1 <= len(descriptors) <= MAX_DESCRIPTORS:
        problems.append(
            Problem("descriptors", f"{len(descriptors)} descriptors", f"give 1-{MAX_DESCRIPTORS}")
        )
    seen: set[str] = set()
    for d in descriptors:
        if not d.id or d.id in seen:
            problems.append(Problem(f"descriptor '{d.id}'", "empty or duplicate id", "rename it"))
        seen.add(d.id)
        if not 1 <= len(d.variants) <= MAX_VARIANTS or len(set(d.variants)) != len(d.variants):
            problems.append(
                Problem(
                    f"descriptor '{d.id}'",
                    f"{len(d.variants)} variants, or a variant id given twice",
                    f"give 1-{MAX_VARIANTS} variants with distinct ids",
                )
            )
    size = sum(len(d.variants) for d in descriptors)
    if size > MAX_TOTAL_VARIANTS:
        problems.append(
            Problem("descriptors", f"{size} variants in all", f"give {MAX_TOTAL_VARIANTS} or fewer")
        )
    if problems:
        return problems
    if values.ndim != 2 or values.shape != (size, size):
        return [
            Problem(
                "matrix",
                f"shape {values.shape} is not square with one row and column per variant",
                f"give {size} x {size} judgements (the descriptors have {size} variants)",
            )
        ]
    if not np.isfinite(values).all():
        return [Problem("matrix", "a judgement is not a finite number", "give numbers")]
    if self_impact:
        return problems
    for d, (start, stop) in zip(descriptors, _spans(descriptors), strict=True):
        if np.any(values[start:stop, start:stop] != 0):
            problems.append(
                Problem(
                    f"judgements {d.id} -> {d.id}",
                    "non-zero self-impact block",
                    "a descriptor does not judge itself: make this block zero (or allow "
                    "self-impact, as ScenarioWizard does for context descriptors)",
                )
            )
    return problems


def _spans(descriptors: Sequence[Descriptor]) -> list[tuple[int, int]]:
    stops = np.cumsum([len(d.variants) for d in descriptors]).tolist()
    return list(zip([0, *stops[:-1]], stops, strict=True))


@dataclass(frozen=True, eq=False)
class CrossImpactMatrix:
    """Descriptors with variants and the (variants x variants) judgements between them.

    Parameters
    ----------
    descriptors : the descriptors in matrix order
    values : (V, V) judgements, V the total number of variants; copied and made read-only
    source : where the matrix came from, for error messages
    name : a title (ScenarioWizard's second line; the YAML file's ``name``)
    self_impact : allow non-zero blocks of a descriptor on itself. Standard CIB has none;
        ScenarioWizard keeps them and counts them in the balances (its files use them to make a
        context descriptor hold its variant), and so does detente when this is set.
    """

    descriptors: tuple[Descriptor, ...]
    values: np.ndarray
    source: str = "cross-impact matrix"
    name: str = ""
    self_impact: bool = False
    offsets: np.ndarray = field(init=False, repr=False)

    def __post_init__(self) -> None:
        descriptors = tuple(self.descriptors)
        values = np.array(self.values, dtype=float, copy=True)
        problems = _problems_of(descriptors, values, self.self_impact)
        if problems:
            raise ScenarioError(self.source, problems)
        values.setflags(write=False)
        sizes = [len(d.variants) for d in descriptors]
        offsets = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)
        offsets.setflags(write=False)
        object.__setattr__(self, "descriptors", descriptors)
        object.__setattr__(self, "values", values)
        object.__setattr__(self, "offsets", offsets)

    # -- shape ----------------------------------------------------------------------------------
    @property
    def ids(self) -> list[str]:
        """The descriptors' ids in matrix order."""
        return [d.id for d in self.descriptors]

    @property
    def sizes(self) -> np.ndarray:
        """Number of variants of each descriptor."""
        return np.diff(self.offsets)

    @property
    def n_variants(self) -> int:
        """The number of variants of all descriptors together (the matrix's side)."""
        return int(self.offsets[-1])

    @property
    def combinations(self) -> int:
        """How many scenarios the product of all variants holds (a Python int: never overflows)."""
        return prod(len(d.variants) for d in self.descriptors)

    @property
    def is_integer(self) -> bool:
        """Whether every judgement is a whole number (scores are then printed as ints)."""
        return bool(np.all(self.values == np.round(self.values)))

    def descriptor(self, descriptor_id: str) -> Descriptor:
        """The descriptor with this id.

        Parameters
        ----------
        descriptor_id : its id

        Returns
        -------
        Descriptor
            The descriptor; an unknown id is refused listing the known ones.
        """
        for d in self.descriptors:
            if d.id == descriptor_id:
                return d
        raise UnknownNameError(
            f"{self.source}: no descriptor '{descriptor_id}' (known: {', '.join(self.ids)})"
        )

    def position(self, descriptor_id: str) -> int:
        """The index of a descriptor in matrix order.

        Parameters
        ----------
        descriptor_id : its id

        Returns
        -------
        int
            0-based position.
        """
        return self.ids.index(self.descriptor(descriptor_id).id)

    def index(self, descriptor_id: str, variant_id: str) -> int:
        """The row (and column) of a variant in the matrix.

        Parameters
        ----------
        descriptor_id : the descriptor's id
        variant_id : the variant's id

        Returns
        -------
        int
            0-based row.
        """
        j = self.position(descriptor_id)
        variants = self.descriptors[j].variants
        if variant_id not in variants:
            raise UnknownNameError(
                f"{self.source}: descriptor '{descriptor_id}' has no variant '{variant_id}' "
                f"(known: {', '.join(variants)})"
            )
        return int(self.offsets[j]) + variants.index(variant_id)

    def index_of(self, ref: str) -> int:
        """The row of a variant written ``descriptor.variant`` (or ``descriptor=variant``).

        Parameters
        ----------
        ref : the variant

        Returns
        -------
        int
            0-based row.
        """
        sep = "=" if "=" in ref else "."
        descriptor_id, found, variant_id = ref.partition(sep)
        if not found:
            raise UnknownNameError(
                f"'{ref}': name a variant as DESCRIPTOR.VARIANT "
                f"(descriptors: {', '.join(self.ids)})"
            )
        return self.index(descriptor_id, variant_id)

    # -- judgements -----------------------------------------------------------------------------
    def judgement(self, source: str, target: str) -> float:
        """The judgement of one variant on another.

        Parameters
        ----------
        source, target : variants written ``descriptor.variant``

        Returns
        -------
        float
            How much ``source`` promotes (> 0) or hinders (< 0) ``target``.
        """
        return float(self.values[self.index_of(source), self.index_of(target)])

    def block(self, source: str, target: str) -> np.ndarray:
        """The judgement section of one descriptor on another.

        Parameters
        ----------
        source, target : descriptor ids

        Returns
        -------
        numpy.ndarray
            A read-only view, source variants down, target variants across.
        """
        i, j = self.position(source), self.position(target)
        o = self.offsets
        return self.values[o[i] : o[i + 1], o[j] : o[j + 1]]

    def self_impacts(self) -> list[str]:
        """Ids of the descriptors with a non-zero block on themselves.

        Returns
        -------
        list[str]
            Empty for a standard CIB matrix.
        """
        o = self.offsets
        return [
            d.id
            for j, d in enumerate(self.descriptors)
            if np.any(self.values[o[j] : o[j + 1], o[j] : o[j + 1]] != 0)
        ]

    def with_judgement(self, source: str, target: str, value: float) -> CrossImpactMatrix:
        """A new matrix with one judgement changed.

        Parameters
        ----------
        source, target : variants written ``descriptor.variant``
        value : the new judgement

        Returns
        -------
        CrossImpactMatrix
            The validated copy (a self-impact is refused unless the matrix allows them).
        """
        values = self.values.copy()
        values[self.index_of(source), self.index_of(target)] = value
        return CrossImpactMatrix(self.descriptors, values, self.source, self.name, self.self_impact)

    # -- scenarios ------------------------------------------------------------------------------
    def scenario(self, choice: Mapping[str, str] | Sequence[str]) -> np.ndarray:
        """Local variant indices (one per descriptor) of a scenario given by variant ids.

        Parameters
        ----------
        choice : maps every descriptor id to a variant id, or lists the variant ids in descriptor
            order

        Returns
        -------
        numpy.ndarray
            (descriptors,) 0-based variant index within each descriptor.
        """
        if isinstance(choice, Mapping):
            missing = [d for d in self.ids if d not in choice]
            extra = [d for d in choice if d not in self.ids]
            if missing or extra:
                raise UnknownNameError(
                    f"{self.source}: a scenario names every descriptor once "
                    f"(missing: {missing or 'none'}; unknown: {extra or 'none'})"
                )
            chosen = [choice[d] for d in self.ids]
        else:
            chosen = list(choice)
            if len(chosen) != len(self.descriptors):
                raise UnknownNameError(
                    f"{self.source}: a scenario has {len(self.descriptors)} variants, "
                    f"one per descriptor, not {len(chosen)}"
                )
        return np.array(
            [
                self.index(d, v) - self.offsets[j]
                for j, (d, v) in enumerate(zip(self.ids, chosen, strict=True))
            ],
            dtype=np.int64,
        )

    def variant_ids(self, local: Iterable[int]) -> dict[str, str]:
        """{descriptor id: variant id} of a scenario given by local variant indices.

        Parameters
        ----------
        local : one 0-based index per descriptor

        Returns
        -------
        dict[str, str]
            The scenario by ids, in descriptor order.
        """
        return {d.id: d.variants[int(k)] for d, k in zip(self.descriptors, local, strict=True)}

    def rows(self, local: np.ndarray) -> np.ndarray:
        """Global matrix rows of scenarios given by local indices.

        Parameters
        ----------
        local : (..., descriptors) 0-based indices within each descriptor

        Returns
        -------
        numpy.ndarray
            (..., descriptors) matrix rows.
        """
        return np.asarray(local, dtype=np.int64) + self.offsets[:-1]


def same_layout(matrices: Sequence[CrossImpactMatrix]) -> None:
    """Refuse matrices whose descriptors or variants differ (ensembles compare like with like).

    Parameters
    ----------
    matrices : the experts' matrices; the first is the yardstick
    """
    first = matrices[0]
    for m in matrices[1:]:
        if [(d.id, d.variants) for d in m.descriptors] != [
            (d.id, d.variants) for d in first.descriptors
        ]:
            raise ScenarioError(
                m.source,
                [
                    Problem(
                        "descriptors",
                        f"descriptors or variants differ from those of {first.source}",
                        "every expert judges the same descriptors and variants, in the same order",
                    )
                ],
            )
