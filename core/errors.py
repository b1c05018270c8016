"""Errors a user can meet, each with a one-line Dutch message, and the one way to show them.

The CLI and the app call :func:`user_message` for any exception: our own errors carry their
message; anything else becomes a generic Dutch line (the details go to the log, never a
traceback on screen).
"""

from __future__ import annotations

GENERIC = (
    "Er ging iets mis bij het verwerken. Probeer het opnieuw; blijft het misgaan, meld het dan "
    "bij de beheerder."
)


class UserError(Exception):
    """Base for errors whose ``str()`` is a one-line Dutch message meant for the user."""


class AccessDenied(UserError, PermissionError):
    """The user's role does not allow this action (upload, lowering an access level)."""


def _known() -> tuple[type[BaseException], ...]:
    known: list[type[BaseException]] = [UserError]
    # Imported lazily: these modules import heavier packages; core must stay import-light.
    for module, name in (
        ("ingest.errors", "IngestError"),
        ("ingest.uploads", "UploadError"),
        ("storage.index", "IndexMissing"),
        ("assistant.guard", "QuestionError"),
        ("assistant.auth", "AuthError"),
    ):
        try:
            mod = __import__(module, fromlist=[name])
            known.append(getattr(mod, name))
        except Exception:  # noqa: BLE001 - a layer that is not installed has no errors to show
            continue
    return tuple(known)


def is_user_error(exc: BaseException) -> bool:
    return isinstance(exc, _known())


def user_message(exc: BaseException) -> str:
    """One Dutch line for ``exc``: its own message when it is ours, else a generic text."""
    if is_user_error(exc):
        return " ".join(str(exc).split()) or GENERIC
    if isinstance(exc, MemoryError):
        return "Er was niet genoeg geheugen voor deze bewerking."
    return GENERIC
