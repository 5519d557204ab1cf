"""Numba kernels for the SMP's two n^3 loops, used from about 30 actors up.

Each kernel fuses a loop that the NumPy path (``challenge._third_parties`` and
``pce.coalitions``) computes with n^3 temporaries; both give the same numbers (a test checks
it). Without Numba, or with ``DETENTE_NO_JIT=1``, the NumPy path is used.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from detente.models.smp.choices import CHOICES

RULES = CHOICES["voting_rule"][0]  # KTAB's order: the kernels' rule codes
MIN_ACTORS = 30  # below this the NumPy path is faster than a first compile
THREADS_FROM = 150  # from this size a single run's loops are spread over every core

_kernels: dict[str, Callable[..., Any]] | None = None


def _build() -> dict[str, Callable[..., Any]]:
    from detente.models.smp import _jit

    return {
        "third_parties": _jit.third_parties,
        "coalitions": _jit.coalitions,
        "third_parties_threads": _jit.third_parties_threads,
        "coalitions_threads": _jit.coalitions_threads,
    }


def kernel(name: str, size: int) -> Callable[..., Any] | None:
    """The compiled kernel ``name`` when worth it for ``size`` actors/options, else None.

    From THREADS_FROM the kernel that spreads its outer loop over threads (as many as Numba
    is given: NUMBA_NUM_THREADS, one per core by default); it gives the same numbers.

    Parameters
    ----------
    name : 'third_parties' or 'coalitions'
    size : actors (or options) of the problem

    Returns
    -------
    Callable or None
        The Numba function, or None to use NumPy.
    """
    global _kernels
    if size < MIN_ACTORS or os.environ.get("DETENTE_NO_JIT") == "1":
        return None
    if _kernels is None:
        try:
            _kernels = _build()
        except Exception:  # no Numba, or it cannot compile or cache here: NumPy path
            _kernels = {}
    return _kernels.get(f"{name}_threads" if size >= THREADS_FROM else name)


def rule_code(rule: str) -> int:
    """The kernels' code of a voting rule (0 Binary, 1 PropBin, 2 Prop, ... as in KTAB).

    Parameters
    ----------
    rule : the voting rule's name

    Returns
    -------
    int
        Its code.
    """
    return RULES.index(rule)
