"""Tables -> figures, the same way for every source: flattened text, PDF layout or OCR.

A reader (``ingest/figures.py`` for text, ``ingest/pdf_tables.py`` for PDF pages) finds a table's
column labels, rows and cells; this module turns each non-empty cell into a
:class:`~core.models.Figure` with Dutch budget conventions applied:

* metric from the column label, the row label or the caption (``data/figure_terms.yaml``:
  lasten, baten, saldo, resultaat, reserve, budget, uitgaven, ...), else ``bedrag`` for money;
* scenario (begroting, begroting_na_wijziging, realisatie, prognose, raming) and period from the
  column label ("Rekening 2023", "Begroting na wijziging 2024");
* scale from the table heading ("bedragen x € 1.000") applied to the value;
* Iv3 taakveld code from the row label (code or known name, ``data/iv3_taakvelden.yaml``);
* entity = a government the column or row names, else the document owner (never a default);
  subject = what the row is about (programme, taakveld, measure).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from core.models import Figure
from core.profile import Profile
from core.text import fold

DATA = Path(__file__).resolve().parent.parent / "data"
NIL = {"-", "–", "—", "−"}  # a dash cell: nil (n.v.t. and x are no amount at all)


@dataclass
class Cell:
    value: float | None
    text: str
    bbox: tuple[float, float, float, float] | None = None
    unit: str = ""  # '%' or 'EUR' when the cell itself says so
    note: str = ""  # scenario word written after the cell ('prognose')
    period: str = ""  # a year written after the value ('8,6 (2023)'), over the column's


@dataclass
class Row:
    label: str
    cells: list[Cell | None]
    line: int
    quote: str
    page: int | None = None
    group: str = ""  # label of the row above that 'Lasten'/'Saldo' rows belong to (a taakveld)
    heading: str = ""  # a label line without values right above ("Materiële vaste activa")


@dataclass
class Table:
    columns: list[str]
    rows: list[Row] = field(default_factory=list)
    caption: str = ""
    heading: str = ""  # text around the table: scale and unit cues
    page: int | None = None
    ocr: bool = False
    spans: list[tuple[float, float]] = field(default_factory=list)  # PDF column x-extents


# --------------------------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def terms() -> dict[str, Any]:
    data = yaml.safe_load((DATA / "figure_terms.yaml").read_text(encoding="utf-8")) or {}
    return {
        "metrics": [(re.compile(p), m) for p, m in data.get("metrics", [])],
        "scenarios": [(re.compile(p), s) for p, s in data.get("scenarios", [])],
        "scales": [(re.compile(p), float(s)) for p, s in data.get("scales", [])],
        "metric_scenarios": dict(data.get("metric_scenarios") or {}),
        "kind_scenarios": {str(k): str(v) for k, v in (data.get("kind_scenarios") or {}).items()},
        "money_metrics": frozenset(data.get("money_metrics") or ()),
        "value_units": frozenset(str(u) for u in data.get("value_units") or ()),
    }


@lru_cache(maxsize=1)
def taakvelden() -> dict[str, str]:
    """Iv3 code -> name, the 2026 list plus the 2017 codes older documents use."""
    data = yaml.safe_load((DATA / "iv3_taakvelden.yaml").read_text(encoding="utf-8")) or {}
    out = {str(k): str(v) for k, v in (data.get("taakvelden") or {}).items()}
    for code, old in (data.get("oude_codes") or {}).items():
        out.setdefault(str(code), str(old["naam"]))
    return out


@lru_cache(maxsize=1)
def _taakveld_names() -> dict[str, str]:
    return {_name_key(n): c for c, n in taakvelden().items()}


def _name_key(name: str) -> str:
    return re.sub(r"[^a-z0-9+]+", " ", fold(name)).strip()


def metric_of(text: str) -> str | None:
    low = fold(text)
    return next((m for pat, m in terms()["metrics"] if pat.search(low)), None)


def scenario_of(text: str) -> str | None:
    low = fold(text)
    return next((s for pat, s in terms()["scenarios"] if pat.search(low)), None)


def scale_of(text: str) -> float | None:
    low = fold(text).replace("\u00a0", " ")
    return next((s for pat, s in terms()["scales"] if pat.search(low)), None)


def taakveld_of(label: str) -> tuple[str, str]:
    """(Iv3 code, label without the code) for a row label with a known code or taakveld name."""
    m = re.match(r"^\s*(?:taakveld\s+)?(\d{1,2}\.\d{1,3})\b[\s.:–-]*(.*)$", label, re.I)
    if m and m.group(1) in taakvelden():
        return m.group(1), m.group(2).strip() or taakvelden()[m.group(1)]
    code = _taakveld_names().get(_name_key(label))
    return (code or "", label)


def period_of(text: str) -> str:
    rng = re.search(r"\b(20[0-3]\d)\s?[-–/]\s?(20[0-3]\d)\b", text)
    years = re.findall(r"\b(?:19[89]\d|20[0-4]\d)\b", text)
    if len(set(years)) == 1:
        return years[0]
    if rng:
        return f"{rng.group(1)}-{rng.group(2)}"
    return years[-1] if years else ""


def caption_subject(caption: str) -> str:
    """The programme a caption names ('Baten en lasten P1 Veiligheid' -> 'P1 Veiligheid')."""
    m = re.search(r"\b((?:P|[Pp]rogramma\s?)\d+\.?\s+[A-Z][^()]*?)\s*(?:\(|$)", caption)
    return m.group(1).strip() if m else ""


# --------------------------------------------------------------------------------------------
# Figures
# --------------------------------------------------------------------------------------------

_BARE_METRIC_LABEL = re.compile(
    r"^(totaal\s+)?(baten|lasten|saldo|budget|uitgaven|resultaat|iu|integratie.?uitkering)$"
)


_NOT_MONEY = re.compile(r"\b(?:kg|kilo|kilogram|km|ton|aantal|procent|per\s+1\.?000)\b|/\s*inwoner")


def figure_id(f: Figure) -> str:
    """Stable id: the same figure gets the same id on every ingest run."""
    key = f"{f.source}|{f.line}|{f.metric}|{f.entity}|{f.period}|{f.value:.4f}|{f.note}"
    if f.bbox:
        key += f"|{f.page}|{f.bbox}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


def make_figure(**kw: Any) -> Figure:
    fig = Figure(**kw)
    fig.id = figure_id(fig)
    return fig


def _named(profile: Profile | None, text: str) -> str | None:
    if profile is None or not text:
        return None
    named = profile.mentioned(text)
    return named[0] if len(named) == 1 else None


def figures_from_table(
    table: Table,
    source: str,
    entity: str,
    profile: Profile | None = None,
    default_metric: str | None = None,
    default_scenario: str = "",
) -> list[Figure]:
    """Every non-empty cell of ``table`` as a figure (see the module docstring)."""
    context = f"{table.caption}\n{table.heading}\n{' '.join(table.columns)}"
    scale = scale_of(context) or 1.0
    money_cue = scale_of(context) is not None or "€" in context or "euro" in fold(context)
    # "Indicatoren (%)" over the first columns only: the later year columns are percentages too
    table_pct = bool(re.search(r"\(%\)|\bin procenten\b", context)) and not money_cue
    cap_metric = metric_of(table.caption) or default_metric
    cap_scenario = scenario_of(table.caption) or default_scenario
    cap_subject = caption_subject(table.caption)
    cols = []
    for label in table.columns:
        cols.append(
            {
                "label": label,
                "period": period_of(label) or period_of(table.caption),
                "scenario": scenario_of(label),
                "metric": metric_of(label),
                "entity": _named(profile, label),
                "pct": "%" in label,
            }
        )
    out: list[Figure] = []
    for row in table.rows:
        code, bare = taakveld_of(row.label)
        row_metric = metric_of(bare)
        group_subject = ""
        if row.group and not code and _BARE_METRIC_LABEL.match(fold(bare).strip(" :")):
            code, group_subject = taakveld_of(row.group)
            group_subject = group_subject if code else ""
        row_entity = profile.canonical(row.label.strip()) if profile else None
        filled = any(c is not None and c.value is not None for c in row.cells)
        for k, cell in enumerate(row.cells):
            if cell is not None and cell.value is None and filled and cell.text.strip() in NIL:
                # A dash among the row's amounts is nil in a Dutch budget table: a sum over
                # the years counts it as 0 instead of missing the year.
                cell = Cell(0.0, cell.text, cell.bbox, cell.unit, cell.note, cell.period)
            if cell is None or cell.value is None or k >= len(cols):
                continue
            col = cols[k]
            metric = col["metric"] or row_metric or cap_metric
            pct = cell.unit == "%" or col["pct"] or "%" in row.label or (
                table_pct and not col["metric"] and not row_metric
            )
            # a row in kilos, counts or per 1.000 inwoners is no amount of money, whatever
            # the table's caption says
            measured = cell.unit in terms()["value_units"]
            money = (
                money_cue and not measured and not _NOT_MONEY.search(fold(row.label))
            ) or cell.unit == "EUR"
            if pct and metric in terms()["money_metrics"] and not col["metric"]:
                metric = None  # "de tarieven met 13% verhoogd": a percentage, not a rate
            if metric is None:
                if pct:
                    metric = "percentage"
                elif money:
                    metric = "bedrag"
                elif measured or _NOT_MONEY.search(fold(row.label)):
                    metric = "indicator"  # kilos, a count, a rate per 1.000: a plain measure
                else:
                    continue
            bare_row = bool(_BARE_METRIC_LABEL.match(fold(bare).strip(" :")))
            # A metric line of a programme's table ('Saldo van baten en lasten', 'Geraamde
            # resultaat') is about the programme its caption names, not about itself.
            # An indicator's own name ("% jongeren tot 18 jaar met jeugdhulp") is its subject,
            # although a metric word ("jongeren") occurs in it.
            # A row of an investment table ("Investeringen Water" under "Tabel 5.2 -
            # Investeringen P5") repeats the caption's metric and names its own subject.
            words = bare.split()
            own_name = (
                row_metric == metric_of(table.caption)
                and len(words) > 1
                and sum(metric_of(w) is not None for w in words) == 1
            )
            metric_row = bool(row_metric and cap_subject and not code) and not (
                bare.lstrip().startswith("%") or own_name
            )
            subject = group_subject or (
                cap_subject if bare_row or metric_row or not bare else bare
            )
            subject = re.sub(r"(?i)\s+(baten|lasten|saldo)$", "", subject)
            if row.heading and subject == bare:
                # "Volgens staat C" under "Materiële vaste activa": the line is that item's
                subject = f"{row.heading}: {bare}"
            if code and not subject:
                subject = taakvelden()[code]
            scenario = (
                cell.note
                or col["scenario"]
                or cap_scenario
                or terms()["metric_scenarios"].get(metric, "")
            )
            if pct:
                unit, factor = "%", 1.0
            elif metric == "fte":
                unit, factor = "fte", 1.0
            elif measured:
                unit, factor = cell.unit, 1.0  # "205 kg"
            elif metric == "inwoners" or not (money or metric in terms()["money_metrics"]):
                unit, factor = "aantal", 1.0
            else:
                unit, factor = "EUR", scale
            out.append(
                make_figure(
                    metric=metric,
                    entity=col["entity"] or row_entity or entity,
                    subject=subject,
                    period=cell.period or col["period"],
                    value=round(cell.value * factor, 6),
                    unit=unit,
                    source=source,
                    line=row.line,
                    quote=row.quote,
                    note=scenario,
                    origin="pdf-table" if cell.bbox else "parser",
                    scenario=scenario,
                    row_label=row.label,
                    col_label=col["label"],
                    taakveld=code,
                    scale=factor,
                    page=row.page,
                    bbox=",".join(f"{v:.1f}" for v in cell.bbox) if cell.bbox else "",
                    ocr=table.ocr,
                    caption=table.caption.strip(),
                )
            )
    return out
