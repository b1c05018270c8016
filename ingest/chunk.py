"""Chunking along the document's own structure.

Blocks (runs of lines between blank lines) are packed into chunks within one section; a
heading starts a new section and a new chunk, so every chunk has one section path. Table-like
blocks (a row of years followed by rows of numbers) are kept whole even when they exceed the
chunk size, because half a table answers no question.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from ingest.clean import CleanLine, join_lines

_NUMBERED_HEADING_RE = re.compile(r"^(\d{1,2}(?:\.\d{1,2})*)\.?\s+([A-Z(][^\n]{1,90})$")
_YEAR_RE = re.compile(r"\b(?:19|20)\d{2}\b")
_NUMBER_RE = re.compile(r"-?\s?\d[\d.]*\d|\b\d\b")
# One table cell: 2015, 9.731.480, -2.096.921, € 1,2 / 1,2€, 11,7%, 597K, or a dash for "none".
_CELL_RE = re.compile(r"[-–+]?€?\d[\d.,]*(?:%|€|K|,-)?|[-–€]")
_END_PUNCT = (".", ",", ";", ":", "?", "!")


@dataclass
class Chunk:
    text: str
    line_start: int
    line_end: int
    section: str
    page: int | None = None
    lines: list[int] = field(default_factory=list)
    flags: str = ""  # 'ocr' when any of its lines was read by OCR

    @property
    def content_hash(self) -> str:
        return hashlib.sha256(self.text.encode()).hexdigest()[:16]


def heading_level(text: str, prev_blank: bool) -> tuple[int, str] | None:
    """Return (level, title) when a cleaned line looks like a heading."""
    if len(text) > 90 or text.endswith(_END_PUNCT) or text.startswith("- "):
        return None
    match = _NUMBERED_HEADING_RE.match(text)
    if match:
        if len(_NUMBER_RE.findall(match.group(2))) > 1:
            return None  # a table row such as "2 Budget 9.731.480 ..."
        return match.group(1).count(".") + 1 - match.group(1).endswith("."), text
    words = text.split()
    if (
        prev_blank
        and 1 <= len(words) <= 8
        and text[0].isupper()
        and not _NUMBER_RE.search(text)
        and sum(w[0].isupper() for w in words) >= 1
    ):
        return 9, text  # unnumbered sub-heading: lives under the current numbered section
    return None


def is_table_row(text: str) -> bool:
    """A flattened table row: a run of at least three cells that are numbers or dashes.

    Counting a *run* of cells (not numbers anywhere in the line) keeps prose with dates or
    several figures (``(KPMG, 30-09-2019)``, ``van €9,9 naar €11 miljoen``) out of tables,
    and a year range such as ``2023 - 2028`` is not a row either.
    """
    numbers = dashes = 0
    for token in [*text.split(), ""]:  # the sentinel closes the last run
        if _CELL_RE.fullmatch(token):
            numbers += any(ch.isdigit() for ch in token)
            dashes += not any(ch.isdigit() for ch in token)
            continue
        if numbers + dashes >= 3 and (numbers >= 3 or dashes >= 2):
            return True
        numbers = dashes = 0
    return False


def split_blocks(lines: list[CleanLine]) -> list[tuple[str, list[CleanLine]]]:
    """Group lines into ('heading'|'table'|'text', lines) blocks in document order."""
    blocks: list[tuple[str, list[CleanLine]]] = []
    current: list[CleanLine] = []
    prev_blank = True

    def flush() -> None:
        if current:
            kind = "table" if sum(is_table_row(ln.text) for ln in current) >= 2 else "text"
            blocks.append((kind, current.copy()))
            current.clear()

    for line in lines:
        if not line.text:
            prev_blank = True
            continue
        if heading_level(line.text, prev_blank):
            flush()
            blocks.append(("heading", [line]))
        else:
            starts_table = is_table_row(line.text) and current and not is_table_row(
                current[-1].text
            )
            new_paragraph = prev_blank and current and not (
                is_table_row(line.text) and _in_table(current)
            )
            years_open_a_table = starts_table and _YEAR_RE.search(line.text) and len(current) > 1
            if new_paragraph or years_open_a_table:
                flush()
            current.append(line)
        prev_blank = False
    flush()
    return _merge_tables(blocks)


def _in_table(block: list[CleanLine]) -> bool:
    return any(is_table_row(ln.text) for ln in block[-3:])


def _merge_tables(blocks: list[tuple[str, list[CleanLine]]]) -> list[tuple[str, list[CleanLine]]]:
    """A table split by blank lines is still one table: merge adjacent table blocks."""
    merged: list[tuple[str, list[CleanLine]]] = []
    for kind, block in blocks:
        if merged and kind == "table" and merged[-1][0] == "table":
            merged[-1][1].extend(block)
        else:
            merged.append((kind, block))
    return merged


def chunk_lines(
    lines: list[CleanLine], size: int = 900, overlap: int = 150, min_chars: int = 200
) -> list[Chunk]:
    """Pack blocks into chunks of about ``size`` characters inside one section.

    A chunk shorter than ``min_chars`` is not closed at a heading but runs on into the next
    section, so a title page or a one-line heading does not become a chunk of its own.
    """
    path: list[tuple[int, str]] = []
    chunks: list[Chunk] = []
    buf: list[CleanLine] = []

    line_section: dict[int, str] = {}

    def section() -> str:
        return " > ".join(title for _, title in path)

    def emit(carry: bool) -> None:
        nonlocal buf
        if not buf:
            return
        chunks.append(_make_chunk(buf, line_section.get(buf[len(buf) // 2].number, section())))
        if carry and overlap > 0:
            tail: list[CleanLine] = []
            for ln in reversed(buf):
                if sum(len(t.text) for t in tail) + len(ln.text) > overlap:
                    break
                tail.insert(0, ln)
            buf = tail if len(tail) < len(buf) else []
        else:
            buf = []

    def trim_overlap(incoming: int) -> None:
        """Drop carried overlap lines that would push the next chunk past ``size``."""
        while buf and sum(len(ln.text) + 1 for ln in buf) + incoming > size:
            buf.pop(0)

    for kind, block in split_blocks(lines):
        if kind == "heading":
            level, title = heading_level(block[0].text, True) or (9, block[0].text)
            if sum(len(ln.text) for ln in buf) >= min_chars:
                emit(carry=False)
            path = [(lv, t) for lv, t in path if lv < level] + [(level, title)]
            buf.append(block[0])  # the heading line belongs to its section's first chunk
            line_section[block[0].number] = section()
            continue
        for ln in block:
            line_section[ln.number] = section()
        block_len = sum(len(ln.text) + 1 for ln in block)
        buf_len = sum(len(ln.text) + 1 for ln in buf)
        if buf and buf_len + block_len > size:
            emit(carry=kind != "table")
            trim_overlap(block_len)
        if kind == "table" or block_len <= size:
            buf.extend(block)
            continue
        for ln in block:  # a long prose block: split between lines
            if buf and sum(len(t.text) + 1 for t in buf) + len(ln.text) > size:
                emit(carry=True)
                trim_overlap(len(ln.text) + 1)
            buf.append(ln)
    emit(carry=False)
    return [c for c in chunks if c.text.strip()]


def _make_chunk(buf: list[CleanLine], section: str) -> Chunk:
    pages = [ln.page for ln in buf if ln.page]
    return Chunk(
        text=join_lines([ln.text for ln in buf]),
        line_start=buf[0].number,
        line_end=buf[-1].number,
        section=section,
        page=pages[0] if pages else None,
        lines=[ln.number for ln in buf],
        flags="ocr" if any(ln.ocr for ln in buf) else "",
    )
