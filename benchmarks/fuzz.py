"""Fuzz every scenario reader: mutated files must load or be refused with a message, never crash.

`python -m benchmarks.fuzz` feeds 10,000 mutated files per format (``--cases N`` to change it,
``--quick`` for 300) to :func:`detente.scenario.read` and counts each outcome:

- loaded: the mutation left a valid scenario;
- refused: a :class:`detente.errors.DetenteError` (the message the CLI prints, exit 2);
- traceback: any other exception (a bug: the first of each kind is written to ``--out``);
- crash: the worker process died (a segfault, say);
- hang: no answer within ``--timeout`` seconds (default 20).

Cases run in worker processes (``--workers``, default 2) that are restarted after a crash or a
hang, each with a 4 GB address-space limit so that a runaway allocation shows as a traceback.
Every case is reproducible from its format and number (``--show FORMAT N`` writes it out).
The unit test ``tests/scenario/test_fuzz.py`` runs the same formats for a few dozen cases each.

To fuzz another reader, add one :class:`Format` to :data:`FORMATS`.
"""

from __future__ import annotations

import argparse
import io
import random
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
BUNDLED = ROOT / "src" / "detente" / "data"

YAML_TOKENS = [
    b"[",
    b"]",
    b"{",
    b"}",
    b": ",
    b"- ",
    b"&a ",
    b"*a",
    b"<<: *a\n",
    b"!!python/object:os.system",
    b"? ",
    b"|\n",
    b">-\n",
    b"---\n",
    b"...\n",
    b"%YAML 1.1\n",
    b"\t",
    b'"',
    b"'",
    b"#",
    b"\\",
    b"\x00",
    b"\xff\xfe",
    b"\xef\xbb\xbf",
    b"1e999",
    b".nan",
    b"-.inf",
    b"50",
    b"-1",
    b"~",
    "北朝鮮".encode(),
    b"salience: 50",
    b"{basis: a, b}",
    b"\r",
    b"\n  - ",
    b"2005-13-45",
]
CSV_TOKENS = [
    b",",
    b";",
    b"\t",
    b"|",
    b'"',
    b'""',
    b"\r",
    b"\r\n",
    b"\n",
    b"NaN",
    b"inf",
    b"1e999",
    b"-1",
    b"0",
    b"0,5",
    b"1.000,5",
    b"\x00",
    b"\xef\xbb\xbf",
    b"\xff",
    "北朝鮮".encode(),
    b"#A",
    b"#D",
    b"#P",
    b"#M",
    b"'",
    b"Stakeholder",
    b"Power",
    b"999999999999",
    b"4",
    b"  ",
]
XML_TOKENS = [
    b"<",
    b">",
    b"</",
    b"/>",
    b"&amp;",
    b"&x;",
    b"<!ENTITY x 'yy'>",
    b"<![CDATA[",
    b"]]>",
    b'<?xml version="1.0" encoding="UTF-inf"?>',
    b'encoding="latin-1"',
    b"<Actor>",
    b"</Actor>",
    b"<dCoord>",
    b"</dCoord>",
    b"<dSal>1e999</dSal>",
    b"<capability>-1</capability>",
    b"\x00",
    b"\xff",
    b"<prngSeed>-5</prngSeed>",
    b"<VotingRule>Nope</VotingRule>",
    b"NaN",
]


@dataclass(frozen=True)
class Format:
    """An input format: file suffix, seed files, tokens to splice in, a deep-nesting maker."""

    name: str
    suffix: str
    seeds: Callable[[], list[bytes]]
    tokens: list[bytes]
    nest: Callable[[int], bytes] | None = None
    zipped: bool = False  # mutate the XML inside the zip archive as well as the bytes


def _files(*paths: Path) -> Callable[[], list[bytes]]:
    return lambda: [p.read_bytes() for p in paths]


def _csv_seeds() -> list[bytes]:
    classic = b"Actor,Capability,Position,Salience\nNetherlands,0.08,4,0.8\nBelgium,0.08,7,0.4\n"
    long = b"Stakeholder,Issue,Resources,Position,Salience\nUS,a,100,95,1\nUS,b,100,10,60\n"
    excel = "\ufeffActor;Capability;Position;Salience\r\nIran;0,4;20;0,9\r\n北朝鮮;0,2;50;0,5\r\n"
    return [classic, long + b"CN,a,50,40,0.5\nCN,b,50,60,0.5\n", excel.encode()]


def _xlsx_seeds() -> list[bytes]:
    from detente.scenario import load_scenario
    from detente.scenario.xlsx_io import _openpyxl
    from detente.scenario.xlsx_layout import workbook_bytes

    return [_fixed_times(workbook_bytes(load_scenario("ec-car-emissions"), _openpyxl()))]


def _fixed_times(data: bytes) -> bytes:
    """The workbook with its save times fixed, so that every run mutates the same bytes."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in src.namelist():
            body = re.sub(
                rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", b"2005-09-19T00:00:00Z", src.read(name)
            )
            dst.writestr(zipfile.ZipInfo(name, (2005, 9, 19, 0, 0, 0)), body, zipfile.ZIP_DEFLATED)
    return out.getvalue()


FORMATS: list[Format] = [
    Format(
        "yaml",
        ".yaml",
        _files(BUNDLED / "ec-car-emissions.yaml", BUNDLED / "dummyData_3Dim.yaml"),
        YAML_TOKENS,
        lambda k: b"a: " + b"[" * k + b"]" * k + b"\n",
    ),
    Format("csv", ".csv", _csv_seeds, CSV_TOKENS),
    Format("ktab-csv", ".csv", _files(DATA / "ktab" / "dummyData_3Dim.csv"), CSV_TOKENS),
    Format(
        "ktab-xml",
        ".xml",
        _files(DATA / "ktab" / "dummyData_3Dim.xml"),
        XML_TOKENS,
        lambda k: b"<Scenario>" + b"<a>" * k + b"</a>" * k + b"</Scenario>",
    ),
    Format("decide", ".csv", _files(DATA / "decide" / "sample_data.csv"), CSV_TOKENS),
    Format("xlsx", ".xlsx", _xlsx_seeds, XML_TOKENS, zipped=True),
]
BY_NAME = {f.name: f for f in FORMATS}


def _mutate_bytes(data: bytes, rng: random.Random, tokens: list[bytes]) -> bytes:
    """One to four random edits: flips, deletions, duplications, tokens, truncation, numbers."""
    out = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        n = len(out)
        at = rng.randrange(n + 1)
        span = rng.randint(1, max(1, min(64, n)))
        kind = rng.randrange(7)
        if kind == 0 and n:
            for _ in range(rng.randint(1, 8)):
                out[rng.randrange(n)] = rng.randrange(256)
        elif kind == 1:
            del out[at : at + span]
        elif kind == 2:
            out[at:at] = out[at : at + span] * rng.randint(1, 50)
        elif kind == 3:
            out[at:at] = rng.choice(tokens) * rng.randint(1, 3)
        elif kind == 4:
            del out[at:]
        elif kind == 5:
            text = bytes(out)
            numbers = [m.span() for m in re.finditer(rb"\d+(\.\d+)?", text)]
            if numbers:
                a, b = rng.choice(numbers)
                value = rng.choice(
                    [b"0", b"-1", b"1e308", b"1e-300", b"nan", b"50", b"100", b"1e9"]
                )
                out[a:b] = value
        else:
            lines = bytes(out).split(b"\n")
            k = rng.randrange(len(lines))
            lines[k:k] = [lines[k]] * rng.randint(1, 3)
            out = bytearray(b"\n".join(lines))
    return bytes(out)


def _mutate_zip(data: bytes, rng: random.Random, tokens: list[bytes]) -> bytes:
    """Mutate one XML member of a zip archive (an .xlsx) and pack it again."""
    src = zipfile.ZipFile(io.BytesIO(data))
    names = src.namelist()
    target = rng.choice([n for n in names if n.endswith(".xml")] or names)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in names:
            body = src.read(name)
            if name == target:
                body = _mutate_bytes(body, rng, tokens)
            # a fixed time: a name alone would stamp the clock, so two calls could differ
            dst.writestr(zipfile.ZipInfo(name, (2005, 9, 19, 0, 0, 0)), body, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def case(fmt: Format, number: int, seeds: list[bytes]) -> bytes:
    """The mutated file number ``number`` of format ``fmt`` (the same bytes on every run)."""
    rng = random.Random(f"{fmt.name}-{number}")
    seed = rng.choice(seeds)
    roll = rng.random()
    if fmt.nest is not None and roll < 0.03:
        return fmt.nest(rng.choice([100, 1_000, 10_000, 50_000]))
    if fmt.zipped and roll < 0.6:
        return _mutate_zip(seed, rng, tokens=fmt.tokens + CSV_TOKENS)
    return _mutate_bytes(seed, rng, fmt.tokens)


def outcome(path: Path) -> str:
    """'loaded' or 'refused'; any other exception propagates (it is a bug)."""
    from detente.errors import DetenteError
    from detente.scenario import read

    try:
        read(path)
    except DetenteError:
        return "refused"
    return "loaded"


def main() -> int:  # pragma: no cover - a command-line tool
    from benchmarks._fuzz_run import run

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--quick", action="store_true", help="300 cases per format")
    parser.add_argument("--formats", default=",".join(BY_NAME))
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=20.0)
    parser.add_argument("--out", type=Path, default=Path("fuzz-failures"))
    parser.add_argument("--worker", nargs=3, metavar=("FORMAT", "START", "STOP"))
    parser.add_argument("--show", nargs=2, metavar=("FORMAT", "N"))
    args = parser.parse_args()
    if args.show:
        fmt = BY_NAME[args.show[0]]
        path = args.out / f"{fmt.name}-{args.show[1]}{fmt.suffix}"
        args.out.mkdir(parents=True, exist_ok=True)
        path.write_bytes(case(fmt, int(args.show[1]), fmt.seeds()))
        print(path)
        return 0
    cases = 300 if args.quick else args.cases
    return run(args, [BY_NAME[n] for n in args.formats.split(",")], cases)


if __name__ == "__main__":
    raise SystemExit(main())
