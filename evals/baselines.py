"""Retrieval baselines scored with the same hit rule as the assistant (issue 3).

- ``bm25`` and ``vector``: one arm of our own retriever (``Assistant.retrieve(mode=...)``).
- ``langchain``: what a plain LangChain tutorial would build: ``RecursiveCharacterTextSplitter``
  (1000/200) over the corpus files, the same embedding model, an ``InMemoryVectorStore`` and
  top-4 similarity search. It returns four chunks, so its recall@5 and MRR@10 are at 4.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from langchain_core.documents import Document
from langchain_core.vectorstores import InMemoryVectorStore
from langchain_text_splitters import RecursiveCharacterTextSplitter

from core.config import Settings
from core.models import Passage
from evals import metrics as m
from evals.metrics import GoldQuestion, percentile
from storage.embeddings import make_embeddings


def split_with_lines(
    path: Path, chunk_size: int = 1000, chunk_overlap: int = 200
) -> list[Document]:
    """Chunks of one file with ``source`` and 1-based ``line_start``/``line_end`` metadata."""
    text = path.read_text(encoding="utf-8")
    splitter = RecursiveCharacterTextSplitter(
        chunk_size=chunk_size, chunk_overlap=chunk_overlap, add_start_index=True
    )
    docs = splitter.create_documents([text], metadatas=[{"source": path.name}])
    for d in docs:
        start = int(d.metadata["start_index"])
        d.metadata["line_start"] = text.count("\n", 0, start) + 1
        d.metadata["line_end"] = d.metadata["line_start"] + d.page_content.count("\n")
    return docs


class LangChainBaseline:
    """Plain LangChain retrieval over ``settings.corpus_dir/*.txt`` with our embeddings.

    Embedding the corpus takes minutes on two cores, so the store is dumped to
    ``index_dir`` under a hash of the files, the model and the splitter settings, and reused.
    """

    def __init__(self, settings: Settings, files: Sequence[Path] | None = None) -> None:
        files = files if files is not None else sorted(Path(settings.corpus_dir).glob("*.txt"))
        embeddings = make_embeddings(settings)
        digest = hashlib.sha256(f"{settings.embedding_model}|1000|200".encode())
        for f in files:
            digest.update(f.name.encode() + b"\0" + f.read_bytes())
        cache = Path(settings.index_dir) / f"baseline-langchain-{digest.hexdigest()[:16]}.json"
        if cache.exists():
            self.store = InMemoryVectorStore.load(str(cache), embeddings)
        else:
            docs = [d for f in files for d in split_with_lines(f)]
            self.store = InMemoryVectorStore(embedding=embeddings)
            self.store.add_documents(docs)
            cache.parent.mkdir(parents=True, exist_ok=True)
            self.store.dump(str(cache))
        self.n_chunks = len(self.store.store)

    def retrieve(self, question: str, k: int = 4) -> list[Passage]:
        docs = self.store.similarity_search(question, k=k)
        return [
            Passage.from_metadata(id=str(i), text=d.page_content, meta=d.metadata)
            for i, d in enumerate(docs)
        ]


def score_system(
    ranked: Sequence[Sequence[Passage]], latencies: Sequence[float], gold: Sequence[GoldQuestion]
) -> dict[str, float]:
    """recall@1/5, MRR@10 and coverage@5 over the answerable questions, plus latency."""
    pairs = [(r, g) for r, g in zip(ranked, gold, strict=True) if g.sources]
    ranks = [m.first_hit_rank(r, g.sources, 10) for r, g in pairs]
    cover = [m.covers_all(r, g.sources, 5) for r, g in pairs]
    return {
        "n": len(pairs),
        "recall@1": m.recall_at(ranks, 1),
        "recall@5": m.recall_at(ranks, 5),
        "mrr@10": m.mrr_at(ranks, 10),
        "coverage@5": sum(cover) / len(cover) if cover else float("nan"),
        "latency_p50_ms": percentile(latencies, 50),
        "latency_p95_ms": percentile(latencies, 95),
    }


def _timed(fn: Any, questions: Sequence[str]) -> tuple[list[list[Passage]], list[float]]:
    out, ms = [], []
    for q in questions:
        t0 = time.perf_counter()
        out.append(list(fn(q)))
        ms.append((time.perf_counter() - t0) * 1000)
    return out, ms


def run_baselines(
    assistant: Any,
    settings: Settings,
    gold: Sequence[GoldQuestion],
    hybrid: tuple[list[list[Passage]], list[float]] | None = None,
) -> dict[str, dict[str, float]]:
    """Scores per system; ``hybrid`` reuses the main run's retrievals when given."""
    questions = [g.question for g in gold]
    if hybrid is None:
        hybrid = _timed(lambda q: assistant.retrieve(q, k=10, mode="hybrid"), questions)
    systems = {"hybrid (Raadsassistent)": hybrid}
    for mode in ("bm25", "vector"):
        assistant.retrieve(questions[0] if questions else "jeugdhulp", k=10, mode=mode)  # warm
        systems[f"{mode} only"] = _timed(
            lambda q, mode=mode: assistant.retrieve(q, k=10, mode=mode), questions
        )
    lc = LangChainBaseline(settings)
    systems["LangChain 1000/200 top-4"] = _timed(lambda q: lc.retrieve(q, k=4), questions)
    return {name: score_system(r, ms, gold) for name, (r, ms) in systems.items()}
