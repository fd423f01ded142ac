"""The period report's data quality: what the period leaves out of the year's ledger (the
rows dated after its month, counted, with their sum), which months the ledger has, and the
year's cleaning as the annual chapter shows it (the notebook shows that part)."""

from __future__ import annotations

import pandas as pd

from analysis.chapters.common import paragraph
from analysis.chapters.period import left_out_line, to_date
from analysis.presentation.keyfigures import KeyFigure
from analysis.texts import t


def months_booked(ledger: pd.DataFrame, year: int) -> list[int]:
    """The months the year's ledger has outcome in."""
    rows = to_date.year_rows(ledger, year)
    return sorted(int(m) for m in rows.loc[rows["outcome_rows"] > 0, "month"].unique()) if not rows.empty else []


def show(ledger: pd.DataFrame, ctx: dict, lang: str) -> None:
    """The months the ledger has, the period's months, and the rows left out."""
    period = ctx["period"]
    months = months_booked(ledger, period.year)
    span = f"{months[0]}–{months[-1]}" if months else "–"
    paragraph(t("period.quality.months", lang, year=period.year, span=span, n=len(months), month=period.month))
    left_out_line(ledger, ctx, lang)


def key_figures(ledger: pd.DataFrame, ctx: dict, lang: str) -> list[KeyFigure]:
    """The rows the period leaves out (for programs and the index)."""
    period = ctx["period"]
    later = to_date.left_out(to_date.year_rows(ledger, period.year), period)
    return [
        KeyFigure(
            "period_rows_left_out",
            t("period.kf.left_out", lang),
            later.rows,
            "count",
            True,
            t("period.formula.left_out", lang, month=period.month),
            headline=False,
        )
    ]
