"""Ten questions in a council member's own words, typed into the app in Chromium.

Writes a screenshot per answer to ``docs/screenshots/eigen-woorden/`` and a Markdown page with
each question and the answer text as shown, so a person can judge them. The questions are
written for this check (conversational, first person, one in English); they are not gold
questions. Run: ``.venv/bin/python scripts/own_words.py``.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from screenshots import ROOT, ask, ensure_index, launch_browser, serve_app, wait_idle  # noqa: E402

QUESTIONS = [
    "Hoeveel geld zijn we in 2017 kwijtgeraakt op de jeugdzorg?",
    "Klopt het dat we vanaf 2022 elk jaar 1,2 miljoen moeten bezuinigen op jeugdhulp?",
    "Wat vonden de mensen van de visitatie van onze grip op het sociaal domein?",
    "Hoe staan we ervoor met de besparingen op de toegang?",
    "Waarom lopen de kosten voor jeugdhulp bij ons zo op?",
    "Geven wij per inwoner meer uit aan wijkteams dan vergelijkbare gemeenten?",
    "Welke afspraken willen we met het onderwijs maken over jeugdhulp?",
    "Met hoeveel aanbieders van ambulante hulp werkt Roermond eigenlijk?",
    "How big was our youth care overspend in 2018?",
    "Wat heeft de gemeenteraad in 2024 besloten over de jeugdhulp?",
]
OUT = ROOT / "docs" / "screenshots" / "eigen-woorden"


def main() -> None:
    from playwright.sync_api import sync_playwright

    index = ensure_index(Path(tempfile.mkdtemp(prefix="raads-own-")))
    OUT.mkdir(parents=True, exist_ok=True)
    lines = ["# Tien vragen in eigen woorden (Chromium, offline back-end)", ""]
    with serve_app({"RAADS_INDEX_DIR": str(index)}) as url, sync_playwright() as p:
        browser = launch_browser(p)
        for i, question in enumerate(QUESTIONS, start=1):
            page = browser.new_page(viewport={"width": 1300, "height": 1100})
            page.goto(url)
            wait_idle(page)
            t0 = time.perf_counter()
            try:
                ask(page, question)
            except Exception as exc:  # noqa: BLE001 - record and go on with the next question
                print(f"{i}: geen bronknop ({type(exc).__name__})")
            seconds = time.perf_counter() - t0
            shot = OUT / f"{i:02d}.png"
            page.screenshot(path=str(shot), full_page=True)
            text = page.locator('[data-testid="stChatMessage"]').last.inner_text()
            lines += [f"## {i}. {question}", "", f"![antwoord {i}]({shot.name})", "",
                      f"{seconds:.1f} s tot het antwoord", "", "```", text.strip(), "```", ""]
            print(f"{i:2d}. {seconds:4.1f} s  {question}")
            page.close()
        browser.close()
    (OUT / "README.md").write_text("\n".join(lines), encoding="utf-8")
    print(f"Geschreven: {OUT}")


if __name__ == "__main__":
    main()
