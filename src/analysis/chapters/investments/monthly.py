"""Chapter 4 month by month, from the year's ledger: the investment pace in its literal
sense, the cumulative outcome per month of IT, MT and in total against the year's frame
(table ``investments``, measure ``frame``), and the share of the frame spent by each month
end (derived: cumulative outcome / frame × 100).

The ledger's investment rows carry the cost types ``Investering IT`` and ``Investering MT``
(their ``mt_category`` names the investment row). Without them the section says so in one line.
"""

from __future__ import annotations

import pandas as pd

from analysis.chapters import ledger_months as monthly
from analysis.chapters.common import missing, paragraph
from analysis.presentation import formatting, monthly_charts
from analysis.presentation.keyfigures import KeyFigure
from analysis.presentation.tables import styled
from analysis.texts import t

CATEGORIES = ("IT", "MT", monthly.TOTAL)
PACE_COLUMNS = ["month", "category", "cum_outcome", "frame", "share_percent"]


def ledger_rows(ledger: pd.DataFrame, year: int) -> pd.DataFrame:
    """The year's ledger rows on investment accounts."""
    return monthly.year_rows(ledger, year, list(monthly.INVESTMENT_TYPES))


def frames(facts: pd.DataFrame, year: int) -> dict[str, float]:
    """The year's printed frame of IT, MT and Totalt (categories without one left out)."""
    sel = facts[
        (facts["table"] == "investments")
        & (facts["report_year"] == int(year))
        & (facts["measure"] == "frame")
        & (facts["parent"] == "")
        & ~facts["derived"].astype(bool)
        & facts["item"].isin(CATEGORIES)
    ]
    return {str(i): float(v) for i, v in zip(sel["item"], sel["value"])}


def pace(rows: pd.DataFrame, frame: dict[str, float]) -> pd.DataFrame:
    """Cumulative outcome and share of the frame per month end and category (IT, MT, Totalt),
    for the months the rows have (columns :data:`PACE_COLUMNS`; share NaN without a frame)."""
    if rows.empty:
        return pd.DataFrame({c: pd.Series(dtype="float64") for c in PACE_COLUMNS}).astype({"category": "str"})
    months = monthly.months_present(rows)
    parts = []
    for category in CATEGORIES:
        picked = (
            rows if category == monthly.TOTAL else rows[rows["cost_type"].map(monthly.INVESTMENT_TYPES) == category]
        )
        cum = monthly.by_month(picked).set_index("month")["cum_outcome"].reindex(months).ffill().fillna(0.0)
        limit = frame.get(category, float("nan"))
        share = cum / limit * 100 if limit else cum * float("nan")
        parts.append(
            pd.DataFrame({"month": months, "category": category, "cum_outcome": cum.to_numpy(), "frame": limit}).assign(
                share_percent=share.to_numpy()
            )
        )
    return pd.concat(parts, ignore_index=True)[PACE_COLUMNS]


def show_monthly_intro(found: pd.DataFrame, year: int, lang: str) -> None:
    """The section's opening sentence (spent of the frame by the last month), or the
    one-line note that the year's ledger has no investment rows."""
    if found.empty:
        missing(year, t("investment_pace.monthly.what", lang), lang)
        return
    total = found[found["category"] == monthly.TOTAL].iloc[-1]
    key = "investment_pace.monthly.intro" if pd.notna(total["frame"]) else "investment_pace.monthly.intro_no_frame"
    paragraph(
        t(
            key,
            lang,
            month=monthly.month_name(total["month"], lang),
            outcome=formatting.msek(total["cum_outcome"], 1, lang),
            frame=formatting.msek(total["frame"], 1, lang),
            share=formatting.percent(total["share_percent"], 0, lang),
        )
    )


def pace_table(found: pd.DataFrame, year: int, lang: str) -> None:
    """Show per month the cumulative outcome and share of the frame of IT, MT and Totalt,
    and the note on their formulas (nothing without data)."""
    from IPython.display import display

    if found.empty:
        return
    out = {t("monthly.col.month", lang): [monthly.month_name(m, lang) for m in found["month"].unique()]}
    for category in CATEGORIES:
        rows = found[found["category"] == category]
        out[t("investment_pace.monthly.col.outcome", lang, category=category)] = [
            monthly.money(v, lang) for v in rows["cum_outcome"]
        ]
        out[t("investment_pace.monthly.col.share", lang, category=category)] = [
            formatting.percent(v, 0, lang) for v in rows["share_percent"]
        ]
    frame = pd.DataFrame(out)
    caption = t("investment_pace.monthly.caption", lang, year=year, unit=formatting.MONEY_UNIT[lang])
    display(styled(frame, formats=dict.fromkeys(frame.columns[1:], str), total_rows=[], caption=caption))
    paragraph(t("investment_pace.monthly.note", lang))


def pace_chart(found: pd.DataFrame, rows: pd.DataFrame, year: int, lang: str):
    """Lines of the share of the frame spent by each month end (None without a frame)."""
    data = found.dropna(subset=["share_percent"])
    if data.empty:
        return None
    return monthly_charts.share_chart(
        data.rename(columns={"category": "series", "share_percent": "value"}),
        t("investment_pace.monthly.chart_title", lang, year=year),
        monthly.source_line(rows, year, lang),
        lang,
    )


def monthly_key_figures(found: pd.DataFrame, lang: str) -> list[KeyFigure]:
    """The total share of the frame at each month end present (``investments_pace_percent_MM``)
    and the cumulative total outcome; none without ledger investment rows."""
    total = found[found["category"] == monthly.TOTAL]
    figures = []
    for _, row in total.iterrows():
        month = int(row["month"])
        value = None if pd.isna(row["share_percent"]) else round(float(row["share_percent"]), 6)
        figures.append(
            KeyFigure(
                f"investments_pace_percent_{month:02d}",
                t("investment_pace.monthly.kf.share", lang, month=monthly.month_name(month, lang)),
                value,
                "percent",
                True,
                t("investment_pace.monthly.formula", lang, month=month) if value is not None else "",
                headline=False,
            )
        )
    if not total.empty:
        figures.append(
            KeyFigure(
                "investments_monthly_outcome_msek",
                t("investment_pace.monthly.kf.outcome", lang),
                round(float(total["cum_outcome"].iloc[-1]), 6),
                "MSEK",
                True,
                t("monthly.formula.sum_outcome", lang, months=f"1–{int(total['month'].iloc[-1])}"),
                headline=False,
            )
        )
    return figures
