"""Shared fixtures: isolated Settings, a real index of the corpus, generated PDF/DOCX files.

Embeddings are cached on disk (``settings.embedding_cache``, the Settings default), so the
session index of the real corpus and repeated small ingests cost model time only once per
machine; every test still writes its own Chroma index in a temp dir.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from core.config import PROJECT_ROOT, Settings

CORPUS = PROJECT_ROOT / "corpus"


def isolated_settings(root: Path, corpus_dir: Path | None = None, **overrides) -> Settings:
    """Settings whose index, uploads and data live under ``root`` (never the project's)."""
    fields = {
        "corpus_dir": corpus_dir or root / "corpus",
        "index_dir": root / "index",
        "upload_dir": root / "uploads",
        "feedback_db": root / "feedback.sqlite",
        "users_file": root / "users.yaml",
        "chroma_host": None,
        "backend": "offline",
    }
    fields.update(overrides)
    return Settings(**fields)


@pytest.fixture(scope="session")
def corpus_settings(tmp_path_factory) -> Settings:
    """The real corpus ingested ONCE into a temp index; read-only for the tests that use it."""
    from ingest.pipeline import run_ingest

    settings = isolated_settings(tmp_path_factory.mktemp("corpus-index"), corpus_dir=CORPUS)
    report = run_ingest(settings)
    assert report.ok, report.errors
    return settings


@pytest.fixture
def make_settings(tmp_path) -> Callable[..., Settings]:
    """Settings over a small corpus of your own: ``make_settings({"a.txt": "..."})``.

    Values may be ``str`` (written as UTF-8), ``bytes`` or a ``Path`` to copy.
    """

    def factory(files: dict[str, str | bytes | Path] | None = None, **overrides) -> Settings:
        settings = isolated_settings(tmp_path, **overrides)
        Path(settings.corpus_dir).mkdir(parents=True, exist_ok=True)
        for name, content in (files or {}).items():
            write_file(Path(settings.corpus_dir) / name, content)
        return settings

    return factory


def write_file(path: Path, content: str | bytes | Path) -> Path:
    if isinstance(content, Path):
        shutil.copyfile(content, path)
    elif isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


@pytest.fixture
def make_pdf(tmp_path) -> Callable[..., Path]:
    """Write a real PDF (fpdf2): one list of lines per page, optional header on every page."""
    from fpdf import FPDF

    def factory(
        pages: list[list[str]],
        name: str = "doc.pdf",
        header: str | None = None,
        page_numbers: bool = False,
    ) -> Path:
        pdf = FPDF()
        pdf.set_font("Helvetica", size=11)
        for number, lines in enumerate(pages, start=1):
            pdf.add_page()
            if header:
                pdf.cell(0, 8, header, new_x="LMARGIN", new_y="NEXT")
            for line in lines:
                pdf.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
            if page_numbers:
                pdf.cell(0, 8, str(number), new_x="LMARGIN", new_y="NEXT")
        path = tmp_path / "files" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        pdf.output(str(path))
        return path

    return factory


@pytest.fixture
def make_docx(tmp_path) -> Callable[..., Path]:
    """Write a real DOCX (python-docx) with the given paragraphs, in order."""
    import docx

    def factory(paragraphs: list[str], name: str = "doc.docx") -> Path:
        document = docx.Document()
        for text in paragraphs:
            document.add_paragraph(text)
        path = tmp_path / "files" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        document.save(str(path))
        return path

    return factory


def scanned_pdf(path: Path) -> Path:
    """A 'scan': a PDF page holding only an image, no text layer (written to ``path``)."""
    from fpdf import FPDF
    from PIL import Image

    image = path.with_suffix(".png")
    Image.new("RGB", (300, 200), "white").save(image)
    pdf = FPDF()
    pdf.add_page()
    pdf.image(str(image), x=10, y=10, w=150)
    pdf.output(str(path))
    return path
