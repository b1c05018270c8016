"""Text that addresses an AI assistant instead of a reader: patterns shared by the question
guard (:mod:`assistant.guard`) and by ingestion, which flags such passages (``instructie``).

A council document never tells its reader to "ignore the previous instructions" or to "say
that ..."; a passage that does is treated as an attempted prompt injection: it stays
searchable (it is part of the document) but is never quoted as an answer without a warning.
"""

from __future__ import annotations

import re
import unicodedata

INJECTION_PATTERNS = [
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

# Extra patterns for document text: imperative instructions to the assistant.
DOCUMENT_PATTERNS = [
    r"\bnegeer\b[^.!?\n]{0,120}\b(en\s+)?(zeg|antwoord|vertel|schrijf|meld|beweer)\b",
    r"\b(zeg|antwoord|vertel|meld)\s+(altijd|voortaan|steeds|de\s+gebruiker|tegen\s+\w+)\b"
    r"[^.!?\n]{0,40}\bdat\b",
    r"\b(als|voor)\s+(je|jij|u)\s+(een\s+)?(ai|assistent|taalmodel|chatbot|llm)\b",
    r"\baan\s+(de|het)\s+(ai[- ]?)?(assistent|taalmodel|chatbot|systeem)\s*:",
    r"\b(note|message)\s+to\s+(the\s+)?(ai|assistant|model|llm)\b",
    r"\b(ignore|disregard)\b[^.!?\n]{0,120}\b(and\s+)?(say|answer|tell|reply)\b",
]
INJECTION = re.compile("|".join(f"(?:{p})" for p in INJECTION_PATTERNS), re.IGNORECASE)
DOCUMENT_INSTRUCTION = re.compile(
    "|".join(f"(?:{p})" for p in INJECTION_PATTERNS + DOCUMENT_PATTERNS), re.IGNORECASE
)
INSTRUCTION_FLAG = "instructie"


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    text = "".join(" " if ch.isspace() else ch for ch in text
                   if ch.isspace() or unicodedata.category(ch) not in ("Cc", "Cf"))
    return re.sub(r"\s+", " ", text)


def reads_as_instruction(text: str) -> bool:
    """Whether document text addresses the assistant ("negeer ... en zeg dat ...")."""
    return bool(text) and bool(DOCUMENT_INSTRUCTION.search(_normalise(text)))
