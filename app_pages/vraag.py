"""Vraag het: chat with streamed answers, clickable sources, follow-ups and feedback."""

from __future__ import annotations

import uuid

import streamlit as st

from app_pages.shared import (
    answer_markdown,
    current_filters,
    current_user,
    escape_markdown,
    get_assistant,
    owner_note,
    profile,
    settings,
    show_citations,
    show_passage,
    user_error,
)
from assistant.feedback import FeedbackStore
from core.models import Answer

PROFILE = profile()
EXAMPLES = PROFILE.example_questions
ABSTAIN_NOTICE = ("De documenten geven hier geen betrouwbaar antwoord op. Hieronder staan de "
                  "passages die er het dichtst bij komen.")


def _messages() -> list[dict]:
    return st.session_state.setdefault("messages", [])


def _history() -> list[tuple[str, str]]:
    return [(m["role"], m["text"]) for m in _messages()]


def _feedback(answer: Answer, msg_id: str) -> None:
    """Thumbs up/down with an optional remark; stored once per answer."""
    sent_key = f"fb_sent_{msg_id}"
    if st.session_state.get(sent_key):
        st.caption("Bedankt voor uw beoordeling.")
        return
    rating = st.feedback("thumbs", key=f"fb_{msg_id}")
    if rating is None:
        return
    remark = st.text_input("Opmerking (optioneel)", key=f"fb_remark_{msg_id}",
                           placeholder="Wat was goed of fout aan dit antwoord?")
    if st.button("Beoordeling versturen", key=f"fb_send_{msg_id}"):
        FeedbackStore(settings().feedback_db).record(
            answer, 1 if rating == 1 else -1, remark=remark,
            username=getattr(current_user(), "username", ""),
        )
        st.session_state[sent_key] = True
        st.rerun()


def _warnings(answer: Answer) -> None:
    """Region/entity and other warnings belong in the answer a person reads, above its text."""
    for warning in answer.warnings:
        st.warning(escape_markdown(warning), icon=":material/warning:")


def _quotes(answer: Answer) -> None:
    """The supporting sentences, in marker order, each with its document."""
    lines = []
    for c in sorted(answer.citations, key=lambda c: c.n):
        quote = " ".join((c.highlight or c.quote or "").split())
        if not quote:
            continue
        if len(quote) > 320:
            quote = quote[:317].rsplit(" ", 1)[0] + " …"
        where = c.title or c.source
        if note := owner_note(c.owner):
            where += f" {note}"
        lines.append(f"> [{c.n}] {escape_markdown(quote)}  \n> — *{escape_markdown(where)}*")
    if lines:
        st.markdown("**Onderbouwing uit de documenten**")
        st.markdown("\n\n".join(lines))


def _answer_extras(answer: Answer, msg_id: str) -> None:
    """Everything under the short answer: quotes, sources, copy, feedback."""
    if answer.abstained:
        st.warning(ABSTAIN_NOTICE)
        if answer.passages:
            with st.expander("Dichtstbijzijnde passages", expanded=True):
                for p in answer.passages[:3]:
                    show_passage(p)
    _quotes(answer)
    show_citations(answer, msg_id)
    with st.expander("Antwoord kopiëren"):
        st.code(answer.text, language=None, wrap_lines=True)
    _feedback(answer, msg_id)


def _render_history() -> None:
    for m in _messages():
        with st.chat_message(m["role"]):
            if m.get("answer") is not None:
                _warnings(m["answer"])
            st.markdown(answer_markdown(m["text"]) if m.get("answer") is not None
                        else escape_markdown(m["text"]))
            if m.get("answer") is not None:
                _answer_extras(m["answer"], m["id"])


def _ask(question: str) -> None:
    """Stream the answer to ``question`` and store the turn."""
    history = _history()
    with st.chat_message("user"):
        st.markdown(escape_markdown(question))
    with st.chat_message("assistant"):
        result: dict[str, Answer] = {}

        def pieces():
            for item in get_assistant().stream(
                question, history=history or None, filters=current_filters() or None,
                user=current_user(),
            ):
                if isinstance(item, Answer):
                    result["answer"] = item
                else:
                    yield escape_markdown(str(item).replace("**", ""))  # labels: bold later

        try:
            with st.spinner("Zoeken in de documenten…"):
                st.write_stream(pieces())
        except Exception as exc:  # QuestionError and anything else: a Dutch message, no trace
            st.error(user_error(exc))
            return
        answer = result.get("answer")
        if answer is None:
            st.error("Er kwam geen antwoord terug. Probeer het opnieuw.")
            return
    msgs = _messages()
    msgs.append({"role": "user", "text": question, "id": uuid.uuid4().hex})
    msgs.append({"role": "assistant", "text": answer.text, "answer": answer,
                 "id": uuid.uuid4().hex})
    st.rerun()  # redraw from history so sources and feedback widgets get stable keys


def _intro() -> str:
    about = f"over {PROFILE.domain}" if PROFILE.domain else "over de documenten"
    whose = f" van {PROFILE.municipality}" if PROFILE.municipality else ""
    return (f"Stel een vraag {about}{whose}. Elk antwoord begint kort en noemt daarna de "
            "zinnen uit de documenten waarop het steunt.")


st.title("Vraag het")
col_intro, col_new = st.columns([4, 1], vertical_alignment="center")
col_intro.caption(_intro())
if col_new.button("Nieuw gesprek", icon=":material/refresh:", disabled=not _messages(),
                  help="Begin opnieuw; eerdere vragen tellen dan niet meer mee."):
    st.session_state["messages"] = []
    st.rerun()

if not _messages() and EXAMPLES:
    st.markdown("**Voorbeeldvragen**")
    with st.container(horizontal=True, gap="small", key="voorbeeldvragen"):
        for i, example in enumerate(EXAMPLES):
            if st.button(example, key=f"example_{i}"):
                st.session_state["pending_question"] = example

_render_history()
placeholder = (f"Stel uw vraag over {PROFILE.domain}…" if PROFILE.domain
               else "Stel uw vraag…")
if _messages():
    placeholder = "Stel een vervolgvraag of een nieuwe vraag…"
question = st.chat_input(placeholder, max_chars=settings().max_question_chars)
pending = st.session_state.pop("pending_question", None)
if question or pending:
    _ask(question or pending)
