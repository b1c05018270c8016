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


def _upload() -> None:
    s = settings()
    st.subheader("Document toevoegen")
    st.caption(f"PDF, Word (DOCX) of tekst (TXT), maximaal {s.max_upload_mb} MB. Het document "
               "wordt gecontroleerd, opgeslagen en daarna doorzoekbaar gemaakt.")
    uploaded = st.file_uploader("Kies een bestand", type=["pdf", "docx", "txt"],
                                key="upload_file")
    if uploaded is None or not st.button("Toevoegen aan de index", type="primary"):
        return
    bar = st.progress(0.0, text="Bestand controleren…")

    def progress(fraction: float, message: str = "") -> None:
        bar.progress(min(max(float(fraction), 0.0), 1.0), text=message or "Bezig…")

    try:
        report = get_assistant().ingest_upload(uploaded.name, uploaded.getvalue(),
                                               progress=progress)
    except Exception as exc:  # bad file or failed ingest: Dutch message, index unchanged
        bar.empty()
        st.error(f"Het bestand {escape_markdown(uploaded.name)} is niet toegevoegd. "
                 f"{escape_markdown(user_error(exc))}")
        return
    bar.progress(1.0, text="Klaar.")
    st.success(f"{escape_markdown(uploaded.name)} is toegevoegd en doorzoekbaar.")
    notes = getattr(report, "notes", None) or []
    for note in notes:
        st.info(escape_markdown(str(note)))


st.title("Documenten")
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
