"""Compute a request: the one path from a request to its result.

The CLI, the report, the run store's replay and the web app all call :func:`compute`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from detente.results.registry import Kind, get_kind
from detente.results.request import Request
from detente.results.result import Context, Result

if TYPE_CHECKING:
    from detente.execute.base import Cancel, Executor, Progress


def kind_of(request: Request) -> Kind:
    """The registered kind a request belongs to.

    Parameters
    ----------
    request : any request

    Returns
    -------
    Kind
        The kind named by ``request.kind``.
    """
    return get_kind(request.kind)


def compute(
    request: Request,
    *,
    executor: Executor | None = None,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
    files: bool = True,
    shared: dict[Any, Any] | None = None,
) -> Result[Any]:
    """The result of a request.

    Parameters
    ----------
    request : what to compute
    executor : an executor to run on (default: the one the request names, opened and closed
        here)
    progress : told ``(done, total)`` as a long kind advances
    cancel : asked between a long kind's steps; True stops it with
        :class:`detente.errors.Cancelled`
    files : whether the request may name files (False for a web server: bundled names and
        inline data only)
    shared : a dictionary the caller keeps between requests, where kinds keep intermediate
        results that several requests need (the report passes one; the result never depends
        on it)

    Returns
    -------
    Result
        The kind's result, holding the resolved request.
    """
    kind = kind_of(request)
    resolved = request.resolve(files=files)
    if executor is not None:
        return kind.compute(resolved, Context(executor, progress, cancel, shared))
    from detente.execute.base import open_executor

    with open_executor(resolved.executor, resolved.scheduler) as opened:
        return kind.compute(resolved, Context(opened, progress, cancel, shared))
