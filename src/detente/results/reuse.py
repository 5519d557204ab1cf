"""Answer a request that was already computed and recorded with that recorded result.

A request with a seed is deterministic: computing it again gives the same tables bit for bit
(what :func:`detente.results.replay` checks). A server asked for the same forecast of the same
scenario version many times over therefore needs to compute and record it only once; later
askers get the recorded run. :class:`Recorded` keeps the newest such results of one process.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Hashable
from typing import TYPE_CHECKING, Any

from detente.results.recording import compute_and_record
from detente.results.request import HOW, Request
from detente.scenario.schema import Scenario

if TYPE_CHECKING:
    from detente.results.result import Result
    from detente.store.store import RunStore


def request_key(request: Request) -> str | None:
    """What a resolved request computes, as a SHA-256: equal keys, equal results.

    The key covers every field but where to compute (executor, scheduler), the scenario's
    content (not its name) and the detente version, since a new version may compute otherwise.

    Parameters
    ----------
    request : a resolved request (scenario loaded)

    Returns
    -------
    str | None
        The hex digest; None for a request without a seed (fresh entropy: not repeatable).
    """
    from detente._version import __version__

    if "seed" in type(request).model_fields and getattr(request, "seed", None) is None:
        return None
    scenario = getattr(request, "scenario", None)
    if isinstance(scenario, Scenario):
        text = request.model_dump_json(exclude=set(HOW | {"scenario"}))
        text += "\n" + _content_digest(scenario)
    else:
        text = request.model_dump_json(exclude=set(HOW))
    return hashlib.sha256(f"{__version__}\n{request.kind}\n{text}".encode()).hexdigest()


_digests: OrderedDict[int, tuple[Scenario, str]] = OrderedDict()
_digests_lock = threading.Lock()


def _content_digest(scenario: Scenario) -> str:
    """The SHA-256 of a scenario's JSON, kept for the newest scenario objects seen.

    Scenarios are immutable and a server hands the same object to every request on a version,
    so its digest (a 50 kB JSON dump for korea-2005) is computed once. Entries hold the object
    itself, so an ``id`` is never reused while its entry exists.
    """
    key = id(scenario)
    with _digests_lock:
        found = _digests.get(key)
        if found is not None and found[0] is scenario:
            _digests.move_to_end(key)
            return found[1]
    digest = hashlib.sha256(scenario.model_dump_json().encode()).hexdigest()
    with _digests_lock:
        _digests[key] = (scenario, digest)
        while len(_digests) > 32:
            _digests.popitem(last=False)
    return digest


class Recorded:
    """The results this process computed and recorded, kept for the same request again.

    Parameters
    ----------
    size : how many results to keep (the least recently used go first)
    """

    def __init__(self, size: int = 64) -> None:
        self.size = size
        self._kept: OrderedDict[Hashable, tuple[Result[Any], list[int]]] = OrderedDict()
        self._lock = threading.Lock()
        # one lock per stripe of keys: the same request asked twice at once computes once
        self._computing = [threading.Lock() for _ in range(16)]

    def compute_and_record(
        self, store: RunStore, request: Request, *, scope: Hashable = None, **hooks: Any
    ) -> tuple[Result[Any], list[int], bool]:
        """The recorded result of ``request``, computed and recorded only if it is new here.

        Parameters
        ----------
        store : the run store the runs are (or get) recorded in
        request : what to compute
        scope : what else must match for a kept result to be reused (a workspace passes the
            scenario version its runs are linked to)
        **hooks : note, executor, progress, cancel and files, as
            :func:`compute_and_record` takes them

        Returns
        -------
        tuple[Result, list[int], bool]
            The result, its recorded runs' ids, and whether it was reused (nothing computed
            or recorded this time).
        """
        resolved = request.resolve(files=hooks.get("files", True))
        key = request_key(resolved)
        if key is None:
            return (*compute_and_record(store, resolved, **hooks), False)
        full = (store.url, scope, key)
        with self._computing[hash(full) % len(self._computing)]:
            kept = self._get(full)
            if kept is not None:
                return (*kept, True)
            result, run_ids = compute_and_record(store, resolved, **hooks)
            self._put(full, (result, run_ids))
        return result, run_ids, False

    def _get(self, key: Hashable) -> tuple[Result[Any], list[int]] | None:
        with self._lock:
            found = self._kept.get(key)
            if found is not None:
                self._kept.move_to_end(key)
            return found

    def _put(self, key: Hashable, value: tuple[Result[Any], list[int]]) -> None:
        with self._lock:
            self._kept[key] = value
            while len(self._kept) > self.size:
                self._kept.popitem(last=False)

    def __len__(self) -> int:
        return len(self._kept)
