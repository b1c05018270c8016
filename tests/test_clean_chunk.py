"""Cleaning and chunking: real corpus passages plus small generated cases."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.config import PROJECT_ROOT, Settings
from ingest.chunk import chunk_lines, heading_level, is_table_row
from ingest.clean import clean_lines, join_lines, normalise_line
from ingest.loaders import SourceLine, load
from ingest.pipeline import chunk_document

CORPUS = PROJECT_ROOT / "corpus"
VISITATIE = "2020-visitatie-sociaal-domein-leudal.txt"
ONTW = "2019-10-ontwikkelagenda-jeugdhulp-taakstelling-leudal.txt"


def corpus_chunks(name: str):
    return chunk_document(load(CORPUS / name), Settings(corpus_dir=CORPUS))


def lines(*texts: str, page: int | None = None) -> list[SourceLine]:
    return [SourceLine(i, t, page) for i, t in enumerate(texts, start=1)]


# --- cleaning -------------------------------------------------------------------------------


def test_dehyphenation_joins_split_words_only():
    assert join_lines(["gebaseerd op gesprek-", "ken met betrokkenen"]) == (
        "gebaseerd op gesprekken met betrokkenen"
    )
    kept = join_lines(["samenwerking met Midden-", "en Noord-Limburg"])
    assert kept == "samenwerking met Midden-\nen Noord-Limburg"
    assert join_lines(["Noord-", "Limburg"]) == "Noord-\nLimburg"  # capital: a compound name


def test_dehyphenation_in_the_real_corpus():
    chunk = next(c for c in corpus_chunks(VISITATIE) if c.line_start <= 8 <= c.line_end)
    assert "gesprekken met lokaal betrokkenen" in chunk.text
    assert "gesprek-" not in chunk.text
    ontw = "\n".join(c.text for c in corpus_chunks(ONTW))
    assert "Midden- en Noord- Limburg" in ontw and "Middenen" not in ontw


def test_bullets_tabs_and_whitespace_are_normalised():
    assert normalise_line("•\tPreventie  versterken")[0] == "- Preventie versterken"
    assert normalise_line("\uf0b7 Inwoners tellen mee")[0] == "- Inwoners tellen mee"
    assert normalise_line("  ▪ Armoede ")[0] == "- Armoede"
    tabbed = "2\t \tHoe\tis\ter\t(beter)\tgrip\tte\tkrijgen\top\tde\ttoegang"
    assert normalise_line(tabbed)[0] == "2 Hoe is er (beter) grip te krijgen op de toegang"


def test_glued_footnote_is_detected_and_detached():
    text, footnote = normalise_line("Uitgaven 9.942.405 10.568.794 11.066.5251 prognose")
    assert footnote == "1"
    assert "11.066.525 [voetnoot 1] prognose" in text
    assert normalise_line("Budget 9.731.480 9.030.090 7.579.249")[1] is None
    assert normalise_line("in 2019 waren er 35.681 inwoners")[1] is None


def test_glued_footnote_in_the_real_table():
    table = next(c for c in corpus_chunks(ONTW) if "Budget 9.731.480" in c.text)
    assert "11.066.525 [voetnoot 1]" in table.text


def test_page_numbers_and_running_headers_are_removed():
    header = "Gemeente Leudal - Jeugdbeleid 2024"
    raw = []
    for page in (1, 2, 3):
        body = f"Inhoud van pagina {page} over jeugdhulp."
        raw += [(header, page), (body, page), (str(page), page)]
    raw.append(("Pagina 4 van 4", 4))
    cleaned = clean_lines([SourceLine(i, t, p) for i, (t, p) in enumerate(raw, start=1)])
    kept = [c.text for c in cleaned if c.text]
    assert kept == [f"Inhoud van pagina {p} over jeugdhulp." for p in (1, 2, 3)]
    assert [c.number for c in cleaned] == list(range(1, len(raw) + 1))  # nothing renumbered


def test_generated_pdf_with_repeated_header_and_page_numbers(make_pdf):
    header = "Regiovisie Jeugd - concept"
    pages = [[f"Tekst over thema {p} en de toegang tot jeugdhulp."] for p in range(1, 5)]
    doc = load(make_pdf(pages, header=header, page_numbers=True))
    assert sum(header in line.text for line in doc.lines) == 4  # the raw text has them
    text = "\n".join(c.text for c in chunk_lines(clean_lines(doc.lines)))
    assert header not in text
    assert all(line.strip() not in {"1", "2", "3", "4"} for line in text.split("\n"))
    assert text.count("Tekst over thema") == 4


def test_a_pdf_chunk_stays_on_one_page(make_pdf):
    """A paragraph that runs over a page break is cut there: each chunk's page is the page of
    every line it holds, so a citation opens the page its quote is on."""
    pages = [
        [f"Regel {k} van de eerste bladzijde over de toegang tot jeugdhulp." for k in range(8)],
        [f"Regel {k} van de tweede bladzijde over de kosten van jeugdhulp." for k in range(8)],
    ]
    doc = load(make_pdf(pages))
    chunks = chunk_lines(clean_lines(doc.lines), size=2000)
    page_of = {ln.number: ln.page for ln in doc.lines}
    assert len(chunks) == 2
    for c in chunks:
        assert {page_of[n] for n in c.lines} == {c.page}


def test_text_files_keep_repeated_lines():
    """Without pages there are no running headers: a repeated sentence is content."""
    cleaned = clean_lines(lines(*(["Het budget is overschreden."] * 4)))
    assert all(c.text for c in cleaned)


# --- chunking -------------------------------------------------------------------------------


def test_known_passage_has_the_right_lines():
    hit = [c for c in corpus_chunks(VISITATIE) if "Op 4 februari 2020 heeft het visitatiebezoek"
           in c.text.replace("\n", " ")]
    assert hit and all(c.line_start <= 9 <= c.line_end and 9 in c.lines for c in hit)


def test_budget_table_is_one_chunk():
    rows = ["2015 2016 2017 2018 2019", "Budget 9.731.480", "Uitgaven 9.942.405",
            "Resultaat - 210.925"]
    whole = [c for c in corpus_chunks(ONTW) if all(r in c.text for r in rows)]
    assert whole and whole[0].line_start <= 139 and whole[0].line_end >= 145
    partial = [c for c in corpus_chunks(ONTW) if any(r in c.text for r in rows)]
    assert all(all(r in c.text for r in rows) for c in partial), "a table was cut in half"


def test_table_rows_are_told_from_prose():
    assert is_table_row("2015 2016 2017 2018 2019")
    assert is_table_row("Resultaat - 210.925 - 315.947 -2.096.921 -3.492.011")
    assert is_table_row("Preventie Effect is niet te kwantificeren. - - - -")
    assert not is_table_row("voor lokale teams in kaart’ (KPMG, 30-09-2019).")
    assert not is_table_row("Regiovisie jeugd en gezin: Koersdocument 2023 - 2028")
    assert not is_table_row("van €9,9 naar €11 miljoen, in lijn met het landelijke beeld")


def test_numbered_headings_give_section_paths():
    text = ["1. Inleiding", "Korte inleiding over de opgave in het sociaal domein. " * 5, "",
            "1.1 Aanleiding", "De kosten van jeugdhulp stijgen sneller dan het budget. " * 5,
            "", "2. Maatregelen", "Preventie en een sterkere toegang remmen de groei. " * 5]
    chunks = chunk_lines(clean_lines(lines(*text)), size=400, overlap=0)
    by_text = {c.section: c for c in chunks}
    assert set(by_text) == {"1. Inleiding", "1. Inleiding > 1.1 Aanleiding", "2. Maatregelen"}
    assert by_text["2. Maatregelen"].line_start == 7
    assert heading_level("1.1 Aanleiding", True) == (2, "1.1 Aanleiding")
    assert heading_level("2 Budget 9.731.480 9.030.090 7.579.249", True) is None


@pytest.mark.parametrize("size,overlap", [(300, 0), (600, 100), (900, 150)])
def test_chunk_size_is_respected_except_for_tables(size, overlap):
    for path in sorted(CORPUS.glob("*.txt")):
        chunks = chunk_lines(clean_lines(load(path).lines), size=size, overlap=overlap)
        for c in chunks:
            if len(c.text) > size:
                table_rows = sum(is_table_row(t) for t in c.text.split("\n"))
                assert table_rows >= 2, f"{path.name}:{c.line_start} {len(c.text)} > {size}"


def test_every_line_with_text_is_in_some_chunk():
    for path in sorted(CORPUS.glob("*.txt")):
        cleaned = [c.number for c in clean_lines(load(path).lines) if c.text]
        covered = {n for c in chunk_document(load(path), Settings()) for n in c.lines}
        assert set(cleaned) <= covered, path.name


def test_chunks_are_ordered_and_within_the_file():
    for path in sorted(CORPUS.glob("*.txt")):
        total = len(Path(path).read_text(encoding="utf-8").split("\n"))
        chunks = chunk_document(load(path), Settings())
        assert all(1 <= c.line_start <= c.line_end <= total for c in chunks)
        starts = [c.line_start for c in chunks]
        assert starts == sorted(starts)


def test_a_list_announced_by_a_colon_stays_with_its_intro():
    """Short capitalised items after "... zijn:" are list items, not headings: the chunk that
    holds the intro holds every item, and the section does not change inside the list."""
    text = [
        "1. Armoede",
        "Werkgroepen stellen per pijler een uitvoeringsprogramma op. De pijlers zijn:",
        "",
        "Informatie en voorlichting",
        "Praten met de doelgroep",
        "",
        "Kinderen en jongeren (bv omgaan met geld)",
        "Vertrouwenspersonen",
        "2. Samenwerking",
        "Er zijn diverse aanleidingen voor samenwerking met de grootste aanbieders van hulp.",
    ]
    chunks = chunk_lines(clean_lines(lines(*text)), size=900, min_chars=20)
    holding = [c for c in chunks if "Vertrouwenspersonen" in c.text]
    assert len(holding) == 1
    assert "De pijlers zijn:" in holding[0].text and "Informatie en voorlichting" in holding[0].text
    assert holding[0].section == "1. Armoede"
    assert any(c.section == "2. Samenwerking" for c in chunks)


def test_a_heading_after_a_list_still_opens_its_section():
    """A short line followed by a paragraph is a heading, even right after a list."""
    text = [
        "De thema's zijn:",
        "Wonen",
        "Werk",
        "",
        "Toegang Jeugd",
        "De toegang tot de jeugdhulp loopt via het centrum voor jeugd en gezin, dat sinds "
        "2015 de vragen van ouders en jongeren beantwoordt.",
    ]
    chunks = chunk_lines(clean_lines(lines(*text)), size=900, min_chars=10)
    assert any(c.section == "Toegang Jeugd" and "De toegang" in c.text for c in chunks)


def test_goal_lists_footnotes_and_ocr_noise_do_not_become_sections():
    """Numbered lines that are not headings: a run of goals, a footnote sentence, OCR noise.
    Read as headings they became the section of every chunk after them."""
    text = [
        "1 Inleiding",
        "De gemeente werkt aan zeven doelen voor het sociaal domein in de komende jaren.",
        "",
        "1. Een sterk maatschappelijk middenveld; focus op preventie",
        "2. Sociaal Team; integrale samenwerking",
        "3. Jeugdbeleid; betrokkenheid van de jeugd vergroten",
        "",
        "10 Voor aantallen jeugdigen en omzet per aanbieder wordt verwezen naar bijlage 6. Cijfers",
        "1 EH a FF nr Fn OE ie",
        "",
        "1.1 Preventief jeugdbeleid",
        "Het preventief jeugdbeleid wordt in 2025 opgesteld samen met de scholen en de GGD.",
    ]
    chunks = chunk_lines(clean_lines(lines(*text)), size=900, min_chars=10)
    sections = {c.section for c in chunks}
    assert sections <= {"1 Inleiding", "1 Inleiding > 1.1 Preventief jeugdbeleid"}
    assert any("1.1 Preventief" in s for s in sections)


def test_a_sub_section_sits_under_its_own_chapter_and_a_part_heading_opens_a_part():
    text = [
        "Paragraaf Financiering",
        "De treasuryfunctie van de gemeente bewaakt de liquiditeit en de rente van leningen.",
        "",
        "3. Versterken van de samenwerking met de partners in de regio",
        "De samenwerking in de regio wordt in 2025 verder versterkt door gezamenlijke inkoop.",
        "",
        "2.1 Risicobeheer",
        "De gemeente beheerst de renterisico's met een renterisiconorm en een kasgeldlimiet.",
    ]
    chunks = chunk_lines(clean_lines(lines(*text)), size=200, overlap=0, min_chars=10)
    by_text = {c.text.splitlines()[-1][:20]: c.section for c in chunks}
    assert by_text["De gemeente beheerst"] == "Paragraaf Financiering > 2.1 Risicobeheer"


def test_a_budget_measure_with_a_note_of_effects_opens_its_own_section():
    """Budgets list measures as a title line, a bracketed note of their effects in money and
    a paragraph, with no blank line between measures in a PDF's text. Each measure is its
    own section (title, note and text together), not the tail of the previous one."""
    text = [
        "Uitbreiding zwembad Zeedorp",
        "(structureel hogere lasten vanaf 2026 € 80.000)",
        "Het zwembad krijgt een tweede bad voor het schoolzwemmen en de verenigingen in de "
        "gemeente, zodat de wachtlijsten voor zwemles verdwijnen.",
        "Efficiency Wijkteam Havenstad (WH)",
        "(structureel lagere lasten 2025 € 40.000, vanaf 2026 € 90.000)",
        "Bij de start van het wijkteam was ruime formatie nodig; nu de werkwijze staat, kan "
        "het team met minder middelen toe.",
    ]
    chunks = chunk_lines(clean_lines(lines(*text)), size=900, min_chars=10)
    team = next(c for c in chunks if "lagere lasten 2025" in c.text)
    assert team.section == "Efficiency Wijkteam Havenstad (WH)"
    assert team.text.startswith("Efficiency Wijkteam Havenstad")
    assert "zwembad" not in team.text.lower()


def test_a_line_cut_mid_sentence_before_a_bracket_is_no_measure():
    """A wrapped sentence whose next line opens with a bracketed amount stays prose."""
    text = [
        "De kosten van de procedure bestaan uit het opstellen van het plan door een bureau",
        "Dat bestaat uit het opstellen van de stukken",
        "(€ 95.000) en de kosten voor de toetsing (€ 105.000) door de omgevingsdienst.",
    ]
    chunks = chunk_lines(clean_lines(lines(*text)), size=900, min_chars=10)
    assert {c.section for c in chunks} == {""}
