"""Add one uploaded document: validate, store, ingest; roll the file back if ingest rejects it.

The upload is only kept when the ingest run that follows accepted it with at least one
passage, so a bad file never lingers in the upload folder and the index is never
half-written (the pipeline publishes a new generation only on success).

Access is decided here, below the UI, from the catalogue:

* an upload whose (sanitised) name is an existing document is a **new version** of it: it
  replaces the earlier upload or supersedes the corpus file, and keeps the existing access
  level when the upload asks for a lower one (the form's default is 'public');
* the level is only lowered when the caller says so on purpose (``metadata['lower_access']``)
  and is authorised (``may_lower``, decided by :mod:`assistant.auth` for staff); the change is
  written to the catalogue with ``access_lowered_by`` and logged in ``.access-changes.log``.

Who may upload at all is decided by :meth:`assistant.api.Assistant.ingest_upload`.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import yaml

from core.access import ACCESS_LEVELS, level_rank, stricter
from core.config import Settings
from core.errors import AccessDenied
from ingest.errors import IngestError
from ingest.metadata import load_catalogue
from ingest.pipeline import IngestReport, run_ingest, source_files
from ingest.uploads import store_upload, validate_upload
from storage.index import IndexStore

log = logging.getLogger(__name__)
AUDIT_LOG = ".access-changes.log"
_META_KEYS = ("title", "date", "kind", "region", "municipality", "owner", "access")


@contextlib.contextmanager
def _catalogue_lock(directory: Path) -> Iterator[None]:
    directory.mkdir(parents=True, exist_ok=True)
    with (directory / ".catalogue.lock").open("a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def existing_documents(settings: Settings) -> set[str]:
    """Names that already denote a document: files on disk and catalogue entries."""
    return {p.name for p in source_files(settings)} | set(load_catalogue(settings))


def decide_access(
    settings: Settings,
    source: str,
    requested: str | None,
    *,
    lower: bool = False,
    may_lower: bool = False,
    user: str = "",
) -> tuple[str, bool, list[str]]:
    """(access level, lowered on purpose, notes) for an upload named ``source``."""
    if requested is not None and requested not in ACCESS_LEVELS:
        raise IngestError(source, f"onbekend toegangsniveau '{requested}'")
    current = load_catalogue(settings).get(source, {}).get("access")
    if source not in existing_documents(settings):
        return requested or "public", False, []
    current = current or "public"
    requested = requested or current
    if level_rank(requested) >= level_rank(current):
        return stricter(current, requested), False, []
    if not lower:
        return current, False, [
            f"{source} bestaat al met toegang '{current}'; de nieuwe versie houdt die toegang "
            f"(gevraagd was '{requested}'). Verlagen kan alleen bewust, door een medewerker."
        ]
    if not may_lower:
        raise AccessDenied(
            f"U mag de toegang van {source} niet verlagen van '{current}' naar '{requested}'; "
            "alleen een ingelogde medewerker mag dat."
        )
    return requested, True, [f"Toegang van {source} bewust verlaagd van '{current}' naar "
                             f"'{requested}' door {user or 'onbekend'} (gelogd)."]


def add_upload(
    settings: Settings,
    filename: str,
    data: bytes,
    progress: Callable[[float, str], None] | None = None,
    metadata: dict[str, Any] | None = None,
    *,
    user: str = "",
    may_lower: bool = False,
) -> IngestReport:
    metadata = dict(metadata or {})
    lower = bool(metadata.pop("lower_access", False))
    upload = validate_upload(filename, data, settings)
    source = upload.safe_name
    upload_dir = Path(settings.upload_dir)
    with _catalogue_lock(upload_dir):
        is_version = source in existing_documents(settings)
        access, lowered, notes = decide_access(
            settings, source, metadata.get("access"), lower=lower, may_lower=may_lower, user=user
        )
        catalogue_path = upload_dir / "documents.yaml"
        old_catalogue = catalogue_path.read_bytes() if catalogue_path.exists() else None
        backup = None
        previous = upload_dir / source
        if is_version and previous.exists():  # a new version replaces the earlier upload
            backup = upload_dir / f".previous-{os.getpid()}-{source}"
            os.replace(previous, backup)
        try:
            path = store_upload(upload, data, settings)
        except BaseException:
            if backup is not None:
                os.replace(backup, previous)
            raise
        try:
            entry = {k: v for k, v in metadata.items() if k in _META_KEYS and v}
            entry["access"] = access
            earlier = _upload_entry(catalogue_path, path.name)
            if lowered:
                entry["access_lowered_by"] = user or "onbekend"
            elif earlier.get("access_lowered_by") and earlier.get("access") == access:
                entry["access_lowered_by"] = earlier["access_lowered_by"]  # keep that decision
            if metadata or is_version or access != "public":
                _record_metadata(settings, path.name, entry)
            if lowered:
                _audit(upload_dir, path.name, entry, user)
            report = run_ingest(settings, progress=progress)
            own_errors = [e for e in report.errors if e.startswith(f"{path.name}:")]
            if own_errors:
                raise IngestError(path.name, own_errors[0].split(": ", 1)[-1])
            chunks = len(IndexStore(settings).manifest().files.get(path.name, {})
                         .get("chunk_ids", []))
            if chunks == 0:
                raise IngestError(path.name, "levert 0 passages op en is niet toegevoegd")
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
            if backup is not None:
                os.replace(backup, previous)
            _restore(catalogue_path, old_catalogue)
            raise
        if backup is not None:
            with contextlib.suppress(FileNotFoundError):
                backup.unlink()
    if is_version:
        notes.insert(0, f"{path.name} is opgeslagen als nieuwe versie van het bestaande document.")
    report.notes.extend(notes)
    return report


def _upload_entry(catalogue_path: Path, source: str) -> dict[str, Any]:
    if not catalogue_path.exists():
        return {}
    data = yaml.safe_load(catalogue_path.read_text(encoding="utf-8")) or {}
    entry = (data.get("documents") or {}).get(source)
    return entry if isinstance(entry, dict) else {}


def _restore(path: Path, content: bytes | None) -> None:
    if content is None:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
    else:
        tmp = path.with_suffix(".tmp")
        tmp.write_bytes(content)
        tmp.replace(path)


def _audit(directory: Path, source: str, entry: dict[str, Any], user: str) -> None:
    line = (f"{time.strftime('%Y-%m-%dT%H:%M:%S')}\t{user or 'onbekend'}\t{source}\t"
            f"toegang verlaagd naar {entry['access']}\n")
    log.warning("toegang van %s verlaagd naar %s door %s", source, entry["access"], user)
    fd = os.open(directory / AUDIT_LOG, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
    with os.fdopen(fd, "a", encoding="utf-8") as fh:
        fh.write(line)


def _record_metadata(settings: Settings, source: str, metadata: dict[str, Any]) -> None:
    """Title/date/region/access for an upload, kept in the upload folder's documents.yaml."""
    access = metadata.get("access", "public")
    if access not in ACCESS_LEVELS:
        raise IngestError(source, f"onbekend toegangsniveau '{access}'")
    catalogue_path = Path(settings.upload_dir) / "documents.yaml"
    data = {}
    if catalogue_path.exists():
        data = yaml.safe_load(catalogue_path.read_text(encoding="utf-8")) or {}
    data.setdefault("documents", {})[source] = {k: v for k, v in metadata.items() if v}
    tmp = catalogue_path.with_suffix(".tmp")
    tmp.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    os.chmod(tmp, 0o640)
    tmp.replace(catalogue_path)
