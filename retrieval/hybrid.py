"""Hybrid retrieval: BM25 (Dutch stemming, glossary expansion) + Chroma vectors, fused by RRF.

An :class:`IndexSnapshot` is one published index generation loaded into memory (the chunk
texts for BM25, a handle on the Chroma collection, the figures store). It is immutable, so a
question is answered against one consistent generation even while an ingest publishes the next.
Access control and metadata filters are applied here, inside retrieval, never in the UI.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import bm25s
import numpy as np
from langchain_core.embeddings import Embeddings

from core.config import Settings
from core.models import Passage
from core.numbers import english_numbers_in_dutch
from core.profile import Profile, load_lexicon
from core.text import (
    Glossary,
    TypoCorrector,
    fold,
    quoted_phrases,
    refers_to,
    tokenize,
    unquoted,
    without_words,
    words,
)
from storage.figure_store import FigureStore
from storage.index import FIGURES_DB, IndexStore, Manifest, open_collection


@dataclass
class Filters:
    """Metadata filters; ``access`` is the set of levels the user may read (None = all)."""

    sources: set[str] | None = None
    regions: set[str] | None = None
    years: set[int] | None = None
    access: set[str] | None = None

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None, access: set[str] | None = None) -> Filters:
        data = data or {}

        def as_set(key: str, cast=str):
            values = data.get(key)
            return {cast(v) for v in values} if values else None

        return cls(as_set("sources"), as_set("regions"), as_set("years", int), access)

    def allows(self, meta: dict[str, Any]) -> bool:
        return (
            (self.sources is None or meta.get("source") in self.sources)
            and (self.regions is None or meta.get("region") in self.regions)
            and (self.years is None or int(meta.get("year") or 0) in self.years)
            and (self.access is None or meta.get("access", "public") in self.access)
        )

    def chroma_where(self) -> dict[str, Any] | None:
        clauses = []
        if self.sources is not None:
            clauses.append({"source": {"$in": sorted(self.sources)}})
        if self.regions is not None:
            clauses.append({"region": {"$in": sorted(self.regions)}})
        if self.years is not None:
            clauses.append({"year": {"$in": sorted(self.years)}})
        if self.access is not None:
            clauses.append({"access": {"$in": sorted(self.access)}})
        if not clauses:
            return None
        return clauses[0] if len(clauses) == 1 else {"$and": clauses}


class IndexSnapshot:
    """One index generation in memory: chunks, BM25, Chroma handle and figures path."""

    def __init__(self, settings: Settings, gen_dir: Path) -> None:
        self.settings = settings
        self.generation = gen_dir.name
        self.manifest = Manifest.read(gen_dir / "manifest.json")
        self.collection = open_collection(settings, gen_dir)
        data = self.collection.get(include=["documents", "metadatas"])
        order = sorted(
            range(len(data["ids"])),
            key=lambda i: (data["metadatas"][i]["source"], data["metadatas"][i]["line_start"]),
        )
        self.ids: list[str] = [data["ids"][i] for i in order]
        self.texts: list[str] = [data["documents"][i] for i in order]
        self.metas: list[dict[str, Any]] = [data["metadatas"][i] for i in order]
        self.position = {cid: i for i, cid in enumerate(self.ids)}
        # the title's first word, past a leading date ("2021-voortgangsrapportage-...": a file
        # name standing in for a title)
        self.title_words = {
            m["source"]: next((w for w in fold(str(m.get("title") or "")).split()
                               if not re.fullmatch(r"[\d./-]+", w)), "")
            for m in self.metas
        }
        # Per document, once per generation rather than once per question.
        self.years = {m["source"]: int(m.get("year") or 0) for m in self.metas}
        self.titles = {m["source"]: str(m.get("title") or m["source"]) for m in self.metas}
        self.owners = {m["source"]: str(m.get("owner") or "") for m in self.metas}
        # Acronyms in a title name the document too ("... (VNG)": "wat vond de VNG ...").
        self.title_acronyms = {
            m["source"]: set(re.findall(r"\b[A-Z]{3,}\b", str(m.get("title") or "")))
            for m in self.metas
        }
        corpus_tokens = [
            tokenize(f"{m.get('title', '')} {m.get('section', '')} {t}")
            for t, m in zip(self.texts, self.metas, strict=True)
        ]
        self.bm25 = bm25s.BM25(k1=1.2, b=0.75)
        self.bm25.index(corpus_tokens or [["leeg"]], show_progress=False)
        self.vocabulary = {w for t in self.texts for w in words(t)}
        self.typos = TypoCorrector(self.vocabulary)
        figures = gen_dir / FIGURES_DB
        self.figures_db = figures if figures.exists() else None
        self.figures = FigureStore(figures) if self.figures_db else None

    def chunk_at(self, source: str, line: int) -> int | None:
        """The chunk covering a source line (the smallest, when overlaps cover it twice)."""
        best = None
        for i, m in enumerate(self.metas):
            if m["source"] == source and m["line_start"] <= line <= m["line_end"]:
                span = m["line_end"] - m["line_start"]
                if best is None or span < best[0]:
                    best = (span, i)
        return best[1] if best else None

    def named_sources(self, query: str) -> set[str]:
        """Documents the question names by the first word of their title ('visitatie')."""
        folded = fold(query)
        said = [w for w in words(query) if len(w) >= 6]
        for english, dutch in (load_lexicon().get("document_translations") or {}).items():
            if re.search(rf"\b{re.escape(str(english))}\b", folded):
                folded, said = f"{folded} {dutch}", [*said, str(dutch)]
        acronyms = set(re.findall(r"\b[A-Z]{3,}\b", query))
        by_acronym = {src for src, acr in self.title_acronyms.items() if acr & acronyms}
        return by_acronym | {
            source
            for source, word in self.title_words.items()
            if len(word) >= 6
            and (
                word in folded
                or word[:-1] in folded
                # "de visiteurs" for the visitatie, "de rapportage" for a voortgangsrapportage
                or any(refers_to(w, word) for w in said)
            )
        }

    def passage(self, i: int, score: float = 0.0) -> Passage:
        return Passage.from_metadata(self.ids[i], self.texts[i], self.metas[i], score)

    def mask(self, filters: Filters) -> np.ndarray:
        return np.array([filters.allows(m) for m in self.metas], dtype=bool)


class SnapshotCache:
    """Hands out the snapshot of the live generation, reloading when the pointer moves."""

    def __init__(self, settings: Settings) -> None:
        self.store = IndexStore(settings)
        self.settings = settings
        self._snapshot: IndexSnapshot | None = None
        import threading

        self._lock = threading.Lock()

    def get(self) -> IndexSnapshot:
        gen = self.store.require_current()
        snap = self._snapshot
        if snap is not None and snap.generation == gen.name:
            return snap
        with self._lock:
            if self._snapshot is None or self._snapshot.generation != gen.name:
                self._snapshot = IndexSnapshot(self.settings, gen)
            return self._snapshot


class HybridSearch:
    """The search itself; :class:`HybridRetriever` exposes it through LangChain."""

    def __init__(
        self,
        settings: Settings,
        embeddings: Embeddings,
        glossary: Glossary,
        profile: Profile | None = None,
    ) -> None:
        self.settings = settings
        self.embeddings = embeddings
        self.glossary = glossary
        self.profile = profile or Profile()
        self.lexicon = load_lexicon()

    def expand(self, snapshot: IndexSnapshot, query: str, synonyms: bool = True) -> str:
        expanded = self.glossary.expand(query, synonyms)
        bridge = self.bridge(query) if synonyms else self.home(query)
        if bridge:
            expanded = f"{expanded} {bridge}"
        fixes = english_numbers_in_dutch(query) + (
            snapshot.typos.corrections(query)
            + snapshot.typos.compound_parts(query)
            + snapshot.typos.compounds_of(query)
        )
        return f"{expanded} {' '.join(fixes)}" if fixes else expanded

    def bridge(self, query: str) -> str:
        """The documents' words for the user's words: each lexicon concept the question uses
        adds its other words ("over de balk" -> overschrijding, tekort), and first-person
        words add the home municipality's name."""
        extra: list[str] = []
        folded = f" {' '.join(words(query))} "
        for spec in (self.lexicon.get("concepts") or {}).values():
            terms = [str(w) for w in spec.get("words") or []]
            if any(f" {' '.join(words(t))} " in folded for t in terms):
                extra += [t for t in terms[:6] if f" {' '.join(words(t))} " not in folded]
        home = self.home(query)
        return " ".join(dict.fromkeys([*extra, home] if home else extra))

    def without_fillers(self, query: str) -> str:
        """The query without the lexicon's filler words (whole words, case-insensitive)."""
        return without_words(query, list(self.lexicon.get("fillers") or []))

    def home(self, query: str) -> str:
        """The home municipality when the user says "we", "onze gemeente" ..."""
        if not self.profile.municipality:
            return ""
        folded = f" {' '.join(words(unquoted(query)))} "
        said = [str(w) for w in self.lexicon.get("home_words") or []]
        if any(f" {' '.join(words(w))} " in folded for w in said):
            return self.profile.municipality
        return ""

    def quote_ranking(self, snapshot: IndexSnapshot, query: str, mask: np.ndarray) -> list[int]:
        """Chunks that contain a phrase of two words or more the question quotes, verbatim
        (case, accents and punctuation aside), in document order."""
        phrases = [p for p in quoted_phrases(query) if len(p.split()) >= 2]
        if not phrases:
            return []
        return [
            i for i, text in enumerate(snapshot.texts)
            if mask[i] and any(p in said for said in [" ".join(words(text))] for p in phrases)
        ]

    def figure_ranking(self, snapshot: IndexSnapshot, query: str, mask: np.ndarray) -> list[int]:
        """Chunks holding the figures that best match the question (numbers live in tables)."""
        if snapshot.figures is None:
            return []
        allowed = {m["source"] for m, ok in zip(snapshot.metas, mask, strict=True) if ok}
        years = sorted(set(re.findall(r"\b20[0-3]\d\b", query)))
        if years:  # a year in the question must match the figure's period
            found = [f for y in years for f in snapshot.figures.search(query, 4, allowed, period=y)]
        else:
            found = snapshot.figures.search(query, k=8, sources=allowed)
        ranking: list[int] = []
        for fig in found:
            i = snapshot.chunk_at(fig.source, fig.line)
            if i is not None and mask[i] and i not in ranking:
                ranking.append(i)
        return ranking

    def bm25_ranking(self, snapshot: IndexSnapshot, query: str, mask: np.ndarray) -> list[int]:
        tokens = [t for t in tokenize(query) if t in snapshot.bm25.vocab_dict]
        if not tokens or not len(snapshot.ids):
            return []
        scores = snapshot.bm25.get_scores(tokens)
        scores = np.where(mask, scores, -1.0)
        order = np.argsort(-scores)[: self.settings.candidates]
        return [int(i) for i in order if scores[i] > 0]

    def vector_ranking(self, snapshot: IndexSnapshot, query: str, filters: Filters) -> list[int]:
        if not len(snapshot.ids):
            return []
        vector = self.embeddings.embed_query(query)
        result = snapshot.collection.query(
            query_embeddings=[vector],
            n_results=min(self.settings.candidates, len(snapshot.ids)),
            where=filters.chroma_where(),
            include=[],
        )
        return [snapshot.position[cid] for cid in result["ids"][0] if cid in snapshot.position]

    def search(
        self,
        snapshot: IndexSnapshot,
        query: str,
        k: int,
        filters: Filters,
        mode: str = "hybrid",
    ) -> list[Passage]:
        return self.search_with_reserve(snapshot, query, k, filters, mode)[0]

    def search_with_reserve(
        self,
        snapshot: IndexSnapshot,
        query: str,
        k: int,
        filters: Filters,
        mode: str = "hybrid",
        extra: int = 0,
    ) -> tuple[list[Passage], list[Passage]]:
        """The top ``k`` passages, and the ``extra`` next ones in fused order. Why a reserve:
        the fusion ranks by several signals, the answer step by the question's own words; a
        passage just below the cut that holds those words is better than an abstention."""
        expanded = self.expand(snapshot, query)
        mask = snapshot.mask(filters)
        rankings: list[tuple[list[int], float]] = []
        if mode in ("hybrid", "bm25"):
            rankings.append(
                (self.bm25_ranking(snapshot, expanded, mask), self.settings.bm25_weight)
            )
        if mode in ("hybrid", "vector"):
            # The vector model knows synonyms itself; it gets only abbreviations spelled out,
            # and no conversational filler ("nou", "eigenlijk") that pulls it off the subject.
            semantic = self.expand(snapshot, self.without_fillers(query), synonyms=False)
            rankings.append(
                (self.vector_ranking(snapshot, semantic, filters), self.settings.vector_weight)
            )
        if mode == "hybrid":
            rankings.append(
                (self.figure_ranking(snapshot, query, mask), self.settings.figure_weight)
            )
        quoted = self.quote_ranking(snapshot, query, mask) if mode == "hybrid" else []
        if quoted:  # "wat staat er onder 'Resumerend zien we'": the passage that says it
            rankings.append((quoted, 2 * self.settings.bm25_weight))
        named = snapshot.named_sources(query)
        if mode == "hybrid" and len(named) == 1:
            # "volgens de visiteurs ...": the named document's own best passages count too.
            in_named = mask & np.array([m["source"] in named for m in snapshot.metas], dtype=bool)
            rankings.append(
                (self.bm25_ranking(snapshot, expanded, in_named), self.settings.bm25_weight)
            )
        masked = [([i for i in ranking if mask[i]], weight) for ranking, weight in rankings]
        fused = rrf_fuse(masked, self.settings.rrf_k)
        ordered = sorted(fused, key=lambda i: (-round(fused[i], 12), i))
        chosen = diversify(snapshot, ordered, k)
        if len(named) >= 2:  # "wat zeggen X en Y": each named document gets its best passage
            for source in sorted(named):
                if any(snapshot.metas[i]["source"] == source for i in chosen):
                    continue
                best = next((i for i in ordered if snapshot.metas[i]["source"] == source), None)
                if best is not None:
                    chosen = chosen[: k - 1] + [best] if len(chosen) >= k else chosen + [best]
        reserve = [i for i in diversify(snapshot, ordered, k + extra) if i not in chosen][:extra]
        return (
            [snapshot.passage(i, fused.get(i, 0.0)) for i in chosen],
            [snapshot.passage(i, fused.get(i, 0.0)) for i in reserve] if extra else [],
        )


def rrf_fuse(rankings: list[tuple[list[int], float]], k: int = 60) -> dict[int, float]:
    """Weighted reciprocal rank fusion: each ranking adds ``weight / (k + rank)`` per item.

    Why RRF: BM25 scores, cosine similarities and figure matches live on different scales;
    ranks do not, so fusing ranks needs no calibration per corpus.
    """
    fused: dict[int, float] = {}
    for ranking, weight in rankings:
        for rank, item in enumerate(ranking):
            fused[item] = fused.get(item, 0.0) + weight / (k + rank + 1)
    return fused


def diversify(snapshot: IndexSnapshot, ordered: list[int], k: int) -> list[int]:
    """Skip near-copies: a chunk whose lines mostly overlap an already chosen chunk."""
    chosen: list[int] = []
    for i in ordered:
        m = snapshot.metas[i]
        duplicate = False
        for j in chosen:
            o = snapshot.metas[j]
            if o["source"] != m["source"]:
                continue
            overlap = min(o["line_end"], m["line_end"]) - max(o["line_start"], m["line_start"])
            span = max(1, min(m["line_end"] - m["line_start"], o["line_end"] - o["line_start"]))
            if overlap / span > 0.6:
                duplicate = True
                break
        if not duplicate:
            chosen.append(i)
        if len(chosen) >= k:
            break
    return chosen
