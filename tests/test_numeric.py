"""Offline numeric answerer on paraphrased questions (not the dev-set wording)."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.numeric import answer_numeric
from ingest.figures import build_figures
from storage.figure_store import FigureStore, write_store

ROOT = Path(__file__).resolve().parent.parent
MLO_DOC = "2022-regiovisie-jeugd-en-gezin-midden-limburg-oost-2023-2028.txt"


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    db = tmp_path_factory.mktemp("num") / "figures.sqlite"
    write_store(build_figures(ROOT / "corpus"), db)
    return FigureStore(db)


def test_difference_of_deficits(store):
    a = answer_numeric("Met hoeveel is het tekort jeugdzorg van 2017 naar 2018 toegenomen?", store)
    assert a and not a.abstain
    assert "1.395.090" in a.text and a.computation == "3.492.011 − 2.096.921 = 1.395.090"
    assert {f.line for f in a.figures} == {145}


def test_sum_of_deficits(store):
    a = answer_numeric("Hoeveel bedroeg het tekort in 2015 t/m 2018 bij elkaar opgeteld?", store)
    assert a and "6.115.804" in a.text
    assert len(a.figures) == 4


def test_lookup_spending(store):
    a = answer_numeric("Hoeveel is er in 2016 uitgegeven aan jeugdzorg?", store)
    assert a and "9.346.037" in a.text
    assert all(s[1] for s in a.sentences)  # every sentence carries its figure


def test_false_premise_year_absent(store):
    a = answer_numeric("Hoe hoog was het budget voor jeugdhulp in 2024?", store)
    assert a and a.abstain and "2024" in a.reason


def test_taakstelling_names_its_scope(store):
    a = answer_numeric(
        "Hoeveel moet er vanaf 2022 op jeugdhulp bezuinigd worden volgens de taakstelling?", store
    )
    assert a and "1,2 miljoen" in a.text
    assert "688.805" in a.text and "sociaal domein" in a.text


def test_leudal_question_not_answered_with_mlo(store):
    a = answer_numeric("Met hoeveel ambulante jeugdhulpaanbieders werkt Leudal?", store)
    assert a and "Midden-Limburg Oost" in a.text and "niet over Leudal" in a.text
    mlo_sentences = [s for s, figs in a.sentences if any(f.source == MLO_DOC for f in figs)]
    assert all("Midden-Limburg Oost" in s for s in mlo_sentences)


def test_mlo_question_uses_mlo(store):
    a = answer_numeric("Wat waren in MLO in 2018 de gemiddelde kosten per cliënt?", store)
    assert a and "4.537" in a.text
    assert all(f.entity == "Midden-Limburg Oost" for f in a.figures)


def test_access_control_hides_sources(store):
    a = answer_numeric(
        "Hoeveel is er in 2016 uitgegeven aan jeugdzorg?", store, allowed_sources={MLO_DOC}
    )
    assert a is None or a.abstain or all(f.source == MLO_DOC for f in a.figures)


@pytest.mark.parametrize(
    "q",
    [
        "Waarom stijgen de kosten van jeugdhulp?",
        "Wie was de voorzitter van de visitatiecommissie?",
        "Wat is de visie op preventie?",
    ],
)
def test_non_numeric_questions_are_left_to_others(store, q):
    assert answer_numeric(q, store) is None
