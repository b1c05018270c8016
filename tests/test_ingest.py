"""The ingest pipeline end to end: real Chroma in temp dirs, real files, real subprocesses.

Small corpora of a few short documents keep embedding cheap (and the on-disk embedding cache
makes repeated runs free); the real corpus is ingested once, by the ``corpus_settings`` fixture.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import scanned_pdf

from core.config import PROJECT_ROOT, Settings
from ingest.pipeline import run_ingest
from storage.index import MANIFEST, POINTER, IndexStore, open_collection

VISITATIE = "2020-visitatie-sociaal-domein-leudal.txt"
ONTW = "2019-10-ontwikkelagenda-jeugdhulp-taakstelling-leudal.txt"
REQUIRED_META = {"source", "title", "date", "region", "access", "section", "line_start",
                 "line_end", "content_hash"}

SMALL = {
    "a-wachtlijst.txt": "1. Wachtlijsten\nDe wachtlijst voor jeugd-GGZ in Leudal is in 2023 "
                        "gegroeid tot veertig kinderen.\nDe gemeente zoekt extra aanbieders.\n",
    "b-toegang.txt": "1. Toegang\nHet CJG is de toegang tot jeugdhulp voor alle inwoners.\n"
                     "Huisartsen verwijzen steeds vaker rechtstreeks.\n",
    "c-preventie.md": "# Preventie\n\nDe praktijkondersteuner jeugd werkt op zes scholen in Leudal "
                      "en voorkomt dure trajecten.\n",
}


def collection_data(settings: Settings) -> dict:
    gen = IndexStore(settings).require_current()
    return open_collection(settings, gen).get(include=["metadatas", "documents"])


def ids_by_source(settings: Settings) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    data = collection_data(settings)
    for chunk_id, meta in zip(data["ids"], data["metadatas"], strict=True):
        out.setdefault(meta["source"], set()).add(chunk_id)
    return out


def generations(settings: Settings) -> list[str]:
    return sorted(p.name for p in Path(settings.index_dir).glob("gen-*"))


def dir_size(path: Path) -> int:
    total = 0
    for p in path.rglob("*"):
        with contextlib.suppress(FileNotFoundError):  # e.g. a journal that just went away
            total += p.stat().st_size if p.is_file() else 0
    return total


def assert_index_consistent(settings: Settings) -> None:
    """The live generation is complete: its manifest names exactly the chunks Chroma holds."""
    store = IndexStore(settings)
    gen = store.require_current()
    pointer = (Path(settings.index_dir) / POINTER).read_text(encoding="utf-8").strip()
    assert gen.name == pointer and (gen / MANIFEST).exists()
    listed = {i for e in store.manifest().files.values() for i in e["chunk_ids"]}
    assert set(collection_data(settings)["ids"]) == listed


# --- the real corpus ------------------------------------------------------------------------


def test_known_passage_provenance_in_the_index(corpus_settings):
    data = collection_data(corpus_settings)
    rows = list(zip(data["documents"], data["metadatas"], strict=True))
    hit = [m for d, m in rows if "Op 4 februari 2020 heeft het visitatiebezoek" in d]
    assert hit and all(m["source"] == VISITATIE for m in hit)
    assert all(m["line_start"] <= 9 <= m["line_end"] for m in hit)
    assert hit[0]["access"] == "raad" and hit[0]["region"] == "Midden-Limburg West"

    table = [(d, m) for d, m in rows if "Budget 9.731.480" in d and m["source"] == ONTW]
    assert table
    for text, _ in table:  # every copy of the table is whole
        assert "2015 2016 2017 2018 2019" in text and "Resultaat - 210.925" in text
    first = min(table, key=lambda x: x[1]["line_start"])[1]
    assert first["line_start"] <= 139 and first["line_end"] >= 145


def test_every_chunk_has_full_metadata(corpus_settings):
    data = collection_data(corpus_settings)
    sources = {p.name for p in Path(corpus_settings.corpus_dir).glob("*.txt")}
    assert len(data["ids"]) > 100
    for meta in data["metadatas"]:
        assert set(meta) >= REQUIRED_META, meta
        assert meta["source"] in sources
        assert meta["title"] and meta["date"] and meta["region"]
        assert 1 <= meta["line_start"] <= meta["line_end"]
        assert len(meta["content_hash"]) == 16
    oost = [m for m in data["metadatas"] if "oost" in m["source"]]
    assert oost and {m["region"] for m in oost} == {"Midden-Limburg Oost"}


def test_empty_embedding_cache_setting_means_no_cache(monkeypatch):
    monkeypatch.setenv("RAADS_EMBEDDING_CACHE", "")
    assert Settings().embedding_cache is None
    monkeypatch.setenv("RAADS_EMBEDDING_CACHE", "/tmp/x.sqlite")
    assert Settings().embedding_cache == Path("/tmp/x.sqlite")


# --- idempotency, change, removal, rebuild ----------------------------------------------------


def test_idempotent_change_remove_and_rebuild(make_settings):
    settings = make_settings(SMALL)
    corpus = Path(settings.corpus_dir)
    first = run_ingest(settings)
    assert first.ok and first.chunks_embedded == first.chunks >= 3
    assert first.embedded_files == sorted(SMALL)
    before = ids_by_source(settings)
    assert set(before) == set(SMALL)

    again = run_ingest(settings)
    assert again.chunks_embedded == 0 and again.embedded_files == []
    assert again.generation == first.generation and again.chunks == first.chunks
    assert generations(settings) == [first.generation]

    (corpus / "b-toegang.txt").write_text(
        "1. Toegang\nVanaf 2024 loopt de toegang tot jeugdhulp via het nieuwe jeugdteam.\n",
        encoding="utf-8",
    )
    changed = run_ingest(settings)
    assert changed.embedded_files == ["b-toegang.txt"]
    assert changed.generation != first.generation
    after = ids_by_source(settings)
    assert after["a-wachtlijst.txt"] == before["a-wachtlijst.txt"]
    assert after["c-preventie.md"] == before["c-preventie.md"]
    assert after["b-toegang.txt"].isdisjoint(before["b-toegang.txt"])
    texts = " ".join(collection_data(settings)["documents"])
    assert "nieuwe jeugdteam" in texts and "Huisartsen verwijzen" not in texts
    assert_index_consistent(settings)

    (corpus / "c-preventie.md").unlink()
    removed = run_ingest(settings)
    assert removed.removed_files == ["c-preventie.md"] and removed.chunks_embedded == 0
    assert set(ids_by_source(settings)) == {"a-wachtlijst.txt", "b-toegang.txt"}
    assert_index_consistent(settings)

    rebuilt = run_ingest(settings, rebuild=True)
    assert rebuilt.embedded_files == ["a-wachtlijst.txt", "b-toegang.txt"]
    assert rebuilt.chunks_embedded == rebuilt.chunks == removed.chunks
    assert_index_consistent(settings)
    assert len(generations(settings)) <= 3  # old generations are cleaned up


def test_pdf_and_docx_get_page_and_line_in_the_index(make_settings, make_pdf, make_docx):
    pages = [[f"{p}. Deel {p}"] + [f"Zin {i} over het jeugdbeleid van deel {p} in Leudal." for i in
                                   range(10)] for p in (1, 2, 3)]
    pages[1].insert(4, "Het speciale voorstel over de jongerenraad staat op pagina twee.")
    docx = make_docx(["Verslag", "", "De raad stemde in met het voorstel over de jongerenraad en "
                      "de subsidie voor het jongerenwerk.", ""])
    settings = make_settings({"nota.pdf": make_pdf(pages), "verslag.docx": docx},
                             chunk_size=400, chunk_overlap=0)
    report = run_ingest(settings)
    assert report.ok, report.errors
    rows = list(zip(*(collection_data(settings)[k] for k in ("documents", "metadatas")),
                    strict=True))
    pdf_hit = [m for d, m in rows if "speciale voorstel" in d]
    assert len(pdf_hit) == 1 and pdf_hit[0]["page"] == 2 and pdf_hit[0]["source"] == "nota.pdf"
    docx_hit = [m for d, m in rows if "subsidie voor het jongerenwerk" in d]
    assert len(docx_hit) == 1 and docx_hit[0]["line_start"] <= 3 <= docx_hit[0]["line_end"]
    assert "page" not in docx_hit[0]
    for _, meta in rows:
        assert set(meta) >= REQUIRED_META


# --- bad input ------------------------------------------------------------------------------


def bad_files(make_pdf, tmp_path: Path) -> dict[str, bytes | Path]:
    from pypdf import PdfWriter

    good_pdf = make_pdf([["1. Titel", "Een pagina tekst over jeugdhulp in Leudal."]] * 2)
    writer = PdfWriter(clone_from=good_pdf)
    writer.encrypt("geheim")
    encrypted = tmp_path / "enc.pdf"
    writer.write(encrypted)
    scanned = scanned_pdf(tmp_path / "scan.pdf")
    return {
        "leeg.txt": b"",
        "kapot.pdf": b"%PDF-1.4\n1 0 obj << garbage",
        "versleuteld.pdf": encrypted,
        "gescand.pdf": scanned,
        "tabel.xlsx": b"PK\x03\x04 geen echte spreadsheet",
        "windows.txt": "Crèche en café in Heythuysen, oude codering.".encode("cp1252"),
        "reusachtig.txt": b"jeugdhulp " * (450 * 1024),  # 4.5 MB > 4 x max_upload_mb
    }


EXPECTED_REASON = {
    "leeg.txt": "leeg",
    "kapot.pdf": "beschadigd",
    "versleuteld.pdf": "versleuteld",
    "gescand.pdf": "geen bruikbare tekst",
    "tabel.xlsx": "niet ondersteund",
    "windows.txt": "UTF-8",
    "reusachtig.txt": "te groot",
}


def test_bad_files_are_reported_and_the_rest_is_ingested(make_settings, make_pdf, tmp_path):
    files: dict = dict(SMALL) | bad_files(make_pdf, tmp_path)
    settings = make_settings(files, max_upload_mb=1)
    report = run_ingest(settings)
    assert not report.ok
    assert len(report.errors) == len(EXPECTED_REASON)
    for name, reason in EXPECTED_REASON.items():
        line = next(e for e in report.errors if e.startswith(f"{name}: "))
        assert "\n" not in line and reason in line, line
    assert set(ids_by_source(settings)) == set(SMALL)
    assert set(IndexStore(settings).manifest().files) == set(SMALL)
    assert_index_consistent(settings)


def test_a_file_that_breaks_keeps_its_previous_chunks(make_settings):
    settings = make_settings(SMALL)
    run_ingest(settings)
    before = ids_by_source(settings)
    (Path(settings.corpus_dir) / "a-wachtlijst.txt").write_bytes("Café".encode("cp1252") * 10)
    report = run_ingest(settings)
    assert report.errors == [next(e for e in report.errors if e.startswith("a-wachtlijst.txt: "))]
    assert ids_by_source(settings) == before
    assert_index_consistent(settings)


# --- CLI and atomicity ----------------------------------------------------------------------


def cli(settings: Settings, *args: str, env: dict | None = None, **kw):
    environ = os.environ | {"RAADS_UPLOAD_DIR": str(settings.upload_dir), "COLUMNS": "120"}
    environ.pop("RAADS_CHROMA_HOST", None)
    command = [sys.executable, "-m", "ingest", "--corpus", str(settings.corpus_dir),
               "--index", str(settings.index_dir), *args]
    return command, environ | (env or {}), kw


def run_cli(settings: Settings, *args: str, env: dict | None = None):
    command, environ, _ = cli(settings, *args, env=env)
    return subprocess.run(command, env=environ, cwd=PROJECT_ROOT, capture_output=True,
                          text=True, timeout=600)


def test_cli_rebuild_summary_then_nothing_to_do(make_settings):
    settings = make_settings(SMALL)
    first = run_cli(settings, "--rebuild")
    assert first.returncode == 0, first.stderr
    assert "Samenvatting ingest" in first.stderr and "passages in index" in first.stderr
    assert "3 files re-embedded" in first.stdout
    second = run_cli(settings)
    assert second.returncode == 0, second.stderr
    assert "0 files re-embedded" in second.stdout
    check = run_cli(settings, "--check")
    assert check.returncode == 0

    (Path(settings.corpus_dir) / "leeg.txt").write_bytes(b"")
    failed = run_cli(settings)
    assert failed.returncode == 1
    assert "leeg.txt: bestand is leeg" in failed.stderr
    assert "0 files re-embedded" in failed.stdout


def test_killed_ingest_leaves_the_previous_index_usable(make_settings):
    from assistant.api import Assistant

    settings = make_settings(SMALL)
    old = run_ingest(settings)
    assert old.ok
    corpus = Path(settings.corpus_dir)
    added = []
    for path in sorted((PROJECT_ROOT / "corpus").glob("*.txt")):  # minutes of cold embedding
        for name in (path.name, f"kopie-{path.name}"):
            added.append(shutil.copy(path, corpus / name))

    # Cold cache and small batches: the first batch lands in the new generation quickly,
    # the rest would take minutes, so the kill falls mid-way through the embedding work.
    command, environ, _ = cli(settings, env={"RAADS_EMBEDDING_CACHE": "",
                                             "RAADS_EMBEDDING_BATCH": "4"})
    proc = subprocess.Popen(command, env=environ, cwd=PROJECT_ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 180
        baseline: int | None = None
        while time.monotonic() < deadline and proc.poll() is None:
            new = [g for g in generations(settings) if g != old.generation]
            if new and baseline is None:
                time.sleep(1)  # let Chroma open the copied store
                baseline = dir_size(Path(settings.index_dir) / new[0])
            elif new and dir_size(Path(settings.index_dir) / new[0]) > baseline:
                break  # the first embedded batch has been written
            time.sleep(0.1)
        assert proc.poll() is None, "ingest finished before it could be killed"
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    leftover = [g for g in generations(settings) if g != old.generation]
    assert leftover, "the killed run left no generation behind: nothing was tested"

    assert IndexStore(settings).require_current().name == old.generation
    assert_index_consistent(settings)
    passages = Assistant(settings).retrieve("wachtlijst jeugd-GGZ", k=3)
    assert passages and passages[0].source == "a-wachtlijst.txt"
    assert all(p.source in SMALL for p in passages)

    for path in added:  # the next ingest (nothing to embed) succeeds and clears the leftover
        Path(path).unlink()
    after = run_ingest(settings)
    assert after.ok and after.generation == old.generation
    assert generations(settings) == [old.generation]


@pytest.mark.parametrize("rebuild", [False, True])
def test_failed_run_leaves_no_half_written_generation(make_settings, rebuild):
    """A run that fails after embedding (a curated figure that is not in its source) publishes
    nothing and leaves no generation behind."""
    from ingest.figures import CuratedFigureError

    settings = make_settings(SMALL)
    old = run_ingest(settings)
    corpus = Path(settings.corpus_dir)
    (corpus / "b-toegang.txt").write_text(
        "1. Toegang\nHet jeugdteam is vanaf 2025 de enige toegang tot jeugdhulp.\n",
        encoding="utf-8",
    )
    (corpus / "figures.yaml").write_text(
        "figures:\n- {source: b-toegang.txt, line: 2, quote: 'staat er niet', value: 5,"
        " metric: aantal}\n",
        encoding="utf-8",
    )
    with pytest.raises(CuratedFigureError):
        run_ingest(settings, rebuild=rebuild)
    assert generations(settings) == [old.generation]
    assert IndexStore(settings).require_current().name == old.generation
    assert_index_consistent(settings)
    assert "enige toegang" not in " ".join(collection_data(settings)["documents"])


def test_an_edited_curated_figures_file_rebuilds_the_store_without_re_embedding(make_settings):
    """figures.yaml is no document: changing it alone must still reach the figures store on the
    next ingest (a new generation), and no passage is embedded again for it."""
    from storage.figure_store import FigureStore
    from storage.index import FIGURES_DB

    settings = make_settings(
        {**SMALL, "d-cijfers.txt": "Wachtlijst\nEind 2023 stonden 40 kinderen op de lijst.\n"}
    )
    first = run_ingest(settings)
    (Path(settings.corpus_dir) / "figures.yaml").write_text(
        "figures:\n- {source: d-cijfers.txt, line: 2, quote: '40 kinderen', value: 40,"
        " metric: wachtlijst, unit: aantal, period: '2023'}\n",
        encoding="utf-8",
    )
    edited = run_ingest(settings)
    assert edited.ok and edited.chunks_embedded == 0
    assert edited.generation != first.generation
    gen = IndexStore(settings).require_current()
    assert [f.value for f in FigureStore(gen / FIGURES_DB).all(None) if f.metric == "wachtlijst"
            ] == [40]
    same = run_ingest(settings)  # nothing changed since: no new generation
    assert same.generation == edited.generation
