"""Data that crosses module boundaries: passages, figures, citations and answers.

Plain dataclasses so the CLI (``--json``), the app and the evaluation script all see the
same shape; ``to_dict`` gives the JSON form.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Passage:
    """A retrieved chunk with its provenance (1-based lines of the source text file)."""

    id: str
    text: str
    source: str
    title: str = ""
    date: str = ""
    region: str = ""
    access: str = "public"
    section: str = ""
    line_start: int = 0
    line_end: int = 0
    page: int | None = None
    score: float = 0.0
    owner: str = ""  # whose document: municipality or region (documents.yaml or inferred)
    kind: str = ""
    flags: str = ""  # comma-separated: ocr, instructie

    @classmethod
    def from_metadata(cls, id: str, text: str, meta: dict[str, Any], score: float = 0.0):
        page = meta.get("page")
        return cls(
            id=id,
            text=text,
            source=str(meta.get("source", "")),
            title=str(meta.get("title", "")),
            date=str(meta.get("date", "")),
            region=str(meta.get("region", "")),
            access=str(meta.get("access", "public")),
            section=str(meta.get("section", "")),
            line_start=int(meta.get("line_start", 0) or 0),
            line_end=int(meta.get("line_end", 0) or 0),
            page=int(page) if page not in (None, "", 0) else None,
            score=score,
            owner=str(meta.get("owner", "")),
            kind=str(meta.get("kind", "")),
            flags=str(meta.get("flags", "")),
        )


@dataclass
class Figure:
    """One number from a document, with the verbatim quote and where it stands.

    ``entity`` is whose figure it is (a municipality, region, country or comparison group),
    taken from the table or the document, never a default; ``subject`` is what part of the
    budget it is about (a programme, taakveld, measure or domain). ``value`` has the table's
    scale applied (``5.409`` in a table "x € 1.000" is stored as 5409000 with ``scale`` 1000).
    """

    metric: str
    entity: str
    period: str
    value: float
    unit: str
    source: str
    line: int
    quote: str
    note: str = ""
    origin: str = "parser"  # parser | pdf-table | curated
    id: str = ""
    subject: str = ""
    scenario: str = ""  # begroting | begroting_na_wijziging | realisatie | prognose | raming
    row_label: str = ""
    col_label: str = ""
    taakveld: str = ""  # Iv3 code such as 6.72
    scale: float = 1.0
    page: int | None = None
    bbox: str = ""  # "x0,top,x1,bottom" in PDF points on ``page``
    ocr: bool = False
    caption: str = ""  # the table's caption ("Tabel 7.3 - Kostendekking rioolheffing")

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Citation:
    """A numbered source marker ``[n]`` in an answer and the passage it points to."""

    n: int
    source: str
    title: str
    date: str
    section: str
    line_start: int
    line_end: int
    quote: str
    highlight: str = ""
    page: int | None = None
    region: str = ""
    owner: str = ""
    flags: str = ""


@dataclass
class Answer:
    """What :meth:`assistant.api.Assistant.ask` returns to every caller."""

    question: str
    text: str
    citations: list[Citation] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    abstained: bool = False
    backend: str = "offline"
    timings: dict[str, float] = field(default_factory=dict)
    passages: list[Passage] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    resolved_question: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
