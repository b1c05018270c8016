"""OCR of one PDF page with Tesseract's Dutch model (``tesseract-ocr-nld``) via pytesseract.

The page is rendered with pypdfium2 and Tesseract returns words with pixel boxes, converted
back to PDF points so OCR'd tables get cell boxes like text-layer tables do.
"""

from __future__ import annotations

import shutil
import subprocess
from functools import lru_cache
from pathlib import Path

from ingest.pdf_layout import Word

OCR_DPI = 300
OCR_LANG = "nld"
MIN_CONFIDENCE = 30.0


@lru_cache(maxsize=1)
def available() -> bool:
    """Tesseract is installed and has the Dutch model."""
    exe = shutil.which("tesseract")
    if not exe:
        return False
    try:
        out = subprocess.run(
            [exe, "--list-langs"], capture_output=True, text=True, timeout=20, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return OCR_LANG in (out.stdout + out.stderr).split()


def render_page(path: Path | str, index: int, dpi: int = OCR_DPI):
    """A PIL image of page ``index`` (0-based) at ``dpi``."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        page = pdf[index]
        image = page.render(scale=dpi / 72.0, grayscale=True).to_pil()
        page.close()
        return image
    finally:
        pdf.close()


def remove_rules(image):
    """Black/white image without table rules and cell shading.

    Ruled tables make Tesseract treat the grid as a picture and drop the numbers; long
    horizontal and vertical dark runs (rules) are removed, light shading falls below the
    threshold."""
    import numpy as np
    from PIL import Image
    from scipy import ndimage

    dark = np.asarray(image.convert("L")) < 150
    run = max(40, image.width // 30)
    rules = ndimage.binary_opening(dark, structure=np.ones((1, run), bool))
    rules |= ndimage.binary_opening(dark, structure=np.ones((run, 1), bool))
    return Image.fromarray(np.where(dark & ~rules, 0, 255).astype(np.uint8))


def ocr_image_words(image, scale: float) -> list[Word]:
    """Tesseract words of a PIL image; boxes divided by ``scale`` (pixels per PDF point).

    Sparse-text mode (``--psm 11``) finds words anywhere, table cells included; lines and
    columns are rebuilt from the word boxes by :mod:`ingest.pdf_layout`."""
    import pytesseract

    data = pytesseract.image_to_data(
        remove_rules(image), lang=OCR_LANG, config="--psm 11", output_type=pytesseract.Output.DICT
    )
    words: list[Word] = []
    for i, text in enumerate(data["text"]):
        text = (text or "").strip()
        try:
            conf = float(data["conf"][i])
        except (TypeError, ValueError):
            conf = -1.0
        if not text or conf < MIN_CONFIDENCE and not any(c.isdigit() for c in text):
            continue
        left, top = data["left"][i] / scale, data["top"][i] / scale
        width, height = data["width"][i] / scale, data["height"][i] / scale
        words.append(Word(text, left, top, left + width, top + height))
    return words


def ocr_page_words(path: Path | str, index: int, dpi: int = OCR_DPI) -> list[Word]:
    """OCR'd words of page ``index`` (0-based) in PDF points."""
    return ocr_image_words(render_page(path, index, dpi), dpi / 72.0)
