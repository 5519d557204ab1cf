"""Helpers of the browser tests: sign in as a user in a fresh browser context, take a
screenshot (kept under $DETENTE_SCREENSHOTS when set; docs/workspace.md uses them)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any


def shot(page: Any, name: str, tmp_path: Path, full: bool = True) -> None:
    """Save a screenshot of the whole page (``full``) or of the window."""
    folder = Path(os.environ.get("DETENTE_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=full)


def sign_in(browser: Any, server: str, name: str) -> Any:
    """A page signed in as ``name`` (its own cookies), on the scenario list."""
    from tests.web.conftest import PASSWORD

    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.goto(f"{server}/scenarios")
    assert "/login" in page.url
    page.fill("input[name=name]", name)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{server}/scenarios")
    return page
