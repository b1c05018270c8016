"""Add one uploaded document: validate, store, ingest; roll the file back if ingest rejects it.

The upload is only kept when the ingest run that follows accepted it, so a bad file never
lingers in the upload folder and the index is never half-written (the pipeline publishes a
new generation only on success).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

import yaml

from core.config import Settings
from ingest.errors import IngestError
from ingest.metadata import ACCESS_LEVELS
from ingest.pipeline import IngestReport, run_ingest
from ingest.uploads import store_upload, validate_upload


def add_upload(
    settings: Settings,
    filename: str,
    data: bytes,
    progress: Callable[[float, str], None] | None = None,
    metadata: dict[str, Any] | None = None,
) -> IngestReport:
    upload = validate_upload(filename, data, settings)
    path = store_upload(upload, data, settings)
    try:
        if metadata:
            _record_metadata(settings, path.name, metadata)
        report = run_ingest(settings, progress=progress)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
        raise
    own_errors = [e for e in report.errors if e.startswith(f"{path.name}:")]
    if own_errors:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
        raise IngestError(path.name, own_errors[0].split(": ", 1)[-1])
    return report


def _record_metadata(settings: Settings, source: str, metadata: dict[str, Any]) -> None:
    """Title/date/region/access for an upload, kept in the upload folder's documents.yaml."""
    access = metadata.get("access", "public")
    if access not in ACCESS_LEVELS:
        raise IngestError(source, f"onbekend toegangsniveau '{access}'")
    catalogue_path = settings.upload_dir / "documents.yaml"
    data = {}
    if catalogue_path.exists():
        data = yaml.safe_load(catalogue_path.read_text(encoding="utf-8")) or {}
    data.setdefault("documents", {})[source] = {k: v for k, v in metadata.items() if v}
    tmp = catalogue_path.with_suffix(".tmp")
    tmp.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    tmp.replace(catalogue_path)
