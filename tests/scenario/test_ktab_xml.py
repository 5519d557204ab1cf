"""KTAB's XML scenarios: the sample, model parameters, seed, ideal adjustment, and bad input."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from detente.errors import ScenarioError
from detente.models.registry import get_model
from detente.scenario import load_scenario

DATA = Path(__file__).parents[1] / "data" / "ktab"
SAMPLE = (DATA / "dummyData_3Dim.xml").read_text(encoding="utf-8-sig")
PARAMS = """<ModelParameters>
    <VictoryProbModel>Square</VictoryProbModel><PCEModel>MarkovIncentive</PCEModel>
    <StateTransitions>Stochastic</StateTransitions><VotingRule>Proportional</VotingRule>
    <BigRAdjust>Half</BigRAdjust><BigRRange>Max</BigRRange>
    <ThirdPartyCommit>FullCommit</ThirdPartyCommit><InterVecBrgn>S1P1</InterVecBrgn>
    <BargnModel>PWCompInterp</BargnModel>
  </ModelParameters>
  <Dimensions>"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "scenario.xml"
    path.write_text(text, encoding="utf-8")
    return path


def test_sample_reads_like_the_csv() -> None:
    xml = load_scenario(DATA / "dummyData_3Dim.xml")
    csv = load_scenario(DATA / "dummyData_3Dim.csv")
    assert xml.actor_ids == csv.actor_ids
    assert xml.issue_ids == ["Pstn1", "Pstn2", "Pstn3"]
    np.testing.assert_allclose(xml.to_arrays().position, csv.to_arrays().position)
    np.testing.assert_allclose(xml.to_arrays().salience, csv.to_arrays().salience)
    assert xml.params == {"smp": {"seed": 3707583219545544125}}
    spec = get_model("smp")
    a = spec(xml.to_arrays(), xml.params["smp"], 0)
    np.testing.assert_array_equal(a.positions, spec(csv.to_arrays(), {}, 0).positions)


def test_model_parameters_and_ideal_adjustment_are_kept(tmp_path: Path) -> None:
    text = SAMPLE.replace("<Dimensions>", PARAMS).replace(
        "</Actors>",
        "</Actors><IdealAdjustment><iaPair><adjustingIdeal>SActor-01</adjustingIdeal>"
        "<referencePos>SActor-01</referencePos><adjust>0.6</adjust></iaPair>"
        "<iaPair><adjustingIdeal>SActor-01</adjustingIdeal><referencePos>SActor-02"
        "</referencePos><adjust>0.2</adjust></iaPair></IdealAdjustment>",
    )
    s = load_scenario(write(tmp_path, text))
    assert s.params["smp"] == {
        "victory_prob_model": "Square",
        "pce_model": "MarkovIncentive",
        "state_transitions": "Stochastic",
        "voting_rule": "Prop",
        "big_r_adjust": "Half",
        "big_r_range": "Max",
        "third_party_commit": "FullCommit",
        "inter_vec_brgn": "S1P1",
        "bargn_model": "PWCompInterp",
        "seed": 3707583219545544125,
        "ideal_adjustment": {"SActor-01": {"SActor-01": 0.6, "SActor-02": 0.2}},
    }
    traj = get_model("smp")(s.to_arrays(), {**s.params["smp"], "rounds": 4}, 0)
    assert np.isfinite(traj.positions).all()


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("<dSal>49.53</dSal>", "<dSal>89.53</dSal>", "saliences sum to 123.59, above 100"),
        ("<dCoord>75.79</dCoord>", "<dCoord></dCoord>", "dCoord[1]: is empty"),
        ("<dCoord>75.79</dCoord>", "<dCoord>abc</dCoord>", "'abc' is not a number"),
        ("<dCoord>75.79</dCoord>", "<dCoord>175.79</dCoord>", "outside [0, 100]"),
        ("<Dimensions>", PARAMS.replace("Square", "Squared"), "unknown value 'Squared'"),
        ("<Dimensions>", PARAMS.replace("BigRRange>", "BigRScale>"), "unknown model parameter"),
        ("<capability>102.543</capability>", "<capability>0</capability>", "must be above 0"),
        ("<prngSeed>03707583219545544125</prngSeed>", "<prngSeed>x1</prngSeed>", "prngSeed"),
        ("<dCoord>6.37</dCoord>", "", "2 dCoord value(s) for 3 dimension(s)"),
        ("</Scenario>", "", "not well-formed XML"),
    ],
)
def test_bad_input_names_the_place_and_the_fix(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    assert old in SAMPLE
    with pytest.raises(ScenarioError) as err:
        load_scenario(write(tmp_path, SAMPLE.replace(old, new, 1)))
    assert message in str(err.value)
    assert "scenario.xml" in str(err.value) and "line " in str(err.value)


def test_fewer_than_three_actors_are_refused(tmp_path: Path) -> None:
    start = SAMPLE.index("<Actor>", SAMPLE.index("<Actor>") + 1)
    end = SAMPLE.index("</Actors>")
    with pytest.raises(ScenarioError, match="1 actor\\(s\\); KTAB's SMP needs at least 3"):
        load_scenario(write(tmp_path, SAMPLE[:start] + SAMPLE[end:]))


def test_xml_with_parameters_round_trips_through_yaml(tmp_path: Path) -> None:
    from detente.scenario import save_scenario

    text = SAMPLE.replace("<Dimensions>", PARAMS)
    s = load_scenario(write(tmp_path, text))
    save_scenario(s, tmp_path / "out.yaml")
    again = load_scenario(tmp_path / "out.yaml")
    assert again == s and again.params["smp"]["pce_model"] == "MarkovIncentive"


def test_every_value_of_ktabs_schema_is_accepted() -> None:
    """The nine parameters and all their values in smpSchema.xsd (including the two spellings
    KTAB's own reader rejects) are understood."""
    import xml.etree.ElementTree as ET

    from detente.models.smp.choices import value_name
    from detente.scenario.ktab_xml import XML_NAMES

    xs = "{http://www.w3.org/2001/XMLSchema}"
    schema = ET.parse(DATA / "smpSchema.xsd").getroot()
    enums = {
        t.get("name"): [e.get("value") for e in t.iter(f"{xs}enumeration")]
        for t in schema.iter(f"{xs}simpleType")
    }
    block = next(e for e in schema.iter(f"{xs}element") if e.get("name") == "ModelParameters")
    params = {e.get("name"): e.get("type") for e in block.iter(f"{xs}element") if e is not block}
    assert set(params) == set(XML_NAMES)
    for element, enum in params.items():
        for value in enums[enum]:
            assert value_name(XML_NAMES[element], value) is not None, (element, value)
