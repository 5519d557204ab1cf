"""Panel actions and the visibility rules: who may do what, and who sees what, when."""

from __future__ import annotations

import pytest

from detente.panel import (
    Cell,
    PanelError,
    add_member,
    close_panel,
    close_round,
    group_view,
    last_estimates,
    open_round,
    panel_data,
    pseudonyms,
    reveal,
    submit,
)
from detente.panel.state import PanelState
from tests.panel.conftest import at

POS_AX = {"kind": "position", "actor": "A", "issue": "x", "value": 10, "rationale": "ann's"}
POS_BX = {"kind": "position", "actor": "B", "issue": "x", "value": 40, "low": 30, "high": 60}


def est(actor: str, issue: str, value: float, **more) -> dict:
    return {"kind": "position", "actor": actor, "issue": issue, "value": value, **more}


def text_of(view) -> str:
    return repr(view)


def test_a_member_sees_nothing_of_a_cell_before_giving_it(opened: PanelState):
    state = submit(opened, "ann", [POS_AX], at(10)).state
    before = group_view(state, "bob", 1)
    (cell,) = before.cells
    assert cell.cell == Cell("position", "A", "x")
    assert not cell.visible and cell.answers == () and cell.n == 0
    assert cell.median != cell.median  # NaN: no number at all
    assert "10" not in "".join(repr(a) for a in cell.answers)
    after = group_view(submit(state, "bob", [est("A", "x", 30)], at(11)).state, "bob", 1)
    (cell,) = after.cells
    assert cell.visible and cell.n == 2 and cell.median == 20.0
    assert sorted(a.value for a in cell.answers) == [10.0, 30.0]


def test_seeing_one_cell_does_not_open_another(opened: PanelState):
    state = submit(opened, "ann", [POS_AX, POS_BX], at(10)).state
    state = submit(state, "bob", [est("A", "x", 30)], at(11)).state
    view = {c.cell: c for c in group_view(state, "bob", 1).cells}
    assert view[Cell("position", "A", "x")].visible
    assert not view[Cell("position", "B", "x")].visible


def test_members_never_see_names_only_pseudonyms(opened: PanelState):
    state = submit(opened, "ann", [POS_AX], at(10)).state
    state = submit(state, "bob", [est("A", "x", 30)], at(11)).state
    view = group_view(state, "bob", 1)
    labels = {a.label for c in view.cells for a in c.answers}
    assert labels == {pseudonyms(state, 1)["ann"], pseudonyms(state, 1)["bob"]}
    assert not view.names and view.who == ()
    for name in ("ann", "cy", "fac", "obs"):
        assert f"'{name}'" not in text_of(view).replace("viewer='bob'", "")
    # the member's own answer is marked as theirs, under their own pseudonym
    (mine,) = [a for c in view.cells for a in c.answers if a.mine]
    assert mine.value == 30.0
    assert view.submitted == 2 and view.members == 3


def test_the_facilitator_sees_names_and_who_submitted(opened: PanelState):
    state = submit(opened, "ann", [POS_AX], at(10)).state
    view = group_view(state, "fac", 1)
    assert view.names and view.who == ("ann",)
    (cell,) = view.cells
    assert cell.visible and [a.label for a in cell.answers] == ["ann"]
    assert cell.answers[0].rationale == "ann's"


def test_pseudonyms_change_every_round_and_are_fixed_by_the_seed(opened: PanelState):
    one, two = pseudonyms(opened, 1), pseudonyms(opened, 2)
    assert set(one) == {"ann", "bob", "cy"}
    assert len(set(one.values())) == 3
    assert all(one[m] != two[m] for m in one)
    assert all(p.endswith("-1") for p in one.values())
    assert pseudonyms(opened, 1) == one  # same seed, same names


def test_a_closed_round_refuses_submissions(opened: PanelState):
    state = close_round(opened, "fac", at(20)).state
    with pytest.raises(PanelError, match="no round is open") as err:
        submit(state, "ann", [POS_AX], at(21))
    assert err.value.reason == "conflict"


def test_an_observer_cannot_submit_and_sees_only_closed_rounds(opened: PanelState):
    with pytest.raises(PanelError, match="observer cannot submit") as err:
        submit(opened, "obs", [POS_AX], at(10))
    assert err.value.reason == "forbidden"
    state = submit(opened, "ann", [POS_AX], at(10)).state
    assert not group_view(state, "obs", 1).cells[0].visible
    closed = close_round(state, "fac", at(20)).state
    cell = group_view(closed, "obs", 1).cells[0]
    assert cell.visible and cell.answers[0].label == pseudonyms(closed, 1)["ann"]


def test_strangers_can_neither_submit_nor_look(opened: PanelState):
    with pytest.raises(PanelError) as err:
        submit(opened, "eve", [POS_AX], at(10))
    assert err.value.reason == "forbidden"
    with pytest.raises(PanelError) as err:
        group_view(opened, "eve", 1)
    assert err.value.reason == "forbidden"


def test_only_the_facilitator_runs_the_panel(opened: PanelState):
    for action in (close_round, close_panel, open_round, reveal):
        with pytest.raises(PanelError) as err:
            action(opened, "ann", at(9))
        assert err.value.reason == "forbidden"
    with pytest.raises(PanelError):
        add_member(opened, "ann", "zed", at(9))


def test_round_and_panel_life_cycle(opened: PanelState):
    with pytest.raises(PanelError, match="still open"):
        open_round(opened, "fac", at(9))
    with pytest.raises(PanelError, match="still open"):
        close_panel(opened, "fac", at(9))
    with pytest.raises(PanelError, match="only after the panel is closed"):
        reveal(opened, "fac", at(9))
    state = close_round(opened, "fac", at(10)).state
    state = open_round(state, "fac", at(11)).state
    assert state.open_round is not None and state.open_round.number == 2
    state = close_round(state, "fac", at(12)).state
    state = close_panel(state, "fac", at(13)).state
    assert state.closed
    with pytest.raises(PanelError, match="closed"):
        open_round(state, "fac", at(14))
    state = reveal(state, "fac", at(15)).state
    assert state.revealed


def test_after_a_reveal_everyone_sees_names(opened: PanelState):
    state = submit(opened, "ann", [POS_AX], at(10)).state
    state = close_round(state, "fac", at(11)).state
    state = close_panel(state, "fac", at(12)).state
    assert group_view(state, "bob", 1).cells[0].visible is False  # bob never gave it
    state = reveal(state, "fac", at(13)).state
    view = group_view(state, "bob", 1)
    assert view.names and view.cells[0].visible and view.cells[0].answers[0].label == "ann"


def test_assessments_are_append_only_and_the_latest_counts(opened: PanelState):
    state = submit(opened, "ann", [est("A", "x", 10)], at(10)).state
    state = submit(state, "ann", [est("A", "x", 15)], at(11)).state
    assert [a.estimates[0].value for a in state.assessments] == [10.0, 15.0]
    assert [a.seq for a in state.assessments] == [7, 8]
    (cell,) = group_view(state, "ann", 1).cells
    assert [a.value for a in cell.answers] == [15.0]


def test_the_form_is_prefilled_with_the_members_latest_values(opened: PanelState):
    state = submit(opened, "ann", [est("A", "x", 10), est("B", "x", 20)], at(10)).state
    state = submit(state, "ann", [est("A", "x", 15)], at(11)).state
    state = submit(state, "bob", [est("C", "y", 99)], at(12)).state
    assert [(e.actor, e.value) for e in last_estimates(state, "ann")] == [("A", 15.0), ("B", 20.0)]
    assert last_estimates(state, "cy") == ()


def test_the_audit_trail_numbers_every_action(opened: PanelState):
    state = submit(opened, "ann", [POS_AX], at(10)).state
    state = close_round(state, "fac", at(11)).state
    actions = [(e.seq, e.user, e.action, e.round) for e in state.audit]
    assert actions == [
        (1, "fac", "created", None), (2, "fac", "member_added", None),
        (3, "fac", "member_added", None), (4, "fac", "member_added", None),
        (5, "fac", "member_added", None), (6, "fac", "round_opened", 1),
        (7, "ann", "submitted", 1), (8, "fac", "round_closed", 1),
    ]  # fmt: skip
    assert state.audit[1].detail == {"user": "ann", "role": "member"}


def test_invalid_estimates_name_each_field(opened: PanelState):
    bad = [
        est("Z", "x", 10),  # unknown actor
        est("B", "x", 120),  # off the 0-100 scale
        est("A", "y", 50, low=60, high=70),  # range misses the value
        {"kind": "capability", "actor": "A", "issue": "", "value": 0},  # must be above 0
        {"kind": "mood", "actor": "A", "value": 1},
        est("A", "x", 10),
        est("A", "x", 11),  # the same cell twice
    ]
    with pytest.raises(PanelError) as err:
        submit(opened, "ann", bad, at(10))
    where = [p.location for p in err.value.problems]
    assert err.value.reason == "invalid"
    assert where == ["estimates.0", "estimates.1.value", "estimates.2", "estimates.3.value",
                     "estimates.4", "estimates.6"]  # fmt: skip
    assert "no actor 'Z'" in str(err.value)
    with pytest.raises(PanelError, match="no estimate"):
        submit(opened, "ann", [], at(10))


def test_panel_data_for_members_holds_only_closed_rounds_they_took_part_in(opened: PanelState):
    state = submit(opened, "ann", [est("A", "x", 10)], at(10)).state
    state = submit(state, "bob", [est("A", "x", 30)], at(11)).state
    assert panel_data(state, "ann").estimates.empty  # round 1 still open
    state = close_round(state, "fac", at(12)).state
    state = open_round(state, "fac", at(13)).state
    state = submit(state, "ann", [est("A", "x", 20)], at(14)).state
    state = close_round(state, "fac", at(15)).state
    ann = panel_data(state, "ann")
    assert ann.rounds == [1, 2]
    assert set(ann.members(1)) == {pseudonyms(state, 1)["ann"], pseudonyms(state, 1)["bob"]}
    # bob's round-1 value stands in round 2, under his round-2 pseudonym
    assert set(ann.members(2)) == {pseudonyms(state, 2)["ann"], pseudonyms(state, 2)["bob"]}
    assert panel_data(state, "cy").estimates.empty  # cy never took part
    assert panel_data(state, "bob").rounds == [1]  # bob skipped round 2
    assert panel_data(state, "obs").rounds == [1, 2]
    fac = panel_data(state, "fac")
    assert set(fac.members(2)) == {"ann", "bob"}
    r2 = fac.round(2).set_index("member")
    assert (r2.loc["ann", "value"], r2.loc["bob", "value"], r2.loc["bob", "from_round"]) == (
        20.0, 30.0, 1
    )  # fmt: skip
