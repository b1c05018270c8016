"""Raadsassistent web app: ``streamlit run app.py``.

A thin shell over :class:`assistant.api.Assistant`: login, the sidebar (back end, index status,
filters) and navigation. Each page lives in ``app_pages/``; all logic lives in ``assistant/``.
"""

from __future__ import annotations

import streamlit as st

from app_pages.shared import current_user, get_assistant, login_required, settings, user_error

st.set_page_config(page_title="Raadsassistent", page_icon=":material/account_balance:",
                   layout="wide")


def login_form() -> None:
    """Stop the page until a known user logs in (only when a login is configured)."""
    from assistant.auth import authenticate

    st.title("Raadsassistent")
    st.write("Log in om vragen te stellen over de beleidsdocumenten jeugdhulp.")
    with st.form("login"):
        username = st.text_input("Gebruikersnaam")
        password = st.text_input("Wachtwoord", type="password")
        submitted = st.form_submit_button("Inloggen", type="primary")
    if submitted:
        user = authenticate(settings(), username.strip(), password)
        if user is None:
            st.error("Onbekende gebruikersnaam of onjuist wachtwoord.")
        else:
            st.session_state["user"] = user
            st.rerun()
    st.stop()


def sidebar(assistant) -> None:
    """Back end, index status and the filters every question uses."""
    with st.sidebar:
        user = current_user()
        st.caption(f"Ingelogd als **{user.display_name}** ({user.role})")
        if st.session_state.get("user") is not None and st.button("Uitloggen"):
            st.session_state.clear()
            st.rerun()
        try:
            status = assistant.status()
            documents = assistant.documents(user=user)
        except Exception as exc:  # the index may be missing; say so instead of crashing
            st.error(user_error(exc))
            return
        st.subheader("Status")
        st.markdown(
            f"- Back-end: **{status.get('backend', '?')}**\n"
            f"- Documenten: **{status.get('documents', 0)}**\n"
            f"- Passages: **{status.get('chunks', 0)}**\n"
            f"- Laatst ingelezen: {status.get('last_ingest') or 'nooit'}"
        )
        if status.get("embedding_model"):
            st.caption(f"Embeddingmodel: {status['embedding_model']}")
        st.subheader("Filters")
        titles = {d["source"]: d.get("title") or d["source"] for d in documents}
        st.multiselect("Document", list(titles), key="filter_sources",
                       format_func=lambda s: titles.get(s, s), placeholder="Alle documenten")
        regions = sorted({d.get("region") for d in documents if d.get("region")})
        st.multiselect("Regio", regions, key="filter_regions", placeholder="Alle regio's")
        years = sorted({int(str(d.get("date"))[:4]) for d in documents
                        if str(d.get("date") or "")[:4].isdigit()})
        st.multiselect("Jaar", years, key="filter_years", placeholder="Alle jaren")


if login_required(settings()) and st.session_state.get("user") is None:
    login_form()

pages = [
    st.Page("app_pages/vraag.py", title="Vraag het", icon=":material/chat:", default=True),
    st.Page("app_pages/raadsvraag.py", title="Raadsvraag beantwoorden",
            icon=":material/edit_note:"),
    st.Page("app_pages/cijfers.py", title="Cijfers", icon=":material/bar_chart:"),
    st.Page("app_pages/documenten.py", title="Documenten", icon=":material/folder_open:"),
]
page = st.navigation(pages)
sidebar(get_assistant())
page.run()
