"""Cross-field checks of a scenario that pydantic field types cannot express.

The schema calls :func:`check_scenario` from its validator. This module never imports the schema
(the checks read a scenario through :class:`ScenarioParts`), so the two import one way only.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any, Protocol


class ScenarioParts(Protocol):
    """What the checks read of a scenario (:class:`detente.scenario.schema.Scenario`)."""

    @property
    def actor_ids(self) -> list[str]:
        """The actors' ids, in order."""

    @property
    def issue_ids(self) -> list[str]:
        """The issues' ids, in order."""

    @property
    def actors(self) -> Sequence[Any]:
        """The actors."""

    @property
    def issues(self) -> Sequence[Any]:
        """The issues."""

    @property
    def stances(self) -> Mapping[str, Mapping[str, Any]]:
        """actor id -> issue id -> stance."""

    @property
    def forums(self) -> Sequence[Any]:
        """The forums given."""

    @property
    def outcomes(self) -> Sequence[Any]:
        """The known outcomes."""

    @property
    def sources(self) -> Mapping[str, Any]:
        """source id -> source."""

    @property
    def perception(self) -> Any:
        """The perception settings (or None)."""


class InconsistentScenario(ValueError):
    """Raised from the schema's validator; carries one (location, message, fix) per problem.

    Pairs (location, message) are accepted too; their fix is guessed from the message.
    """

    def __init__(self, problems: list[tuple[str, str]] | list[tuple[str, str, str]]):
        self.problems = [(p[0], p[1], p[2] if len(p) > 2 else _fix_for(p[1])) for p in problems]
        super().__init__("; ".join(f"{loc}: {msg}" for loc, msg, _ in self.problems))


def _fix_for(message: str) -> str:
    rules = {
        "unknown": "use one of the ids defined in the file",
        "outside": "give a value inside the issue's scale, or widen the scale",
        "missing": "add it",
        "duplicate": "rename one of them",
        "not defined": "add them under 'sources' or drop the citation",
    }
    return next((fix for text, fix in rules.items() if text in message), "see the format guide")


def check_scenario(s: ScenarioParts) -> None:
    """Raise :class:`InconsistentScenario` naming every inconsistency (ids, gaps, ranges).

    Parameters
    ----------
    s : the scenario (validated field by field already)
    """
    errors: list[tuple[str, str, str]] = []
    actor_ids, issue_ids = s.actor_ids, s.issue_ids
    for kind, ids in (
        ("actor", actor_ids),
        ("issue", issue_ids),
        ("forum", [f.id for f in s.forums]),
        ("outcome", [o.id for o in s.outcomes]),
    ):
        dups = [i for i, n in Counter(ids).items() if n > 1]
        if dups:
            errors.append(
                ("", f"duplicate {kind} id(s) {dups}: each id must be unique", "rename one of them")
            )
    errors += _stance_errors(s, actor_ids, issue_ids)
    known_actors = set(actor_ids)
    for f in s.forums:
        unknown = [m for m in f.members if m not in known_actors]
        if unknown:
            errors.append(
                (
                    f"forums.{f.id}.members",
                    f"unknown actor(s) {unknown}",
                    f"use actor ids, which are: {', '.join(actor_ids)}",
                )
            )
    issues = {i.id: i for i in s.issues}
    for o in s.outcomes:
        for iid, value in o.values.items():
            where = f"outcomes.{o.id}.values.{iid}"
            if iid not in issues:
                errors.append(
                    (where, "unknown issue", f"use issue ids, which are: {', '.join(issue_ids)}")
                )
            elif not issues[iid].scale.low <= value <= issues[iid].scale.high:
                scale = issues[iid].scale
                errors.append(
                    (
                        where,
                        f"{value} is outside the issue's scale",
                        f"give a value from {scale.low:g} to {scale.high:g}, or widen the scale",
                    )
                )
    errors += _reservation_errors(s, issues)
    errors += _source_errors(s)
    if errors:
        raise InconsistentScenario(errors)


def _stance_errors(
    s: ScenarioParts, actor_ids: list[str], issue_ids: list[str]
) -> list[tuple[str, str, str]]:
    errors = []
    actors, issues = ", ".join(actor_ids), ", ".join(issue_ids)
    known_actors, known_issues = set(actor_ids), set(issue_ids)
    for aid in s.stances:
        if aid not in known_actors:
            errors.append(
                (f"stances.{aid}", "unknown actor", f"use actor ids, which are: {actors}")
            )
    for aid in actor_ids:
        row = s.stances.get(aid)
        if row is None:
            errors.append(
                (
                    f"stances.{aid}",
                    "missing; every actor needs a stance on every issue",
                    f"add `{aid}:` under `stances` with a position and salience per issue",
                )
            )
            continue
        for iid in row:
            if iid not in known_issues:
                errors.append(
                    (f"stances.{aid}.{iid}", "unknown issue", f"use issue ids, which are: {issues}")
                )
        for issue in s.issues:
            stance = row.get(issue.id)
            if stance is None:
                errors.append(
                    (
                        f"stances.{aid}.{issue.id}",
                        "missing position and salience",
                        f"add `{issue.id}: {{position: ..., salience: ...}}` under `{aid}`",
                    )
                )
            elif not issue.scale.low <= stance.position <= issue.scale.high:
                low, high = issue.scale.low, issue.scale.high
                errors.append(
                    (
                        f"stances.{aid}.{issue.id}.position",
                        f"{stance.position} is outside the scale {low:g}-{high:g}",
                        f"give a position from {low:g} to {high:g}, or widen the issue's scale",
                    )
                )
    return errors


def _reservation_errors(s: ScenarioParts, issues: dict[str, Any]) -> list[tuple[str, str, str]]:
    errors = []
    for a in s.actors:
        accepts = a.reservation.accepts if a.reservation is not None else {}
        for iid, (low, high) in accepts.items():
            where = f"actors.{a.id}.reservation.accepts.{iid}"
            if iid not in issues:
                errors.append(
                    (where, "unknown issue", f"use issue ids, which are: {', '.join(issues)}")
                )
            elif low < issues[iid].scale.low or high > issues[iid].scale.high:
                scale = issues[iid].scale
                errors.append(
                    (
                        where,
                        f"[{low:g}, {high:g}] leaves the issue's scale",
                        f"keep the bounds within {scale.low:g} to {scale.high:g}",
                    )
                )
    return errors


def _source_errors(s: ScenarioParts) -> list[tuple[str, str, str]]:
    cited: set[str] = set()
    for a in s.actors:
        cited.update(a.sources)
        if a.reservation is not None:
            cited.update(a.reservation.sources)
    if s.perception is not None:
        cited.update(s.perception.sources)
    for row in s.stances.values():
        for stance in row.values():
            cited.update(stance.sources)
    for o in s.outcomes:
        cited.update(o.sources)
    for f in s.forums:
        cited.update(f.sources)
    missing = sorted(cited - set(s.sources))
    if missing:
        return [
            (
                "sources",
                f"cited but not defined: {missing[:10]}",
                "add them under `sources` (id: {title: ...}) or drop the citation",
            )
        ]
    return []
