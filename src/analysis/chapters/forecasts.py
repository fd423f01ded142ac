"""The full-year forecast (prognos) of a monthly series, as the chapters show and record it.

:func:`make` fits :func:`analysis.presentation.forecast.full_year` on the months up to the
cut-off (the notebook parameter ``forecast_month``, 8 by default as in the region's August
forecast; the last month present when the ledger ends earlier). With fewer than 3 months
there is no forecast and the page says why; never an extrapolation from too little. With a
full-year ledger the year's actual outcome is shown beside the forecast: a back-test of
whether the forecast's interval held it.

Every figure here is derived, and recorded with its formula.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.chapters import ledger_months as monthly
from analysis.chapters.common import missing, paragraph
from analysis.presentation import forecast as model
from analysis.presentation import formatting, monthly_charts
from analysis.presentation.keyfigures import KeyFigure
from analysis.texts import t


@dataclass(frozen=True)
class Outlook:
    """A series' forecast, or why there is none (``reason``: ``no_data``, ``too_few``, ``complete``)."""

    months: pd.DataFrame  # monthly.by_month of the series
    cutoff: int | None
    forecast: model.Forecast | None
    reason: str = ""
    actual: float | None = None  # the full year's outcome, when the ledger has all 12 months


def make(rows: pd.DataFrame, forecast_month: int = 8, method: str = "mean") -> Outlook:
    """The forecast of the rows' yearly outcome from months ``1..cutoff`` (see module doc)."""
    months = monthly.by_month(rows)
    cutoff = model.cutoff_month(months["month"], forecast_month)
    if cutoff is None:
        return Outlook(months, None, None, "no_data")
    fitted = model.full_year(months["month"], months["outcome"], cutoff, method=method)
    actual = float(months["outcome"].sum()) if monthly.full_year(rows) else None
    if fitted is None:
        used = int((months["month"] <= cutoff).sum())
        return Outlook(months, cutoff, None, "too_few" if used < model.MIN_MONTHS else "complete", actual)
    return Outlook(months, cutoff, fitted, "", actual)


def _fields(outlook: Outlook, lang: str) -> dict:
    fc = outlook.forecast
    return {
        "method": t(f"monthly.method.{fc.method}", lang),
        "n": fc.n,
        "month": monthly.month_name(fc.cutoff, lang),
        "level": formatting.percent(fc.level * 100, 0, lang),
        "forecast": formatting.msek(fc.forecast, 1, lang),
        "low": formatting.msek(fc.low, 1, lang),
        "high": formatting.msek(fc.high, 1, lang),
    }


def sentences(outlook: Outlook, what: str, lang: str) -> list[str]:
    """What the page says about the forecast of ``what`` (a label: "MT-underhållet")."""
    if outlook.forecast is None:
        key = "monthly.forecast.complete" if outlook.reason == "complete" else "monthly.forecast.too_few"
        n = int((outlook.months["month"] <= (outlook.cutoff or 0)).sum())
        return [t(key, lang, what=what, n=n, least=model.MIN_MONTHS)]
    out = [t("monthly.forecast.text", lang, what=what, **_fields(outlook, lang))]
    if outlook.actual is not None:
        inside = model.within(outlook.forecast, outlook.actual)
        key = "monthly.forecast.backtest_in" if inside else "monthly.forecast.backtest_out"
        out.append(t(key, lang, actual=formatting.msek(outlook.actual, 1, lang), level=_fields(outlook, lang)["level"]))
    return out


def show(outlook: Outlook, year: int, what: str, lang: str) -> None:
    """Show the forecast's sentences, or the one-line note for a year without ledger data."""
    if outlook.reason == "no_data":
        missing(year, t("monthly.what.forecast", lang), lang)
        return
    for sentence in sentences(outlook, what, lang):
        paragraph(sentence)


def chart(outlook: Outlook, rows: pd.DataFrame, year: int, title: str, lang: str):
    """Cumulative outcome and budget with the forecast's path and interval (None without data)."""
    if outlook.months.empty:
        return None
    return monthly_charts.cumulative_chart(
        outlook.months, title, monthly.source_line(rows, year, lang), lang, forecast=outlook.forecast
    )


def formula(outlook: Outlook, lang: str) -> str:
    """How the forecast was computed (for its key figures)."""
    fc = outlook.forecast
    return t(f"monthly.formula.forecast_{fc.method}", lang, cutoff=fc.cutoff, n=fc.n, level=round(fc.level * 100))


def key_figures(outlook: Outlook, prefix: str, label: str, lang: str) -> list[KeyFigure]:
    """``<prefix>_forecast_msek`` with its interval (``_low``/``_high``), the cut-off month,
    and with a full-year ledger the actual outcome and whether it fell inside."""
    fc = outlook.forecast
    value = lambda v: None if fc is None else round(float(v), 6)
    rule = formula(outlook, lang) if fc is not None else ""
    level = "" if fc is None else f" ({formatting.percent(fc.level * 100, 0, lang)})"
    bounds = (
        ("", "forecast", "forecast", ""),
        ("_low", "forecast_low", "low", level),
        ("_high", "forecast_high", "high", level),
    )
    figures = [
        KeyFigure(
            f"{prefix}_forecast{suffix}_msek",
            t(f"monthly.kf.{message}", lang, what=label) + note,
            value(fc and getattr(fc, attr)),
            "MSEK",
            True,
            rule,
            headline=False,
        )
        for suffix, message, attr, note in bounds
    ] + [
        KeyFigure(
            f"{prefix}_forecast_month",
            t("monthly.kf.forecast_month", lang),
            None if fc is None else fc.cutoff,
            headline=False,
        )
    ]
    if fc is not None and outlook.actual is not None:
        figures.append(
            KeyFigure(
                f"{prefix}_forecast_within",
                t("monthly.kf.forecast_within", lang, what=label),
                model.within(fc, outlook.actual),
                headline=False,
            )
        )
    return figures
