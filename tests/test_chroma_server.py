"""Scale-out: the same index in a Chroma server (``chroma run``) gives the same answers.

Starts the ``chroma`` CLI from the venv on a free localhost port with a temp data dir, ingests
a small corpus into both the server and an embedded store, and compares what is stored and
what ``Assistant.ask`` answers.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import isolated_settings

from assistant.api import Assistant
from core.config import Settings
from ingest.pipeline import run_ingest
from storage.index import IndexStore, open_collection

CHROMA = Path(sys.executable).parent / "chroma"
QUESTIONS = [
    "Hoe hoog is de taakstelling jeugdhulp vanaf 2022?",
    "Wat waren de uitgaven aan jeugdhulp in 2018?",
    "Welke gemeenten horen bij de regio Midden-Limburg Oost?",
]

DOC_LEUDAL = """Ontwikkelagenda Jeugdhulp Leudal

1 Taakstelling
De gemeente Leudal legt een taakstelling op aan de jeugdhulp.
In 2021 bedraagt de taakstelling € 200.000.
Vanaf 2022 is de taakstelling structureel € 1,2 miljoen per jaar.

2 Uitgaven
De uitgaven aan jeugdhulp waren in 2018 € 10.568.794.
Het tekort op jeugdhulp was in 2018 € 3.492.011 en in 2017 € 2.096.921.
De raad wordt twee keer per jaar geïnformeerd over de voortgang.
"""

DOC_MLO = """Regiovisie Jeugd en Gezin Midden-Limburg Oost

1 De regio
De regio Midden-Limburg Oost bestaat uit Echt-Susteren, Maasgouw, Roerdalen en Roermond.
Deze visie gaat niet over Leudal.

2 Cijfers
De kosten per cliënt waren in 2021 € 5.360.
Er zijn 101 aanbieders van ambulante jeugdhulp.
"""

CATALOGUE = """documents:
  leudal-agenda.txt:
    title: Ontwikkelagenda Jeugdhulp Leudal
    date: "2019"
    kind: begroting/plan
    region: Midden-Limburg West
    municipality: Leudal
    access: public
  mlo-visie.txt:
    title: Regiovisie Midden-Limburg Oost
    date: "2022"
    kind: regiovisie
    region: Midden-Limburg Oost
    municipality: Roermond
    access: public
"""


def write_corpus(folder: Path) -> Path:
    folder.mkdir(parents=True)
    (folder / "leudal-agenda.txt").write_text(DOC_LEUDAL, encoding="utf-8")
    (folder / "mlo-visie.txt").write_text(DOC_MLO, encoding="utf-8")
    (folder / "documents.yaml").write_text(CATALOGUE, encoding="utf-8")
    return folder


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory):
    if not CHROMA.exists() and shutil.which("chroma") is None:
        pytest.skip("de 'chroma'-CLI (pakket chromadb) ontbreekt in deze omgeving")
    exe = str(CHROMA) if CHROMA.exists() else shutil.which("chroma")
    data = tmp_path_factory.mktemp("chroma-server")
    port = free_port()
    log = (data / "server.log").open("w")
    proc = subprocess.Popen(
        [exe, "run", "--path", str(data / "db"), "--host", "localhost", "--port", str(port)],
        stdout=log, stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"http://localhost:{port}/api/v2/heartbeat", timeout=2):
                break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                log.close()
                pytest.fail("chroma run start niet: " + (data / "server.log").read_text()[-2000:])
            time.sleep(0.3)
    yield port
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()


@pytest.fixture(scope="module")
def two_indexes(tmp_path_factory, chroma_server):
    root = tmp_path_factory.mktemp("scaleout")
    corpus = write_corpus(root / "corpus")
    embedded = isolated_settings(root / "embedded", corpus_dir=corpus, collection="leudal")
    server = isolated_settings(
        root / "server", corpus_dir=corpus, collection="leudal",
        chroma_host="localhost", chroma_port=chroma_server,
    )
    for settings in (embedded, server):
        report = run_ingest(settings)
        assert report.ok, report.errors
    return embedded, server


def _contents(settings: Settings) -> dict:
    gen = IndexStore(settings).require_current()
    data = open_collection(settings, gen).get(include=["documents", "metadatas"])
    return {
        i: (doc, meta)
        for i, doc, meta in zip(data["ids"], data["documents"], data["metadatas"], strict=True)
    }


def test_server_holds_the_same_passages(two_indexes):
    embedded, server = two_indexes
    stored_embedded, stored_server = _contents(embedded), _contents(server)
    assert stored_server and stored_server == stored_embedded


def test_server_reingest_is_idempotent(two_indexes):
    _, server = two_indexes
    report = run_ingest(server)
    assert report.ok and report.embedded_files == [] and report.chunks_embedded == 0


def test_server_gives_the_same_answers(two_indexes):
    embedded, server = two_indexes
    a, b = Assistant(embedded), Assistant(server)
    for question in QUESTIONS:
        x, y = a.ask(question), b.ask(question)
        assert x.passages and x.citations, question
        assert x.text == y.text, question
        assert [(c.source, c.line_start, c.line_end) for c in x.citations] == [
            (c.source, c.line_start, c.line_end) for c in y.citations
        ], question
        assert [p.id for p in x.passages] == [p.id for p in y.passages], question
