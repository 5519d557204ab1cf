"""The one registry of result kinds: what each kind is asked, how it is computed.

A kind is a request type, a compute function and a one-line summary. Its module registers it
when imported; :data:`KIND_MODULES` lists those modules, one line per kind module, so adding a
kind is one line here.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from detente.errors import UnknownNameError
from detente.results.request import Request, validated
from detente.results.result import Context, Result

# Modules that register kinds when imported; one line per module, in the order kinds are listed.
KIND_MODULES = (
    "detente.results.forecast",
    "detente.results.ensemble",
    "detente.results.sensitivity",
    "detente.results.whatif",
    "detente.results.influence",
    "detente.results.backtest",
    "detente.results.breakdown",
    "detente.results.roadmap",
    "detente.results.panel",
)

Compute = Callable[[Any, Context], Result[Any]]


@dataclass(frozen=True)
class Kind:
    """A registered kind of result.

    Attributes
    ----------
    request : the request type (a :class:`Request` subclass whose ``kind`` field is a literal)
    compute : ``compute(request, context) -> Result``; the request arrives resolved
    summary : what the kind answers, in one line (shown by ``detente kinds`` and the web app)
    """

    request: type[Request]
    compute: Compute
    summary: str

    @property
    def name(self) -> str:
        """The kind's name: its request's ``kind`` literal.

        Returns
        -------
        str
            For example 'ensemble'.
        """
        return str(self.request.model_fields["kind"].default)


_KINDS: dict[str, Kind] = {}


def register_kind(kind: Kind) -> Kind:
    """Add a kind to the registry (called by kind modules when imported).

    Parameters
    ----------
    kind : the kind; its name must be new

    Returns
    -------
    Kind
        The same kind.
    """
    known = _KINDS.get(kind.name)
    if known is not None and known.compute is not kind.compute:
        raise ValueError(f"result kind '{kind.name}' registered twice")
    _KINDS[kind.name] = kind
    return kind


def _load_all() -> None:
    for module in KIND_MODULES:
        importlib.import_module(module)


def get_kind(name: str) -> Kind:
    """The kind registered under ``name``.

    Parameters
    ----------
    name : a kind's name (``forecast``, ``ensemble`` ...)

    Returns
    -------
    Kind
        The registered kind; an unknown name is an :class:`UnknownNameError` listing the known.
    """
    _load_all()
    try:
        return _KINDS[name]
    except KeyError:
        raise UnknownNameError(f"no result kind '{name}' (known: {', '.join(_KINDS)})") from None


def list_kinds() -> list[Kind]:
    """Every registered kind, in the order of :data:`KIND_MODULES`.

    Returns
    -------
    list[Kind]
        The kinds.
    """
    _load_all()
    order = {m: k for k, m in enumerate(KIND_MODULES)}
    return sorted(_KINDS.values(), key=lambda k: order.get(k.request.__module__, len(order)))


def build_request(kind: str, fields: Mapping[str, Any]) -> Request:
    """A request of a registered kind from plain fields (a CLI's options, a JSON body).

    Parameters
    ----------
    kind : the kind's name
    fields : the request's fields (``kind`` itself may be among them)

    Returns
    -------
    Request
        The validated request; bad fields raise :class:`RequestError` naming each.
    """
    request_type = get_kind(kind).request
    return validated(request_type, {**fields, "kind": kind})
