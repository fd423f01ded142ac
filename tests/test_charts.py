"""Chart helpers: the trend fit and what a notebook shows of a chart."""

from __future__ import annotations

import base64

import pandas as pd
import pytest

from analysis.presentation import charts


def test_no_trend_below_five_points_and_the_growth_of_an_exact_series():
    assert charts.fit_loglinear([2015, 2016, 2017, 2018], [10, 11, 12.1, 13.31]) is None
    fit = charts.fit_loglinear([2015, 2016, 2017, 2018, 2019], [10 * 1.1**i for i in range(5)])
    assert fit.n == 5 and fit.growth_percent == pytest.approx(10.0)
    assert fit.growth_low <= fit.growth_percent <= fit.growth_high


def test_a_chart_shows_as_png_with_its_title_and_source_as_alt_text():
    charts.setup()
    data = pd.DataFrame(
        {"label": ["IT", "MT"] * 2, "series": ["Ram"] * 2 + ["Utfall"] * 2, "value": [27.0, 55.0, 14.7, 54.3]}
    )
    fig = charts.grouped_bars(data, "Ram och utfall 2019", "MSEK", "Årsrapport 2019", "sv")
    data_bundle, metadata = fig._repr_mimebundle_()
    assert base64.b64decode(data_bundle["image/png"]).startswith(b"\x89PNG")
    assert metadata["image/png"]["alt"] == "Ram och utfall 2019. Källa: Årsrapport 2019"


def test_year_bars_draw_the_goal_as_a_dashed_line_named_in_the_legend():
    charts.setup()
    data = pd.DataFrame(
        {"year": [2016, 2017, 2019], "value": [3.49, 3.41, 4.0], "series": ["Sjukfrånvaro"] * 3, "derived": False}
    )
    fig = charts.year_bars(data, "Sjukfrånvaro", "percent", "Årsrapport 2019", "sv", goal=(3.0, "Mål 3 %"))
    ax = fig.axes[0]
    goal_lines = [line for line in ax.get_lines() if line.get_linestyle() == "--"]
    assert len(goal_lines) == 1 and list(goal_lines[0].get_ydata()) == [3.0, 3.0]
    assert "Mål 3 %" in [text.get_text() for text in ax.get_legend().get_texts()]
    plain = charts.year_bars(data, "Sjukfrånvaro", "percent", "Årsrapport 2019", "sv")
    assert not [line for line in plain.axes[0].get_lines() if line.get_linestyle() == "--"]


def test_the_trend_interval_drawn_is_in_the_values_table():
    """Issue 27, point 7: the band of the trend's 95 % interval is in the chart's values
    table beside the trend, the same numbers as the chart draws."""
    from analysis.presentation.chart_values import chart_values
    from analysis.presentation.formatting import number
    from analysis.texts import t

    charts.setup()
    data = pd.DataFrame({"year": [2015, 2016, 2017, 2018, 2019], "value": [9.0, 10.0, 13.0, 16.0, 14.7]})
    fig = charts.trend_chart(data, "IT", "MSEK", "Årsrapport 2019", "sv")
    table = chart_values(fig, "sv")
    fit = charts.fit_loglinear(data["year"], data["value"])
    trend = table["columns"].index(f"{t('common.trend_label', 'sv')} (mnkr)")
    cells = {row[0]: row[trend] for row in table["rows"]}
    for point in fit.fitted.itertuples():
        low, mean, high = (number(v, 2, "sv") for v in (point.lower, point.mean, point.upper))
        assert cells[str(point.year)] == f"{mean} ({low}–{high})"
    assert table["rows"][0][1] == "9,0"  # the bars keep their plain values
