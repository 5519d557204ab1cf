"""Lazy public names (PEP 562): a package lists where each name lives, and imports it on use.

``import detente`` then costs almost nothing; pandas, pydantic and the rest load only when a
name that needs them is first used.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any


def lazy_names(
    package: str, where: Mapping[str, str]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """The ``__getattr__`` and ``__dir__`` of a package whose names load on first use.

    Parameters
    ----------
    package : the package's ``__name__`` (for the error message)
    where : {public name: module that defines it}

    Returns
    -------
    tuple
        ``(__getattr__, __dir__)`` to assign in the package's ``__init__``.
    """

    def getattr_(name: str) -> Any:
        module = where.get(name)
        if module is None:
            raise AttributeError(f"module '{package}' has no attribute '{name}'")
        return getattr(importlib.import_module(module), name)

    def dir_() -> list[str]:
        return sorted(where)

    return getattr_, dir_
