"""Chapter 2, cost development: outcome against budget per cost type or business area,
read in one sign convention; the largest deviations; the result; changes against the
previous year as the report's text states them.

The reports print their tables in different sign conventions (see ``data/raw/README.md``):

- ``net_result`` (2017, per business area): income +, net costs −, deviation = outcome − budget;
- ``cost_positive`` (2019, per cost type): costs +, deviation = budget − outcome.

:func:`normalised` turns either into one view: costs positive (a business area with net
income gets a negative net cost), deviation positive when better than budget. A cost
obtained by flipping the printed sign is marked derived, with its formula. Reported
figures are never corrected: a printed deviation that disagrees with budget − outcome is
shown as printed, with the recomputed value beside it.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.presentation import formatting
from analysis.facts.catalog import is_total, spec_by_table
from analysis.presentation.keyfigures import KeyFigure
from analysis.facts.numbers import half_unit
from analysis.texts import t
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
    "report_year", "table", "item", "parent", "is_total", "outcome_printed", "budget_printed",
    "outcome_cost", "budget_cost", "forecast_cost", "deviation_favourable",
    "deviation_vs_forecast_favourable", "deviation_recomputed", "share_percent", "unit",
    "convention", "source", "derived", "formula", "decimals",
]
CHANGE_COLUMNS = ["report_year", "item", "parent", "change_percent", "change", "unit", "section",
                  "source", "decimals"]
RESULT_COLUMNS = ["origin", "table", "item", "measure", "value", "unit", "source", "derived",
                  "formula", "decimals"]
EXPLAINED_COLUMNS = ["report_year", "item", "parent", "deviation", "unit", "section", "source",
                     "decimals"]


# --------------------------------------------------------------------------------------
# Loading
# --------------------------------------------------------------------------------------

def load(year: int, processed_dir: str | Path | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The facts and the validation findings of one report year."""
    from analysis.facts.pipeline import load_facts, load_quality

    processed = Path(processed_dir) if processed_dir else None
    return load_facts(year, processed), load_quality(year, processed)


# --------------------------------------------------------------------------------------
# Helpers on facts
# --------------------------------------------------------------------------------------

def display_decimals(facts: pd.DataFrame, max_decimals: int = 1) -> int:
    """Decimals to show values in MSEK with: the precision they were printed with
    (8 689 770 kr → 6 decimals in MSEK, 13 mnkr → 0), at most ``max_decimals``."""
    best = 0
    for _, fact in facts.iterrows():
        if fact.get("derived", False) or not fact.get("original_unit", ""):
            continue
        info = unit_info(str(fact["original_unit"]))
        scale = round(-math.log10(info[1])) if info and info[1] < 1 else 0
        best = max(best, int(fact.get("decimals", 0)) + scale)
    return min(best, max_decimals)


def signed_number(value: float | None, decimals: int, lang: str) -> str:
    """A deviation or change with its sign (``+13``, ``-3``); no sign when it rounds to 0."""
    if value is None or pd.isna(value):
        return formatting.number(value, decimals, lang)
    return formatting.number(value, decimals, lang, signed=round(float(value), decimals) != 0)


def signed_msek(value: float | None, decimals: int, lang: str) -> str:
    """:func:`signed_number` with the money unit: ``+13 mnkr``, ``0 mnkr``."""
    if value is None or pd.isna(value):
        return formatting.msek(value, decimals, lang)
    return formatting.msek(value, decimals, lang, signed=round(float(value), decimals) != 0)


def _year(facts: pd.DataFrame, year: int) -> pd.DataFrame:
    return facts[facts["report_year"] == int(year)]


def _line(source: str) -> int:
    try:
        return int(str(source).split(",")[0].rsplit(":", 1)[1])
    except (IndexError, ValueError):
        return 0


def _cost_key_figures(facts: pd.DataFrame, year: int) -> pd.DataFrame:
    kf = _year(facts, year)
    return kf[(kf["table"] == KEY_FIGURES) & (kf["domain"] == "costs") & ~kf["derived"]]


def tables_present(facts: pd.DataFrame, year: int) -> list[str]:
    """The deviation tables (outcome against budget) the year has, primary first."""
    present = set(_year(facts, year)["table"])
    return [tb for tb in DEVIATION_TABLES if tb in present]


def tables_used(facts: pd.DataFrame, year: int) -> list[str]:
    """Every table the chapter draws on for the year (for source lines and the quality note)."""
    used = tables_present(facts, year)
    if not _cost_key_figures(facts, year).empty:
        used.append(KEY_FIGURES)
    return used


# --------------------------------------------------------------------------------------
# Normalised view
# --------------------------------------------------------------------------------------

def empty_view() -> pd.DataFrame:
    """A normalised view with no rows."""
    return pd.DataFrame({c: pd.Series(dtype="float64" if c.endswith(("_cost", "_printed", "_favourable",
                                                                          "_recomputed", "_percent"))
                                      else "object") for c in VIEW_COLUMNS})


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
    rows = _year(facts, year)
    rows = rows[rows["table"] == table]
    reported = rows[~rows["derived"] & (rows["year"] == int(year))]
    if reported.empty:
        return empty_view()
    conventions = sorted(set(reported["sign_convention"]))
    if len(conventions) != 1 or conventions[0] not in COST_SIGN:
        raise ValueError(f"{table} {year}: cannot normalise sign convention(s) {conventions}; "
                         f"known: {', '.join(COST_SIGN)}")
    convention = conventions[0]
    sign = COST_SIGN[convention]
    units = sorted(set(reported["unit"]))
    if units != [UNIT]:
        raise ValueError(f"{table} {year}: expected values in {UNIT}, found {units}")
    shares = rows[rows["derived"] & (rows["measure"] == "percent")]
    decimals = display_decimals(reported)
    flipped = sign < 0
    formula = "outcome_cost = −outcome; budget_cost = −budget; forecast_cost = −forecast" if flipped else ""
    out = []
    for (item, parent), group in reported.groupby(["item", "parent"], sort=False):
        value = {m: float(v) for m, v in zip(group["measure"], group["value"])}
        get = lambda m: value.get(m, math.nan)  # noqa: E731
        share = shares[(shares["item"] == item) & (shares["parent"] == parent)]
        outcome_cost, budget_cost = sign * get("outcome"), sign * get("budget")
        out.append({
            "report_year": int(year), "table": table, "item": item, "parent": parent,
            "is_total": is_total(item) and parent == "",
            "outcome_printed": get("outcome"), "budget_printed": get("budget"),
            "outcome_cost": outcome_cost + 0.0, "budget_cost": budget_cost + 0.0,
            "forecast_cost": sign * get("forecast") + 0.0,
            "deviation_favourable": get("deviation"),
            "deviation_vs_forecast_favourable": get("deviation_vs_forecast"),
            "deviation_recomputed": budget_cost - outcome_cost,
            "share_percent": float(share["value"].iloc[0]) if not share.empty else math.nan,
            "unit": UNIT, "convention": convention,
            "source": min(group["source"], key=_line), "derived": flipped, "formula": formula,
            "decimals": decimals,
        })
    view = pd.DataFrame(out, columns=VIEW_COLUMNS)
    view["_line"] = view["source"].map(_line)
    return view.sort_values("_line", kind="stable").drop(columns="_line").reset_index(drop=True)


def primary_view(facts: pd.DataFrame, year: int) -> pd.DataFrame:
    """The normalised view of the year's primary deviation table (empty if it has none)."""
    present = tables_present(facts, year)
    return normalised(facts, year, present[0]) if present else empty_view()


# --------------------------------------------------------------------------------------
# Drivers and totals
# --------------------------------------------------------------------------------------

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


def drivers_sentence(found: Drivers, lang: str) -> str:
    """One sentence on the largest surplus and deficit, built from the figures."""
    kind = t(f"costs.kind.{found.table}", lang)
    fmt = lambda v: signed_msek(v, found.decimals, lang)  # noqa: E731
    fields = {"kind": kind, "fav": found.favourable_item, "unfav": found.unfavourable_item,
              "fav_value": fmt(found.favourable_value), "unfav_value": fmt(found.unfavourable_value)}
    if found.favourable_item and found.unfavourable_item:
        key = "both"
    elif found.favourable_item:
        key = "favourable_only"
    elif found.unfavourable_item:
        key = "unfavourable_only"
    else:
        key = "none"
    return t(f"costs.drivers.{key}", lang, **fields)


def count_sentence(view: pd.DataFrame, lang: str) -> str:
    """How many rows (totals left out) came in better than, worse than and on budget,
    counting deviations as shown (rounded to the displayed decimals)."""
    if view.empty:
        return ""
    decimals = int(view["decimals"].iloc[0])
    shown = view.loc[~view["is_total"].astype(bool), "deviation_favourable"].dropna().round(decimals)
    table = str(view["table"].iloc[0])
    text = t("costs.count", lang, n=len(shown), plural=t(f"costs.plural.{table}", lang),
             better=int((shown > 0).sum()), worse=int((shown < 0).sum()))
    if (shown == 0).any():
        text += t("costs.count.equal", lang, equal=int((shown == 0).sum()))
    return text + "."


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
    if total.empty:
        return TotalDeviation(str(view["table"].iloc[0]), None,
                              float((view["budget_cost"] - view["outcome_cost"]).sum()), decimals)
    row = total.iloc[0]
    reported = None if pd.isna(row["deviation_favourable"]) else float(row["deviation_favourable"])
    return TotalDeviation(str(row["table"]), reported, float(row["deviation_recomputed"]), decimals)


def flagged_items(view: pd.DataFrame, findings: pd.DataFrame) -> list[str]:
    """Items of the view whose printed deviation a validation finding disputes."""
    if view.empty or findings is None or findings.empty:
        return []
    year, table = int(view["report_year"].iloc[0]), str(view["table"].iloc[0])
    hit = findings[(findings["report_year"] == year) & (findings["table"] == table)
                   & (findings["measure"] == "deviation")]
    return [item for item in view["item"] if item in set(hit["item"])]


# --------------------------------------------------------------------------------------
# Shown in the chapter: convention note, table, notes, chart
# --------------------------------------------------------------------------------------

def convention_note(views: list[pd.DataFrame], year: int, lang: str) -> str:
    """What each table's printed signs mean and how the chapter shows them, from the facts'
    ``sign_convention``; names the rows that come out with a negative net cost."""
    parts = []
    for view in views:
        if view.empty:
            continue
        convention = str(view["convention"].iloc[0])
        parts.append(t(f"costs.convention.{convention}", lang, title=spec_by_table(view["table"].iloc[0]).title))
        negative = view[~view["is_total"].astype(bool) & (view["outcome_cost"] < 0)]
        if convention == "net_result" and not negative.empty:
            parts.append(t("costs.convention.net_income", lang, items=", ".join(negative["item"])))
        total = view[view["is_total"].astype(bool)]
        if convention == "net_result" and not total.empty:
            decimals = int(view["decimals"].iloc[0])
            parts.append(t("costs.convention.net_total", lang,
                           cost=signed_msek(total["outcome_cost"].iloc[0], decimals, lang),
                           result=signed_msek(total["outcome_printed"].iloc[0], decimals, lang)))
    return " ".join(parts) if parts else t("costs.convention.none", lang, year=year)


def deviation_frame(view: pd.DataFrame, lang: str, findings: pd.DataFrame | None = None) -> pd.DataFrame:
    """The view as a table for readers: formatted values, localised headers, derived columns
    marked (* net cost, ** share), disputed deviations marked †."""
    if view.empty:
        return pd.DataFrame()
    year = int(view["report_year"].iloc[0])
    decimals = int(view["decimals"].iloc[0])
    net = str(view["convention"].iloc[0]) == "net_result"
    flagged = set(flagged_items(view, findings))
    num = lambda v: formatting.number(v, decimals, lang)  # noqa: E731
    dev = lambda v, item: signed_number(v, decimals, lang) + (" †" if item in flagged else "")  # noqa: E731
    frame = {
        t("costs.col.item", lang): view["item"],
        t("costs.col.outcome_net_cost" if net else "costs.col.outcome_cost", lang, year=year):
            view["outcome_cost"].map(num),
        t("costs.col.budget_net_cost" if net else "costs.col.budget_cost", lang, year=year):
            view["budget_cost"].map(num),
        t("costs.col.deviation", lang): [dev(v, i) for v, i in zip(view["deviation_favourable"], view["item"])],
    }
    if view["forecast_cost"].notna().any():
        frame[t("costs.col.forecast_net_cost" if net else "costs.col.forecast_cost", lang)] = \
            view["forecast_cost"].map(num)
        frame[t("costs.col.deviation_vs_forecast", lang)] = view["deviation_vs_forecast_favourable"].map(
            lambda v: signed_number(v, decimals, lang))
    if view["share_percent"].notna().any():
        frame[t("costs.col.share", lang)] = view["share_percent"].map(lambda v: formatting.number(v, 1, lang))
    return pd.DataFrame(frame)


def deviation_table(view: pd.DataFrame, lang: str, findings: pd.DataFrame | None = None):
    """The styled table of outcome against budget, or None when the year lacks it."""
    from analysis.presentation.tables import styled

    if view.empty:
        return None
    frame = deviation_frame(view, lang, findings)
    formats = {c: str for c in frame.columns[1:]}
    caption = t("costs.caption.deviation", lang, title=spec_by_table(view["table"].iloc[0]).title,
                unit=formatting.MONEY_UNIT[lang])
    return styled(frame, formats=formats, caption=caption)


def table_notes(view: pd.DataFrame, lang: str, findings: pd.DataFrame | None = None) -> list[str]:
    """The footnotes of the deviation table: derived columns with their formula, and each
    disputed deviation with the recomputed value."""
    if view.empty:
        return []
    notes = []
    if str(view["convention"].iloc[0]) == "net_result":
        notes.append(t("costs.note.net_cost", lang))
    if view["share_percent"].notna().any():
        notes.append(t("costs.note.share", lang))
    decimals = int(view["decimals"].iloc[0])
    flagged = []
    for item in flagged_items(view, findings):
        row = view[view["item"] == item].iloc[0]
        flagged.append(t("costs.note.flagged_item", lang, item=item,
                         reported=signed_msek(row["deviation_favourable"], decimals, lang),
                         recomputed=signed_msek(row["deviation_recomputed"], decimals, lang)))
    if flagged:
        notes.append(t("costs.note.flagged", lang, items="; ".join(flagged)))
    return notes


def show_notes(view: pd.DataFrame, lang: str, findings: pd.DataFrame | None = None) -> None:
    """Show the deviation table's footnotes (nothing when the year lacks the table)."""
    from analysis.chapters.common import paragraph

    for note in table_notes(view, lang, findings):
        paragraph(note)


def show_intro(view: pd.DataFrame, year: int, lang: str, section: str) -> None:
    """A deviation section's opening line (how many rows did better or worse than budget),
    or the one-line note that the year lacks its table. ``section``: "cost_type" or
    "business_area"."""
    from analysis.chapters.common import missing, paragraph

    if view.empty:
        missing(year, t(f"costs.{section}.what", lang), lang)
    else:
        paragraph(count_sentence(view, lang))


def explained_view(explained: pd.DataFrame, year: int, lang: str):
    """The table of deviations the report's text explains, or the note that it has none."""
    from analysis.chapters.common import missing

    if explained.empty:
        missing(year, t("costs.explained.what", lang), lang)
        return None
    return explained_table(explained, lang)


def show_result(facts: pd.DataFrame, findings: pd.DataFrame | None, year: int, lang: str) -> None:
    """The paragraph on the year's result, or the note that the report gives none."""
    from analysis.chapters.common import missing, paragraph

    text = result_paragraph(facts, findings, year, lang)
    if text is None:
        missing(year, t("costs.result.what", lang), lang)
    else:
        paragraph(text)


def show_changes(view: pd.DataFrame, year: int, lang: str) -> None:
    """The sentence on the changes against the previous year, or the note that there are none."""
    from analysis.chapters.common import missing, paragraph

    if view.empty:
        missing(year, t("costs.changes.what", lang), lang)
    else:
        paragraph(changes_sentence(view, lang))


def chart_data(view: pd.DataFrame, findings: pd.DataFrame | None = None) -> pd.DataFrame:
    """``label``/``value`` for :func:`analysis.presentation.charts.diverging_bars`: each row's printed
    deviation (positive = favourable), totals left out, largest surplus first; a label
    ends with † when a finding disputes the row's printed deviation."""
    if view.empty:
        return pd.DataFrame({"label": pd.Series(dtype="str"), "value": pd.Series(dtype="float64")})
    flagged = set(flagged_items(view, findings))
    rows = view[~view["is_total"].astype(bool) & view["deviation_favourable"].notna()]
    data = pd.DataFrame({"label": [f"{i} †" if i in flagged else str(i) for i in rows["item"]],
                         "value": rows["deviation_favourable"].astype(float).to_numpy()})
    return data.sort_values("value", ascending=False, kind="stable").reset_index(drop=True)


def deviation_chart(view: pd.DataFrame, year: int, lang: str, findings: pd.DataFrame | None = None):
    """Diverging bars of the deviation per row, or None when the year lacks the table."""
    from analysis.presentation import charts
    from analysis.chapters.common import source

    if view.empty:
        return None
    table = str(view["table"].iloc[0])
    title = t("costs.chart.title", lang, kind_singular=t(f"costs.chart.kind.{table}", lang), year=year)
    return charts.diverging_bars(chart_data(view, findings), title, UNIT, source(year, [table], lang), lang,
                                 xlabel=t("costs.chart.xlabel", lang, unit=formatting.MONEY_UNIT[lang]))


# --------------------------------------------------------------------------------------
# Result
# --------------------------------------------------------------------------------------

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
    kf = _cost_key_figures(facts, year)
    kf = kf[(kf["item"].str.strip().str.lower() == RESULT_ITEM) & (kf["parent"] == "") & (kf["unit"] == UNIT)
            & (kf["year"] == int(year))]
    pick = lambda m: kf[kf["measure"] == m]  # noqa: E731
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
        dvf = (None if pd.isna(row["deviation_vs_forecast_favourable"])
               else float(row["deviation_vs_forecast_favourable"]))
        table_decimals = int(row["decimals"])
        table_id = table
        break
    if dvf is None and not text_dvf.empty:
        dvf = float(text_dvf["value"].iloc[0])
    return Result(
        text_msek=float(text["value"].iloc[0]) if not text.empty else None,
        text_decimals=display_decimals(text.head(1)) if not text.empty else 1,
        table=table_id, table_msek=table_msek, table_decimals=table_decimals, forecast_msek=forecast,
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


def _state(value: float, decimals: int, lang: str) -> str:
    rounded = round(value, decimals)
    return t("costs.state." + ("surplus" if rounded > 0 else "deficit" if rounded < 0 else "balance"), lang)


def result_paragraph(facts: pd.DataFrame, findings: pd.DataFrame | None, year: int, lang: str) -> str | None:
    """Sentences on the result: text and table, forecast, target. None if nothing is stated."""
    found = result(facts, year)
    if found.value is None:
        return None
    parts = []
    if found.text_msek is not None:
        parts.append(t("costs.result.text", lang, result=signed_msek(found.text_msek, found.text_decimals, lang)))
    if found.table_msek is not None:
        parts.append(t("costs.result.table", lang, title=spec_by_table(found.table).title,
                       result=signed_msek(found.table_msek, found.table_decimals, lang)))
    if found.deviation_vs_forecast_msek is not None and found.forecast_msek is not None:
        parts.append(t("costs.result.forecast", lang,
                       forecast=signed_msek(found.forecast_msek, found.table_decimals, lang),
                       deviation=signed_msek(found.deviation_vs_forecast_msek, found.table_decimals, lang)))
    if found.target_msek is not None:
        parts.append(t("costs.result.target", lang,
                       target=signed_msek(found.target_msek, found.target_decimals, lang)))
    parts += _reconciled(facts, findings, year, found, lang)
    return " ".join(parts)


def _reconciled(facts: pd.DataFrame, findings: pd.DataFrame | None, year: int, found: "Result",
                lang: str) -> list[str]:
    """When the text's result is reconciled (column ``reconcile``) with a table's total
    deviation that a finding disputes: which of printed and recomputed it agrees with."""
    if found.text_msek is None or found.reconcile_table is None:
        return []
    view = normalised(facts, year, found.reconcile_table)
    total = view[view["is_total"].astype(bool)]
    if total.empty or total["item"].iloc[0] not in flagged_items(view, findings):
        return []
    row = total.iloc[0]
    tolerance = half_unit(found.text_decimals) + half_unit(int(row["decimals"])) + 1e-9
    printed = abs(found.text_msek - row["deviation_favourable"]) <= tolerance
    recomputed = abs(found.text_msek - row["deviation_recomputed"]) <= tolerance
    if printed == recomputed:
        return []
    fields = {"result": signed_msek(found.text_msek, found.text_decimals, lang),
              "printed": signed_msek(row["deviation_favourable"], int(row["decimals"]), lang),
              "recomputed": signed_msek(row["deviation_recomputed"], int(row["decimals"]), lang),
              "title": spec_by_table(found.reconcile_table).title}
    return [t("costs.result.agrees_" + ("printed" if printed else "recomputed"), lang, **fields)]


def result_rows(facts: pd.DataFrame, findings: pd.DataFrame | None, year: int) -> pd.DataFrame:
    """Every figure on the result: key figures about ``Resultat…`` from the text, the
    ``Totalt`` row of a net_result table, and the total deviation of the primary table —
    with the recomputed deviation (derived) when a finding disputes the printed one."""
    rows = []
    kf = _cost_key_figures(facts, year)
    kf = kf[kf["item"].str.strip().str.lower().str.startswith(RESULT_ITEM) & (kf["parent"] == "")]
    for index, fact in kf.iterrows():
        rows.append({"origin": "text", "table": KEY_FIGURES, "item": fact["item"], "measure": fact["measure"],
                     "value": float(fact["value"]), "unit": fact["unit"], "source": fact["source"],
                     "derived": False, "formula": "", "decimals": display_decimals(kf.loc[[index]], 1)})
    for table in tables_present(facts, year):
        view = normalised(facts, year, table)
        total = view[view["is_total"].astype(bool)]
        if total.empty:
            continue
        row = total.iloc[0]
        decimals = int(row["decimals"])
        base = {"origin": "table", "table": table, "item": row["item"], "unit": UNIT, "source": row["source"],
                "derived": False, "formula": "", "decimals": decimals}
        if str(row["convention"]) == "net_result":
            for measure, value in (("outcome", row["outcome_printed"]), ("budget", row["budget_printed"]),
                                   ("deviation", row["deviation_favourable"]),
                                   ("forecast", -row["forecast_cost"]),
                                   ("deviation_vs_forecast", row["deviation_vs_forecast_favourable"])):
                if not pd.isna(value):
                    rows.append({**base, "measure": measure, "value": float(value) + 0.0})
        else:
            rows.append({**base, "measure": "deviation", "value": float(row["deviation_favourable"])})
        if row["item"] in flagged_items(view, findings):
            rows.append({**base, "measure": "deviation", "value": float(row["deviation_recomputed"]),
                         "derived": True, "formula": "budget_cost − outcome_cost"})
    return pd.DataFrame(rows, columns=RESULT_COLUMNS)


def result_table(facts: pd.DataFrame, findings: pd.DataFrame | None, year: int, lang: str):
    """The styled table of :func:`result_rows`, or None when the year states no result."""
    from analysis.chapters.common import measure_label
    from analysis.presentation.tables import styled

    rows = result_rows(facts, findings, year)
    if rows.empty:
        return None
    labels, values, derivations = [], [], []
    for _, row in rows.iterrows():
        where = (t("costs.result.from_text", lang) if row["origin"] == "text"
                 else spec_by_table(row["table"]).title)
        extra = ""
        if row["origin"] == "table" and row["measure"] == "deviation":
            extra = ", " + t("costs.result." + ("recomputed" if row["derived"] else "printed"), lang)
        labels.append(f"{row['item']} – {measure_label(row['measure'], lang)}{extra} ({where})")
        values.append(signed_msek(row["value"], int(row["decimals"]), lang) if row["unit"] == UNIT
                      else formatting.value(row["value"], row["unit"], int(row["decimals"]), lang))
        derivations.append(t("costs.formula.recomputed", lang) if row["derived"] else "")
    frame = pd.DataFrame({t("costs.col.figure", lang): labels, t("costs.col.value", lang): values,
                          t("costs.col.derivation", lang): derivations,
                          t("costs.col.source", lang): rows["source"]})
    if not any(derivations):
        frame = frame.drop(columns=t("costs.col.derivation", lang))
    return styled(frame, formats={t("costs.col.value", lang): str}, total_rows=[])


# --------------------------------------------------------------------------------------
# Changes against the previous year, deviations the text explains
# --------------------------------------------------------------------------------------

def changes(facts: pd.DataFrame, year: int) -> pd.DataFrame:
    """Year-on-year cost changes the report's text states (key figures ``change`` in MSEK
    and ``change_percent``), one row per item, with section and source; in printed order."""
    kf = _cost_key_figures(facts, year)
    kf = kf[kf["measure"].isin(["change", "change_percent"])]
    out = []
    for (item, parent), group in kf.groupby(["item", "parent"], sort=False):
        pct = group[group["measure"] == "change_percent"]
        amount = group[(group["measure"] == "change") & (group["unit"] == UNIT)]
        out.append({
            "report_year": int(year), "item": item, "parent": parent,
            "change_percent": float(pct["value"].iloc[0]) if not pct.empty else math.nan,
            "change": float(amount["value"].iloc[0]) if not amount.empty else math.nan,
            "unit": UNIT, "section": group["section"].iloc[0],
            "source": ", ".join(sorted(group["source"], key=_line)),
            "decimals": display_decimals(amount, 3) if not amount.empty else 1,
        })
    return pd.DataFrame(out, columns=CHANGE_COLUMNS)


def net_cost_change(facts: pd.DataFrame, year: int) -> float | None:
    """The year-on-year change of the net cost in percent, if the report states it."""
    found = changes(facts, year)
    found = found[found["item"].str.strip().str.lower().isin(NET_COST_ITEMS) & found["change_percent"].notna()]
    return float(found["change_percent"].iloc[0]) if not found.empty else None


def changes_sentence(view: pd.DataFrame, lang: str) -> str:
    """How many changes the text states, and the largest increase and decrease (percent)."""
    parts = [t("costs.changes.intro", lang, n=len(view))]
    pct = view[view["change_percent"].notna()]
    up, down = pct[pct["change_percent"] > 0], pct[pct["change_percent"] < 0]
    if not up.empty:
        row = up.loc[up["change_percent"].idxmax()]
        parts.append(t("costs.changes.largest_increase", lang, item=row["item"],
                       value=formatting.percent(row["change_percent"], 0, lang, signed=True)))
    if not down.empty:
        row = down.loc[down["change_percent"].idxmin()]
        parts.append(t("costs.changes.largest_decrease", lang, item=row["item"],
                       value=formatting.percent(row["change_percent"], 0, lang, signed=True)))
    return " ".join(parts)


def changes_table(view: pd.DataFrame, lang: str):
    """The styled table of changes with their source, or None when there are none."""
    from analysis.presentation.tables import styled

    if view.empty:
        return None
    frame = {t("costs.col.item", lang): view["item"]}
    if (view["parent"] != "").any():
        frame[t("costs.col.parent", lang)] = view["parent"]
    frame[t("costs.col.change_percent", lang)] = view["change_percent"].map(
        lambda v: formatting.percent(v, 0, lang, signed=round(v) != 0) if pd.notna(v) else formatting.percent(v))
    if view["change"].notna().any():
        frame[t("costs.col.change", lang, unit=formatting.MONEY_UNIT[lang])] = [
            signed_number(v, int(d), lang) for v, d in zip(view["change"], view["decimals"])]
    frame[t("costs.col.section", lang)] = view["section"]
    frame[t("costs.col.source", lang)] = view["source"]
    frame = pd.DataFrame(frame)
    numeric = [c for c in (t("costs.col.change_percent", lang),
                           t("costs.col.change", lang, unit=formatting.MONEY_UNIT[lang])) if c in frame]
    return styled(frame, formats={c: str for c in numeric}, total_rows=[])


def explained_deviations(facts: pd.DataFrame, year: int) -> pd.DataFrame:
    """Deviations the text states for parts of a row (``Sterilteknik`` within MT service)
    or for items no deviation table has; restatements of table rows are left out."""
    kf = _cost_key_figures(facts, year)
    kf = kf[(kf["measure"] == "deviation") & (kf["unit"] == UNIT)]
    table_items = set(_year(facts, year).loc[lambda f: f["table"].isin(DEVIATION_TABLES), "item"])
    kf = kf[(kf["parent"] != "") | ~kf["item"].isin(table_items)]
    out = [{"report_year": int(year), "item": r["item"], "parent": r["parent"], "deviation": float(r["value"]),
            "unit": UNIT, "section": r["section"], "source": r["source"],
            "decimals": display_decimals(kf.loc[[i]], 1)} for i, r in kf.iterrows()]
    return pd.DataFrame(out, columns=EXPLAINED_COLUMNS)


def explained_table(view: pd.DataFrame, lang: str):
    """The styled table of :func:`explained_deviations`, or None when there are none."""
    from analysis.presentation.tables import styled

    if view.empty:
        return None
    dev = t("costs.col.deviation", lang) + f", {formatting.MONEY_UNIT[lang]}"
    frame = pd.DataFrame({
        t("costs.col.item", lang): view["item"],
        t("costs.col.parent", lang): view["parent"],
        dev: [signed_number(v, int(d), lang) for v, d in zip(view["deviation"], view["decimals"])],
        t("costs.col.section", lang): view["section"],
        t("costs.col.source", lang): view["source"],
    })
    return styled(frame, formats={dev: str}, total_rows=[])


# --------------------------------------------------------------------------------------
# Summary, findings, key figures
# --------------------------------------------------------------------------------------

def chapter_findings(facts: pd.DataFrame, findings: pd.DataFrame, year: int) -> pd.DataFrame:
    """Validation findings on what this chapter shows: its deviation tables and the cost
    figures of the report's text."""
    from analysis.chapters.common import chapter_findings as on_chapter

    return on_chapter(findings, facts, year, tables_present(facts, year), "costs")


def summary(facts: pd.DataFrame, findings: pd.DataFrame | None, year: int, lang: str) -> str:
    """The chapter's opening paragraph: result, total deviation, drivers, net cost change."""
    found = result(facts, year)
    parts = []
    if found.value is None:
        parts.append(t("costs.summary.no_result", lang, year=year))
    else:
        decimals = found.text_decimals if found.text_msek is not None else found.table_decimals
        parts.append(t("costs.summary.result", lang, year=year,
                       result=signed_msek(found.value, decimals, lang),
                       state=_state(found.value, decimals, lang)))
    view = primary_view(facts, year)
    if not view.empty:
        total = total_deviation(view)
        shown = total.reported if total.reported is not None else total.recomputed
        parts.append(t("costs.summary.total_deviation", lang, kind=t(f"costs.kind.{total.table}", lang),
                       total=signed_msek(shown, total.decimals, lang)))
        if total.reported is not None and any(view.loc[view["is_total"].astype(bool), "item"].isin(
                flagged_items(view, findings))):
            parts.append(t("costs.summary.total_mismatch", lang,
                           recomputed=signed_msek(total.recomputed, total.decimals, lang)))
        parts.append(drivers_sentence(drivers(view), lang))
    change = net_cost_change(facts, year)
    if change is not None:
        parts.append(t("costs.summary.net_cost_change", lang,
                       change=formatting.percent(change, 0, lang, signed=True)))
    return " ".join(parts)


def key_figures(facts: pd.DataFrame, findings: pd.DataFrame | None, year: int, lang: str) -> list[KeyFigure]:
    """The chapter's recorded key figures (MSEK, deviations + = better than budget)."""
    label = lambda key: t(f"costs.kf.{key}", lang)  # noqa: E731
    found = result(facts, year)
    view = primary_view(facts, year)
    total = total_deviation(view)
    top = drivers(view)
    own = chapter_findings(facts, findings, year)
    return [
        KeyFigure("deviation_table", label("deviation_table"), total.table or None, headline=False),
        KeyFigure("result_msek", label("result_msek"), found.value, UNIT),
        KeyFigure("result_table_msek", label("result_table_msek"), found.table_msek, UNIT),
        KeyFigure("result_vs_forecast_msek", label("result_vs_forecast_msek"), found.deviation_vs_forecast_msek,
                  UNIT),
        KeyFigure("total_deviation_msek", label("total_deviation_msek"), total.reported, UNIT),
        KeyFigure("total_deviation_recomputed_msek", label("total_deviation_recomputed_msek"), total.recomputed,
                  UNIT, derived=True, formula="budget_cost − outcome_cost of Totalt (costs positive)"),
        KeyFigure("largest_favourable_item", label("largest_favourable_item"), top.favourable_item),
        KeyFigure("largest_favourable_value", label("largest_favourable_value"), top.favourable_value, UNIT),
        KeyFigure("largest_unfavourable_item", label("largest_unfavourable_item"), top.unfavourable_item),
        KeyFigure("largest_unfavourable_value", label("largest_unfavourable_value"), top.unfavourable_value, UNIT),
        KeyFigure("net_cost_change_percent", label("net_cost_change_percent"), net_cost_change(facts, year),
                  "percent"),
        KeyFigure("n_findings", label("n_findings"), 0 if own is None else int(len(own)), "count"),
    ]
