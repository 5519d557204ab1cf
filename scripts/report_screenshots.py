"""Retake the report screenshots in docs/ (docs/report.md shows them).

Builds the korea-2005 report (500 runs per ensemble, seed 0) and photographs it in headless
Chromium, driven by Playwright with Debian's `chromium` and the network switched off, as the
browser tests do:

    .venv/bin/python scripts/report_screenshots.py            # writes docs/report-*.png
    .venv/bin/python scripts/report_screenshots.py --chromium /usr/bin/chromium

docs/report-screenshot.png is the first screen; the others are single figures and the sources
(Chinese titles drawn with the CJK font) at the same width.
"""

from __future__ import annotations

import argparse
import io
import tempfile
from pathlib import Path
from typing import Any

DOCS = Path(__file__).resolve().parents[1] / "docs"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# file name -> (CSS selector, the matches photographed together): the figures issue 15 changed
SHOTS = {
    "report-forecasts.png": ("section#forecasts div.plot", (0,)),
    "report-ensembles.png": ("section#ensembles div.plot", (0, 3)),  # mean and bdm: one range
    "report-trajectories.png": ("section#trajectories div.plot", (0, 1)),
    "report-influence.png": ("section#influence div.plot", (0,)),
}


def _shoot(page: Any, selector: str, matches: tuple[int, ...], path: Path) -> None:
    """The chosen matches of ``selector``, each photographed, side by side when they share a
    row in the page and stacked otherwise, in one picture."""
    from PIL import Image

    pictures, boxes = [], []
    for k in matches:
        element = page.locator(selector).nth(k)
        element.scroll_into_view_if_needed()
        boxes.append(element.bounding_box())
        pictures.append(Image.open(io.BytesIO(element.screenshot())))
    beside = len({round(b["y"]) for b in boxes}) == 1
    width = sum(p.width for p in pictures) if beside else max(p.width for p in pictures)
    height = max(p.height for p in pictures) if beside else sum(p.height for p in pictures)
    sheet = Image.new("RGB", (width, height), "white")
    x = y = 0
    for picture in pictures:
        sheet.paste(picture, (x, y))
        x, y = (x + picture.width, y) if beside else (x, y + picture.height)
    sheet.save(path)


def main() -> None:
    """Build the report and write the screenshots."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--out", type=Path, default=DOCS)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    from detente.report import build_report

    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        page_path = build_report("korea-2005", Path(tmp), runs=500, seed=0)
        browser = p.chromium.launch(executable_path=args.chromium, args=FLAGS)
        context = browser.new_context(viewport={"width": 1280, "height": 800}, offline=True)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(Path(page_path).resolve().as_uri())
        page.wait_for_function("document.querySelectorAll('.js-plotly-plot').length > 0")
        page.wait_for_timeout(1500)
        page.screenshot(path=str(args.out / "report-screenshot.png"))
        for name, (selector, matches) in SHOTS.items():
            _shoot(page, selector, matches, args.out / name)
        sources = page.locator("section#sources li", has_text="六方会谈")
        sources.scroll_into_view_if_needed()
        sources.screenshot(path=str(args.out / "report-sources-cjk.png"))
        browser.close()
        if errors:
            raise SystemExit(f"script errors in the page: {errors}")
    print(f"written: {', '.join(['report-screenshot.png', *SHOTS, 'report-sources-cjk.png'])}")


if __name__ == "__main__":
    main()
