"""Load benchmark: answers per second and latency of ``Assistant.ask`` under concurrent clients.

Run with ``make bench`` (or ``python -m bench.load``). Every level runs a fixed number of
questions from the development gold set, so the run is bounded; the index is built first if
it is missing. One shared :class:`Assistant` serves all client threads, as in the app.
"""

from __future__ import annotations

import json
import statistics
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from core.config import PROJECT_ROOT, Settings

GOLD = PROJECT_ROOT / "evals" / "gold" / "dev.jsonl"
FALLBACK_QUESTIONS = [
    "Hoe hoog is de taakstelling voor jeugdhulp vanaf 2022?",
    "Wat waren de uitgaven aan jeugdhulp in 2018?",
    "Wat zegt het visitatierapport over de rol van de raad?",
    "Welke gemeenten vallen onder de regio Midden-Limburg Oost?",
]


@dataclass
class LevelResult:
    clients: int
    requests: int
    errors: int
    seconds: float
    latencies: list[float]
    first_error: str = ""

    @property
    def per_second(self) -> float:
        return (self.requests - self.errors) / self.seconds if self.seconds else 0.0

    def percentile(self, q: float) -> float:
        if len(self.latencies) < 2:
            return self.latencies[0] if self.latencies else 0.0
        return statistics.quantiles(self.latencies, n=100, method="inclusive")[int(q) - 1]


def load_questions(path: Path = GOLD) -> list[str]:
    if not path.exists():
        return FALLBACK_QUESTIONS
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    return [r["question"] for r in rows if r.get("question")] or FALLBACK_QUESTIONS


def run_level(assistant, questions: list[str], clients: int, requests: int) -> LevelResult:
    """Send ``requests`` questions through ``clients`` threads; time each call."""

    failures: list[str] = []

    def one(i: int) -> tuple[float, bool]:
        start = time.perf_counter()
        try:
            assistant.ask(questions[i % len(questions)])
            ok = True
        except Exception as exc:  # noqa: BLE001 - a benchmark counts failures, then reports
            failures.append(f"{type(exc).__name__}: {exc}")
            ok = False
        return time.perf_counter() - start, ok

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        results = list(pool.map(one, range(requests)))
    seconds = time.perf_counter() - started
    return LevelResult(
        clients=clients,
        requests=requests,
        errors=sum(1 for _, ok in results if not ok),
        seconds=seconds,
        latencies=[lat for lat, _ in results],
        first_error=failures[0] if failures else "",
    )


def ensure_index(settings: Settings, console: Console) -> None:
    from storage.index import IndexStore

    if IndexStore(settings).current_dir() is None:
        from ingest.pipeline import run_ingest

        console.print("Geen index gevonden; corpus wordt eerst ingelezen ...")
        report = run_ingest(settings)
        console.print(f"Ingest: {report.chunks} passages in {report.seconds:.1f} s")


def main(
    levels: str = typer.Option("1,4,16", help="Aantallen gelijktijdige clients"),
    requests: int = typer.Option(48, help="Vragen per niveau (minimaal 2x het aantal clients)"),
) -> None:
    console = Console()
    settings = Settings()
    ensure_index(settings, console)
    from assistant.api import Assistant

    assistant = Assistant(settings)
    questions = load_questions()
    for q in questions[:2]:  # warm-up: model load, caches, first Chroma query
        assistant.ask(q)

    table = Table(title=f"Belasting Assistant.ask (backend {settings.backend}, {requests} vragen "
                  "per niveau)")
    for col in ("clients", "vragen", "fouten", "antwoorden/s", "p50 (s)", "p95 (s)", "max (s)"):
        table.add_column(col, justify="right")
    errors: list[str] = []
    for clients in (int(x) for x in levels.split(",") if x.strip()):
        n = max(requests, 2 * clients)
        res = run_level(assistant, questions, clients, n)
        table.add_row(
            str(clients), str(n), str(res.errors), f"{res.per_second:.2f}",
            f"{res.percentile(50):.3f}", f"{res.percentile(95):.3f}",
            f"{max(res.latencies):.3f}",
        )
        if res.first_error:
            errors.append(f"{clients} clients: {res.first_error}")
    console.print(table)
    for line in errors:
        console.print(f"[red]eerste fout bij {line}[/red]")
    if errors:
        raise typer.Exit(1)


if __name__ == "__main__":
    typer.run(main)
