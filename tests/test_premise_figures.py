"""A why-question whose premise the figures contradict ("waarom daalden ...?" when they rose)
is corrected with the figures before any reason is quoted (assistant/answer.py,
``_premise_from_figures``). Figures and questions are invented for these tests."""

from __future__ import annotations

from assistant.answer import AnswerContext, OfflineAnswerer, idf_table
from core.models import Passage
from core.profile import Profile
from core.text import words
from ingest.figures import make_figure
from storage.figure_store import FigureStore, write_store

ZEEDORP = Profile.from_dict({"municipality": "Zeedorp"})
PASSAGE = Passage(id="p", source="z.pdf", line_start=1, line_end=2, page=8,
                  text="Marktgelden worden geheven voor een standplaats op de weekmarkt. De "
                       "tarieven stijgen met de inflatie.")


def _store(tmp_path) -> FigureStore:
    def cell(metric: str, row: str, period: str, value: float) -> object:
        return make_figure(metric=metric, entity="Zeedorp", subject=row, row_label=row,
                           period=period, value=value, unit="EUR", source="z.pdf", line=40,
                           quote=f"{row} {value}", page=8, caption="Tabel 7.9 - Tarieven")
    figs = [cell("tarief", "Standplaats weekmarkt per dag", "2024", 4.28),
            cell("tarief", "Standplaats weekmarkt per dag", "2025", 4.49),
            cell("lasten", "Sociaal domein", "2023", 5_409_000),
            cell("lasten", "Sociaal domein", "2025", 6_125_000)]
    db = tmp_path / "figures.sqlite"
    write_store(figs, db)
    return FigureStore(db)


def _ask(q: str, store: FigureStore):
    idf = idf_table([PASSAGE.text, "Een tekst over iets anders.", "Nog een andere tekst."])
    ctx = AnswerContext(question=q, original_question=q, passages=[PASSAGE], figures=store,
                        allowed_sources={"z.pdf"}, idf=idf, profile=ZEEDORP,
                        vocabulary=set(words(PASSAGE.text)))
    return OfflineAnswerer().answer(ctx)


def test_a_drop_asked_for_one_year_is_checked_against_the_year_before(tmp_path):
    a = _ask("Waarom gaan de tarieven voor een standplaats op de weekmarkt in 2025 omlaag?",
             _store(tmp_path))
    assert a.text.startswith("Dat klopt niet volgens de cijfers")
    assert "4,28 in 2024" in a.text and "4,49 in 2025" in a.text and "een stijging" in a.text


def test_a_drop_between_two_years_of_a_named_metric(tmp_path):
    a = _ask("Waarom daalden de lasten van het sociaal domein tussen 2023 en 2025?",
             _store(tmp_path))
    assert a.text.startswith("Dat klopt niet volgens de cijfers")
    assert "5.409.000 in 2023" in a.text and "6.125.000 in 2025" in a.text


def test_a_premise_the_figures_confirm_is_not_corrected(tmp_path):
    a = _ask("Waarom stijgen de tarieven voor een standplaats op de weekmarkt in 2025?",
             _store(tmp_path))
    assert "klopt niet" not in a.text
