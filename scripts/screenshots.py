"""Screenshots of every app page into ``docs/screenshots/`` (headless Debian Chromium).

Usage: ``.venv/bin/python scripts/screenshots.py [--index DIR] [--out DIR]``. Starts the app
on a free port against the given index (default: the project index, built if missing),
asks the profile's first example question, opens its first source, and captures each page at
desktop width and at 390 px (``<name>-390.png``). Never downloads a browser: it drives
``/usr/bin/chromium`` through Playwright.

Another municipality, checked for names of the home corpus on every page::

    .venv/bin/python scripts/screenshots.py --corpus corpora/wassenaar --index .index-wassenaar \
        --out docs/screenshots/wassenaar --forbid Leudal --forbid Limburg
"""

from __future__ import annotations

import argparse
import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
QUESTION = "Wat waren de uitgaven aan jeugdhulp in 2018?"
PAGES = {  # url path -> screenshot name
    "": "vraag-het",
    "raadsvraag": "raadsvraag-beantwoorden",
    "cijfers": "cijfers",
    "documenten": "documenten",
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def serve_app(env: dict[str, str], timeout: float = 120.0) -> Iterator[str]:
    """Run ``streamlit run app.py`` on a free port; yield its URL once it answers health checks."""
    port = free_port()
    log = tempfile.NamedTemporaryFile("w+", suffix=".log", delete=False)  # noqa: SIM115
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
         "--server.headless", "true", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
         "--server.fileWatcherType", "none", "--client.toolbarMode", "minimal"],
        cwd=ROOT, env={**os.environ, **env}, stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                log.seek(0)
                raise RuntimeError(f"Streamlit stopte direct:\n{log.read()[-3000:]}")
            with contextlib.suppress(OSError), urllib.request.urlopen(
                f"{url}/_stcore/health", timeout=2
            ) as resp:
                if resp.status == 200:
                    break
            if time.monotonic() > deadline:
                raise TimeoutError(f"Streamlit antwoordde niet binnen {timeout:.0f} s")
            time.sleep(0.5)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
        os.unlink(log.name)


def ensure_index(fallback: Path) -> Path:
    """A current index of the corpus: the project index if it is current (used read only),
    else one built (incrementally, so a re-run is cheap) in ``fallback``."""
    sys.path.insert(0, str(ROOT))
    from core.config import Settings
    from ingest.__main__ import index_is_current
    from ingest.pipeline import run_ingest

    project = Settings()
    if index_is_current(project):
        return Path(project.index_dir)
    report = run_ingest(Settings(index_dir=fallback))
    if report.errors:
        raise RuntimeError("Inlezen mislukt: " + "; ".join(report.errors))
    return fallback


def launch_browser(playwright):
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)


def wait_idle(page, timeout: float = 90_000) -> None:
    """Wait until Streamlit has finished the script run: no status widget, no spinner."""
    page.wait_for_selector('[data-testid="stApp"]', timeout=timeout)
    page.wait_for_timeout(1000)  # a run starts a moment after the page or a click
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
        " && !document.querySelector('[data-testid=\"stSpinner\"]')",
        timeout=timeout,
    )
    page.wait_for_timeout(500)


def ask(page, question: str, timeout: float = 120_000):
    """Type a question in the chat and wait for the first source button; return it."""
    box = page.get_by_test_id("stChatInputTextArea")
    box.wait_for(timeout=timeout)
    box.fill(question)
    box.press("Enter")
    source = page.locator('[data-testid="stPopover"] button').filter(has_text="[1]").first
    source.wait_for(timeout=timeout)
    wait_idle(page, timeout)
    return source


READY = {  # text that shows a page has finished drawing
    "cijfers": "Overzicht",
    "documenten": "in de index",
    "raadsvraag": "Brief met raadsvragen",
}
DESKTOP = {"width": 1400, "height": 1000}
MOBILE = {"width": 390, "height": 844}


def first_example(env: dict[str, str]) -> str:
    """The profile's first example question of the corpus the app serves."""
    sys.path.insert(0, str(ROOT))
    from core.config import Settings
    from core.profile import Profile

    keep = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        prof = Profile.load(Settings().profile_path)
    finally:
        for k, v in keep.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    return prof.example_questions[0] if prof.example_questions else QUESTION


def _check_forbidden(page, forbidden: tuple[str, ...], where: str) -> None:
    """Fail when a forbidden word (another corpus's name) is on screen or in an attribute."""
    if not forbidden:
        return
    text = page.evaluate(
        "() => document.body.innerText + ' ' + [...document.querySelectorAll("
        "'[aria-label],[placeholder],[title]')].map(e => [e.getAttribute('aria-label'), "
        "e.getAttribute('placeholder'), e.getAttribute('title')].join(' ')).join(' ')"
    )
    found = [w for w in forbidden if w.lower() in text.lower()]
    if found:
        raise AssertionError(f"{where}: {', '.join(found)} staat op het scherm")


def _page_shots(page, url: str, out: Path, question: str, suffix: str, tall: int,
                forbidden: tuple[str, ...] = ()) -> list[Path]:
    shots: list[Path] = []
    page.goto(url)
    page.get_by_test_id("stChatInputTextArea").wait_for(timeout=120_000)
    wait_idle(page)
    shots.append(out / f"vraag-het-leeg{suffix}.png")
    page.screenshot(path=shots[-1])
    source = ask(page, question)
    page.wait_for_timeout(2500)  # the redraw after the streamed answer
    wait_idle(page)
    shots.append(out / f"vraag-het-antwoord{suffix}.png")
    page.screenshot(path=shots[-1])
    source.click()
    page.locator(".raads-passage").first.wait_for()
    page.wait_for_timeout(500)
    shots.append(out / f"vraag-het{suffix}.png")
    page.screenshot(path=shots[-1], full_page=True)
    _check_forbidden(page, forbidden, "Vraag het")
    page.keyboard.press("Escape")
    for path, name in PAGES.items():
        if not path:
            continue
        page.goto(f"{url}/{path}")
        page.get_by_text(READY[path]).first.wait_for(timeout=120_000)
        wait_idle(page)
        if path == "raadsvraag":
            page.get_by_role("button", name="Voorbeeldbrief invullen").click()
            wait_idle(page)
            page.get_by_role("button", name="Vragen splitsen").click()
            wait_idle(page)
            page.get_by_role("button", name="Alle vragen beantwoorden").click()
            page.get_by_text("Concept-antwoorden").wait_for(timeout=180_000)
            wait_idle(page)
        if path == "cijfers":
            with contextlib.suppress(Exception):  # a corpus without figures has no chart
                page.locator("canvas, svg.marks").first.wait_for(timeout=30_000)
            page.wait_for_timeout(1500)
        shots.append(out / f"{name}{suffix}.png")
        # Streamlit scrolls inside the page: a tall window shows long pages whole.
        size = page.viewport_size
        page.set_viewport_size({"width": size["width"], "height": tall})
        page.wait_for_timeout(800)
        page.screenshot(path=shots[-1])
        _check_forbidden(page, forbidden, name)
        page.set_viewport_size(size)
    return shots


def take_screenshots(url: str, out: Path, question: str = QUESTION,
                     forbidden: tuple[str, ...] = ()) -> list[Path]:
    """Every page at desktop width and at 390 px (a phone), into ``out``."""
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    shots: list[Path] = []
    with sync_playwright() as p:
        browser = launch_browser(p)
        for viewport, suffix, tall in ((DESKTOP, "", 2000), (MOBILE, "-390", 1900)):
            context = browser.new_context(viewport=viewport, locale="nl-NL",
                                          is_mobile=viewport is MOBILE)
            page = context.new_page()
            shots += _page_shots(page, url, out, question, suffix, tall, forbidden)
            context.close()
        browser.close()
    return shots


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, default=None,
                        help="Bestaande indexmap (anders de projectindex of een nieuwe)")
    parser.add_argument("--corpus", type=Path, default=None,
                        help="Andere corpusmap (met eigen profile.yaml), bv. corpora/wassenaar")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--question", default="", help="Vraag voor de schermafdruk")
    parser.add_argument("--forbid", action="append", default=[],
                        help="Woord dat nergens op het scherm mag staan (herhaalbaar)")
    args = parser.parse_args()
    if not CHROMIUM.exists():
        sys.exit("Chromium ontbreekt: installeer het met 'apt-get install -y chromium'.")
    env = {"RAADS_FEEDBACK_DB": str(Path(tempfile.mkdtemp()) / "feedback.sqlite"),
           "RAADS_UPLOAD_DIR": str(Path(tempfile.mkdtemp()) / "uploads"),
           "RAADS_USERS_FILE": str(Path(tempfile.mkdtemp()) / "geen-gebruikers.yaml")}
    if args.corpus:
        env["RAADS_CORPUS_DIR"] = str(args.corpus.resolve())
        if args.index is None:
            sys.exit("Geef met --index de indexmap van dit corpus op.")
    index = args.index or ensure_index(Path(tempfile.gettempdir()) / "raadsassistent-index")
    env["RAADS_INDEX_DIR"] = str(index)
    question = args.question or first_example(env)
    with serve_app(env) as url:
        for shot in take_screenshots(url, args.out, question, tuple(args.forbid)):
            print(shot.relative_to(ROOT) if shot.is_relative_to(ROOT) else shot)


if __name__ == "__main__":
    main()
