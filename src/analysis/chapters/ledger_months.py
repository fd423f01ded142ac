"""The year's ledger month by month: what the chapters' monthly sections share.

The monthly table (:mod:`analysis.facts.schema`, ``docs/ledger.md``) has one row per
period, cost type, business area and MT category, in MSEK, costs positive. The pure
functions here select a report year's rows and sum them per month or per category:

- cumulative outcome and budget (derived: the running sum over months 1..m);
- deviation = budget − outcome (derived; positive = better than budget, as in the 2019 cost
  table's ``cost_positive`` convention);
- the largest categories by outcome, with their deviations.

A year without ledger rows gives empty frames; the sections then show the one-line note of
:func:`analysis.chapters.common.missing`. Whether the rows are generated example data is read
from their ``synthetic`` column (:func:`analysis.chapters.common.example_data`), never from how the build was run.
"""

from __future__ import annotations

import pandas as pd
from babel.dates import get_month_names

from analysis.facts.pipeline import load_monthly, load_raw_files
from analysis.facts.schema import empty_monthly
from analysis.presentation import formatting
from analysis.presentation.tables import styled
from analysis.texts import t

MT_COST_TYPE = "MT service och underhåll"
COST_TYPES = ("Personalkostnader", "Avskrivningskostnader", "PC-utrullning", MT_COST_TYPE, "Övriga kostnader")
INVESTMENT_TYPES = {"Investering IT": "IT", "Investering MT": "MT"}
TOTAL = "Totalt"
MONTH_COLUMNS = ["month", "outcome", "budget", "deviation", "cum_outcome", "cum_budget", "cum_deviation"]
GROUP_COLUMNS = ["outcome", "budget", "deviation"]


def load(ctx: dict) -> pd.DataFrame:
    """The monthly ledger rows of the chapter's year (``ctx`` from :func:`common.setup`)."""
    return load_monthly(ctx["year"], ctx["processed_dir"], ctx["raw_dir"])


def ledger_files(ctx: dict) -> list[str]:
    """The ledger file(s) the last cleaning of the chapter's year read (none without a ledger)."""
    files = load_raw_files(ctx["year"], ctx["processed_dir"])
    return sorted(files.loc[files["table"] == "ledger", "file"]) if not files.empty else []


def no_costs_note(ctx: dict, ledger: pd.DataFrame, lang: str) -> str:
    """One line when the year has a ledger that holds no costs (only income or balance
    accounts, or no vouchers): none of its rows is on the five cost types; "" otherwise."""
    files = ledger_files(ctx)
    if not files or not year_rows(ledger, ctx["year"], COST_TYPES).empty:
        return ""
    return t("monthly.no_costs", lang, year=ctx["year"], files=", ".join(files))


def has_budget(rows: pd.DataFrame) -> bool:
    """Whether any of the rows has a budget (a ledger may come without one)."""
    return not rows.empty and bool(rows["budget"].notna().any())


def year_rows(monthly: pd.DataFrame, year: int, cost_types=None) -> pd.DataFrame:
    """The rows of report ``year``, of the given cost types (all by default)."""
    if monthly is None or monthly.empty:
        return empty_monthly()
    rows = monthly[monthly["report_year"] == int(year)]
    if cost_types is not None:
        rows = rows[rows["cost_type"].isin(list(cost_types))]
    return rows.reset_index(drop=True)


def _budget_sum(values: pd.Series) -> float:
    """The sum of budgets; NaN when no row has one."""
    return float(values.sum(min_count=1))


def by_month(rows: pd.DataFrame) -> pd.DataFrame:
    """Outcome, budget and deviation (budget − outcome) per month present, with their
    cumulative sums over the months so far (columns :data:`MONTH_COLUMNS`). A cumulative
    budget stays NaN from the first month without a budget on."""
    if rows.empty:
        return pd.DataFrame({c: pd.Series(dtype="float64") for c in MONTH_COLUMNS}).astype({"month": "int64"})
    grouped = rows.groupby("month").agg(outcome=("outcome", "sum"), budget=("budget", _budget_sum))
    frame = grouped.sort_index().reset_index()
    frame["deviation"] = frame["budget"] - frame["outcome"]
    frame["cum_outcome"] = frame["outcome"].cumsum()
    frame["cum_budget"] = frame["budget"].cumsum(skipna=False)
    frame["cum_deviation"] = frame["cum_budget"] - frame["cum_outcome"]
    return frame[MONTH_COLUMNS]


def by_group(rows: pd.DataFrame, column: str) -> pd.DataFrame:
    """Outcome, budget and deviation (budget − outcome) per value of ``column``, largest
    outcome first (columns ``column`` and :data:`GROUP_COLUMNS`)."""
    if rows.empty:
        return pd.DataFrame({column: pd.Series(dtype="str"), **{c: pd.Series(dtype="float64") for c in GROUP_COLUMNS}})
    grouped = rows.groupby(column).agg(outcome=("outcome", "sum"), budget=("budget", _budget_sum)).reset_index()
    grouped["deviation"] = grouped["budget"] - grouped["outcome"]
    return grouped.sort_values(["outcome", column], ascending=[False, True], kind="stable").reset_index(drop=True)


def largest(rows: pd.DataFrame, column: str, n: int = 5) -> pd.DataFrame:
    """The ``n`` values of ``column`` with the largest outcome, then one row for the others
    (``other`` true) and the ``Totalt`` row (``total`` true) over all rows."""
    groups = by_group(rows, column)
    if groups.empty:
        return groups.assign(other=pd.Series(dtype="bool"), total=pd.Series(dtype="bool"))
    top = groups.head(n).assign(other=False, total=False)
    rest = groups.iloc[n:]
    parts = [top]
    if not rest.empty:
        parts.append(_sum_row(rest, column, "", other=True))
    parts.append(_sum_row(groups, column, TOTAL, total=True))
    return pd.concat(parts, ignore_index=True)


def _sum_row(groups: pd.DataFrame, column: str, label: str, other: bool = False, total: bool = False) -> pd.DataFrame:
    outcome, budget = float(groups["outcome"].sum()), _budget_sum(groups["budget"])
    return pd.DataFrame([{column: label, "outcome": outcome, "budget": budget, "deviation": budget - outcome}]).assign(
        other=other, total=total
    )


def deviation_by_month(rows: pd.DataFrame, cost_types=COST_TYPES, column: str = "deviation") -> pd.DataFrame:
    """Deviation (budget − outcome; or another ``column`` of :func:`by_month`, such as the
    outcome) per month (rows) and cost type (columns, in the order of ``cost_types`` that the
    rows have), with ``Totalt`` over those cost types; ``month`` first."""
    rows = rows[rows["cost_type"].isin(list(cost_types))]
    if rows.empty:
        return pd.DataFrame({"month": pd.Series(dtype="int64")})
    total = by_month(rows).set_index("month")[column]
    present = [c for c in cost_types if c in set(rows["cost_type"])]
    frame = pd.DataFrame({c: by_month(rows[rows["cost_type"] == c]).set_index("month")[column] for c in present})
    frame = frame.reindex(total.index)
    frame[TOTAL] = total
    return frame.reset_index()


def months_present(rows: pd.DataFrame) -> list[int]:
    """The months the rows have, in order."""
    return sorted(int(m) for m in rows["month"].unique())


def full_year(rows: pd.DataFrame) -> bool:
    """Whether the rows cover every month 1–12."""
    return months_present(rows) == list(range(1, 13))


# --- shared display --------------------------------------------------------------------------------


def month_name(month: int, lang: str) -> str:
    """The month's abbreviated name in the chapter's language (``jan.``, ``Jan``)."""
    return str(get_month_names("abbreviated", locale=formatting.LOCALES[lang])[int(month)])


def source_line(rows: pd.DataFrame, year: int, lang: str) -> str:
    """The source line of a monthly figure: the year's ledger file(s) and the row count."""
    files = ", ".join(sorted(set(rows["source"]))) if not rows.empty else ""
    return t("monthly.source", lang, year=year, files=files, rows=formatting.number(int(rows["rows"].sum()), 0, lang))


def money(value: float | None, lang: str, signed: bool = False) -> str:
    """A monthly amount as shown in tables (one decimal, MSEK)."""
    return formatting.number(value, 1, lang, signed=signed and value is not None and round(float(value), 1) != 0)


def month_table(frame: pd.DataFrame, lang: str, caption: str):
    """The styled table of :func:`by_month`: month, outcome, budget, deviation and the
    cumulative columns; the header row names the derived columns' formulas below it."""
    names = {c: t(f"monthly.col.{c}", lang) for c in MONTH_COLUMNS}
    shown = pd.DataFrame({names["month"]: [month_name(m, lang) for m in frame["month"]]})
    budget = bool(frame["budget"].notna().any())  # without a budget: the outcome columns only
    for column in MONTH_COLUMNS[1:] if budget else ["outcome", "cum_outcome"]:
        signed = column.endswith("deviation")
        shown[names[column]] = [money(v, lang, signed) for v in frame[column]]
    return styled(shown, formats=dict.fromkeys(shown.columns[1:], str), total_rows=[], caption=caption)
