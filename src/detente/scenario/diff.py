"""What changed between two versions of a scenario, in words an analyst reads at a glance.

``diff_scenarios(a, b)`` lists one :class:`Difference` per changed value, e.g.
"RUS salience on denuc_scope 0.60 -> 0.95" or "actor MNG added". The workspace's version history,
its conflict page and `detente runs compare` all show these lines.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from detente.scenario.schema import Scenario

# Fields whose values are numbers on a 0-1 scale get two decimals, the rest :g.
_TWO_DECIMALS = {"salience", "salience_sd"}


@dataclass(frozen=True)
class Difference:
    """One changed value: where (a field path), what it was and what it is (None: absent)."""

    path: str
    before: Any
    after: Any
    text: str

    def __str__(self) -> str:
        return self.text


def _show(value: Any, field: str = "") -> str:
    if isinstance(value, bool) or value is None:
        return str(value)
    if isinstance(value, int | float):
        return f"{value:.2f}" if field in _TWO_DECIMALS else f"{value:g}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_show(v) for v in value) + "]"
    text = str(value)
    return repr(text if len(text) <= 60 else text[:57] + "...")


def _change(path: str, label: str, before: Any, after: Any, field: str = "") -> Difference:
    text = f"{label} {_show(before, field)} -> {_show(after, field)}"
    return Difference(path, before, after, text)


def _by_id(items: Iterable[Mapping[str, Any]]) -> dict[str, dict[str, Any]]:
    return {item["id"]: dict(item) for item in items}


def _fields(path: str, label: str, a: Mapping[str, Any], b: Mapping[str, Any]) -> list[Difference]:
    """Field-by-field changes of two mappings (nested mappings flattened as 'scale.high')."""
    out: list[Difference] = []
    for key in list(a) + [k for k in b if k not in a]:
        va, vb = a.get(key), b.get(key)
        if va == vb or key == "id":
            continue
        if isinstance(va, Mapping) and isinstance(vb, Mapping):
            out += _fields(f"{path}.{key}", f"{label} {key}", va, vb)
        else:
            out.append(_change(f"{path}.{key}", f"{label} {key}", va, vb, str(key)))
    return out


def _collection(
    kind: str, a: Iterable[Mapping[str, Any]], b: Iterable[Mapping[str, Any]]
) -> list[Difference]:
    """Items (actors, issues, forums, outcomes) added, removed or changed, matched by id."""
    left, right = _by_id(a), _by_id(b)
    out: list[Difference] = []
    for item_id, item in left.items():
        if item_id not in right:
            out.append(Difference(f"{kind}s.{item_id}", item, None, f"{kind} {item_id} removed"))
        else:
            out += _fields(f"{kind}s.{item_id}", f"{kind} {item_id}", item, right[item_id])
    for item_id, item in right.items():
        if item_id not in left:
            out.append(Difference(f"{kind}s.{item_id}", None, item, f"{kind} {item_id} added"))
    return out


def _stances(a: Mapping[str, Any], b: Mapping[str, Any]) -> list[Difference]:
    """Stance values that changed, as 'RUS salience on denuc_scope 0.60 -> 0.95'."""
    out: list[Difference] = []
    for actor in [k for k in a if k in b]:
        for issue in [k for k in a[actor] if k in b[actor]]:
            sa, sb = a[actor][issue], b[actor][issue]
            for key in list(sa) + [k for k in sb if k not in sa]:
                va, vb = sa.get(key), sb.get(key)
                if va != vb:
                    path = f"stances.{actor}.{issue}.{key}"
                    label = f"{actor} {key.replace('_', ' ')} on {issue}"
                    out.append(_change(path, label, va, vb, key))
    return out


def _mapping(kind: str, a: Mapping[str, Any], b: Mapping[str, Any]) -> list[Difference]:
    """Keyed entries (sources, model params) added, removed or changed."""
    out: list[Difference] = []
    for key in list(a) + [k for k in b if k not in a]:
        if key not in b:
            out.append(Difference(f"{kind}.{key}", a[key], None, f"{kind} {key} removed"))
        elif key not in a:
            out.append(Difference(f"{kind}.{key}", None, b[key], f"{kind} {key} added"))
        elif isinstance(a[key], Mapping) and isinstance(b[key], Mapping):
            out += _fields(f"{kind}.{key}", f"{kind} {key}", a[key], b[key])
        elif a[key] != b[key]:
            out.append(_change(f"{kind}.{key}", f"{kind} {key}", a[key], b[key]))
    return out


def diff_scenarios(a: Scenario, b: Scenario) -> list[Difference]:
    """Every difference from scenario ``a`` to scenario ``b``, in a stable, readable order.

    Parameters
    ----------
    a, b : the older and the newer scenario

    Returns
    -------
    list of Difference
        Top-level fields first (id, name, date ...), then actors, issues, stances, forums,
        outcomes, sources and model parameters. Empty when the two are equal.
    """
    da, db = a.model_dump(mode="json"), b.model_dump(mode="json")
    out: list[Difference] = []
    for key in ("id", "name", "description", "date"):
        if da.get(key) != db.get(key):
            out.append(_change(key, f"scenario {key}", da.get(key), db.get(key)))
    for kind in ("actor", "issue"):
        out += _collection(kind, da[f"{kind}s"], db[f"{kind}s"])
    out += _stances(da["stances"], db["stances"])
    for kind in ("forum", "outcome"):
        out += _collection(kind, da[f"{kind}s"], db[f"{kind}s"])
    out += _mapping("source", da["sources"], db["sources"])
    out += _mapping("params", da["params"], db["params"])
    return out


def diff_lines(a: Scenario, b: Scenario) -> list[str]:
    """The differences of :func:`diff_scenarios` as plain lines of text.

    Parameters
    ----------
    a, b : two versions of a scenario

    Returns
    -------
    list[str]
        One line per difference, in words.
    """
    return [d.text for d in diff_scenarios(a, b)]
