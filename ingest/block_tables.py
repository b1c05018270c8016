"""Tables whose rows are blocks of prose with a few numbers at the right: a budget's risk table.

Why: the risk paragraph of every Dutch budget (BBV "weerstandsvermogen en risicobeheersing")
is a table of a risk's name, a description and measures in narrow prose columns, and, on the
row's first line, its amount, its probability and the weighted amount. Read line by line (and
split into the page's prose columns) its numbers land under the wrong labels ("Gemeentefonds
4.250" read as a head count under another row's words). Here a row is the full-width line
that starts with a word in the leftmost column and ends in two or more numbers, one of them a
percentage; its name is the leftmost column's words down to the next row; its columns are the
header words stacked above the numbers (on a page without a header: the previous page's, when
the numbers stand at the same x-positions). The rows become a :class:`~ingest.tables.Table`,
so the figures carry scale, caption and cell boxes like any other table's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from core.numbers import parse_cell
from ingest.pdf_layout import PageLayout, Word, group_lines
from ingest.tables import Cell, Row, Table

LABEL_EDGE = 0.2  # a row's name starts left of this share of the page width
NUMBERS_FROM = 0.6  # its numbers stand right of this share
HEADER_REACH = 90.0  # points above the first row that may hold the column header
_CAPTION = re.compile(r"^(tabel|overzicht|staat)\b", re.I)


@dataclass
class BlockTable:
    """One page's part of a block table: the table and the layout lines it covers."""

    table: Table
    lines: set[int] = field(default_factory=set)


def _number(w: Word) -> tuple[float | None, str] | None:
    return parse_cell(w.text) if re.search(r"\d", w.text) else None


def _row_numbers(words: list[Word], width: float) -> list[Word]:
    """The numbers that end a row's first line (right of ``NUMBERS_FROM``), or []."""
    tail: list[Word] = []
    for w in reversed(words):
        if w.x0 < width * NUMBERS_FROM or _number(w) is None:
            break
        tail.insert(0, w)
    if len(tail) < 2 or not any(w.text.endswith("%") for w in tail):
        return []
    return tail


def _spans(nums: list[Word]) -> list[tuple[float, float]]:
    return [(w.x0, w.x1) for w in nums]


def _is_sentence(text: str) -> bool:
    return len(text.split()) >= 8 and text.rstrip().endswith(".")


def _column_labels(header: list, spans: list[tuple[float, float]], width: float) -> list[str]:
    """The header words over the number columns, stacked per column: a column's header is
    left-aligned, its numbers right-aligned, so the words group by their left edges (one
    group per column, in order); no such grouping gives no labels."""
    left = min(a for a, _ in spans) - 20
    words = sorted((w for ln in header for w in ln.words
                    if w.x0 >= left and w.x0 >= width * NUMBERS_FROM - 30), key=lambda w: w.x0)
    groups: list[list[Word]] = []
    for w in words:
        if groups and w.x0 - groups[-1][-1].x0 <= 12:
            groups[-1].append(w)
        else:
            groups.append([w])
    if len(groups) != len(spans):
        return [""] * len(spans)
    return [" ".join(w.text for w in sorted(g, key=lambda w: (w.top, w.x0))) for g in groups]


def _column_of(w: Word, spans: list[tuple[float, float]]) -> int:
    mid = (w.x0 + w.x1) / 2
    return min(range(len(spans)), key=lambda k: abs(mid - (spans[k][0] + spans[k][1]) / 2))


def _block_end(full: list, i: int) -> float:
    """Where the last row's block ends: at a caption, or at a gap wider than two lines."""
    prev = full[i].top
    for ln in full[i + 1:]:
        if ln.top - prev > 2.2 * max(ln.bottom - ln.top, 8.0) or _CAPTION.match(ln.text):
            return ln.top
        prev = ln.top
    return prev + 1


def block_tables(
    page: PageLayout, previous: BlockTable | None = None
) -> list[BlockTable]:
    """The block table on ``page`` (at most one), continuing ``previous`` when this page has
    no header of its own and its numbers stand where the previous page's did."""
    width = page.width
    number_of = {id(w): ln.number for ln in page.lines for w in ln.words}
    full = group_lines([w for ln in page.lines for w in ln.words])
    starts = []
    for i, ln in enumerate(full):
        nums = _row_numbers(ln.words, width)
        if nums and ln.words[0].x0 < width * LABEL_EDGE and _number(ln.words[0]) is None:
            starts.append((i, nums))
    if not starts:
        return []
    first = full[starts[0][0]]
    spans = _spans(starts[0][1])
    header: list = []
    for ln in reversed(full[: starts[0][0]]):
        if ln.top < first.top - HEADER_REACH or _is_sentence(ln.text):
            break  # the prose that introduces the table is no part of its header
        header.insert(0, ln)
    columns = _column_labels(header, spans, width)
    caption = next((ln.text for ln in reversed(full[: starts[0][0]])
                    if _CAPTION.match(ln.text)), "")
    name_head = " ".join(w.text for ln in header[:1] for w in ln.words if w.x0 < width * LABEL_EDGE)
    if not any(columns):
        if previous is None or len(previous.table.spans) != len(spans) or any(
            abs(a[0] - b[0]) > 10 for a, b in zip(previous.table.spans, spans, strict=True)
        ):
            return []
        columns = list(previous.table.columns)
        caption, heading = previous.table.caption, previous.table.heading
    else:
        if len(starts) < 2 and previous is None:
            return []  # one line with numbers under a header is no table of blocks
        heading = " | ".join(columns)  # the scale ("x € 1.000") sits in a column's header
        caption = f"{caption} {name_head}".strip() or name_head
    table = Table(columns=columns, caption=caption, heading=heading, page=page.number,
                  ocr=page.ocr, spans=spans)
    covered: set[int] = set()
    for k, (i, nums) in enumerate(starts):
        end = full[starts[k + 1][0]].top if k + 1 < len(starts) else _block_end(full, i)
        block = [ln for ln in full[i:] if ln.top < end]
        name = ""
        for ln in block:
            for w in ln.words:
                if w.x0 < width * LABEL_EDGE:
                    glue = name.endswith("-") and w.text[:1].islower()
                    name = f"{name[:-1]}{w.text}" if glue else f"{name} {w.text}".strip()
        cells: list[Cell | None] = [None] * len(spans)
        for w in nums:
            parsed = _number(w)
            if parsed is None:
                continue
            value, unit = parsed
            cells[_column_of(w, spans)] = Cell(value, w.text, (w.x0, w.top, w.x1, w.bottom),
                                               unit=unit)
        row_line = number_of.get(id(full[i].words[0]), 0)
        table.rows.append(Row(label=name, cells=cells, line=row_line, quote=full[i].text,
                              page=page.number))
        covered |= {number_of[id(w)] for ln in block for w in ln.words if id(w) in number_of}
    covered |= {number_of[id(w)] for ln in header for w in ln.words if id(w) in number_of}
    return [BlockTable(table, covered)]
