"""Concurrency: questions keep working, consistently, while an ingest replaces the index.

An ingest of a changed corpus runs in a separate process (``python -m ingest``, as in
production) while waves of 20 concurrent ``ask`` calls hit one shared :class:`Assistant`.
Every answer must equal the answer of either the old or the new index; none may fail.
A second test kills an ingest part-way with SIGKILL and checks the old index still answers.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from conftest import isolated_settings

from assistant.api import Assistant
from core.config import PROJECT_ROOT, Settings
from ingest.pipeline import run_ingest
from storage.index import IndexStore

QUESTION = "Hoe hoog is de taakstelling jeugdhulp vanaf 2022?"
OTHER = "Welke gemeenten horen bij de regio Midden-Limburg Oost?"

from tiny_corpus import AGENDA_TEMPLATE as AGENDA  # noqa: E402
from tiny_corpus import CATALOGUE, VISIE  # noqa: E402


def small_corpus(root: Path) -> Settings:
    corpus = root / "corpus"
    corpus.mkdir(parents=True)
    (corpus / "leudal-agenda.txt").write_text(AGENDA.format(amount="1,2 miljoen"), "utf-8")
    (corpus / "mlo-visie.txt").write_text(VISIE, "utf-8")
    (corpus / "documents.yaml").write_text(CATALOGUE, "utf-8")
    return isolated_settings(root, corpus_dir=corpus)


def ingest_process(settings: Settings, *args: str) -> subprocess.Popen:
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("RAADS_")},
        "RAADS_CORPUS_DIR": str(settings.corpus_dir),
        "RAADS_INDEX_DIR": str(settings.index_dir),
        "RAADS_UPLOAD_DIR": str(settings.upload_dir),
    }
    return subprocess.Popen(
        [sys.executable, "-m", "ingest", *args], cwd=PROJECT_ROOT, env=env,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )


def signature(answer) -> tuple:
    return (answer.text, tuple((c.source, c.line_start, c.line_end) for c in answer.citations))


def test_asks_during_ingest_see_old_or_new_index(tmp_path):
    settings = small_corpus(tmp_path)
    assert run_ingest(settings).ok
    assistant = Assistant(settings)
    old = {q: signature(assistant.ask(q)) for q in (QUESTION, OTHER)}
    assert "1,2 miljoen" in old[QUESTION][0]

    # Change one file and add a new one; ingest them in another process.
    (settings.corpus_dir / "leudal-agenda.txt").write_text(
        AGENDA.format(amount="1,5 miljoen"), "utf-8"
    )
    (settings.corpus_dir / "nieuw.txt").write_text(
        "Nieuw document\n\nDe wijkteams in Leudal werken sinds 2023 met één loket.\n", "utf-8"
    )
    proc = ingest_process(settings)
    results, errors, waves = [], [], 0
    with ThreadPoolExecutor(max_workers=20) as pool:
        while waves < 2 or (proc.poll() is None and waves < 200):
            questions = [QUESTION if i % 2 else OTHER for i in range(20)]
            futures = [pool.submit(assistant.ask, q) for q in questions]
            for q, fut in zip(questions, futures, strict=True):
                try:
                    results.append((q, signature(fut.result(timeout=120))))
                except Exception as exc:  # noqa: BLE001 - collected and reported below
                    errors.append(repr(exc))
            waves += 1
    output, _ = proc.communicate(timeout=300)
    assert proc.returncode == 0, output
    assert errors == []
    assert len(results) == 20 * waves  # nothing lost

    new = {q: signature(assistant.ask(q)) for q in (QUESTION, OTHER)}
    assert "1,5 miljoen" in new[QUESTION][0] and "1,2 miljoen" not in new[QUESTION][0]
    for q, sig in results:
        assert sig in (old[q], new[q]), (q, sig)
    manifest = IndexStore(settings).manifest()
    assert sorted(manifest.files) == ["leudal-agenda.txt", "mlo-visie.txt", "nieuw.txt"]
    assert "één loket" in assistant.ask("Hoe werken de wijkteams sinds 2023?").text


def test_killed_ingest_leaves_working_index(tmp_path):
    settings = small_corpus(tmp_path)
    assert run_ingest(settings).ok
    before = IndexStore(settings).current_dir()
    old_answer = signature(Assistant(settings).ask(QUESTION))

    # Enough new text that the embedding step takes a while, then kill it mid-way.
    (settings.corpus_dir / "leudal-agenda.txt").write_text(
        AGENDA.format(amount="9,9 miljoen"), "utf-8"
    )
    big = "\n\n".join(
        f"{i} Paragraaf {i}\nDe jeugdhulp in wijk {i} van Leudal kost € {i}.000 per jaar "
        "en wordt uitgevoerd door het sociaal team." * 3
        for i in range(1, 400)
    )
    (settings.corpus_dir / "groot.txt").write_text(big, "utf-8")
    proc = ingest_process(settings, "--rebuild")
    deadline = time.monotonic() + 120
    index_root = Path(settings.index_dir)
    # Wait until the new generation directory exists (work has started), then kill.
    while time.monotonic() < deadline and proc.poll() is None:
        if [p for p in index_root.glob("gen-*") if p != before]:
            time.sleep(1.0)
            break
        time.sleep(0.1)
    if proc.poll() is not None:
        pytest.fail("ingest was already finished before it could be killed: " + proc.stdout.read())
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL

    assert IndexStore(settings).current_dir() == before
    fresh = Assistant(settings)
    assert signature(fresh.ask(QUESTION)) == old_answer
    assert "1,2 miljoen" in old_answer[0]

    # The next ingest cleans up and brings the index up to date (without the big file, to
    # keep the test short).
    (settings.corpus_dir / "groot.txt").unlink()
    report = run_ingest(settings)
    assert report.ok, report.errors
    assert "9,9 miljoen" in Assistant(settings).ask(QUESTION).text
