"""Checks on a generated answer before anyone sees it: markers, numbers and prompt leaks.

A language model can cite a passage that does not exist, round a number into a different one,
or invent one. This module never trusts the model: every ``[n]`` must point to a passage it was
given, every number must occur (after normalising Dutch formats such as ``1.200.000``,
``1,2 miljoen`` and ``€ 1.2 mln``) in a cited passage or in a tool result, and sentences that
copy the system prompt are dropped. What is removed is reported, never silently hidden.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from core.text import fold

# --------------------------------------------------------------------------------------------
# Numbers
# --------------------------------------------------------------------------------------------

_NUMBER_RE = re.compile(
    r"""
    (?<![\w.,\[])
    (?P<num>
        \d{1,3}(?:\.\d{3})+\d?(?:,\d+)?      # 1.200.000  1.200.000,50  11.066.5251 (footnote)
      | \d{1,3}(?:,\d{3}){2,}(?:\.\d+)?      # 1,200,000 (English grouping)
      | \d+(?:[.,]\d+)?                      # 1200  1,2  1.2  11,7
    )
    (?P<dash>,-|,--)?
    (?:\s?(?P<scale>miljoen|miljard|mln\.?|mld\.?|mio\.?|duizend|K|k)(?![A-Za-z]))?
    (?![A-Za-z\d])
    """,
    re.VERBOSE,
)
_SCALES = {
    "miljoen": 1e6, "mln": 1e6, "mio": 1e6, "miljard": 1e9, "mld": 1e9,
    "duizend": 1e3, "k": 1e3,
}
_MARKER_RE = re.compile(r"\[(\d+(?:\s*[,;]\s*\d+)*)\]")
_LIST_PREFIX = re.compile(r"^\s*(?:\d{1,2}[.)]|[-*•])\s+")
_YEAR_RE = re.compile(r"^(?:19|20)\d{2}$")
_NEGATION_RE = re.compile(r"\b(?:niet|geen|nergens|noch)\b", re.I)
_THINK_RE = re.compile(r"<think>.*?</think>", re.S | re.I)  # reasoning models' scratchpad


@dataclass(frozen=True)
class Number:
    """A number as written in text: its absolute value and how precisely it was written."""

    text: str
    value: float
    precision: float  # the unit of the last written digit, after scaling

    @property
    def is_year(self) -> bool:
        return bool(_YEAR_RE.match(self.text))


def _parse(num: str) -> tuple[float, float]:
    """Value and precision of a bare numeral in Dutch or English notation."""
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+\d?(?:,\d+)?", num):
        whole, _, dec = num.partition(",")
        groups = whole.split(".")
        if len(groups[-1]) == 4:  # a glued footnote digit: 11.066.5251 -> 11.066.525
            groups[-1] = groups[-1][:3]
        digits = "".join(groups)
    elif re.fullmatch(r"\d{1,3}(?:,\d{3}){2,}(?:\.\d+)?", num):
        whole, _, dec = num.partition(".")
        digits = whole.replace(",", "")
    else:
        digits, _, dec = num.replace(",", ".").partition(".")
    value = float(f"{digits}.{dec}") if dec else float(digits)
    return value, 10.0 ** -len(dec) if dec else 1.0


def numbers_in(text: str) -> list[Number]:
    """Every number in ``text`` (citation markers excluded), with scale words applied."""
    out = []
    for m in _NUMBER_RE.finditer(_MARKER_RE.sub(" ", text)):
        value, precision = _parse(m.group("num"))
        scale = _SCALES.get((m.group("scale") or "").lower().rstrip("."), 1.0)
        out.append(Number(m.group(0).strip(), value * scale, precision * scale))
    return out


def values_of(texts: Iterable[str]) -> set[float]:
    """All absolute values a set of texts supports (passages, tool results, the question)."""
    from core.numbers import parse_amounts

    vals: set[float] = set()
    for text in texts:
        vals.update(n.value for n in numbers_in(text))
        for line in text.split("\n"):
            vals.update(abs(a.value) for a in parse_amounts(line))
    return vals


def supported(number: Number, values: set[float]) -> bool:
    """Written value equals a supported value, up to the rounding its notation implies.

    ``1,4 miljoen`` matches 1.395.090 (half a unit of 0,1 miljoen, and within 5%);
    ``1 miljoen`` does not (28% off).
    """
    if number.value in values:
        return True
    tol = number.precision / 2 + 1e-9
    return any(
        abs(number.value - v) <= tol and abs(number.value - v) <= 0.05 * abs(v) for v in values
    )


# --------------------------------------------------------------------------------------------
# Sentences and markers
# --------------------------------------------------------------------------------------------

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z€\"'(])")


def split_lines(text: str) -> list[list[str]]:
    """The text as lines of sentences, so removals keep lists and paragraphs intact."""
    return [[s for s in _SENTENCE_END.split(line) if s.strip()] for line in text.split("\n")]


def join_lines(lines: list[list[str]]) -> str:
    text = "\n".join(" ".join(s.strip() for s in line) for line in lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def marker_numbers(text: str) -> list[int]:
    """Citation numbers in order of appearance (``[1]``, ``[2, 3]``)."""
    return [int(n) for m in _MARKER_RE.finditer(text) for n in re.split(r"\s*[,;]\s*", m.group(1))]


def rewrite_markers(text: str, mapping: dict[int, int | None]) -> str:
    """Renumber markers; numbers mapped to ``None`` disappear (and an emptied ``[]`` too)."""

    def sub(m: re.Match) -> str:
        nums = [mapping.get(int(n)) for n in re.split(r"\s*[,;]\s*", m.group(1))]
        kept = list(dict.fromkeys(n for n in nums if n is not None))
        return "".join(f"[{n}]" for n in kept)

    out = _MARKER_RE.sub(sub, text)
    return re.sub(r"[ \t]+([.,;:!?])", r"\1", re.sub(r"[ \t]{2,}", " ", out))


def sentence_body(sentence: str) -> str:
    """A sentence without citation markers and list bullets: the part whose numbers count."""
    return _LIST_PREFIX.sub("", _MARKER_RE.sub(" ", sentence))


# --------------------------------------------------------------------------------------------
# Prompt leaks
# --------------------------------------------------------------------------------------------

SHINGLE = 8


def _shingles(text: str, size: int = SHINGLE) -> set[tuple[str, ...]]:
    toks = _words(text)
    return {tuple(toks[i : i + size]) for i in range(len(toks) - size + 1)}


class LeakGuard:
    """Detects sentences that copy a secret text: a run of ``SHINGLE`` words of it, or a whole
    sentence of at least ``MIN_WORDS`` words that occurs in it."""

    MIN_WORDS = 5

    def __init__(self, secret: str, allowed: Iterable[str] = ()) -> None:
        for phrase in allowed:  # phrases the model is told to say verbatim
            secret = secret.replace(phrase, " ¶ ")
        parts = secret.split("¶")
        self._shingles = set().union(*(_shingles(part) for part in parts))
        self._texts = [f" {' '.join(_words(part))} " for part in parts]

    def leaks(self, sentence: str) -> bool:
        if self._shingles & _shingles(sentence):
            return True
        toks = _words(sentence)
        return len(toks) >= self.MIN_WORDS and any(f" {' '.join(toks)} " in t for t in self._texts)


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", fold(text))


# --------------------------------------------------------------------------------------------
# The whole check
# --------------------------------------------------------------------------------------------


@dataclass
class Verified:
    """Outcome of :func:`verify`: the cleaned text and what was changed, in Dutch."""

    text: str
    used: list[int] = field(default_factory=list)  # valid marker numbers, first-use order
    warnings: list[str] = field(default_factory=list)
    removed_numbers: int = 0
    removed_leaks: int = 0


def verify(
    text: str,
    passages: dict[int, str],
    tool_texts: Iterable[str],
    question: str,
    guard: LeakGuard | None = None,
) -> Verified:
    """Check ``text`` against the numbered passage texts and the tool results.

    Steps: drop sentences that copy the system prompt; drop markers that point nowhere; drop
    sentences whose numbers occur neither in a cited passage nor in a tool result (years may
    also come from the question, and its other numbers in a sentence that denies them).
    """
    out = Verified(text="")
    text = _THINK_RE.sub("", text).replace("<<<", "").replace(">>>", "")
    lines = split_lines(text)
    had_text = [bool(line) for line in lines]
    if guard is not None:
        for line in lines:
            kept = [s for s in line if not guard.leaks(s)]
            out.removed_leaks += len(line) - len(kept)
            line[:] = kept
        if out.removed_leaks:
            out.warnings.append(
                f"{out.removed_leaks} zin(nen) met tekst uit de systeeminstructies verwijderd."
            )
    bad = [n for n in dict.fromkeys(marker_numbers(text)) if n not in passages]
    if bad:
        out.warnings.append(
            "Bronverwijzing(en) " + ", ".join(f"[{n}]" for n in bad)
            + " verwezen naar geen enkele passage en zijn verwijderd."
        )
    mapping: dict[int, int | None] = {n: n for n in passages}  # also turns [2, 3] into [2][3]
    mapping.update({n: None for n in bad})
    lines = [[rewrite_markers(s, mapping) for s in line] for line in lines]
    cited = dict.fromkeys(n for line in lines for s in line for n in marker_numbers(s))
    allowed = values_of([passages[n] for n in cited] + list(tool_texts))
    asked = numbers_in(question)
    for line in lines:
        kept = []
        for s in line:
            body = sentence_body(s)
            # The question's years may be repeated; its other numbers only to deny them
            # ("de taakstelling is niet € 2 miljoen"), never to confirm a false premise.
            from_question = {n.value for n in asked if n.is_year or _NEGATION_RE.search(body)}
            missing = [
                n.text for n in numbers_in(body)
                if not supported(n, allowed) and n.value not in from_question
            ]
            if missing:
                out.removed_numbers += 1
                out.warnings.append(
                    f"Zin verwijderd omdat {', '.join(missing)} niet in een geciteerde passage of "
                    f"berekening staat: \"{s.strip()}\""
                )
            else:
                kept.append(s)
        line[:] = kept
    out.text = join_lines([ln for ln, had in zip(lines, had_text, strict=True) if ln or not had])
    out.used = list(dict.fromkeys(marker_numbers(out.text)))
    return out
