"""The index on disk: generations of a Chroma collection plus a figures store.

Why generations: an ingest writes a complete new generation next to the live one and then
flips the ``CURRENT`` pointer with an atomic ``os.replace``. Readers always open the generation
the pointer names, so an ingest that crashes or is killed half-way leaves the previous index
untouched and fully usable. Unchanged files are copied over with their embeddings, so re-runs
cost no embedding work.

With ``RAADS_CHROMA_HOST`` set, vectors live in a Chroma server instead (one collection per
generation); the pointer, manifest and figures store stay in the local index dir.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import chromadb
from chromadb.config import Settings as ChromaSettings

from core.config import Settings

POINTER = "CURRENT"
MANIFEST = "manifest.json"
FIGURES_DB = "figures.sqlite"
KEEP_GENERATIONS = 2


class IndexMissing(RuntimeError):
    """No usable index yet: run ``python -m ingest`` (or ``make ingest``) first."""


@dataclass
class Manifest:
    """What a generation holds: per source its content hash, chunk ids and metadata."""

    fingerprint: str = ""
    files: dict[str, dict[str, Any]] = field(default_factory=dict)
    created: str = ""
    generation: str = ""
    figures: int = 0

    @classmethod
    def read(cls, path: Path) -> Manifest:
        if not path.exists():
            return cls()
        return cls(**json.loads(path.read_text(encoding="utf-8")))

    def write(self, path: Path) -> None:
        _atomic_write(path, json.dumps(self.__dict__, ensure_ascii=False, indent=1))


def _atomic_write(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def chroma_client(settings: Settings, gen_dir: Path) -> Any:
    """A client for one generation: embedded store in ``gen_dir`` or the configured server."""
    chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    if settings.chroma_host:
        return chromadb.HttpClient(
            host=settings.chroma_host, port=settings.chroma_port, settings=chroma_settings
        )
    return chromadb.PersistentClient(path=str(gen_dir / "chroma"), settings=chroma_settings)


def collection_name(settings: Settings, generation: str) -> str:
    # Embedded: one store per generation dir. Server: one collection per generation.
    return f"{settings.collection}-{generation}" if settings.chroma_host else settings.collection


def open_collection(settings: Settings, gen_dir: Path, create: bool = False) -> Any:
    client = chroma_client(settings, gen_dir)
    name = collection_name(settings, gen_dir.name)
    if create:
        return client.get_or_create_collection(
            name, embedding_function=None, metadata={"hnsw:space": "cosine"}
        )
    return client.get_collection(name, embedding_function=None)


class IndexStore:
    """Locate, read and replace generations under ``settings.index_dir``."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.root = Path(settings.index_dir)

    # -- reading -----------------------------------------------------------------------
    def current_dir(self) -> Path | None:
        pointer = self.root / POINTER
        if not pointer.exists():
            return None
        gen = self.root / pointer.read_text(encoding="utf-8").strip()
        return gen if (gen / MANIFEST).exists() else None

    def require_current(self) -> Path:
        gen = self.current_dir()
        if gen is None:
            raise IndexMissing(
                f"Geen index gevonden in {self.root}. Voer eerst 'make ingest' "
                "(of 'python -m ingest') uit."
            )
        return gen

    def manifest(self) -> Manifest:
        gen = self.current_dir()
        return Manifest.read(gen / MANIFEST) if gen else Manifest()

    def figures_db(self) -> Path | None:
        gen = self.current_dir()
        return gen / FIGURES_DB if gen and (gen / FIGURES_DB).exists() else None

    def size_bytes(self) -> int:
        gen = self.current_dir()
        if gen is None:
            return 0
        return sum(p.stat().st_size for p in gen.rglob("*") if p.is_file())

    # -- writing -----------------------------------------------------------------------
    @contextmanager
    def writer_lock(self) -> Iterator[None]:
        """One ingest at a time (per index dir); readers never wait for it."""
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / ".lock", "w") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    def new_generation(self, copy_from: Path | None) -> Path:
        """A fresh generation dir, seeded with a copy of ``copy_from`` (embeddings kept)."""
        name = time.strftime("gen-%Y%m%dT%H%M%S") + f"-{os.getpid()}-{time.monotonic_ns() % 10**6}"
        gen = self.root / name
        if copy_from is not None and not self.settings.chroma_host:
            shutil.copytree(copy_from, gen, ignore=shutil.ignore_patterns(MANIFEST, FIGURES_DB))
        else:
            gen.mkdir(parents=True)
        if copy_from is not None and self.settings.chroma_host:
            self._copy_server_collection(copy_from, gen)
        return gen

    def _copy_server_collection(self, old: Path, new: Path) -> None:
        src = open_collection(self.settings, old)
        dst = open_collection(self.settings, new, create=True)
        data = src.get(include=["embeddings", "documents", "metadatas"])
        for i in range(0, len(data["ids"]), 500):
            dst.add(
                ids=data["ids"][i : i + 500],
                embeddings=data["embeddings"][i : i + 500],
                documents=data["documents"][i : i + 500],
                metadatas=data["metadatas"][i : i + 500],
            )

    def publish(self, gen: Path) -> None:
        """Make ``gen`` the live generation (atomic), then drop old generations."""
        _atomic_write(self.root / POINTER, gen.name)
        self._gc(keep=gen.name)

    def discard(self, gen: Path) -> None:
        if self.settings.chroma_host:
            with contextlib.suppress(Exception):  # best effort cleanup of an unpublished gen
                chroma_client(self.settings, gen).delete_collection(
                    collection_name(self.settings, gen.name)
                )
        shutil.rmtree(gen, ignore_errors=True)

    def remove_leftovers(self) -> None:
        """Drop unpublished generations of killed runs; call only under the writer lock."""
        current = self.current_dir()
        if current is not None:
            self._gc(keep=current.name)

    def _gc(self, keep: str) -> None:
        """Keep the newest generations (a reader may still hold the previous one open)."""
        gens = sorted(
            (p for p in self.root.glob("gen-*") if p.is_dir()),
            key=lambda p: p.stat().st_mtime,
            reverse=True,
        )
        published = [p for p in gens if (p / MANIFEST).exists()]
        survivors = {keep} | {p.name for p in published[:KEEP_GENERATIONS]}
        for p in gens:  # called under the writer lock: unpublished dirs are crash leftovers
            if p.name not in survivors:
                self.discard(p)
