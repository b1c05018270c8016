"""PDF pages as positioned words and lines (pdfplumber), with OCR where the text layer fails.

One pass per page gives both the text the index reads and the word boxes the table reader
(:mod:`ingest.pdf_tables`) and the page viewer (:mod:`ingest.pageimage`) use, so a figure's line
number, quote and bounding box always agree with the cited passage.

A page is OCR'd (Tesseract, Dutch model, via :mod:`ingest.ocr`) when it has no text, when its
text layer is unusable (``(cid:12)`` / ``/44/14/17`` glyph-id runs, replacement characters, no
Dutch words among many letters) or when an image covers most of it (a scanned balance sheet in a
Word export). Coordinates are PDF points from the page's top-left corner.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

PageProgress = Callable[[int, int, str], None]  # (page, pages, message)

# Frequent Dutch words: a real text layer of any length contains some of them.
_DUTCH = frozenset(
    {
        "de", "het", "een", "en", "van", "in", "is", "op", "te", "dat", "voor", "met", "zijn",
        "die", "niet", "aan", "er", "om", "ook", "als", "bij", "of", "door", "naar", "uit", "over",
        "tot", "wordt", "worden", "nog", "maar", "dan", "wel", "deze", "dit", "zij", "hij", "we",
        "wij", "ze", "kan", "heeft", "hebben", "was", "werd", "meer", "geen", "jaar", "gemeente",
        "per", "totaal", "bedragen", "lasten", "baten", "begroting",
    }
)
_GLYPH_RUN = re.compile(r"(?:\(cid:\d+\)|/\d{1,3}(?=/|\s|$)){3,}")


@dataclass
class Word:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float


@dataclass
class LayoutLine:
    words: list[Word]
    number: int = 0  # 1-based line number in the loaded document

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @property
    def x0(self) -> float:
        return min(w.x0 for w in self.words)

    @property
    def x1(self) -> float:
        return max(w.x1 for w in self.words)


@dataclass
class PageLayout:
    number: int  # 1-based page number
    width: float
    height: float
    lines: list[LayoutLine] = field(default_factory=list)
    ocr: bool = False
    columns: int = 1


def text_layer_problem(text: str) -> str | None:
    """Why a page's extracted text cannot be used (Dutch reason), or None when it is fine."""
    compact = "".join(text.split())
    if len(compact) < 20:
        return "geen tekst"
    glyph = sum(len(m.group(0)) for m in _GLYPH_RUN.finditer(compact))
    if glyph > 0.2 * len(compact):
        return "tekstlaag bestaat uit glyph-codes"
    if compact.count("\ufffd") > 0.1 * len(compact):
        return "tekstlaag bestaat uit onleesbare tekens"
    words = re.findall(r"[a-zà-ÿ]{2,}", text.lower())
    if len(words) >= 15 and sum(w in _DUTCH for w in words) < max(1, 0.02 * len(words)):
        return "tekstlaag bevat geen leesbare woorden"
    return None


def group_lines(words: list[Word], y_tol: float = 3.0) -> list[LayoutLine]:
    """Words -> lines by vertical position, each line sorted left to right."""
    lines: list[list[Word]] = []
    for w in sorted(words, key=lambda w: (round(w.top, 1), w.x0)):
        mid = (w.top + w.bottom) / 2
        for line in reversed(lines[-3:]):
            top = min(x.top for x in line)
            bottom = max(x.bottom for x in line)
            if top - y_tol <= mid <= bottom + y_tol and abs(line[0].top - w.top) <= y_tol * 2:
                line.append(w)
                break
        else:
            lines.append([w])
    out = [LayoutLine(sorted(ln, key=lambda w: w.x0)) for ln in lines]
    return sorted(out, key=lambda ln: (ln.top, ln.x0))


def _is_numberish(text: str) -> bool:
    return bool(re.fullmatch(r"[-–(€]*[\d.,]+[)%]?|[-–]", text))


def split_columns(words: list[Word], width: float) -> list[list[Word]]:
    """Two-column prose pages: the words of each column, left first; else one group.

    A gutter is a vertical strip in the middle of the page that no word crosses, with prose
    (mostly words, not numbers) on both sides, so table pages are never split.
    """
    if len(words) < 40:
        return [words]
    for x in range(int(width * 0.35), int(width * 0.65), 2):
        if any(w.x0 - 2 < x < w.x1 + 2 for w in words):
            continue
        left = [w for w in words if w.x1 <= x]
        right = [w for w in words if w.x0 >= x]
        if min(len(left), len(right)) < 0.25 * len(words):
            continue
        numeric = sum(_is_numberish(w.text) for w in words)
        if numeric > 0.15 * len(words):
            return [words]
        lines_l, lines_r = group_lines(left), group_lines(right)
        if min(len(lines_l), len(lines_r)) < 6:
            return [words]
        return [left, right]
    return [words]


def page_lines(words: list[Word], width: float) -> tuple[list[LayoutLine], int]:
    groups = split_columns(words, width)
    lines = [ln for g in groups for ln in group_lines(g)]
    return lines, len(groups)


def _image_cover(page) -> float:
    area = float(page.width * page.height) or 1.0
    cover = 0.0
    for im in page.images:
        w = max(0.0, min(im["x1"], page.width) - max(im["x0"], 0))
        h = max(0.0, min(im["bottom"], page.height) - max(im["top"], 0))
        cover += w * h
    return min(1.0, cover / area)


def read_layout(
    path,
    name: str,
    progress: PageProgress | None = None,
    ocr: bool | None = None,
    only: set[int] | None = None,
) -> tuple[list[PageLayout], list[str]]:
    """Every page's lines (OCR'd where needed) and warnings; raises ``IngestError`` when pages
    need OCR and Tesseract is missing (never indexes a garbage text layer)."""
    import pdfplumber

    from ingest import ocr as ocr_mod
    from ingest.errors import IngestError

    notify = progress or (lambda page, pages, message: None)
    pages: list[PageLayout] = []
    warnings: list[str] = []
    need_ocr: list[tuple[int, str]] = []
    with pdfplumber.open(str(path)) as pdf:
        total = len(pdf.pages)
        for no, page in enumerate(pdf.pages, start=1):
            if only is not None and no not in only:  # benchmarks: a few pages only
                pages.append(PageLayout(no, float(page.width), float(page.height)))
                continue
            raw = page.extract_words(keep_blank_chars=False, use_text_flow=False)
            words = [Word(w["text"], w["x0"], w["top"], w["x1"], w["bottom"]) for w in raw]
            problem = text_layer_problem(" ".join(w.text for w in words))
            if problem is None and _image_cover(page) > 0.5 and len(words) < 40:
                problem = "pagina is een afbeelding"
            if problem == "geen tekst" and not page.images and not page.chars:
                problem = None  # an empty page: nothing to read
                words = []
            layout = PageLayout(no, float(page.width), float(page.height))
            if problem:
                need_ocr.append((no, problem))
                words = []
            layout.lines, layout.columns = page_lines(words, layout.width)
            pages.append(layout)
            notify(no, total, f"pagina {no}/{total} gelezen")
    if need_ocr:
        use_ocr = ocr_mod.available() if ocr is None else ocr
        if not use_ocr:
            if len(need_ocr) >= max(1.0, 0.2 * len(pages)):
                first, why = need_ocr[0]
                raise IngestError(
                    name,
                    f"{len(need_ocr)} van {len(pages)} pagina's hebben geen bruikbare tekstlaag "
                    f"(pagina {first}: {why}) en OCR is niet beschikbaar. Installeer Tesseract "
                    "met het Nederlandse taalmodel (apt-get install tesseract-ocr "
                    "tesseract-ocr-nld) of lever een PDF met tekstlaag aan.",
                )
            warnings += [
                f"pagina {n} overgeslagen ({why}; OCR niet beschikbaar)" for n, why in need_ocr
            ]
        else:
            for i, (no, why) in enumerate(need_ocr, start=1):
                layout = pages[no - 1]
                words = ocr_mod.ocr_page_words(path, no - 1)
                layout.lines, layout.columns = page_lines(words, layout.width)
                layout.ocr = True
                notify(no, len(pages), f"OCR pagina {no} ({i}/{len(need_ocr)}; {why})")
    return pages, warnings
