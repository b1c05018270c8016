"""Abbreviations spelled out by the documents themselves (texts invented for the tests)."""

from __future__ import annotations

import pytest

from assistant.abbreviations import expansions


@pytest.mark.parametrize(
    ("abbr", "text", "long"),
    [
        ("WZT", "het Wijkzorgteam (WZT) pakt dit op", "Wijkzorgteam"),
        ("BGO", "via het Bureau Gezinsondersteuning Oost (BGO) lopen",
         "Bureau Gezinsondersteuning Oost"),
        ("CJG", "het Centrum voor Jeugd en Gezin (CJG) in de wijk", "Centrum voor Jeugd en Gezin"),
        ("JOM", "met JOM (Jongeren Op Maat) bereiken we", "Jongeren Op Maat"),
        ("TRA", "inzet van POB / TRA (Praktijkondersteuner Bureau / Trajectadviseur) bij scholen",
         "Trajectadviseur"),
        ("POB", "inzet van POB / TRA (Praktijkondersteuner Bureau / Trajectadviseur) bij scholen",
         "Praktijkondersteuner Bureau"),
        ("GIs", "de Gecertificeerde Instellingen (GIs) voeren uit", "Gecertificeerde Instellingen"),
        ("KVM", "de methode ‘Kleine Veranderingen Methode’\n(KVM) werkt",
         "Kleine Veranderingen Methode"),
    ],
)
def test_long_forms_beside_the_abbreviation(abbr, text, long):
    assert expansions(abbr, text)[0] == long


def test_brackets_that_do_not_spell_the_abbreviation_are_ignored():
    assert expansions("WMO", "de WMO (2015) geldt voor iedereen") == []
    assert expansions("ABC", "de kosten (zie bijlage) van ABC (ongeveer € 5.000)") == []
    assert expansions("XYZ", "de kosten van de regio (XYZ) stegen") == []


def test_a_definition_question_with_fillers_is_answered_from_the_document():
    from assistant.answer import AnswerContext, OfflineAnswerer
    from core.models import Passage

    passage = Passage(
        id="p", source="x.txt", line_start=10, line_end=12,
        text="De regio zet in op de inzet van een WZT (Wijkzorgteam) in elke kern.\n"
             "Dat team werkt outreachend.",
    )
    question = "De regio noemt een WZT. Wat is in vredesnaam een WZT?"
    ctx = AnswerContext(question=question, original_question=question, passages=[passage],
                        figures=None, allowed_sources={"x.txt"}, idf={})
    answer = OfflineAnswerer().answer(ctx)
    assert answer.text.startswith("WZT staat voor Wijkzorgteam.")
    assert answer.citations and answer.citations[0].source == "x.txt"
    # a lower-case word is not an abbreviation the text could spell out
    word = "Wat is een wijkzorgteam?"
    ctx = AnswerContext(question=word, original_question=word, passages=[passage],
                        figures=None, allowed_sources={"x.txt"}, idf={})
    assert "staat voor" not in OfflineAnswerer().answer(ctx).text
