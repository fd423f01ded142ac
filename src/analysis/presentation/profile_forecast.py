"""A full-year forecast that knows the year's shape: the previous year's monthly profile.

A division's monthly costs are seasonal (a low July, a big December with the year-end
postings), which :func:`analysis.presentation.forecast.full_year` does not model. With the
previous year's ledger on file, with all twelve months, the profile ``p_1 … p_12`` is that
year's share of its total booked in each month (:func:`shares`; it sums to 1). The model,
for the months ``i ≤ cutoff`` seen this year:

- ``y_i = β·p_i + e_i`` with ``Var(e_i) = σ²·p_i``: weighted least squares (statsmodels
  ``WLS``, weights ``1/p_i``), so that a month's spread grows with its share, as a sum of
  many bookings does. Then ``β̂ = Σy/Σp`` = the outcome to date / the share of the year the
  previous year had booked by the cut-off month ``s = Σ_{i ≤ cutoff} p_i``: the estimate of
  this year's total, ``Var(β̂) = σ̂²/Σp`` and ``σ̂² = Σ (y_i − β̂·p_i)²/p_i / (n − 1)``.
- each remaining month ``j`` is expected to cost ``β̂·p_j`` (December's year-end share
  included), so the forecast is ``observed + β̂·(1 − s)``;
- the prediction interval of the remaining months' sum has variance
  ``(1 − s)²·Var(β̂) + σ̂²·(1 − s)`` (the estimate's uncertainty + each month's own spread),
  with the t quantile on ``n − 1`` degrees of freedom (``n`` months used).

Assumptions: this year has the previous year's shape (the same months carry the same share
of the year; a reorganisation, a new contract or a year-end posting moved to another month
breaks it) and independent monthly errors. The months already booked are known: they are
``observed``. As in :func:`~analysis.presentation.forecast.full_year`, no forecast below
:data:`~analysis.presentation.forecast.MIN_MONTHS` months, none with no month left.

Months whose previous-year share is ``p_i ≤ 0`` (nothing booked, or net credits, that month
a year ago) carry no information on ``β`` under ``Var ∝ p`` and no weight ``1/p_i``: a
seen month with ``p_i ≤ 0`` counts in ``observed`` but not in the fit (``n`` and ``Σp`` are
over the months with ``p_i > 0``; fewer than ``MIN_MONTHS`` of them: no forecast); a
remaining month with ``p_j ≤ 0`` is expected at ``β̂·p_j`` but adds no variance of its own
(``σ̂²·Σ max(p_j, 0)``, which is ``σ̂²·(1 − s)`` when every share is positive).

:func:`best` is what a page calls: the profile forecast when the previous year's shares
exist, else today's model (the mean per month), and which of the two it used.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from statsmodels.regression.linear_model import WLS

from analysis.presentation.forecast import LEVEL, MIN_MONTHS, MONTHS, Forecast, from_fit, full_year

METHOD = "profile"
FALLBACK = "mean_fallback"


def shares(months, values) -> pd.Series | None:
    """The share of the year booked in each month 1–12 (index 1..12, name ``share``, sums to
    1) of ``months``/``values`` (one year; several values of a month are summed); None unless
    all 12 months are present and the year's total is > 0."""
    data = pd.DataFrame({"month": list(months), "value": list(values)}).dropna()
    by_month = data.groupby("month")["value"].sum()
    by_month.index = by_month.index.astype(int)
    if set(by_month.index) != set(range(1, MONTHS + 1)):
        return None
    total = float(by_month.sum())
    if not total > 0:
        return None
    return (by_month.sort_index() / total).rename("share").rename_axis("month")


def _profile(profile) -> pd.Series:
    """``profile`` (shares by month, as :func:`shares` gives) on months 1..12, summing to 1."""
    p = pd.Series(profile, dtype=float)
    p.index = p.index.astype(int)
    p = p.reindex(range(1, MONTHS + 1))
    if p.isna().any() or not float(p.sum()) > 0:
        raise ValueError("profile must give a share for each month 1–12, with a positive sum")
    return p / float(p.sum())


def full_year_profile(months, values, cutoff: int, profile, level: float = LEVEL) -> Forecast | None:
    """The full-year forecast from the months ``≤ cutoff`` of ``months``/``values`` (one value
    per month) and the previous year's ``profile`` (:func:`shares`), ``method="profile"``;
    None below :data:`MIN_MONTHS` months (with a positive share) or when no month is left."""
    p = _profile(profile)
    data = pd.DataFrame({"month": list(months), "value": list(values)}).dropna()
    data = data[data["month"] <= int(cutoff)].groupby("month", as_index=False)["value"].sum()
    data["month"] = data["month"].astype(int)
    remaining = tuple(m for m in range(1, MONTHS + 1) if m not in set(data["month"]))
    fit_rows = data[p.reindex(data["month"]).fillna(0.0).to_numpy() > 0]
    if len(data) < MIN_MONTHS or len(fit_rows) < MIN_MONTHS or not remaining:
        return None
    shares_fit = p.loc[fit_rows["month"]].to_numpy()
    fit = WLS(fit_rows["value"].to_numpy(dtype=float), shares_fit[:, None], weights=1.0 / shares_fit).fit()
    beta, var_beta, scale = float(fit.params[0]), float(fit.cov_params()[0, 0]), float(fit.scale)
    future = p.loc[list(remaining)].to_numpy()
    expected = beta * future
    rest = float(future.sum())  # 1 − s
    variance = rest**2 * var_beta + scale * float(np.clip(future, 0, None).sum())
    observed = float(data["value"].sum())
    return from_fit(METHOD, cutoff, len(fit_rows), level, observed, expected, remaining, variance, fit.df_resid)


def best(
    months, values, cutoff: int, previous_months=None, previous_values=None, level: float = LEVEL
) -> tuple[Forecast | None, str]:
    """The forecast a page shows, and its model: (:func:`full_year_profile`, ``"profile"``)
    when the previous year's ``previous_months``/``previous_values`` give :func:`shares`, else
    (``full_year(..., method="mean")``, ``"mean_fallback"``). It falls back too when the
    profile leaves fewer than :data:`MIN_MONTHS` seen months with a positive share but the
    mean can be fitted (the page then says the previous year gave no profile)."""
    profile = None
    if previous_months is not None and previous_values is not None:
        profile = shares(previous_months, previous_values)
    mean = lambda: full_year(months, values, cutoff, method="mean", level=level)
    if profile is None:
        return mean(), FALLBACK
    fitted = full_year_profile(months, values, cutoff, profile, level=level)
    if fitted is None:
        fallback = mean()
        if fallback is not None:
            return fallback, FALLBACK
    return fitted, METHOD
