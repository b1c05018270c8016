"""Uploads are judged by content: real PDFs, DOCX files, zip bombs and hostile names."""

from __future__ import annotations

import io
import os
import struct
import threading
import zipfile
from pathlib import Path

import pypdf
import pytest
from conftest import isolated_settings
from docx import Document
from fpdf import FPDF

from core.config import Settings
from ingest import uploads
from ingest.uploads import (
    DuplicateUpload,
    UploadError,
    sanitize_filename,
    store_upload,
    validate_upload,
)


@pytest.fixture()
def settings(tmp_path: Path) -> Settings:
    return isolated_settings(tmp_path, max_upload_mb=5, max_pdf_pages=1000)


def make_pdf(pages: int = 1, text: str = "Jeugdhulp Leudal") -> bytes:
    pdf = FPDF()
    pdf.set_font("helvetica", size=12)
    for i in range(pages):
        pdf.add_page()
        pdf.cell(text=f"{text} pagina {i + 1}")
    return bytes(pdf.output())


def make_encrypted_pdf() -> bytes:
    writer = pypdf.PdfWriter()
    writer.append(pypdf.PdfReader(io.BytesIO(make_pdf(2))))
    writer.encrypt("geheim")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def make_docx(text: str = "Ontwikkelagenda jeugdhulp") -> bytes:
    doc = Document()
    doc.add_heading("Taakstelling", level=1)
    doc.add_paragraph(text)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def zip_bytes(entries: dict[str, bytes], level: int = 9) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return out.getvalue()


# ------------------------------------------------------------------ accepted files


def test_real_pdf_is_accepted(settings):
    data = make_pdf(3)
    up = validate_upload("Rapport 2020.pdf", data, settings)
    assert (up.kind, up.pages, up.size, up.safe_name) == ("pdf", 3, len(data), "Rapport_2020.pdf")
    assert len(up.sha256) == 64 and up.notes == []


def test_real_docx_is_accepted(settings):
    up = validate_upload("agenda.docx", make_docx(), settings)
    assert up.kind == "docx" and up.safe_name == "agenda.docx"


def test_utf8_and_markdown_text(settings):
    text = "# Kop\n\nJeugdhulp kost € 1,2 miljoen.\n"
    up = validate_upload("notitie.md", text.encode(), settings)
    assert (up.kind, up.encoding) == ("md", "utf-8")
    up = validate_upload("notitie.txt", "\ufeffJeugdhulp".encode(), settings)
    assert up.kind == "txt"


def test_cp1252_text_is_accepted_and_stored_as_utf8(settings):
    text = "Jeugdhulp kost € 1,2 miljoen; coöperatie en één wijkteam.\n"
    up = validate_upload("oud.txt", text.encode("cp1252"), settings)
    assert up.encoding == "cp1252"
    path = store_upload(up, text.encode("cp1252"), settings)
    assert path.read_text(encoding="utf-8") == text
    # The same text in UTF-8 is the same document.
    again = validate_upload("nieuw.txt", text.encode("utf-8"), settings)
    with pytest.raises(DuplicateUpload, match="oud.txt"):
        store_upload(again, text.encode("utf-8"), settings)


# ------------------------------------------------------------------ lying extensions


def test_pdf_with_wrong_extension_is_corrected(settings):
    up = validate_upload("notulen.txt", make_pdf(), settings)
    assert up.kind == "pdf" and up.safe_name == "notulen.pdf"
    assert "gecorrigeerd" in up.notes[0]


def test_docx_named_pdf_is_corrected(settings):
    up = validate_upload("verslag.pdf", make_docx(), settings)
    assert up.kind == "docx" and up.safe_name == "verslag.docx"


def test_text_claiming_to_be_pdf_is_refused(settings):
    with pytest.raises(UploadError, match="geen PDF"):
        validate_upload("rapport.pdf", b"dit is gewoon tekst", settings)


def test_binary_named_txt_is_refused(settings):
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64
    with pytest.raises(UploadError, match="image/png"):
        validate_upload("foto.txt", png, settings)


def test_unsupported_extension_is_refused(settings):
    with pytest.raises(UploadError, match="wordt niet ondersteund"):
        validate_upload("script.exe", b"MZ just text pretending", settings)
    with pytest.raises(UploadError, match="wordt niet ondersteund"):
        validate_upload("pagina.html", b"<html>hallo</html>", settings)


def test_plain_zip_is_not_a_docx(settings):
    with pytest.raises(UploadError, match="geen Word-document"):
        validate_upload("archief.docx", zip_bytes({"a.txt": b"hallo"}), settings)


def test_old_doc_format_is_named(settings):
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512
    with pytest.raises(UploadError, match="oud Office-bestand"):
        validate_upload("brief.txt", ole, settings)


# ------------------------------------------------------------------ refused content


def test_too_large_is_refused_before_parsing(settings):
    with pytest.raises(UploadError, match=r"te groot \(6\.0 MB\).*5 MB"):
        validate_upload("groot.txt", b"a" * (6 * 1024 * 1024), settings)


def test_empty_file_is_refused(settings):
    with pytest.raises(UploadError, match="leeg"):
        validate_upload("leeg.txt", b"", settings)
    with pytest.raises(UploadError, match="leeg"):
        validate_upload("spaties.txt", b"  \n\n ", settings)


def test_non_utf8_binary_text_is_refused(settings):
    with pytest.raises(UploadError, match="binair bestand, geen tekst"):
        validate_upload("data.txt", b"tekst\x00met\x00nul", settings)
    with pytest.raises(UploadError, match="tekencodering"):
        validate_upload("raar.txt", b"\x81\x8d\x8f\x90\x9d" * 20, settings)
    with pytest.raises(UploadError, match="stuurtekens"):
        validate_upload("stuur.md", bytes(range(1, 32)) * 10, settings)


def test_many_page_pdf_is_refused(settings):
    with pytest.raises(UploadError, match=r"2000 pagina's; het maximum is 1000"):
        validate_upload("dik.pdf", make_pdf(2000), settings)


def test_page_limit_comes_from_settings(tmp_path):
    strict = isolated_settings(tmp_path, max_pdf_pages=5)
    assert validate_upload("vijf.pdf", make_pdf(5), strict).pages == 5
    with pytest.raises(UploadError, match="6 pagina's"):
        validate_upload("zes.pdf", make_pdf(6), strict)


def test_encrypted_pdf_is_refused(settings):
    with pytest.raises(UploadError, match="versleuteld"):
        validate_upload("geheim.pdf", make_encrypted_pdf(), settings)


def test_corrupt_pdf_is_refused(settings):
    data = make_pdf(2)
    with pytest.raises(UploadError, match="beschadigd"):
        validate_upload("kapot.pdf", data[:200], settings)


def test_zip_bomb_by_ratio_is_refused(settings):
    bomb = zip_bytes({"word/document.xml": b"<w/>", "word/media/x.bin": b"\0" * (50 << 20)})
    assert len(bomb) < 1 << 20  # 50 MB of zeros packs into well under 1 MB
    with pytest.raises(UploadError, match="zip-bom"):
        validate_upload("bom.docx", bomb, settings)


def test_zip_bomb_by_entry_count_is_refused(settings):
    entries = {f"word/p{i}.xml": b"x" for i in range(1500)}
    entries["word/document.xml"] = b"<w/>"
    with pytest.raises(UploadError, match="1501 onderdelen"):
        validate_upload("veel.docx", zip_bytes(entries), settings)


def test_zip_bomb_by_total_size_is_refused(settings, monkeypatch):
    monkeypatch.setattr(uploads, "MAX_UNZIPPED_BYTES", 2 << 20)
    entries = {"word/document.xml": b"<w/>", "word/a.bin": os.urandom(3 << 20)}
    with pytest.raises(UploadError, match="zip-bom"):
        validate_upload("groot.docx", zip_bytes(entries, level=1), settings)


def test_zip_with_lying_entry_size_is_refused(settings):
    data = bytearray(
        zip_bytes({"word/document.xml": b"<w/>" * 1000, "word/b.xml": b"ab" * 200_000})
    )
    # Rewrite the declared uncompressed size of word/b.xml in the central directory to 10 bytes.
    cd = data.rfind(b"PK\x01\x02", 0, data.rfind(b"word/b.xml"))
    data[cd + 24 : cd + 28] = struct.pack("<I", 10)
    with pytest.raises(UploadError, match="beschadigd|zip-bom"):
        validate_upload("lieg.docx", bytes(data), settings)


# ------------------------------------------------------------------ names


@pytest.mark.parametrize(
    ("name", "kind", "expected"),
    [
        ("../../etc/passwd.pdf", "pdf", "passwd.pdf"),
        ("..\\..\\Windows\\win.ini.txt", "txt", "win.ini.txt"),
        ("C:\\Users\\jan\\rapport 2020 (def).pdf", "pdf", "rapport_2020_def.pdf"),
        (".bashrc", "txt", "bashrc.txt"),
        ("...", "txt", "upload.txt"),
        ("", "md", "upload.md"),
        ("Één rapport – versie 2.docx", "docx", "Een_rapport_versie_2.docx"),
        ("CON.txt", "txt", "upload_CON.txt"),
        ("a/b/\x00evil.pdf", "pdf", "evil.pdf"),
        ("rapport.pdf.exe", "pdf", "rapport.pdf.pdf"),
    ],
)
def test_sanitize_filename(name, kind, expected):
    assert sanitize_filename(name, kind) == expected


def test_long_names_are_cut_but_keep_extension():
    name = sanitize_filename("x" * 300 + ".pdf", "pdf")
    assert len(name) == 100 and name.endswith(".pdf")


def test_traversal_name_is_stored_inside_upload_dir(settings):
    data = make_pdf()
    up = validate_upload("../../etc/passwd.pdf", data, settings)
    path = store_upload(up, data, settings)
    assert path.parent == settings.upload_dir and path.name == "passwd.pdf"
    assert path.read_bytes() == data


# ------------------------------------------------------------------ storing


def test_duplicate_content_is_detected_by_hash(settings):
    data = make_docx()
    first = store_upload(validate_upload("a.docx", data, settings), data, settings)
    with pytest.raises(DuplicateUpload) as err:
        store_upload(validate_upload("andere naam.docx", data, settings), data, settings)
    assert err.value.existing == first and "a.docx" in str(err.value)
    assert sorted(p.name for p in settings.upload_dir.iterdir() if not p.name.startswith(".")) == [
        "a.docx"
    ]


def test_same_name_different_content_is_not_overwritten(settings):
    one, two = make_pdf(1, "een"), make_pdf(1, "twee")
    p1 = store_upload(validate_upload("r.pdf", one, settings), one, settings)
    p2 = store_upload(validate_upload("r.pdf", two, settings), two, settings)
    assert p1 != p2 and p1.read_bytes() == one and p2.read_bytes() == two


def test_failed_write_leaves_nothing_behind(settings, monkeypatch):
    data = b"Tekst die niet opgeslagen wordt."
    up = validate_upload("n.txt", data, settings)

    def broken_replace(src, dst):
        raise OSError("schijf vol")

    monkeypatch.setattr(uploads.os, "replace", broken_replace)
    with pytest.raises(OSError, match="schijf vol"):
        store_upload(up, data, settings)
    assert [p.name for p in settings.upload_dir.iterdir()] == [".lock"]


def test_data_must_match_validated_upload(settings):
    up = validate_upload("n.txt", b"origineel", settings)
    with pytest.raises(UploadError, match="komt niet overeen"):
        store_upload(up, b"verwisseld", settings)


def test_concurrent_duplicate_uploads_store_once(settings):
    data = make_pdf(2)
    results: list[str] = []

    def upload(i: int) -> None:
        try:
            store_upload(validate_upload(f"kopie{i}.pdf", data, settings), data, settings)
            results.append("stored")
        except DuplicateUpload:
            results.append("duplicate")

    threads = [threading.Thread(target=upload, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["duplicate"] * 7 + ["stored"]
    stored = [p for p in settings.upload_dir.iterdir() if not p.name.startswith(".")]
    assert len(stored) == 1
