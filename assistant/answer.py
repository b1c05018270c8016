"""The offline answerer: no LLM, every sentence quoted from a passage or computed from figures.

Numeric questions become a typed intent and a plan over the figures store
(:mod:`assistant.plans`); other questions get an extractive answer: the passages' best
sentences, each with its ``[n]`` marker, lists kept as lists. When the evidence is weak it
abstains instead of guessing.
"""

from __future__ import annotations

import copy
import math
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Protocol

from assistant import abbreviations, text_numbers
from assistant.citations import CitationBuilder, markers
from assistant.figures import times_count, total
from assistant.intent import Intent, analyse, find_phrases, normalise
from assistant.plans import Planner, _per_capita_unit, _scales_up, remainder_sentence
from core.models import Answer, Figure, Passage
from core.numbers import format_number, format_round_eur, format_value, stated_amounts
from core.profile import Profile, load_lexicon
from core.text import MONTHS, STOPWORDS, fold, refers_to, tokenize, without_words, words
from storage.figure_store import FigureStore, FiguresWithout

NOT_FOUND = "Dit staat niet in de beschikbare documenten."
# A document the question names must hold an answer nearly as good as the best other one.
NAMED_SHARE = 0.6
SECOND_DOC_SHARE = 0.85  # another document's best sentence this close to the best is quoted too
SECOND_SENTENCE_SHARE = 0.8  # a named document's next sentence this close to its best is quoted too
# A sentence that names the asked kind of thing ("welke wethouder") leads when this close.
FOCUS_SHARE = 0.6
_DEFINITION_Q = re.compile(
    r"^\s*(?:wat (?:betekent|is|zijn|betekenen)|waar staat|what (?:does|is))"
    r"(?:\s+(?:de afkorting|the abbreviation|de|het|een|the))?"
    r"\s+(?P<term>[A-Za-z][A-Za-z0-9/-]{1,11}(?:'s)?)"
    r"(?:\s+(?:eigenlijk|voor|stand for|mean))*\s*\??\s*$",
    re.I,
)
_ENGLISH = re.compile(r"^\s*(what|how|which|why|when|who|where|is|are|did|does|do|since)\b", re.I)
_MEMBERSHIP = re.compile(
    r"\b(hoort|horen|behoort|behoren|valt|vallen|deel van|lid van|onderdeel van|samen met|"
    r"belong|belongs|part of|member of)\b",
    re.I,
)
# Two governments named as two sides ("in A ... en in B", "A vergeleken met B"); "de andere
# B-gemeenten", "net als" place A inside B instead.
_SIDE_WORDS = re.compile(r"\b(?:en|and|of|or|dan|than|vs|versus|tegenover|vergeleken met)\b", re.I)
_INSIDE_WORDS = re.compile(r"\b(?:andere|overige|other|net als|like|zoals)\b", re.I)


def _sides_apart(question: str, home: list[str], other: list[str]) -> bool:
    """Whether the question names the home municipality and the other government as two sides
    joined by "en"/"vergeleken met", without words that put one inside the other."""
    folded = fold(question)
    if _INSIDE_WORDS.search(folded):
        return False
    spots = []
    for names, side in ((home, 0), (other, 1)):
        for n in names:
            for m in re.finditer(rf"\b{re.escape(fold(n))}\b", folded):
                spots.append((m.start(), m.end(), side))
    spots.sort()
    return any(a[2] != b[2] and _SIDE_WORDS.search(folded[a[1]:b[0]])
               for a, b in zip(spots, spots[1:], strict=False))


_LIST_Q = re.compile(
    r"^(welke|noem|wat zijn|which|what are|list|op welke|waaruit|uit welke)\b"
    r"|welke\s+\w+\s+(zijn|worden|heeft|hebben|noemt)",
    re.I,
)
_CAUSAL = re.compile(
    r"\b(door|doordat|omdat|vanwege|gevolg|oorzaak|oorzaken|verklaring|verklaard|leidt|"
    r"komt doordat|reden|redenen|aangezien|waardoor|dankzij|"
    r"zorgt ervoor|komt door|daardoor|hierdoor|because|due to)\b",
    re.I,
)
_REFERS_BACK = re.compile(
    r"^\s*(daarom|daardoor|hierdoor|hierom|daar|dit|deze|dat|zo|ook|daarnaast|bovendien|"
    r"this|that|therefore|these)\b",
    re.I,
)
_LIST_LINE = re.compile(r"^\s*(?:-|\d{1,2}[.)]|[a-z][.)])\s+")
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?;])\s+(?=[A-Z€0-9(\"'])")
_CAPS_TOKEN = re.compile(r"\b[A-Z][A-Za-z]*[A-Z][A-Za-z]*\b|\b[A-Z]{2,}\b")
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
MIN_COVERAGE = 0.25  # a sentence below this is not worth quoting
# a document the question names is asked for: its best sentence counts from a little lower
NAMED_DOC_MIN = 0.2
MIN_PASSAGE_COVERAGE = 0.3  # no passage covers this much of the question: abstain
MAX_SENTENCES = 5
MIN_ITEM_COVERAGE = 0.6  # a sentence whose amount stands for a named item says most of its words
MIN_TEXT_COVERAGE = 0.4  # a sentence computed from must be about most of the question
TEXT_OPS = ("difference", "growth", "ratio", "share", "average_change")
MIN_FIGURE_FIT = 0.5  # below: no figure's own label names the question's subject


@dataclass
class AnswerContext:
    """Everything a back end needs for one question (already access-filtered)."""

    question: str
    original_question: str
    passages: list[Passage]
    figures: FigureStore | None
    allowed_sources: set[str]
    history: list[tuple[str, str]] = field(default_factory=list)
    idf: dict[str, float] = field(default_factory=dict)
    vocabulary: set[str] = field(default_factory=set)
    known_terms: set[str] = field(default_factory=set)
    lookup_passage: object = None  # (source, line) -> Passage | None
    search_in: object = None  # (question, sources, k) -> Passage list from those documents
    years: dict[str, int] = field(default_factory=dict)  # source -> the document's year
    named_sources: set[str] = field(default_factory=set)  # documents the question names
    glossary: dict[str, str] = field(default_factory=dict)  # abbreviation -> meaning
    expanded: str = ""  # the question with glossary meanings and synonyms added
    profile: Profile = field(default_factory=Profile)
    titles: dict[str, str] = field(default_factory=dict)  # source -> document title
    owners: dict[str, str] = field(default_factory=dict)  # source -> whose document
    document_names: dict[str, str] = field(default_factory=dict)  # kind/title word -> source
    intent: Intent | None = None
    reserve: list[Passage] = field(default_factory=list)  # the next passages below top_k
    synonyms: list[list[str]] = field(default_factory=list)  # glossary groups of equal words
    # figure ids with which an earlier part of the same question was answered
    answered: set[str] = field(default_factory=set)


class AnswerBackend(Protocol):
    name: str

    def answer(self, ctx: AnswerContext) -> Answer: ...


@dataclass
class Sentence:
    text: str
    passage: Passage
    rank: int
    position: int
    score: float = 0.0
    is_list_item: bool = False


def split_sentences(
    passage: Passage, rank: int, rows_apart: bool = False, whole_notes: bool = False
) -> list[Sentence]:
    """Sentences and list items of a passage, in reading order. With ``rows_apart`` flattened
    table rows are left out, so the prose after them (an OCR'd page that runs a table into its
    explanation) is a sentence of its own; a figure's quote keeps rows with their header.
    With ``whole_notes`` a bracketed note is one sentence, whatever stops inside it: the
    arithmetic on a sentence's numbers needs all of "(lasten 2026 € 215.000; 2027 ...)"."""
    out: list[Sentence] = []
    prose: list[str] = []

    def flush() -> None:
        if prose:
            text = " ".join(prose)
            for s in _split_prose(text) if whole_notes else _SENTENCE_SPLIT.split(text):
                if len(s.strip()) > 2:
                    out.append(Sentence(s.strip(), passage, rank, len(out)))
            prose.clear()

    # Lists whose bullets were lost in conversion: "De thema's zijn:" followed by short lines,
    # or items that end in ";" ("Tevredenheid;\nTijdige hulp;\nUitval"). A line that starts
    # in lower case continues the item above it.
    mode = ""  # "" | "colon" (after an intro line) | "semicolon" (inside a ;-list)
    lines = passage.text.split("\n")
    # The chunker's section titles: "3. Beleidsplan" is the heading it names, not item 3.
    headings = {t.strip() for t in (passage.section or "").split(" > ")}
    for i, line in enumerate(lines):
        bare = line.strip()
        if not bare:
            if mode == "semicolon" and out and not out[-1].text.endswith(";"):
                mode = ""  # a blank line after an item without ";" ends the list
            continue
        if bare in headings and _LIST_LINE.match(bare) and not _next_number(out, bare):
            flush()
            out.append(Sentence(bare, passage, rank, len(out)))
            mode = ""
            continue
        if out and out[-1].is_list_item and not prose and not _label_line(lines, i) and (
            (bare[:1].islower() and not _LIST_LINE.match(bare)) or _ends_mid_sentence(out[-1].text)
        ):
            # a list item continued on the next line ("Beleid-" + "Toegang": one compound)
            out[-1].text += ("" if re.search(r"\w-$", out[-1].text) else " ") + bare
            mode = "semicolon" if bare.endswith(";") else ("" if bare.endswith(".") else mode)
            continue
        # "Mevrouw A. Jansen: Projectleider Jeugd" among lines like it: a list of people or
        # terms with what they are, each line an item (not one run-on sentence)
        bulleted = bool(_LIST_LINE.match(line)) or _label_line(lines, i)
        # "(lasten 2026 € 215.000, 2027 € 305.000;" runs on inside its bracket: not an item
        by_semicolon = (
            len(bare) <= 150 and bare.endswith(";") and bare.count("(") <= bare.count(")")
        )
        in_colon_list = (
            mode == "colon"
            and len(bare) < 120
            and not bare.endswith((".", ":"))
            and not _CHAPTER.match(bare)  # "Hoofdstuk 2: ..." ends the list above it
        )
        in_semicolon_list = mode == "semicolon" and len(bare) <= 150 and not bare.endswith(":")
        if bulleted or by_semicolon or in_colon_list or in_semicolon_list:
            flush()
            out.append(Sentence(bare, passage, rank, len(out), is_list_item=True))
            if by_semicolon:
                mode = "semicolon"
            elif bare.endswith(".") and mode == "semicolon":
                mode = ""
            continue
        if rows_apart and _is_table_row(bare):
            # A reason, a judgement or an actor is never a table row: the row is left out, and
            # the prose after it starts a sentence of its own instead of carrying the row.
            flush()
            mode = ""
            continue
        if _is_heading_line(bare, prose, lines[i + 1 :]):
            flush()  # a heading stands alone; glued to the next sentence it reads as its start
            out.append(Sentence(bare, passage, rank, len(out)))
            mode = ""
            continue
        prose.append(bare)
        mode = "colon" if bare.endswith(":") else ""
    flush()
    return out


_LABELLED = re.compile(r"^[A-Z][^:;]{2,60}:\s+\S[^;]{0,150}$")


def _labelled(line: str) -> bool:
    # "Mart Jansen: Wethouder (o.a. Sport)": abbreviations may hold dots, a sentence's end not
    return bool(_LABELLED.match(line)) and not re.search(r"\w{3,}\.\s*$", line) \
        and ". " not in line.split(":", 1)[0]


def _label_line(lines: list[str], i: int) -> bool:
    """A "Name: what it is" line (no full stop) beside another such line: a list item."""
    if not _labelled(lines[i].strip()):
        return False
    near = [ln.strip() for ln in lines[max(0, i - 2): i] + lines[i + 1: i + 3] if ln.strip()]
    return any(_labelled(ln) for ln in near)


_CHAPTER = re.compile(r"^(?:hoofdstuk|bijlage|paragraaf|deel|chapter|appendix)\s+\d", re.I)
_CELL = re.compile(r"[-€(]?[\d.,%]+[)€]?")


def _split_prose(text: str) -> list[str]:
    """Sentences of running text; a break inside an open bracket is no sentence's end
    ("(lasten 2026 € 215.000, 2027 € 305.000; 2028 € 400.000)" is one note)."""
    out: list[str] = []
    for piece in _SENTENCE_SPLIT.split(text):
        if out and out[-1].count("(") > out[-1].count(")"):
            out[-1] = f"{out[-1]} {piece}"
        else:
            out.append(piece)
    return out


def _is_table_row(line: str) -> bool:
    """A flattened table row: mostly number cells, and no sentence end. Stricter about the
    share of cells than the chunker's :func:`ingest.chunk.is_table_row` (a run of three
    cells), which also catches OCR'd lines that end in a row's numbers and go on as prose;
    here those lines must stay, since their prose may be the reason asked for."""
    toks = line.split()
    cells = sum(bool(_CELL.fullmatch(t)) for t in toks)
    return len(toks) >= 4 and cells >= 3 and cells / len(toks) >= 0.4 and not line.endswith(".")


def _is_heading_line(bare: str, prose: list[str], rest: list[str]) -> bool:
    """A short capitalised line without punctuation between whole sentences: "Stramproy",
    "Toegang Jeugd". Not when the sentence before it is unfinished or the next line goes on
    in lower case (a wrapped sentence)."""
    if not bare[:1].isupper() or len(bare.split()) > 4 or re.search(r"[.,;:!?)]$", bare):
        return False
    if prose and not re.search(r"[.!?:]$", prose[-1]):
        return False
    following = next((ln.strip() for ln in rest if ln.strip()), "")
    return not following[:1].islower()


def _under_heading(
    sentences: list[Sentence], terms: set[str], idf: dict[str, float]
) -> dict[int, float]:
    """Sentences under a short heading ("Stramproy", "Toegang Jeugd") that names the question's
    subject inherit its coverage: the section about the subject holds the answer, even when
    its sentences no longer repeat the subject's name. Retrieved chunks that follow each
    other in the document are read as one text, so a section cut by the chunker goes on."""
    out: dict[int, float] = {}
    sentences = sorted(sentences, key=lambda x: (x.passage.source, x.passage.line_start,
                                                 x.position))
    for i, s in enumerate(sentences):
        title = _HEADING_NUM.sub("", s.text)  # "2. Ouders ondersteunen Ouders" names its topic
        words_ = title.strip("-• ").split()
        if (
            not 1 <= len(words_) <= 4
            or s.text.rstrip().endswith((".", ":", "?"))
            or any(ch.isdigit() for ch in title)  # a table cell, not a heading
        ):
            continue
        cov = coverage(terms, s.text, idf)
        if cov <= 0:
            continue
        prev = s
        for nxt in sentences[i + 1 : i + 7]:
            follows = nxt.passage.id == prev.passage.id or (
                nxt.passage.source == prev.passage.source
                and nxt.passage.line_start <= prev.passage.line_end + 2
            )
            if not follows or _is_heading_line(nxt.text, [], []):
                break  # another part of the document, or the next heading's section
            out[id(nxt)] = max(out.get(id(nxt), 0.0), cov)
            prev = nxt
    return out


_NUMBERED = re.compile(r"^\s*(\d{1,2})[.)]\s")


def _next_number(out: list[Sentence], line: str) -> bool:
    """"6. Verbeteren" right after item "5. ...": the list's next item, even where the chunker
    took the numbered line for a section title."""
    this = _NUMBERED.match(line)
    last = _NUMBERED.match(out[-1].text) if out and out[-1].is_list_item else None
    return bool(this and last and int(this.group(1)) == int(last.group(1)) + 1)


def _ends_mid_sentence(text: str) -> bool:
    """An item whose last word is a function word ("... is de gemeente", "... van de") goes
    on over the line break, whatever case the next line starts in."""
    text = text.rstrip()
    last = text.rsplit(" ", 1)[-1].lower()
    if len(text.split()) >= 4 and last in (load_lexicon().get("open_endings") or []):
        return True
    if re.search(r"\w-$", text):  # "in de driehoek Beleid-" / "Toegang-Financiën": one word
        return True
    # An item written in full sentences that stops without a full stop was cut by the line
    # (its own number, "6. Verbeteren", is no full sentence before it).
    body = re.sub(r"^\s*(?:\d{1,2}[.)]|[a-z][.)])\s+", "", text)
    return ". " in body and not re.search(r"[.;:!?)]$", text)


def query_terms(question: str, idf: dict[str, float] | None = None) -> set[str]:
    """The question's words that a quoted sentence should share: not the words that only say
    what kind of answer is wanted ("waar komen ... vandaan") or fill the sentence ("nou").
    With the corpus's ``idf``, a misspelt word counts as the corpus word it is closest to
    ("budgetplafons" written "budgetplafons" -> budgetplafon)."""
    terms = set(tokenize(question)) - _asking_tokens()
    if not idf:
        return terms
    return {_nearest_term(t, idf) if t not in idf else t for t in terms}


def _entity_names(ctx: AnswerContext, intent: Intent) -> list[str]:
    """Every name of the governments the question names besides the home municipality (whose
    name nearly every sentence of its own documents says)."""
    home = ctx.profile.municipality
    return [n for e in intent.entities if e != home for g in ctx.profile.governments()
            if g.name == e for n in g.names()]


def _first_quote_states(answer: Answer, names: list[str]) -> bool:
    """Whether the answer's first quoted sentence names one of ``names`` and gives a number
    other than a year: the quote is about that government's figure, not merely near it."""
    if not answer.citations:
        return False
    first = (answer.citations[0].highlight or answer.citations[0].quote).split(" … ")[0]
    return bool(find_phrases(first, names)) and bool(re.search(r"\d", _YEAR.sub("", first)))


def _entity_stated(ctx: AnswerContext, intent: Intent) -> bool:
    """Whether a top passage names an asked government (one the question names) in a sentence
    with a number other than a year."""
    names = _entity_names(ctx, intent)
    if not names:
        return False
    for rank, p in enumerate(ctx.passages[:5]):
        for s in split_sentences(p, rank):
            if find_phrases(s.text, names) and re.search(r"\d", _YEAR.sub("", s.text)):
                return True
    return False


# "hoeveel (jonge) kinderen": at most an adjective between; "hoeveel gaf Zeedorp" counts nothing
_COUNTED = re.compile(r"\b(?:hoeveel|how many)\s+(?:[a-z]+e\s+)?([a-z]{4,})")
_PER_NOUN = re.compile(r"\b(?:per|(?:in|op|van|bij|heeft|telt|has)\s+"
                       r"(?:een|zo'?n|elk|elke|ieder|iedere|a|an|each))"
                       r"\s+([a-z]{4,}|[a-z]{1,3}[23²³])")  # "per dorp", "per km2"


def _per_unit_nouns(question: str) -> tuple[str, str] | None:
    """("kinderen", "gezin") of "hoeveel kinderen zitten er gemiddeld in zo'n gezin?": the
    noun counted and the noun it is counted per, when the question asks an average."""
    q = fold(question)
    if not re.search(r"\bgemiddeld|\bon average\b|\bper\b", q):
        return None
    counted, per = _COUNTED.search(q), _PER_NOUN.search(q)
    not_counted = {fold(str(w)) for w in load_lexicon().get("not_counted_words") or []}
    if not counted or not per or counted.group(1) in not_counted:
        return None
    return counted.group(1), per.group(1)


def _asks_which(question: str) -> bool:
    """"Welke risico's ...", "Which risks ...": the question asks for items by name."""
    first = fold(question).split()[:1]
    which = {fold(str(w)) for w in load_lexicon().get("which_words") or []}
    return bool(first) and first[0] in which


def _planner(ctx: AnswerContext) -> Planner:
    """The numeric planner over this question's figures, access and glossary."""
    return Planner(ctx.figures, ctx.profile, ctx.allowed_sources, ctx.titles,
                   synonym_tokens(ctx.synonyms))


def _document_name_terms(terms: set[str], ctx: AnswerContext) -> set[str]:
    """Words with which the question names a document ('volgens de ontwikkelagenda'): they
    say where to look, not what a quote must say, so a sentence that merely names its own
    document ('in deze ontwikkelagenda ...') does not win on them."""
    from assistant.intent import _names_dated_document

    folded = fold(ctx.question)
    english = {fold(str(k)) for k in load_lexicon().get("document_translations") or {}}
    dated = {  # "according to the 2025 budget": beside its year, an English word for a document
        # is that document's name; the Dutch corpus's own "budget" is an amount, no document.
        t for m in re.finditer(r"[\w-]+", folded)
        if m.group(0) in english
        and _names_dated_document(folded, m.start(), m.end(), ctx.document_names)
        for t in tokenize(m.group(0))
    } & terms
    if len(ctx.named_sources) < 2:
        return dated  # one named document: its name may be the subject too ('het bezoek')
    title_words = {  # a title's first word names the document ('Visitatie ...')
        w for src in ctx.named_sources for w in tokenize(ctx.titles.get(src, ""))[:1]
        if len(w) >= 6
    }
    return dated | {  # not a compound that only starts with it ('visitatiebezoek')
        t for t in terms
        if any((refers_to(t, w) or t == w) and len(t) <= len(w) + 2 for w in title_words)
    }


def _named_by_title(ctx: AnswerContext) -> set[str]:
    """Named documents whose title's first word the question uses as a word of its own
    ("volgens de jaarstukken"), not inside a compound ("visitatiecommissie") or by an acronym
    of its publisher ("VNG"): only such a reference is a demand for that document."""
    said = set(words(ctx.question))
    # "volgens de jaarrekening": a name of the document by one of its parts, or in English
    said |= {
        fold(str(title_word))
        for name, title_word in (load_lexicon().get("document_translations") or {}).items()
        if find_phrases(ctx.question, [str(name)])
    }
    return {
        src for src in ctx.named_sources
        if (first := next(iter(words(ctx.titles.get(src, ""))), "")) and len(first) >= 6
        and first in said
    }


def _nearest_term(term: str, idf: dict[str, float]) -> str:
    if len(term) < 6 or term[0].isdigit():
        return term
    from rapidfuzz import fuzz, process

    match = process.extractOne(term, idf.keys(), scorer=fuzz.ratio, score_cutoff=85)
    return match[0] if match else term


@lru_cache(maxsize=1)
def _asking_tokens() -> frozenset[str]:
    lex = load_lexicon()
    phrases = [p for group in (lex.get("kinds") or {}).values() for p in group]
    phrases += list(lex.get("fillers") or []) + list(lex.get("home_words") or [])
    phrases += list(lex.get("reporting_words") or []) + list(lex.get("later_words") or [])
    out = {t for p in phrases for t in tokenize(str(p).replace("...", " "))}
    # Kind words that are also what a sentence is about ("bedrag", "oorzaak", "conclusie").
    content = {t for w in lex.get("content_kind_words") or [] for t in tokenize(str(w))}
    return frozenset(out - content)


def coverage(
    terms: set[str], text: str, idf: dict[str, float], alts: dict[str, set[str]] | None = None,
    modifiers: bool = False,
) -> float:
    """IDF-weighted share of the question's terms that occur in ``text``; with ``alts`` a term
    also counts when one of its glossary synonyms occurs ("wijkteam" in a text on "toegang");
    with ``modifiers`` a compound counts half when the text says its first part (see
    :func:`_modifier_present`). Not for deciding whether the documents speak of the asked
    thing at all: "crisisaanbieder" is not said by a text on "crisis"."""
    if not terms:
        return 0.0
    present = set(tokenize(text))
    total = sum(idf.get(t, 1.0) for t in terms)

    def weight(t: str) -> float:
        if t in present or _in_compound(t, present) or (alts and alts.get(t, set()) & present):
            return 1.0
        return 0.5 if modifiers and _modifier_present(t, present) else 0.0

    found = sum(idf.get(t, 1.0) * weight(t) for t in terms)
    return found / total if total else 0.0


def _modifier_present(term: str, present: set[str]) -> bool:
    """The question's compound whose first part the text says on its own: "efficiencyslag"
    beside "Efficiency ...". Half a match: the text names what the compound is about, not
    the compound (its head, "slag", may be the user's own word)."""
    return len(term) >= 9 and any(
        len(p) >= 6 and term.startswith(p) and len(term) - len(p) >= 3 for p in present
    )


def _without_title_words(intent: Intent, ctx: AnswerContext) -> Intent:
    """The subject without the words of the documents the question names by title ("de
    ontwikkelagenda Jeugdhulp-Taakstelling"): they say where to look, so a figure of that
    document does not name the asked thing by sharing its title's words."""
    title = {w for src in intent.documents for w in words(normalise(ctx.titles.get(src, "")))}
    if not title:
        return intent
    return replace(intent, subject_terms=[t for t in intent.subject_terms
                                          if not set(t.split("-")) <= title])


def _with_dutch_terms(intent: Intent, groups: list[list[str]],
                      vocabulary: set[str] | frozenset[str] = frozenset()) -> Intent:
    """An English question's subject with the documents' Dutch words for its phrases added
    ("dog tax" -> hondenbelasting): the figures' labels are Dutch, and a phrase is more than
    the single words the planner's synonyms bridge. Not when the asker glosses a word in the
    documents' own ("the lampposts (lichtmasten)": in brackets, a word of ``vocabulary``, the
    corpus's words). A copy: analysed intents are cached."""
    glossed = {w for inner in re.findall(r"\(([^()]*)\)", intent.question) for w in words(inner)}
    if any(len(t) >= 5 and t in vocabulary and t in glossed for t in intent.subject_terms):
        return intent
    folded = f" {' '.join(words(intent.question))} "
    dutch = [w for group in groups
             if any(" " in str(t) and f" {fold(str(t))} " in folded for t in group)
             for t in group if f" {fold(str(t))} " not in folded for w in words(str(t))]
    extra = [w for w in dict.fromkeys(dutch) if w not in intent.subject_terms]
    return replace(intent, subject_terms=[*intent.subject_terms, *extra]) if extra else intent


def synonym_tokens(groups: list[list[str]]) -> dict[str, set[str]]:
    """Token -> the tokens of its glossary synonyms (single words only); built once per
    glossary, not per sentence check."""
    return _synonym_tokens(tuple(tuple(str(w) for w in g) for g in groups))


@lru_cache(maxsize=8)
def _synonym_tokens(groups: tuple[tuple[str, ...], ...]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for group in groups:
        toks = [tokenize(str(w)) for w in group]
        singles = {t[0] for t in toks if len(t) == 1}
        for t in singles:
            out.setdefault(t, set()).update(singles - {t})
    return out


def _number_sentences(ctx: AnswerContext, owner: str | None = None):
    """(passage, sentence text) of the best passages' sentences that state a number; a
    question quoted in a document states nothing. ``owner``: only that government's own
    documents."""
    home = ctx.profile.municipality
    for r, p in enumerate(ctx.passages[:UNSTATED_PASSAGES]):
        if owner and fold(ctx.owners.get(p.source, home) or home or "") != fold(owner):
            continue
        for s in split_sentences(p, r):
            if _states_number(s.text) and not s.text.rstrip().endswith("?"):
                yield s.text


def _stated_elsewhere(ctx: AnswerContext, intent: Intent) -> bool:
    """A retrieved sentence with a number that holds most of the question's subject words."""
    terms = set(tokenize(" ".join(intent.subject_terms)))
    if len(terms) < 2 or intent.english:
        return False
    return any(coverage(terms, text, ctx.idf) >= 0.5 for text in _number_sentences(ctx))


def _stated_for_years(ctx: AnswerContext, intent: Intent) -> bool:
    """A retrieved sentence in the asked government's own documents (the home
    municipality's when none is named) that states a number, names every asked year and holds
    half of the question's words (glossary synonyms count). Never for an asked scenario or
    several governments: there the figures' verdict stands."""
    home = ctx.profile.municipality
    others = {e for e in intent.entities if e != home}
    if intent.scenario or len(others) > 1:
        return False  # a scenario or several governments asked: the figures' verdict stands
    owner = next(iter(others), home)  # the asked government's own documents speak for it
    terms = query_terms(ctx.question, None if intent.english else ctx.idf)
    years = [str(y) for y in intent.periods]
    alts = synonym_tokens(ctx.synonyms)
    concepts = load_lexicon().get("concepts") or {}
    metric_words = [str(w) for c in intent.concepts[:1]
                    for w in (concepts.get(c) or {}).get("words") or []]

    def states(text: str) -> bool:
        cov = coverage(terms, text, ctx.idf, alts)
        # The asked metric's own word ("aanbieders") next to the asked year lets a looser
        # paraphrase of the rest count ("tien mille omzet" for "€ 10.000 omzet").
        return cov >= 0.5 or (cov >= 0.35 and bool(find_phrases(text, metric_words)))

    def dated(text: str) -> bool:
        # an asked year inside a heading's span ("2017 - 2019") does not date a sentence
        # that names another year for its number
        single = _YEAR_SPAN.sub(" ", text)
        return all(y in text and (y in single or not _YEAR.search(single)) for y in years)

    # Another government's document does not state the asked one's number.
    return any(
        dated(text) and states(text)
        for text in _number_sentences(ctx, owner=owner or None)
    )


def _in_compound(term: str, present: set[str]) -> bool:
    """A Dutch compound holds the word as its head: 'budgetoverschrijd' holds 'overschrijd'."""
    if len(term) < 6:
        return False
    if any(len(p) > len(term) + 2 and p.endswith(term) for p in present):
        return True
    # ... or the question's compound is written apart: 'jeugdhulpaanbieder' in "jeugdhulp
    # aanbieders"), also with a linking -en-/-s-/-e- ('huisartsenpilot' in "huisartsen ... pilot")
    return any(
        len(p) >= 4
        and term.startswith(p)
        and any(
            term[len(p) + len(link):] in present
            for link in ("", "en", "s", "e")
            if term[len(p):].startswith(link) and len(term) - len(p) - len(link) >= 4
        )
        for p in present
    )


_NAME = re.compile(r"(?<=[a-z,;:] )[A-Z][a-zà-ÿ]{3,}(?:-[A-Z][a-zà-ÿ]+)*\b")


def unknown_names(question: str, ctx: AnswerContext) -> list[str]:
    """Proper names/acronyms in the question that occur nowhere in the corpus (e.g. 'VVD',
    or another municipality's name): no passage can be about them."""
    known = {w for g in ctx.profile.governments() for n in g.names() for w in words(n)}
    out = []
    for token in _CAPS_TOKEN.findall(question) + _NAME.findall(question):
        if fold(token) in known:
            continue  # a government the profile knows: the premise check speaks for it
        if re.search(rf"\b{re.escape(token)}\s*\(", question):
            continue  # "Youth (Jeugd)": the asker glossed the word in the documents' language
        if re.search(rf"\b{re.escape(token)}\s+\d", question):
            continue  # "Table 5.2", "Figure 3": a numbered reference, in any language
        plural = re.sub(r"(?<=[A-Z])'?s$", "", token)  # "GIs", "GI's": plurals of "GI"
        if not any(fold(t) in ctx.vocabulary or t in ctx.known_terms for t in {token, plural}):
            out.append(token)
    return list(dict.fromkeys(out))


def named_instead(question: str, name: str, passages: list[Passage]) -> str:
    """"de Veiligheidsregio Noordkust" where the documents know only "Veiligheidsregio
    Zuiderduin": the head word before the unknown name, with the name the passages give it
    most often; "" when they give it none."""
    m = re.search(rf"\b([A-Za-zà-ÿ]{{5,}})\s+{re.escape(name)}\b", question)
    if not m:
        return ""
    head = m.group(1)
    found = Counter(
        f"{hit.group(1)} {hit.group(2)}"
        for p in passages
        for hit in re.finditer(rf"\b((?i:{re.escape(head)}))\s+([A-Z][\w'-]+(?:\s[A-Z][\w'-]+)?)",
                               p.text)
        if fold(hit.group(2)) != fold(name)
    )
    return found.most_common(1)[0][0] if found else ""


_FOCUS = re.compile(
    r"\b(?:hoeveel|how many|how much|welke?|which|wat (?:is|was|zijn|waren) (?:de|het|een))\s+"
    r"(?P<word>[a-zà-ÿ][\w-]{3,})",
    re.I,
)


def focus_words(question: str) -> set[str]:
    """The word after 'hoeveel'/'welke'/'wat is de': what the question asks about, unless it
    is a word of the lexicon's operations, kinds or scenarios ("hoeveel groter")."""
    from assistant.intent import _function_words

    return {fold(m.group("word")) for m in _FOCUS.finditer(question)
            if not _verb_first(question[m.end():])} - _function_words()


# "hoeveel klachten", "wat is het uurtarief": a thing the answer must name. After "welk(e)"
# comes a category ("welk model") that the answer names by instance ("de Kraljic-matrix").
_AMOUNT_FOCUS = re.compile(
    r"\b(?:hoeveel|wat (?:is|was|zijn|waren) (?:de|het))\s+(?P<word>[a-zà-ÿ][\w-]{3,})", re.I
)


@lru_cache(maxsize=1)
def _subject_openers() -> frozenset[str]:
    return frozenset(fold(str(w)) for w in load_lexicon().get("subject_openers") or [])


def _verb_first(rest: str) -> bool:
    """Whether the words after a focus word start the clause's subject (so the focus word was
    its verb, "hoeveel investeert de gemeente", "hoeveel betalen we"): a pronoun, an article
    (the lexicon's ``subject_openers``) or a capitalised name."""
    m = re.match(r"\s+([\w-]+)", rest)
    if not m:
        return False
    word = m.group(1)
    return fold(word) in _subject_openers() or word[0].isupper()


# "de cao-stijging en de indexering van de kostenbudgetten ... samen": what follows the "en" up
# to these words is the second item of a sum.
_ITEM_END = re.compile(
    r"\s+(?:ons|samen|bij elkaar|in totaal|together|combined|in total|op|opleveren|kosten|"
    r"structureel|incidenteel|in (?:19|20)\d\d|per jaar)\b.*$", re.I)


def summed_items(question: str) -> list[list[str]]:
    """The words of the two things a sum question adds up ("X en Y samen"), or [] when it names
    no such pair (no "en"/"and", or more than one). The second item runs from the "en" to the
    sum's own words; the first is as many content words before the "en" (a question's opening
    words are not part of it)."""
    body = question.strip().rstrip("?").strip()
    parts = re.split(r"\s+(?:en|and)\s+", body)
    if len(parts) != 2:
        return []
    skip = _lexicon_words() | STOPWORDS

    def content(text: str) -> list[str]:
        return [w for w in words(text) if fold(w) not in skip and not w[0].isdigit()
                and len(w) > 2]

    right = content(_ITEM_END.sub("", parts[1]))
    left = content(parts[0])[-max(1, min(3, len(right))):] if right else []
    return [left, right] if left and right else []


_POINTS_BACK = re.compile(r"(?:deze|dit|die|dat|hiervan|daarvan|hiervoor|daarvoor)\b", re.I)


def _names_any(focus: list[set[str]], text: str, alts: dict[str, set[str]]) -> bool:
    """Whether ``text`` says one of the focus words (as a word, compound part or synonym)."""
    present = set(tokenize(text))
    return any(
        stems and all(t in present or _in_compound(t, present) or alts.get(t, set()) & present
                      for t in stems)
        for stems in focus
    )


def _focus_first(
    ranked: list[Sentence], focus: list[set[str]], alts: dict[str, set[str]]
) -> list[Sentence]:
    """"Welke wethouder ...": close sentences that name a wethouder go first, before sentences
    that only share the topic (a section heading's words lift all of its sentences)."""
    if not focus or not ranked:
        return ranked
    naming = [s for s in ranked[:10] if s.score >= FOCUS_SHARE * ranked[0].score
              and _names_any(focus, s.text, alts)]
    return naming + [s for s in ranked if s not in naming]


def _focus_unspoken(
    question: str, chosen: list[Sentence], idf: dict[str, float], alts: dict[str, set[str]]
) -> list[str]:
    """The asked thing ("hoeveel klachten", "wat is het uurtarief") when no passage an answer
    sentence comes from says it (as a word, compound part, stem or synonym) anywhere."""
    out = []
    asked = {fold(m.group("word")) for m in _AMOUNT_FOCUS.finditer(question)}
    for word in focus_words(question) & asked:
        stems = set(tokenize(word))
        if not stems or any(len(t) < 5 for t in stems):
            continue  # short focus words ("zijn", "doel") are too general to insist on
        said = False
        for p in {id(s.passage): s.passage for s in chosen}.values():
            present = set(tokenize(f"{p.section} {p.text}"))
            if all(t in present or _in_compound(t, present) or alts.get(t, set()) & present
                   # "preventieprogramma" asked, "het programma 'X'" written: its head word
                   or any(len(w) >= 6 and t.endswith(w) and len(t) - len(w) >= 4
                          for w in present)
                   for t in stems):
                said = True
                break
        if not said:
            out.append(word)
    return out


def absent_terms(question: str, ctx: AnswerContext) -> list[str]:
    """Words the question turns on that the corpus does not know at all (not as a word, a
    stem, a compound of known words, a near spelling, a glossary or lexicon bridge).

    Why: when the documents never mention 'thuiszitters', the nearest passage about
    something else is not an answer; saying so beats quoting it. Only the focus word after
    'hoeveel'/'welke'/'wat is de' and long, specific words count, so a council member's
    filler words never cause an abstention.
    """
    if ctx.intent is not None and ctx.intent.english:
        return []
    from rapidfuzz import fuzz, process

    from assistant.intent import _function_words

    bridged = set(words(ctx.expanded)) | _function_words() | set(words(" ".join(ctx.glossary)))
    lex = load_lexicon()
    for spec in (lex.get("concepts") or {}).values():
        bridged.update(w for p in spec.get("words") or [] for w in words(str(p)))
    for g in ctx.profile.governments():
        bridged.update(w for n in g.names() for w in words(n))
    focus = {fold(m.group("word")) for m in _FOCUS.finditer(question)}
    vocab = ctx.vocabulary
    choices = sorted(w for w in vocab if len(w) >= 5)
    out = []
    for w in words(question):
        if w in STOPWORDS or w in bridged or w[0].isdigit() or not (w in focus or len(w) >= 9):
            continue
        if w in vocab or any(t in ctx.idf for t in tokenize(w)):
            continue
        if any(w[:cut] in vocab and w[cut:] in vocab for cut in range(4, len(w) - 3)):
            continue  # a compound of two known words
        if process.extractOne(w, choices, scorer=fuzz.ratio, score_cutoff=84):
            continue
        out.append(w)
    return out


UNSTATED_PASSAGES = 5  # how many of the best passages must speak about the rare words
RARE_IDF_SHARE = 0.6  # a word this close to the rarest in the corpus is specific
RARE_MIN_LENGTH = 8  # Dutch subjects are long compounds (wachtlijst, thuiszitters)
STATED_COVERAGE = 0.5  # a number sentence sharing this much of the question is about it


@lru_cache(maxsize=1)
def _lexicon_words() -> frozenset[str]:
    """Words of the lexicon's function words, fillers, concepts and scenarios (a column, not a
    thing): never a question's rare subject. Read once, not per question."""
    from assistant.intent import _function_words

    lex = load_lexicon()
    out = set(_function_words())
    out |= {w for f in lex.get("fillers") or [] for w in words(str(f))}
    for spec in (lex.get("concepts") or {}).values():
        out.update(w for p in spec.get("words") or [] for w in words(str(p)))
    for phrases in (lex.get("scenarios") or {}).values():
        out.update(w for p in phrases for w in words(str(p)))
    return frozenset(out)


def rare_words(ctx: AnswerContext) -> list[tuple[str, set[str]]]:
    """The question's rare, specific words with their stems: rare in the corpus (high IDF),
    long, and not a lexicon, glossary, document or government word. Empty for English
    questions (their words are not the documents')."""
    if not ctx.idf or (ctx.intent is not None and ctx.intent.english):
        return []
    bridged = set(words(ctx.expanded)) - set(words(ctx.question))
    bridged |= _lexicon_words()
    for g in ctx.profile.governments():
        bridged.update(fold(w) for n in g.names() for w in words(n))
    bridged.update(fold(w) for name in ctx.document_names for w in words(name))  # "visitatie"
    titles = {fold(name) for name in ctx.document_names}
    bridged.update(  # "de visiteurs willen ...": a synonym of a title word names the document
        w for group in ctx.synonyms if titles & {fold(t) for t in group}
        for t in group for w in words(t)
    )
    top = max(ctx.idf.values())
    rare = []
    for w in dict.fromkeys(words(ctx.question)):
        if w in STOPWORDS or w in bridged or w[0].isdigit() or len(w) < RARE_MIN_LENGTH:
            continue  # short rare words are mostly verbs ("pakken", "telde"), not the subject
        stems = tokenize(w)
        if stems and all(ctx.idf.get(t, top) >= RARE_IDF_SHARE * top for t in stems):
            rare.append((w, set(stems)))
    return rare


def unstated_terms(ctx: AnswerContext) -> list[str]:
    """The question's rare, specific words that no retrieved sentence with a number contains.

    Why: "hoeveel klachten ... in 2019" answered with a sentence about 2019 that holds a number
    but no complaint is a wrong number with a citation. A sentence speaks about a rare word
    when it holds the word's stem. Only used for questions that ask for a number.
    """
    rare = rare_words(ctx)
    if not rare:
        return []
    numbered = list(_number_sentences(ctx))
    terms = query_terms(ctx.question, ctx.idf)
    alts = synonym_tokens(ctx.synonyms)
    if any(coverage(terms, text, ctx.idf, alts) >= STATED_COVERAGE for text in numbered):
        return []  # a number sentence about most of the question, in other words
    numbered_tokens = [set(tokenize(text)) for text in numbered]

    # "open-einderegeling" as one word, tokenized once per word, not once per sentence
    unhyphenated = {w: set(tokenize(w.replace("-", ""))) for w, _ in rare if "-" in w}

    def said(w: str, stems: set[str], toks: set[str]) -> bool:
        # "risicobedrag" in a sentence that writes "risico ... bedrag", "open-einderegeling"
        # where it is written in one word: the compound is there, in another spelling
        return (all(t in toks or _in_compound(t, toks) for t in stems)
                or (w in unhyphenated and unhyphenated[w] <= toks)
                or any(alts.get(t, set()) & toks for t in stems))

    missing = [w for w, stems in rare
               if not any(said(w, stems, toks) for toks in numbered_tokens)]
    # Only when none of them is stated: one stated rare word means the number is about it.
    return missing if len(missing) == len(rare) else []


_DATE = re.compile(r"\b(\d{1,2})\s+(" + "|".join(MONTHS) + r")\s+((?:19|20)\d\d)\b", re.I)


_NAMED_SPAN = re.compile(r"\b([^\W\d_][\w-]{4,})\s+((?:19|20)\d\d)\s*[-–/]\s*((?:19|20)\d\d)\b")


def span_elsewhere(question: str, texts: list[str]) -> str:
    """A name with a span of years in the question ("de programmabegroting 2019-2022") that
    the texts give only with other years ("Programmabegroting 2020-2023"), and whose asked span
    they never mention at all: the correction, or ""."""
    for m in _NAMED_SPAN.finditer(question):
        word, asked = fold(m.group(1)), (m.group(2), m.group(3))
        if any(re.search(rf"{asked[0]}\s*[-–/]\s*{asked[1]}", t) for t in texts):
            continue
        given = sorted({(n.group(2), n.group(3)) for t in texts for n in _NAMED_SPAN.finditer(t)
                        if fold(n.group(1)) == word})
        if given:
            spans = " en ".join(f"{a}-{b}" for a, b in given)
            return (f"Let op: in de documenten staat {m.group(1).lower()} {spans}, niet "
                    f"{asked[0]}-{asked[1]}.")
    return ""


def _date_elsewhere(question: str, missing: list[str], passages: list[Passage]) -> str:
    """A date the question gives with a year the passages lack ("4 februari 2019"), as the
    passages give that day ("4 februari 2020"); "" when they do not."""
    for day, month, year in _DATE.findall(question):
        if year not in missing:
            continue
        for p in passages:
            for d, m, y in _DATE.findall(p.text):
                if d == day and m.lower() == month.lower() and y != year:
                    return f"{d} {m} {y}"
    return ""


def plan_misses_subject(ctx: AnswerContext, figures: list) -> bool:
    """The figures a lookup found say none of the question's rare words, while a retrieved
    sentence with a number says one: "hoeveel zou een inkomensafhankelijke eigen bijdrage
    landelijk opleveren" answered with another national saving is a figure about something
    else, the sentence is about the asked thing."""
    rare = rare_words(ctx)
    if not rare or not figures:
        return False
    said = set(tokenize(" ".join(
        f"{f.subject} {f.row_label} {f.note} {f.col_label} {f.caption} {f.quote}"
        for f in figures)))
    if any(stems <= said for _, stems in rare):
        return False
    numbered = [set(tokenize(text)) for text in _number_sentences(ctx)]
    return any(stems <= toks for _, stems in rare for toks in numbered)


class OfflineAnswerer:
    """The default back end; see the module docstring."""

    name = "offline"

    def answer(self, ctx: AnswerContext) -> Answer:
        answer = self._answer(ctx)
        if (
            not answer.abstained and not answer.figures and ctx.intent is not None
            and ctx.intent.kind == "numeric" and _asks_number(ctx.question)
            and answer.citations and not _states_a_number(answer)
        ):
            # "hoeveel leerlingen ..." answered with sentences that give no number at all:
            # they are about the subject, not its answer; say so, and show them
            answer = self._abstain(
                replace(answer, text="", citations=[], warnings=[]),
                CitationBuilder(ctx.lookup_passage), ctx,
                f"{NOT_FOUND} De gevonden passages noemen er geen getal bij.")
        # "in de programmabegroting 2019-2022": a document or plan named with years the
        # documents never give it is a premise to correct, whatever the answer found
        note = span_elsewhere(ctx.question, [
            *ctx.titles.values(), *(p.text for p in [*ctx.passages, *ctx.reserve])])
        if note and note not in answer.text:
            answer.text = f"{note}\n\n{answer.text}".strip()
            answer.warnings.append(note)
        return answer

    def _answer(self, ctx: AnswerContext) -> Answer:
        cites = CitationBuilder(ctx.lookup_passage)
        answer = Answer(
            question=ctx.original_question,
            text="",
            backend=self.name,
            passages=ctx.passages,
            resolved_question=ctx.question,
        )
        defined = self._definition(answer, cites, ctx)
        if defined is not None:
            return defined
        names = unknown_names(ctx.question, ctx)
        if names:
            instead = named_instead(ctx.question, names[0], ctx.passages)
            also = f"; wel de {instead}" if instead else ""
            return self._abstain(
                answer, cites, ctx,
                f"{NOT_FOUND} De documenten noemen {', '.join(names)} nergens{also}.",
            )
        intent = ctx.intent or analyse(
            ctx.question,
            ctx.profile,
            {f.metric for f in ctx.figures.all(ctx.allowed_sources)} if ctx.figures else set(),
            ctx.document_names,
        )
        if ctx.original_question != ctx.question and intent.kind == "numeric":
            # A part that borrowed its topic ("..., en was dat geld geoormerkt?") keeps its own
            # kind: the borrowed years and metric must not turn a yes/no part into a lookup.
            own = analyse(ctx.original_question, ctx.profile)
            if own.kind == "yesno" and not own.periods and not own.numeric_cue:
                intent.kind = "yesno"
        if intent.english and intent.kind == "numeric":
            intent = _with_dutch_terms(intent, ctx.synonyms, ctx.vocabulary)
        ctx.intent = intent
        absent = absent_terms(ctx.question, ctx)
        if absent:
            return self._abstain(
                answer,
                cites,
                ctx,
                f"{NOT_FOUND} De documenten noemen {', '.join(repr(w) for w in absent)} nergens.",
            )
        if intent.kind == "numeric" and intent.operation in ("lookup", "difference", "compare"):
            # "meer dan" reads as a comparison too; the complement test is the narrower one
            rest = self._text_complement(answer, cites, ctx)
            if rest is not None:
                return rest
        if intent.operation == "percent_of":
            # The sentence that states the asked percentage names its base amount.
            computed = self._text_arithmetic(answer, cites, ctx, intent)
            if computed is not None:
                return computed
        if ctx.figures is not None and intent.kind == "numeric":
            planner = _planner(ctx)
            plan = planner.run(intent)
            if (
                plan is not None and plan.figures and plan.computation is None
                and ctx.answered and all(f.id in ctx.answered for f in plan.figures)
            ):
                # "hoeveel aanbieders zijn gecontracteerd, en van hoeveel maakt X gebruik?":
                # the second part answered with the first part's figure answers nothing new;
                # the next figure that fits may, else a sentence about what this part asks
                rest = FiguresWithout(ctx.figures, ctx.answered)
                plan = _planner(replace(ctx, figures=rest)).run(intent)
                if plan is not None and not plan.figures:
                    plan = None
            if (
                plan is not None and plan.computation is not None and not intent.concepts
                and unstated_terms(ctx)
            ):
                # figures found by the subject's other words ("jeugdhulp") while the counted
                # thing ("het aantal klachten") is in no sentence with a number: a computation
                # on them answers another question
                plan = None
            if (
                plan is not None and plan.computation is not None and intent.operation == "sum"
                and not intent.periods and len({f.subject for f in plan.figures}) == 1
                and len(summed_items(ctx.question)) == 2
            ):
                # "wat kosten X en Y samen?" answered by one line's years added up: not the two
                # named things. Their own sentences, when each states one amount, answer it.
                summed = self._text_items_sum(answer, cites, ctx)
                if summed is not None:
                    return summed
            nouns = _per_unit_nouns(ctx.question)
            if nouns and (plan is None or plan.computation is None):
                # "hoeveel kinderen gemiddeld per gezin?": two counts the text states
                averaged = self._text_per_unit(answer, cites, ctx, intent, *nouns)
                if averaged is not None:
                    return averaged
            if intent.operation in (*TEXT_OPS, "sum") and (
                plan is None or plan.computation is None
            ):
                # The inputs may be stated in a sentence rather than a table.
                computed = self._text_arithmetic(answer, cites, ctx, intent)
                if computed is not None:
                    return computed
                if intent.operation == "sum":
                    summed = self._text_items_sum(answer, cites, ctx)
                    if summed is not None:
                        return summed
            if plan is not None and plan.abstain and not plan.figures:
                # The store may simply lack this series: quote the text when a passage states
                # it (same years, strong overlap), else abstain with the reason.
                fallback = self._extractive(answer, cites, ctx, strict=True)
                if fallback is not None:
                    return fallback
                if _stated_for_years(ctx, intent) or (
                    not intent.numeric_cue and intent.operation == "lookup" and not intent.periods
                ) or (not intent.numeric_cue and _asks_which(ctx.question)
                      and intent.operation in ("compare", "difference")):
                    # ("welke risico's zijn in 2025 t.o.v. 2024 toegevoegd?" asks which items
                    # changed, not an amount; "welke lasten in 2027?" stays a lookup)
                    # The figure store lacks it, but a passage states a number for the asked
                    # year about the question's words: the store's gap is not the documents'.
                    # (A measure asked without asking a number, "is de heffing kostendekkend?",
                    # is answered from the text when no table gives it.)
                    return self._extractive(answer, cites, ctx)
                return self._abstain(answer, cites, ctx, plan.reason or NOT_FOUND)
            if (
                plan is not None
                and plan.sentences
                and not plan.abstain
                and plan.computation is None
                and not plan.warnings  # a labelled other government's figure stays
                and not plan.overall  # the whole's line, chosen since no part was asked
                and (
                    planner.fit(plan.figures, _without_title_words(intent, ctx)) < MIN_FIGURE_FIT
                    or intent.operation in TEXT_OPS
                )
            ):
                # The figures found carry the metric word but not what the question is about
                # ("minder verwijzingen" answered with a savings table), or a computation was
                # asked and only a lookup came out: a sentence that states the number about
                # the subject is the better answer.
                stated = self._extractive(answer, cites, ctx, strict=True)
                if stated is not None:
                    return stated
                if planner.fit(plan.figures, _without_title_words(intent, ctx)) == 0:
                    # Not one of the question's subject words is near these figures: they
                    # answer another question ("wat kost X" answered with the total spending).
                    unstated = set(unstated_terms(ctx))
                    if unstated and unstated >= set(intent.subject_terms):
                        plan = None  # the asked thing is named by no figure: abstain below
                    elif _stated_elsewhere(ctx, intent) or (
                        intent.subject_terms and not intent.english
                        and intent.operation == "lookup"
                    ):
                        # the passages about the subject, never a looked-up figure about
                        # something else (an English question's words are not the labels')
                        return self._extractive(answer, cites, ctx)
            if plan is not None and plan.warnings and plan.computation is None \
                    and _entity_stated(ctx, intent):
                # the store has only another government's figure, but a passage gives a
                # number beside the asked one's name ("1/3 van het budget van Havenstad"):
                # quote that (tried on copies: a quote not taken leaves no citation behind)
                trial, trial_cites = copy.deepcopy(answer), copy.deepcopy(cites)
                stated = self._extractive(trial, trial_cites, ctx, strict=True) \
                    or self._extractive(trial, trial_cites, ctx)
                if stated is not None and not stated.abstained and _first_quote_states(
                        stated, _entity_names(ctx, intent)):
                    return stated
            if (
                plan is not None and plan.sentences and not plan.abstain
                and plan.computation is None and not plan.warnings
                and plan_misses_subject(ctx, plan.figures)
            ):
                # a sentence states a number about the asked thing; the figure found is
                # about something else
                return self._extractive(answer, cites, ctx, strict=True) or self._extractive(
                    answer, cites, ctx)
            if plan is not None and plan.sentences:
                parts = []
                for sentence, figs in plan.sentences:
                    nums = [cites.cite_figure(f) for f in figs]
                    parts.append(f"{sentence} {markers(nums)}".strip())
                answer.text = " ".join(parts)
                if intent.english:  # an English frame; the figures stay as the documents write
                    answer.text = f"According to the (Dutch) documents: {answer.text}"
                answer.figures = plan.figures
                answer.citations = cites.citations
                answer.abstained = plan.abstain
                answer.warnings += plan.warnings
                return answer
        if intent.kind == "why" and ctx.figures is not None:
            correction = self._premise_from_figures(cites, ctx, intent)
            if correction:
                answer = self._extractive(answer, cites, ctx) or answer
                answer.text = f"{correction}\n\n{answer.text}".strip()
                answer.abstained = False
                answer.citations = cites.citations
                return answer
        unstated = unstated_terms(ctx) if _asks_number(ctx.question) else []
        if unstated:
            return self._abstain(
                answer,
                cites,
                ctx,
                f"{NOT_FOUND} De documenten geven geen getal bij "
                f"{' en '.join(repr(w) for w in unstated)}.",
            )
        return self._extractive(answer, cites, ctx)

    def _text_arithmetic(
        self, answer: Answer, cites: CitationBuilder, ctx: AnswerContext, intent: Intent
    ) -> Answer | None:
        """Compute from the best-matching sentence that states both inputs (see
        :mod:`assistant.text_numbers`); None when no sentence about the subject does."""
        terms = query_terms(ctx.question, ctx.idf)
        stated = tuple(a.value for a in stated_amounts(ctx.question, intent.english))
        best: tuple[float, int, Sentence, text_numbers.TextComputation] | None = None
        # the passages just below the answer's cut too: a budget's measure with its bracketed
        # effects may stand mid-chunk, ranked under passages that only talk about it
        for rank, p in enumerate([*ctx.passages[:6], *ctx.reserve]):
            sentences = split_sentences(p, rank, whole_notes=True)
            for k, s in enumerate(sentences):
                # "Deze valt lager uit: € 90.000 ...": a sentence that opens by pointing back is
                # about what the sentence before it names; so is a bracketed note of effects
                # ("Cyberbeveiliging (hogere lasten 2025 € 90.000)") about its heading
                about = (f"{sentences[k - 1].text} {s.text}"
                         if k and (_POINTS_BACK.match(s.text) or s.text.startswith("("))
                         else s.text)
                # the section a sentence stands in names whose figures it gives ("Regio X: een
                # beeld in cijfers"), as it does for a pair of sentences
                cov = coverage(terms, f"{p.section} {about}", ctx.idf, modifiers=True)
                if len(stated) >= 2 and text_numbers.states_all(s.text, p, stated):
                    cov = max(cov, MIN_TEXT_COVERAGE)  # it gives the very numbers asked about
                if cov < MIN_TEXT_COVERAGE or (best is not None and cov <= best[0]):
                    continue
                owner = ctx.owners.get(p.source, "")
                tc = text_numbers.compute(
                    intent.operation, s.text, p, intent.periods, owner, intent.percent,
                    span=intent.period_range, stated=stated, prefer=_asked_unit(ctx, intent),
                )
                if tc is not None:
                    best = (cov, rank, replace(s, text=about), tc)  # quoted with what it points to
        if best is None:
            pair = self._text_pair(ctx, intent, terms)
            if pair is None:
                return None
            best = pair
        _, _, sentence, tc = best
        n = cites.cite(sentence.passage, sentence.text)
        # The quote and the computation on lines of their own: the document's words (its
        # "gerealiseerd") are its own, the computation's labels are the assistant's.
        answer.text = (
            f"Volgens {_doc_label(sentence.passage, ctx)}: \"{_tidy(sentence.text)}\" [{n}]\n"
            f"{text_numbers.describe(tc)}"
        )
        if tc.computation.operation == "percentage":
            rest = remainder_sentence(ctx.question, tc.inputs[0].value, tc.computation)
            answer.text += f" {rest}" if rest else ""
        answer.figures = list(tc.inputs)
        scaled = self._scaled_to_all(ctx, intent, sentence.text, tc)
        if scaled:  # "... per inwoner; hoeveel is dat voor heel Zeedorp?"
            text, pop = scaled
            answer.text += f" {text} [{cites.cite_figure(pop)}]"
            answer.figures.append(pop)
        answer.citations = cites.citations
        return answer

    def _text_per_unit(self, answer: Answer, cites: CitationBuilder, ctx: AnswerContext,
                       intent: Intent, counted: str, base: str) -> Answer | None:
        """The asked noun's count per the other noun's, from one sentence or two in a row
        about the question's subject (see :func:`text_numbers.per_unit`)."""
        # the two nouns are what the text must be about too ("inwoners" per "dorp"), beside
        # the subject's words (which may be only the asker's, "zelf uitrekent")
        subject = (set(tokenize(" ".join(intent.subject_terms))) or query_terms(ctx.question)) \
            | set(tokenize(f"{counted} {base}"))
        best = None
        for rank, p in enumerate(ctx.passages[:6]):
            sentences = split_sentences(p, rank)
            # the two counts may stand apart in one passage ("35.681 inwoners" in one bullet,
            # "zestien dorpen" two sentences on): a sentence with each, in reading order
            has = [(text_numbers.per_unit_counts(x.text, counted),
                    text_numbers.per_unit_counts(x.text, base)) for x in sentences]
            for k, s in enumerate(sentences):
                apart = [[s, sentences[j]] for j in range(k + 2, len(sentences))
                         if (has[k][0] and has[j][1]) or (has[k][1] and has[j][0])]
                for group in (sentences[k:k + 1], sentences[k:k + 2], *apart):
                    text = " ".join(x.text for x in group)
                    cov = coverage(subject, f"{p.section} {text}", ctx.idf)
                    if cov < MIN_TEXT_COVERAGE or (best is not None and cov <= best[0]):
                        continue
                    tc = text_numbers.per_unit(text, p, counted, base)
                    if tc is not None:
                        best = (cov, replace(s, text=text), tc)
        if best is None:
            return None
        _, sentence, tc = best
        n = cites.cite(sentence.passage, sentence.text)
        c = tc.computation
        answer.text = (f"Volgens {_doc_label(sentence.passage, ctx)}: \"{_tidy(sentence.text)}\" "
                       f"[{n}]\nDat is gemiddeld {text_numbers.short_number(c.value)}"
                       f" {counted} per {base}: {c.formula}.")
        answer.citations = cites.citations
        answer.figures = tc.inputs
        return answer

    @staticmethod
    def _scaled_to_all(ctx: AnswerContext, intent: Intent, sentence: str,
                       tc: text_numbers.TextComputation) -> tuple[str, Figure] | None:
        """A per-inhabitant amount computed from a sentence, asked "voor heel de gemeente":
        times the home municipality's head count, written out (with that count, to cite);
        None when not asked or unknown."""
        if ctx.figures is None or not _scales_up(ctx.question) or tc.computation.unit != "EUR":
            return None
        unit = _per_capita_unit(ctx.question)
        if not find_phrases(sentence, [f"per {unit['one']}"]):
            return None  # the sentence's amounts are not per inhabitant
        home = ctx.profile.municipality
        pop = _planner(ctx).head_count(home, intent.periods[0] if intent.periods else None,
                                       ctx.question) if home else None
        if pop is None:
            return None
        comp = times_count(replace(tc.inputs[0], value=abs(tc.computation.value), unit="EUR"),
                           pop)
        return (f"Maal {format_number(pop.value)} {unit['noun']} van {home} "
                f"({pop.period or 'peildatum onbekend'}) is dat ongeveer "
                f"{format_round_eur(comp.value)} in totaal: {comp.formula}.", pop)

    def _text_items_sum(
        self, answer: Answer, cites: CitationBuilder, ctx: AnswerContext
    ) -> Answer | None:
        """"Wat kosten X en Y samen?" where each is stated in a sentence of its own with one
        amount: the sentence most about each item gives its amount, and they are added up.
        None unless every item has such a sentence (a different one each)."""
        items = summed_items(ctx.question)
        if len(items) < 2:
            return None
        picks: list[tuple[str, Sentence, Figure]] = []
        asked = ctx.intent.periods if ctx.intent is not None else []
        year = asked[0] if len(asked) == 1 else None
        for item_words in items:
            item = " ".join(item_words)
            terms = query_terms(item, ctx.idf)
            if not terms:
                return None
            best: tuple[float, Sentence, Figure] | None = None
            for rank, p in enumerate(ctx.passages[:8]):
                owner = ctx.owners.get(p.source, "")
                prev = ""
                for sent in split_sentences(p, rank, whole_notes=True):
                    # "Huren panden ... (structureel hogere baten € 50.000)": a bracketed note
                    # of effects is about what the sentence before it names
                    said = f"{prev} {sent.text}" if sent.text.startswith("(") else sent.text
                    prev = sent.text
                    amounts = [f for f in text_numbers.sentence_figures(sent.text, p, owner)
                               if f.unit == "EUR"]
                    if len(amounts) > 1 and year is not None:
                        # "vanaf 2027 € 50.000, vanaf 2028 € 75.000" asked for 2028
                        dated = text_numbers.amount_for_year(sent.text, p, year, owner)
                        amounts = [dated] if dated is not None else amounts
                    if len(amounts) != 1:
                        continue
                    cov = coverage(terms, said, ctx.idf)
                    if cov >= MIN_ITEM_COVERAGE and (best is None or cov > best[0]):
                        best = (cov, sent, amounts[0])
            if best is None:
                return None
            picks.append((item, best[1], best[2]))
        if len({id(s) for _, s, _ in picks}) < len(picks) or len(
            {s.text for _, s, _ in picks}) < len(picks):
            return None  # one sentence for two items: not each item's own amount
        comp = total([f for _, _, f in picks])
        lines = []
        labels = [_doc_label(sent.passage, ctx) for _, sent, _ in picks]
        one_document = len(set(labels)) == 1
        if one_document:
            lines.append(f"Volgens {labels[0]}:")
        for (_, sent, _), label in zip(picks, labels, strict=True):
            n = cites.cite(sent.passage, sent.text)
            said = "" if one_document else f"Volgens {label}: "
            lines.append(f'{said}"{_tidy(sent.text)}" [{n}]')
        named = " + ".join(f"{format_number(f.value)} ({item})" for item, _, f in picks)
        when = f" in {year}" if year is not None else ""
        lines.append(f"Samen{when} {format_value(comp.value, comp.unit)}: {named} = "
                     f"{format_number(comp.value)}.")
        answer.text = "\n".join(lines)
        answer.citations = cites.citations
        answer.figures = [f for _, _, f in picks]
        return answer

    def _text_pair(
        self, ctx: AnswerContext, intent: Intent, terms: set[str]
    ) -> tuple[float, int, Sentence, text_numbers.TextComputation] | None:
        """The old value in one sentence and the new one in the next (see
        :func:`text_numbers.compute_pair`), when no single sentence gives both."""
        # The subject's words, not the operation's ("stijgt", "ten opzichte van"): two plain
        # statements of an amount do not repeat how the question asks for their change.
        subject = set(tokenize(" ".join(intent.subject_terms))) or terms
        best = None
        for rank, p in enumerate(ctx.passages[:6]):
            sentences = split_sentences(p, rank, whole_notes=True)
            for a, b in zip(sentences, sentences[1:], strict=False):
                text = f"{a.text} {b.text}"
                cov = coverage(subject, f"{p.section} {text}", ctx.idf)
                if cov < MIN_TEXT_COVERAGE or (best is not None and cov <= best[0]):
                    continue
                tc = text_numbers.compute_pair(
                    intent.operation, a.text, b.text, p, intent.periods,
                    ctx.owners.get(p.source, ""),
                )
                if tc is not None:
                    best = (cov, rank, replace(a, text=text), tc)
        return best

    def _text_complement(
        self, answer: Answer, cites: CitationBuilder, ctx: AnswerContext
    ) -> Answer | None:
        """The rest of a whole a sentence splits ("101 aanbieders, waarvan 45 minder dan ..."),
        when the question asks for the other side ("meer dan"); see
        :func:`text_numbers.complement`."""
        terms = query_terms(ctx.question, ctx.idf)
        opposites = [list(p) for p in load_lexicon().get("opposites") or []]
        for rank, p in enumerate(ctx.passages[:6]):
            for s in split_sentences(p, rank, whole_notes=True):
                if coverage(terms, s.text, ctx.idf) < MIN_TEXT_COVERAGE:
                    continue
                tc = text_numbers.complement(
                    s.text, p, ctx.question, opposites, ctx.owners.get(p.source, "")
                )
                if tc is None:
                    continue
                n = cites.cite(s.passage, s.text)
                answer.text = (
                    f"Volgens {_doc_label(s.passage, ctx)}: \"{_tidy(s.text)}\" [{n}]\n"
                    f"{text_numbers.describe(tc)}"
                )
                answer.citations = cites.citations
                answer.figures = tc.inputs
                return answer
        return None

    def _premise_from_figures(
        self, cites: CitationBuilder, ctx: AnswerContext, intent: Intent
    ) -> str:
        """"Waarom daalden de uitgaven tussen 2015 en 2018?" when the figures rose: say so,
        with the figures, before quoting any reason. Empty when the premise holds or the
        figures cannot tell."""
        lex = load_lexicon()
        drops = find_phrases(ctx.question, [str(w) for w in lex.get("drop_words") or []])
        rises = find_phrases(ctx.question, [str(w) for w in lex.get("rise_words") or []])
        if not (intent.concepts or intent.subject_terms) or bool(drops) == bool(rises):
            return ""
        periods = list(intent.periods)
        if len(periods) == 1 and not intent.period_range:
            # "waarom gaan de tarieven in 2025 omlaag?": against the year before
            periods = [periods[0] - 1, periods[0]]
        if len(periods) < 2:
            return ""
        probe = replace(intent, operation="difference", kind="numeric", periods=periods)
        plan = _planner(ctx).run(probe)
        comp = plan.computation if plan is not None and not plan.abstain else None
        if comp is None or comp.operation != "verschil" or len(comp.inputs) != 2:
            return ""
        new, old = comp.inputs
        went_up = comp.value > 0
        if went_up == bool(rises) or comp.value == 0:
            return ""  # the premise holds
        marks = markers([cites.cite_figure(f) for f in (old, new)])
        before, after = format_value(old.value, old.unit), format_value(new.value, new.unit)
        if not intent.concepts:
            # the figure's own line says what it is ("Standplaats per dag")
            line = new.subject or new.row_label or intent.label(dutch=True)
            change = "een stijging" if went_up else "een daling"
            return (
                f"Dat klopt niet volgens de cijfers: {line}: van {before} in {old.period} naar "
                f"{after} in {new.period}, {change}. {marks}"
            )
        word = "stegen" if went_up else "daalden"
        return (
            f"Dat klopt niet volgens de cijfers: {intent.label(dutch=True)} {word} van {before} "
            f"in {old.period} naar {after} in {new.period}. {marks}"
        )

    def _definition(
        self, answer: Answer, cites: CitationBuilder, ctx: AnswerContext
    ) -> Answer | None:
        """'Wat betekent GI?': the glossary's meaning, cited where a document uses the term."""
        # "De regio noemt een WZT. Wat is in vredesnaam een WZT?": the last sentence asks, and a
        # council member's filler words do not hide the question's shape.
        plain = without_words(ctx.question, list(load_lexicon().get("fillers") or []))
        match = next((m for part in reversed(re.split(r"(?<=[.?!])\s+", plain))
                      if (m := _DEFINITION_Q.search(part))), None)
        if not match:
            return None
        term = match.group("term").strip(" ?'\"")
        term = term[:-2] if term.endswith("'s") else term
        meaning = next((v for k, v in ctx.glossary.items() if k.lower() == term.lower()), None)
        if meaning is None:
            return self._spelled_out(answer, cites, ctx, term)
        used = re.compile(rf"\b{re.escape(term)}\b", re.I)
        passage = next((p for p in ctx.passages if used.search(p.text)), None)
        text = f"{term} staat voor: {meaning} (woordenlijst, corpus/glossary.yaml)."
        if passage is not None:
            sentence = next(
                (s.text for s in split_sentences(passage, 0) if used.search(s.text)), ""
            )
            n = cites.cite(passage, sentence)
            if sentence:
                text += f' In de documenten: "{_tidy(sentence)}" [{n}]'
        answer.text = text
        answer.citations = cites.citations
        return answer

    def _spelled_out(
        self, answer: Answer, cites: CitationBuilder, ctx: AnswerContext, term: str
    ) -> Answer | None:
        """An abbreviation the glossary lacks, as a document spells it out beside its use
        ("Wijkzorgteam Oost (WZO)"); None when no retrieved passage does."""
        if sum(c.isupper() for c in term) < 2:
            return None  # "wat is een wijkteam": a word, not an abbreviation
        for p in [*ctx.passages, *ctx.reserve]:
            long = next(iter(abbreviations.expansions(term, p.text)), "")
            if not long:
                continue
            first = long.split()[0]
            sentence = next((s.text for s in split_sentences(p, 0) if first in s.text), "")
            n = cites.cite(p, sentence or long)
            answer.text = f"{term} staat voor {long}."
            if sentence:
                answer.text += (f' Volgens {_doc_label(p, ctx)}: "{_tidy(sentence)}" [{n}]')
            else:
                answer.text += f" [{n}]"
            answer.citations = cites.citations
            return answer
        return None

    def _extractive(
        self, answer: Answer, cites: CitationBuilder, ctx: AnswerContext, strict: bool = False
    ) -> Answer | None:
        english_q = bool(_ENGLISH.search(ctx.question))
        # English words are not misspelt Dutch ones: only a Dutch question's words are matched
        # to their nearest corpus spelling.
        terms = query_terms(ctx.question, None if english_q else ctx.idf)
        doc_terms = _document_name_terms(terms, ctx)
        terms -= doc_terms
        if english_q:
            # English question: its Dutch glossary equivalents count as its words; the English
            # words the corpus does not know are left out of the coverage.
            extra = query_terms(ctx.expanded) if ctx.expanded else set()
            known = {t for t in terms | extra if t in ctx.idf}
            names = {t for g in ctx.profile.governments() for n in g.names() for t in tokenize(n)}
            if terms and not known - names and not strict:
                # Only a place name is left of the question: any passage about that place
                # would "match". Say what was not understood instead of quoting one.
                return self._abstain(
                    answer, cites, ctx,
                    f"{NOT_FOUND} The question's words ({', '.join(sorted(terms - names))}) do "
                    "not occur in the (Dutch) documents; try the Dutch term.",
                )
            terms = (known or terms) - doc_terms
        passages = list(ctx.passages)
        alts = synonym_tokens(ctx.synonyms)
        if not strict:
            # "waarom lopen bij ons de kosten op in segment X?": the claim is said only in a
            # neighbour's document; quoting it (with whose it is) corrects the premise
            passages = _neighbours_claim(ctx, terms, alts) or passages
        context = {
            p.id: coverage(terms, f"{p.section} {p.text}", ctx.idf, alts) for p in passages
        }
        if max(context.values(), default=0.0) < MIN_PASSAGE_COVERAGE and ctx.reserve:
            # None of the top passages is about the question's words: the best one just below
            # the cut may be (the fusion ranks by other signals too).
            best = max(ctx.reserve, key=lambda p: coverage(terms, f"{p.section} {p.text}",
                                                          ctx.idf, alts))
            cov = coverage(terms, f"{best.section} {best.text}", ctx.idf, alts)
            if cov >= MIN_PASSAGE_COVERAGE:
                passages.append(best)
                context[best.id] = cov
        kind = ctx.intent.kind if ctx.intent else ""
        why = kind == "why" or _asks_why(ctx.question)
        prose = why or kind in _PROSE_KINDS
        sentences = [
            s for r, p in enumerate(passages) for s in split_sentences(p, r, rows_apart=prose)
        ]
        # Strict mode wants a sentence that states the answer itself, not one under a heading.
        under = {} if strict else _under_heading(sentences, terms, ctx.idf)
        # "Welke wethouder ...": a sentence that names the asked kind of thing is likelier its
        # answer than one that only shares the topic's words.
        focus = [set(tokenize(w)) for w in focus_words(ctx.question)] if not english_q else []
        for s in sentences:
            # A sentence counts by its own words and, less, by its passage's (paraphrases);
            # its shape (heading, table row, echoed question) and the asked kind adjust it.
            s.score = (
                0.65 * coverage(terms, s.text, ctx.idf, alts)
                + 0.35 * context[s.passage.id]
                + 0.5 * under.get(id(s), 0.0)
                + 0.06 / (1 + s.rank)
                + (0.05 if _has_number(s.text) and _asks_number(ctx.question) else 0.0)
                + (0.12 if why and _CAUSAL.search(s.text) else 0.0)
                + _kind_bonus(kind, s.text)
                + (0.08 if focus and _names_any(focus, s.text, alts) else 0.0)
                - _shape_penalty(s, ctx.question, prose=prose)
            )
        # Rounded scores and explicit tie-breaks keep answers identical from run to run.
        ranked = sorted(sentences, key=lambda s: (-round(s.score, 9), s.rank, s.position))
        ranked = _focus_first(ranked, focus, alts)
        if not ranked or max(context.values(), default=0.0) < MIN_PASSAGE_COVERAGE:
            return None if strict else self._abstain(answer, cites, ctx, NOT_FOUND)
        named = _named_by_title(ctx)
        if len(named) == 1 and not strict:
            # "Volgens de jaarstukken ...": the answer comes from the named document, or the
            # reader hears that it does not say so, not another document's passage.
            own = [s for s in ranked if s.passage.source in named]
            if own and own[0].score >= NAMED_SHARE * ranked[0].score:
                ranked = own
            elif (own or named & {p.source for p in ctx.reserve}) and (
                not own or own[0].score < MIN_PASSAGE_COVERAGE
            ):
                src = next(iter(named))
                label = _doc_label(own[0].passage, ctx) if own else ctx.titles.get(src, src)
                said = f"{NOT_FOUND} {label} zegt hier niets over."
                return self._abstain(answer, cites, ctx, said)
        dating = _dating_years(ctx)
        missing_years = [
            y for y in _YEAR.findall(ctx.question)
            if y not in dating and not any(y in p.text for p in passages)
        ]
        chosen = self._choose(ranked, sentences, ctx.question, ctx.lookup_passage)
        evidence = _asked_evidence(kind, ctx.question)
        if evidence is not None and chosen and not any(evidence(s.text) for s in chosen):
            # "Wanneer ...?" answered without a date, "hoeveel ...?" without a number: add the
            # best sentence that holds one, when it is about the question nearly as much.
            extra = next(
                (s for s in ranked if evidence(s.text) and s.score >= 0.5 * ranked[0].score),
                None,
            )
            if extra is not None:
                chosen = sorted([*chosen, extra], key=lambda s: (s.rank, s.position))
        if not strict and not named and chosen and kind not in ("numeric", "definition"):
            # A question no document is named in may be answered by two: the best sentence of
            # another document, nearly as much about the question (and holding what a
            # when/how-many question asks), is its own labelled block.
            have = {s.passage.source for s in chosen}
            other = next((s for s in ranked if s.passage.source not in have
                          and (evidence is None or evidence(s.text))), None)
            if other is not None and other.score >= SECOND_DOC_SHARE * ranked[0].score:
                chosen.append(other)
        if len(ctx.named_sources) >= 2:  # a question about two documents quotes both
            for source in sorted(ctx.named_sources - {s.passage.source for s in chosen}):
                best = next((s for s in ranked if s.passage.source == source), None)
                # the document searched on its own may hold a better sentence than the fused
                # top passages (they are ranked for the whole question, not for its part)
                # searched without the other governments the question names ("... in Zeedorp
                # volgens het rapport en in Havenstad volgens de visie": its words are not
                # what the report's side is about)
                names = _others_named(ctx, source)
                heads = _compound_heads(terms - names, ctx.idf)  # "bekostigingsvorm" ->
                own_alts = {t: alts.get(t, set()) | {h} for t, h in heads.items()}  # bekostiging
                alone = _best_from(ctx, {source}, terms - names, {**alts, **own_alts}, prose,
                                   query=" ".join([_without(ctx.question, names),
                                                   *heads.values()]))
                if alone is not None and (best is None or alone.score > best.score):
                    best = alone
                if best is not None and best.score >= NAMED_DOC_MIN:
                    chosen.append(best)
            for source in sorted(ctx.named_sources):
                # each document's side in two sentences when its second is nearly as much
                # about the question: one sentence rarely holds all a document says on it
                mine = [s for s in chosen if s.passage.source == source]
                if len(mine) != 1:
                    continue
                second = next((
                    s for s in ranked
                    if s.passage.source == source and s not in chosen
                    and len(s.text.split()) > 3
                    and not any(_similar(s.text, c.text) for c in chosen)
                ), None)
                if second is not None and second.score >= max(
                    MIN_COVERAGE, SECOND_SENTENCE_SHARE * mine[0].score
                ):
                    chosen.append(second)
            # "volgens X en Y": a third document's quote is not what was asked
            chosen = [s for s in chosen if s.passage.source in ctx.named_sources] or chosen
        if not strict:
            chosen = self._later_side(chosen, terms, alts, ctx, prose)
        if strict:
            years = _YEAR.findall(ctx.question)
            said = " ".join(s.text for s in chosen[:2])
            numbers = [
                n for n in re.findall(r"\d[\d.,]*\d|\d", said) if not _YEAR.fullmatch(n)
            ]
            # "sociaal domein 2017 - 2019 ... in 2018": an asked year inside a span of a
            # heading is not stated when the sentence dates its number with another year
            single = _YEAR_SPAN.sub(" ", said)
            if (
                ranked[0].score < 0.7
                or missing_years
                or not numbers
                or not all(y in said for y in years)
                or any(y not in single and _YEAR.search(single) for y in years)
            ):
                return None
        lines: list[str] = []
        lines += self._premise_notes(ctx)
        # The years the passages most about the question do give, to say beside the gap.
        top = max(context.values(), default=0.0)
        about = [p for p in passages if context[p.id] >= 0.5 * top]
        held = sorted({y for p in about for y in _YEAR.findall(p.text)} - set(missing_years))
        absent = self._absent_constraints(ctx, missing_years, held)
        if absent and not lines:
            return None if strict else self._abstain(answer, cites, ctx, absent)
        other_year = _number_for_other_year(ctx.question, chosen, dating)
        if other_year and not lines and not strict:
            # "Hoeveel dividend over 2024?" answered with the sentence about 2023: the number
            # quoted is another year's, the asked year's is not in the passages
            return self._abstain(
                answer, cites, ctx,
                f"{NOT_FOUND} De gevonden passages noemen dit bedrag alleen voor {other_year}.",
            )
        planned = _only_planned(ctx, chosen, dating)
        if planned and not lines and not strict:
            # "Wat kwam er uit de evaluatie van oktober 2020?" asked of a document that only
            # announces it ("wordt rond oktober 2020 geëvalueerd"): the outcome is not there
            return self._abstain(
                answer, cites, ctx,
                f"{NOT_FOUND} {planned} noemt dit alleen als voornemen, niet wat eruit kwam.",
            )
        unspoken = [] if english_q else _focus_unspoken(ctx.question, chosen, ctx.idf, alts)
        if unspoken and not lines:
            # "Wat is het uurtarief ...?" answered with a sentence that names no rate: the
            # passages are about the subject, not about what is asked of it.
            return None if strict else self._abstain(
                answer, cites, ctx,
                f"{NOT_FOUND} De gevonden passages noemen {', '.join(map(repr, unspoken))} niet.",
            )
        foreign, insisted = self._foreign_owner_note(chosen, ctx)
        if foreign:
            lines.append(foreign)
            answer.warnings.append(foreign)
            # the asker named their own government and only another's document speaks: the
            # quote is context, the asked answer is not in the documents
            answer.abstained = insisted
        english = bool(ctx.intent and ctx.intent.english)
        sources = list(dict.fromkeys(s.passage.source for s in chosen))
        if len(sources) >= 2:
            # One block per document, labelled with its name and year, so each side is heard
            # and no quote stands under another document's name.
            for source in sources:
                group = sorted((s for s in chosen if s.passage.source == source),
                               key=lambda s: (s.rank, s.position))
                if any(s.is_list_item for s in group):
                    lines.append(f"\n\n**{_doc_label(group[0].passage, ctx)}:**")
                    lines += [self._quoted_line(s, cites) for s in group]
                    continue
                quoted = " ".join(
                    f"{_tidy(s.text)} [{cites.cite(s.passage, s.text)}]" for s in group
                )
                lines.append(f"\n\n**{_doc_label(group[0].passage, ctx)}:** {quoted}")
        else:
            if chosen and not strict:
                lead = _doc_label(chosen[0].passage, ctx)
                lines.append(
                    f"According to {lead} (quoted in Dutch):" if english else f"Volgens {lead}:"
                )
            lines += [self._quoted_line(s, cites) for s in chosen]
        answer.text = _join(lines).strip()
        answer.citations = cites.citations
        return answer

    @staticmethod
    def _quoted_line(s: Sentence, cites: CitationBuilder) -> str:
        """One quoted sentence with its citation; a list item as a bullet."""
        bullet = "- " if s.is_list_item and not _LIST_LINE.match(s.text) else ""
        return f"{bullet}{_tidy(s.text)} [{cites.cite(s.passage, s.text)}]"

    def _choose(
        self, ranked: list[Sentence], sentences: list[Sentence], q: str, lookup=None
    ) -> list[Sentence]:
        best = ranked[0]
        if _LIST_Q.search(q.strip()):
            # A list question: the best sentence whose passage holds a list (or announces one)
            # when it is nearly as good as the best overall.
            def has_list(s: Sentence) -> bool:
                own = [x for x in sentences if x.passage.id == s.passage.id]
                inline = re.search(r":[^:]*,[^:]*,", s.text)  # "de big 5: a, b, c en d"
                return (
                    bool(inline)
                    or s.text.rstrip().endswith(":")
                    or sum(x.is_list_item for x in own) >= 2
                )

            best = next(
                (s for s in ranked[:8] if has_list(s) and s.score >= 0.7 * ranked[0].score), best
            )
        in_passage = [s for s in sentences if s.passage.id == best.passage.id]
        items = [s for s in in_passage if s.is_list_item]
        intro = next(
            (
                s
                for s in ranked[:4]
                if s.passage.id == best.passage.id and s.text.rstrip().endswith(":")
            ),
            None,
        ) or next(  # "Het betreft:" right after the best sentence announces its list
            (
                s
                for s in in_passage
                if 0 <= s.position - best.position <= 3 and s.text.rstrip().endswith(":")
            ),
            None,
        )
        # A list question, or a best sentence that announces a list ("... gesproken over:").
        listing = (
            bool(_LIST_Q.search(q.strip()))
            or best.text.rstrip().endswith(":")
            or (intro is not None and intro.position == best.position + 1)  # "Het betreft:"
        )
        if listing and len(items) < 2 and intro is not None:
            following = [s for s in in_passage if s.position > intro.position][:10]
            runs_to_end = not following or following[-1].position == in_passage[-1].position
            if runs_to_end and len(following) < 10 and lookup is not None:
                # The list goes on (or starts) in the next chunk: take its item lines too.
                end = intro.passage.line_end
                nxt_p = next(
                    (
                        p
                        for p in (lookup(intro.passage.source, end + d) for d in range(1, 5))
                        if p is not None and p.id != intro.passage.id
                    ),
                    None,
                )
                if nxt_p is not None:
                    for i, t in enumerate(_item_lines(nxt_p.text)):
                        if len(following) >= 10 or len(t) > 160:
                            break
                        if t not in {f.text for f in following}:
                            following.append(Sentence(t, nxt_p, intro.rank, i))
            lead = [best] if best is not intro else []
            return (
                lead
                + [intro]
                + [
                    Sentence(
                        f"- {s.text.lstrip('- ')}", s.passage, s.rank, s.position, is_list_item=True
                    )
                    for s in following
                ]
            )
        if listing and len(items) >= 2:
            # The list nearest to the best sentence, with the sentence that introduces it.
            start = min(  # on a tie, the list after the best sentence: an intro comes first
                items, key=lambda s: (abs(s.position - best.position), s.position < best.position)
            ).position
            block = [s for s in in_passage if s.is_list_item and s.position >= start - 1]
            run = []
            for s in block:
                if run and s.position != run[-1].position + 1:
                    break
                run.append(s)
            intro = [
                s
                for s in in_passage
                if s.position == run[0].position - 1
                and not s.is_list_item
                and not _HALF_SENTENCE.match(s.text)
            ]
            if run[-1].position == in_passage[-1].position and lookup is not None:
                run = run + _list_continued(run[-1], lookup)
            lead = [best] if best not in run and best not in intro else []
            return (lead + intro + run)[:12]
        chosen = [best]
        nxt = next((s for s in in_passage if s.position == best.position + 1), None)
        prev = next((s for s in in_passage if s.position == best.position - 1), None)
        why = _asks_why(q)
        points_back = bool(_REFERS_BACK.match(best.text)) or (
            why and bool(re.search(r"\b(daar|daarvoor|hiervoor|hierom|daarom)\b",
                                   " ".join(best.text.split()[:6]), re.I))
        )
        if prev is not None and not prev.is_list_item and len(prev.text.split()) > 3 and (
            not _HALF_SENTENCE.match(prev.text)  # the tail of a sentence cut at a chunk edge
        ) and (
            points_back or (why and not _CAUSAL.search(best.text) and not prev.text.endswith(":"))
        ):
            # "Daarom ...", "We nemen daar de tijd voor": the sentence it points back to; for a
            # why-question without a cause in the best sentence, the one before it holds it.
            chosen.insert(0, prev)
            before = next((s for s in in_passage if s.position == prev.position - 1), None)
            if before is not None and _REFERS_BACK.match(prev.text) and not before.is_list_item:
                chosen.insert(0, before)  # "Dit geldt ook ...": one more step back
        if nxt is not None and (
            len(best.text) < 80
            or best.text.rstrip().endswith(":")
            or (why and _CAUSAL.search(nxt.text))
            or _REFERS_BACK.match(nxt.text) and why
        ):
            chosen.append(nxt)  # the reason often follows the fact ("Een verklaring is ...")
        if why:
            # A why-answer's reason runs on over the next sentences of its paragraph ("We nemen
            # daar de tijd voor ... Keuzes maken we eind 2020, vóór de aanbesteding per 2022.").
            last = max(c.position for c in chosen if c.passage.id == best.passage.id)
            for s in in_passage:
                if len(chosen) >= MAX_SENTENCES or s.position > last + 2:
                    break
                if (s.position > last and not s.is_list_item and len(s.text.split()) > 4
                        and not _HALF_SENTENCE.match(s.text)):
                    chosen.append(s)
        for s in ranked[1:]:
            if len(chosen) >= MAX_SENTENCES or s.score < max(MIN_COVERAGE, best.score * 0.6):
                break
            if any(_similar(s.text, c.text) for c in chosen) or len(s.text.split()) <= 3:
                continue  # a repeat, or a heading: neither adds an answer
            chosen.append(s)
        last = {s.passage.id: max(x.position for x in sentences if x.passage.id == s.passage.id)
                for s in chosen}
        chosen = [_finished(s, lookup) if s.position == last[s.passage.id] else s
                  for s in chosen]
        return sorted(chosen, key=lambda s: (s.rank, s.position))

    @staticmethod
    def _later_side(
        chosen: list[Sentence], terms: set[str], alts: dict[str, set[str]],
        ctx: AnswerContext, prose: bool,
    ) -> list[Sentence]:
        """"Wat is daar uiteindelijk van terechtgekomen?": the question asks what became of
        something after the document that describes it. The best sentence of a later document
        is the other half of the answer; each half keeps its own document's label."""
        if not chosen or not _asks_later(ctx.question):
            return chosen
        newest = max(ctx.years.get(s.passage.source, 0) for s in chosen)
        later = {src for src in ctx.allowed_sources if ctx.years.get(src, 0) > newest}
        if not newest or not later:
            return chosen
        # The later sentence must be about what the earlier answer is about: a third of the
        # question's words that the earlier quotes hold (see _best_from), not any sentence.
        said = " ".join(s.text for s in chosen)
        shared = {t for t in terms if coverage({t}, said, ctx.idf, alts) > 0}
        best = _best_from(ctx, later, terms, alts, prose, must=shared)
        if best is None or best.score <= 0:  # the shared words are its gate, not the score
            return chosen
        return [*chosen, best]

    def _absent_constraints(
        self, ctx: AnswerContext, missing_years: list[str], held: list[str] | None = None
    ) -> str:
        """A year or a government the question insists on that no retrieved passage mentions:
        say so instead of quoting the nearest passage about something else, and which years
        the passages about the subject do hold."""
        if missing_years:
            also = f"; wel {', '.join(held[-6:])}" if held else ""
            moved = _date_elsewhere(ctx.question, missing_years, ctx.passages)
            if moved:  # "op 4 februari 2019": the passages give that day in another year
                also = f"; wel {moved}"
            return (
                f"{NOT_FOUND} De gevonden passages over dit onderwerp noemen "
                f"{', '.join(missing_years)} niet{also}."
            )
        home = ctx.profile.municipality
        text = fold(" ".join(f"{p.text} {p.owner} {p.title}" for p in ctx.passages))
        for name in ctx.profile.mentioned(ctx.question):
            if name == home or ctx.profile.region and name == ctx.profile.region.name:
                continue
            aliases = next((g.names() for g in ctx.profile.governments() if g.name == name), ())
            if not any(fold(a) in text for a in aliases):
                return f"{NOT_FOUND} De gevonden passages zeggen hier niets over {name}."
        return ""

    def _premise_notes(self, ctx: AnswerContext) -> list[str]:
        """A question that places the home municipality in another region gets corrected,
        from the profile's data ("X hoort niet bij Y, maar bij Z")."""
        profile = ctx.profile
        if not profile.municipality or not profile.region:
            return []
        named = profile.mentioned(ctx.question)
        wrong = [n for n in named if any(n == g.name for g in profile.neighbours)]
        home_said = profile.municipality in named or bool(ctx.intent and ctx.intent.home_implied)
        if not wrong or not home_said:
            return []
        if not _MEMBERSHIP.search(ctx.question) and _sides_apart(
            ctx.question, list(profile.home.names()),
            [n for g in profile.neighbours if g.name == wrong[0] for n in g.names()],
        ):
            return []  # "in A ... en in B": two sides compared, no membership claimed
        if not _MEMBERSHIP.search(ctx.question) and any(
            profile.municipality.lower() in p.text.lower() and wrong[0].lower() in p.text.lower()
            for p in ctx.passages
        ):
            return []  # the documents themselves relate the two: no false premise to correct
        members = ", ".join(profile.region.members)
        return [
            f"Let op: {profile.municipality} hoort niet bij {wrong[0]}, maar bij "
            f"{profile.region.name}" + (f" ({members})" if members else "") + " (profiel)."
        ]

    def _foreign_owner_note(
        self, chosen: list[Sentence], ctx: AnswerContext
    ) -> tuple[str, bool]:
        """Every quoted sentence comes from another government's document: say so in the
        answer itself, so its content is never read as the home municipality's. The flag says
        the asker named their own government: the asked answer is then not in the documents."""
        home = ctx.profile.municipality
        if not home or not chosen:
            return "", False
        owners = {s.passage.owner or ctx.owners.get(s.passage.source, "") for s in chosen}
        own = {home, ctx.profile.region.name if ctx.profile.region else home}
        bare_owners = {re.sub(r"^(?:[Jj]eugd)?[Rr]egio\s+", "", o) for o in owners}
        if "" in owners or any(
            (ctx.profile.canonical(o) or o) in own for o in owners | bare_owners
        ):
            return "", False
        canon = {ctx.profile.canonical(o) or o for o in owners}
        named = set(ctx.profile.mentioned(ctx.question))
        bare = {re.sub(r"^(?:[Jj]eugd)?[Rr]egio\s+", "", o) for o in canon}
        if named & (canon | bare):
            return "", False
        who = ", ".join(sorted(bare))
        titles = ", ".join(sorted({ctx.titles.get(s.passage.source, s.passage.source)
                                   for s in chosen}))
        region = ctx.profile.region.name if ctx.profile.region else ""
        asked = home if home in named else (region if region and region in named else "")
        if asked:
            return (
                f"Let op: dit staat alleen in {titles}, een document van {who}, niet van "
                f"{asked}; voor {asked} geven de documenten hierover geen gegevens."
            ), True
        return f"Let op: dit komt uit {titles}, een document van {who} (niet van {home}):", False

    def _abstain(
        self, answer: Answer, cites: CitationBuilder, ctx: AnswerContext, reason: str
    ) -> Answer:
        answer.abstained = True
        closest = ctx.passages[:3]
        if closest:
            refs = markers([cites.cite(p) for p in closest])
            answer.text = f"{reason} De meest verwante passages staan hieronder {refs}."
        else:
            answer.text = reason
        answer.citations = cites.citations
        return answer


def _dating_years(ctx: AnswerContext) -> set[str]:
    """Years with which the question names a document ("de vgr van 2021", "de regiovisie
    2023-2028"), not a year its answer must be about: beside a document word, and the year or
    title year of a document that exists (an unknown "rapportage 2030" stays a constraint)."""
    from assistant.intent import _document_years

    real = {str(y) for y in ctx.years.values() if y}
    real |= {y for t in ctx.titles.values() for y in _YEAR.findall(t)}
    lex = load_lexicon()
    doc_words = [fold(str(w)) for w in lex.get("document_words") or []]
    doc_words += [fold(w) for w in ctx.document_names]
    # "the 2025 budget": an English name of a document kind the corpus has
    translations = load_lexicon().get("document_translations") or {}
    doc_words += [fold(str(en)) for en, nl in translations.items()
                  if fold(str(nl)) in doc_words and " " not in str(en)]
    lowered = {fold(k): v for k, v in ctx.glossary.items()}

    def spelled(m: re.Match) -> str:  # "de vgr van 2021": the abbreviation names a document
        tok = m.group(0)
        short = tok.isupper() or len(tok) <= 4
        return (ctx.glossary.get(tok) or (lowered.get(fold(tok)) if short else None)) or tok

    question = re.sub(r"[A-Za-z][A-Za-z0-9-]*", spelled, ctx.question)
    beside = {str(y) for y in _document_years(fold(question), doc_words)}
    for title in ctx.titles.values():  # "de regiovisie 2023-2028": its title's span
        for span in re.findall(r"(?:19|20)\d\d\s*[-–]\s*(?:19|20)\d\d", title):
            if re.sub(r"\s", "", span) in re.sub(r"\s", "", ctx.question):
                beside |= set(_YEAR.findall(span))
    for src in ctx.named_sources:  # a named document's own years
        beside |= {str(ctx.years.get(src) or "")} & set(_YEAR.findall(ctx.question))
    return beside & real


def _asked_unit(ctx: AnswerContext, intent: Intent) -> str:
    """"EUR" when the question asks an amount of money (it says euro, or names a money
    concept without counting something), "aantal" when it counts; else no preference."""
    lex = load_lexicon()
    money = [str(w) for w in lex.get("money_words") or []]
    asked = set(words(ctx.question))
    if "€" in ctx.question or find_phrases(ctx.question, money):
        return "EUR"
    # the count words that are not amount words ("aantal", not "hoeveel")
    counting = {w for p in lex.get("count_words") or [] for w in words(str(p))}
    counting -= {w for p in lex.get("amount_words") or [] for w in words(str(p))} | STOPWORDS
    if intent.counted or asked & counting:
        return "aantal"
    return "EUR" if intent.concepts else ""


def _number_for_other_year(question: str, chosen: list[Sentence], dating: set[str]) -> str:
    """The other year(s) the quoted numbers are for, when a how-much question asks one year
    that neither the quoted sentences nor their sections name; "" when that is not so."""
    if not _asks_number(question):
        return ""
    asked = [y for y in dict.fromkeys(_YEAR.findall(question)) if y not in dating]
    numbered = [s for s in chosen if _states_number(s.text)]
    if len(asked) != 1 or not numbered:
        return ""
    said = " ".join(f"{s.passage.section} {s.text}" for s in chosen)
    others = sorted({y for s in numbered for y in _YEAR.findall(s.text)} - set(asked))
    return ", ".join(others) if others and asked[0] not in said else ""


def _only_planned(ctx: AnswerContext, chosen: list[Sentence], dating: set[str]) -> str:
    """The document (its label) when the question asks what came of something (lexicon
    ``outcome_words``) in a year no earlier than the quoted documents' own, and they speak of
    it only as a plan (``plan_words``: "wordt ... voorgelegd", "zal"); "" otherwise."""
    lex = load_lexicon()
    if not chosen or not find_phrases(ctx.question, [str(w) for w in lex.get("outcome_words")
                                                     or []]):
        return ""
    asked = [int(y) for y in _YEAR.findall(ctx.question) if y not in dating]
    written = [ctx.years.get(s.passage.source) for s in chosen]
    if not asked or not all(written) or min(asked) < max(w for w in written if w):
        return ""
    plans = [str(w) for w in lex.get("plan_words") or []]
    if not any(find_phrases(s.text, plans) for s in chosen[:2]):
        return ""
    return _doc_label(chosen[0].passage, ctx)


def _share_named(terms: set[str], text: str, alts: dict[str, set[str]]) -> float:
    """Share of ``terms`` (counted alike) that ``text`` names, also as the start of a longer
    word: a later report writes "monitoringsysteem" where the first wrote "monitoring"."""
    if not terms:
        return 0.0
    present = set(tokenize(text))
    hits = sum(
        1 for t in terms
        if t in present or alts.get(t, set()) & present
        # stems differ in their tails ("monitoring" -> monitoor): compare the stem's start
        or len(t) >= 6 and any(p.startswith(t[: max(5, len(t) - 2)]) for p in present)
    )
    return hits / len(terms)


def _asks_later(question: str) -> bool:
    """The lexicon's later-words ("uiteindelijk", "inmiddels", "what became of")."""
    return bool(find_phrases(question, [str(w) for w in load_lexicon().get("later_words") or []]))


def _best_from(
    ctx: AnswerContext, sources: set[str], terms: set[str], alts: dict[str, set[str]],
    prose: bool, must: set[str] | None = None, query: str = "",
) -> Sentence | None:
    """The best sentence of the given documents, searched for on its own: a document the
    answer needs may have no passage among the question's fused top passages. With ``must``
    it holds a third of those terms, counted alike (a later document shares the subject's
    common words, not the rare ones of the first document's wording)."""
    if ctx.search_in is None or not sources:
        return None
    found = ctx.search_in(query or ctx.question, sources, 4)
    best: Sentence | None = None
    for r, p in enumerate(found):
        around = coverage(terms, f"{p.section} {p.text}", ctx.idf, alts)
        for s in split_sentences(p, r, rows_apart=prose):
            if must and _share_named(must, s.text, alts) < 1 / 3:
                continue
            s.score = (
                0.65 * coverage(terms, s.text, ctx.idf, alts)
                + 0.35 * around
                - _shape_penalty(s, ctx.question, prose=prose)
            )
            if best is None or round(s.score, 9) > round(best.score, 9):
                best = s
    return best


def _compound_heads(terms: set[str], idf: dict[str, float]) -> dict[str, str]:
    """term -> the longest head of it the documents also write ("bekostigingsvorm" ->
    "bekostiging"): one document names the thing by the compound, another by its head."""
    out = {}
    for t in terms:
        for end in range(len(t) - 3, 5, -1):
            if t[:end] in idf:
                out[t] = t[:end]
                break
    return out


def _others_named(ctx: AnswerContext, source: str) -> set[str]:
    """The tokens of the governments the question names other than the document's owner."""
    owner = fold(ctx.owners.get(source, "") or "")
    mentioned = ctx.profile.mentioned(ctx.question)
    return {t for g in ctx.profile.governments() if g.name in mentioned
            and fold(g.name) != owner for n in g.names() for t in tokenize(n)}


def _without(question: str, tokens_: set[str]) -> str:
    """The question without the words whose tokens are ``tokens_``."""
    return " ".join(w for w in question.split() if not set(tokenize(w)) & tokens_) \
        if tokens_ else question


_YEAR_SPAN = re.compile(r"\b(?:19|20)\d\d\s*[-–/]\s*(?:19|20)?\d\d\b")


NEIGHBOUR_CLAIM = 0.5  # a neighbour's sentence saying this much of the question ...
NEIGHBOUR_MARGIN = 0.15  # ... and this much more than any of the asker's own documents


def _neighbours_claim(ctx: AnswerContext, terms: set[str], alts: dict[str, set[str]]
                      ) -> list[Passage]:
    """A question about the asker's own municipality whose claim only another government's
    document makes ("bij ons ... zo'n zeven aanbieders", said of the neighbouring region):
    that document's passages, so the answer quotes it under the note whose it is. [] when the
    question names that government, is not about home, or the own documents say it as well."""
    home = ctx.profile.municipality
    intent = ctx.intent
    if not home or ctx.search_in is None or intent is None or not terms:
        return []
    named = set(ctx.profile.mentioned(ctx.question))
    if not (home in named or intent.home_implied):
        return []
    own = {home, ctx.profile.region.name if ctx.profile.region else home}
    foreign = {src for src, owner in ctx.owners.items() if owner and owner not in own
               and (ctx.profile.canonical(owner) or owner) not in named | own
               and src in ctx.allowed_sources}
    if not foreign:
        return []

    def best(passages: list[Passage]) -> float:
        return max((coverage(terms, s.text, ctx.idf, alts) for r, p in enumerate(passages)
                    for s in split_sentences(p, r)), default=0.0)

    own_best = best([p for p in ctx.passages if p.source not in foreign])
    if own_best + NEIGHBOUR_MARGIN > 1.0:
        return []  # no sentence can say more than all of the question: spare the search
    theirs = ctx.search_in(ctx.question, foreign, 4)
    top = best(theirs)
    if top >= NEIGHBOUR_CLAIM and top >= own_best + NEIGHBOUR_MARGIN:
        return theirs
    return []


def _finished(s: Sentence, lookup) -> Sentence:
    """A passage's last sentence cut by the chunker ("Daarnaast waren de lasten"): finished
    with the start of the next chunk up to its first full stop, so no half sentence is
    quoted. Unchanged when it ends complete or the next chunk cannot be found."""
    if lookup is None or s.is_list_item or re.search(r"[.!?:;)\"'”]\s*$", s.text):
        return s
    end = s.passage.line_end
    nxt = next((p for p in (lookup(s.passage.source, end + d) for d in range(1, 4))
                if p is not None and p.id != s.passage.id), None)
    if nxt is None:
        return s
    fresh = "\n".join(ln for ln in nxt.text.split("\n")[max(0, end - nxt.line_start + 1):])
    m = re.match(r"\s*((?:[^.!?]|(?<=\d)\.(?=\d)){1,300}?[.!?])(?=\s|$)", fresh)
    if m is None or "\n\n" in m.group(1):
        return s
    return replace(s, text=f"{s.text} {' '.join(m.group(1).split())}")


def _list_continued(last: Sentence, lookup) -> list[Sentence]:
    """List items that go on in the following chunks (a list cut by the chunker); a first
    line in lower case finishes the item it continues."""
    out: list[Sentence] = []
    end, source, seen = last.passage.line_end, last.passage.source, {last.passage.id}
    for _ in range(3):
        nxt = next(
            (p for p in (lookup(source, end + d) for d in range(1, 4))
             if p is not None and p.id not in seen),
            None,
        )
        if nxt is None:
            break
        seen.add(nxt.id)
        fresh = [ln for ln in nxt.text.split("\n") if ln.strip()][max(0, last.passage.line_end
                                                                       - nxt.line_start + 1):]
        parts = split_sentences(replace(nxt, text="\n".join(fresh)), last.rank)
        target = out[-1] if out else last
        while parts and not parts[0].is_list_item and parts[0].text[:1].islower():
            target.text += " " + parts.pop(0).text
        items = []
        for s in parts:
            if not s.is_list_item:
                break
            items.append(s)
        out += items
        if len(items) < len(parts) or not items:
            break
        end = nxt.line_end
    return out


def _item_lines(text: str) -> list[str]:
    """Lines of a list block; a line that starts in lower case continues the previous item."""
    items: list[str] = []
    for line in (ln.strip() for ln in text.split("\n")):
        if not line:
            continue
        if items and (line[0].islower() or line.startswith(("e.d.", ")"))):
            items[-1] += " " + line
        else:
            items.append(line)
    return items


_HEADING_NUM = re.compile(r"^\s*\d{1,2}(?:\.\d{1,2})*\.?\s+(?=[A-Z])")


# A reason, a judgement or an actor is said in prose: a table row never answers these.
_PROSE_KINDS = ("why", "opinion", "who")


def _shape_penalty(s: Sentence, question: str, prose: bool = False) -> float:
    """Sentences that are not answers: headings, table rows, questions echoed back. A
    question that wants ``prose`` (why, opinion, who) weighs a table row much heavier."""
    text = s.text.strip()
    toks = text.split()
    if not toks:
        return 1.0
    penalty = 0.0
    if text.endswith("?"):
        penalty += 0.3  # a council question quoted back is not its answer
    if not s.is_list_item and len(toks) < 9 and not re.search(r"[.!:;)]$", text):
        penalty += 0.25  # a heading or a caption
    if len(toks) <= 2 and (not s.is_list_item or not _LIST_Q.search(question)):
        penalty += 0.3  # "Oormerk.", a place name: a heading, whatever its punctuation
    if not s.is_list_item and _HALF_SENTENCE.match(text):
        penalty += 0.35  # the tail of a sentence cut at a chunk or page edge
    if re.search(r"https?://|\bwww\.", text):
        penalty += 0.3  # a footnote's web address is a reference, not an answer
    digits = sum(bool(_CELL.fullmatch(t)) for t in toks)
    if len(toks) >= 4 and digits / len(toks) >= 0.4:
        penalty += 0.6 if prose else 0.2  # a flattened table row reads badly as prose
    return penalty


# A sentence that starts in lower case, or with the end of a bracket it never opened
# ("AWBZ) en Participatiewet", "2028 € 400.000) De ..."), is a piece of a longer one.
_HALF_SENTENCE = re.compile(r"^(?![a-zA-Z0-9]{1,2}[).]\s)(?:[a-zà-ÿ]|[^()]{0,60}\)\s)")


_DATE_WORDS = re.compile(
    r"\b(?:januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|"
    r"december|(?:19|20)\d\d(?![-/]\d))\b",  # "2019-159" numbers a document, not a date
    re.I,
)


def _asked_evidence(kind: str, question: str):
    """What an answer to this kind of question must hold: a date for 'when', a number for
    'how many'; None when the kind asks for nothing checkable."""
    if kind == "when":
        return lambda text: bool(_DATE_WORDS.search(text))
    if _asks_number(question):
        return _states_number
    return None


def _states_number(text: str) -> bool:
    """A quantity besides a year: digits, or a number word ("vijftien", "één op de drie")."""
    if re.search(r"\d", _YEAR.sub("", text)):
        return True
    return bool(find_phrases(text, [str(w) for w in load_lexicon().get("number_words") or []]))


def _asks_why(question: str) -> bool:
    """The lexicon's why-words ("waarom", "waardoor", "hoe kan het", "how come")."""
    from core.profile import load_lexicon

    kinds = load_lexicon().get("kinds") or {}
    return bool(find_phrases(question, [str(w) for w in kinds.get("why") or []]))


def _kind_bonus(kind: str, text: str) -> float:
    """Evidence of the asked kind: a judgement for opinion questions, a date for 'when'."""
    from core.profile import load_lexicon

    lex = load_lexicon()
    if kind == "opinion" and find_phrases(text, list(lex.get("judgement_words") or [])):
        return 0.1
    if kind == "when" and (
        _YEAR.search(text) or find_phrases(text, list(lex.get("time_words") or []))
    ):
        return 0.1
    if kind == "who" and re.search(r"\b[A-Z][a-z]+ [A-Z][a-z]+|\b[A-Z]{2,}\b", text):
        return 0.05
    if kind == "who" and re.search(r"\bdoor (?:de |het )?[A-Z]", text):
        return 0.1  # "wordt uitgevoerd door Synthese": the actor of a passive sentence
    return 0.0


def _doc_label(passage: Passage, ctx: AnswerContext) -> str:
    """'de Visitatie ... (2020)': a document as a reader names it, with its year."""
    title = ctx.titles.get(passage.source) or passage.title or passage.source
    year = _YEAR.search(passage.date or "")
    return f"{title} ({year.group(0)})" if year and year.group(0) not in title else title


def _has_number(text: str) -> bool:
    return bool(re.search(r"\d", text))


def _states_a_number(answer: Answer) -> bool:
    """Whether the answer's quotes give a number other than a year (see
    :func:`_states_number`)."""
    # a heading's or list item's own number ("1.1 Doorgaan met ...") counts nothing
    said = " ".join(re.sub(r"^\s*-?\s*\d{1,2}(?:\.\d{1,2})*\.?\s", " ", part)
                    for c in answer.citations for part in (c.highlight or c.quote).split(" … "))
    return _states_number(said)


def _asks_number(question: str) -> bool:
    return bool(
        re.search(
            r"hoeveel|hoe hoog|hoe groot|bedrag|welk %|procent|how much|how many"
            r"|welke (?:score|waarde)|welk (?:percentage|cijfer)|what (?:score|percentage)",
            question,
            re.I,
        )
    )


def _similar(a: str, b: str) -> bool:
    wa, wb = set(words(a)) - STOPWORDS, set(words(b)) - STOPWORDS
    return bool(wa and wb) and len(wa & wb) / min(len(wa), len(wb)) > 0.7


def _tidy(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    text = _HEADING_NUM.sub("", text)  # "3 De gemeente ..." -> "De gemeente ..."
    text = re.sub(r"^(?:[-–]?\s*\d[\d.,]*\s+){2,}(?=[A-Za-z])", "", text)  # a table row's cells
    return (
        text[0].upper() + text[1:]
        if text and text[0].islower() and not text.startswith("- ")
        else text
    )


def _join(lines: list[str]) -> str:
    """Prose sentences run on; list items each get their own line (Markdown list)."""
    out: list[str] = []
    prev_item = False
    for line in lines:
        item = bool(_LIST_LINE.match(line))
        if not out:
            out.append(line)
        elif item and not prev_item:
            out.append("\n\n" + line)
        elif item or prev_item:
            out.append("\n" + line)
        else:
            out.append(" " + line)
        prev_item = item
    return "".join(out)


def idf_table(texts: list[str]) -> dict[str, float]:
    df: dict[str, int] = {}
    for t in texts:
        for tok in set(tokenize(t)):
            df[tok] = df.get(tok, 0) + 1
    n = max(1, len(texts))
    return {tok: math.log(1 + (n - c + 0.5) / (c + 0.5)) for tok, c in df.items()}
