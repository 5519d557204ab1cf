"""Build the bundled ``dummyData_3Dim`` scenario from KTAB's sample CSV.

The numbers go through detente's own KTAB CSV reader (``load_scenario``) unchanged; this script only
renames the scenario to its bundled name, cites KTAB on every number and writes it with
``scenario_to_yaml`` (what ``save_scenario`` writes), then prefixes the file with KTAB's MIT
notice (the licence asks for it).

Usage::

    PYTHONPATH=src python scripts/build_ktab_sample.py [--csv FILE] [--check]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bundle_io import write_or_check

from detente.scenario import Scenario, Source, load_scenario
from detente.scenario.yaml_io import scenario_to_yaml

ROOT = Path(__file__).resolve().parents[1]
CSV = ROOT / "tests" / "data" / "ktab" / "dummyData_3Dim.csv"
OUTPUT = ROOT / "src" / "detente" / "data" / "dummyData_3Dim.yaml"
NAME = "dummyData_3Dim"

KTAB = Source(
    title=(
        "KTAB, the KAPSARC Toolkit for Behavioral Analysis: SMP sample data "
        "examples/smp/doc/dummyData_3Dim.csv (KAPSARC, 2015-2019)"
    ),
    url="https://github.com/KAPSARC/KTAB",
    kind="software sample data; MIT licence, Copyright (c) 2015 KAPSARC",
    reliability="synthetic (random actors made to test KTAB's reader)",
)

NOTICE = """\
# KTAB sample data (https://github.com/KAPSARC/KTAB), converted by scripts/build_ktab_sample.py.
# Copyright (c) 2015 KAPSARC. Used under the MIT License:
# Permission is hereby granted, free of charge, to any person obtaining a copy of this software and
# associated documentation files (the "Software"), to deal in the Software without restriction,
# including without limitation the rights to use, copy, modify, merge, publish, distribute,
# sublicense, and/or sell copies of the Software, and to permit persons to whom the Software is
# furnished to do so, subject to the following conditions: The above copyright notice and this
# permission notice shall be included in all copies or substantial portions of the Software.
# THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT
# NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND
# NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM,
# DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
# OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
"""


def build(csv_path: Path) -> Scenario:
    """The KTAB sample as read by detente, renamed and with KTAB cited on every number."""
    read = load_scenario(csv_path)
    data = read.model_dump()
    data["id"] = NAME
    data["description"] = (
        f"{read.description} (KTAB's sample for its Spatial Model of Politics: 7 random spatial "
        "actors on 3 dimensions, positions 0-100, KTAB saliences 0-100 divided by 100). "
        "Format: docs/scenario-format.md (KTAB CSV)."
    )
    for actor in data["actors"]:
        actor["sources"] = ("KTAB",)
    for row in data["stances"].values():
        for stance in row.values():
            stance["sources"] = ("KTAB",)
    data["sources"] = {"KTAB": KTAB}
    return Scenario.model_validate(data)


def render(scenario: Scenario) -> str:
    """The YAML text committed as src/detente/data/dummyData_3Dim.yaml (what ``save_scenario``
    writes), after KTAB's MIT notice."""
    return NOTICE + scenario_to_yaml(scenario)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--csv", type=Path, default=CSV, help="KTAB CSV file")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    parser.add_argument(
        "--check",
        action="store_true",
        help="exit 1 if the committed file differs from a fresh build",
    )
    args = parser.parse_args(argv)
    text = render(build(args.csv))
    return write_or_check(text, args.output, args.check)


if __name__ == "__main__":
    sys.exit(main())
