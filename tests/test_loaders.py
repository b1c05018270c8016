"""Loaders: line and page numbers of real generated PDF/DOCX files, and each bad input."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import scanned_pdf
from pypdf import PdfWriter

from ingest.chunk import chunk_lines
from ingest.clean import clean_lines
from ingest.errors import IngestError
from ingest.loaders import load

PAGE_TWO = "Op pagina twee staat de zin over de wachtlijst voor jeugdhulp in Leudal."


def three_pages() -> list[list[str]]:
    pages = []
    for number, word in enumerate(["een", "twee", "drie"], start=1):
        lines = [f"{number}. Hoofdstuk {word}"]
        lines += [f"Regel {i} van hoofdstuk {word} over het sociaal domein." for i in range(12)]
        if number == 2:
            lines.insert(5, PAGE_TWO)
        pages.append(lines)
    return pages


def test_pdf_lines_keep_their_page(make_pdf):
    doc = load(make_pdf(three_pages()))
    assert doc.kind == "pdf"
    assert {line.page for line in doc.lines} == {1, 2, 3}
    hit = [line for line in doc.lines if PAGE_TWO in line.text]
    assert len(hit) == 1 and hit[0].page == 2
    assert [line.number for line in doc.lines] == list(range(1, len(doc.lines) + 1))


def test_pdf_sentence_on_page_two_gets_page_two_chunk(make_pdf):
    chunks = chunk_lines(clean_lines(load(make_pdf(three_pages())).lines), size=400, overlap=0)
    hit = [c for c in chunks if "wachtlijst voor jeugdhulp" in c.text]
    assert len(hit) == 1
    assert hit[0].page == 2
    assert hit[0].section.startswith("2. Hoofdstuk twee")


def test_docx_paragraph_gets_its_paragraph_line(make_docx):
    paragraphs = ["1. Inleiding", "", "Eerste alinea over de toegang tot jeugdhulp."]
    paragraphs += [f"Alinea {i} over de kosten van het sociaal domein in Leudal." for i in range(8)]
    paragraphs += ["", "2. Wachtlijsten", "", "De wachtlijst voor specialistische hulp groeit."]
    target = len(paragraphs)  # 1-based line of the last paragraph
    doc = load(make_docx(paragraphs))
    assert doc.kind == "docx"
    assert doc.lines[target - 1].text == paragraphs[-1]
    chunks = chunk_lines(clean_lines(doc.lines), size=300, overlap=0)
    hit = [c for c in chunks if "specialistische hulp" in c.text]
    assert len(hit) == 1
    assert hit[0].line_start <= target <= hit[0].line_end and target in hit[0].lines
    assert hit[0].section == "2. Wachtlijsten"
    assert hit[0].page is None


def test_text_file_line_numbers_are_file_lines(tmp_path):
    path = tmp_path / "notitie.txt"
    path.write_text("\ufeffkop\n\nregel drie met genoeg tekst om te tellen\n", encoding="utf-8")
    doc = load(path)
    assert [(line.number, line.text) for line in doc.lines[:3]] == [
        (1, "kop"), (2, ""), (3, "regel drie met genoeg tekst om te tellen"),
    ]


# --- bad input: each a one-line error naming the file and the reason --------------------------


def _encrypted(make_pdf) -> Path:
    writer = PdfWriter(clone_from=make_pdf(three_pages()))
    writer.encrypt("geheim")
    path = make_pdf([["x"]]).with_name("versleuteld.pdf")
    writer.write(path)
    return path


def _scanned(make_pdf, tmp_path) -> Path:
    """A 'scan': a page holding only an image, no text layer."""
    return scanned_pdf(tmp_path / "scan.pdf")


BAD_CASES = {
    "leeg.txt": (lambda mp, tp: _write(tp / "leeg.txt", b""), "leeg"),
    "kapot.pdf": (lambda mp, tp: _write(tp / "kapot.pdf", b"%PDF-1.4\n1 0 obj x"), "beschadigd"),
    "afgebroken.pdf": (
        lambda mp, tp: _write(tp / "afgebroken.pdf", mp(three_pages()).read_bytes()[:600]),
        "beschadigd",
    ),
    "versleuteld.pdf": (lambda mp, tp: _encrypted(mp), "versleuteld"),
    "scan.pdf": (lambda mp, tp: _scanned(mp, tp), "geen bruikbare tekst"),
    "tabel.xlsx": (lambda mp, tp: _write(tp / "tabel.xlsx", b"PK\x03\x04"), "niet ondersteund"),
    "latin1.txt": (
        lambda mp, tp: _write(tp / "latin1.txt", "Crèche in Heythuysen, café".encode("cp1252") * 5),
        "UTF-8",
    ),
    "kapot.docx": (lambda mp, tp: _write(tp / "kapot.docx", b"geen zip maar tekst"), "beschadigd"),
}


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("name", sorted(BAD_CASES))
def test_bad_input_gives_one_line_error_with_file_and_reason(name, make_pdf, tmp_path):
    build, reason = BAD_CASES[name]
    path = build(make_pdf, tmp_path)
    with pytest.raises(IngestError) as info:
        load(path)
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith(f"{path.name}: ")
    assert reason in info.value.reason


def test_huge_file_is_refused_before_reading(tmp_path):
    path = tmp_path / "reusachtig.txt"
    with open(path, "wb") as fh:  # sparse: 3 GB on paper, nothing on disk
        fh.truncate(3 * 1024**3)
    with pytest.raises(IngestError, match=r"^reusachtig\.txt: bestand is te groot \(3072 MB"):
        load(path)


def test_pdf_with_too_many_pages_is_refused(make_pdf):
    with pytest.raises(IngestError, match="3 pagina's"):
        load(make_pdf(three_pages()), max_pages=2)
