"""Metric code of the evaluation script on synthetic answers and rankings."""

from __future__ import annotations

import math

import pytest

from core.models import Answer, Citation, Figure, Passage
from evals import metrics as m
from evals.baselines import score_system, split_with_lines
from evals.metrics import GoldQuestion, GoldSource

DOC = "2019-10-ontwikkelagenda-jeugdhulp-taakstelling-leudal.txt"


def value(text: str) -> float:
    (mention,) = m.number_mentions(text)
    return mention.value


@pytest.mark.parametrize(
    "text",
    [
        "1,2 miljoen",
        "1.200.000",
        "€ 1.2 mln",
        "1,2 mln",
        "1.2 million",
        "€ 1.200.000,00",
        "1,2 mio",
    ],
)
def test_one_point_two_million_in_every_spelling(text):
    assert value(text) == pytest.approx(1_200_000)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("446K", 446_000),
        ("446 K", 446_000),
        ("446.000", 446_000),
        ("12,22", 12.22),
        ("1,308,875", 1_308_875),
        ("€ 193.355,-", 193_355),
        ("9.954.181,00", 9_954_181),
        ("6.390.338€", 6_390_338),
        ("- 210.925", 210_925),
        ("11.066.5251", 11_066_525),  # footnote 1 glued onto the amount
        ("251,9", 251.9),
        ("3.492", 3_492),
        ("1.2", 1.2),
    ],
)
def test_dutch_and_english_separators(text, expected):
    assert value(text) == pytest.approx(expected)


def test_percent_spellings_are_equal_and_marked():
    for text in ("8%", "8 procent", "8 percent", "8 %"):
        (mention,) = m.number_mentions(text)
        assert mention.value == 8 and mention.percent


def test_section_numbers_and_codes_are_not_amounts():
    assert m.number_mentions("paragraaf 3.2.1") == []
    assert m.number_mentions("vraag q001") == []
    assert [x.value for x in m.number_mentions("12 kinderen")] == [12]


def test_contains_required_compares_numbers_by_value():
    assert m.contains_required("De taakstelling is € 1.200.000 [1].", ["1,2 miljoen"]) == (True, [])
    assert m.contains_required("Het is 1,3 miljoen.", ["1,2 miljoen"]) == (False, ["1,2 miljoen"])
    assert m.contains_required("Bijdrage: € 1,308,875.", ["1.308.875"])[0]


def test_more_precise_answer_matches_a_rounded_bare_number():
    assert m.contains_required("€ 65,3 per inwoner", ["65"])[0]
    assert not m.contains_required("€ 66 per inwoner", ["65"])[0]
    assert not m.contains_required("€ 1,23 miljoen", ["1,2 miljoen"])[0]  # scaled: exact only


def test_percent_required_needs_percent_but_bare_number_matches_anything():
    assert not m.contains_required("8 fte", ["8%"])[0]
    assert m.contains_required("steeg met 48%", ["48"])[0]


def test_accept_alternative_stands_in_only_for_its_own_item():
    must, accept = ["8%", "3%"], ["8 procent", "3 procent"]
    assert m.contains_required("8 procent in Leudal, landelijk 3 procent", must, accept)[0]
    # "8 procent" must not cover the missing 3%
    assert m.contains_required("8 procent in Leudal", must, accept) == (False, ["3%"])
    assert m.contains_required("ongeveer 446K", ["445.879"], ["446K", "446.000"])[0]
    assert m.contains_required("Dat gaat over MLO.", ["Midden-Limburg Oost"], ["MLO"])[0]


def test_text_items_ignore_case_accents_and_hyphens():
    assert m.contains_required("Tevredenheid en uitval; doel-realisatie", ["doelrealisatie"])[
        1
    ] == ["doelrealisatie"]
    assert m.contains_required("De CLIËNT-tevredenheid", ["client tevredenheid"])[0]
    assert m.contains_required("Regio Midden Limburg Oost", ["Midden-Limburg Oost"])[0]


def test_overlap_rule():
    gold = GoldSource(DOC, 22, 26)
    assert m.overlaps(DOC, 20, 22, gold)
    assert m.overlaps(DOC, 26, 40, gold)
    assert m.overlaps(f"corpus/{DOC}", 23, 24, gold)  # paths and bare ids name the same doc
    assert m.overlaps(DOC.removesuffix(".txt"), 23, 24, gold)
    assert not m.overlaps(DOC, 27, 40, gold)
    assert not m.overlaps("2020-visitatie-sociaal-domein-leudal.txt", 22, 26, gold)


def p(source: str, a: int, b: int) -> Passage:
    return Passage(id=f"{source}:{a}", text="", source=source, line_start=a, line_end=b)


def test_page_sourced_gold_matches_source_and_page():
    pdf = "wassenaar-begroting-2025.pdf"
    (gold,) = GoldQuestion.from_dict(
        {"id": "q", "question": "v", "sources": [{"doc": pdf, "page": 32}]}
    ).sources
    assert gold == GoldSource(pdf, page=32)

    def chunk(source: str, page: int | None, a: int = 900, b: int = 940) -> Passage:
        return Passage(id="x", text="", source=source, line_start=a, line_end=b, page=page)

    on_page = chunk(pdf, 32)
    assert m.hits_any(on_page, [gold])
    assert m.hits_any(chunk(f"corpora/wassenaar/{pdf}", 32), [gold])
    assert not m.hits_any(chunk(pdf, 31), [gold])  # a neighbouring page is a miss
    assert not m.hits_any(chunk(pdf, None, 1, 10_000), [gold])  # lines never stand in for a page
    assert not m.hits_any(chunk("wassenaar-jaarstukken-2019-uittreksel.pdf", 32), [gold])
    assert m.first_hit_rank([chunk(pdf, 5), on_page], [gold]) == 2
    both = [gold, GoldSource(pdf, page=125)]
    assert not m.covers_all([on_page], both)
    assert m.covers_all([chunk(pdf, 125), on_page], both)
    # line-range gold keeps its rule, also when the chunk carries a page
    assert m.hits_any(chunk(DOC, 3, 20, 24), [GoldSource(DOC, 22, 26)])
    cite = Citation(1, pdf, "Begroting 2025", "2024", "", 900, 940, "quote", page=32)
    other = Citation(2, pdf, "Begroting 2025", "2024", "", 900, 940, "quote", page=33)
    answer = Answer(question="v", text="t", citations=[cite, other])
    assert m.citation_precision(answer, [gold]) == 0.5


def test_ranks_recall_and_mrr_on_synthetic_rankings():
    gold = [GoldSource(DOC, 100, 110)]
    miss = p(DOC, 1, 50)
    hit = p(DOC, 105, 120)
    assert m.first_hit_rank([hit, miss], gold) == 1
    assert m.first_hit_rank([miss, miss, hit], gold) == 3
    assert m.first_hit_rank([miss] * 10 + [hit], gold) is None  # rank 11 is outside @10
    ranks = [1, 3, None, 6]
    assert m.recall_at(ranks, 1) == 0.25
    assert m.recall_at(ranks, 5) == 0.5
    assert m.mrr_at(ranks, 10) == pytest.approx((1 + 1 / 3 + 1 / 6) / 4)
    assert math.isnan(m.recall_at([], 5))


def test_multi_source_question_hits_on_any_source_and_covers_on_all():
    other = "2021-voortgangsrapportage-duurzaam-evenwicht-sociaal-domein-leudal.txt"
    gold = [GoldSource(DOC, 213, 217), GoldSource(other, 260, 264)]
    ranked = [p(DOC, 1, 10), p(other, 255, 262), p(DOC, 300, 320)]
    assert m.first_hit_rank(ranked, gold) == 2
    assert not m.covers_all(ranked, gold, 5)
    assert m.covers_all([*ranked, p(DOC, 210, 214)], gold, 5)
    assert not m.covers_all([*ranked, p(DOC, 210, 214)], gold, 3)


def cite(n: int, source: str, a: int, b: int, quote: str = "") -> Citation:
    return Citation(n, source, "", "", "", a, b, quote)


def test_citation_precision():
    gold = [GoldSource(DOC, 22, 26)]
    ans = Answer("v", "x", citations=[cite(1, DOC, 20, 24), cite(2, DOC, 300, 310)])
    assert m.citation_precision(ans, gold) == 0.5
    assert m.citation_precision(Answer("v", "x"), gold) is None
    assert m.citation_precision(ans, []) is None


def test_abstention_detection_flag_and_phrases():
    assert m.is_abstention(Answer("v", "iets", abstained=True))
    assert m.is_abstention(Answer("v", "Dat staat niet in de beschikbare documenten."))
    assert m.is_abstention(Answer("v", "That is not in the available documents."))
    assert not m.is_abstention(Answer("v", "De taakstelling is € 1,2 miljoen [1]."))


def gq(**kw) -> GoldQuestion:
    base = {"id": "t", "question": "vraag?", "type": "numeric_lookup"}
    return GoldQuestion.from_dict({**base, **kw})


def test_abstention_accuracy_per_type():
    refuse = Answer("v", "Dat staat niet in de beschikbare documenten.", abstained=True)
    answer = Answer("v", "Het aantal steeg met 48% [1].")
    unanswerable = gq(type="unanswerable")
    assert m.abstention_ok(refuse, unanswerable) and not m.abstention_ok(answer, unanswerable)
    normal = gq(must_include=["48"])
    assert m.abstention_ok(answer, normal) and not m.abstention_ok(refuse, normal)
    trap = gq(type="trap", must_include=["48"], must_not_include=["daling van 20%"])
    assert m.abstention_ok(answer, trap)
    assert not m.abstention_ok(refuse, trap)  # a refusal gives no correction
    assert not m.abstention_ok(Answer("v", "Een daling van 20%, nee: 48%."), trap)


def test_correctness_requires_no_false_abstention():
    gold = gq(must_include=["1,2 miljoen"])
    assert m.correctness(Answer("v", "€ 1.200.000"), gold) == (True, [])
    ok, _ = m.correctness(Answer("v", "€ 1.200.000", abstained=True), gold)
    assert not ok


def test_faithfulness_numbers_must_come_from_cited_text_figures_or_question():
    passage = Passage(
        id="a", text="Tekort 2017 - 2.096.921 en 2018 -3.492.011", source=DOC,
        line_start=143, line_end=147,
    )  # fmt: skip
    fig = [
        Figure("tekort", "jeugd", "2017", -2096921, "EUR", DOC, 145, "- 2.096.921"),
        Figure("tekort", "jeugd", "2018", -3492011, "EUR", DOC, 145, "-3.492.011"),
    ]
    question = "Hoeveel groter was het tekort in 2018 dan in 2017?"
    good = Answer(
        question,
        "Het tekort 2018 (€ 3.492.011) [1] was € 1.395.090 groter dan in 2017 (ruim 2,1 mln) [1].",
        citations=[cite(1, DOC, 143, 147)],
        figures=fig,
        passages=[passage],
    )
    assert m.unsupported_numbers(good, question) == []
    bad = Answer(question, "Het verschil is € 1.400.000 [1].", citations=good.citations,
                 passages=[passage])  # fmt: skip
    assert m.unsupported_numbers(bad, question) == ["1.400.000"]
    # an uncited passage is not evidence
    uncited = Answer(question, "Tekort € 3.492.011.", passages=[passage])
    assert m.unsupported_numbers(uncited, question) == ["3.492.011"]
    # rounding to the written precision is fine: 446K for 445.879
    rounded = Answer(question, "Ongeveer 446K [1].", citations=[cite(1, DOC, 1, 2, "445.879")])
    assert m.unsupported_numbers(rounded, question) == []


def test_faithfulness_ignores_markers_and_enumerators():
    ans = Answer("v", "Maatregelen:\n1. integraal werken [1]\n2. inkoop [2][3]")
    assert m.unsupported_numbers(ans, "v") == []
    src = Answer("v", f"Zie {DOC}, regels 22-26 (p. 3); het tekort was 12 miljoen.")
    assert m.unsupported_numbers(src, "v") == ["12 miljoen"]


def test_langchain_baseline_keeps_line_ranges(tmp_path):
    lines = [f"regel {i} " + "x" * 60 for i in range(1, 101)]
    f = tmp_path / "doc.txt"
    f.write_text("\n".join(lines), encoding="utf-8")
    docs = split_with_lines(f)
    assert len(docs) > 3
    for d in docs:
        first = d.page_content.splitlines()[0]
        assert first.startswith(f"regel {d.metadata['line_start']} ")
        last = d.page_content.splitlines()[-1]
        assert last.startswith(f"regel {d.metadata['line_end']} ")
    gold = [GoldQuestion("q", "v", "fact", sources=[GoldSource("doc.txt", 50, 50)])]
    ranked = [[Passage.from_metadata("0", d.page_content, d.metadata) for d in docs]]
    scores = score_system(ranked, [1.0], gold)
    expected = next(i for i, d in enumerate(docs, 1) if d.metadata["line_end"] >= 50)
    assert scores["mrr@10"] == pytest.approx(1 / expected if expected <= 10 else 0)


def test_faithfulness_accepts_figure_metadata_and_cited_titles():
    fig = Figure("aanbieders", "Leudal", "2019", 80, "", DOC, 1100, "80", "raadsvraag 2019-159")
    visie = Citation(2, "regiovisie.txt", "Regiovisie Jeugd 2023-2028", "2022", "", 280, 286, "101")
    ans = Answer(
        "v",
        "Aanbieders (Leudal) in 2019: 80 (raadsvraag 2019-159) [1]. "
        "Het getal 101 gaat over de regiovisie 2023-2028 [2]; niet 2030.",
        citations=[cite(1, DOC, 1090, 1112), visie],
        figures=[fig],
    )
    assert m.unsupported_numbers(ans, "v") == ["2030"]


def test_percentage_scale_in_a_formula_is_not_an_unsupported_number():
    from core.models import Answer, Figure
    from evals.metrics import unsupported_numbers

    old = Figure("budget", "Leudal", "2015", 9731480.0, "EUR", "a.txt", 1, "9.731.480")
    new = Figure("budget", "Leudal", "2019", 7546457.0, "EUR", "a.txt", 1, "7.546.457")
    answer = Answer(
        question="q",
        text="(7.546.457 − 9.731.480) / 9.731.480 × 100 = -22,5%. Daarnaast 4.444.444.",
        figures=[old, new],
    )
    assert unsupported_numbers(answer) == ["4.444.444"]
