"""Chapter 2's sentences and key figures, built from the views in Swedish or English."""

from __future__ import annotations

import pandas as pd

from analysis.chapters.costs.result import Result, net_cost_change, result
from analysis.chapters.costs.views import (
    UNIT,
    Drivers,
    chapter_findings,
    drivers,
    flagged_items,
    has_budget,
    normalised,
    primary_view,
    total_deviation,
)
from analysis.facts.catalog import spec_by_table
from analysis.facts.numbers import half_unit
from analysis.presentation import formatting
from analysis.presentation.keyfigures import KeyFigure
from analysis.texts import t


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


def drivers_sentence(found: Drivers, lang: str) -> str:
    """One sentence on the largest surplus and deficit, built from the figures."""
    kind = t(f"costs.kind.{found.table}", lang)
    fmt = lambda v: signed_msek(v, found.decimals, lang)
    fields = {
        "kind": kind,
        "fav": found.favourable_item,
        "unfav": found.unfavourable_item,
        "fav_value": fmt(found.favourable_value),
        "unfav_value": fmt(found.unfavourable_value),
    }
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
    counts = {"better": int((shown > 0).sum()), "worse": int((shown < 0).sum()), "equal": int((shown == 0).sum())}
    parts = [t(f"costs.count.{kind}", lang, n=formatting.count_words(n, lang)) for kind, n in counts.items() if n]
    joined = ", ".join(parts[:-1]) + t("costs.count.and", lang) + parts[-1] if len(parts) > 1 else "".join(parts)
    plural = t(f"costs.plural.{table}", lang)
    return t("costs.count", lang, n=formatting.count_words(len(shown), lang), plural=plural, parts=joined) + "."


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
            parts.append(
                t(
                    "costs.convention.net_total",
                    lang,
                    cost=signed_msek(total["outcome_cost"].iloc[0], decimals, lang),
                    result=signed_msek(total["outcome_printed"].iloc[0], decimals, lang),
                )
            )
    return " ".join(parts) if parts else t("costs.convention.none", lang, year=year)


def _state(value: float, decimals: int, lang: str) -> str:
    rounded = round(value, decimals)
    if rounded > 0:
        return t("costs.state.surplus", lang)
    if rounded < 0:
        return t("costs.state.deficit", lang)
    return t("costs.state.balance", lang)


def result_paragraph(facts: pd.DataFrame, findings: pd.DataFrame | None, year: int, lang: str) -> str | None:
    """Sentences on the result: text and table, forecast, target. None if nothing is stated."""
    found = result(facts, year)
    if found.value is None:
        return None
    parts = []
    if found.text_msek is not None:
        parts.append(t("costs.result.text", lang, result=signed_msek(found.text_msek, found.text_decimals, lang)))
    if found.table_msek is not None:
        parts.append(
            t(
                "costs.result.table",
                lang,
                title=spec_by_table(found.table).title,
                result=signed_msek(found.table_msek, found.table_decimals, lang),
            )
        )
    if found.deviation_vs_forecast_msek is not None and found.forecast_msek is not None:
        parts.append(
            t(
                "costs.result.forecast",
                lang,
                forecast=signed_msek(found.forecast_msek, found.table_decimals, lang),
                deviation=signed_msek(found.deviation_vs_forecast_msek, found.table_decimals, lang),
            )
        )
    if found.target_msek is not None:
        parts.append(t("costs.result.target", lang, target=signed_msek(found.target_msek, found.target_decimals, lang)))
    parts += _reconciled(facts, findings, year, found, lang)
    return " ".join(parts)


def _reconciled(facts: pd.DataFrame, findings: pd.DataFrame | None, year: int, found: Result, lang: str) -> list[str]:
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
    fields = {
        "result": signed_msek(found.text_msek, found.text_decimals, lang),
        "printed": signed_msek(row["deviation_favourable"], int(row["decimals"]), lang),
        "recomputed": signed_msek(row["deviation_recomputed"], int(row["decimals"]), lang),
        "title": spec_by_table(found.reconcile_table).title,
    }
    if printed:
        return [t("costs.result.agrees_printed", lang, **fields)]
    return [t("costs.result.agrees_recomputed", lang, **fields)]


def changes_sentence(view: pd.DataFrame, lang: str) -> str:
    """How many changes the text states, and the largest increase and decrease (percent)."""
    parts = [t("costs.changes.intro", lang, n=len(view))]
    pct = view[view["change_percent"].notna()]
    up, down = pct[pct["change_percent"] > 0], pct[pct["change_percent"] < 0]
    if not up.empty:
        row = up.loc[up["change_percent"].idxmax()]
        parts.append(
            t(
                "costs.changes.largest_increase",
                lang,
                item=row["item"],
                value=formatting.percent(row["change_percent"], 0, lang, signed=True),
            )
        )
    if not down.empty:
        row = down.loc[down["change_percent"].idxmin()]
        parts.append(
            t(
                "costs.changes.largest_decrease",
                lang,
                item=row["item"],
                value=formatting.percent(row["change_percent"], 0, lang, signed=True),
            )
        )
    return " ".join(parts)


def _outcome_only(view: pd.DataFrame, year: int, lang: str) -> str:
    """The total outcome of a table without a budget, and that the year has none."""
    total = view[view["is_total"].astype(bool)]
    value = total["outcome_cost"].iloc[0] if not total.empty else view["outcome_cost"].sum()
    kind = t(f"costs.kind.{view['table'].iloc[0]}", lang)
    return t("costs.summary.outcome_only", lang, kind=kind, year=year, total=formatting.msek(value, 1, lang))


def summary(facts: pd.DataFrame, findings: pd.DataFrame | None, year: int, lang: str, ledger_note: str = "") -> str:
    """The chapter's opening paragraph: result, total deviation, drivers, net cost change;
    the outcome alone for a year without a budget; ``ledger_note`` alone (a ledger that holds
    no costs) when the year has neither a result nor a cost table."""
    found = result(facts, year)
    view = primary_view(facts, year)
    if ledger_note and view.empty and found.value is None:
        return ledger_note
    parts = []
    if found.value is None:
        parts.append(t("costs.summary.no_result", lang, year=year))
    else:
        decimals = found.text_decimals if found.text_msek is not None else found.table_decimals
        parts.append(
            t(
                "costs.summary.result",
                lang,
                year=year,
                result=signed_msek(found.value, decimals, lang),
                state=_state(found.value, decimals, lang),
            )
        )
    if not view.empty and not has_budget(view):
        parts.append(_outcome_only(view, year, lang))
    elif not view.empty:
        total = total_deviation(view)
        shown = total.reported if total.reported is not None else total.recomputed
        parts.append(
            t(
                "costs.summary.total_deviation",
                lang,
                kind=t(f"costs.kind.{total.table}", lang),
                total=signed_msek(shown, total.decimals, lang),
            )
        )
        if total.reported is not None and any(
            view.loc[view["is_total"].astype(bool), "item"].isin(flagged_items(view, findings))
        ):
            parts.append(
                t("costs.summary.total_mismatch", lang, recomputed=signed_msek(total.recomputed, total.decimals, lang))
            )
        parts.append(drivers_sentence(drivers(view), lang))
    change = net_cost_change(facts, year)
    if change is not None:
        parts.append(t("costs.summary.net_cost_change", lang, change=formatting.percent(change, 0, lang, signed=True)))
    return " ".join(parts)


def key_figures(facts: pd.DataFrame, findings: pd.DataFrame | None, year: int, lang: str) -> list[KeyFigure]:
    """The chapter's recorded key figures (MSEK, deviations + = better than budget)."""
    label = lambda key: t(f"costs.kf.{key}", lang)
    found = result(facts, year)
    view = primary_view(facts, year)
    total = total_deviation(view)
    top = drivers(view)
    own = chapter_findings(facts, findings, year)
    return [
        KeyFigure("deviation_table", label("deviation_table"), total.table or None, headline=False),
        KeyFigure("has_budget", label("has_budget"), has_budget(view) if not view.empty else None, headline=False),
        KeyFigure("result_msek", label("result_msek"), found.value, UNIT),
        KeyFigure("result_target_msek", label("result_target_msek"), found.target_msek, UNIT),
        KeyFigure("result_table_msek", label("result_table_msek"), found.table_msek, UNIT),
        KeyFigure("result_vs_forecast_msek", label("result_vs_forecast_msek"), found.deviation_vs_forecast_msek, UNIT),
        KeyFigure("total_deviation_msek", label("total_deviation_msek"), total.reported, UNIT),
        KeyFigure(
            "total_deviation_recomputed_msek",
            label("total_deviation_recomputed_msek"),
            total.recomputed,
            UNIT,
            derived=True,
            formula="budget_cost − outcome_cost of Totalt (costs positive)",
        ),
        KeyFigure("largest_favourable_item", label("largest_favourable_item"), top.favourable_item),
        KeyFigure("largest_favourable_value", label("largest_favourable_value"), top.favourable_value, UNIT),
        KeyFigure("largest_unfavourable_item", label("largest_unfavourable_item"), top.unfavourable_item),
        KeyFigure("largest_unfavourable_value", label("largest_unfavourable_value"), top.unfavourable_value, UNIT),
        KeyFigure("net_cost_change_percent", label("net_cost_change_percent"), net_cost_change(facts, year), "percent"),
        KeyFigure("n_findings", label("n_findings"), 0 if own is None else int(len(own)), "count"),
    ]
