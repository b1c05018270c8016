"""Council-question letters: split them into numbered sub-questions and export a draft reply.

Staff paste a letter with questions such as ``1. Hoeveel ...?``; :func:`split_questions` finds
the numbered questions (numbers must follow each other, so a year or an enumeration inside a
question does not start a new one). :func:`answer_questions` answers each one through any
``ask`` callable (normally :meth:`assistant.api.Assistant.ask`), and :func:`to_markdown` /
:func:`to_docx` turn the edited answers into a draft "Beantwoording raadsvragen" whose source
markers are renumbered into one source list for the whole document.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from core.models import Answer, Citation
from core.profile import load_lexicon
from core.text import STOPWORDS, words

# "1. ", "1) ", "1: ", "Vraag 1:", "vraag 2 -" at the start of a line.
_NUMBERED = re.compile(
    r"^\s*(?:vraag\s+)?(?P<n>\d{1,2})\s*(?:[.):]|\s-)\s*(?P<rest>\S.*)?$", re.IGNORECASE
)
_REFERENCE = re.compile(
    r"raadsvra(?:ag|gen)\s*(?:nr\.?|nummer)?\s*(?P<ref>\d{4}\s*[-/]\s*\d+)", re.IGNORECASE
)
_SUBJECT = re.compile(
    r"^\s*(?:onderwerp|betreft)\s*:?\s+(?P<s>\S.*)$", re.IGNORECASE | re.MULTILINE
)
_CLOSING = re.compile(
    r"^\s*(met\s+vriendelijke\s+groet|hoogachtend|namens\s+de\s+fractie|ondertekening)",
    re.IGNORECASE,
)
_MARKER = re.compile(r"\[(\d{1,3})\]")
_SENTENCE_END = re.compile(r"(?<=[.?!])\s+")


@dataclass
class SubQuestion:
    """One numbered question from a letter; ``number`` is the letter's own numbering."""

    number: int
    text: str


@dataclass
class Letter:
    """A parsed council-question letter."""

    questions: list[SubQuestion]
    reference: str = ""
    subject: str = ""


@dataclass
class DraftItem:
    """A sub-question with the (editable) answer text and the citations its markers refer to."""

    number: int
    question: str
    answer: str
    citations: list[Citation] = field(default_factory=list)
    abstained: bool = False


@dataclass
class Draft:
    """Everything the export needs; the official edits ``items[i].answer`` before exporting."""

    items: list[DraftItem]
    reference: str = ""
    subject: str = ""
    created: date = field(default_factory=date.today)


def _join_lines(lines: Iterable[str]) -> str:
    """Join wrapped lines into one sentence, repairing words hyphenated across a line break."""
    text = ""
    for raw in lines:
        line = " ".join(raw.split())
        if not line:
            continue
        if text.endswith("-") and line[:1].islower():
            text = text[:-1] + line
        else:
            text = f"{text} {line}" if text else line
    return text


def split_questions(letter: str) -> list[SubQuestion]:
    """Return the numbered sub-questions of ``letter`` in order.

    A question runs from its number to the next number in sequence. Once it contains a
    question mark or full stop, a blank line ends it, so answers in between are not
    swallowed; a closing such as "Met vriendelijke groet" ends the list. Without any numbered
    question every sentence ending in ``?`` is one question.
    """
    questions: list[tuple[int, list[str]]] = []
    open_ = False  # the current question still takes continuation lines
    for line in letter.splitlines():
        if questions and _CLOSING.match(line):
            break  # the signature block: nothing after it is a question
        match = _NUMBERED.match(line)
        expected = questions[-1][0] + 1 if questions else None
        in_sequence = match and (expected is None or int(match.group("n")) == expected)
        if in_sequence and match.group("rest"):
            questions.append((int(match.group("n")), [match.group("rest")]))
            open_ = True
            continue
        if not questions or not open_:
            continue
        if not line.strip():
            so_far = _join_lines(questions[-1][1])
            if "?" in so_far or so_far.endswith((".", "!", ":")):
                open_ = False
        else:
            questions[-1][1].append(line)
    result = [SubQuestion(n, _join_lines(lines)) for n, lines in questions]
    result = [q for q in result if q.text]
    if result:
        return result
    flat = _join_lines(letter.splitlines())
    sentences = [s.strip() for s in _SENTENCE_END.split(flat) if s.strip().endswith("?")]
    return [SubQuestion(i, s) for i, s in enumerate(sentences, start=1)]


def parse_letter(letter: str) -> Letter:
    """Split ``letter`` and pick up its reference number (``raadsvraag 2019-159``) and subject."""
    ref = _REFERENCE.search(letter)
    subject = _SUBJECT.search(letter)
    return Letter(
        questions=split_questions(letter),
        reference=re.sub(r"\s+", "", ref.group("ref")).replace("/", "-") if ref else "",
        subject=subject.group("s").strip() if subject else "",
    )


_PART_SPLIT = re.compile(
    r"\?\s+(?=\S)|[,;]?\s+en\s+(?=(?:(?:van|voor|met|in|op|aan|bij|uit|over|tot)\s+)?"
    r"(?:waarom|hoe|wat|welke|wanneer|wie|hoeveel|in hoeverre|klopt|is|zijn|wordt|worden|was|"
    r"waren|werd|werden|heeft|hebben|kan|kunnen)\b)",
    re.I,
)


_ASKS = re.compile(
    r"\s*(?:en\s+)?(?:waarom|hoe|wat|welke?|wanneer|wie|hoeveel|waar|in hoeverre|klopt|is|zijn|"
    r"wordt|worden|was|waren|werd|werden|heeft|hebben|kan|kunnen|why|how|what|which|when|who|"
    r"where|is|are|was|were|did|does|do)\b",
    re.I,
)


def _own_words(part: str) -> list[str]:
    """The part's words that are neither function words nor the lexicon's amount, filler or
    remainder words (a year, a why-word or a subject is the part's own)."""
    lex = load_lexicon()
    known = set(STOPWORDS)
    for key in ("fillers", "remainder_words", "amount_words", "count_words", "home_words"):
        known |= {w for p in lex.get(key) or [] for w in words(str(p))}
    # A why/who/when word asks something new; only the amount words ("hoeveel") follow up.
    kinds = lex.get("kinds") or {}
    known |= {w for p in kinds.get("numeric") or [] for w in words(str(p))}
    asks = {w for k, group in kinds.items() if k != "numeric" for p in group
            if " " not in str(p) for w in words(str(p))}
    return [w for w in words(part) if w not in known or w in asks]


def split_parts(question: str) -> list[str]:
    """The parts of a multi-part question ("Hoeveel ...? En waarom ...?", "Hoeveel ... en
    waarom ...?"); each part is answered on its own so no part goes unanswered."""
    parts = [p.strip(" ,;") for p in _PART_SPLIT.split(question) if p and p.strip(" ,;?")]
    head = parts[0].split()
    if (len(parts) > 1 and not parts[0].endswith("?") and len(head) <= 3
            and head[0].lower() in ("welk", "welke", "which")):
        # "Welk bedrag en welke kans hanteert de begroting voor X?": two question words that
        # share one verb and subject ask one thing, not two parts
        return [question.strip()]
    # "..., hoeveel euro is dat? en hoeveel moeten we dan nog?": a part without a word of its
    # own asks a follow-up on the part before it, which answers it (and keeps its subject).
    merged: list[str] = []
    for p in parts:
        if merged and not _own_words(p):
            merged[-1] = f"{merged[-1].rstrip('?')}? {p}"
        else:
            merged.append(p)
    parts = merged
    if len(parts) > 1 and not question.rstrip().endswith("?") and not _ASKS.match(parts[-1]):
        parts = parts[:-1]  # "...? geen wonder dat het uit de hand liep": a remark, no part
    parts = [p if p.endswith("?") else f"{p}?" for p in parts]
    parts = [re.sub(r"^(?:en|and)\s+", "", p, flags=re.I) for p in parts]
    parts = [p[:1].upper() + p[1:] for p in parts]
    if len(parts) == 1:
        return parts  # the question without a trailing remark
    return parts if all(len(p.split()) >= 2 for p in parts) else [question]


def _shift_markers(text: str, offset: int) -> str:
    return re.sub(r"\[(\d+)\]", lambda m: f"[{int(m.group(1)) + offset}]", text)


def merge_answers(question: str, answers: list[Answer]) -> Answer:
    """One answer from the answers to a question's parts: labelled a), b), ..., each part's
    source markers renumbered into one list, retrieved passages interleaved part by part."""
    if len(answers) == 1:
        return answers[0]
    texts: list[str] = []
    citations: list[Citation] = []
    for i, answer in enumerate(answers):
        offset = len(citations)
        citations += [Citation(**{**c.__dict__, "n": c.n + offset}) for c in answer.citations]
        texts.append(f"{chr(97 + i)}) {_shift_markers(answer.text, offset)}")
    passages, seen = [], set()
    for rank in range(max(len(a.passages) for a in answers)):
        for a in answers:
            if rank < len(a.passages) and a.passages[rank].id not in seen:
                seen.add(a.passages[rank].id)
                passages.append(a.passages[rank])
    return Answer(
        question=question,
        text="\n\n".join(texts),
        citations=citations,
        figures=[f for a in answers for f in a.figures],
        abstained=all(a.abstained for a in answers),
        backend=answers[0].backend,
        passages=passages,
        warnings=list(dict.fromkeys(w for a in answers for w in a.warnings)),
        resolved_question=" ".join(a.resolved_question or a.question for a in answers),
    )


def answer_questions(
    questions: Iterable[SubQuestion], ask: Callable[[str], Answer]
) -> list[DraftItem]:
    """Answer each sub-question independently (no shared history, so answers do not leak);
    the ``ask`` API answers a question's parts one by one, labelled a), b), ..."""
    items = []
    for q in questions:
        answer = ask(q.text)
        items.append(
            DraftItem(
                number=q.number,
                question=q.text,
                answer=answer.text,
                citations=list(answer.citations),
                abstained=answer.abstained,
            )
        )
    return items


def _source_key(c: Citation) -> tuple:
    return (c.source, c.page, c.line_start, c.line_end)


def number_sources(items: Iterable[DraftItem]) -> tuple[list[str], list[Citation]]:
    """Renumber every item's ``[n]`` markers into one list of unique sources.

    Returns the rewritten answer texts and the global source list (index 0 is source [1]).
    Markers without a matching citation are left as they are.
    """
    sources: list[Citation] = []
    index: dict[tuple, int] = {}
    texts = []
    for item in items:
        local = {}
        for c in item.citations:
            key = _source_key(c)
            if key not in index:
                sources.append(c)
                index[key] = len(sources)
            local[c.n] = index[key]

        def renumber(m: re.Match, local=local) -> str:
            n = int(m.group(1))
            return f"[{local[n]}]" if n in local else m.group(0)

        texts.append(_MARKER.sub(renumber, item.answer))
    return texts, sources


def describe_source(c: Citation) -> str:
    """One line per source: title (file), date, section, lines or page — Dutch wording."""
    parts = [c.title or c.source]
    if c.title and c.source and c.title != c.source:
        parts[0] = f"{c.title} ({c.source})"
    if c.date:
        parts.append(c.date)
    if c.section:
        parts.append(f"§ {c.section}")
    if c.page:
        parts.append(f"pagina {c.page}")
    if c.line_start:
        end = c.line_end or c.line_start
        parts.append(f"regel {c.line_start}" if end == c.line_start
                     else f"regels {c.line_start}-{end}")
    return ", ".join(parts)


_XML_UNSAFE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_safe(text: str) -> str:
    """Word's XML cannot hold control characters; pasted text sometimes has them."""
    return _XML_UNSAFE.sub("", text)


def _title(draft: Draft) -> str:
    title = "Beantwoording raadsvragen"
    if draft.reference:
        title += f" {draft.reference}"
    return title


_DISCLAIMER = (
    "Concept, opgesteld met de Raadsassistent. Controleer elk antwoord aan de hand van de "
    "bronnen voordat het wordt verzonden."
)


def to_markdown(draft: Draft) -> str:
    """Render the draft as Markdown: heading, each question with its answer, source list."""
    texts, sources = number_sources(draft.items)
    out = [f"# {_title(draft)}", ""]
    if draft.subject:
        out += [f"**Onderwerp:** {draft.subject}", ""]
    out += [f"*Datum concept: {draft.created:%d-%m-%Y}*", "", f"> {_DISCLAIMER}", ""]
    for item, text in zip(draft.items, texts, strict=True):
        out += [f"## Vraag {item.number}", "", f"*{item.question}*", "", "**Antwoord:**", ""]
        out += [text.strip() or "_(nog geen antwoord)_", ""]
    out += ["## Bronnen", ""]
    if sources:
        out += [f"{i}. {describe_source(c)}" for i, c in enumerate(sources, start=1)]
    else:
        out.append("Geen bronnen.")
    return "\n".join(out) + "\n"


def to_docx(draft: Draft) -> bytes:
    """Render the draft as a Word document (python-docx) and return the file's bytes."""
    from docx import Document  # imported here: only the export needs it

    doc = Document()
    doc.core_properties.title = _title(draft)
    doc.add_heading(_title(draft), level=0)
    if draft.subject:
        p = doc.add_paragraph()
        p.add_run("Onderwerp: ").bold = True
        p.add_run(_xml_safe(draft.subject))
    doc.add_paragraph(f"Datum concept: {draft.created:%d-%m-%Y}")
    doc.add_paragraph().add_run(_DISCLAIMER).italic = True
    texts, sources = number_sources(draft.items)
    for item, text in zip(draft.items, texts, strict=True):
        doc.add_heading(f"Vraag {item.number}", level=1)
        doc.add_paragraph().add_run(_xml_safe(item.question)).italic = True
        p = doc.add_paragraph()
        p.add_run("Antwoord: ").bold = True
        body = _xml_safe(text.strip()) or "(nog geen antwoord)"
        for i, para in enumerate(re.split(r"\n\s*\n", body)):
            if i == 0:
                p.add_run(para)
            else:
                doc.add_paragraph(para)
    doc.add_heading("Bronnen", level=1)
    if sources:
        for i, c in enumerate(sources, start=1):
            doc.add_paragraph(_xml_safe(f"[{i}] {describe_source(c)}"))
    else:
        doc.add_paragraph("Geen bronnen.")
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
