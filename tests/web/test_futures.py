"""The futures pages and their JSON API: the matrix grid with its cell checks, the consistent
futures (ScenarioWizard's CIB_global reference through the API), the scenario tree, rights
and CSRF."""

from __future__ import annotations

import html
import re
from pathlib import Path

import yaml

from detente.futures import read_futures
from detente.futures.load import futures_to_yaml
from detente.results import FuturesSolveRequest, compute

CIB = Path(__file__).resolve().parents[1] / "data" / "cib"
STUDY = re.compile(r'name="study" value="([^"]*)"')
LABEL = re.compile(r"<td>S\d+</td>")  # a solution's label in its table


def _reference() -> dict[tuple[str, ...], float]:
    """CIB_global.sl: ScenarioWizard's consistent scenarios and their total impact scores."""
    from detente.futures import read_scw, read_sl

    matrix = read_scw(CIB / "CIB_global.scw")
    found = read_sl(CIB / "CIB_global.sl", matrix)
    return {
        tuple(matrix.variant_ids(row).values()): score
        for row, score in zip(found.local, found.total_impact_score, strict=True)
    }


def _study_of(page: str) -> str:
    return html.unescape(STUDY.search(page).group(1))


def _cib_global() -> dict:
    return read_futures(CIB / "CIB_global.scw").spec.model_dump(mode="json", by_alias=True)


def test_api_lists_reads_and_solves_the_bundled_study(login):
    ana = login("ana")
    assert ana.get("/api/v1/futures").json() == {"bundled": ["dprk-futures"]}
    spec = ana.get("/api/v1/futures/dprk-futures").json()
    assert spec["id"] == "dprk-futures" and len(spec["descriptors"]) == 10
    answer = ana.post("/api/v1/futures/solve", json={"futures": "dprk-futures"})
    assert answer.status_code == 200, answer.text
    expected = compute(FuturesSolveRequest(futures="dprk-futures")).payload()
    assert answer.json()["scenarios"] == expected["scenarios"]
    assert ana.get("/api/v1/futures/nope").status_code == 404


def test_api_solves_a_study_sent_inline_as_scenariowizard_does(login):
    answer = login("ana").post("/api/v1/futures/solve", json={"futures": _cib_global()})
    assert answer.status_code == 200, answer.text
    found = {
        tuple(s["variants"].values()): s["total_impact_score"] for s in answer.json()["scenarios"]
    }
    assert found == _reference() and len(found) == 4


def test_api_checks_one_cell_and_refuses_bad_bodies(login):
    ana = login("ana")
    cell = {"futures": "dprk-futures", "source": "regime.crisis", "target": "economy.reform"}
    assert ana.post("/api/v1/futures/cell", json={**cell, "value": "2"}).json() == {"problems": []}
    (problem,) = ana.post("/api/v1/futures/cell", json={**cell, "value": "9"}).json()["problems"]
    assert "outside the scale -3 to 3" in problem
    own = {**cell, "target": "regime.stable", "value": "1"}
    assert ana.post("/api/v1/futures/cell", json=own).status_code == 404  # no variant 'stable'
    own["target"] = "regime.consolidated"
    (problem,) = ana.post("/api/v1/futures/cell", json=own).json()["problems"]
    assert "does not judge itself" in problem
    bad = ana.post(
        "/api/v1/futures/solve", json={"futures": "dprk-futures", "max_inconsistency": -1}
    )
    assert bad.status_code == 422 and bad.json()["problems"][0]["location"] == "max_inconsistency"
    broken = {**_cib_global(), "descriptors": []}
    assert ana.post("/api/v1/futures/solve", json={"futures": broken}).status_code == 422
    path = ana.post("/api/v1/futures/solve", json={"futures": str(CIB / "CIB_global.scw")})
    assert path.status_code == 422  # the server reads no files


def test_api_tree_and_its_limits(login):
    ana = login("ana")
    body = {"futures": "dprk-futures", "scenario": "korea-2005", "runs": 20, "seed": 1}
    answer = ana.post("/api/v1/futures/tree", json=body)
    assert answer.status_code == 200, answer.text
    tree = answer.json()
    assert abs(sum(f["weight"] for f in tree["futures"]) - 1) < 1e-9
    issues = {row["issue"] for row in tree["combined"]}
    assert len(tree["forecasts"]) == len(tree["futures"]) * len(issues)
    too_many = ana.post("/api/v1/futures/tree", json={**body, "runs": 6000})
    assert too_many.status_code == 422 and "server's limit" in too_many.text
    observer = login("olga")
    assert observer.post("/api/v1/futures/tree", json=body).status_code == 403
    assert (
        observer.post("/api/v1/futures/solve", json={"futures": "dprk-futures"}).status_code == 403
    )


def test_page_shows_the_grid_and_the_consistent_futures(login):
    olga = login("olga")  # observers read: the grid is read-only, nothing to solve
    page = olga.get("/futures/dprk-futures")
    assert page.status_code == 200
    study = read_futures("dprk-futures")
    size = study.matrix.n_variants
    own = sum(len(d.variants) ** 2 for d in study.matrix.descriptors)
    assert page.text.count('name="c.') == size * size - own
    assert page.text.count("readonly") == size * size - own
    assert len(LABEL.findall(page.text)) == len(
        compute(FuturesSolveRequest(futures="dprk-futures")).solutions
    )
    assert "/futures/dprk-futures" in olga.get("/futures").text
    assert olga.post("/futures/solve", data={"study": _study_of(page.text)}).status_code == 403


def test_editing_a_cell_checks_it_then_solves_the_edited_study(login):
    ana = login("ana")
    page = ana.get("/futures/dprk-futures").text
    study = _study_of(page)
    row, col = 0, 5  # regime.consolidated on economy.reform (see the grid's labels)
    name = f"c.{row}.{col}"
    assert 'aria-label="regime.consolidated on economy.reform"' in page
    check = ana.post("/futures/cell", data={"study": study, name: "x"},
                     headers={"HX-Request": "true", "HX-Trigger-Name": name})  # fmt: skip
    assert "not a number" in check.text
    fine = ana.post("/futures/cell", data={"study": study, name: "-3"},
                    headers={"HX-Request": "true", "HX-Trigger-Name": name})  # fmt: skip
    assert "cell-problem" not in fine.text
    bad = ana.post("/futures/solve", data={"study": study, name: "7", "k": "0"},
                   headers={"HX-Request": "true"})  # fmt: skip
    assert bad.status_code == 422
    assert "outside the scale" in bad.text and 'class="cell first invalid"' not in bad.text
    assert bad.text.count(" invalid") == 1
    solved = ana.post("/futures/solve", data={"study": study, name: "-3", "k": "1"},
                      headers={"HX-Request": "true"})  # fmt: skip
    assert solved.status_code == 200 and 'id="futures-editor"' in solved.text
    edited = read_futures("dprk-futures").with_judgement(
        "regime.consolidated", "economy.reform", -3
    )
    expected = compute(FuturesSolveRequest(futures=edited.spec, max_inconsistency=1)).solutions
    assert len(LABEL.findall(solved.text)) == len(expected)
    assert '"regime.consolidated"' not in _study_of(solved.text)  # ids, never joined names
    download = ana.post("/futures/download", data={"study": _study_of(solved.text)})
    assert download.status_code == 200
    assert yaml.safe_load(download.text) == yaml.safe_load(futures_to_yaml(edited.spec))


def test_tree_on_the_page_and_csrf(login):
    ana = login("ana")
    study = _study_of(ana.get("/futures/dprk-futures").text)
    form = {"study": study, "scenario": "korea-2009", "runs": "20", "seed": "0", "k": "0"}
    tree = ana.post("/futures/tree", data=form, headers={"HX-Request": "true"})
    assert tree.status_code == 200, tree.text
    assert "Scenario tree: korea-2009" in tree.text and tree.text.count('class="plot"') == 2
    refused = ana.post("/futures/tree", data={**form, "runs": "99999"},
                       headers={"HX-Request": "true"})  # fmt: skip
    assert refused.status_code == 422
    assert ana.post("/futures/solve", csrf=False, data={"study": study}).status_code == 403


def test_upload_opens_a_scenariowizard_file(login):
    ana = login("ana")
    content = (CIB / "CIB_global.scw").read_bytes()
    page = ana.post("/futures/upload", files={"file": ("CIB_global.scw", content)})
    assert page.status_code == 200
    assert len(LABEL.findall(page.text)) == len(_reference())
    wrong = ana.post("/futures/upload", files={"file": ("notes.txt", b"hello")})
    assert wrong.status_code == 422 and "upload a .yaml or .scw file" in wrong.text


def test_a_study_too_large_for_the_grid_is_listed_not_drawn(login):
    descriptors = [{"id": f"d{k}", "variants": [{"id": "a"}, {"id": "b"}, {"id": "c"}]}
                   for k in range(51)]  # fmt: skip
    text = yaml.safe_dump({"id": "wide", "name": "wide", "descriptors": descriptors})
    page = login("ana").post("/futures/upload", files={"file": ("wide.yaml", text.encode())})
    assert page.status_code == 200
    assert "too many to edit as a grid" in page.text and 'name="c.' not in page.text
