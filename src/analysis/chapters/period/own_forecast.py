"""The division's own full-year forecast (``<year>/prognos.csv``, the cleaning's table
``division_forecast``) as a period chapter shows it: beside the statistical forecast, per cost
type or business area, the one made for the period's month."""

from __future__ import annotations

import pandas as pd

from analysis.chapters.period import note
from analysis.facts.pipeline import load_table
from analysis.periods import Period
from analysis.texts import t

STEM = "division_forecast"


def load(ctx: dict) -> pd.DataFrame:
    """The year's rows of ``prognos.csv`` (no rows without one)."""
    return load_table(STEM, [ctx["year"]], ctx["processed_dir"], ctx["raw_dir"])


def for_period(own: pd.DataFrame, period: Period) -> pd.DataFrame:
    """The rows made for the period's month."""
    if own is None or own.empty:
        return pd.DataFrame(columns=["level", "name", "forecast_msek"])
    return own[own["period"] == period.year * 100 + period.month].reset_index(drop=True)


def by_name(own: pd.DataFrame, level: str, period: Period) -> dict[str, float]:
    """``{name: forecast MSEK}`` of the level (``cost_type``, ``business_area``) for the period."""
    rows = for_period(own, period)
    rows = rows[rows["level"] == level]
    return {str(n): float(v) for n, v in zip(rows["name"], rows["forecast_msek"])}


def with_total(found: dict[str, float], names: list[str], total: str) -> dict[str, float]:
    """``found`` with the ``total`` row as the sum of ``names`` where the file gives every one
    of them (derived); without it where one is missing (a sum of part would mislead)."""
    if found and all(n in found for n in names):
        return {**found, total: float(sum(found[n] for n in names))}
    return found


def show_line(own: pd.DataFrame, ctx: dict, lang: str) -> None:
    """One line on the division's own forecast: which file and month it is, or why there is none."""
    period = ctx["period"]
    if own is None or own.empty:
        note(t("period.own.none", lang, year=period.year))
        return
    rows = for_period(own, period)
    if rows.empty:
        made = ", ".join(str(p) for p in sorted(set(own["period"])))
        note(t("period.own.other_months", lang, period=period.year * 100 + period.month, made=made))
        return
    note(t("period.own.shown", lang, period=period.year * 100 + period.month, n=len(rows)))
