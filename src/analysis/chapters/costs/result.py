"""Chapter 2's result and changes: the year's result from the text and the tables, the
changes against the previous year the report states, and the deviations its text explains.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from analysis.chapters.costs.views import (
    CHANGE_COLUMNS,
    DEVIATION_TABLES,
    EXPLAINED_COLUMNS,
    KEY_FIGURES,
    NET_COST_ITEMS,
    RESULT_COLUMNS,
    RESULT_ITEM,
    UNIT,
    cost_key_figures,
    display_decimals,
    flagged_items,
    line,
    normalised,
    of_year,
    tables_present,
)


@dataclass(frozen=True)
class Result:
    """The year's result: as the text states it and as the primary table gives it."""

    text_msek: float | None
    text_decimals: int
    table: str | None
    table_msek: float | None
    table_decimals: int
    forecast_msek: float | None
    deviation_vs_forecast_msek: float | None
    target_msek: float | None
    target_decimals: int = 0
    reconcile_table: str | None = None

    @property
    def value(self) -> float | None:
        """The result to headline: the report's own statement, else the table's total."""
        return self.text_msek if self.text_msek is not None else self.table_msek


def result(facts: pd.DataFrame, year: int) -> Result:
    """The result from the key figures (item ``Resultat``) and from a net_result table's
    ``Totalt`` (outcome, forecast, deviation vs forecast)."""
    kf = cost_key_figures(facts, year)
    kf = kf[
        (kf["item"].str.strip().str.lower() == RESULT_ITEM)
        & (kf["parent"] == "")
        & (kf["unit"] == UNIT)
        & (kf["year"] == int(year))
    ]
    pick = lambda m: kf[kf["measure"] == m]
    text = pick("outcome")
    target = pick("target")
    text_dvf = pick("deviation_vs_forecast")
    table_msek = forecast = dvf = table_id = None
    table_decimals = 1
    for table in tables_present(facts, year):
        view = normalised(facts, year, table)
        total = view[view["is_total"].astype(bool)]
        if total.empty or str(view["convention"].iloc[0]) != "net_result":
            continue
        row = total.iloc[0]
        table_msek = float(row["outcome_printed"])
        forecast = None if pd.isna(row["forecast_cost"]) else -float(row["forecast_cost"])
        dvf = (
            None if pd.isna(row["deviation_vs_forecast_favourable"]) else float(row["deviation_vs_forecast_favourable"])
        )
        table_decimals = int(row["decimals"])
        table_id = table
        break
    if dvf is None and not text_dvf.empty:
        dvf = float(text_dvf["value"].iloc[0])
    return Result(
        text_msek=float(text["value"].iloc[0]) if not text.empty else None,
        text_decimals=display_decimals(text.head(1)) if not text.empty else 1,
        table=table_id,
        table_msek=table_msek,
        table_decimals=table_decimals,
        forecast_msek=forecast,
        deviation_vs_forecast_msek=dvf,
        target_msek=float(target["value"].iloc[0]) if not target.empty else None,
        target_decimals=display_decimals(target.head(1)) if not target.empty else 0,
        reconcile_table=_reconcile_table(text),
    )


def _reconcile_table(text: pd.DataFrame) -> str | None:
    """The deviation table whose ``Totalt`` deviation the text's result is reconciled with."""
    if text.empty:
        return None
    reference = str(text["reconcile"].iloc[0]).replace(" ", "")
    return next((tb for tb in DEVIATION_TABLES if reference == f"{{{tb}|Totalt|deviation}}"), None)


def _text_result_rows(facts: pd.DataFrame, year: int) -> list[dict]:
    """The rows of the text's key figures about ``Resultat…`` (top-level items only)."""
    kf = cost_key_figures(facts, year)
    kf = kf[kf["item"].str.strip().str.lower().str.startswith(RESULT_ITEM) & (kf["parent"] == "")]
    return [
        {
            "origin": "text",
            "table": KEY_FIGURES,
            "item": fact["item"],
            "measure": fact["measure"],
            "value": float(fact["value"]),
            "unit": fact["unit"],
            "source": fact["source"],
            "derived": False,
            "formula": "",
            "decimals": display_decimals(kf.loc[[index]], 1),
        }
        for index, fact in kf.iterrows()
    ]


def _printed_total_rows(base: dict, row: pd.Series) -> list[dict]:
    """The printed figures of a ``Totalt`` row: all five of a net_result table, else its deviation."""
    if str(row["convention"]) != "net_result":
        if pd.isna(row["deviation_favourable"]):  # a year without a budget has no deviation
            return []
        return [{**base, "measure": "deviation", "value": float(row["deviation_favourable"])}]
    return [
        {**base, "measure": measure, "value": float(value) + 0.0}
        for measure, value in (
            ("outcome", row["outcome_printed"]),
            ("budget", row["budget_printed"]),
            ("deviation", row["deviation_favourable"]),
            ("forecast", -row["forecast_cost"]),
            ("deviation_vs_forecast", row["deviation_vs_forecast_favourable"]),
        )
        if not pd.isna(value)
    ]


def _table_result_rows(facts: pd.DataFrame, findings: pd.DataFrame | None, year: int) -> list[dict]:
    """The rows of each table's ``Totalt``, with the recomputed deviation where a finding disputes it."""
    rows = []
    for table in tables_present(facts, year):
        view = normalised(facts, year, table)
        total = view[view["is_total"].astype(bool)]
        if total.empty:
            continue
        row = total.iloc[0]
        base = {
            "origin": "table",
            "table": table,
            "item": row["item"],
            "unit": UNIT,
            "source": row["source"],
            "derived": False,
            "formula": "",
            "decimals": int(row["decimals"]),
        }
        rows += _printed_total_rows(base, row)
        if row["item"] in flagged_items(view, findings):
            rows.append(
                {
                    **base,
                    "measure": "deviation",
                    "value": float(row["deviation_recomputed"]),
                    "derived": True,
                    "formula": "budget_cost − outcome_cost",
                }
            )
    return rows


def result_rows(facts: pd.DataFrame, findings: pd.DataFrame | None, year: int) -> pd.DataFrame:
    """Every figure on the result: key figures about ``Resultat…`` from the text, the
    ``Totalt`` row of a net_result table, and the total deviation of the primary table —
    with the recomputed deviation (derived) when a finding disputes the printed one."""
    rows = _text_result_rows(facts, year) + _table_result_rows(facts, findings, year)
    return pd.DataFrame(rows, columns=RESULT_COLUMNS)


def changes(facts: pd.DataFrame, year: int) -> pd.DataFrame:
    """Year-on-year cost changes the report's text states (key figures ``change`` in MSEK
    and ``change_percent``), one row per item, with section and source; in printed order."""
    kf = cost_key_figures(facts, year)
    kf = kf[kf["measure"].isin(["change", "change_percent"])]
    out = []
    for (item, parent), group in kf.groupby(["item", "parent"], sort=False):
        pct = group[group["measure"] == "change_percent"]
        amount = group[(group["measure"] == "change") & (group["unit"] == UNIT)]
        out.append(
            {
                "report_year": int(year),
                "item": item,
                "parent": parent,
                "change_percent": float(pct["value"].iloc[0]) if not pct.empty else math.nan,
                "change": float(amount["value"].iloc[0]) if not amount.empty else math.nan,
                "unit": UNIT,
                "section": group["section"].iloc[0],
                "source": ", ".join(sorted(group["source"], key=line)),
                "decimals": display_decimals(amount, 3) if not amount.empty else 1,
            }
        )
    return pd.DataFrame(out, columns=CHANGE_COLUMNS)


def net_cost_change(facts: pd.DataFrame, year: int) -> float | None:
    """The year-on-year change of the net cost in percent, if the report states it."""
    found = changes(facts, year)
    found = found[found["item"].str.strip().str.lower().isin(NET_COST_ITEMS) & found["change_percent"].notna()]
    return float(found["change_percent"].iloc[0]) if not found.empty else None


def explained_deviations(facts: pd.DataFrame, year: int) -> pd.DataFrame:
    """Deviations the text states for parts of a row (``Sterilteknik`` within MT service)
    or for items no deviation table has; restatements of table rows are left out."""
    kf = cost_key_figures(facts, year)
    kf = kf[(kf["measure"] == "deviation") & (kf["unit"] == UNIT)]
    table_items = set(of_year(facts, year).loc[lambda f: f["table"].isin(DEVIATION_TABLES), "item"])
    kf = kf[(kf["parent"] != "") | ~kf["item"].isin(table_items)]
    out = [
        {
            "report_year": int(year),
            "item": r["item"],
            "parent": r["parent"],
            "deviation": float(r["value"]),
            "unit": UNIT,
            "section": r["section"],
            "source": r["source"],
            "decimals": display_decimals(kf.loc[[i]], 1),
        }
        for i, r in kf.iterrows()
    ]
    return pd.DataFrame(out, columns=EXPLAINED_COLUMNS)
