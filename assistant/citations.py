"""Numbered citations: every claim in an answer points at a passage with its source lines."""

from __future__ import annotations

from core.models import Citation, Figure, Passage


class CitationBuilder:
    """Hands out ``[n]`` numbers, one per distinct passage, in order of first use."""

    def __init__(self, lookup_passage=None) -> None:
        self.citations: list[Citation] = []
        self._by_passage: dict[str, int] = {}
        self._lookup = lookup_passage  # (source, line) -> Passage | None

    def cite(self, passage: Passage, highlight: str = "") -> int:
        n = self._by_passage.get(passage.id)
        if n is not None:
            cit = self.citations[n - 1]
            if highlight and highlight not in cit.highlight:
                cit.highlight = f"{cit.highlight} … {highlight}" if cit.highlight else highlight
            return n
        n = len(self.citations) + 1
        self._by_passage[passage.id] = n
        self.citations.append(
            Citation(
                n=n,
                source=passage.source,
                title=passage.title,
                date=passage.date,
                section=passage.section,
                line_start=passage.line_start,
                line_end=passage.line_end,
                quote=passage.text,
                highlight=highlight,
                page=passage.page,
                region=passage.region,
                owner=passage.owner,
                flags=passage.flags,
            )
        )
        return n

    def cite_figure(self, figure: Figure) -> int:
        """Cite the passage holding a figure's line, or the exact line when none is indexed."""
        passage = self._lookup(figure.source, figure.line) if self._lookup else None
        if passage is None:
            passage = Passage(
                id=f"{figure.source}:{figure.line}",
                text=figure.quote,
                source=figure.source,
                line_start=figure.line,
                line_end=figure.line,
            )
        return self.cite(passage, figure.quote)


def markers(numbers: list[int]) -> str:
    return "".join(f"[{n}]" for n in dict.fromkeys(numbers))
