"""Figures store (read-only SQLite), arithmetic with provenance, and LangChain tools over both.

Arithmetic is done here, in code, never by a language model: each compute function returns a
:class:`Computation` with the value, a Dutch formula (``3.492.011 − 2.096.921 = 1.395.090``) and
the input :class:`~assistant.models.Figure` objects so every answer can cite its sources.
"""

from __future__ import annotations

import json
import re
import sqlite3
import threading
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from math import log
from pathlib import Path

from langchain_core.tools import BaseTool, tool

from assistant.models import Figure

COLUMNS = (
    "id",
    "metric",
    "entity",
    "period",
    "value",
    "unit",
    "source",
    "line",
    "quote",
    "note",
    "origin",
)

# Words a question may use for a metric; added to the searchable text of each figure.
METRIC_SYNONYMS: dict[str, str] = {
    "budget": "budget begroting begroot middelen",
    "uitgaven": "uitgaven kosten uitgegeven besteed lasten",
    "resultaat": "resultaat tekort overschot saldo",
    "taakstelling": "taakstelling bezuiniging opgave",
    "financieel_effect": "financieel effect besparing opbrengst maatregel taakstelling",
    "besparing": "besparing besparen opbrengst oplevert levert op",
    "prognose": "prognose verwachting eindejaar",
    "prognose_resultaat": "prognose resultaat positiever gunstiger verbetering",
    "afwijking_prognose": "afwijking aanpassing prognose gunstiger verschil rarap",
    "begroting": "begroting rarap bijgestelde begroting",
    "integratie_uitkering": "integratie uitkering rijk middelen ontvangen gemeentefonds",
    "verevening": "verevening bijdrage bijgedragen ontvangen solidariteit",
    "transformatiefonds": "transformatiefonds fonds bijdrage gereserveerd",
    "inwoners": "inwoners inwonertal bevolking",
    "fte": "fte formatie personeel",
    "aanbieders": "aanbieders zorgaanbieders gecontracteerd",
    "kosten_per_client": "kosten per client cliënt gemiddeld",
    "uitgaven_per_inwoner": "uitgaven per inwoner",
}


# --------------------------------------------------------------------------------------------
# Dutch number formatting
# --------------------------------------------------------------------------------------------


def format_number(value: float, decimals: int | None = None) -> str:
    """``1395090`` -> ``1.395.090``; ``251.9`` -> ``251,9`` (Dutch separators)."""
    if decimals is None:
        decimals = (
            0 if float(value).is_integer() else (1 if abs(round(value, 1) - value) < 1e-9 else 2)
        )
    text = f"{abs(value):,.{decimals}f}".translate(str.maketrans(",.", ".,"))
    return f"-{text}" if value < 0 and round(abs(value), decimals) > 0 else text


def format_eur(value: float, decimals: int | None = None) -> str:
    """``1395090`` -> ``€ 1.395.090``."""
    return f"€ {format_number(value, decimals)}"


def format_value(value: float, unit: str) -> str:
    """A figure's value with its unit, Dutch style."""
    if unit == "EUR":
        return format_eur(value)
    if unit.startswith("EUR/"):
        return f"{format_eur(value)} per {unit.split('/', 1)[1]}"
    if unit == "%":
        return f"{format_number(value)}%"
    if unit == "fte":
        return f"{format_number(value)} fte"
    return format_number(value)


# --------------------------------------------------------------------------------------------
# Store
# --------------------------------------------------------------------------------------------


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in text if not unicodedata.combining(c))


_STEMMER = None


def tokens(text: str) -> list[str]:
    """Lower-cased, accent-folded, Dutch-stemmed word tokens (numbers kept as written)."""
    global _STEMMER
    if _STEMMER is None:
        import Stemmer

        _STEMMER = Stemmer.Stemmer("dutch")
    words = re.findall(r"[a-z]+|\d[\d.,]*\d|\d", _fold(text).replace("_", " "))
    return [w if w[0].isdigit() else _STEMMER.stemWord(w) for w in words]


def figure_text(f: Figure) -> str:
    return " ".join(
        [f.metric, METRIC_SYNONYMS.get(f.metric, ""), f.entity, f.period, f.note, f.quote]
    )


class FigureStore:
    """Read-only access to the figures SQLite file written by :func:`ingest.figures.write_store`.

    The whole table is small (hundreds of rows), so it is loaded once and searched in memory;
    the lock makes the lazy load safe when the app serves several sessions.
    """

    def __init__(self, db_path: Path | str):
        self.db_path = Path(db_path)
        self._lock = threading.Lock()
        self._figures: list[Figure] | None = None
        self._by_id: dict[str, Figure] = {}
        self._docs: list[Counter] = []
        self._idf: dict[str, float] = {}

    def _load(self) -> list[Figure]:
        with self._lock:
            if self._figures is None:
                if not self.db_path.exists():
                    raise FileNotFoundError(f"Cijferstore niet gevonden: {self.db_path}")
                con = sqlite3.connect(f"file:{self.db_path}?mode=ro", uri=True)
                try:
                    rows = con.execute(
                        f"SELECT {','.join(COLUMNS)} FROM figures ORDER BY source, line, id"
                    ).fetchall()
                finally:
                    con.close()
                figs = [Figure(**dict(zip(COLUMNS, r, strict=False))) for r in rows]
                self._by_id = {f.id: f for f in figs}
                self._docs = [Counter(tokens(figure_text(f))) for f in figs]
                df = Counter(t for d in self._docs for t in d)
                n = len(figs) or 1
                self._idf = {t: log(1 + n / c) for t, c in df.items()}
                self._figures = figs
            return self._figures

    def all(self, sources: set[str] | None = None) -> list[Figure]:
        return [f for f in self._load() if sources is None or f.source in sources]

    def get(self, id: str) -> Figure | None:
        self._load()
        return self._by_id.get(id)

    def search(
        self,
        description: str,
        k: int = 10,
        sources: set[str] | None = None,
        entity: str | None = None,
        period: str | None = None,
    ) -> list[Figure]:
        """Figures ranked by idf-weighted word overlap with ``description``."""
        figs = self._load()
        query = set(tokens(description))
        scored: list[tuple[float, int, Figure]] = []
        for i, (f, doc) in enumerate(zip(figs, self._docs, strict=False)):
            if sources is not None and f.source not in sources:
                continue
            if entity and _fold(entity) not in _fold(f.entity):
                continue
            if period and not f.period.startswith(str(period)):
                continue
            score = sum(self._idf.get(t, 0.0) for t in query if t in doc)
            if score > 0 or not query:
                scored.append((round(score, 9), -i, f))
        scored.sort(key=lambda x: (x[0], x[1]), reverse=True)
        return [f for _, _, f in scored[:k]]

    def series(
        self,
        metric: str,
        entity: str | None = None,
        note: str | None = None,
        sources: set[str] | None = None,
    ) -> list[Figure]:
        """One figure per period (first occurrence in the corpus), ordered by period."""
        seen: dict[str, Figure] = {}
        for f in self.all(sources):
            if f.metric != metric or (entity and _fold(entity) != _fold(f.entity)):
                continue
            if note and _fold(note) not in _fold(f.note):
                continue
            seen.setdefault(f.period, f)
        return [seen[p] for p in sorted(seen)]


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
    formula = (
        f"{format_number(part.value)} / {format_number(whole.value)} × 100 = "
        f"{format_number(value, 1)}%"
    )
    return Computation("aandeel", value, "%", formula, [part, whole])


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
        toegang', 'inwoners'. Optional period (a year such as '2018') and entity (e.g. 'Leudal',
        'Midden-Limburg Oost', 'Toegang Jeugd'). Returns JSON figures with id, value, unit,
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
        towards the taakstelling), optionally for one entity (e.g. 'Leudal', 'Toegang Jeugd')."""
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

    difference_figures.name = "difference"
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
    ]
