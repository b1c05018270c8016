"""Splitting council-question letters and exporting a draft reply."""

from __future__ import annotations

import io

from docx import Document

from assistant.raadsvraag import (
    Draft,
    DraftItem,
    answer_questions,
    number_sources,
    parse_letter,
    split_questions,
    to_docx,
    to_markdown,
)
from core.config import PROJECT_ROOT
from core.models import Answer, Citation

MINUTES = PROJECT_ROOT / "corpus" / "2019-10-ontwikkelagenda-jeugdhulp-taakstelling-leudal.txt"

LETTER = """\
Aan het college van burgemeester en wethouders van Leudal
Onderwerp: kosten jeugdhulp
Betreft raadsvraag 2024 / 12

Geacht college,

Wij hebben de volgende vragen:
1. Hoeveel is in 2018 aan jeugdhulp uitge-
geven?
2) Wat waren de kosten in de jaren 2015, 2016 en
2017?
Vraag 3: Hoe hoog is de taakstelling vanaf 2022? Geef daarbij aan:
 a. de maatregelen;
 b. de besparing per jaar.

Met vriendelijke groet,
4. fractie Voorbeeld
"""


def test_split_letter_with_mixed_numbering():
    letter = parse_letter(LETTER)
    assert letter.reference == "2024-12"
    assert letter.subject == "kosten jeugdhulp"
    assert [q.number for q in letter.questions] == [1, 2, 3]
    assert letter.questions[0].text == "Hoeveel is in 2018 aan jeugdhulp uitgegeven?"
    assert letter.questions[1].text == "Wat waren de kosten in de jaren 2015, 2016 en 2017?"
    # Lettered sub-items stay part of question 3; the signature line is not a question.
    assert letter.questions[2].text.endswith("a. de maatregelen; b. de besparing per jaar.")


def test_split_minutes_of_2019_skips_answers():
    lines = MINUTES.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if "raadsvraag 2019-159" in line)
    letter = parse_letter("\n".join(lines[start:]))
    assert letter.reference == "2019-159"
    assert [q.number for q in letter.questions] == list(range(1, 8))
    first = letter.questions[0].text
    assert first.startswith("Hoeveel is er achtereenvolgens")
    assert first.endswith("einde 3e kwartaal in de jeugdzorg uitgegeven?")
    # The answer text and the table after question 1 do not leak into the question.
    assert "Budget" not in first
    assert "Ongeveer 80" not in letter.questions[4].text


def test_without_numbers_every_question_sentence_counts():
    qs = split_questions("Geacht college. Wat kost jeugdhulp? En hoeveel cliënten zijn er?")
    assert [q.text for q in qs] == ["Wat kost jeugdhulp?", "En hoeveel cliënten zijn er?"]
    assert split_questions("Geen vragen hier.") == []


def _cite(n: int, source: str, start: int) -> Citation:
    return Citation(n, source, f"Titel {source}", "2019", "Taakstelling", start, start + 4,
                    "passage", "zin")


def test_answer_questions_and_global_source_numbers():
    answers = {
        "A?": Answer("A?", "Eerste [1] en tweede [2].",
                     [_cite(1, "a.txt", 10), _cite(2, "b.txt", 5)]),
        "B?": Answer("B?", "Zelfde bron [1], nieuwe [2], onbekend [9].",
                     [_cite(1, "b.txt", 5), _cite(2, "c.txt", 1)]),
        "C?": Answer("C?", "Dat staat niet in de documenten.", [], abstained=True),
    }
    items = answer_questions(split_questions("1. A?\n2. B?\n3. C?"), lambda q: answers[q])
    assert [i.abstained for i in items] == [False, False, True]
    texts, sources = number_sources(items)
    assert texts[0] == "Eerste [1] en tweede [2]."
    assert texts[1] == "Zelfde bron [2], nieuwe [3], onbekend [9]."
    assert [s.source for s in sources] == ["a.txt", "b.txt", "c.txt"]


def _draft() -> Draft:
    return Draft(
        items=[
            DraftItem(1, "Wat waren de uitgaven in 2018?", "€ 10.568.794 [1].\n\nToelichting.",
                      [_cite(1, "a.txt", 141)]),
            DraftItem(2, "Vraag met <b>html</b>\x07?", "", []),
        ],
        reference="2019-159",
        subject="Begroting jeugdhulp",
    )


def test_markdown_export_has_questions_answers_and_sources():
    md = to_markdown(_draft())
    assert md.startswith("# Beantwoording raadsvragen 2019-159\n")
    assert "## Vraag 1" in md and "€ 10.568.794 [1]." in md
    assert "_(nog geen antwoord)_" in md
    assert "1. Titel a.txt (a.txt), 2019, § Taakstelling, regels 141-145" in md


def test_docx_export_opens_with_python_docx():
    data = to_docx(_draft())
    doc = Document(io.BytesIO(data))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert doc.core_properties.title == "Beantwoording raadsvragen 2019-159"
    assert "Onderwerp: Begroting jeugdhulp" in text
    assert "Antwoord: € 10.568.794 [1]." in text
    assert "Toelichting." in text
    assert "Vraag met <b>html</b>?" in text  # control character removed, text kept literally
    assert "[1] Titel a.txt (a.txt), 2019, § Taakstelling, regels 141-145" in text


def test_parts_are_merged_with_one_source_list():
    """'Hoeveel ... en waarom ...?' is split in two parts; their answers are merged into one
    answer labelled a), b) with unique citation numbers and interleaved passages."""
    from assistant.raadsvraag import merge_answers, split_parts
    from core.models import Passage

    question = "Hoeveel kostte de pilot in 2023 en waarom werd hij verlengd?"
    parts = split_parts(question)
    assert len(parts) == 2 and parts[1].lower().startswith("waarom")

    def part_answer(n: int) -> Answer:
        cite = Citation(n=1, source=f"doc{n}.txt", title=f"Doc {n}", date="2024", section="",
                        line_start=n, line_end=n, quote=f"zin {n}")
        passages = [Passage(id=f"p{n}{i}", text="t", source=f"doc{n}.txt") for i in range(2)]
        return Answer(question=parts[n - 1], text=f"antwoord {n} [1]", citations=[cite],
                      passages=passages, abstained=n == 2)

    merged = merge_answers(question, [part_answer(1), part_answer(2)])
    assert "a) antwoord 1 [1]" in merged.text and "b) antwoord 2 [2]" in merged.text
    assert [c.n for c in merged.citations] == [1, 2]
    assert [p.id for p in merged.passages] == ["p10", "p20", "p11", "p21"]
    assert not merged.abstained  # one part answered is an answer
    assert split_parts("Van hoeveel kinderen en jongeren is dat bekend?") == [
        "Van hoeveel kinderen en jongeren is dat bekend?"
    ]
    assert split_parts("Welke kosten en baten zijn er?") == ["Welke kosten en baten zijn er?"]


def test_a_trailing_remark_is_not_a_part_of_the_question():
    from assistant.raadsvraag import split_parts

    q = "Hoeveel is de bijdrage gedaald sinds 2019? Niet te geloven hoe dat ging"
    assert split_parts(q) == ["Hoeveel is de bijdrage gedaald sinds 2019?"]
    two = "Hoeveel is de bijdrage gedaald? En waarom is dat gebeurd?"
    assert len(split_parts(two)) == 2


def test_a_follow_up_without_words_of_its_own_stays_with_its_part():
    from assistant.raadsvraag import split_parts

    merged = split_parts("Die 15% van het krediet voor 2024, hoeveel euro is dat? En hoeveel "
                         "blijft er dan nog over?")
    assert len(merged) == 1 and "blijft er dan nog over" in merged[0]
    # two question words sharing one verb ask one thing
    shared = "Welk bedrag en welke kans hanteert de nota voor het risico brand?"
    assert split_parts(shared) == [shared]
    pct = split_parts("Hoeveel meer kost de brandweer vanaf 2026, en hoeveel procent is dat?")
    assert len(pct) == 1 and "procent" in pct[0]
    # a new year, a why-word or a subject makes a part of its own
    assert len(split_parts("Wat was de schuld in 2022? En wat was die in 2023?")) == 2
    assert len(split_parts("Hoeveel kost de pilot en waarom stopt die in 2025?")) == 2
    assert len(split_parts("Hoeveel kregen we binnen? En hoeveel gaven we uit?")) == 2


def test_a_later_part_that_counts_without_its_noun_borrows_the_first_parts_subject():
    """"Hoeveel scholen zijn er en van hoeveel maakt de gemeente gebruik?": the second part's
    "hoeveel" has no noun of its own, so it is asked about the first part's subject; a part
    that names its own noun stands alone."""
    from assistant.conversation import with_topic

    first = "Hoeveel sportverenigingen zijn er in Zeedorp?"
    assert with_topic("Van hoeveel maakt de gemeente gebruik?", first) == (
        "Van hoeveel maakt de gemeente gebruik (sportverenigingen zijn er in Zeedorp)?")
    assert with_topic("Hoeveel zijn er gesubsidieerd in 2024?", first).endswith(
        "(sportverenigingen zijn er in Zeedorp)?")
    own = "Hoeveel zwembaden heeft de gemeente zelf?"
    assert with_topic(own, first) == own
