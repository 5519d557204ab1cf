"""Whether the compiled loops are used: Numba when installed, NumPy otherwise.

Set ``DETENTE_NO_JIT=1`` to force the NumPy path (the tests compare both).
"""

from __future__ import annotations

import os
from types import ModuleType

_compiled: list[ModuleType | None] = []


def compiled() -> ModuleType | None:
    """The module of Numba kernels, or None (no Numba, or ``DETENTE_NO_JIT=1``).

    Returns
    -------
    types.ModuleType or None
        :mod:`detente.futures._jit`, imported once, or None for the NumPy twins.
    """
    if os.environ.get("DETENTE_NO_JIT") == "1":
        return None
    if not _compiled:
        try:
            from detente.futures import _jit
        except ImportError:  # no Numba: the NumPy twins answer
            _compiled.append(None)
        else:
            _compiled.append(_jit)
    return _compiled[0]


def choose(method: str) -> ModuleType | None:
    """The kernels for a method.

    Parameters
    ----------
    method : 'auto' (Numba when installed), 'numba' (refused without Numba) or 'numpy'

    Returns
    -------
    types.ModuleType or None
        The Numba kernels, or None for the NumPy twins.
    """
    from detente.errors import MissingExtraError, ModelError

    if method == "numpy":
        return None
    if method not in ("auto", "numba"):
        raise ModelError(f"method '{method}': give auto, numba or numpy")
    if method == "auto":
        return compiled()
    try:
        from detente.futures import _jit
    except ImportError:
        raise MissingExtraError("numba", "science", "The compiled futures search") from None
    return _jit
