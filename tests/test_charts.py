"""Chart builders select the right figures, keep provenance and never mix in another region."""

from __future__ import annotations

from assistant.charts import SPECS, build_chart, build_charts, figures_table
from core.models import Figure

SRC = "2019-10-ontwikkelagenda-jeugdhulp-taakstelling-leudal.txt"


def _fig(metric, entity, period, value, line=141, source=SRC, note="") -> Figure:
    return Figure(metric=metric, entity=entity, period=str(period), value=value, unit="EUR",
                  source=source, line=line, quote=f"{metric} {value}", note=note)


FIGURES = [
    _fig("budget", "Leudal", 2017, 7579249, note="begroting"),
    _fig("uitgaven", "Leudal", 2017, 9673170, line=143, note="realisatie"),
    _fig("resultaat", "Leudal", 2017, -2096921, line=145, note="realisatie"),
    _fig("budget", "Leudal", 2017, 7579249, line=1029, note="begroting"),  # repeated table
    _fig("budget", "Leudal", 2014, 1.0),  # outside 2015-2019
    _fig("uitgaven", "Midden-Limburg Oost", 2017, 5.0),  # another region
    _fig("besparing", "Toegang Jeugd", 2021, 130000, line=262),
    _fig("besparing", "Toegang Wmo", 2021, 140000, line=263),
    _fig("besparing", "Totaal", 2021, 270000, line=264),
]


def test_budget_chart_selects_leudal_years_and_dedupes():
    spec = next(s for s in SPECS if s.key == "jeugdhulp_financien")
    view = build_chart(spec, FIGURES)
    assert sorted(view.table["Waarde"]) == [-2096921.0, 7579249.0, 9673170.0]
    assert set(view.table["Wie"]) == {"Leudal"}
    assert view.sources == [f"{SRC}, regel 141, 143, 145"]
    spec_dict = view.chart.to_dict()
    assert spec_dict["mark"]["type"] == "bar"
    assert spec_dict["encoding"]["color"]["field"] == "Onderwerp"


def test_totals_stay_in_table_but_not_in_chart():
    spec = next(s for s in SPECS if s.key == "besparing_toegang")
    view = build_chart(spec, FIGURES)
    assert list(view.table["Wie"]) == ["Toegang Jeugd", "Toegang Wmo", "Totaal"]
    values = [row["Waarde"] for row in view.chart.to_dict()["datasets"].popitem()[1]]
    assert sorted(values) == [130000.0, 140000.0]


def test_empty_series_gives_no_chart():
    views = build_charts([])
    assert len(views) == len(SPECS)
    assert all(v.empty and v.chart is None and v.sources == [] for v in views)


def test_table_keeps_quote_and_source_line():
    table = figures_table(FIGURES[:1])
    row = table.iloc[0]
    assert row["Bron"] == f"{SRC}, regel 141"
    assert row["Citaat"] == "budget 7579249"
    assert row["Onderwerp"] == "Budget"


def test_per_inhabitant_compares_leudal_with_control_groups():
    src = "2020-visitatie-sociaal-domein-leudal.txt"
    figs = [
        _fig("uitgaven_per_inwoner_wijkteams", "Leudal", 2018, 38.0, line=1217, source=src),
        _fig("uitgaven_per_inwoner_wijkteams", "gemeenten 20.000-50.000 inwoners", 2018, 46.4,
             line=1217, source=src),
        _fig("uitgaven_per_inwoner_totaal", "Leudal", 2018, 895.5, line=1241, source=src),
        _fig("uitgaven_per_inwoner", "Leudal", 2018, 65.0, line=124, source=src),  # running text
    ]
    spec = next(s for s in SPECS if s.key == "uitgaven_per_inwoner")
    view = build_chart(spec, figs)
    assert set(view.table["Onderwerp"]) == {"Wijkteams", "Totaal"}
    encoding = view.chart.to_dict()["encoding"]
    assert encoding["x"]["field"] == "Onderwerp"
    assert encoding["color"]["field"] == "Wie"


def test_sociaal_domein_totaal_is_kept_out_of_the_bars():
    src = "2021-voortgangsrapportage-duurzaam-evenwicht-sociaal-domein-leudal.txt"
    figs = [
        _fig("prognose", "Jeugd", 2020, 11976426, line=595, source=src),
        _fig("prognose", "Sociaal domein totaal", 2020, 25691926, line=597, source=src),
    ]
    spec = next(s for s in SPECS if s.key == "prognose_2020")
    view = build_chart(spec, figs)
    assert len(view.table) == 2
    values = [row["Waarde"] for row in view.chart.to_dict()["datasets"].popitem()[1]]
    assert values == [11976426.0]
