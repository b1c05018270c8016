"""Thumbs up/down with an optional remark, kept in a local SQLite file for later evaluation.

Each row stores the question, the answer text and the cited sources as they were shown, so a
later evaluation run can turn disliked answers into new gold cases without the app running.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from core.models import Answer

_SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created TEXT NOT NULL,
    rating INTEGER NOT NULL CHECK (rating IN (-1, 1)),
    remark TEXT NOT NULL DEFAULT '',
    question TEXT NOT NULL,
    answer TEXT NOT NULL,
    sources TEXT NOT NULL DEFAULT '[]',
    abstained INTEGER NOT NULL DEFAULT 0,
    backend TEXT NOT NULL DEFAULT '',
    username TEXT NOT NULL DEFAULT ''
)
"""

MAX_REMARK_CHARS = 2000


@dataclass
class FeedbackEntry:
    """One stored rating; ``rating`` is +1 (duim omhoog) or -1 (duim omlaag)."""

    id: int
    created: str
    rating: int
    remark: str
    question: str
    answer: str
    sources: list[dict]
    abstained: bool
    backend: str
    username: str


class FeedbackStore:
    """Append-only feedback table in one SQLite file (created on first use)."""

    def __init__(self, path: Path | str):
        self.path = Path(path)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(self.path)
        try:
            conn.execute(_SCHEMA)
            with conn:  # commits or rolls back
                yield conn
        finally:
            conn.close()

    def record(self, answer: Answer, rating: int, remark: str = "", username: str = "") -> int:
        """Store a rating for ``answer`` and return the new row id."""
        if rating not in (-1, 1):
            raise ValueError("Beoordeling moet +1 (goed) of -1 (niet goed) zijn.")
        sources = [
            {"n": c.n, "source": c.source, "line_start": c.line_start, "line_end": c.line_end,
             "page": c.page}
            for c in answer.citations
        ]
        with self._connect() as conn:
            cur = conn.execute(
                "INSERT INTO feedback (created, rating, remark, question, answer, sources,"
                " abstained, backend, username) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    datetime.now(UTC).isoformat(timespec="seconds"),
                    rating,
                    (remark or "").strip()[:MAX_REMARK_CHARS],
                    answer.question,
                    answer.text,
                    json.dumps(sources, ensure_ascii=False),
                    int(answer.abstained),
                    answer.backend,
                    username or "",
                ),
            )
            return int(cur.lastrowid)

    def entries(self) -> list[FeedbackEntry]:
        """All ratings, oldest first."""
        if not self.path.exists():
            return []
        with self._connect() as conn:
            rows = conn.execute(
                "SELECT id, created, rating, remark, question, answer, sources, abstained,"
                " backend, username FROM feedback ORDER BY id"
            ).fetchall()
        return [
            FeedbackEntry(
                id=r[0], created=r[1], rating=r[2], remark=r[3], question=r[4], answer=r[5],
                sources=json.loads(r[6]), abstained=bool(r[7]), backend=r[8], username=r[9],
            )
            for r in rows
        ]
