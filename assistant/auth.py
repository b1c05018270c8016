"""Who may read what: access levels, roles, and a local users file with bcrypt hashes.

Documents carry an ``access`` level in ``documents.yaml``; a user's role caps the level they
may read. The retriever filters on :func:`allowed_access_levels`, so nothing above a user's
level can reach an answer. ``user=None`` means an internal system caller (ingest, tests) and
sees everything; the app, the CLI and the eval always pass a :class:`User`.

Without a login (no users file, ``RAADS_AUTH_REQUIRED=false``) a visitor is
:func:`anonymous_user`: role ``publiek``, read-only. Uploading needs a logged-in staff role
(:data:`core.access.UPLOAD_ROLES`: ``medewerker``). Failed logins are rate-limited per user
name and per client (:func:`login`).
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import logging
import os
import re
import tempfile
import threading
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import bcrypt
import typer
import yaml

from core.access import (
    ACCESS_LEVELS,
    PUBLIC_ROLE,
    ROLE_MAX_ACCESS,
    can_upload_role,
    level_rank,
    levels_for_role,
    may_lower_access,
)

__all__ = ["ACCESS_LEVELS", "ROLE_MAX_ACCESS", "level_rank", "may_lower_access"]

log = logging.getLogger(__name__)

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


def allowed_access_levels(user: User | None) -> set[str]:
    """Access levels ``user`` may read; ``None`` (system caller) may read all of them."""
    if user is None:
        return set(ACCESS_LEVELS)
    return levels_for_role(user.role)


def anonymous_user() -> User:
    """Who a visitor is without a login: the public role, read-only."""
    return User(username="anoniem", display_name="Bezoeker (niet ingelogd)", role=PUBLIC_ROLE)


def role_user(role: str) -> User:
    """A stand-in user with ``role`` for the CLI and the eval (``--as-role``)."""
    if role not in ROLE_MAX_ACCESS:
        raise AuthError(f"Onbekende rol '{role}'; kies uit: {', '.join(ROLE_MAX_ACCESS)}.")
    return User(username=f"rol-{role}", display_name=f"Rol {role}", role=role)


def login_configured(settings: Any) -> bool:
    """A login exists when it is required or a users file is present."""
    return bool(settings.auth_required or Path(settings.users_file).exists())


def current_user(settings: Any, logged_in: User | None) -> User:
    """The effective user: the logged-in one, else the anonymous public visitor."""
    del settings  # no login configured or not logged in: same answer, the public role
    return logged_in if logged_in is not None else anonymous_user()


def current_role(settings: Any, logged_in: User | None) -> str:
    return current_user(settings, logged_in).role


def can_upload(user: User | None) -> bool:
    """Only a logged-in staff member may add documents (``None`` = internal system caller)."""
    if user is None:
        return True
    return user.username != anonymous_user().username and can_upload_role(user.role)


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


# ---------------------------------------------------------------------------- rate limit


class LoginLimiter:
    """Failed logins per user name and per client in a sliding window (in memory, per process).

    After ``max_per_user`` failures for one name, or ``max_per_client`` for one client (IP or
    session), further attempts are refused without checking the password until the window
    has passed. A success clears the user's failures.
    """

    def __init__(
        self, max_per_user: int = 5, max_per_client: int = 20, window_seconds: float = 900
    ) -> None:
        self.max_per_user = max_per_user
        self.max_per_client = max_per_client
        self.window = window_seconds
        self._fails: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> deque[float]:
        q = self._fails.setdefault(key, deque())
        while q and now - q[0] > self.window:
            q.popleft()
        return q

    def wait_seconds(self, username: str, client: str, now: float | None = None) -> float:
        """Seconds until another attempt is allowed (0 = allowed now)."""
        now = time.monotonic() if now is None else now
        waits = [0.0]
        with self._lock:
            for key, limit in ((f"u:{username}", self.max_per_user),
                               (f"c:{client}", self.max_per_client)):
                if key == "c:":
                    continue
                q = self._recent(key, now)
                if len(q) >= limit:
                    waits.append(self.window - (now - q[-limit]))
        return max(waits)

    def failed(self, username: str, client: str, now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        with self._lock:
            for key in (f"u:{username}", f"c:{client}" if client else ""):
                if key:
                    self._recent(key, now).append(now)

    def succeeded(self, username: str) -> None:
        with self._lock:
            self._fails.pop(f"u:{username}", None)


LIMITER = LoginLimiter()


class LoginThrottled(AuthError):
    """Too many failed attempts; the message says how long to wait."""


def login(
    settings: Any, username: str, password: str, client: str = "",
    limiter: LoginLimiter | None = None,
) -> User:
    """Check a login with rate limiting; return the user or raise :class:`AuthError` (Dutch)."""
    limiter = limiter or LIMITER
    name = (username or "").strip().lower()[:64]
    wait = limiter.wait_seconds(name, client)
    if wait > 0:
        log.warning("aanmelding geweigerd: te veel pogingen (%r, client %r)", name, client)
        raise LoginThrottled(
            f"Te veel mislukte inlogpogingen. Probeer het over {max(1, round(wait / 60))} "
            "minuten opnieuw."
        )
    user = authenticate(settings, name, password)
    if user is None:
        limiter.failed(name, client)
        raise AuthError("Onbekende gebruikersnaam of onjuist wachtwoord.")
    limiter.succeeded(name)
    return user


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
