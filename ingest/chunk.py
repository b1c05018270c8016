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
# Headings that open a part of the document rather than a sub-section of the current one:
# a chapter, an appendix, a budget's "paragraaf" or programme ("P2 ..."), in Dutch or English.
_PART_RE = re.compile(
    r"^(?:hoofdstuk|bijlage|paragraaf|programma|deel|chapter|appendix|part)\s+\S|^P\d{1,2}\s+[A-Z]",
    re.I,
)
_CHAPTER_RE = re.compile(r"^(?:hoofdstuk|bijlage|chapter|appendix)\s+\d{1,2}\s*[:.-]\s+[A-Z]", re.I)
_NUMBERED_LINE_RE = re.compile(r"^\d{1,2}(?:\.\d{1,2})*\.?\s+[A-Z(]")
_YEAR_RE = re.compile(r"\b(?:19|20)\d{2}\b")
_NUMBER_RE = re.compile(r"-?\s?\d[\d.]*\d|\b\d\b")
# One table cell: 2015, 9.731.480, -2.096.921, € 1,2 / 1,2€, 11,7%, 597K, or a dash for "none".
_CELL_RE = re.compile(r"[-–+]?€?\d[\d.,]*(?:%|€|K|,-)?|[-–€]")
_END_PUNCT = (".", ",", ";", ":", "?", "!")
# "(structureel hogere lasten 2025 € 50.000, vanaf 2026 € 100.000)": a budget measure's
# bracketed note of effects, in the line right under the measure's title
_EFFECT_NOTE_RE = re.compile(r"^\((?=[^)]{0,160}(?:€|\d[\d.]*\.\d{3}))")


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
    if _CHAPTER_RE.match(text):
        return 0, text  # "Hoofdstuk 2: De gewenste koers": a new part, even without a blank
    words = text.split()
    if (
        prev_blank
        and 1 <= len(words) <= 8
        and text[0].isupper()
        and not _NUMBER_RE.search(text)
        and sum(w[0].isupper() for w in words) >= 1
    ):
        if _PART_RE.match(text):
            return 0, text  # "Paragraaf Financiering", "P2 Mens en maatschappij": a new part
        return 9, text  # unnumbered sub-heading: lives under the current numbered section
    return None


def measure_heading(lines: list[CleanLine], i: int) -> bool:
    """A budget measure's title: a short capitalised line between a finished sentence (or the
    start of the text) and a bracketed note of its effects in money.

    Budgets list their measures as "Title" + "(structureel lagere lasten 2025 € 50.000)" +
    prose, with no blank line around the title in a PDF's text. Read as prose, a measure
    ends up mid-chunk under the previous measure's section and ranks under passages that
    only mention it; as a heading, each measure is its own section with its note and text.
    """
    text = lines[i].text
    nxt = next((ln.text for ln in lines[i + 1 :] if ln.text), "")
    if not _EFFECT_NOTE_RE.match(nxt) or text.startswith(("(", "- ")):
        return False
    if len(text) > 90 or text.endswith(_END_PUNCT) or not text[0].isupper():
        return False
    if len(text.split()) > 12 or is_table_row(text):
        return False
    prev = next((ln.text for ln in reversed(lines[:i]) if ln.text), "")
    # after a sentence's end or a note's close; a line cut mid-sentence goes on below
    return not prev or prev.rstrip().endswith((".", "!", "?", ")", ":"))


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

    announced = False  # inside a list announced by "De pijlers zijn:"
    for i, line in enumerate(lines):
        if not line.text:
            prev_blank = True
            continue
        announced = _in_announced_list(line.text, announced)
        if (
            heading_level(line.text, prev_blank)
            and not (announced and _item_follows(lines, i))
            and not _numbered_line_in_prose(lines, i)
        ) or measure_heading(lines, i):
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
        if line.text.rstrip().endswith(":"):
            announced = True
    flush()
    return _merge_tables(blocks)


def _in_announced_list(text: str, announced: bool) -> bool:
    """Whether a line is still an item of a list its intro announced with a colon.

    Short capitalised items without a full stop ("Praten met de doelgroep") look like
    headings; read as headings they cut the list from its intro into another section, and
    a list question then gets half the items. A sentence that ends with a full stop, a long
    prose line or a numbered heading ends the list.
    """
    if not announced or _NUMBERED_HEADING_RE.match(text) or _PART_RE.match(text):
        return False
    return len(text) < 120 and not text.rstrip().endswith(".")


def _numbered_line_in_prose(lines: list[CleanLine], i: int) -> bool:
    """A numbered line that looks like a heading but is not one, judged by its neighbours.

    - one of a run of three or more numbered lines: a list of goals or a table of contents
      ("1. Een sterk middenveld", "2. Sociaal Team", "3. Jeugdbeleid"), whose entries would
      otherwise become the section of everything after them;
    - a numbered item whose sentence goes on and ends on the next line ("3. Versterken ...:
      faciliteren van het gesprek met" + "jeugdbeschermers over toewijzingen.");
    - OCR noise that happens to start with a digit ("1 EH a FF nr Fn OE ie"): mostly words
      of one or two letters;
    - a footnote: its number followed by a full sentence.
    """
    text = lines[i].text
    match = _NUMBERED_HEADING_RE.match(text)
    if not match:
        return False
    title_words = match.group(2).split()
    if sum(len(w) <= 2 for w in title_words) * 2 > len(title_words):
        return True
    stop = re.search(r"\w\.\s+[A-Z]", match.group(2))
    if stop and len(match.group(2)[: stop.start()].split()) >= 6:
        return True  # a footnote: a whole sentence after its number ("10 Voor ... bijlage 6.")
    following = [ln.text for ln in lines[i + 1 :] if ln.text][:3]
    if following and following[0][:1].islower() and following[0].rstrip().endswith("."):
        return True
    run = 1
    for direction in (-1, 1):
        j = i + direction
        while 0 <= j < len(lines) and run < 3:
            t = lines[j].text
            if (not t and direction > 0) or t[:1].islower():
                j += direction  # a blank line below, or a wrapped part of an entry
                continue
            if not _NUMBERED_LINE_RE.match(t):
                break  # prose, or a blank line above: the heading of what follows
            run += 1
            j += direction
    return run >= 3


def _item_follows(lines: list[CleanLine], i: int) -> bool:
    """Inside an announced list, a short line is an item unless a paragraph follows it: a
    heading introduces prose ("Toegang Jeugd" + a long sentence), an item is followed by
    another item, a numbered heading or the end of the text."""
    if _NUMBERED_HEADING_RE.match(lines[i].text) or _PART_RE.match(lines[i].text):
        return False  # "4. Samenwerking", "Hoofdstuk 2: ...": a heading ends any list
    nxt = next((ln.text for ln in lines[i + 1 :] if ln.text), "")
    return len(nxt) < 60 or bool(_NUMBERED_HEADING_RE.match(nxt))


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

    for kind, block in _by_page(split_blocks(lines)):
        if buf and _new_page(buf[-1], block[0]):
            # A PDF chunk stays on one page: its citation names that page, and a passage
            # quoted from it is found on the page the reader opens.
            emit(carry=False)
        if kind == "heading":
            level, title = heading_level(block[0].text, True) or (9, block[0].text)
            if sum(len(ln.text) for ln in buf) >= min_chars:
                emit(carry=False)
            path = [(lv, t) for lv, t in path if lv < level and _same_chapter(t, title)]
            path.append((level, title))
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


def _new_page(last: CleanLine, nxt: CleanLine) -> bool:
    return bool(last.page and nxt.page and last.page != nxt.page)


def _by_page(
    blocks: list[tuple[str, list[CleanLine]]],
) -> list[tuple[str, list[CleanLine]]]:
    """A block that runs over a page break (a paragraph or a table continued overleaf) is one
    block per page."""
    out: list[tuple[str, list[CleanLine]]] = []
    for kind, block in blocks:
        start = 0
        for i in range(1, len(block)):
            if _new_page(block[i - 1], block[i]):
                out.append((kind, block[start:i]))
                start = i
        out.append((kind, block[start:]))
    return out


def _same_chapter(outer: str, inner: str) -> bool:
    """Whether a numbered heading can hold a numbered sub-heading: "2.1 ..." belongs under
    "2 ...", not under "10 Voor aantallen ..." (a footnote read as a heading) or under a
    goal "3. Versterken ..." from a list. Unnumbered headings hold anything."""
    a, b = _NUMBERED_HEADING_RE.match(outer), _NUMBERED_HEADING_RE.match(inner)
    if not a or not b or "." not in b.group(1).rstrip("."):
        return True
    return b.group(1).startswith(a.group(1).rstrip(".") + ".")


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
