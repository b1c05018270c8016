"""The figures store: one SQLite table of figures with provenance, written by ingest, read by
answering. Small (hundreds to thousands of rows), so readers load it once and search in memory.
"""

from __future__ import annotations

import re
import sqlite3
import threading
import unicodedata
from collections import Counter
from dataclasses import fields
from math import log
from pathlib import Path

from core.models import Figure

COLUMNS = tuple(f.name for f in fields(Figure))
_SQL_TYPES = {
    "value": "REAL", "line": "INTEGER", "scale": "REAL", "page": "INTEGER", "ocr": "INTEGER"
}

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
        [
            f.metric,
            METRIC_SYNONYMS.get(f.metric, ""),
            f.entity,
            f.subject,
            f.row_label,
            f.col_label,
            f.scenario,
            f.period,
            f.note,
            f.quote,
        ]
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
                figs = [Figure(**dict(zip(COLUMNS, r, strict=True))) for r in rows]
                for f in figs:
                    f.ocr = bool(f.ocr)
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
            if f.metric != metric or (
                entity and _fold(entity) not in (_fold(f.entity), _fold(f.subject))
            ):
                continue  # "entity" may name whose figure it is or what it is about
            if note and _fold(note) not in _fold(f.note):
                continue
            seen.setdefault(f.period, f)
        return [seen[p] for p in sorted(seen)]


def dedupe(figures: list[Figure]) -> list[Figure]:
    """Drop parser figures that a curated entry covers (same source, line and value) and repeats."""
    curated = {(f.source, f.line, round(f.value, 4)) for f in figures if f.origin == "curated"}
    seen: set[tuple] = set()
    out: list[Figure] = []
    for f in sorted(figures, key=lambda f: f.origin != "curated"):
        if f.origin != "curated" and (f.source, f.line, round(f.value, 4)) in curated:
            continue
        key = (f.source, f.line, round(f.value, 4), f.period, f.metric, f.entity)
        if key in seen:
            continue
        seen.add(key)
        out.append(f)
    return sorted(out, key=lambda f: (f.source, f.line, f.id))




def write_store(figures: list[Figure], db_path: Path) -> None:
    """Write a fresh SQLite figures store (one table ``figures``)."""
    db_path = Path(db_path)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    if db_path.exists():
        db_path.unlink()
    rows = dedupe(figures)
    with sqlite3.connect(db_path) as con:
        cols = ", ".join(
            f"{c} {_SQL_TYPES.get(c, 'TEXT')}{' PRIMARY KEY' if c == 'id' else ''}" for c in COLUMNS
        )
        con.execute(f"CREATE TABLE figures ({cols})")
        con.executemany(
            f"INSERT OR REPLACE INTO figures VALUES ({','.join('?' * len(COLUMNS))})",
            [tuple(getattr(f, c) for c in COLUMNS) for f in rows],
        )
    con.close()



class FiguresWithout:
    """A store's figures without the ones named (the planner reads only :meth:`all`).

    Why: "hoeveel aanbieders zijn gecontracteerd, en van hoeveel maakt de gemeente gebruik?"
    answers its second part with another figure than its first; planning the second part
    over the store without the first part's figure finds the next one that fits."""

    def __init__(self, store: FigureStore, hidden: set[str]) -> None:
        self.store, self.hidden = store, set(hidden)

    def all(self, sources: set[str] | None = None) -> list[Figure]:
        return [f for f in self.store.all(sources) if f.id not in self.hidden]

    def get(self, id: str) -> Figure | None:
        return None if id in self.hidden else self.store.get(id)
