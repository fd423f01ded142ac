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
