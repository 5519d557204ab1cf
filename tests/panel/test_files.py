"""Offline panels: folders of YAML and CSV member files, their errors, and the bundled demo."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from detente.errors import DetenteError, ScenarioError, UnknownNameError
from detente.panel import read_panel, rounds_table, summarize

ROOT = Path(__file__).resolve().parents[2]

MEMBER_YAML = """\
member: ann
perspective: test perspective
rounds:
- round: 1
  estimates:
  - {kind: position, actor: A, issue: x, value: 10, low: 0, high: 20, confidence: 0.8}
  - {kind: capability, actor: B, value: 3}
- round: 2
  estimates:
  - {kind: position, actor: A, issue: x, value: 15, rationale: moved towards the group}
"""
MEMBER_CSV = """\
round,kind,actor,issue,value,low,high,confidence,rationale
1,position,A,x,30,20,40,0.5,"comma, inside"
1,salience,B,y,0.5,,,,
2,position,A,x,25,,,0.9,
"""


@pytest.fixture
def folder(tmp_path: Path, write_yaml, small_data) -> Path:
    write_yaml(small_data, "small.yaml")
    (tmp_path / "panel.yaml").write_text("name: offline\nscenario: small.yaml\n", "utf-8")
    (tmp_path / "ann.yaml").write_text(MEMBER_YAML, "utf-8")
    (tmp_path / "bob.csv").write_text(MEMBER_CSV, "utf-8")
    return tmp_path


def test_a_folder_of_yaml_and_csv_files_reads_into_rounds(folder: Path):
    data = read_panel(folder)
    assert (data.name, data.scenario.id, data.rounds) == ("offline", "small", [1, 2])
    assert data.members(1) == ["ann", "bob"]
    assert data.labels == {"ann": "test perspective", "bob": ""}
    r2 = data.round(2).set_index(["member", "kind", "actor"])
    assert r2.loc[("ann", "position", "A"), "value"] == 15.0
    assert r2.loc[("ann", "capability", "B"), "from_round"] == 1  # stands from round 1
    assert r2.loc[("bob", "salience", "B"), "value"] == 0.5
    r1 = data.round(1).set_index(["member", "kind", "actor"])
    assert r1.loc[("bob", "position", "A"), "rationale"] == "comma, inside"
    assert r1.loc[("ann", "position", "A"), ["low", "high", "confidence"]].tolist() == [0, 20, 0.8]


def test_the_scenario_can_be_given_instead_of_the_manifest(folder: Path, small):
    (folder / "panel.yaml").unlink()
    (folder / "small.yaml").unlink()
    with pytest.raises(DetenteError, match="no scenario named"):
        read_panel(folder)
    assert read_panel(folder, small).name == folder.name


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("bad.yaml", MEMBER_YAML.replace("value: 15", "value: 150"),
         "line 10, rounds.1.estimates.0.value: 150 is outside 0-100"),
        ("bad.yaml", MEMBER_YAML.replace("actor: B", "actor: Q"),
         "line 7, rounds.0.estimates.1: no actor 'Q'"),
        ("bad.yaml", MEMBER_YAML.replace("high: 20,", ""), "line 6, rounds.0.estimates.0"),
        ("bad.csv", MEMBER_CSV.replace("1,salience,B,y,0.5", "1,salience,B,y,1.5"),
         "line 3, value: 1.5 is outside 0-1"),
        ("bad.csv", MEMBER_CSV.replace("2,position", "two,position"),
         "line 4, round: 'two' is not a round number"),
        ("bad.csv", "round,kind,actor,value,mood\n", "unknown column(s) ['mood']"),
        ("bad.yaml", "rounds: [\n", "not valid YAML"),
        ("bad.yaml", MEMBER_YAML.replace("value: 3}", "value: 3, value: 4}"),
         "'value' is given twice"),
    ],
)  # fmt: skip
def test_errors_name_the_file_the_line_and_the_field(folder: Path, name, text, expected):
    (folder / name).write_text(text, "utf-8")
    with pytest.raises(ScenarioError) as err:
        read_panel(folder)
    assert str(folder / name) in str(err.value)
    assert expected in str(err.value)


def test_missing_folders_and_empty_folders_are_clear(tmp_path: Path, small):
    with pytest.raises(UnknownNameError, match="neither a folder nor a bundled panel"):
        read_panel(tmp_path / "nope")
    with pytest.raises(DetenteError, match="no member files"):
        read_panel(tmp_path, small)
    (tmp_path / "x.yaml").write_text("rounds: []\n", "utf-8")
    with pytest.raises(ScenarioError, match="rounds"):
        read_panel(tmp_path, small)


def test_the_bundled_demo_is_synthetic_and_converges():
    data = read_panel("korea-2005-panel")
    assert data.synthetic and "SYNTHETIC" in data.description
    assert data.scenario.id == "korea-2005" and data.rounds == [1, 2, 3]
    assert sorted(data.labels) == ["cn-analyst", "kr-analyst", "ru-diplomat", "ru-scholar",
                                   "us-engagement", "us-nonproliferation"]  # fmt: skip
    perspectives = " ".join(data.labels.values())
    assert perspectives.count("US perspective") == 2
    assert perspectives.count("Russian perspective") == 2
    assert "Chinese perspective" in perspectives and "Korean perspective" in perspectives
    table = rounds_table(data).set_index("round")
    assert (table.loc[[2, 3], "iqr_ratio"] < 1).all()
    assert table["median_iqr"].is_monotonic_decreasing
    assert table["alpha"].is_monotonic_increasing
    # round 3 lists only what changed; the rest stands from round 2
    assert set(data.round(3)["from_round"]) == {2, 3}


def test_the_bundled_demo_matches_its_build_script():
    script = ROOT / "scripts" / "build_korea_panel.py"
    done = subprocess.run([sys.executable, str(script), "--check"], capture_output=True,
                          text=True, timeout=300, cwd=ROOT)  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert "up to date" in done.stdout


def test_summary_payload_has_the_documented_shape():
    payload = summarize(read_panel("korea-2005-panel")).payload()
    assert set(payload) >= {"pooled", "disagreement", "rounds", "members", "synthetic"}
    assert set(payload["pooled"]["forecast"]) == set(
        read_panel("korea-2005-panel").scenario.issue_ids
    )
    assert 0 < payload["disagreement"]["krippendorff_alpha"] <= 1
    assert set(payload["disagreement"]["kendall_w"]) == set(payload["pooled"]["forecast"])
    assert [r["round"] for r in payload["rounds"]] == [1, 2, 3]
