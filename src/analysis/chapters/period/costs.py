"""The period report's cost chapter: outcome to date against the budget to date, per cost type
and per business area, the same months of the previous year, the full-year forecast with its
interval against the year's budget and the year's result forecast, beside the division's own
forecast (``prognos.csv``) where there is one.

The rows are the ledger's five cost types (:data:`analysis.chapters.ledger_months.COST_TYPES`);
income, investments and unmapped accounts are left out, as in the annual chapter. Every
figure is derived (:mod:`.to_date`, :mod:`.outlook`), with its formula in the table's notes.
"""

from __future__ import annotations

import math

import pandas as pd

from analysis.chapters import ledger_months as monthly
from analysis.chapters.common import missing, paragraph
from analysis.chapters.period import note, own_forecast, to_date
from analysis.chapters.period import outlook as outlooks
from analysis.periods import Period
from analysis.presentation import formatting, monthly_charts
from analysis.presentation.keyfigures import KeyFigure
from analysis.presentation.tables import styled
from analysis.texts import t
from analysis.texts.periods import months_text

COST_TYPE, BUSINESS_AREA = "cost_type", "business_area"


def rows(ledger: pd.DataFrame, year: int) -> pd.DataFrame:
    """The year's ledger rows of the five cost types (all months: the budget is the year's)."""
    return to_date.year_rows(ledger, year, monthly.COST_TYPES)


def _money(value: float | None, lang: str, signed: bool = False) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return formatting.number(value, 1, lang, signed=signed and round(float(value), 1) != 0)


def _pct(value: float | None, lang: str) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return formatting.number(value, 1, lang, signed=round(float(value), 1) != 0)


def show_basis(year_rows: pd.DataFrame, period: Period, lang: str) -> None:
    """One line on how the budget to date is made when the budget is yearly; a note without one."""
    basis = to_date.budget_basis(year_rows)
    if basis == to_date.YEARLY:
        note(t("period.budget.yearly", lang, month=period.month))
    elif basis == to_date.NO_BUDGET:
        note(t("period.budget.none", lang, year=period.year))


def outcome_table(year_rows: pd.DataFrame, previous: pd.DataFrame, column: str, period: Period, lang: str):
    """Per cost type or business area: outcome and budget to date, deviation, the previous
    year's same months and the change (None without ledger rows)."""
    if year_rows.empty:
        return None
    frame = _with_total(year_rows, previous, column, period)
    months = months_text(period, lang)
    before = months_text(period, lang, period.year - 1)
    has_previous = previous is not None and not previous.empty
    shown = pd.DataFrame(
        {
            t(f"period.col.{column}", lang): frame["name"],
            t("period.col.outcome", lang, months=months): [_money(v, lang) for v in frame["outcome"]],
            t("period.col.budget", lang, months=months): [_money(v, lang) for v in frame["budget_to_date"]],
            t("period.col.deviation", lang): [_money(v, lang, True) for v in frame["deviation"]],
        }
    )
    if has_previous:
        shown[t("period.col.previous", lang, months=before)] = [_money(v, lang) for v in frame["previous"]]
        shown[t("period.col.change", lang)] = [_money(v, lang, True) for v in frame["change"]]
        shown[t("period.col.change_pct", lang)] = [_pct(v, lang) for v in frame["change_pct"]]
    caption = t(f"period.costs.caption.{column}", lang, months=months, unit=formatting.MONEY_UNIT[lang])
    return styled(shown, formats=dict.fromkeys(shown.columns[1:], str), total_rows=[len(shown) - 1], caption=caption)


def _with_total(year_rows, previous, column, period: Period) -> pd.DataFrame:
    basis = to_date.budget_basis(year_rows)
    groups = to_date.group_table(year_rows, previous, column, period, basis)
    total = to_date.group_table(year_rows, previous, None, period, basis).assign(name=monthly.TOTAL)
    return pd.concat([groups, total], ignore_index=True)


def group_outlooks(year_rows, previous, column: str, period: Period) -> dict[str, outlooks.Outlook]:
    """The forecast of each cost type or business area, and of the total (key ``Totalt``)."""
    found = {}
    for name in sorted(set(year_rows[column])):
        before = previous[previous[column] == name] if previous is not None and not previous.empty else None
        found[name] = outlooks.make(year_rows[year_rows[column] == name], before, period)
    found[monthly.TOTAL] = outlooks.make(year_rows, previous, period)
    return found


def forecast_table(year_rows, previous, column: str, period: Period, own: pd.DataFrame, lang: str):
    """Per cost type or business area: the full-year forecast with its interval, the year's
    budget, the forecast deviation (budget − forecast), and the division's own forecast with
    the difference and whether it falls inside the interval (where ``prognos.csv`` has it)."""
    if year_rows.empty:
        return None
    found = group_outlooks(year_rows, previous, column, period)
    frame = _with_total(year_rows, previous, column, period)
    names = list(frame["name"])
    fc = [found[n].forecast for n in names]
    budget = list(frame["budget_year"])
    level = formatting.percent(95, 0, lang)
    shown = pd.DataFrame(
        {
            t(f"period.col.{column}", lang): names,
            t("period.col.forecast", lang): [_money(f.forecast if f else None, lang) for f in fc],
            t("period.col.interval", lang, level=level): [outlooks.interval(found[n], lang) for n in names],
            t("period.col.budget_year", lang): [_money(b, lang) for b in budget],
            t("period.col.forecast_deviation", lang): [
                _money(b - f.forecast if f else None, lang, True) for f, b in zip(fc, budget)
            ],
        }
    )
    mine = own_forecast.with_total(own_forecast.by_name(own, column, period), names[:-1], monthly.TOTAL)
    if mine:
        own_values = [mine.get(n) for n in names]
        shown[t("period.col.own", lang)] = [_money(v, lang) for v in own_values]
        shown[t("period.col.own_difference", lang)] = [
            _money(v - f.forecast if v is not None and f else None, lang, True) for v, f in zip(own_values, fc)
        ]
        shown[t("period.col.own_inside", lang)] = [
            "–" if v is None or f is None else t("period.yes" if f.low <= v <= f.high else "period.no", lang)
            for v, f in zip(own_values, fc)
        ]
    caption = t(f"period.forecast.caption.{column}", lang, year=period.year, unit=formatting.MONEY_UNIT[lang])
    return styled(shown, formats=dict.fromkeys(shown.columns[1:], str), total_rows=[len(shown) - 1], caption=caption)


def summary(year_rows: pd.DataFrame, total: outlooks.Outlook, period: Period, lang: str) -> str:
    """The chapter's opening: outcome to date against the budget to date, and the forecast."""
    frame = to_date.group_table(year_rows, None, None, period)
    row = frame.iloc[0]
    months = months_text(period, lang)
    text = t("period.costs.summary_outcome", lang, months=months, outcome=formatting.msek(row["outcome"], 1, lang))
    if not math.isnan(row["budget_to_date"]):
        text += " " + t(
            "period.costs.summary_budget",
            lang,
            budget=formatting.msek(row["budget_to_date"], 1, lang),
            deviation=formatting.msek(row["deviation"], 1, lang, signed=True),
        )
    if total.forecast is not None:
        text += " " + t(
            "period.costs.summary_forecast",
            lang,
            forecast=formatting.msek(total.forecast.forecast, 1, lang),
            low=formatting.msek(total.forecast.low, 1, lang),
            high=formatting.msek(total.forecast.high, 1, lang),
        )
        if not math.isnan(row["budget_year"]):
            result = row["budget_year"] - total.forecast.forecast
            text += " " + t("period.costs.summary_result", lang, result=formatting.msek(result, 1, lang, signed=True))
    return text


def forecast_view(year_rows: pd.DataFrame, total: outlooks.Outlook, period: Period, lang: str, what: str = "costs"):
    """The forecast of the total (``what``: ``costs`` or ``mt``): the model's line and the
    cumulative chart with the forecast's path and interval (the budget as the budget to date)."""
    if year_rows.empty:
        missing(period.year, t(f"{what}.monthly.what", lang), lang)
        return None
    paragraph(outlooks.model_line(total, lang))
    months = _cumulative(year_rows, period)
    title = t(f"period.{what}.chart", lang, year=period.year)
    return monthly_charts.cumulative_chart(
        months, title, monthly.source_line(to_date.to_date(year_rows, period), period.year, lang), lang, total.forecast
    )


def _cumulative(year_rows: pd.DataFrame, period: Period) -> pd.DataFrame:
    """Cumulative outcome and budget of months 1..N; a yearly budget as twelfths."""
    series = to_date.monthly_series(year_rows, period)
    basis = to_date.budget_basis(year_rows)
    if basis == to_date.MONTHLY:
        budget = year_rows.groupby("month")["budget"].sum().reindex(series["month"]).to_numpy()
    elif basis == to_date.YEARLY:
        budget = [float(year_rows["budget"].sum()) / 12] * len(series)
    else:
        budget = [float("nan")] * len(series)
    out = series.assign(budget=budget)
    out["cum_outcome"] = out["outcome"].cumsum()
    out["cum_budget"] = out["budget"].cumsum(skipna=False)
    return out


def key_figures(year_rows: pd.DataFrame, total: outlooks.Outlook, period: Period, lang: str) -> list[KeyFigure]:
    """Outcome, budget and deviation to date, the forecast with its interval and month, and the
    result forecast: the keys ``costs_forecast_msek`` … that the annual chapter's keys share, so
    that how the forecast moved reads both."""
    frame = to_date.group_table(year_rows, None, None, period) if not year_rows.empty else None
    row = frame.iloc[0] if frame is not None else None
    span = f"1–{period.month}"
    value = lambda v: None if v is None or (isinstance(v, float) and math.isnan(v)) else round(float(v), 6)  # noqa: E731
    fc = total.forecast
    figures = [
        KeyFigure(
            "costs_period_outcome_msek",
            t("period.kf.outcome", lang, months=months_text(period, lang)),
            value(row["outcome"]) if row is not None else None,
            "MSEK",
            True,
            t("monthly.formula.sum_outcome", lang, months=span),
        ),
        KeyFigure(
            "costs_period_deviation_msek",
            t("period.kf.deviation", lang),
            value(row["deviation"]) if row is not None else None,
            "MSEK",
            True,
            t("period.formula.deviation", lang, months=span),
        ),
        *outlooks.key_figures(total, "costs", t("period.kf.forecast", lang), lang),
    ]
    if fc is not None and row is not None and not math.isnan(row["budget_year"]):
        figures.append(
            KeyFigure(
                "costs_result_forecast_msek",
                t("period.kf.result", lang),
                value(row["budget_year"] - fc.forecast),
                "MSEK",
                True,
                t("period.formula.result", lang),
            )
        )
    return figures
