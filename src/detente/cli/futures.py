"""`detente futures show|solve|succession|sensitivity|tree FILE`: cross-impact futures.

Thin front end: every number and table comes from :mod:`detente.futures`; JSON shapes are in
docs/json-output.md.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import typer

from detente.cli.app import app
from detente.cli.common import (
    compute_request,
    format_option,
    model_option,
    record_option,
    seed_option,
    store_option,
)
from detente.cli.output import Format, console, emit, err_console
from detente.errors import DetenteError

if TYPE_CHECKING:
    from detente.futures import Futures

futures_app = typer.Typer(
    help="Futures: cross-impact balance scenarios and where the talks land in each.",
    no_args_is_help=True,
)
app.add_typer(futures_app, name="futures")

file_arg = typer.Argument(
    ..., help="A bundled futures study (dprk-futures), a futures YAML file or a .scw file."
)
mode_option = typer.Option("global", "--mode", help="Succession: global or local.")
samples_option = typer.Option(
    None, "--samples", min=1, help="Random starts (default: every scenario when few enough)."
)


def _read(ref: str) -> Futures:
    from detente.futures import read_futures

    study = read_futures(ref)
    for note in study.notes:
        err_console.print(f"note: {note}", markup=False, highlight=False)
    return study


def _say(text: str) -> None:
    console.print(text, markup=False, highlight=False)


@futures_app.command("show")
def show_cmd(
    file: str = file_arg,
    matrix: bool = typer.Option(False, "--matrix", help="Print the judgement matrix too."),
    fmt: Format = format_option,
) -> None:
    """The descriptors and variants, the judgement sections with their rationales."""
    from detente.futures.tables import descriptors_table, matrix_table, sections_table

    study = _read(file)
    spec = study.spec
    if fmt is Format.json:
        payload = spec.model_dump(mode="json", by_alias=True, exclude_defaults=True)
        emit(
            descriptors_table(study),
            fmt,
            payload={**payload, "combinations": study.matrix.combinations},
        )
        return
    if fmt is Format.csv:
        emit(matrix_table(study.matrix) if matrix else descriptors_table(study), fmt)
        return
    label = " (ILLUSTRATIVE EXPERT JUDGEMENT)" if spec.illustrative else ""
    emit(descriptors_table(study), fmt, title=f"{spec.name}{label}")
    _say(f"{len(spec.descriptors)} descriptors, {study.matrix.combinations:,} combinations")
    if spec.judgements:
        emit(sections_table(study), fmt, title="Judgement sections")
    if matrix:
        emit(
            matrix_table(study.matrix),
            fmt,
            title="Judgements (row promotes > 0 / hinders < 0 column)",
            digits=0,
        )


@futures_app.command("solve")
def solve_cmd(
    files: list[str] | None = typer.Argument(
        None, help="One study, or several experts' matrices of the same descriptors."
    ),
    experts: str | None = typer.Option(
        None,
        "--experts",
        help="A folder with one study file per expert, or a panel folder (its futures/ "
        "subfolder: one file per member).",
    ),
    inconsistency: float = typer.Option(
        0.0, "--inconsistency", "-k", min=0, help="Keep scenarios up to this inconsistency."
    ),
    monte_carlo_starts: int | None = typer.Option(
        None, "--monte-carlo", min=1, help="Search from N random starts instead (large matrices)."
    ),
    max_nodes: int | None = typer.Option(
        None, "--max-nodes", min=1, help="Stop the exact search after N nodes (marked incomplete)."
    ),
    seed: int = seed_option,
    fmt: Format = format_option,
) -> None:
    """Every scenario with inconsistency <= k, found exactly (or by Monte Carlo); with several
    experts (several files, or --experts FOLDER), each scenario's robustness: in how many
    experts' matrices it is consistent."""
    files = files or []
    if experts is not None and files:
        raise DetenteError("give the experts' files or --experts FOLDER, not both")
    if experts is None and not files:
        raise DetenteError("give a study (dprk-futures, a .yaml or .scw file) or --experts FOLDER")
    studies = [_read(f) for f in files]
    if experts is not None or len(studies) > 1:
        if monte_carlo_starts is not None:
            raise DetenteError("--monte-carlo works on one matrix at a time")
        _experts(studies, experts, inconsistency, fmt)
        return
    m = studies[0].matrix
    if monte_carlo_starts is not None and inconsistency:
        raise DetenteError("--monte-carlo finds consistent scenarios only (drop -k)")
    fields = {"futures": studies[0].spec, "max_inconsistency": inconsistency,
              "monte_carlo": monte_carlo_starts, "seed": seed, "max_nodes": max_nodes}  # fmt: skip
    result: Any = compute_request("futures-solve", fields)
    found = result.solutions
    what = (
        "consistent scenarios"
        if not inconsistency
        else f"scenarios with inconsistency <= {inconsistency:g}"
    )
    emit(
        found.table(),
        fmt,
        payload=found.payload(),
        title=f"{studies[0].spec.name}: {what}",
        digits=0,
    )
    if fmt is Format.table:
        _say(
            f"{len(found)} found among {m.combinations:,} combinations "
            f"({found.method}, {found.nodes:,} {'nodes' if found.method == 'exact' else 'starts'})"
            + (f"; {found.note}" if found.note else "")
        )


def _experts(studies: list[Futures], folder: str | None, k: float, fmt: Format) -> None:
    """The ensemble across experts (``futures-experts``), from files or a folder."""
    if folder is not None:
        ref: str | dict[str, Any] = folder
    else:
        names = [s.source for s in studies]
        if len(set(names)) < len(names):  # the same file twice: number them
            names = [f"{name}#{j + 1}" for j, name in enumerate(names)]
        ref = {name: s.spec for name, s in zip(names, studies, strict=True)}
    fields = {"experts": ref, "max_inconsistency": k}
    ens = compute_request("futures-experts", fields).ensemble  # type: ignore[attr-defined]
    emit(ens.table(), fmt, payload=ens.payload(), title="Scenarios across experts", digits=2)
    if fmt is Format.table:
        _say(
            f"{len(ens.local)} scenarios consistent for at least one of {len(ens.experts)} "
            "experts or for their pooled matrix; robustness: in how many experts' matrices each "
            "is consistent"
        )


@futures_app.command("succession")
def succession_cmd(
    file: str = file_arg,
    start: str | None = typer.Option(
        None, "--start", help="Follow one start, e.g. 'regime=crisis,economy=autarky,...' (all)."
    ),
    mode: str = mode_option,
    samples: int | None = samples_option,
    seed: int = seed_option,
    fmt: Format = format_option,
) -> None:
    """From one start, the path to its attractor; without --start, every attractor (consistent
    scenarios and cycles) with the size of its basin."""
    from detente.futures import basins, path
    from detente.futures.tables import path_table

    study = _read(file)
    m = study.matrix
    if start is not None:
        pairs = dict(p.split("=", 1) for p in start.split(",") if "=" in p)
        p = path(m, m.scenario(pairs), mode)
        table = path_table(m, p)
        kind = (
            "no attractor within the step limit"
            if p.period == 0
            else ("a consistent scenario" if p.period == 1 else f"a cycle of period {p.period}")
        )
        payload = {"mode": mode, "period": p.period, "steps": table.to_dict(orient="records")}
        emit(table, fmt, payload=payload, title=f"{mode} succession", digits=0)
        if fmt is Format.table:
            _say(f"ends in {kind} after {p.entered} step(s)")
        return
    b = basins(m, mode, samples=samples, seed=seed)
    emit(b.table(), fmt, payload=b.payload(), title=f"Attractors under {mode} succession", digits=4)
    if fmt is Format.table:
        _say(
            b.describe() + (f"; {b.unresolved} starts reached no attractor" if b.unresolved else "")
        )


@futures_app.command("sensitivity")
def sensitivity_cmd(
    file: str = file_arg,
    max_change: float = typer.Option(
        1.0, "--max-change", min=0, help="Largest change of one judgement considered."
    ),
    detail: bool = typer.Option(False, "--detail", help="Print every (scenario, judgement)."),
    top: int = typer.Option(15, "--top", min=1, help="Judgements shown in the summary table."),
    fmt: Format = format_option,
) -> None:
    """Single judgements that break a consistent scenario, or make an inconsistent one
    consistent, when changed by at most --max-change."""
    from detente.futures import fragile_judgements, judgement_sensitivity

    study = _read(file)
    flips = judgement_sensitivity(study.matrix, max_change, study.spec.scale)
    summary = fragile_judgements(flips)
    if fmt is not Format.table or detail:
        payload = {"max_change": max_change, "judgements": summary.to_dict(orient="records"),
                   "flips": flips.to_dict(orient="records")}  # fmt: skip
        emit(flips, fmt, payload=payload, title="Every judgement that flips a scenario")
        return
    emit(
        summary.head(top),
        fmt,
        title=f"Judgements breaking or making most scenarios with a change of <= {max_change:g}",
        digits=0,
    )
    _say(
        f"{len(summary)} judgements flip {flips['scenario'].nunique()} scenarios "
        "(--detail lists each; --format csv writes them)"
    )


@futures_app.command("tree")
def tree_cmd(
    file: str = file_arg,
    on: str = typer.Option(..., "--on", help="The negotiation scenario the futures bridge onto."),
    model: str = model_option,
    runs: int = typer.Option(500, "--runs", "-n", min=1, help="Ensemble runs per future."),
    weights: str = typer.Option("basin", "--weights", help="basin, prior or equal."),
    roadmap: list[str] | None = typer.Option(
        None, "--roadmap", help="Roadmap to check (repeatable; default: the bundled ones on it)."
    ),
    inconsistency: float = typer.Option(0.0, "--inconsistency", "-k", min=0),
    samples: int | None = samples_option,
    seed: int = seed_option,
    fmt: Format = format_option,
    record: bool = record_option,
    store: str | None = store_option,
) -> None:
    """Futures with their weights -> per-issue forecasts with 90 % intervals in each ->
    which roadmap stages every party keeps to in all, some or none of the futures."""
    fields = {"futures": _read(file).spec, "scenario": on, "model": model, "runs": runs,
              "seed": seed, "weights": weights, "roadmaps": roadmap,
              "max_inconsistency": inconsistency, "samples": samples}  # fmt: skip
    result: Any = compute_request(
        "futures-tree", fields, record=record, store=store, label="futures"
    )
    tree = result.tree
    if fmt is not Format.table:
        emit(tree.forecasts, fmt, payload=tree.payload())
        return
    emit(tree.futures.drop(columns=["changes"]), fmt, title="Futures and their weights", digits=3)
    _say(f"weights: {tree.info['weight_note']}")
    emit(tree.points(), fmt, title=f"{model} forecast per issue in each future", digits=1)
    emit(tree.intervals(), fmt, title=f"90% interval per issue in each future ({runs} runs)")
    emit(
        tree.combined,
        fmt,
        title="All futures together: expectation and the weighted mixture's quantiles",
        digits=1,
    )
    if len(tree.stages):
        emit(tree.stages, fmt, title="Roadmap stages every party keeps to, across the futures")
    for note in tree.notes:
        _say(f"note: {note}")
