"""The full-year forecast from a ledger's months: known answers on constructed series, the
interval, the cut-off month, no forecast below 3 months, and the chapters' wrapper
(sentences, back-test, key figures with their formulas)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.chapters import forecasts
from analysis.facts.schema import typed_monthly
from analysis.presentation import forecast as model

MT = "MT service och underhåll"


def ledger(values: dict[int, float], cost_type: str = MT) -> pd.DataFrame:
    """A tiny monthly table (one row per month) in exactly the processed schema."""
    return typed_monthly(
        pd.DataFrame(
            {
                "year": 2019,
                "report_year": 2019,
                "period": [201900 + m for m in values],
                "month": list(values),
                "cost_type": cost_type,
                "business_area": "15 Medicinsk Teknik",
                "mt_category": "EKG",
                "outcome": list(values.values()),
                "budget": 1.0,
                "source": "2019/huvudbok.se",
                "rows": 1,
                "synthetic": False,
            }
        )
    )


def test_a_constant_series_forecasts_twelve_times_the_month_with_no_spread():
    fc = model.full_year(range(1, 9), [1.0] * 8, cutoff=8)
    assert fc.method == "mean" and fc.n == 8 and fc.cutoff == 8 and fc.remaining == (9, 10, 11, 12)
    assert fc.observed == pytest.approx(8.0)
    assert fc.forecast == pytest.approx(12.0)
    assert fc.low == pytest.approx(12.0) and fc.high == pytest.approx(12.0)


def test_the_mean_model_interval_is_the_t_interval_of_the_remaining_sum():
    values = [1.0, 2.0, 1.5, 1.2, 1.8, 1.1, 1.6, 1.4]
    fc = model.full_year(range(1, 9), values, cutoff=8)
    k, r, mean, s = 8, 4, np.mean(values), np.std(values, ddof=1)
    half = 2.364624251592785 * s * np.sqrt(r**2 / k + r)  # t(0.975, 7)
    assert fc.forecast == pytest.approx(sum(values) + r * mean)
    assert fc.low == pytest.approx(fc.forecast - half) and fc.high == pytest.approx(fc.forecast + half)
    assert fc.low < sum(values) + r * mean < fc.high


def test_a_linear_trend_is_found_by_the_trend_model_and_missed_by_the_mean():
    months = list(range(1, 9))
    values = [0.5 + 0.25 * m for m in months]  # 0,75 … 2,5; the whole year sums to 25,5
    exact = sum(0.5 + 0.25 * m for m in range(1, 13))
    trend = model.full_year(months, values, cutoff=8, method="trend")
    assert trend.forecast == pytest.approx(exact) and trend.high - trend.low == pytest.approx(0.0, abs=1e-9)
    assert list(trend.monthly["mean"]) == pytest.approx([0.5 + 0.25 * m for m in (9, 10, 11, 12)])
    mean = model.full_year(months, values, cutoff=8)
    assert mean.forecast < exact and not model.within(mean, exact)


def test_months_after_the_cutoff_are_not_used():
    fc = model.full_year(range(1, 13), [1.0] * 8 + [50.0] * 4, cutoff=8)
    assert fc.forecast == pytest.approx(12.0)


def test_below_three_months_there_is_no_forecast():
    assert model.full_year([1, 2], [1.0, 1.0], cutoff=8) is None
    assert model.full_year([1, 2, 3], [1.0, 1.0, 1.0], cutoff=2) is None
    assert model.full_year([1, 2, 3], [1.0, 1.2, 0.9], cutoff=8) is not None


def test_nothing_is_left_to_forecast_at_december():
    assert model.full_year(range(1, 13), [1.0] * 12, cutoff=12) is None


def test_an_unknown_method_is_refused():
    with pytest.raises(ValueError, match="method"):
        model.full_year(range(1, 9), [1.0] * 8, cutoff=8, method="holt")


def test_the_cutoff_is_the_forecast_month_or_the_last_month_present():
    assert model.cutoff_month(range(1, 13), 8) == 8
    assert model.cutoff_month([1, 2, 3, 4, 5], 8) == 5
    assert model.cutoff_month([], 8) is None


def test_a_full_year_ledger_is_back_tested_against_the_actual_outcome():
    outlook = forecasts.make(ledger(dict.fromkeys(range(1, 13), 1.0)), forecast_month=8)
    assert outlook.forecast.forecast == pytest.approx(12.0) and outlook.actual == pytest.approx(12.0)
    text = forecasts.sentences(outlook, "MT-underhållet", "sv")
    assert "Prognos för helåret" in text[0] and "12,0" in text[0] and "n = 8" in text[0] and "95" in text[0]
    assert "medelvärde per månad" in text[0] and "prognos, inte ett utfall" in text[0]
    assert "bokslutsposterna i december" in text[0]  # what the model leaves out is on the page
    assert text[1].startswith("Efterhandskontroll") and "inom" in text[1]


def test_an_actual_outside_the_interval_is_said_to_be_outside():
    values = {m: 1.0 + (0.01 if m % 2 else -0.01) for m in range(1, 9)} | dict.fromkeys(range(9, 13), 5.0)
    outlook = forecasts.make(ledger(values), forecast_month=8)
    assert "utanför" in forecasts.sentences(outlook, "MT", "sv")[1]
    kf = {f.key: f for f in forecasts.key_figures(outlook, "mt", "MT", "en")}
    assert kf["mt_forecast_within"].value is False


def test_a_partial_year_is_forecast_from_its_last_month_without_a_back_test():
    outlook = forecasts.make(ledger({1: 1.0, 2: 1.1, 3: 0.9, 4: 1.0, 5: 1.0}), forecast_month=8)
    assert outlook.cutoff == 5 and outlook.forecast.n == 5 and outlook.actual is None
    assert len(forecasts.sentences(outlook, "MT", "en")) == 1


def test_two_months_give_no_forecast_and_the_page_says_why():
    outlook = forecasts.make(ledger({1: 1.0, 2: 1.0}), forecast_month=8)
    assert outlook.forecast is None and outlook.reason == "too_few"
    (sentence,) = forecasts.sentences(outlook, "MT maintenance", "en")
    assert "No forecast for MT maintenance" in sentence and "only 2 months" in sentence and "at least 3" in sentence
    kf = {f.key: f.value for f in forecasts.key_figures(outlook, "mt", "MT", "en")}
    assert kf["mt_forecast_msek"] is None and kf["mt_forecast_low_msek"] is None


def test_an_empty_ledger_has_no_forecast():
    outlook = forecasts.make(ledger({}), forecast_month=8)
    assert outlook.reason == "no_data" and outlook.forecast is None and outlook.cutoff is None


def test_forecast_key_figures_are_derived_with_their_formula():
    outlook = forecasts.make(ledger(dict.fromkeys(range(1, 9), 1.0)), forecast_month=8)
    kf = {f.key: f for f in forecasts.key_figures(outlook, "costs", "costs", "sv")}
    assert kf["costs_forecast_msek"].value == pytest.approx(12.0)
    assert kf["costs_forecast_low_msek"].value == pytest.approx(12.0)
    assert kf["costs_forecast_high_msek"].value == pytest.approx(12.0)
    assert kf["costs_forecast_month"].value == 8
    for key in ("costs_forecast_msek", "costs_forecast_low_msek", "costs_forecast_high_msek"):
        assert kf[key].derived and "medelvärdet" in kf[key].formula and "n = 8" in kf[key].formula
        assert not kf[key].headline
    assert "costs_forecast_within" not in kf  # no actual without a full-year ledger


def test_the_forecast_chart_states_method_and_n():
    rows = ledger(dict.fromkeys(range(1, 9), 1.0))
    outlook = forecasts.make(rows, forecast_month=8)
    fig = forecasts.chart(outlook, rows, 2019, "MT", "sv")
    texts = [t.get_text() for ax in fig.axes for t in ax.texts] + [t.get_text() for t in fig.texts]
    assert any("n = 8 månader" in x and "medelvärde per månad" in x and "95" in x for x in texts)
    assert any("Huvudbok 2019 (2019/huvudbok.se" in x for x in texts)
    assert forecasts.chart(forecasts.make(ledger({}), 8), ledger({}), 2019, "MT", "sv") is None
