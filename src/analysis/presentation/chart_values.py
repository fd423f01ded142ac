"""The values a chart shows, as a table beside it (WCAG 1.1.1: the figures of a chart are
also text): read back from the drawn figure, so that every chart gets one whoever drew it.

Bars (a category per tick, a series per bar container), labelled lines (a point per x) and
error bars (value with its interval) become the rows and columns; a band drawn around a
labelled line (``fill_between``, e.g. a trend's 95 % interval) becomes that line's interval,
``value (low–high)``, as for error bars, so that the table shows the numbers the chart
draws. Lines without a label, other areas and goal lines across the axes are left out (the
legend and the note name them).
"""

from __future__ import annotations

import math

import numpy as np
from matplotlib.collections import PolyCollection
from matplotlib.colors import to_rgb
from matplotlib.container import BarContainer, ErrorbarContainer

from analysis.presentation import formatting
from analysis.texts import t


def _tick_label(ax, pos: float, horizontal: bool) -> str:
    ticks = ax.get_yticks() if horizontal else ax.get_xticks()
    labels = ax.get_yticklabels() if horizontal else ax.get_xticklabels()
    for tick, label in zip(ticks, labels):
        if abs(float(tick) - pos) < 0.45 and label.get_text():
            return label.get_text()
    return _x_text(pos)


def _x_text(x: float) -> str:
    return str(int(round(x))) if abs(x - round(x)) < 1e-9 else f"{x:g}"


def _series_name(label: str, ax) -> str:
    if label.startswith("_"):
        return ax.get_ylabel() or ax.get_xlabel() or "–"
    return label


def _legend_names(ax) -> list[str]:
    """The legend's entries that no labelled artist claims: the series names of bars that
    seaborn drew without a label, in the order of the bars."""
    legend = ax.get_legend()
    if legend is None:
        return []
    claimed = {a.get_label() for a in [*ax.containers, *ax.get_lines()]}
    return [x.get_text() for x in legend.get_texts() if x.get_text() not in claimed]


def _unit(fig) -> str:
    axis = fig.axes[0]
    horizontal = any(getattr(c, "orientation", "") == "horizontal" for c in axis.containers)
    return (axis.get_xlabel() if horizontal else axis.get_ylabel()) or ""


def _band(collection) -> dict[float, tuple[float, float]] | None:
    """A band's low and high at each x of its outline (``fill_between`` draws both curves
    at the same x), or None for an area with a label of its own or no outline."""
    if not isinstance(collection, PolyCollection) or not collection.get_label().startswith("_"):
        return None
    out: dict[float, tuple[float, float]] = {}
    for path in collection.get_paths():
        for x, y in np.asarray(path.vertices, float):
            low, high = out.get(float(x), (float(y), float(y)))
            out[float(x)] = (min(low, float(y)), max(high, float(y)))
    return out or None


def _interval_of(ax, line, points: list[tuple[float, float]]) -> dict[float, tuple[float, float]]:
    """The band of ``ax`` that holds every point of ``line`` (its x among the band's, its y
    between the band's low and high), preferring one of the line's colour; {} if none."""
    found = []
    for collection in ax.collections:
        band = _band(collection)
        if (
            band
            and points
            and all(x in band and band[x][0] - 1e-9 <= y <= band[x][1] + 1e-9 for x, y in points if not math.isnan(y))
        ):
            colours = [to_rgb(c) for c in collection.get_facecolor()]
            found.append((to_rgb(line.get_color()) not in colours, band))
    return min(found, key=lambda f: f[0])[1] if found else {}


def _collect(fig) -> tuple[list[str], dict[str, dict[str, float]], dict[str, dict[str, tuple[float, float]]]]:
    categories: list[str] = []
    values: dict[str, dict[str, float]] = {}
    extra: dict[str, dict[str, tuple[float, float]]] = {}

    def put(series: str, category: str, value: float) -> None:
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return
        if category not in categories:
            categories.append(category)
        values.setdefault(series, {})[category] = float(value)

    for ax in fig.axes:
        unnamed = _legend_names(ax)
        for container in ax.containers:
            if isinstance(container, BarContainer):
                horizontal = getattr(container, "orientation", "vertical") == "horizontal"
                label = container.get_label() or "_"
                name = unnamed.pop(0) if label.startswith("_") and unnamed else _series_name(label, ax)
                for patch, value in zip(container.patches, container.datavalues):
                    pos = (
                        patch.get_y() + patch.get_height() / 2 if horizontal else patch.get_x() + patch.get_width() / 2
                    )
                    put(name, _tick_label(ax, pos, horizontal), value)
            elif isinstance(container, ErrorbarContainer):
                _errorbars(ax, container, put, extra)
        for line in ax.get_lines():
            label = line.get_label()
            if label.startswith("_") or line.get_transform() != ax.transData:
                continue
            points = list(zip(np.asarray(line.get_xdata(), float), np.asarray(line.get_ydata(), float)))
            band = _interval_of(ax, line, [(float(x), float(y)) for x, y in points])
            for x, y in points:
                category = _tick_label(ax, x, False)
                put(label, category, y)
                if float(x) in band and not math.isnan(y):
                    extra.setdefault(label, {})[category] = band[float(x)]
    return categories, values, extra


def _errorbars(ax, container, put, extra) -> None:
    data_line, _caps, bars = container.lines
    name = container.get_label() or "_"
    if data_line is None or not bars or name.startswith("_"):
        return
    for (x, y), segment in zip(data_line.get_xydata(), bars[0].get_segments()):
        category = _tick_label(ax, float(x), False)
        put(name, category, y)
        low, high = sorted(float(p[1]) for p in segment)
        extra.setdefault(name, {})[category] = (low, high)


def chart_values(fig, lang: str) -> dict | None:
    """The chart's values as {summary, caption, columns, rows} of texts (Swedish or English
    number formats), or None for a chart without any."""
    categories, values, extra = _collect(fig)
    if not values:
        return None
    if all(c.lstrip("-").isdigit() for c in categories):
        categories = sorted(categories, key=int)
    axis = fig.axes[0]
    caption = axis.get_title(loc="left") or axis.get_title() or t("common.chart", lang)
    unit = _unit(fig)
    horizontal = any(getattr(c, "orientation", "") == "horizontal" for c in axis.containers)
    columns = [(axis.get_ylabel() if horizontal else axis.get_xlabel()) or t("common.chart_category", lang)]
    columns += [s if not unit or unit in s else f"{s} ({unit})" for s in values]
    decimals = {s: formatting.decimals_needed(v.values(), most=2) for s, v in values.items()}
    rows = []
    for category in categories:
        row = [category]
        for series, by_category in values.items():
            value = by_category.get(category)
            text = "" if value is None else formatting.number(value, decimals[series], lang)
            interval = extra.get(series, {}).get(category)
            if interval and value is not None:
                low, high = (formatting.number(p, decimals[series], lang) for p in interval)
                text += f" ({low}–{high})"
            row.append(text)
        rows.append(row)
    return {"summary": t("common.chart_values", lang), "caption": caption, "columns": columns, "rows": rows}
