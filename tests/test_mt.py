"""Chapter "MT-underhållets tillväxt": unit tests on tiny facts and on the shipped facts."""

from __future__ import annotations

import math

import matplotlib.figure
import pandas as pd
import pytest

from analysis.chapters import common as chapter
from analysis.chapters import mt
from analysis.chapters.mt import text as mt_text
from analysis.chapters.over_the_years import History
from analysis.facts.derive import derive
from analysis.facts.schema import FACT_COLUMNS, Interval, empty_facts
from analysis.facts.validate import validate
from analysis.presentation import charts
from analysis.texts import t

UNIT_OF = {"MSEK": "mnkr", "percent": "%"}


def fact(
    table: str,
    item: str,
    measure: str,
    value: float,
    *,
    year: int = 2019,
    parent: str = "",
    derived: bool = False,
    decimals: int = 0,
    unit: str = "MSEK",
    original_unit: str | None = None,
    convention: str | None = None,
    line: int = 2,
) -> dict:
    """One row of a facts table as cleaning writes it."""
    convention = convention or {"costs_by_cost_type": "cost_positive", "result_by_business_area": "net_result"}.get(
        table, "favourable_positive"
    )
    return {
        "year": year,
        "report_year": year,
        "domain": "costs",
        "table": table,
        "item": item,
        "parent": parent,
        "measure": measure,
        "value": value,
        "unit": unit,
        "source": f"{year}/{table}.csv:{line}",
        "derived": derived,
        "note": "",
        "original_value": str(value),
        "original_unit": original_unit or UNIT_OF.get(unit, ""),
        "decimals": decimals,
        "sign_convention": convention,
        "section": "",
        "reconcile": "",
    }


def facts_of(rows: list[dict]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=FACT_COLUMNS).astype(empty_facts().dtypes.to_dict())


def cost_rows(mt_dev: float = -5.0) -> list[dict]:
    """A small cost table like the 2019 report's, MT deviation as given."""
    table = [
        ("Personalkostnader", 95, 108, 13),
        ("MT service och underhåll", 19, 12, mt_dev),
        ("Övriga kostnader", 75, 65, -10),
        ("Totalt", 189, 185, 3 + mt_dev),
    ]
    rows = []
    for line, (item, out, bud, dev) in enumerate(table, start=2):
        for measure, value in (("outcome", out), ("budget", bud), ("deviation", dev)):
            rows.append(fact("costs_by_cost_type", item, measure, value, line=line))
    return rows


def key_rows() -> list[dict]:
    return [
        fact("key_figures", "MT service och underhåll", "change_percent", 42, unit="percent", line=8),
        fact("key_figures", "Sterilteknik", "deviation", -2.6, parent="MT service och underhåll", decimals=1, line=7),
        fact("key_figures", "Övriga kostnader", "change_percent", 20, unit="percent", line=10),
        fact("key_figures", "Nettokostnad", "change_percent", 9, unit="percent", line=11),
    ]


def vo_rows(mt_name: str = "15 Medicinsk Teknik") -> list[dict]:
    table = [
        ("08 Divisionsgem", 50.0, 49.0, 1.0),
        ("09 Kompetenscentrum", -30.0, -32.0, 2.0),
        (mt_name, -10.0, -9.5, -0.5),
        ("Totalt", 10.0, 7.5, 2.5),
    ]
    rows = []
    for line, (item, out, bud, dev) in enumerate(table, start=2):
        for measure, value in (("outcome", out), ("budget", bud), ("deviation", dev)):
            rows.append(
                fact(
                    "result_by_business_area",
                    item,
                    measure,
                    value,
                    year=2017,
                    decimals=0,
                    original_unit="kr",
                    line=line,
                )
            )
    return rows


@pytest.fixture
def cost_facts() -> pd.DataFrame:
    return facts_of(cost_rows() + key_rows())


@pytest.fixture
def vo_facts() -> pd.DataFrame:
    return facts_of(vo_rows())


@pytest.fixture
def missing_calls(monkeypatch) -> list[str]:
    """Record the one-line missing notes instead of displaying them (and set up the chart
    theme as a notebook's ``chapter.setup`` does)."""
    charts.setup()
    calls: list[str] = []
    monkeypatch.setattr(chapter, "missing", lambda year, what, lang: calls.append(what))
    monkeypatch.setattr(chapter, "paragraph", lambda text: None)
    return calls


# --- pure arithmetic ------------------------------------------------------------------------


def test_recompute_deviation_follows_the_sign_convention():
    assert mt.recompute_deviation(19, 12, "cost_positive") == -7
    assert mt.recompute_deviation(-10.5, -10.0, "net_result") == pytest.approx(-0.5)
    with pytest.raises(ValueError, match="sign convention"):
        mt.recompute_deviation(1, 2, "amount_positive")


def test_implied_previous_works_the_growth_back():
    assert mt.implied_previous(19, 42) == pytest.approx(13.380, abs=1e-3)
    assert mt.implied_previous(10, 0) == 10
    with pytest.raises(ValueError):
        mt.implied_previous(10, -100)


def test_implied_previous_range_covers_the_rounding_of_both_figures():
    rng = mt.implied_previous_range(Interval(18.5, 19.5), Interval(41.5, 42.5))
    assert rng.lo == pytest.approx(18.5 / 1.425)
    assert rng.hi == pytest.approx(19.5 / 1.415)
    assert rng.lo < mt.implied_previous(19, 42) < rng.hi


# --- the cost-type view ---------------------------------------------------------------------


def test_cost_type_figures_keep_the_reported_deviation_beside_the_recomputed(cost_facts):
    figs = mt.figures(cost_facts, 2019)
    assert figs.view == "cost_type" and figs.item == "MT service och underhåll"
    assert (figs.outcome, figs.budget, figs.deviation) == (19, 12, -5)
    assert figs.deviation_recomputed == -7
    assert figs.tolerance == pytest.approx(1.5)
    assert figs.mismatch
    assert figs.cost == 19 and figs.budget_cost == 12
    assert figs.growth_percent == 42 and figs.sterile_deviation == -2.6
    assert figs.previous_outcome == pytest.approx(19 / 1.42)
    assert figs.previous_low < figs.previous_outcome < figs.previous_high
    assert figs.sources["growth"].endswith(":8")


def test_a_deviation_within_rounding_is_no_mismatch():
    figs = mt.figures(facts_of(cost_rows(mt_dev=-6)), 2019)
    assert figs.deviation_recomputed == -7 and not figs.mismatch


def test_share_is_computed_when_the_derived_fact_is_absent_and_read_when_present(cost_facts):
    assert mt.figures(cost_facts, 2019).share_percent == pytest.approx(19 / 189 * 100)
    with_derived = pd.concat([cost_facts, derive(cost_facts)], ignore_index=True)
    derived = with_derived[with_derived["derived"] & (with_derived["item"] == mt.COST_TYPE)]
    assert mt.figures(with_derived, 2019).share_percent == pytest.approx(derived["value"].iloc[0])


def test_without_growth_there_is_no_implied_previous_year():
    figs = mt.figures(facts_of(cost_rows()), 2019)
    assert figs.growth_percent is None and figs.previous_outcome is None
    assert figs.sterile_deviation is None


def test_figures_of_another_year_or_of_no_mt_are_none(cost_facts):
    assert mt.figures(cost_facts, 2018) is None
    no_mt = cost_facts[cost_facts["item"] != mt.COST_TYPE]
    assert mt.figures(no_mt, 2019) is None


def test_growth_comparison_says_missing_as_nan_and_adds_the_net_cost(cost_facts):
    growth = mt.growth_comparison(cost_facts, 2019)
    assert growth["item"].tolist() == [
        "Personalkostnader",
        "MT service och underhåll",
        "Övriga kostnader",
        "Nettokostnad",
    ]
    assert math.isnan(growth["change_percent"].iloc[0])
    assert growth["change_percent"].iloc[1:].tolist() == [42, 20, 9]
    assert growth["kind"].tolist()[-1] == "net_cost"
    assert growth["is_mt"].tolist() == [False, True, False, False]


def test_growth_comparison_is_empty_without_a_cost_table(vo_facts):
    assert mt.growth_comparison(vo_facts, 2017).empty


def test_deviation_check_and_column_sums(cost_facts):
    figs = mt.figures(cost_facts, 2019)
    check = mt.deviation_check(cost_facts, figs)
    assert check["item"].tolist() == ["MT service och underhåll", "Totalt"]
    assert check["recomputed"].tolist() == [-7, -4]
    assert check["difference"].tolist() == [2, 2]
    assert check["agrees"].tolist() == [False, False]
    assert mt.column_sums(cost_facts, 2019) == {"out_sum": 189, "bud_sum": 185, "dev_sum": -2, "dev_total": -2}


def test_sterile_parts_against_reported_and_recomputed(cost_facts):
    parts = mt.sterile_parts(mt.figures(cost_facts, 2019)).set_index("part")
    assert parts.loc["rest", "vs_reported"] == pytest.approx(-2.4)
    assert parts.loc["rest", "vs_recomputed"] == pytest.approx(-4.4)
    assert parts.loc["share", "vs_reported"] == pytest.approx(52)
    assert parts.loc["share", "vs_recomputed"] == pytest.approx(2.6 / 7 * 100)
    assert mt.sterile_parts(mt.figures(facts_of(cost_rows()), 2019)) is None


# --- the business-area view -----------------------------------------------------------------


def test_business_area_table_keeps_net_costs_and_shares(vo_facts):
    table = mt.business_area_table(vo_facts, 2017)
    assert table["item"].tolist() == ["09 Kompetenscentrum", "15 Medicinsk Teknik"]
    assert table["net_cost"].tolist() == [30, 10]
    assert table["net_budget"].tolist() == [32, 9.5]
    assert table["share_percent"].tolist() == pytest.approx([75, 25])
    assert table["is_mt"].tolist() == [False, True]


def test_business_area_figures_when_the_year_has_no_cost_type(vo_facts):
    figs = mt.figures(vo_facts, 2017)
    assert figs.view == "business_area" and figs.item == "15 Medicinsk Teknik"
    assert (figs.outcome, figs.budget, figs.deviation) == (-10, -9.5, -0.5)
    assert figs.deviation_recomputed == pytest.approx(-0.5) and not figs.mismatch
    assert figs.cost == 10 and figs.budget_cost == 9.5
    assert figs.share_percent == pytest.approx(25) and figs.share_total == 40
    assert figs.share_parts == 2 and figs.growth_percent is None


def test_business_area_found_by_name_not_by_number():
    figs = mt.figures(facts_of(vo_rows("21 Medicinsk teknik Norr")), 2017)
    assert figs.item == "21 Medicinsk teknik Norr"


def test_the_cost_type_wins_when_a_year_has_both(cost_facts, vo_facts):
    both = facts_of(cost_rows() + [dict(r, year=2019, report_year=2019) for r in vo_rows()])
    assert mt.figures(both, 2019).view == "cost_type"


# --- text and key figures -------------------------------------------------------------------


def test_summary_sentences_carry_the_figures_in_both_languages(cost_facts):
    figs = mt.figures(cost_facts, 2019)
    growth = mt.growth_comparison(cost_facts, 2019)
    sv = mt.summary(figs, growth, "sv")
    assert "19,0\u00a0mnkr" in sv and "12,0\u00a0mnkr" in sv
    assert "-5,0\u00a0mnkr" in sv and "-7,0\u00a0mnkr" in sv
    assert "42\u00a0%" in sv and "13,4\u00a0mnkr" in sv
    assert "snabbare än övriga kostnader (20\u00a0%) och divisionens nettokostnad (9\u00a0%)" in sv
    assert "33 procentenheter" in sv
    assert "För personalkostnader anger årsrapporten ingen förändring" in sv
    assert "52\u00a0%" in sv and "\n\n" in sv
    en = mt.summary(figs, growth, "en")
    assert "19.0\u00a0MSEK" in en and "42%" in en and "faster than" in en


def test_slower_growth_is_said_as_slower():
    rows = cost_rows() + [
        fact("key_figures", "MT service och underhåll", "change_percent", 5, unit="percent"),
        fact("key_figures", "Övriga kostnader", "change_percent", 20, unit="percent"),
    ]
    facts = facts_of(rows)
    text = mt.summary(mt.figures(facts, 2019), mt.growth_comparison(facts, 2019), "sv")
    assert "långsammare än övriga kostnader (20\u00a0%)" in text


def test_business_area_summary_labels_the_view_and_claims_no_growth(vo_facts):
    text = mt.summary(mt.figures(vo_facts, 2017), mt.growth_comparison(vo_facts, 2017), "sv")
    assert "verksamhetsområdet VO 15 Medicinsk Teknik" in text
    assert "10,00\u00a0mnkr" in text and "25,0\u00a0%" in text
    assert "ingen förändring" in text and "ökade" not in text
    assert mt.summary(None, pd.DataFrame(), "en", 2016) == "The report for 2016 contains no MT figures."


def test_check_sentences_say_mismatch_or_agreement(cost_facts, vo_facts):
    mismatch = mt.check_sentences(cost_facts, mt.figures(cost_facts, 2019), "sv")
    assert "budget − utfall = 12,0\u00a0mnkr − 19,0\u00a0mnkr = -7,0\u00a0mnkr" in mismatch[0]
    assert "summerar till -2,0\u00a0mnkr" in mismatch[1]
    agrees = mt.check_sentences(vo_facts, mt.figures(vo_facts, 2017), "en")
    assert len(agrees) == 1 and "agrees" in agrees[0] and "outcome − budget" in agrees[0]


def test_in_sentence_lowercases_words_but_not_abbreviations():
    assert mt_text._in_sentence("Övriga kostnader", "sv") == "övriga kostnader"
    assert mt_text._in_sentence("PC-utrullning", "sv") == "PC-utrullning"
    assert mt_text._in_sentence("Övriga kostnader", "en") == "Övriga kostnader"


def test_key_figures_of_both_views(cost_facts, vo_facts):
    empty = pd.DataFrame({"report_year": [], "table": [], "item": []})
    cost = {
        k.key: k
        for k in mt.key_figures(mt.figures(cost_facts, 2019), mt.growth_comparison(cost_facts, 2019), empty, "sv")
    }
    assert cost["view"].value == "cost_type"
    assert cost["mt_deviation_msek"].value == -5 and not cost["mt_deviation_msek"].derived
    assert cost["mt_deviation_recomputed_msek"].value == -7 and cost["mt_deviation_recomputed_msek"].derived
    assert cost["mt_share_of_costs_percent"].derived and "Totalt" in cost["mt_share_of_costs_percent"].formula
    assert cost["mt_implied_previous_outcome_msek"].formula.startswith("härlett")
    assert cost["net_cost_growth_percent"].value == 9
    assert cost["mt_quality_findings"].value == 0
    assert all(
        isinstance(k.value, (float, int, str, type(None))) and type(k.value).__module__ == "builtins"
        for k in cost.values()
    )
    vo = {
        k.key: k for k in mt.key_figures(mt.figures(vo_facts, 2017), mt.growth_comparison(vo_facts, 2017), empty, "en")
    }
    assert vo["view"].value == "business_area"
    assert vo["mt_cost_msek"].value == 10 and vo["mt_cost_msek"].derived
    assert vo["mt_growth_percent"].value is None and vo["net_cost_growth_percent"].value is None
    assert [k.key for k in mt.key_figures(None, pd.DataFrame(), empty, "sv")] == ["view"]


def test_tables_used_follow_the_view(cost_facts, vo_facts):
    assert mt.tables_used(mt.figures(cost_facts, 2019)) == ["costs_by_cost_type", "key_figures"]
    assert mt.tables_used(mt.figures(vo_facts, 2017)) == ["result_by_business_area"]
    assert mt.tables_used(None) == []


# --- views -----------------------------------------------------------------------------------


def test_views_show_the_cost_type_year(cost_facts, missing_calls):
    figs = mt.figures(cost_facts, 2019)
    growth = mt.growth_comparison(cost_facts, 2019)
    overview = mt.overview_view(figs, 2019, "sv").to_html()
    assert "härlett: utfall 2019 / (1 + 42\u00a0%)" in overview
    check = mt.check_view(cost_facts, figs, 2019, "sv").to_html()
    assert "#feebc8" in check and "nej" in check
    assert "enligt årsrapporten" in mt.growth_view(figs, growth, 2019, "sv").to_html()
    assert "-4,4\u00a0mnkr" in mt.sterile_view(figs, 2019, "sv").to_html()
    for fig in (
        mt.outcome_budget_chart(cost_facts, figs, 2019, "sv"),
        mt.growth_chart(figs, growth, "sv"),
        mt.yearly_chart(figs, mt.year_points(History.of(cost_facts, 2019)), 2019, "sv"),
    ):
        assert isinstance(fig, matplotlib.figure.Figure)
    assert mt.business_area_view(cost_facts, figs, 2019, "sv") is None
    assert missing_calls == [t("mt.missing.business_area", "sv")]


def test_views_show_the_business_area_year_and_one_missing_line_per_section(vo_facts, missing_calls):
    figs = mt.figures(vo_facts, 2017)
    growth = mt.growth_comparison(vo_facts, 2017)
    assert mt.growth_view(figs, growth, 2017, "en") is None
    assert mt.growth_chart(figs, growth, "en") is None
    assert mt.yearly_chart(figs, mt.year_points(History.of(vo_facts, 2017)), 2017, "en") is None
    assert mt.sterile_view(figs, 2017, "en") is None
    assert len(missing_calls) == 3
    html = mt.business_area_view(vo_facts, figs, 2017, "en").to_html()
    assert "25.0%" in html and "Total" in html
    assert isinstance(mt.outcome_budget_chart(vo_facts, figs, 2017, "en"), matplotlib.figure.Figure)


def test_a_year_without_mt_shows_missing_lines(missing_calls):
    facts = facts_of(cost_rows())
    facts = facts[facts["item"] != mt.COST_TYPE]
    assert mt.overview_view(None, 2019, "sv") is None
    assert mt.check_view(facts, None, 2019, "sv") is None
    assert mt.outcome_budget_chart(facts, None, 2019, "sv") is None
    assert mt.business_area_view(facts, None, 2019, "sv") is None
    assert len(missing_calls) == 4


def test_labels_from_an_export_are_escaped(missing_calls):
    facts = facts_of(vo_rows("15 Medicinsk Teknik <script>alert(1)</script>"))
    figs = mt.figures(facts, 2017)
    html = mt.business_area_view(facts, figs, 2017, "sv").to_html()
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<script>" not in mt.check_view(facts, figs, 2017, "sv").to_html()


# --- the shipped facts ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def shipped(tmp_path_factory):
    from analysis.facts.pipeline import clean

    result = clean(raw_dir=None, processed_dir=tmp_path_factory.mktemp("mt-processed"))
    return result.facts, result.findings


def _one(facts, **keys) -> float:
    rows = facts
    for col, val in keys.items():
        rows = rows[rows[col] == val]
    assert len(rows) == 1, keys
    return float(rows["value"].iloc[0])


def test_shipped_2019_is_the_cost_type_with_the_known_finding(shipped):
    facts, findings = shipped
    f19 = facts[facts["report_year"] == 2019]
    figs = mt.figures(f19, 2019)
    assert figs.view == "cost_type"
    reported = lambda m: _one(f19, table="costs_by_cost_type", item=mt.COST_TYPE, measure=m, derived=False)
    assert (figs.outcome, figs.budget, figs.deviation) == (
        reported("outcome"),
        reported("budget"),
        reported("deviation"),
    )
    assert (figs.outcome, figs.budget, figs.deviation, figs.deviation_recomputed) == (19, 12, -5, -7)
    assert figs.mismatch
    finding = findings[(findings["report_year"] == 2019) & (findings["item"] == mt.COST_TYPE)]
    assert finding[["reported", "recomputed"]].values.tolist() == [[-5, -7]]
    assert figs.share_percent == pytest.approx(
        _one(f19, table="costs_by_cost_type", item=mt.COST_TYPE, measure="percent", derived=True)
    )
    assert figs.share_percent == pytest.approx(19 / 218 * 100)
    assert figs.growth_percent == _one(f19, table="key_figures", item=mt.COST_TYPE, measure="change_percent") == 42
    assert figs.previous_outcome == pytest.approx(13.38, abs=0.01)
    assert figs.sterile_deviation == -2.6
    growth = mt.growth_comparison(f19, 2019).set_index("item")["change_percent"]
    assert growth[mt.OTHER_COSTS] == 20 and growth[mt.NET_COST] == 9
    assert growth[["Personalkostnader", "Avskrivningskostnader", "PC-utrullning"]].isna().all()
    kf = {k.key: k.value for k in mt.key_figures(figs, mt.growth_comparison(f19, 2019), findings, "sv")}
    assert kf["mt_quality_findings"] == 1


def test_shipped_2017_is_the_business_area(shipped):
    facts, findings = shipped
    f17 = facts[facts["report_year"] == 2017]
    figs = mt.figures(f17, 2017)
    assert figs.view == "business_area" and figs.item == "15 Medicinsk Teknik"
    assert figs.outcome == _one(f17, table="result_by_business_area", item=figs.item, measure="outcome")
    assert figs.outcome == pytest.approx(-10.487147)
    assert figs.budget == pytest.approx(-10.0032)
    assert figs.deviation == pytest.approx(-0.483947)
    assert figs.deviation_recomputed == pytest.approx(figs.deviation) and not figs.mismatch
    assert figs.cost == pytest.approx(10.487147)
    vos = f17[
        (f17["table"] == "result_by_business_area")
        & (f17["measure"] == "outcome")
        & (f17["item"] != "Totalt")
        & (f17["value"] < 0)
    ]
    assert figs.share_percent == pytest.approx(10.487147 / -vos["value"].sum() * 100)
    assert figs.share_percent == pytest.approx(6.87, abs=0.01)
    assert figs.growth_percent is None and mt.growth_comparison(f17, 2017).empty
    assert validate(f17).empty
