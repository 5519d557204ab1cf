"""The roadmap part of the HTML report: computed through the results layer, on the report's
scenario."""

from __future__ import annotations

import datetime as dt


def test_report_section() -> None:
    from detente.report.figures import gantt_figure
    from detente.report.roadmaps import roadmap_part, roadmaps_for

    assert roadmaps_for("korea-2005") == ["korea-2007", "ne-asia-security", "dismantlement"]
    section = roadmap_part("korea-2007")
    assert section.on.isoformat() == "2009-02-28"
    assert set(section.tables) == {"status", "progress", "ledger", "incentives", "defections"}
    figure = gantt_figure(section.roadmap, section.on)
    assert figure is not None and "Weakest stage" in section.summary[1]


def test_report_section_of_a_roadmap_object() -> None:
    from detente.report.roadmaps import roadmap_part
    from detente.roadmap import load_roadmap

    section = roadmap_part(load_roadmap("dismantlement"), on=dt.date(2028, 1, 1))
    assert section.illustrative is True
    assert list(section.tables["status"]["state"])[:2] == ["late", "blocked"]
