"""Document metadata from ``documents.yaml`` (title, date, kind, region, access)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

ACCESS_LEVELS = ("public", "raad", "intern")


def load_documents_yaml(*paths: Path) -> dict[str, dict[str, Any]]:
    """Merge the ``documents:`` maps of the given YAML files (later files win)."""
    merged: dict[str, dict[str, Any]] = {}
    for path in paths:
        if path.exists():
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            merged.update(data.get("documents") or {})
    return merged


def document_meta(source: str, catalogue: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Chunk-level metadata for one file; unknown files get safe defaults."""
    entry = catalogue.get(source, {})
    access = str(entry.get("access", "public"))
    if access not in ACCESS_LEVELS:
        raise ValueError(f"{source}: onbekend toegangsniveau '{access}' in documents.yaml")
    date = str(entry.get("date", ""))
    year = re.search(r"(19|20)\d{2}", date or source)
    return {
        "source": source,
        "title": str(entry.get("title") or Path(source).stem.replace("-", " ")),
        "date": date,
        "year": int(year.group(0)) if year else 0,
        "kind": str(entry.get("kind", "")),
        "region": str(entry.get("region", "")),
        "municipality": str(entry.get("municipality", "")),
        "access": access,
    }
