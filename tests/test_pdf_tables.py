"""PDF tables from the page layout: BBV table in x € 1.000, empty cells, two-column pages,
Iv3 taakvelden, and the figure -> page/bbox -> text round trip."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.numbers import parse_cell
from ingest.figures import extract_figures
from ingest.loaders import load
from ingest.tables import scale_of, scenario_of, taakveld_of

DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def _font(pdf, size: int) -> None:
    """A Unicode font for '€' when the system has one, else Helvetica (cp1252 has '€')."""
    if DEJAVU.exists():
        pdf.add_font("dejavu", fname=str(DEJAVU))
        pdf.set_font("dejavu", size=size)
    else:
        pdf.core_fonts_encoding = "cp1252"
        pdf.set_font("Helvetica", size=size)


def _table_pdf(path: Path, caption: str, header: list[list[str]], rows: list[list[str]],
               width: int = 22) -> Path:
    """A ruled-less table like a Word export: label column then right-aligned number columns."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    _font(pdf, 9)
    pdf.cell(0, 8, caption, new_x="LMARGIN", new_y="NEXT")
    widths = [70] + [width] * (len(rows[0]) - 1)
    for line in [*header, *rows]:
        for k, text in enumerate(line):
            pdf.cell(widths[k], 6, text, align="L" if k == 0 else "R")
        pdf.ln(6)
    pdf.ln(4)
    pdf.multi_cell(0, 5, "De lasten van dit programma stijgen door hogere bijdragen aan de regio.")
    pdf.output(str(path))
    return path


@pytest.fixture
def bbv_pdf(tmp_path) -> Path:
    return _table_pdf(
        tmp_path / "begroting.pdf",
        "Tabel 1.2 - Baten en lasten P1 Veiligheid (bedragen x € 1.000)",
        [
            ["", "Rekening", "Begroting", "Begroting", "Begroting"],
            ["", "", "na wijziging", "", ""],
            ["", "2023", "2024", "2025", "2026"],
        ],
        [
            ["Baten", "2.483", "102", "", "105"],
            ["Lasten", "-6.628", "-4.489", "-4.602", "(4.520)"],
            ["Saldo van baten en lasten", "-4.145", "-4.387", "-4.496", "-4.415"],
            ["6.72 Maatwerkdienstverlening 18-", "1.020", "-", "980", "975"],
        ],
    )


def _figs(path: Path, owner: str = "Voorbeeldgemeente"):
    doc = load(path)
    return doc, extract_figures(doc.text, path.name, owner, None, doc.pages)


def test_cell_parser_conventions():
    assert parse_cell("(1.234)") == (-1234.0, "")
    assert parse_cell("-4.602") == (-4602.0, "")
    assert parse_cell("–") == (None, "")
    assert parse_cell("12,5%") == (12.5, "%")
    assert parse_cell("597K") == (597_000.0, "EUR")
    assert parse_cell("11.066.5251") == (11_066_525.0, "")
    assert parse_cell("Baten") is None


def test_heading_scale_and_scenarios():
    assert scale_of("bedragen x € 1.000,-") == 1000
    assert scale_of("(bedragen x €1.000.000)") == 1_000_000
    assert scale_of("Bedragen in euro's") == 1
    assert scenario_of("Begroting na wijziging 2024") == "begroting_na_wijziging"
    assert scenario_of("Rekening 2023") == "realisatie"
    assert scenario_of("Begroting actueel 2019") == "begroting_na_wijziging"  # as accounts write it
    assert scenario_of("Begroting 2019 actueel") == "begroting_na_wijziging"
    assert scale_of("Bedragen * € 1.000") == 1000  # the multiplication sign as OCR reads it
    assert scenario_of("Begroting primitief 2025") == "begroting"
    # Abbreviated column heads of multi-year overviews
    assert scenario_of("(bedragen x € 1.000) Begr. 2027") == "begroting"
    assert scenario_of("Real. 2023") == "realisatie"
    assert scenario_of("Begraafplaatsen 2025") is None  # a word that starts alike is no scenario
    assert taakveld_of("6.72 Maatwerkdienstverlening 18-")[0] == "6.72"
    assert taakveld_of("Jeugdhulp ambulant lokaal")[0] == "6.751"
    assert taakveld_of("Programma 2")[0] == ""


def test_bbv_table_in_thousands(bbv_pdf):
    _, figs = _figs(bbv_pdf)
    table = [f for f in figs if f.origin == "pdf-table"]
    got = {(f.metric, f.period): f for f in table if not f.taakveld}
    lasten = got[("lasten", "2025")]
    assert lasten.value == -4_602_000 and lasten.scale == 1000 and lasten.unit == "EUR"
    assert lasten.scenario == "begroting" and lasten.row_label == "Lasten"
    assert lasten.entity == "Voorbeeldgemeente" and lasten.page == 1 and lasten.bbox
    assert got[("baten", "2023")].scenario == "realisatie"
    assert got[("baten", "2024")].scenario == "begroting_na_wijziging"
    assert got[("lasten", "2026")].value == -4_520_000  # '(4.520)'
    assert got[("saldo", "2024")].value == -4_387_000
    assert "P1 Veiligheid" in got[("baten", "2023")].subject
    # 'Saldo van baten en lasten' is the programme's saldo, not a subject of its own
    assert "P1 Veiligheid" in got[("saldo", "2024")].subject


def test_empty_cells_keep_values_in_their_column(bbv_pdf):
    _, figs = _figs(bbv_pdf)
    baten = {f.period: f.value for f in figs if f.row_label == "Baten"}
    assert baten == {"2023": 2_483_000, "2024": 102_000, "2026": 105_000}  # 2025 is empty
    tv = {f.period: f.value for f in figs if f.taakveld == "6.72"}
    # '-' in 2024 beside amounts: nil, so a sum over the years counts it as 0
    assert tv == {"2023": 1_020_000, "2024": 0, "2025": 980_000, "2026": 975_000}


def test_no_default_entity(bbv_pdf):
    _, figs = _figs(bbv_pdf, owner="")
    assert figs and all(f.entity == "" for f in figs)


def test_figure_provenance_round_trip(bbv_pdf):
    """figure -> page/bbox -> the words inside that box on the page are the value's cell."""
    import pdfplumber

    doc, figs = _figs(bbv_pdf)
    table = [f for f in figs if f.origin == "pdf-table"]
    assert len(table) >= 14
    with pdfplumber.open(str(bbv_pdf)) as pdf:
        for f in table:
            x0, top, x1, bottom = (float(v) for v in f.bbox.split(","))
            page = pdf.pages[f.page - 1]
            text = page.within_bbox((x0 - 0.5, top - 0.5, x1 + 0.5, bottom + 0.5)).extract_text()
            value, _ = parse_cell(text.strip())
            value = 0.0 if value is None else value  # a '-' cell is nil
            assert value * f.scale == pytest.approx(f.value), (f, text)
            assert f.quote == doc.lines[f.line - 1].text  # the quote is the cited line
            assert text.strip() in f.quote


def test_page_image_highlights_cell(bbv_pdf):
    from ingest.pageimage import render_page_png

    _, figs = _figs(bbv_pdf)
    f = next(f for f in figs if f.bbox)
    png = render_page_png(bbv_pdf, f.page, [f.bbox], dpi=60)
    plain = render_page_png(bbv_pdf, f.page, [], dpi=60)
    assert png.startswith(b"\x89PNG") and png != plain


def test_two_column_page_reads_column_by_column(tmp_path):
    from fpdf import FPDF

    left = [f"Links regel {i} over de jeugdhulp in de gemeente en de kosten" for i in range(12)]
    right = [f"Rechts regel {i} van de tweede kolom met andere tekst erin" for i in range(12)]
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=8)
    for a, b in zip(left, right, strict=True):
        pdf.set_x(10)
        pdf.cell(88, 5, a)
        pdf.set_x(110)
        pdf.cell(88, 5, b, new_x="LMARGIN", new_y="NEXT")
    path = tmp_path / "kolommen.pdf"
    pdf.output(str(path))
    doc = load(path)
    texts = [ln.text for ln in doc.lines]
    assert texts[0].startswith("Links regel 0") and "Rechts" not in texts[0]
    assert texts.index("Links regel 11 over de jeugdhulp in de gemeente en de kosten") < next(
        i for i, t in enumerate(texts) if t.startswith("Rechts regel 0")
    )
    assert doc.pages[0].columns == 2


def test_text_table_with_year_header_is_generic():
    text = "Lasten jeugdhulp (bedragen x € 1.000)\n2021 2022 2023\nLasten 1.200 1.350 -\n"
    figs = extract_figures(text, "t.txt", "Voorbeeldgemeente")
    got = {f.period: f.value for f in figs if f.metric == "lasten"}
    assert got == {"2021": 1_200_000, "2022": 1_350_000, "2023": 0}  # '-' beside amounts: nil


def test_lasten_rows_under_a_taakveld_keep_its_code():
    """'6.72 Maatwerk  Baten 0 17' then 'Lasten -2.878 -3.129' (BBV per taakveld, as OCR'd)."""
    from ingest.pdf_layout import LayoutLine, PageLayout, Word
    from ingest.pdf_tables import page_tables
    from ingest.tables import figures_from_table

    def line(n, parts):
        return LayoutLine(
            [Word(t, x, 100 + n * 12, x + len(t) * 4, 108 + n * 12) for t, x in parts], n
        )

    page = PageLayout(
        1,
        595,
        842,
        [
            line(
                1,
                [
                    ("bedragen", 80),
                    ("x", 120),
                    ("€", 126),
                    ("1.000", 132),
                    ("2019", 330),
                    ("2020", 400),
                ],
            ),
            line(2, [("6.72", 80), ("Maatwerk", 100), ("Baten", 260), ("0", 346), ("17", 412)]),
            line(3, [("Lasten", 260), ("-2.878", 326), ("-3.129", 396)]),
            line(4, [("6.1", 80), ("Samenkracht", 100), ("Baten", 260), ("102", 338), ("69", 412)]),
            line(5, [("Lasten", 260), ("-1.486", 326), ("-1.474", 396)]),
        ],
    )
    (table,), _ = page_tables(page)
    figs = figures_from_table(table, "x.pdf", "W")
    got = {(f.taakveld, f.metric, f.period): f.value for f in figs}
    assert got[("6.72", "lasten", "2020")] == -3_129_000
    assert got[("6.1", "lasten", "2019")] == -1_486_000
    assert got[("6.72", "baten", "2020")] == 17_000
    assert {f.subject for f in figs if f.taakveld == "6.72"} == {"Maatwerk"}


def test_a_row_in_kilos_under_a_money_caption_is_not_money(tmp_path):
    pdf = _table_pdf(
        tmp_path / "indicatoren.pdf",
        "Tabel 4.1 - Indicatoren P4 Milieu (bedragen x € 1.000)",
        [["", "Begroting", "Begroting"], ["", "2025", "2026"]],
        [["Lasten", "-5.055", "-4.399"], ["Restafval kg/inwoner", "205", "195"]],
    )
    _, figs = _figs(pdf)
    kilos = [f for f in figs if "kg" in f.row_label]
    assert kilos and all(f.unit != "EUR" and f.value in (205, 195) for f in kilos)
    assert any(f.unit == "EUR" and f.value == -5_055_000 for f in figs)


def test_stacked_header_words_set_close_together_are_told_apart():
    """A reserves table's header "Begroting Vermeerde- Verminde-" / "2024 ringen 2025" comes
    out of the PDF with words glued ("2024ringen", "BegrotingVermeerde-"); each piece must
    label its own column, or every column reads "2024ringen 2025"."""
    from ingest.pdf_layout import Word
    from ingest.pdf_tables import _split_years, _unglue

    glued = Word("2024ringen", 100.0, 0.0, 140.0, 8.0)
    parts = _unglue(glued)
    assert [p.text for p in parts] == ["2024", "ringen"] and parts[0].x1 <= parts[1].x0 + 0.01
    assert [p.text for p in _unglue(Word("BegrotingVermeerde-", 0, 0, 80, 8))] == [
        "Begroting", "Vermeerde-"
    ]
    assert [p.text for p in _unglue(Word("2e", 0, 0, 8, 8))] == ["2e"]
    line = [Word("2024", 100, 0, 116, 8), Word("ringen", 118, 0, 140, 8),
            Word("2025", 142, 0, 158, 8)]
    assert [[w.text for w in p] for p in _split_years(line)] == [["2024"], ["ringen", "2025"]]
    hyphenated = [Word("Begroting", 0, 0, 40, 8), Word("Vermeerde-", 42, 0, 80, 8)]
    assert len(_split_years(hyphenated)) == 2
    assert len(_split_years([Word("Rekening", 0, 0, 40, 8), Word("2023", 42, 0, 60, 8)])) == 1


def test_a_percent_caption_covers_the_year_columns_its_phrase_did_not_reach():
    """Kengetallen: '(%)' stands over the first columns only, yet every year is a percentage;
    the 'Verslag' year is realised, the 'Begr.' years are budgeted."""
    from ingest.tables import Cell, Row, Table, figures_from_table

    cells = [Cell(v, str(v).replace(".", ",")) for v in (60.5, 61.3, 59.2, 53.2)]
    table = Table(
        columns=["Indicatoren (%) 2023 Verslag", "Indicatoren (%) 2024 Begr.", "2026 Begr.",
                 "2028 Begr."],
        rows=[Row("2. Solvabiliteitsratio", cells, 3, "2. Solvabiliteitsratio 60,5 ...", 9)],
        caption="Tabel 8 Overzicht kengetallen",
        heading="Indicatoren (%)",
    )
    figs = {f.period: f for f in figures_from_table(table, "b.pdf", "Zeedorp")}
    assert set(figs) == {"2023", "2024", "2026", "2028"}
    assert all(f.unit == "%" and f.metric == "percentage" for f in figs.values())
    assert figs["2028"].value == 53.2 and figs["2028"].scenario == "begroting"
    assert figs["2023"].scenario == "realisatie"


def test_a_scale_in_another_tables_heading_is_not_lent_to_a_table_in_whole_euros():
    from ingest.pdf_layout import LayoutLine, PageLayout, Word
    from ingest.pdf_tables import _page_scale
    from ingest.tables import Table, scale_of

    def line(n, text):
        return LayoutLine([Word(t, 10 + 40 * i, 10 * n, 40 + 40 * i, 10 * n + 8)
                           for i, t in enumerate(text.split())], n)

    page = PageLayout(1, 595, 842, [line(1, "Tabel 3.2 Investeringen"),
                                    line(20, "Tabel 3.3 Baten en lasten bedragen x € 1.000")])
    investments = Table(columns=["2025", "2026"], caption="Tabel 3.2 Investeringen")
    budget = Table(columns=["Begroting 2025"], caption="Tabel 3.3 Baten en lasten",
                   heading="bedragen x € 1.000")
    _page_scale(page, [investments, budget])
    assert scale_of(investments.heading) is None  # its amounts stay whole euros
    # A page whose one statement no table states itself still lends it (OCR'd captions).
    lone = Table(columns=["2025"], caption="Overzicht")
    _page_scale(PageLayout(2, 595, 842, [line(1, "bedragen x € 1.000")]), [lone])
    assert scale_of(lone.heading) == 1000


def test_indicator_rows_keep_their_broken_names_and_a_year_after_a_value_dates_it(tmp_path):
    """An indicator table as budgets print it: a row's name broken over two lines, and a
    reference value with its year in brackets ("9,05 (2023)"). The name is whole, the value
    is of 2023, and no "(2023)" is read as an amount of minus 2023."""
    path = _table_pdf(
        tmp_path / "indicatoren.pdf",
        "Tabel 2.1 - Effectindicatoren Sport en Welzijn",
        [["Effectindicator", "Peilwaarde", "2025 (%)", "2026 (%)"]],
        [
            ["% kinderen tot 12 jaar met", "", "", ""],
            ["zwemdiploma", "81,5 (2023)", "84", "86"],
            ["% eenzaamheid", "51,1 % (2022)", "47", "46"],
        ],
    )
    _, figs = _figs(path)
    assert figs and not [f for f in figs if f.value <= -2000]
    zwem = {f.period: f.value for f in figs if "zwemdiploma" in f.row_label}
    assert zwem == {"2023": 81.5, "2025": 84, "2026": 86}
    assert {f.row_label for f in figs if "zwemdiploma" in f.row_label} == {
        "% kinderen tot 12 jaar met zwemdiploma"
    }
    lonely = {f.period: f for f in figs if "eenzaamheid" in f.row_label}
    assert lonely["2022"].value == 51.1 and lonely["2022"].unit == "%"  # "51,1 % (2022)"
    assert lonely["2022"].row_label == "% eenzaamheid"


def test_units_after_values_and_a_reference_year_line_under_the_row(tmp_path):
    """"205 kg 195 kg 180 kg" with "inwoner (2023)" on the line below, as effect-indicator
    tables print a reference value: the unit belongs to each value, the row's name goes on
    below, and the bracketed year dates the value above it (no amount of minus 2023)."""
    path = _table_pdf(
        tmp_path / "effect.pdf",
        "Tabel 5.1 - Effectindicatoren Milieu",
        [["Effectindicator", "Peilwaarde", "Begroting", "Begroting"], ["", "", "2025", "2028"]],
        [["Totaal kg restafval per", "205 kg", "195 kg", "180 kg"], ["inwoner", "(2023)", "", ""]],
    )
    _, figs = _figs(path)
    assert figs and not [f for f in figs if f.value <= -2000]
    rest = {f.period: f for f in figs if "restafval" in f.row_label}
    assert {p: f.value for p, f in rest.items()} == {"2023": 205, "2025": 195, "2028": 180}
    assert {f.unit for f in rest.values()} == {"kg"}
    assert rest["2028"].row_label == "Totaal kg restafval per inwoner"


def test_a_rate_table_without_a_euro_sign_is_money_and_a_unit_in_a_label_stays_there(tmp_path):
    """Levy rates ("Tarieven ...", "tarief 2025") print no euro sign, yet are amounts; "boven
    250 m3" in a row's name is part of the name, not a cell of 250 cubic metres."""
    path = _table_pdf(
        tmp_path / "tarieven.pdf",
        "Tabel 7.6 - Tarieven reinigingsheffing",
        [["Huishouden", "tarief 2024", "tarief 2025"]],
        [
            ["Eenpersoonshuishouden", "352,20", "398,04"],
            ["Water per m3 boven 250 m3", "1,80", "1,85"],
        ],
    )
    _, figs = _figs(path)
    one = {f.period: f for f in figs if f.row_label == "Eenpersoonshuishouden"}
    assert one["2025"].value == 398.04 and one["2025"].unit == "EUR"
    water = {f.period: f.value for f in figs if f.row_label == "Water per m3 boven 250 m3"}
    assert water == {"2024": 1.8, "2025": 1.85}


def test_figures_keep_their_tables_caption(bbv_pdf):
    _, figs = _figs(bbv_pdf)
    table = [f for f in figs if f.origin == "pdf-table"]
    assert table and all("Baten en lasten P1 Veiligheid" in f.caption for f in table)


def test_a_calculation_is_no_account():
    """"Berekening" ends in "rekening" but is no realisation column."""
    assert scenario_of("Tabel 7.7 - Berekening kostendekkingspercentage") is None
    assert scenario_of("Rekening 2023") == "realisatie"


def test_a_balance_sheets_two_dates_head_its_columns(tmp_path):
    """"PASSIVA 31 december 2019 31 december 2018" over the columns, amounts "Bedragen * €
    1.000" (the multiplication sign as OCR reads it): each row has a value per date, in euros."""
    path = _table_pdf(
        tmp_path / "balans.pdf",
        "Bedragen * € 1.000",
        [["PASSIVA", "31 december 2019", "31 december 2018"]],
        [["Eigen vermogen", "60.782", "64.514"], ["Bestemmingsreserves", "12.990", "19.073"]],
        width=40,
    )
    _, figs = _figs(path)
    reserves = {f.period: f.value for f in figs if "Bestemmingsreserves" in f.row_label}
    assert reserves == {"2019": 12_990_000, "2018": 19_073_000}
    assert not [f for f in figs if f.value in (31, 31_000, 2019, 2_019_000)]


def test_an_accounts_date_columns_are_realised_and_a_budgets_are_not(tmp_path):
    """A balance sheet's "31 december 2019" names no scenario; in accounts (the catalogue's kind
    "jaarstukken") it is what was realised, so "in de jaarrekening" finds it. A budget's own
    balance sheet may be an estimate: it stays without a scenario."""
    path = _table_pdf(
        tmp_path / "balans.pdf",
        "Bedragen x € 1.000",
        [["PASSIVA", "31 december 2019", "31 december 2018"]],
        [["Voorzieningen", "18.904", "18.064"]],
        width=40,
    )
    doc = load(path)
    accounts = extract_figures(doc.text, path.name, "Voorbeeldgemeente", None, doc.pages,
                               "jaarstukken")
    budget = extract_figures(doc.text, path.name, "Voorbeeldgemeente", None, doc.pages,
                             "begroting")
    assert {(f.period, f.scenario) for f in accounts if f.row_label == "Voorzieningen"} == {
        ("2019", "realisatie"), ("2018", "realisatie")}
    assert {f.scenario for f in budget if f.row_label == "Voorzieningen"} == {""}



def _investment_pdf(path: Path) -> Path:
    """An investment table as budgets print it: a stacked header with a programme number left of
    the columns, row names wrapped in a narrow column with the amounts on their last line, a
    page footer, and a second page that runs on without repeating the header."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_auto_page_break(False)
    widths = [34, 26, 26, 26]

    def row(cells: list[str], h: float = 4.5) -> None:
        for k, text in enumerate(cells):
            pdf.cell(widths[k], h, text, align="L" if k == 0 else "R")
        pdf.ln(h)

    pdf.add_page()
    _font(pdf, 8)
    pdf.cell(0, 8, "Tabel 7.2 - Investeringen P7 Openbare ruimte", new_x="LMARGIN", new_y="NEXT")
    row(["", "Totaal", "Begroting", "Begroting"])
    row(["", "beschikbaar", "", ""])
    row(["Programma 7", "gesteld", "", ""])
    row(["", "krediet", "", ""])
    pdf.ln(5)
    row(["Omschrijving", "", "2025", "2026"])
    for name, values in [
        (["Vervanging", "gemalen"], ["400.000", "100.000", "300.000"]),
        (["Renovatie", "speelplaatsen"], ["250.000", "-", "250.000"]),
        (["Verledding", "openbare", "verlichting"], ["90.000", "45.000", "45.000"]),
        (["Herinrichting", "marktplein"], ["600.000", "600.000", "-"]),
        (["Investeringen", "riolering"], ["75.000", "-", "75.000"]),
    ]:
        for part in name[:-1]:
            row([part, "", "", ""])
        row([name[-1], *values])
    pdf.ln(3)
    row(["Pagina 1 van", "", "", "2"])
    pdf.add_page()
    _font(pdf, 8)
    pdf.set_y(20)
    for name, values in [
        (["Vervanging", "bruggen"], ["180.000", "-", "180.000"]),
        (["Aanleg", "fietspaden"], ["75.000", "75.000", "-"]),
        (["Totaal"], ["1.670.000", "820.000", "850.000"]),
    ]:
        for part in name[:-1]:
            row([part, "", "", ""])
        row([name[-1], *values])
    pdf.output(str(path))
    return path


def test_investment_table_with_wrapped_names_runs_on_over_the_next_page(tmp_path):
    _, figs = _figs(_investment_pdf(tmp_path / "investeringen.pdf"))
    got = {(f.row_label, f.period): f for f in figs if f.metric == "investering"}
    # names wrapped over two or three lines are whole, values on their last line
    assert got[("Vervanging gemalen", "2026")].value == 300_000
    assert got[("Verledding openbare verlichting", "2025")].value == 45_000
    # the header's programme number is no row, and the stacked words label the first column
    first = {f.col_label for f in figs if f.row_label == "Vervanging gemalen"}
    assert any("beschikbaar gesteld krediet" in c for c in first)
    # page 2 has no header: its columns, caption and money unit carry over from page 1
    bridges = got[("Vervanging bruggen", "2026")]
    assert (bridges.value, bridges.unit, bridges.page) == (180_000, "EUR", 2)
    assert bridges.caption.startswith("Tabel 7.2")
    assert got[("Totaal", "2025")].value == 820_000
    # a row's name is its subject, not the caption's programme, also where it repeats the
    # caption's metric word
    assert bridges.subject == "Vervanging bruggen"
    assert got[("Investeringen riolering", "2026")].subject == "Investeringen riolering"
    # the page footer is no figure
    assert not [f for f in figs if "Pagina" in f.row_label]


def test_a_table_under_its_own_caption_does_not_run_on_from_the_previous_page():
    from ingest.pdf_layout import LayoutLine, PageLayout, Word
    from ingest.pdf_tables import pdf_figures

    def line(n, parts):
        return LayoutLine(
            [Word(t, x, 100 + n * 12, x + len(t) * 4, 108 + n * 12) for t, x in parts], n
        )

    def page(no, first):
        rows = [line(3, [("Onderhoud", 80), ("1.000", 300), ("2.000", 380)]),
                line(4, [("Beheer", 80), ("3.000", 300), ("4.000", 380)])]
        return PageLayout(no, 595, 842, [first, *rows])

    one = page(1, line(1, [("Lasten", 80), ("2024", 304), ("2025", 384)]))
    own = page(2, line(1, [("Tabel", 80), ("9.9", 104), ("-", 120), ("Opbrengsten", 128)]))
    bare = page(2, line(1, [("Vervolg", 80)]))
    figs, _ = pdf_figures([one, own], "x.pdf", "W")
    assert {f.col_label for f in figs if f.page == 2} <= {""}
    figs, _ = pdf_figures([one, bare], "x.pdf", "W")
    assert {f.period for f in figs if f.page == 2 and f.row_label == "Beheer"} == {"2024", "2025"}


def test_a_value_set_below_its_row_and_a_bracketed_year_in_the_header():
    """"Peilwaarde" / "(2023)" heads the first column; the baseline value stands a little lower
    than the row's other values, in the column the row left empty."""
    from ingest.pdf_layout import LayoutLine, PageLayout, Word
    from ingest.pdf_tables import pdf_figures

    def line(top, parts):
        return LayoutLine([Word(t, x, top, x + len(t) * 4, top + 8) for t, x in parts], top)

    page = PageLayout(1, 595, 842, [
        line(100, [("Tabel", 70), ("4.1", 95), ("-", 111), ("Effectindicatoren", 118)]),
        line(124, [("Peilwaarde", 260), ("Streefwaarde", 330), ("Streefwaarde", 400)]),
        line(132, [("(2023)", 270)]),
        line(140, [("2025", 350), ("2026", 420)]),
        line(160, [("Aantal", 70), ("woningen", 100), ("12.460", 345), ("12.637", 415)]),
        line(168, [("12.367", 270)]),
    ])
    figs, _ = pdf_figures([page], "x.pdf", "W")
    got = {f.col_label: f.value for f in figs if f.row_label == "Aantal woningen"}
    assert got.get("Peilwaarde (2023)") == 12_367
    assert any("Streefwaarde" in c and "2025" in c for c in got)
    assert not [f for f in figs if not f.row_label]


def test_a_label_line_without_values_heads_the_row_below_it(tmp_path):
    """A balance sheet names its items on a line of their own ("Materiële vaste activa") with
    the values on the next line ("Volgens staat C 57.019"): that row's subject says both. A
    total line is no item of a group, and a name run on in lower case is one name."""
    path = _table_pdf(
        tmp_path / "balans.pdf",
        "Tabel 4.2 - Geprognosticeerde balans (bedragen x € 1.000)",
        [["", "2024", "2025", "2026"]],
        [["Materiële vaste activa", "", "", ""], ["Volgens staat C", "57.019", "60.889", "64.061"],
         ["Financiële vaste activa", "", "", ""], ["Uitzettingen", "0", "0", "0"],
         ["Langlopende leningen u/g", "4.864", "4.907", "4.952"],
         ["Totaal", "", "", ""], ["onderhoudsvoorzieningen", "2.805", "2.810", "2.815"]],
    )
    _, figs = _figs(path)
    subjects = {f.row_label: f.subject for f in figs if f.period == "2024"}
    assert subjects["Volgens staat C"] == "Materiële vaste activa: Volgens staat C"
    assert subjects["Uitzettingen"] == "Financiële vaste activa: Uitzettingen"
    assert subjects["Langlopende leningen u/g"] == "Langlopende leningen u/g"  # not the one below
    assert "Totaal onderhoudsvoorzieningen" in subjects


def test_a_tables_own_title_line_heads_no_row(tmp_path):
    """"Berekening kostendekkendheid rioolheffing" above the first row repeats the caption: it
    is every row's topic, and giving it to the first row alone would make that row the best
    match for the table's subject."""
    path = _table_pdf(
        tmp_path / "riool.pdf",
        "Tabel 7.3 - Berekening kostendekkendheid rioolheffing",
        [["", "2025"]],
        [["Berekening kostendekkendheid rioolheffing", ""], ["Kosten taakveld", "2.392.223"],
         ["Totale kosten", "3.019.895"]],
    )
    _, figs = _figs(path)
    assert {f.subject for f in figs if f.row_label == "Kosten taakveld"} == {"Kosten taakveld"}
