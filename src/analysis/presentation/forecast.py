"""A full-year forecast (prognos) from the months of a ledger so far, with its interval.

The model, chosen for a year's monthly costs seen up to a cut-off month (the region's
reports make their forecast in August, on 8 months):

- ``"mean"`` (the default): every remaining month is expected to cost the mean of the months
  so far. It is OLS of the monthly outcome on a constant, so the interval is the t-interval
  of a sum of future months: with k months, mean m̄ and standard deviation s, the remaining
  r months sum to r·m̄ with variance r²·s²/k (the mean's uncertainty) + r·s² (each month's
  own spread), on k − 1 degrees of freedom. A division's costs run on a yearly budget that is
  level from month to month; with 3–11 points a fitted slope costs a degree of freedom and
  extrapolates noise (one late booking tilts it), which the pitfalls guide warns against for
  short series.
- ``"trend"``: OLS of the monthly outcome on a constant and the month number, for a series
  that really grows; the interval of the remaining months' sum comes from the fit's
  covariance in the same way, on k − 2 degrees of freedom.

Months already booked are known: the forecast is their sum plus the forecast of the months
not seen. Below :data:`MIN_MONTHS` months no forecast is made (the caller says why); with no
month left there is nothing to forecast. The interval assumes independent monthly errors;
seasonal bookings (a December with year-end accruals) are not modelled, and the page says
so, and that the figure is a forecast, not an outcome.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats
from statsmodels.regression.linear_model import OLS

MIN_MONTHS = 3
MONTHS = 12
LEVEL = 0.95
METHODS = ("mean", "trend")


@dataclass(frozen=True)
class Forecast:
    """The forecast of a year's total from months ``1..cutoff``; values in the series' unit."""

    method: str
    cutoff: int  # the last month the fit uses
    n: int  # months the fit uses
    level: float  # e.g. 0.95
    observed: float  # sum of the months used
    forecast: float  # observed + forecast of the remaining months
    low: float
    high: float
    remaining: tuple[int, ...]  # the months forecast
    monthly: pd.DataFrame  # month, mean: the expected outcome of each remaining month


def cutoff_month(months, forecast_month: int) -> int | None:
    """The month a forecast is made in: ``forecast_month``, or the last month present when
    the ledger ends earlier; None without months."""
    present = sorted(int(m) for m in pd.Series(months).dropna().unique())
    if not present:
        return None
    return min(int(forecast_month), present[-1])


def _design(months: np.ndarray, method: str) -> np.ndarray:
    ones = np.ones((len(months), 1))
    return ones if method == "mean" else np.column_stack([ones, months.astype(float)])


def full_year(months, values, cutoff: int, method: str = "mean", level: float = LEVEL) -> Forecast | None:
    """The full-year forecast from the months ``≤ cutoff`` of ``months``/``values`` (one value
    per month); None below :data:`MIN_MONTHS` months or when no month is left to forecast."""
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}, not {method!r}")
    data = pd.DataFrame({"month": list(months), "value": list(values)}).dropna()
    data = data[data["month"] <= int(cutoff)].groupby("month", as_index=False)["value"].sum()
    remaining = tuple(m for m in range(1, MONTHS + 1) if m not in set(data["month"]))
    if len(data) < MIN_MONTHS or not remaining:
        return None
    x = _design(data["month"].to_numpy(), method)
    fit = OLS(data["value"].to_numpy(dtype=float), x).fit()
    future = _design(np.array(remaining), method)
    expected = future @ fit.params
    total = future.sum(axis=0)
    scale = float(fit.scale) if fit.df_resid > 0 else 0.0
    variance = float(total @ fit.cov_params() @ total) + len(remaining) * scale
    observed = float(data["value"].sum())
    return from_fit(method, cutoff, len(data), level, observed, expected, remaining, variance, fit.df_resid)


def from_fit(
    method: str,
    cutoff: int,
    n: int,
    level: float,
    observed: float,
    expected: np.ndarray,
    remaining: tuple[int, ...],
    variance: float,
    df_resid: float,
) -> Forecast:
    """A full-year forecast from a fitted model: the ``observed`` months plus the ``expected``
    remaining ones, with the ``level`` interval of t(``df_resid``) × √``variance`` (NaN without
    residual degrees of freedom). Shared by this module's models and the profile model
    (:mod:`~analysis.presentation.profile_forecast`)."""
    half = stats.t.ppf(0.5 + level / 2, df_resid) * np.sqrt(max(variance, 0.0)) if df_resid > 0 else np.nan
    centre = observed + float(expected.sum())
    return Forecast(
        method=method,
        cutoff=int(cutoff),
        n=n,
        level=level,
        observed=observed,
        forecast=centre,
        low=float(centre - half),
        high=float(centre + half),
        remaining=remaining,
        monthly=pd.DataFrame({"month": list(remaining), "mean": expected}),
    )


def within(forecast: Forecast, actual: float) -> bool:
    """Whether ``actual`` lies inside the forecast's interval (a back-test)."""
    return bool(forecast.low <= actual <= forecast.high)
