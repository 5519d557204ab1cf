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

from detente.panel.cells import CELL_KINDS, Cell, CellKind, register_cell_kind
from detente.panel.data import PanelData
from detente.panel.disagreement import alpha_by_kind, issue_table, kendall_w, rounds_table
from detente.panel.files import read_panel
from detente.panel.implied import PanelEnsemble, member_forecasts, panel_ensemble
from detente.panel.pool import Pooling, cell_table
from detente.panel.records import (
    Assessment,
    AuditEvent,
    Estimate,
    Member,
    PanelError,
    PanelInfo,
    Round,
)
from detente.panel.scenarios import member_scenarios, pooled_scenario
from detente.panel.spread import spread_sensitivity, top_cells
from detente.panel.state import (
    PanelState,
    Step,
    add_member,
    close_panel,
    close_round,
    create_panel,
    open_round,
    reveal,
    submit,
)
from detente.panel.summary import PanelSummary, summarize
from detente.panel.visibility import group_view, panel_data, pseudonyms

__all__ = [
    "CELL_KINDS",
    "Assessment",
    "AuditEvent",
    "Cell",
    "CellKind",
    "Estimate",
    "Member",
    "PanelData",
    "PanelEnsemble",
    "PanelError",
    "PanelInfo",
    "PanelState",
    "PanelSummary",
    "Pooling",
    "Round",
    "Step",
    "add_member",
    "alpha_by_kind",
    "cell_table",
    "close_panel",
    "close_round",
    "create_panel",
    "group_view",
    "issue_table",
    "kendall_w",
    "member_forecasts",
    "member_scenarios",
    "open_round",
    "panel_data",
    "panel_ensemble",
    "pooled_scenario",
    "pseudonyms",
    "read_panel",
    "register_cell_kind",
    "reveal",
    "rounds_table",
    "spread_sensitivity",
    "submit",
    "summarize",
    "top_cells",
]
