"""The period report's MT maintenance: the outcome to date of the cost type ``MT service och
underhåll``, its growth against the same months of the previous year, per MT category, and the
forecast for the year (:mod:`.outlook`, with the previous year's profile where it is on file)."""

from __future__ import annotations

import math

import pandas as pd

from analysis.chapters import ledger_months as monthly
from analysis.chapters.common import missing, paragraph
from analysis.chapters.period import costs, to_date
from analysis.chapters.period import outlook as outlooks
from analysis.periods import Period
from analysis.presentation import formatting
from analysis.presentation.keyfigures import KeyFigure
from analysis.texts import t
from analysis.texts.periods import months_text

CATEGORY = "mt_category"


def rows(ledger: pd.DataFrame, year: int) -> pd.DataFrame:
    """The year's ledger rows of MT maintenance (all months)."""
    return to_date.year_rows(ledger, year, [monthly.MT_COST_TYPE])


def growth(year_rows: pd.DataFrame, previous: pd.DataFrame, period: Period) -> dict:
    """Outcome to date, the previous year's same months, the change and the growth in %."""
    frame = to_date.group_table(year_rows, previous, None, period).iloc[0]
    return {k: float(frame[k]) for k in ("outcome", "previous", "change", "change_pct")}


def summary(year_rows: pd.DataFrame, previous: pd.DataFrame, total: outlooks.Outlook, period: Period, lang: str):
    """The opening: outcome to date, growth against the same months of the previous year and the forecast."""
    if year_rows.empty:
        missing(period.year, t("mt.monthly.what", lang), lang)
        return
    found = growth(year_rows, previous, period)
    text = t(
        "period.mt.outcome", lang, months=months_text(period, lang), outcome=formatting.msek(found["outcome"], 1, lang)
    )
    if not math.isnan(found["previous"]):
        text += " " + t(
            "period.mt.growth",
            lang,
            months=months_text(period, lang, period.year - 1),
            previous=formatting.msek(found["previous"], 1, lang),
            pct=formatting.percent(found["change_pct"], 1, lang, signed=True),
        )
    else:
        text += " " + t("period.mt.no_previous", lang, year=period.year - 1)
    if total.forecast is not None:
        text += " " + t(
            "period.mt.forecast",
            lang,
            forecast=formatting.msek(total.forecast.forecast, 1, lang),
            low=formatting.msek(total.forecast.low, 1, lang),
            high=formatting.msek(total.forecast.high, 1, lang),
        )
    paragraph(text)


def category_table(year_rows: pd.DataFrame, previous: pd.DataFrame, period: Period, lang: str):
    """Per MT category: outcome and budget to date, deviation, the previous year's same months."""
    return costs.outcome_table(year_rows, previous, CATEGORY, period, lang)


def key_figures(year_rows: pd.DataFrame, previous: pd.DataFrame, total: outlooks.Outlook, period: Period, lang: str):
    """MT outcome to date, its growth against the same months of the previous year, the forecast."""
    found = growth(year_rows, previous, period) if not year_rows.empty else {}
    value = lambda v: None if v is None or math.isnan(v) else round(float(v), 6)  # noqa: E731
    span = f"1–{period.month}"
    return [
        KeyFigure(
            "mt_period_outcome_msek",
            t("period.kf.mt_outcome", lang, months=months_text(period, lang)),
            value(found.get("outcome")),
            "MSEK",
            True,
            t("monthly.formula.sum_outcome", lang, months=span),
        ),
        KeyFigure(
            "mt_period_growth_percent",
            t("period.kf.mt_growth", lang),
            value(found.get("change_pct")),
            "percent",
            True,
            t("period.formula.growth", lang, months=span),
        ),
        *outlooks.key_figures(total, "mt", t("period.kf.mt_forecast", lang), lang),
    ]
