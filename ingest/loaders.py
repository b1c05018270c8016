"""Read txt, md, pdf and docx files into numbered lines, keeping page numbers for PDFs.

Every later step refers back to these line numbers, so a loader never merges or drops lines:
for text files line ``n`` is line ``n`` of the file on disk, which is what citations and gold
sets point at.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ingest.errors import IngestError

SUPPORTED = {".txt", ".md", ".pdf", ".docx"}
MIN_TEXT_CHARS = 20


@dataclass
class SourceLine:
    """One line of a source document (1-based ``number``; ``page`` for PDFs)."""

    number: int
    text: str
    page: int | None = None
    ocr: bool = False  # read by OCR (scanned page or unusable text layer)


@dataclass
class LoadedDocument:
    source: str
    lines: list[SourceLine]
    kind: str
    path: Path | None = None
    pages: list[Any] = field(default_factory=list)  # PDFs: ingest.pdf_layout.PageLayout
    warnings: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


def load(
    path: Path,
    max_bytes: int = 50 * 1024 * 1024,
    max_pages: int = 1000,
    progress: Any = None,
) -> LoadedDocument:
    """Load one file or raise :class:`IngestError` with a clear reason.

    ``progress(page, pages, message)`` is called per PDF page (reading and OCR)."""
    name = path.name
    ext = path.suffix.lower()
    if ext not in SUPPORTED:
        raise IngestError(name, f"bestandstype '{ext or 'geen'}' wordt niet ondersteund "
                                "(alleen .txt, .md, .pdf, .docx)")
    size = path.stat().st_size
    if size == 0:
        raise IngestError(name, "bestand is leeg")
    if size > max_bytes:
        raise IngestError(name, f"bestand is te groot ({size // (1024 * 1024)} MB, "
                                f"maximum {max_bytes // (1024 * 1024)} MB)")
    if ext in {".txt", ".md"}:
        doc = _load_text(path)
    elif ext == ".pdf":
        doc = _load_pdf(path, max_pages, progress)
    else:
        doc = _load_docx(path)
    if sum(len(line.text.strip()) for line in doc.lines) < MIN_TEXT_CHARS:
        hint = " (ook OCR vond geen leesbare tekst op de pagina's)" if ext == ".pdf" else ""
        raise IngestError(name, f"bevat geen bruikbare tekst{hint}")
    return doc


def _load_text(path: Path) -> LoadedDocument:
    raw = path.read_bytes()
    if b"\x00" in raw:
        raise IngestError(path.name, "bevat binaire gegevens (NUL-bytes); geen tekstbestand")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise IngestError(
            path.name, f"is geen geldige UTF-8-tekst (byte {exc.start}); sla op als UTF-8"
        ) from exc
    lines = [SourceLine(i, t) for i, t in enumerate(text.split("\n"), start=1)]
    return LoadedDocument(path.name, lines, path.suffix.lower().lstrip("."), path=path)


def _load_pdf(path: Path, max_pages: int, progress: Any = None) -> LoadedDocument:
    """Lines from the page layout (pdfplumber words); OCR where the text layer fails."""
    from pdfminer.pdfparser import PDFSyntaxError
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    from ingest.pdf_layout import read_layout

    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted:
            raise IngestError(path.name, "PDF is versleuteld of met een wachtwoord beveiligd")
        n_pages = len(reader.pages)
        if n_pages > max_pages:
            raise IngestError(path.name, f"PDF heeft {n_pages} pagina's (maximum {max_pages})")
        pages, warnings = read_layout(path, path.name, progress)
    except IngestError:
        raise
    except (PdfReadError, PDFSyntaxError, ValueError, KeyError, TypeError, OSError) as exc:
        reason = f"PDF is beschadigd of onleesbaar ({type(exc).__name__})"
        raise IngestError(path.name, reason) from exc
    lines: list[SourceLine] = []
    for page in pages:
        for ln in page.lines:
            ln.number = len(lines) + 1
            lines.append(SourceLine(ln.number, ln.text, page.number, page.ocr))
    return LoadedDocument(path.name, lines, "pdf", path=path, pages=pages, warnings=warnings)


def _load_docx(path: Path) -> LoadedDocument:
    import zipfile

    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(str(path))
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError, OSError) as exc:
        raise IngestError(path.name, "DOCX is beschadigd of geen Word-document") from exc
    texts: list[str] = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            texts.append(" ".join(cell.text.strip() for cell in row.cells))
    lines = [SourceLine(i, t) for i, t in enumerate(texts, start=1)]
    return LoadedDocument(path.name, lines, "docx", path=path)
