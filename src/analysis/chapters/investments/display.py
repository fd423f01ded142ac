"""What chapter 4 shows in its notebook: frame and split tables and charts, the cases,
the IT history chart, or the one-line note for a year without the data.
"""

from __future__ import annotations

import pandas as pd

from analysis.chapters.common import missing, paragraph, source
from analysis.chapters.investments.text import cases_text, history_source, item_label, status_label
from analysis.chapters.investments.views import case_summary, missing_years, table_decimals
from analysis.presentation import charts, formatting
from analysis.presentation.tables import styled
from analysis.texts import t


def frame_chart_data(rows: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Long data (label, series, value) for frame against outcome of the categories."""
    top = rows[(rows["level"] == 0) & rows["frame"].notna()]
    frame = pd.DataFrame(
        {
            "label": [item_label(i, lang) for i in top["item"]],
            "series": t("investment_pace.series.frame", lang),
            "value": top["frame"],
        }
    )
    outcome = pd.DataFrame(
        {
            "label": [item_label(i, lang) for i in top["item"]],
            "series": t("investment_pace.series.outcome", lang),
            "value": top["outcome"],
        }
    )
    return pd.concat([frame, outcome], ignore_index=True)


def split_chart_data(rows: pd.DataFrame, year: int, lang: str) -> pd.DataFrame:
    """Long data (label, series, value): outcome on earlier and on this year's decisions."""
    top = rows[rows["level"] == 0]
    parts = []
    for measure, key in (("outcome_prior_decisions", "prior"), ("outcome_current_decisions", "current")):
        parts.append(
            pd.DataFrame(
                {
                    "label": [item_label(i, lang) for i in top["item"]],
                    "series": t(f"investment_pace.series.{key}", lang, year=year),
                    "value": top[measure],
                }
            )
        )
    return pd.concat(parts, ignore_index=True).dropna(subset=["value"])


def _chart_source(rows: pd.DataFrame, year: int, lang: str) -> str:
    """The report's table, or the year's investment register where its sums are the rows."""
    if rows["source"].astype(str).str.contains("investeringsprojekt").any():
        return t("investment_pace.register.source", lang, year=year)
    return source(year, ["investments"], lang)


def frame_chart(rows: pd.DataFrame, year: int, lang: str):
    """Grouped bars: approved frame against total outcome per category."""
    data = frame_chart_data(rows, lang)
    if data.empty:  # the year has no investment table: the text above says so
        return None
    return charts.grouped_bars(
        data,
        t("investment_pace.chart.frame", lang, year=year),
        "MSEK",
        _chart_source(rows, year, lang),
        lang,
        order=list(dict.fromkeys(data["series"])),
    )


def split_chart(rows: pd.DataFrame, year: int, lang: str):
    """Grouped bars: outcome on earlier years' decisions against this year's, per category."""
    data = split_chart_data(rows, year, lang)
    if data.empty:
        return None
    return charts.grouped_bars(
        data,
        t("investment_pace.chart.split", lang, year=year),
        "MSEK",
        _chart_source(rows, year, lang),
        lang,
        order=list(dict.fromkeys(data["series"])),
    )


def _indented(rows: pd.DataFrame, lang: str) -> list[str]:
    return [
        ("\u2003–\u00a0" if level else "") + item_label(item, lang) for item, level in zip(rows["item"], rows["level"])
    ]


def _nowrap_labels(styler):
    """Keep the (indented) row labels on one line."""
    return styler.set_properties(subset=[styler.data.columns[0]], **{"white-space": "nowrap"})


def frame_table(rows: pd.DataFrame, year: int, lang: str):
    """Frame, outcome and use of the frame per category and sub-category (sub-rows have
    no frame of their own)."""
    dec = table_decimals(rows)
    money = lambda v: formatting.number(v, dec, lang)
    unit = lambda key: t("investment_pace.col.unit_msek", lang, label=t(key, lang, year=year))
    cols = {
        t("investment_pace.col.item", lang): _indented(rows, lang),
        unit("investment_pace.col.frame"): rows["frame"],
        unit("investment_pace.col.outcome"): rows["outcome"],
        t("investment_pace.col.utilisation", lang): rows["percent"],
    }
    frame = pd.DataFrame(cols)
    names = list(frame.columns)
    formats = {names[1]: money, names[2]: money, names[3]: lambda v: formatting.number(v, 0, lang)}
    return _nowrap_labels(styled(frame, formats))


def split_table(rows: pd.DataFrame, year: int, lang: str):
    """Outcome on earlier and this year's decisions per category and sub-category, the
    share on earlier decisions and the frame not used for this year's decisions."""
    dec = table_decimals(rows)
    money = lambda v: formatting.number(v, dec, lang)
    unit = lambda key: t("investment_pace.col.unit_msek", lang, label=t(key, lang, year=year))
    frame = pd.DataFrame(
        {
            t("investment_pace.col.item", lang): _indented(rows, lang),
            unit("investment_pace.col.prior"): rows["outcome_prior_decisions"],
            unit("investment_pace.col.current"): rows["outcome_current_decisions"],
            unit("investment_pace.col.outcome"): rows["outcome"],
            t("investment_pace.col.prior_share", lang): rows["prior_share"],
            unit("investment_pace.col.unused"): rows["unused_current"],
        }
    )
    names = list(frame.columns)
    formats = {
        names[1]: money,
        names[2]: money,
        names[3]: money,
        names[4]: lambda v: formatting.number(v, 0, lang),
        names[5]: money,
    }
    return _nowrap_labels(styled(frame, formats))


def cases_table(found: pd.DataFrame, lang: str):
    """The counted cases by group and status, with their source lines."""
    group = [
        f"{c}, " + t(f"investment_pace.group.{g}", lang, year=d)
        for c, g, d in zip(found["category"], found["group"], found["decided"])
    ]
    frame = pd.DataFrame(
        {
            t("investment_pace.col.group", lang): group,
            t("investment_pace.col.status", lang): [status_label(s, lang) for s in found["status"]],
            t("investment_pace.col.count", lang): found["value"],
            t("investment_pace.col.source", lang): found["source"],
        }
    )
    count = t("investment_pace.col.count", lang)
    return styled(frame, {count: lambda v: formatting.number(v, 0, lang)}, total_rows=[])


def history_chart(history: pd.DataFrame, lang: str):
    """The IT series as bars; from 5 years a log-linear trend with its 95 % interval."""
    from matplotlib.ticker import MaxNLocator

    fig = charts.trend_chart(
        history[["year", "value"]], t("investment_pace.chart.it", lang), "MSEK", history_source(history, lang), lang
    )
    # Whole-number ticks only (the shared axis format shows no decimals), and room above
    # the highest bar for its label below the note on n.
    for ax in fig.axes:
        ax.yaxis.set_major_locator(MaxNLocator(steps=[1, 2, 5, 10], integer=True))
        if len(history):
            ax.set_ylim(top=max(ax.get_ylim()[1], float(history["value"].max()) * 1.3))
        for year in missing_years(history):
            ax.annotate(
                t("investment_pace.chart.no_figure", lang),
                (year, 0),
                xytext=(0, 4),
                textcoords="offset points",
                ha="center",
                va="bottom",
                fontsize=8,
                color=charts.NEUTRAL,
                rotation=90,
            )
    return fig


def show_text(text: str, year: int, lang: str, missing_key: str | None = None) -> None:
    """Show a generated paragraph; when it is empty, the one-line missing note of
    ``missing_key`` (if given) or nothing."""
    if text:
        paragraph(text)
    elif missing_key:
        missing(year, t(missing_key, lang), lang)


def cases_view(found: pd.DataFrame, year: int, lang: str):
    """The cases paragraph and table to show, or None after the missing note when the
    report counts no cases."""
    if found.empty:
        show_text("", year, lang, "investment_pace.missing.cases")
        return None
    show_text(cases_text(case_summary(found), lang), year, lang)
    return cases_table(found, lang)
