"""Raadsassistent web app: ``streamlit run app.py``.

A thin shell over :class:`assistant.api.Assistant`: login, the sidebar (filters and the
"Over deze assistent" panel) and navigation. Each page lives in ``app_pages/``; all logic lives
below the app. The page draws at once; the assistant (model and index) warms up in a
background thread and the page says so while it does.
"""

from __future__ import annotations

import contextlib

import streamlit as st

from app_pages.shared import (
    assistant_ready,
    count,
    current_user,
    dutch_date,
    dutch_ui,
    get_assistant,
    login_required,
    profile,
    settings,
    start_loading,
    user_error,
)

PROFILE = profile()
st.set_page_config(page_title=PROFILE.assistant_name, page_icon=":material/account_balance:",
                   layout="wide")
dutch_ui()

BACKENDS = {"offline": "zonder taalmodel: zinnen uit de documenten (offline)"}


def _login_fields() -> None:
    """The login form; access decisions and rate limiting live in assistant.auth."""
    from assistant.auth import AuthError, login

    with st.form("login"):
        username = st.text_input("Gebruikersnaam", placeholder="bijvoorbeeld jdevries",
                                 key="login_user",
                                 help="De naam die de beheerder voor u heeft aangemaakt.")
        password = st.text_input("Wachtwoord", type="password", placeholder="uw wachtwoord",
                                 key="login_password")
        submitted = st.form_submit_button("Inloggen", type="primary")
    if submitted:
        try:  # rate-limited per user name and per client (assistant.auth.login)
            user = login(settings(), username.strip(), password,
                         client=str(getattr(st.context, "ip_address", None) or ""))
        except AuthError as exc:
            st.error(str(exc))
        else:
            st.session_state["user"] = user
            st.rerun()


def login_wall() -> None:
    """Stop the page until a known user logs in (only when a login is required)."""
    st.title(PROFILE.assistant_name)
    about = f" over {PROFILE.domain}" if PROFILE.domain else ""
    st.write(f"Log in om vragen te stellen over de beleidsdocumenten{about}.")
    _login_fields()
    st.stop()


def about_panel(status: dict) -> None:
    """Who the assistant serves and the technical state of the index, for whoever wants it."""
    with st.expander("Over deze assistent", icon=":material/info:"):
        who = PROFILE.municipality or "de gemeente"
        st.markdown(f"**{PROFILE.assistant_name}** beantwoordt vragen over de documenten van "
                    f"{who}" + (f" ({PROFILE.domain})" if PROFILE.domain else "") + ". Elk "
                    "antwoord noemt zijn bronnen; cijfers komen letterlijk uit de documenten.")
        backend = status.get("backend", "")
        st.markdown(
            f"- {count(int(status.get('documents', 0)), 'document', 'documenten')}, "
            f"{count(int(status.get('chunks', 0)), 'passage', 'passages')}\n"
            f"- Laatst ingelezen: {dutch_date(status.get('last_ingest'), True) or 'nooit'}\n"
            f"- Antwoorden: {BACKENDS.get(backend, f'taalmodel ({backend})')}\n"
            f"- Zoekmodel: {status.get('embedding_model', 'onbekend')}\n"
            f"- Indexversie: {status.get('generation') or 'geen'}"
        )


def sidebar() -> None:
    """The user, the filters every question uses and the 'Over deze assistent' panel."""
    with st.sidebar:
        user = current_user()
        if st.session_state.get("user") is not None:
            st.caption(f"Ingelogd als **{user.display_name}**")
            if st.button("Uitloggen"):
                st.session_state.clear()
                st.rerun()
        elif login_required(settings()):
            with st.expander("Inloggen (medewerkers)", icon=":material/login:"):
                st.caption("Zonder inloggen kunt u alles lezen wat openbaar is. Medewerkers "
                           "loggen in om documenten toe te voegen.")
                _login_fields()
        if not assistant_ready():
            st.caption("Documenten en filters worden geladen…")
            return
        try:
            assistant = get_assistant()
            status = assistant.status()
            documents = assistant.documents(user=user)
        except Exception as exc:  # the index may be missing; say so instead of crashing
            st.error(user_error(exc))
            return
        st.subheader("Filters")
        titles = {d["source"]: d.get("title") or d["source"] for d in documents}
        st.multiselect("Document", list(titles), key="filter_sources",
                       format_func=lambda s: titles.get(s, s), placeholder="Alle documenten",
                       help="Zoek alleen in deze documenten.", select_all=False)
        regions = sorted({d.get("region") for d in documents if d.get("region")})
        st.multiselect("Regio", regions, key="filter_regions", placeholder="Alle regio's",
                       help="Zoek alleen in documenten over deze regio.", select_all=False)
        years = sorted({int(str(d.get("date"))[:4]) for d in documents
                        if str(d.get("date") or "")[:4].isdigit()})
        st.multiselect("Jaar", years, key="filter_years", placeholder="Alle jaren",
                       help="Zoek alleen in documenten uit deze jaren.", select_all=False)
        about_panel(status)


if settings().auth_required and st.session_state.get("user") is None:
    login_wall()

pages = [
    st.Page("app_pages/vraag.py", title="Vraag het", icon=":material/chat:", default=True),
    st.Page("app_pages/raadsvraag.py", title="Raadsvraag beantwoorden",
            icon=":material/edit_note:"),
    st.Page("app_pages/cijfers.py", title="Cijfers", icon=":material/bar_chart:"),
    st.Page("app_pages/documenten.py", title="Documenten", icon=":material/folder_open:"),
]
page = st.navigation(pages)
loading = st.empty()  # the loading message sits above the page
sidebar()
page.run()
start_loading()  # after the page has drawn, so loading does not slow the first page down
if not assistant_ready():
    # The page is usable already; once the assistant is warm, draw the sidebar filters too.
    with contextlib.suppress(Exception):  # the pages show a loading error where it matters
        get_assistant(loading)
    st.rerun()
