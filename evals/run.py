"""One evaluation run: ask every gold question, score it, summarise per question type.

Kept free of printing so tests and CI can call :func:`run_eval` and inspect the numbers;
``evals/report.py`` turns an :class:`EvalRun` into a table, JSON and Markdown.
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from core.config import Settings
from core.models import Answer, Figure, Passage
from core.profile import Profile
from evals import labels
from evals import metrics as m
from evals.metrics import GoldQuestion

# Metrics where higher is better, in table order; these are the keys ``--min`` accepts.
QUALITY_KEYS = (
    "recall@1",
    "recall@5",
    "mrr@10",
    "coverage@5",
    "correctness",
    "citation_precision",
    "faithfulness",
    "abstention_accuracy",
    "on_subject",
)
# Lower is better: share of answerable questions the assistant wrongly refused.
ERROR_KEYS = ("false_abstention",)
# Counts of answers, zero is the goal: an amount given to the wrong government or scenario
# (evals/labels.py). Counts, not shares, because one such answer is one too many.
COUNT_KEYS = ("wrong_entity", "wrong_scenario")
LATENCY_KEYS = ("latency_p50_ms", "latency_p95_ms")
_ALIASES = {
    "mrr": "mrr@10",
    "r@1": "recall@1",
    "r@5": "recall@5",
    "abstention": "abstention_accuracy",
}


def load_gold(path: Path, limit: int | None = None) -> list[GoldQuestion]:
    """Read a gold JSONL file; a malformed line stops the run with its line number."""
    items: list[GoldQuestion] = []
    for no, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            items.append(GoldQuestion.from_dict(json.loads(line)))
        except (ValueError, KeyError, TypeError) as exc:
            raise ValueError(f"{path}:{no}: ongeldige goudregel ({exc})") from exc
    return items[:limit] if limit else items


def _loc(x: Any) -> dict[str, Any]:
    return {
        "source": x.source,
        "line_start": x.line_start,
        "line_end": x.line_end,
        "page": getattr(x, "page", None),
    }


@dataclass
class QuestionResult:
    """Everything the JSON file and the failure list need about one question."""

    id: str
    type: str
    question: str
    expected: str
    answer: str
    abstained: bool
    citations: list[dict[str, Any]]
    retrieved: list[dict[str, Any]]
    first_hit_rank: int | None
    coverage5: bool | None
    correct: bool
    missing: list[str]
    citation_precision: float | None
    faithful: bool | None
    unsupported_numbers: list[str]
    abstention_ok: bool
    latency_ms: float
    retrieval_ms: float | None = None
    error: str | None = None
    on_subject: bool | None = None
    false_abstention: bool | None = None
    wrong_entity: bool | None = None
    wrong_scenario: bool | None = None
    mislabels: list[dict[str, Any]] = field(default_factory=list)

    @property
    def answerable(self) -> bool:
        return self.coverage5 is not None

    def passes(self) -> dict[str, bool | None]:
        """Pass/fail per metric (None = not applicable to this question)."""
        rank = self.first_hit_rank
        return {
            "recall@1": (rank == 1) if self.answerable else None,
            "recall@5": (rank is not None and rank <= 5) if self.answerable else None,
            "coverage@5": self.coverage5,
            "correctness": self.correct,
            "citation_precision": (
                None if self.citation_precision is None else self.citation_precision >= 0.5
            ),
            "faithfulness": self.faithful,
            "abstention_accuracy": self.abstention_ok,
            "on_subject": self.on_subject,
            "wrong_entity": None if self.wrong_entity is None else not self.wrong_entity,
            "wrong_scenario": None if self.wrong_scenario is None else not self.wrong_scenario,
        }

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "pass": self.passes()}


def score_question(
    gold: GoldQuestion,
    answer: Answer,
    retrieved: Sequence[Passage],
    latency_ms: float,
    retrieval_ms: float | None = None,
    governments: Sequence[str] = (),
    home: str = "",
    figures: Sequence[Figure] = (),
    profile: Profile | None = None,
) -> QuestionResult:
    """Score one answer; ``figures`` and ``profile`` feed the wrong-entity/scenario check."""
    correct, missing = m.correctness(answer, gold)
    abstained = m.is_abstention(answer)
    wrong = labels.mislabels(answer, figures, profile or Profile(municipality=home), gold.question)
    kinds = {w.kind for w in wrong}
    unsupported = m.unsupported_numbers(answer, gold.question)
    has_gold = bool(gold.sources)
    return QuestionResult(
        id=gold.id,
        type=gold.type,
        question=gold.question,
        expected=gold.answer,
        answer=answer.text,
        abstained=abstained,
        citations=[{"n": c.n, **_loc(c), "quote": c.quote} for c in answer.citations],
        retrieved=[_loc(p) for p in retrieved[:10]],
        first_hit_rank=m.first_hit_rank(retrieved, gold.sources, 10) if has_gold else None,
        coverage5=m.covers_all(retrieved, gold.sources, 5) if has_gold else None,
        correct=correct,
        missing=missing,
        citation_precision=m.citation_precision(answer, gold.sources),
        faithful=None if abstained else not unsupported,
        unsupported_numbers=unsupported,
        abstention_ok=m.abstention_ok(answer, gold),
        latency_ms=latency_ms,
        retrieval_ms=retrieval_ms,
        on_subject=m.claim_on_subject(answer, gold.question, governments, home),
        false_abstention=None if gold.type == "unanswerable" else abstained,
        wrong_entity=None if abstained else "entity" in kinds,
        wrong_scenario=None if abstained else "scenario" in kinds,
        mislabels=[w.to_dict() for w in wrong],
    )


def _mean(values: Sequence[float | bool | None]) -> float:
    vals = [float(v) for v in values if v is not None]
    return sum(vals) / len(vals) if vals else math.nan


def summarise(results: Sequence[QuestionResult]) -> dict[str, float]:
    """Aggregate metrics over a set of question results (NaN where nothing applies)."""
    ranks = [r.first_hit_rank for r in results if r.answerable]
    lat = [r.latency_ms for r in results]
    return {
        "n": len(results),
        "recall@1": m.recall_at(ranks, 1),
        "recall@5": m.recall_at(ranks, 5),
        "mrr@10": m.mrr_at(ranks, 10),
        "coverage@5": _mean([r.coverage5 for r in results]),
        "correctness": _mean([r.correct for r in results]),
        "citation_precision": _mean([r.citation_precision for r in results]),
        "faithfulness": _mean([r.faithful for r in results]),
        "abstention_accuracy": _mean([r.abstention_ok for r in results]),
        "on_subject": _mean([r.on_subject for r in results]),
        "false_abstention": _mean([r.false_abstention for r in results]),
        "wrong_entity": sum(1 for r in results if r.wrong_entity),
        "wrong_scenario": sum(1 for r in results if r.wrong_scenario),
        "latency_p50_ms": m.percentile(lat, 50),
        "latency_p95_ms": m.percentile(lat, 95),
    }


def summarise_by_type(results: Sequence[QuestionResult]) -> dict[str, dict[str, float]]:
    types = [t for t in m.QUESTION_TYPES if any(r.type == t for r in results)]
    types += sorted({r.type for r in results} - set(types))
    return {t: summarise([r for r in results if r.type == t]) for t in types}


@dataclass
class EvalRun:
    gold_path: str
    backend: str
    results: list[QuestionResult]
    overall: dict[str, float]
    by_type: dict[str, dict[str, float]]
    baselines: dict[str, dict[str, float]] | None = None
    started: str = field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))
    config: dict[str, Any] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return Path(self.gold_path).stem

    def to_dict(self) -> dict[str, Any]:
        return {
            "gold": self.gold_path,
            "backend": self.backend,
            "started": self.started,
            "config": self.config,
            "overall": self.overall,
            "by_type": self.by_type,
            "baselines": self.baselines,
            "questions": [r.to_dict() for r in self.results],
        }


def run_eval(
    gold_path: Path,
    backend: str | None = None,
    baselines: bool = False,
    limit: int | None = None,
    settings: Settings | None = None,
    progress: Callable[[int, int, str], None] | None = None,
    role: str | None = None,
) -> EvalRun:
    """Ask every gold question through :class:`assistant.api.Assistant` and score it.

    ``role`` asks as that role (``--as-role``); None sees every access level.
    """
    from assistant.api import Assistant  # imported late: loading it pulls in the models
    from assistant.auth import role_user

    user = role_user(role) if role else None

    settings = settings or Settings()
    gold = load_gold(gold_path, limit)
    assistant = Assistant(settings=settings, backend=backend)
    assistant.warm_up()  # load models and index once
    profile = assistant.profile
    governments = [g.name for g in profile.governments()]
    figures = assistant.figures(user)  # the store the answers use, as this role sees it

    results: list[QuestionResult] = []
    hybrid: list[list[Passage]] = []
    hybrid_ms: list[float] = []
    for i, g in enumerate(gold, start=1):
        if progress:
            progress(i, len(gold), g.id)
        t0 = time.perf_counter()
        retrieved = list(assistant.retrieve(g.question, k=10, mode="hybrid", user=user))
        retrieval_ms = (time.perf_counter() - t0) * 1000
        hybrid.append(retrieved)
        hybrid_ms.append(retrieval_ms)
        t0 = time.perf_counter()
        try:
            answer = assistant.ask(g.question, user=user)
            error = None
        except Exception as exc:  # one broken question must not hide the other results
            answer = Answer(question=g.question, text="", backend=str(backend or ""))
            error = f"{type(exc).__name__}: {exc}"
        latency_ms = (time.perf_counter() - t0) * 1000
        res = score_question(
            g,
            answer,
            retrieved,
            latency_ms,
            retrieval_ms,
            governments,
            profile.municipality,
            figures,
            profile,
        )
        res.error = error
        if error:
            res.correct = res.abstention_ok = False
        results.append(res)

    table = None
    if baselines:
        from evals.baselines import run_baselines

        table = run_baselines(assistant, settings, gold, hybrid=(hybrid, hybrid_ms))
    return EvalRun(
        gold_path=str(gold_path),
        backend=str(backend or settings.backend),
        results=results,
        overall=summarise(results),
        by_type=summarise_by_type(results),
        baselines=table,
        config={
            "embedding_model": settings.embedding_model,
            "top_k": settings.top_k,
            "limit": limit,
        },
    )


# --------------------------------------------------------------------------- thresholds


def _parse_pairs(values: Sequence[str], keys: Sequence[str]) -> dict[str, float]:
    out: dict[str, float] = {}
    for raw in values:
        key, sep, val = raw.partition("=")
        key = key.strip().lower().replace("-", "_")
        key = _ALIASES.get(key, key)
        if not sep or key not in keys:
            raise ValueError(
                f"Ongeldige drempel '{raw}': gebruik SLEUTEL=WAARDE met een sleutel uit "
                + ", ".join(keys)
            )
        try:
            out[key] = float(val)
        except ValueError as exc:
            raise ValueError(f"Ongeldige drempel '{raw}': '{val}' is geen getal") from exc
    return out


def parse_min(values: Sequence[str]) -> dict[str, float]:
    """``["recall@5=0.9", "correctness=0.8"]`` -> ``{"recall@5": 0.9, ...}``; bad input raises."""
    return _parse_pairs(values, QUALITY_KEYS)


def parse_max(values: Sequence[str]) -> dict[str, float]:
    """``["wrong_entity=0"]`` -> ``{"wrong_entity": 0.0}``: ceilings for lower-is-better keys."""
    return _parse_pairs(values, ERROR_KEYS + COUNT_KEYS)


def check_thresholds(
    overall: dict[str, float], mins: dict[str, float], maxs: dict[str, float] | None = None
) -> list[str]:
    """Messages for every metric below its floor or above its ceiling (NaN counts as failing)."""
    failed = []
    for key, floor in mins.items():
        got = overall.get(key, math.nan)
        if math.isnan(got) or got < floor:
            failed.append(f"{key} = {got:.3f} ligt onder de drempel {floor:.3f}")
    for key, ceiling in (maxs or {}).items():
        got = overall.get(key, math.nan)
        if math.isnan(got) or got > ceiling:
            failed.append(f"{key} = {got:.3f} ligt boven het maximum {ceiling:.3f}")
    return failed
