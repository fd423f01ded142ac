"""The chapters over the years (analysis.chapters.over_the_years and the chapters' ``years`` modules):
the shipped 2017 and 2019 reports, and a generated 2020 fixture year (tests/fixture_years.py:
GENERATED FIXTURE DATA, never report figures, never written under data/raw)."""

from __future__ import annotations

import math

import pytest

from analysis.chapters import costs, investments, mt
from analysis.chapters import over_the_years as over_years
from analysis.facts.pipeline import clean, load_facts, load_quality
from analysis.facts.series import CROSS_YEAR_CHECKS, load_aliases
from fixture_years import raw_with_2020

from conftest import SHIPPED_RAW


@pytest.fixture(scope="module")
def shipped(tmp_path_factory):
    """(facts, quality) of the shipped reports, cleaned into tmp."""
    processed = tmp_path_factory.mktemp("years-shipped") / "processed"
    clean(raw_dir=SHIPPED_RAW, processed_dir=processed)
    return load_facts(processed_dir=processed, raw_dir=SHIPPED_RAW), load_quality(processed_dir=processed)


@pytest.fixture(scope="module")
def fixture_facts(tmp_path_factory):
    """(facts, aliases) of the shipped years plus the generated 2020 year."""
    root = tmp_path_factory.mktemp("years-2020")
    raw = raw_with_2020(root / "raw")
    clean(raw_dir=raw, processed_dir=root / "processed")
    return load_facts(processed_dir=root / "processed", raw_dir=raw), load_aliases(raw)


def history(facts, year, aliases=None):
    return over_years.History.of(facts, year, aliases)


def figures(found) -> dict:
    return {f.key: f for f in found}


# --- shipped 2017 and 2019 ---------------------------------------------------------------------


def test_shipped_result_from_plus_8_7_to_minus_4_8_is_a_two_year_change(shipped):
    facts, _ = shipped
    h = history(facts, 2019)
    found = costs.result_years(h)
    assert list(found["year"]) == [2017, 2019] and list(found["value"]) == [8.7, -4.8]
    change = costs.result_changes(h).iloc[0]
    assert (change["from_year"], change["to_year"], change["period"]) == (2017, 2019, "two-year")
    assert change["change"] == pytest.approx(-13.5)
    assert math.isnan(change["change_percent"])  # no percent across a sign change
    assert over_years.period_text(change, "sv") == "tvåårsförändring 2017→2019"
    assert over_years.period_text(change, "en") == "two-year change 2017→2019"
    kf = figures(costs.years_key_figures(h, "sv"))
    assert kf["result_change_msek"].value == pytest.approx(-13.5) and kf["result_change_msek"].derived
    assert "2017/nyckeltal.csv:3 → 2019/nyckeltal.csv:2" in kf["result_change_msek"].formula
    assert kf["result_change_percent"].value is None
    assert kf["result_change_span"].value == 2
    assert kf["cost_type_total_change_msek"].value is None  # the cost-type table exists for 2019 only


def test_shipped_tables_have_one_year_each_so_no_table_change(shipped):
    facts, _ = shipped
    h = history(facts, 2019)
    assert costs.years_of(h, costs.COST_TYPE) == [2019]
    assert costs.years_of(h, costs.BUSINESS_AREA) == [2017]
    assert costs.item_changes(h, costs.COST_TYPE).empty and costs.item_changes(h, costs.BUSINESS_AREA).empty
    areas = costs.table_years(h, costs.BUSINESS_AREA)
    total = areas[(areas["item"] == "Totalt") & (areas["measure"] == "outcome")].iloc[0]
    assert total["value"] == pytest.approx(-8.689770) and total["derived"]  # net cost = −printed result


def test_shipped_investments_54_to_82_and_45_to_70_5(shipped):
    facts, _ = shipped
    h = history(facts, 2019)
    rows = investments.year_rows(h).set_index(["item", "year"])
    assert rows.loc[("Totalt", 2017), "frame"] == 54 and rows.loc[("Totalt", 2019), "frame"] == 82
    assert rows.loc[("Totalt", 2017), "outcome"] == 45 and rows.loc[("Totalt", 2019), "outcome"] == 70.5
    assert rows.loc[("Totalt", 2019), "utilisation_percent"] == pytest.approx(70.5 / 82 * 100)
    assert rows.loc[("IT", 2017), "outcome_prior_decisions"] == 12
    assert rows.loc[("MT", 2019), "outcome_current_decisions"] == 9.4
    found = investments.item_changes(h)
    assert set(found["period"]) == {"two-year"} and set(found["span"]) == {2}
    kf = figures(investments.years_key_figures(h, "sv"))
    assert kf["frame_total_change_msek"].value == 28.0
    assert kf["frame_total_change_percent"].value == pytest.approx(28 / 54 * 100)
    assert kf["frame_total_annual_rate_percent"].value == pytest.approx(((82 / 54) ** 0.5 - 1) * 100)
    assert kf["outcome_total_change_msek"].value == pytest.approx(25.5)
    assert kf["outcome_total_change_percent"].value == pytest.approx(25.5 / 45 * 100)
    assert kf["frame_total_change_period"].value == "tvåårsförändring 2017→2019"
    assert kf["utilisation_total_change_points"].value == pytest.approx(70.5 / 82 * 100 - 45 / 54 * 100)
    assert all(kf[k].derived and kf[k].formula for k in ("frame_total_change_msek", "outcome_total_change_percent"))


def test_shipped_2017_has_no_earlier_year(shipped):
    facts, _ = shipped
    h = history(facts, 2017)
    assert investments.item_changes(h).empty and costs.result_changes(h).empty
    assert figures(investments.years_key_figures(h, "sv"))["frame_total_change_msek"].value is None


def test_shipped_mt_uses_the_stated_change_marked_as_stated_and_no_false_finding(shipped):
    facts, quality = shipped
    h = history(facts, 2019)
    figs = mt.year_figures(h)
    assert figs.growth_origin == "stated" and figs.growth_percent == 42 and figs.previous_year == 2018
    assert figs.previous_outcome == pytest.approx(19 / 1.42)
    growth = mt.comparison_over_years(h, figs)
    assert set(growth["origin"].dropna()) == {"stated"}
    assert set(growth["status"].dropna()) == {"stated only"}
    assert mt.claims_checked(h).empty
    points = mt.year_points(h)
    assert list(points["year"]) == [2018, 2019] and list(points["derived"]) == [True, False]
    assert not quality["check"].isin(CROSS_YEAR_CHECKS).any()
    kf = figures(mt.key_figures(figs, growth, quality, "sv"))
    assert kf["mt_growth_percent"].value == 42 and not kf["mt_growth_percent"].derived
    assert kf["mt_growth_origin"].value == "stated" and kf["mt_growth_claim_status"].value == "stated only"


# --- the generated 2020 year -------------------------------------------------------------------


def test_fixture_mt_growth_is_computed_from_the_tables_and_the_claim_contradicted(fixture_facts):
    facts, aliases = fixture_facts
    h = history(facts, 2020, aliases)
    figs = mt.year_figures(h)
    assert figs.item == "MT-service och underhåll"  # the renamed row, matched through the alias list
    assert (figs.outcome, figs.budget) == (21.0, 20.0)
    assert figs.growth_origin == "computed" and figs.previous_year == 2019
    assert figs.previous_outcome == 19.0  # the 2019 report's own 19 wins over 2020's 20,0
    assert figs.growth_percent == pytest.approx((21 / 19 - 1) * 100)  # +10,526 %
    growth = mt.comparison_over_years(h, figs).set_index("item")
    row = growth.loc["MT-service och underhåll"]
    assert row["stated"] == 42 and row["status"] == "contradicted" and row["origin"] == "computed"
    assert row["source"] == "2019/kostnader_per_kostnadslag.csv:5 → 2020/kostnader_per_kostnadslag.csv:5"
    assert row["stated_source"] == "2020/nyckeltal.csv:3"
    assert growth.loc["Övriga kostnader", "change_percent"] == pytest.approx((70 / 75 - 1) * 100)
    assert growth.loc["Övriga kostnader", "status"] == "checked"
    assert growth.loc["Personalkostnader", "change_percent"] == pytest.approx(5 / 95 * 100)
    assert growth.loc["PC-utrullning", "change_percent"] == pytest.approx(-20.0)
    assert growth.loc["Totalt", "change_percent"] == pytest.approx(1 / 218 * 100)
    claims = mt.claims_checked(h)
    assert sorted(claims["status"]) == ["checked", "checked", "contradicted"]
    points = mt.year_points(h)
    assert list(points["year"]) == [2018, 2019, 2020] and list(points["derived"]) == [True, False, False]
    sentence = mt.claim_sentence(figs, mt.comparison_over_years(h, figs), "sv")
    assert "+42" in sentence and "+10,5" in sentence and "2020/nyckeltal.csv:3" in sentence


def test_fixture_mt_key_figures(fixture_facts):
    facts, aliases = fixture_facts
    h = history(facts, 2020, aliases)
    figs = mt.year_figures(h)
    kf = figures(mt.key_figures(figs, mt.comparison_over_years(h, figs), load_quality_empty(), "en"))
    assert kf["mt_growth_percent"].value == pytest.approx(10.526315789)
    assert kf["mt_growth_percent"].derived and "2019/kostnader_per_kostnadslag.csv:5" in kf["mt_growth_percent"].formula
    assert kf["mt_change_msek"].value == 2.0 and kf["mt_change_msek"].derived
    assert kf["mt_growth_stated_percent"].value == 42 and kf["mt_growth_claim_status"].value == "contradicted"
    assert kf["mt_implied_previous_outcome_msek"].value is None and kf["mt_previous_outcome_msek"].value == 19.0
    assert kf["other_costs_growth_percent"].value == pytest.approx(-20 / 3) and kf["other_costs_growth_percent"].derived
    assert kf["total_costs_growth_percent"].value == pytest.approx(100 / 218)


def load_quality_empty():
    from analysis.facts.schema import empty_findings

    return empty_findings()


def test_fixture_cost_changes_exactly(fixture_facts):
    facts, aliases = fixture_facts
    h = history(facts, 2020, aliases)
    found = costs.item_changes(h, costs.COST_TYPE).set_index("item")
    assert list(found.index) == [
        "Personalkostnader",
        "Avskrivningskostnader",
        "PC-utrullning",
        "MT-service och underhåll",
        "Övriga kostnader",
        "Totalt",
    ]
    assert list(found["change"]) == [5.0, 1.0, -2.0, 2.0, -5.0, 1.0]
    assert set(found["period"]) == {"annual"}
    assert found.loc["MT-service och underhåll", "change_percent"] == pytest.approx(2 / 19 * 100)
    assert found.loc["Totalt", "from_value"] == 218 and found.loc["Totalt", "to_value"] == 219
    assert list(costs.result_changes(h)["change"]) == pytest.approx([-13.5, 11.8])
    kf = figures(costs.years_key_figures(h, "sv"))
    assert kf["cost_type_total_change_msek"].value == 1.0
    assert kf["cost_type_total_change_percent"].value == pytest.approx(100 / 218)
    assert kf["cost_type_total_change_period"].value == "årsförändring 2019→2020"
    assert kf["result_change_msek"].value == pytest.approx(11.8)


def test_fixture_investment_changes_exactly(fixture_facts):
    facts, aliases = fixture_facts
    h = history(facts, 2020, aliases)
    found = investments.item_changes(h)
    total = found[found["item"] == "Totalt"].set_index(["measure", "to_year"])
    assert total.loc[("frame", 2019), "change"] == 28 and total.loc[("frame", 2020), "change"] == 8
    assert total.loc[("frame", 2019), "period"] == "two-year" and total.loc[("frame", 2020), "period"] == "annual"
    assert total.loc[("outcome", 2020), "change"] == pytest.approx(-4.5)
    assert total.loc[("outcome_prior_decisions", 2020), "change"] == pytest.approx(46 - 51.6)
    assert total.loc[("outcome_current_decisions", 2020), "change"] == pytest.approx(20 - 18.9)
    kf = figures(investments.years_key_figures(h, "en"))
    assert kf["frame_total_change_msek"].value == 8.0
    assert kf["frame_total_change_percent"].value == pytest.approx(8 / 82 * 100)
    assert kf["frame_total_annual_rate_percent"].value is None  # an annual change needs no rate
    assert kf["outcome_total_change_percent"].value == pytest.approx(-4.5 / 70.5 * 100)
    assert kf["frame_total_change_period"].value == "annual change 2019→2020"


def test_the_2019_chapter_never_reads_the_later_report(fixture_facts):
    facts, aliases = fixture_facts
    h = history(facts, 2019, aliases)
    assert h.report_years == [2017, 2019]
    assert mt.year_figures(h).growth_origin == "stated"
    assert costs.item_changes(h, costs.COST_TYPE).empty
