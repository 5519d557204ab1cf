"""Run every benchmark module in this folder (pass --quick for a short pass)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def main() -> int:
    here = Path(__file__).parent
    topics = sorted(p.stem for p in here.glob("*.py") if not p.stem.startswith("_"))
    failed = 0
    for topic in topics:
        print(f"== benchmarks.{topic}", flush=True)
        failed += subprocess.call([sys.executable, "-m", f"benchmarks.{topic}", *sys.argv[1:]]) != 0
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
