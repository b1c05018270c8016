"""Altair charts of the main money series, built from figures in the figures store.

The app only displays what :func:`build_charts` returns: a chart, the table behind it and
the source lines, so every bar can be traced to a quote in a document. Series are selected by
metric name (the vocabulary in ``docs/figures.md``) with a keyword fallback, so a renamed
metric shows up as an empty chart with a message instead of a crash.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import altair as alt
import pandas as pd

from core.models import Figure

# Table columns (Dutch: the table is shown to users as is).
COLUMNS = ["Onderwerp", "Wie", "Periode", "Waarde", "Eenheid", "Soort", "Bron", "Citaat"]


@dataclass(frozen=True)
class ChartSpec:
    """Which figures form one chart and how to lay them out.

    ``metrics`` are regular expressions matched (case-insensitive, whole name) against
    ``Figure.metric``; ``periods`` limits the years; ``x`` is the table column on the x axis.
    ``exclude_entities`` keeps, for example, Midden-Limburg Oost out of Leudal's series;
    ``entities`` (exact names) or ``entity_pattern`` (regex search) narrows a series further.
    """

    key: str
    title: str
    description: str
    metrics: tuple[str, ...]
    periods: tuple[str, ...] = ()
    x: str = "Periode"
    exclude_entities: tuple[str, ...] = ("Midden-Limburg Oost",)
    entities: tuple[str, ...] = ()
    entity_pattern: str = ""
    strip_prefix: str = ""  # dropped from metric labels ("Uitgaven per inwoner ")
    one_per: tuple[str, ...] = ("metric", "entity", "period", "note")  # dedupe key


@dataclass
class ChartView:
    """What the Cijfers page shows for one series."""

    spec: ChartSpec
    table: pd.DataFrame
    chart: alt.Chart | None
    sources: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return self.table.empty


def _years(first: int, last: int) -> tuple[str, ...]:
    return tuple(str(y) for y in range(first, last + 1))


SPECS: tuple[ChartSpec, ...] = (
    ChartSpec(
        key="jeugdhulp_financien",
        title="Budget, uitgaven en resultaat jeugdhulp 2015-2019",
        description="Begroting en werkelijke uitgaven jeugdhulp van Leudal; een negatief "
        "resultaat is een tekort. 2019 is een prognose.",
        metrics=(r"budget", r"uitgaven", r"resultaat"),
        periods=_years(2015, 2019),
        # One value per metric and year: the exact table beats rounded mentions in text.
        one_per=("metric", "period"),
        exclude_entities=("Midden-Limburg Oost", "Nederland"),
    ),
    ChartSpec(
        key="taakstelling_maatregel",
        title="Taakstelling jeugdhulp per maatregel 2020-2023",
        description="Verwacht financieel effect per maatregel uit de Ontwikkelagenda "
        "Jeugdhulp - Taakstelling (2019).",
        metrics=(r"financieel_effect", r"taakstelling_maatregel"),
        periods=_years(2020, 2023),
    ),
    ChartSpec(
        key="besparing_toegang",
        title="Besparingen door maatregelen Toegang 2021-2024",
        description="Verwachte besparing door de maatregelen in de toegang (Jeugd en Wmo), "
        "uit de voortgangsrapportage 2021.",
        metrics=(r"besparing", r"besparing_toegang"),
        periods=_years(2021, 2024),
        entity_pattern=r"(?i)toegang|totaal",
    ),
    ChartSpec(
        key="prognose_2020",
        title="Prognose 2020 sociaal domein per domein",
        description="Begroting (2e rarap), eindejaarsprognose en het verschil per domein, "
        "uit de voortgangsrapportage 2021.",
        metrics=(r"begroting", r"prognose", r"afwijking_prognose"),
        periods=("2020",),
        entity_pattern=r"(?i)participatie|wmo|jeugd|totaal",
        x="Wie",
    ),
    ChartSpec(
        key="uitgaven_per_inwoner",
        title="Uitgaven sociaal domein per inwoner: Leudal en controlegroepen",
        description="Uitgaven per inwoner op taakveld 6 (euro), Leudal 2018 tegenover "
        "gemeenten van 20.000-50.000 inwoners, niet-stedelijke gemeenten en Nederland.",
        metrics=(r"uitgaven_per_inwoner_\w+",),
        x="Onderwerp",
        strip_prefix="Uitgaven per inwoner ",
        one_per=("metric", "entity", "period"),
    ),
)


_TOTAL = r"(?i)\btotaal\b|^sociaal domein$"


def _matches(spec: ChartSpec, fig: Figure) -> bool:
    metric = fig.metric.strip().lower()
    if not any(re.fullmatch(p, metric) for p in spec.metrics):
        return False
    if spec.periods and str(fig.period).strip() not in spec.periods:
        return False
    if any(e.lower() in fig.entity.lower() for e in spec.exclude_entities):
        return False
    if spec.entity_pattern and not re.search(spec.entity_pattern, fig.entity):
        return False
    return not spec.entities or any(e.lower() == fig.entity.lower() for e in spec.entities)


def _label(metric: str, strip_prefix: str = "") -> str:
    """``jeugdhulp_uitgaven`` -> ``Jeugdhulp uitgaven`` for axis labels and legends."""
    text = metric.replace("_", " ").strip()
    text = text[:1].upper() + text[1:]
    short = text.removeprefix(strip_prefix).strip() if strip_prefix else text
    return (short[:1].upper() + short[1:]) if short else text


def figures_table(
    figures: Iterable[Figure],
    strip_prefix: str = "",
    one_per: tuple[str, ...] = ("metric", "entity", "period", "note"),
) -> pd.DataFrame:
    """Figures as a Dutch table with one row per ``one_per`` key.

    Tables appear twice in some documents and some amounts are repeated rounded in running
    text; the exact figure (not 'afgerond'), then the first source and line, wins. The source
    column still names where each kept value came from.
    """
    rows, seen = [], set()
    ordered = sorted(figures, key=lambda f: ("afgerond" in f.note.lower(), f.source, f.line))
    for f in ordered:
        key = tuple(str(getattr(f, name)) for name in one_per)
        if key in seen:
            continue
        seen.add(key)
        rows.append({
            "Onderwerp": _label(f.metric, strip_prefix),
            "Wie": f.entity,
            "Periode": str(f.period),
            "Waarde": float(f.value),
            "Eenheid": f.unit,
            "Soort": f.note,
            "Bron": f"{f.source}, regel {f.line}",
            "Citaat": f.quote,
        })
    return pd.DataFrame(rows, columns=COLUMNS)


def _color_field(table: pd.DataFrame, x: str) -> str | None:
    """The series field: other columns whose values differ within one x position.

    A column fixed by x and the fields already chosen (the note 'realisatie' of 'Uitgaven')
    adds nothing to the legend and is left to the tooltip.
    """
    chosen: list[str] = []
    for c in ("Onderwerp", "Wie", "Soort", "Periode"):
        if c != x and table.groupby([x, *chosen])[c].nunique().max() > 1:
            chosen.append(c)
    if not chosen:
        return None
    if len(chosen) == 1:
        return chosen[0]
    # Two or more dimensions vary: combine them into one legend label.
    table["Reeks"] = table[chosen].astype(str).agg(" – ".join, axis=1)
    return "Reeks"


def _chart(spec: ChartSpec, table: pd.DataFrame) -> alt.Chart:
    unit = ", ".join(sorted(u for u in table["Eenheid"].unique() if u)) or "waarde"
    color = _color_field(table, spec.x)
    tooltip = [alt.Tooltip(c) for c in ("Onderwerp", "Wie", "Periode", "Soort", "Bron")]
    tooltip.insert(3, alt.Tooltip("Waarde:Q", format=",.2f"))
    enc = {
        "x": alt.X(f"{spec.x}:N", title=spec.x, sort=None, axis=alt.Axis(labelAngle=-30)),
        "y": alt.Y("Waarde:Q", title=unit),
        "tooltip": tooltip,
    }
    if color:
        enc["color"] = alt.Color(f"{color}:N", title=color, sort=None)
        enc["xOffset"] = alt.XOffset(f"{color}:N", sort=None)
    return (
        alt.Chart(table, title=spec.title)
        .mark_bar()
        .encode(**enc)
        .properties(height=320)
    )


def build_chart(spec: ChartSpec, figures: Iterable[Figure]) -> ChartView:
    """Select the figures of ``spec`` and build its chart (``chart`` is None when empty)."""
    table = figures_table((f for f in figures if _matches(spec, f)), spec.strip_prefix,
                          spec.one_per)
    table = table.sort_values(["Periode"], kind="stable").reset_index(drop=True)
    sources = sorted({s.rsplit(", regel ", 1)[0] for s in table["Bron"]})
    lines: list[str] = []
    for source in sources:
        nums = sorted({int(b.rsplit(" ", 1)[1]) for b in table["Bron"]
                       if b.startswith(f"{source}, regel ")})
        lines.append(f"{source}, regel {', '.join(map(str, nums))}")
    # Totals next to their parts would double the bars; the table keeps them.
    is_total = table["Wie"].str.contains(_TOTAL, regex=True) | table["Onderwerp"].str.contains(
        _TOTAL, regex=True
    )
    parts = table[~is_total]
    chart = None if parts.empty else _chart(spec, parts.copy())
    return ChartView(spec=spec, table=table, chart=chart, sources=lines)


def build_charts(figures: Iterable[Figure]) -> list[ChartView]:
    """All charts of the Cijfers page, in a fixed order."""
    figures = list(figures)
    return [build_chart(spec, figures) for spec in SPECS]
