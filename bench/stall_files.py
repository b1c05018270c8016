"""Stall files: generate the inputs that used to stall or stop ingestion, feed each one to the
CLI ingest (next to one good document) and to the upload, and print per file the Dutch
message and the seconds until it was refused or done.

    .venv/bin/python bench/stall_files.py [--only NAME ...] [--skip-upload] [--keep DIR]

Every file must be handled within 60 s (exit code 1 otherwise) and the good document must
still land in the new index generation. The generators are importable (the tests use them).
"""

from __future__ import annotations

import argparse
import io
import random
import shutil
import sys
import tempfile
import time
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

LIMIT_SECONDS = 60.0
GOOD_TEXT = """Notitie jeugdhulp

1 Kosten
De kosten van de jeugdhulp bedroegen in 2021 € 11.000.000.
De raad wordt twee keer per jaar geïnformeerd over de voortgang.
"""
_WORDS = [
    "gemeente", "jeugdhulp", "kosten", "raad", "begroting", "zorg", "aanbieder", "taakstelling",
    "regio", "leudal", "wijkteam", "inwoner", "budget", "uitgaven", "besparing", "maatregel",
    "beleid", "jaar", "verslag",
]


# ------------------------------------------------------------------------------ generators


def big_text(path: Path, megabytes: int = 24) -> Path:
    """A plain text of ``megabytes`` MB (the issue's one gave 38k passages, ~1.7 h)."""
    rng = random.Random(1)
    target = megabytes * 1024 * 1024
    with path.open("w", encoding="utf-8") as fh:
        written, n = 0, 0
        while written < target:
            n += 1
            line = f"Regel {n}: " + " ".join(rng.choice(_WORDS) for _ in range(14)) + ".\n"
            if n % 8 == 0:
                line += "\n"
            fh.write(line)
            written += len(line)
    return path


def _minimal_docx(document_xml: bytes | Callable[[zipfile.ZipFile], None]) -> bytes:
    """A DOCX with the given word/document.xml (or a writer for it)."""
    ct = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
          b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
          b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
          b'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
          b'<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
          b'officedocument.wordprocessingml.document.main+xml"/></Types>')
    rels = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            b'relationships/officeDocument" Target="word/document.xml"/></Relationships>')
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", ct)
        zf.writestr("_rels/.rels", rels)
        if callable(document_xml):
            document_xml(zf)
        else:
            zf.writestr("word/document.xml", document_xml)
    return buf.getvalue()


_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def docx_zip_bomb(path: Path, unpacked_mb: int = 195) -> Path:
    """A DOCX whose document.xml unpacks to ``unpacked_mb`` MB of paragraphs (~10x ratio)."""
    rng = random.Random(2)

    def write(zf: zipfile.ZipFile) -> None:
        info = zipfile.ZipInfo("word/document.xml")
        info.compress_type = zipfile.ZIP_DEFLATED
        with zf.open(info, "w", force_zip64=True) as fh:
            fh.write(f'<?xml version="1.0" encoding="UTF-8"?><w:document {_W}><w:body>'.encode())
            target, written = unpacked_mb * 1024 * 1024, 0
            block = []
            while written < target:
                words = " ".join(rng.choice(_WORDS) for _ in range(40))
                block.append(f"<w:p><w:r><w:t>{words}</w:t></w:r></w:p>")
                if len(block) == 2000:
                    data = "".join(block).encode()
                    fh.write(data)
                    written += len(data)
                    block = []
            fh.write(b"</w:body></w:document>")

    path.write_bytes(_minimal_docx(write))
    return path


def docx_billion_laughs(path: Path) -> Path:
    """A DOCX whose document.xml defines nested entities (the 'billion laughs' attack)."""
    ents = ['<!ENTITY lol "lol">']
    ents += [f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
             for i in range(1, 10)]
    xml = (f'<?xml version="1.0"?><!DOCTYPE lolz [{"".join(ents)}]>'
           f'<w:document {_W}><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p>'
           "</w:body></w:document>").encode()
    path.write_bytes(_minimal_docx(xml))
    return path


def _pdf(objects: list[bytes], root: int = 1) -> bytes:
    """Assemble a PDF from numbered objects (1-based) with a correct xref table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += (f"trailer\n<< /Size {len(objects) + 1} /Root {root} 0 R >>\n"
            f"startxref\n{xref}\n%%EOF\n").encode()
    return bytes(out)


def _stream(data: bytes, compress: bool = True) -> bytes:
    body = zlib.compress(data, 9) if compress else data
    filt = b" /Filter /FlateDecode" if compress else b""
    return b"<< /Length " + str(len(body)).encode() + filt + b" >>\nstream\n" + body + \
        b"\nendstream"


def pdf_shared_stream(path: Path, pages: int = 999, stream_mb: float = 2.0) -> Path:
    """``pages`` pages that all draw one ``stream_mb`` MB content stream (~15 s per page)."""
    rng = random.Random(3)
    ops = []
    size, y = 0, 800
    while size < stream_mb * 1024 * 1024:
        words = " ".join(rng.choice(_WORDS) for _ in range(8))
        op = f"BT /F1 8 Tf 20 {y} Td ({words}) Tj ET\n"
        ops.append(op)
        size += len(op)
        y = 800 if y < 30 else y - 9
    content = "".join(ops).encode()
    first_page = 5
    kids = " ".join(f"{first_page + i} 0 R" for i in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        _stream(content),
    ]
    page = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents 4 0 R >>")
    objects += [page] * pages
    path.write_bytes(_pdf(objects))
    return path


def pdf_stream_bomb(path: Path, unpacked_mb: int = 300) -> Path:
    """One page whose content stream inflates from ~300 KB to ``unpacked_mb`` MB."""
    comp = zlib.compressobj(9)
    parts = []
    chunk = b" " * (1024 * 1024)
    for _ in range(unpacked_mb):
        parts.append(comp.compress(chunk))
    parts.append(comp.flush())
    body = b"".join(parts)
    stream = (b"<< /Length " + str(len(body)).encode() + b" /Filter /FlateDecode >>\nstream\n"
              + body + b"\nendstream")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        stream,
    ]
    path.write_bytes(_pdf(objects))
    return path


def pdf_deeply_nested(path: Path, depth: int = 100_000) -> Path:
    """A page dictionary holding an array nested ``depth`` levels deep (RecursionError)."""
    nested = b"[" * depth + b"]" * depth
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Nest "
        + nested + b" >>",
        _stream(b"BT /F1 12 Tf 72 720 Td (Hallo) Tj ET"),
    ]
    path.write_bytes(_pdf(objects))
    return path


GENERATORS: dict[str, tuple[str, Callable[[Path], Path]]] = {
    "tekst-24mb.txt": ("24 MB tekst", big_text),
    "zipbom.docx": ("DOCX zip-bom (195 MB uitgepakt)", docx_zip_bomb),
    "billion-laughs.docx": ("DOCX billion laughs", docx_billion_laughs),
    "gedeelde-stroom-999p.pdf": ("PDF 999 pagina's, één stroom van 2 MB", pdf_shared_stream),
    "stroombom.pdf": ("PDF stream bomb (300 MB uitgepakt)", pdf_stream_bomb),
    "diep-genest.pdf": ("PDF 100.000 niveaus genest", pdf_deeply_nested),
}


# ------------------------------------------------------------------------------ benchmark


def _settings(root: Path):
    from core.config import Settings

    return Settings(
        corpus_dir=root / "corpus", index_dir=root / "index", upload_dir=root / "uploads",
        users_file=root / "users.yaml", feedback_db=root / "feedback.sqlite", chroma_host=None,
        embedding_cache=root / "emb.sqlite", profile=ROOT / "corpus" / "profile.yaml",
    )


def run_cli(path: Path, work: Path) -> tuple[float, str, bool]:
    """The CLI ingest of a corpus of ``path`` plus one good file: seconds, message, good ok."""
    from ingest.pipeline import run_ingest

    root = work / f"cli-{path.stem}"
    settings = _settings(root)
    settings.corpus_dir.mkdir(parents=True)
    (settings.corpus_dir / "goed.txt").write_text(GOOD_TEXT, encoding="utf-8")
    shutil.copy(path, settings.corpus_dir / path.name)
    t0 = time.perf_counter()
    try:
        report = run_ingest(settings)
        seconds = time.perf_counter() - t0
        mine = [e for e in report.errors if e.startswith(path.name)]
        message = mine[0] if mine else f"toegevoegd ({report.passages.get(path.name, 0)} passages)"
        good = report.passages.get("goed.txt", 0) > 0
    except Exception as exc:  # noqa: BLE001 - the benchmark reports, it does not crash
        seconds = time.perf_counter() - t0
        message, good = f"FOUT {type(exc).__name__}: {exc}", False
    shutil.rmtree(root, ignore_errors=True)
    return seconds, message, good


def run_upload(path: Path, work: Path) -> tuple[float, str]:
    """The same file through the upload (validate, store, ingest)."""
    from core.errors import user_message
    from ingest.add import add_upload

    root = work / f"upload-{path.stem}"
    settings = _settings(root)
    settings.corpus_dir.mkdir(parents=True)
    (settings.corpus_dir / "goed.txt").write_text(GOOD_TEXT, encoding="utf-8")
    t0 = time.perf_counter()
    try:
        report = add_upload(settings, path.name, path.read_bytes())
        message = f"toegevoegd ({report.passages.get(path.name, 0)} passages)"
    except Exception as exc:  # noqa: BLE001
        message = user_message(exc)
    seconds = time.perf_counter() - t0
    shutil.rmtree(root, ignore_errors=True)
    return seconds, message


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", nargs="*", help="alleen deze bestanden")
    parser.add_argument("--skip-upload", action="store_true", help="alleen de CLI-ingest")
    parser.add_argument("--keep", type=Path, help="bewaar de gegenereerde bestanden hier")
    args = parser.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="raads-stall-"))
    files_dir = args.keep or work / "files"
    files_dir.mkdir(parents=True, exist_ok=True)
    rows = []
    worst = 0.0
    try:
        for name, (label, make) in GENERATORS.items():
            if args.only and name not in args.only:
                continue
            t0 = time.perf_counter()
            path = make(files_dir / name)
            gen_s = time.perf_counter() - t0
            size = path.stat().st_size / (1024 * 1024)
            print(f"# {label}: {name}, {size:.1f} MB (gemaakt in {gen_s:.1f} s)", flush=True)
            cli_s, cli_msg, good = run_cli(path, work)
            print(f"  CLI    {cli_s:6.1f} s  {cli_msg}  | goed.txt ingelezen: "
                  f"{'ja' if good else 'NEE'}", flush=True)
            up_s, up_msg = (0.0, "-") if args.skip_upload else run_upload(path, work)
            if not args.skip_upload:
                print(f"  upload {up_s:6.1f} s  {up_msg}", flush=True)
            worst = max(worst, cli_s, up_s)
            rows.append((label, size, cli_s, cli_msg, good, up_s, up_msg))
    finally:
        shutil.rmtree(work, ignore_errors=True)

    print("\n| bestand | MB | CLI s | CLI-melding | goed bestand erin | upload s | uploadmelding |")
    print("|---|---|---|---|---|---|---|")
    for label, size, cli_s, cli_msg, good, up_s, up_msg in rows:
        print(f"| {label} | {size:.1f} | {cli_s:.1f} | {cli_msg} | {'ja' if good else 'nee'} "
              f"| {up_s:.1f} | {up_msg} |")
    ok = worst <= LIMIT_SECONDS and all(r[4] for r in rows)
    print(f"\nLangste: {worst:.1f} s (grens {LIMIT_SECONDS:.0f} s): {'OK' if ok else 'TE LANG'}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
