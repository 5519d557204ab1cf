"""The results layer: every kind of result asked for, computed, recorded and replayed one way.

Build a request (``ForecastRequest(scenario="korea-2005", model="smp")`` or
``build_request("ensemble", {...})``), :func:`compute` it, and read the result's typed values,
its tidy ``tables()`` and its JSON ``payload()``. :func:`compute_and_record` stores request and
tables in the run store; :func:`replay` computes a stored run again through :func:`compute` and
compares. Names load on first use (PEP 562), so importing this package is cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from detente._lazy import lazy_names

_WHERE = {
    "Context": "detente.results.result",
    "Result": "detente.results.result",
    "Tables": "detente.results.result",
    "plain": "detente.results.result",
    "Request": "detente.results.request",
    "ModelRequest": "detente.results.request",
    "Stored": "detente.results.request",
    "Kind": "detente.results.registry",
    "KIND_MODULES": "detente.results.registry",
    "build_request": "detente.results.registry",
    "get_kind": "detente.results.registry",
    "list_kinds": "detente.results.registry",
    "register_kind": "detente.results.registry",
    "compute": "detente.results.run",
    "Replay": "detente.results.recording",
    "compute_and_record": "detente.results.recording",
    "record": "detente.results.recording",
    "replay": "detente.results.recording",
    "stored_request": "detente.results.recording",
    "Recorded": "detente.results.reuse",
    "request_key": "detente.results.reuse",
    "ForecastRequest": "detente.results.forecast",
    "ForecastResult": "detente.results.forecast",
    "TraceRequest": "detente.results.forecast",
    "TraceResult": "detente.results.forecast",
    "EnsembleRequest": "detente.results.ensemble",
    "EnsembleResult": "detente.results.ensemble",
    "SensitivityRequest": "detente.results.sensitivity",
    "SensitivityResult": "detente.results.sensitivity",
    "WhatIfRequest": "detente.results.whatif",
    "WhatIfResult": "detente.results.whatif",
    "InfluenceRequest": "detente.results.influence",
    "InfluenceResult": "detente.results.influence",
    "BacktestRequest": "detente.results.backtest",
    "BacktestResult": "detente.results.backtest",
    "BreakdownRequest": "detente.results.breakdown",
    "BreakdownResult": "detente.results.breakdown",
    "RoadmapStatusRequest": "detente.results.roadmap",
    "RoadmapStatusResult": "detente.results.roadmap",
    "RoadmapCheckRequest": "detente.results.roadmap",
    "RoadmapCheckResult": "detente.results.roadmap",
    "PanelRequest": "detente.results.panel",
    "PanelResult": "detente.results.panel",
    "PanelMembersRequest": "detente.results.panel",
    "PanelEnsembleRequest": "detente.results.panel",
    "PanelEnsembleResult": "detente.results.panel",
    "PanelSpreadRequest": "detente.results.panel",
}
__all__ = [
    "KIND_MODULES",
    "BacktestRequest",
    "BacktestResult",
    "BreakdownRequest",
    "BreakdownResult",
    "Context",
    "EnsembleRequest",
    "EnsembleResult",
    "ForecastRequest",
    "ForecastResult",
    "InfluenceRequest",
    "InfluenceResult",
    "Kind",
    "ModelRequest",
    "PanelEnsembleRequest",
    "PanelEnsembleResult",
    "PanelMembersRequest",
    "PanelRequest",
    "PanelResult",
    "PanelSpreadRequest",
    "Recorded",
    "Replay",
    "Request",
    "Result",
    "RoadmapCheckRequest",
    "RoadmapCheckResult",
    "RoadmapStatusRequest",
    "RoadmapStatusResult",
    "SensitivityRequest",
    "SensitivityResult",
    "Stored",
    "Tables",
    "TraceRequest",
    "TraceResult",
    "WhatIfRequest",
    "WhatIfResult",
    "build_request",
    "compute",
    "compute_and_record",
    "get_kind",
    "list_kinds",
    "plain",
    "record",
    "register_kind",
    "replay",
    "request_key",
    "stored_request",
]
__getattr__, __dir__ = lazy_names(__name__, _WHERE)

if TYPE_CHECKING:
    from detente.results.backtest import BacktestRequest, BacktestResult
    from detente.results.breakdown import BreakdownRequest, BreakdownResult
    from detente.results.ensemble import EnsembleRequest, EnsembleResult
    from detente.results.forecast import (
        ForecastRequest,
        ForecastResult,
        TraceRequest,
        TraceResult,
    )
    from detente.results.influence import InfluenceRequest, InfluenceResult
    from detente.results.panel import (
        PanelEnsembleRequest,
        PanelEnsembleResult,
        PanelMembersRequest,
        PanelRequest,
        PanelResult,
        PanelSpreadRequest,
    )
    from detente.results.recording import (
        Replay,
        compute_and_record,
        record,
        replay,
        stored_request,
    )
    from detente.results.registry import (
        KIND_MODULES,
        Kind,
        build_request,
        get_kind,
        list_kinds,
        register_kind,
    )
    from detente.results.request import ModelRequest, Request, Stored
    from detente.results.result import Context, Result, Tables, plain
    from detente.results.roadmap import (
        RoadmapCheckRequest,
        RoadmapCheckResult,
        RoadmapStatusRequest,
        RoadmapStatusResult,
    )
    from detente.results.run import compute
    from detente.results.sensitivity import SensitivityRequest, SensitivityResult
    from detente.results.whatif import WhatIfRequest, WhatIfResult
