"""``Assistant``: the one API that the CLI, the Streamlit app and the evaluation script call.

It owns the heavy objects (embedding model, index snapshot, figures store) and wires a question
through guard -> follow-up resolution -> access-filtered hybrid retrieval -> answer back end.
"""

from __future__ import annotations

import contextlib
import logging
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from assistant.answer import (
    AnswerBackend,
    AnswerContext,
    OfflineAnswerer,
    focus_words,
    idf_table,
)
from assistant.auth import User, allowed_access_levels
from assistant.conversation import resolve, with_topic
from assistant.guard import (
    check_question,
    check_resolved,
    limit_history,
    strip_injection,
    warn_on_instructions,
)
from assistant.intent import is_english
from assistant.raadsvraag import merge_answers, split_parts
from core.config import Settings
from core.models import Answer, Figure, Passage
from core.numbers import spoken_amounts
from core.profile import Profile, load_lexicon, load_profile
from core.text import Glossary, fold, known_dutch, words
from ingest.metadata import load_documents_yaml
from retrieval.hybrid import Filters, HybridSearch, IndexSnapshot, SnapshotCache
from storage.embeddings import make_embeddings
from storage.figure_store import FigureStore
from storage.index import IndexMissing, IndexStore

History = list[tuple[str, str]] | None
log = logging.getLogger(__name__)


RESERVE = 4  # passages past top_k the answer step may fall back on (see search_with_reserve)


def _offline(settings: Settings) -> AnswerBackend:
    return OfflineAnswerer()


def _llm(name: str) -> Callable[[Settings], AnswerBackend]:
    def build(settings: Settings) -> AnswerBackend:
        from assistant.llm import make_llm_backend  # imported only when configured

        return make_llm_backend(name, settings)

    return build


# Answer back ends by name (RAADS_BACKEND / --backend); a new one is one line here.
BACKENDS: dict[str, Callable[[Settings], AnswerBackend]] = {
    "offline": _offline,
    "openai": _llm("openai"),
    "ollama": _llm("ollama"),
    "llamacpp": _llm("llamacpp"),
}


def make_backend(name: str, settings: Settings) -> AnswerBackend:
    """The answer back end registered under ``name`` ("" means offline)."""
    key = (name or "offline").strip().lower()
    if key not in BACKENDS:
        from assistant.llm import make_llm_backend

        return make_llm_backend(key, settings)  # raises the Dutch "onbekende back-end" error
    return BACKENDS[key](settings)


@lru_cache(maxsize=8)
def _figure_store(path: str) -> FigureStore:
    return FigureStore(Path(path))


class Assistant:
    """Ask questions about the indexed documents; see the module docstring."""

    def __init__(self, settings: Settings | None = None, backend: str | None = None) -> None:
        self.settings = settings or Settings()
        self.backend = make_backend(backend or self.settings.backend, self.settings)
        self.embeddings = make_embeddings(self.settings)
        self.profile: Profile = load_profile(str(self.settings.profile_path))
        self.glossary_data = Glossary.load(Path(self.settings.corpus_dir) / "glossary.yaml")
        self.search = HybridSearch(
            self.settings, self.embeddings, self.glossary_data, self.profile
        )
        self.snapshots = SnapshotCache(self.settings)
        self._idf: dict[tuple, tuple[dict[str, float], set[str], set[str]]] = {}

    # -- questions -----------------------------------------------------------------------
    def retrieve(
        self,
        question: str,
        k: int = 10,
        filters: dict[str, Any] | None = None,
        user: User | None = None,
        mode: str = "hybrid",
    ) -> list[Passage]:
        snapshot = self.snapshots.get()
        return self.search.search(snapshot, question, k, self._filters(filters, user), mode)

    def ask(
        self,
        question: str,
        history: History = None,
        filters: dict[str, Any] | None = None,
        user: User | None = None,
    ) -> Answer:
        t0 = time.perf_counter()
        cleaned = check_question(question, self.settings)
        cleaned, dropped = strip_injection(cleaned)
        if dropped:
            log.warning("Instructie-achtige tekst uit een vraag genegeerd")
        history = limit_history(history, self.settings)  # a follow-up obeys the limit too
        snapshot = self.snapshots.get()
        resolved = check_resolved(resolve(cleaned, history), self.settings)
        resolved = self._spell_document_names(snapshot, resolved)
        # "125 mille", "2 ton": the amount as the documents write it
        resolved = spoken_amounts(resolved, dict(load_lexicon().get("spoken_amounts") or {}))
        flt = self._filters(filters, user)
        t1 = time.perf_counter()
        # A question that names two documents compares them: it stays whole.
        parts = split_parts(resolved) if len(snapshot.named_sources(resolved)) < 2 else [resolved]
        if len(parts) == 1:
            resolved = parts[0]  # without a trailing remark ("..., dat is toch een risico")
        if len(parts) > 1:
            # "Hoeveel ... en waarom ...?": each part retrieves and answers on its own, so no
            # part goes unanswered; later parts borrow the first part's subject.
            answers = []
            used: set[str] = set()  # figures an earlier part already answered with
            for i, part in enumerate(parts):
                asked = part if i == 0 else with_topic(part, parts[0])
                found, reserve = self.search.search_with_reserve(
                    snapshot, asked, self.settings.top_k, flt, extra=RESERVE
                )
                ctx = self._context(snapshot, asked, part, found, flt, history)
                ctx.reserve = reserve
                ctx.answered = set(used)
                answers.append(self.backend.answer(ctx))
                used |= {f.id for f in answers[-1].figures}
            answer = merge_answers(question, answers)
            t2 = t1
        else:
            passages, reserve = self.search.search_with_reserve(
                snapshot, resolved, self.settings.top_k, flt, extra=RESERVE
            )
            t2 = time.perf_counter()
            ctx = self._context(snapshot, resolved, cleaned, passages, flt, history)
            ctx.reserve = reserve
            answer = self.backend.answer(ctx)
        if dropped:
            answer.warnings.append(
                "Een deel van de vraag leek een instructie aan het systeem en is genegeerd."
            )
        warn_on_instructions(answer)  # a cited passage that addresses the assistant
        t3 = time.perf_counter()
        answer.timings = {
            "retrieval_ms": (t2 - t1) * 1000,
            "answer_ms": (t3 - t2) * 1000,
            "total_ms": (t3 - t0) * 1000,
        }
        return answer

    def stream(
        self,
        question: str,
        history: History = None,
        filters: dict[str, Any] | None = None,
        user: User | None = None,
    ) -> Iterator[str | Answer]:
        """Yield the answer text in pieces (for a typing effect), then the full ``Answer``."""
        stream_fn = getattr(self.backend, "stream", None)
        if stream_fn is not None:
            history = limit_history(history, self.settings)
            for item in stream_fn(self, question, history, filters, user):
                yield warn_on_instructions(item) if isinstance(item, Answer) else item
            return
        answer = self.ask(question, history, filters, user)
        for piece in answer.text.split(" "):
            yield piece + " "
        yield answer

    def warm_up(self) -> None:
        """Load the index snapshot, the figures store and the query model ahead of use."""
        with contextlib.suppress(IndexMissing):  # the app shows a missing index itself
            self.retrieve(self.profile.domain or self.profile.municipality or "begroting", k=1)
        known_dutch("gemeente")  # the typo check's word list, loaded once

    # -- helpers --------------------------------------------------------------------------
    def _filters(self, filters: dict[str, Any] | None, user: User | None) -> Filters:
        return Filters.from_dict(filters, None if user is None else allowed_access_levels(user))

    def _context(
        self,
        snapshot: IndexSnapshot,
        resolved: str,
        original: str,
        passages: list[Passage],
        flt: Filters,
        history: History,
    ) -> AnswerContext:
        allowed = {m["source"] for m in snapshot.metas if flt.allows(m)}
        idf, known, vocabulary = self._corpus_stats(snapshot, allowed)
        store = _figure_store(str(snapshot.figures_db)) if snapshot.figures_db else None

        def lookup(source: str, line: int) -> Passage | None:
            for i, meta in enumerate(snapshot.metas):
                if meta["source"] == source and meta["line_start"] <= line <= meta["line_end"]:
                    return snapshot.passage(i) if flt.allows(meta) else None
            return None

        def search_in(question: str, sources: set[str], k: int) -> list[Passage]:
            only = replace(flt, sources=sources if flt.sources is None else sources & flt.sources)
            return self.search.search(snapshot, question, k, only)

        if not is_english(resolved):  # English words are not misspelt Dutch ones
            resolved = snapshot.typos.fix(resolved, focus_words(resolved))
        return AnswerContext(
            question=resolved,
            original_question=original,
            passages=passages,
            figures=store,
            allowed_sources=allowed,
            history=list(history or []),
            idf=idf,
            vocabulary=vocabulary,
            known_terms=known,
            lookup_passage=lookup,
            search_in=search_in,
            years=snapshot.years,
            named_sources=snapshot.named_sources(resolved) & allowed,
            glossary=dict(self.glossary_data.abbreviations),
            synonyms=[list(g) for g in self.glossary_data.bridges()],
            expanded=self.glossary_data.expand(resolved),
            profile=self.profile,
            titles=snapshot.titles,
            owners=snapshot.owners,
            document_names={
                w: src for src, w in snapshot.title_words.items() if len(w) >= 6
            },
        )

    def _spell_document_names(self, snapshot: IndexSnapshot, question: str) -> str:
        """"Wat meldt de vgr van 2021?": an abbreviation the glossary spells out as a
        document's title word is written out, so the question names that document as if the
        asker had written it in full (retrieval, the named-document rules and the answer's
        sides all see it)."""
        titles = {w for w in snapshot.title_words.values() if len(w) >= 6}
        abbreviations = self.glossary_data.abbreviations
        folded = {fold(k): v for k, v in abbreviations.items()}

        def spell(m: re.Match[str]) -> str:
            meaning = abbreviations.get(m.group(0)) or folded.get(fold(m.group(0)))
            return meaning if meaning and fold(meaning) in titles else m.group(0)

        question = re.sub(r"\b[A-Za-z]{2,5}\b", spell, question)
        if is_english(question):
            # "the 2018 transformation plan": the English name of a document kind, where a
            # synonym group pairs it with a title word, names that document too
            for group in self.glossary_data.synonyms:
                title = next((t for t in group if fold(t) in titles), None)
                for other in [] if title is None else sorted(group, key=len, reverse=True):
                    if other != title and " " in other:
                        question = re.sub(rf"(?i)\b{re.escape(other)}\b", title, question)
        return question

    def _corpus_stats(
        self, snapshot: IndexSnapshot, allowed: set[str]
    ) -> tuple[dict[str, float], set[str], set[str]]:
        """IDF table, glossary terms and vocabulary of the passages this user may read.

        Why per access level: "does the corpus know this word?" decides abstentions; computed
        over documents the user may not see, it would tell a raadslid that a term exists.
        """
        key = (snapshot.generation, frozenset(allowed))
        if key not in self._idf:
            known = {fold(k) for k in self.glossary_data.abbreviations} | set(
                self.glossary_data.abbreviations
            )
            texts = [t for t, m in zip(snapshot.texts, snapshot.metas, strict=True)
                     if m["source"] in allowed]
            # "EMU-saldo" also says "EMU": a name asked alone is known by its compound's parts
            vocabulary = {p for t in texts for w in words(t) for p in (w, *w.split("-")) if p}
            if len(self._idf) > 16:
                self._idf.clear()
            self._idf[key] = (idf_table(texts), known, vocabulary)
        return self._idf[key]

    # -- information for the UI and CLI -------------------------------------------------------
    def status(self) -> dict[str, Any]:
        store = IndexStore(self.settings)
        manifest = store.manifest()
        return {
            "documents": len(manifest.files),
            "chunks": sum(len(e.get("chunk_ids", [])) for e in manifest.files.values()),
            "figures": manifest.figures,
            "last_ingest": manifest.created,
            "generation": manifest.generation,
            "backend": self.backend.name,
            "embedding_model": self.settings.embedding_model,
            "index_dir": str(self.settings.index_dir),
            "chroma": (
                f"{self.settings.chroma_host}:{self.settings.chroma_port}"
                if self.settings.chroma_host
                else "ingebed"
            ),
        }

    def documents(self, user: User | None = None) -> list[dict[str, Any]]:
        manifest = IndexStore(self.settings).manifest()
        catalogue = load_documents_yaml(
            Path(self.settings.corpus_dir) / "documents.yaml",
            Path(self.settings.upload_dir) / "documents.yaml",
        )
        levels = None if user is None else allowed_access_levels(user)
        out = []
        for source, entry in sorted(manifest.files.items()):
            meta = dict(entry.get("meta", {}))
            if levels is not None and meta.get("access", "public") not in levels:
                continue
            meta.update(catalogue.get(source, {}))
            meta["source"] = source
            meta["chunks"] = len(entry.get("chunk_ids", []))
            out.append(meta)
        return out

    def figures(self, user: User | None = None) -> list[Figure]:
        snapshot = self.snapshots.get()
        if snapshot.figures_db is None:
            return []
        flt = self._filters(None, user)
        allowed = {m["source"] for m in snapshot.metas if flt.allows(m)}
        return _figure_store(str(snapshot.figures_db)).all(allowed)

    def glossary(self) -> dict[str, list[str]]:
        return self.glossary_data.as_dict()

    def can_upload(self, user: User | None) -> bool:
        """Whether ``user`` may add documents: a logged-in staff member (see assistant.auth)."""
        from assistant.auth import can_upload

        return can_upload(user)

    def ingest_upload(
        self,
        filename: str,
        data: bytes,
        progress: Callable[[float, str], None] | None = None,
        metadata: dict[str, Any] | None = None,
        user: User | None = None,
    ):
        """Validate, store and ingest an uploaded file; raises with a Dutch message on bad input.

        ``user`` must be allowed to upload (``None`` = an internal caller such as a script);
        ``metadata['lower_access']`` lowers an existing document's access on purpose, which
        only staff may do and which is logged.
        """
        from assistant.auth import can_upload, may_lower_access
        from core.errors import AccessDenied
        from ingest.add import add_upload

        if not can_upload(user):
            raise AccessDenied(
                "Alleen ingelogde medewerkers kunnen documenten toevoegen. Log in als medewerker."
            )
        return add_upload(
            self.settings, filename, data, progress=progress, metadata=metadata,
            user=user.username if user else "systeem",
            may_lower=user is None or may_lower_access(user.role),
        )
