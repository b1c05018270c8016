"""Cijfers: charts of the main money series, each with its source lines and a table view."""

from __future__ import annotations

import streamlit as st

from app_pages.shared import current_user, escape_markdown, get_assistant, user_error
from assistant.charts import build_charts

st.title("Cijfers")
st.caption("Bedragen uit de documenten, met bron en regelnummer. Grafieken tonen de cijfers "
           "zoals ze in de documenten staan; er wordt niets geschat.")

try:
    views = build_charts(get_assistant().figures(user=current_user()))
except Exception as exc:  # a missing figures store: explain instead of a stack trace
    st.error(user_error(exc))
    views = []

for view in views:
    st.subheader(view.spec.title)
    st.caption(view.spec.description)
    if view.empty:
        st.info("Voor deze reeks staan (nog) geen cijfers in de cijferstore.")
        continue
    tab_chart, tab_table = st.tabs(["Grafiek", "Tabel"])
    with tab_chart:
        if view.chart is not None:
            st.altair_chart(view.chart, width="stretch")
    with tab_table:
        st.dataframe(view.table, hide_index=True,
                     column_config={"Waarde": st.column_config.NumberColumn(format="localized")})
    st.caption("Bron: " + escape_markdown("; ".join(view.sources)))
