"""A period's full-year forecast of a ledger series (costs, a cost type, MT maintenance).

The forecast is fitted on months 1..N of the year (:mod:`.to_date`). With the previous
year's ledger on file, with all twelve months, it uses that year's monthly profile
(:mod:`analysis.presentation.profile_forecast`: the share of the year booked by month N,
December's year-end postings included); without it, today's model (the mean per month,
:mod:`analysis.presentation.forecast`) and the page says so. Below 3 months there is no
forecast; in December there is nothing left to forecast.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.chapters.period import to_date
from analysis.periods import Period
from analysis.presentation import forecast as model
from analysis.presentation import formatting
from analysis.presentation.keyfigures import KeyFigure
from analysis.presentation.profile_forecast import best
from analysis.texts import t

NO_DATA, TOO_FEW, COMPLETE = "no_data", "too_few", "complete"


@dataclass(frozen=True)
class Outlook:
    """A series' forecast for the year from months 1..N, or why there is none."""

    period: Period
    series: pd.DataFrame  # month, outcome: months 1..N
    forecast: model.Forecast | None
    model: str = ""  # "profile" or "mean_fallback"
    reason: str = ""

    @property
    def outcome(self) -> float:
        """The outcome to date (MSEK)."""
        return float(self.series["outcome"].sum())


def make(rows: pd.DataFrame, previous: pd.DataFrame | None, period: Period) -> Outlook:
    """The forecast of ``rows``' year total (``previous``: the same series' rows of the year before)."""
    series = to_date.monthly_series(rows, period)
    if series.empty:
        return Outlook(period, series, None, reason=NO_DATA)
    profile = None
    previous = to_date.comparable(rows, previous)  # the same cost types (business areas) only
    if previous is not None and to_date.full_year(previous):
        profile = to_date.monthly_series(previous)
    fitted, used = best(
        series["month"],
        series["outcome"],
        period.month,
        None if profile is None else profile["month"],
        None if profile is None else profile["outcome"],
    )
    if fitted is None:
        reason = TOO_FEW if len(series) < model.MIN_MONTHS else COMPLETE
        return Outlook(period, series, None, used, reason)
    return Outlook(period, series, fitted, used)


def interval(outlook: Outlook, lang: str) -> str:
    """``87,1–93,4`` (MSEK, one decimal), or "–" without a forecast."""
    fc = outlook.forecast
    if fc is None:
        return "–"
    return f"{formatting.number(fc.low, 1, lang)}–{formatting.number(fc.high, 1, lang)}"


def formula(outlook: Outlook, lang: str) -> str:
    """How the forecast was computed (its key figures' formula)."""
    fc = outlook.forecast
    if fc is None:
        return ""
    return t(f"monthly.formula.forecast_{fc.method}", lang, cutoff=fc.cutoff, n=fc.n, level=round(fc.level * 100))


def model_line(outlook: Outlook, lang: str) -> str:
    """One line: which model, fitted on how many months; the fallback says why."""
    if outlook.forecast is None:
        key = "period.forecast.complete" if outlook.reason == COMPLETE else "period.forecast.too_few"
        return t(key, lang, n=len(outlook.series), least=model.MIN_MONTHS)
    fc = outlook.forecast
    text = t(
        "period.forecast.model",
        lang,
        method=t(f"monthly.method.{fc.method}", lang),
        n=fc.n,
        level=formatting.percent(fc.level * 100, 0, lang),
    )
    if outlook.model == "mean_fallback":
        text += " " + t("period.forecast.no_profile", lang, year=outlook.period.year - 1)
    return text


def key_figures(outlook: Outlook, prefix: str, label: str, lang: str) -> list[KeyFigure]:
    """``<prefix>_forecast_msek`` with its interval (``_low_msek``, ``_high_msek``) and the month
    it was made in: the keys the annual chapters record too, which :mod:`.movement` reads."""
    fc = outlook.forecast
    rule = formula(outlook, lang)
    value = lambda v: None if fc is None else round(float(v), 6)  # noqa: E731
    low, high = t("period.kf.forecast_low", lang), t("period.kf.forecast_high", lang)
    return [
        KeyFigure(f"{prefix}_forecast_msek", label, value(fc and fc.forecast), "MSEK", True, rule),
        KeyFigure(f"{prefix}_forecast_low_msek", low, value(fc and fc.low), "MSEK", True, rule, headline=False),
        KeyFigure(f"{prefix}_forecast_high_msek", high, value(fc and fc.high), "MSEK", True, rule, headline=False),
        KeyFigure(
            f"{prefix}_forecast_month", t("monthly.kf.forecast_month", lang), outlook.period.month, headline=False
        ),
    ]
