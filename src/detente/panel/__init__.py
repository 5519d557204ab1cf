"""Expert panels: several analysts assess a scenario's numbers in Delphi rounds.

- :mod:`.state` and :mod:`.records`: panels, members, rounds, append-only assessments and the
  audit trail, with every action checked (:func:`submit`, :func:`open_round` ...).
- :mod:`.visibility`: who sees what (anonymity, pseudonyms, no group numbers before answering).
- :mod:`.pool`, :mod:`.scenarios`: pooled values and distributions; the pooled and the members'
  scenarios (ordinary scenarios every model takes).
- :mod:`.disagreement`, :mod:`.spread`: IQR, Kendall's W, Krippendorff's alpha, convergence, and
  the cells whose disagreement moves the forecast most.
- :mod:`.implied`: every model on every member's scenario; an ensemble over members that splits
  the forecast's variance into disagreement and doubt.
- :mod:`.files`: offline panels from a folder of assessment files; :func:`summarize`: the
  headline results in one call.

No web, no SQL and no plotting here: the store keeps the records, the report draws the figures.
"""

from __future__ import annotations

from detente._lazy import lazy_names

# Public name -> module; imported on first use (PEP 562), so ``import detente.panel.records``
# (what the store needs) does not load the analyses.
_EXPORTS = {
    "CELL_KINDS": "cells", "Cell": "cells", "CellKind": "cells", "register_cell_kind": "cells",
    "PanelData": "data",
    "alpha_by_kind": "disagreement", "issue_table": "disagreement", "kendall_w": "disagreement",
    "rounds_table": "disagreement",
    "read_panel": "files",
    "PanelEnsemble": "implied", "member_forecasts": "implied", "panel_ensemble": "implied",
    "Pooling": "pool", "cell_table": "pool",
    "Assessment": "records", "AuditEvent": "records", "Estimate": "records", "Member": "records",
    "PanelError": "records", "PanelInfo": "records", "Round": "records",
    "member_scenarios": "scenarios", "pooled_scenario": "scenarios",
    "spread_sensitivity": "spread", "top_cells": "spread",
    "PanelState": "state", "Step": "state", "add_member": "state", "close_panel": "state",
    "close_round": "state", "create_panel": "state", "open_round": "state", "reveal": "state",
    "submit": "state",
    "PanelSummary": "summary", "summarize": "summary",
    "group_view": "visibility", "panel_data": "visibility", "pseudonyms": "visibility",
    "last_estimates": "visibility",
}  # fmt: skip

__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_names(__name__, {k: f"detente.panel.{m}" for k, m in _EXPORTS.items()})
