"""Checks on a question before any retrieval work: bad input is refused with a Dutch message.

The assistant never *obeys* text in a question or a document; :func:`is_injection_attempt`
only flags such text so callers can log it. Answers are built from retrieved passages by
code, so flagged text changes nothing about what is returned.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Protocol


class QuestionError(ValueError):
    """A question that cannot be answered as asked; ``str(err)`` is a Dutch user message."""


class _Limits(Protocol):
    max_question_chars: int


# Unicode categories removed outright: control, format (zero-width etc.), private use, unassigned
# and surrogates. Whitespace controls (tab, newline) become spaces first.
_DROP_CATEGORIES = {"Cc", "Cf", "Co", "Cn", "Cs"}
_WHITESPACE = re.compile(r"\s+")


def _strip_controls(text: str) -> str:
    out = []
    for ch in text:
        if ch.isspace():
            out.append(" ")
        elif unicodedata.category(ch) not in _DROP_CATEGORIES:
            out.append(ch)
    return "".join(out)


def check_question(text: str, settings: _Limits) -> str:
    """Return the cleaned question or raise :class:`QuestionError` with a Dutch message.

    The length check runs on the raw text first so a 100 000-character paste is refused
    before any per-character work, and again after cleaning.
    """
    if text is None:
        raise QuestionError("Stel een vraag: er is geen tekst ontvangen.")
    if not isinstance(text, str):
        raise QuestionError("De vraag moet tekst zijn.")
    limit = int(settings.max_question_chars)
    # Generous pre-check: raw text may carry control characters that cleaning removes.
    if len(text) > limit * 4:
        raise QuestionError(
            f"De vraag is te lang ({len(text)} tekens); het maximum is {limit} tekens. "
            "Maak de vraag korter."
        )
    cleaned = _WHITESPACE.sub(" ", _strip_controls(unicodedata.normalize("NFC", text))).strip()
    if not cleaned:
        raise QuestionError("Stel een vraag: de invoer is leeg.")
    if len(cleaned) > limit:
        raise QuestionError(
            f"De vraag is te lang ({len(cleaned)} tekens); het maximum is {limit} tekens. "
            "Maak de vraag korter."
        )
    if not any(unicodedata.category(ch)[0] in "LN" for ch in cleaned):
        raise QuestionError(
            "De vraag bevat geen letters of cijfers. Stel een vraag in woorden, "
            "bijvoorbeeld: 'Hoeveel kostte de jeugdhulp in 2020?'"
        )
    return cleaned


from core.instructions import INJECTION as _INJECTION  # noqa: E402  (shared patterns)


def is_injection_attempt(text: str) -> bool:
    """Heuristic flag for prompt-injection phrasing (Dutch and English), for logging only."""
    if not text:
        return False
    folded = _WHITESPACE.sub(" ", _strip_controls(unicodedata.normalize("NFKC", text)))
    return bool(_INJECTION.search(folded))


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def strip_injection(text: str) -> tuple[str, bool]:
    """Drop the sentences of a question that address the system rather than the documents.

    Returns the remaining question and whether anything was dropped. When every sentence is
    flagged the text is returned unchanged: it is then answered (or refused) as a question.
    """
    sentences = _SENTENCE_END.split(text)
    kept = [s for s in sentences if not is_injection_attempt(s)]
    if not kept or len(kept) == len(sentences):
        return text, False
    return " ".join(kept).strip(), True


# ---------------------------------------------------------------------------- follow-ups

MAX_HISTORY_TURNS = 10


def limit_history(
    history: list[tuple[str, str]] | None, settings: _Limits
) -> list[tuple[str, str]] | None:
    """The conversation as far as it may steer a follow-up: the last turns, each bounded.

    User turns longer than the question limit are dropped (they could never have been asked);
    answers are cut to four times the limit. A megabyte of history thus costs nothing.
    """
    if not history:
        return history
    limit = int(settings.max_question_chars)
    kept: list[tuple[str, str]] = []
    for turn in list(history)[-MAX_HISTORY_TURNS:]:
        try:
            role, text = turn
        except (TypeError, ValueError):
            continue
        if not isinstance(text, str):
            continue
        if role == "user":
            if len(text) > limit * 4:
                continue
            kept.append((role, text[: limit * 2]))
        else:
            kept.append((str(role), text[: limit * 4]))
    return kept


def check_resolved(resolved: str, settings: _Limits) -> str:
    """The length limit also holds for a follow-up after it borrowed the earlier question."""
    limit = int(settings.max_question_chars)
    if len(resolved) > limit:
        raise QuestionError(
            f"De vervolgvraag is samen met de vorige vraag te lang ({len(resolved)} tekens; "
            f"het maximum is {limit}). Stel de vraag opnieuw in één zin."
        )
    return resolved


# ---------------------------------------------------------------------------- answers

INSTRUCTION_WARNING = (
    "Let op: een geciteerde passage bevat tekst die zich richt tot de assistent "
    "(een instructie in het document). Die tekst is niet opgevolgd en is geen feit; "
    "controleer de bron."
)


def _flagged(flags: str | None) -> bool:
    from core.instructions import INSTRUCTION_FLAG

    return INSTRUCTION_FLAG in str(flags or "").split(",")


def warn_on_instructions(answer):  # noqa: ANN001, ANN201 - core.models.Answer
    """Prefix the answer with a Dutch warning when a cited passage reads as an instruction."""
    flagged = any(_flagged(getattr(c, "flags", "")) for c in answer.citations)
    if not flagged:
        for c in answer.citations:
            for p in answer.passages:
                if (_flagged(p.flags) and p.source == c.source
                        and p.line_start <= max(c.line_start, c.line_end)
                        and c.line_start <= p.line_end):
                    flagged = True
    if not flagged and not answer.citations:  # an answer without markers still quotes
        flagged = any(_flagged(p.flags) and p.text[:80] in answer.text for p in answer.passages)
    if flagged and INSTRUCTION_WARNING not in answer.warnings:
        answer.warnings.append(INSTRUCTION_WARNING)
        answer.text = f"{INSTRUCTION_WARNING}\n\n{answer.text}"
    return answer
