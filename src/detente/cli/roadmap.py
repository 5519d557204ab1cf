"""`detente roadmap show|status|ledger|check|optimize ROADMAP`: phased agreements."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import typer

from detente.cli.app import app
from detente.cli.columns import help_text
from detente.cli.common import compute_request, format_option, record_option, store_option
from detente.cli.output import Format, console, emit
from detente.errors import DetenteError

if TYPE_CHECKING:
    import pandas as pd

    from detente.roadmap.incentives import IncentiveCheck

roadmap_app = typer.Typer(
    help="Phased roadmaps: plan, track, aid ledger, incentive check.", no_args_is_help=True
)
app.add_typer(roadmap_app, name="roadmap")

roadmap_arg = typer.Argument(
    ...,
    help="A bundled roadmap (korea-2007, ne-asia-security, dismantlement) or a roadmap YAML file.",
)
on_option = typer.Option(None, "--on", help="Date YYYY-MM-DD (default: today).")
discount_option = typer.Option(1.0, "--discount", help="Discount factor per stage, in (0, 1].")
perform_option = typer.Option(
    1.0, "--perform", help="Probability that the others perform each stage, in [0, 1]."
)


def _date(text: str | None) -> dt.date:
    if text is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise DetenteError(f"--on '{text}' is not a date (fix: write YYYY-MM-DD)") from None


@roadmap_app.command(epilog=help_text("roadmap show"))
def show(roadmap: str = roadmap_arg, fmt: Format = format_option) -> None:
    """The plan: stages, their deadlines and preconditions, and every action."""
    from detente.roadmap import read_roadmap
    from detente.roadmap.tracking import plan_table

    r = read_roadmap(roadmap).roadmap
    title = r.name + (" (ILLUSTRATIVE)" if r.illustrative else "")
    emit(
        plan_table(r),
        fmt,
        payload=r.model_dump(mode="json", exclude_defaults=True) if fmt is Format.json else None,
        title=title,
    )


@roadmap_app.command("status", epilog=help_text("roadmap status"))
def status_cmd(
    roadmap: str = roadmap_arg,
    on: str | None = on_option,
    fmt: Format = format_option,
    plot: str | None = typer.Option(
        None, "--plot", help="Also draw the timeline to FILE (.html, .png, .svg)."
    ),
    actions: bool = typer.Option(False, "--actions", help="List every action's state too."),
    record: bool = record_option,
    store: str | None = store_option,
) -> None:
    """State on a date: stages done/late/blocked, progress of groups, deliveries by donor."""
    fields = {"roadmap": roadmap, "on": _date(on)}
    result: Any = compute_request("roadmap-status", fields, record=record, store=store)
    r, day = result.request.loaded().roadmap, result.request.on
    if plot:
        from detente.report.files import save_gantt

        save_gantt(r, day, plot)
    if fmt is not Format.table:
        emit(result.actions if actions else result.stages, fmt, payload=result.payload(actions))
        return
    emit(result.stages.drop(columns=["name"]), fmt, title=f"{r.name}: stages on {day}")
    if len(result.groups):
        emit(result.groups, fmt, title="Progress by group of actions")
    if len(result.deliveries):
        short = ["donor", "unit", "pledged", "delivered", "outstanding", "status"]
        emit(result.deliveries[short], fmt, title="Deliveries by donor", digits=0)
    emit(
        result.issues,
        fmt,
        title="Issues: baseline plus what was carried out (each on its scale)",
        digits=1,
    )
    if actions:
        emit(result.actions, fmt, title="Actions")
    if plot:
        console.print(f"timeline written to {plot}")


@roadmap_app.command("ledger", epilog=help_text("roadmap ledger"))
def ledger_cmd(
    roadmap: str = roadmap_arg,
    on: str | None = on_option,
    fmt: Format = format_option,
    by: str = typer.Option("stage", "--by", help="'stage' (donor and stage) or 'donor'."),
) -> None:
    """Pledges against deliveries per donor (and stage), outstanding balances, burden shares."""
    if by not in ("stage", "donor"):
        raise DetenteError(f"--by '{by}' (fix: use 'stage' or 'donor')")
    from detente.roadmap import ledger, read_roadmap
    from detente.roadmap.ledger import totals

    r = read_roadmap(roadmap).roadmap
    day = _date(on)
    table = ledger(r, day, by_stage=by == "stage")
    emit(
        table,
        fmt,
        payload={
            "roadmap": r.id,
            "on": day,
            "rows": _records(table),
            "totals": _records(totals(table)),
        },
        title=f"{r.name}: ledger on {day}",
        digits=0,
    )
    if fmt is Format.table and len(table):
        emit(totals(table), fmt, title="Totals per unit", digits=0)


def _records(df: pd.DataFrame) -> list[dict[str, Any]]:
    return df.to_dict(orient="records")  # type: ignore[return-value]


def _print_check(c: IncentiveCheck, title: str) -> None:
    emit(c.pivot().reset_index(), Format.table, title=title)
    console.print(
        f"weakest stage: {c.weakest_stage} (party {c.weakest_party}, margin {c.strength:+.2f})",
        markup=False,
        highlight=False,
    )
    bad = c.defections()
    if len(bad):
        emit(bad, Format.table, title="Where a party gains by stopping (utility points)")


@roadmap_app.command("check", epilog=help_text("roadmap check"))
def check_cmd(
    roadmap: str = roadmap_arg,
    discount: float = discount_option,
    perform: float = perform_option,
    fmt: Format = format_option,
    record: bool = record_option,
    store: str | None = store_option,
) -> None:
    """Per stage and party: value of carrying on minus value of stopping; the weakest stage."""
    fields = {"roadmap": roadmap, "discount": discount, "perform": perform}
    result: Any = compute_request("roadmap-check", fields, record=record, store=store)
    if fmt is Format.table:
        name = result.request.loaded().roadmap.name
        _print_check(
            result.check,
            f"{name}: margin of carrying on over stopping "
            "before each stage (negative = gains by stopping)",
        )
    else:
        emit(result.check.table, fmt, payload=result.payload())


@roadmap_app.command("optimize")
def optimize_cmd(
    roadmap: str = roadmap_arg,
    discount: float = discount_option,
    perform: float = perform_option,
    fmt: Format = format_option,
) -> None:
    """Search orderings and splits for the plan whose weakest stage is strongest."""
    from detente.results.roadmap import check_payload
    from detente.roadmap import optimize, read_roadmap

    loaded = read_roadmap(roadmap)
    o = optimize(loaded.roadmap, loaded.scenario, discount, perform)
    if fmt is not Format.table:
        emit(
            o.strategies,
            fmt,
            payload={
                "strategies": _records(o.strategies),
                "best": check_payload(o.best),
                "changes": _records(o.changes()),
                "agreed": check_payload(o.agreed),
                "evaluated": o.evaluated,
            },
        )
        return
    emit(o.strategies, fmt, title=f"{o.evaluated} plans evaluated; best of each strategy")
    console.print("best plan (" + o.best.plan.name + "):", markup=False)
    for line in o.best.plan.describe():
        console.print(f"  {line}", markup=False, highlight=False)
    moved = o.changes()
    if len(moved):
        emit(moved, fmt, title="What the best plan changes")
    _print_check(o.best, "Best plan: margin of carrying on over stopping")
