"""A period's ledger figures to date, pure: the monthly table in, frames out (issue 26).

The monthly table (:mod:`analysis.facts.schema`) has one row per month, cost type, business
area and MT category, in MSEK, costs positive. For a period (a year and its last month N):

- **to date** = the rows of months 1..N; rows dated after N are left out, and counted
  (:func:`left_out`: their ledger rows and their outcome);
- **budget to date** = the budget's own months 1..N where the budget has months of its own
  (SIE ``#PBUDGET``, a monthly budget CSV: budget in more than one month), otherwise the
  year's budget × N ÷ 12 (:func:`budget_basis` says which; the page says so in one line);
- **deviation to date** = budget to date − outcome to date (positive = better than budget);
- **the same months of the previous year** = that year's rows of months 1..N (never its
  whole year), where its ledger exists.

Every figure is derived; the formulas are in the texts ``period.formula.*``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.periods import Period

MONTHLY, YEARLY, NO_BUDGET = "monthly", "yearly", "none"
GROUP_COLUMNS = ["outcome", "budget_to_date", "deviation", "budget_year", "previous", "change", "change_pct"]


@dataclass(frozen=True)
class LeftOut:
    """What the period leaves out of the year's ledger: rows dated after its month."""

    rows: int  # ledger rows of the outcome (budget rows not counted)
    outcome: float  # MSEK
    months: tuple[int, ...]


def year_rows(ledger: pd.DataFrame, year: int, cost_types=None) -> pd.DataFrame:
    """The rows of report ``year`` (of ``cost_types`` when given)."""
    if ledger is None or ledger.empty:
        return ledger.iloc[0:0] if ledger is not None else pd.DataFrame()
    rows = ledger[ledger["report_year"] == int(year)]
    if cost_types is not None:
        rows = rows[rows["cost_type"].isin(list(cost_types))]
    return rows.reset_index(drop=True)


def to_date(rows: pd.DataFrame, period: Period) -> pd.DataFrame:
    """The rows of months 1..N (the period's month)."""
    return rows[rows["month"] <= period.month].reset_index(drop=True)


def left_out(rows: pd.DataFrame, period: Period) -> LeftOut:
    """The ledger rows and outcome of the months after the period's (budget rows not counted)."""
    later = rows[rows["month"] > period.month]
    counted = later[later["outcome_rows"] > 0]
    return LeftOut(
        int(later["outcome_rows"].sum()),
        float(later["outcome"].sum()),
        tuple(sorted(int(m) for m in counted["month"].unique())),
    )


def budget_basis(rows: pd.DataFrame) -> str:
    """``monthly`` when the year's budget has months of its own (budget in more than one
    month), ``yearly`` when it sits in one month only (a yearly budget), ``none`` without one."""
    if rows.empty or not rows["budget"].notna().any():
        return NO_BUDGET
    booked = rows.loc[rows["budget"].fillna(0).abs() > 0.0000005, "month"].nunique()
    if booked == 0:
        return NO_BUDGET
    return MONTHLY if booked > 1 else YEARLY


def budget_to_date(rows: pd.DataFrame, period: Period, basis: str | None = None) -> float:
    """The budget of months 1..N: its own months, or the year's × N ÷ 12 (NaN without a budget)."""
    basis = basis or budget_basis(rows)
    if basis == NO_BUDGET:
        return float("nan")
    if basis == MONTHLY:
        return float(rows.loc[rows["month"] <= period.month, "budget"].sum())
    return float(rows["budget"].sum()) * period.month / 12


def group_table(
    rows: pd.DataFrame, previous: pd.DataFrame | None, column: str | None, period: Period, basis: str | None = None
) -> pd.DataFrame:
    """Per value of ``column`` (one row ``total`` over all when None): outcome to date, budget
    to date, deviation, the year's budget, the previous year's same months, the change and
    the change in %. ``rows`` are the year's rows (all months: the budget of the whole year
    is the plan); ``previous`` the previous year's (None or empty without its ledger)."""
    basis = basis or budget_basis(rows)
    keys = sorted(set(rows[column])) if column else [None]
    out = []
    for key in keys:
        own = rows if key is None else rows[rows[column] == key]
        before = comparable(own, previous, column if key is not None else None, key)
        outcome = float(to_date(own, period)["outcome"].sum())
        budget = budget_to_date(own, period, basis)
        past = float(to_date(before, period)["outcome"].sum()) if before is not None else float("nan")
        change = outcome - past
        out.append(
            {
                "name": key,
                "outcome": outcome,
                "budget_to_date": budget,
                "deviation": budget - outcome,
                "budget_year": float(own["budget"].sum()) if basis != NO_BUDGET else float("nan"),
                "previous": past,
                "change": change,
                "change_pct": change / past * 100 if past and not np.isnan(past) else float("nan"),
            }
        )
    frame = pd.DataFrame(out, columns=["name", *GROUP_COLUMNS])
    return frame.sort_values("outcome", ascending=False, kind="stable").reset_index(drop=True)


def comparable(rows: pd.DataFrame, previous: pd.DataFrame | None, column: str | None = None, key=None):
    """The previous year's rows to compare ``rows`` with: of the same ``key`` of ``column``;
    None where the previous year has no ledger, or lacks one of the cost types (or business
    areas, MT categories) ``rows`` has: a sum over part of them would mislead."""
    if previous is None or previous.empty:
        return None
    if column is not None:
        previous = previous[previous[column] == key]
        return previous if not previous.empty else None
    for name in ("cost_type", "business_area"):
        if name in rows and not set(rows[name]) <= set(previous[name]):
            return None
    return previous


def monthly_series(rows: pd.DataFrame, period: Period | None = None) -> pd.DataFrame:
    """Outcome per month (``month``, ``outcome``), months 1..N when ``period`` is given."""
    if period is not None:
        rows = to_date(rows, period)
    if rows.empty:
        return pd.DataFrame({"month": pd.Series(dtype="int64"), "outcome": pd.Series(dtype="float64")})
    return rows.groupby("month", as_index=False)["outcome"].sum().sort_values("month").reset_index(drop=True)


def full_year(rows: pd.DataFrame) -> bool:
    """Whether the rows have outcome in all 12 months (a previous year usable as a profile)."""
    booked = rows.loc[rows["outcome_rows"] > 0, "month"] if "outcome_rows" in rows else rows["month"]
    return sorted(int(m) for m in booked.unique()) == list(range(1, 13))
