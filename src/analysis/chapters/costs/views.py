"""Chapter 2's data views: the year's deviation tables in one sign convention, drivers,
the result and the stated changes (pure functions of the facts).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.chapters.common import chapter_findings as on_chapter
from analysis.facts.catalog import LEDGER_SECTION, as_exported, is_total
from analysis.facts.pipeline import load_facts, load_quality
from analysis.facts.vocabulary import unit_info

CHAPTER = "cost_development"


COST_TYPE = "costs_by_cost_type"


BUSINESS_AREA = "result_by_business_area"


KEY_FIGURES = "key_figures"


#: Tables with outcome, budget and deviation; the first one a year has is its primary table.
DEVIATION_TABLES = (COST_TYPE, BUSINESS_AREA)


#: Factor that turns a printed value into a cost (positive = cost), per sign convention.
COST_SIGN = {"net_result": -1.0, "cost_positive": 1.0}


RESULT_ITEM = "resultat"


NET_COST_ITEMS = {"nettokostnad", "nettokostnader", "nettokostnadsutveckling"}


UNIT = "MSEK"


VIEW_COLUMNS = [
    "report_year",
    "table",
    "item",
    "parent",
    "is_total",
    "outcome_printed",
    "budget_printed",
    "outcome_cost",
    "budget_cost",
    "forecast_cost",
    "deviation_favourable",
    "deviation_vs_forecast_favourable",
    "deviation_recomputed",
    "share_percent",
    "unit",
    "convention",
    "source",
    "derived",
    "formula",
    "decimals",
]


CHANGE_COLUMNS = ["report_year", "item", "parent", "change_percent", "change", "unit", "section", "source", "decimals"]


RESULT_COLUMNS = ["origin", "table", "item", "measure", "value", "unit", "source", "derived", "formula", "decimals"]


EXPLAINED_COLUMNS = ["report_year", "item", "parent", "deviation", "unit", "section", "source", "decimals"]


def load(
    year: int, processed_dir: str | Path | None = None, raw_dir: str | Path | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The facts and the validation findings of one report year."""
    processed = Path(processed_dir) if processed_dir else None
    raw = Path(raw_dir) if raw_dir else None
    return load_facts(year, processed, raw), load_quality(year, processed, raw)


def display_decimals(facts: pd.DataFrame, max_decimals: int = 1) -> int:
    """Decimals to show values in MSEK with: the precision they were printed with
    (8 689 770 kr → 6 decimals in MSEK, 13 mnkr → 0), a ledger's sums to the öre, at most
    ``max_decimals``."""
    best = 0
    for _, fact in facts.iterrows():
        if fact.get("section", "") == LEDGER_SECTION:  # a ledger's sum: kronor, given in MSEK to the öre
            best = max(best, int(fact.get("decimals", 0) or 0))
            continue
        if fact.get("derived", False) or not fact.get("original_unit", ""):
            continue
        info = unit_info(str(fact["original_unit"]))
        scale = round(-math.log10(info[1])) if info and info[1] < 1 else 0
        best = max(best, int(fact.get("decimals", 0)) + scale)
    return min(best, max_decimals)


def of_year(facts: pd.DataFrame, year: int) -> pd.DataFrame:
    """The facts of report ``year``."""
    return facts[facts["report_year"] == int(year)]


def line(source: str) -> int:
    """The line number of a fact's source (``file:line``; the first of several), 0 without one: printed order."""
    try:
        return int(str(source).split(",")[0].rsplit(":", 1)[1])
    except (IndexError, ValueError):
        return 0


def cost_key_figures(facts: pd.DataFrame, year: int) -> pd.DataFrame:
    """The cost figures the report's text states (reported key figures of domain ``costs``) for report ``year``."""
    kf = of_year(facts, year)
    return kf[(kf["table"] == KEY_FIGURES) & (kf["domain"] == "costs") & ~kf["derived"]]


def tables_present(facts: pd.DataFrame, year: int) -> list[str]:
    """The deviation tables (outcome against budget) the year has, primary first."""
    present = set(of_year(facts, year)["table"])
    return [tb for tb in DEVIATION_TABLES if tb in present]


def tables_used(facts: pd.DataFrame, year: int) -> list[str]:
    """Every table the chapter draws on for the year (for source lines and the quality note)."""
    used = tables_present(facts, year)
    if not cost_key_figures(facts, year).empty:
        used.append(KEY_FIGURES)
    return used


def empty_view() -> pd.DataFrame:
    """A normalised view with no rows."""
    return pd.DataFrame(
        {
            c: pd.Series(
                dtype="float64"
                if c.endswith(("_cost", "_printed", "_favourable", "_recomputed", "_percent"))
                else "object"
            )
            for c in VIEW_COLUMNS
        }
    )


FLIPPED_FORMULA = "outcome_cost = −outcome; budget_cost = −budget; forecast_cost = −forecast"


def _convention(reported: pd.DataFrame, table: str, year: int) -> str:
    """The table's one sign convention, checked to be known and in MSEK."""
    conventions = sorted(set(reported["sign_convention"]))
    if len(conventions) != 1 or conventions[0] not in COST_SIGN:
        raise ValueError(
            f"{table} {year}: cannot normalise sign convention(s) {conventions}; known: {', '.join(COST_SIGN)}"
        )
    units = sorted(set(reported["unit"]))
    if units != [UNIT]:
        raise ValueError(f"{table} {year}: expected values in {UNIT}, found {units}")
    return conventions[0]


def _view_row(item: str, parent: str, group: pd.DataFrame, shares: pd.DataFrame, sign: float) -> dict:
    """One row of :func:`normalised`: printed values, costs with their sign normalised."""
    value = {m: float(v) for m, v in zip(group["measure"], group["value"])}

    def get(measure: str) -> float:
        return value.get(measure, math.nan)

    share = shares[(shares["item"] == item) & (shares["parent"] == parent)]
    outcome_cost, budget_cost = sign * get("outcome"), sign * get("budget")
    return {
        "item": item,
        "parent": parent,
        "is_total": is_total(item) and parent == "",
        "outcome_printed": get("outcome"),
        "budget_printed": get("budget"),
        "outcome_cost": outcome_cost + 0.0,
        "budget_cost": budget_cost + 0.0,
        "forecast_cost": sign * get("forecast") + 0.0,
        "deviation_favourable": get("deviation"),
        "deviation_vs_forecast_favourable": get("deviation_vs_forecast"),
        "deviation_recomputed": budget_cost - outcome_cost,
        "share_percent": float(share["value"].iloc[0]) if not share.empty else math.nan,
        "source": min(group["source"], key=line),
    }


def normalised(facts: pd.DataFrame, year: int, table: str) -> pd.DataFrame:
    """One table of outcome against budget in one sign convention.

    Columns: ``item``, ``outcome_cost`` and ``budget_cost`` (cost positive; net_result
    tables: cost = −printed value, derived), ``forecast_cost``, ``deviation_favourable``
    and ``deviation_vs_forecast_favourable`` (as printed; positive = better than budget or
    forecast in both conventions), ``deviation_recomputed`` (derived: budget_cost −
    outcome_cost), ``share_percent`` (derived share of total, where the facts have it),
    ``outcome_printed``/``budget_printed`` (MSEK, sign as printed), ``unit`` (MSEK),
    ``convention``, ``source``, ``derived`` and ``formula`` (of the cost columns) and
    ``decimals`` (to display). Rows in printed order; empty if the year lacks the table.
    """
    rows = of_year(facts, year)
    rows = rows[rows["table"] == table]
    reported = rows[as_exported(rows) & (rows["year"] == int(year))]
    if reported.empty:
        return empty_view()
    convention = _convention(reported, table, year)
    shares = rows[rows["derived"] & (rows["measure"] == "percent") & (rows["year"] == int(year))]
    common = {
        "report_year": int(year),
        "table": table,
        "unit": UNIT,
        "convention": convention,
        "derived": COST_SIGN[convention] < 0,
        "decimals": display_decimals(reported),
        "formula": FLIPPED_FORMULA if COST_SIGN[convention] < 0 else "",
    }
    out = [
        {**common, **_view_row(item, parent, group, shares, COST_SIGN[convention])}
        for (item, parent), group in reported.groupby(["item", "parent"], sort=False)
    ]
    view = pd.DataFrame(out, columns=VIEW_COLUMNS)
    view["_line"] = view["source"].map(line)
    return view.sort_values("_line", kind="stable").drop(columns="_line").reset_index(drop=True)


def has_budget(view: pd.DataFrame) -> bool:
    """Whether the view has a budget (a ledger year may come without one)."""
    return not view.empty and bool(view["budget_cost"].notna().any())


def primary_view(facts: pd.DataFrame, year: int) -> pd.DataFrame:
    """The normalised view of the year's primary deviation table (empty if it has none)."""
    present = tables_present(facts, year)
    return normalised(facts, year, present[0]) if present else empty_view()


@dataclass(frozen=True)
class Drivers:
    """The items with the largest favourable and unfavourable deviation from budget."""

    table: str
    favourable_item: str | None
    favourable_value: float | None
    unfavourable_item: str | None
    unfavourable_value: float | None
    decimals: int = 1


def drivers(view: pd.DataFrame) -> Drivers:
    """Largest surplus and largest deficit among the rows (totals left out); ties go to
    the row printed first."""
    table = str(view["table"].iloc[0]) if not view.empty else ""
    decimals = int(view["decimals"].iloc[0]) if not view.empty else 1
    rows = view[~view["is_total"].astype(bool) & view["deviation_favourable"].notna()] if not view.empty else view
    fav = rows[rows["deviation_favourable"] > 0]
    unfav = rows[rows["deviation_favourable"] < 0]
    best = fav.loc[fav["deviation_favourable"].idxmax()] if not fav.empty else None
    worst = unfav.loc[unfav["deviation_favourable"].idxmin()] if not unfav.empty else None
    return Drivers(
        table=table,
        favourable_item=None if best is None else str(best["item"]),
        favourable_value=None if best is None else float(best["deviation_favourable"]),
        unfavourable_item=None if worst is None else str(worst["item"]),
        unfavourable_value=None if worst is None else float(worst["deviation_favourable"]),
        decimals=decimals,
    )


@dataclass(frozen=True)
class TotalDeviation:
    """The total deviation from budget: as printed and recomputed (budget − outcome)."""

    table: str
    reported: float | None
    recomputed: float | None
    decimals: int


def total_deviation(view: pd.DataFrame) -> TotalDeviation:
    """The ``Totalt`` row's printed deviation and budget_cost − outcome_cost. Without a
    total row, the printed value is None and the recomputed one sums the rows."""
    if view.empty:
        return TotalDeviation("", None, None, 1)
    total = view[view["is_total"].astype(bool)]
    decimals = int(view["decimals"].iloc[0])
    if not has_budget(view):  # no deviation without a budget
        return TotalDeviation(str(view["table"].iloc[0]), None, None, decimals)
    if total.empty:
        return TotalDeviation(
            str(view["table"].iloc[0]), None, float((view["budget_cost"] - view["outcome_cost"]).sum()), decimals
        )
    row = total.iloc[0]
    reported = None if pd.isna(row["deviation_favourable"]) else float(row["deviation_favourable"])
    return TotalDeviation(str(row["table"]), reported, float(row["deviation_recomputed"]), decimals)


def flagged_items(view: pd.DataFrame, findings: pd.DataFrame) -> list[str]:
    """Items of the view whose printed deviation a validation finding disputes."""
    if view.empty or findings is None or findings.empty:
        return []
    year, table = int(view["report_year"].iloc[0]), str(view["table"].iloc[0])
    hit = findings[
        (findings["report_year"] == year) & (findings["table"] == table) & (findings["measure"] == "deviation")
    ]
    return [item for item in view["item"] if item in set(hit["item"])]


def chapter_findings(facts: pd.DataFrame, findings: pd.DataFrame, year: int) -> pd.DataFrame:
    """Validation findings on what this chapter shows: its deviation tables and the cost
    figures of the report's text."""
    return on_chapter(findings, facts, year, tables_present(facts, year), "costs")
