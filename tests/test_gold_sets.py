"""Sanity checks for every gold set in ``evals/gold/*.jsonl`` (fast, no model).

A gold set is only useful if its answers are anchored in the corpus: these tests check the schema,
that every cited line range exists, and that fact / numeric_lookup answers literally occur in the
cited passage, so a typo in a number or a shifted line range fails here instead of silently
lowering the measured quality of the assistant.

A source is either a line range of a text file in ``corpus/`` (``line_start``/``line_end``) or a
1-based page of a PDF in ``corpora/<name>/`` (``page``). A PDF page is checked against the pypdf
text of that page ±1; a PDF whose text layer is unreadable (a scan, or a font without a usable
ToUnicode map) only gets the page-count check, since only OCR reads it.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Literal

import pytest
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

ROOT = Path(__file__).resolve().parent.parent
GOLD_DIR = ROOT / "evals" / "gold"
CORPUS_DIR = ROOT / "corpus"
CORPORA_DIR = ROOT / "corpora"  # further corpora (one folder per municipality), PDFs cited by page
GOLD_FILES = sorted(GOLD_DIR.glob("*.jsonl"))

QuestionType = Literal[
    "fact",
    "numeric_lookup",
    "numeric_computed",
    "comparison",
    "multi_doc",
    "list",
    "why",
    "unanswerable",
    "trap",
]
ANCHORED_TYPES = {"fact", "numeric_lookup"}
WIDEN = 2  # lines of slack on each side of a cited range
PAGE_WIDEN = 1  # pages of slack on each side of a cited PDF page


class Source(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    doc: str
    line_start: int | None = Field(default=None, ge=1)
    line_end: int | None = Field(default=None, ge=1)
    page: int | None = Field(default=None, ge=1)  # 1-based PDF page (documents in corpora/)

    @model_validator(mode="after")
    def _lines_or_page(self) -> Source:
        lines = (self.line_start, self.line_end)
        if self.page is None:
            assert None not in lines, "line_start en line_end (of page) zijn verplicht"
        else:
            assert lines == (None, None), "page en line_start/line_end sluiten elkaar uit"
            assert self.doc.lower().endswith(".pdf"), "page alleen voor een pdf"
        return self


class GoldItem(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    id: str = Field(min_length=1)
    question: str = Field(min_length=5)
    answer: str = Field(min_length=1)
    must_include: list[str]
    accept: list[str]
    sources: list[Source]
    type: QuestionType
    difficulty: int = Field(ge=1, le=3)


def _load(path: Path) -> list[dict]:
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            row = json.loads(line)
            row["_line"] = number
            rows.append(row)
    return rows


@cache
def _corpus_lines(doc: str) -> list[str]:
    return (CORPUS_DIR / doc).read_text(encoding="utf-8").splitlines()


@cache
def _pdf_path(doc: str) -> Path | None:
    """The one file named ``doc`` in a ``corpora/<name>/`` folder (None if absent or ambiguous)."""
    found = sorted(CORPORA_DIR.glob(f"*/{doc}"))
    return found[0] if len(found) == 1 else None


@cache
def _pdf_reader(doc: str):
    from pypdf import PdfReader

    return PdfReader(_pdf_path(doc))


@cache
def _pdf_page_text(doc: str, page: int) -> str:
    return _pdf_reader(doc).pages[page - 1].extract_text() or ""


@cache
def _pdf_has_text_layer(doc: str) -> bool:
    """False when the extracted text is mostly not letters ("/0/1/2" garbage of a broken font)."""
    reader = _pdf_reader(doc)
    sample = "".join(_pdf_page_text(doc, n) for n in range(1, min(len(reader.pages), 10) + 1))
    chars = [c for c in sample if not c.isspace()]
    return bool(chars) and sum(c.isalpha() for c in chars) / len(chars) >= 0.5


def _variants(text: str) -> set[str]:
    """Searchable forms of a passage: hyphenation across line breaks removed or kept."""
    text = text.replace("\u2019", "'").replace("\u00a0", " ")
    joined = re.sub(r"(\w)-[ \t]*\n\s*(\w)", r"\1\2", text)  # gesprek-\nken -> gesprekken
    kept = re.sub(r"-[ \t]*\n\s*", "-", text)  # Midden-\nLimburg -> Midden-Limburg
    return {re.sub(r"\s+", " ", form).casefold() for form in (joined, kept)}


def _norm(s: str) -> str:
    return re.sub(r"\s+", " ", s.replace("\u2019", "'")).strip().casefold()


def _passage(src: Source) -> set[str]:
    if src.page is not None:
        n_pages = len(_pdf_reader(src.doc).pages)
        pages = range(max(src.page - PAGE_WIDEN, 1), min(src.page + PAGE_WIDEN, n_pages) + 1)
        return _variants("\n".join(_pdf_page_text(src.doc, n) for n in pages))
    lines = _corpus_lines(src.doc)
    start = max(src.line_start - 1 - WIDEN, 0)
    end = min(src.line_end + WIDEN, len(lines))
    return _variants("\n".join(lines[start:end]))


def _items(path: Path) -> list[GoldItem]:
    rows = _load(path)
    return [GoldItem.model_validate({k: v for k, v in r.items() if k != "_line"}) for r in rows]


def test_gold_files_exist():
    names = {p.name for p in GOLD_FILES}
    assert "dev.jsonl" in names
    assert "main.jsonl" in names


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.name)
def test_schema_and_types(path: Path):
    for row in _load(path):
        line = row.pop("_line")
        try:
            GoldItem.model_validate(row)
        except ValidationError as exc:  # pragma: no cover - message only
            pytest.fail(f"{path.name}:{line} ongeldig: {exc}")


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.name)
def test_ids_unique(path: Path):
    ids = [item.id for item in _items(path)]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    assert not duplicates, f"dubbele ids in {path.name}: {duplicates}"


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.name)
def test_sources_exist_and_ranges_inside_file(path: Path):
    for item in _items(path):
        for src in item.sources:
            if src.page is not None:
                assert _pdf_path(src.doc), f"{item.id}: {src.doc} niet (eenmaal) in corpora/*/"
                n_pages = len(_pdf_reader(src.doc).pages)
                assert src.page <= n_pages, f"{item.id}: pagina {src.page} > {n_pages}"
                continue
            assert (CORPUS_DIR / src.doc).is_file(), f"{item.id}: onbekend document {src.doc}"
            n_lines = len(_corpus_lines(src.doc))
            assert src.line_start <= src.line_end, f"{item.id}: omgekeerd bereik"
            assert src.line_end <= n_lines, f"{item.id}: regel {src.line_end} > {n_lines}"


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.name)
def test_type_specific_rules(path: Path):
    for item in _items(path):
        if item.type == "unanswerable":
            assert not item.sources and not item.must_include, f"{item.id}: moet leeg zijn"
            continue
        assert item.sources, f"{item.id}: bronnen ontbreken"
        assert item.must_include, f"{item.id}: must_include ontbreekt"
        if item.type == "multi_doc":
            docs = {src.doc for src in item.sources}
            assert len(docs) >= 2, f"{item.id}: multi_doc citeert maar één document"


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.name)
def test_reference_answer_contains_must_include(path: Path):
    """The gold answer itself must pass the correctness rule it defines."""
    for item in _items(path):
        answer = _norm(item.answer)
        for needle in item.must_include:
            options = [needle, *item.accept]
            assert any(_norm(o) in answer for o in options), f"{item.id}: '{needle}' niet in answer"


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.name)
def test_lookup_answers_anchored_in_cited_lines(path: Path):
    missing = []
    for item in _items(path):
        if item.type not in ANCHORED_TYPES:
            continue
        # PDFs without a readable text layer are read by OCR only: nothing to check literally
        checkable = [s for s in item.sources if s.page is None or _pdf_has_text_layer(s.doc)]
        if not checkable:
            continue
        passages = set().union(*(_passage(src) for src in checkable))
        for needle in item.must_include:
            options = [_norm(o) for o in (needle, *item.accept)]
            if not any(o in p for o in options for p in passages):
                missing.append(f"{item.id}: '{needle}'")
    assert not missing, "niet gevonden in geciteerde regels: " + "; ".join(missing)


def test_main_set_coverage():
    items = _items(GOLD_DIR / "main.jsonl")
    assert len(items) >= 160
    counts: dict[str, int] = {}
    for item in items:
        counts[item.type] = counts.get(item.type, 0) + 1
    main_types = [
        "fact",
        "numeric_lookup",
        "numeric_computed",
        "comparison",
        "multi_doc",
        "list",
        "why",
    ]
    for t in main_types:
        assert counts.get(t, 0) >= 10, f"te weinig {t}: {counts.get(t, 0)}"
    assert counts.get("unanswerable", 0) + counts.get("trap", 0) >= 15
    cited_docs = {src.doc for item in items for src in item.sources}
    assert cited_docs == {p.name for p in CORPUS_DIR.glob("*.txt")}
