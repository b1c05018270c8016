"""Turn an :class:`~evals.run.EvalRun` into a terminal table, a JSON file and a Markdown report.

The chart is an Altair bar chart per question type, saved as PNG through ``vl-convert-python``
(offline); without it the chart is written as a self-contained HTML file and linked instead.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from evals.run import COUNT_KEYS, ERROR_KEYS, LATENCY_KEYS, QUALITY_KEYS, EvalRun, QuestionResult

# Columns of the main table (coverage@5 is in the JSON and Markdown, not on the terminal).
# The two mislabel counts share one terminal column "wie/scen." ("1/0") to keep the width.
MISLABEL_COLUMN = "wrong_entity/wrong_scenario"
TABLE_KEYS = (
    tuple(k for k in QUALITY_KEYS if k != "coverage@5")
    + ERROR_KEYS
    + (MISLABEL_COLUMN,)
    + LATENCY_KEYS
)
BASELINE_KEYS = ("n", "recall@1", "recall@5", "mrr@10", "coverage@5") + LATENCY_KEYS
CHART_KEYS = ("recall@5", "mrr@10", "correctness", "citation_precision", "faithfulness",
              "abstention_accuracy")  # fmt: skip


def fmt(key: str, value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if key == "n" or key in COUNT_KEYS:
        return str(int(value))
    if key.endswith("_ms"):
        return f"{value:.0f}"
    return f"{value:.3f}"


def _header(key: str) -> str:
    return key.replace("_ms", " ms").replace("_", " ")


# Short column names so the terminal table fits in about 165 characters.
_SHORT = {
    "recall@1": "R@1",
    "recall@5": "R@5",
    "mrr@10": "MRR@10",
    "coverage@5": "dekking@5",
    "correctness": "juist",
    "citation_precision": "citaatprec.",
    "faithfulness": "getrouw",
    "abstention_accuracy": "onthouding",
    "on_subject": "over onderwerp",
    "false_abstention": "onterecht onth.",
    "wrong_entity": "fout wie",
    "wrong_scenario": "fout scen.",
    MISLABEL_COLUMN: "wie/scen.",
    "latency_p50_ms": "p50 ms",
    "latency_p95_ms": "p95 ms",
}


def _cell(key: str, row: dict[str, float]) -> str:
    if key == MISLABEL_COLUMN:
        return "/".join(fmt(k, row.get(k)) for k in COUNT_KEYS)
    return fmt(key, row[key])


def summary_table(run: EvalRun) -> Table:
    table = Table(title=f"Evaluatie {run.name} (back-end: {run.backend})")
    table.add_column("type", no_wrap=True)
    for key in ("n", *TABLE_KEYS):
        table.add_column(_SHORT.get(key, key), justify="right", no_wrap=True)
    for qtype, row in run.by_type.items():
        table.add_row(qtype, *(_cell(k, row) for k in ("n", *TABLE_KEYS)))
    table.add_section()
    table.add_row("totaal", *(_cell(k, run.overall) for k in ("n", *TABLE_KEYS)), style="bold")
    return table


def baseline_table(baselines: dict[str, dict[str, float]]) -> Table:
    table = Table(title="Retrieval: Raadsassistent tegen baselines (beantwoordbare vragen)")
    table.add_column("systeem", no_wrap=True)
    for key in BASELINE_KEYS:
        table.add_column(_SHORT.get(key, key), justify="right", no_wrap=True)
    for name, row in baselines.items():
        table.add_row(name, *(fmt(k, row[k]) for k in BASELINE_KEYS))
    return table


def make_console() -> Console:
    """A console that does not squeeze the tables to 80 columns in CI logs and pipes."""
    console = Console()
    return console if console.is_terminal else Console(width=165)


def print_run(run: EvalRun, console: Console | None = None) -> None:
    console = console or make_console()
    console.print(summary_table(run))
    if run.baselines:
        console.print(baseline_table(run.baselines))


def write_json(run: EvalRun, path: Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = json.dumps(_no_nan(run.to_dict()), ensure_ascii=False, indent=2, default=_json_default)
    path.write_text(data, encoding="utf-8")
    return path


def _no_nan(obj: Any) -> Any:
    """NaN (a metric that does not apply) becomes null: JSON has no NaN."""
    if isinstance(obj, float) and math.isnan(obj):
        return None
    if isinstance(obj, dict):
        return {k: _no_nan(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_no_nan(v) for v in obj]
    return obj


def _json_default(obj: Any) -> Any:
    if isinstance(obj, Path):
        return str(obj)
    raise TypeError(f"niet naar JSON te schrijven: {type(obj).__name__}")


# --------------------------------------------------------------------------- Markdown


def _md_table(rows: dict[str, dict[str, float]], keys: Sequence[str], first: str) -> list[str]:
    lines = [
        "| " + " | ".join([first, *(_header(k) for k in keys)]) + " |",
        "|" + "---|" * (len(keys) + 1),
    ]
    for name, row in rows.items():
        lines.append("| " + " | ".join([name, *(fmt(k, row.get(k)) for k in keys)]) + " |")
    return lines


def write_chart(run: EvalRun, directory: Path) -> Path:
    """Per-type grouped bars of the quality metrics; PNG when possible, else HTML."""
    import altair as alt
    import pandas as pd

    records = [
        {"type": t, "metric": k, "value": row[k]}
        for t, row in run.by_type.items()
        for k in CHART_KEYS
        if not math.isnan(row[k])
    ]
    chart = (
        alt.Chart(pd.DataFrame(records), title=f"{run.name}: scores per vraagtype")
        .mark_bar()
        .encode(
            x=alt.X(
                "type:N", title="vraagtype", sort=list(run.by_type), axis=alt.Axis(labelAngle=-30)
            ),
            xOffset=alt.XOffset("metric:N", sort=list(CHART_KEYS)),
            y=alt.Y("value:Q", title="score", scale=alt.Scale(domain=[0, 1])),
            color=alt.Color("metric:N", sort=list(CHART_KEYS), title="metriek"),
            tooltip=["type", "metric", alt.Tooltip("value:Q", format=".3f")],
        )
        .properties(width=720, height=300)
    )
    png = directory / f"{run.name}.png"
    try:
        chart.save(str(png), scale_factor=1.5)
        return png
    except Exception:  # vl-convert missing or failing: keep the chart as interactive HTML
        html = directory / f"{run.name}.html"
        chart.save(str(html))
        return html


def _failed_metrics(r: QuestionResult) -> list[str]:
    names = [k for k, ok in r.passes().items() if ok is False and k != "recall@1"]
    return names + (["fout"] if r.error else [])


def _clip(text: str, n: int = 400) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def failure_lines(results: Sequence[QuestionResult]) -> list[str]:
    lines: list[str] = []
    for r in results:
        failed = _failed_metrics(r)
        if not failed:
            continue
        lines.append(f"### {r.id} ({r.type}): {', '.join(failed)}")
        lines.append(f"- **Vraag:** {r.question}")
        lines.append(f"- **Verwacht:** {_clip(r.expected)}")
        lines.append(f"- **Antwoord:** {_clip(r.answer) or '(leeg)'}")
        if r.missing:
            lines.append(f"- **Ontbreekt:** {', '.join(r.missing)}")
        if r.unsupported_numbers:
            lines.append(f"- **Getallen zonder bron:** {', '.join(r.unsupported_numbers)}")
        if r.answerable:
            rank = r.first_hit_rank if r.first_hit_rank is not None else "niet in top 10"
            lines.append(f"- **Eerste treffer:** {rank}")
        if r.citation_precision is not None:
            cited = "; ".join(
                f"[{c['n']}] {c['source']}:{c['line_start']}-{c['line_end']}" for c in r.citations
            )
            lines.append(f"- **Citaten** (precisie {r.citation_precision:.2f}): {cited}")
        for w in r.mislabels:
            what = "overheid" if w["kind"] == "entity" else "scenario"
            lines.append(
                f"- **Verkeerde {what}:** {w['amount']} staat als {', '.join(w['stated'])}, "
                f"maar is van {', '.join(w['actual'])} ({', '.join(w['figures'][:3])}): "
                f"_{_clip(w['sentence'], 200)}_"
            )
        if r.error:
            lines.append(f"- **Fout:** `{r.error}`")
        lines.append("")
    return lines or ["Geen fouten."]


def write_markdown(run: EvalRun, directory: Path) -> Path:
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    chart = write_chart(run, directory)
    keys = ("n", *QUALITY_KEYS, *COUNT_KEYS, *LATENCY_KEYS)
    rows = {**run.by_type, "**totaal**": run.overall}
    lines = [
        f"# Evaluatie `{run.name}`",
        "",
        f"Goudset `{run.gold_path}`, back-end `{run.backend}`, gestart {run.started}, "
        f"configuratie: {', '.join(f'{k}={v}' for k, v in run.config.items())}.",
        "",
        "## Per vraagtype",
        "",
        *_md_table(rows, keys, "type"),
        "",
        f"![scores per vraagtype]({chart.name})"
        if chart.suffix == ".png"
        else f"[Grafiek: scores per vraagtype]({chart.name})",
        "",
    ]
    if run.baselines:
        lines += ["## Retrieval tegen baselines", "", *_md_table(run.baselines, BASELINE_KEYS,
                                                                 "systeem"), ""]  # fmt: skip
    lines += [
        "## Definities",
        "",
        "Zie de docstring van `evals/metrics.py`: een chunk is een treffer als bron en regels "
        "overlappen met een goudbron; citatieprecisie telt als geslaagd vanaf 0,5; "
        "getrouwheid eist dat elk getal in het antwoord in een geciteerde passage, een "
        "gebruikt cijfer of een berekening daarmee voorkomt. `wrong entity` en "
        "`wrong scenario` tellen antwoorden die een bedrag uit de cijferstore aan een andere "
        "overheid of een ander scenario (begroting, realisatie, prognose ...) toeschrijven dan "
        "dat van het cijfer; doel is 0 (zie `evals/labels.py`).",
        "",
        "## Fouten",
        "",
        *failure_lines(run.results),
    ]
    path = directory / f"{run.name}.md"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# --------------------------------------------------------------------------- side by side

COMPARE_KEYS = ("n", "recall@5", "correctness", "abstention_accuracy", "false_abstention",
                "on_subject", "faithfulness", "wrong_entity", "wrong_scenario",
                "latency_p95_ms")  # fmt: skip
COMPARE_TYPES = ("numeric_lookup", "numeric_computed", "fact", "list", "why", "multi_doc",
                 "comparison", "unanswerable", "trap")  # fmt: skip


def load_reports(paths: Sequence[Path]) -> dict[str, dict[str, Any]]:
    """Report JSON files by set name (the gold file's stem), in the given order."""
    out: dict[str, dict[str, Any]] = {}
    for p in paths:
        data = json.loads(Path(p).read_text(encoding="utf-8"))
        out[Path(data.get("gold", p)).stem] = data
    return out


def compare_tables(
    reports: dict[str, dict[str, Any]], frozen: Sequence[str] = ()
) -> tuple[Table, Table]:
    """Two tables with one column per gold set: overall metrics, and correctness per type.
    Frozen (held-out) sets are marked, so the tuning-vs-frozen gap is read off directly."""

    def name(key: str) -> str:
        return f"{key} (bevroren)" if key in frozen else key

    overall = Table(title="Alle goudsets naast elkaar")
    overall.add_column("metriek", no_wrap=True)
    for key in reports:
        overall.add_column(name(key), justify="right")
    for metric in COMPARE_KEYS:
        overall.add_row(
            _SHORT.get(metric, metric),
            *(fmt(metric, r["overall"].get(metric)) for r in reports.values()),
        )
    per_type = Table(title="Juist per vraagtype (n tussen haakjes)")
    per_type.add_column("type", no_wrap=True)
    for key in reports:
        per_type.add_column(name(key), justify="right")
    for qtype in COMPARE_TYPES:
        cells = []
        for r in reports.values():
            row = r["by_type"].get(qtype)
            cells.append(
                "–" if not row else f"{fmt('correctness', row['correctness'])} ({int(row['n'])})"
            )
        per_type.add_row(qtype, *cells)
    return overall, per_type


def mislabel_table(reports: dict[str, dict[str, Any]], frozen: Sequence[str] = ()) -> Table:
    """Per type and set: answers that give an amount to the wrong government / scenario
    ("wie/scenario"); "–" where a report predates the check."""
    table = Table(title="Verkeerd toegeschreven bedragen per vraagtype (fout wie / fout scenario)")
    table.add_column("type", no_wrap=True)
    for key in reports:
        table.add_column(f"{key} (bevroren)" if key in frozen else key, justify="right")

    def cell(row: dict[str, Any] | None) -> str:
        if not row or row.get("wrong_entity") is None:
            return "–"
        return f"{int(row['wrong_entity'])} / {int(row.get('wrong_scenario') or 0)}"

    for qtype in COMPARE_TYPES:
        table.add_row(qtype, *(cell(r["by_type"].get(qtype)) for r in reports.values()))
    table.add_section()
    table.add_row("totaal", *(cell(r["overall"]) for r in reports.values()), style="bold")
    return table


def gap_lines(reports: dict[str, dict[str, Any]], frozen: Sequence[str]) -> list[str]:
    """Correctness of tuning sets vs frozen sets (the number that matters)."""
    tune = [r["overall"]["correctness"] for k, r in reports.items() if k not in frozen]
    held = [r["overall"]["correctness"] for k, r in reports.items() if k in frozen]
    if not tune or not held:
        return []
    t, h = sum(tune) / len(tune), sum(held) / len(held)
    return [f"Juist, gemiddeld: afstemsets {t:.3f}, bevroren sets {h:.3f}; verschil {t - h:+.3f}"]
