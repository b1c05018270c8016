"""What every page needs: the one Assistant per process, the user, the filters, safe rendering.

Document and question text is never passed to Streamlit as raw markdown or HTML: markdown
gets every ASCII punctuation character backslash-escaped, and HTML is built from
``html.escape``-d parts only, so text from a document cannot inject links, scripts or styling.
"""

from __future__ import annotations

import contextlib
import html
import logging
import re
import threading
import time
from typing import Any

import streamlit as st

from core.config import Settings
from core.models import Answer, Citation, Passage
from core.profile import Profile, load_profile

log = logging.getLogger(__name__)

ANONYMOUS_ROLE = "publiek"  # no login = the public role, read-only (assistant.auth)
_PUNCT = re.compile(r"([!-/:-@\[-`{-~])")  # every ASCII punctuation character


def escape_markdown(text: str) -> str:
    """Make ``text`` display literally in ``st.markdown`` (no links, emphasis, colours, LaTeX)."""
    return _PUNCT.sub(r"\\\1", text or "")


_LABEL_LINE = re.compile(r"^\*\*(.+?)\*\*(.*)$")


def answer_markdown(text: str) -> str:
    """An answer as ``st.markdown`` shows it: everything literal, except the document labels
    the assistant sets in bold at the start of a line ("**Nota (2021):** ..."), which stay
    bold instead of showing their asterisks."""
    out = []
    for line in (text or "").split("\n"):
        m = _LABEL_LINE.match(line)
        out.append(f"**{escape_markdown(m.group(1))}**{escape_markdown(m.group(2))}" if m
                   else escape_markdown(line))
    return "\n".join(out)


class _Loader:
    """Builds and warms the Assistant in a background thread, so pages draw at once.

    Loading the embedding model and the index takes seconds; a page that waited for it would
    stay blank. Pages draw first and only wait (with a visible message) where they need it.
    """

    def __init__(self, index_dir: str, backend: str) -> None:
        self.assistant = None
        self.error: BaseException | None = None
        self.started = time.monotonic()
        self.done = threading.Event()
        self._args = (index_dir, backend)
        threading.Thread(target=self._run, name="raads-warm-up", daemon=True).start()

    def _run(self) -> None:
        try:
            from assistant.api import Assistant

            index_dir, backend = self._args
            assistant = Assistant(Settings(index_dir=index_dir), backend=backend)
            assistant.warm_up()  # model and index load before the first question
            # One real question pays the remaining first-use costs (answer back end, figure
            # store, term statistics), so the first person to ask gets a fast answer.
            examples = profile().example_questions
            with contextlib.suppress(Exception):
                question = examples[0] if examples else "Wat staat er in de documenten?"
                answer = assistant.ask(question)
                for c in answer.citations[:1]:
                    highlight_html(c.quote, c.highlight + " ~")  # loads the fuzzy matcher
            self.assistant = assistant
        except BaseException as exc:  # shown to the user by get_assistant()
            self.error = exc
        finally:
            self.done.set()


@st.cache_resource(show_spinner=False)
def _loader(index_dir: str, backend: str) -> _Loader:
    """One Assistant per process and index (the arguments are the cache key)."""
    return _Loader(index_dir, backend)


def settings() -> Settings:
    return Settings()


def _current_loader() -> _Loader:
    s = settings()
    return _loader(str(s.index_dir), s.backend)


def start_loading() -> None:
    """Start warming the assistant without waiting for it."""
    _current_loader()


def assistant_ready() -> bool:
    return _current_loader().done.is_set()


def get_assistant(placeholder=None):
    """The Assistant; while it is still loading, show that (in ``placeholder``) and wait."""
    loader = _current_loader()
    if not loader.done.is_set():
        note = placeholder if placeholder is not None else st.empty()
        note.info("De assistent wordt nog geladen (zoekindex en taalmodel). Een moment geduld…",
                  icon=":material/hourglass_top:")
        while not loader.done.wait(0.1):
            pass
        note.empty()
    if loader.error is not None:
        if isinstance(loader.error, Exception):
            raise loader.error
        raise RuntimeError("De assistent kon niet worden geladen.") from loader.error
    return loader.assistant


def profile() -> Profile:
    """The deployment profile: municipality, region, example questions, charts."""
    return load_profile(str(settings().profile_path))


def current_user():
    """The logged-in user; without a login the public role (decided in assistant.auth)."""
    from assistant.auth import current_user as effective_user

    return effective_user(settings(), st.session_state.get("user"))


def login_required(s: Settings) -> bool:
    return bool(s.auth_required or s.users_file.exists())


def can_upload(s: Settings) -> bool:
    """Only a logged-in staff member may upload (decided in assistant.auth.can_upload)."""
    from assistant.auth import can_upload as allowed

    return allowed(current_user())


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


def owner_note(owner: str) -> str:
    """'(document van X)' when a cited document belongs to another government than the home one."""
    prof = profile()
    if owner and prof.municipality and not prof.is_home(owner):
        return f"(document van {owner})"
    return ""


def show_citation(c: Citation) -> None:
    """Title, date, place in the document and the passage with the supporting sentence marked."""
    st.markdown(f"**{escape_markdown(c.title or c.source)}**")
    meta = [m for m in (dutch_date(c.date), location(c), c.source) if m]
    if note := owner_note(c.owner):
        meta.append(note)
    st.caption(escape_markdown(" · ".join(meta)))
    st.html(f'<div class="raads-passage" style="{_PASSAGE_STYLE}">'
            f"{highlight_html(c.quote, c.highlight)}</div>")
    __import__("ingest.pageimage").pageimage.show_source_page(settings(), c)  # PDF page, marked


def show_passage(p: Passage) -> None:
    st.markdown(f"**{escape_markdown(p.title or p.source)}**")
    meta = [m for m in (dutch_date(p.date), location(p), p.source, owner_note(p.owner)) if m]
    st.caption(escape_markdown(" · ".join(meta)))
    st.html(f'<div style="{_PASSAGE_STYLE}">{html.escape(p.text)}</div>')


def citation_label(c: Citation) -> str:
    title = c.title or c.source
    short = title if len(title) <= 40 else title[:38] + "…"
    if note := owner_note(c.owner):
        short += f" {note}"
    return f"[{c.n}] {short}"


def show_citations(answer: Answer, key: str) -> None:
    """One button per marker [n], in reading order; clicking it opens the cited passage."""
    if not answer.citations:
        return
    st.caption("Bronnen: klik op een nummer om de passage te openen.")
    with st.container(horizontal=True, gap="small", key=f"bronnen_{key}"):
        for c in sorted(answer.citations, key=lambda c: c.n):
            with st.popover(escape_markdown(citation_label(c))):
                show_citation(c)


def user_error(exc: BaseException) -> str:
    """A Dutch message for an exception; our own errors carry one, others get a generic text."""
    from core.errors import is_user_error, user_message  # one list of user-facing errors

    if not is_user_error(exc):
        log.exception("onverwachte fout in de app", exc_info=exc)
    return user_message(exc)


def answer_state(key: str, default: Any) -> Any:
    return st.session_state.setdefault(key, default)


# ---------------------------------------------------------------------------------------------
# Dutch wording
# ---------------------------------------------------------------------------------------------

MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
          "september", "oktober", "november", "december"]


def dutch_date(value: Any, with_time: bool = False) -> str:
    """'2026-11-23T23:16:56+00:00' -> '23 november 2026' (plus ', 23:16' with ``with_time``).

    Partial dates stay partial ('2019-10' -> 'oktober 2019', '2019' -> '2019'); text that is
    not a date is returned unchanged.
    """
    text = str(value or "").strip()
    m = re.match(r"^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[T ](\d{2}):(\d{2}))?)?)?", text)
    if not m:
        return text
    year, month, day, hour, minute = m.groups()
    if not month or not 1 <= int(month) <= 12:
        return year
    if not day:
        return f"{MONTHS[int(month) - 1]} {year}"
    out = f"{int(day)} {MONTHS[int(month) - 1]} {year}"
    if with_time and hour:
        if text.endswith(("Z", "+00:00")):
            from datetime import datetime

            local = datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone()
            out = (f"{local.day} {MONTHS[local.month - 1]} {local.year}, "
                   f"{local.hour:02d}:{local.minute:02d}")
        else:
            out += f", {hour}:{minute}"
    return out


def count(n: int, singular: str, plural: str) -> str:
    """'1 passage', '2 passages'."""
    return f"{n} {singular if n == 1 else plural}"


# Streamlit's own English texts and their Dutch replacements (regular expressions on text nodes
# and on aria-label/placeholder/title attributes). Streamlit has no locale setting.
UI_TRANSLATIONS: list[tuple[str, str]] = [
    (r"^Skip to main content$", "Naar de inhoud"),
    (r"^Drag and drop (a file|files) here$", "Sleep een bestand hierheen"),
    (r"^Limit (.+) per file(.*)$", "Maximaal $1 per bestand$2"),
    (r"^(\d+(?:[.,]\d+)?) ?([KMG]B) per file(.*)$", "Maximaal $1 $2 per bestand$3"),
    (r"^Browse files$", "Bestand kiezen"),
    (r"^Upload$", "Bestand kiezen"),
    (r"^File must be (.+) or smaller\.$",
     "Het bestand is te groot: maximaal $1. Kies een kleiner bestand."),
    (r"^(.*) files are not allowed\.$", "Dit soort bestand kan niet worden toegevoegd."),
    (r"^File size is too small\.$", "Het bestand is leeg of te klein."),
    (r"^Only one file is allowed\.$", "Kies één bestand tegelijk."),
    (r"^Unexpected error\. Please try again\.$", "Er ging iets mis. Probeer het opnieuw."),
    (r"^Select all$", "Alles kiezen"),
    (r"^Select (\d+) matches$", "$1 treffers kiezen"),
    (r"^Clear all$", "Alles wissen"),
    (r"^Clear value$", "Wissen"),
    (r"^No results$", "Geen resultaten"),
    (r"^Choose an option$", "Maak een keuze"),
    (r"^Choose options$", "Maak een keuze"),
    (r"^Press (⌘|Ctrl)\+Enter to apply$", "Wordt toegepast zodra u buiten het veld klikt"),
    (r"^Press Enter to apply$", "Druk op Enter om toe te passen"),
    (r"^Press (⌘|Ctrl)\+Enter to submit form$", "Druk op $1+Enter om te versturen"),
    (r"^Press Enter to submit form$", "Druk op Enter om te versturen"),
    (r"^Running\.\.\.$", "Bezig…"),
    (r"^Stop$", "Stoppen"),
    (r"^Connecting$", "Verbinden"),
    (r"^Please wait\.\.\.$", "Even geduld…"),
    (r"^Send message$", "Vraag versturen"),
    (r"^Collapse sidebar$", "Zijbalk inklappen"),
    (r"^Expand sidebar$", "Zijbalk uitklappen"),
    (r"^Main menu$", "Menu"),
    (r"^Show password$", "Wachtwoord tonen"),
    (r"^Hide password$", "Wachtwoord verbergen"),
    (r"^Download as CSV$", "Downloaden als CSV"),
    (r"^Search$", "Zoeken"),
    (r"^Fullscreen$", "Volledig scherm"),
    (r"^Close fullscreen$", "Volledig scherm sluiten"),
    (r"^Show/hide columns$", "Kolommen tonen of verbergen"),
    (r"^Copy to clipboard$", "Kopiëren"),
    (r"^Delete$", "Verwijderen"),
    (r"^Remove$", "Verwijderen"),
    (r"^Close$", "Sluiten"),
    (r"^View fullscreen$", "Volledig scherm"),
    (r"^Help for (.+)$", "Uitleg bij $1"),
    (r"^Error:$", "Fout:"),
    (r"^Error: (.+)$", "Fout: $1"),
    (r"^add icon$", "toevoegen"),
    (r"^file upload$", "bestand kiezen"),
    (r"^Help$", "Uitleg"),
    (r"^Chat message from user$", "Uw vraag"),
    (r"^Chat message from assistant$", "Antwoord van de assistent"),
    (r"^Chat message from (.+)$", "Bericht van $1"),
    (r"^App pages$", "Pagina's"),
    (r"^Sidebar$", "Zijbalk"),
    (r"^Stop script$", "Stoppen"),
    (r"^Feedback rating$", "Beoordeling"),
    (r"^Upload (.+)$", "$1 uploaden"),
    (r"^Add files$", "Bestanden toevoegen"),
    (r"^Remove (.+)$", "$1 verwijderen"),
    (r"^Selected values$", "Gekozen waarden"),
    (r"^Link to heading$", "Link naar deze kop"),
    (r"^Scroll tabs (left|right)$", "Tabbladen schuiven"),
    (r"^Markdown content$", "Tekst"),
    (r"^Open$", "Openen"),
    (r"^Notifications$", "Meldingen"),
    (r"^Previous page$", "Vorige pagina"),
    (r"^Next page$", "Volgende pagina"),
    (r"^Increment$", "Hoger"),
    (r"^Decrement$", "Lager"),
    (r"^Dataframe column menu$", "Kolommenu"),
    (r"^Copy column name$", "Kolomnaam kopiëren"),
    (r"^Close Search$", "Zoeken sluiten"),
    (r"^Button action menu$", "Knopmenu"),
]

_STYLE = """
<style>
/* Long example questions and citation buttons wrap instead of being cut off. */
.stButton button p, [data-testid="stPopover"] button p { white-space: normal; text-align: left; }
.stButton button, [data-testid="stPopover"] button { height: auto; min-height: 2.5rem; }
/* Errors of the file picker (too large, wrong type) are shown, not only read out. */
[data-testid="stFileChip"][aria-invalid="true"] { flex-wrap: wrap; max-width: 100%; }
[data-testid="stFileChip"] [role="alert"] {
  position: static !important; width: auto !important; height: auto !important;
  clip: auto !important; clip-path: none !important; overflow: visible !important;
  white-space: normal !important; margin: 0.25rem 0 0 0 !important; flex-basis: 100%;
  color: #b00020; font-size: 0.95rem; font-weight: 600; }
/* The visible keyboard focus is never hidden. */
a:focus-visible, button:focus-visible, textarea:focus-visible, input:focus-visible {
  outline: 3px solid #1a5fb4 !important; outline-offset: 2px; }
.st-key-doc_list { display: none; }
@media (max-width: 640px) {
  .st-key-doc_table { display: none; }
  .st-key-doc_list { display: flex; }
  [data-testid="stMainBlockContainer"] { padding-left: 0.75rem; padding-right: 0.75rem; }
  h1 { font-size: 1.7rem !important; }
}
</style>
"""


def _translator_js() -> str:
    import json

    rules = json.dumps(UI_TRANSLATIONS, ensure_ascii=False)
    return """
<script>
(function () {
  const doc = window.parent && window.parent.document ? window.parent.document : document;
  doc.documentElement.lang = "nl";
  if (doc.__raadsNL) return;
  doc.__raadsNL = true;
  const rules = RULES.map(([p, r]) => [new RegExp(p), r]);
  const tr = (text) => {
    const t = text.trim();
    if (!t) return null;
    for (const [re, rep] of rules) {
      if (re.test(t)) return text.replace(t, t.replace(re, rep));
    }
    return null;
  };
  const attrs = ["aria-label", "placeholder", "title"];
  const fix = (root) => {
    const walker = doc.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    let n;
    while ((n = walker.nextNode())) {
      const out = tr(n.nodeValue);
      if (out !== null && out !== n.nodeValue) n.nodeValue = out;
    }
    const els = root.querySelectorAll("[aria-label],[placeholder],[title]");
    for (const el of els) {
      for (const a of attrs) {
        const v = el.getAttribute(a);
        if (v) { const out = tr(v); if (out !== null && out !== v) el.setAttribute(a, out); }
      }
    }
  };
  let queued = false;
  const run = () => { queued = false; fix(doc.body); };
  new MutationObserver(() => { if (!queued) { queued = true; requestAnimationFrame(run); } })
    .observe(doc.body, {subtree: true, childList: true, characterData: true, attributes: true,
                        attributeFilter: attrs});
  run();
})();
</script>
""".replace("RULES", rules)


def dutch_ui() -> None:
    """Dutch for Streamlit's own texts, readable wrapping and focus styles (once per page run)."""
    st.html(_STYLE)
    st.html(_translator_js(), unsafe_allow_javascript=True)
