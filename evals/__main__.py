"""``python -m evals run --gold FILE``: a thin CLI over :mod:`evals.run` and :mod:`evals.report`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from evals.report import (
    compare_tables,
    gap_lines,
    load_reports,
    make_console,
    mislabel_table,
    print_run,
    write_json,
    write_markdown,
)
from evals.run import check_thresholds, parse_max, parse_min, run_eval

app = typer.Typer(add_completion=False, help="Evaluatie van de Raadsassistent op een goudset.")


@app.callback()
def main() -> None:
    """Evaluatie van de Raadsassistent (retrieval, antwoorden, baselines)."""


@app.command()
def run(
    gold: Annotated[Path, typer.Option(help="Goudset (JSON lines)", exists=True, dir_okay=False)],
    json_out: Annotated[
        Path | None, typer.Option("--json", help="Schrijf alle metrieken en vragen naar JSON")
    ] = None,
    report: Annotated[
        Path | None, typer.Option(help="Map voor het Markdown-rapport <goudset>.md met grafiek")
    ] = None,
    backend: Annotated[str | None, typer.Option(help="Back-end (standaard uit Settings)")] = None,
    baselines: Annotated[
        bool, typer.Option(help="Vergelijk met BM25, vector en LangChain")
    ] = False,
    min_: Annotated[
        list[str] | None,
        typer.Option("--min", help="Drempel SLEUTEL=WAARDE, bv. recall@5=0.9 (herhaalbaar)"),
    ] = None,
    max_: Annotated[
        list[str] | None,
        typer.Option(
            "--max",
            help="Maximum SLEUTEL=WAARDE voor lager-is-beter, bv. wrong_entity=0 (herhaalbaar)",
        ),
    ] = None,
    limit: Annotated[int | None, typer.Option(help="Alleen de eerste N vragen")] = None,
    as_role: Annotated[
        str,
        typer.Option(
            "--as-role",
            help="Vraag als rol: publiek | raadslid | medewerker (standaard medewerker: "
            "het hele corpus, zoals de goudsets)",
        ),
    ] = "medewerker",
) -> None:
    """Stel alle vragen uit de goudset, meet en rapporteer; exit 1 onder een drempel."""
    console = make_console()
    try:
        thresholds = parse_min(min_ or [])
        ceilings = parse_max(max_ or [])
    except ValueError as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from exc

    from assistant.auth import AuthError, role_user

    try:
        role_user(as_role)
    except AuthError as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from exc
    with console.status("Evaluatie loopt…") as status:
        result = run_eval(
            gold,
            backend=backend,
            baselines=baselines,
            limit=limit,
            role=as_role,
            progress=lambda i, n, qid: status.update(f"Vraag {i}/{n} ({qid})…"),
        )
    print_run(result, console)
    if json_out:
        console.print(f"JSON geschreven: {write_json(result, json_out)}")
    if report:
        console.print(f"Rapport geschreven: {write_markdown(result, report)}")

    failed = check_thresholds(result.overall, thresholds, ceilings)
    for msg in failed:
        console.print(f"[red]Drempel niet gehaald: {msg}[/red]")
    if failed:
        raise typer.Exit(1)


@app.command()
def compare(
    reports: Annotated[list[Path], typer.Argument(help="Rapport-JSON's van `evals run --json`")],
    frozen: Annotated[
        list[str] | None,
        typer.Option(help="Namen van bevroren sets (nooit op afgestemd), herhaalbaar"),
    ] = None,
) -> None:
    """Zet de resultaten van meerdere goudsets naast elkaar, met het verschil afstem/bevroren."""
    console = make_console()
    found = [p for p in reports if p.exists()]
    missing = [str(p) for p in reports if not p.exists()]
    if missing:
        console.print(f"[yellow]Niet gevonden (overgeslagen): {', '.join(missing)}[/yellow]")
    data = load_reports(found)
    overall, per_type = compare_tables(data, frozen or [])
    console.print(overall)
    console.print(per_type)
    console.print(mislabel_table(data, frozen or []))
    for line in gap_lines(data, frozen or []):
        console.print(line)


if __name__ == "__main__":
    app()
