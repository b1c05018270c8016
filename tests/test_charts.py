"""Charts come from the figure store and the profile, for any municipality, in Dutch."""

from __future__ import annotations

import json

from assistant.charts import (
    NL_LOCALE,
    Selection,
    build_charts,
    build_view,
    default_selections,
    entities,
    figures_table,
    metric_label,
    metrics,
    period_key,
    source_lines,
    to_csv,
    to_png,
)
from core.models import Figure
from core.profile import Profile

SRC = "begroting-2025.pdf"
PROFILE = Profile.from_dict({
    "municipality": "Zandstad",
    "region": {"name": "Kustregio", "members": ["Zandstad", "Duinwijk"]},
    "charts": [
        {"title": "Lasten, baten en saldo", "metrics": ["lasten", "baten", "saldo"]},
        {"title": "Lasten per programma", "metrics": ["lasten"], "kind": "bar"},
        {"title": "Bestaat niet", "metrics": ["niets"]},
    ],
})


def _fig(metric, entity, period, value, line=10, source=SRC, note="", subject="", page=None,
         scenario="", unit="EUR") -> Figure:
    return Figure(metric=metric, entity=entity, period=str(period), value=value, unit=unit,
                  source=source, line=line, quote=f"{metric} {value}", note=note,
                  subject=subject, page=page, scenario=scenario)


FIGURES = [
    _fig("lasten", "Zandstad", 2024, 95_000_000, line=11),
    _fig("lasten", "Zandstad", 2025, 98_500_000, line=12),
    _fig("baten", "Zandstad", 2025, 97_000_000, line=13),
    _fig("saldo", "Zandstad", 2025, -1_500_000, line=14),
    _fig("lasten", "Zandstad", 2025, 98_500_000, line=300, note="afgerond"),  # repeated
    _fig("lasten", "Duinwijk", 2025, 5.0, source="duinwijk.pdf"),  # another municipality
    _fig("lasten", "Zandstad", 2025, 30_000_000, subject="Sociaal domein", line=40, page=12),
    _fig("lasten", "Zandstad", 2025, 20_000_000, subject="Onderwijs", line=41, page=12),
    _fig("lasten", "Zandstad", 2025, 50_000_000, subject="Totaal programma's", line=42, page=12),
]


def test_profile_charts_select_home_figures_only():
    sels = default_selections(FIGURES, PROFILE)
    assert [s.title for s in sels] == ["Lasten, baten en saldo", "Lasten per programma"]
    assert sels[0].metrics == ("lasten", "baten", "saldo")
    assert sels[0].entities == ("Zandstad",)  # never another municipality's figure
    view = build_view(FIGURES, sels[0])
    assert "Duinwijk" not in set(view.table["Van"])


def test_without_profile_charts_the_biggest_metric_is_shown():
    sels = default_selections(FIGURES, Profile())
    assert len(sels) == 1 and sels[0].metrics == ("lasten",)
    assert build_charts([], Profile()) == []


def test_table_dedupes_and_keeps_source_and_quote():
    table = figures_table(FIGURES[:5])
    assert len(table) == 4
    row = table[(table["Cijfer"] == "Lasten") & (table["Periode"] == "2025")].iloc[0]
    assert row["Bron"] == f"{SRC}, regel 12" and row["Citaat"] == "lasten 98500000"
    assert list(table.columns)[:3] == ["Cijfer", "Van", "Onderdeel"]


def test_sources_group_lines_and_pages():
    table = figures_table(FIGURES[6:9])
    assert source_lines(table) == [f"{SRC}, pagina 12"]
    table = figures_table(FIGURES[:4])
    assert source_lines(table) == [f"{SRC}, regels 11, 12, 13, 14"]


def test_dutch_number_locale_and_legend_titles():
    view = build_view(FIGURES[:6], Selection(metrics=("lasten", "baten", "saldo"),
                                             entities=("Zandstad",)))
    spec = view.chart.to_dict()
    assert spec["config"]["locale"] == NL_LOCALE
    assert NL_LOCALE["number"]["decimal"] == "," and NL_LOCALE["number"]["thousands"] == "."
    enc = spec["encoding"]
    assert enc["y"]["axis"]["title"] == "Bedrag (miljoen euro)"
    assert enc["y"]["axis"]["format"].startswith(",")
    legend = enc["color"]["legend"]
    assert legend["title"] in ("Cijfer", "Onderdeel", "Gemeente, regio of groep")
    assert legend["labelLimit"] == 0  # legends are never cut off
    assert enc["x"]["axis"]["labelOverlap"] is False  # every category label shown
    assert "Wie" not in json.dumps(spec)


def test_one_period_compares_parts_in_horizontal_bars_without_totals():
    view = build_view(FIGURES, Selection(metrics=("lasten",), entities=("Zandstad",),
                                         subjects=("Sociaal domein", "Onderwijs",
                                                   "Totaal programma's"), first="2025"))
    assert len(view.table) == 3  # the total stays in the table
    spec = view.chart.to_dict()
    assert spec["encoding"]["y"]["field"] == "Onderdeel"
    assert spec["encoding"]["y"]["axis"]["labelLimit"] == 0
    values = sorted(r["Waarde"] for r in next(iter(spec["datasets"].values())))
    assert values == [20_000_000.0, 30_000_000.0]


def test_period_range_and_choices():
    sel = Selection(metrics=("lasten",), entities=("Zandstad",), first="2025", last="2025")
    assert set(build_view(FIGURES, sel).table["Periode"]) == {"2025"}
    assert metrics(FIGURES)[0] == "lasten"
    assert entities(FIGURES, ["lasten"]) == ["Zandstad", "Duinwijk"]
    assert sorted(["2020", "2019-2022", "2019"], key=period_key) == ["2019", "2019-2022", "2020"]
    assert metric_label("uitgaven_per_inwoner") == "Uitgaven per inwoner"


def test_empty_selection_gives_no_chart():
    view = build_view(FIGURES, Selection(metrics=("niets",)))
    assert view.empty and view.chart is None and view.sources == []


def test_downloads_csv_dutch_and_png():
    view = build_view(FIGURES, Selection(metrics=("saldo",)))
    csv = to_csv(view.table).decode("utf-8-sig")
    assert csv.splitlines()[0].startswith("Cijfer;Van;")
    assert "-1500000,0" in csv
    png = to_png(view.chart, width=400)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"


def test_one_period_comparison_puts_categories_on_the_axis_with_short_labels():
    figs = [
        _fig("uitgaven_per_inwoner_zorg_18min", "Zandstad", 2018, 36.1, unit="EUR/inwoner"),
        _fig("uitgaven_per_inwoner_zorg_18plus", "Zandstad", 2018, 122.7, unit="EUR/inwoner"),
        _fig("uitgaven_per_inwoner_zorg_18min", "Nederland", 2018, 40.0, unit="EUR/inwoner"),
        _fig("uitgaven_per_inwoner_zorg_18plus", "Nederland", 2018, 100.0, unit="EUR/inwoner"),
    ]
    view = build_view(figs, Selection(metrics=tuple({f.metric for f in figs})))
    enc = view.chart.to_dict()["encoding"]
    assert enc["y"]["field"] == "Cijfer" and enc["color"]["field"] == "Van"
    labels = {r["Cijfer"] for r in next(iter(view.chart.to_dict()["datasets"].values()))}
    assert labels == {"Zorg 18-", "Zorg 18+"}  # distinct, without the shared prefix
    assert enc["color"]["legend"]["title"] == "Gemeente, regio of groep"
