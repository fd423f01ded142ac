"""The chapters' monthly sections from the ledger (issue 11) on tiny monthly tables built
here in the processed schema: cumulative sums, deviations (budget − outcome), the largest
categories, the investment pace against the frame, the key figures with their formulas,
the "Exempeldata" banner and the one-line notes of a year without ledger data."""

from __future__ import annotations

import IPython.display
import numpy as np
import pandas as pd
import pytest

from analysis.chapters import common as chapter
from analysis.chapters import costs, investments, mt
from analysis.chapters import ledger_months as monthly
from analysis.facts.schema import empty_monthly, typed_monthly
from analysis.presentation import charts

MT = "MT service och underhåll"


def row(month: int, cost_type: str, outcome: float, budget: float = np.nan, category: str = "", **extra) -> dict:
    """One row of the monthly table of report year 2019."""
    base = dict(
        year=2019,
        report_year=2019,
        period=201900 + month,
        month=month,
        cost_type=cost_type,
        business_area="15 Medicinsk Teknik",
        mt_category=category,
        outcome=outcome,
        budget=budget,
        source="2019/huvudbok.se",
        rows=2,
        synthetic=False,
    )
    return base | extra


def table(rows: list[dict]) -> pd.DataFrame:
    return typed_monthly(pd.DataFrame(rows))


@pytest.fixture
def ledger() -> pd.DataFrame:
    """Three months: MT in two categories, staff costs, income and investments."""
    rows = []
    for m in (1, 2, 3):
        rows += [
            row(m, MT, 2.0, 1.5, "Sterilteknik"),
            row(m, MT, 1.0, 1.2, "EKG"),
            row(m, MT, 0.5, 0.5, "Endoskopi"),
            row(m, "Personalkostnader", 10.0, 10.5),
            row(m, "Intäkter", -3.0, -3.0),
            row(m, "Investering IT", 1.0, category="Tyst vårdmiljö"),
            row(m, "Investering MT", 0.5 * m, category="Närsjukvården"),
        ]
    rows.append(row(1, MT, 9.0, 9.0, "Sterilteknik", report_year=2017, year=2017, period=201701))
    return table(rows)


@pytest.fixture
def shown(monkeypatch) -> list[str]:
    """What the sections display (HTML and Markdown as their text; tables as Stylers)."""
    charts.setup()
    out: list[str] = []

    def record(*objs, **_kw):
        out.extend(o.data if isinstance(o, (IPython.display.HTML, IPython.display.Markdown)) else o for o in objs)

    monkeypatch.setattr(chapter, "display", record)
    monkeypatch.setattr(IPython.display, "display", record)
    return out


def test_by_month_sums_rows_and_accumulates(ledger):
    months = monthly.by_month(mt.monthly_rows(ledger, 2019))
    assert list(months["month"]) == [1, 2, 3]
    assert list(months["outcome"]) == pytest.approx([3.5, 3.5, 3.5])
    assert list(months["budget"]) == pytest.approx([3.2, 3.2, 3.2])
    assert list(months["deviation"]) == pytest.approx([-0.3, -0.3, -0.3])
    assert list(months["cum_outcome"]) == pytest.approx([3.5, 7.0, 10.5])
    assert list(months["cum_budget"]) == pytest.approx([3.2, 6.4, 9.6])
    assert list(months["cum_deviation"]) == pytest.approx([-0.3, -0.6, -0.9])


def test_only_the_report_year_and_cost_type_asked_for(ledger):
    rows = mt.monthly_rows(ledger, 2017)
    assert list(rows["outcome"]) == [9.0]
    assert set(costs.cost_rows(ledger, 2019)["cost_type"]) == {MT, "Personalkostnader"}


def test_a_cumulative_budget_stops_at_the_first_month_without_one():
    months = monthly.by_month(table([row(1, MT, 1.0, 1.0), row(2, MT, 1.0), row(3, MT, 1.0, 1.0)]))
    assert months["cum_budget"].iloc[0] == 1.0 and months["cum_budget"].iloc[1:].isna().all()
    assert months["budget"].iloc[2] == 1.0


def test_largest_categories_with_their_deviations_the_others_and_the_total(ledger):
    found = monthly.largest(mt.monthly_rows(ledger, 2019), "mt_category", n=2)
    assert list(found["mt_category"]) == ["Sterilteknik", "EKG", "", "Totalt"]
    assert list(found["outcome"]) == pytest.approx([6.0, 3.0, 1.5, 10.5])
    assert list(found["deviation"]) == pytest.approx([-1.5, 0.6, 0.0, -0.9])  # budget − outcome
    assert list(found["other"]) == [False, False, True, False] and list(found["total"]) == [False] * 3 + [True]


def test_deviation_by_month_per_cost_type_and_total_of_costs_only(ledger):
    found = monthly.deviation_by_month(costs.cost_rows(ledger, 2019))
    assert list(found.columns) == ["month", "Personalkostnader", MT, "Totalt"]
    assert list(found["Personalkostnader"]) == pytest.approx([0.5] * 3)
    assert list(found[MT]) == pytest.approx([-0.3] * 3)
    assert list(found["Totalt"]) == pytest.approx([0.2] * 3)


def test_investment_pace_is_the_cumulative_outcome_over_the_frame(ledger):
    found = investments.pace(investments.ledger_rows(ledger, 2019), {"IT": 10.0, "MT": 6.0, "Totalt": 16.0})
    total = found[found["category"] == "Totalt"]
    assert list(total["cum_outcome"]) == pytest.approx([1.5, 3.5, 6.0])
    assert list(total["share_percent"]) == pytest.approx([1.5 / 16 * 100, 3.5 / 16 * 100, 6.0 / 16 * 100])
    mt_rows = found[found["category"] == "MT"]
    assert list(mt_rows["cum_outcome"]) == pytest.approx([0.5, 1.5, 3.0])
    assert found[found["category"] == "IT"]["share_percent"].iloc[-1] == pytest.approx(30.0)


def test_investment_pace_without_a_frame_has_no_share(ledger):
    found = investments.pace(investments.ledger_rows(ledger, 2019), {"IT": 10.0})
    assert found[found["category"] == "Totalt"]["share_percent"].isna().all()


def test_frames_are_the_printed_category_frames():
    facts = pd.DataFrame(
        {
            "table": "investments",
            "report_year": 2019,
            "measure": ["frame", "frame", "frame", "outcome", "frame"],
            "parent": ["", "", "", "", "IT"],
            "derived": False,
            "item": ["IT", "MT", "Totalt", "IT", "Tyst vårdmiljö"],
            "value": [20.0, 30.0, 50.0, 18.0, 5.0],
        }
    )
    assert investments.frames(facts, 2019) == {"IT": 20.0, "MT": 30.0, "Totalt": 50.0}


def test_key_figures_are_derived_with_formulas(ledger):
    rows = mt.monthly_rows(ledger, 2019)
    kf = {f.key: f for f in mt.monthly_key_figures(rows, mt.outlook(rows, 8), "sv")}
    assert kf["mt_monthly_outcome_msek"].value == pytest.approx(10.5)
    assert kf["mt_monthly_deviation_msek"].value == pytest.approx(-0.9)
    assert kf["mt_monthly_months"].value == 3
    assert kf["mt_forecast_msek"].value == pytest.approx(42.0)  # 3 × 3,5 + 9 × 3,5
    assert all(f.formula for f in kf.values() if f.derived and f.value is not None)
    assert "månad 1–3" in kf["mt_monthly_outcome_msek"].formula
    assert not any(f.headline for f in kf.values())
    pace = investments.pace(investments.ledger_rows(ledger, 2019), {"Totalt": 16.0})
    inv = {f.key: f for f in investments.monthly_key_figures(pace, "en")}
    assert inv["investments_pace_percent_03"].value == pytest.approx(37.5)
    assert inv["investments_pace_percent_03"].derived and "frame Totalt" in inv["investments_pace_percent_03"].formula
    assert inv["investments_monthly_outcome_msek"].value == pytest.approx(6.0)


def test_key_figures_of_an_empty_ledger_are_none():
    rows = mt.monthly_rows(empty_monthly(), 2019)
    kf = {f.key: f.value for f in mt.monthly_key_figures(rows, mt.outlook(rows, 8), "sv")}
    assert kf["mt_monthly_outcome_msek"] is None and kf["mt_forecast_msek"] is None and kf["mt_monthly_months"] == 0
    cost = costs.cost_rows(empty_monthly(), 2019)
    assert {f.key: f.value for f in costs.monthly_key_figures(cost, costs.outlook(cost), "sv")}[
        "costs_monthly_deviation_msek"
    ] is None
    assert investments.monthly_key_figures(investments.pace(empty_monthly(), {}), "sv") == []


# --- what the sections show ------------------------------------------------------------------------


def test_the_banner_is_shown_for_synthetic_rows_only(ledger, shown):
    chapter.example_banner(ledger, 2019, "sv")
    assert shown == []
    synthetic = ledger.assign(synthetic=ledger["report_year"] == 2019)
    chapter.example_banner(synthetic, 2019, "sv")
    (banner,) = shown
    assert "Exempeldata" in banner and "example-data" in banner and "inte regionens bokföring" in banner
    chapter.example_banner(synthetic, 2017, "sv")
    chapter.example_banner(empty_monthly(), 2019, "en")
    assert len(shown) == 1
    chapter.example_banner(synthetic, 2019, "en")
    assert "Example data" in shown[-1]


def test_an_empty_ledger_gives_one_line_per_section(shown):
    empty = empty_monthly()
    rows = mt.monthly_rows(empty, 2019)
    mt.show_monthly_intro(rows, 2019, "sv")
    assert mt.monthly_table(rows, 2019, "sv") is None
    assert mt.forecast_view(mt.outlook(rows), rows, 2019, "sv") is None
    assert mt.category_view(rows, 2019, "sv") is None and mt.category_chart(rows, 2019, "sv") is None
    cost = costs.cost_rows(empty, 2019)
    costs.show_monthly_intro(cost, 2019, "sv")
    assert costs.monthly_deviation_table(cost, 2019, "sv") is None
    assert costs.monthly_deviation_chart(cost, 2019, "sv") is None
    assert costs.forecast_view(costs.outlook(cost), cost, 2019, "sv") is None
    pace = investments.pace(investments.ledger_rows(empty, 2019), {})
    investments.show_monthly_intro(pace, 2019, "sv")
    assert investments.pace_table(pace, 2019, "sv") is None
    assert investments.pace_chart(pace, empty, 2019, "sv") is None
    assert len(shown) == 3
    assert all(s.startswith('<p class="note missing">Uppgift saknas för 2019:') for s in shown)
    assert "MT-underhåll per månad" in shown[0] and "avvikelse per månad" in shown[1]
    assert "investeringsutfall per månad" in shown[2]


def test_the_mt_section_with_ledger_data(ledger, shown):
    rows = mt.monthly_rows(ledger, 2019)
    mt.show_monthly_intro(rows, 2019, "sv")
    assert "3 månader" in shown[0] and "10,5" in shown[0] and "−0,9" in shown[0]
    mt.monthly_table(rows, 2019, "sv")
    html = shown[1].to_html()
    assert "Utfall ackumulerat*" in html and "10,5" in html and "-0,9" in html and "mars" in html
    assert "Härlett" in shown[2]
    chart = mt.forecast_view(mt.outlook(rows, 8), rows, 2019, "sv")
    assert chart is not None and any("Prognos för helåret" in s for s in shown if isinstance(s, str))
    styler = mt.category_view(rows, 2019, "sv", n=2)
    html = styler.to_html()
    assert "Sterilteknik" in html and "Övriga kategorier" in html and "-1,5" in html and "+0,6" in html
    assert mt.category_chart(rows, 2019, "sv") is not None


def test_the_cost_and_investment_sections_with_ledger_data(ledger, shown):
    cost = costs.cost_rows(ledger, 2019)
    costs.show_monthly_intro(cost, 2019, "en")
    assert "3 months" in shown[0] and "+0.6" in shown[0]
    html = costs.monthly_deviation_table(cost, 2019, "en").to_html()
    assert "Personalkostnader" in html and "Totalt" in html and "+0.2" in html and "Jan" in html
    assert costs.monthly_deviation_chart(cost, 2019, "en") is not None
    pace = investments.pace(investments.ledger_rows(ledger, 2019), {"IT": 10.0, "MT": 6.0, "Totalt": 16.0})
    investments.show_monthly_intro(pace, 2019, "sv")
    assert "6,0" in shown[-1] and "16,0" in shown[-1] and "38" in shown[-1]
    assert investments.pace_chart(pace, investments.ledger_rows(ledger, 2019), 2019, "sv") is not None


def test_data_labels_reach_the_tables_escaped(shown):
    rows = table([row(m, MT, 1.0, 1.0, "<script>x</script>") for m in (1, 2, 3)])
    html = mt.category_view(rows, 2019, "sv").to_html()
    assert "<script>" not in html and "&lt;script&gt;" in html
