"""The full-year forecast from the previous year's monthly profile (WLS): a case computed by
hand, December's year-end share, months without a share, the interval, no forecast below 3
months, and :func:`best` falling back to the mean per month without a full previous year."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from analysis.presentation import forecast as model
from analysis.presentation import profile_forecast as pf

MONTHS = list(range(1, 13))
#: the previous year: 2 a month, a low July (1) and a big December (9) with year-end postings; 30 in all
PREVIOUS = [2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 1.0, 2.0, 2.0, 2.0, 2.0, 9.0]
#: this year's months 1–4, 8,4 in all
SEEN = [2.2, 1.8, 2.4, 2.0]


def test_shares_are_the_previous_years_share_of_each_month():
    p = pf.shares(MONTHS, PREVIOUS)
    assert list(p.index) == MONTHS and p.sum() == pytest.approx(1.0)
    assert p[1] == pytest.approx(2 / 30) and p[7] == pytest.approx(1 / 30) and p[12] == pytest.approx(9 / 30)
    # several values of a month are summed (a monthly table has a row per cost type)
    doubled = pf.shares(MONTHS + MONTHS, PREVIOUS + PREVIOUS)
    assert list(doubled) == pytest.approx(list(p))


def test_no_shares_without_all_twelve_months_or_a_positive_total():
    assert pf.shares(MONTHS[:11], PREVIOUS[:11]) is None
    assert pf.shares(MONTHS, [np.nan] + PREVIOUS[1:]) is None
    assert pf.shares(MONTHS, [0.0] * 12) is None
    assert pf.shares(MONTHS, [-1.0] * 12) is None


def test_a_case_computed_by_hand():
    # s = 8/30; beta = 8,4 / (8/30) = 31,5; each seen month is expected at 31,5 × 2/30 = 2,1, so the
    # residuals are 0,1, −0,3, 0,3, −0,1: sigma² = (0,01 + 0,09 + 0,09 + 0,01) / (2/30) / 3 = 1,0,
    # Var(beta) = sigma² / s = 3,75; the remaining share 1 − s = 22/30 gives the variance
    # (22/30)² × 3,75 + 1,0 × 22/30 = 2,0166… + 0,7333… = 2,75; forecast 8,4 + 31,5 × 22/30 = 31,5
    fc = pf.full_year_profile(range(1, 5), SEEN, cutoff=4, profile=pf.shares(MONTHS, PREVIOUS))
    assert fc.method == "profile" and fc.n == 4 and fc.cutoff == 4 and fc.remaining == tuple(range(5, 13))
    assert fc.observed == pytest.approx(8.4) and fc.forecast == pytest.approx(31.5)
    half = 3.182446305284263 * np.sqrt(2.75)  # t(0.975, 3)
    assert fc.low == pytest.approx(31.5 - half) and fc.high == pytest.approx(31.5 + half)
    # the same with numpy and scipy, from the formulas
    p, y = np.array(PREVIOUS) / 30, np.array(SEEN)
    s = p[:4].sum()
    beta = y.sum() / s
    sigma2 = np.sum((y - beta * p[:4]) ** 2 / p[:4]) / 3
    variance = (1 - s) ** 2 * sigma2 / s + sigma2 * (1 - s)
    assert beta == pytest.approx(31.5) and sigma2 == pytest.approx(1.0) and variance == pytest.approx(2.75)
    assert fc.high - fc.forecast == pytest.approx(stats.t.ppf(0.975, 3) * np.sqrt(variance))
    assert fc.forecast == pytest.approx(y.sum() + beta * (1 - s))


def test_the_remaining_months_follow_the_profile_december_included():
    fc = pf.full_year_profile(range(1, 5), SEEN, cutoff=4, profile=pf.shares(MONTHS, PREVIOUS))
    expected = [31.5 * v / 30 for v in PREVIOUS[4:]]  # July 1,05, December 9,45
    assert list(fc.monthly["month"]) == list(range(5, 13)) and list(fc.monthly["mean"]) == pytest.approx(expected)
    assert fc.monthly["mean"].iloc[-1] == pytest.approx(9.45)
    # the mean per month misses December's year-end postings: 8,4 + 8 × 2,1 = 25,2
    mean = model.full_year(range(1, 5), SEEN, cutoff=4)
    assert mean.forecast == pytest.approx(25.2) and fc.forecast - mean.forecast == pytest.approx(6.3)


def test_a_year_with_the_previous_years_shape_is_forecast_exactly():
    this_year = [1.1 * v for v in PREVIOUS]
    fc = pf.full_year_profile(range(1, 9), this_year[:8], cutoff=8, profile=pf.shares(MONTHS, PREVIOUS))
    assert fc.forecast == pytest.approx(33.0) and fc.high - fc.low == pytest.approx(0.0, abs=1e-9)
    assert model.within(fc, sum(this_year))


def test_the_interval_widens_when_the_months_disagree_with_the_profile():
    profile = pf.shares(MONTHS, PREVIOUS)
    agreeing = pf.full_year_profile(range(1, 5), SEEN, cutoff=4, profile=profile)
    disagreeing = pf.full_year_profile(range(1, 5), [3.0, 1.0, 3.4, 1.0], cutoff=4, profile=profile)
    assert disagreeing.forecast == pytest.approx(agreeing.forecast)  # the same 8,4 to date
    assert disagreeing.high - disagreeing.low > 3 * (agreeing.high - agreeing.low)


def test_months_after_the_cutoff_are_not_used_and_december_leaves_nothing():
    profile = pf.shares(MONTHS, PREVIOUS)
    fc = pf.full_year_profile(range(1, 13), SEEN + [50.0] * 8, cutoff=4, profile=profile)
    assert fc.forecast == pytest.approx(31.5)
    assert pf.full_year_profile(MONTHS, PREVIOUS, cutoff=12, profile=profile) is None


def test_below_three_months_there_is_no_forecast():
    profile = pf.shares(MONTHS, PREVIOUS)
    assert pf.full_year_profile([1, 2], [2.0, 2.0], cutoff=8, profile=profile) is None
    assert pf.full_year_profile([1, 2, 3], [2.0, 2.0, 2.0], cutoff=2, profile=profile) is None
    assert pf.full_year_profile([1, 2, 3], [2.0, 2.2, 1.9], cutoff=8, profile=profile) is not None
    assert pf.best([1, 2], [2.0, 2.0], 8, MONTHS, PREVIOUS)[0] is None


def test_a_month_without_a_share_counts_as_booked_but_not_in_the_fit():
    previous = PREVIOUS[:6] + [0.0] + PREVIOUS[7:]  # nothing booked in July a year ago: 29 in all
    seen = [2.2, 1.8, 2.4, 2.0, 2.1, 1.9, 0.5, 2.0]
    fc = pf.full_year_profile(range(1, 9), seen, cutoff=8, profile=pf.shares(MONTHS, previous))
    assert fc.n == 7 and fc.observed == pytest.approx(sum(seen))
    beta = (sum(seen) - 0.5) / (14 / 29)  # July left out of the fit
    assert fc.forecast == pytest.approx(sum(seen) + beta * 15 / 29)


def test_a_profile_is_given_on_months_1_to_12():
    with pytest.raises(ValueError):
        pf.full_year_profile(range(1, 5), SEEN, cutoff=4, profile=pd.Series([0.5, 0.5], index=[1, 2]))


def test_best_uses_the_profile_when_the_previous_year_is_complete():
    fc, used = pf.best(range(1, 5), SEEN, 4, MONTHS, PREVIOUS)
    assert used == "profile" and fc.method == "profile" and fc.forecast == pytest.approx(31.5)


@pytest.mark.parametrize(
    "previous", [(None, None), (MONTHS[:11], PREVIOUS[:11]), (MONTHS, [0.0] * 12)], ids=["none", "11", "zero"]
)
def test_best_falls_back_to_the_mean_without_a_full_previous_year(previous):
    fc, used = pf.best(range(1, 5), SEEN, 4, *previous)
    assert used == "mean_fallback" and fc.method == "mean"
    mean = model.full_year(range(1, 5), SEEN, 4, method="mean")
    assert (fc.forecast, fc.low, fc.high) == pytest.approx((mean.forecast, mean.low, mean.high))
    assert fc.forecast == pytest.approx(25.2)
