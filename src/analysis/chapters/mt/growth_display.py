"""Chapter 3's growth section: each cost type's change against the previous year beside
MT's, computed from the tables (or ledgers) or as the report states it, as a table and bars.
"""

from __future__ import annotations

import pandas as pd
from pandas.io.formats.style import Styler

from analysis.chapters import common as chapter
from analysis.chapters.mt.text import capital, pct
from analysis.chapters.mt.views import COST_TABLE, KF_TABLE, MARK, MtFigures
from analysis.presentation import charts
from analysis.presentation.tables import styled
from analysis.texts import t


def _growth_note(row: pd.Series, lang: str) -> str:
    """Where a row's change comes from: computed from the tables (with the report's own
    statement and its status beside it), stated in the report, or missing."""
    if row["kind"] == "net_cost":
        return t("mt.growth.net_cost", lang, source=row["source"])
    if pd.isna(row["change_percent"]):
        return t("mt.growth.missing", lang)
    if row["origin"] == "stated":
        return t("mt.growth.reported", lang, source=row["source"])
    note = t("mt.growth.computed", lang, sources=row["source"])
    if pd.notna(row["stated"]):
        status = t(f"mt.status.{row['status'].replace(' ', '_')}", lang)
        stated = pct(row["stated"], lang, signed=True)
        note += t("mt.growth.also_stated", lang, stated=stated, status=status, source=row["stated_source"])
    return note


def growth_table(comparison: pd.DataFrame, figs: MtFigures, lang: str) -> pd.DataFrame:
    """The growth comparison in the chapter's language, missing figures said as missing; with
    the first year with a table value, the change since it and the average per year where a
    row has a period longer than the change against the previous year."""
    labels = {"net_cost": "mt.net_cost_label", "total": "mt.total_label"}
    decimals = 1 if (comparison["origin"] == "computed").any() else 0
    frame = pd.DataFrame(
        {
            t("mt.col.cost_type", lang): [
                capital(t(labels[k], lang)) if k == "total" else i
                for i, k in zip(comparison["item"], comparison["kind"])
            ],
            t("mt.col.change", lang, prev=figs.previous_year): [
                pct(v, lang, decimals, signed=True) for v in comparison["change_percent"]
            ],
            t("mt.col.note", lang): [_growth_note(r, lang) for _, r in comparison.iterrows()],
        }
    )
    if "first_year" not in comparison or comparison["first_year"].isna().all():
        return frame
    signed = lambda values: [pct(v, lang, 1, signed=True) if pd.notna(v) else "–" for v in values]
    period = {
        t("mt.col.first_year", lang): ["–" if pd.isna(y) else str(int(y)) for y in comparison["first_year"]],
        t("mt.col.since_first", lang): signed(comparison["since_first_percent"]),
        t("mt.col.average_rate", lang): signed(comparison["average_rate_percent"]),
    }
    return pd.concat([frame.iloc[:, :2], pd.DataFrame(period), frame.iloc[:, 2:]], axis=1)


def growth_view(figs: MtFigures | None, comparison: pd.DataFrame, year: int, lang: str) -> Styler | None:
    """The growth comparison table after a sentence on where the changes come from; the
    missing note when the year gives no MT growth."""
    if figs is None or figs.growth_percent is None:
        chapter.missing(year, t("mt.missing.growth", lang), lang)
        return None
    types = comparison[comparison["kind"] == "cost_type"]
    fields = {"prev": figs.previous_year, "n": int(types["change_percent"].notna().sum()), "total": len(types)}
    if (types["origin"] == "computed").any():
        fields["n"] = int((types["origin"] == "computed").sum())
        chapter.paragraph(t("mt.growth.intro_computed", lang, **fields))
    elif (comparison["kind"] == "net_cost").any():
        chapter.paragraph(t("mt.growth.intro", lang, **fields))
    else:
        chapter.paragraph(t("mt.growth.intro_no_net", lang, **fields))
    if "first_year" in comparison and comparison["first_year"].notna().any():
        chapter.paragraph(t("mt.growth.since_first_formula", lang, year=year))
    frame = growth_table(comparison, figs, lang)
    marked = [i for i, m in enumerate(comparison["is_mt"]) if m]
    styler = styled(frame, formats=dict.fromkeys(frame.columns[1:-1], str), total_rows=[])
    return styler.apply(lambda row: [MARK if row.name in marked else "" for _ in row], axis=1)


def growth_chart(figs: MtFigures | None, comparison: pd.DataFrame, lang: str):
    """Plain bars of the changes (computed or stated; the section's note covers a year
    without them: None)."""
    if figs is None or figs.growth_percent is None:
        return None
    given = comparison.dropna(subset=["change_percent"])
    labels = {"net_cost": "mt.net_cost_label", "total": "mt.total_label"}
    names = [capital(t(labels[k], lang)) if k in labels else i for i, k in zip(given["item"], given["kind"])]
    data = pd.DataFrame(
        {"label": names, "series": t("mt.chart.series_change", lang), "value": given["change_percent"].to_numpy()}
    )
    computed = (given["origin"] == "computed").any()
    missing = int(comparison["change_percent"].isna().sum())
    if missing:
        key = "mt.chart.growth_computed" if computed else "mt.chart.growth"
    else:  # a caption with nothing missing says nothing about missing
        key = "mt.chart.growth_computed_all" if computed else "mt.chart.growth_all"
    title = t(key, lang, prev=figs.previous_year, n=missing)
    tables = [COST_TABLE, KF_TABLE] if computed else [KF_TABLE]
    return charts.grouped_bars(data, title, "percent", chapter.source(figs.year, tables, lang), lang)
