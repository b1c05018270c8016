"""``python -m ingest``: bring the index in line with the corpus, with progress and a summary."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from core.config import Settings
from ingest.pipeline import fingerprint, run_ingest, source_files
from storage.index import IndexStore

app = typer.Typer(add_completion=False, help="Documenten inlezen in de index.")
console = Console(stderr=True)


@app.command()
def main(
    rebuild: Annotated[bool, typer.Option("--rebuild", help="Alles opnieuw inbedden.")] = False,
    corpus: Annotated[
        Path | None, typer.Option(help="Map met documenten (anders RAADS_CORPUS_DIR).")
    ] = None,
    index: Annotated[Path | None, typer.Option(help="Indexmap (anders RAADS_INDEX_DIR).")] = None,
    check: Annotated[
        bool,
        typer.Option("--check", help="Alleen controleren of de index actueel is (exit 1 als niet)"),
    ] = False,
) -> None:
    overrides = {k: v for k, v in {"corpus_dir": corpus, "index_dir": index}.items() if v}
    settings = Settings(**overrides)
    if check:
        raise typer.Exit(0 if index_is_current(settings) else 1)
    with Progress(
        TextColumn("[bold]Inbedden"), BarColumn(), TextColumn("{task.description}"),
        TimeRemainingColumn(), console=console, transient=True,
    ) as bar:
        task = bar.add_task("", total=1.0)
        report = run_ingest(
            settings, rebuild=rebuild,
            progress=lambda f, msg: bar.update(task, completed=f, description=msg),
        )
    for error in report.errors:
        console.print(f"[red]FOUT[/red] {error}")
    table = Table(title="Samenvatting ingest", show_header=False)
    table.add_row("bestanden", str(report.files))
    table.add_row("opnieuw ingebed", f"{len(report.embedded_files)} bestanden, "
                  f"{report.chunks_embedded} passages")
    table.add_row("verwijderd", str(len(report.removed_files)))
    table.add_row("passages in index", str(report.chunks))
    table.add_row("cijfers", str(report.figures))
    table.add_row("fouten", str(len(report.errors)))
    table.add_row("seconden", f"{report.seconds:.1f}")
    table.add_row("indexgrootte", f"{report.index_bytes / 1e6:.1f} MB")
    console.print(table)
    print(f"{len(report.embedded_files)} files re-embedded, {report.chunks} chunks, "
          f"{report.seconds:.1f} s")
    raise typer.Exit(1 if report.errors else 0)


def index_is_current(settings: Settings) -> bool:
    """True when the index exists and was built from exactly the files on disk."""
    from ingest.metadata import document_meta, load_documents_yaml
    from ingest.pipeline import file_hash

    manifest = IndexStore(settings).manifest()
    if not manifest.files or manifest.fingerprint != fingerprint(settings):
        return False
    catalogue = load_documents_yaml(
        Path(settings.corpus_dir) / "documents.yaml", Path(settings.upload_dir) / "documents.yaml"
    )
    on_disk = {}
    for p in source_files(settings):
        try:
            on_disk[p.name] = file_hash(p, document_meta(p.name, catalogue))
        except ValueError:
            return False
    return on_disk == {s: e["hash"] for s, e in manifest.files.items()}


if __name__ == "__main__":
    app()
