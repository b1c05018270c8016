"""The index on disk: generations of a Chroma collection plus a figures store.

Why generations: an ingest writes a complete new generation next to the live one and then
flips the ``CURRENT`` pointer with an atomic ``os.replace``. Readers always open the generation
the pointer names, so an ingest that crashes or is killed half-way leaves the previous index
untouched and fully usable. Unchanged files are copied over with their embeddings, so re-runs
cost no embedding work.

With ``RAADS_CHROMA_HOST`` set, vectors live in a Chroma server instead (one collection per
generation); the pointer, manifest and figures store stay in the local index dir.

Readers never write: a generation whose folder cannot be written (a read-only mount, another
user's files) is opened from a private temporary copy, because Chroma's embedded store opens
its SQLite file for writing. Index files are written owner/group-only (no world read).
"""

from __future__ import annotations

import atexit
import contextlib
import fcntl
import json
import logging
import os
import shutil
import tempfile
import threading
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
FILE_MODE = 0o640
DIR_MODE = 0o750
log = logging.getLogger(__name__)


class IndexMissing(RuntimeError):
    """No usable index yet: run ``python -m ingest`` (or ``make ingest``) first."""


class IndexUnavailable(IndexMissing):
    """The index exists but cannot be reached now (Chroma server down, unreadable files)."""


def restrict_permissions(path: Path) -> None:
    """No world access to index files: owner read/write, group read (best effort)."""
    paths = [path, *path.rglob("*")] if path.is_dir() else [path]
    for p in paths:
        with contextlib.suppress(OSError):
            if p.is_symlink():
                continue
            os.chmod(p, DIR_MODE if p.is_dir() else FILE_MODE)


@dataclass
class Manifest:
    """What a generation holds: per source its content hash, chunk ids and metadata."""

    fingerprint: str = ""
    files: dict[str, dict[str, Any]] = field(default_factory=dict)
    created: str = ""
    generation: str = ""
    figures: int = 0
    figure_inputs: str = ""  # hash of the curated figures file and the profile

    @classmethod
    def read(cls, path: Path) -> Manifest:
        if not path.exists():
            return cls()
        return cls(**json.loads(path.read_text(encoding="utf-8")))

    def write(self, path: Path) -> None:
        _atomic_write(path, json.dumps(self.__dict__, ensure_ascii=False, indent=1))


def _atomic_write(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def _server_down(settings: Settings, exc: BaseException) -> IndexUnavailable:
    return IndexUnavailable(
        f"De Chroma-server op {settings.chroma_host}:{settings.chroma_port} is niet bereikbaar "
        f"({type(exc).__name__}). Start de server of controleer RAADS_CHROMA_HOST/PORT."
    )


def chroma_client(settings: Settings, gen_dir: Path, read_only: bool = False) -> Any:
    """A client for one generation: embedded store in ``gen_dir`` or the configured server.

    ``read_only``: a reader; when the generation cannot be written it is opened from a
    private temporary copy (Chroma's embedded store writes to its SQLite file on open).
    """
    chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    if settings.chroma_host:
        try:
            return chromadb.HttpClient(
                host=settings.chroma_host, port=settings.chroma_port, settings=chroma_settings
            )
        except Exception as exc:  # noqa: BLE001 - chromadb raises ValueError/ConnectError/...
            raise _server_down(settings, exc) from exc
    path = gen_dir / "chroma"
    if read_only and not _writable(path):
        path = _private_copy(path)
    try:
        return chromadb.PersistentClient(path=str(path), settings=chroma_settings)
    except Exception as exc:  # noqa: BLE001
        if read_only and "readonly" in str(exc).lower().replace("-", "").replace(" ", ""):
            return chromadb.PersistentClient(
                path=str(_private_copy(gen_dir / "chroma")), settings=chroma_settings
            )
        raise IndexUnavailable(
            f"De index in {gen_dir} kan niet worden geopend ({type(exc).__name__}). "
            "Lees de documenten opnieuw in met 'make ingest'."
        ) from exc


def _writable(path: Path) -> bool:
    files = [path, *(p for p in path.rglob("*"))] if path.exists() else [path.parent]
    return all(os.access(p, os.W_OK) for p in files)


_COPIES: dict[str, Path] = {}
_COPIES_LOCK = threading.Lock()


def _private_copy(path: Path) -> Path:
    """A private copy of a read-only Chroma folder, made once per process and generation."""
    key = str(path.resolve())
    with _COPIES_LOCK:
        if key not in _COPIES:
            if not path.exists():
                raise IndexMissing(f"Geen index gevonden in {path.parent}.")
            tmp = Path(tempfile.mkdtemp(prefix="raads-index-ro-"))
            atexit.register(shutil.rmtree, tmp, True)
            try:
                shutil.copytree(path, tmp / "chroma")
            except OSError as exc:
                raise IndexUnavailable(
                    f"De index in {path.parent} is alleen-lezen en kan niet worden gelezen "
                    f"({exc.strerror or type(exc).__name__})."
                ) from exc
            log.info("alleen-lezen index %s geopend via een tijdelijke kopie %s", path, tmp)
            _COPIES[key] = tmp / "chroma"
        return _COPIES[key]


def collection_name(settings: Settings, generation: str) -> str:
    # Embedded: one store per generation dir. Server: one collection per generation.
    return f"{settings.collection}-{generation}" if settings.chroma_host else settings.collection


def open_collection(settings: Settings, gen_dir: Path, create: bool = False) -> Any:
    """The generation's collection; without ``create`` a reader that never writes."""
    client = chroma_client(settings, gen_dir, read_only=not create)
    name = collection_name(settings, gen_dir.name)
    try:
        if create:
            return client.get_or_create_collection(
                name, embedding_function=None, metadata={"hnsw:space": "cosine"}
            )
        return client.get_collection(name, embedding_function=None)
    except Exception as exc:  # noqa: BLE001
        if settings.chroma_host and not _is_not_found(exc):
            raise _server_down(settings, exc) from exc
        if create:
            raise
        raise IndexUnavailable(
            f"De index-generatie {gen_dir.name} is onvolledig of niet gevonden "
            f"({type(exc).__name__}). Lees de documenten opnieuw in met 'make ingest'."
        ) from exc


def _is_not_found(exc: BaseException) -> bool:
    text = f"{type(exc).__name__} {exc}".lower()
    return "notfound" in text.replace(" ", "") or "does not exist" in text


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
        with contextlib.suppress(OSError):
            os.chmod(self.root, DIR_MODE)
        fd = os.open(self.root / ".lock", os.O_WRONLY | os.O_CREAT, FILE_MODE)
        with os.fdopen(fd, "w") as fh:
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
        restrict_permissions(gen)
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
