"""Record decide-exchange-model's per-round outcomes on COP21 (run once, outside the project).

    python -m venv /tmp/decide/venv && /tmp/decide/venv/bin/pip install decide-exchange-model
    /tmp/decide/venv/bin/python record_reference.py cop21.csv 10 out.json

Two knobs make the reference deterministic, without touching its equations:
- ``EqualGainModel.ALLOW_RANDOM = False`` and exchanges sorted by gain rounded to 12 decimals:
  equally good exchanges are taken in list order (decide otherwise flips a coin, and its
  28-digit Decimal arithmetic turns true ties into last-digit differences);
- an adjusted outcome within 1e-9 of the partner's position counts as at it (decide otherwise
  decides such knife edges by the last digit of its Decimal arithmetic).
Not part of the test suite; never imported.
"""

import json
import sys

from decide.data.modelfactory import ModelFactory
from decide.data.reader import InputDataFile
from decide.model import base, equalgain

equalgain.EqualGainModel.ALLOW_RANDOM = False
equalgain.EqualGainModel.sort_exchanges = lambda self: self.exchanges.sort(
    key=lambda e: round(e.gain, 12), reverse=True
)
_adjust = base.AbstractExchangeActor.adjust_nbs


def _snap(self, position):
    value = _adjust(self, position)
    target = self.opposite_actor.demand.position
    return target if abs(value - target) < 1e-9 else value


base.AbstractExchangeActor.adjust_nbs = _snap


def main(path, rounds, out):
    model = ModelFactory(InputDataFile.open(path))(
        model_klass=equalgain.EqualGainModel, randomized_value=None
    )
    issues = list(model.issues)
    result = {
        "issues": [i.name for i in issues],
        "actors": [a.actor_id for a in model.actors],
        "rounds": [],
    }
    for _ in range(rounds):
        model.calc_nbs()
        model.determine_positions()
        model.calc_combinations()
        model.determine_groups_and_calculate_exchanges()
        preference = {i.name: float(model.nbs[i]) for i in issues}
        realized = []
        while model.exchanges:
            e = model.highest_gain()
            if e and e.is_valid:
                model.remove_invalid_exchanges(e)
                realized.append(e)
        for e in realized:  # vote
            model.actor_issues[e.i.supply.issue][e.i.actor].position = e.i.y
            model.actor_issues[e.j.supply.issue][e.j.actor].position = e.j.y
        model.calc_nbs()
        voting = {i.name: float(model.nbs[i]) for i in issues}
        for e in realized:  # next round's starting positions
            model.actor_issues[e.i.supply.issue][e.i.actor].position = e.i.new_start_position()
            model.actor_issues[e.j.supply.issue][e.j.actor].position = e.j.new_start_position()
        result["rounds"].append(
            {
                "preference_mds": preference,
                "voting_mds": voting,
                "exchanges": [
                    {
                        "i": e.i.actor.actor_id,
                        "i_supply": e.i.supply.issue.name,
                        "i_x": float(e.i.supply.position),
                        "i_y": float(e.i.y),
                        "j": e.j.actor.actor_id,
                        "j_supply": e.j.supply.issue.name,
                        "j_x": float(e.j.supply.position),
                        "j_y": float(e.j.y),
                        "gain": float(e.gain),
                    }
                    for e in realized
                ],
            }
        )
    with open(out, "w") as f:
        json.dump(result, f, indent=1)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), sys.argv[3])
