"""What every page needs: the one Assistant per process, the user, the filters, safe rendering.

Document and question text is never passed to Streamlit as raw markdown or HTML: markdown
gets every ASCII punctuation character backslash-escaped, and HTML is built from
``html.escape``-d parts only, so text from a document cannot inject links, scripts or styling.
"""

from __future__ import annotations

import html
import logging
import re
from typing import Any

import streamlit as st

from core.config import Settings
from core.models import Answer, Citation, Passage

log = logging.getLogger(__name__)

ANONYMOUS_ROLE = "raadslid"
_PUNCT = re.compile(r"([!-/:-@\[-`{-~])")  # every ASCII punctuation character


def escape_markdown(text: str) -> str:
    """Make ``text`` display literally in ``st.markdown`` (no links, emphasis, colours, LaTeX)."""
    return _PUNCT.sub(r"\\\1", text or "")


@st.cache_resource(show_spinner="De assistent wordt geladen…")
def _load_assistant(index_dir: str, backend: str):
    """One Assistant per process and index: models, index and figure store load once.

    The arguments are the cache key, so a changed RAADS_INDEX_DIR or back end gets its own.
    """
    from assistant.api import Assistant

    assistant = Assistant(Settings(index_dir=index_dir), backend=backend)
    assistant.warm_up()  # pay model and index loading before the first question, not during it
    return assistant


def settings() -> Settings:
    return Settings()


def get_assistant():
    s = settings()
    return _load_assistant(str(s.index_dir), s.backend)


def current_user():
    """The logged-in user; without a login an anonymous council member ('raadslid')."""
    user = st.session_state.get("user")
    if user is not None:
        return user
    from assistant.auth import User

    return User(username="anoniem", display_name="Anonieme gebruiker", role=ANONYMOUS_ROLE)


def login_required(s: Settings) -> bool:
    return bool(s.auth_required or s.users_file.exists())


def can_upload(s: Settings) -> bool:
    """Staff may upload; without a login set-up (a single local user) uploads are open."""
    if not login_required(s):
        return True
    return getattr(current_user(), "role", "") == "medewerker"


def current_filters() -> dict[str, list]:
    """The sidebar filters as the API expects them; empty selections are left out."""
    out: dict[str, list] = {}
    for key, state_key in (("sources", "filter_sources"), ("regions", "filter_regions"),
                           ("years", "filter_years")):
        value = st.session_state.get(state_key) or []
        if value:
            out[key] = [int(v) for v in value] if key == "years" else list(value)
    return out


# ---------------------------------------------------------------------------------------------
# Citations and passages
# ---------------------------------------------------------------------------------------------

def location(c: Citation | Passage) -> str:
    """'§ Taakstelling · regels 22-26 · pagina 3' (only the parts that are known)."""
    parts = []
    if c.section:
        parts.append(f"§ {c.section}")
    if c.line_start:
        end = c.line_end or c.line_start
        parts.append(f"regel {c.line_start}" if end == c.line_start
                     else f"regels {c.line_start}-{end}")
    if c.page:
        parts.append(f"pagina {c.page}")
    return " · ".join(parts)


def _find(text: str, sentence: str) -> tuple[int, int] | None:
    """Span of ``sentence`` in ``text``: exact up to whitespace, else the best fuzzy match.

    The supporting sentence may come from the raw line (``11.066.5251 prognose``) while the
    passage is cleaned text (``11.066.525 [voetnoot 1] prognose``); rapidfuzz aligns the two.
    """
    tokens = sentence.split()
    if not tokens or not text:
        return None
    match = re.search(r"\s+".join(re.escape(t) for t in tokens), text)
    if match:
        return match.span()
    from rapidfuzz import fuzz

    # Best window of up to three consecutive lines, compared with whitespace collapsed.
    lines = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
    wanted = " ".join(tokens)
    best, best_span = 0.0, None
    for i in range(len(lines)):
        for j in range(i, min(i + 3, len(lines))):
            start, end = lines[i][0], lines[j][1]
            score = fuzz.ratio(wanted, " ".join(text[start:end].split()))
            if score > best:
                best, best_span = score, (start, end)
    return best_span if best >= 70 else None


def highlight_html(text: str, highlight: str) -> str:
    """Escaped ``text`` with the supporting sentence ``highlight`` wrapped in ``<mark>``."""
    text = text or ""
    span = _find(text, highlight or "")
    if span is None:
        return html.escape(text)
    start, end = span
    return (html.escape(text[:start]) + "<mark>" + html.escape(text[start:end]) + "</mark>"
            + html.escape(text[end:]))


_PASSAGE_STYLE = (
    "white-space: pre-wrap; font-size: 0.9rem; border-left: 3px solid #d0d0d0; "
    "padding: 0.25rem 0.75rem; max-height: 22rem; overflow-y: auto;"
)


def show_citation(c: Citation) -> None:
    """Title, date, place in the document and the passage with the supporting sentence marked."""
    st.markdown(f"**{escape_markdown(c.title or c.source)}**")
    meta = [m for m in (c.date, location(c), c.source) if m]
    if c.region and "oost" in c.region.lower():
        meta.append(f"regio {c.region} (niet Leudal)")
    st.caption(escape_markdown(" · ".join(meta)))
    st.html(f'<div class="raads-passage" style="{_PASSAGE_STYLE}">'
            f"{highlight_html(c.quote, c.highlight)}</div>")


def show_passage(p: Passage) -> None:
    st.markdown(f"**{escape_markdown(p.title or p.source)}**")
    st.caption(escape_markdown(" · ".join(m for m in (p.date, location(p), p.source) if m)))
    st.html(f'<div style="{_PASSAGE_STYLE}">{html.escape(p.text)}</div>')


def show_citations(answer: Answer, key: str) -> None:
    """One button per marker [n]; clicking it opens the cited passage."""
    if not answer.citations:
        return
    st.caption("Bronnen — klik op een nummer om de passage te openen:")
    cols = st.columns(min(len(answer.citations), 4))
    for i, c in enumerate(answer.citations):
        title = c.title or c.source
        short = title if len(title) <= 40 else title[:38] + "…"
        with cols[i % len(cols)].popover(escape_markdown(f"[{c.n}] {short}"), width="stretch"):
            show_citation(c)


def user_error(exc: BaseException) -> str:
    """A Dutch message for an exception; our own errors carry one, others get a generic text."""
    from assistant.guard import QuestionError

    known: tuple[type[BaseException], ...] = (QuestionError,)
    try:
        from ingest.errors import IngestError

        known += (IngestError,)
    except ImportError:  # pragma: no cover - ingest always ships with the app
        pass
    try:
        from ingest.uploads import UploadError

        known += (UploadError,)
    except ImportError:  # pragma: no cover
        pass
    if isinstance(exc, known):
        return str(exc)
    log.exception("onverwachte fout in de app", exc_info=exc)
    return ("Er ging iets mis bij het verwerken. Probeer het opnieuw; blijft het misgaan, meld "
            "het dan bij de beheerder.")


def answer_state(key: str, default: Any) -> Any:
    return st.session_state.setdefault(key, default)
