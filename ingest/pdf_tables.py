"""Tables from a PDF page's layout: rows by line, columns by the x-positions of the cells.

Works on :class:`~ingest.pdf_layout.PageLayout` (text layer or OCR), so every cell keeps its
bounding box. Columns come from clustering the cells of all rows of a table block, so an empty
cell (a gap or ``-``) never shifts a value into the wrong column; the column labels are the
header words stacked above each column ("Rekening" / "2023" / "baten"); the caption and the
words left of the columns give the scale ("bedragen x € 1.000").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.models import Figure
from core.numbers import SIGN_WORDS, parse_cell
from core.profile import Profile
from core.text import MONTHS, fold, words
from ingest.block_tables import BlockTable, block_tables
from ingest.pdf_layout import LayoutLine, PageLayout, Word
from ingest.tables import Cell, Row, Table, figures_from_table, scale_of, terms

_YEAR = re.compile(r"^(?:19[89]\d|20[0-4]\d)$")
_CAPTION = re.compile(r"^(tabel|overzicht|staat|figuur)\b", re.I)
_YEAR_NOTE = re.compile(r"\((?:19|20)\d\d\)")
_FOOTER = re.compile(r"(?i)^\s*(pagina|page|blz\.?)\s+\d+(\s+(van|of)\s+\d+)?\s*$")


@dataclass
class _CellWord:
    word: Word
    value: float | None
    unit: str
    text: str
    period: str = ""  # "8,6 (2023)": the year written after the value


@dataclass
class _Line:
    line: LayoutLine
    label: list[Word]
    cells: list[_CellWord]
    years_only: bool

    @property
    def is_data(self) -> bool:
        return any(c.value is not None for c in self.cells) and not self.years_only


_MONTHS = frozenset(MONTHS)


def _dates_only(low: list[str]) -> bool:
    """"ACTIVA 31 december 2019 31 december 2018": every number is part of a date, so the line
    heads columns (a balance sheet's two dates), it holds no values."""
    in_date: set[int] = set()
    for j, w in enumerate(low):
        if w in _MONTHS and 0 < j < len(low) - 1 and low[j - 1].isdigit() \
                and _YEAR.match(low[j + 1]):
            in_date |= {j - 1, j + 1}
    numbers = {j for j, w in enumerate(low) if parse_cell(w) is not None}
    return bool(in_date) and numbers <= in_date


def _split(line: LayoutLine) -> _Line:
    """Label words and the longest run of cell tokens (rightmost on ties)."""
    words = line.words
    low = [w.text.lower() for w in words]
    if _dates_only(low):
        return _Line(line, list(words), [], False)
    # '1.000' in 'bedragen x € 1.000' is the scale, not a cell.
    scale_word = {
        j
        for j in range(1, len(words))
        if low[j - 1] in ("x", "*") or (low[j - 1] == "€" and j > 1 and low[j - 2] in ("x", "*"))
    }
    # "205 kg 195 kg": units after values, when at least two values carry one ("boven 250 m3"
    # alone is part of the label)
    units = terms()["value_units"]
    if sum(low[j] in units and parse_cell(words[j - 1].text) is not None
           for j in range(1, len(words))) < 2:
        units = frozenset()
    best: tuple[int, int] = (0, 0)
    i = 0
    while i < len(words):
        j = i
        while j < len(words) and j not in scale_word and (
            parse_cell(words[j].text) is not None
            or (words[j].text == "€" and j + 1 < len(words))
            or (j > i and low[j] in SIGN_WORDS)
            # "8,6 % (2023)": a sign and a year in brackets after a value belong to it
            or (j > i and (words[j].text == "%" or _YEAR_NOTE.fullmatch(words[j].text)))
            # "205 kg 195 kg": a unit after a value belongs to it
            or (j > i and low[j] in units and parse_cell(words[j - 1].text) is not None)
        ):
            j += 1
        if j > i and j - i >= best[1] - best[0]:
            best = (i, j)
        i = max(j, i + 1)
    start, end = best
    if start == 0 and end < len(words) and end - start <= 1:
        start = end = 0  # '4 RO-procedure ...': a leading number is part of the label
    cells: list[_CellWord] = []
    for w in words[start:end]:
        if w.text == "€":
            continue
        if w.text.lower() in SIGN_WORDS and cells:
            prev = cells[-1]
            if prev.value is not None:
                prev.value = abs(prev.value) * SIGN_WORDS[w.text.lower()]
            prev.text += f" {w.text}"
            continue
        prev = cells[-1] if cells else None
        if prev is not None and prev.value is not None and not prev.period:
            # "8,6 % (2023)" in a table of indicators: the sign and the year annotate the
            # value before them; "(2023)" is no negative amount of 2023.
            if (w.text == "%" or w.text.lower() in units) and not prev.unit:
                prev.unit, prev.text = w.text.lower(), f"{prev.text} {w.text}"
                continue
            if _YEAR_NOTE.fullmatch(w.text):
                prev.period, prev.text = w.text.strip("()"), f"{prev.text} {w.text}"
                continue
        value, unit = parse_cell(w.text) or (None, "")
        cells.append(_CellWord(w, value, unit, w.text))
    years_only = bool(cells) and all(_YEAR.match(c.text) for c in cells)
    if end - start == 0:
        return _Line(line, list(words), [], False)
    return _Line(line, words[:start], cells, years_only)


_OPEN_END = re.compile(
    r"(?:\b(?:met|van|voor|tot|in|op|per|en|of|de|het|een|aan|naar|bij|uit|over|te|door)"
    r"|[(,/]|[a-zà-ÿ]-)$",
    re.I,
)


_NOT_LABEL = re.compile(r"\d[.,]\d|€|\s-(\s|$)|[a-z][.!?]\s")  # amounts, dash cells, prose


def _continues(first: str, rest: str) -> bool:
    """``rest`` goes on from ``first``: a row name broken over lines ("... met" / "jeugdhulp",
    "(Network and" / "Information Security)")."""
    first = first.strip()
    # A label's first line is short text: no amounts, no row of dashes, no running prose.
    if not first or len(first) > 45 or _NOT_LABEL.search(first):
        return False
    return (
        rest[:1].islower()
        or rest.startswith("(")
        or rest.count(")") > rest.count("(")
        or bool(_OPEN_END.search(first))
        or first.count("(") > first.count(")")
    )


def _label_start(pending: list[str], label: str) -> list[str]:
    """The lines above a data row that begin its label, nearest last; none when the row's
    own label stands alone."""
    out: list[str] = []
    rest = label
    for line in reversed(pending):
        if not _continues(line, rest):
            break
        out.insert(0, line.strip())
        rest = line.strip()
    return out


def _is_prose(ln: _Line) -> bool:
    """Running text: many words at ordinary word spacing (a header row has wide gaps)."""
    words = ln.line.words
    if ln.is_data or len(words) < 9:
        return False
    wide = sum(b.x0 - a.x1 > 8 for a, b in zip(words, words[1:], strict=False))
    return wide < 0.25 * (len(words) - 1)


def _columns(rows: list[_Line]) -> list[tuple[float, float]]:
    """Column spans (x0, x1) from the cells of a table's rows."""
    spans: list[list[float]] = []  # [x0, x1, count]
    for c in sorted((c for r in rows for c in r.cells), key=lambda c: c.word.x1):
        w = c.word
        for s in spans:
            overlap = min(s[1], w.x1) - max(s[0], w.x0)
            if abs(s[1] - w.x1) <= 4 or overlap > 0.5 * min(s[1] - s[0], w.x1 - w.x0):
                s[0], s[1], s[2] = min(s[0], w.x0), max(s[1], w.x1), s[2] + 1
                break
        else:
            spans.append([w.x0, w.x1, 1])
    merged: list[list[float]] = []
    for s in sorted(spans):
        if merged and s[0] < merged[-1][1] - 1:
            merged[-1] = [merged[-1][0], max(merged[-1][1], s[1]), merged[-1][2] + s[2]]
        else:
            merged.append(list(s))
    need = 2 if len(rows) >= 3 else 1
    return [(s[0], s[1]) for s in merged if s[2] >= need]


def _assign(cells: list[_CellWord], cols: list[tuple[float, float]]) -> dict[int, _CellWord]:
    out: dict[int, _CellWord] = {}
    for c in cells:
        mid = (c.word.x0 + c.word.x1) / 2
        best, dist = None, 1e9
        for k, (x0, x1) in enumerate(cols):
            d = 0.0 if x0 - 3 <= mid <= x1 + 3 else min(abs(c.word.x1 - x1), abs(mid - x0))
            if d < dist:
                best, dist = k, d
        if best is not None and dist <= 12 and best not in out:
            out[best] = c
    return out


def _phrases(words: list[Word], gap: float = 5.0) -> list[list[Word]]:
    out: list[list[Word]] = []
    for w in words:
        if out and w.x0 - out[-1][-1].x1 <= gap:
            out[-1].append(w)
        else:
            out.append([w])
    return out


def _column_labels(header: list[_Line], cols: list[tuple[float, float]]) -> tuple[list[str], str]:
    """Stacked header words per column, and the header text left of the columns."""
    labels: list[list[str]] = [[] for _ in cols]
    left: list[str] = []
    region = cols[0][0] - 8
    for h in header:
        inside = [piece for w in h.line.words if w.x1 > region for piece in _unglue(w)]
        left += [w.text for w in h.line.words if w.x1 <= region]
        phrases = [piece for p in _phrases(inside) for piece in _split_years(p)]
        if not phrases:
            continue
        # 'Rekening 2023' / 'Begroting 2024' each over baten/lasten/saldo: every column takes
        # the nearest phrase; such group labels head equal groups of columns. Sparse labels
        # that do not divide the columns end the stacked labels of some columns only. Otherwise
        # ('na wijziging' over one column) a phrase labels the column nearest to it and the
        # columns it overlaps.
        grouped = 2 <= len(phrases) < len(cols) and len(cols) % len(phrases) == 0
        centre = [(p[0].x0 + p[-1].x1) / 2 for p in phrases]
        for k, (x0, x1) in enumerate(cols):
            mid = (x0 + x1) / 2
            near = min(range(len(phrases)), key=lambda n: abs(centre[n] - mid))
            p = phrases[near]
            own = min(
                range(len(cols)), key=lambda c: abs((cols[c][0] + cols[c][1]) / 2 - centre[near])
            )
            overlaps = p[0].x0 < x1 and p[-1].x1 > x0
            if grouped or own == k or overlaps:
                labels[k].append(" ".join(w.text for w in p))
    return [re.sub(r"(\w)- (\w)", r"\1\2", " ".join(x)) for x in labels], " ".join(left)


def _labels_beside_caption(line: _Line, region: float) -> bool:
    """A caption line that also carries column labels, set apart from the caption by a wide
    gap ("Overzicht voorzieningen      Begroting Vermeerde- ..."); a long caption that merely
    runs into the column area ("Tabel 6.2 - Recapitulatie alle programma's ...") does not."""
    left = [w for w in line.line.words if w.x1 <= region]
    inside = [w for w in line.line.words if w.x1 > region]
    return bool(left and inside) and inside[0].x0 - left[-1].x1 > 15


def _unglue(word: Word) -> list[Word]:
    """Header words the PDF set so close that they came out as one: "2024ringen" (the end of
    "Begroting 2024" and of "Vermeerde-ringen") or "BegrotingVermeerde-". Each piece gets its
    share of the word's width, by its number of characters."""
    parts = [p for p in _GLUED.split(word.text) if p]
    if len(parts) < 2:
        return [word]
    out, x, per_char = [], word.x0, (word.x1 - word.x0) / max(len(word.text), 1)
    for p in parts:
        out.append(Word(p, x, word.top, x + per_char * len(p), word.bottom))
        x += per_char * len(p)
    return out


_GLUED = re.compile(r"(?<=\d)(?=[a-zA-Z]{3})|(?<=[a-z])(?=[A-Z][a-z])")


def _split_years(phrase: list[Word]) -> list[list[Word]]:
    """A header phrase that holds two years belongs to two columns: "2024 ringen 2025" is the
    end of "Begroting 2024" and of "Vermeerderingen 2025", set close together. Each year
    ends a piece. Words broken with a hyphen ("Vermeerde-") are stacked cells, one each."""
    if len(phrase) > 1 and any(w.text.endswith("-") for w in phrase):
        return [[w] for w in phrase]  # "Begroting Vermeerde- Verminde-": one word per column
    if sum(bool(_YEAR_WORD.fullmatch(w.text)) for w in phrase) < 2:
        return [phrase]
    pieces: list[list[Word]] = [[]]
    for w in phrase:
        pieces[-1].append(w)
        if _YEAR_WORD.fullmatch(w.text):
            pieces.append([])
    return [p for p in pieces if p]


_YEAR_WORD = re.compile(r"(?:19|20)\d\d")


def page_tables(page: PageLayout) -> tuple[list[Table], set[int]]:
    """Tables on one page and the line numbers of their rows."""
    # a page footer ("Pagina 67 van 136") under a table is no row of it
    lines = [_split(ln) for ln in page.lines if not _FOOTER.match(ln.text)]
    tables: list[Table] = []
    used: set[int] = set()
    i = 0
    while i < len(lines):
        if not lines[i].is_data:
            i += 1
            continue
        # A block: data rows, with at most two label-only lines between them.
        start, end, gap = i, i, 0
        j = i + 1
        while j < len(lines):
            cur, prev = lines[j], lines[j - 1]
            if cur.line.top - prev.line.bottom > 30 or _is_prose(cur):
                break
            if cur.is_data:
                end, gap = j, 0
            elif cur.years_only:
                break
            else:
                gap += 1  # wrapped labels or a text column ('Specificatie werkzaamheden')
                if gap > 4 or len(cur.line.words) > 8:
                    break
            j += 1
        block = lines[start : end + 1]
        data = [ln for ln in block if ln.is_data]
        i = end + 1
        if len(data) < 2 and not any(len(d.cells) >= 2 for d in data):
            continue
        cols = _columns(data)
        # A leftmost 'column' of years only is the end of the labels ('Kadernota 2025 1.512').
        while len(cols) > 1:
            first = [
                c.text
                for r in data
                for c in r.cells
                if cols[0][0] - 3 <= (c.word.x0 + c.word.x1) / 2 <= cols[0][1] + 3
            ]
            if not first or not all(_YEAR.match(t) for t in first):
                break
            cols = cols[1:]
        if not cols:
            continue
        # Header: up to eight lines above the block (an investment table stacks six lines of
        # column words), stopping at prose or a wide gap.
        header: list[_Line] = []
        k = start - 1
        top = lines[start].line.top
        while k >= 0 and len(header) < 8:
            h = lines[k]
            # "Programma 5  gesteld  (peildatum ...": a number left of the columns is header
            # text, not a row of values
            in_columns = any(c.word.x1 >= cols[0][0] - 2 for c in h.cells if c.value is not None)
            # "Peilwaarde" / "(2023)": a bracketed year under a column label is header text
            in_columns = in_columns and not all(_YEAR_NOTE.fullmatch(c.text) for c in h.cells)
            if (h.is_data and in_columns) or top - h.line.bottom > 30:
                break
            if _CAPTION.match(h.line.text) and not h.years_only:
                if _labels_beside_caption(h, cols[0][0] - 8):
                    header.insert(0, h)  # "Overzicht ...   Begroting  Vermeerde-": labels too
                break  # the caption, unless it carries the column years itself
            if _is_prose(h):
                break
            header.insert(0, h)
            top = h.line.top
            k -= 1
        caption = ""
        for c in range(k, max(-1, k - 3), -1):
            text = lines[c].line.text
            if _CAPTION.match(text):
                caption = text
                break
        # Header lines wholly left of the first column ("Rest/verbouw", "Raadhuis De") may
        # begin the first row's label; they stay header when the row's label stands alone.
        first_label: list[str] = []
        for h in reversed(header):
            if not all(w.x1 < cols[0][0] - 2 for w in h.line.words):
                break
            first_label.insert(0, h.line.text)
        first_row = next((ln for ln in block if ln.is_data), None)
        first_wrap = list(first_label)  # the first row's name, should the label column wrap
        if first_label and first_row is not None:
            own = " ".join(w.text for w in first_row.label)
            first_label = _label_start(first_label, own) if own else first_label[-1:]
            header = header[: len(header) - len(first_label)]
        col_labels, left = _column_labels(header, cols)
        after_lines = []  # 'Bedragen x € 1.000' under the table; not the next table's caption
        for ln in lines[end + 1 : end + 6]:
            if _CAPTION.match(ln.line.text):
                break
            after_lines.append(ln.line.text)
        after = " ".join(after_lines)

        heading = " ".join([left, " ".join(h.line.text for h in header), after])
        table = Table(
            columns=col_labels,
            caption=" ".join(x for x in (caption, left) if x),
            heading=heading,
            page=page.number,
            ocr=page.ocr,
            spans=cols,
        )
        pending = first_label[-3:]  # text lines since the last data row: a label's start
        label_col = cols[0][0] - 2
        # row index -> label-column lines just above it
        before: dict[int, list[str]] = {0: first_wrap} if first_wrap and not first_label else {}
        for ln in block:
            if not ln.is_data:
                pending = [*pending[-2:], ln.line.text]
                if all(w.x1 < label_col for w in ln.line.words):
                    before.setdefault(len(table.rows), []).append(ln.line.text)
                continue
            assigned = _assign(ln.cells, cols)
            if table.rows and assigned and all(
                _YEAR_NOTE.fullmatch(c.text) for c in assigned.values()
            ):
                _year_notes(table.rows[-1], ln, assigned)
                continue
            stray = [c for c in ln.cells if c not in assigned.values()]
            label_words = [w.text for w in ln.label]
            label_words += [c.text for c in stray if c.word.x1 < cols[0][0]]
            label = " ".join(label_words).strip(" .:").lstrip("-–•* ").strip()  # "- Banksaldi"
            label = re.sub(r"(\s\.)+$", "", label)
            if not label and not pending and table.rows and _fills_gaps(table.rows[-1], assigned):
                continue  # "12.367" a little below its row, in the column that row left empty
            if not label and pending:
                label = pending[-1].strip(" .:")
            elif label and pending and not table.rows:
                # "% inwoners met" / "schuldenproblematiek 6,9 5,9": the first row's name began
                # on the lines above it. (Lines between later rows are not read so: on pages of
                # running text they joined other rows' names.)
                label = " ".join([*_label_start(pending, label), label])
            pending = []
            cells: list[Cell | None] = [None] * len(cols)
            for k2, c in assigned.items():
                cells[k2] = _cell(c)
            if not any(c is not None and c.value is not None for c in cells):
                # "% jongeren tot 18 jaar met": a number in the label column is no row
                pending = [*pending[-2:], ln.line.text]
                continue
            group = ""
            if table.rows and re.fullmatch(r"(?i)(totaal\s+)?(baten|lasten|saldo)", label):
                prev = table.rows[-1]
                group = prev.group or re.sub(r"(?i)\s+(baten|lasten|saldo)$", "", prev.label)
            table.rows.append(
                Row(label, cells, ln.line.number, ln.line.text, page.number, group=group)
            )
            used.add(ln.line.number)
        if not _wrapped_labels(table, before):
            _headings(table, before)
        if table.rows:
            tables.append(table)
    _page_scale(page, tables)
    return tables, used


_ENDS_ROW = re.compile(r"^\s*[a-zà-ÿ(]")


_HEADING = re.compile(r"^[A-ZÀ-Ý]")
_SUB_NUMBERED = re.compile(r"^\d+[a-z]\.")  # "5b. Overschrijding ...": a row left empty


def _headings(table: Table, before: dict[int, list[str]]) -> None:
    """In a table whose rows stand on one line, the label line right above a row, without
    values of its own, heads it: "Materiële vaste activa" above "Volgens staat C", "Eigen
    Vermogen" above "Algemene reserves". Only the row right below: where the group ends the
    layout does not say. A line that begins in lower case or with a bracket ends a wrapped
    name, and a sub-numbered line is a row without values: neither heads anything."""
    for i, lines in before.items():
        line = lines[-1].strip() if lines else ""
        row = table.rows[i] if i < len(table.rows) else None
        if row is None or not _HEADING.match(line) or _SUB_NUMBERED.match(line) \
                or len(line.split()) > 6 or fold(line) == fold(row.label):
            continue
        if row.label[:1].islower():  # "Totaal" / "onderhoudsegalisatievoorzieningen 2.805":
            row.label = f"{line} {row.label}"  # one name on two lines
            continue
        if re.match(r"(?i)(sub)?tota(a)?l", row.label):
            continue  # a total line sums the lines above it; it is no item of a group
        said = set(words(line))
        title = re.split(r"\(|\bTabel\b", table.caption, flags=re.IGNORECASE)
        title = next((t for t in title if t.strip(" -–0123456789.")), "")  # "Tabel 7.3 - X (..."
        if i == 0 and not title.strip():
            continue  # above the first row of a table without a caption: its title line
        if len(said & set(words(title))) * 2 >= len(said):
            continue  # the table's own title line ("Berekening kostendekkendheid X"): every
            # row's, not the first row's alone
        row.heading = line.strip(" :")


def _wrapped_labels(table: Table, before: dict[int, list[str]]) -> bool:
    """A narrow label column that wraps most rows' names ("Investeringen" / "Water  90.000 ..."):
    the label lines above each later row begin its name. Only when most rows wrap, since in a
    table whose rows stand on one line, a line of label text above a row heads a group."""
    later = range(1, len(table.rows))
    wrapped = [i for i in later if before.get(i)]
    if len(wrapped) < 3 or len(wrapped) < 0.5 * len(later):
        return False
    # The values stand on the name's last line only when names visibly run on into the value
    # line ("Ecologische" / "verbindingszone  634.020", "Renovatie en" / "nieuwbouw" /
    # "Schoolgebouw  271.379"); where the values stand on the first
    # line ("Uitvoeringskosten  22" / "Energiestrategie 2023-2026"), the lines below a row
    # end its name and nothing here applies.
    runs_on = sum(
        table.rows[i].label[:1].islower() or any(ln[:1].islower() for ln in before[i])
        for i in wrapped
    )
    if runs_on < max(2, 0.25 * len(wrapped)):
        return False
    for i in [0, *wrapped] if before.get(0) else wrapped:
        lines = before[i][-3:]
        # "(eenpersoonshuishouden)" or "lasten" under a row ends that row's name
        while i and lines and _ENDS_ROW.match(lines[0]):
            prev = table.rows[i - 1]
            prev.label = f"{prev.label} {lines.pop(0).strip()}"
        row = table.rows[i]
        row.label = " ".join([*lines, row.label]).strip()
    return True


def _fills_gaps(row: Row, assigned: dict[int, _CellWord]) -> bool:
    """A line of values without a name whose values stand only in columns the row above left
    empty (a value set a little lower than its row's other values) joins that row."""
    if not assigned or any(k >= len(row.cells) or row.cells[k] is not None for k in assigned):
        return False
    for k, c in assigned.items():
        row.cells[k] = _cell(c)
    return True


def _cell(c: _CellWord) -> Cell:
    """A table cell from a cell word, with the word's box as its provenance."""
    w = c.word
    return Cell(c.value, c.text, (w.x0, w.top, w.x1, w.bottom), c.unit, period=c.period)


def _year_notes(row: Row, ln: _Line, assigned: dict[int, _CellWord]) -> None:
    """"restafval per  205 kg ..." / "inwoner  (2023)": a line of bracketed years under a row
    ends that row's name and dates the values above each year (a peiljaar); a year in
    brackets is no negative amount."""
    words = " ".join(w.text for w in ln.label).strip()
    if words:
        row.label = f"{row.label} {words}".strip()
    for k, c in assigned.items():
        cell = row.cells[k] if k < len(row.cells) else None
        if cell is not None and cell.value is not None and not cell.period:
            row.cells[k] = Cell(cell.value, cell.text, cell.bbox, cell.unit, cell.note,
                                c.text.strip("()"))


def _page_scale(page: PageLayout, tables: list[Table]) -> None:
    """A table whose own heading states no scale takes the page's one scale statement
    ("Bedragen x € 1.000" above a layout the header detection did not reach, or OCR'd)."""
    statements = [ln.text for ln in page.lines if scale_of(ln.text) is not None]
    scales = {scale_of(t) for t in statements}
    if len(scales) != 1:
        return

    def own(table: Table) -> str:
        return f"{table.caption}\n{table.heading}\n{' '.join(table.columns)}"

    if any(scale_of(own(t)) is not None for t in tables):
        # The statement sits in another table's own heading ("Tabel 3.3 ... bedragen x €
        # 1.000"): it is that table's, not the one above it in whole euros.
        return
    for table in tables:
        table.heading = f"{table.heading} {statements[0]}"


def pdf_figures(
    pages: list[PageLayout],
    source: str,
    entity: str,
    profile: Profile | None = None,
    kind: str = "",
) -> tuple[list[Figure], set[int]]:
    """Figures from the tables of every page, and the line numbers the tables cover.
    ``kind`` (the catalogue's document kind) gives columns that name no scenario their
    scenario: an accounts' "31 december 2019" is realised."""
    default_scenario = terms()["kind_scenarios"].get(kind.lower(), "")
    out: list[Figure] = []
    used: set[int] = set()
    last: Table | None = None  # the previous page's last table
    blocks: BlockTable | None = None  # the previous page's block table (a risk table)
    for page in pages:
        found = block_tables(page, blocks)
        blocks = found[-1] if found else None
        block_lines = {n for b in found for n in b.lines}
        for b in found:
            out += figures_from_table(b.table, source, entity, profile,
                                      default_scenario=default_scenario)
        used |= block_lines
        tables, rows = page_tables(page)
        # a table read line by line over a block table's lines mixes its rows' words
        tables = [t for t in tables if not {r.line for r in t.rows} & block_lines]
        used |= rows
        if tables and last is not None:
            _continue_table(tables[0], last)
        for t in tables:
            out += figures_from_table(t, source, entity, profile,
                                      default_scenario=default_scenario)
        last = tables[-1] if tables else None
    return out, used


def _continue_table(table: Table, previous: Table) -> None:
    """A table that runs on from the previous page without repeating its header: columns at the
    same x-positions under no header words take the previous table's column labels, caption
    and heading (its scale)."""
    if any(table.columns) or not any(previous.columns) or _CAPTION.match(table.caption):
        return  # its own caption ("Tabel 7.8 ..."): a table of its own, not a continuation
    if len(table.spans) != len(previous.spans):
        return
    if any(abs(a[1] - b[1]) > 8 for a, b in zip(table.spans, previous.spans, strict=True)):
        return
    table.columns = list(previous.columns)
    table.caption = previous.caption
    table.heading = f"{previous.heading} {table.heading}".strip()
