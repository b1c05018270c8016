"""The wrong-entity / wrong-scenario check (evals/labels.py) on synthetic figures and answers.

Every case comes in pairs: the check must fire on a mislabel and stay quiet on the same amount
labelled correctly, so it is a test that can fail. Places are made up: the profile is data.
"""

from __future__ import annotations

import math

import pytest

from core.models import Answer, Citation, Figure
from core.profile import Profile
from evals import labels
from evals.metrics import GoldQuestion
from evals.report import compare_tables, failure_lines, mislabel_table, summary_table
from evals.run import (
    check_thresholds,
    parse_max,
    score_question,
    summarise,
    summarise_by_type,
)

DOC = "2031-kadernota-voorbeeldstad.txt"
OTHER = "2030-jaarverslag-proefregio.txt"
PROFILE = Profile.from_dict(
    {
        "municipality": "Voorbeeldstad",
        "region": {
            "name": "Proefregio",
            "aliases": ["PR"],
            "members": ["Voorbeeldstad", "Testdorp"],
        },
    }
)


def fig(value: float, entity: str = "Voorbeeldstad", scenario: str = "realisatie", **kw) -> Figure:
    base = dict(
        metric="uitgaven", entity=entity, period="2030", value=value, unit="EUR", source=DOC,
        line=12, quote="", scenario=scenario,
    )  # fmt: skip
    base.update(kw)
    return Figure(**base)


def answer(text: str, question: str = "Wat waren de uitgaven in 2030?", **kw) -> Answer:
    cite = Citation(1, kw.pop("source", DOC), "Kadernota", "2031", "", 10, 20, kw.pop("quote", ""))
    return Answer(question, text, citations=[cite], **kw)


def kinds(a: Answer, figures: list[Figure], question: str = "") -> list[str]:
    return [w.kind for w in labels.mislabels(a, figures, PROFILE, question)]


# --------------------------------------------------------------------------- entity


def test_region_amount_given_as_the_municipality_is_flagged():
    a = answer("De uitgaven van Voorbeeldstad in 2030 (realisatie): € 845.120. [1]")
    (w,) = labels.mislabels(a, [fig(845120, entity="Proefregio")], PROFILE)
    assert (w.kind, w.amount, w.actual) == ("entity", "845.120", ("Proefregio",))
    assert w.stated == ("voorbeeldstad",)
    assert w.figures == (f"{DOC}:12",)


def test_same_amount_of_the_named_municipality_is_quiet():
    a = answer("De uitgaven van Voorbeeldstad in 2030 (realisatie): € 845.120. [1]")
    assert kinds(a, [fig(845120)]) == []
    # one matching figure of the right government is enough
    assert kinds(a, [fig(845120, entity="Proefregio"), fig(845120)]) == []


def test_unnamed_amount_defaults_to_home_unless_the_question_names_another():
    a = answer("De uitgaven in 2030 (realisatie): € 845.120. [1]")
    region = [fig(845120, entity="Proefregio")]
    assert kinds(a, region, "Hoeveel gaf men uit in 2030?") == ["entity"]
    assert kinds(a, region, "Hoeveel gaf de PR uit in 2030?") == []  # alias of the region


def test_sentence_that_names_the_figures_own_government_is_quiet():
    a = answer(
        "Wel noemen de stukken de uitgaven van Proefregio in 2030: € 845.120; "
        "dat cijfer gaat niet over Voorbeeldstad. [1]"
    )
    assert kinds(a, [fig(845120, entity="Proefregio")]) == []


def test_only_figures_of_the_cited_document_count():
    a = answer("De uitgaven van Voorbeeldstad in 2030 (realisatie): € 845.120. [1]")
    assert kinds(a, [fig(845120, entity="Proefregio", source=OTHER)]) == []
    assert kinds(a, [fig(845120, entity="Proefregio", line=400)]) == ["entity"]  # same doc


def test_table_scale_and_rounding():
    a = answer("De uitgaven van Voorbeeldstad in 2030: € 5.409.000 (5.409 x € 1.000). [1]")
    scaled = fig(5_409_000, entity="Testdorp", scale=1000)
    assert kinds(a, [scaled]) == ["entity", "entity"]  # both spellings are the amount
    assert kinds(a, [fig(5_409_000, scale=1000)]) == []
    # a rounded amount matches only within its written precision and at most 0.5 %
    b = answer("De uitgaven van Voorbeeldstad in 2030: € 5,4 miljoen. [1]")
    assert kinds(b, [fig(5_409_000, entity="Testdorp")]) == ["entity"]
    assert kinds(b, [fig(5_300_000, entity="Testdorp")]) == []


def test_the_tables_scale_is_no_amount():
    """"(220 x € 1.000)" restates the amount in the table's scale; the "1.000" is not a
    figure of 1.000 that another column (scenario) holds."""
    a = answer("De uitgaven van Voorbeeldstad in 2030 (raming): € 220.000 (220 x € 1.000). [1]")
    mine = fig(220_000, scenario="raming", scale=1000)
    assert kinds(a, [mine, fig(1000, scenario="realisatie")]) == []
    # the same sentence over a realised 220.000 is flagged: the check itself still fires
    assert "scenario" in kinds(a, [fig(220_000, scenario="realisatie", scale=1000)])


def test_unknown_entity_and_uncited_or_abstained_answers_are_not_judged():
    region = [fig(845120, entity="Proefregio")]
    assert kinds(answer("Uitgaven Voorbeeldstad: € 845.120."), region) == []  # no marker
    assert (
        kinds(answer("De uitgaven van Voorbeeldstad: € 845.120. [1]"), [fig(845120, entity="")])
        == []
    )
    abstained = answer("De uitgaven van Voorbeeldstad: € 845.120. [1]", abstained=True)
    assert kinds(abstained, region) == []


def test_a_verbatim_quote_speaks_with_the_documents_own_labels():
    quote = "Voor het hele samenwerkingsverband bedragen de kosten € 845.120 per jaar."
    a = answer(f"Volgens Kadernota (2031): {quote} [1]", quote=quote)
    assert kinds(a, [fig(845120, entity="Proefregio")]) == []
    rephrased = answer("De kosten van Voorbeeldstad bedragen € 845.120 per jaar. [1]", quote=quote)
    assert kinds(rephrased, [fig(845120, entity="Proefregio")]) == ["entity"]
    # In quote marks, and cut by the checker's sentence split after an abbreviation ("ad.")
    marked = "Van het budget ad. € 845.120 is in januari al 20% gerealiseerd (zie bijlage)."
    a = answer(f'Volgens Kadernota (2031): "{marked}" [1]\nDat is € 169.024.', quote=marked)
    assert kinds(a, [fig(845120, entity="Voorbeeldstad", scenario="begroting")]) == []


# --------------------------------------------------------------------------- scenario


@pytest.mark.parametrize(
    ("label", "scenario", "flagged"),
    [
        ("prognose", "realisatie", True),
        ("realisatie", "realisatie", False),
        ("begroting na wijziging", "begroting", True),  # the longer phrase wins
        ("begroting na wijziging", "begroting_na_wijziging", False),
        ("begroting", "begroting_na_wijziging", True),
    ],
)
def test_scenario_label_against_the_figures_scenario(label, scenario, flagged):
    a = answer(f"De uitgaven van Voorbeeldstad in 2030 ({label}): € 845.120. [1]")
    assert kinds(a, [fig(845120, scenario=scenario)]) == (["scenario"] if flagged else [])


def test_scenario_read_from_column_label_and_idioms_ignored():
    col = fig(845120, scenario="", col_label="Rekening 2030")
    a = answer("De uitgaven van Voorbeeldstad in 2030 (prognose): € 845.120. [1]")
    assert kinds(a, [col]) == ["scenario"]
    assert kinds(a, [fig(845120, scenario="")]) == []  # unknown scenario: not judged
    idiom = answer("De uitgaven komen voor rekening van Voorbeeldstad: € 845.120. [1]")
    assert kinds(idiom, [fig(845120, scenario="prognose")]) == []


def test_digits_of_a_government_name_are_not_an_amount():
    group = Profile.from_dict(
        {"municipality": "Voorbeeldstad", "others": [{"name": "steden 10.000-40.000 inwoners"}]}
    )
    a = answer("De uitgaven van steden 10.000-40.000 inwoners in 2030: € 812,5 per inwoner. [1]")
    figures = [fig(40000), fig(812.5, entity="steden 10.000-40.000 inwoners")]
    assert labels.mislabels(a, figures, group) == []
    wrong = answer("De uitgaven van Voorbeeldstad in 2030: € 812,5 per inwoner. [1]")
    assert [w.kind for w in labels.mislabels(wrong, figures, group)] == ["entity"]


def test_sentences_keep_their_trailing_markers():
    text = "Eerste: € 1.000. [1] Tweede zin zonder bron. Derde € 2.000 [2][3]\n- item [4]"
    got = labels.cited_sentences(text)
    assert [n for _, n in got] == [[1], [], [2, 3], [4]]


# --------------------------------------------------------------------------- reports


def _scored(qid: str, qtype: str, text: str, figures: list[Figure]):
    gold = GoldQuestion.from_dict({"id": qid, "question": "Wat waren de uitgaven?", "type": qtype})
    return score_question(gold, answer(text), [], 10.0, figures=figures, profile=PROFILE)


def test_counts_per_type_overall_and_in_reports():
    said = "De uitgaven van Voorbeeldstad ({}): € 845.120. [1]"
    bad = _scored(
        "x1", "numeric_lookup", said.format("prognose"), [fig(845120, entity="Proefregio")]
    )
    good = _scored("x2", "fact", said.format("realisatie"), [fig(845120)])
    assert (bad.wrong_entity, bad.wrong_scenario) == (True, True)
    assert (good.wrong_entity, good.wrong_scenario) == (False, False)
    assert bad.passes()["wrong_entity"] is False and good.passes()["wrong_entity"] is True

    results = [bad, good]
    overall, by_type = summarise(results), summarise_by_type(results)
    assert (overall["wrong_entity"], overall["wrong_scenario"]) == (1, 1)
    assert by_type["fact"]["wrong_entity"] == 0 and by_type["numeric_lookup"]["wrong_entity"] == 1

    text = "\n".join(failure_lines(results))
    assert "wrong_entity, wrong_scenario" in text.split("### x1 (numeric_lookup)")[1].split("\n")[0]
    assert "Verkeerde overheid:** 845.120 staat als voorbeeldstad, maar is van Proefregio" in text

    assert check_thresholds(overall, {}, parse_max(["wrong_entity=0"]))
    assert check_thresholds(overall, {}, parse_max(["wrong-scenario=1"])) == []
    with pytest.raises(ValueError):
        parse_max(["correctness=1"])

    reports = {
        "set": {"overall": overall, "by_type": by_type},
        "old": {"overall": {}, "by_type": {}},
    }
    compare_tables(reports)  # old reports without the keys still render
    table = mislabel_table(reports)
    assert table.columns[1].header == "set" and len(table.columns) == 3


def test_terminal_table_shows_counts_as_integers():
    from evals.run import EvalRun

    r = _scored("x1", "fact", "De uitgaven van Voorbeeldstad: € 845.120. [1]",
                [fig(845120, entity="Proefregio")])  # fmt: skip
    run = EvalRun("g.jsonl", "offline", [r], summarise([r]), summarise_by_type([r]))
    cells = [c._cells for c in summary_table(run).columns if c.header == "wie/scen."]
    assert cells == [["1/0", "1/0"]]
    assert not math.isnan(run.overall["wrong_entity"])


def test_a_computed_result_is_not_an_amount_of_anyone():
    """The answer's own arithmetic ("= 4,6") may equal some other government's figure by chance;
    it is not a claim about that figure."""
    from evals.labels import amounts

    sentence = ("Dat is voor Zeedorp € 4,6 per inwoner hoger dan voor Duinwijk: "
                "155 − 150,4 = 4,6. [1]")
    assert amounts(sentence) == []
    assert [a.text for a in amounts("De lasten van Zeedorp: € 5.409.000. [1]")] == ["5.409.000"]
