"""Gatekeeper for user uploads: decide from the *content* what a file is before it is stored.

Policy (documented in docs/deployment.md):

* The content decides the type. A real PDF or DOCX with a wrong extension is accepted and
  its stored name gets the right extension (``SafeUpload.notes`` says so). A file that claims
  to be ``.pdf``/``.docx`` but is not, or that has an unsupported extension, is refused.
* Text (``.txt``/``.md``) must decode as UTF-8 or cp1252 and contain no NUL bytes; it is
  stored as UTF-8 so ingestion sees one encoding, and the content hash is over those bytes
  (the same text in two encodings is one document).
* Zip/DOCX bombs (too many entries, too much uncompressed data, extreme compression ratios,
  entry sizes that lie) and PDFs with too many pages are refused without unpacking them
  fully. Encrypted PDFs are refused: the index cannot read them.
* Stored files are written atomically (temp file + ``os.replace``) under a lock, so a crash
  never leaves half a file and two uploads of the same content cannot both be stored.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import io
import os
import re
import tempfile
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import filetype
import pypdf
from pypdf.errors import PdfReadError

KINDS = ("pdf", "docx", "txt", "md")
_EXT_KIND = {".pdf": "pdf", ".docx": "docx", ".txt": "txt", ".text": "txt", ".md": "md",
             ".markdown": "md"}

# Zip limits: a real council DOCX has a few dozen entries and compresses text ~5-20x.
MAX_ZIP_ENTRIES = 1000
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024
MAX_XML_ENTRY_BYTES = 50 * 1024 * 1024  # one XML part (word/document.xml): ~5x its text
MAX_ENTRY_RATIO = 100  # per entry, only checked for entries above RATIO_MIN_BYTES
RATIO_MIN_BYTES = 1024 * 1024
MAX_NAME_CHARS = 100
_CHUNK = 64 * 1024


class UploadError(ValueError):
    """An upload that is refused; ``str(err)`` is a one-line Dutch message for the user."""


class DuplicateUpload(UploadError):
    """The same content is already stored; ``existing`` is that file."""

    def __init__(self, message: str, existing: Path):
        super().__init__(message)
        self.existing = existing


@dataclass
class SafeUpload:
    """A validated upload: what it is, what it will be called, and its content hash."""

    safe_name: str
    kind: str
    sha256: str
    size: int
    original_name: str = ""
    pages: int | None = None
    encoding: str | None = None  # text only: encoding the upload was decoded from
    notes: list[str] = field(default_factory=list)


# ---------------------------------------------------------------------------- file names


_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)),
                     *(f"lpt{i}" for i in range(1, 10))}


def sanitize_filename(filename: str, kind: str) -> str:
    """Reduce any client-supplied name to ``[A-Za-z0-9._-]``, no directories, no leading dot.

    The extension is always the one that belongs to ``kind`` (the sniffed type), so a name
    can never smuggle in a different type.
    """
    base = (filename or "").replace("\\", "/").split("/")[-1]
    stem = base.rsplit(".", 1)[0] if "." in base.lstrip(".") else base
    stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode("ascii")
    stem = _UNSAFE.sub("_", stem)
    stem = re.sub(r"[._-]{2,}", lambda m: m.group(0)[0], stem).strip("._-")
    if not stem or stem.lower() in _WINDOWS_RESERVED:
        stem = f"upload_{stem}" if stem else "upload"
    ext = f".{kind}"
    return stem[: MAX_NAME_CHARS - len(ext)].rstrip("._-") + ext


# ---------------------------------------------------------------------------- sniffing


def _sniff(data: bytes) -> str | None:
    """Return ``pdf``/``docx`` from magic bytes, ``zip`` for another zip, else None."""
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if data[:4] == b"PK\x03\x04":
        return "zip"
    return None


def check_zip_file(path: Path) -> None:
    """The upload's zip-bomb checks for a file on disk (the CLI ingest uses them too)."""
    with path.open("rb") as fh:
        _check_zip(fh)


def _check_zip(data: bytes | Any) -> None:
    """Refuse zip bombs; entry sizes are verified by streaming, not trusted from headers."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data) if isinstance(data, bytes) else data)
    except (zipfile.BadZipFile, OSError) as exc:
        raise UploadError(f"Het Word-bestand is beschadigd (ongeldig zip-archief: {exc}).") from exc
    with zf:
        infos = zf.infolist()
        if len(infos) > MAX_ZIP_ENTRIES:
            raise UploadError(
                f"Het Word-bestand bevat {len(infos)} onderdelen (maximum {MAX_ZIP_ENTRIES}); "
                "dit lijkt een zip-bom en wordt geweigerd."
            )
        names = {i.filename for i in infos}
        if "word/document.xml" not in names:
            raise UploadError(
                "Dit zip-bestand is geen Word-document (.docx): word/document.xml ontbreekt. "
                "Upload een PDF, DOCX, TXT of MD."
            )
        declared = sum(i.file_size for i in infos)
        if declared > MAX_UNZIPPED_BYTES:
            raise UploadError(
                f"Het Word-bestand pakt uit tot {declared // (1024 * 1024)} MB "
                f"(maximum {MAX_UNZIPPED_BYTES // (1024 * 1024)} MB); dit lijkt een zip-bom."
            )
        for info in infos:
            if info.filename.endswith((".xml", ".rels")) and info.file_size > MAX_XML_ENTRY_BYTES:
                raise UploadError(
                    f"Het Word-bestand bevat een XML-onderdeel van "
                    f"{info.file_size // (1024 * 1024)} MB ({info.filename}; maximum "
                    f"{MAX_XML_ENTRY_BYTES // (1024 * 1024)} MB); te groot om in te lezen."
                )
            if info.file_size > RATIO_MIN_BYTES and (
                info.file_size > MAX_ENTRY_RATIO * max(info.compress_size, 1)
            ):
                raise UploadError(
                    f"Het Word-bestand is verdacht sterk gecomprimeerd ({info.filename}: "
                    f"{info.file_size // max(info.compress_size, 1)}x); dit lijkt een zip-bom."
                )
        total = 0
        for info in infos:
            seen = 0
            try:
                with zf.open(info) as fh:
                    while chunk := fh.read(_CHUNK):
                        seen += len(chunk)
                        total += len(chunk)
                        if (
                            seen > info.file_size
                            or total > MAX_UNZIPPED_BYTES
                            or (info.filename.endswith(".xml") and seen > MAX_XML_ENTRY_BYTES)
                        ):
                            raise UploadError(
                                "Het Word-bestand pakt uit tot meer dan is opgegeven of "
                                "toegestaan; dit lijkt een zip-bom en wordt geweigerd."
                            )
            except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError) as exc:
                raise UploadError(
                    f"Het Word-bestand is beschadigd ({info.filename}: {exc})."
                ) from exc


def _check_docx(data: bytes) -> None:
    _check_zip(data)
    import docx  # python-docx; imported lazily, it is only needed for uploads

    try:
        docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several unrelated types on bad input
        raise UploadError(f"Het Word-bestand kan niet worden gelezen ({exc}).") from exc


def _check_pdf(data: bytes, max_pages: int) -> int:
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise UploadError(
                "De PDF is versleuteld (met wachtwoord beveiligd) en kan niet worden gelezen. "
                "Upload een onbeveiligde versie."
            )
        pages = len(reader.pages)
    except UploadError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise UploadError(f"De PDF is beschadigd en kan niet worden gelezen ({exc}).") from exc
    if pages == 0:
        raise UploadError("De PDF bevat geen pagina's.")
    if pages > max_pages:
        raise UploadError(
            f"De PDF heeft {pages} pagina's; het maximum is {max_pages}. "
            "Splits het document of upload alleen het relevante deel."
        )
    return pages


def _decode_text(data: bytes) -> tuple[str, str]:
    """Decode text as UTF-8 (BOM allowed) or cp1252; refuse binary data."""
    if b"\x00" in data:
        raise UploadError(
            "Het bestand bevat binaire gegevens (NUL-bytes) en is geen tekstbestand."
        )
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise UploadError(
            "Het tekstbestand heeft een onbekende tekencodering (geen UTF-8 of Windows-1252). "
            "Sla het op als UTF-8."
        )
    controls = sum(
        1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\t\n\r\f"
    )
    if controls > max(8, len(text) // 100):
        raise UploadError("Het bestand bevat te veel stuurtekens en lijkt geen tekstbestand.")
    if not text.strip():
        raise UploadError("Het tekstbestand is leeg.")
    return text, "utf-8" if encoding == "utf-8-sig" else encoding


def _describe_binary(data: bytes) -> str:
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        return "een oud Office-bestand (.doc/.xls), geen tekst; sla het op als DOCX of PDF"
    guess = filetype.guess(data)
    return f"een {guess.mime}-bestand, geen tekst" if guess else "een binair bestand, geen tekst"


# ---------------------------------------------------------------------------- public API


def _max_bytes(settings: Any) -> int:
    return int(settings.max_upload_mb) * 1024 * 1024


def normalized_bytes(upload: SafeUpload, data: bytes) -> bytes:
    """The bytes that are stored and hashed: text becomes UTF-8, binaries stay as they are."""
    if upload.kind in ("txt", "md") and upload.encoding not in (None, "utf-8"):
        return data.decode(upload.encoding).encode("utf-8")
    if upload.kind in ("txt", "md") and data.startswith(b"\xef\xbb\xbf"):
        return data[3:]
    return data


def validate_upload(filename: str, data: bytes, settings: Any) -> SafeUpload:
    """Check an upload and decide its kind and safe name, or raise :class:`UploadError`."""
    size = len(data)
    limit = _max_bytes(settings)
    if size > limit:
        raise UploadError(
            f"Het bestand is te groot ({size / (1024 * 1024):.1f} MB); "
            f"het maximum is {settings.max_upload_mb} MB."
        )
    if size == 0:
        raise UploadError("Het bestand is leeg.")

    ext = Path((filename or "").replace("\\", "/")).suffix.lower()
    claimed = _EXT_KIND.get(ext)
    sniffed = _sniff(data)
    notes: list[str] = []
    pages: int | None = None
    encoding: str | None = None

    if sniffed == "pdf":
        kind = "pdf"
        pages = _check_pdf(data, int(settings.max_pdf_pages))
    elif sniffed == "zip":
        kind = "docx"
        _check_docx(data)
    else:
        if claimed in ("pdf", "docx"):
            raise UploadError(
                f"Het bestand heet {ext} maar de inhoud is geen "
                f"{'PDF' if claimed == 'pdf' else 'Word-document'}; het is mogelijk beschadigd."
            )
        if claimed is None:
            raise UploadError(
                f"Bestandstype '{ext or 'zonder extensie'}' wordt niet ondersteund. "
                "Upload een PDF, DOCX, TXT of MD."
            )
        kind = claimed
        try:
            _, encoding = _decode_text(data)
        except UploadError as exc:
            if b"\x00" in data:
                raise UploadError(
                    f"Het bestand heet {ext} maar is {_describe_binary(data)}."
                ) from exc
            raise
    if claimed and claimed != kind:
        notes.append(f"extensie {ext} gecorrigeerd naar .{kind} (inhoud is {kind.upper()})")

    upload = SafeUpload(
        safe_name=sanitize_filename(filename, kind),
        kind=kind,
        sha256="",
        size=size,
        original_name=filename or "",
        pages=pages,
        encoding=encoding,
        notes=notes,
    )
    upload.sha256 = hashlib.sha256(normalized_bytes(upload, data)).hexdigest()
    return upload


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()


def find_duplicate(upload: SafeUpload, directory: Path, size: int) -> Path | None:
    """Return a stored file with the same content hash (only same-size files are hashed)."""
    if not directory.is_dir():
        return None
    for path in sorted(directory.iterdir()):
        if path.name.startswith(".") or not path.is_file():
            continue
        if path.stat().st_size == size and _sha256_file(path) == upload.sha256:
            return path
    return None


@contextlib.contextmanager
def _dir_lock(directory: Path) -> Iterator[None]:
    with (directory / ".lock").open("a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def store_upload(upload: SafeUpload, data: bytes, settings: Any) -> Path:
    """Write a validated upload into ``settings.upload_dir`` atomically and return its path.

    Raises :class:`DuplicateUpload` when the same content is already stored. A name clash
    with different content gets a short hash suffix instead of overwriting.
    """
    payload = normalized_bytes(upload, data)
    if hashlib.sha256(payload).hexdigest() != upload.sha256:
        raise UploadError("De inhoud komt niet overeen met het gecontroleerde bestand.")
    directory = Path(settings.upload_dir)
    directory.mkdir(parents=True, exist_ok=True)
    with _dir_lock(directory):
        existing = find_duplicate(upload, directory, len(payload))
        if existing is not None:
            raise DuplicateUpload(
                f"Dit document is al eerder geüpload als '{existing.name}'.", existing
            )
        target = directory / upload.safe_name
        if target.exists():
            stem, ext = upload.safe_name.rsplit(".", 1)
            target = directory / f"{stem[: MAX_NAME_CHARS - 20]}-{upload.sha256[:8]}.{ext}"
        fd, tmp_name = tempfile.mkstemp(prefix=".tmp-", suffix=".part", dir=directory)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(payload)
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(tmp_name, 0o640)
            os.replace(tmp_name, target)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp_name)
            raise
        with contextlib.suppress(OSError):  # make the rename durable where supported
            dir_fd = os.open(directory, os.O_RDONLY)
            try:
                os.fsync(dir_fd)
            finally:
                os.close(dir_fd)
    return target
