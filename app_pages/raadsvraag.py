"""Raadsvraag beantwoorden: paste a letter, answer each sub-question, edit, export DOCX/Markdown."""

from __future__ import annotations

import re

import streamlit as st

from app_pages.shared import (
    current_filters,
    current_user,
    escape_markdown,
    get_assistant,
    show_citation,
    user_error,
)
from assistant.raadsvraag import Draft, DraftItem, SubQuestion, parse_letter, to_docx, to_markdown

EXAMPLE_LETTER = """\
Onderwerp: begroting jeugdhulp
Raadsvraag 2019-159

1. Hoeveel is er in de jaren 2017, 2018 en 2019 in de jeugdzorg uitgegeven?
2. Hoe hoog is de taakstelling voor jeugdhulp in 2021 en vanaf 2022?
3. Van hoeveel aanbieders maakt de gemeente gebruik in de jeugdzorg?
"""


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


def _draft(items: list[DraftItem]) -> Draft:
    """The draft with the official's edits from the text areas."""
    edited = [
        DraftItem(it.number, it.question, st.session_state.get(f"rv_a_{i}", it.answer),
                  it.citations, it.abstained)
        for i, it in enumerate(items)
    ]
    return Draft(edited, reference=st.session_state.get("rv_reference", ""),
                 subject=st.session_state.get("rv_subject", ""))


st.title("Raadsvraag beantwoorden")
st.caption("Plak de brief met raadsvragen. De assistent splitst de genummerde vragen, "
           "beantwoordt elke vraag met bronnen en maakt een concept-beantwoording.")

st.text_area("Brief met raadsvragen", key="rv_letter", height=220,
             placeholder=EXAMPLE_LETTER)
c1, c2 = st.columns([1, 3])
# Callbacks run before the script, so they may set the keys of widgets drawn below.
c1.button("Vragen splitsen", type="primary", on_click=_split)
c2.button("Voorbeeldbrief invullen", on_click=st.session_state.update,
          kwargs={"rv_letter": EXAMPLE_LETTER})

questions: list[SubQuestion] | None = st.session_state.get("rv_questions")
if questions is not None and not questions:
    st.warning("Geen vragen gevonden. Nummer de vragen (1., 2., …) of eindig ze met een "
               "vraagteken.")
elif questions:
    st.subheader(f"{len(questions)} vragen gevonden")
    c1, c2 = st.columns(2)
    c1.text_input("Kenmerk raadsvraag", key="rv_reference")
    c2.text_input("Onderwerp", key="rv_subject")
    for q in questions:
        st.markdown(f"**{q.number}.** {escape_markdown(q.text)}")
    if st.button("Alle vragen beantwoorden", type="primary"):
        _answer_all(questions)

items: list[DraftItem] | None = st.session_state.get("rv_items")
if items:
    st.divider()
    st.subheader("Concept-antwoorden")
    st.caption("Pas de antwoorden aan waar nodig; de export gebruikt de tekst zoals die hier "
               "staat.")
    for i, item in enumerate(items):
        with st.container(border=True):
            st.markdown(f"**Vraag {item.number}.** {escape_markdown(item.question)}")
            if item.abstained:
                st.warning("De documenten geven hier geen betrouwbaar antwoord op; vul zelf aan.")
            st.text_area(f"Antwoord op vraag {item.number}", key=f"rv_a_{i}", height=160)
            if item.citations:
                with st.expander(f"Bronnen ({len(item.citations)})"):
                    for c in item.citations:
                        st.markdown(f"**[{c.n}]**")
                        show_citation(c)
    draft = _draft(items)
    name = "beantwoording-raadsvragen"
    if draft.reference:
        name += "-" + re.sub(r"[^0-9A-Za-z-]", "", draft.reference)
    docx_bytes = to_docx(draft)
    markdown = to_markdown(draft)
    st.session_state["rv_export"] = {"docx": docx_bytes, "md": markdown}
    d1, d2 = st.columns(2)
    d1.download_button("Download Word (DOCX)", docx_bytes, file_name=f"{name}.docx",
                       mime="application/vnd.openxmlformats-officedocument."
                       "wordprocessingml.document", type="primary", icon=":material/description:")
    d2.download_button("Download Markdown", markdown.encode("utf-8"), file_name=f"{name}.md",
                       mime="text/markdown", icon=":material/article:")
