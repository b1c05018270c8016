"""See the cell: a PDF page rendered to PNG (pypdfium2) with highlight boxes drawn on it.

Boxes are ``"x0,top,x1,bottom"`` strings or tuples in PDF points from the page's top-left corner,
as :class:`~core.models.Figure` ``bbox`` stores them. For a passage, :func:`line_boxes` gives the
boxes of its source lines from the document layout.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from pathlib import Path

Box = tuple[float, float, float, float]


def parse_bbox(bbox: str | Box | None) -> Box | None:
    if not bbox:
        return None
    if isinstance(bbox, str):
        parts = [float(x) for x in bbox.split(",")]
        return (parts[0], parts[1], parts[2], parts[3]) if len(parts) == 4 else None
    return tuple(float(x) for x in bbox)  # type: ignore[return-value]


def line_boxes(pages: list, line_start: int, line_end: int, page: int | None = None) -> list[Box]:
    """Boxes of the layout lines ``line_start..line_end`` (on ``page`` when given)."""
    out: list[Box] = []
    for p in pages:
        if page is not None and p.number != page:
            continue
        for ln in p.lines:
            if line_start <= ln.number <= line_end and ln.words:
                out.append((ln.x0, ln.top, ln.x1, ln.bottom))
    return out


def render_page_png(
    pdf_path: Path | str,
    page: int,
    boxes: Iterable[str | Box | None] = (),
    dpi: int = 110,
    color: tuple[int, int, int, int] = (255, 200, 0, 90),
) -> bytes:
    """PNG bytes of 1-based ``page`` with translucent boxes and a red outline around each."""
    import pypdfium2 as pdfium
    from PIL import Image, ImageDraw

    pdf = pdfium.PdfDocument(str(pdf_path))
    try:
        if not 1 <= page <= len(pdf):
            raise ValueError(f"pagina {page} bestaat niet (document heeft {len(pdf)} pagina's)")
        scale = dpi / 72.0
        image = pdf[page - 1].render(scale=scale).to_pil().convert("RGBA")
    finally:
        pdf.close()
    overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    for raw in boxes:
        box = parse_bbox(raw)
        if box is None:
            continue
        x0, top, x1, bottom = (v * scale for v in box)
        pad = 2
        draw.rectangle([x0 - pad, top - pad, x1 + pad, bottom + pad], fill=color)
        draw.rectangle(
            [x0 - pad, top - pad, x1 + pad, bottom + pad], outline=(220, 30, 30, 255), width=2
        )
    out = io.BytesIO()
    Image.alpha_composite(image, overlay).convert("RGB").save(out, format="PNG")
    return out.getvalue()


def source_page_png(
    pdf_path: Path | str,
    page: int | None,
    bbox: str = "",
    line_start: int = 0,
    line_end: int = 0,
    dpi: int = 110,
) -> bytes | None:
    """The page image for a citation: a figure's cell box, else the passage's lines.

    Returns None for non-PDF sources or without a page. Reads the layout again only when
    lines must be located (cheap: one page)."""
    path = Path(pdf_path)
    if path.suffix.lower() != ".pdf" or not path.exists() or not page:
        return None
    boxes: list[str | Box] = [bbox] if bbox else []
    if not boxes and line_start:
        boxes = list(_page_line_boxes(path, page, line_start, line_end or line_start))
    return render_page_png(path, page, boxes, dpi=dpi)


def _page_line_boxes(path: Path, page: int, line_start: int, line_end: int) -> list[Box]:
    """Line boxes on one page, numbered as the loader numbers them (text layer only)."""
    import pdfplumber

    from ingest.pdf_layout import Word, page_lines

    with pdfplumber.open(str(path)) as pdf:
        before = 0
        for no, p in enumerate(pdf.pages, start=1):
            if no > page:
                break
            words = [
                Word(w["text"], w["x0"], w["top"], w["x1"], w["bottom"])
                for w in p.extract_words()
            ]
            lines, _ = page_lines(words, float(p.width))
            if no < page:
                before += len(lines)
                continue
            return [
                (ln.x0, ln.top, ln.x1, ln.bottom)
                for i, ln in enumerate(lines, start=before + 1)
                if line_start <= i <= line_end
            ]
    return []


def source_path(settings, source: str) -> Path | None:
    """The file of ``source`` (uploads win over the corpus, as in ingest)."""
    for folder in (settings.upload_dir, settings.corpus_dir):
        path = Path(folder) / source
        if path.is_file():
            return path
    return None


def show_source_page(settings, cited, bbox: str = "") -> None:
    """Streamlit: the cited PDF page with the cell (``bbox``) or the passage lines marked.

    ``cited`` is a Citation, Passage or Figure (anything with source, page and lines). Does
    nothing for text sources; a page that cannot be rendered only gets a caption."""
    page = getattr(cited, "page", None)
    path = source_path(settings, cited.source)
    if not page or path is None or path.suffix.lower() != ".pdf":
        return
    import streamlit as st

    bbox = bbox or getattr(cited, "bbox", "")
    start = getattr(cited, "line_start", 0) or getattr(cited, "line", 0)
    end = getattr(cited, "line_end", 0) or start
    ocr = getattr(cited, "ocr", False) or "ocr" in str(getattr(cited, "flags", ""))
    label = f"pagina {page}" + (" (OCR)" if ocr else "")
    try:
        png = source_page_png(path, page, bbox, start, end)
    except Exception as exc:  # noqa: BLE001 - the viewer must never break the answer
        st.caption(f"{label}: pagina kon niet worden getoond ({type(exc).__name__})")
        return
    if png:
        with st.expander(f"Bekijk {label}", expanded=False):
            st.image(png, caption=label)
