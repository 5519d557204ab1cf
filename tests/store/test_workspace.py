"""Workspace scenarios, versions and accounts in the store, on SQLite and PostgreSQL."""

from __future__ import annotations

import threading

import pytest

from detente import load_scenario
from detente.errors import UnknownNameError
from detente.scenario.diff import diff_lines
from detente.store.accounts import AccountError, Accounts
from detente.store.workspace import ConflictError, Workspace


@pytest.fixture
def people(store):
    accounts = Accounts(store)
    return accounts.add_user("ana", "analyst", "h1"), accounts.add_user("bo", "analyst", "h2")


def _salience(scenario, actor, issue, value):
    stances = scenario.model_dump()["stances"]
    stances[actor][issue]["salience"] = value
    return scenario.replace(stances=stances)


def test_versions_append_with_author_message_and_exact_scenario(store, people):
    ana, bo = people
    ws = Workspace(store)
    korea = load_scenario("korea-2005")
    info = ws.create(korea, ana.id, "imported")
    assert (info.head, info.owner, info.shared, info.scenario_id) == (1, "ana", False, "korea-2005")
    edited = _salience(korea, "RUS", "denuc_scope", 0.95)
    v2 = ws.save(info.id, edited, bo.id, "Russia cares more", base=1)
    assert (v2.number, v2.author, v2.message) == (2, "bo", "Russia cares more")
    assert v2.scenario() == edited
    assert ws.version(info.id, 1).scenario() == korea
    assert [v.number for v in ws.versions(info.id)] == [2, 1]
    assert ws.get(info.id).head == 2
    old = korea.stances["RUS"]["denuc_scope"].salience
    before, after = ws.version(info.id, 1).scenario(), ws.version(info.id).scenario()
    assert diff_lines(before, after) == [f"RUS salience on denuc_scope {old:.2f} -> 0.95"]


def test_a_save_from_an_old_version_is_a_conflict_and_loses_nothing(store, people):
    ana, bo = people
    ws = Workspace(store)
    korea = load_scenario("korea-2005")
    info = ws.create(korea, ana.id, "imported")
    ws.save(info.id, _salience(korea, "RUS", "denuc_scope", 0.9), ana.id, "a", base=1)
    with pytest.raises(ConflictError) as caught:
        ws.save(info.id, _salience(korea, "US", "denuc_scope", 0.1), bo.id, "b", base=1)
    assert (caught.value.base, caught.value.head) == (1, 2)
    assert [v.message for v in ws.versions(info.id)] == ["a", "imported"]


def test_concurrent_saves_from_one_version_exactly_one_wins(store, people):
    ana, _ = people
    ws = Workspace(store)
    korea = load_scenario("korea-2005")
    info = ws.create(korea, ana.id, "imported")
    outcomes: list[str] = []

    def save(value: float) -> None:
        try:
            ws.save(info.id, _salience(korea, "RUS", "denuc_scope", value), ana.id, "x", base=1)
            outcomes.append("saved")
        except ConflictError:
            outcomes.append("conflict")

    threads = [threading.Thread(target=save, args=(v,)) for v in (0.1, 0.2, 0.3, 0.4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["conflict"] * 3 + ["saved"]
    assert [v.number for v in ws.versions(info.id)] == [2, 1]


def test_unknown_scenario_and_version(store, people):
    ws = Workspace(store)
    with pytest.raises(UnknownNameError):
        ws.get(99)
    info = ws.create(load_scenario("ec-car-emissions"), people[0].id, "m")
    with pytest.raises(UnknownNameError, match="version 5"):
        ws.version(info.id, 5)
    with pytest.raises(UnknownNameError):
        ws.save(99, load_scenario("ec-car-emissions"), people[0].id, "m", base=1)


def test_accounts_roles_tokens(store):
    accounts = Accounts(store)
    user = accounts.add_user("chen", "observer", "hash")
    assert accounts.find("chen").password_hash == "hash"
    with pytest.raises(AccountError, match="exists already"):
        accounts.add_user("chen", "analyst", "x")
    with pytest.raises(AccountError, match="no role 'boss'"):
        accounts.add_user("dee", "boss", "x")
    accounts.update(user.id, role="analyst")
    assert accounts.get(user.id).role == "analyst"
    token_id = accounts.add_token(user.id, "a" * 64, "laptop")
    assert accounts.user_for_token("a" * 64).name == "chen"
    assert [t[1] for t in accounts.tokens(user.id)] == ["laptop"]
    accounts.update(user.id, active=False)
    assert accounts.user_for_token("a" * 64) is None
    assert accounts.revoke_token(user.id, token_id)
    assert not accounts.revoke_token(user.id, token_id)
    assert [u.name for u in accounts.users()] == ["chen"]
