"""Document metadata from ``documents.yaml`` (title, date, kind, region, access).

Two catalogues are merged: the corpus's and the upload folder's. Titles and dates of a later
entry win, but the access level can only be raised by a later entry, never lowered, unless
that entry records who lowered it on purpose (``access_lowered_by``, written by
:mod:`ingest.add` for an authorised staff member, and logged there).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from core.access import ACCESS_LEVELS, stricter

__all__ = ["ACCESS_LEVELS", "load_documents_yaml", "load_catalogue", "document_meta"]


def merge_entry(old: dict[str, Any] | None, new: dict[str, Any]) -> dict[str, Any]:
    """``new`` over ``old``, except that access only goes up unless lowered on purpose."""
    if not old:
        return dict(new)
    merged = {**old, **new}
    if not new.get("access_lowered_by"):
        merged["access"] = stricter(old.get("access"), new.get("access"))
    return merged


def load_documents_yaml(*paths: Path) -> dict[str, dict[str, Any]]:
    """Merge the ``documents:`` maps of the given YAML files (see :func:`merge_entry`)."""
    merged: dict[str, dict[str, Any]] = {}
    for path in paths:
        if path.exists():
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            for source, entry in (data.get("documents") or {}).items():
                if isinstance(entry, dict):
                    merged[source] = merge_entry(merged.get(source), entry)
    return merged


def load_catalogue(settings: Any) -> dict[str, dict[str, Any]]:
    """The document catalogue in use: the corpus's, then the upload folder's."""
    return load_documents_yaml(
        Path(settings.corpus_dir) / "documents.yaml",
        Path(settings.upload_dir) / "documents.yaml",
    )


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
        "owner": document_owner(entry),
        "access": access,
    }


def document_owner(entry: dict[str, Any]) -> str:
    """Whose document it is: an explicit ``owner``, else the one municipality, else the region.

    A regional document names several municipalities; its figures belong to the region.
    """
    if entry.get("owner"):
        return str(entry["owner"])
    municipality = str(entry.get("municipality", "")).strip()
    if municipality and "," not in municipality:
        return municipality
    return str(entry.get("region", "")).strip()


_OWNER_RE = re.compile(
    r"\b(?:[Gg]emeente|[Rr]egio|[Jj]eugdregio|[Pp]rovincie)\s+"
    r"((?:[A-Z][\w'’]*|de|den|aan|op|ter)(?:[ -](?:[A-Z][\w'’]*|aan|op|den|de))*)"
)


def infer_owner(text: str, head_chars: int = 6000) -> str:
    """The government a document is from, read from its first pages ("Gemeente Zeedorp").

    Used only when the catalogue is silent (uploads, new corpora); the upload form shows the
    guess so a person can correct it. Returns "" when nothing stands out.
    """
    head = text[:head_chars]
    counts: dict[str, int] = {}
    for m in _OWNER_RE.finditer(head):
        name = m.group(1).strip(" -")
        name = re.sub(r"\s+(de|den|aan|op|ter)$", "", name)
        if len(name) >= 3:
            key = name if not m.group(0).lower().startswith("regio") else f"Regio {name}"
            counts[key] = counts.get(key, 0) + 1
    if not counts:
        return ""
    best = max(counts.items(), key=lambda kv: (kv[1], -head.find(kv[0])))
    return best[0]
