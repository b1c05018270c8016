"""Access levels and roles: the one place that says who may read and who may upload what.

Documents carry an ``access`` level (``documents.yaml`` of the corpus and of the upload
folder). Levels are ordered; a role may read every level up to its cap. A level can be raised
by any later catalogue entry or upload, never lowered, unless an authorised user lowers it on
purpose (``access_lowered_by`` in the upload catalogue, written only by :mod:`ingest.add`
after the caller checked :func:`may_lower_access`; the change is logged).

Lives in ``core`` because both ``ingest`` (catalogue merge, uploads) and ``assistant``
(retrieval filters, login) need it, and ``ingest`` may not import ``assistant``.
"""

from __future__ import annotations

ACCESS_LEVELS: tuple[str, ...] = ("public", "raad", "intern")  # least to most secret

PUBLIC_ROLE = "publiek"
ROLE_MAX_ACCESS: dict[str, str] = {
    PUBLIC_ROLE: "public",  # not logged in / read-only kiosk
    "raadslid": "raad",
    "medewerker": "intern",
}
# Staff roles: may add documents and may lower a document's access level on purpose.
# A council member ('raadslid') reads council documents but is not staff: no uploads.
UPLOAD_ROLES: frozenset[str] = frozenset({"medewerker"})
ROLES: tuple[str, ...] = tuple(ROLE_MAX_ACCESS)


def level_rank(level: str | None) -> int:
    """Rank of an access level; unknown levels rank above every known one (never shown)."""
    try:
        return ACCESS_LEVELS.index(level or "public")
    except ValueError:
        return len(ACCESS_LEVELS)


def stricter(*levels: str | None) -> str:
    """The most restrictive of ``levels`` (missing = ``public``)."""
    known = [lvl or "public" for lvl in levels]
    return max(known, key=level_rank) if known else "public"


def levels_for_role(role: str | None) -> set[str]:
    """Access levels a role may read; an unknown role reads only public documents."""
    cap = level_rank(ROLE_MAX_ACCESS.get(role or PUBLIC_ROLE, "public"))
    return {lvl for lvl in ACCESS_LEVELS if level_rank(lvl) <= cap}


def can_upload_role(role: str | None) -> bool:
    return (role or "") in UPLOAD_ROLES


def may_lower_access(role: str | None) -> bool:
    """Only staff may lower a document's access level, and only on purpose."""
    return can_upload_role(role)
