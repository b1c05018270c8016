"""Line-level cleaning that never loses the way back to the source line.

Cleaning works per :class:`~ingest.loaders.SourceLine` and returns lines that still carry
their original number (and page), so a chunk built from cleaned lines knows exactly which
source lines it covers. Dropped lines (page numbers, running headers) simply disappear;
joins across lines (de-hyphenation) happen when a chunk's text is assembled.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ingest.loaders import SourceLine

BULLETS = "•●▪■◦○‣∙·►➢✓√\uf0b7\uf0a7\u2022\u2023\u2043\u221a"
_BULLET_RE = re.compile(rf"^\s*[{re.escape(BULLETS)}]\s*")
_PAGE_NO_RE = re.compile(r"^\s*(?:pagina\s+)?\d{1,3}(?:\s*(?:/|van)\s*\d{1,3})?\s*$", re.I)
_WS_RE = re.compile(r"\s+")
# A Dutch number with thousands dots whose last group has 4 digits: the 4th is a footnote.
_GLUED_FOOTNOTE_RE = re.compile(r"(?<![\d.,])(\d{1,3}(?:\.\d{3})+)(\d)(?=\s|$)")
# Words split over two lines; the next piece must not be a conjunction ("Midden- en Noord-").
_HYPHEN_RE = re.compile(r"([A-Za-zÀ-ÿ]{2,})-\n(?!(?:en|of|tot|t/m|and|or)\b)([a-zà-ÿ]{2,})")


@dataclass
class CleanLine:
    number: int
    text: str
    page: int | None = None
    footnote: str | None = None
    ocr: bool = False


def normalise_line(text: str) -> tuple[str, str | None]:
    """Fold whitespace, normalise bullets, detach a footnote digit glued to a number."""
    footnote = None
    text = text.replace("\t", " ").replace("\u00a0", " ")
    text = _BULLET_RE.sub("- ", text)
    match = _GLUED_FOOTNOTE_RE.search(text)
    if match:
        footnote = match.group(2)
        text = _GLUED_FOOTNOTE_RE.sub(r"\1 [voetnoot \2]", text)
    return _WS_RE.sub(" ", text).strip(), footnote


def repeated_lines(lines: list[SourceLine], min_count: int = 3) -> set[str]:
    """Running headers/footers: identical non-trivial lines that recur on several pages."""
    pages = {line.page for line in lines if line.page}
    if len(pages) < 3:
        return set()
    counts = Counter(_WS_RE.sub(" ", ln.text).strip() for ln in lines)
    return {t for t, c in counts.items() if c >= min_count and len(t) > 3 and not t.isdigit()}


def clean_lines(lines: list[SourceLine]) -> list[CleanLine]:
    """Cleaned, non-empty lines with their source numbers."""
    headers = repeated_lines(lines)
    out: list[CleanLine] = []
    for line in lines:
        text, footnote = normalise_line(line.text)
        if not text or _PAGE_NO_RE.match(text) or text in headers:
            out.append(CleanLine(line.number, "", line.page))  # keeps paragraph breaks
            continue
        out.append(CleanLine(line.number, text, line.page, footnote, line.ocr))
    return out


def join_lines(texts: list[str]) -> str:
    """Join cleaned lines into prose, undoing hyphenation across line breaks."""
    return _HYPHEN_RE.sub(r"\1\2", "\n".join(texts))
