"""A figure of another government the store lacks, stated in a sentence: quoted rather than
answered with "the documents give it only for us" (assistant/answer.py). Invented data."""

from __future__ import annotations

from assistant.answer import AnswerContext, OfflineAnswerer, idf_table
from core.models import Passage
from core.profile import Profile
from core.text import words
from ingest.figures import make_figure
from storage.figure_store import FigureStore, write_store

KUST = Profile.from_dict({"municipality": "Zeedorp",
                          "region": {"name": "Kustregio", "members": ["Zeedorp", "Duinwijk"]}})
PASSAGES = [
    Passage(id="a", source="k.txt", line_start=3, line_end=3,
            text="Aanleiding voor de pilot jeugdbescherming: 1/3 van het budget van Duinwijk "
                 "ging naar de jeugdbescherming."),
    Passage(id="b", source="k.txt", line_start=9, line_end=9,
            text="De uitgaven aan jeugdhulp van Zeedorp stegen in 2019 flink."),
]


def test_a_share_another_government_states_in_words_is_quoted(tmp_path):
    db = tmp_path / "figures.sqlite"
    write_store([make_figure(metric="uitgaven", entity="Zeedorp", period="2019",
                             value=9_000_000, unit="EUR", source="k.txt", line=9,
                             quote="uitgaven 9.000.000")], db)
    idf = idf_table([p.text for p in PASSAGES] + ["Een tekst over iets anders.", "Nog een."])
    q = "Welk deel van het budget van Duinwijk ging naar de jeugdbescherming?"
    ctx = AnswerContext(question=q, original_question=q, passages=PASSAGES,
                        figures=FigureStore(db), allowed_sources={"k.txt"}, idf=idf,
                        profile=KUST, vocabulary={w for p in PASSAGES for w in words(p.text)})
    a = OfflineAnswerer().answer(ctx)
    assert not a.abstained and "1/3 van het budget van Duinwijk" in a.text
