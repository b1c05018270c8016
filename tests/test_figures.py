"""Figures: parser cases, curated checks, store round-trip, compute and tools."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from assistant.figures import difference, growth, make_figure_tools, total
from core.numbers import format_eur, format_number, parse_amounts, parse_number
from core.profile import Profile
from ingest.figures import (
    CuratedFigureError,
    build_figures,
    extract_figures,
    load_curated,
    values_in,
)
from storage.figure_store import FigureStore, write_store

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
PROFILE = Profile.load(CORPUS / "profile.yaml")
ONTW = "2019-10-ontwikkelagenda-jeugdhulp-taakstelling-leudal.txt"
MLO_DOC = "2022-regiovisie-jeugd-en-gezin-midden-limburg-oost-2023-2028.txt"


@pytest.fixture(scope="module")
def figures():
    return build_figures(CORPUS)


@pytest.fixture(scope="module")
def store(tmp_path_factory, figures):
    db = tmp_path_factory.mktemp("figs") / "figures.sqlite"
    write_store(figures, db)
    return FigureStore(db)


# --- number formats -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text,value,unit",
    [
        ("ongeveer 597K positiever", 597_000, "EUR"),
        ("structureel € 1,2 miljoen", 1_200_000, "EUR"),
        ("12,22 fte in het team", 12.22, "fte"),
        ("11,7% van de jongeren", 11.7, "%"),
        ("€ 193.355,- per jaar", 193_355, "EUR"),
        ("IU € 9.954.181,00", 9_954_181, "EUR"),
        ("Participatie 6.390.338€   ", 6_390_338, "EUR"),
        ("Wmo (-74K)", -74_000, "EUR"),
        ("van €9,9 naar €11 miljoen", 9_900_000, "EUR"),
    ],
)
def test_parse_amount_formats(text, value, unit):
    first = parse_amounts(text)[0]
    assert first.value == pytest.approx(value)
    assert first.unit == unit


def test_glued_footnote_is_split_off():
    assert parse_number("11.066.5251") == (11_066_525, "1")
    assert parse_number("10.568.794") == (10_568_794, "")


def test_range_is_not_negative():
    vals = [a.value for a in parse_amounts("een bandbreedte van 350K - 600K aan")]
    assert vals == [350_000, 600_000]


TABLE = """ 2015 2016 2017 2018 2019

Budget 9.731.480 9.030.090 7.579.249 7.076.783 7.546.457

Uitgaven 9.942.405 9.346.037 9.673.170 10.568.794 11.066.5251 prognose

Resultaat - 210.925  - 315.947 -2.096.921 -3.492.011 - 3.520.068 prognose
"""


def test_year_table_rows_with_negatives_and_footnote():
    figs = extract_figures(TABLE, "t.txt", "Leudal")
    got = {(f.metric, f.period): (f.value, f.note, f.line) for f in figs}
    assert got[("budget", "2015")] == (9_731_480, "begroting", 3)
    assert got[("uitgaven", "2019")] == (11_066_525, "prognose", 5)
    assert got[("uitgaven", "2018")][1] == "realisatie"
    assert got[("resultaat", "2015")][0] == -210_925
    assert got[("resultaat", "2017")][0] == -2_096_921
    assert got[("resultaat", "2019")] == (-3_520_068, "prognose", 7)
    assert len(figs) == 15


MEASURES = """Besparing per maatregel (financieel effect)
  2020 2021 2022 2023
Preventie Effect is niet te kwantificeren. - - - -

Samenhang onderwijs -
jeugdhulp

- 100.000 150.000 150.000

Inkoop Uitgaande van een taakstelling.

0 0 500.000 500.000
"""


def test_measure_table_dash_among_amounts_is_nil_and_a_row_of_dashes_is_nothing():
    """A '-' beside amounts is nil in a Dutch budget table (a sum over 2020-2023 counts it as
    0); a row of dashes only ("niet te kwantificeren") holds no figure at all."""
    figs = extract_figures(MEASURES, "m.txt", "Leudal")
    samenhang = [f for f in figs if f.subject.startswith("Samenhang")]
    assert [(f.period, f.value) for f in samenhang] == [
        ("2020", 0),
        ("2021", 100_000),
        ("2022", 150_000),
        ("2023", 150_000),
    ]
    assert not [f for f in figs if f.subject.startswith("Preventie")]
    assert {f.entity for f in figs} == {"Leudal"}  # whose: the owner; what: the subject
    inkoop = {f.period: f.value for f in figs if (f.subject or f.row_label).startswith("Inkoop")}
    assert inkoop == {"2020": 0, "2021": 0, "2022": 500_000, "2023": 500_000}


def test_running_text_period_and_entity():
    text = (
        "taakstelling bedraagt voor 2021 € 200.000 en vanaf 2022 structureel € 1,2 miljoen.\n"
        "In Leudal neemt 8% van de kinderen deel, landelijk is dit 3%."
    )
    figs = extract_figures(text, "x.txt", "Leudal", PROFILE)
    taak = {f.value: f.period for f in figs if f.metric == "taakstelling"}
    assert taak == {200_000: "2021", 1_200_000: "2022"}
    pct = {f.value: f.entity for f in figs if f.unit == "%"}
    assert pct == {8: "Leudal", 3: "Nederland"}


def test_a_regional_documents_figures_belong_to_its_region():
    text = (
        "Alleen al voor ambulante jeugdhulp heeft de regio te maken met 101 aanbieders, in Leudal"
    )
    figs = extract_figures(text, MLO_DOC, "Regio Midden-Limburg Oost", PROFILE)
    assert figs and all(f.entity == "Midden-Limburg Oost" for f in figs)


def test_a_density_is_no_head_count():
    text = (
        "Zeedorp telt op 1 januari 2024 18.250 inwoners.\n"
        "De dichtheid is 310 inwoners per vierkante kilometer, tegen 540 landelijk."
    )
    counts = {f.value for f in extract_figures(text, "x.txt", "Zeedorp", None)
              if f.metric == "inwoners"}
    assert counts == {18_250}


def test_amounts_in_a_note_line_keep_the_heading_and_the_sentence_after_as_context():
    text = (
        "Het vorige punt eindigt hier.\n"
        "Gemeenschappelijke regeling Reinigingsdienst\n"
        "(hogere lasten 2025 € 40.000, 2026 € 114.000)\n"
        "De extra bijdrage vloeit voort uit de meerjarenbegroting van de regeling.\n"
    )
    figs = [f for f in extract_figures(text, "x.txt", "Zeedorp", None) if f.metric == "lasten"]
    assert {f.period: f.value for f in figs} == {"2025": 40_000, "2026": 114_000}
    assert all("Reinigingsdienst" in f.caption and "meerjarenbegroting" in f.caption
               for f in figs)
    # a sentence that ends the previous item is no heading of this one
    assert not any("vorige punt" in f.caption for f in figs)


def test_no_owner_means_no_entity_never_a_default():
    figs = extract_figures("De kosten bedragen € 1.250.000 in 2024.", "onbekend.txt", "", PROFILE)
    assert figs and all(f.entity == "" for f in figs)


# --- whole corpus ---------------------------------------------------------------------------


def test_every_figure_quote_is_on_its_line_and_value_parses(figures):
    texts = {p.name: p.read_text(encoding="utf-8").split("\n") for p in CORPUS.glob("*.txt")}
    assert len(figures) > 200
    for f in figures:
        line = texts[f.source][f.line - 1]
        assert f.quote in line, f
        nil = f.value == 0 and re.search(r"(^|\s)[-–—−](\s|$)", f.quote)  # a '-' cell
        assert nil or any(abs(v - f.value) < 1e-6 for v in values_in(f.quote)), f
        assert f.id and f.metric and f.origin in {"parser", "curated"}


def test_mlo_figures_never_labelled_leudal(figures):
    mlo = [f for f in figures if f.source == MLO_DOC]
    assert mlo and all(f.entity == "Midden-Limburg Oost" for f in mlo)
    assert not [f for f in figures if f.entity == "Midden-Limburg Oost" and f.source != MLO_DOC]


def test_key_series_present(figures):
    def val(metric, who, period, source=ONTW):
        """``who`` is the entity (whose figure) or the subject (which measure/domain)."""
        return {
            f.value
            for f in figures
            if f.metric == metric
            and who in (f.entity, f.subject)
            and f.period == period
            and f.source == source
        }

    assert val("resultaat", "Leudal", "2018") == {-3_492_011}
    assert val("financieel_effect", "Toegang", "2022") == {200_000}
    assert val("verevening", "Weert (bijdrage aan Leudal)", "2017") == {1_308_875}
    vg = "2021-voortgangsrapportage-duurzaam-evenwicht-sociaal-domein-leudal.txt"
    assert val("besparing", "Toegang Jeugd", "2022", vg) == {180_000}
    assert val("afwijking_prognose", "Jeugd", "2020", vg) == {445_879}
    vis = "2020-visitatie-sociaal-domein-leudal.txt"
    assert val("uitgaven_per_inwoner_maatwerkdienstverlening_18min", "Leudal", "2018", vis) == {
        251.9
    }


def test_curated_quote_mismatch_is_an_error(tmp_path):
    bad = tmp_path / "figures.yaml"
    bad.write_text(
        "figures:\n  - {source: a.txt, line: 2, quote: '€ 5.000', metric: x, value: 5000}\n",
        encoding="utf-8",
    )
    with pytest.raises(CuratedFigureError, match="regel 2"):
        load_curated(bad, {"a.txt": "eerste\ntweede € 4.000\n"})
    assert load_curated(bad, {"b.txt": "niet geladen"}) == []


# --- store, compute, tools ------------------------------------------------------------------


def test_store_roundtrip_keeps_provenance(store, figures):
    stored = store.all()
    assert len(stored) == len(figures)
    f = next(x for x in figures if x.metric == "resultaat" and x.period == "2018")
    assert store.get(f.id) == f


def test_store_search_and_series(store):
    hits = store.search("tekort jeugdhulp", period="2018")
    assert hits and hits[0].metric == "resultaat" and hits[0].value == -3_492_011
    series = store.series("budget", "Leudal")
    assert [f.period for f in series] == ["2015", "2016", "2017", "2018", "2019"]
    assert store.search("transformatiefonds", sources={"geen.txt"}) == []


def test_compute_matches_hand_arithmetic(store):
    d = {f.period: f for f in store.series("resultaat", "Leudal")}
    diff = difference(d["2018"], d["2017"], magnitude=True)
    assert diff.value == 3_492_011 - 2_096_921 == 1_395_090
    assert diff.formula == "3.492.011 − 2.096.921 = 1.395.090"
    tot = total([d[y] for y in ("2015", "2016", "2017", "2018")], magnitude=True)
    assert tot.value == 210_925 + 315_947 + 2_096_921 + 3_492_011 == 6_115_804
    g = growth(d["2017"], d["2018"], magnitude=True)
    assert g.value == round(1_395_090 / 2_096_921 * 100, 1)
    assert [f.line for f in diff.inputs] == [145, 145]


def test_formatting():
    assert format_eur(1_395_090) == "€ 1.395.090"
    assert format_number(251.9) == "251,9"
    assert format_number(-210_925) == "-210.925"


def test_tools_return_provenance_and_respect_access(store):
    tools = {t.name: t for t in make_figure_tools(store)}
    assert set(tools) == {
        "find_figures",
        "lookup_figure",
        "list_series",
        "difference",
        "sum_figures",
        "growth",
        "share",
        "per_inhabitant",
        "average",
        "divide",
    }
    found = json.loads(tools["find_figures"].invoke({"description": "tekort", "period": "2018"}))
    a = next(f for f in found if f["metric"] == "resultaat")
    b = next(f for f in store.series("resultaat", "Leudal") if f.period == "2017")
    out = json.loads(
        tools["difference"].invoke({"figure_id_a": a["id"], "figure_id_b": b.id, "magnitude": True})
    )
    assert out["value"] == 1_395_090
    assert [i["line"] for i in out["inputs"]] == [145, 145]
    assert out["inputs"][0]["quote"].startswith("Resultaat")
    restricted = {t.name: t for t in make_figure_tools(store, allowed_sources={MLO_DOC})}
    assert json.loads(restricted["find_figures"].invoke({"description": "tekort"})) == [] or all(
        f["source"] == MLO_DOC
        for f in json.loads(restricted["find_figures"].invoke({"description": "tekort"}))
    )
    err = json.loads(restricted["lookup_figure"].invoke({"figure_id": a["id"]}))
    assert "error" in err
    # an amount shared three ways keeps its provenance and says it is rounded
    third = json.loads(tools["divide"].invoke({"figure_id": b.id, "parts": 3, "magnitude": True}))
    assert third["formula"].startswith(format_number(abs(b.value)) + " / 3 ")
    assert third["inputs"][0]["id"] == b.id


def test_a_year_before_a_padded_euro_sign_is_no_amount():
    """PDF text pads amounts ("2027 €  80.000"): the sign belongs to the number after it."""
    found = [(a.value, a.unit) for a in parse_amounts("lasten 2026 € 45.000, 2027 €  80.000")]
    assert (2027.0, "EUR") not in found and (80_000.0, "EUR") in found


def test_a_tables_scale_line_is_no_amount_also_as_ocr_reads_it():
    """OCR reads "Bedragen x € 1.000" as "Bedragen * € 1.000": the scale, not € 1.000."""
    for scale in ("Bedragen x € 1.000", "Bedragen * € 1.000"):
        figs = extract_figures(f"Balans per 31 december 2019\n{scale}\n", "b.txt", "Zeedorp")
        assert not [f for f in figs if f.value == 1000], scale
