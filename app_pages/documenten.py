"""Documenten: the corpus with its metadata, and uploads of new PDF/DOCX/TXT files."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app_pages.shared import (
    can_upload,
    count,
    current_user,
    dutch_date,
    escape_markdown,
    get_assistant,
    profile,
    settings,
    user_error,
)

# Most useful first: on a phone the first columns are what fits.
COLUMNS = {
    "title": "Titel", "owner": "Van", "date": "Datum", "kind": "Soort", "region": "Regio",
    "access": "Toegang", "chunks": "Passages", "source": "Bestand",
}
ACCESS = {"public": "openbaar", "raad": "raad en medewerkers", "intern": "alleen medewerkers"}
PROFILE = profile()


def _documents_table(documents: list[dict]) -> pd.DataFrame:
    df = pd.DataFrame(documents)
    for col in COLUMNS:
        if col not in df.columns:
            df[col] = ""
    if "municipality" in df.columns:  # older catalogues: the owner is the one municipality
        df["owner"] = [o or m for o, m in zip(df["owner"].fillna(""),
                                              df["municipality"].fillna(""), strict=True)]
    df["date"] = [dutch_date(d) for d in df["date"].fillna("")]
    df["access"] = [ACCESS.get(a, a) for a in df["access"].fillna("")]
    return df[list(COLUMNS)].rename(columns=COLUMNS)


def _regions(documents: list[dict]) -> list[str]:
    """Regions the profile knows and the documents name (no fixed list in code)."""
    names = [g.name for g in (PROFILE.region, *PROFILE.neighbours) if g]
    names += sorted({str(d.get("region")) for d in documents if d.get("region")})
    return ["", *dict.fromkeys(names), "Anders"]


def _owners(documents: list[dict]) -> list[str]:
    """Governments a document can belong to: the profile's first, then the documents' owners."""
    names = [g.name for g in PROFILE.governments() if g.kind in ("gemeente", "regio", "land")]
    names += sorted({str(d.get("owner")) for d in documents if d.get("owner")})
    return ["", *dict.fromkeys(n for n in names if n)]


def _metadata(documents: list[dict]) -> dict[str, str]:
    """Optional title, date, owner, region and access level for the uploaded document."""
    with st.expander("Gegevens van het document (aanbevolen)"):
        c1, c2 = st.columns([3, 1])
        title = c1.text_input("Titel", key="upload_title",
                              placeholder="bijvoorbeeld Begroting 2025",
                              help="Zo heet het document in antwoorden en bronnen.")
        date = c2.text_input("Datum of jaar", key="upload_date", placeholder="2024",
                             help="Een jaar (2024) of datum (2024-11-05).")
        c3, c4, c5 = st.columns(3)
        owner = c3.selectbox("Van wie is het document", _owners(documents), key="upload_owner",
                             format_func=lambda r: r or "zelf laten herkennen",
                             help="De gemeente of regio die het document heeft gemaakt. Leeg: "
                             "de assistent leidt het af uit het document zelf.")
        region = c4.selectbox("Regio", _regions(documents), key="upload_region",
                              format_func=lambda r: r or "onbekend",
                              help="De regio waar het document over gaat.")
        access = c5.selectbox("Toegang", list(ACCESS), key="upload_access",
                              format_func=ACCESS.get, help="Wie het document mag lezen.")
    meta = {"title": title.strip(), "date": date.strip(), "owner": owner, "region": region,
            "access": access}
    return {k: v for k, v in meta.items() if v}


def _upload(documents: list[dict]) -> None:
    s = settings()
    st.subheader("Document toevoegen")
    st.caption(f"PDF, Word (DOCX) of tekst (TXT), maximaal {s.max_upload_mb} MB. Het document "
               "wordt gecontroleerd, opgeslagen en daarna doorzoekbaar gemaakt. Mislukt dat, "
               "dan blijft de index zoals hij was.")
    generation = st.session_state.setdefault("upload_generation", 0)
    uploaded = st.file_uploader("Kies een bestand", type=["pdf", "docx", "txt"],
                                key=f"upload_file_{generation}",
                                max_upload_size=int(s.max_upload_mb),
                                help=f"Sleep een bestand hierheen of klik op 'Bestand kiezen'. "
                                f"PDF, DOCX of TXT, maximaal {s.max_upload_mb} MB.")
    metadata = _metadata(documents)
    if uploaded is None or not st.button("Toevoegen aan de index", type="primary"):
        return
    bar = st.progress(0.0, text="Bestand controleren…")

    def progress(fraction: float, message: str = "") -> None:
        bar.progress(min(max(float(fraction), 0.0), 1.0), text=message or "Bezig…")

    try:
        report = get_assistant().ingest_upload(uploaded.name, uploaded.getvalue(),
                                               progress=progress, metadata=metadata or None,
                                               user=current_user())
    except Exception as exc:  # bad file or failed ingest: Dutch message, index unchanged
        bar.empty()
        st.error(f"Het bestand is niet toegevoegd. {escape_markdown(user_error(exc))}")
        return
    added = int(getattr(report, "chunks_embedded", 0))
    # Name the file as it was stored (a safe name), never the name the browser sent.
    stored = getattr(report, "stored_name", "") or next(
        iter(getattr(report, "embedded_files", []) or []), "")
    what = f"Het document {stored}" if stored else "Het document"
    st.session_state["upload_message"] = (
        f"{what} is toegevoegd en doorzoekbaar ({count(added, 'passage', 'passages')} "
        "ingelezen)."
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
st.caption(f"{count(len(docs), 'document', 'documenten')} in de index. De kolom 'Van' zegt "
           "wiens document het is; cijfers uit een document van een andere gemeente of regio "
           "worden in antwoorden zo genoemd.")
# A table on wide screens, a list on phones (CSS in app_pages.shared switches by width).
with st.container(key="doc_table"):
    st.dataframe(
        _documents_table(docs), hide_index=True, width="stretch",
        column_config={
            "Titel": st.column_config.TextColumn(width="large", pinned=True),
            "Van": st.column_config.TextColumn(width="small"),
            "Datum": st.column_config.TextColumn(width="small"),
            "Passages": st.column_config.NumberColumn(width="small"),
        },
    )
with st.container(key="doc_list"):
    for row in _documents_table(docs).to_dict("records"):
        st.markdown(f"**{escape_markdown(str(row['Titel']))}**")
        parts = [f"van {row['Van']}" if row["Van"] else "", row["Datum"], row["Soort"],
                 row["Regio"], row["Toegang"], count(int(row["Passages"] or 0), "passage",
                                                       "passages"), row["Bestand"]]
        st.caption(escape_markdown(" · ".join(str(p) for p in parts if p)))

if can_upload(settings()):
    _upload(docs)
else:
    st.info("Alleen medewerkers kunnen documenten toevoegen.")
