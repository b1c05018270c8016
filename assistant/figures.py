"""Figures store (read-only SQLite), arithmetic with provenance, and LangChain tools over both.

Arithmetic is done here, in code, never by a language model: each compute function returns a
:class:`Computation` with the value, a Dutch formula (``3.492.011 − 2.096.921 = 1.395.090``) and
the input :class:`~core.models.Figure` objects so every answer can cite its sources.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from langchain_core.tools import BaseTool, tool

from core.models import Figure
from core.numbers import format_number, format_value
from storage.figure_store import FigureStore

# --------------------------------------------------------------------------------------------
# Compute (pure functions)
# --------------------------------------------------------------------------------------------


@dataclass
class Computation:
    """Result of arithmetic over figures: value, Dutch formula and the input figures."""

    operation: str
    value: float
    unit: str
    formula: str
    inputs: list[Figure] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "operation": self.operation,
            "value": self.value,
            "unit": self.unit,
            "formatted": format_value(self.value, self.unit),
            "formula": self.formula,
            "inputs": [provenance(f) for f in self.inputs],
        }


def _v(f: Figure, magnitude: bool) -> float:
    return abs(f.value) if magnitude else f.value


def difference(a: Figure, b: Figure, magnitude: bool = False) -> Computation:
    """``a − b``; ``magnitude`` compares sizes (a deficit of -3.492.011 counts as 3.492.011)."""
    va, vb = _v(a, magnitude), _v(b, magnitude)
    value = va - vb
    formula = f"{format_number(va)} − {format_number(vb)} = {format_number(value)}"
    return Computation("verschil", value, a.unit, formula, [a, b])


def total(figures: list[Figure], magnitude: bool = False) -> Computation:
    """Sum of figures (``210.925 + 315.947 + ... = 6.115.804``)."""
    vals = [_v(f, magnitude) for f in figures]
    value = sum(vals)
    formula = " + ".join(format_number(v) for v in vals) + f" = {format_number(value)}"
    return Computation("som", value, figures[0].unit if figures else "", formula, list(figures))


def times(f: Figure, n: int, magnitude: bool = False) -> Computation:
    """An amount ``n`` times (a yearly amount over a span of years)."""
    v = _v(f, magnitude)
    value = v * n
    formula = f"{format_number(v)} × {n} = {format_number(value)}"
    return Computation("product", value, f.unit, formula, [f])


def ratio(new: Figure, old: Figure, magnitude: bool = False) -> Computation:
    """How many times ``old`` fits in ``new`` (17,1 / 2,5 = 6,8 keer)."""
    vn, vo = _v(new, magnitude), _v(old, magnitude)
    if vo == 0:
        raise ValueError("Een factor ten opzichte van 0 is niet gedefinieerd")
    value = round(vn / vo, 2)
    formula = f"{format_number(vn)} / {format_number(vo)} = {format_number(value, 1)}"
    return Computation("factor", value, "x", formula, [old, new])


def yearly_change(old: Figure, new: Figure, magnitude: bool = False) -> Computation:
    """The average change per year from ``old`` to ``new``: (new − old) / the years between
    their periods ("gemiddeld per jaar gestegen tussen 2018 en 2021": a third of the rise)."""
    years = _year_of(new.period) - _year_of(old.period)
    if years <= 0:
        raise ValueError("Een gemiddelde per jaar vraagt twee verschillende jaren")
    vo, vn = _v(old, magnitude), _v(new, magnitude)
    value = round((vn - vo) / years, 2)
    formula = (
        f"({format_number(vn)} − {format_number(vo)}) / {years} jaar = {format_number(value)}"
    )
    return Computation("verandering per jaar", value, new.unit, formula, [old, new])


def _year_of(period: str) -> int:
    m = re.match(r"\s*((?:19|20)\d\d)", period or "")
    if not m:
        raise ValueError(f"Geen jaar in {period!r}")
    return int(m.group(1))


def growth(old: Figure, new: Figure, magnitude: bool = False) -> Computation:
    """Percentage change from ``old`` to ``new``: (new − old) / |old| × 100."""
    vo, vn = _v(old, magnitude), _v(new, magnitude)
    if vo == 0:
        raise ValueError("Groei ten opzichte van 0 is niet gedefinieerd")
    value = round((vn - vo) / abs(vo) * 100, 1)
    formula = (
        f"({format_number(vn)} − {format_number(vo)}) / {format_number(abs(vo))} × 100 "
        f"= {format_number(value, 1)}%"
    )
    return Computation("groei", value, "%", formula, [old, new])


def share(part: Figure, whole: Figure) -> Computation:
    """``part`` as a percentage of ``whole``."""
    if whole.value == 0:
        raise ValueError("Aandeel van 0 is niet gedefinieerd")
    value = round(part.value / whole.value * 100, 1)
    # Two expenses written negative (BBV lasten): the share is of their sizes.
    sign = -1 if part.value < 0 and whole.value < 0 else 1
    formula = (
        f"{format_number(sign * part.value)} / {format_number(sign * whole.value)} × 100 = "
        f"{format_number(value, 1)}%"
    )
    return Computation("aandeel", value, "%", formula, [part, whole])


def _rounded_like(v: float, exact: float) -> tuple[float, str]:
    """A whole amount or count gives a whole result ("ongeveer 724 jongeren", "€ 151.537"),
    else two decimals; with "=" when nothing was rounded away, "≈" when something was."""
    value = float(round(exact)) if float(v).is_integer() else round(exact, 2)
    return value, "=" if value == exact else "≈"


def percentage_of(f: Figure, percent: float, magnitude: bool = False) -> Computation:
    """``percent`` % of a figure ("15% van € 400.000"): the percentage is the asker's (or the
    document's) and the amount the figure's, so the result keeps the figure's unit."""
    v = _v(f, magnitude)
    value, sign = _rounded_like(v, v * percent / 100)
    formula = f"{format_number(v)} × {format_number(percent)}% {sign} {format_number(value)}"
    return Computation("percentage", value, f.unit, formula, [f])


def divided(f: Figure, n: int, magnitude: bool = False) -> Computation:
    """An amount shared equally ``n`` ways ("€ 193.355 over drie gemeenten"); a whole amount
    gives a whole result, marked as rounded when the division is not exact."""
    if n <= 0:
        raise ValueError("Delen door nul of minder is niet gedefinieerd")
    v = _v(f, magnitude)
    value, sign = _rounded_like(v, v / n)
    return Computation("deling", value, f.unit, f"{format_number(v)} / {n} {sign} "
                       f"{format_number(value)}", [f])


def average(figures: list[Figure], magnitude: bool = False) -> Computation:
    """Mean of figures (``(a + b + c) / 3 = m``)."""
    if not figures:
        raise ValueError("Geen cijfers om te middelen")
    vals = [_v(f, magnitude) for f in figures]
    value = round(sum(vals) / len(vals), 2)
    formula = (
        f"({' + '.join(format_number(v) for v in vals)}) / {len(vals)} = "
        f"{format_number(value)}"
    )
    return Computation("gemiddelde", value, figures[0].unit, formula, list(figures))


def per_inhabitant(amount: Figure, inhabitants: Figure) -> Computation:
    """Amount divided by a number of inhabitants (euro per inwoner)."""
    if inhabitants.value == 0:
        raise ValueError("Aantal inwoners is 0")
    value = round(amount.value / inhabitants.value, 2)
    formula = (
        f"{format_number(amount.value)} / {format_number(inhabitants.value)} = "
        f"{format_number(value, 2)}"
    )
    return Computation("per inwoner", value, "EUR/inwoner", formula, [amount, inhabitants])


def times_count(per_unit: Figure, count: Figure) -> Computation:
    """A per-head amount times a head count: what "€ 60 per inwoner" is for all inhabitants."""
    value = round(per_unit.value * count.value, 2)
    formula = (
        f"{format_number(per_unit.value)} × {format_number(count.value)} = {format_number(value)}"
    )
    return Computation("maal aantal", value, "EUR", formula, [per_unit, count])


def provenance(f: Figure) -> dict:
    """The JSON form of a figure that tools return: everything needed to cite it."""
    d = f.to_dict()
    d["formatted"] = format_value(f.value, f.unit)
    return d


# --------------------------------------------------------------------------------------------
# LangChain tools
# --------------------------------------------------------------------------------------------


def make_figure_tools(
    store: FigureStore, allowed_sources: set[str] | None = None
) -> list[BaseTool]:
    """Tools over ``store``; figures from sources outside ``allowed_sources`` are invisible."""

    def visible(f: Figure | None) -> Figure | None:
        if f is None or (allowed_sources is not None and f.source not in allowed_sources):
            return None
        return f

    def fetch(ids: list[str]) -> list[Figure]:
        figs = [visible(store.get(i)) for i in ids]
        missing = [i for i, f in zip(ids, figs, strict=False) if f is None]
        if missing:
            raise ValueError(f"Onbekende cijfer-id's: {', '.join(missing)}")
        return figs  # type: ignore[return-value]

    def dump(obj) -> str:
        return json.dumps(obj, ensure_ascii=False)

    def guarded(fn):
        def run(*args, **kwargs) -> str:
            try:
                return dump(fn(*args, **kwargs))
            except ValueError as exc:
                return dump({"error": str(exc)})

        return run

    @tool
    def find_figures(description: str, period: str = "", entity: str = "", k: int = 8) -> str:
        """Find numbers (amounts, counts, percentages) in the policy documents by a short Dutch
        description, e.g. 'tekort jeugdhulp', 'uitgaven jeugdhulp', 'taakstelling', 'besparing
        toegang', 'inwoners'. Optional period (a year such as '2018') and entity (whose figure: a
        municipality, region or 'Nederland'). Returns JSON figures with id, value, unit,
        metric, entity, period, note and the source file, line and verbatim quote."""
        figs = store.search(
            description, k=k, sources=allowed_sources, entity=entity or None, period=period or None
        )
        return dump([provenance(f) for f in figs])

    @tool
    def lookup_figure(figure_id: str) -> str:
        """Return one figure by its id (JSON with value, unit, source file, line and quote)."""
        return guarded(lambda: provenance(fetch([figure_id])[0]))()

    @tool
    def list_series(metric: str, entity: str = "", note: str = "") -> str:
        """List a time series: one figure per period for a metric such as 'budget', 'uitgaven',
        'resultaat' (negative = tekort), 'besparing', 'financieel_effect' (savings per measure
        towards the taakstelling), optionally for one entity (a municipality, region or
        'Nederland')."""
        figs = store.series(metric, entity or None, note or None, sources=allowed_sources)
        return dump([provenance(f) for f in figs])

    @tool
    def difference_figures(figure_id_a: str, figure_id_b: str, magnitude: bool = False) -> str:
        """Compute figure A minus figure B. Set magnitude=true to compare sizes of deficits
        (resultaat figures are negative). Returns value, Dutch formula and both input figures."""
        return guarded(
            lambda: difference(*fetch([figure_id_a, figure_id_b]), magnitude).to_dict()
        )()

    @tool
    def sum_figures(figure_ids: list[str], magnitude: bool = False) -> str:
        """Add up several figures (e.g. the deficits of several years; magnitude=true adds their
        sizes). Returns value, formula and every input figure."""
        return guarded(lambda: total(fetch(figure_ids), magnitude).to_dict())()

    @tool
    def growth_figures(old_figure_id: str, new_figure_id: str, magnitude: bool = False) -> str:
        """Percentage growth from an old figure to a new one: (new − old) / |old| × 100."""
        return guarded(
            lambda: growth(*fetch([old_figure_id, new_figure_id]), magnitude).to_dict()
        )()

    @tool
    def share_figures(part_figure_id: str, whole_figure_id: str) -> str:
        """A figure as a percentage of another (part / whole × 100)."""
        return guarded(lambda: share(*fetch([part_figure_id, whole_figure_id])).to_dict())()

    @tool
    def per_inhabitant_figures(amount_figure_id: str, inhabitants_figure_id: str) -> str:
        """An amount divided by a number of inhabitants (find 'inwoners' first)."""
        return guarded(
            lambda: per_inhabitant(*fetch([amount_figure_id, inhabitants_figure_id])).to_dict()
        )()

    @tool
    def average_figures(figure_ids: list[str], magnitude: bool = False) -> str:
        """The mean of several figures (e.g. spending per year over a period)."""
        return guarded(lambda: average(fetch(figure_ids), magnitude).to_dict())()

    @tool
    def divide_figure(figure_id: str, parts: int, magnitude: bool = False) -> str:
        """An amount shared equally by a count the asker states ("over three municipalities"):
        figure / parts, rounded to whole euros when the amount is whole."""
        return guarded(lambda: divided(fetch([figure_id])[0], parts, magnitude).to_dict())()

    divide_figure.name = "divide"
    difference_figures.name = "difference"
    average_figures.name = "average"
    growth_figures.name = "growth"
    share_figures.name = "share"
    per_inhabitant_figures.name = "per_inhabitant"
    return [
        find_figures,
        lookup_figure,
        list_series,
        difference_figures,
        sum_figures,
        growth_figures,
        share_figures,
        per_inhabitant_figures,
        average_figures,
        divide_figure,
    ]
