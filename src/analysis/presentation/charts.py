"""Charts for the chapters: seaborn, Swedish number formats, units on the axes, a source
line under each chart, readable at A4 width.

Functions return a closed matplotlib Figure: a notebook shows it by ending a cell with it,
and it is shown exactly once.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.ticker import MaxNLocator
from statsmodels.regression.linear_model import OLS  # not statsmodels.api: half the import time
from statsmodels.tools.tools import add_constant

from analysis.presentation import formatting
from analysis.presentation.chart_values import chart_values
from analysis.presentation.outputs import CHART_VALUES_MIME
from analysis.texts import t

A4_WIDTH_IN = 7.0
#: Fill patterns per series (after the first), so that series differ by more than colour.
HATCHES = ["", "..", "xx", "\\\\", "++"]
MIN_TREND_POINTS = 5
FAVOURABLE, UNFAVOURABLE, NEUTRAL = "#2b6cb0", "#c05621", "#718096"


def setup() -> None:
    """Seaborn theme and sizes used by every chapter chart."""
    sns.set_theme(style="whitegrid", context="notebook", font_scale=0.95)
    plt.rcParams.update(
        {
            "figure.dpi": 110,
            "savefig.dpi": 110,
            "figure.figsize": (A4_WIDTH_IN, 3.6),
            "axes.titleweight": "bold",
            "axes.titlesize": 11,
            "figure.constrained_layout.use": True,
        }
    )


def finish(fig, source: str, lang: str):
    """Put the source line under a chart, lay it out and attach its PNG with alt text and values; returns ``fig``."""
    text = textwrap.fill(t("common.source", lang, source=source), width=120)
    lines = text.count("\n") + 1
    fig.text(0.01, 0.005, text, ha="left", va="bottom", fontsize=7.5, color="#4a5568")
    if fig.get_layout_engine() is None:
        fig.set_layout_engine("constrained")
    bottom = min(0.05 * lines / max(fig.get_figheight() / 3.6, 0.5), 0.3)
    fig.get_layout_engine().set(rect=(0, bottom, 1, 1 - bottom))
    plt.close(fig)
    fig._repr_mimebundle_ = _png_with_alt(fig, _alt_text(fig, source, lang), chart_values(fig, lang))
    return fig


def _alt_text(fig, source: str, lang: str) -> str:
    """A chart's alternative text: its title and its source line."""
    titles = [ax.get_title(loc) for ax in fig.axes for loc in ("center", "left", "right") if ax.get_title(loc)]
    suptitle = fig._suptitle.get_text() if getattr(fig, "_suptitle", None) else ""
    title = suptitle or (titles[0] if titles else t("common.chart", lang))
    return f"{title}. {t('common.source', lang, source=source)}"


def note_box(ax, note: str) -> None:
    """A small boxed note in the chart's upper right corner (n, the fit, derived bars)."""
    box = {"facecolor": "white", "edgecolor": "#cbd5e0", "boxstyle": "round,pad=0.3"}
    ax.text(0.99, 0.97, note, transform=ax.transAxes, ha="right", va="top", fontsize=8, bbox=box)


def _png_with_alt(fig, alt: str, values: dict | None = None):
    """How IPython shows the figure: a PNG (as the inline backend draws it) whose output
    metadata carries ``alt``, which the HTML export puts on the <img>, and the chart's
    ``values`` (:mod:`~analysis.presentation.chart_values`), which it shows as a table."""

    def bundle(include=None, exclude=None):
        import base64
        import io

        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", bbox_inches="tight")
        png = base64.b64encode(buffer.getvalue()).decode("ascii")
        data = {"image/png": png, CHART_VALUES_MIME: values} if values else {"image/png": png}
        return data, {"image/png": {"alt": alt}}

    return bundle


@dataclass(frozen=True)
class TrendFit:
    """A log-linear trend fitted to yearly values: growth a year with its 95 % interval."""

    n: int
    growth_percent: float
    growth_low: float
    growth_high: float
    fitted: pd.DataFrame  # year, mean, lower, upper (95 % interval of the mean)


def fit_loglinear(years: pd.Series | list, values: pd.Series | list) -> TrendFit | None:
    """OLS of log(value) on year; None below 5 points or with non-positive values."""
    data = pd.DataFrame({"year": list(years), "value": list(values)}).dropna()
    if len(data) < MIN_TREND_POINTS or (data["value"] <= 0).any():
        return None
    x = add_constant(data["year"].astype(float))
    model = OLS(np.log(data["value"].astype(float)), x).fit()
    low, high = model.conf_int(alpha=0.05).loc["year"]
    grid = pd.DataFrame({"year": np.arange(data["year"].min(), data["year"].max() + 1)})
    pred = model.get_prediction(add_constant(grid["year"].astype(float))).summary_frame(alpha=0.05)
    fitted = grid.assign(
        mean=np.exp(pred["mean"].to_numpy()),
        lower=np.exp(pred["mean_ci_lower"].to_numpy()),
        upper=np.exp(pred["mean_ci_upper"].to_numpy()),
    )
    pct = lambda b: (np.exp(b) - 1) * 100
    return TrendFit(
        n=len(data), growth_percent=pct(model.params["year"]), growth_low=pct(low), growth_high=pct(high), fitted=fitted
    )


def trend_chart(data: pd.DataFrame, title: str, unit: str, source: str, lang: str = "sv"):
    """Yearly values (columns ``year``, ``value``) as bars; from 5 points a log-linear
    trend with its 95 % interval. ``n`` is always stated on the chart."""
    data = data.dropna(subset=["value"]).sort_values("year")
    fig, ax = plt.subplots()
    ax.bar(data["year"].astype(int), data["value"], color=NEUTRAL, width=0.6)
    decimals = formatting.decimals_needed(data["value"], most=1)
    for year, val in zip(data["year"], data["value"]):
        ax.annotate(
            formatting.number(val, decimals, lang),
            (year, val),
            ha="center",
            va="bottom",
            fontsize=8,
            xytext=(0, 2),
            textcoords="offset points",
        )
    fit = fit_loglinear(data["year"], data["value"])
    if fit is None:
        note = t("common.no_trend", lang, n=len(data))
    else:
        ax.plot(fit.fitted["year"], fit.fitted["mean"], color=UNFAVOURABLE, lw=1.8, label=t("common.trend_label", lang))
        ax.fill_between(fit.fitted["year"], fit.fitted["lower"], fit.fitted["upper"], color=UNFAVOURABLE, alpha=0.15)
        ax.legend(loc="upper left", fontsize=8, frameon=False)
        note = t(
            "common.trend",
            lang,
            n=fit.n,
            growth=formatting.percent(fit.growth_percent, 1, lang, signed=True),
            low=formatting.percent(fit.growth_low, 1, lang, signed=True),
            high=formatting.percent(fit.growth_high, 1, lang, signed=True),
        )
    note_box(ax, note)
    ax.set_xticks(data["year"].astype(int))
    ax.set_xlabel(t("common.year", lang))
    ax.set_ylabel(_unit_label(unit, lang))
    value_axis(ax.yaxis, unit, lang)
    ax.set_title(title, loc="left")
    ax.margins(y=0.3)
    return finish(fig, source, lang)


def diverging_bars(data: pd.DataFrame, title: str, unit: str, source: str, lang: str = "sv", xlabel: str | None = None):
    """Horizontal bars (columns ``label``, ``value``) around zero: favourable (positive)
    in blue, unfavourable (negative) in orange, each bar labelled with its value."""
    data = data.reset_index(drop=True)
    fig, ax = plt.subplots(figsize=(A4_WIDTH_IN, 0.45 * len(data) + 1.4))
    colors = [FAVOURABLE if v >= 0 else UNFAVOURABLE for v in data["value"]]
    y = np.arange(len(data))
    ax.barh(y, data["value"], color=colors, height=0.6)
    ax.set_yticks(y, data["label"])
    ax.invert_yaxis()
    ax.axvline(0, color="#2d3748", lw=0.8)
    span = max(abs(data["value"]).max(), 1e-9)
    for yi, val in zip(y, data["value"]):
        ax.annotate(
            formatting.value(val, unit, lang=lang, signed=True),
            (val, yi),
            xytext=(4 if val >= 0 else -4, 0),
            textcoords="offset points",
            ha="left" if val >= 0 else "right",
            va="center",
            fontsize=8,
        )
    ax.set_xlim(-span * 1.35, span * 1.35)
    value_axis(ax.xaxis, unit, lang)
    ax.set_xlabel(xlabel or _unit_label(unit, lang))
    ax.set_title(title, loc="left")
    return finish(fig, source, lang)


def grouped_bars(
    data: pd.DataFrame, title: str, unit: str, source: str, lang: str = "sv", order: list[str] | None = None
):
    """Bars per category (``label``) and series (``series``) of ``value``: e.g. outcome
    against budget, or frame against outcome."""
    fig, ax = plt.subplots(figsize=(A4_WIDTH_IN, 3.8))
    decimals = formatting.decimals_needed(data["value"], most=1)
    sns.barplot(
        data=data,
        x="label",
        y="value",
        hue="series",
        hue_order=order,
        ax=ax,
        palette=[NEUTRAL, FAVOURABLE, UNFAVOURABLE][: data["series"].nunique()],
    )
    for i, container in enumerate(ax.containers):
        _hatch(container, HATCHES[i % len(HATCHES)])
        ax.bar_label(
            container,
            labels=[formatting.number(v, decimals, lang) for v in container.datavalues],
            fontsize=7,
            padding=2,
        )
    ax.set_xlabel("")
    ax.set_ylabel(_unit_label(unit, lang))
    value_axis(ax.yaxis, unit, lang)
    ax.legend(title="", fontsize=8, frameon=False)
    ax.set_title(title, loc="left")
    ax.tick_params(axis="x", labelsize=8)
    plt.setp(
        ax.get_xticklabels(),
        rotation=15 if data["label"].str.len().max() > 12 else 0,
        ha="right" if data["label"].str.len().max() > 12 else "center",
    )
    ax.margins(y=0.12)
    return finish(fig, source, lang)


def _hatch(container, hatch: str) -> None:
    """A series' pattern, drawn in white on its (contrasting) colour."""
    for patch in container.patches:
        patch.set_hatch(hatch)
        patch.set_edgecolor("white")


def _label_year_bars(ax, plot: pd.DataFrame, years: list[str], order: list[str], lang: str) -> None:
    """Label each bar of :func:`year_bars` with its value; hatch and star a derived one."""
    decimals = formatting.decimals_needed(plot["value"], most=1)
    for i, (series, container) in enumerate(zip(order, ax.containers)):
        _hatch(container, HATCHES[i % len(HATCHES)])
        rows = plot[plot["series"] == series].set_index("x")
        labels = []
        for x, patch in zip(years, container.patches):
            if x not in rows.index:
                labels.append("")
                continue
            derived = bool(rows.loc[x, "derived"])
            if derived:
                patch.set_hatch("///")
            labels.append(formatting.number(rows.loc[x, "value"], decimals, lang) + (" *" if derived else ""))
        ax.bar_label(container, labels=labels, fontsize=7, padding=2)


def year_bars(
    data: pd.DataFrame,
    title: str,
    unit: str,
    source: str,
    lang: str = "sv",
    order: list[str] | None = None,
    goal: tuple[float, str] | None = None,
):
    """Bars per year (``year``) and series (``series``) of ``value``; a bar whose ``derived``
    is true (not printed by any report) is hatched and its label starred. The number of
    years, n, is stated on the chart; no trend is fitted. ``goal`` (value, label) draws a
    dashed goal line across the years, labelled in the legend."""
    data = data.dropna(subset=["value"]).sort_values("year", kind="stable").reset_index(drop=True)
    years = [str(y) for y in sorted(data["year"].astype(int).unique())]
    order = order or list(dict.fromkeys(data["series"]))
    fig, ax = plt.subplots(figsize=(A4_WIDTH_IN, 3.6))
    palette = [NEUTRAL, FAVOURABLE, UNFAVOURABLE, "#2f855a", "#6b46c1"]
    plot = data.assign(x=data["year"].astype(int).astype(str))
    sns.barplot(
        data=plot,
        x="x",
        y="value",
        hue="series",
        order=years,
        hue_order=order,
        ax=ax,
        palette=palette[: len(order)],
        legend=len(order) > 1,
    )
    _label_year_bars(ax, plot, years, order, lang)
    note = t("common.n_years", lang, n=len(years))
    if data["derived"].any():
        note += "; " + t("common.derived_bar", lang)
    note_box(ax, note)
    ax.axhline(0, color="#2d3748", lw=0.8)
    if goal is not None:
        ax.axhline(goal[0], color=UNFAVOURABLE, lw=1.6, ls="--", label=goal[1])
    ax.set_xlabel(t("common.year", lang))
    ax.set_ylabel(_unit_label(unit, lang))
    value_axis(ax.yaxis, unit, lang)
    if len(order) > 1 or goal is not None:
        ax.legend(title="", fontsize=8, frameon=False, loc="upper left")
    ax.set_title(title, loc="left")
    ax.margins(y=0.3)
    return finish(fig, source, lang)


def value_axis(axis, unit: str, lang: str) -> None:
    """Whole-number ticks (1, 2, 5 steps) in Swedish format on a value axis."""
    axis.set_major_locator(MaxNLocator(nbins=6, steps=[1, 2, 5, 10], integer=True))
    axis.set_major_formatter(formatting.axis_formatter(unit, lang))


def _unit_label(unit: str, lang: str) -> str:
    return {
        "MSEK": formatting.MONEY_UNIT[lang],
        "percent": "%",
        "hours": "h",
        "count": "st" if lang == "sv" else "count",
    }.get(unit, unit)
