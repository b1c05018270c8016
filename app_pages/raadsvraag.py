"""Raadsvraag beantwoorden: paste a letter, answer each sub-question, edit, export DOCX/Markdown."""

from __future__ import annotations

import re
import time

import streamlit as st

from app_pages.shared import (
    count,
    current_filters,
    current_user,
    escape_markdown,
    get_assistant,
    profile,
    show_citation,
    user_error,
)
from assistant.raadsvraag import Draft, DraftItem, SubQuestion, parse_letter, to_docx, to_markdown

PROFILE = profile()


def example_letter() -> str:
    """A letter built from the profile's example questions (nothing of one corpus in code)."""
    questions = PROFILE.example_questions[:3] or ["Welke documenten zijn er beschikbaar?"]
    subject = PROFILE.domain or "vragen aan het college"
    numbered = "\n".join(f"{i}. {q}" for i, q in enumerate(questions, 1))
    return f"Onderwerp: {subject}\nRaadsvraag 2025-001\n\n{numbered}\n"


def _split() -> None:
    letter = parse_letter(st.session_state.get("rv_letter", ""))
    st.session_state["rv_questions"] = letter.questions
    st.session_state["rv_reference"] = letter.reference
    st.session_state["rv_subject"] = letter.subject
    st.session_state.pop("rv_items", None)
    for key in [k for k in st.session_state if str(k).startswith(("rv_q_", "rv_a_"))]:
        del st.session_state[key]


def _answer_all(questions: list[SubQuestion]) -> None:
    assistant, user, filters = get_assistant(), current_user(), current_filters() or None
    items: list[DraftItem] = []
    bar = st.progress(0.0, text="Vragen beantwoorden…")
    for i, q in enumerate(questions):
        bar.progress(i / len(questions), text=f"Vraag {q.number} van {len(questions)}…")
        try:
            answer = assistant.ask(q.text, filters=filters, user=user)
            items.append(DraftItem(q.number, q.text, answer.text, list(answer.citations),
                                   answer.abstained))
        except Exception as exc:  # one bad question must not lose the others
            items.append(DraftItem(q.number, q.text, "", [], True))
            st.error(f"Vraag {q.number}: {user_error(exc)}")
        st.session_state[f"rv_a_{i}"] = items[-1].answer
    bar.progress(1.0, text="Klaar.")
    st.session_state["rv_items"] = items


def _draft(items: list[DraftItem], state=None) -> Draft:
    """The draft with the official's edits from the text areas (``state``: session state)."""
    state = st.session_state if state is None else state

    def get(key: str, default: str) -> str:
        return state[key] if key in state else default  # noqa: SIM401 - no .get()

    edited = [
        DraftItem(it.number, it.question, get(f"rv_a_{i}", it.answer), it.citations,
                  it.abstained)
        for i, it in enumerate(items)
    ]
    return Draft(edited, reference=get("rv_reference", ""), subject=get("rv_subject", ""))


def _pending_texts(ctx) -> dict[str, str] | None:
    """Text values the browser sent with a rerun that has not started yet (None: none pending).

    Clicking a download button right after typing first blurs the text area and then sends a
    rerun with every widget's value, and only then asks for the file. When the file is built
    before that rerun has started, the newest text is in the pending rerun, not yet in the
    session state. (Streamlit internals, read defensively: any surprise means 'none pending'.)
    """
    requests = getattr(ctx, "script_requests", None)
    try:
        with requests._lock:
            if requests._state.name != "RERUN":
                return None
            states = requests._rerun_data.widget_states
        out = {}
        for w in getattr(states, "widgets", []):
            if w.WhichOneof("value") == "string_value":
                out[w.id.split("-", 2)[-1]] = w.string_value  # "$$ID-<hash>-<key>"
        return out
    except Exception:  # noqa: BLE001 - internals changed: fall back to the session state
        return None


class _Overlay:
    """Pending browser values over the session state (only what ``_draft`` reads)."""

    def __init__(self, pending: dict[str, str], state) -> None:
        self.pending, self.state = pending, state

    def __contains__(self, key: str) -> bool:
        return key in self.pending or key in self.state

    def __getitem__(self, key: str):
        return self.pending[key] if key in self.pending else self.state[key]


def _exporter(items: list[DraftItem], fmt: str):
    """A download callable: builds the file from the text as it is on screen at click time."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    state = ctx.session_state if ctx is not None else st.session_state

    def build() -> bytes:
        pending = _pending_texts(ctx) if ctx is not None else None
        if pending is None:
            time.sleep(0.5)  # a rerun just picked up applies its values first
            source = state
        else:
            source = _Overlay(pending, state)
        draft = _draft(items, source)
        data = to_docx(draft) if fmt == "docx" else to_markdown(draft).encode("utf-8")
        previous = state["rv_export"] if "rv_export" in state else {}  # noqa: SIM401
        state["rv_export"] = {**previous, fmt: data}
        return data

    return build


st.title("Raadsvraag beantwoorden")
st.caption("Plak de brief met raadsvragen. De assistent splitst de genummerde vragen, "
           "beantwoordt elke vraag met bronnen en maakt een concept-beantwoording.")

st.text_area("Brief met raadsvragen", key="rv_letter", height=220,
             placeholder=example_letter(),
             help="Plak de hele brief. Nummer de vragen (1., 2., …) of laat elke vraag op een "
             "vraagteken eindigen. Een regel 'Onderwerp: …' en een kenmerk worden herkend.")
with st.container(horizontal=True, gap="small"):
    # Callbacks run before the script, so they may set the keys of widgets drawn below.
    st.button("Vragen splitsen", type="primary", on_click=_split,
              help="Zoekt de afzonderlijke vragen in de brief.")
    st.button("Voorbeeldbrief invullen", on_click=st.session_state.update,
              kwargs={"rv_letter": example_letter()},
              help="Vult een voorbeeld in om te zien hoe het werkt.")

questions: list[SubQuestion] | None = st.session_state.get("rv_questions")
if questions is not None and not questions:
    st.warning("Geen vragen gevonden. Nummer de vragen (1., 2., …) of eindig ze met een "
               "vraagteken.")
elif questions:
    st.subheader(f"{count(len(questions), 'vraag', 'vragen')} gevonden")
    c1, c2 = st.columns(2)
    c1.text_input("Kenmerk raadsvraag", key="rv_reference", placeholder="bijvoorbeeld 2025-001",
                  help="Komt in de titel en de bestandsnaam van de export.")
    c2.text_input("Onderwerp", key="rv_subject", placeholder="bijvoorbeeld begroting",
                  help="Komt boven de beantwoording.")
    for q in questions:
        st.markdown(f"**{q.number}.** {escape_markdown(q.text)}")
    if st.button("Alle vragen beantwoorden", type="primary",
                 help="Beantwoordt elke vraag met bronnen; u kunt de antwoorden daarna aanpassen."):
        _answer_all(questions)

items: list[DraftItem] | None = st.session_state.get("rv_items")
if items:
    st.divider()
    st.subheader("Concept-antwoorden")
    st.caption("Pas de antwoorden aan waar nodig. De export gebruikt altijd de tekst zoals die "
               "hier staat, ook als u direct na het typen op een downloadknop klikt.")
    for i, item in enumerate(items):
        with st.container(border=True):
            st.markdown(f"**Vraag {item.number}.** {escape_markdown(item.question)}")
            if item.abstained:
                st.warning("De documenten geven hier geen betrouwbaar antwoord op; vul zelf aan.")
            st.text_area(f"Antwoord op vraag {item.number}", key=f"rv_a_{i}", height=160,
                         help="Verwijzingen als [1] horen bij de bronnen hieronder; laat ze "
                         "staan als de zin uit die bron komt.")
            if item.citations:
                with st.expander(f"Bronnen ({len(item.citations)})"):
                    for c in item.citations:
                        st.markdown(f"**[{c.n}]**")
                        show_citation(c)
    reference = st.session_state.get("rv_reference", "")
    name = "beantwoording-raadsvragen"
    if reference:
        name += "-" + re.sub(r"[^0-9A-Za-z-]", "", reference)
    # The files are built when the button is clicked, from the text as it is on screen then.
    with st.container(horizontal=True, gap="small"):
        st.download_button("Download Word (DOCX)", _exporter(items, "docx"),
                           file_name=f"{name}.docx",
                           mime="application/vnd.openxmlformats-officedocument."
                           "wordprocessingml.document", type="primary",
                           icon=":material/description:",
                           help="Concept-beantwoording met bronnenlijst, te openen in Word.")
        st.download_button("Download Markdown", _exporter(items, "md"), file_name=f"{name}.md",
                           mime="text/markdown", icon=":material/article:",
                           help="Dezelfde tekst als platte tekst met opmaaktekens.")
