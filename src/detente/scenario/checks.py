"""Cross-field checks of a scenario that pydantic field types cannot express."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from detente.scenario.schema import Scenario


class InconsistentScenario(ValueError):
    """Raised from the schema's validator; carries one (location, message) pair per problem."""

    def __init__(self, problems: list[tuple[str, str]]):
        self.problems = problems
        super().__init__("; ".join(f"{loc}: {msg}" for loc, msg in problems))


def check_scenario(s: Scenario) -> None:
    """Raise :class:`InconsistentScenario` naming every inconsistency (ids, gaps, ranges)."""
    errors: list[str] = []
    actor_ids, issue_ids = s.actor_ids, s.issue_ids
    for kind, ids in (
        ("actor", actor_ids),
        ("issue", issue_ids),
        ("forum", [f.id for f in s.forums]),
        ("outcome", [o.id for o in s.outcomes]),
    ):
        dups = [i for i, n in Counter(ids).items() if n > 1]
        if dups:
            errors.append(f"duplicate {kind} id(s) {dups}: each id must be unique")
    errors += _stance_errors(s, actor_ids, issue_ids)
    known_actors = set(actor_ids)
    for f in s.forums:
        unknown = [m for m in f.members if m not in known_actors]
        if unknown:
            errors.append(f"forums.{f.id}.members: unknown actor(s) {unknown}")
    issues = {i.id: i for i in s.issues}
    for o in s.outcomes:
        for iid, value in o.values.items():
            if iid not in issues:
                errors.append(f"outcomes.{o.id}.values.{iid}: unknown issue")
            elif not issues[iid].scale.low <= value <= issues[iid].scale.high:
                errors.append(f"outcomes.{o.id}.values.{iid}: {value} is outside the issue's scale")
    errors += _reservation_errors(s, issues)
    errors += _source_errors(s)
    if errors:
        raise InconsistentScenario([_split(e) for e in errors])


def _split(error: str) -> tuple[str, str]:
    """'a.b: message' -> ('a.b', 'message'); top-level messages get an empty location."""
    head, sep, tail = error.partition(": ")
    if sep and " " not in head:
        return head, tail
    return "", error


def _stance_errors(s: Scenario, actor_ids: list[str], issue_ids: list[str]) -> list[str]:
    errors = []
    for aid in s.stances:
        if aid not in actor_ids:
            errors.append(f"stances.{aid}: unknown actor (known: {', '.join(actor_ids)})")
    for aid in actor_ids:
        row = s.stances.get(aid)
        if row is None:
            errors.append(f"stances.{aid}: missing; every actor needs a stance on every issue")
            continue
        for iid in row:
            if iid not in issue_ids:
                errors.append(f"stances.{aid}.{iid}: unknown issue (known: {', '.join(issue_ids)})")
        for issue in s.issues:
            stance = row.get(issue.id)
            if stance is None:
                errors.append(f"stances.{aid}.{issue.id}: missing position and salience")
            elif not issue.scale.low <= stance.position <= issue.scale.high:
                errors.append(
                    f"stances.{aid}.{issue.id}.position: {stance.position} is outside the scale "
                    f"{issue.scale.low:g}-{issue.scale.high:g}"
                )
    return errors


def _reservation_errors(s: Scenario, issues: dict[str, Any]) -> list[str]:
    errors = []
    for a in s.actors:
        accepts = a.reservation.accepts if a.reservation is not None else {}
        for iid, (low, high) in accepts.items():
            where = f"actors.{a.id}.reservation.accepts.{iid}"
            if iid not in issues:
                errors.append(f"{where}: unknown issue (known: {', '.join(issues)})")
            elif low < issues[iid].scale.low or high > issues[iid].scale.high:
                errors.append(f"{where}: [{low:g}, {high:g}] leaves the issue's scale")
    return errors


def _source_errors(s: Scenario) -> list[str]:
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
        return [f"sources: cited but not defined: {missing[:10]}"]
    return []
