"""Extract numbers (money, counts, percentages) from the corpus texts into a figures store.

Why a separate store: council questions are mostly about money, and a wrong number is worse than
none. Every :class:`~core.models.Figure` keeps the verbatim quote and the 1-based line it
came from, so answers can cite it and tests can re-check it against the source file.

Two origins:

* ``parser`` – :func:`extract_figures` reads the flattened tables (a row of years, then rows such
  as ``Budget 9.731.480 9.030.090 ...``) and money amounts / percentages / fte in running text.
* ``curated`` – :func:`load_curated` reads ``corpus/figures.yaml`` for what a parser cannot label
  reliably (measure names in multi-line table cells, non-year column headers, per-inhabitant
  columns per control group). Every curated quote is verified against its line.

:func:`write_store` writes both to one SQLite table; curated entries win over parser duplicates.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from core.models import Figure
from core.numbers import _NUM, YEAR_RE, Amount, parse_amounts, parse_number
from core.profile import Profile, load_profile
from core.text import fold
from ingest.tables import (
    figure_id,  # noqa: F401 - re-exported
    make_figure,
    metric_of,
    scale_of,
    scenario_of,
    taakveld_of,
    terms,
)
from storage.figure_store import dedupe


def values_in(quote: str) -> list[float]:
    """Values a quote supports: each token as written and table cells (``- N`` negatives)."""
    vals = [a.value for a in parse_amounts(quote)]
    cells = split_row(quote)[1]
    vals += [c for c in cells if c is not None]
    vals += [abs(v) for v in vals]
    return vals


# --------------------------------------------------------------------------------------------
# Tables
# --------------------------------------------------------------------------------------------

_CELL_RE = re.compile(rf"(?<![\w.,])(-\s?)?({_NUM})(?:,-)?\s?€?(?![\w.,])|(?<![\w])-(?=\s|$)")
_TRAIL_WORDS = {"prognose", "begroting", "realisatie"}


def split_row(line: str) -> tuple[str, list[float | None], dict[int, str]]:
    """Split a flattened table row into (label, cells, notes per cell index).

    A lone ``-`` is an empty cell unless reading it as a minus sign gives the same number of cells
    as the row before a negative number: ``- 210.925 - 315.947`` are two negatives. Callers that
    know the column count use :func:`row_cells`.
    """
    cells, label, notes = row_cells(line, None)
    return label, cells, notes


def row_cells(line: str, n_cols: int | None) -> tuple[list[float | None], str, dict[int, str]]:
    """Cells at the end of ``line``; with ``n_cols`` pick the dash reading that fits the columns."""
    text = line.rstrip()
    notes: dict[int, str] = {}
    # Peel trailing words like 'prognose' that annotate the cell before them.
    words = text.split()
    tail_note: list[tuple[int, str]] = []
    tokens: list[str] = []
    label_words: list[str] = []
    for w in reversed(words):
        bare = w.strip().lower()
        if bare in _TRAIL_WORDS and not label_words:
            tail_note.append((len(tokens), bare))
            continue
        if re.fullmatch(rf"-?({_NUM})(,-)?€?|-|€", w) and not label_words:
            tokens.append(w)
        else:
            label_words.append(w)
    tokens.reverse()
    label_words.reverse()
    label = " ".join(label_words).strip()
    tokens = [t for t in tokens if t != "€"]

    def read(as_minus: bool) -> list[float | None]:
        cells: list[float | None] = []
        pending_minus = False
        for t in tokens:
            if t == "-":
                if as_minus:
                    pending_minus = True
                else:
                    cells.append(None)
                continue
            raw = t.rstrip("€").removesuffix(",-")
            neg = raw.startswith("-")
            value, _ = parse_number(raw.lstrip("-"))
            cells.append(-value if (neg or pending_minus) else value)
            pending_minus = False
        if pending_minus:
            cells.append(None)
        return cells

    minus, empty = read(True), read(False)
    if n_cols is None:
        cells = (
            minus if any(c is not None and c < 0 for c in minus) and None not in minus else empty
        )
    elif len(minus) == n_cols and None not in minus:
        cells = minus
    else:
        cells = empty
    # A trailing note word ('prognose') annotates the last cell of the row.
    if tail_note and cells:
        notes[len(cells) - 1] = tail_note[-1][1]
    # The footnote digit glued to a value is dropped by parse_number above.
    return cells, label, notes


def is_year_header(line: str) -> list[str] | None:
    """Years of a header row (``2015 2016 2017 2018 2019``), strictly increasing, else None."""
    toks = line.split()
    if len(toks) < 2 or not all(re.fullmatch(r"20[0-3]\d", t) for t in toks):
        return None
    years = [int(t) for t in toks]
    if any(b <= a for a, b in zip(years, years[1:], strict=False)):
        return None
    return toks


def _table_figures(lines: list[str], source: str, entity: str) -> tuple[list[Figure], set[int]]:
    figures: list[Figure] = []
    used: set[int] = set()
    for i, line in enumerate(lines):
        years = is_year_header(line)
        if not years:
            continue
        above = [x.strip() for x in lines[max(0, i - 6) : i] if x.strip()]
        caption = " ".join(x for x in above[-2:] if len(x) < 90)
        cap_metric = metric_of(caption)
        scale = scale_of(caption) or 1.0
        block_start = i + 1
        gap = 0
        for j in range(i + 1, min(len(lines), i + 90)):
            row = lines[j]
            if not row.strip():
                continue
            if is_year_header(row):
                break
            cells, label, notes = row_cells(row, len(years))
            if len(cells) != len(years):
                gap += 1
                if gap > 10:
                    break
                continue
            gap = 0
            if all(c is None for c in cells):  # a row of '-': no figures, but it ends a block
                block_start = j + 1
                continue
            label = label.lstrip("•").strip()
            if not label:  # value-only row: the label is the first text line above it
                above = [x.strip() for x in lines[block_start:j] if x.strip()]
                label = above[0] if above else ""
                if label.endswith("-") and len(above) > 1:  # 'Samenhang onderwijs -' / 'jeugdhulp'
                    label = f"{label} {above[1]}"
            label = " ".join(label.split()[:6]).rstrip(":")
            low = label.lower()
            row_metric = metric_of(label)
            if row_metric:
                metric, subject = row_metric, ""
            elif cap_metric:
                metric, subject = cap_metric, label
            else:
                block_start = j + 1
                continue
            code, _ = taakveld_of(label)
            note = scenario_of(caption) or terms()["metric_scenarios"].get(metric, "")
            for k, (year, cell) in enumerate(zip(years, cells, strict=False)):
                if cell is None:
                    # A '-' among the row's amounts is nil in a Dutch budget table: a sum
                    # over the years counts it as 0 instead of missing the year.
                    cell = 0.0
                figures.append(
                    make_figure(
                        metric=metric,
                        entity=entity,
                        subject=subject,
                        period=year,
                        value=cell * scale,
                        unit="EUR",
                        source=source,
                        line=j + 1,
                        quote=row.strip(),
                        note=notes.get(k, note),
                        scenario=notes.get(k, note),
                        row_label=label,
                        col_label=year,
                        taakveld=code,
                        scale=scale,
                    )
                )
            used.add(j)
            block_start = j + 1
            if low.startswith("totaal"):
                break
    return figures, used


# --------------------------------------------------------------------------------------------
# Running text
# --------------------------------------------------------------------------------------------

# Keyword (regex on the lower-cased line) -> metric, checked in order; first hit wins.
TEXT_METRICS: list[tuple[str, str]] = [
    (r"transformatiefonds|gereserveerd", "transformatiefonds"),
    (r"per inwo", "uitgaven_per_inwoner"),
    (r"per cli[eë]nt", "kosten_per_client"),
    (r"taakstelling", "taakstelling"),
    (r"inspanningsverplichting", "inspanningsverplichting"),
    (r"besparing|besparen|bespaard", "besparing"),
    (r"prognose|positiever|afgeraamd|resultaat", "prognose_resultaat"),
    (r"omzet", "omzet"),
    (r"\blasten\b", "lasten"),  # "(hogere lasten 2025 € 40.000, 2026 € 114.000)"
    (r"kosten|geraamd|begrote", "kosten"),
    (r"budget", "budget"),
    (r"tekort", "tekort"),
    (r"overschrijding", "overschrijding"),
]


def _text_metric(line: str, unit: str) -> str:
    low = line.lower()
    if unit == "fte":
        return "fte"
    if unit == "%":
        return "percentage"
    for pat, metric in TEXT_METRICS:
        if re.search(pat, low):
            return metric
    return "bedrag"


def _period_for(line: str, a: Amount, prev_line: str) -> str:
    """Year of an amount: 'X in 2021' after it, else the last year before it (on this line or,
    failing that, the line above: 'voor 2021' / '€ 200.000')."""
    after = re.match(r"\s*(?:,-)?\)?\s*(?:in|over|voor)\s+(20[0-3]\d)\b", line[a.end :])
    if after:
        return after.group(1)
    years = YEAR_RE.findall(line[: a.start])
    if years:
        return years[-1]
    years = YEAR_RE.findall(prev_line)
    return years[-1] if years else ""


def _named_entity(profile: Profile | None, clause: str) -> str | None:
    """The last government the clause before an amount names ("landelijk is dit 3%")."""
    if profile is None:
        return None
    named = profile.mentioned(clause)
    if not named:
        return None
    folded = fold(clause)
    return max(named, key=lambda n: max(folded.rfind(fold(a)) for a in _aliases(profile, n)))


def _aliases(profile: Profile, name: str) -> tuple[str, ...]:
    return next((g.names() for g in profile.governments() if g.name == name), (name,))


def _text_figures(
    lines: list[str], source: str, entity: str, skip: set[int], profile: Profile | None = None
) -> list[Figure]:
    figures: list[Figure] = []
    prev_line = ""
    for i, line in enumerate(lines):
        if i in skip or not line.strip():
            continue
        amounts = parse_amounts(line)
        above, prev_line = prev_line, line
        for k, a in enumerate(amounts):
            if YEAR_RE.fullmatch(a.text.strip()):
                continue
            after = line[a.end : a.end + 14].lower()
            unit = a.unit
            counted = re.match(r"\s*(inwoners|aanbieders|medewerkers)", after)
            before = line[max(0, a.start - 5) : a.start].lower()
            if re.search(r"(?:\bx|\*)\s*€?\s*$", before):
                continue  # "(bedragen x € 1.000)", OCR's "* €": a table's scale, no amount
            if counted and re.search(r"per\s$|[-–]\s?$|tot\s$", before):
                continue  # 'per 1000 inwoners', '25.000-50.000 inwoners' (a control group)
            if counted and re.match(r"\s*\w+\s+per\s", line[a.end : a.end + 40].lower()):
                continue  # '220 inwoners per vierkante kilometer': a density, not a head count
            rest = line[a.end :].strip()
            next_line = lines[i + 1] if i + 1 < len(lines) else ""
            if (
                a.unit == "EUR"
                and a.value < 100
                and not rest
                and re.match(r"\s*(miljoen|miljard)", next_line)
            ):
                continue  # '€1,2' / 'miljoen' split over two lines: the quote cannot carry it
            if counted and (a.value < 10 or not line[: a.start].strip()):
                continue  # '2 aanbieders', heading '10 Aanbieders': not a figure worth storing
            if counted and not a.explicit:
                metric = counted.group(1)
                unit = "aantal"
            elif a.explicit:
                metric = _text_metric(line, unit)
            else:
                continue
            prev_end = amounts[k - 1].end if k else 0
            ent = _named_entity(profile, line[prev_end : a.start]) or entity
            # "(hogere lasten 2025 € 40.000, ...)" under a heading or above the sentence that
            # says what it is about: the neighbouring lines are the amount's context
            heading = above.strip() if len(above.strip()) < 90 and not re.search(
                r"[.;:]$", above.strip()) else ""  # a heading, not the previous item's end
            after_lines = [x.strip() for x in lines[i + 1 : i + 4] if x.strip()][:2]
            context = " ".join([heading, *after_lines]).strip()[:300]
            figures.append(
                make_figure(
                    metric=metric,
                    entity=ent,
                    period=_period_for(line, a, above),
                    value=a.value,
                    unit=unit,
                    source=source,
                    line=i + 1,
                    quote=line.strip(),
                    note="",
                    caption=context,
                )
            )
    return figures


# --------------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------------


def owner_entity(owner: str, profile: Profile | None) -> str:
    """A document owner as a government name the profile knows ("Regio X" -> "X")."""
    if profile is None or not owner:
        return owner
    bare = re.sub(r"^(?:[Jj]eugd)?[Rr]egio\s+", "", owner)
    return profile.canonical(owner) or profile.canonical(bare) or owner


def extract_figures(
    text: str,
    source: str,
    owner: str,
    profile: Profile | None = None,
    pages: list | None = None,
    kind: str = "",
) -> list[Figure]:
    """Parser figures of one document (tables first, then explicit amounts in running text).

    ``owner`` is whose document it is; a figure is the owner's unless its table or sentence
    names another government. An unknown owner stays empty: answers then name the document.
    ``pages`` (PDF layout from :mod:`ingest.pdf_layout`) switches tables to the page layout:
    cells keep their column, page and bounding box. ``kind`` is the catalogue's document kind
    (an accounts' date-only columns are realised figures).
    """
    lines = text.split("\n")
    entity = owner_entity(owner, profile)
    if pages:
        from ingest.pdf_tables import pdf_figures

        table, used_numbers = pdf_figures(pages, source, entity, profile, kind)
        used = {n - 1 for n in used_numbers}
        page_of = {ln.number: (p.number, p.ocr) for p in pages for ln in p.lines}
        running = _text_figures(lines, source, entity, used, profile)
        for f in running:
            f.page, f.ocr = page_of.get(f.line, (None, False))
        return table + running
    table, used = _table_figures(lines, source, entity)
    return table + _text_figures(lines, source, entity, used, profile)


class CuratedFigureError(ValueError):
    """A curated entry does not match its source (quote not on its line, value not in quote)."""


def _curated_entity(
    value: object, source: str, owners: dict[str, str], profile: Profile | None
) -> tuple[str, str]:
    """(entity, subject) of a curated entry: a government name is the entity, anything else
    (a measure, a domain) is the subject of a figure that belongs to the document's owner."""
    owner = owner_entity(owners.get(source, ""), profile)
    name = str(value or "").strip()
    if not name:
        return owner, ""
    known = profile.canonical(name) if profile is not None else None
    return (known, "") if known else (owner, name)


def load_curated(
    path: Path,
    texts: dict[str, str],
    owners: dict[str, str] | None = None,
    profile: Profile | None = None,
) -> list[Figure]:
    """Curated figures for the sources in ``texts``; each quote is checked against its line."""
    owners = owners or {}
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    out: list[Figure] = []
    for n, entry in enumerate(data.get("figures", []) or []):
        source = entry["source"]
        if source not in texts:
            continue
        lines = texts[source].split("\n")
        line, quote = int(entry["line"]), str(entry["quote"])
        _check_quote(path, f"figures[{n}]", lines, source, line, quote)
        value = float(entry["value"])
        if not any(
            abs(v - value) < 1e-6 or abs(abs(v) - abs(value)) < 1e-6 for v in values_in(quote)
        ):
            raise CuratedFigureError(
                f"{path}: figures[{n}] waarde {value} staat niet in citaat {quote!r} "
                f"({source}:{line})"
            )
        entity, subject = _curated_entity(entry.get("entity"), source, owners, profile)
        out.append(
            make_figure(
                metric=str(entry["metric"]),
                entity=entity,
                subject=subject,
                period=str(entry.get("period", "")),
                value=value,
                unit=str(entry.get("unit", "EUR")),
                source=source,
                line=line,
                quote=quote,
                note=str(entry.get("note", "")),
                origin="curated",
            )
        )
    for n, table in enumerate(data.get("tables", []) or []):
        if table["source"] in texts:
            out += _curated_table(path, n, table, texts[table["source"]], owners, profile)
    return out


def _check_quote(path: Path, where: str, lines: list[str], source: str, line: int, quote: str):
    if not 1 <= line <= len(lines) or quote not in lines[line - 1]:
        got = lines[line - 1].strip() if 1 <= line <= len(lines) else "<buiten bestand>"
        raise CuratedFigureError(
            f"{path}: {where} citaat {quote!r} staat niet op regel {line} van {source} "
            f"(regel bevat: {got!r})"
        )


def _curated_table(
    path: Path, n: int, table: dict, text: str, owners: dict[str, str], profile: Profile | None
) -> list[Figure]:
    """A table spec: per row line an entity (or metric), per column metric/period/note/entity."""
    lines = text.split("\n")
    source = table["source"]
    cols: list[dict] = table["columns"]
    base = {k: table[k] for k in ("metric", "unit", "note", "period", "entity") if k in table}
    out: list[Figure] = []
    for row in table["rows"]:
        line = int(row["line"])
        _check_quote(path, f"tables[{n}]", lines, source, line, str(row.get("quote", "")))
        raw = lines[line - 1]
        cells, _, notes = row_cells(raw, len(cols))
        if len(cells) != len(cols):
            raise CuratedFigureError(
                f"{path}: tables[{n}] regel {line} van {source} heeft {len(cells)} cellen, "
                f"verwacht {len(cols)}: {raw.strip()!r}"
            )
        filled = any(c is not None for c in cells)
        for k, (col, cell) in enumerate(zip(cols, cells, strict=False)):
            if cell is None and filled:
                cell = 0.0  # a '-' beside the row's amounts is nil, as in the parsed tables
            if cell is None:
                continue
            spec = {
                **base,
                **{kk: v for kk, v in row.items() if kk not in ("line", "quote")},
                **col,
            }
            entity, subject = _curated_entity(spec.get("entity"), source, owners, profile)
            out.append(
                make_figure(
                    metric=str(spec["metric"]),
                    entity=entity,
                    subject=subject,
                    period=str(spec.get("period", "")),
                    value=cell,
                    unit=str(spec.get("unit", "EUR")),
                    source=source,
                    line=line,
                    quote=raw.strip(),
                    note=notes.get(k, str(spec.get("note", ""))),
                    origin="curated",
                )
            )
    return out



def build_figures(corpus_dir: Path, profile_path: Path | None = None) -> list[Figure]:
    """Convenience for tests and scripts: parser + curated figures for every ``*.txt`` in a dir,
    with owners from the dir's ``documents.yaml`` and its profile."""
    from ingest.metadata import document_owner, infer_owner, load_documents_yaml

    corpus_dir = Path(corpus_dir)
    profile = load_profile(str(profile_path or corpus_dir / "profile.yaml"))
    catalogue = load_documents_yaml(corpus_dir / "documents.yaml")
    texts = {p.name: p.read_text(encoding="utf-8") for p in sorted(corpus_dir.glob("*.txt"))}
    layouts: dict[str, list] = {}
    for pdf in sorted(corpus_dir.glob("*.pdf")):
        from ingest.loaders import load

        doc = load(pdf)
        texts[pdf.name], layouts[pdf.name] = doc.text, doc.pages
    owners = {
        n: document_owner(catalogue.get(n, {})) or infer_owner(t) for n, t in texts.items()
    }
    figs: list[Figure] = []
    for name, text in texts.items():
        kind = str(catalogue.get(name, {}).get("kind", ""))
        figs += extract_figures(text, name, owners[name], profile, layouts.get(name), kind)
    curated = corpus_dir / "figures.yaml"
    if curated.exists():
        figs += load_curated(curated, texts, owners, profile)
    return dedupe(figs)
