"""Chapter 2 month by month, from the year's ledger: the deviation (budget − outcome,
positive = better than budget) per month, per cost type and in total over the five cost
types, and the full-year forecast of the total costs (:mod:`analysis.chapters.forecasts`).

Income, investments and unmapped accounts are left out, as in the cost table the ledger
derives (``docs/ledger.md``). Without ledger rows for the year the section says so in one line.
"""

from __future__ import annotations

import pandas as pd

from analysis.chapters import forecasts
from analysis.chapters import ledger_months as monthly
from analysis.chapters.common import heading, missing, no_budget, paragraph
from analysis.presentation import charts, formatting
from analysis.presentation.keyfigures import KeyFigure
from analysis.presentation.tables import styled
from analysis.texts import t


def cost_rows(ledger: pd.DataFrame, year: int) -> pd.DataFrame:
    """The year's ledger rows of the five cost types."""
    return monthly.year_rows(ledger, year, monthly.COST_TYPES)


def show_monthly_intro(rows: pd.DataFrame, year: int, lang: str) -> None:
    """The section's opening sentence, or the one-line note that the year has no ledger data."""
    if rows.empty:
        missing(year, t("costs.monthly.what", lang), lang)
        return
    months = monthly.by_month(rows)
    if not monthly.has_budget(rows):  # the outcome per month, and one line on the budget
        outcome = formatting.msek(months["cum_outcome"].iloc[-1], 1, lang)
        paragraph(t("costs.monthly.intro_no_budget", lang, n=len(months), outcome=outcome))
        no_budget(year, t("monthly.no_budget", lang), lang)
        return
    worst = months.loc[months["deviation"].idxmin()] if months["deviation"].notna().any() else None
    paragraph(
        t(
            "costs.monthly.intro",
            lang,
            n=len(months),
            deviation=formatting.msek(months["cum_deviation"].iloc[-1], 1, lang, signed=True),
        )
    )
    if worst is not None:
        paragraph(
            t(
                "costs.monthly.worst",
                lang,
                month=monthly.month_name(worst["month"], lang),
                deviation=formatting.msek(worst["deviation"], 1, lang, signed=True),
            )
        )


def deviation_frame(rows: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Deviation per month (rows) and cost type (columns) with the total, formatted; the
    outcome instead for a year without a budget."""
    budget = monthly.has_budget(rows)
    found = monthly.deviation_by_month(rows, column="deviation" if budget else "outcome")
    out = {t("monthly.col.month", lang): [monthly.month_name(m, lang) for m in found["month"]]}
    for column in found.columns[1:]:
        out[column] = [monthly.money(v, lang, budget) for v in found[column]]
    return pd.DataFrame(out)


def monthly_deviation_table(rows: pd.DataFrame, year: int, lang: str):
    """The styled table of the deviation per month and cost type (None without ledger data)."""
    if rows.empty:
        return None
    frame = deviation_frame(rows, lang)
    fields = {"year": year, "unit": formatting.MONEY_UNIT[lang]}
    if monthly.has_budget(rows):
        caption = t("costs.monthly.caption", lang, **fields)
    else:
        caption = t("costs.monthly.caption_outcome", lang, **fields)
    return styled(frame, formats=dict.fromkeys(frame.columns[1:], str), total_rows=[], caption=caption)


def monthly_deviation_chart(rows: pd.DataFrame, year: int, lang: str):
    """Diverging bars of the total deviation per month, in month order (None without a budget)."""
    months = monthly.by_month(rows)
    months = months[months["deviation"].notna()]
    if months.empty:
        return None
    data = pd.DataFrame({"label": [monthly.month_name(m, lang) for m in months["month"]], "value": months["deviation"]})
    return charts.diverging_bars(
        data,
        t("costs.monthly.chart_title", lang, year=year),
        "MSEK",
        monthly.source_line(rows, year, lang),
        lang,
        xlabel=t("monthly.deviation_axis", lang, unit=formatting.MONEY_UNIT[lang]),
    )


def outlook(rows: pd.DataFrame, forecast_month: int = 8) -> forecasts.Outlook:
    """The full-year forecast of the total costs from the months up to ``forecast_month``."""
    return forecasts.make(rows, forecast_month)


def forecast_view(found: forecasts.Outlook, rows: pd.DataFrame, year: int, lang: str):
    """The forecast sub-section: heading, sentences and the cumulative chart (nothing
    without ledger data: the section's note says it)."""
    if rows.empty:
        return None
    heading(t("costs.monthly.h_forecast", lang), 3)
    forecasts.show(found, year, t("costs.monthly.name", lang), lang)
    return forecasts.chart(found, rows, year, t("costs.monthly.forecast_chart", lang, year=year), lang)


def monthly_key_figures(rows: pd.DataFrame, found: forecasts.Outlook, lang: str) -> list[KeyFigure]:
    """The ledger's total deviation over the months present and the cost forecast."""
    months = monthly.by_month(rows)
    value = None
    if not months.empty and pd.notna(months["cum_deviation"].iloc[-1]):
        value = round(float(months["cum_deviation"].iloc[-1]), 6)
    span = "" if months.empty else f"{int(months['month'].iloc[0])}–{int(months['month'].iloc[-1])}"
    return [
        KeyFigure(
            "costs_monthly_deviation_msek",
            t("costs.monthly.kf.deviation", lang),
            value,
            "MSEK",
            True,
            t("monthly.formula.sum_deviation", lang, months=span) if value is not None else "",
            headline=False,
        ),
        *forecasts.key_figures(found, "costs", t("costs.monthly.name", lang), lang),
    ]
