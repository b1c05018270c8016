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


_INJECTION_PATTERNS = [
    # Dutch
    r"negeer\s+(al\s+)?(alle\s+)?(de\s+)?(vorige|eerdere|bovenstaande|voorgaande)?\s*"
    r"(instructies|opdrachten|regels|aanwijzingen)",
    r"vergeet\s+(alle\s+)?(je\s+|jouw\s+|de\s+)?(vorige\s+|eerdere\s+)?"
    r"(instructies|opdrachten|regels)",
    r"(toon|laat\s+zien|geef|print|onthul)\s+(me\s+|mij\s+)?(je|jouw|de|het)\s+"
    r"(configuratie|instellingen|systeemprompt|systeem\s*prompt|prompt|instructies)",
    r"systeem\s*prompt|systeeminstructies",
    r"je\s+bent\s+nu\s+(een|de)\b",
    r"doe\s+alsof\s+je",
    r"api[\s_-]*(sleutel|key)",
    r"wachtwoord(en)?\s+van",
    r"(toon|geef|laat)\s+.*\b(vertrouwelijke?|geheime?|verborgen|interne?)\s+(documenten|stukken)",
    # English
    r"ignore\s+(all\s+)?(the\s+)?(previous|prior|above|earlier)?\s*"
    r"(instructions|prompts?|rules|directions)",
    r"disregard\s+(all\s+)?(the\s+)?(previous|prior|above)?\s*(instructions|rules)",
    r"forget\s+(all\s+)?(your\s+|the\s+)?(previous\s+)?(instructions|rules)",
    r"system\s*prompt",
    r"(show|reveal|print|dump)\s+(me\s+)?(your|the)\s+(config(uration)?|settings|prompt|"
    r"instructions|environment)",
    r"you\s+are\s+now\s+(a|an|the|in)\b",
    r"developer\s+mode|jailbreak",
    r"api[\s_-]*key",
    r"<\s*/?\s*(system|assistant|im_start|im_end)\s*>|\[/?INST\]",
]
_INJECTION = re.compile("|".join(f"(?:{p})" for p in _INJECTION_PATTERNS), re.IGNORECASE)


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
