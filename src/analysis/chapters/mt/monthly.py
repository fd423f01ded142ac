"""Chapter 3 month by month, from the year's ledger: MT service and maintenance (cost type
"MT service och underhåll") per month, its cumulative outcome against the cumulative
budget, the largest equipment categories with their deviations (budget − outcome,
positive = better than budget) and the full-year forecast (:mod:`analysis.chapters.forecasts`).

Without ledger rows for the year the section says so in one line and nothing else.
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

TOP_CATEGORIES = 5


def monthly_rows(ledger: pd.DataFrame, year: int) -> pd.DataFrame:
    """The year's ledger rows of MT service and maintenance."""
    return monthly.year_rows(ledger, year, [monthly.MT_COST_TYPE])


def show_monthly_intro(rows: pd.DataFrame, year: int, lang: str) -> None:
    """The section's opening sentence (months, outcome, budget, deviation), or the one-line
    note that the year has no ledger data."""
    if rows.empty:
        missing(year, t("mt.monthly.what", lang), lang)
        return
    months = monthly.by_month(rows)
    last = months.iloc[-1]
    if not monthly.has_budget(rows):
        fields = {"n": len(months), "outcome": formatting.msek(last["cum_outcome"], 1, lang)}
        first, end = (monthly.month_name(months["month"].iloc[i], lang) for i in (0, -1))
        paragraph(t("mt.monthly.intro_no_budget", lang, **fields, first=first, last=end))
        no_budget(year, t("monthly.no_budget", lang), lang)
        return
    paragraph(
        t(
            "mt.monthly.intro",
            lang,
            n=len(months),
            first=monthly.month_name(months["month"].iloc[0], lang),
            last=monthly.month_name(last["month"], lang),
            outcome=formatting.msek(last["cum_outcome"], 1, lang),
            budget=formatting.msek(last["cum_budget"], 1, lang),
            deviation=formatting.msek(last["cum_deviation"], 1, lang, signed=True),
        )
    )


def monthly_table(rows: pd.DataFrame, year: int, lang: str) -> None:
    """Show the table per month with the cumulative columns and the note on their formula
    (nothing without ledger data)."""
    from IPython.display import display

    if rows.empty:
        return
    caption = t("mt.monthly.caption", lang, year=year, unit=formatting.MONEY_UNIT[lang])
    display(monthly.month_table(monthly.by_month(rows), lang, caption))
    paragraph(t("monthly.cum_note", lang) if monthly.has_budget(rows) else t("monthly.cum_note_outcome", lang))


def outlook(rows: pd.DataFrame, forecast_month: int = 8) -> forecasts.Outlook:
    """The full-year forecast of MT maintenance from the months up to ``forecast_month``."""
    return forecasts.make(rows, forecast_month)


def forecast_view(found: forecasts.Outlook, rows: pd.DataFrame, year: int, lang: str):
    """The forecast sub-section: heading, sentences and the cumulative chart with the
    forecast (nothing without ledger data: the section's note says it)."""
    if rows.empty:
        return None
    heading(t("mt.monthly.h_forecast", lang), 3)
    forecasts.show(found, year, t("mt.monthly.name", lang), lang)
    return forecasts.chart(found, rows, year, t("mt.monthly.chart_title", lang, year=year), lang)


def category_frame(rows: pd.DataFrame, lang: str, n: int = TOP_CATEGORIES) -> pd.DataFrame:
    """The largest categories by outcome, the others and the total, formatted."""
    found = monthly.largest(rows, "mt_category", n)
    labels = [
        t("mt.monthly.others", lang) if o else (c or t("mt.monthly.no_category", lang))
        for c, o in zip(found["mt_category"], found["other"])
    ]
    frame = pd.DataFrame(
        {
            t("mt.monthly.col.category", lang): labels,
            t("monthly.col.outcome", lang): [monthly.money(v, lang) for v in found["outcome"]],
            t("monthly.col.budget", lang): [monthly.money(v, lang) for v in found["budget"]],
            t("monthly.col.deviation", lang): [monthly.money(v, lang, True) for v in found["deviation"]],
        }
    )
    return frame if monthly.has_budget(rows) else frame.iloc[:, :2]  # without a budget: the outcome


def category_view(rows: pd.DataFrame, year: int, lang: str, n: int = TOP_CATEGORIES):
    """The sub-section on the equipment categories: heading, the formula of the deviation
    and the table of the largest ones (nothing without ledger data)."""
    if rows.empty:
        return None
    heading(t("mt.monthly.h_categories", lang), 3)
    shown = min(n, rows["mt_category"].nunique())
    if monthly.has_budget(rows):
        paragraph(t("mt.monthly.categories_intro", lang, n=shown))
    else:
        paragraph(t("mt.monthly.categories_intro_no_budget", lang, n=shown))
    frame = category_frame(rows, lang, n)
    caption = t("mt.monthly.categories_caption", lang, year=year, unit=formatting.MONEY_UNIT[lang])
    return styled(frame, formats=dict.fromkeys(frame.columns[1:], str), caption=caption)


def category_chart(rows: pd.DataFrame, year: int, lang: str, n: int = TOP_CATEGORIES):
    """Diverging bars of the largest categories' deviations (None without budget or data)."""
    found = monthly.largest(rows, "mt_category", n)
    found = found[~found["other"] & ~found["total"] & found["deviation"].notna()]
    if found.empty:
        return None
    data = pd.DataFrame(
        {"label": [c or t("mt.monthly.no_category", lang) for c in found["mt_category"]], "value": found["deviation"]}
    )
    return charts.diverging_bars(
        data.sort_values("value", ascending=False, kind="stable"),
        t("mt.monthly.categories_chart", lang, year=year),
        "MSEK",
        monthly.source_line(rows, year, lang),
        lang,
        xlabel=t("monthly.deviation_axis", lang, unit=formatting.MONEY_UNIT[lang]),
    )


def monthly_key_figures(rows: pd.DataFrame, found: forecasts.Outlook, lang: str) -> list[KeyFigure]:
    """The ledger's MT sums over the months present and the forecast; None without ledger data."""
    months = monthly.by_month(rows)
    empty = months.empty
    last = None if empty else months.iloc[-1]
    span = "" if empty else f"{int(months['month'].iloc[0])}–{int(last['month'])}"
    value = lambda column: None if empty or pd.isna(last[column]) else round(float(last[column]), 6)
    rule = lambda key: "" if empty else t(key, lang, months=span)
    label = lambda key: t(f"mt.monthly.kf.{key}", lang)
    return [
        KeyFigure("mt_monthly_months", label("months"), len(months), headline=False),
        KeyFigure(
            "mt_monthly_outcome_msek",
            label("outcome"),
            value("cum_outcome"),
            "MSEK",
            True,
            rule("monthly.formula.sum_outcome"),
            headline=False,
        ),
        KeyFigure(
            "mt_monthly_budget_msek",
            label("budget"),
            value("cum_budget"),
            "MSEK",
            True,
            rule("monthly.formula.sum_budget"),
            headline=False,
        ),
        KeyFigure(
            "mt_monthly_deviation_msek",
            label("deviation"),
            value("cum_deviation"),
            "MSEK",
            True,
            rule("monthly.formula.sum_deviation"),
            headline=False,
        ),
        *forecasts.key_figures(found, "mt", t("mt.monthly.name", lang), lang),
    ]
