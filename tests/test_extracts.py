"""What an extract may quote: whole sentences, not the tail of one cut at a chunk edge, not a
one-word heading; list items that go on over a line break stay whole; the text under a short
heading that names the subject counts as about the subject. Texts are invented for the tests."""

from __future__ import annotations

from dataclasses import replace

from assistant.answer import (
    _shape_penalty,
    _under_heading,
    coverage,
    focus_words,
    idf_table,
    query_terms,
    split_sentences,
    synonym_tokens,
)
from core.models import Passage
from core.text import TypoCorrector, tokenize


def _sentences(text: str):
    return split_sentences(Passage(id="p", text=text, source="x.txt"), 0)


def test_tail_of_a_cut_sentence_is_penalised_but_an_enumerated_item_is_not():
    cut, whole = _sentences(
        "worden besproken met de aanbieders. De gemeente betaalt de facturen binnen dertig dagen."
    )
    question = "Wie betaalt de facturen?"
    assert _shape_penalty(cut, question) > _shape_penalty(whole, question)
    (bracket,) = _sentences("AWBZ) en de Participatiewet worden samengevoegd")
    assert _shape_penalty(bracket, question) > 0
    (item,) = _sentences("a) de mate waarin cliënten zonder hulp verder kunnen;")
    assert _shape_penalty(item, "Uit welke onderdelen bestaat het?") == 0


def test_list_item_cut_by_a_line_break_stays_one_item():
    items = [s for s in _sentences(
        "De commissie raadt aan:\n"
        "- Leg werkbezoeken af. Een goed voorbeeld is de gemeente\n"
        "Zeestad aan Zee.\n"
        "- Werk samen in de regio."
    ) if s.is_list_item]
    assert len(items) == 2
    assert items[0].text.endswith("de gemeente Zeestad aan Zee.")
    # a compound written over the line break ("Zorg-\nWelzijn") keeps its item whole too
    (item,) = [s for s in _sentences(
        "- Het overleg vindt plaats in de driehoek Zorg-\nWelzijn-Onderwijs. Dat werkt goed."
    ) if s.is_list_item]
    assert "driehoek Zorg-Welzijn-Onderwijs." in item.text


def test_text_under_a_heading_that_names_the_subject_counts_as_about_it():
    sentences = _sentences(
        "Er lopen twee proeven:\nDuinhoeve\nDeze proef loopt al een jaar. "
        "Een medewerker houdt spreekuur in de praktijk.\nZandvoort\nHier is nog niets gestart."
    )
    question = "Wat houdt de proef in Duinhoeve in?"
    terms = query_terms(question)
    idf = idf_table([s.text for s in sentences])
    under = _under_heading(sentences, terms, idf)
    spreekuur = next(s for s in sentences if "spreekuur" in s.text)
    gestart = next(s for s in sentences if "gestart" in s.text)
    assert coverage(terms, spreekuur.text, idf) < under.get(id(spreekuur), 0)
    assert id(gestart) not in under


def test_typo_fix_only_touches_the_asked_word_and_not_another_form_of_it():
    corrector = TypoCorrector({"inwoners", "inwoner", "bewoners", "resultaten", "grotere"})
    q = "hoeveel inwonrs telde de gemeente, en was het groter dan eerst?"
    assert corrector.fix(q, focus_words(q)) == q.replace("inwonrs", "inwoners")
    q2 = "wat was het resultaat?"  # "resultaten" is the same word in another form
    assert corrector.fix(q2, focus_words(q2)) == q2


def test_a_list_after_a_colon_keeps_long_items_and_ends_at_the_next_chapter():
    sentences = _sentences(
        "Samengevat zien we:\n"
        "Meer meldingen bij de wijkteams\n"
        "Langere wachttijden per aanvraag (vanwege personeelstekort, ziekte en een hoge instroom)\n"
        "Hoofdstuk 3: Wat we gaan doen\n"
    )
    items = [s.text for s in sentences if s.is_list_item]
    assert items == [
        "Meer meldingen bij de wijkteams",
        "Langere wachttijden per aanvraag (vanwege personeelstekort, ziekte en een hoge instroom)",
    ]


def test_a_glossary_synonym_covers_the_users_word():
    alts = synonym_tokens([["toegang", "wijkteam", "wijkteams"], ["uitgaven", "kosten"]])
    text = "De toegang stuurt strakker op indicaties."
    terms = query_terms("Hoe stuurt het wijkteam?")
    idf = idf_table([text, "Iets anders over kosten."])
    assert coverage(terms, text, idf) < coverage(terms, text, idf, alts)


def test_an_answer_must_name_the_amount_that_was_asked():
    from assistant.answer import _focus_unspoken

    (sentence,) = _sentences("Voor de regio is € 193.355 per jaar gereserveerd voor drie jaar.")
    idf = idf_table([sentence.text])
    assert _focus_unspoken("Wat is het uurtarief voor begeleiding?", [sentence], idf, {}) == [
        "uurtarief"
    ]
    assert _focus_unspoken("Hoeveel is er per jaar gereserveerd?", [sentence], idf, {}) == []
    # after "welk" comes a category the answer names by an instance
    assert _focus_unspoken("Met welk instrument kiezen we?", [sentence], idf, {}) == []
    # "hoeveel reserveert de regio": the word after "hoeveel" is the verb of an inverted
    # clause (its subject follows), not a thing the answer must name
    assert _focus_unspoken("Hoeveel reserveert de regio per jaar?", [sentence], idf, {}) == []
    assert _focus_unspoken("Hoeveel reserveren we per jaar?", [sentence], idf, {}) == []
    assert _focus_unspoken("Hoeveel uurtarief rekent de regio?", [sentence], idf, {}) == [
        "uurtarief"
    ]
    # a compound asked ("het leesprogramma") is named by its head word in the text
    (prog,) = _sentences("Het programma 'Boek open' wordt uitgevoerd door de bibliotheek.")
    assert _focus_unspoken("Wat is het leesprogramma 'Boek open'?", [prog], idf, {}) == []


def test_a_passage_that_states_the_asked_year_keeps_a_figure_store_gap_from_abstaining():
    from assistant.answer import AnswerContext, _stated_for_years
    from assistant.intent import analyse
    from core.profile import Profile

    passage = Passage(
        id="p", source="x.txt",
        text="Voor 2020 legde de raad een inspanningsverplichting op van € 550.000 op de "
             "jeugdhulp. Daarna volgde een taakstelling.",
    )
    question = "Welke inspanningsverplichting gold in 2020 voor de jeugdhulp?"
    idf = idf_table([passage.text, "Een andere tekst over iets anders."])

    def ctx(q: str) -> AnswerContext:
        return AnswerContext(question=q, original_question=q, passages=[passage], figures=None,
                             allowed_sources={"x.txt"}, idf=idf)

    assert _stated_for_years(ctx(question), analyse(question, Profile()))
    other_year = question.replace("2020", "2023")
    assert not _stated_for_years(ctx(other_year), analyse(other_year, Profile()))


def test_the_asked_metric_word_beside_the_year_lets_a_loose_paraphrase_count():
    from assistant.answer import AnswerContext, _stated_for_years
    from assistant.intent import analyse
    from core.profile import Profile

    passage = Passage(
        id="p", source="x.txt",
        text="De regio werkt met 80 aanbieders, waarvan 30 aanbieders in 2019 een omzet van "
             "minder dan € 10.000 hadden.",
    )
    idf = idf_table([passage.text, "Een andere tekst over de begroting.", "Nog een tekst."])

    def ctx(q: str) -> AnswerContext:
        return AnswerContext(question=q, original_question=q, passages=[passage], figures=None,
                             allowed_sources={"x.txt"}, idf=idf)

    loose = "hoeveel aanbieders bleven in 2019 onder de tien mille omzet per jaar?"
    intent = analyse(loose, Profile())
    assert intent.concepts and _stated_for_years(ctx(loose), intent)
    unasked_year = loose.replace("2019", "2016")
    assert not _stated_for_years(ctx(unasked_year), analyse(unasked_year, Profile()))


def test_a_footnote_web_address_is_no_answer():
    (note,) = _sentences("Zie https://www.voorbeeld.nl/rapport-jeugd.pdf voor de cijfers.")
    (plain,) = _sentences("Zie het rapport over de jeugdhulp voor de cijfers.")
    question = "Waar staan de cijfers?"
    assert _shape_penalty(note, question) > _shape_penalty(plain, question)


def test_the_sections_numbered_heading_is_not_a_list_item():
    """A chunk that opens with its numbered heading ("3. Beleidsplan") quotes the heading on
    its own; read as list item 3 it swallowed the paragraph under it."""
    text = (
        "3. Beleidsplan Sociaal Domein\nDe gemeenten stellen een integraal beleidsplan op.\n"
        "De thema's zijn:\nPreventie\nToegang\nWonen"
    )
    got = split_sentences(
        Passage(id="p", text=text, source="x.txt", section="3. Beleidsplan Sociaal Domein"), 0
    )
    assert [(s.text, s.is_list_item) for s in got[:2]] == [
        ("3. Beleidsplan Sociaal Domein", False),
        ("De gemeenten stellen een integraal beleidsplan op.", False),
    ]
    assert [s.text for s in got if s.is_list_item] == ["Preventie", "Toegang", "Wonen"]


def test_a_municipality_without_a_glossary_still_has_the_general_vocabulary(tmp_path):
    """Another municipality's corpus brings no glossary: its council members' "overschrijding"
    must still meet the documents' "tekort"; its own glossary is added and wins."""
    from core.text import Glossary

    bare = Glossary.load(tmp_path / "glossary.yaml")
    assert any({"tekort", "overschrijding"} <= set(g) for g in bare.synonyms)
    assert bare.abbreviations["OZB"] == "onroerendezaakbelasting"
    own = tmp_path / "own.yaml"
    own.write_text("abbreviations:\n  OZB: ozb-tarief\nsynonyms:\n  - [kern, dorp]\n")
    mine = Glossary.load(own)
    assert mine.abbreviations["OZB"] == "ozb-tarief" and ["kern", "dorp"] in mine.synonyms
    assert Glossary.load(own, general=None).synonyms == [["kern", "dorp"]]


def test_a_why_answer_keeps_the_rest_of_its_reason():
    """The reason runs on after the best sentence ("... we nemen daar de tijd voor. Keuzes
    maken we eind 2020, vóór een nieuwe aanbesteding per 2022."): a why-answer keeps the next
    sentences of that paragraph, a what-answer does not need them."""
    from assistant.answer import OfflineAnswerer

    passage = Passage(id="p", source="x.txt", text=(
        "We onderzoeken het inkoopbeleid grondig en verlengen daarom de huidige inkoop met "
        "twee jaar. De nieuwe adviseur gaat hiermee aan de slag. Keuzes maken we eind 2020, "
        "tijdig voor een nieuwe aanbesteding per 2022. Daarna volgt de evaluatie van de "
        "kosten in de raad."
    ))
    got = split_sentences(passage, 0)
    for i, s in enumerate(got):
        s.score = 1.0 - 0.3 * i
    ranked = sorted(got, key=lambda s: -s.score)
    why = OfflineAnswerer()._choose(ranked, got, "Waarom wordt de inkoop verlengd?")
    assert any("2022" in s.text for s in why)
    what = OfflineAnswerer()._choose(ranked, got, "Met hoeveel jaar wordt de inkoop verlengd?")
    assert not any("2022" in s.text for s in what)


def test_a_sentence_naming_the_asked_kind_goes_first_when_it_is_close():
    """"Welke wethouder ...?": the close sentence that names a wethouder leads; one far below
    the best does not jump the queue, and without a focus word the order stays."""
    from assistant.answer import _focus_first

    got = _sentences(
        "De commissie ondersteunt gemeenten bij hun financien. De regio meldde zich aan bij de "
        "commissie. De heer Jan Smit, wethouder, sprak met de commissie. Een wethouder "
        "van elders was er niet."
    )
    for s, score in zip(got, (0.8, 0.64, 0.54, 0.2), strict=True):
        s.score = score
    focus = [set(tokenize(w)) for w in focus_words("Welke wethouder sprak met de commissie?")]
    order = [s.text[:12] for s in _focus_first(got, focus, {})]
    assert order[0] == "De heer Jan " and order[-1] == "Een wethoude"
    assert _focus_first(got, [], {}) == got


def test_a_why_question_reads_a_table_row_apart_from_the_prose_after_it():
    # An OCR'd page runs a table straight into its explanation, with no full stop between.
    text = (
        "Programma's Begroting Rekening Verschil\n"
        "P0 Bestuur 690 -4.270 -3.580 603\n"
        "P1 Veiligheid 46 -2.778 -2.732 72\n"
        "Programma 0 Bestuur (€ 317.000 nadeel) Het nadeel komt vooral doordat een vrijstelling "
        "voor de btw is vervallen.\n"
        "Die btw bedraagt over twee jaar samen € 293.000."
    )
    passage = Passage(id="p", text=text, source="x.pdf")
    kept = split_sentences(passage, 0)
    apart = split_sentences(passage, 0, rows_apart=True)
    assert any("P1 Veiligheid" in s.text and "vrijstelling" in s.text for s in kept)
    assert not [s for s in apart if "690" in s.text or "2.778" in s.text]  # rows left out
    reason = next(s for s in apart if "vrijstelling" in s.text)
    assert reason.text.startswith("Programma 0")
    assert _shape_penalty(reason, "Waarom?", prose=True) == 0
    (row,) = _sentences("P1 Veiligheid 46 -2.778 -2.732 72")
    assert _shape_penalty(row, "Waarom?", prose=True) > _shape_penalty(row, "Waarom?") > 0


def test_waardoor_asks_for_a_reason_and_the_paragraph_goes_on():
    from assistant.answer import OfflineAnswerer

    passage = Passage(id="p", text=(
        "Het tekort op het programma komt vooral door de hogere kosten van het leerlingenvervoer "
        "in het hele jaar. Bovenop de raming kwam er nog € 40.000 bij. "
        "Daarnaast vielen de baten van de markt tegen."), source="x.txt")
    got = split_sentences(passage, 0)
    for s in got:
        s.score = 1.0 if "leerlingenvervoer" in s.text else 0.1
    ranked = sorted(got, key=lambda s: -s.score)
    chosen = OfflineAnswerer()._choose(ranked, got, "Waardoor ontstond het tekort?")
    assert any("40.000" in s.text for s in chosen)


def test_a_year_that_names_a_document_is_no_year_the_answer_must_hold():
    """"Is dat in de vgr van 2021 beter geworden?" dates the report, spelled as an abbreviation;
    "de regiovisie 2023-2028" quotes a title. Neither year is a constraint on the passages. A
    report year no document has, or a year beside no document word, stays one."""
    from assistant.answer import AnswerContext, _dating_years

    def dating(question: str) -> set[str]:
        return _dating_years(AnswerContext(
            question=question, original_question=question, passages=[], figures=None,
            allowed_sources={"a.txt", "b.txt"},
            titles={"a.txt": "Regiovisie Jeugd en Gezin 2023-2028", "b.txt": "Werkverslag"},
            years={"a.txt": 2022, "b.txt": 2021},
            glossary={"vgr": "voortgangsrapportage"},
        ))

    assert dating("Is de monitoring in de vgr van 2021 beter geworden?") == {"2021"}
    assert dating("Wat zegt onze regiovisie 2023-2028 over thuis opgroeien?") == {"2023", "2028"}
    assert dating("Wat meldt de rapportage van 2030 over de monitoring?") == set()
    assert dating("Hoeveel kinderen kregen in 2021 jeugdhulp?") == set()
    budget = AnswerContext(
        question="How many lampposts does the 2025 budget count?",
        original_question="", passages=[], figures=None, allowed_sources={"c.pdf"},
        titles={"c.pdf": "Begroting 2025 gemeente Zeedorp"}, years={"c.pdf": 2024},
        document_names={"begroting": "c.pdf"},
    )
    assert _dating_years(budget) == {"2025"}  # the English name of the budget dates it


def test_an_english_name_of_a_document_kind_names_the_document():
    """"the 2018 transformation plan" in an English question names the document whose title
    word is "transformatieplan", through the general vocabulary's synonym groups."""
    from pathlib import Path
    from types import SimpleNamespace

    from assistant.api import Assistant
    from core.text import Glossary

    holder = SimpleNamespace(glossary_data=Glossary.load(Path("/nonexistent/glossary.yaml")))
    snapshot = SimpleNamespace(title_words={"a.txt": "transformatieplan", "b.txt": "regiovisie"})

    def spell(q: str) -> str:
        return Assistant._spell_document_names(holder, snapshot, q)

    said = spell("What does the 2018 transformation plan say about foster care, and the "
                 "regional vision?")
    assert "transformatieplan" in said and "regiovisie" in said
    # a Dutch question keeps its own words
    dutch = "Wat zegt het plan over pleegzorg in de regio?"
    assert spell(dutch) == dutch


def test_an_elided_compound_yields_its_whole_forms():
    """"opvoed- en opgroeiproblemen" speaks of "opvoedproblemen" too, so a question in the
    whole word meets the sentence (and the reverse)."""
    said = set(tokenize("de tien meest voorkomende opvoed- en opgroeiproblemen"))
    assert set(tokenize("opvoedproblemen")) <= said
    assert set(tokenize("opgroeiproblemen")) <= said
    assert not set(tokenize("opvoedproblemen")) <= set(tokenize("opvoed en opgroeiproblemen"))
    # also as typed without the space after the hyphen
    assert set(tokenize("rioolheffing")) <= set(tokenize("de riool-en waterzorgheffing"))


def test_a_synonym_of_a_documents_title_word_names_the_document_not_the_counted_thing():
    """"de visiteurs willen ...": the word points at the visitation report (its title word is
    "visitatie"); the number sentence need not say it. A rare word of the subject still must."""
    from assistant.answer import AnswerContext, unstated_terms
    from assistant.intent import analyse
    from core.profile import Profile

    passage = Passage(id="p", source="v.txt",
                      text="Onderzoek de 10 duurste cliënten binnen het sociaal domein.")
    idf = idf_table([passage.text, "Een tekst over de begroting.", "Nog een tekst hier.",
                     "De visitatie sprak met veel mensen."])

    def missing(q: str) -> list[str]:
        ctx = AnswerContext(question=q, original_question=q, passages=[passage], figures=None,
                            allowed_sources={"v.txt"}, idf=idf,
                            document_names={"visitatie": "v.txt"},
                            synonyms=[["visitatie", "visiteurs", "visitatoren"]])
        ctx.intent = analyse(q, Profile())
        return unstated_terms(ctx)

    assert missing("de visiteurs noemen dure cliënten; om hoeveel cliënten gaat het?") == []
    assert missing("de visiteurs noemen wachtlijsten; hoeveel wachtlijstplaatsen zijn er?")



def test_a_compound_asked_is_stated_by_its_parts_or_another_spelling():
    """An "open-einderegeling" is stated by a sentence that writes "openeinderegeling" (and a
    compound by its parts written apart): no gap in the documents to report."""
    from assistant.answer import AnswerContext, unstated_terms
    from assistant.intent import analyse
    from core.profile import Profile

    passage = Passage(id="p", source="b.pdf", text=(
        "Het risico op de wegen heeft een bedrag van € 40.000. "
        "De openeinderegeling kost jaarlijks € 75.000."))
    idf = idf_table([passage.text, "Een tekst over de begroting.", "Nog een tekst hier."])

    def missing(q: str) -> list[str]:
        ctx = AnswerContext(question=q, original_question=q, passages=[passage], figures=None,
                            allowed_sources={"b.pdf"}, idf=idf)
        ctx.intent = analyse(q, Profile())
        return unstated_terms(ctx)

    # one of the rare words stated (in another spelling) means the number is about it
    assert missing("Wat kost de open-einderegeling voor bruggen en sluizen?") == []
    assert missing("Wat kost de schaderegeling voor bruggen en sluizen?")


def test_a_document_named_by_one_of_its_parts_is_demanded():
    """"volgens de jaarrekening 2019" asks the jaarstukken (of which the jaarrekening is a
    part), though the title's first word is "Jaarstukken"."""
    from assistant.answer import AnswerContext, _named_by_title

    q = "Wat zegt de jaarrekening 2019 over de algemene reserve?"
    ctx = AnswerContext(question=q, original_question=q, passages=[], figures=None,
                        allowed_sources={"j.pdf", "b.pdf"}, named_sources={"j.pdf"},
                        titles={"j.pdf": "Jaarstukken 2019 gemeente Zeedorp",
                                "b.pdf": "Begroting 2025 gemeente Zeedorp"})
    assert _named_by_title(ctx) == {"j.pdf"}


def test_an_unknown_name_is_answered_with_the_name_the_documents_use():
    """A false premise by name ("de Veiligheidsregio Noordkust"): the documents' own
    Veiligheidsregio is named, so the asker learns which one they mean."""
    from assistant.answer import named_instead

    passages = [Passage(id="a", source="b.pdf", text="De bijdrage aan de Veiligheidsregio "
                        "Zuiderduin stijgt in 2025. De Veiligheidsregio Zuiderduin voert de "
                        "brandweerzorg uit.")]
    q = "Hoeveel betalen we aan de Veiligheidsregio Noordkust?"
    assert named_instead(q, "Noordkust", passages) == "Veiligheidsregio Zuiderduin"
    assert named_instead("Wat doet Noordkust?", "Noordkust", passages) == ""


def test_a_looked_up_figure_that_misses_the_questions_specific_word_is_not_the_answer():
    """The question's rare word ("inkomensafhankelijke") is in a sentence with a number but
    in none of the found figure's labels or quote: that figure is about something else."""
    from assistant.answer import AnswerContext, plan_misses_subject
    from assistant.intent import analyse
    from core.profile import Profile
    from ingest.figures import make_figure

    passage = Passage(id="p", source="r.txt",
                      text="Met een inkomensafhankelijke eigen bijdrage kan landelijk nog 0,8 "
                           "tot 1,2 miljard euro bespaard worden.")
    idf = idf_table([passage.text, "De besparing op de toegang is 130.000 euro.",
                     "Een tekst over de begroting.", "Nog een andere tekst."])
    q = "Hoeveel levert een inkomensafhankelijke eigen bijdrage landelijk op?"
    ctx = AnswerContext(question=q, original_question=q, passages=[passage], figures=None,
                        allowed_sources={"r.txt"}, idf=idf)
    ctx.intent = analyse(q, Profile())
    other = make_figure(metric="besparing", entity="Nederland", subject="Toegang", period="2021",
                        value=130_000, unit="EUR", source="r.txt", line=9,
                        quote="De besparing op de toegang is 130.000 euro.")
    about = make_figure(metric="besparing", entity="Nederland", subject="Eigen bijdrage",
                        period="2021", value=1_000_000_000, unit="EUR", source="r.txt", line=1,
                        quote=passage.text)
    assert plan_misses_subject(ctx, [other])
    assert not plan_misses_subject(ctx, [about])


def test_a_qualifying_word_after_hoeveel_is_not_the_asked_thing():
    """"hoeveel extra huurinkomsten": the passages need not say "extra"; the asked thing is
    the income."""
    from assistant.answer import focus_words
    from assistant.intent import analyse
    from core.profile import Profile

    q = "hoeveel extra huurinkomsten levert dat in 2028 op?"
    assert "extra" not in focus_words(q)
    assert "extra" not in analyse(q, Profile()).subject_terms


def test_a_date_with_a_wrong_year_is_answered_with_the_day_the_documents_give():
    from assistant.answer import _date_elsewhere

    passages = [Passage(id="a", source="v.txt",
                        text="Het bestuurlijke gesprek vond plaats op 4 februari 2020 in het "
                             "gemeentehuis.")]
    assert _date_elsewhere("Wat is er op 4 februari 2019 besproken?", ["2019"],
                           passages) == "4 februari 2020"
    assert _date_elsewhere("Wat is er op 5 maart 2019 besproken?", ["2019"], passages) == ""


def _items_summed(q: str, text: str):
    """The items-sum answer (or None) for ``q`` over one passage of ``text``, with the
    question's intent."""
    from assistant.answer import AnswerContext, OfflineAnswerer
    from assistant.citations import CitationBuilder
    from assistant.intent import analyse
    from core.models import Answer
    from core.profile import Profile

    passage = Passage(id="p", source="b.pdf", text=text, line_start=1,
                      line_end=text.count("\n") + 1)
    idf = idf_table([text, "Een tekst over de begroting.", "Nog een tekst over wegen."])
    ctx = AnswerContext(question=q, original_question=q, passages=[passage], figures=None,
                        allowed_sources={passage.source}, idf=idf, profile=Profile(),
                        intent=analyse(q, Profile()))
    return OfflineAnswerer()._text_items_sum(
        Answer(question=q, text="", backend="x"), CitationBuilder(), ctx)


def test_two_items_asked_together_are_each_read_from_their_own_sentence_and_added():
    """"Wat kosten X en Y samen?" with X and Y each stated in a sentence of their own (no table
    holds them): each item's amount comes from the sentence that names it, both are quoted and
    added. A question whose items are not each named with one amount gets no sum."""
    from assistant.answer import summed_items

    text = ("Loonkosten 2025 (structureel hogere lasten € 400.000) We rekenen met een "
            "loonstijging van 3%.\n"
            "Huur gebouwen (structureel hogere lasten € 150.000) De huur van de panden wordt "
            "geïndexeerd.\n"
            "Overige posten blijven gelijk.")
    assert summed_items("Wat kosten de loonstijging en de huur van de panden samen?") == [
        ["loonstijging"], ["huur", "panden"]]

    def ask(q: str) -> str:
        return _items_summed(q, text).text

    assert "Samen € 550.000: 400.000 (loonstijging) + 150.000 (huur panden) = 550.000" in ask(
        "Wat kosten de loonstijging en de huur van de panden samen?")
    assert summed_items("Wat kost de huur van de panden in totaal?") == []


def test_items_with_dated_notes_take_the_asked_years_amount_and_the_heading_names_them():
    """A budget's bracketed note of effects ("(hogere baten vanaf 2027 € 20.000, vanaf 2028
    € 35.000)") follows the heading that names its item: asked for one year, each item's
    amount is the one of that year (an earlier "vanaf" amount holds on). Without a year the
    two amounts of a note are no single amount and nothing is added."""
    text = ("Tarieven sporthallen Het college herziet de tarieven.\n"
            "(structureel hogere baten vanaf 2027 € 20.000, vanaf 2028 € 35.000) De tarieven "
            "stijgen stapsgewijs.\n"
            "Tarieven zwembad en ijsbaan Ook hier volgt een herziening.\n"
            "(structureel hogere baten vanaf 2026 € 40.000) De opbrengst van de ijsbaan "
            "en het zwembad stijgt.")

    def ask(q: str) -> str | None:
        got = _items_summed(q, text)
        return None if got is None else got.text

    assert "Samen in 2028 € 75.000: 35.000 (sporthallen) + 40.000 (zwembad) = 75.000" in ask(
        "Hoeveel extra baten in 2028 uit de sporthallen en het zwembad samen?")
    assert "Samen in 2027 € 60.000: 20.000 (sporthallen) + 40.000 (zwembad)" in ask(
        "Hoeveel extra baten in 2027 uit de sporthallen en het zwembad samen?")
    assert ask("Hoeveel extra baten uit de sporthallen en het zwembad samen?") is None


def test_a_plan_named_with_years_the_documents_never_give_it_is_corrected():
    from assistant.answer import span_elsewhere

    texts = ["Meerjarenplan 2024-2027 Wegen (vastgesteld)", "Het plan loopt tot 2027."]
    assert span_elsewhere("Wat stond er in het meerjarenplan 2023-2026 over fietspaden?",
                          texts) == ("Let op: in de documenten staat meerjarenplan 2024-2027, "
                                     "niet 2023-2026.")
    assert span_elsewhere("Wat stond er in het meerjarenplan 2024-2027?", texts) == ""
    # the asked span is in the documents (beside another word): no premise to correct
    assert span_elsewhere("Wat zegt het meerjarenplan 2023-2026?",
                          [*texts, "De jaren 2023-2026 waren zwaar."]) == ""


def test_two_governments_named_as_two_sides_claim_no_membership():
    """"In Zeedorp ... en in Kustregio Noord ...": a comparison of two sides, not the claim
    that Zeedorp belongs to that region; "Zeedorp en de andere gemeenten van Kustregio Noord"
    does claim it."""
    from assistant.answer import _sides_apart

    home, other = ["Zeedorp"], ["Kustregio Noord", "KRN"]
    assert _sides_apart("Hoe kopen ze in in Zeedorp volgens de nota en in KRN volgens de visie?",
                        home, other)
    assert _sides_apart("Is de wachttijd in Zeedorp langer dan in Kustregio Noord?", home, other)
    assert not _sides_apart("Welke gemeenten vormen met Zeedorp de Kustregio Noord?", home, other)
    assert not _sides_apart("Wat doen Zeedorp en de andere KRN-gemeenten?", home, other)


def test_a_second_document_nearly_as_much_about_the_question_is_quoted_too():
    """No document named, two documents answer: each gets its labelled block, as long as the
    other document's sentence is about the question nearly as much and holds what a
    when-question asks (a date)."""
    from assistant.answer import AnswerContext, OfflineAnswerer
    from core.profile import Profile

    a = Passage(id="a", source="nota.txt", text="De uitvoeringsplannen voor de wijken zijn in "
                "maart 2020 klaar.", line_start=1, line_end=1)
    b = Passage(id="b", source="rapport.txt", text="De uitvoeringsplannen voor de wijken zijn "
                "vóór 1 april 2020 klaar en vastgesteld.", line_start=5, line_end=5)
    c = Passage(id="c", source="brief.txt", text="De wethouder bezocht de wijken en sprak met "
                "bewoners.", line_start=9, line_end=9)
    idf = idf_table([a.text, b.text, c.text, "Een tekst over de begroting.", "Nog een tekst."])

    def sources(passages: list[Passage]) -> set[str]:
        q = "Wanneer zijn de uitvoeringsplannen voor de wijken klaar?"
        ctx = AnswerContext(question=q, original_question=q, passages=passages, figures=None,
                            allowed_sources={"nota.txt", "rapport.txt", "brief.txt"}, idf=idf,
                            profile=Profile())
        return {c.source for c in OfflineAnswerer().answer(ctx).citations}

    assert sources([a, b]) == {"nota.txt", "rapport.txt"}
    assert sources([a, c]) == {"nota.txt"}  # the other document says no date about it


def test_only_a_neighbours_document_answering_a_question_on_the_home_region_abstains():
    """Asked about the home region, and only the neighbouring region's document speaks: its
    sentence is shown as context, labelled as the neighbour's, and the answer is an
    abstention; asked without naming the home side, it is the labelled answer."""
    from assistant.answer import AnswerContext, OfflineAnswerer
    from core.profile import Profile

    profile = Profile.from_dict({
        "municipality": "Zeedorp",
        "region": {"name": "Kustregio West", "aliases": ["KRW"],
                   "members": ["Zeedorp", "Duinwijk"]},
        "neighbours": [{"name": "Kustregio Oost", "aliases": ["KRO"]}],
    })
    p = Passage(id="o", source="visie-oost.txt", owner="Kustregio Oost", line_start=3,
                line_end=3, text="De regio werkt met 80 aanbieders van ambulante hulp.")
    idf = idf_table([p.text, "Een tekst over de begroting.", "Nog een tekst."])

    def ask(q: str):
        ctx = AnswerContext(question=q, original_question=q, passages=[p], figures=None,
                            allowed_sources={"visie-oost.txt"}, idf=idf, profile=profile,
                            owners={"visie-oost.txt": "Kustregio Oost"})
        return OfflineAnswerer().answer(ctx)

    asked_home = ask("Met hoeveel aanbieders van ambulante hulp werkt Kustregio West?")
    assert asked_home.abstained and "niet van Kustregio West" in asked_home.text
    general = ask("Met hoeveel aanbieders van ambulante hulp wordt gewerkt?")
    assert not general.abstained and "niet van Zeedorp" in general.text


def test_a_number_quoted_for_another_year_than_the_asked_one_is_no_answer():
    """The passages mention the asked year elsewhere, but the sentence with the number is
    about another year: say which year the documents give it for, do not quote it as the
    answer."""
    from core.text import words

    passages = [
        Passage(id="a", source="b.pdf", line_start=1, line_end=1,
                text="Het dividend van Netbeheer BV over 2023 bedroeg € 120.000."),
        Passage(id="b", source="b.pdf", line_start=5, line_end=5,
                text="De begroting 2024 is in november door de raad vastgesteld."),
    ]
    idf = idf_table([p.text for p in passages] + ["Een tekst over iets anders.", "Nog een."])

    def ask(q: str):
        return _offline(q, passages, idf, allowed_sources={"b.pdf"},
                        vocabulary={w for p in passages for w in words(p.text)})

    other = ask("Hoeveel dividend kregen we over 2024 van Netbeheer?")
    assert other.abstained and "alleen voor 2023" in other.text
    same = ask("Hoeveel dividend kregen we over 2023 van Netbeheer?")
    assert not same.abstained and "120.000" in same.text


def test_what_came_of_a_plan_is_not_in_a_document_that_only_announces_it():
    """"Wat kwam er uit de evaluatie in oktober 2020?" asked of a 2020 report that says the
    pilot "wordt rond oktober 2020 geëvalueerd": abstain; a later report that tells the result
    answers."""
    from core.text import words

    def ask(text: str, year: int):
        p = Passage(id="a", source="r.txt", line_start=1, line_end=1, text=text)
        idf = idf_table([text, "Een tekst over iets anders.", "Nog een andere tekst."])
        q = "Wat kwam er uit de evaluatie van de schoolpilot in oktober 2020?"
        return _offline(q, [p], idf, allowed_sources={"r.txt"}, years={"r.txt": year},
                        vocabulary=set(words(text)))

    planned = ask("De schoolpilot loopt op drie scholen en wordt rond oktober 2020 "
                  "geëvalueerd.", 2020)
    assert planned.abstained and "alleen als voornemen" in planned.text
    told = ask("De evaluatie van de schoolpilot in oktober 2020 liet zien dat er minder "
               "verwijzingen waren.", 2021)
    assert not told.abstained and "minder verwijzingen" in told.text


def _offline(q: str, passages: list[Passage], idf: dict[str, float], **context):
    """The offline answer to ``q`` over ``passages`` (no figures store)."""
    from assistant.answer import AnswerContext, OfflineAnswerer
    from core.profile import Profile

    ctx = AnswerContext(question=q, original_question=q, passages=passages,
                        figures=context.pop("figures", None),
                        idf=idf, profile=context.pop("profile", Profile()), **context)
    return OfflineAnswerer().answer(ctx)


def test_an_english_numeric_question_carries_the_dutch_words_of_its_phrases():
    """"the parking tax": the figures' labels are Dutch, so the subject gains the documents'
    word for the English phrase (from the vocabulary's groups); a Dutch question is unchanged."""
    from assistant.answer import _with_dutch_terms
    from assistant.intent import analyse
    from core.profile import Profile

    groups = [["parking tax", "parkeerbelasting"], ["pier", "pier", "havenhoofd"]]
    english = analyse("How much did the parking tax bring in in 2024?", Profile())
    assert english.english and english.kind == "numeric"
    assert "parkeerbelasting" in _with_dutch_terms(english, groups).subject_terms
    assert "parkeerbelasting" not in english.subject_terms  # the cached intent is not changed
    dutch = analyse("Hoeveel bracht de parkeerbelasting op in 2024?", Profile())
    assert _with_dutch_terms(dutch, groups).subject_terms == dutch.subject_terms
    # the asker gives the documents' own word: nothing is added that could outvote it
    own = analyse("How many parking meters (parkeermeters) does the parking tax pay for?",
                  Profile())
    assert _with_dutch_terms(own, groups, {"parkeermeters"}).subject_terms == own.subject_terms


def test_what_we_lose_on_something_asks_for_its_spending():
    """"Wat zijn we kwijt aan X?" is a council member's way of asking what X costs."""
    from assistant.intent import analyse
    from core.profile import Profile

    intent = analyse("wat zijn we in 2025 kwijt aan de bibliotheek?", Profile())
    assert intent.kind == "numeric" and intent.concepts[:1] == ["uitgaven"]


def test_a_numbered_item_is_an_item_even_when_the_chunker_took_it_for_a_heading():
    """"6. Aanpassen: ..." after item 5 goes on the list (the chunker may have named the chunk
    after it), and its "6. " is no sentence that the item would go on after: the paragraph
    after the blank line is not glued to it."""
    from assistant.answer import split_sentences

    text = ("5. Meten bij de partners (welke effecten er zijn)\n\n"
            "6. Aanpassen: bespreken en bijsturen\n\n"
            "Deze cyclus is de basis van het werk in de wijken.")
    passage = Passage(id="p", source="plan.txt", text=text, line_start=1, line_end=5,
                      section="Cyclus > 6. Aanpassen: bespreken en bijsturen")
    got = [(s.is_list_item, s.text) for s in split_sentences(passage, 0)]
    assert got == [
        (True, "5. Meten bij de partners (welke effecten er zijn)"),
        (True, "6. Aanpassen: bespreken en bijsturen"),
        (False, "Deze cyclus is de basis van het werk in de wijken."),
    ]


def test_the_words_of_a_document_named_by_title_are_not_the_asked_subject():
    """"volgens de nota Sport-Bewegen, wat levert de maatregel Zwemles op?": "sport" and
    "bewegen" say which document; only "maatregel" and "zwemles" are what a figure must name."""
    from dataclasses import replace as _replace

    from assistant.answer import AnswerContext, _without_title_words
    from assistant.intent import analyse
    from core.profile import Profile

    intent = _replace(analyse("Wat levert volgens de nota Sport-Bewegen de maatregel Zwemles "
                              "op in 2024?", Profile()), documents={"nota.txt"})
    ctx = AnswerContext(question=intent.question, original_question=intent.question,
                        passages=[], figures=None, allowed_sources={"nota.txt"},
                        titles={"nota.txt": "Nota Sport - Bewegen 2024"})
    assert "sport-bewegen" in intent.subject_terms
    kept = _without_title_words(intent, ctx).subject_terms
    assert "zwemles" in kept and "maatregel" in kept and "sport-bewegen" not in kept


def test_a_sentence_cut_at_the_chunk_edge_is_finished_from_the_next_chunk():
    """The chunker cut "Daarnaast waren de lasten" off from its end: the quote runs on into the
    next chunk up to the full stop (a thousands dot is no full stop); a complete sentence, or
    one whose next chunk is not found, stays as it is."""
    from assistant.answer import Sentence, _finished

    first = Passage(id="a", source="r.pdf", line_start=10, line_end=12,
                    text="Het saldo is nadelig.\nDaarnaast waren de lasten")
    second = Passage(id="b", source="r.pdf", line_start=12, line_end=15,
                     text="Daarnaast waren de lasten\nvoor de opvang € 74.000 hoger dan geraamd. "
                          "Het jaar daarop niet.")

    def lookup(source: str, line: int):
        return next((p for p in (first, second) if p.line_start <= line <= p.line_end
                     and p.line_start > 10), None)

    cut = Sentence("Daarnaast waren de lasten", first, 0, 1)
    assert _finished(cut, lookup).text == (
        "Daarnaast waren de lasten voor de opvang € 74.000 hoger dan geraamd.")
    whole = Sentence("Het saldo is nadelig.", first, 0, 0)
    assert _finished(whole, lookup).text == "Het saldo is nadelig."
    assert _finished(cut, lambda source, line: None).text == "Daarnaast waren de lasten"


def test_a_year_inside_a_headings_span_does_not_state_that_years_number():
    """"Uitgaven sportbeleid 2020 - 2022 De uitgaven per inwoner waren in 2021 € 80": the
    sentence gives 2021's number; asked for 2022 it does not state it (only the heading's span
    names 2022), asked for 2021 it does."""
    from assistant.answer import AnswerContext, _stated_for_years
    from assistant.intent import analyse
    from core.profile import Profile

    text = ("Uitgaven sportbeleid 2020 - 2022 De uitgaven per inwoner aan sport waren in 2021 "
            "€ 80 per inwoner in Zeedorp.")
    passage = Passage(id="p", source="r.txt", text=text, line_start=1, line_end=1)
    idf = idf_table([text, "Een tekst over wegen.", "Nog een tekst over de haven."])

    def stated(q: str) -> bool:
        ctx = AnswerContext(question=q, original_question=q, passages=[passage], figures=None,
                            allowed_sources={"r.txt"}, idf=idf, profile=Profile())
        return _stated_for_years(ctx, analyse(q, Profile()))

    assert stated("Hoeveel waren de uitgaven per inwoner aan sport in 2021?")
    assert not stated("Hoeveel waren de uitgaven per inwoner aan sport in 2022?")


def test_a_claim_only_a_neighbours_document_makes_is_quoted_as_the_neighbours():
    """"Klopt het dat bij ons de meeste zorg bij zeven aanbieders ligt?": only the
    neighbouring region's document says so; the answer quotes it under the note that it is
    that region's, not the asker's. A question whose claim the own documents make is not
    redirected."""
    from assistant.answer import AnswerContext, _neighbours_claim, synonym_tokens
    from assistant.intent import analyse
    from core.profile import Profile

    profile = Profile.from_dict({
        "municipality": "Zeedorp",
        "region": {"name": "Kustregio", "members": ["Zeedorp", "Duinwijk"]},
        "neighbours": [{"name": "Heuvelregio", "members": ["Bergdal"]}],
    })
    own = Passage(id="o", source="nota.txt", line_start=1, line_end=2,
                  text="Zeedorp werkt met veel aanbieders in de jeugdhulp. De kosten stijgen.")
    theirs = Passage(id="t", source="visie.txt", line_start=1, line_end=2,
                     text="De meeste zorg is belegd bij zo'n zeven aanbieders in de regio.")
    idf = idf_table([own.text, theirs.text, "Een tekst over wegen.", "Over de haven."])

    def ctx_for(q: str) -> AnswerContext:
        return AnswerContext(
            question=q, original_question=q, passages=[own], figures=None,
            allowed_sources={"nota.txt", "visie.txt"}, idf=idf, profile=profile,
            owners={"nota.txt": "Zeedorp", "visie.txt": "Heuvelregio"},
            intent=analyse(q, profile),
            search_in=lambda question, sources, k: [theirs] if "visie.txt" in sources else [])

    def redirected(q: str) -> list[Passage]:
        from assistant.answer import query_terms
        ctx = ctx_for(q)
        return _neighbours_claim(ctx, query_terms(q, idf), synonym_tokens([]))

    assert redirected("Klopt het dat in Zeedorp de meeste zorg bij zo'n zeven aanbieders "
                      "is belegd?") == [theirs]
    assert redirected("Werkt Zeedorp met veel aanbieders in de jeugdhulp?") == []
    assert redirected("Klopt het dat in de Heuvelregio de meeste zorg bij zo'n zeven "
                      "aanbieders is belegd?") == []


def test_lines_of_names_with_their_roles_are_items_not_one_run_on_sentence():
    """A list of "Name: role" lines without full stops (an annex of people spoken to) is one
    item per line, so a who-question quotes the one person asked; an abbreviation's dot
    ("plv.") does not glue the next person to it."""
    from assistant.answer import split_sentences

    text = ("Gesprekspartners\n"
            "De heer Jan de Vries: Wethouder (o.a. Sport en financiën)\n"
            "Mevrouw Els Bakker: plv. secretaris / hoofd Samenleving\n"
            "Mevrouw Anna Smit: Regionaal projectleider Jeugd\n")
    passage = Passage(id="p", source="bijlage.txt", text=text, line_start=1, line_end=4)
    items = [s.text for s in split_sentences(passage, 0) if s.is_list_item]
    assert items == ["De heer Jan de Vries: Wethouder (o.a. Sport en financiën)",
                     "Mevrouw Els Bakker: plv. secretaris / hoofd Samenleving",
                     "Mevrouw Anna Smit: Regionaal projectleider Jeugd"]


def test_english_phrases_bring_their_dutch_words_one_way_only(tmp_path):
    """An English question gains the documents' Dutch word ("young people" -> jongeren); a
    Dutch question that says "jongeren" gains no English, so its retrieval is not shifted."""
    from core.text import Glossary

    path = tmp_path / "glossary.yaml"
    path.write_text("english:\n  young people: [jongeren]\n  waiting list: [wachtlijst]\n",
                    encoding="utf-8")
    glossary = Glossary.load(path, general=None)
    assert "jongeren" in glossary.expand("How many young people are on the waiting list?")
    assert glossary.expand("Hoeveel jongeren staan op de wachtlijst?") == (
        "Hoeveel jongeren staan op de wachtlijst?")
    assert ["young people", "jongeren"] in glossary.bridges()


def test_a_number_question_answered_by_sentences_without_a_number_abstains():
    """"Hoeveel subsidie ...?" where the passages about the subject give no amount (only the
    years of the work, a heading's number): no answer, an abstention that shows them. The
    same passages answer once one of them states the amount."""
    heading = Passage(id="a", source="b.pdf", line_start=1, line_end=2, section="Erfgoed",
                      text="2.3 Herstel van de buitenplaatsen\nDe subsidie voor het herstel "
                           "van het park van landgoed Duinzicht is toegekend; het werk start "
                           "in 2024 en loopt door in 2025.")
    other = Passage(id="b", source="b.pdf", line_start=9, line_end=9,
                    text="De raad besprak in 2024 het nieuwe beleid voor de bibliotheek.")
    amount = replace(heading, id="c", text=heading.text.replace(
        "is toegekend", "van € 85.000 is toegekend"))
    idf = idf_table([heading.text, other.text, "Een tekst over iets anders.", "Nog een."])
    q = "Hoeveel subsidie krijgen we voor het herstel van het park van landgoed Duinzicht?"
    from core.text import words

    known = {w for p in (heading, other) for w in words(p.text)}
    none = _offline(q, [heading, other], idf, allowed_sources={"b.pdf"}, vocabulary=known)
    assert none.abstained and "geen getal" in none.text, none.text
    stated = _offline(q, [amount, other], idf, allowed_sources={"b.pdf"}, vocabulary=known)
    assert not stated.abstained and "85.000" in stated.text, stated.text


def test_a_long_word_one_slip_from_a_corpus_word_is_corrected_anywhere():
    """"jeugzorg" (a letter dropped) is corrected even when it is not the word after
    "hoeveel"; a short ordinary word the corpus does not use ("groter") stays."""
    corrector = TypoCorrector({"jeugdzorg", "uitgegeven", "grotere", "budget"})
    q = "wat hebben we aan jeugzorg uitgegeven, en was het groter dan het budget?"
    assert corrector.fix(q, focus_words(q)) == q.replace("jeugzorg", "jeugdzorg")


def test_a_compound_whose_first_part_the_text_says_counts_half():
    """"efficiencyslag" asked, "Efficiency Wijkteam" written: the text names what the
    compound is about (half a match), more than a text without it, less than the word."""
    idf = {"efficiencyslag": 2.0, "wijkteam": 2.0}
    terms = {"efficiencyslag", "wijkteam"}
    half = coverage(terms, "Efficiency Wijkteam Havenstad", idf, modifiers=True)
    assert coverage(terms, "Wijkteam Havenstad", idf, modifiers=True) < half < coverage(
        terms, "De efficiencyslag van het Wijkteam", idf, modifiers=True)
    assert half == 0.75
    # whether the documents speak of the asked thing at all: the first part is not enough
    assert coverage(terms, "Efficiency Wijkteam Havenstad", idf) == 0.5


def test_a_real_dutch_word_the_corpus_does_not_use_is_not_corrected():
    """"opgeteld" is one letter from the corpus's "opgesteld", but a Dutch word of its own:
    correcting it would turn "opgeteld" (a sum) into "opgesteld" (drawn up)."""
    corrector = TypoCorrector({"opgesteld", "besparing", "jeugdzorg"})
    q = "de besparing op jeugzorg 2021 t/m 2024 opgeteld?"
    assert corrector.fix(q, focus_words(q)) == q.replace("jeugzorg", "jeugdzorg")


def test_an_average_per_unit_reads_two_counts_that_stand_apart_in_one_passage(tmp_path):
    """"Hoeveel inwoners per km2 ...?" and "hoeveel inwoners heeft een dorp gemiddeld?": the
    head count and the area or the number of villages stand in different sentences of one
    passage, with a sentence between; "km²" is the asked "km2"."""
    from core.text import words

    p = Passage(id="k", source="v.txt", line_start=1, line_end=4,
                text="- Inwoners: Duinwijk heeft op 1 januari 2020 24.000 inwoners. De "
                     "bevolking krimpt licht.\n- Stedelijkheid: de gemeente valt in de groep "
                     "weinig stedelijke gemeenten.\n- Ligging: Duinwijk heeft een oppervlakte van "
                     "120 km². De gemeente bestaat uit twaalf dorpen. Het grootste dorp heeft "
                     "ruim 5000 inwoners.")
    other = Passage(id="o", source="v.txt", line_start=9, line_end=9,
                    text="De raad besprak in 2024 het nieuwe beleid voor de bibliotheek.")
    idf = idf_table([p.text, other.text, "Een tekst over iets anders.", "Nog een."])
    known = {w for x in (p, other) for w in words(x.text)}
    from storage.figure_store import FigureStore, write_store

    write_store([], tmp_path / "figures.sqlite")  # a store without these counts
    store = FigureStore(tmp_path / "figures.sqlite")

    def ask(q: str):
        return _offline(q, [p, other], idf, allowed_sources={"v.txt"}, vocabulary=known,
                        figures=store)

    area = ask("Hoeveel inwoners per km2 heeft Duinwijk eigenlijk?")
    assert "24.000 / 120 = 200" in area.text, area.text
    village = ask("Hoeveel inwoners heeft een dorp in Duinwijk gemiddeld?")
    assert "24.000 / 12 = 2.000" in village.text, village.text


def test_a_later_part_does_not_repeat_the_figure_an_earlier_part_answered_with(tmp_path):
    """"Hoeveel aanbieders zijn gecontracteerd, en van hoeveel maakt Zeedorp gebruik?": when
    the second part's plan lands on the first part's figure, the next figure that fits
    answers it."""
    from ingest.figures import make_figure
    from storage.figure_store import FigureStore, write_store

    figs = [make_figure(metric="aanbieders", entity="Zeedorp", period="2019", value=v,
                        unit="aantal", source="r.txt", line=n, quote=q, note=note)
            for v, n, q, note in ((119, 3, "Er zijn 119 aanbieders gecontracteerd.",
                                   "gecontracteerde aanbieders"),
                                  (80, 9, "Ongeveer 80.", "aanbieders waarvan de gemeente "
                                                          "gebruikmaakt"))]
    write_store(figs, tmp_path / "figures.sqlite")
    store = FigureStore(tmp_path / "figures.sqlite")
    p = Passage(id="r", source="r.txt", line_start=1, line_end=9,
                text="Er zijn 119 aanbieders gecontracteerd. Van hoeveel aanbieders maakt de "
                     "gemeente gebruik? Ongeveer 80.")
    idf = idf_table([p.text, "Een tekst over iets anders.", "Nog een."])
    q = "En hoeveel aanbieders heeft Zeedorp?"
    first = next(f for f in store.all() if f.value == 119)
    from core.profile import Profile

    zeedorp = Profile.from_dict({"municipality": "Zeedorp"})
    alone = _offline(q, [p], idf, allowed_sources={"r.txt"}, figures=store, profile=zeedorp)
    assert "119" in alone.text, alone.text  # asked on its own, the first figure answers
    again = _offline(q, [p], idf, allowed_sources={"r.txt"}, figures=store, profile=zeedorp,
                     answered={first.id})
    assert "80" in again.text and "119" not in again.text, again.text
