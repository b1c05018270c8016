"""Metric definitions for the evaluation script: pure functions, no I/O.

Numbers are the crux of this corpus: the same amount appears as ``1,2 miljoen``,
``1.200.000``, ``€ 1.2 mln`` or ``446K``. Every comparison of numbers therefore goes through
:func:`number_mentions`, which reads Dutch and English separators and scale words into values.

Definitions (per question, then averaged per question type and overall):

- **hit**: a retrieved chunk hits when its source is a gold document and its line range
  overlaps a gold range; for a page-sourced gold source (a PDF page, ``{"doc", "page"}``) when
  its source is that document and its ``page`` is that page. With several gold sources a
  question counts as hit at rank r when *any* gold source is hit at r; *coverage@5* asks that
  *every* gold source is hit in the top 5.
- **recall@k** / **MRR@10**: over questions that have gold sources.
- **correctness**: answerable questions: every ``must_include`` item present (numbers compared
  by value) or stood in for by an ``accept`` alternative, and no abstention. Unanswerable:
  the answer abstains. Trap: the correction is present and no ``must_not_include`` item is.
- **citation precision**: citations that overlap a gold source / all citations (undefined
  without citations or without gold sources).
- **faithfulness**: every number in the answer text (citation markers ``[n]``, list
  enumerators, document ids and line/page references removed) equals, up to the precision
  it is written in, a number in a cited passage, citation quote or cited document's title or
  date, a used figure's quote, value, period or note, a sum/difference/ratio of used figure
  values, or a number that the question itself mentions (a year). Undefined for abstentions.
- **abstention accuracy**: unanswerable must abstain; trap as for correctness; every other
  type must not abstain.
"""

from __future__ import annotations

import itertools
import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any, Protocol

from core.models import Answer

QUESTION_TYPES = (
    "fact",
    "numeric_lookup",
    "numeric_computed",
    "comparison",
    "multi_doc",
    "list",
    "why",
    "unanswerable",
    "trap",
)

# --------------------------------------------------------------------------- gold schema


@dataclass(frozen=True)
class GoldSource:
    """A cited line range of a text file, or (``page`` set) a 1-based page of a PDF."""

    doc: str
    line_start: int = 0
    line_end: int = 0
    page: int | None = None

    @classmethod
    def from_dict(cls, s: dict[str, Any]) -> GoldSource:
        if s.get("page") is not None:
            return cls(str(s["doc"]), page=int(s["page"]))
        return cls(str(s["doc"]), int(s["line_start"]), int(s["line_end"]))


@dataclass
class GoldQuestion:
    """One line of a gold JSONL file (schema of the evaluation issue)."""

    id: str
    question: str
    type: str
    answer: str = ""
    must_include: list[str] = field(default_factory=list)
    accept: list[str] = field(default_factory=list)
    must_not_include: list[str] = field(default_factory=list)  # optional: a trap's false figure
    sources: list[GoldSource] = field(default_factory=list)
    difficulty: int = 1

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> GoldQuestion:
        return cls(
            id=str(d["id"]),
            question=str(d["question"]),
            type=str(d.get("type", "fact")),
            answer=str(d.get("answer", "")),
            must_include=[str(x) for x in d.get("must_include") or []],
            accept=[str(x) for x in d.get("accept") or []],
            must_not_include=[str(x) for x in d.get("must_not_include") or []],
            sources=[GoldSource.from_dict(s) for s in d.get("sources") or []],
            difficulty=int(d.get("difficulty", 1) or 1),
        )


# --------------------------------------------------------------------------- numbers

_SCALES = {
    "miljoen": 1e6, "mln": 1e6, "mio": 1e6, "million": 1e6, "millions": 1e6,
    "miljard": 1e9, "mld": 1e9, "billion": 1e9, "bn": 1e9,
    "duizend": 1e3, "thousand": 1e3, "k": 1e3,
}  # fmt: skip
_NUMBER_RE = re.compile(
    r"(?<![\w.,])(?P<num>\d+(?:[.,]\d+)*)"
    r"(?:\s?(?P<scale>miljoen|miljard|mln|mld|mio|millions?|billion|bn|duizend|thousand|k)\b)?"
    r"(?:\s?(?P<pct>%|procent\b|percent\b|pct\b))?",
    re.IGNORECASE,
)
_CITATION_RE = re.compile(r"\[\d+(?:\s*[,;–-]\s*\d+)*\]")
_ENUMERATOR_RE = re.compile(r"(?m)^\s*(?:[-*•]\s*)?\d{1,2}[.)]\s")
# Provenance is not a claim: document ids (2019-10-ontwikkelagenda-...) and line/page refs.
_PROVENANCE_RE = re.compile(
    r"\b\d{4}(?:-\d{1,2})?-[a-z][\w-]*(?:\.txt)?"
    r"|\b(?:regels?|r\.|pagina|p\.|blz\.?|lines?|page)\s*\d+(?:\s*[-–]\s*\d+)?",
    re.IGNORECASE,
)
_CURRENCY_RE = re.compile(r"€|\beur(?:o)?\b|\beuros?\b|,-", re.IGNORECASE)


@dataclass(frozen=True)
class NumberMention:
    """A number as written in a text, read into a value.

    ``value`` is scaled (``1,2 miljoen`` -> 1.2e6); ``raw`` is the digits alone (1.2);
    ``tolerance`` is half a unit of the last written digit, so a rounded restatement
    (``446K`` for 445.879) still matches its source.
    """

    text: str
    value: float
    raw: float
    scale: float
    percent: bool
    tolerance: float
    alternatives: tuple[float, ...] = ()  # other readings of an ambiguous token, scaled


def _read_digits(token: str) -> list[tuple[float, int]]:
    """Readings of a digit token as (value, decimals), the most likely first.

    Both separators: the last one is the decimal mark (``9.954.181,00``, ``1,308.5``).
    One separator used several times: thousands (``1.200.000``, ``1,308,875``); a last group
    longer than three digits is a glued footnote marker (``11.066.5251`` -> 11.066.525).
    One separator once: thousands when exactly three digits follow (``3.492``), else decimal
    (``12,22``, ``1.2``); the other reading is kept as an alternative.
    """
    seps = re.findall(r"[.,]", token)
    groups = re.split(r"[.,]", token)
    if not seps:
        return [(float(token), 0)]
    if len(set(seps)) == 2:
        return [(float("".join(groups[:-1]) + "." + groups[-1]), len(groups[-1]))]
    if len(seps) > 1:
        middle_ok = all(len(g) == 3 for g in groups[1:-1])
        if middle_ok and len(groups[-1]) == 3:
            return [(float("".join(groups)), 0)]
        if middle_ok and len(groups[-1]) > 3:
            return [(float("".join(groups[:-1]) + groups[-1][:3]), 0)]
        return []  # section numbers such as 3.2.1
    head, tail = groups
    decimal = (float(f"{head}.{tail}"), len(tail))
    if len(tail) == 3 and head != "0":
        return [(float(head + tail), 0), decimal]
    return [decimal]


def number_mentions(text: str) -> list[NumberMention]:
    """All numbers in ``text`` with scale words (miljoen, mln, K, ...) and percent signs."""
    out: list[NumberMention] = []
    for m in _NUMBER_RE.finditer(text):
        readings = _read_digits(m.group("num"))
        if not readings:
            continue
        scale_word = (m.group("scale") or "").lower()
        scale = _SCALES.get(scale_word, 1.0)
        (raw, decimals), rest = readings[0], readings[1:]
        out.append(
            NumberMention(
                text=m.group(0).strip(),
                value=raw * scale,
                raw=raw,
                scale=scale,
                percent=bool(m.group("pct")),
                tolerance=0.5 * 10.0**-decimals * scale,
                alternatives=tuple(v * scale for v, _ in rest),
            )
        )
    return out


def _same(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def normalise_text(text: str) -> str:
    """Lower case, accents and hyphens removed, whitespace collapsed (for phrase matching)."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"[-‐‑–—_/]", " ", text.lower())
    return re.sub(r"\s+", " ", text).strip()


def is_numeric_item(item: str) -> bool:
    """True when ``item`` is only a number (with currency, scale or percent), e.g. ``€ 1,2 mln``."""
    mentions = number_mentions(item)
    if not mentions:
        return False
    rest = _NUMBER_RE.sub(" ", item)
    rest = _CURRENCY_RE.sub(" ", rest)
    return not re.search(r"[^\W_]", rest)


def _number_present(required: NumberMention, found: Sequence[NumberMention]) -> bool:
    for m in found:
        if required.percent and not m.percent:
            continue
        if _same(m.value, required.value):
            return True
        if required.scale == 1.0:
            # a bare required number also matches the digits of a scaled one ("1,2" in "1,2 mln")
            if _same(m.raw, required.value):
                return True
            # and a more precise answer that rounds to it ("€ 65,3" for "65")
            more_precise = m.tolerance < required.tolerance
            if more_precise and abs(m.value - required.value) <= required.tolerance + 1e-9:
                return True
    return False


def item_present(answer_text: str, item: str) -> bool:
    """Whether one gold item occurs in the answer: numbers by value, other text as a phrase."""
    if is_numeric_item(item):
        found = number_mentions(strip_citations(answer_text))
        return all(_number_present(r, found) for r in number_mentions(item))
    return normalise_text(item) in normalise_text(answer_text)


def _accept_targets(alt: str, must_include: Sequence[str]) -> list[int]:
    """Which ``must_include`` items an ``accept`` alternative may stand in for.

    A numeric alternative belongs to the numeric item nearest in value (``446K`` -> 445.879,
    ``3 procent`` -> ``3%``, not ``8%``); a textual one to every textual item.
    """
    numeric = [i for i, it in enumerate(must_include) if is_numeric_item(it)]
    textual = [i for i in range(len(must_include)) if i not in numeric]
    if is_numeric_item(alt) and numeric:
        v = number_mentions(alt)[0].value

        def distance(i: int) -> float:
            w = number_mentions(must_include[i])[0].value
            return abs(v - w) / max(abs(w), 1e-9)

        return [min(numeric, key=distance)]
    if not is_numeric_item(alt) and textual:
        return textual
    return list(range(len(must_include)))


def contains_required(
    answer_text: str, must_include: Sequence[str], accept: Sequence[str] = ()
) -> tuple[bool, list[str]]:
    """Correctness core: (all required items present, the items that are missing)."""
    missing: list[str] = []
    present_alts = [a for a in accept if item_present(answer_text, a)]
    for i, item in enumerate(must_include):
        if item_present(answer_text, item):
            continue
        if any(i in _accept_targets(a, must_include) for a in present_alts):
            continue
        missing.append(item)
    return not missing, missing


# --------------------------------------------------------------------------- retrieval


class Located(Protocol):
    source: str
    line_start: int
    line_end: int


def _doc_key(name: str) -> str:
    stem = PurePath(str(name)).name
    return stem[:-4] if stem.lower().endswith(".txt") else stem


def overlaps(
    source: str, line_start: int, line_end: int, gold: GoldSource, page: int | None = None
) -> bool:
    """Same document and intersecting 1-based, inclusive line ranges; for a page-sourced gold
    source, same document and the same PDF ``page`` (a chunk without a page never matches it)."""
    if _doc_key(source) != _doc_key(gold.doc):
        return False
    if gold.page is not None:
        return page is not None and int(page) == gold.page
    return line_start <= gold.line_end and gold.line_start <= line_end


def _hits(item: Located, gold: GoldSource) -> bool:
    page = getattr(item, "page", None)  # passages and citations from PDFs carry one
    return overlaps(item.source, item.line_start, item.line_end, gold, page)


def hits_any(item: Located, gold: Iterable[GoldSource]) -> bool:
    return any(_hits(item, g) for g in gold)


def first_hit_rank(
    ranked: Sequence[Located], gold: Sequence[GoldSource], k: int = 10
) -> int | None:
    """1-based rank of the first chunk that hits any gold source within the top ``k``."""
    for rank, item in enumerate(ranked[:k], start=1):
        if hits_any(item, gold):
            return rank
    return None


def covers_all(ranked: Sequence[Located], gold: Sequence[GoldSource], k: int = 5) -> bool:
    """Every gold source is hit by some chunk in the top ``k``."""
    top = ranked[:k]
    return all(any(_hits(p, g) for p in top) for g in gold)


def recall_at(ranks: Sequence[int | None], k: int) -> float:
    return sum(1 for r in ranks if r is not None and r <= k) / len(ranks) if ranks else math.nan


def mrr_at(ranks: Sequence[int | None], k: int = 10) -> float:
    if not ranks:
        return math.nan
    return sum(1.0 / r for r in ranks if r is not None and r <= k) / len(ranks)


# --------------------------------------------------------------------------- answers

ABSTAIN_PHRASES = (
    "staat niet in de beschikbare documenten",
    "niet in de beschikbare documenten",
    "staat niet in de documenten",
    "kan ik niet beantwoorden",
    "kan ik niet vinden in de documenten",
    "geen antwoord vinden in de documenten",
    "not in the available documents",
    "i cannot answer",
)


def is_abstention(answer: Answer) -> bool:
    """``Answer.abstained``, or a Dutch/English refusal phrase for back ends that do not set it."""
    if answer.abstained:
        return True
    text = normalise_text(answer.text)
    return any(normalise_text(p) in text for p in ABSTAIN_PHRASES)


def citation_precision(answer: Answer, gold: Sequence[GoldSource]) -> float | None:
    """Share of citations whose source and lines (or page) hit a gold source (None if undefined)."""
    if not answer.citations or not gold:
        return None
    good = sum(1 for c in answer.citations if hits_any(c, gold))
    return good / len(answer.citations)


def strip_citations(text: str) -> str:
    return _CITATION_RE.sub(" ", text)


def _evidence_values(answer: Answer) -> list[float]:
    """Every value the answer may state: cited text, figures, and simple figure arithmetic."""
    # quotes plus the cited documents' titles and dates ("regiovisie 2023-2028")
    texts = [f"{c.quote} {c.title} {c.date}" for c in answer.citations]
    for p in answer.passages:
        if any(
            _doc_key(p.source) == _doc_key(c.source)
            and p.line_start <= c.line_end
            and c.line_start <= p.line_end
            for c in answer.citations
        ):
            texts += [p.text, p.title, p.date]
    # a figure tool result carries its period and note ("2019", "raadsvraag 2019-159")
    texts += [f"{f.quote} {f.period} {f.entity} {f.metric} {f.note}" for f in answer.figures]
    values: list[float] = []
    for t in texts:
        for m in number_mentions(t):
            values += [m.value, m.raw, *m.alternatives]
    signed = [float(f.value) for f in answer.figures]
    values += signed
    # the figure tools compute on signed values or on magnitudes (a deficit as a size)
    for fig in (signed, [abs(v) for v in signed]):
        for a, b in itertools.permutations(fig, 2):
            values += [a + b, a - b]
            if b:
                values += [a / b, 100 * a / b, 100 * (a - b) / b]
        if len(fig) > 2:
            values.append(sum(fig))
    return [abs(v) for v in values]


_PERCENT_SCALE_RE = re.compile(r"[×x*]\s*100\b(?![.,]\d)")


def unsupported_numbers(answer: Answer, question: str = "") -> list[str]:
    """Numbers in the answer text that no cited passage, figure or computation backs."""
    text = _PROVENANCE_RE.sub(" ", _ENUMERATOR_RE.sub(" ", strip_citations(answer.text)))
    text = _PERCENT_SCALE_RE.sub(" ", text)  # "× 100" in a formula converts, it claims nothing
    mentions = number_mentions(text)
    if not mentions:
        return []
    evidence = _evidence_values(answer)
    allowed = [m.value for m in number_mentions(question)] + [
        m.raw for m in number_mentions(question)
    ]
    bad: list[str] = []
    for m in mentions:
        v = abs(m.value)
        if any(_same(v, q) for q in allowed):
            continue
        if any(abs(v - e) <= m.tolerance + 1e-9 for e in evidence):
            continue
        bad.append(m.text)
    return bad


def trap_ok(answer_text: str, gold: GoldQuestion) -> bool:
    """A trap is handled when the correction is given and the false figure is not."""
    ok, _ = contains_required(answer_text, gold.must_include, gold.accept)
    return ok and not any(item_present(answer_text, x) for x in gold.must_not_include)


def abstention_ok(answer: Answer, gold: GoldQuestion) -> bool:
    abstained = is_abstention(answer)
    if gold.type == "unanswerable":
        return abstained
    if gold.type == "trap":
        return trap_ok(answer.text, gold)
    return not abstained


def correctness(answer: Answer, gold: GoldQuestion) -> tuple[bool, list[str]]:
    """(correct, missing items) following the module definition."""
    if gold.type == "unanswerable":
        return is_abstention(answer), []
    ok, missing = contains_required(answer.text, gold.must_include, gold.accept)
    if gold.type == "trap":
        false = [x for x in gold.must_not_include if item_present(answer.text, x)]
        return ok and not false, missing + [f"NIET: {x}" for x in false]
    return ok and not is_abstention(answer), missing


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (NaN for no values), for latency summaries."""
    if not values:
        return math.nan
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q / 100
    lo, hi = math.floor(pos), math.ceil(pos)
    return float(ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo))


_SENT_END = re.compile(r"(?<=[.!?])\s+")


def key_claim(text: str) -> str:
    """The answer's first real claim: its first sentence that is not a 'Let op' notice."""
    body = strip_citations(text).replace("\n", " ")
    for sentence in _SENT_END.split(body):
        s = sentence.strip()
        if s and not normalise_text(s).startswith(("let op", "note")):
            return s
    return ""


def claim_on_subject(
    answer: Answer, question: str, governments: Sequence[str] = (), home: str = ""
) -> bool | None:
    """A faithfulness check that can fail: the key claim must be about the question's subject
    (shares a content word with it, is not the question echoed back) and must not be about a
    government the question did not ask about. None for abstentions.

    Why: every sentence of an extractive answer is a quote, so "every number is supported"
    is always true; a quoted sentence can still answer a different question.
    """
    if is_abstention(answer):
        return None
    from core.text import tokenize

    claim = key_claim(answer.text)
    if not claim or claim.rstrip().endswith("?"):
        return False
    q_terms = {t for t in tokenize(question) if not t[0].isdigit()}
    if q_terms and not q_terms & set(tokenize(claim)):
        return False
    q_norm, c_norm = normalise_text(question), normalise_text(claim)
    asked = {g for g in governments if normalise_text(g) in q_norm}
    if home:
        asked.add(home)
    named = {g for g in governments if re.search(rf"\b{re.escape(normalise_text(g))}\b", c_norm)}
    # A claim naming only other governments than the asked one is about something else,
    # unless it says so ("niet voor X", "gaat niet over X").
    return not (named and not named & asked and "niet" not in c_norm)
