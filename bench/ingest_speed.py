"""Ingest benchmark: wall time and chunks/s for the whole corpus, cold, into a temp index.

Run with ``make bench`` (or ``python bench/ingest_speed.py``; ``--cache`` for a warm run). "Cold"
means the on-disk embedding cache is off, so every chunk is embedded; the model is loaded
before the clock starts and its load time is printed on its own. A second, plain run on the
same index then shows the cost of an idempotent re-run (nothing to embed). Nothing touches
the project's ``.index/``.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path
from typing import Annotated

# Run as ``python bench/ingest_speed.py`` (as the Makefile does), this folder comes first on
# sys.path and this very file would shadow the ``ingest`` package: put the project root there.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [str(_HERE.parent)] + [p for p in sys.path if Path(p or ".").resolve() != _HERE]

import typer  # noqa: E402
from rich.console import Console  # noqa: E402
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn  # noqa: E402
from rich.table import Table  # noqa: E402

from core.config import Settings  # noqa: E402
from ingest.loaders import load  # noqa: E402
from ingest.pipeline import chunk_document, run_ingest, source_files  # noqa: E402
from storage.embeddings import make_embeddings  # noqa: E402

console = Console()


def main(
    cache: Annotated[
        bool, typer.Option("--cache/--no-cache", help="Embeddingcache gebruiken.")
    ] = False,
    corpus: Annotated[
        Path | None, typer.Option(help="Map met documenten (anders RAADS_CORPUS_DIR).")
    ] = None,
) -> None:
    base = Settings()
    with tempfile.TemporaryDirectory(prefix="raads-bench-") as tmp:
        settings = base.model_copy(update={
            "corpus_dir": corpus or base.corpus_dir,
            "index_dir": Path(tmp) / "index",
            "upload_dir": Path(tmp) / "uploads",  # the corpus only, no user uploads
            "chroma_host": None,
            "embedding_cache": base.embedding_cache if cache else None,
        })
        files = source_files(settings)
        t0 = time.perf_counter()
        chunks = sum(len(chunk_document(load(p), settings)) for p in files)
        chunk_seconds = time.perf_counter() - t0

        t0 = time.perf_counter()
        make_embeddings(settings).embed_documents(["opwarmen"])
        model_seconds = time.perf_counter() - t0

        cpu = time.process_time()
        with Progress(TextColumn("[bold]Inbedden"), BarColumn(), TextColumn("{task.description}"),
                      TimeElapsedColumn(), console=console, transient=True) as bar:
            task = bar.add_task("", total=1.0)
            cold = run_ingest(settings, progress=lambda f, m: bar.update(
                task, completed=f, description=m))
        cpu = time.process_time() - cpu
        warm = run_ingest(settings)

    table = Table(title=f"Ingest-benchmark ({'met' if cache else 'zonder'} embeddingcache)",
                  show_header=False)
    table.add_row("bestanden", str(cold.files))
    table.add_row("passages", f"{cold.chunks} ({chunks} uit laden+chunken)")
    table.add_row("laden + opschonen + chunken", f"{chunk_seconds:.2f} s")
    table.add_row("model laden", f"{model_seconds:.1f} s")
    table.add_row("ingest hele corpus", f"{cold.seconds:.1f} s")
    table.add_row("passages per seconde", f"{cold.chunks_embedded / cold.seconds:.2f}")
    # On a shared machine wall time depends on the neighbours; CPU time does much less.
    table.add_row("CPU-tijd ingest", f"{cpu:.1f} s ({cold.chunks_embedded / cpu:.2f} passages "
                  "per CPU-seconde)")
    table.add_row("tweede run (niets te doen)", f"{warm.seconds:.2f} s, "
                  f"{warm.chunks_embedded} passages ingebed")
    table.add_row("indexgrootte", f"{cold.index_bytes / 1e6:.1f} MB")
    console.print(table)
    if cold.errors:
        for error in cold.errors:
            console.print(f"[red]FOUT[/red] {error}")
        raise typer.Exit(1)


if __name__ == "__main__":
    typer.run(main)
