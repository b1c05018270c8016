"""Feedback is stored in SQLite and read back unchanged."""

from __future__ import annotations

import sqlite3

import pytest

from assistant.feedback import FeedbackStore
from core.models import Answer, Citation


def _answer() -> Answer:
    cite = Citation(1, "doc.txt", "Doc", "2019", "Taakstelling", 22, 26, "tekst", "zin")
    return Answer(question="Hoe hoog is de taakstelling?", text="€ 1,2 miljoen [1].",
                  citations=[cite], backend="offline")


def test_record_and_read_back(tmp_path):
    store = FeedbackStore(tmp_path / "sub" / "feedback.sqlite")
    assert store.entries() == []
    first = store.record(_answer(), 1)
    second = store.record(_answer(), -1, remark="  Bron klopt niet  ", username="jan")
    assert second == first + 1
    entries = store.entries()
    assert [e.rating for e in entries] == [1, -1]
    assert entries[1].remark == "Bron klopt niet"
    assert entries[1].username == "jan"
    assert entries[0].sources == [
        {"n": 1, "source": "doc.txt", "line_start": 22, "line_end": 26, "page": None}
    ]
    assert entries[0].question == "Hoe hoog is de taakstelling?"
    # The file is plain SQLite that an evaluation script can read without our code.
    with sqlite3.connect(tmp_path / "sub" / "feedback.sqlite") as conn:
        assert conn.execute("SELECT count(*) FROM feedback").fetchone()[0] == 2


def test_rejects_other_ratings(tmp_path):
    store = FeedbackStore(tmp_path / "f.sqlite")
    with pytest.raises(ValueError, match="Beoordeling"):
        store.record(_answer(), 0)
    assert store.entries() == []


def test_long_remark_is_truncated(tmp_path):
    store = FeedbackStore(tmp_path / "f.sqlite")
    store.record(_answer(), -1, remark="x" * 10_000)
    assert len(store.entries()[0].remark) == 2000
