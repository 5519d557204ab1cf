"""What each column of each command's output means: the lines under "Columns" in ``--help``.

One mapping per command (the same word can mean different things in two commands: ``margin`` in
``breakdown`` and in ``roadmap check``). Columns named by the scenario (actor, issue, model and
outcome ids) and the plain ones in :data:`PLAIN` are not listed. docs/columns.md holds the same
lines, and a test checks that every column a command prints is explained in both places.
"""

from __future__ import annotations

# Self-explanatory everywhere: not listed.
PLAIN = frozenset({"issue", "actor", "round", "name", "title", "model", "scenario", "stage"})

_QUANTILES = {
    "point": "the forecast of the scenario as written (no perturbation)",
    "median": "the median forecast over the ensemble's runs",
    "p05": "5th percentile of the ensemble's forecasts (p25, p75, p95 likewise)",
}
_BDM_EVENTS = {
    "run": "the ensemble run (0 for a single run)",
    "proposer": "the actor who made the offer",
    "type": "kind of offer: conflict, compromise or compel (Scholz et al. 2011)",
    "position": "the receiving actor's position before the round",
    "offered": "where the offer would put the receiving actor",
    "accepted": "whether the actor took this offer (it takes at most one per round and issue)",
    "risk": "the actor's risk exponent r_i that round: 0.5 risk-acceptant ... 2 risk-averse",
    "eu_actor": "E^i(U_ij): the receiving actor's expected utility of challenging the proposer",
    "eu_proposer": "E^j(U_ji): the proposer's expected utility of challenging the receiver",
}
_SMP_EVENTS = {
    "run": "the ensemble run (0 for a single run)",
    "bargain": "the bargain that set the actor's position: initiator->receiver, or status quo",
    "view": "whose view the bargain took: initiator, receiver or compromise",
    "probability": "the probability of the bargain the actor took, from its queue's vote",
    "target": "the actor this actor chose to challenge that turn (empty: none was worth it)",
    "moved": "how far the actor's position moved that turn (distance over all issues)",
    "win_prob": "the probability that the actor's position wins after the turn (KTAB)",
}
_EXCHANGE_EVENTS = {
    "run": "the ensemble run (0 for a single run)",
    "gives": "the issue on which the actor gives way",
    "from": "the actor's position on `gives` before the exchange",
    "to": "its position after",
    "partner": "the actor it trades with",
    "gets": "the issue on which the partner gives way",
    "partner_from": "the partner's position on `gets` before",
    "partner_to": "and after",
    "gain": "the actor's utility gain (salience x shift of the expected outcome)",
    "partner_gain": "the partner's utility gain",
    "third_party": "the sum of the gains (or losses) of every other actor",
}

_LEDGER = {
    "donor": "who pledged",
    "unit": "what is counted (tons of heavy fuel oil, USD million ...)",
    "pledged": "amount pledged",
    "delivered": "amount delivered by the date",
    "outstanding": "pledged - delivered",
    "delivered_pct": "delivered as a percentage of pledged",
    "share_of_pledges_pct": "the donor's share of all pledges in this unit (%)",
    "share_of_deliveries_pct": "its share of all deliveries in this unit (%)",
    "status": "complete, short (something delivered, not all) or none",
}

COLUMNS: dict[str, dict[str, str]] = {
    "forecast": {
        "MODEL": "each model's forecast, on the issue's scale (one column per model)",
        "OUTCOME": "the known outcome shown (--outcome), on the same scale",
    },
    "trace": {
        "forecast": "the model's forecast after the round (round 0: before any)",
        "median": "the salience x capability weighted median of the positions",
        "mean": "the salience x capability weighted mean of the positions",
        "ACTOR": "each actor's position after the round (one column per actor)",
    },
    "trace --events (bdm)": _BDM_EVENTS,
    "trace --events (smp)": _SMP_EVENTS,
    "trace --events (exchange)": _EXCHANGE_EVENTS,
    "ensemble": {
        **_QUANTILES,
        "p25": "25th percentile",
        "p75": "75th percentile",
        "p95": "95th percentile",
        "P(EVENT)": "share of runs in which the event given with -t happened",
    },
    "sensitivity": {
        "attribute": "which input: position, salience or capability",
        "base": "the forecast with every input as written",
        "low": "the forecast with this input at the low end of its range (value - sd)",
        "high": "the forecast with this input at the high end (value + sd)",
        "index": "the effect: |high - low| (oat), or the total-order index ST (sobol)",
        "rank": "1 = the input that moves this issue most; empty when it has no effect at all",
        "S1": "first-order Sobol index: share of the variance due to this input alone",
        "ST": "total-order Sobol index: share including its interactions",
        "S1_conf": "95% confidence half-width of S1 (ST_conf: of ST)",
        "ST_conf": "95% confidence half-width of ST",
    },
    "whatif": {
        "before": "the forecast before the changes",
        "after": "the forecast after them",
        "shift": "after - before",
        "before_median": "the ensemble's median before (after_median: after)",
        "after_median": "the ensemble's median after the changes",
        "median_shift": "after_median - before_median",
        "before_p05": "5th percentile of the ensemble before (before_p95: 95th)",
        "before_p95": "95th percentile of the ensemble before",
        "after_p05": "5th percentile after the changes (after_p95: 95th)",
        "after_p95": "95th percentile after the changes",
    },
    "influence": {
        "forecast": "the model's forecast with every actor at the table",
        "reference": "the forecast of an empty table, from which the Shapley values start: the "
        "middle of the issue's scale (50.0 on 0-100)",
        "ACTOR": "how far the actor moves the forecast (Shapley value; the values and the "
        "reference add up to the forecast)",
        "value": "the actor's Shapley value (or leave-one-out shift) on the issue",
        "method": "shapley or loo (leave one out)",
        "stderr": "standard error of a sampled Shapley value (0 when exact)",
    },
    "backtest": {
        "outcome": "the known outcome tested against",
        "issues": "issues the outcome places",
        "mae": "mean absolute error, forecast - actual, over those issues",
        "bias": "mean error (above 0: the model forecast too high)",
        "naive_mae": "the MAE of the naive salience x capability weighted mean",
        "skill": "1 - mae / naive_mae: above 0 the model beats the naive mean",
        "forecast": "the model's forecast",
        "actual": "the known outcome",
        "error": "forecast - actual",
        "abs_error": "|forecast - actual|",
        "naive_abs_error": "the naive weighted mean's |forecast - actual|",
    },
    "breakdown": {
        "veto": "yes when the talks fail without this actor",
        "reservation": "what no deal is worth to the actor (utility 0-1, less its exit cost)",
        "utility": "what the forecast is worth to the actor (0-1)",
        "margin": "utility - reservation: below 0 the actor is better off walking out",
        "p_walk": "probability that the actor walks out, at the point forecast",
        "p_walk_mean": "p_walk averaged over the ensemble",
        "p_walk_p05": "5th percentile of p_walk over the ensemble (p_walk_p95: 95th)",
        "p_walk_p95": "95th percentile of p_walk over the ensemble",
        "margin_p05": "5th percentile of the margin over the ensemble (margin_p95: 95th)",
        "margin_p95": "95th percentile of the margin over the ensemble",
        "p_first": "probability that this actor is the first to walk out",
        "p_left": "share of ensemble runs in which the actor walked out during the talks",
        "risk_limit": "Zeuthen's risk limit: the chance of breakdown the actor would accept",
        "left_round": "the round the actor walked out in the point run (empty: it stayed)",
        "forecast": "the model's forecast (issues table)",
        "convergence": "converged, cycling or round limit (docs/breakdown.md)",
        "cycle_low": "lowest forecast over a cycle (cycle_high: highest)",
        "cycle_high": "highest forecast over a cycle",
        "median": "the ensemble's median forecast",
        "p05": "5th percentile over the ensemble: of the forecast (issues table) or of "
        "P(collapse) (table by model); p95 likewise",
        "p95": "95th percentile over the ensemble",
        "median_no_collapse": "the ensemble median, each run weighted by its chance of no collapse",
        "p05_no_collapse": "5th percentile, weighted the same way (p95_no_collapse: 95th)",
        "p95_no_collapse": "95th percentile, weighted the same way",
        "cycling_share": "share of ensemble runs that end in a cycle on the issue",
        "shift_low": "reservation values lowered by this much (shift_high: raised)",
        "shift_high": "reservation values raised by this much",
        "p_collapse_low": "P(collapse) with the reservation values lowered",
        "p_collapse_high": "P(collapse) with them raised",
        "swing": "p_collapse_high - p_collapse_low",
        "shift": "every reservation value moved by this much (the sweep)",
        "p_collapse": "probability that a veto player walks out (the talks collapse)",
        "point": "P(collapse) at the point forecast",
        "first": "the actor likeliest to walk out first",
        "not_converged": "issues the model cycles on or left still moving",
    },
    "models": {
        "summary": "what the model is",
        "dynamic": "yes when it moves positions round by round (trace shows the rounds)",
        "forums": "yes when actors talk only along the scenario's forums",
        "stochastic": "yes when a run draws random numbers (--seed)",
        "parameters": "its parameters and defaults (--param KEY=VALUE)",
    },
    "runs list": {
        "id": "the run's number in the store (runs show ID, runs replay ID)",
        "kind": "what was computed: forecast, ensemble, sensitivity ...",
        "seed": "the seed it ran with",
        "status": "ok, or failed",
        "started_at": "when it started (UTC)",
        "duration_s": "how long it took, in seconds",
        "detente_version": "the detente version that computed it",
        "note": "a note stored with the run (from Python or the workspace)",
    },
    "skill": {
        "mae": "mean absolute error over the targets",
        "plain_mae": "the plain mean's MAE over the same targets",
        "vs_plain": "mae - plain_mae: below 0 the model beats the plain mean",
        "wins": "targets on which the model beats the plain mean",
        "targets": "outcomes scored",
        "collapse_right": "collapses (or their absence) the model called right",
        "collapse_scored": "outcomes that say whether the talks collapsed",
    },
    "roadmap status": {
        "state": "not started, in progress, late, blocked, suspended, done or verified on the date",
        "actions_done": "actions carried out / actions in the stage",
        "deadline": "the stage's deadline",
        "completed": "the date the stage's last action was carried out",
        "days_late": "days past the deadline (done late, or still open)",
        "missed": "actions of the stage recorded as missed and not done since",
        "blocked_by": "stages that must be done first and are not",
        "group": "a set of related actions (in the roadmap file)",
        "done": "actions of the group carried out",
        "total": "actions in the group",
        "last_done": "the date of the group's last action",
        **_LEDGER,
        "value": "the issue's position after what was carried out, on the issue's own scale",
        "action": "the action's id (with --actions)",
        "what": "what the action is",
        "started": "when it began",
        "quantity": "the amount the action moves (in unit)",
    },
    "roadmap ledger": _LEDGER,
    "roadmap check": {
        "after": "the stage just completed (start: none yet)",
        "party": "the actor whose incentive is checked",
        "keep": "its utility if the talks stop before this stage (what is done so far)",
        "carry_on": "its value of carrying on to the end (discounted, others may default)",
        "margin": "carry_on - keep: below 0 it gains by stopping here",
        "defects": "yes when the margin is below 0",
    },
    "roadmap show": {
        "deadline": "the stage's deadline",
        "requires": "stages that must be done first",
        "action": "the action's id",
        "what": "what it is",
        "quantity": "the amount it moves (in unit)",
        "unit": "what is counted",
        "moves": "how carrying it out moves each issue (points of 100)",
    },
}


def help_text(command: str) -> str:
    """The "Columns" lines of a command's ``--help``.

    Parameters
    ----------
    command : a key of :data:`COLUMNS`, or a command whose keys start with it
        (``trace`` takes ``trace`` and the three ``trace --events`` tables)

    Returns
    -------
    str
        One line per column ("eu_actor: ..."), kept as lines by Click (``\\b``).
    """
    parts = []
    for key, columns in COLUMNS.items():
        if key == command or key.startswith(f"{command} --"):
            lines = [f"  {name}: {meaning}" for name, meaning in columns.items()]
            parts.append("\b\n" + f"Columns of {key}:\n" + "\n".join(lines))
    return "\n\n".join(parts) + "\n\nEvery column: docs/columns.md"


def markdown() -> str:
    """The column tables of docs/columns.md (a test checks the file holds exactly these).

    Returns
    -------
    str
        One "## command" heading and a column | meaning table per command.
    """
    parts = []
    for key, columns in COLUMNS.items():
        rows = "\n".join(f"| `{name}` | {meaning} |" for name, meaning in columns.items())
        parts.append(f"## `{key}`\n\n| column | meaning |\n| --- | --- |\n{rows}\n")
    return "\n".join(parts)
