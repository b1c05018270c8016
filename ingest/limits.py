"""Per-file limits for ingestion, the same for the CLI ingest and for uploads.

Every file is read by :func:`ingest.loaders.load` inside a separate worker process
(:mod:`ingest.worker`) under:

* a memory cap (``RAADS_INGEST_MEMORY_MB``, ``RLIMIT_DATA`` of the worker);
* a time budget of ``RAADS_INGEST_SECONDS_BASE`` plus ``RAADS_INGEST_SECONDS_PER_PAGE`` per PDF
  page, never more than ``RAADS_INGEST_MAX_FILE_SECONDS``; a worker that overruns is killed
  and the next file gets a fresh one, so one file can never hold the ingest lock for long;
* static checks before parsing: file size, zip bombs in DOCX (entries, unpacked bytes,
  compression ratio, an oversized XML part), PDF pages, encryption and the unpacked size of
  all page content (a 2 MB stream shared by 999 pages counts 999 times);
* a text cap after parsing (``RAADS_INGEST_MAX_PASSAGES`` x chunk size characters) and a
  passage cap after chunking (in :mod:`ingest.pipeline`).

Any failure (including parser errors such as ``XMLSyntaxError``, pypdf's
``LimitReachedError`` or ``RecursionError``) becomes an :class:`IngestError` with a Dutch
reason; the pipeline reports it and skips the file, the other files are still indexed.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import select
import struct
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from ingest.errors import IngestError
from ingest.loaders import LoadedDocument

# Unpacked page content over all pages of one PDF (a shared stream counts once per page).
MAX_PDF_CONTENT_BYTES = 128 * 1024 * 1024


@dataclass(frozen=True)
class FileLimits:
    max_bytes: int
    max_pages: int
    max_passages: int
    max_text_chars: int
    seconds_base: float
    seconds_per_page: float
    max_file_seconds: float
    memory_mb: int
    isolated: bool = True
    max_pdf_content_bytes: int = MAX_PDF_CONTENT_BYTES
    seconds_per_ocr_page: float = 120.0
    max_ocr_seconds: float = 5400.0

    @classmethod
    def from_settings(cls, settings: Any, max_bytes: int | None = None) -> FileLimits:
        return cls(
            max_bytes=max_bytes or int(settings.max_upload_mb) * 4 * 1024 * 1024,
            max_pages=int(settings.max_pdf_pages),
            max_passages=int(settings.ingest_max_passages),
            max_text_chars=int(settings.ingest_max_passages) * int(settings.chunk_size),
            seconds_base=float(settings.ingest_seconds_base),
            seconds_per_page=float(settings.ingest_seconds_per_page),
            max_file_seconds=float(settings.ingest_max_file_seconds),
            seconds_per_ocr_page=float(settings.ingest_seconds_per_ocr_page),
            max_ocr_seconds=float(settings.ingest_max_ocr_seconds),
            memory_mb=int(settings.ingest_memory_mb),
            isolated=bool(settings.ingest_isolated),
        )

    def budget(self, pages: int | None) -> float:
        """Seconds one file may take to read."""
        return min(self.max_file_seconds, self.seconds_base + self.seconds_per_page * (pages or 0))


# ------------------------------------------------------------------------ checks (in worker)


def explain(exc: BaseException, limits: FileLimits) -> str:
    """A Dutch reason for any exception a parser may raise."""
    name = type(exc).__name__
    if isinstance(exc, IngestError):
        return exc.reason
    if isinstance(exc, MemoryError):
        return (f"inlezen vraagt meer dan {limits.memory_mb} MB geheugen (maximum); "
                "het bestand is te groot of kwaadaardig")
    if isinstance(exc, RecursionError):
        return "de structuur is te diep genest om te lezen (RecursionError); bestand overgeslagen"
    if name == "LimitReachedError":
        return ("bevat een gegevensstroom die te groot uitpakt (LimitReachedError, mogelijk een "
                "'stream bomb'); bestand overgeslagen")
    if name in ("XMLSyntaxError", "ParseError"):
        return ("bevat ongeldige of gevaarlijke XML (XMLSyntaxError, bijvoorbeeld een "
                "'billion laughs'-constructie); bestand overgeslagen")
    if type(exc).__module__.startswith("pypdf"):
        return f"PDF is beschadigd of onleesbaar ({name})"
    if isinstance(exc, UnicodeDecodeError):
        return "is geen geldige UTF-8-tekst; sla op als UTF-8"
    return f"kan niet worden gelezen ({name}); bestand overgeslagen"


def _check_pdf(path: Path, limits: FileLimits) -> int:
    import pypdf

    reader = pypdf.PdfReader(str(path))
    if reader.is_encrypted:
        raise IngestError(path.name, "PDF is versleuteld of met een wachtwoord beveiligd")
    pages = len(reader.pages)
    if pages > limits.max_pages:
        raise IngestError(path.name, f"PDF heeft {pages} pagina's (maximum {limits.max_pages})")
    sizes: dict[tuple[int, int], int] = {}
    total = 0
    for page in reader.pages:
        contents = page.get("/Contents")
        refs = contents if isinstance(contents, list | pypdf.generic.ArrayObject) else [contents]
        for ref in refs:
            if ref is None:
                continue
            key = (getattr(ref, "idnum", id(ref)), getattr(ref, "generation", 0))
            if key not in sizes:
                obj = ref.get_object()
                sizes[key] = len(obj.get_data()) if hasattr(obj, "get_data") else 0
            total += sizes[key]
            if total > limits.max_pdf_content_bytes:
                raise IngestError(
                    path.name,
                    f"de pagina's van de PDF pakken samen uit tot meer dan "
                    f"{limits.max_pdf_content_bytes // (1024 * 1024)} MB (maximum; {pages} "
                    "pagina's, "
                    "vaak één grote gedeelde inhoudsstroom); dit zou uren duren en wordt "
                    "overgeslagen",
                )
    return pages


def static_checks(path: Path, limits: FileLimits) -> int | None:
    """Checks before parsing; returns the PDF page count (None for other kinds)."""
    size = path.stat().st_size
    if size == 0:
        return None  # the loader says 'bestand is leeg'
    if size > limits.max_bytes:
        raise IngestError(path.name, f"bestand is te groot ({size // (1024 * 1024)} MB, "
                                     f"maximum {limits.max_bytes // (1024 * 1024)} MB)")
    ext = path.suffix.lower()
    if ext == ".docx":
        from ingest.uploads import UploadError, check_zip_file

        try:
            check_zip_file(path)
        except UploadError as exc:
            raise IngestError(path.name, str(exc).rstrip(".")) from exc
    elif ext == ".pdf":
        return _check_pdf(path, limits)
    return None


def check_text(doc: LoadedDocument, limits: FileLimits) -> None:
    chars = sum(len(line.text) + 1 for line in doc.lines)
    if chars > limits.max_text_chars:
        raise IngestError(
            doc.source,
            f"bevat te veel tekst ({chars / 1e6:.1f} miljoen tekens, ongeveer "
            f"{chars // 750} passages; maximum {limits.max_passages} passages per bestand); "
            "splits het document",
        )


def read_file(
    path: Path, limits: FileLimits, on_pages=None, on_progress=None
) -> LoadedDocument:
    """Static checks, parse, text cap: what the worker does for one file (also in-process).

    ``on_progress(page, pages, message)`` reports each PDF page read (and OCR'd), so the
    parent can tell slow-but-working OCR from a stalled parser."""
    from ingest.loaders import load

    pages = static_checks(path, limits)
    if on_pages is not None:
        on_pages(pages)
    doc = load(
        path, max_bytes=limits.max_bytes, max_pages=limits.max_pages, progress=on_progress
    )
    check_text(doc, limits)
    return doc


# ------------------------------------------------------------------------ worker protocol


def send(stream, message: Any) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(struct.pack("!Q", len(data)) + data)
    stream.flush()


def _read_exact(fd: int, n: int, deadline: float) -> bytes:
    buf = bytearray()
    while len(buf) < n:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError
        ready, _, _ = select.select([fd], [], [], left)
        if not ready:
            raise TimeoutError
        part = os.read(fd, min(n - len(buf), 1 << 20))
        if not part:
            raise EOFError
        buf.extend(part)
    return bytes(buf)


class FileReader:
    """Reads files one at a time in a worker process with a deadline and memory cap.

    Use as a context manager; a worker that overran or died is replaced for the next file.
    """

    def __init__(self, limits: FileLimits, on_progress=None) -> None:
        self.limits = limits
        self.on_progress = on_progress  # (page, pages, message) from the worker
        self._proc: subprocess.Popen | None = None

    def __enter__(self) -> FileReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        proc, self._proc = self._proc, None
        if proc is None:
            return
        with contextlib.suppress(Exception):
            proc.stdin.close()
        try:
            proc.wait(timeout=2)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()

    def _kill(self) -> None:
        proc, self._proc = self._proc, None
        if proc is not None:
            with contextlib.suppress(ProcessLookupError):
                proc.kill()
            proc.wait()

    def _worker(self) -> subprocess.Popen:
        if self._proc is None or self._proc.poll() is not None:
            root = str(Path(__file__).resolve().parent.parent)
            env = dict(os.environ)
            env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH")) if p)
            self._proc = subprocess.Popen(
                [sys.executable, "-m", "ingest.worker", str(self.limits.memory_mb)],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, cwd=root, env=env,
            )
        return self._proc

    def read(self, path: Path) -> LoadedDocument:
        """The loaded document, or :class:`IngestError` with a Dutch reason."""
        if not self.limits.isolated:
            try:
                return read_file(path, self.limits)
            except Exception as exc:  # noqa: BLE001 - every parser error becomes a reason
                raise IngestError(path.name, explain(exc, self.limits)) from exc
        started = time.monotonic()
        proc = self._worker()
        budget = self.limits.budget(None)
        try:
            send(proc.stdin, {"path": str(path), "limits": asdict(self.limits)})
            fd = proc.stdout.fileno()
            while True:
                deadline = started + budget
                size = struct.unpack("!Q", _read_exact(fd, 8, deadline))[0]
                kind, value = pickle.loads(_read_exact(fd, size, deadline + 30))
                if kind == "pages":
                    # The first page may need OCR: give it an OCR page's time at least.
                    first = min(self.limits.seconds_per_ocr_page, self.limits.max_file_seconds)
                    budget = max(self.limits.budget(value), first)
                    continue
                if kind == "progress":
                    # A page done: OCR is slow but working. Each page gets its own deadline;
                    # the file as a whole stays under the OCR cap.
                    page, _pages, message = value
                    if self.on_progress is not None:
                        self.on_progress(page, _pages, message)
                    elapsed = time.monotonic() - started
                    extended = elapsed + self.limits.seconds_per_ocr_page
                    budget = max(budget, min(self.limits.max_ocr_seconds, extended))
                    continue
                if kind == "ok":
                    return value
                raise IngestError(path.name, str(value))
        except TimeoutError:
            self._kill()
            raise IngestError(
                path.name,
                f"inlezen duurde langer dan {budget:.0f} seconden (het maximum voor dit "
                "bestand); bestand overgeslagen",
            ) from None
        except (EOFError, BrokenPipeError, struct.error, pickle.UnpicklingError) as exc:
            code = proc.poll()
            self._kill()
            reason = (
                f"het inleesproces stopte onverwacht (code {code}); waarschijnlijk is de "
                f"geheugenlimiet van {self.limits.memory_mb} MB bereikt; bestand overgeslagen"
            )
            raise IngestError(path.name, reason) from exc
