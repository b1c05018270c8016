"""One ingest run: files -> lines -> clean -> chunks -> embeddings -> new index generation.

Idempotent: a file whose content hash (and metadata) is unchanged is neither re-read into the
vector store nor re-embedded. A file that fails keeps its previous chunks (nothing is lost) and
is reported; the run's exit code says so.

Per file and bounded: each file is read in a worker process under the limits of
:mod:`ingest.limits` (the same for uploads); a file that fails, overruns or yields no passages
is reported with a Dutch reason and skipped, and the other files still reach the new
generation. Passages that read as instructions to the assistant get the flag ``instructie``.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from core.config import Settings
from core.instructions import INSTRUCTION_FLAG, reads_as_instruction
from core.profile import load_profile
from ingest import figures as figures_mod
from ingest.chunk import Chunk, chunk_lines
from ingest.clean import clean_lines
from ingest.errors import IngestError
from ingest.limits import FileLimits, FileReader, explain
from ingest.loaders import SUPPORTED, LoadedDocument, load
from ingest.metadata import document_meta, infer_owner, load_catalogue
from storage.embeddings import make_embeddings
from storage.figure_store import dedupe, write_store
from storage.index import FIGURES_DB, MANIFEST, IndexStore, Manifest, open_collection

# 35: a budget measure's title over its bracketed note of effects opens a section;
# 30: block tables (a budget's risk table: prose rows, numbers at the right);
# 23: amounts in running text keep their heading and next lines as context, "lasten" lines;
# 22: figures keep their table's caption; 21: units after values, peiljaar lines, rate tables
PIPELINE_VERSION = "35"
IGNORED_SUFFIXES = {".yaml", ".yml", ".json", ".jsonl"}
IGNORED_NAMES = {"README.md", "readme.md", ".gitkeep"}

Progress = Callable[[float, str], None]


@dataclass
class IngestReport:
    files: int = 0
    embedded_files: list[str] = field(default_factory=list)
    removed_files: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    chunks: int = 0
    chunks_embedded: int = 0
    figures: int = 0
    seconds: float = 0.0
    index_bytes: int = 0
    generation: str = ""
    passages: dict[str, int] = field(default_factory=dict)  # per (re-)embedded file
    notes: list[str] = field(default_factory=list)  # for the user (e.g. access kept stricter)

    @property
    def ok(self) -> bool:
        return not self.errors


def source_files(settings: Settings) -> list[Path]:
    """Corpus files plus uploaded files; catalogue/config files are skipped.

    An upload with the name of a corpus file is a new version of that document and wins
    (its access level is the stricter of both catalogue entries, see ingest.metadata).
    The corpus's own README is documentation; an uploaded README.md is a document.
    """
    found: dict[str, Path] = {}
    for folder, ignored in ((Path(settings.upload_dir), set()),
                            (Path(settings.corpus_dir), IGNORED_NAMES)):
        if not folder.is_dir():
            continue
        for path in sorted(folder.iterdir()):
            if (
                path.is_file()
                and not path.name.startswith(".")
                and path.suffix.lower() not in IGNORED_SUFFIXES
                and path.name not in ignored
            ):
                found.setdefault(path.name, path)
    return sorted(found.values(), key=lambda p: p.name)


def fingerprint(settings: Settings) -> str:
    parts = [
        PIPELINE_VERSION, settings.embedding_model, settings.chunk_size, settings.chunk_overlap
    ]
    return hashlib.sha256(json.dumps(parts).encode()).hexdigest()[:16]


def figure_inputs(settings: Settings) -> str:
    """Hash of what the figures store is built from besides the documents: the curated
    figures file and the profile (whose names decide a figure's entity). Editing either
    rebuilds the store on the next ingest, without re-embedding any passage."""
    digest = hashlib.sha256()
    for path in (Path(settings.corpus_dir) / "figures.yaml", Path(settings.profile_path)):
        digest.update(path.read_bytes() if path.is_file() else b"-")
    return digest.hexdigest()[:16]


def file_hash(path: Path, meta: dict) -> str:
    digest = hashlib.sha256(path.read_bytes())
    digest.update(json.dumps(meta, sort_keys=True).encode())
    return digest.hexdigest()


def chunk_document(doc: LoadedDocument, settings: Settings) -> list[Chunk]:
    return chunk_lines(clean_lines(doc.lines), settings.chunk_size, settings.chunk_overlap)


def embed_text(chunk: Chunk, meta: dict) -> str:
    """What the vector model sees: title and section give a short passage its context."""
    head = " > ".join(x for x in (meta["title"], chunk.section) if x)
    return f"{head}\n{chunk.text}"


def run_ingest(
    settings: Settings, rebuild: bool = False, progress: Progress | None = None
) -> IngestReport:
    """Bring the index in line with the files on disk; see the module docstring."""
    started = time.perf_counter()
    report = IngestReport()
    store = IndexStore(settings)
    notify = progress or (lambda fraction, message: None)
    with store.writer_lock():
        current = store.current_dir()
        old = Manifest.read(current / MANIFEST) if current else Manifest()
        fp = fingerprint(settings)
        full = rebuild or current is None or old.fingerprint != fp
        catalogue = load_catalogue(settings)
        files = source_files(settings)
        report.files = len(files)
        docs: dict[str, LoadedDocument] = {}
        entries: dict[str, dict] = {}
        limits = FileLimits.from_settings(settings)

        def fail(source: str, exc: BaseException) -> None:
            if isinstance(exc, IngestError):
                message = str(exc)
            elif isinstance(exc, ValueError):
                message = f"{source}: {exc}"
            else:
                message = f"{source}: {explain(exc, limits)}"
            report.errors.append(" ".join(message.split()))
            docs.pop(source, None)
            entries.pop(source, None)
            if not full and source in old.files:  # keep the previous version's chunks
                entries[source] = old.files[source]

        with FileReader(limits) as reader:
            for i, path in enumerate(files):
                notify(0.0, f"bestand {i + 1}/{len(files)} lezen: {path.name}")
                try:
                    meta = document_meta(path.name, catalogue)
                    if path.suffix.lower() not in SUPPORTED:
                        load(path)  # raises the clear 'unsupported' error
                    # Checked and read under limits before hashing. Unchanged files are read
                    # too (cheap): the figures store is rebuilt from all.
                    docs[path.name] = reader.read(path)
                    if not meta["owner"]:
                        meta["owner"] = infer_owner(docs[path.name].text)
                    entries[path.name] = {"hash": file_hash(path, meta), "meta": meta}
                except Exception as exc:  # noqa: BLE001 - one bad file never stops the run
                    fail(path.name, exc)

        changed = [
            s for s in docs if full or old.files.get(s, {}).get("hash") != entries[s]["hash"]
        ]
        chunked: dict[str, list[Chunk]] = {}
        for source in list(changed):
            try:
                chunks = chunk_document(docs[source], settings)
                if not chunks:
                    raise IngestError(
                        source,
                        "levert 0 passages op (geen doorzoekbare tekst over, bijvoorbeeld omdat "
                        "elke regel op elke pagina terugkomt als kop- of voettekst); "
                        "niet toegevoegd",
                    )
                if len(chunks) > limits.max_passages:
                    raise IngestError(
                        source,
                        f"levert {len(chunks)} passages op (maximum {limits.max_passages} per "
                        "bestand); splits het document",
                    )
                chunked[source] = chunks
            except Exception as exc:  # noqa: BLE001
                fail(source, exc)
                changed.remove(source)
        removed = [] if full else [s for s in old.files if s not in entries]
        inputs = figure_inputs(settings)
        if (
            not changed
            and not removed
            and current is not None
            and (current / FIGURES_DB).exists()
            and old.figure_inputs == inputs  # an edited figures.yaml rebuilds the store
        ):
            store.remove_leftovers()  # a killed run's unpublished generation
            report.chunks = sum(len(e.get("chunk_ids", [])) for e in old.files.values())
            report.figures = old.figures
            report.seconds = time.perf_counter() - started
            report.index_bytes = store.size_bytes()
            report.generation = current.name
            return report

        gen = store.new_generation(None if full else current)
        try:
            collection = open_collection(settings, gen, create=True)
            for source in changed + removed:
                ids = old.files.get(source, {}).get("chunk_ids", [])
                if ids and not full:
                    collection.delete(ids=ids)
            embeddings = make_embeddings(settings)
            todo: list[tuple[str, Chunk, dict]] = []
            for source in changed:
                meta = entries[source]["meta"]
                chunks = chunked[source]
                report.passages[source] = len(chunks)
                entries[source]["chunk_ids"] = [chunk_id(source, c) for c in chunks]
                todo.extend((source, c, meta) for c in chunks)
            for source, entry in entries.items():
                if source not in changed and not full:
                    entry.setdefault("chunk_ids", old.files.get(source, {}).get("chunk_ids", []))
            batch = max(1, settings.embedding_batch)
            for i in range(0, len(todo), batch):
                part = todo[i : i + batch]
                vectors = embeddings.embed_documents([embed_text(c, m) for _, c, m in part])
                collection.upsert(
                    ids=[chunk_id(s, c) for s, c, _ in part],
                    embeddings=vectors,
                    documents=[c.text for _, c, _ in part],
                    metadatas=[chunk_metadata(c, m) for _, c, m in part],
                )
                done = min(i + batch, len(todo))
                notify(done / max(1, len(todo)), f"{done}/{len(todo)} passages ingebed")
            report.chunks_embedded = len(todo)
            figures = build_figures(settings, docs, entries, gen)
            report.figures = len(figures)
            report.embedded_files = sorted(changed)
            report.removed_files = sorted(removed)
            report.chunks = sum(len(e.get("chunk_ids", [])) for e in entries.values())
            manifest = Manifest(
                fingerprint=fp,
                figure_inputs=inputs,
                files=entries,
                created=time.strftime("%Y-%m-%dT%H:%M:%S"),
                generation=gen.name,
                figures=len(figures),
            )
            manifest.write(gen / MANIFEST)
            store.publish(gen)
        except BaseException:
            store.discard(gen)
            raise
        report.generation = gen.name
        report.seconds = time.perf_counter() - started
        report.index_bytes = store.size_bytes()
        return report


def chunk_id(source: str, chunk: Chunk) -> str:
    """Stable per file and content: an unchanged file keeps its ids across runs."""
    return f"{source}:{chunk.line_start}-{chunk.line_end}:{chunk.content_hash[:8]}"


def chunk_flags(chunk: Chunk, meta: dict) -> str:
    """Comma-separated flags: the document's own (e.g. ``ocr``) plus ``instructie``."""
    flags = [f for f in str(meta.get("flags", "") or "").split(",") if f]
    flags += [f for f in str(getattr(chunk, "flags", "") or "").split(",") if f]
    if reads_as_instruction(chunk.text):
        flags.append(INSTRUCTION_FLAG)
    return ",".join(dict.fromkeys(flags))


def chunk_metadata(chunk: Chunk, meta: dict) -> dict:
    out = {k: v for k, v in meta.items() if v is not None}
    flags = chunk_flags(chunk, meta)
    if flags:
        out["flags"] = flags
    out.update(
        section=chunk.section,
        line_start=chunk.line_start,
        line_end=chunk.line_end,
        content_hash=chunk.content_hash,
    )
    if chunk.page is not None:
        out["page"] = chunk.page
    return out


def build_figures(
    settings: Settings, docs: dict[str, LoadedDocument], entries: dict[str, dict], gen: Path
) -> list:
    """Figures from every indexed document (cheap: no embedding), parsed plus curated."""
    texts = {s: d.text for s, d in docs.items() if s in entries}
    profile = load_profile(str(settings.profile_path))
    found = []
    for source, text in texts.items():
        meta = entries[source]["meta"]
        # A figure belongs to the document's owner unless its table or sentence names another.
        found.extend(
            figures_mod.extract_figures(
                text, source, meta.get("owner", ""), profile, getattr(docs[source], "pages", None),
                meta.get("kind", ""),
            )
        )
    curated = Path(settings.corpus_dir) / "figures.yaml"
    if curated.exists():
        owners = {s: entries[s]["meta"].get("owner", "") for s in texts}
        found.extend(figures_mod.load_curated(curated, texts, owners, profile))
    found = dedupe(found)  # parser and curated file may both hold a figure
    write_store(found, gen / FIGURES_DB)
    return found
