"""Contract tests per plan operation, on the home corpus's figures and on another
municipality's (a budget in "x € 1.000"). Questions are paraphrases written for these tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.intent import analyse
from assistant.plans import Planner
from core.models import Figure
from core.profile import Profile, load_profile
from ingest.figures import build_figures, make_figure
from storage.figure_store import FigureStore, write_store

ROOT = Path(__file__).resolve().parent.parent
HOME = load_profile(str(ROOT / "corpus" / "profile.yaml"))
OTHER = Profile.from_dict(
    {"municipality": "Zeedorp", "region": {"name": "Kustregio", "members": ["Zeedorp", "Duinwijk"]}}
)


@pytest.fixture(scope="module")
def home_store(tmp_path_factory):
    db = tmp_path_factory.mktemp("home") / "figures.sqlite"
    write_store(build_figures(ROOT / "corpus"), db)
    return FigureStore(db)


def _bbv(subject: str, metric: str, period: str, scenario: str, raw: float) -> Figure:
    return make_figure(
        metric=metric, entity="Zeedorp", subject=subject, period=period, value=raw * 1000,
        unit="EUR", source="zeedorp-begroting.pdf", line=10, quote=f"{subject} {raw}",
        scenario=scenario, scale=1000.0, page=12, origin="pdf-table",
    )


def _store(tmp_path_factory, name: str, figs: list[Figure]) -> FigureStore:
    db = tmp_path_factory.mktemp(name) / "figures.sqlite"
    write_store(figs, db)
    return FigureStore(db)


@pytest.fixture(scope="module")
def other_store(tmp_path_factory):
    figs = [
        _bbv("Sociaal domein", "lasten", "2023", "realisatie", 5409),
        _bbv("Sociaal domein", "lasten", "2024", "begroting", 5800),
        _bbv("Sociaal domein", "lasten", "2025", "begroting", 6125),
        _bbv("Sociaal domein", "baten", "2025", "begroting", 1200),
        _bbv("Totaal programma's", "lasten", "2025", "begroting", 61250),
        make_figure(metric="inwoners", entity="Zeedorp", period="2024", value=26000,
                    unit="aantal", source="zeedorp-begroting.pdf", line=3,
                    quote="26.000 inwoners"),
        make_figure(metric="lasten", entity="Duinwijk", subject="Sociaal domein", period="2025",
                    value=9_000_000, unit="EUR", source="duinwijk.pdf", line=4,
                    quote="Sociaal domein 9.000.000"),
        make_figure(metric="impulsregeling", entity="Zeedorp", period="2024-2026 (per jaar)",
                    value=150_000, unit="EUR", source="zeedorp-begroting.pdf", line=40,
                    quote="Impulsregeling: € 150.000 per jaar voor 2024-2026",
                    note="bijdrage per jaar"),
    ]
    return _store(tmp_path_factory, "other", figs)


def run(question: str, store: FigureStore, profile: Profile):
    metrics = {f.metric for f in store.all()}
    intent = analyse(question, profile, metrics)
    return intent, Planner(store, profile).run(intent)


def test_difference_between_years_written_out(home_store):
    question = "Met hoeveel nam het tekort op jeugdzorg toe van 2017 naar 2018?"
    intent, r = run(question, home_store, HOME)
    assert intent.operation == "difference"
    assert r and "1.395.090" in r.text and "3.492.011 − 2.096.921 = 1.395.090" in r.text
    assert all(f.entity == "Leudal" for f in r.figures)


def test_sum_over_a_range(home_store):
    _, r = run("Wat was het tekort van 2015 tot en met 2018 bij elkaar?", home_store, HOME)
    assert r and "6.115.804" in r.text and len(r.computation.inputs) == 4


def test_growth_in_percent(home_store):
    _, r = run("Met hoeveel procent stegen de uitgaven aan jeugdzorg van 2015 tot 2018?",
               home_store, HOME)
    assert r and r.computation is not None and "%" in r.text


def test_lookup_missing_year_abstains_and_says_what_exists(home_store):
    _, r = run("Wat was het budget voor jeugdhulp in 2031?", home_store, HOME)
    assert r and r.abstain and "2031" in r.reason and "wel voor" in r.reason


def test_other_government_figure_never_presented_as_asked(home_store):
    # Cost per client exists only for the neighbouring region.
    _, r = run("Wat waren de kosten per cliënt in 2021 bij ons?", home_store, HOME)
    assert r and r.abstain
    assert "niet voor Leudal" in r.text and "Midden-Limburg Oost" in r.text


def test_scale_applied_and_shown(other_store):
    _, r = run("Hoeveel waren de lasten van het sociaal domein in 2023?", other_store, OTHER)
    assert r and "€ 5.409.000" in r.text and "5.409 x € 1.000" in r.text
    assert "Zeedorp" in r.text and "Leudal" not in r.text


def test_scenario_discipline(other_store):
    _, r = run("Wat was de realisatie van de lasten sociaal domein in 2025?", other_store, OTHER)
    assert r and r.abstain and "realisatie" in r.reason


def test_share_of_total(other_store):
    _, r = run("Welk deel van de lasten gaat in 2025 naar het sociaal domein?", other_store, OTHER)
    assert r and "10%" in r.text.replace("10,0%", "10%")


def test_per_inhabitant(other_store):
    _, r = run("Hoeveel lasten sociaal domein per inwoner in 2025?", other_store, OTHER)
    assert r and r.computation is not None
    assert "235,58" in r.text  # 6.125.000 / 26.000


def test_average_and_extremum(other_store):
    _, r = run("Wat zijn de lasten sociaal domein gemiddeld over 2023-2025?", other_store, OTHER)
    assert r and r.computation.operation == "gemiddelde" and "5.778.000" in r.text
    _, r = run("In welk jaar waren de lasten sociaal domein het hoogst, 2023-2025?",
               other_store, OTHER)
    assert r and "hoogst in 2025" in r.text


def test_compare_two_governments(other_store):
    _, r = run("Hoe verhouden de lasten sociaal domein in 2025 zich vergeleken met Duinwijk?",
               other_store, OTHER)
    assert r and "Duinwijk" in r.text and "Zeedorp" in r.text and r.computation is not None


def test_difference_between_two_metrics(other_store):
    _, r = run("Wat is het verschil tussen de lasten en de baten van het sociaal domein in 2025?",
               other_store, OTHER)
    assert r and "4.925.000" in r.text


def test_named_other_municipality_without_figures_abstains(other_store):
    _, r = run("Hoeveel waren de lasten sociaal domein in 2025 in Kustregio?", other_store, OTHER)
    assert r and r.abstain and "niet voor Kustregio" in r.text


def test_ratio_between_two_years(other_store):
    intent, r = run("Hoeveel keer zo groot waren de lasten voor het sociaal domein in 2025 als "
                    "in 2023?", other_store, OTHER)
    assert intent.operation == "ratio"
    assert r and "6.125.000 / 5.409.000 = 1,1" in r.text and "keer" in r.text


def test_yearly_amount_over_its_span_is_multiplied(other_store):
    _, r = run("Hoeveel ontvangt Zeedorp in totaal uit de impulsregeling over de hele looptijd?",
               other_store, OTHER)
    assert r and "150.000 × 3 = 450.000" in r.text and "€ 450.000" in r.text


def test_share_takes_the_total_line_of_the_same_table(other_store):
    _, r = run("Welk deel van de lasten in 2025 gaat naar het sociaal domein?", other_store, OTHER)
    assert r and r.computation is not None
    assert "6.125.000 / 61.250.000 × 100 = 10,0%" in r.text


def test_listed_years_keep_their_own_scenario(other_store):
    intent, r = run("Wat waren de lasten sociaal domein in 2023, 2024 en 2025 (begroting)?",
                    other_store, OTHER)
    assert intent.periods == [2023, 2024, 2025]
    assert r and all(v in r.text for v in ("5.409.000", "5.800.000", "6.125.000"))


def test_comparison_with_a_side_known_for_another_year(other_store):
    _, r = run("Geeft Zeedorp in 2024 meer uit aan het sociaal domein dan Duinwijk?",
               other_store, OTHER)
    assert r and "9.000.000" in r.text and "5.800.000" in r.text
    assert any("2025" in w and "Duinwijk" in w for w in r.warnings)


def test_yes_no_question_about_a_change_gets_its_verdict_first(other_store):
    _, up = run("Zijn de lasten voor het sociaal domein tussen 2023 en 2025 gestegen?",
                other_store, OTHER)
    _, down = run("Zijn de lasten voor het sociaal domein tussen 2023 en 2025 gedaald?",
                  other_store, OTHER)
    assert up and up.text.startswith("Ja: ") and "716.000" in up.text
    assert down and down.text.startswith("Nee: ") and "716.000" in down.text


def test_two_metrics_asked_side_by_side_are_both_answered(other_store):
    _, r = run("Wat zijn de baten en lasten van het sociaal domein in 2025?", other_store, OTHER)
    assert r and "1.200.000" in r.text and "6.125.000" in r.text
    assert r.computation is None  # nothing is added up across two metrics


@pytest.fixture(scope="module")
def lines_store(tmp_path_factory):
    figs = [
        _bbv("Onderhoud wegen", "lasten", "2025", "begroting", 2100),
        _bbv("Openbaar groen", "lasten", "2025", "begroting", 1750),
        _bbv("Onderhoud wegen", "lasten", "2022", "realisatie", 1900),
        _bbv("Onderhoud wegen", "lasten", "2024", "begroting", 2000),
        make_figure(metric="jongeren", entity="Zeedorp", period="2025-01-01", value=5000,
                    unit="aantal", source="zeedorp-begroting.pdf", line=5,
                    quote="5.000 jongeren onder 18"),
        make_figure(metric="lasten", entity="Kustregio", subject="Reddingsbrigade (regio)",
                    period="2025", value=85_000, unit="EUR", source="kustregio-plan.pdf",
                    line=7, quote="Reddingsbrigade 85.000", scenario="raming"),
    ]
    return _store(tmp_path_factory, "lines", figs)


def test_choose_between_two_named_lines(lines_store):
    intent, r = run("Wat kost in 2025 meer, openbaar groen of onderhoud wegen?", lines_store, OTHER)
    assert intent.operation == "choose"
    assert intent.alternatives == ["openbaar groen", "onderhoud wegen"]
    assert r and "2.100.000" in r.text and "1.750.000" in r.text
    assert "Het hoogst is Onderhoud wegen" in r.text and "350.000" in r.text


def test_choose_between_two_years_is_not_a_choice_of_lines(lines_store):
    question = "Waren de lasten voor onderhoud wegen hoger in 2024 of 2025?"
    intent, _ = run(question, lines_store, OTHER)
    assert intent.operation != "choose"


def test_range_lookup_lists_the_years_it_has_and_names_the_gaps(lines_store):
    _, r = run("Hoe liepen de lasten van onderhoud wegen van 2022 tot en met 2025?", lines_store,
               OTHER)
    assert r and not r.abstain
    assert "1.900.000" in r.text and "2.100.000" in r.text
    assert "Voor 2023 noemen de documenten dit cijfer niet." in r.text


def test_year_beside_a_document_word_dates_the_document():
    intent = analyse("Welke lasten raamt de kadernota 2024 voor 2026?", OTHER)
    assert intent.periods == [2026]
    intent = analyse("What does the 2023 report expect for 2025?", OTHER)
    assert intent.periods == [2025]
    intent = analyse("Wat waren de lasten in 2023 en 2024?", OTHER)
    assert intent.periods == [2023, 2024]


def test_samen_met_is_not_a_sum():
    intent = analyse("Wat kost het project dat we samen met de buurgemeente uitvoeren?", OTHER)
    assert intent.operation != "sum"


def test_a_line_only_the_home_region_has_is_answered_as_the_regions(lines_store):
    _, r = run("Wat kost de Reddingsbrigade in 2025?", lines_store, OTHER)
    assert r and r.text.startswith("De lasten van Kustregio (Reddingsbrigade (regio)) in 2025")
    assert r.figures[0].entity == "Kustregio" and "€ 85.000" in r.text


def test_vond_plaats_is_a_when_question_not_an_opinion():
    assert analyse("Wanneer vond de laatste meting plaats?", OTHER).kind == "when"
    assert analyse("Wat vond de accountant van de begroting?", OTHER).kind == "opinion"


def test_a_government_inside_a_concept_phrase_is_the_payer_not_the_entity():
    national = Profile.from_dict({
        "municipality": "Zeedorp",
        "others": [{"name": "Nederland", "aliases": ["Rijk", "landelijk"]}],
    })
    intent = analyse("Hoeveel kregen we van het Rijk in 2024?", national)
    assert "Nederland" not in intent.entities and "integratie_uitkering" in intent.concepts
    assert "Nederland" in analyse("Hoeveel gaf het Rijk uit aan jeugdzorg?", national).entities


def test_per_young_person_divides_by_the_young_not_by_all_inhabitants(lines_store):
    _, r = run("Wat zijn de lasten voor openbaar groen in 2025 per jongere?", lines_store, OTHER)
    assert r and "5.000 jongeren" in r.text and "350" in r.text and "per jongere" in r.text
    _, r = run("Wat zijn de lasten voor openbaar groen in 2025 per cliënt?", lines_store, OTHER)
    assert r and r.abstain and "het aantal cliënten" in r.text


@pytest.fixture(scope="module")
def programmes_store(tmp_path_factory):
    """A budget's programme tables and a recapitulation table with other column labels."""
    def line(subject, metric, raw, col, page):
        return make_figure(
            metric=metric, entity="Zeedorp", subject=subject, period="2025", value=raw * 1000,
            unit="EUR", source="zeedorp-begroting.pdf", line=page * 10, quote=f"{subject} {raw}",
            scenario="begroting", scale=1000.0, page=page, origin="pdf-table", col_label=col,
            row_label=subject,
        )

    figs = [
        line("P1 Veiligheid", "saldo", -4_100, "Begroting 2025", 12),
        line("P2 Zorg en welzijn", "saldo", -27_500, "Begroting 2025", 30),
        line("P2 Zorg en welzijn", "lasten", -40_000, "Begroting 2025", 30),
        line("Totaal programma's", "saldo", -48_000, "Begroting 2025 saldo", 70),
        line("Totaal programma's", "lasten", -80_000, "Begroting 2025 lasten", 70),
    ]
    return _store(tmp_path_factory, "programmes", figs)


def test_a_programme_number_finds_its_programme_not_the_total(programmes_store):
    intent, r = run("Hoe groot is het saldo van programma 2 in 2025?", programmes_store, OTHER)
    assert "2" in intent.subject_terms
    assert r and "27.500.000" in r.text and "48.000.000" not in r.text


def test_share_finds_the_total_in_a_recapitulation_table(programmes_store):
    _, r = run("Welk percentage van de lasten van alle programma's in 2025 is voor programma 2?",
               programmes_store, OTHER)
    assert r and r.computation is not None
    assert "40.000.000 / 80.000.000 × 100 = 50,0%" in r.text


def test_over_the_budget_is_a_deficit_and_a_compound_keeps_its_subject():
    intent = analyse("Met hoeveel zijn we in 2024 over het zorgbudget heen gegaan?", OTHER)
    assert intent.concepts == ["tekort"]  # "budget" inside the phrase is not a second metric
    assert "zorg" in intent.subject_terms


def test_largest_change_against_the_year_before():
    intent = analyse("In welk jaar daalden de lasten het sterkst ten opzichte van het jaar ervoor?",
                     OTHER)
    assert intent.operation == "max_change"


def test_a_count_question_is_not_answered_with_an_amount(tmp_path_factory):
    store = _store(tmp_path_factory, "counts", [
        make_figure(metric="omzet", entity="Zeedorp", period="2024", value=20_000, unit="EUR",
                    source="z.pdf", line=3, quote="omzet van minder dan € 20.000"),
    ])
    intent, r = run("Hoeveel aanbieders hadden in 2024 minder dan 20.000 euro omzet?", store,
                    OTHER)
    assert intent.counted == "aanbieders"
    assert r is None or not r.figures


def test_two_metrics_in_one_year_take_the_lines_of_that_year(tmp_path_factory):
    store = _store(tmp_path_factory, "twometrics", [
        make_figure(metric="uitgaven", entity="Zeedorp", subject="Pilot zorgcoach",
                    period="2024-2025", value=30_000, unit="EUR", source="z.pdf", line=5,
                    quote="Pilot zorgcoach 2024-2025: 30.000"),
        make_figure(metric="uitgaven", entity="Zeedorp", period="2024", value=10_000_000,
                    unit="EUR", source="z.pdf", line=9, quote="Uitgaven 10.000.000"),
        make_figure(metric="integratie_uitkering", entity="Zeedorp", period="2024",
                    value=7_000_000, unit="EUR", source="z.pdf", line=10, quote="IU 7.000.000"),
    ])
    _, r = run("Hoeveel hebben we in 2024 meer aan zorg uitgegeven dan de integratie-uitkering?",
               store, OTHER)
    assert r and "10.000.000 − 7.000.000 = 3.000.000" in r.text


def test_how_much_higher_is_one_line_than_another_in_the_same_year(lines_store):
    _, r = run("Hoeveel hoger waren in 2025 de lasten voor onderhoud wegen dan die voor openbaar "
               "groen?", lines_store, OTHER)
    assert r and r.computation is not None
    assert "2.100.000 − 1.750.000 = 350.000" in r.text


def test_a_bare_per_inhabitant_after_another_amount_divides_that_amount(tmp_path_factory):
    store = _store(tmp_path_factory, "deficit", [
        make_figure(metric="tekort", entity="Zeedorp", period="2024", value=-2_600_000,
                    unit="EUR", source="z.pdf", line=3, quote="tekort 2.600.000"),
        make_figure(metric="inwoners", entity="Zeedorp", period="2024", value=26_000,
                    unit="aantal", source="z.pdf", line=4, quote="26.000 inwoners"),
        make_figure(metric="uitgaven_per_inwoner_jeugd", entity="Zeedorp", period="2024",
                    value=410, unit="EUR", source="z.pdf", line=5, quote="410 per inwoner"),
    ])
    intent, r = run("Als je het tekort van 2024 omslaat over de inwoners, hoeveel is dat per "
                    "inwoner?", store, OTHER)
    assert intent.operation == "per_capita"
    assert r and "2.600.000 / 26.000 = 100" in r.text


def test_another_ratio_per_client_is_not_the_cost_per_client():
    intent = analyse("Met hoeveel procent daalde het aantal bezoeken per cliënt in Duinwijk van "
                     "2022 naar 2024, vergeleken met 2022?", OTHER)
    assert "kosten_per_client" not in intent.concepts
    assert intent.operation == "growth"
    assert "kosten_per_client" in analyse("Wat waren de kosten per cliënt in 2024?",
                                          OTHER).concepts


def test_a_plain_amount_line_that_names_the_subject_answers_a_change(tmp_path_factory):
    store = _store(tmp_path_factory, "plain", [
        _bbv("Belastingen", "baten", "2025", "begroting", 9_000),
        make_figure(metric="bedrag", entity="Zeedorp", subject="Toeristenbelasting",
                    row_label="Toeristenbelasting", period="2024", value=1_200_000, unit="EUR",
                    source="z.pdf", line=70, quote="Toeristenbelasting 1.200 1.320"),
        make_figure(metric="bedrag", entity="Zeedorp", subject="Toeristenbelasting",
                    row_label="Toeristenbelasting", period="2025", value=1_320_000, unit="EUR",
                    source="z.pdf", line=70, quote="Toeristenbelasting 1.200 1.320"),
    ])
    _, r = run("Met hoeveel procent stijgt de opbrengst van de toeristenbelasting van 2024 naar "
               "2025?", store, OTHER)
    assert r and "10,0%" in r.text and "Toeristenbelasting" in r.text


def test_a_change_between_two_years_stays_on_one_line(tmp_path_factory):
    store = _store(tmp_path_factory, "reserves", [
        _bbv("Totaal reserves", "reserve", "2024", "begroting", 52_000),
        _bbv("Totaal reserves", "reserve", "2026", "begroting", 49_000),
        _bbv("Reserve groot onderhoud", "reserve", "2026", "begroting", 2_000),
    ])
    _, r = run("Hoeveel nemen de totale reserves af tussen eind 2024 en eind 2026?", store, OTHER)
    assert r and "49.000.000 − 52.000.000" in r.text


def test_a_quoted_line_is_not_outvoted_by_another_table_that_uses_the_metric_word(
    tmp_path_factory,
):
    store = _store(tmp_path_factory, "quoted", [
        make_figure(metric="besparing", entity="Zeedorp", subject="Toegang Jeugd", period="2025",
                    value=180_000, unit="EUR", source="a.pdf", line=5, quote="Toegang 180.000"),
        make_figure(metric="financieel_effect", entity="Zeedorp", subject="Slimmer inkopen",
                    period="2025", value=300_000, unit="EUR", source="b.pdf", line=9,
                    quote="Slimmer inkopen 300.000"),
        make_figure(metric="financieel_effect", entity="Zeedorp", subject="Totaal maatregelen",
                    period="2025", value=1_200_000, unit="EUR", source="b.pdf", line=10,
                    quote="Totaal maatregelen 1.200.000"),
    ])
    _, r = run("Welk deel van de besparing in 2025 komt uit 'slimmer inkopen'?", store, OTHER)
    assert r and "300.000 / 1.200.000 × 100 = 25,0%" in r.text


def test_no_programme_asked_takes_the_overall_line_not_the_first_programme(programmes_store):
    _, r = run("Wat is het saldo in 2025?", programmes_store, OTHER)
    answer = r.sentences[0][0]
    assert "48.000.000" in answer and "4.100.000" not in answer
    _, r = run("Wat is het saldo van programma 1 in 2025?", programmes_store, OTHER)
    assert r and "4.100.000" in r.text


def test_a_sum_of_listed_lines_adds_exactly_those_lines(tmp_path_factory):
    store = _store(tmp_path_factory, "listed", [
        _bbv("Huishoudelijke hulp", "lasten", "2025", "begroting", 2_100),
        _bbv("Begeleiding", "lasten", "2025", "begroting", 600),
        _bbv("Dagbesteding", "lasten", "2025", "begroting", 230),
        _bbv("Hulpmiddelen", "lasten", "2025", "begroting", 900),
    ])
    _, r = run("Hoeveel trekken we in 2025 uit voor maatwerk: huishoudelijke hulp, begeleiding "
               "en dagbesteding samen?", store, OTHER)
    assert r and r.computation is not None and "2.930.000" in r.text
    assert "900.000" not in r.text


def test_a_comparison_takes_both_sides_from_the_table_that_gives_both(tmp_path_factory):
    def fig(entity, subject, value, page):
        return make_figure(metric="lasten", entity=entity, subject=subject, row_label=subject,
                           period="2024", value=value, unit="EUR", source="z.pdf", line=page,
                           quote=f"{subject} {value}", page=page, origin="pdf-table")

    store = _store(tmp_path_factory, "woonlasten", [
        fig("Zeedorp", "Woonlasten OZB woningen Zeedorp", 355_708, 20),  # another table
        fig("Zeedorp", "Zeedorp", 840, 10),
        fig("Duinwijk", "Duinwijk", 1_018, 10),
    ])
    _, r = run("Hoeveel woonlasten betaalt een huishouden in Zeedorp vergeleken met Duinwijk in "
               "2024?", store, OTHER)
    assert r and "840" in r.text and "1.018" in r.text and "355.708" not in r.text


def test_expected_level_of_a_coming_year_is_the_budget_not_a_mutation_column(tmp_path_factory):
    """"Naar verwachting eind 2026" in a budget whose realised year is 2023: the budgeted
    balance for 2026 is what the document expects (named as begroting), and of a reserves
    table's columns the balance, not the year's additions or withdrawals, is the level."""
    def reserve(col: str, year: str, raw: float) -> Figure:
        f = _bbv("Algemene reserve", "reserve", year, "begroting", raw)
        f.col_label, f.row_label = col, "Algemene reserve"
        return f

    figs = [
        _bbv("Veiligheid", "lasten", "2023", "realisatie", 6628),
        reserve("Begroting 2025", "2025", 39952),
        reserve("Verminderingen 2026", "2026", -1200),
        reserve("Begroting 2026", "2026", 38752),
    ]
    store = _store(tmp_path_factory, "reserves", figs)
    _, r = run("Hoeveel bedraagt de algemene reserve naar verwachting eind 2026?", store, OTHER)
    assert r and not r.abstain and "38.752" in r.text and "begroting" in r.text
    _, past = run("Hoeveel bedroeg de algemene reserve naar verwachting eind 2023?", store, OTHER)
    assert past is None or past.abstain or "38.752" not in past.text


def test_growth_until_a_year_runs_from_the_first_year_the_line_gives(tmp_path_factory):
    """"Hoeveel groeit de voorziening tot eind 2028?" names one year: the change runs from
    the first year the line gives (2024) to 2028, on that one line."""
    figs = [
        _bbv("Voorziening vastgoed", "voorziening", year, "begroting", raw)
        for year, raw in (("2024", 2135), ("2025", 2709), ("2028", 4016))
    ] + [_bbv("Voorziening wegen", "voorziening", "2024", "begroting", 2924),
         _bbv("Voorziening wegen", "voorziening", "2028", "begroting", 2924)]
    store = _store(tmp_path_factory, "until", figs)
    intent, r = run("Hoeveel groeit de voorziening vastgoed tot eind 2028?", store, OTHER)
    assert intent.operation in ("difference", "growth")
    assert r and not r.abstain and "1.881" in r.text.replace("1.881.000", "1.881")


@pytest.fixture(scope="module")
def per_line_store(tmp_path_factory):
    """A text table stored one metric per line (``kosten_per_inwoner_<line>``) with its total
    under ``kosten_per_inwoner_zorgdomein``, and a plain amount for percentages."""

    def line(metric: str, value: float) -> Figure:
        return make_figure(metric=metric, entity="Zeedorp", period="2022", value=value,
                           unit="EUR/inwoner", source="zeedorp-scan.txt", line=20,
                           quote=f"{metric} {value}")

    figs = [
        line("kosten_per_inwoner_zorgdomein", 800.0),
        line("kosten_per_inwoner_huishoudelijke_hulp", 120.0),
        line("kosten_per_inwoner_vervoer", 40.0),
        make_figure(metric="taakstelling", entity="Zeedorp", period="2023", value=500_000,
                    unit="EUR", source="zeedorp-begroting.pdf", line=7,
                    quote="taakstelling 2023 € 500.000"),
        make_figure(metric="jongeren", entity="Zeedorp", period="2022", value=4_000,
                    unit="aantal", source="zeedorp-begroting.pdf", line=8,
                    quote="4.000 jongeren tot 18 jaar"),
    ]
    return _store(tmp_path_factory, "lines", figs)


def test_share_of_a_named_total_takes_the_sibling_line(per_line_store):
    # The whole is called a total and is its own metric; the part is a line beside it.
    intent, r = run("Welk aandeel van de totale kosten per inwoner in het zorgdomein ging in "
                    "2022 naar vervoer?", per_line_store, OTHER)
    assert intent.operation == "share"
    assert r and r.computation is not None and "5%" in r.text.replace("5,0%", "5%")
    assert "40 / 800" in r.text.replace(",0", "")


def test_a_stated_percentage_is_applied_to_the_amount(per_line_store):
    intent, r = run("Stel dat 15% van de taakstelling 2023 al binnen is: hoeveel euro is dat "
                    "en hoeveel resteert er nog?", per_line_store, OTHER)
    assert intent.operation == "percent_of" and intent.percent == 15
    assert r and "€ 75.000" in r.text and "500.000 × 15% = 75.000" in r.text
    assert "425.000" in r.text  # what is left, since the asker asked for it


def test_a_percentage_of_a_count_is_a_whole_number(per_line_store):
    _, r = run("Zo'n 12,5% van de jongeren in 2022 krijgt hulp; om hoeveel jongeren gaat het?",
               per_line_store, OTHER)
    assert r and "ongeveer 500" in r.text and "Dan resteert" not in r.text


def test_a_percentage_without_an_amount_asked_stays_a_lookup(per_line_store):
    intent, _ = run("Klopt het dat 15% van de taakstelling 2023 al binnen is?", per_line_store,
                    OTHER)
    assert intent.operation != "percent_of"


@pytest.fixture(scope="module")
def programme_results_store(tmp_path_factory):
    """Each programme's table ends in a 'Geraamde resultaat' line; the overall result is a
    line without a programme, which does not repeat the word 'geraamde'."""
    figs = [
        make_figure(metric="resultaat", entity="Zeedorp", subject=f"P{i} {name}",
                    row_label="Geraamde resultaat", period="2027", value=value * 1000,
                    unit="EUR", source="zeedorp-begroting.pdf", line=10 * i, page=10 * i,
                    scenario="begroting", scale=1000.0, quote=f"Geraamde resultaat {value}")
        for i, (name, value) in enumerate([("Veiligheid", -4451), ("Zorg", -27276),
                                           ("Middelen", 40126)], start=1)
    ] + [
        make_figure(metric="resultaat", entity="Zeedorp", row_label="Resultaat", period="2027",
                    value=-1_111_000, unit="EUR", source="zeedorp-begroting.pdf", line=300,
                    page=90, scenario="begroting", scale=1000.0, quote="Resultaat -1.111"),
    ]
    return _store(tmp_path_factory, "programme-results", figs)


def test_overall_result_not_the_first_programmes(programme_results_store):
    _, r = run("Wat is het geraamde resultaat van Zeedorp voor 2027?", programme_results_store,
               OTHER)
    first = r.sentences[0][0] if r else ""
    assert "1.111.000" in first and "4.451" not in first  # (a scope note may name P1 after it)
    assert r.overall  # chosen as the whole, so a quote may not replace it


def test_a_named_programme_keeps_its_own_result(programme_results_store):
    _, r = run("Wat is het geraamde resultaat van programma P2 Zorg in 2027?",
               programme_results_store, OTHER)
    assert r and "27.276.000" in r.text and not r.overall


@pytest.fixture(scope="module")
def key_figures_store(tmp_path_factory):
    """A budget's kengetallen table: plain percentage lines, one per key figure and year."""
    rows = {"2. Solvabiliteitsratio": (60.5, 62.1, 59.0, 53.0),
            "1a. Netto schuldquote": (-20.5, -1.3, 4.4, 11.9)}
    figs = [
        make_figure(metric="percentage", entity="Zeedorp", subject=label, row_label=label,
                    period=str(year), value=value, unit="%", source="zeedorp-begroting.pdf",
                    line=70, page=96, scenario="realisatie" if year == 2023 else "begroting",
                    quote=f"{label} ...")
        for label, values in rows.items()
        for year, value in zip((2023, 2025, 2026, 2028), values, strict=True)
    ]
    return _store(tmp_path_factory, "key-figures", figs)


def test_a_key_figure_is_found_by_its_line_name(key_figures_store):
    intent, r = run("Wat is de netto schuldquote van Zeedorp in 2028?", key_figures_store, OTHER)
    assert intent.kind == "numeric" and intent.concepts == ["netto_schuldquote"]
    assert r and "11,9%" in r.text and "53" not in r.text


def test_two_percentages_differ_by_percentage_points_even_with_a_dated_document(
    key_figures_store,
):
    # "de begroting 2025" names a document, yet 2025 is one side of "tussen ... en 2028"
    intent, r = run("Met hoeveel procentpunt daalt de solvabiliteitsratio tussen de begroting "
                    "2025 en 2028?", key_figures_store, OTHER)
    assert intent.periods == [2025, 2028] and intent.operation == "difference"
    assert r and "9,1 procentpunt lager" in r.text and "%:" not in r.text


def test_a_year_beside_a_document_word_stays_a_side_of_between():
    names = {"begroting": "zeedorp-begroting.pdf"}
    between = analyse("Hoeveel daalt de solvabiliteitsratio tussen de begroting 2025 en 2028?",
                      OTHER, None, names)
    assert between.periods == [2025, 2028]
    dated = analyse("Wat verwacht de begroting 2025 voor de solvabiliteitsratio in 2028?",
                    OTHER, None, names)
    assert dated.periods == [2028]  # here 2025 only dates the document


@pytest.fixture(scope="module")
def overview_store(tmp_path_factory):
    """Programme lines in an overview table without a total line (page 90), the same P2 line
    in its programme's own table (page 20), and a recapitulation total elsewhere that covers
    less than all programmes (page 40)."""
    def line(subject: str, raw: float, page: int) -> Figure:
        return make_figure(metric="lasten", entity="Zeedorp", subject=subject, period="2025",
                           value=-raw * 1000, unit="EUR", source="zeedorp-begroting.pdf",
                           line=page * 10, page=page, scenario="begroting", scale=1000.0,
                           col_label="Begroting 2025 lasten", quote=f"{subject} -{raw}")

    figs = [line(f"P{i} {n}", v, 90) for i, (n, v) in enumerate(
        [("Veiligheid", 4000), ("Zorg", 40000), ("Middelen", 26000), ("Ruimte", 30000)],
        start=1)]
    figs += [line("P2 Zorg", 40000, 20), line("Totaal programma's", 80000, 40)]
    return _store(tmp_path_factory, "overview", figs)


def test_share_of_all_lines_sums_the_overview_table(overview_store):
    _, r = run("Welk deel van de lasten 2025 van alle programma's komt voor rekening van "
               "P2 Zorg?", overview_store, OTHER)
    assert r and "40%" in r.text.replace("40,0%", "40%")  # 40.000 of 4.000 + ... = 100.000
    assert "100.000.000" in r.text and "4 regels" in r.text


def test_without_all_the_recapitulation_total_stands(overview_store):
    _, r = run("Welk deel van de lasten 2025 komt voor rekening van P2 Zorg?", overview_store,
               OTHER)
    assert r and "regels" not in r.text


def test_how_many_percent_of_a_group_is_the_stated_indicator_not_a_share_of_a_total(
    tmp_path_factory,
):
    """"Hoeveel procent van onze kinderen heeft een zwemdiploma?": the budget states that
    percentage as an indicator; dividing the programme's income by its total would answer
    another question."""
    store = _store(tmp_path_factory, "indicators", [
        _bbv("P2 Sport en Welzijn", "baten", "2025", "begroting", 1200),
        _bbv("P2 Sport en Welzijn", "lasten", "2025", "begroting", -4800),
        _bbv("Totaal programma's", "baten", "2025", "begroting", 9600),
        make_figure(metric="percentage", entity="Zeedorp",
                    subject="% kinderen tot 12 jaar met zwemdiploma",
                    row_label="% kinderen tot 12 jaar met zwemdiploma", period="2025",
                    value=84.0, unit="%", source="zeedorp-begroting.pdf", line=30, page=31,
                    quote="% kinderen tot 12 jaar met zwemdiploma 81,5 (2023) 84 86"),
    ])
    intent, r = run("Hoeveel procent van onze kinderen heeft in 2025 een zwemdiploma volgens P2?",
                    store, OTHER)
    assert intent.operation == "share"
    assert r is not None and r.computation is None
    assert "84%" in r.text.replace(" %", "%") and "12,5" not in r.text


def test_the_english_name_of_a_dated_document_is_no_metric():
    """"according to the 2025 budget" names the document, not a budget amount to look up."""
    names = {"begroting": "zeedorp-begroting-2025.pdf"}
    intent = analyse("How many lampposts are there according to the 2025 budget?", OTHER,
                     None, names)
    assert "budget" not in intent.concepts
    assert intent.documents == {"zeedorp-begroting-2025.pdf"}
    plain = analyse("What is the budget for lampposts in 2025?", OTHER, None, names)
    assert "budget" in plain.concepts


def _fig(metric: str, subject: str, period: str, value: float, unit: str = "EUR",
         line: int = 20, **kw) -> Figure:
    return make_figure(metric=metric, entity="Zeedorp", subject=subject, period=period,
                       value=value, unit=unit, source="zeedorp-rapportage.pdf", line=line,
                       quote=f"{subject} {value}", page=4, **kw)


@pytest.fixture(scope="module")
def change_store(tmp_path_factory):
    figs = [
        _fig("overschrijding_per_inwoner", "Huishoudelijke hulp", "2024", 40, "EUR/inwoner"),
        _fig("inwoners", "", "2024", 26000, "aantal", line=2),
        _fig("budget", "Jeugdhulp", "2025", 2_000_000, line=30, scenario="begroting"),
        _fig("resultaat", "Jeugdhulp", "2025", -500_000, line=31, scenario="prognose"),
        # stored out of time order, as a table's columns can reach the store
        _fig("baten", "Gemeentefonds", "2022", 90_000, line=50),
        _fig("baten", "Gemeentefonds", "2021", 100_000, line=50),
        _fig("baten", "Gemeentefonds", "2024", 55_000, line=50),
        _fig("baten", "Gemeentefonds", "2023", 60_000, line=50),
        _fig("uitgaven", "Incidentele posten", "2025", 300_000, line=60),
        _fig("lasten", "Totaal lasten", "2025", -9_000_000, line=61),
        _fig("lasten", "Totaal lasten", "2028", -8_400_000, line=61),
    ]
    return _store(tmp_path_factory, "change", figs)


def test_a_per_inhabitant_amount_for_all_inhabitants_is_times_the_head_count(change_store):
    _, r = run("Wat betekent die overschrijding per inwoner bij huishoudelijke hulp in 2024 "
               "voor alle inwoners samen?", change_store, OTHER)
    assert r and r.computation is not None and r.computation.value == 1_040_000
    assert "40 × 26.000 = 1.040.000" in r.text


def test_percent_over_budget_in_one_year_is_the_deficit_as_a_share_of_the_budget(change_store):
    question = "Met hoeveel procent ging Zeedorp in 2025 over het budget voor jeugdhulp heen?"
    intent, r = run(question, change_store, OTHER)
    assert (intent.operation, r is not None) == ("growth", True)
    assert "25,0%" in r.text and "500.000 / 2.000.000" in r.text  # deficit / budget


def test_largest_drop_from_the_year_before_reads_the_years_in_time_order(change_store):
    _, r = run("In welk jaar kromp de inkomsten uit het gemeentefonds het sterkst ten opzichte "
               "van het jaar ervoor?", change_store, OTHER)
    assert r and "2022 naar 2023" in r.text and "-30.000" in r.text
    assert "van Zeedorp" in r.text  # whose figures: said, not left to the question's words


def test_a_metric_word_does_not_narrow_to_a_line_without_the_asked_years(change_store):
    intent, r = run("Hoeveel gaan de uitgaven omlaag van 2025 naar 2028?", change_store, OTHER)
    assert intent.operation == "difference"
    assert r and not r.abstain and "600.000" in r.text


@pytest.fixture(scope="module")
def tables_store(tmp_path_factory):
    def row(metric, label, value, caption, page, line):
        return make_figure(metric=metric, entity="Zeedorp", subject=label, row_label=label,
                           period="2025", value=value, unit="EUR", source="zeedorp.pdf",
                           line=line, quote=f"{label} {value}", page=page, caption=caption,
                           origin="pdf-table")

    figs = [
        row("kosten", "Totale kosten", 50_340, "Tabel 7.2 - Kostendekking marktgelden", 8, 1),
        row("baten", "Totale opbrengsten", 35_164, "Tabel 7.2 - Kostendekking marktgelden", 8, 2),
        row("kosten", "Totale kosten", 3_019_895, "Tabel 7.3 - Kostendekking rioolheffing", 9, 3),
        row("baten", "Totale opbrengsten", 3_000_754, "Tabel 7.3 - Kostendekking rioolheffing", 9,
            4),
        row("baten", "Algemene dekkingsmiddelen", 60_000_000, "Tabel 6.2 - Recapitulatie", 5, 5),
        row("baten", "Totaal programma's", 20_000_000, "Tabel 6.2 - Recapitulatie", 5, 6),
        row("baten", "Saldo van baten en lasten", 90_000_000, "Tabel 6.2 - Recapitulatie", 5, 7),
    ]
    return _store(tmp_path_factory, "tables", figs)


def test_a_tables_caption_tells_which_of_two_like_named_lines_is_asked(tables_store):
    _, r = run("Hoeveel euro lopen bij de rioolheffing de kosten boven de opbrengsten uit?",
               tables_store, OTHER)
    assert r and r.computation is not None and r.computation.value == 19_141


def test_a_share_is_of_a_whole_that_can_hold_it(tables_store):
    """A "Totaal programma's" smaller than the part is not its whole; the table's bottom line
    "Saldo van baten en lasten" carries the total baten."""
    _, r = run("Welk deel van de totale baten in 2025 komt uit de algemene dekkingsmiddelen?",
               tables_store, OTHER)
    assert r and "66,7%" in r.text and "60.000.000 / 90.000.000" in r.text


def test_a_word_that_merely_ends_in_a_scenario_word_is_no_scenario():
    assert analyse("Wat zegt de kostendekkingsberekening voor 2025?", OTHER).scenario == ""
    assert analyse("Wat zegt de jaarrekening over 2023?", OTHER).scenario == "realisatie"


@pytest.fixture(scope="module")
def recap_store(tmp_path_factory):
    def line(label, metric, period, value, page, scenario, line_no):
        return make_figure(metric=metric, entity="Zeedorp", subject=label, row_label=label,
                           period=period, value=value, unit="EUR", source="zeedorp.pdf",
                           line=line_no, quote=f"{label} {value}", page=page,
                           scenario=scenario, origin="pdf-table")

    figs = [
        # the overview of all years, and a later table that repeats the budget year only
        line("Saldo van baten en lasten", "lasten", "2023", -88_495_000, 30, "realisatie", 1),
        line("Saldo van baten en lasten", "lasten", "2024", -97_590_000, 30, "begroting", 1),
        line("Saldo van baten en lasten", "lasten", "2025", -93_246_000, 30, "begroting", 1),
        line("Sociaal domein", "lasten", "2023", -36_647_000, 30, "realisatie", 2),
        line("Sociaal domein", "lasten", "2024", -42_597_000, 30, "begroting", 2),
        line("Saldo van baten en lasten begroting 2025 totaal", "lasten", "2025",
             -93_245_832, 40, "begroting", 3),
        make_figure(metric="bedrag", entity="Zeedorp", subject="Woonlasten in euro's",
                    row_label="Woonlasten in euro's", period="2024", value=1401, unit="EUR",
                    source="zeedorp.pdf", line=9, quote="Woonlasten in euro's 1.401", page=12),
    ]
    return _store(tmp_path_factory, "recap", figs)


def test_the_overall_line_that_gives_the_asked_years_answers(recap_store):
    """"In euro's" names no line: the total lasten of the overview that has both years."""
    _, r = run("Hoeveel hoger waren de totale lasten in de begroting 2024 dan in de rekening "
               "2023, in euro's?", recap_store, OTHER)
    assert r and not r.abstain and "9.095.000" in r.text


def test_years_beside_two_scenario_words_are_the_asked_columns_not_a_documents_date():
    names = {"begroting": "zeedorp-begroting-2025.pdf"}
    intent = analyse("Hoeveel hoger zijn de baten in de begroting 2024 dan in de rekening 2022?",
                     OTHER, None, names)
    assert intent.periods == [2022, 2024]
    # one year beside the document's name still dates the document
    intent = analyse("Wat verwacht de begroting 2025 voor de baten in 2027?", OTHER, None, names)
    assert intent.periods == [2027]


@pytest.fixture(scope="module")
def coverage_store(tmp_path_factory):
    cap = "Tabel 7.3 - Berekening kostendekkingspercentage rioolheffing"

    def row(metric, label, value, line):
        return make_figure(metric=metric, entity="Zeedorp", subject=label, row_label=label,
                           period="", value=value, unit="EUR", source="zeedorp.pdf", line=line,
                           quote=f"{label} {value}", page=9, caption=cap, origin="pdf-table")

    figs = [
        row("kosten", "Kosten taakveld(en) incl. omslagrente", 2_392_223, 1),
        row("baten", "Inkomsten taakveld(en), excl. heffingen", 0, 2),
        row("kosten", "Totaal toerekenbare kosten", 650_145, 3),
        row("kosten", "Totale kosten", 3_019_895, 4),
        row("baten", "Totale opbrengsten", 3_000_754, 5),
    ]
    return _store(tmp_path_factory, "coverage", figs)


def test_a_share_of_the_costs_takes_the_tables_bottom_lines_not_a_zero_or_a_subtotal(
    coverage_store,
):
    _, r = run("Welk percentage van de kosten van de rioolheffing dekken de opbrengsten?",
               coverage_store, OTHER)
    assert r and "99,4%" in r.text and "3.000.754 / 3.019.895" in r.text
    assert "de kosten" in r.text


@pytest.fixture(scope="module")
def per_head_store(tmp_path_factory):
    figs = [
        _fig("uitgaven_per_inwoner_sociaal_domein", "Sociaal domein", "2018", 800, "EUR/inwoner"),
        _fig("inwoners", "", "", 30000, "aantal", line=3),  # "circa 30.000 inwoners"
        _fig("inwoners", "", "2019-01-01", 29500, "aantal", line=90),
        _fig("besparing", "Totaal", "2020", 100_000, line=40, scenario="prognose"),
        _fig("besparing", "Totaal", "2021", 150_000, line=40, scenario="prognose"),
        _fig("besparing", "Totaal", "2022", 400_000, line=40, scenario="prognose"),
        _fig("besparing", "Totaal", "2023", 450_000, line=40, scenario="prognose"),
    ]
    return _store(tmp_path_factory, "per_head", figs)


def test_a_stored_per_inhabitant_amount_scaled_up_takes_the_dated_head_count(per_head_store):
    intent, r = run("Wat kost het sociaal domein ons in totaal als je het bedrag per inwoner "
                    "omrekent naar heel Zeedorp?", per_head_store, OTHER)
    assert intent.operation == "per_capita"
    assert r and r.computation is not None and r.computation.value == 800 * 29500
    assert "€ 24 miljoen" in r.text and "800 × 29.500" in r.text  # rounded, inputs exact


def test_an_amount_per_inhabitant_asked_as_a_meaning_divides_by_the_dated_head_count(
    per_head_store,
):
    """"Wat betekent ... per inwoner?" asks a computation; the head count is the dated one,
    not the undated rounding ("circa 30.000 inwoners")."""
    intent, r = run("Wat betekent die besparing nou per inwoner?", per_head_store, OTHER)
    assert intent.kind == "numeric" and intent.operation == "per_capita"
    assert r and r.computation is not None and "450.000 / 29.500" in r.text
    assert analyse("Wat betekent besparing?", OTHER).kind == "definition"


def test_the_year_of_a_largest_change_is_a_number_question_over_the_whole_series(
    per_head_store,
):
    question = ("In welk jaar groeit het verwachte financiële effect volgens het plan van 2019 "
                "het sterkst ten opzichte van het jaar ervoor?")
    intent, r = run(question, per_head_store, OTHER)
    assert intent.kind == "numeric" and intent.concepts[:1] == ["besparing"]
    assert intent.periods == []  # the plan's year dates the plan, not the series
    assert r and "2021 naar 2022" in r.text and "250.000" in r.text


def test_no_share_of_a_whole_with_the_other_sign(tmp_path_factory, monkeypatch):
    """A share that came out below zero (a part against a total of expenses written negative,
    from another table) is no answer: the guard in ``Planner.run`` drops it."""
    from assistant.figures import share
    from assistant.plans import PlanResult

    part = _fig("lasten", "Woonlasten", "2024", 1401, line=5)
    whole = _fig("lasten", "Totaal lasten", "2024", -97_590_000, line=80)
    store = _store(tmp_path_factory, "signs", [part, whole])
    odd = PlanResult(figures=[part, whole], computation=share(part, whole))
    odd.say("De woonlasten zijn -0,0% van het totaal.", [part, whole])
    monkeypatch.setattr(Planner, "_run", lambda self, intent: odd)
    intent = analyse("Welk deel van de totale lasten in 2024 zijn de woonlasten?", OTHER)
    assert Planner(store, OTHER).run(intent) is None


def test_in_which_year_something_rose_most_is_a_number_question_without_a_metric_word():
    intent = analyse("In welk jaar nam het aantal meldingen het sterkst toe ten opzichte van "
                     "het jaar ervoor?", OTHER)
    assert (intent.kind, intent.operation) == ("numeric", "max_change")


@pytest.fixture(scope="module")
def revision_store(tmp_path_factory):
    """A table "2020 | 2e rarap | eindejaarsprognose | aanpassing", a row per domain."""
    figs = []
    for line, (domain, rarap, forecast) in enumerate(
        [("Participatie", 6_000_000, 5_800_000), ("Jeugd", 10_000_000, 9_600_000)], start=70
    ):
        figs += [
            _fig("begroting", domain, "2020", rarap, line=line, note="2e rarap 2020"),
            _fig("prognose", domain, "2020", forecast, line=line),
            _fig("afwijking_prognose", domain, "2020", rarap - forecast, line=line,
                 note="aanpassing prognose t.o.v. 2e rarap"),
        ]
    return _store(tmp_path_factory, "revision", figs)


def test_a_forecast_against_the_revised_budget_of_one_year_is_a_change_between_columns(
    revision_store,
):
    intent, r = run("Met hoeveel procent kwam de prognose 2020 voor jeugd lager uit dan de "
                    "2e rarap?", revision_store, OTHER)
    assert set(intent.scenarios) == {"prognose", "begroting_na_wijziging"}
    assert r and r.computation is not None and round(r.computation.value, 1) == -4.0
    assert "(9.600.000 − 10.000.000) / 10.000.000" in r.text
    assert "Van 2020 naar 2020" not in r.text and "de prognose 2020" in r.text


def test_a_single_year_not_beside_a_document_word_stays_a_constraint_of_a_largest_change():
    intent = analyse("Hoe groot was de sterkste stijging van de besparing in 2022 ten opzichte "
                     "van het jaar ervoor?", OTHER)
    assert intent.operation == "max_change" and intent.periods == [2022]


def test_two_scenario_words_name_a_tables_columns_not_a_document_of_that_kind():
    names = {"begroting": "zeedorp-begroting-2025.pdf", "jaarstukken": "zeedorp-jaarstukken.pdf"}
    question = "Hoeveel lager waren de lasten in de rekening 2019 dan in de actuele begroting 2019?"
    intent = analyse(question, OTHER, document_names=names)
    assert set(intent.scenarios) == {"realisatie", "begroting_na_wijziging"}
    assert intent.documents == set()
    one = analyse("Wat zijn de lasten volgens de begroting?", OTHER, document_names=names)
    assert one.documents == {"zeedorp-begroting-2025.pdf"}  # one scenario word: the document


def test_a_change_per_year_between_two_years_is_the_change_over_the_years_between(
    other_store,
):
    intent, r = run("Met hoeveel stegen de lasten sociaal domein gemiddeld per jaar tussen 2023 "
                    "en 2025?", other_store, OTHER)
    assert intent.operation == "average_change"
    assert r and r.computation is not None and r.computation.value == 358_000
    assert "(6.125.000 − 5.409.000) / 2 jaar = 358.000" in r.text
    # one year apart, or no "per jaar": the plain difference
    assert analyse("Met hoeveel stegen de lasten tussen 2024 en 2025 per jaar?",
                   OTHER).operation == "difference"
    assert analyse("Met hoeveel stegen de lasten tussen 2023 en 2025?",
                   OTHER).operation == "difference"


def test_on_balance_is_no_result_asked_and_after_the_cover_asks_a_difference():
    intent = analyse("Hoeveel kost de nieuwe wet ons per saldo, na de dekking uit de leges?",
                     OTHER, {"saldo", "lasten"})
    assert "resultaat" not in intent.concepts and "=saldo" not in intent.concepts
    assert intent.operation == "difference"


def test_an_undated_row_of_several_columns_is_answered_with_all_its_cells(tmp_path_factory):
    """A risk table's row: amount, probability and weighted amount, no year columns."""
    def cell(row: str, col: str, value: float, unit: str = "EUR") -> Figure:
        return make_figure(metric="risico", entity="Zeedorp", subject=row, row_label=row,
                           col_label=col, period="", value=value, unit=unit, source="z.pdf", line=9,
                           quote=row, page=93, caption="Risico")
    store = _store(tmp_path_factory, "risks", [
        cell("Informatieveiligheid", "Bedrag impact", 2_500_000),
        cell("Informatieveiligheid", "Kans", 25, "%"),
        cell("Informatieveiligheid", "Bedrag x kans", 625_000),
        cell("Gemeentefonds", "Bedrag impact", 4_250_000),
    ])
    _, r = run("Met welk bedrag en welke kans wordt gerekend voor het risico "
               "informatieveiligheid?", store, OTHER)
    assert r and "2.500.000" in r.text and "25%" in r.text and "625.000" in r.text


def test_an_undated_risk_row_counts_for_its_budgets_year_and_a_named_fund_is_its_line(
    tmp_path_factory,
):
    """"Hoeveel ... in de begroting 2025 voor het risico Gemeentefonds?": the risk table of the
    "Begroting 2025" has no year columns; its row named by the fund (a word of a concept no
    stored figure has) answers, with all its cells."""
    def cell(row: str, col: str, value: float, unit: str = "EUR") -> Figure:
        return make_figure(metric="risico", entity="Zeedorp", subject=row, row_label=row,
                           col_label=col, period="", value=value, unit=unit,
                           source="zb.pdf", line=9, quote=row, page=93, caption="Risico",
                           origin="pdf-table")
    store = _store(tmp_path_factory, "risks2025", [
        cell("Gemeentefonds", "Bedrag impact", 4_250_000), cell("Gemeentefonds", "Kans", 10, "%"),
        cell("Informatieveiligheid", "Bedrag impact", 2_500_000),
    ])
    q = "Met welk bedrag houdt de begroting 2025 rekening voor het risico Gemeentefonds?"
    intent = analyse(q, OTHER, {f.metric for f in store.all()})
    assert "gemeentefonds" in intent.subject_terms
    r = Planner(store, OTHER, titles={"zb.pdf": "Begroting 2025 gemeente Zeedorp"}).run(intent)
    assert r and not r.abstain and "4.250.000" in r.text and "10%" in r.text
    assert r.text.startswith("Het risico van Zeedorp (Gemeentefonds)")
    other_year = analyse(q.replace("2025", "2023"), OTHER, {f.metric for f in store.all()})
    r = Planner(store, OTHER, titles={"zb.pdf": "Begroting 2025 gemeente Zeedorp"}).run(other_year)
    assert not r or r.abstain or "4.250.000" not in r.text


def test_a_change_against_a_budget_year_keeps_that_year_as_a_period():
    """"dan in de begroting 2023" is the old side of a change, not a name of the budget
    document; asked as a lookup, the year beside "begroting" still dates the document."""
    names = {"begroting": "zeedorp-begroting-2025.pdf"}
    change = analyse("Hoeveel meer kost de brandweer ons vanaf 2026 dan in de begroting 2023 "
                     "stond?", OTHER, document_names=names)
    assert change.operation == "difference" and change.periods == [2023, 2026]
    assert "stond" not in change.subject_terms  # a reporting verb, not the subject
    lookup = analyse("Wat verwacht de begroting 2023 voor de brandweer in 2026?", OTHER,
                     document_names=names)
    assert lookup.periods == [2026]


def test_a_revised_budget_against_the_outcome_keeps_to_the_asked_metric(tmp_path_factory):
    """One row of an accounts table: lasten and saldo under two scenario columns."""
    def cell(col: str, scenario: str, metric: str, raw: float) -> Figure:
        return make_figure(
            metric=metric, entity="Zeedorp", subject="P5 Sport", period="2019",
            value=raw * 1000, unit="EUR", source="zeedorp-jaarstukken.pdf", line=40,
            quote="P5 Sport", scenario=scenario, scale=1000.0, page=7, origin="pdf-table",
            col_label=f"{col} {metric}",
        )

    figs = [
        cell("Begroting actueel 2019", "begroting_na_wijziging", "saldo", -6582),
        cell("Begroting actueel 2019", "begroting_na_wijziging", "lasten", -7689),
        cell("Rekening 2019", "realisatie", "saldo", -6043),
        cell("Rekening 2019", "realisatie", "lasten", -6747),
    ]
    store = _store(tmp_path_factory, "outcome", figs)
    _, r = run("Hoeveel lager waren de lasten van P5 Sport in de rekening 2019 dan in de "
               "actuele begroting 2019?", store, OTHER)
    assert r and r.computation is not None and abs(r.computation.value) == 942_000
    # the row's own pairing, before any metric word narrowed the figures: lasten with lasten
    intent = analyse("Hoeveel lager waren de lasten in de rekening 2019 dan in de actuele "
                     "begroting 2019?", OTHER)
    old, new = Planner(store, OTHER)._scenario_pair(figs, 2019, intent)
    assert (old.metric, new.metric, old.value, new.value) == (
        "lasten", "lasten", -7_689_000, -6_747_000)


def test_without_an_asked_scenario_the_realised_figure_stands_for_a_past_year(tmp_path_factory):
    store = _store(tmp_path_factory, "realised", [
        _bbv("Resultaat", "saldo", "2019", "begroting", 194),
        _bbv("Resultaat", "saldo", "2019", "realisatie", 2504),
    ])
    _, r = run("Wat was het resultaat van Zeedorp over 2019?", store, OTHER)
    assert r and "2.504.000" in r.text and "194.000" not in r.text


def test_a_head_count_is_never_divided_by_itself(tmp_path_factory):
    store = _store(tmp_path_factory, "per_young", [
        _fig("jongeren_tot_18", "Jongeren onder 18 jaar", "2018-01-01", 5000, "aantal", line=8),
        _fig("tekort", "Jeugdhulp", "2018", -2_500_000, line=30, scenario="realisatie"),
    ])
    _, r = run("What was Zeedorp's youth care deficit per young person under 18 in 2018?",
               store, OTHER)
    assert r and r.computation is not None and r.computation.value == 500
    assert "2.500.000 / 5.000 = 500" in r.text


def test_a_largest_change_within_years_the_documents_barely_give_is_not_made_up(per_head_store):
    _, r = run("In welk jaar tussen 2023 en 2025 groeit het verwachte financiële effect het "
               "sterkst ten opzichte van het jaar ervoor?", per_head_store, OTHER)
    assert r is not None and r.abstain and "2024, 2025" in r.reason


def test_conversational_verbs_are_neither_subject_nor_focus():
    from assistant.answer import focus_words

    intent = analyse("Hoeveel dachten we in 2024 met de besparingen binnen te halen, en hoeveel "
                     "scheelt dat met 2023?", OTHER)
    assert "dachten" not in intent.subject_terms and intent.operation == "difference"
    assert "dachten" not in focus_words("hoeveel dachten we binnen te halen?")



@pytest.fixture(scope="module")
def investment_store(tmp_path_factory):
    """An investment table (whole euros, a total column and a total line) beside a budget
    table of the same programme, whose larger figures a question about the first must not
    take."""

    def cell(row: str, col: str, period: str, value: float, caption: str, metric: str):
        return make_figure(metric=metric, entity="Zeedorp", subject=row, row_label=row,
                           col_label=col, period=period, value=value, unit="EUR",
                           source="zeedorp-begroting.pdf", line=30, quote=f"{row} {value}",
                           page=40, caption=caption, origin="pdf-table")

    invest = "Tabel 5.2 - Investeringen P5 Openbare ruimte"
    figs = []
    for row, values in [("Vervanging gemalen", (100_000, 300_000, 400_000)),
                        ("Renovatie speelplaatsen", (50_000, 150_000, 200_000)),
                        ("Totaal", (150_000, 450_000, 600_000))]:
        for (col, period), v in zip([("Begroting 2025", "2025"), ("Begroting 2026", "2026"),
                                     ("Totale investering", "")], values, strict=True):
            figs.append(cell(row, col, period, v, invest, "investering"))
    for period, v in [("2025", 9_000_000), ("2026", 9_500_000)]:
        figs.append(cell("Lasten", f"Begroting {period}", period, v,
                         "Tabel 5.3 - Baten en lasten P5 Openbare ruimte", "lasten"))
    return _store(tmp_path_factory, "investments", figs)


def test_a_named_table_sums_its_total_line_and_gives_a_lines_share(investment_store):
    intent, r = run("Hoeveel bedragen de kredieten van tabel 5.2 in 2025-2026 bij elkaar?",
                    investment_store, OTHER)
    assert intent.table == "5.2" and "tabel" not in intent.subject_terms
    assert r and "150.000 + 450.000 = 600.000" in r.text
    # a line's share of the table's total investment (the total column of the total line)
    _, share_of = run("Welk deel van de totale investering in Tabel 5.2 betreft de renovatie "
                      "van de speelplaatsen?", investment_store, OTHER)
    assert share_of and share_of.computation is not None
    assert "200.000 / 600.000 × 100 = 33,3%" in share_of.text


def test_a_named_table_looks_up_a_lines_total_column(investment_store):
    _, r = run("Welk totaalbedrag staat in tabel 5.2 voor het vervangen van gemalen?",
               investment_store, OTHER)
    assert r and "€ 400.000" in r.text and "9.000.000" not in r.text
    # "welke investering staat in tabel ..." asks a figure, though it starts like a fact question
    intent, r = run("Welke totale investering is in tabel 5.2 opgenomen voor de renovatie van de "
                    "speelplaatsen?", investment_store, OTHER)
    assert intent.kind == "numeric" and r and "€ 200.000" in r.text


def test_a_share_of_a_deficit_is_of_its_size(home_store):
    """A deficit is stored negative; the part it holds is a share of its size, never a
    negative percentage or 'a share of € -2.096.921'."""
    _, r = run("Hoeveel procent van het tekort van 2017 kon met de vereveningsbijdrage worden "
               "betaald?", home_store, HOME)
    assert r and r.computation is not None and 0 < r.computation.value <= 100
    assert "-" not in r.text.split(":")[0]


def test_a_plain_amount_is_named_by_its_own_line(tmp_path_factory):
    """The line that names the question's words best ("... eigen vermogen ... balanstotaal" of
    a participation, another year) is not the one the share uses: the sentence names the
    figure it states."""

    def amount(subject: str, period: str, value: float, line: int) -> Figure:
        return make_figure(metric="bedrag", entity="Zeedorp", subject=subject, row_label=subject,
                           period=period, value=value, unit="EUR", source="jaarstukken.pdf",
                           line=line, quote=f"{subject} {value}", page=6, origin="pdf-table")

    store = _store(tmp_path_factory, "balance", [
        amount("Eigen vermogen", "2018", 64_000_000, 1),
        amount("Eigen vermogen", "2019", 60_000_000, 1),
        amount("Totaal activa", "2019", 90_000_000, 2),
        amount("Afvalbedrijf: eigen vermogen en balanstotaal van de deelneming", "2025",
               5_000_000, 3),
    ])
    _, r = run("Welk deel van het balanstotaal eind 2019 bestond uit eigen vermogen?",
               store, OTHER)
    assert r and r.computation is not None and "66,7%" in r.text
    assert "Afvalbedrijf" not in r.text and "(Eigen vermogen)" in r.text
    # a sentence that does not go through describe() (a change between years) is named
    # after the line it states as well
    from assistant.plans import PlanResult, _own_line_named

    figs = [f for f in store.all() if f.subject == "Eigen vermogen"]
    result = PlanResult()
    result.say("Het bedrag (Afvalbedrijf) van Zeedorp daalde met € 4.000.000.", figs)
    _own_line_named(result, "het bedrag (Afvalbedrijf)")
    assert result.text == "Het bedrag (Eigen vermogen) van Zeedorp daalde met € 4.000.000."


def test_a_share_takes_the_total_line_of_the_parts_own_column(tmp_path_factory):
    """Budget and forecast columns with a total line, and a forecast result (the total's
    change) of another metric: the forecast line's share is of the forecast total, not of
    the like-named result."""

    def fig(metric: str, subject: str, value: float, line: int) -> Figure:
        return make_figure(metric=metric, entity="Zeedorp", subject=subject, period="2020",
                           value=value, unit="EUR", source="rapportage.txt", line=line,
                           quote=f"{subject} {value}", origin="curated")

    store = _store(tmp_path_factory, "columns", [
        fig("begroting", "Wmo", 4_000_000, 1), fig("prognose", "Wmo", 3_800_000, 1),
        fig("begroting", "Jeugd", 6_000_000, 2), fig("prognose", "Jeugd", 6_200_000, 2),
        fig("begroting", "Sociaal domein totaal", 10_000_000, 3),
        fig("prognose", "Sociaal domein totaal", 10_000_000, 3),
        fig("prognose_resultaat", "Sociaal domein totaal", 400_000, 9),
    ])
    _, r = run("Hoeveel procent van het totaal van ons sociaal domein was jeugd volgens de "
               "prognose 2020?", store, OTHER)
    assert r and r.computation is not None
    assert "6.200.000 / 10.000.000 × 100 = 62,0%" in r.text


def test_a_total_asked_without_years_is_the_lines_total_column(tmp_path_factory):
    """An investment whose credit was partly granted before the budget years: its year
    columns do not add up to it; the total column states it."""

    def cell(col: str, period: str, value: float) -> Figure:
        return make_figure(metric="investering", entity="Zeedorp", subject="Herinrichting plein",
                           row_label="Herinrichting plein", col_label=col, period=period,
                           value=value, unit="EUR", source="zeedorp-begroting.pdf", line=12,
                           quote=f"Herinrichting plein {value}", page=40, origin="pdf-table",
                           caption="Tabel 4.2 - Investeringen P4")

    store = _store(tmp_path_factory, "total-column", [
        cell("Totaal beschikbaar gesteld krediet", "", 500_000),
        cell("Begroting 2025", "2025", 250_000),
        cell("Begroting 2026", "2026", 150_000),
        cell("Totale investering", "", 900_000),
    ])
    _, r = run("Wat kost de herinrichting van het plein ons in totaal aan investering?",
               store, OTHER)
    assert r and "€ 900.000" in r.text and "400.000" not in r.text


def test_abbreviated_line_names_and_year_ranges_are_read_as_meant(tmp_path_factory):
    """A balance sheet writes "R/C verhouding met het Rijk" for the current account; a year
    range "2018-2019" is no "18-" (under eighteen)."""

    rows = [("R/C verhouding met het Rijk", "2018", 16_569_000),
            ("R/C verhouding met het Rijk", "2019", 32_834_000),
            ("Overige vorderingen", "2018", 22_947_000), ("Overige vorderingen", "2019", 4_040_000)]
    store = _store(tmp_path_factory, "balance-rc", [
        make_figure(metric="bedrag", entity="Zeedorp", subject=name, row_label=name, period=year,
                    value=value, unit="EUR", source="jaarstukken.pdf", line=5, page=5,
                    quote=f"{name} {value}", origin="pdf-table") for name, year, value in rows
    ])
    _, r = run("Hoeveel hoger stond de rekening-courant bij het Rijk eind 2019 dan eind 2018?",
               store, OTHER)
    assert r and "32.834.000 − 16.569.000 = 16.265.000" in r.text
    intent = analyse("Wat was het budget van de pilot voor 2018-2019?", OTHER, set())
    assert "minderjarigen" not in intent.subject_terms
    under_18 = analyse("Wat kost de zorg voor 18- in 2019?", OTHER, set())
    assert "minderjarigen" in under_18.subject_terms



def test_two_series_summed_over_a_span_and_their_difference(tmp_path_factory):
    """"Hoeveel hoger lag A over die jaren in totaal dan B?": each sum written out, then the
    difference of the sums; never one series' change between the first and last year."""

    def fig(metric: str, period: str, value: float) -> Figure:
        return make_figure(metric=metric, entity="Zeedorp", period=period, value=value,
                           unit="EUR", source="zeedorp.txt", line=int(period) - 2000,
                           quote=f"{metric} {period} {value}", origin="curated")

    store = _store(tmp_path_factory, "two-series", [
        fig("integratie_uitkering", "2015", 1_000_000), fig("budget", "2015", 900_000),
        fig("integratie_uitkering", "2016", 1_100_000), fig("budget", "2016", 1_000_000),
        fig("integratie_uitkering", "2017", 1_200_000), fig("budget", "2017", 1_150_000),
    ])
    intent, r = run("Hoeveel hoger lag de integratie-uitkering over 2015 tot en met 2017 in "
                    "totaal dan het budget in die jaren?", store, OTHER)
    assert intent.operation == "difference" and len(intent.concepts) == 2
    assert r and r.computation is not None and r.computation.value == 250_000
    assert "3.300.000 − 3.050.000 = 250.000" in r.text


def test_an_amount_shared_by_a_count_the_asker_states(other_store):
    """"als je dat over vier teams verdeelt": the amount divided by the stated count, written
    out and marked as rounded; without a dividing word the count is no operation."""
    intent, r = run("Als je de impulsregeling per jaar gelijk over vier teams verdeelt, hoeveel "
                    "krijgt elk team dan?", other_store, OTHER)
    assert intent.operation == "divide" and intent.divisor == 4
    assert r and "150.000 / 4 = 37.500" in r.text
    intent, r = run("De impulsregeling is voor vier teams; als je dat gelijk verdeelt, wat "
                    "krijgt elk team per jaar?", other_store, OTHER)
    assert intent.operation == "divide" and r and "150.000 / 4 = 37.500" in r.text
    intent, _ = run("Hoeveel bedraagt de impulsregeling voor de vier teams per jaar?",
                    other_store, OTHER)
    assert intent.operation != "divide"


def test_a_count_on_1_january_stands_for_the_end_of_the_year_before(tmp_path_factory):
    store = _store(tmp_path_factory, "jan1", [
        make_figure(metric="inwoners", entity="Zeedorp", period="2019-01-01", value=35_681,
                    unit="aantal", source="visitatie.txt", line=4,
                    quote="35.681 inwoners (1 januari 2019)"),
    ])
    _, r = run("Hoeveel inwoners had Zeedorp eind 2018?", store, OTHER)
    assert r and not r.abstain and "35.681" in r.text
    _, r = run("Hoeveel inwoners had Zeedorp eind 2016?", store, OTHER)
    assert r and r.abstain


def test_one_years_change_on_a_balance_sheet_is_against_the_year_before(tmp_path_factory):
    """"Met hoeveel groeiden de voorzieningen in 2019?": the balance sheet's end of 2019 against
    its end of 2018, with the change as a percentage; a budget table's like-named metric that
    lacks 2019 does not answer it."""
    def line(subject: str, metric: str, period: str, raw: float, scenario: str) -> Figure:
        return make_figure(metric=metric, entity="Zeedorp", subject=subject, period=period,
                           value=raw * 1000, unit="EUR", source="zeedorp-jaarstukken.pdf",
                           line=20 if period == "2019" else 21, quote=f"{subject} {raw}",
                           scenario=scenario, scale=1000.0, page=5, origin="pdf-table")
    store = _store(tmp_path_factory, "balance", [
        line("Voorzieningen", "bedrag", "2019", 18_904, "realisatie"),
        line("Voorzieningen", "bedrag", "2018", 18_064, "realisatie"),
        line("Eigen vermogen", "bedrag", "2019", 60_782, "realisatie"),
        line("Eigen vermogen", "bedrag", "2018", 64_514, "realisatie"),
        *[make_figure(metric="voorziening", entity="Zeedorp", subject="Voorzieningen",
                      period=str(y), value=17_000_000 + y, unit="EUR",
                      source="zeedorp-begroting.pdf", line=90, quote="Voorzieningen",
                      scenario="begroting") for y in (2025, 2026)],
    ])
    _, r = run("Met hoeveel zijn de voorzieningen van Zeedorp in 2019 gegroeid?", store, OTHER)
    assert r and not r.abstain
    assert "18.904.000 − 18.064.000 = 840.000" in r.text
    assert "4,7% meer" in r.text


def test_the_tail_of_a_hyphenated_compound_is_its_name_not_an_operation():
    """"de cao-stijging" is the thing asked about; only a question that names two years can
    ask for the change itself."""
    assert analyse("Wat kost de cao-stijging ons in 2025?", OTHER).operation != "difference"
    assert analyse("Wat kosten de cao-stijging en de huur samen in 2025?",
                   OTHER).operation == "sum"
    assert analyse("Hoeveel hoger was de cao-stijging in 2025 dan in 2024?",
                   OTHER).operation == "difference"


def test_a_cost_coverage_column_answers_whether_fees_cover_their_costs(tmp_path_factory):
    """"Dekken de leges voor X hun kosten?" asks the fees table's coverage column for line X,
    though the question has no "hoeveel" and no percentage word."""
    def cell(line: str, col: str, metric: str, value: float, unit: str) -> Figure:
        return make_figure(metric=metric, entity="Zeedorp", subject=line, row_label=line,
                           col_label=col, period="2025", value=value, unit=unit,
                           source="zeedorp.pdf",
                           line=30 if line == "Huwelijken" else 31, quote=f"{line} ...",
                           page=80, origin="pdf-table")
    store = _store(tmp_path_factory, "leges", [
        cell("Huwelijken", "Kosten", "kosten", 80_000, "EUR"),
        cell("Huwelijken", "baten", "baten", 100_000, "EUR"),
        cell("Huwelijken", "kostendek.", "percentage", 125.0, "%"),
        cell("Paspoorten", "kostendek.", "percentage", 90.0, "%"),
    ])
    intent, r = run("Dekken de leges voor huwelijken bij Zeedorp hun kosten?", store, OTHER)
    assert intent.kind == "numeric"
    assert r and "125%" in r.text and "Huwelijken" in r.text
    # a line the column does not name: the column answers nothing (the text may say it)
    _, r = run("Dekken de leges voor begraven bij Zeedorp hun kosten?", store, OTHER)
    assert r is None or not any(v in r.text for v in ("125%", "90%"))


def test_a_column_stored_under_the_asked_scenarios_name_holds_the_spending(tmp_path_factory):
    """A forecast table stores its columns as metrics "begroting" and "prognose": asked for the
    spending in the forecast, the "prognose" line of the asked subject answers."""
    def cell(metric: str, value: float) -> Figure:
        return make_figure(metric=metric, entity="Zeedorp", subject="Jeugd", period="2020",
                           value=value, unit="EUR", source="zeedorp-rapportage.txt", line=12,
                           quote=f"Jeugd {value}", origin="parser")
    store = _store(tmp_path_factory, "forecast", [
        cell("begroting", 9_500_000), cell("prognose", 9_940_000),
        make_figure(metric="uitgaven", entity="Zeedorp", subject="Jeugd", period="2019",
                    value=9_100_000, unit="EUR", source="zeedorp-rapportage.txt", line=4,
                    quote="Jeugd 9.100.000", scenario="realisatie"),
    ])
    _, r = run("Hoeveel bedroegen de jeugduitgaven van Zeedorp volgens de eindejaarsprognose "
               "2020?", store, OTHER)
    assert r and not r.abstain and "9.940.000" in r.text


def test_a_benchmark_rows_other_columns_stand_beside_the_asked_figure(tmp_path_factory):
    """"Hoe verhoudt dat zich tot de controlegroepen?": the answered row's values of the other
    governments, each named; without such words only the asked figure is given."""
    def cell(entity: str, value: float, period: str = "2018") -> Figure:
        return make_figure(metric="uitgaven_per_inwoner_wijkteams", entity=entity, period=period,
                           value=value, unit="EUR/inwoner", source="zeedorp-visitatie.txt",
                           line=40, quote="6.2 Wijkteams 38 46,4 55,1", origin="curated")
    store = _store(tmp_path_factory, "bench", [
        cell("Zeedorp", 38.0), cell("gemeenten 20.000-50.000 inwoners", 46.4),
        cell("Nederland", 55.1, "2017"),
    ])
    _, r = run("Hoe verhouden de uitgaven per inwoner van Zeedorp aan wijkteams in 2018 zich tot "
               "die van de controlegroepen?", store, OTHER)
    assert r and "38" in r.text
    assert "46,4 per inwoner (gemeenten 20.000-50.000 inwoners)" in r.text
    assert "55,1 per inwoner (Nederland, 2017)" in r.text
    _, r = run("Wat waren de uitgaven per inwoner van Zeedorp aan wijkteams in 2018?", store, OTHER)
    assert r and "46,4" not in r.text


def test_the_line_of_a_named_table_that_rose_or_fell_most(tmp_path_factory):
    """"Welk onderdeel in Tabel 3.4 stijgt tussen 2025 en 2027 het meest?": each line's change
    over the asked years, the largest rise (or fall, asked for a drop); the total line is no
    candidate."""
    def cell(line: str, year: int, raw: float) -> Figure:
        return make_figure(metric="bedrag", entity="Zeedorp", subject=line, row_label=line,
                           period=str(year), value=raw * 1000, unit="EUR", scale=1000.0,
                           source="zeedorp.pdf", line=60, quote=f"{line} {raw}", page=70,
                           origin="pdf-table",
                           caption="Tabel 3.4 - Onderhoud kapitaalgoederen (x € 1.000)")
    figs = []
    for line, a, b in [("Bruggen", 200, 260), ("Riolering", 900, 1100), ("Groen", 400, 350),
                       ("Totaal", 1500, 1710)]:
        figs += [cell(line, 2025, a), cell(line, 2027, b)]
    store = _store(tmp_path_factory, "tbl34", figs)
    _, r = run("Welk onderdeel laat in Tabel 3.4 de grootste stijging zien tussen 2025 en 2027?",
               store, OTHER)
    assert r and "Riolering" in r.text and "200.000" in r.text
    _, r = run("Welk onderdeel laat in Tabel 3.4 de grootste daling zien tussen 2025 en 2027?",
               store, OTHER)
    assert r and "Groen" in r.text and "50.000" in r.text


def test_the_spent_part_of_a_credit_is_the_credit_minus_what_is_still_to_be_spent(
        tmp_path_factory):
    """An investment table's row gives the credit made available and what is still to be
    spent: "hoeveel van het krediet is al uitgegeven" is their difference and its share; "nog
    te besteden" asks the other share; a question without a credit word is not read so."""
    def cell(line: str, col: str, value: float, period: str = "") -> Figure:
        return make_figure(metric="investering", entity="Zeedorp", subject=line, row_label=line,
                           col_label=col, period=period, value=value, unit="EUR",
                           source="zeedorp.pdf", line=50, quote=f"{line} ...", page=54,
                           origin="pdf-table", caption="Tabel 4.2 - Investeringen")
    store = _store(tmp_path_factory, "credit", [
        cell("Sporthal Noord", "Totaal beschikbaar gesteld krediet", 2_000_000),
        cell("Sporthal Noord", "Nog te besteden (peildatum mei 2024)", 500_000, "2024"),
        cell("Sporthal Noord Inrichting", "Totaal beschikbaar gesteld krediet", 100_000),
        cell("Sporthal Noord Inrichting", "Nog te besteden (peildatum mei 2024)", 100_000,
             "2024"),
    ])
    _, r = run("Hoeveel van het krediet voor Sporthal Noord is al uitgegeven?", store, OTHER)
    assert r and "1.500.000" in r.text and "75,0%" in r.text and "peildatum mei 2024" in r.text
    _, r = run("Welk deel van het krediet voor Sporthal Noord is nog te besteden?", store, OTHER)
    assert r and "25,0%" in r.text
    _, r = run("Welk deel van het krediet voor Sporthal Noord moest in mei nog worden besteed?",
               store, OTHER)
    assert r and "25,0%" in r.text  # "besteed" with "nog worden": what is left
    _, r = run("Hoeveel is er aan Sporthal Noord uitgegeven?", store, OTHER)
    assert not r or "75,0%" not in r.text


@pytest.fixture(scope="module")
def per_inhabitant_store(tmp_path_factory):
    """A benchmark table of running text, one metric per line
    (``uitgaven_per_inwoner_<line>``), its total line ``..._zorgdomein`` first, for the home
    municipality and the country; beside it a plain spending amount of the same document."""

    def line(metric: str, entity: str, value: float) -> Figure:
        return make_figure(metric=f"uitgaven_per_inwoner_{metric}", entity=entity,
                           period="2018", value=value, unit="EUR/inwoner",
                           source="zeedorp-visitatie.txt", line=30, quote=f"{metric} {value}")

    figs = [line(m, e, v) for e, vals in (("Zeedorp", (800.0, 120.0, 40.0)),
                                          ("Nederland", (1000.0, 150.0, 60.0)))
            for m, v in zip(("zorgdomein", "huishoudelijke_hulp", "vervoer"), vals, strict=True)]
    figs.append(make_figure(metric="uitgaven", entity="Zeedorp", period="2018",
                            value=11_000_000, unit="EUR", source="zeedorp-visitatie.txt",
                            line=50, quote="uitgaven € 11.000.000"))
    return _store(tmp_path_factory, "per_inhabitant", figs)


def test_a_share_of_what_is_spent_per_inhabitant_takes_the_named_line(per_inhabitant_store):
    # "wat we per inwoner uitgeven" is one metric, not euros against euros per inhabitant;
    # the whole is the line the question names, though it does not say "totaal"
    intent, r = run("Welk deel van wat we per inwoner aan het zorgdomein uitgeven gaat naar "
                    "vervoer?", per_inhabitant_store, OTHER)
    assert intent.operation == "share"
    assert r and r.computation is not None and "40 / 800 × 100 = 5" in r.text


def test_a_comparison_per_inhabitant_takes_the_named_line_of_each_side(per_inhabitant_store):
    # "less per resident" is the per-inhabitant metric compared between two sides; of the
    # lines of running text, the one whose metric names the subject is each side's
    for question in ("How much less per resident did we spend on the care domain "
                     "(zorgdomein) in 2018 than the Netherlands?",
                     "Hoeveel minder gaven we in 2018 per inwoner uit aan het zorgdomein dan "
                     "Nederland?"):
        intent, r = run(question, per_inhabitant_store, OTHER)
        assert intent.operation == "compare", question
        assert r and r.computation is not None and "800 − 1.000" in r.text, question


def test_two_stated_rates_asked_how_much_higher_is_a_relative_change():
    # both sides are named governments, but the question gives both numbers: the computation
    # asked is the relative difference between them, not a lookup of each side
    intent = analyse("Zeedorp zit op 14,4% tegen 9,6% in Duinwijk. Hoeveel procent hoger ligt "
                     "Zeedorp?", OTHER)
    assert intent.operation == "growth"
    assert analyse("How much higher is the Zeedorp rate of 14.4% than the 9.6% of Duinwijk, "
                   "in relative terms?", OTHER).operation == "growth"


def test_a_rate_per_thousand_the_asker_states_is_applied_to_its_head_count(tmp_path_factory):
    """"13 trajecten per 1000 jongeren: om hoeveel trajecten gaat het?": the rate times the
    count of the group it is per (the young people, not all inhabitants); a dated head count
    before a rounded undated one."""
    def count(metric: str, period: str, value: float, line: int) -> Figure:
        return make_figure(metric=metric, entity="Zeedorp", period=period, value=value,
                           unit="aantal", source="zeedorp-visitatie.txt", line=line,
                           quote=f"{metric} {value}")
    store = _store(tmp_path_factory, "rates", [
        count("inwoners", "", 30_000, 3), count("inwoners", "2019-01-01", 29_500, 9),
        count("jongeren_tot_18", "2018-01-01", 5_000, 12),
    ])
    intent, r = run("De visitatie noemt 13 trajecten met verblijf per 1000 jongeren bij ons. Over "
                    "hoeveel trajecten gaat het dan ongeveer?", store, OTHER)
    assert intent.operation == "percent_of" and intent.rate == (13, 1000)
    assert r and "13 per 1.000" in r.text and "5.000" in r.text and "65" in r.text
    _, r = run("If there are 17 recipients per 1,000 inhabitants, roughly how many people in "
               "Zeedorp is that?", store, OTHER)
    assert r and "29.500" in r.text and "502" in r.text  # 29.500 × 17 / 1.000 = 501,5


def test_sums_over_a_span_compared_take_every_year_of_the_span(tmp_path_factory):
    """"Hoeveel meer gaven we over 2015 t/m 2018 in totaal uit dan we aan IU ontvingen?": each
    line summed over all four years, then the difference of the sums."""
    def cell(metric: str, label: str, year: int, value: float) -> Figure:
        return make_figure(metric=metric, entity="Zeedorp", period=str(year), value=value,
                           unit="EUR", source="zeedorp-agenda.txt", line=20, row_label=label,
                           quote=f"{label} {value}", scenario="realisatie")
    figs = [cell("uitgaven", "Uitgaven", y, v) for y, v in
            zip(range(2015, 2019), (100, 110, 120, 130), strict=True)]
    figs += [cell("integratie_uitkering", "IU jeugdzorg", y, v) for y, v in
             zip(range(2015, 2019), (90, 95, 100, 105), strict=True)]
    # a sentence's rounded figure of one of the years, about a named line
    figs.append(make_figure(metric="uitgaven", entity="Zeedorp", subject="Jeugdhulp",
                            period="2015", value=100, unit="EUR", source="zeedorp-agenda.txt",
                            line=5, quote="In 2015 ging € 100 naar jeugdhulp."))
    store = _store(tmp_path_factory, "sums", figs)
    _, r = run("Hoeveel heeft Zeedorp over de jaren 2015 tot en met 2018 in totaal meer aan "
               "jeugdzorg uitgegeven dan het aan integratie-uitkering ontving?", store, OTHER)
    assert r and r.computation is not None and "460 − 390 = 70" in r.text


def test_no_difference_between_a_count_and_an_amount(tmp_path_factory):
    """A table read without its scale holds plain numbers; beside an amount in euros of
    another year they are no series: the change between them is not computed."""
    store = _store(tmp_path_factory, "units", [
        make_figure(metric="voorziening", entity="Zeedorp", subject="Voorzieningen",
                    period="2018", value=18_064_000, unit="EUR", source="rekening.pdf",
                    line=3, quote="Voorzieningen 18.064"),
        make_figure(metric="voorziening", entity="Zeedorp", subject="Totaal voorzieningen",
                    period="2028", value=17_605, unit="aantal", source="begroting.pdf",
                    line=9, quote="Totaal voorzieningen 17.605"),
    ])
    _, r = run("Hoeveel groeien de voorzieningen van Zeedorp tot 2028?", store, OTHER)
    assert r is None or r.computation is None


def test_an_operation_word_inside_a_concepts_name_asks_no_operation():
    # "balanstotaal" and "balance sheet total" name one figure; "the 2025 budget" dates the
    # document, so the year asked is the other one
    docs = {"begroting": "zeedorp-begroting-2025.pdf"}
    intent = analyse("Hoe groot is het balanstotaal van Zeedorp eind 2026?", OTHER)
    assert intent.operation == "lookup" and intent.concepts == ["balanstotaal"]
    intent = analyse("What is the balance sheet total of Zeedorp at the end of 2026 according "
                     "to the 2025 budget?", OTHER, document_names=docs)
    assert intent.operation == "lookup" and intent.periods == [2026]
    assert analyse("Hoeveel zijn de totale lasten van Zeedorp in 2025 samen?",
                   OTHER).operation == "sum"


def test_a_listed_items_shared_head_names_the_later_items_line(tmp_path_factory):
    """"het pgb in de Wmo en de jeugdhulp samen": "pgb" heads both items, so the second is
    the line "PGB Jeugd" ("jeugd" + "hulp", a word the labels use), not one of the lines that
    only say "jeugdhulp"."""
    store = _store(tmp_path_factory, "pgb", [
        _bbv(line, "lasten", "2025", "begroting", raw) for line, raw in
        (("PGB Wmo", 180), ("PGB Jeugd", 175), ("Jeugdhulp ambulant", 900),
         ("Jeugdhulp met verblijf", 700), ("Huishoudelijke hulp", 400))
    ])
    _, r = run("Wat zijn in 2025 de lasten van het pgb in de Wmo en de jeugdhulp samen?",
               store, OTHER)
    assert r and r.computation is not None and "355.000" in r.text, r and r.text


def test_a_listed_sum_asked_as_budgeted_takes_the_lines_of_the_related_concept(
        tmp_path_factory):
    """"Hoeveel is er begroot voor X en Y samen?" asks a budget; a budget table states its
    lines as "lasten". The listed lines come from that related concept, both of them, not
    the single best line."""
    store = _store(tmp_path_factory, "pgb-begroot", [
        _bbv(line, "lasten", "2025", "begroting", raw) for line, raw in
        (("PGB Wmo", 180), ("PGB Jeugd", 175), ("Jeugdhulp ambulant", 900),
         ("Huishoudelijke hulp", 400))
    ])
    intent, r = run("Hoeveel is er in 2025 begroot voor persoonsgebonden budgetten (pgb) in de "
                    "Wmo en de jeugdhulp samen?", store, OTHER)
    assert "budget" in intent.concepts
    assert r and r.computation is not None and "355.000" in r.text, r and r.text


def test_the_row_with_the_largest_gap_between_two_sides(tmp_path_factory):
    """"Op welk onderdeel gaf Zeedorp het meest minder uit dan Nederland?": per row of the
    benchmark table the home figure minus the country's; the total row is no onderdeel."""
    def cell(line: str, entity: str, value: float, row: int, quote: str) -> Figure:
        return make_figure(metric=f"uitgaven_per_inwoner_{line}", entity=entity, period="2018",
                           value=value, unit="EUR/inwoner", source="zeedorp-visitatie.txt",
                           line=row, quote=quote, origin="curated")
    rows = [("wijkteams", 40.0, 55.0), ("vervoer", 30.0, 90.0), ("jeugdhulp", 260.0, 210.0)]
    figs = [cell(name, e, v, 10 + k, f"{name} {a} {b}")
            for k, (name, a, b) in enumerate(rows) for e, v in (("Zeedorp", a), ("Nederland", b))]
    figs += [cell("zorgdomein", "Zeedorp", 330.0, 20, "Totaal 330 355"),
             cell("zorgdomein", "Nederland", 355.0, 20, "Totaal 330 355")]
    store = _store(tmp_path_factory, "gaps", figs)
    _, r = run("Op welk onderdeel gaf Zeedorp in 2018 per inwoner het meest minder uit dan "
               "Nederland?", store, OTHER)
    assert r and r.computation is not None and "vervoer" in r.text and "60" in r.text, r and r.text
    _, r = run("Op welk onderdeel gaf Zeedorp in 2018 per inwoner het meest meer uit dan "
               "Nederland?", store, OTHER)
    assert r and "jeugdhulp" in r.text and "50" in r.text, r and r.text


def test_a_compound_of_a_stored_metric_and_a_concept_word_is_that_metric():
    # "investeringsuitgaven": the store's "investering" lines, not every spending line
    intent = analyse("Hoeveel investeringsuitgaven zijn voor het raadhuis gepland in 2026?", OTHER,
                     {"investering", "lasten", "baten"})
    assert intent.concepts == ["=investering"]
    assert analyse("Hoeveel uitgaven zijn voor het raadhuis gepland in 2026?", OTHER,
                   {"investering", "lasten"}).concepts == ["uitgaven"]


def test_a_running_text_figures_line_is_named_from_its_metric():
    from assistant.plans import _metric_line

    assert _metric_line("uitgaven_per_inwoner_inkomensregelingen") == "inkomensregelingen"
    assert _metric_line("uitgaven_per_inwoner_maatwerkdienstverlening_18min") == \
        "maatwerkdienstverlening 18-"
    assert _metric_line("uitgaven") == ""  # a bare metric names no line


def test_a_line_named_opbrengst_is_income(tmp_path_factory):
    """A tax table's "netto opbrengst" line is stored as a plain amount; asked for the income
    ("de opbrengst") its change over the years is computed from it, not from another table."""
    lines = {("netto opbrengst", "bedrag", "raming"): (25801, 28185),
             ("Totaal baten", "baten", "begroting"): (95433, 93255)}
    store = _store(tmp_path_factory, "opbrengst", [
        _bbv(line, metric, year, scenario, raw)
        for (line, metric, scenario), values in lines.items()
        for year, raw in zip(("2024", "2025"), values, strict=True)
    ])
    _, r = run("Met hoeveel procent stijgt de netto opbrengst van de belastingen van 2024 naar "
               "2025?", store, OTHER)
    assert r and r.computation is not None and "9,2%" in r.text, r and r.text


def test_a_comparison_with_the_peers_gives_their_values_on_the_same_row(tmp_path_factory):
    # "geven wij minder uit dan de rest?": no other side named, the peers of the benchmark row
    # stand beside the home figure (never a table row quoted as prose)
    def cell(entity: str, value: float) -> Figure:
        return make_figure(metric="uitgaven_per_inwoner_wijkteams", entity=entity,
                           period="2018", value=value, unit="EUR/inwoner",
                           source="zeedorp-visitatie.txt", line=40,
                           quote="6.2 Wijkteams 38 46,4 55,1", origin="curated")
    store = _store(tmp_path_factory, "peers", [cell("Zeedorp", 38.0), cell("Nederland", 55.1),
                                               cell("gemeenten 20.000-50.000 inwoners", 46.4)])
    intent, r = run("Geven wij per inwoner minder uit aan wijkteams dan de rest?", store, OTHER)
    assert intent.operation == "compare"
    assert r and "38" in r.text and "46,4" in r.text and "55,1" in r.text, r and r.text


def test_share_of_two_lines_added_together_is_their_sum_over_the_total_that_holds_it(
        tmp_path_factory):
    """"Welk deel van de baten komt uit A en B samen?": the part is the two listed lines added
    up (one table, one year), the whole the total line that holds them, not one line alone."""
    figs = [
        _bbv("Parkeerbelasting", "baten", "2025", "begroting", 3000),
        _bbv("Toeristenbelasting", "baten", "2025", "begroting", 1000),
        _bbv("Leges", "baten", "2025", "begroting", 2000),
        _bbv("Totaal programma's", "baten", "2025", "begroting", 20000),
    ]
    store = _store(tmp_path_factory, "listed", figs)
    _, r = run("Welk deel van de baten in 2025 komt uit de parkeerbelasting en de "
               "toeristenbelasting samen?", store, OTHER)
    assert r.computation is not None
    assert r.computation.value == 20.0
    assert "3.000.000 + 1.000.000 = 4.000.000" in r.text
    assert "4.000.000 / 20.000.000 × 100 = 20,0%" in r.text
    _, one = run("Welk deel van de baten in 2025 komt uit de parkeerbelasting?", store, OTHER)
    assert one.computation is not None and one.computation.value == 15.0


def test_a_sum_over_years_takes_the_line_that_gives_every_year_when_the_best_named_lacks_some(
        tmp_path_factory):
    """A report names "Zwembad" with two years only; another document's table gives the pool's
    costs for every year of the asked range: the sum is over that complete line, not an
    abstention for the years the first line lacks."""
    def fig(subject, period, value, source):
        return make_figure(metric="uitgaven", entity="Zeedorp", subject=subject, period=period,
                           value=value, unit="EUR", source=source, line=5,
                           quote=f"{subject} {period} {value}")

    figs = [fig("Zwembad", "2020", 100.0, "rapport.txt"),
            fig("Zwembad", "2023", 130.0, "rapport.txt"),
            *[fig("Kosten zwembad", str(y), v, "nota.txt")
              for y, v in zip(range(2020, 2024), (100.0, 110.0, 120.0, 130.0), strict=True)]]
    store = _store(tmp_path_factory, "complete", figs)
    _, r = run("Hoeveel gaf Zeedorp van 2020 t/m 2023 bij elkaar uit aan het zwembad?", store,
               OTHER)
    assert r is not None and r.computation is not None
    assert r.computation.formula == "100 + 110 + 120 + 130 = 460"


def test_a_listed_word_that_every_other_line_says_heads_them_and_is_not_added(tmp_path_factory):
    """"de handhaving, parkeren en milieu samen": when the lines found for "parkeren" and
    "milieu" are "Handhaving parkeren" and "Handhaving milieu", the first word is their shared
    head; a "Handhaving" line of another document is not added on top."""
    def fig(subject, value, source):
        return make_figure(metric="besparing", entity="Zeedorp", subject=subject, period="2024",
                           value=value, unit="EUR", source=source, line=5,
                           quote=f"{subject} {value}")

    store = _store(tmp_path_factory, "head", [
        fig("Handhaving", 500.0, "agenda.txt"),
        fig("Handhaving parkeren", 130.0, "rapportage.txt"),
        fig("Handhaving milieu", 140.0, "rapportage.txt"),
    ])
    _, r = run("Hoeveel besparing levert de handhaving, parkeren en milieu samen op in 2024?",
               store, OTHER)
    assert r is not None and r.computation is not None
    assert r.computation.formula == "130 + 140 = 270"


def test_a_line_named_within_a_total_s_scope_is_asked_not_the_total(tmp_path_factory):
    """"Wat stond er in 2020 voor het sociaal domein voor de Wmo begroot?": "sociaal domein"
    is the table's scope, said by its total line; "Wmo" names the line asked. Without a
    narrowing word the total line answers."""
    def fig(subject, value):
        return make_figure(metric="begroting", entity="Zeedorp", subject=subject, period="2020",
                           value=value, unit="EUR", source="rapportage.txt", line=5,
                           quote=f"{subject} {value}")

    store = _store(tmp_path_factory, "scope", [
        fig("Wmo", 4000.0), fig("Participatie", 3000.0), fig("Sociaal domein totaal", 7000.0)])
    _, r = run("Welk bedrag stond in de begroting 2020 van het sociaal domein voor de Wmo?",
               store, OTHER)
    assert r is not None and [f.value for f in r.figures] == [4000.0]
    _, whole = run("Welk bedrag stond in de begroting 2020 voor het sociaal domein?", store, OTHER)
    assert whole is not None and [f.value for f in whole.figures] == [7000.0]


def test_which_line_changed_most_between_two_years_is_found_among_all_lines(tmp_path_factory):
    """"Welke maatregel stijgt van 2024 op 2025 het meest?": every line of the table competes
    (not only the one whose name shares a word with the question); the total line does not;
    a drop asked picks the smallest change."""
    def fig(subject, period, value):
        return make_figure(metric="besparing", entity="Zeedorp", subject=subject, period=period,
                           value=value, unit="EUR", source="agenda.txt", line=5,
                           quote=f"{subject} {value}")

    rows = {"Preventie jeugd": (20.0, 30.0), "Inkoop": (0.0, 500.0), "Toegang": (300.0, 200.0),
            "Totaal maatregelen": (320.0, 730.0)}
    store = _store(tmp_path_factory, "which", [
        fig(name, str(y), v) for name, vals in rows.items()
        for y, v in zip((2024, 2025), vals, strict=True)])
    intent, r = run("Welke maatregel laat van 2024 op 2025 de grootste stijging van de besparing "
                    "zien bij de jeugd?", store, OTHER)
    assert intent.kind == "numeric"
    assert r is not None and r.computation is not None
    assert r.computation.formula == "500 − 0 = 500"
    assert "Inkoop" in r.text and "Totaal maatregelen:" not in r.text
    _, drop = run("Welke maatregel laat van 2024 op 2025 de grootste daling van de besparing "
                  "zien?", store, OTHER)
    assert drop is not None and drop.computation.formula == "200 − 300 = -100"


def test_a_share_whose_year_is_the_wholes_takes_the_part_the_question_states(tmp_path_factory):
    """"Stel we halen die taakstelling van 600.000, welk deel van het tekort van 2023 is dan
    weg?": the taakstelling is given for later years only; the year belongs to the deficit,
    and the part is the taakstelling whose amount the asker states."""
    def fig(metric, period, value):
        return make_figure(metric=metric, entity="Zeedorp", subject="Jeugd", period=period,
                           value=value, unit="EUR", source="nota.txt", line=5,
                           quote=f"{metric} {period} {value}")

    store = _store(tmp_path_factory, "statedpart", [
        fig("taakstelling", "2025", 600_000.0), fig("tekort", "2023", -2_400_000.0)])
    _, r = run("Stel we halen die taakstelling van 600.000, welk deel van het tekort van 2023 "
               "is dan weg?", store, OTHER)
    assert r is not None and not r.abstain and r.computation is not None
    assert r.computation.formula == "600.000 / 2.400.000 × 100 = 25,0%"


def test_a_regional_line_labelled_with_another_member_is_not_the_home_municipalitys(
        tmp_path_factory):
    """The region's plan gives "Pilot Buurtzorg (Duinwijk)": asked what the pilot costs
    Zeedorp, that line is Duinwijk's, not an answer for Zeedorp; an unlabelled regional line
    still answers as the region's."""
    def fig(subject, value):
        return make_figure(metric="kosten", entity="Kustregio", subject=subject, period="2024",
                           value=value, unit="EUR", source="regio.txt", line=5,
                           quote=f"{subject} {value}")

    store = _store(tmp_path_factory, "member", [fig("Pilot Buurtzorg (Duinwijk)", 30_000.0),
                                                fig("Pilot Voorlezen", 12_000.0)])
    _, r = run("Wat kost de pilot Buurtzorg Zeedorp in 2024?", store, OTHER)
    assert r is None or r.abstain or 30_000.0 not in [f.value for f in r.figures]
    _, ok = run("Wat kost de pilot Voorlezen Zeedorp in 2024?", store, OTHER)
    assert ok is not None and [f.value for f in ok.figures] == [12_000.0]


def test_the_largest_change_over_years_is_read_from_a_line_that_gives_several(
        tmp_path_factory):
    """"In welk jaar kreeg het jeugdbudget de grootste klap?": the line "Jeugd" of a report
    that gives one year only names the subject best, but has no change to compare; the
    budget line over five years answers."""
    figs = [_fig("budget", "Jeugd", "2020", 12_000_000, line=5)]
    figs += [_fig("budget", "Budget", str(y), v, line=30) for y, v in
             ((2015, 9_700_000), (2016, 9_000_000), (2017, 7_600_000), (2018, 7_100_000),
              (2019, 7_500_000))]
    store = _store(tmp_path_factory, "klap", figs)
    _, r = run("In welk jaar kreeg het jeugdbudget van Zeedorp de grootste klap ten opzichte "
               "van het jaar ervoor?", store, OTHER)
    assert r and r.computation is not None and "2016 naar 2017" in r.text, r and r.text
    assert "-1.400.000" in r.text


def test_a_stated_part_asked_as_a_percentage_of_something_else_is_a_share():
    """"die 1,2 miljoen, hoeveel procent is dat eigenlijk van ...": the asker states the
    part and asks what share of another amount it is, not a change in percent."""
    intent = analyse("Die taakstelling van 1,2 miljoen, hoeveel procent is dat eigenlijk van "
                     "wat Zeedorp in 2019 aan jeugdhulp uitgeeft?", OTHER)
    assert intent.operation == "share"
    assert analyse("Met hoeveel procent stegen de uitgaven aan jeugdhulp van 2018 naar 2019?",
                   OTHER).operation == "growth"


def test_a_change_word_over_a_range_of_years_added_together_is_a_sum():
    """"Hoeveel lager zijn de lasten over 2025-2028 samen?" adds each year's lower amount;
    without "samen" (or with two years compared) it is a difference."""
    assert analyse("Hoeveel lager zijn de kapitaallasten van Zeedorp over 2025-2028 samen?",
                   OTHER).operation == "sum"
    assert analyse("Hoeveel lager zijn de kapitaallasten van Zeedorp in 2028 dan in 2025?",
                   OTHER).operation == "difference"
