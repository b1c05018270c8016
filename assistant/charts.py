"""Altair charts of figures from the figure store, for any corpus.

Nothing here names a municipality, a series or a year: the Cijfers page offers every metric in
the figure store, the deployment profile (``Profile.charts``) only chooses the overviews shown
first. A view is a :class:`Selection` (metrics, entities, subjects, period range) turned into a
table with one row per figure (value, unit, source line and quote) and a chart of that table.

Charts are made for people: Dutch number formatting (a Vega ``nl-NL`` locale, so axes read
``10.000.000`` and ``2,5``), amounts scaled to "miljoen euro" when large, legend and axis
titles in plain Dutch, no truncated labels, and horizontal bars when categories are compared
(their labels stay readable on a 390 px phone screen).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import altair as alt
import pandas as pd

from core.models import Figure
from core.numbers import format_value
from core.profile import ChartSpec, Profile

# Table columns (Dutch: the table is shown and downloaded as is).
COLUMNS = ["Cijfer", "Van", "Onderdeel", "Periode", "Waarde", "Eenheid", "Soort cijfer",
           "Bron", "Citaat"]
# Columns that can tell series apart, with the legend title a reader understands.
LEGEND_TITLES = {
    "Cijfer": "Cijfer",
    "Van": "Gemeente, regio of groep",
    "Onderdeel": "Onderdeel",
    "Soort cijfer": "Soort cijfer",
    "Periode": "Jaar of periode",
}
SCENARIOS = {
    "begroting": "begroting",
    "begroting_na_wijziging": "begroting na wijziging",
    "realisatie": "realisatie",
    "prognose": "prognose",
    "raming": "raming",
}
# Vega locale for Dutch numbers and dates (d3-format / d3-time-format definitions).
NL_LOCALE = {
    "number": {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["€ ", ""]},
    "time": {
        "dateTime": "%a %e %B %Y %X",
        "date": "%d-%m-%Y",
        "time": "%H:%M:%S",
        "periods": ["AM", "PM"],
        "days": ["zondag", "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag"],
        "shortDays": ["zo", "ma", "di", "wo", "do", "vr", "za"],
        "months": ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
                   "september", "oktober", "november", "december"],
        "shortMonths": ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt",
                        "nov", "dec"],
    },
}
_TOTAL = re.compile(r"(?i)\btotaal\b|\btotal\b")


@dataclass(frozen=True)
class Selection:
    """What one view shows: figures of ``metrics`` for ``entities``/``subjects`` in a period range.

    Empty ``entities`` or ``subjects`` mean all; ``first``/``last`` are period labels (inclusive,
    compared by :func:`period_key`), empty for open ends.
    """

    metrics: tuple[str, ...]
    entities: tuple[str, ...] = ()
    subjects: tuple[str, ...] = ()
    first: str = ""
    last: str = ""
    title: str = ""
    kind: str = ""  # "line" or "bar"; empty = decided by the data


@dataclass
class ChartView:
    """What the Cijfers page shows for one selection."""

    selection: Selection
    table: pd.DataFrame
    chart: alt.Chart | None
    sources: list[str] = field(default_factory=list)
    value_title: str = ""

    @property
    def empty(self) -> bool:
        return self.table.empty

    @property
    def title(self) -> str:
        return self.selection.title or ", ".join(metric_label(m) for m in self.selection.metrics)


# ---------------------------------------------------------------------------------------------
# Labels and ordering
# ---------------------------------------------------------------------------------------------

def metric_label(metric: str) -> str:
    """``uitgaven_per_inwoner_zorg_18min`` -> ``Uitgaven per inwoner zorg 18-``."""
    text = re.sub(r"[_\s]+", " ", metric or "").strip()
    text = re.sub(r"\b18 ?min\b", "18-", re.sub(r"\b18 ?plus\b", "18+", text))
    text = re.sub(r"\bpct\b", "(%)", text)
    return text[:1].upper() + text[1:]


def _strip_common_prefix(labels: pd.Series) -> tuple[pd.Series, str]:
    """Drop the words all labels start with ('Uitgaven per inwoner ...'): shorter categories."""
    values = [str(v) for v in labels.unique()]
    if len(values) < 2:
        return labels, ""
    words = [v.split(" ") for v in values]
    common = 0
    while all(len(w) > common + 1 for w in words) and len({w[common] for w in words}) == 1:
        common += 1
    while common >= 2 and any(len(" ".join(w[common:])) < 5 for w in words):
        common -= 1  # keep labels that say something on their own ('Zorg 18-', not '18-')
    if common < 2:
        return labels, ""
    prefix = " ".join(words[0][:common])

    def short(v: str) -> str:
        rest = v[len(prefix):].strip()
        return rest[:1].upper() + rest[1:]

    return labels.map(lambda v: short(str(v))), prefix


def scenario_label(figure: Figure) -> str:
    """Begroting, realisatie, prognose ... from the scenario, else the note."""
    if figure.scenario:
        return SCENARIOS.get(figure.scenario, figure.scenario.replace("_", " "))
    note = (figure.note or "").strip()
    return "" if "afgerond" in note.lower() else note


def period_key(period: str) -> tuple[int, str]:
    """Sort periods by their first year, then as text (``2019`` < ``2019-2022`` < ``2020``)."""
    match = re.search(r"(19|20)\d\d", str(period))
    return (int(match.group()) if match else 9999, str(period))


def periods(figures: Iterable[Figure]) -> list[str]:
    return sorted({str(f.period) for f in figures if str(f.period).strip()}, key=period_key)


# ---------------------------------------------------------------------------------------------
# What the store offers: the choices on the page
# ---------------------------------------------------------------------------------------------

def metrics(figures: Iterable[Figure]) -> list[str]:
    """Metrics in the store, most figures first (ties alphabetically)."""
    counts: dict[str, int] = {}
    for f in figures:
        if f.metric:
            counts[f.metric] = counts.get(f.metric, 0) + 1
    return sorted(counts, key=lambda m: (-counts[m], m))


def entities(figures: Iterable[Figure], metric_names: Sequence[str] = ()) -> list[str]:
    """Whose figures exist for ``metric_names`` (all metrics when empty), most figures first."""
    counts: dict[str, int] = {}
    for f in figures:
        if f.entity and (not metric_names or f.metric in metric_names):
            counts[f.entity] = counts.get(f.entity, 0) + 1
    return sorted(counts, key=lambda e: (-counts[e], e))


def subjects(figures: Iterable[Figure], metric_names: Sequence[str] = (),
             entity_names: Sequence[str] = ()) -> list[str]:
    out = {
        f.subject for f in figures
        if f.subject and (not metric_names or f.metric in metric_names)
        and (not entity_names or f.entity in entity_names)
    }
    return sorted(out, key=str.lower)


def _spec_metrics(spec: ChartSpec, available: Sequence[str]) -> tuple[str, ...]:
    """The store's metrics a profile chart asks for: exact names first, else whole-word match."""
    out: list[str] = []
    for wanted in spec.metrics:
        exact = [m for m in available if m.lower() == wanted.lower()]
        pattern = re.compile(rf"(?<![a-z]){re.escape(wanted.lower())}(?![a-z])")
        out += exact or [m for m in available if pattern.search(m.lower())]
    return tuple(dict.fromkeys(out))


def _subject_matches(wanted: str, subject: str) -> bool:
    """A profile's subject: a regular expression (case-insensitive), else plain text."""
    try:
        return re.search(wanted, subject, re.IGNORECASE) is not None
    except re.error:
        return wanted.lower() in subject.lower()


def selection_for(spec: ChartSpec, figures: Sequence[Figure], profile: Profile) -> Selection:
    """A profile chart as a selection of what the store holds.

    Without an entity in the spec the home municipality's figures are shown when there are
    any, so another government's figure is never drawn as if it were the home municipality's.
    """
    chosen = _spec_metrics(spec, metrics(figures))
    own = [f for f in figures if f.metric in chosen]
    if spec.entity:
        wanted = profile.canonical(spec.entity) or spec.entity
        ents = tuple(e for e in entities(own) if e.lower() == wanted.lower()) or (wanted,)
    elif profile.municipality and any(profile.is_home(f.entity) for f in own):
        ents = tuple(e for e in entities(own) if profile.is_home(e))
    else:
        ents = ()
    own = [f for f in own if not ents or f.entity in ents]
    subs: tuple[str, ...] = ()
    if spec.subject:
        subs = tuple(s for s in subjects(own) if _subject_matches(spec.subject, s))
    elif spec.kind != "bar":
        # A series of the whole: the total row that covers most metrics and periods.
        totals = {}
        for f in own:
            if f.subject and _TOTAL.search(f.subject):
                totals.setdefault(f.subject, set()).add((f.metric, str(f.period)))
        if totals:
            subs = (max(sorted(totals), key=lambda t: len(totals[t])),)
    first = last = ""
    if spec.kind == "bar":
        # Parts compared in one period: the period with the most of them (latest on a tie).
        per: dict[str, int] = {}
        for f in own:
            if not subs or f.subject in subs:
                per[str(f.period)] = per.get(str(f.period), 0) + 1
        if per:
            first = last = max(per, key=lambda p: (per[p], period_key(p)))
    return Selection(metrics=chosen, entities=ents, subjects=subs, title=spec.title,
                     kind=spec.kind if spec.kind in ("line", "bar") else "", first=first,
                     last=last)


def default_selections(figures: Sequence[Figure], profile: Profile) -> list[Selection]:
    """The profile's charts that have figures; without any, the store's biggest metric."""
    out = [selection_for(spec, figures, profile) for spec in profile.charts]
    out = [s for s in out if s.metrics]
    if not out and figures:
        top = metrics(figures)[0]
        home = [e for e in entities(figures, [top]) if profile.is_home(e)]
        out = [Selection(metrics=(top,), entities=tuple(home), title=metric_label(top))]
    return out


# ---------------------------------------------------------------------------------------------
# Table and chart
# ---------------------------------------------------------------------------------------------

def select(figures: Iterable[Figure], sel: Selection) -> list[Figure]:
    lo = period_key(sel.first) if sel.first else None
    hi = period_key(sel.last) if sel.last else None
    out = []
    for f in figures:
        if f.metric not in sel.metrics:
            continue
        if sel.entities and f.entity not in sel.entities:
            continue
        if sel.subjects and f.subject not in sel.subjects:
            continue
        key = period_key(str(f.period))
        if (lo and key[0] < lo[0]) or (hi and key[0] > hi[0]):
            continue
        out.append(f)
    return out


def figures_table(figures: Iterable[Figure]) -> pd.DataFrame:
    """Figures as a Dutch table, one row per metric, entity, subject, period and kind of figure.

    Tables appear twice in some documents and some amounts are repeated rounded in running
    text; the exact figure (not 'afgerond'), then the first source and line, wins. The source
    column still names where each kept value came from.
    """
    rows, seen = [], set()
    ordered = sorted(figures, key=lambda f: ("afgerond" in (f.note or "").lower(), f.source,
                                             f.line))
    spelling: dict[str, str] = {}  # 'Mens en Maatschappij' and 'Mens en maatschappij' are one
    for f in ordered:
        kind = scenario_label(f)
        subject = spelling.setdefault(" ".join(f.subject.split()).casefold(), f.subject)
        key = (f.metric, f.entity, subject, str(f.period), kind)
        if key in seen:
            continue
        seen.add(key)
        where = f"{f.source}, pagina {f.page}" if f.page else f"{f.source}, regel {f.line}"
        rows.append({
            "Cijfer": metric_label(f.metric),
            "Van": f.entity,
            "Onderdeel": subject,
            "Periode": str(f.period),
            "Waarde": float(f.value),
            "Eenheid": f.unit,
            "Soort cijfer": kind,
            "Bron": where,
            "Citaat": f.quote,
        })
    table = pd.DataFrame(rows, columns=COLUMNS)
    if not table.empty:
        order = table["Periode"].map(period_key)
        table = table.iloc[sorted(range(len(table)), key=lambda i: order.iloc[i])]
    return table.reset_index(drop=True)


def source_lines(table: pd.DataFrame) -> list[str]:
    """``file, regel 12, 14`` per source document (pages for PDFs)."""
    by_source: dict[str, list[str]] = {}
    for ref in table["Bron"]:
        source, _, where = str(ref).rpartition(", ")
        by_source.setdefault(source, []).append(where)
    out = []
    for source, places in sorted(by_source.items()):
        kind = places[0].split(" ")[0]
        nums = sorted({int(p.split(" ")[1]) for p in places if p.split(" ")[1].isdigit()})
        word = {"regel": "regels", "pagina": "pagina's"}.get(kind, kind) if len(nums) > 1 else kind
        out.append(f"{source}, {word} {', '.join(map(str, nums))}")
    return out


def _series(table: pd.DataFrame, x: str) -> list[str]:
    """Columns whose values differ within one x position: they tell the series apart."""
    chosen: list[str] = []
    for c in ("Cijfer", "Van", "Onderdeel", "Soort cijfer", "Periode"):
        if c != x and table.groupby([x, *chosen])[c].nunique().max() > 1:
            chosen.append(c)
    return chosen


def value_scale(table: pd.DataFrame) -> tuple[float, str]:
    """Divisor and axis title: large euro amounts in millions, otherwise the plain unit."""
    units = sorted({u for u in table["Eenheid"] if u})
    unit = units[0] if len(units) == 1 else ""
    peak = float(table["Waarde"].abs().max() or 0)
    if unit == "EUR":
        if peak >= 1_000_000:
            return 1_000_000.0, "Bedrag (miljoen euro)"
        if peak >= 10_000:
            return 1_000.0, "Bedrag (duizend euro)"
        return 1.0, "Bedrag (euro)"
    if unit.startswith("EUR/"):
        return 1.0, f"Euro per {unit.split('/', 1)[1]}"
    if unit == "%":
        return 1.0, "Percentage"
    return 1.0, unit or "Waarde"


def _chart(sel: Selection, table: pd.DataFrame) -> tuple[alt.Chart, str]:
    divisor, value_title = value_scale(table)
    data = table.copy()
    data["Bedrag"] = data["Waarde"] / divisor
    data["Waarde (tekst)"] = [format_value(v, u) for v, u in zip(data["Waarde"], data["Eenheid"],
                                                                  strict=True)]
    data["Cijfer"], prefix = _strip_common_prefix(data["Cijfer"])
    if prefix and value_title in ("Waarde", ""):
        value_title = prefix
    multi_period = data["Periode"].nunique() > 1
    dims = [c for c in ("Cijfer", "Onderdeel", "Van", "Soort cijfer") if data[c].nunique() > 1]
    # One period: the dimension with the most values on the axis, the others in colour.
    x = "Periode" if multi_period else (
        max(dims, key=lambda c: data[c].nunique()) if dims else "Cijfer")
    series = _series(data, x)
    if len(series) > 1:
        data["Reeks"] = data[series].astype(str).agg(
            lambda row: " – ".join(v for v in row if v.strip()), axis=1)
        color_field, legend_title = "Reeks", " / ".join(LEGEND_TITLES[c] for c in series)
    elif series:
        color_field, legend_title = series[0], LEGEND_TITLES[series[0]]
    else:
        color_field, legend_title = None, ""
    tooltip = [alt.Tooltip(c, title=LEGEND_TITLES.get(c, c))
               for c in ("Cijfer", "Van", "Onderdeel", "Periode", "Soort cijfer")
               if data[c].astype(str).str.strip().any()]
    tooltip += [alt.Tooltip("Waarde (tekst)", title="Waarde"), alt.Tooltip("Bron")]
    value_axis = alt.Axis(format=",.4~f", title=value_title, labelFontSize=12,
                          titleFontSize=12, tickCount=5, titleLimit=0)
    order = list(dict.fromkeys(data[x])) if x != "Periode" else sorted(
        data["Periode"].unique(), key=period_key)
    legend = alt.Legend(title=legend_title, orient="bottom", direction="vertical",
                        labelLimit=0, titleLimit=0, labelFontSize=12, titleFontSize=12,
                        symbolLimit=0, columns=1)
    line = sel.kind == "line" or (not sel.kind and multi_period and data["Periode"].nunique() > 4)
    if multi_period:
        enc = {
            "x": alt.X("Periode:N", sort=order, title=LEGEND_TITLES["Periode"],
                       axis=alt.Axis(labelAngle=0, labelOverlap=False, labelLimit=0,
                                     labelFontSize=12, titleFontSize=12)),
            "y": alt.Y("Bedrag:Q", axis=value_axis),
            "tooltip": tooltip,
        }
        if color_field:
            enc["color"] = alt.Color(f"{color_field}:N", sort=None, legend=legend)
            if not line:
                enc["xOffset"] = alt.XOffset(f"{color_field}:N", sort=None)
        mark = alt.Chart(data).mark_line(point=True) if line else alt.Chart(data).mark_bar()
        chart = mark.encode(**enc).properties(height=320)
    else:
        # Categories compared in one period: horizontal bars keep every label readable.
        enc = {
            "y": alt.Y(f"{x}:N", sort=order, title=None,
                       axis=alt.Axis(labelLimit=0, labelOverlap=False, labelFontSize=12)),
            "x": alt.X("Bedrag:Q", axis=value_axis),
            "tooltip": tooltip,
        }
        if color_field:
            enc["color"] = alt.Color(f"{color_field}:N", sort=None, legend=legend)
            enc["yOffset"] = alt.YOffset(f"{color_field}:N", sort=None)
        bars = len(order) * max(1, data[color_field].nunique() if color_field else 1)
        chart = alt.Chart(data).mark_bar().encode(**enc).properties(height=max(120, 22 * bars))
    # Fit the width of the page, keep the height: a tall legend must not squash the plot.
    chart = chart.properties(
        width="container", autosize=alt.AutoSizeParams(type="fit-x", contains="padding"),
        padding={"left": 12, "right": 8, "top": 6, "bottom": 6},
    ).configure(locale=NL_LOCALE).configure_view(strokeWidth=0)
    return chart, value_title


def build_view(figures: Iterable[Figure], sel: Selection) -> ChartView:
    """The table and chart of ``sel`` (``chart`` is None when nothing is selected)."""
    table = figures_table(select(figures, sel))
    if table.empty:
        return ChartView(selection=sel, table=table, chart=None)
    # Totals next to their parts would double the bars; the table keeps them.
    is_total = table["Van"].str.contains(_TOTAL) | table["Onderdeel"].str.contains(_TOTAL)
    parts = table[~is_total] if (~is_total).any() else table
    units = parts["Eenheid"].value_counts()
    if len(units) > 1:  # one scale per chart: the most common unit; the table keeps all
        parts = parts[parts["Eenheid"] == units.index[0]]
    chart, value_title = _chart(sel, parts)
    return ChartView(selection=sel, table=table, chart=chart, sources=source_lines(table),
                     value_title=value_title)


def build_charts(figures: Iterable[Figure], profile: Profile) -> list[ChartView]:
    """The profile's overviews (or the store's biggest metric), in the profile's order."""
    figures = list(figures)
    return [build_view(figures, sel) for sel in default_selections(figures, profile)]


# ---------------------------------------------------------------------------------------------
# Downloads
# ---------------------------------------------------------------------------------------------

def to_csv(table: pd.DataFrame) -> bytes:
    """CSV as Dutch spreadsheets read it: ';' separated, decimal comma, UTF-8 with BOM."""
    return table.to_csv(index=False, sep=";", decimal=",").encode("utf-8-sig")


def to_png(chart: alt.Chart, width: int = 800) -> bytes:
    """The chart as a PNG (vl-convert, no browser); ``width`` replaces the container width."""
    import vl_convert as vlc

    spec = chart.to_dict()
    spec["width"] = width
    return vlc.vegalite_to_png(spec, scale=2)
