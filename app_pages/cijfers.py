"""Cijfers: figures from the figure store as charts and tables, for any corpus.

Choose an overview from the deployment profile or put one together: a figure (metric), whose
figures (municipality, region, group) and a period range. Every value has its source line and
quote in the table view; the chart and the table can be downloaded (PNG, CSV).
"""

from __future__ import annotations

import re

import streamlit as st

from app_pages.shared import (
    current_user,
    escape_markdown,
    get_assistant,
    profile,
    user_error,
)
from assistant import charts
from core.numbers import format_value

PROFILE = profile()
OWN = "Zelf kiezen"

st.title("Cijfers")
st.caption("Bedragen en andere cijfers uit de documenten, elk met bron en vindplaats. De "
           "grafieken tonen de cijfers zoals ze in de documenten staan; er wordt niets geschat.")

try:
    figures = get_assistant().figures(user=current_user())
except Exception as exc:  # a missing figures store: explain instead of a stack trace
    st.error(user_error(exc))
    figures = []

if not figures:
    st.info("Er staan (nog) geen cijfers in de cijferstore. Voeg documenten met tabellen toe "
            "op de pagina Documenten.")
    st.stop()

presets = {s.title: s for s in charts.default_selections(figures, PROFILE)}
all_metrics = charts.metrics(figures)


def _apply_preset() -> None:
    """Fill the choices below with the chosen overview (a callback: runs before the widgets)."""
    sel = presets.get(st.session_state.get("fig_view", ""))
    if sel is None:
        return
    st.session_state["fig_metrics"] = list(sel.metrics)
    st.session_state["fig_entities"] = list(sel.entities)
    st.session_state["fig_subjects"] = list(sel.subjects)
    st.session_state.pop("fig_periods", None)
    st.session_state["fig_preset_periods"] = (sel.first, sel.last)


if "fig_metrics" not in st.session_state:
    st.session_state["fig_view"] = next(iter(presets), OWN)
    _apply_preset()



def _keep_valid(key: str, options: list[str]) -> None:
    """Drop remembered choices that the current options no longer offer."""
    if key in st.session_state:
        st.session_state[key] = [v for v in st.session_state[key] if v in options]


st.selectbox("Overzicht", [*presets, OWN], key="fig_view", on_change=_apply_preset,
             help="Kies een vast overzicht of stel zelf een grafiek samen.")
c1, c2 = st.columns(2)
metric_names = c1.multiselect(
    "Cijfer", all_metrics, key="fig_metrics", format_func=charts.metric_label,
    placeholder="Kies een of meer cijfers", select_all=False,
    help="Wat u wilt zien, bijvoorbeeld lasten, baten of saldo.",
)
entity_options = charts.entities(figures, metric_names)
_keep_valid("fig_entities", entity_options)
entity_names = c2.multiselect(
    "Van wie", entity_options, key="fig_entities",
    placeholder="Alle gemeenten, regio's en groepen", select_all=False,
    help="De gemeente, regio of vergelijkingsgroep waar het cijfer over gaat.",
)
subject_options = charts.subjects(figures, metric_names, entity_names)
subject_names: list[str] = []
_keep_valid("fig_subjects", subject_options)
if subject_options:
    subject_names = st.multiselect(
        "Onderdeel", subject_options, key="fig_subjects", placeholder="Alle onderdelen",
        select_all=False,
        help="Een programma, taakveld, maatregel of domein binnen de begroting.",
    )
chosen = [f for f in figures if f.metric in metric_names
          and (not entity_names or f.entity in entity_names)
          and (not subject_names or f.subject in subject_names)]
period_options = charts.periods(chosen)
first = last = ""
if any(p not in period_options for p in st.session_state.get("fig_periods", ())):
    st.session_state.pop("fig_periods")
if len(period_options) > 1:
    if "fig_periods" not in st.session_state:
        lo, hi = st.session_state.get("fig_preset_periods", ("", ""))
        st.session_state["fig_periods"] = (
            lo if lo in period_options else period_options[0],
            hi if hi in period_options else period_options[-1],
        )
    first, last = st.select_slider(
        "Periode", period_options, key="fig_periods",
        help="Sleep de uiteinden (of gebruik de pijltjestoetsen) om de eerste en laatste "
        "periode te kiezen.",
    )

if not metric_names:
    st.info("Kies hierboven een cijfer om een grafiek te zien.")
    st.stop()

title = st.session_state["fig_view"] if st.session_state["fig_view"] != OWN else ""
preset = presets.get(title)
selection = charts.Selection(
    metrics=tuple(metric_names), entities=tuple(entity_names), subjects=tuple(subject_names),
    first=first, last=last, title=title, kind=preset.kind if preset else "",
)
view = charts.build_view(figures, selection)
st.subheader(view.title)
if view.empty:
    st.info("Voor deze keuze staan geen cijfers in de cijferstore.")
    st.stop()

shown = view.table.copy()
shown["Waarde"] = [format_value(v, u) for v, u in zip(shown["Waarde"], shown["Eenheid"],
                                                      strict=True)]
shown = shown.drop(columns=["Eenheid"])
shown = shown[[c for c in shown.columns if shown[c].astype(str).str.strip().any()]]

tab_chart, tab_table = st.tabs(["Grafiek", "Tabel met bronnen"])
with tab_chart:
    if view.chart is not None:
        st.altair_chart(view.chart, width="stretch")
        st.caption(f"Waarden: {view.value_title.lower()}. Beweeg over een staaf of punt "
                   "voor de precieze waarde en de bron; de tabel geeft alle cijfers.")
with tab_table:
    st.dataframe(shown, hide_index=True, width="stretch",
                 column_config={"Citaat": st.column_config.TextColumn(width="large"),
                                "Bron": st.column_config.TextColumn(width="medium")})

st.caption("Bron: " + escape_markdown("; ".join(view.sources)))
slug = re.sub(r"[^0-9a-z]+", "-", view.title.lower()).strip("-") or "cijfers"
with st.container(horizontal=True, gap="small"):
    st.download_button("Tabel downloaden (CSV)", charts.to_csv(view.table),
                       file_name=f"{slug}.csv", mime="text/csv", icon=":material/table:",
                       on_click="ignore",
                       help="Puntkomma-gescheiden, met decimale komma: opent in Excel.")
    if view.chart is not None:
        st.download_button("Grafiek downloaden (PNG)", lambda: charts.to_png(view.chart),
                           file_name=f"{slug}.png", mime="image/png", icon=":material/image:",
                           on_click="ignore")
