"""Documenten: the corpus with its metadata, and uploads of new PDF/DOCX/TXT files."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app_pages.shared import (
    can_upload,
    current_user,
    escape_markdown,
    get_assistant,
    settings,
    user_error,
)

COLUMNS = {
    "title": "Titel", "date": "Datum", "kind": "Soort", "region": "Regio",
    "municipality": "Gemeente(n)", "access": "Toegang", "chunks": "Passages", "source": "Bestand",
}


def _documents_table(documents: list[dict]) -> pd.DataFrame:
    df = pd.DataFrame(documents)
    for col in COLUMNS:
        if col not in df.columns:
            df[col] = ""
    return df[list(COLUMNS)].rename(columns=COLUMNS)


REGIONS = ["", "Midden-Limburg West", "Midden-Limburg Oost", "Anders"]
ACCESS = {"public": "openbaar", "raad": "raad en medewerkers", "intern": "alleen medewerkers"}


def _metadata() -> dict[str, str]:
    """Optional title, date, region and access level for the uploaded document."""
    with st.expander("Gegevens van het document (aanbevolen)"):
        c1, c2 = st.columns([3, 1])
        title = c1.text_input("Titel", key="upload_title")
        date = c2.text_input("Datum of jaar", key="upload_date", placeholder="2024")
        c3, c4 = st.columns(2)
        region = c3.selectbox("Regio", REGIONS, key="upload_region",
                              format_func=lambda r: r or "onbekend")
        access = c4.selectbox("Toegang", list(ACCESS), key="upload_access",
                              format_func=ACCESS.get)
    meta = {"title": title.strip(), "date": date.strip(), "region": region, "access": access}
    return {k: v for k, v in meta.items() if v}


def _upload() -> None:
    s = settings()
    st.subheader("Document toevoegen")
    st.caption(f"PDF, Word (DOCX) of tekst (TXT), maximaal {s.max_upload_mb} MB. Het document "
               "wordt gecontroleerd, opgeslagen en daarna doorzoekbaar gemaakt. Mislukt dat, "
               "dan blijft de index zoals hij was.")
    generation = st.session_state.setdefault("upload_generation", 0)
    uploaded = st.file_uploader("Kies een bestand", type=["pdf", "docx", "txt"],
                                key=f"upload_file_{generation}")
    metadata = _metadata()
    if uploaded is None or not st.button("Toevoegen aan de index", type="primary"):
        return
    bar = st.progress(0.0, text="Bestand controleren…")

    def progress(fraction: float, message: str = "") -> None:
        bar.progress(min(max(float(fraction), 0.0), 1.0), text=message or "Bezig…")

    try:
        report = get_assistant().ingest_upload(uploaded.name, uploaded.getvalue(),
                                               progress=progress, metadata=metadata or None)
    except Exception as exc:  # bad file or failed ingest: Dutch message, index unchanged
        bar.empty()
        st.error(f"Het bestand {escape_markdown(uploaded.name)} is niet toegevoegd. "
                 f"{escape_markdown(user_error(exc))}")
        return
    added = getattr(report, "chunks_embedded", 0)
    st.session_state["upload_message"] = (
        f"{uploaded.name} is toegevoegd en doorzoekbaar ({added} passages ingelezen)."
    )
    st.session_state["upload_generation"] = generation + 1  # empties the file picker
    st.rerun()  # redraw the table and the sidebar status with the new document


st.title("Documenten")
if message := st.session_state.pop("upload_message", None):
    st.success(escape_markdown(message))
try:
    docs = get_assistant().documents(user=current_user())
except Exception as exc:
    st.error(user_error(exc))
    docs = []
st.caption(f"{len(docs)} documenten in de index. Let op: de Regiovisie 2023-2028 gaat over "
           "Midden-Limburg Oost, niet over Leudal (regio Midden-Limburg West).")
st.dataframe(_documents_table(docs), hide_index=True, width="stretch")

if can_upload(settings()):
    _upload()
else:
    st.info("Alleen medewerkers kunnen documenten toevoegen.")
