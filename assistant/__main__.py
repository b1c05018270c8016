"""``python -m assistant``: ask questions, dump the figures store, manage users (thin CLI).

``--as-role`` says whose eyes the question is asked with (``publiek``, ``raadslid`` or
``medewerker``); the default is ``publiek``, as in the app without a login. Every error is one
Dutch line on stderr (exit code 2), never a traceback.
"""

from __future__ import annotations

import json
from dataclasses import asdict

import typer
from rich.console import Console
from rich.markdown import Markdown

from assistant.auth import users_app
from core.access import PUBLIC_ROLE, ROLES
from core.config import Settings
from core.errors import user_message

app = typer.Typer(add_completion=False, help="Raadsassistent op de commandoregel.")
app.add_typer(users_app, name="users", help="Gebruikers beheren (lokaal gebruikersbestand).")
console = Console()
err_console = Console(stderr=True)
ROLE_HELP = f"Stel de vraag als rol: {' | '.join(ROLES)} (standaard {PUBLIC_ROLE})."


def _fail(exc: BaseException) -> typer.Exit:
    err_console.print(f"[red]{user_message(exc)}[/red]", highlight=False, soft_wrap=True)
    return typer.Exit(2)


def _user(role: str):
    from assistant.auth import role_user

    return role_user(role)


def _assistant(backend: str | None):
    from assistant.api import Assistant

    return Assistant(Settings(), backend=backend)


@app.command()
def ask(
    question: str = typer.Argument(..., help="De vraag, in het Nederlands."),
    as_json: bool = typer.Option(False, "--json", help="Antwoord als JSON."),
    backend: str | None = typer.Option(
        None, "--backend", help="offline | openai | ollama | llamacpp"
    ),
    as_role: str = typer.Option(PUBLIC_ROLE, "--as-role", help=ROLE_HELP),
) -> None:
    """Stel een vraag en krijg een antwoord met bronnen."""
    try:
        answer = _assistant(backend).ask(question, user=_user(as_role))
    except Exception as exc:  # noqa: BLE001 - one Dutch line, never a traceback
        raise _fail(exc) from None
    if as_json:
        print(json.dumps(answer.to_dict(), ensure_ascii=False, indent=2))
        return
    console.print(Markdown(answer.text))
    for c in answer.citations:
        where = f"p. {c.page}" if c.page else f"regels {c.line_start}-{c.line_end}"
        console.print(
            f"[dim][{c.n}] {c.title} ({c.date}), {c.section or '-'}, {where} — {c.source}[/dim]"
        )


@app.command()
def figures(
    as_json: bool = typer.Option(False, "--json", help="Alle cijfers als JSON."),
    as_role: str = typer.Option(PUBLIC_ROLE, "--as-role", help=ROLE_HELP),
) -> None:
    """Toon de cijferstore (met herkomst van elk cijfer)."""
    try:
        items = _assistant("offline").figures(user=_user(as_role))
    except Exception as exc:  # noqa: BLE001
        raise _fail(exc) from None
    if as_json:
        print(json.dumps([asdict(f) for f in items], ensure_ascii=False, indent=2))
        return
    for f in items:
        console.print(
            f"{f.metric:32} {f.entity:28} {f.period:12} {f.value:>14,.2f} {f.unit:6} "
            f"{f.source}:{f.line}"
        )


@app.command()
def status() -> None:
    """Toon de status van de index."""
    try:
        print(json.dumps(_assistant("offline").status(), ensure_ascii=False, indent=2))
    except Exception as exc:  # noqa: BLE001
        raise _fail(exc) from None


if __name__ == "__main__":
    app()
