"""A risk table whose rows are prose blocks with their numbers at the right
(ingest/block_tables.py), read from an invented page layout with word positions."""

from __future__ import annotations

from core.profile import Profile
from ingest.pdf_layout import LayoutLine, PageLayout, Word
from ingest.pdf_tables import pdf_figures


def _line(top: float, *cells: tuple[str, float], number: int = 0) -> LayoutLine:
    words = []
    for text, x0 in cells:
        x = x0
        for part in text.split():
            words.append(Word(part, x, top, x + 6 * len(part), top + 10))
            x += 6 * len(part) + 4
    return LayoutLine(words, number)


def _page(no: int, lines: list[LayoutLine]) -> PageLayout:
    for i, ln in enumerate(lines, start=1):
        ln.number = no * 100 + i
    return PageLayout(no, 595.0, 842.0, lines)


def _risk_pages() -> list[PageLayout]:
    first = _page(1, [
        _line(60, ("In de tabel hieronder staan de risico's van de gemeente met hun kans.", 57)),
        _line(90, ("Risico", 57), ("Beschrijving", 162), ("Bedrag", 439), ("Kans", 488),
              ("Bedrag", 524)),
        _line(106, ("impact", 439), ("op", 488), ("(x €1.000)", 524)),
        _line(122, ("doen", 488), ("x kans", 524)),
        _line(150, ("Zwembad", 57), ("Het zwembad is oud", 162), ("800", 451), ("50%", 492),
              ("400", 549)),
        _line(166, ("renovatie", 57), ("en kan sluiten.", 162)),
        _line(190, ("Informatie-", 57), ("Een aanval op het", 162), ("2.000", 451),
              ("25%", 492), ("500", 549)),
        _line(206, ("veiligheid", 57), ("netwerk kost veel.", 162)),
    ])
    second = _page(2, [  # the table runs on without its header
        _line(70, ("Grondexploitatie", 57), ("Prijzen kunnen dalen", 162), ("1.500", 451),
              ("10%", 492), ("150", 549)),
    ])
    return [first, second]


def test_risk_rows_get_their_name_columns_and_scale():
    figs, used = pdf_figures(_risk_pages(), "z.pdf", "Zeedorp", Profile())
    cells = {(f.row_label, f.col_label): (f.value, f.unit, f.metric) for f in figs}
    assert cells[("Informatieveiligheid", "Bedrag impact")] == (2_000_000, "EUR", "risico")
    assert cells[("Informatieveiligheid", "Kans op doen")] == (25.0, "%", "risico")
    assert cells[("Informatieveiligheid", "Bedrag (x €1.000) x kans")] == (500_000, "EUR", "risico")
    assert cells[("Zwembad renovatie", "Bedrag impact")][0] == 800_000
    # the next page's rows take the header of the page before
    assert cells[("Grondexploitatie", "Bedrag impact")] == (1_500_000, "EUR", "risico")
    assert 105 in used and 101 not in used  # the table's lines, not the prose above it


def test_a_single_line_with_numbers_under_prose_is_no_block_table():
    page = _page(1, [
        _line(60, ("Samenvatting", 57)),
        _line(90, ("Zwembad", 57), ("wordt gerenoveerd", 162), ("800", 451), ("50%", 492)),
    ])
    figs, _ = pdf_figures([page], "z.pdf", "Zeedorp", Profile())
    assert not any(f.metric == "risico" for f in figs)
