"""``python -m assistant``: ask questions, dump the figures store, manage users (thin CLI)."""

from __future__ import annotations

import json
from dataclasses import asdict

import typer
from rich.console import Console
from rich.markdown import Markdown

from assistant.auth import users_app
from core.config import Settings

app = typer.Typer(add_completion=False, help="Raadsassistent op de commandoregel.")
app.add_typer(users_app, name="users", help="Gebruikers beheren (lokaal gebruikersbestand).")
console = Console()


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
) -> None:
    """Stel een vraag en krijg een antwoord met bronnen."""
    from assistant.guard import QuestionError

    try:
        answer = _assistant(backend).ask(question)
    except (QuestionError, ValueError) as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from exc
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
def figures(as_json: bool = typer.Option(False, "--json", help="Alle cijfers als JSON.")) -> None:
    """Toon de cijferstore (met herkomst van elk cijfer)."""
    items = _assistant("offline").figures()
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
    print(json.dumps(_assistant("offline").status(), ensure_ascii=False, indent=2))


if __name__ == "__main__":
    app()
