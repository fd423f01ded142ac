"""The period report's investments: the outcome to date on the ledger's investment accounts
(``Investering IT``, ``Investering MT``), month by month, and the pace against the year's plan
(the frame of ``investeringar.csv``): the share of the frame spent by month N beside the share
of the year gone (N ÷ 12). Without investment rows in the ledger one line says so."""

from __future__ import annotations

import math

import pandas as pd

from analysis.chapters import investments
from analysis.chapters import ledger_months as monthly
from analysis.chapters.common import paragraph
from analysis.chapters.period import note, to_date
from analysis.periods import Period
from analysis.presentation import formatting
from analysis.presentation.keyfigures import KeyFigure
from analysis.texts import t
from analysis.texts.periods import months_text


def rows(ledger: pd.DataFrame, period: Period) -> pd.DataFrame:
    """The ledger's investment rows of months 1..N."""
    return to_date.to_date(investments.ledger_rows(ledger, period.year), period)


def pace(found_rows: pd.DataFrame, facts: pd.DataFrame, period: Period) -> pd.DataFrame:
    """Cumulative outcome and share of the frame per month end and category, months 1..N."""
    return investments.pace(found_rows, investments.frames(facts, period.year))


def show(found_rows: pd.DataFrame, found: pd.DataFrame, period: Period, lang: str):
    """The sentence on the pace, the table and the chart; one line without investment rows in the ledger."""
    if found_rows.empty:
        note(t("period.investments.none", lang, year=period.year))
        return None
    total = found[found["category"] == monthly.TOTAL].iloc[-1]
    elapsed = period.month / 12 * 100
    fields = {
        "months": months_text(period, lang),
        "outcome": formatting.msek(total["cum_outcome"], 1, lang),
        "elapsed": formatting.percent(elapsed, 0, lang),
    }
    if math.isnan(float(total["frame"])):
        paragraph(t("period.investments.no_frame", lang, year=period.year, **fields))
    else:
        paragraph(
            t(
                "period.investments.pace",
                lang,
                frame=formatting.msek(total["frame"], 1, lang),
                share=formatting.percent(total["share_percent"], 0, lang),
                **fields,
            )
        )
    investments.pace_table(found, period.year, lang)
    return investments.pace_chart(found, found_rows, period.year, lang)


def key_figures(found: pd.DataFrame, period: Period, lang: str) -> list[KeyFigure]:
    """The investment outcome to date and the share of the frame spent (derived)."""
    total = found[found["category"] == monthly.TOTAL]
    last = total.iloc[-1] if not total.empty else None
    value = lambda v: None if v is None or math.isnan(float(v)) else round(float(v), 6)  # noqa: E731
    span = f"1–{period.month}"
    return [
        KeyFigure(
            "investments_period_outcome_msek",
            t("period.kf.investments_outcome", lang, months=months_text(period, lang)),
            value(last["cum_outcome"]) if last is not None else None,
            "MSEK",
            True,
            t("monthly.formula.sum_outcome", lang, months=span),
        ),
        KeyFigure(
            "investments_period_share_percent",
            t("period.kf.investments_share", lang),
            value(last["share_percent"]) if last is not None else None,
            "percent",
            True,
            t("period.formula.share", lang, months=span),
        ),
    ]
