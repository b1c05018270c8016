"""Arithmetic on numbers a sentence states (assistant/text_numbers.py). Sentences are invented
for these tests; each shows an input pattern, a computed result, or a refusal to compute."""

from __future__ import annotations

from assistant import text_numbers
from core.models import Passage


def _passage(text: str) -> Passage:
    return Passage(id="p1", text=text, source="rapport.txt", line_start=10, line_end=12)


def test_ratio_from_a_van_tot_sentence():
    s = "Het aantal meldingen steeg van 40 in 2019 tot 90 in 2022, vooral in het voorjaar."
    tc = text_numbers.compute("ratio", s, _passage(s), [2019, 2022])
    assert tc is not None and tc.computation.formula == "90 / 40 = 2,3"
    assert [f.period for f in tc.inputs] == ["2019", "2022"]
    assert "2,3 keer" in text_numbers.describe(tc)


def test_year_claimed_by_the_first_number_does_not_date_the_second():
    s = "Het gebruik ging van 3,5 in 2016 naar 7 per 1000 inwoners."
    figs = text_numbers.sentence_figures(s, _passage(s))
    assert [(f.value, f.period) for f in figs] == [(3.5, "2016"), (7.0, "")]


def test_share_from_a_waarvan_sentence():
    s = "De regio contracteert 80 zorgaanbieders, waarvan 20 met minder dan tien cliënten."
    tc = text_numbers.compute("share", s, _passage(s), [])
    assert tc is not None and tc.computation.value == 25.0
    assert "20 van de 80" in text_numbers.describe(tc)


def test_share_from_a_van_de_sentence():
    s = "In 2021 werden 12 van de 48 aanvragen afgewezen."
    tc = text_numbers.compute("share", s, _passage(s), [])
    assert tc is not None and tc.computation.value == 25.0


def test_dates_are_not_numbers():
    s = "De aanvragen stegen in de periode van 01-01-2019 tot en met 31-12-2020 sterk."
    assert text_numbers.compute("difference", s, _passage(s), []) is None


def test_a_stated_percentage_is_not_recomputed():
    s = "De kosten stegen van 100 naar 120 euro, een stijging van 20%."
    assert text_numbers.compute("growth", s, _passage(s), []) is None


def test_no_second_input_no_computation():
    s = "Het budget bedraagt € 500.000 per jaar."
    assert text_numbers.compute("difference", s, _passage(s), [2020, 2021]) is None
    assert text_numbers.compute("share", s, _passage(s), []) is None


def test_inputs_keep_source_and_line():
    s = "Het aantal steeg van 5 in 2018 tot 15 in 2020."
    p = Passage(id="p", text="Inleiding\n" + s, source="nota.txt", line_start=20, line_end=21)
    tc = text_numbers.compute("difference", s, p, [2018, 2020])
    assert tc is not None and tc.computation.value == 10
    assert {(f.source, f.line) for f in tc.inputs} == {("nota.txt", 21)}


def test_the_other_side_of_a_split_whole_is_its_rest():
    """"120 sportclubs, waarvan 35 minder dan 50 leden" asked as "hoeveel hadden er meer dan
    50 leden?" is 120 − 35 = 85; asked the same way round it is no computation."""
    from assistant.text_numbers import complement, describe

    text = "De gemeente telt 120 sportclubs, waarvan 35 clubs minder dan 50 leden hebben."
    passage = Passage(id="p", text=text, source="sport.txt", line_start=4)
    pairs = [["meer dan", "minder dan"]]
    tc = complement(text, passage, "Hoeveel clubs hebben meer dan 50 leden?", pairs)
    assert tc is not None and tc.computation.value == 85
    assert "120 − 35 = 85" in describe(tc)
    assert complement(text, passage, "Hoeveel clubs hebben minder dan 50 leden?", pairs) is None


def test_a_list_of_yearly_effects_is_summed_over_the_asked_years():
    s = ("Inkrimpen opvanglocaties (structureel lagere lasten 2026 € 40.000, 2027 €  75.000, "
         "2028 € 110.000) De opvang wordt afgebouwd voor de jaren 2026 -2028.")
    tc = text_numbers.compute("sum", s, _passage(s), [2026, 2028], span=True)
    assert tc is not None and tc.computation.value == 225_000
    assert [f.period for f in tc.inputs] == ["2026", "2027", "2028"]
    assert "40.000 (2026) + 75.000 (2027) + 110.000 (2028) = 225.000" in text_numbers.describe(tc)


def test_an_amount_for_a_span_of_years_counts_for_each_of_them():
    s = "Deze bedraagt voor de jaren 2025-2027 € 40.000 en voor 2028 € 25.000."
    tc = text_numbers.compute("sum", s, _passage(s), [2025, 2028], span=True)
    assert tc is not None and tc.computation.value == 145_000
    assert [f.period for f in tc.inputs] == ["2025", "2026", "2027", "2028"]


def test_an_amount_from_a_year_on_counts_for_the_later_asked_years():
    s = "Hogere bijdrage (hogere lasten 2025 € 20.000, vanaf 2026 € 30.000)."
    tc = text_numbers.compute("sum", s, _passage(s), [2025, 2027], span=True)
    assert tc is not None and tc.computation.value == 80_000  # 20.000 + 30.000 + 30.000


def test_no_sum_when_an_asked_year_is_not_given():
    s = "Hogere lasten 2025 € 20.000, 2026 € 30.000."
    assert text_numbers.compute("sum", s, _passage(s), [2025, 2027], span=True) is None
    # a year label before the amount is not also read as the year after the previous one
    figs = text_numbers.sentence_figures(s, _passage(s))
    assert [(f.value, f.period) for f in figs] == [(20000.0, "2025"), (30000.0, "2026")]


def test_the_number_the_question_repeats_is_compared_with_the_sentences_other_one():
    s = "Ruim 40% van de tijd gaat op aan verantwoording (ter vergelijking: bij scholen is dit 5%)."
    tc = text_numbers.compute("ratio", s, _passage(s), [], stated=(40.0,))
    assert tc is not None and tc.computation.value == 8.0
    assert text_numbers.describe(tc).startswith("40% is 8 keer zo veel als 5%")
    assert text_numbers.compute("ratio", s, _passage(s), []) is None  # nothing to anchor on


def test_the_old_value_in_one_sentence_and_the_new_in_the_next():
    first = ("(structureel hogere lasten 2025 € 20.000) In de begroting 2024 is uitgegaan van een "
             "bijdrage aan de brandweer van € 1.000.000.")
    second = "Voor de jaren 2025-2028 is dit € 1.100.000."
    p = _passage(f"{first} {second}")
    tc = text_numbers.compute_pair("growth", first, second, p, [2024])
    assert tc is not None and tc.computation.formula.endswith("= 10,0%")
    assert [f.period for f in tc.inputs] == ["2024", "2025-2028"]
    diff = text_numbers.compute_pair("difference", first, second, p, [2024, 2026])
    assert diff is not None and diff.computation.value == 100_000
    # an asked year neither sentence is about: nothing is computed
    assert text_numbers.compute_pair("growth", first, second, p, [2030]) is None
    assert text_numbers.compute_pair("growth", first, "Dit is een mooi bedrag.", p, [2024]) is None
    # a percentage change also says the change in euros, a change in euros its percentage
    assert "een stijging van € 100.000, 10,0%" in text_numbers.describe(tc)
    assert "€ 100.000 meer (10,0%)" in text_numbers.describe(diff)


def test_an_amount_and_where_the_next_sentence_says_it_goes_make_a_change():
    first = "Begin 2026 heeft de gemeente naar verwachting een overschot van € 12 miljoen."
    second = "In de loop van 2026 zal dit dalen tot € 9 miljoen."
    p = _passage(f"{first} {second}")
    tc = text_numbers.compute_pair("growth", first, second, p, [2026])
    assert tc is not None and tc.computation.value == -25.0
    assert "een daling van € 3.000.000, 25,0%" in text_numbers.describe(tc)
    # a sentence that does not point back at the one before states another amount
    other = "In de loop van 2026 komt er een lening bij tot € 9 miljoen."
    assert text_numbers.compute_pair("growth", first, other, p, [2026]) is None


def test_amounts_as_people_say_them_are_written_as_the_documents_write_them():
    from core.numbers import spoken_amounts

    said = {"mille": 1000, "ton": 100_000}
    assert spoken_amounts("waarom schrappen we 90 mille bij sport?", said) == (
        "waarom schrappen we 90.000 bij sport?")
    assert spoken_amounts("die 3 ton extra", said) == "die 300.000 extra"
    assert spoken_amounts("1,5 ton meer", said) == "150.000 meer"
    assert spoken_amounts("600 ton restafval", said) == "600 ton restafval"  # a weight


def test_two_amounts_of_one_sentence_are_added_when_a_sum_is_asked():
    s = "Meevaller parkeren (140 K): bij de 1e rarap is al 60K afgeraamd."
    tc = text_numbers.compute("sum", s, _passage(s), [])
    assert tc is not None and tc.computation.value == 200_000
    assert text_numbers.describe(tc) == "Samen € 200.000: 140.000 + 60.000 = 200.000."
    # a change or a whole with its part is not two things to add
    for other in ("De kosten stegen van € 400.000 naar € 500.000.",
                  "Het budget is € 900.000, waarvan € 300.000 voor sport."):
        assert text_numbers.compute("sum", other, _passage(other), []) is None


def test_a_change_between_amounts_with_thousands_dots_and_no_years():
    s = "Het budget voor preventie gaat van € 400.000 naar € 1.250.000, zo besloot het college."
    tc = text_numbers.compute("difference", s, _passage(s), [])
    assert tc is not None and tc.computation.value == 850_000
    assert [f.value for f in tc.inputs] == [400_000, 1_250_000]


def test_an_average_change_per_year_divides_the_change_by_the_years_between():
    s = "De kosten per leerling stegen van € 1.200 in 2016 naar € 1.560 in 2020."
    tc = text_numbers.compute("average_change", s, _passage(s), [2016, 2020])
    assert tc is not None and tc.computation.value == 90
    assert "(1.560 − 1.200) / 4 jaar = 90" in text_numbers.describe(tc)


def test_of_two_series_in_one_sentence_the_asked_units_pair_is_used():
    s = ("Het aantal bezoeken per gezin daalde (3 in 2019 naar 2,4 in 2022), maar de kosten per "
         "gezin stegen (van € 2.000 in 2019 naar € 2.500 in 2022).")
    first = text_numbers.compute("growth", s, _passage(s), [2019, 2022])
    money = text_numbers.compute("growth", s, _passage(s), [2019, 2022], prefer="EUR")
    assert first is not None and first.computation.value == -20.0
    assert money is not None and money.computation.value == 25.0


def test_costs_net_of_the_income_the_same_note_names():
    s = ("(structureel hogere lasten € 80.000. Dekking voor ons deel (40%) uit de leges: "
         "structureel hogere baten € 30.000) De wet geldt sinds 2024.")
    tc = text_numbers.compute("difference", s, _passage(s), [])
    assert tc is not None and tc.computation.value == 50_000
    assert "Per saldo € 50.000" in text_numbers.describe(tc)
    # two costs and no income: nothing to net
    both = "De lasten stijgen met € 80.000 en de kosten van inhuur met € 30.000."
    assert text_numbers.compute("difference", both, _passage(both), []) is None


def test_two_numbers_the_question_repeats_are_compared_relatively():
    # the question gives both rates the sentence states; the one named last is the base
    s = ("In Zeedorp zit 14,4% van de jongeren in de jeugdhulp, terwijl het landelijke cijfer "
         "9,6% is.")
    tc = text_numbers.compute("growth", s, _passage(s), [], stated=(14.4, 9.6))
    assert tc is not None and tc.computation.formula == "(14,4 − 9,6) / 9,6 × 100 = 50,0%"
    # one stated number is not enough to know which pair is meant: the change stays quoted
    assert text_numbers.compute("growth", s, _passage(s), [], stated=(14.4,)) is None


def test_an_english_question_writes_its_numbers_the_english_way():
    from core.numbers import dutch_numbers, english_numbers_in_dutch

    assert dutch_numbers("rates of 14.4% and 9.6% for 35,681 people", True) == \
        "rates of 14,4% and 9,6% for 35.681 people"
    assert dutch_numbers("14,4% en 1.200 euro", False) == "14,4% en 1.200 euro"
    # a Dutch thousands dot ("1.200") and a year range are not English decimals
    assert english_numbers_in_dutch("14.4% tegen 1.200 euro in 2018-2019") == ["14,4"]


def test_a_count_per_unit_from_two_counts_the_text_states():
    # the asked noun's count over the count of the noun it is per, each right before its noun
    s = ("Het project vond voor 120 gezinnen een maatje. Daarbij waren 300 kinderen "
         "betrokken.")
    tc = text_numbers.per_unit(s, _passage(s), "kinderen", "gezin")
    assert tc is not None and tc.computation.formula == "300 / 120 = 2,5"
    # a number word counts too; a count beside a superlative is one item's, not the whole's
    s = "De gemeente telt twaalf kernen. De grootste daarvan heeft 4000 inwoners."
    assert text_numbers.per_unit(s, _passage(s), "inwoners", "kern") is None
    s = "De gemeente telt twaalf kernen en 30.000 inwoners."
    tc = text_numbers.per_unit(s, _passage(s), "inwoners", "kern")
    assert tc is not None and tc.computation.value == 2500


def test_the_nouns_of_an_average_per_unit_question():
    from assistant.answer import _per_unit_nouns

    assert _per_unit_nouns("Hoeveel kinderen zitten er gemiddeld in zo'n gezin?") == \
        ("kinderen", "gezin")
    assert _per_unit_nouns("hoeveel inwoners heeft een kern gemiddeld?") == ("inwoners", "kern")
    assert _per_unit_nouns("Hoeveel kinderen kregen een maatje?") is None  # no average asked


def test_an_amount_that_holds_from_the_year_written_after_it_counts_for_later_years():
    """"€ 40.000 in 2026 en € 90.000 vanaf 2027" summed over 2026-2029: the "vanaf" amount
    holds for every later year even when its year follows it; a year a few words after an
    amount ("€ 300.000 nodig is voor 2024") dates it, one behind a comma does not."""
    s = "Opschaling wijkteams (lagere lasten € 40.000 in 2026 en € 90.000 vanaf 2027)."
    tc = text_numbers.compute("sum", s, _passage(s), [2026, 2029], span=True)
    assert tc is not None
    assert tc.computation.formula == "40.000 + 90.000 + 90.000 + 90.000 = 310.000"
    s1b = "Toezicht (hogere lasten € 40.000 in 2026, € 25.000 per jaar vanaf 2027)."
    tc1b = text_numbers.compute("sum", s1b, _passage(s1b), [2026, 2028], span=True)
    assert tc1b is not None and tc1b.computation.formula == "40.000 + 25.000 + 25.000 = 90.000"
    s2 = "Een raming laat zien dat € 300.000 nodig is voor 2024 en € 120.000 voor 2025."
    tc2 = text_numbers.compute("sum", s2, _passage(s2), [2024, 2025])
    assert tc2 is not None and tc2.computation.formula == "300.000 + 120.000 = 420.000"
    s3 = "Er is € 300.000 gereserveerd, zoals eerder gemeld in de brief van 2024."
    assert [f.period for f in text_numbers.sentence_figures(s3, _passage(s3))] == [""]


def test_a_name_after_hoeveel_and_a_verb_is_not_the_counted_noun():
    """"Hoeveel gaf Zeedorp per inwoner uit?" asks an amount per inhabitant, not a count of
    "Zeedorp"s; an adjective may stand before the counted noun."""
    from assistant.answer import _per_unit_nouns

    assert _per_unit_nouns("Hoeveel gaf Zeedorp in 2019 per inwoner uit aan jeugdhulp?") is None
    assert _per_unit_nouns("Hoeveel jonge kinderen zitten er gemiddeld in een gezin?") == (
        "kinderen", "gezin")
