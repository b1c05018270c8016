"""OCR: image-only pages and garbage text layers are read by Tesseract (nld), flagged as OCR,
and without Tesseract the file gets a clear Dutch error instead of garbage in the index."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest import ocr
from ingest.errors import IngestError
from ingest.loaders import load
from ingest.pdf_layout import text_layer_problem

needs_tesseract = pytest.mark.skipif(not ocr.available(), reason="Tesseract (nld) ontbreekt")
DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")

LINES = [
    "Jeugdhulp in de gemeente",
    "De lasten voor jeugdhulp zijn gestegen.",
    "Lasten 2023 1.250 1.400",
    "Baten 2023 300 320",
]


def _text_image(path: Path, lines: list[str]) -> Path:
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("L", (1240, 900), 255)
    draw = ImageDraw.Draw(image)
    font = (
        ImageFont.truetype(str(DEJAVU), 36) if DEJAVU.exists() else ImageFont.load_default(36)
    )
    for i, line in enumerate(lines):
        draw.text((60, 60 + i * 70), line, fill=0, font=font)
    image.save(path)
    return path


def _pdf(tmp_path: Path, name: str, garbage_layer: bool, with_text_page: bool = False) -> Path:
    """An image page (a 'scan'); optionally an invisible garbage text layer over it (as a PDF
    whose font has no ToUnicode map extracts) and a normal text page before it."""
    from fpdf import FPDF

    image = _text_image(tmp_path / f"{name}.png", LINES)
    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    if with_text_page:
        pdf.add_page()
        for i in range(5):
            pdf.cell(0, 6, f"Dit is een gewone pagina met tekst, regel {i}.", new_x="LMARGIN",
                     new_y="NEXT")
    pdf.add_page()
    pdf.image(str(image), x=0, y=0, w=210)
    if garbage_layer:
        with pdf.local_context(text_mode="INVISIBLE"):
            for i in range(6):
                pdf.set_xy(10, 10 + i * 8)
                pdf.cell(0, 6, "/44/14/17/4/3/21/9/33/12/5/8/19/44/14/17/4/3/21/9/33")
    path = tmp_path / name
    pdf.output(str(path))
    return path


def test_text_layer_problems():
    assert text_layer_problem("/44/14/17/4/3/21/9/33/12/5 /8/19/44/14/17") is not None
    assert text_layer_problem("(cid:1)(cid:2)(cid:3)(cid:3)(cid:4)(cid:5)(cid:2)") is not None
    assert text_layer_problem("") == "geen tekst"
    assert text_layer_problem(" ".join(["qzx wvk"] * 20)) is not None  # no Dutch words
    assert text_layer_problem("De lasten van de gemeente voor jeugdhulp stijgen in 2025.") is None
    assert text_layer_problem("Baten 2.483 102 105 105 Lasten -6.628 -4.489") is None


@needs_tesseract
def test_image_only_page_is_ocred_and_flagged(tmp_path):
    path = _pdf(tmp_path, "scan.pdf", garbage_layer=False, with_text_page=True)
    seen: list[str] = []
    doc = load(path, progress=lambda page, pages, message: seen.append(message))
    assert any("OCR pagina 2" in m for m in seen)
    assert doc.pages[1].ocr and not doc.pages[0].ocr
    ocr_text = " ".join(ln.text for ln in doc.lines if ln.ocr)
    assert "jeugdhulp" in ocr_text.lower() and "1.400" in ocr_text
    assert all(ln.page == 2 for ln in doc.lines if ln.ocr)

    from ingest.chunk import chunk_lines
    from ingest.clean import clean_lines

    chunks = chunk_lines(clean_lines(doc.lines), 900, 150)
    ocr_lines = {ln.number for ln in doc.lines if ln.ocr}
    for c in chunks:
        assert ("ocr" in c.flags) == bool(ocr_lines & set(c.lines)), c


@needs_tesseract
def test_garbage_text_layer_is_replaced_by_ocr(tmp_path):
    path = _pdf(tmp_path, "kapot.pdf", garbage_layer=True)
    doc = load(path)
    assert "/44/14" not in doc.text
    assert "lasten" in doc.text.lower()
    assert doc.pages[0].ocr

    from ingest.figures import extract_figures

    figs = extract_figures(doc.text, path.name, "Voorbeeldgemeente", None, doc.pages)
    assert figs and all(f.ocr and f.page == 1 for f in figs)


def test_without_tesseract_a_dutch_error_not_garbage(tmp_path, monkeypatch):
    path = _pdf(tmp_path, "kapot.pdf", garbage_layer=True)
    monkeypatch.setattr(ocr, "available", lambda: False)
    with pytest.raises(IngestError, match="geen bruikbare tekstlaag.*Tesseract"):
        load(path)
