"""The one registry of result kinds: what each kind is asked, how it is computed.

A kind is a request type, a compute function and a one-line summary. Its module registers it
when imported; :data:`KIND_MODULES` names, for every kind, the module that defines it (one line
per kind), so adding a kind is one line here and asking for one kind imports only its module.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from detente.errors import UnknownNameError
from detente.results.request import Request, validated
from detente.results.result import Context, Result

# Every kind and the module that registers it when imported; one line per kind, in listing order.
KIND_MODULES = {
    "forecast": "detente.results.forecast",
    "trace": "detente.results.forecast",
    "ensemble": "detente.results.ensemble",
    "sensitivity": "detente.results.sensitivity",
    "whatif": "detente.results.whatif",
    "influence": "detente.results.influence",
    "backtest": "detente.results.backtest",
    "breakdown": "detente.results.breakdown",
    "roadmap-status": "detente.results.roadmap",
    "roadmap-check": "detente.results.roadmap",
    "panel": "detente.results.panel",
    "panel-members": "detente.results.panel",
    "panel-ensemble": "detente.results.panel",
    "panel-spread": "detente.results.panel",
}

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


def _load(names: Iterable[str]) -> None:
    for name in names:
        module = KIND_MODULES.get(name)
        if module is not None and name not in _KINDS:
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
    _load([name])
    try:
        return _KINDS[name]
    except KeyError:
        known = ", ".join([*KIND_MODULES, *(k for k in _KINDS if k not in KIND_MODULES)])
        raise UnknownNameError(f"no result kind '{name}' (known: {known})") from None


def list_kinds() -> list[Kind]:
    """Every registered kind, in the order of :data:`KIND_MODULES` (others after them).

    Returns
    -------
    list[Kind]
        The kinds.
    """
    _load(KIND_MODULES)
    order = {name: k for k, name in enumerate(KIND_MODULES)}
    return sorted(_KINDS.values(), key=lambda k: order.get(k.name, len(order)))


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
