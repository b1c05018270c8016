"""Sanity checks for every gold set in ``evals/gold/*.jsonl`` (fast, no model).

A gold set is only useful if its answers are anchored in the corpus: these tests check the schema,
that every cited line range exists, and that fact / numeric_lookup answers literally occur in the
cited passage, so a typo in a number or a shifted line range fails here instead of silently
lowering the measured quality of the assistant.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Literal

import pytest
from pydantic import BaseModel, ConfigDict, Field, ValidationError

ROOT = Path(__file__).resolve().parent.parent
GOLD_DIR = ROOT / "evals" / "gold"
CORPUS_DIR = ROOT / "corpus"
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


class Source(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    doc: str
    line_start: int = Field(ge=1)
    line_end: int = Field(ge=1)


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


def _variants(text: str) -> set[str]:
    """Searchable forms of a passage: hyphenation across line breaks removed or kept."""
    text = text.replace("\u2019", "'").replace("\u00a0", " ")
    joined = re.sub(r"(\w)-[ \t]*\n\s*(\w)", r"\1\2", text)  # gesprek-\nken -> gesprekken
    kept = re.sub(r"-[ \t]*\n\s*", "-", text)  # Midden-\nLimburg -> Midden-Limburg
    return {re.sub(r"\s+", " ", form).casefold() for form in (joined, kept)}


def _norm(s: str) -> str:
    return re.sub(r"\s+", " ", s.replace("\u2019", "'")).strip().casefold()


def _passage(src: Source) -> set[str]:
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
        passages = set().union(*(_passage(src) for src in item.sources))
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
