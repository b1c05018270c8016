"""Who may read what: access levels, roles, and a local users file with bcrypt hashes.

Documents carry an ``access`` level in ``documents.yaml``; a user's role caps the level they
may read. The retriever filters on :func:`allowed_access_levels`, so nothing above a user's
level can reach an answer. ``user=None`` means an internal system caller (ingest, eval) and
sees everything; the app always passes a :class:`User`.
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import logging
import os
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import bcrypt
import typer
import yaml

log = logging.getLogger(__name__)

ACCESS_LEVELS: tuple[str, ...] = ("public", "raad", "intern")  # ordered, least to most secret
ROLE_MAX_ACCESS: dict[str, str] = {
    "publiek": "public",  # not logged in / read-only kiosk
    "raadslid": "raad",
    "medewerker": "intern",
}
BCRYPT_ROUNDS = 12
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")


class AuthError(ValueError):
    """Invalid user data (unknown role, bad username, weak password); Dutch message."""


@dataclass(frozen=True)
class User:
    username: str
    display_name: str
    role: str

    @property
    def max_access(self) -> str:
        return ROLE_MAX_ACCESS.get(self.role, "public")


def level_rank(level: str) -> int:
    """Rank of an access level; unknown levels rank above every known one (never shown)."""
    try:
        return ACCESS_LEVELS.index(level)
    except ValueError:
        return len(ACCESS_LEVELS)


def allowed_access_levels(user: User | None) -> set[str]:
    """Access levels ``user`` may read; ``None`` (system caller) may read all of them."""
    if user is None:
        return set(ACCESS_LEVELS)
    cap = level_rank(user.max_access)
    return {lvl for lvl in ACCESS_LEVELS if level_rank(lvl) <= cap}


def can_read(user: User | None, level: str | None) -> bool:
    """Whether ``user`` may see a document of ``level`` (missing level = ``public``)."""
    return (level or "public") in allowed_access_levels(user)


def chroma_where(user: User | None) -> dict[str, Any] | None:
    """A Chroma ``where`` clause limiting results to what ``user`` may read (None = no filter)."""
    if user is None:
        return None
    return {"access": {"$in": sorted(allowed_access_levels(user), key=level_rank)}}


# ---------------------------------------------------------------------------- users file


@functools.cache
def _dummy_hash() -> bytes:
    """A hash of a random password: checking against it when the user does not exist costs
    the same time as a real check, so response time does not reveal which usernames exist."""
    return bcrypt.hashpw(os.urandom(16).hex().encode(), bcrypt.gensalt(BCRYPT_ROUNDS))


def _read_users(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    users = data.get("users", []) if isinstance(data, dict) else []
    return [u for u in users if isinstance(u, dict) and u.get("username")]


def _write_users(path: Path, users: list[dict[str, Any]]) -> None:
    """Replace the users file atomically; it holds hashes, so only the owner may read it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = "# Beheer met: python -m assistant users add|list|remove\n" + yaml.safe_dump(
        {"users": users}, allow_unicode=True, sort_keys=False
    )
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with (path.parent / f".{path.name}.lock").open("a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _to_user(entry: dict[str, Any]) -> User:
    return User(
        username=str(entry["username"]),
        display_name=str(entry.get("display_name") or entry["username"]),
        role=str(entry.get("role", "publiek")),
    )


def list_users(settings: Any) -> list[User]:
    return [_to_user(u) for u in _read_users(Path(settings.users_file))]


def get_user(settings: Any, username: str) -> User | None:
    for entry in _read_users(Path(settings.users_file)):
        if entry["username"] == username.strip().lower():
            return _to_user(entry)
    return None


def _password_bytes(password: str) -> bytes:
    raw = password.encode("utf-8")
    if len(raw) > 72:  # bcrypt only uses 72 bytes; refuse rather than silently truncate
        raise AuthError("Het wachtwoord is te lang (maximaal 72 bytes).")
    return raw


def add_user(
    settings: Any,
    username: str,
    password: str,
    role: str,
    display_name: str = "",
    *,
    replace: bool = False,
) -> User:
    """Add (or with ``replace`` update) a user; only the bcrypt hash is stored."""
    username = (username or "").strip().lower()
    if not _USERNAME.match(username):
        raise AuthError(
            "Ongeldige gebruikersnaam: 2-64 tekens, alleen a-z, 0-9, punt, streepje of underscore."
        )
    if role not in ROLE_MAX_ACCESS:
        raise AuthError(f"Onbekende rol '{role}'; kies uit: {', '.join(ROLE_MAX_ACCESS)}.")
    if len(password or "") < 8:
        raise AuthError("Het wachtwoord moet minstens 8 tekens lang zijn.")
    hashed = bcrypt.hashpw(_password_bytes(password), bcrypt.gensalt(BCRYPT_ROUNDS)).decode()
    entry = {
        "username": username,
        "display_name": display_name or username,
        "role": role,
        "password_hash": hashed,
    }
    path = Path(settings.users_file)
    with _locked(path):
        users = _read_users(path)
        others = [u for u in users if u["username"] != username]
        if len(others) != len(users) and not replace:
            raise AuthError(f"Gebruiker '{username}' bestaat al.")
        _write_users(path, [*others, entry])
    log.info("gebruiker %s opgeslagen met rol %s", username, role)
    return _to_user(entry)


def remove_user(settings: Any, username: str) -> bool:
    path = Path(settings.users_file)
    username = username.strip().lower()
    with _locked(path):
        users = _read_users(path)
        kept = [u for u in users if u["username"] != username]
        if len(kept) == len(users):
            return False
        _write_users(path, kept)
    log.info("gebruiker %s verwijderd", username)
    return True


def authenticate(settings: Any, username: str, password: str) -> User | None:
    """Return the user when the password matches, else None (same cost either way)."""
    name = (username or "").strip().lower()
    entry = next(
        (u for u in _read_users(Path(settings.users_file)) if u["username"] == name), None
    )
    stored = str(entry.get("password_hash", "")).encode() if entry else b""
    try:
        pw, pw_valid = _password_bytes(password or ""), True
    except AuthError:
        pw, pw_valid = b"", False
    try:
        match = bcrypt.checkpw(pw, stored if entry and stored else _dummy_hash())
    except ValueError:  # malformed hash in the file: spend the same time, then refuse
        bcrypt.checkpw(pw, _dummy_hash())
        match = False
    if not (match and pw_valid and entry is not None):
        log.info("aanmelding mislukt")
        return None
    return _to_user(entry)


# ---------------------------------------------------------------------------- CLI


users_app = typer.Typer(help="Gebruikers beheren (lokaal gebruikersbestand met bcrypt-hashes).",
                        no_args_is_help=True)


def _settings() -> Any:
    from core.config import Settings

    return Settings()


@users_app.command("add")
def _cli_add(
    username: str = typer.Argument(..., help="Gebruikersnaam (kleine letters)"),
    role: str = typer.Option(..., "--role", "-r", help="raadslid | medewerker | publiek"),
    name: str = typer.Option("", "--name", "-n", help="Weergavenaam"),
    replace: bool = typer.Option(False, "--replace", help="Bestaande gebruiker bijwerken"),
    password_stdin: bool = typer.Option(
        False, "--password-stdin", help="Lees het wachtwoord van stdin (voor scripts)"
    ),
) -> None:
    """Voeg een gebruiker toe; het wachtwoord wordt gevraagd en alleen als hash bewaard."""
    if password_stdin:
        password = typer.get_text_stream("stdin").readline().rstrip("\r\n")
    else:
        password = typer.prompt("Wachtwoord", hide_input=True, confirmation_prompt=True)
    settings = _settings()
    try:
        user = add_user(settings, username, password, role, name, replace=replace)
    except AuthError as exc:
        typer.echo(f"Fout: {exc}", err=True)
        raise typer.Exit(1) from None
    typer.echo(f"Gebruiker '{user.username}' ({user.role}) opgeslagen in {settings.users_file}.")


@users_app.command("list")
def _cli_list() -> None:
    """Toon alle gebruikers met rol en toegangsniveau (nooit wachtwoorden of hashes)."""
    from rich.console import Console
    from rich.table import Table

    table = Table("Gebruiker", "Naam", "Rol", "Mag lezen tot")
    for user in list_users(_settings()):
        table.add_row(user.username, user.display_name, user.role, user.max_access)
    Console().print(table)


@users_app.command("remove")
def _cli_remove(username: str = typer.Argument(..., help="Gebruikersnaam")) -> None:
    """Verwijder een gebruiker."""
    if not remove_user(_settings(), username):
        typer.echo(f"Gebruiker '{username}' bestaat niet.", err=True)
        raise typer.Exit(1)
    typer.echo(f"Gebruiker '{username}' verwijderd.")
