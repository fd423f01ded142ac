"""Charts of a year month by month: cumulative outcome against cumulative budget, with a
full-year forecast (:mod:`analysis.presentation.forecast`) and its interval.

Same conventions as :mod:`analysis.presentation.charts`: Swedish formats, the unit on the
axis, a source line, alternative text; the series differ by line style and marker as well as
colour, so the chart reads in black and white.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from babel.dates import get_month_names

from analysis.presentation import charts, formatting
from analysis.presentation.forecast import MONTHS, Forecast
from analysis.texts import t


def month_axis(ax, lang: str) -> None:
    """Abbreviated month names January to December on a chart's x axis."""
    names = get_month_names("abbreviated", locale=formatting.LOCALES[lang])
    ax.set_xticks(range(1, MONTHS + 1), [str(names[m]).rstrip(".") for m in range(1, MONTHS + 1)])
    ax.set_xlim(0.5, MONTHS + 0.5)
    ax.tick_params(axis="x", labelsize=8)


def _forecast_path(ax, forecast: Forecast, lang: str) -> None:
    """The forecast as a dotted line from the cut-off month and its interval at December."""
    months = [forecast.cutoff, *forecast.monthly["month"]]
    path = forecast.observed + np.concatenate([[0.0], np.cumsum(forecast.monthly["mean"].to_numpy())])
    ax.plot(
        months, path, color=charts.UNFAVOURABLE, ls=":", lw=2, marker="^", ms=4, label=t("monthly.chart.forecast", lang)
    )
    ax.errorbar(
        [MONTHS],
        [forecast.forecast],
        yerr=[[forecast.forecast - forecast.low], [forecast.high - forecast.forecast]],
        color=charts.UNFAVOURABLE,
        capsize=5,
        lw=1.5,
        label=t("monthly.chart.interval", lang, level=formatting.percent(forecast.level * 100, 0, lang)),
    )
    ax.axvline(forecast.cutoff + 0.5, color=charts.NEUTRAL, lw=0.8, ls="-.")


def cumulative_chart(months: pd.DataFrame, title: str, source: str, lang: str = "sv", forecast: Forecast | None = None):
    """Cumulative outcome (solid, circles) and cumulative budget (dashed, squares) per month
    (columns ``month``, ``cum_outcome``, ``cum_budget``); with ``forecast`` its path from the
    cut-off month (dotted) and its interval at year end. n and the method are on the chart."""
    fig, ax = plt.subplots(figsize=(charts.A4_WIDTH_IN, 3.8))
    ax.plot(
        months["month"],
        months["cum_outcome"],
        color=charts.NEUTRAL,
        lw=2,
        marker="o",
        ms=4,
        label=t("monthly.chart.outcome", lang),
    )
    if months["cum_budget"].notna().any():
        ax.plot(
            months["month"],
            months["cum_budget"],
            color=charts.FAVOURABLE,
            lw=1.5,
            ls="--",
            marker="s",
            ms=3,
            label=t("monthly.chart.budget", lang),
        )
    note = t("monthly.chart.n_months", lang, n=len(months))
    if forecast is not None:
        _forecast_path(ax, forecast, lang)
        note = t(
            "monthly.chart.forecast_note",
            lang,
            method=t(f"monthly.method.{forecast.method}", lang),
            n=forecast.n,
            level=formatting.percent(forecast.level * 100, 0, lang),
        )
    charts.note_box(ax, note)
    month_axis(ax, lang)
    ax.set_ylabel(formatting.MONEY_UNIT[lang])
    charts.value_axis(ax.yaxis, "MSEK", lang)
    ax.set_ylim(0, ax.get_ylim()[1] * 1.15)  # room for the legend and the interval's top
    ax.legend(loc="upper left", fontsize=8, frameon=False)
    ax.set_title(title, loc="left")
    return charts.finish(fig, source, lang)


STYLES = [("-", "o"), ("--", "s"), (":", "^"), ("-.", "D")]


def share_chart(data: pd.DataFrame, title: str, source: str, lang: str = "sv"):
    """Lines of a share in percent per month (columns ``month``, ``series``, ``value``), one
    line style and marker per series, with the 100 % mark; n months on the chart."""
    fig, ax = plt.subplots(figsize=(charts.A4_WIDTH_IN, 3.6))
    palette = [charts.NEUTRAL, charts.FAVOURABLE, charts.UNFAVOURABLE, "#2f855a"]
    for i, (series, rows) in enumerate(data.groupby("series", sort=False)):
        ls, marker = STYLES[i % len(STYLES)]
        ax.plot(rows["month"], rows["value"], ls=ls, marker=marker, ms=4, lw=1.8, color=palette[i % 4], label=series)
    ax.axhline(100, color="#2d3748", lw=0.8)
    ax.annotate(
        t("monthly.chart.frame_line", lang),
        (MONTHS + 0.4, 100),
        xytext=(0, 3),
        textcoords="offset points",
        ha="right",
        fontsize=8,
    )
    charts.note_box(ax, t("monthly.chart.n_months", lang, n=data["month"].nunique()))
    month_axis(ax, lang)
    ax.set_ylabel("%")
    charts.value_axis(ax.yaxis, "percent", lang)
    ax.set_ylim(bottom=0, top=max(110.0, float(data["value"].max()) * 1.1))
    ax.legend(loc="lower right", fontsize=8, frameon=False)
    ax.set_title(title, loc="left")
    return charts.finish(fig, source, lang)
