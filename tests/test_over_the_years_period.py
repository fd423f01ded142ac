"""Growth over every year on file (issue 27, point 2): the change against the first year with
a table value and the average yearly change ((last / first)^(1 / years) − 1), for MT, each
cost type and the total, in text, table and key figures, and in the summary.

Four report years on file, 2018–2021 (tests/fixture_four_years.py: GENERATED FIXTURE DATA,
never report figures, never written under data/raw): MT 19,0 → 21,0 → 25,0 mnkr from 2019,
so +31,6 % since 2019 and +14,7 % a year on average; the shipped 2019 and the 2020 fixture
year have no period longer than the change against the previous year, and record none."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from analysis.chapters import common as chapter
from analysis.chapters import costs, mt, summary
from analysis.chapters import over_the_years as over_years
from analysis.chapters.costs import years as cost_years
from analysis.facts.pipeline import clean, load_facts
from analysis.facts.schema import empty_findings
from analysis.facts.series import load_aliases
from fixture_four_years import MT, TOTAL, raw_2018_to_2021
from fixture_years import raw_with_2020

from conftest import SHIPPED_RAW

MT_GROWTH = (25 / 19 - 1) * 100  # +31,578… %
MT_RATE = ((25 / 19) ** 0.5 - 1) * 100  # +14,707… % a year
TOTAL_GROWTH = (227 / 218 - 1) * 100  # +4,128… %
TOTAL_RATE = ((227 / 218) ** 0.5 - 1) * 100  # +2,043… % a year
STEMS = ("staff_costs", "depreciation_costs", "pc_rollout_costs", "other_costs", "total_costs")


def _facts(raw, processed):
    clean(raw_dir=raw, processed_dir=processed)
    return load_facts(processed_dir=processed, raw_dir=raw), load_aliases(raw)


@pytest.fixture(scope="module")
def four_years(tmp_path_factory):
    """The history of 2021 with 2018–2021 on file."""
    root = tmp_path_factory.mktemp("years-2018-2021")
    facts, aliases = _facts(raw_2018_to_2021(root / "raw"), root / "processed")
    return over_years.History.of(facts, 2021, aliases)


@pytest.fixture(scope="module")
def three_years(tmp_path_factory):
    """The history of 2020 with the shipped 2017, 2019 and the generated 2020 on file."""
    root = tmp_path_factory.mktemp("years-2020-period")
    facts, aliases = _facts(raw_with_2020(root / "raw"), root / "processed")
    return over_years.History.of(facts, 2020, aliases)


@pytest.fixture(scope="module")
def shipped(tmp_path_factory):
    processed = tmp_path_factory.mktemp("period-shipped") / "processed"
    clean(raw_dir=SHIPPED_RAW, processed_dir=processed)
    return over_years.History.of(load_facts(processed_dir=processed, raw_dir=SHIPPED_RAW), 2019)


def figures(found) -> dict:
    return {f.key: f for f in found}


def _series(values: dict[int, float]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "year": list(values),
            "value": list(values.values()),
            "unit": "MSEK",
            "source": [f"{y}/x.csv:{i + 2}" for i, y in enumerate(values)],
            "kind": "report",
            "measure": "outcome",
        }
    )


# --- the shared computation ----------------------------------------------------------------------


def test_since_first_runs_from_the_first_year_with_a_value_to_the_chapters_year():
    change = over_years.since_first(_series({2019: 19.0, 2020: 21.0, 2021: 25.0}), 2021)
    assert (change["from_year"], change["to_year"], change["span"]) == (2019, 2021, 2)
    assert (change["from_value"], change["to_value"], change["change"]) == (19.0, 25.0, 6.0)
    assert change["change_percent"] == pytest.approx(MT_GROWTH)
    assert change["annual_rate_percent"] == pytest.approx(MT_RATE)  # (25 / 19)^(1/2) − 1
    assert change["formula_rate"] == "derived: ((outcome 2021 / outcome 2019)^(1/2) − 1) × 100"
    assert over_years.sources_text(change) == "2019/x.csv:2 → 2021/x.csv:4"


def test_since_first_skips_a_year_without_a_value_and_counts_the_years_between():
    change = over_years.since_first(_series({2017: 10.0, 2018: math.nan, 2019: 12.0, 2021: 14.4}), 2021)
    assert (change["from_year"], change["span"]) == (2017, 4)
    assert change["annual_rate_percent"] == pytest.approx((1.44 ** (1 / 4) - 1) * 100)


def test_since_first_is_none_where_it_says_no_more_than_the_last_change():
    assert over_years.since_first(_series({2019: 19.0, 2020: 21.0}), 2020) is None  # the change itself
    assert over_years.since_first(_series({2019: 19.0}), 2019) is None
    assert over_years.since_first(_series({2019: 19.0, 2020: 21.0, 2021: 25.0}), 2022) is None  # no value


def test_since_first_without_a_rate_across_a_sign_change():
    change = over_years.since_first(_series({2019: -2.0, 2020: 1.0, 2021: 3.0}), 2021)
    assert (
        change["change"] == 5.0 and math.isnan(change["change_percent"]) and math.isnan(change["annual_rate_percent"])
    )
    kf = figures(over_years.period_figures("result", "Resultat", change, "MSEK", "sv"))
    assert kf["result_since_first_msek"].value == 5.0
    assert kf["result_since_first_percent"].value is None and kf["result_average_rate_percent"].value is None


def test_period_figures_are_derived_with_formula_and_sources():
    change = over_years.since_first(_series({2019: 19.0, 2020: 21.0, 2021: 25.0}), 2021)
    kf = figures(over_years.period_figures("mt", "MT", change, "MSEK", "sv"))
    assert kf["mt_since_first_msek"].value == 6.0
    assert kf["mt_since_first_percent"].value == pytest.approx(MT_GROWTH)
    assert kf["mt_average_rate_percent"].value == pytest.approx(MT_RATE)
    assert kf["mt_first_year"].value == 2019 and not kf["mt_first_year"].headline
    assert kf["mt_since_first_period"].value == "2019→2021"
    rate = kf["mt_average_rate_percent"]
    assert rate.derived and rate.formula.startswith("härlett: ((utfall 2021 / utfall 2019)^(1/2) − 1) × 100")
    assert "2019/x.csv:2 → 2021/x.csv:4" in rate.formula
    assert kf["mt_since_first_percent"].formula.startswith("härlett: (utfall 2021 / utfall 2019 − 1) × 100")
    empty = figures(over_years.period_figures("mt", "MT", None, "MSEK", "en"))
    assert all(f.value is None and not f.formula for f in empty.values())


# --- the MT chapter of 2021 ----------------------------------------------------------------------


def test_mt_2021_grows_31_6_percent_since_2019_and_14_7_a_year(four_years):
    figs = mt.year_figures(four_years)
    assert (figs.outcome, figs.previous_year) == (25.0, 2020)  # the change against 2020 stays
    growth = mt.comparison_over_years(four_years, figs).set_index("item")
    row = growth.loc["MT-service och underhåll"]
    assert row["first_year"] == 2019 and row["first_value"] == MT[2019]  # not the 2018 derived from +42 %
    assert row["since_first_percent"] == pytest.approx(MT_GROWTH)
    assert row["average_rate_percent"] == pytest.approx(MT_RATE)
    assert growth.loc["Totalt", "since_first_percent"] == pytest.approx(TOTAL_GROWTH)
    assert growth.loc["Personalkostnader", "since_first_percent"] == pytest.approx((104 / 95 - 1) * 100)
    assert growth.loc["Övriga kostnader", "average_rate_percent"] == pytest.approx(((68 / 75) ** 0.5 - 1) * 100)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "sv",
            [
                "Sedan 2019",
                "+31,6\u00a0%",
                "från 19,0\u00a0mnkr till 25,0\u00a0mnkr",
                "+14,7\u00a0%",
                "(25,0 / 19,0)^(1/2)",
            ],
        ),
        ("en", ["Since 2019", "+31.6%", "from 19.0\u00a0MSEK to 25.0\u00a0MSEK", "+14.7%", "(25.0 / 19.0)^(1/2)"]),
    ],
)
def test_mt_2021_text_says_the_growth_over_the_period_with_its_formula(four_years, lang, expected):
    figs = mt.year_figures(four_years)
    text = mt.summary(figs, mt.comparison_over_years(four_years, figs), lang, 2021)
    for part in expected:
        assert part in text, (part, text)
    assert ("+4,1\u00a0%" if lang == "sv" else "+4.1%") in text  # the total over the same years


def test_mt_2021_growth_table_has_the_period_columns(four_years, monkeypatch):
    monkeypatch.setattr(chapter, "paragraph", lambda *a, **k: None)
    figs = mt.year_figures(four_years)
    frame = mt.growth_table(mt.comparison_over_years(four_years, figs), figs, "sv")
    mt_row = frame[frame.iloc[:, 0] == "MT-service och underhåll"].iloc[0]
    assert mt_row["Första år med tabellvärde"] == "2019"
    assert mt_row["Förändring sedan första året"] == "+31,6\u00a0%"
    assert mt_row["Genomsnitt per år sedan första året"] == "+14,7\u00a0%"
    total = frame[frame.iloc[:, 0] == "Divisionens totala kostnader"].iloc[0]
    assert total["Förändring sedan första året"] == "+4,1\u00a0%"


def test_mt_2021_key_figures_for_mt_each_cost_type_and_the_total(four_years):
    figs = mt.year_figures(four_years)
    kf = figures(mt.key_figures(figs, mt.comparison_over_years(four_years, figs), empty_findings(), "sv"))
    assert kf["mt_since_first_percent"].value == pytest.approx(MT_GROWTH)
    assert kf["mt_average_rate_percent"].value == pytest.approx(MT_RATE)
    assert kf["mt_since_first_msek"].value == 6.0 and kf["mt_first_year"].value == 2019
    assert kf["mt_since_first_period"].value == "2019→2021"
    assert (
        kf["mt_average_rate_percent"].derived
        and "2021/kostnader_per_kostnadslag.csv:5" in kf["mt_average_rate_percent"].formula
    )
    assert kf["total_costs_since_first_percent"].value == pytest.approx(TOTAL_GROWTH)
    assert kf["total_costs_average_rate_percent"].value == pytest.approx(TOTAL_RATE)
    assert kf["staff_costs_since_first_percent"].value == pytest.approx((104 / 95 - 1) * 100)
    assert kf["depreciation_costs_average_rate_percent"].value == pytest.approx(((21 / 19) ** 0.5 - 1) * 100)
    assert kf["pc_rollout_costs_since_first_percent"].value == pytest.approx(-10.0)
    assert kf["other_costs_since_first_percent"].value == pytest.approx((68 / 75 - 1) * 100)
    assert all(kf[f"{s}_since_first_percent"].derived and kf[f"{s}_since_first_percent"].formula for s in STEMS)
    assert kf["mt_growth_percent"].value == pytest.approx((25 / 21 - 1) * 100)  # against 2020, as before


# --- the cost chapter of 2021 --------------------------------------------------------------------


def test_costs_2021_changes_since_the_first_year_for_each_cost_type_and_the_total(four_years):
    found = cost_years.since_first_changes(four_years, costs.COST_TYPE).set_index("item")
    assert set(found["from_year"]) == {2019} and set(found["to_year"]) == {2021}
    assert found.loc["Totalt", "change"] == 9.0
    assert found.loc["Totalt", "change_percent"] == pytest.approx(TOTAL_GROWTH)
    assert found.loc["Totalt", "annual_rate_percent"] == pytest.approx(TOTAL_RATE)
    assert found.loc["MT-service och underhåll", "from_value"] == MT[2019]
    assert found.loc["MT-service och underhåll", "change_percent"] == pytest.approx(MT_GROWTH)
    kf = figures(costs.years_key_figures(four_years, "sv"))
    assert kf["cost_type_total_since_first_msek"].value == TOTAL[2021] - TOTAL[2019]
    assert kf["cost_type_total_since_first_percent"].value == pytest.approx(TOTAL_GROWTH)
    assert kf["cost_type_total_average_rate_percent"].value == pytest.approx(TOTAL_RATE)
    assert kf["cost_type_total_first_year"].value == 2019
    assert kf["business_area_total_since_first_msek"].value is None  # no business-area table on file
    assert kf["cost_type_total_change_msek"].value == 8.0  # against 2020, as before


def test_costs_2021_years_table_has_the_rows_since_the_first_year(four_years, monkeypatch):
    shown = []
    monkeypatch.setattr("IPython.display.display", lambda *a, **k: None)
    monkeypatch.setattr("analysis.chapters.costs.years.paragraph", shown.append)
    monkeypatch.setattr("analysis.chapters.costs.years.heading", lambda *a, **k: None)
    table = costs.show_table_years(four_years, costs.COST_TYPE, "sv")
    frame = table.data
    rows = frame[frame["Period"] == "sedan första året, 2019→2021"].set_index("Post")
    assert rows.loc["Totalt", "Förändring, mnkr"] == "+9" and rows.loc["Totalt", "Förändring, %"] == "+4,1"
    assert rows.loc["Totalt", "Genomsnitt per år, %"] == "+2,0"
    assert rows.loc["MT-service och underhåll", "Förändring, %"] == "+31,6"
    assert rows.loc["MT-service och underhåll", "Genomsnitt per år, %"] == "+14,7"
    text = " ".join(shown)
    assert "Sedan 2019" in text and "+4,1\u00a0%" in text and "+2,0\u00a0%" in text
    assert "((utfall 2021 / utfall 2019)^(1/2) − 1) × 100" in text


# --- where there is no longer period: nothing new ------------------------------------------------


def test_the_2020_fixture_has_no_period_beyond_the_change_against_2019(three_years):
    figs = mt.year_figures(three_years)
    growth = mt.comparison_over_years(three_years, figs)
    assert growth["since_first_percent"].isna().all()
    kf = figures(mt.key_figures(figs, growth, empty_findings(), "sv"))
    assert kf["mt_since_first_percent"].value is None and kf["total_costs_average_rate_percent"].value is None
    assert "Sedan 2019" not in mt.summary(figs, growth, "sv", 2020)
    assert list(mt.growth_table(growth, figs, "sv").columns) == ["Kostnadsslag", "Förändring mot 2019", "Anmärkning"]
    assert cost_years.since_first_changes(three_years, costs.COST_TYPE).empty


def test_the_shipped_2019_records_no_period_figures(shipped):
    figs = mt.year_figures(shipped)
    growth = mt.comparison_over_years(shipped, figs)
    kf = figures(mt.key_figures(figs, growth, empty_findings(), "sv"))
    assert all(kf[f"{s}_since_first_percent"].value is None for s in ("mt", *STEMS))
    assert figures(costs.years_key_figures(shipped, "sv"))["cost_type_total_since_first_percent"].value is None


# --- the summary --------------------------------------------------------------------------------


def _mt_record(period: bool) -> dict:
    def fig(key, value, unit="", derived=False):
        return {
            "key": key,
            "label": key,
            "value": value,
            "unit": unit,
            "derived": derived,
            "formula": "",
            "headline": True,
        }

    figures = [fig("mt_item", "MT-service och underhåll"), fig("mt_outcome_msek", 25.0, "MSEK")]
    figures.append(fig("mt_growth_percent", (25 / 21 - 1) * 100, "percent", True))
    if period:
        figures += [fig("mt_since_first_percent", MT_GROWTH, "percent", True), fig("mt_first_year", 2019)]
        figures += [fig("mt_average_rate_percent", MT_RATE, "percent", True), fig("mt_since_first_msek", 6.0, "MSEK")]
        figures += [fig("total_costs_since_first_percent", TOTAL_GROWTH, "percent", True)]
        figures += [fig("total_costs_average_rate_percent", TOTAL_RATE, "percent", True)]
        figures += [fig("total_costs_first_year", 2019)]
    chapter_entry = {
        "name": "mt_maintenance_growth",
        "title": "MT",
        "status": "ok",
        "href": "mt.html",
        "figures": figures,
    }
    return {"year": 2021, "lang": "sv", "chapters": [chapter_entry]}


def test_summary_line_carries_the_growth_since_the_first_year():
    line = next(r for r in summary.lines(_mt_record(True), "sv") if r["key"] == "mt_growth")
    assert line["text"] == (
        "19,0\u00a0% mot föregående år; utfall 25\u00a0mnkr; sedan 2019: +31,6\u00a0%, i genomsnitt +14,7\u00a0% per år"
        " (kostnaderna totalt +4,1\u00a0%, i genomsnitt +2,0\u00a0% per år)"
    )
    assert line["values"]["mt_since_first_percent"] == pytest.approx(MT_GROWTH)
    assert line["values"]["total_costs_average_rate_percent"] == pytest.approx(TOTAL_RATE)
    english = next(r for r in summary.lines(_mt_record(True), "en") if r["key"] == "mt_growth")
    assert "since 2019: +31.6%, on average +14.7% a year" in english["text"]


def test_summary_line_without_a_period_is_as_before():
    line = next(r for r in summary.lines(_mt_record(False), "sv") if r["key"] == "mt_growth")
    assert line["text"] == "19,0\u00a0% mot föregående år; utfall 25\u00a0mnkr"


def test_the_period_figures_are_among_the_summarys_figures_for_nyckeltal():
    shown = {(line.chapter, key) for line in summary.LINES for key in line.figures}
    for stem in ("mt", *STEMS):
        assert ("mt_maintenance_growth", f"{stem}_since_first_percent") in shown
        assert ("mt_maintenance_growth", f"{stem}_average_rate_percent") in shown
    assert ("mt_maintenance_growth", "mt_since_first_msek") in shown


def test_the_period_figures_reach_nyckeltal(tmp_path):
    import json
    from pathlib import Path

    from analysis.publishing.downloads.key_figures import key_figure_rows
    from analysis.publishing.downloads.sources import Sources
    from analysis.publishing.model import Chapter, ChapterFiles

    chapter_ = Chapter(3, "mt_maintenance_growth", Path("03_mt_maintenance_growth.ipynb"), (("sv", "MT"),))
    stamp = ChapterFiles(tmp_path / "2021", chapter_).stamp
    stamp.parent.mkdir(parents=True)
    figures = _mt_record(True)["chapters"][0]["figures"]
    formula = "härlett: (utfall 2021 / utfall 2019 − 1) × 100 (2019/k.csv:5 → 2021/k.csv:5)"
    figures = [{**f, "formula": formula} if f["key"] == "mt_since_first_percent" else f for f in figures]
    stamp.write_text(json.dumps({"title": "MT", "key_figures": {"figures": figures}}), encoding="utf-8")
    rows = {r["key"]: r for r in key_figure_rows(tmp_path, [chapter_], Sources(None), "sv")}
    assert rows["mt_since_first_percent"]["value"] == 31.6 and rows["mt_since_first_percent"]["kind"] == "härlett"
    assert rows["mt_since_first_percent"]["source"] == formula
    assert rows["mt_average_rate_percent"]["value"] == 14.7 and rows["mt_average_rate_percent"]["unit"] == "%"
    assert rows["total_costs_since_first_percent"]["value"] == 4.1
    assert "mt_first_year" not in rows  # the first year is in the formula, the source column
