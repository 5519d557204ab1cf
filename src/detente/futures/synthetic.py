"""Seeded random cross-impact matrices, for benchmarks and property tests."""

from __future__ import annotations

import numpy as np

from detente.futures.matrix import CrossImpactMatrix, Descriptor


def random_matrix(
    descriptors: int,
    variants: tuple[int, int] = (3, 4),
    density: float = 0.5,
    judgements: tuple[int, int] = (-3, 3),
    rng: int | np.random.Generator | None = 0,
) -> CrossImpactMatrix:
    """A seeded random matrix, as the benchmarks and property tests use.

    Each ordered pair of different descriptors has a judgement section with probability
    ``density`` (the others exert no influence); a section's cells are integers drawn uniformly
    from ``judgements`` (inclusive).

    Parameters
    ----------
    descriptors : number of descriptors (named D1, D2, ...)
    variants : inclusive range of the number of variants per descriptor (named v1, v2, ...)
    density : probability that a descriptor influences another
    judgements : inclusive range of the integer judgements
    rng : a seed or a generator

    Returns
    -------
    CrossImpactMatrix
        The matrix, with source ``synthetic-<descriptors>``.
    """
    gen = np.random.default_rng(rng)
    sizes = gen.integers(variants[0], variants[1] + 1, size=descriptors)
    spec = tuple(
        Descriptor(f"D{j + 1}", tuple(f"v{k + 1}" for k in range(int(s))))
        for j, s in enumerate(sizes)
    )
    o = np.concatenate([[0], np.cumsum(sizes)])
    values = np.zeros((o[-1], o[-1]))
    for i in range(descriptors):
        for j in range(descriptors):
            if i != j and gen.random() < density:
                block = gen.integers(judgements[0], judgements[1] + 1, size=(sizes[i], sizes[j]))
                values[o[i] : o[i + 1], o[j] : o[j + 1]] = block
    return CrossImpactMatrix(spec, values, f"synthetic-{descriptors}")
