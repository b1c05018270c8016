"""What an abbreviation stands for, read from the documents themselves.

Why: a glossary holds the abbreviations someone thought of; a municipality's own PDFs spell
out many more where they first use them ("Wijkzorgteam Oost (WZO)", "JOM (Jongeren Op
Maat)"). Reading the expansion from the text answers "wat is een WZO?"
for any corpus, and the sentence it comes from is the citation.

The matcher is a small version of Schwartz & Hearst (2003): the long form sits next to the
abbreviation in brackets, and the abbreviation's letters occur, in order, at the starts of its
words (or inside them, for the later letters).
"""

from __future__ import annotations

import re

_WORD = re.compile(r"[^\W\d_][\w'’-]*")
# Words an abbreviation skips ("Centrum voor Jeugd en Gezin" is CJG).
_SMALL_WORDS = {"voor", "en", "van", "de", "het", "der", "den", "op", "in", "of", "and", "for",
                "the", "met", "tot", "aan"}


def _letters_fit(abbr: str, words: list[str]) -> bool:
    """The abbreviation's letters in order through ``words``: the first letter starts the
    first word, and every word starts with one of the letters."""
    letters = [c.lower() for c in abbr if c.isalpha()]
    if not letters or not words or words[0][:1].lower() != letters[0]:
        return False
    text = " ".join(w.lower() for w in words)
    pos = 0
    for c in letters:
        pos = text.find(c, pos)
        if pos < 0:
            return False
        pos += 1
    initials = {w[:1].lower() for w in words if w.lower() not in _SMALL_WORDS}
    return initials <= set(letters)


def _long_before(abbr: str, before: str) -> str:
    """The shortest run of words ending ``before`` whose letters fit ``abbr``."""
    words = _WORD.findall(before)
    n = sum(c.isalpha() for c in abbr)
    for size in range(1, min(len(words), n + 3) + 1):
        run = words[-size:]
        if _letters_fit(abbr, run):
            return " ".join(run)
    return ""


def expansions(abbr: str, text: str) -> list[str]:
    """Long forms of ``abbr`` that ``text`` writes beside it, best first.

    Handles "Long Form (ABBR)", "ABBR (Long Form)" and paired slashes
    ("POB / TRA (Praktijkondersteuner Bureau / Trajectadviseur)").
    """
    out: list[str] = []
    flat = " ".join(text.split())
    esc = re.escape(abbr)
    # Long Form (ABBR)
    for m in re.finditer(rf"\(\s*{esc}\s*\)", flat):
        long = _long_before(abbr, flat[: m.start()])
        if long:
            out.append(long.strip("‘’'\""))
    # ABBR (Long Form), and "A / ABBR (Long A / Long ABBR)"
    paired = rf"((?:\b[\w-]+\s*/\s*)*)\b{esc}((?:\s*/\s*[\w-]+)*)\s*\(([^()]{{3,120}})\)"
    for m in re.finditer(paired, flat):
        shorts = [s.strip() for s in f"{m.group(1)}{abbr}{m.group(2)}".split("/")]
        longs = [s.strip(" ‘’'\"") for s in m.group(3).split("/")]
        if len(shorts) == len(longs) and abbr in shorts:
            long = longs[shorts.index(abbr)]
        elif len(longs) == 1:
            long = longs[0]
        else:
            continue
        words = _WORD.findall(long)
        if words and _letters_fit(abbr, words):
            out.append(" ".join(long.split()))
    return list(dict.fromkeys(out))
