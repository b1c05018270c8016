"""End to end in a real browser: start the app, ask, see a cited answer, open the source.

Drives Debian's ``/usr/bin/chromium`` through Playwright for Python (no browser downloads).
Skipped, with the install command, only where Chromium is not installed.
"""

from __future__ import annotations

import importlib.util
import time
from pathlib import Path

import pytest

from core.config import PROJECT_ROOT

pytestmark = pytest.mark.e2e

CHROMIUM = Path("/usr/bin/chromium")
COLD_START: dict[str, float] = {}


def _screenshots_module():
    """scripts/screenshots.py holds the server and browser helpers the screenshot run uses."""
    spec = importlib.util.spec_from_file_location(
        "raads_screenshots", PROJECT_ROOT / "scripts" / "screenshots.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def shots():
    if not CHROMIUM.exists():
        pytest.skip("Chromium ontbreekt (/usr/bin/chromium): installeer het met "
                    "'apt-get install -y chromium' (make install doet dat).")
    pytest.importorskip("playwright.sync_api", reason="playwright (Python) is niet geïnstalleerd")
    return _screenshots_module()


@pytest.fixture(scope="module")
def app_url(shots, tmp_path_factory):
    index = shots.ensure_index(tmp_path_factory.getbasetemp().parent / "raadsassistent-app-index")
    tmp = tmp_path_factory.mktemp("e2e")
    env = {
        "RAADS_INDEX_DIR": str(index),
        "RAADS_FEEDBACK_DB": str(tmp / "feedback.sqlite"),
        "RAADS_UPLOAD_DIR": str(tmp / "uploads"),
        "RAADS_USERS_FILE": str(tmp / "geen-gebruikers.yaml"),
        "RAADS_AUTH_REQUIRED": "false",
        "RAADS_BACKEND": "offline",
    }
    COLD_START["t0"] = time.monotonic()
    with shots.serve_app(env) as url:
        yield url


def test_ask_cite_open_source_and_screenshot(shots, app_url, tmp_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = shots.launch_browser(p)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(app_url)
        shots.wait_idle(page)
        page.get_by_test_id("stChatInputTextArea").wait_for(timeout=90_000)
        assert page.get_by_role("heading", name="Vraag het").first.is_visible()

        source = shots.ask(page, shots.QUESTION)
        answer = page.get_by_test_id("stChatMessage").last
        assert "10.568.794" in answer.inner_text()
        assert "[1]" in answer.inner_text()
        # Reported, not asserted (timing targets live in benchmarks): the issue asks for the
        # first answer within 10 s of a cold start.
        print(f"\ncold start -> first answer: {time.monotonic() - COLD_START['t0']:.1f} s")

        source.click()
        passage = page.locator(".raads-passage").first
        passage.wait_for(timeout=10_000)
        assert passage.locator("mark").count() >= 1, "supporting sentence is highlighted"
        assert passage.inner_text().strip()

        shot = tmp_path / "vraag-het-bron.png"
        page.screenshot(path=shot, full_page=True)
        assert shot.stat().st_size > 10_000
        browser.close()
