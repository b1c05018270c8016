"""Mislabelled figures: answers that give one government's or scenario's figure as another's.

Why: "every number is supported" (faithfulness) holds when an answer quotes the right amount
under the wrong name, e.g. a region's deficit presented as the municipality's, or a forecast
presented as a realised figure. The figures store knows for each amount whose it is (entity)
and which column it comes from (scenario), so the check can be made against the data.

Definition, per non-abstained answer and per sentence that carries a citation marker ``[n]``
and is the assistant's own wording (a sentence quoted verbatim from a cited passage, after an
optional "Volgens <titel>:" lead, speaks with the document's own labels and is skipped: the
document, not the answer, says whose amount it is):

- **amounts**: numbers in the sentence that read as amounts (with ``€``/euro, a scale word such
  as ``miljoen``, or at least 1000 and not a year); citation markers, list enumerators,
  document ids, line/page references and the digits of government names ("gemeenten
  20.000-50.000 inwoners") are ignored.
- **matching figures**: figures from the cited document(s) whose value (after the table scale,
  or the table value before it, sign ignored) equals the amount up to the precision it is
  written in (at most 0.5 % off). Figures on the cited lines or page are preferred; if none
  match there, any figure of the cited document counts. No matching figure: nothing to check.
- **wrong_entity**: the sentence attributes the amount to the governments it names (profile
  names and aliases, :meth:`core.profile.Profile.mentioned`); naming none, to the governments
  the question names, or to the home municipality when the question names none. Flagged when
  matching figures with a known entity exist and none of them belongs to an attributed
  government, nor is the figure's own entity named in the sentence.
- **wrong_scenario**: the scenarios the sentence states (``data/lexicon.yaml`` ``scenarios``,
  longest phrase wins so "begroting na wijziging" is not also "begroting"; idioms such as
  "voor rekening van" removed). Flagged when it states one, matching figures with a known
  scenario exist, and none of them has a stated scenario. A figure's scenario is its own
  field, else read from its column label or note with the same lexicon.

Figures without an entity (or scenario) are unknown, not wrong: they never cause a flag.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from core.models import Answer, Citation, Figure
from core.profile import Profile, load_lexicon
from core.text import fold
from evals import metrics as m

_MARKER_RE = re.compile(r"\[(\d+(?:\s*[,;–-]\s*\d+)*)\]")
_LEADING_MARKERS_RE = re.compile(r"^(?:\s*\[\d+(?:\s*[,;–-]\s*\d+)*\])+")
_SENTENCE_END_RE = re.compile(r"(?<=[.!?])\s+|\n+")
_EURO_BEFORE_RE = re.compile(r"(?:€|\beur(?:o)?)\s*$", re.IGNORECASE)
_EURO_AFTER_RE = re.compile(r"^\s*(?:euro|eur)\b", re.IGNORECASE)
_MAX_REL_ERROR = 0.005


@dataclass(frozen=True)
class Mislabel:
    """One amount stated under the wrong government or scenario, with the figures it matches."""

    kind: str  # "entity" | "scenario"
    sentence: str
    amount: str
    stated: tuple[str, ...]  # what the sentence attributes the amount to
    actual: tuple[str, ...]  # entities (or scenarios) of the matching figures
    figures: tuple[str, ...]  # "source:line" of the matching figures

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


# --------------------------------------------------------------------------- sentences


def _marker_numbers(text: str) -> list[int]:
    out: list[int] = []
    for group in _MARKER_RE.findall(text):
        parts = [int(p) for p in re.findall(r"\d+", group)]
        if re.search(r"[–-]", group) and len(parts) == 2:
            out += list(range(parts[0], parts[1] + 1))
        else:
            out += parts
    return out


def cited_sentences(text: str) -> list[tuple[str, list[int]]]:
    """Sentences with the citation numbers they carry; a marker after the full stop
    (``... € 1.000. [1] Next``) belongs to the sentence before it."""
    pieces = [p for p in _SENTENCE_END_RE.split(text) if p and p.strip()]
    sentences: list[str] = []
    for piece in pieces:
        lead = _LEADING_MARKERS_RE.match(piece)
        if lead and sentences:
            sentences[-1] += " " + lead.group(0).strip()
            piece = piece[lead.end() :]
        if piece.strip():
            sentences.append(piece.strip())
    return [(s, _marker_numbers(s)) for s in sentences]


_WORD_RE = re.compile(r"[^\W\d_]{2,}")


def _cited_text(answer: Answer, citations: Sequence[Citation]) -> str:
    """Normalised text of the cited quotes and of the passages they point into."""
    texts = [c.quote for c in citations]
    for p in answer.passages:
        if any(
            m._doc_key(p.source) == m._doc_key(c.source)
            and p.line_start <= c.line_end
            and c.line_start <= p.line_end
            for c in citations
        ):
            texts.append(p.text)
    return m.normalise_text(" ".join(texts))


def is_quote(sentence: str, cited_text: str) -> bool:
    """Whether the sentence (or its part after a "Volgens <titel>:" style lead) stands verbatim
    in the cited text. The quoted part must have words: "...: € 1.000" is a label and a number."""
    body = re.sub(r"^\s*[-*•]\s+", "", m.strip_citations(sentence)).strip()
    parts = [body] + [body[i + 1 :] for i, ch in enumerate(body) if ch == ":"]
    for part in parts:
        norm = m.normalise_text(part.strip(" *\"“”‘’"))  # a quote in quote marks is a quote
        if len(_WORD_RE.findall(norm)) >= 4 and norm.rstrip(".") in cited_text:
            return True
    return False


# --------------------------------------------------------------------------- amounts


@dataclass(frozen=True)
class _Amount:
    text: str
    values: tuple[float, ...]  # magnitudes: the reading and its alternatives
    tolerance: float


def _is_year(mention: m.NumberMention) -> bool:
    return (
        mention.scale == 1.0
        and mention.text.isdigit()
        and len(mention.text) == 4
        and 1900 <= mention.value <= 2100
    )


def _without_names(text: str, names: Iterable[str]) -> str:
    """The text with government names blanked: "gemeenten 20.000-50.000 inwoners" is a name."""
    for name in sorted(set(names), key=len, reverse=True):
        if any(ch.isdigit() for ch in name):
            text = re.sub(rf"(?<![\w-]){re.escape(name)}(?![\w-])", " ", text, flags=re.I)
    return text


_TABLE_SCALE_RE = re.compile(r"[×x*]\s*€?\s*1\.000(?:\.000)?\b")


def amounts(sentence: str, names: Iterable[str] = ()) -> list[_Amount]:
    """The amounts a sentence states (see the module docstring); percentages are not amounts,
    nor are the digits of a government's name in ``names``."""
    text = _without_names(m.strip_citations(sentence), names)
    text = m._PROVENANCE_RE.sub(" ", m._ENUMERATOR_RE.sub(" ", text))
    text = m._PERCENT_SCALE_RE.sub(" ", text)
    text = _TABLE_SCALE_RE.sub(" ", text)  # "(220 x € 1.000)": the table's scale, no amount
    # A result the answer computed ("155 − 150,4 = 4,6") is no figure of anyone's: skip it
    # wherever the sentence states it.
    computed = {r.group(1) for r in re.finditer(r"=\s*(-?\d[\d.,]*\d|\d)", text)}
    out: list[_Amount] = []
    for match in m._NUMBER_RE.finditer(text):
        read = m.number_mentions(match.group(0))
        if not read or read[0].percent:
            continue
        mention = read[0]
        if mention.text.lstrip("-€ ") in {c.lstrip("-") for c in computed}:
            continue
        euro = bool(
            _EURO_BEFORE_RE.search(text[max(0, match.start() - 6) : match.start()])
            or _EURO_AFTER_RE.match(text[match.end() :])
        )
        big = abs(mention.value) >= 1000 and not _is_year(mention)
        if not (euro or big or mention.scale > 1):
            continue
        values = tuple(abs(v) for v in (mention.value, *mention.alternatives))
        tolerance = min(mention.tolerance, _MAX_REL_ERROR * abs(mention.value)) + 1e-9
        out.append(_Amount(mention.text, values, tolerance))
    return out


def _figure_values(f: Figure) -> list[float]:
    values = [abs(float(f.value))]
    if f.scale and f.scale != 1:
        values.append(abs(float(f.value) / f.scale))
    return values


def _same_amount(amount: _Amount, f: Figure) -> bool:
    return any(abs(v - w) <= amount.tolerance for v in amount.values for w in _figure_values(f))


def _on_cited_lines(f: Figure, c: Citation) -> bool:
    if c.page is not None and f.page is not None:
        return int(f.page) == int(c.page)
    return c.line_start <= f.line <= c.line_end


def matching_figures(
    amount: _Amount, citations: Sequence[Citation], figures: Sequence[Figure]
) -> list[Figure]:
    """Figures of the cited documents with this value: on the cited lines first, else anywhere
    in those documents (a plan cites one passage of a table that spans several)."""
    same_value = [f for f in figures if _same_amount(amount, f)]
    docs = {m._doc_key(c.source) for c in citations}
    in_docs = [f for f in same_value if m._doc_key(f.source) in docs]
    on_lines = [
        f
        for f in in_docs
        if any(m._doc_key(c.source) == m._doc_key(f.source) and _on_cited_lines(f, c)
               for c in citations)
    ]  # fmt: skip
    return on_lines or in_docs


# --------------------------------------------------------------------------- scenarios


def _scenario_words(profile: Profile | None) -> dict[str, list[str]]:
    lexicon = load_lexicon()
    words = {k: list(v or []) for k, v in (lexicon.get("scenarios") or {}).items()}
    extra = (profile.lexicon_extra.get("scenarios") if profile else None) or {}
    for key, more in extra.items():
        words.setdefault(str(key), []).extend(str(w) for w in more or [])
    return words


def stated_scenarios(text: str, profile: Profile | None = None) -> set[str]:
    """Scenarios a text states; the longest phrase wins ("begroting na wijziging")."""
    folded = fold(text)
    for idiom in load_lexicon().get("idioms") or []:
        folded = re.sub(rf"(?<![\w-]){re.escape(fold(idiom))}(?![\w-])", " ", folded)
    spans: list[tuple[int, int, str]] = []
    for key, words in _scenario_words(profile).items():
        for w in words:
            for hit in re.finditer(rf"(?<![\w-]){re.escape(fold(w))}(?![\w-])", folded):
                spans.append((hit.start(), hit.end(), key))
    kept = {
        key
        for s, e, key in spans
        if not any(s2 <= s and e <= e2 and (e2 - s2) > (e - s) for s2, e2, _ in spans)
    }
    return kept


def figure_scenario(f: Figure, profile: Profile | None = None) -> str:
    """The figure's own scenario, else the single one its column label or note states."""
    if f.scenario:
        return f.scenario
    found = stated_scenarios(f"{f.col_label} {f.note}", profile)
    return next(iter(found)) if len(found) == 1 else ""


# --------------------------------------------------------------------------- entities


def _names_of(entity: str, profile: Profile) -> set[str]:
    """Canonical, folded names a figure entity stands for (the entity itself included)."""
    names = {fold(entity).strip()}
    names |= {fold(n) for n in profile.mentioned(entity)}
    canonical = profile.canonical(entity)
    if canonical:
        names.add(fold(canonical))
    return names


def _entity_ok(f: Figure, attributed: set[str], sentence: str, profile: Profile) -> bool:
    names = _names_of(f.entity, profile)
    if names & attributed:
        return True
    folded = fold(sentence)
    return any(re.search(rf"(?<![\w-]){re.escape(n)}(?![\w-])", folded) for n in names if n)


def attributed_governments(sentence: str, question: str, profile: Profile) -> set[str]:
    """Whom the sentence gives its amounts to: the governments it names; naming none, those the
    question names; the question naming none either, the home municipality."""
    named = profile.mentioned(sentence) or profile.mentioned(question)
    if not named and profile.municipality:
        named = [profile.municipality]
    return {fold(n) for n in named}


# --------------------------------------------------------------------------- the check


def _label(f: Figure) -> str:
    return f"{f.source}:{f.line}"


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(i for i in items if i))


def mislabels(
    answer: Answer, figures: Sequence[Figure], profile: Profile, question: str = ""
) -> list[Mislabel]:
    """Every amount in a cited sentence given to the wrong government or scenario (see the
    module docstring). Empty for abstentions and for answers without cited amounts."""
    if m.is_abstention(answer) or not figures:
        return []
    by_n = {c.n: c for c in answer.citations}
    names = [n for g in profile.governments() for n in g.names()] + [f.entity for f in figures]
    question = question or answer.question
    out: list[Mislabel] = []
    for sentence, numbers in cited_sentences(answer.text):
        cited = [by_n[n] for n in numbers if n in by_n]
        if not cited or is_quote(sentence, _cited_text(answer, cited)):
            continue
        attributed = attributed_governments(m.strip_citations(sentence), question, profile)
        scenarios = stated_scenarios(m.strip_citations(sentence), profile)
        for amount in amounts(sentence, names):
            found = matching_figures(amount, cited, figures)
            known = [f for f in found if f.entity]
            if known and not any(_entity_ok(f, attributed, sentence, profile) for f in known):
                out.append(
                    Mislabel(
                        "entity", sentence, amount.text, tuple(sorted(attributed)),
                        _unique(f.entity for f in known), _unique(map(_label, known)),
                    )
                )  # fmt: skip
            with_scenario = [(f, figure_scenario(f, profile)) for f in found]
            with_scenario = [(f, s) for f, s in with_scenario if s]
            if scenarios and with_scenario and not any(s in scenarios for _, s in with_scenario):
                out.append(
                    Mislabel(
                        "scenario", sentence, amount.text, tuple(sorted(scenarios)),
                        _unique(s for _, s in with_scenario),
                        _unique(_label(f) for f, _ in with_scenario),
                    )
                )  # fmt: skip
    return out
