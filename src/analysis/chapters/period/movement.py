"""How the year's forecast moved (issue 26): each earlier period's forecast of the year (the
tertial, the delårsrapport, any month built), beside the outcome, with whether each interval
held it. In a later period the outcome is not known yet: the table ends with this period's
forecast; in the annual report (and a December report) the year's outcome is known.

The earlier forecasts are those the period reports recorded in their chapter's stamp
(``reports/<year>-<MM>/executed/<NN_name>.stamp.json``, key figures ``<prefix>_forecast_msek``,
``_low_msek``, ``_high_msek``); the build's plan puts their SHA-256 in the chapter's fingerprint,
so a period built again re-runs the chapters that show them.
"""

from __future__ import annotations

import json
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd

from analysis import paths
from analysis.chapters.common import heading, paragraph
from analysis.periods import Period, from_folder
from analysis.presentation import charts, formatting
from analysis.presentation.tables import styled
from analysis.texts import t
from analysis.texts.periods import report_title

COLUMNS = ["month", "label", "forecast", "low", "high"]


def earlier(period: Period, chapter: str, prefix: str, reports_dir: Path | str | None = None) -> pd.DataFrame:
    """The forecasts of ``period``'s year that its earlier period reports recorded in
    ``chapter``'s stamp, in month order (columns :data:`COLUMNS`; none without such reports)."""
    folder = Path(reports_dir or paths.chapters_reports_dir())
    rows = []
    for path in sorted(folder.glob(f"{period.year}-[0-9][0-9]/executed/*.stamp.json")):
        found = from_folder(path.parent.parent.name)
        if found is None or found.month >= period.month:
            continue
        try:
            stamp = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if stamp.get("chapter") != chapter:
            continue
        figures = {f.get("key"): f.get("value") for f in (stamp.get("key_figures") or {}).get("figures", [])}
        value = figures.get(f"{prefix}_forecast_msek")
        if value is None:
            continue
        rows.append(
            {
                "month": found.month,
                "label": found,
                "forecast": float(value),
                "low": _number(figures.get(f"{prefix}_forecast_low_msek")),
                "high": _number(figures.get(f"{prefix}_forecast_high_msek")),
            }
        )
    return pd.DataFrame(rows, columns=COLUMNS).sort_values("month").reset_index(drop=True)


def _number(value) -> float:
    return float("nan") if value is None else float(value)


def table_frame(found: pd.DataFrame, current: dict | None, outcome: float | None, lang: str) -> pd.DataFrame:
    """The table's rows: each earlier forecast (and this period's, ``current``: its month,
    forecast, low, high), the outcome beside each and whether the interval held it."""
    frame = found.copy()
    if current is not None and current.get("forecast") is not None:
        frame = pd.concat([frame, pd.DataFrame([current])], ignore_index=True)
    out = {
        t("period.movement.col.report", lang): [report_title(p, lang) for p in frame["label"]],
        t("period.movement.col.forecast", lang): [formatting.number(v, 1, lang) for v in frame["forecast"]],
        t("period.movement.col.interval", lang): [
            "–" if pd.isna(lo) else f"{formatting.number(lo, 1, lang)}–{formatting.number(hi, 1, lang)}"
            for lo, hi in zip(frame["low"], frame["high"])
        ],
    }
    if outcome is not None:
        out[t("period.movement.col.outcome", lang)] = [formatting.number(outcome, 1, lang)] * len(frame)
        out[t("period.movement.col.error", lang)] = [
            formatting.number(v - outcome, 1, lang, signed=round(v - outcome, 1) != 0) for v in frame["forecast"]
        ]
        out[t("period.movement.col.held", lang)] = [
            "–" if pd.isna(lo) else t("period.yes" if lo <= outcome <= hi else "period.no", lang)
            for lo, hi in zip(frame["low"], frame["high"])
        ]
    return pd.DataFrame(out)


def show(
    period: Period,
    chapter: str,
    prefix: str,
    what: str,
    lang: str,
    *,
    current: dict | None = None,
    outcome: float | None = None,
    always: bool = True,
    reports_dir: Path | str | None = None,
):
    """The section: its heading, one line, the table and the chart (values as text under it).

    ``current``: this report's own forecast (a period's); ``outcome``: the year's outcome (the
    annual report). ``always=False`` (the annual chapter) shows nothing at all without an
    earlier period report, so a year built without period reports has the chapter as before."""
    found = earlier(period, chapter, prefix, reports_dir)
    if found.empty and not always:
        return None
    heading(t("period.movement.heading", lang, what=what, year=period.year), 3)
    if found.empty:
        paragraph(t("period.movement.none", lang, year=period.year))
        return None
    frame = table_frame(found, current, outcome, lang)
    key = "period.movement.intro_outcome" if outcome is not None else "period.movement.intro"
    paragraph(t(key, lang, n=len(found), year=period.year))
    caption = t("period.movement.caption", lang, what=what, year=period.year, unit=formatting.MONEY_UNIT[lang])
    from IPython.display import display

    display(styled(frame, formats=dict.fromkeys(frame.columns[1:], str), total_rows=[], caption=caption))
    return chart(found, current, outcome, what, period, lang)


def chart(found: pd.DataFrame, current: dict | None, outcome: float | None, what: str, period: Period, lang: str):
    """Each forecast with its interval (error bars), in report order, and the outcome (dashed)."""
    frame = found.copy()
    if current is not None and current.get("forecast") is not None:
        frame = pd.concat([frame, pd.DataFrame([current])], ignore_index=True)
    labels = [report_title(p, lang).replace(f" {period.year}", "") for p in frame["label"]]
    fig, ax = plt.subplots(figsize=(charts.A4_WIDTH_IN, 3.4))
    x = list(range(len(frame)))
    low = (frame["forecast"] - frame["low"]).fillna(0)
    high = (frame["high"] - frame["forecast"]).fillna(0)
    ax.errorbar(
        x,
        frame["forecast"],
        yerr=[low, high],
        fmt="o",
        color=charts.UNFAVOURABLE,
        capsize=5,
        label=t("period.movement.chart.forecast", lang, level=formatting.percent(95, 0, lang)),
    )
    if outcome is not None:
        ax.axhline(outcome, color=charts.NEUTRAL, ls="--", lw=1.5, label=t("period.movement.chart.outcome", lang))
    ax.set_xticks(x, labels)
    ax.tick_params(axis="x", labelsize=8)
    ax.set_xlim(-0.5, len(frame) - 0.5)
    ax.set_ylabel(formatting.MONEY_UNIT[lang])
    charts.value_axis(ax.yaxis, "MSEK", lang)
    ax.legend(loc="best", fontsize=8, frameon=False)
    ax.set_title(t("period.movement.chart.title", lang, what=what, year=period.year), loc="left")
    source = t("period.movement.source", lang, year=period.year)
    return charts.finish(fig, source, lang)


def current(outlook) -> dict | None:
    """This period's own forecast as a row of the table (None without one)."""
    fc = outlook.forecast
    if fc is None:
        return None
    return {
        "month": outlook.period.month,
        "label": outlook.period,
        "forecast": fc.forecast,
        "low": fc.low,
        "high": fc.high,
    }


def year_outcome(rows: pd.DataFrame) -> float | None:
    """The year's outcome of the rows when the ledger has outcome in all 12 months (else None:
    an annual chapter of a ledger that ends early has no outcome to compare with)."""
    if rows is None or rows.empty:
        return None
    booked = rows.loc[rows["outcome_rows"] > 0, "month"] if "outcome_rows" in rows else rows["month"]
    if sorted(int(m) for m in booked.unique()) != list(range(1, 13)):
        return None
    return float(rows["outcome"].sum())


def show_in_annual(year: int, chapter: str, prefix: str, what: str, rows: pd.DataFrame, lang: str):
    """The annual chapter's section: nothing without the year's period reports."""
    return show(Period(int(year)), chapter, prefix, what, lang, outcome=year_outcome(rows), always=False)
