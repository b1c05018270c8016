"""Resolve follow-up questions ("en in 2018?", "waarom?") against the conversation."""

from __future__ import annotations

import re

_YEAR_RE = re.compile(r"\b(?:19|20)\d{2}\b")
_FOLLOW_UP_RE = re.compile(
    r"^(en|maar|ook|waarom|hoe komt dat|wat betekent dat|en dan|en voor|and|why)\b", re.I
)
_PRONOUN_RE = re.compile(r"\b(dat|die|dit|deze|daarvan|daar|hun|het bedrag|it|that)\b", re.I)
# "van hoeveel maakt de gemeente gebruik?": a count without its noun counts what was said before
_BARE_COUNT_RE = re.compile(
    r"\b(?:hoeveel|how many)\s+(?:er|zijn|waren|is|was|maakt|maken|worden|werden|heeft|hebben|"
    r"gebruikt|gebruiken|are|were|does|do)\b", re.I)


def last_user_question(history: list[tuple[str, str]] | None) -> str | None:
    for role, text in reversed(history or []):
        if role == "user" and text.strip():
            return text.strip()
    return None


def resolve(question: str, history: list[tuple[str, str]] | None) -> str:
    """A self-contained question: a short follow-up borrows the previous question's topic."""
    previous = last_user_question(history)
    q = question.strip()
    if not previous:
        return q
    if not (_FOLLOW_UP_RE.match(q) or _leans_on_context(q)):
        return q
    years = _YEAR_RE.findall(q)
    if years and _YEAR_RE.search(previous):
        # "en in 2018?" -> the previous question with its year(s) replaced
        old = _YEAR_RE.findall(previous)
        resolved = previous
        for i, y in enumerate(old):
            resolved = resolved.replace(y, years[min(i, len(years) - 1)], 1)
        return resolved
    if re.match(r"^(waarom|why|hoe komt dat)\b", q, re.I):
        topic = re.sub(r"^(hoeveel|wat|welke|hoe hoog|wanneer)\s+", "", previous, flags=re.I)
        return f"Waarom {topic.rstrip('?')}? ({q})"
    return f"{previous.rstrip('?')}: {q}"


def with_topic(part: str, first: str) -> str:
    """A later part of a multi-part question ("..., en was dat geld geoormerkt?") with the
    first part's topic after it, so the part keeps its own question word and kind."""
    if not _leans_on_context(part):
        return part
    topic = re.sub(r"^(hoeveel|wat|welke|welk|hoe hoog|hoe groot|wanneer|wie)\s+", "", first,
                   flags=re.I)
    return f"{part.rstrip('?')} ({topic.rstrip('?')})?"


def _leans_on_context(text: str) -> bool:
    """Too short to stand alone, or a short sentence with a pronoun ("was dat geoormerkt?")."""
    n_words = len(text.split())
    return n_words <= 4 or (n_words <= 8 and bool(
        _PRONOUN_RE.search(text) or _BARE_COUNT_RE.search(text)))
