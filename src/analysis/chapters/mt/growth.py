"""Chapter 3 over the years: the MT cost per year from the series, its growth computed
from the tables where the previous year has a table value, and the report's stated
changes checked against them.

- The growth of the chapter's year is computed from the tables (``origin`` "computed")
  when the year before it with a value has a table value (its own report or a later
  report's prior-year column). The report's stated change for the year, if any, is shown
  beside it with its status (:func:`analysis.facts.series.assess_claim`): checked or
  contradicted, stated value, computed value and both sources.
- Where only the stated change exists (2019's "+42 %" with no 2018 table), the chapter
  uses it as before, marked as stated in the report (``origin`` "stated"); the previous
  year's bar is derived from it and drawn hatched.
- With a year with a table value between the first one and the chapter's, every row also has
  its change since that first year and the average yearly change ((last / first)^(1 / years)
  − 1) × 100, from table values only (:data:`PERIOD_COLUMNS`, :func:`period_key_figures`):
  never from a value derived from a stated change.
"""

from __future__ import annotations

import dataclasses

import pandas as pd

from analysis.chapters import common as chapter
from analysis.chapters import over_the_years as years
from analysis.chapters.mt.views import (
    COMPARISON_COLUMNS,
    COST_TABLE,
    COST_TYPE,
    HIGHLIGHT,
    KF_TABLE,
    NET_COST,
    OTHER_COSTS,
    TOTAL,
    MtFigures,
    figures,
    one_fact,
    own_rows,
)
from analysis.facts import series as facts_series
from analysis.presentation import formatting
from analysis.presentation.keyfigures import KeyFigure
from analysis.presentation.tables import styled
from analysis.texts import t


def mt_series(history: years.History) -> pd.DataFrame:
    """The outcome of "MT service och underhåll" per year up to the chapter's (renamed rows
    through the aliases; a year without any table value derived from a stated change)."""
    return facts_series.series(history.facts, COST_TABLE, COST_TYPE, "outcome", aliases=history.aliases)


def _claim(history: years.History, item: str) -> pd.Series | None:
    """The change in percent the year's report states for ``item``, or None."""
    key = facts_series.canonical(item, COST_TABLE, history.aliases)
    kf = history.facts[
        (history.facts["report_year"] == history.year)
        & (history.facts["table"] == KF_TABLE)
        & (history.facts["measure"] == "change_percent")
        & ~history.facts["derived"]
    ]
    found = kf[[facts_series.canonical(i, COST_TABLE, history.aliases) == key for i in kf["item"]]]
    return None if found.empty else found.iloc[0]


def _computed(history: years.History, item: str) -> pd.Series | None:
    """The change of ``item``'s table outcome that ends in the chapter's year, or None."""
    found = facts_series.series(
        history.facts, COST_TABLE, item, "outcome", parent="", aliases=history.aliases, stated_changes=False
    )
    return years.last_change(facts_series.changes(found), history.year)


#: The columns a row of :func:`growth_comparison` adds on the change since the first year with
#: a table value (:func:`analysis.chapters.over_the_years.since_first`; NaN where there is none);
#: ``since_first`` holds that change as a dict (of ``CHANGE_COLUMNS``), with formulas and sources.
PERIOD_COLUMNS = [
    *("first_year", "first_value", "since_first_change", "since_first_percent", "average_rate_percent"),
    "since_first",
]


def since_first(history: years.History, item: str) -> pd.Series | None:
    """The change of ``item``'s table outcome from the first year with a table value (never one
    derived from a stated change) to the chapter's year, or None (see ``since_first``)."""
    found = facts_series.series(
        history.facts, COST_TABLE, item, "outcome", parent="", aliases=history.aliases, stated_changes=False
    )
    return years.since_first(found, history.year)


def _period(change: pd.Series | None) -> dict:
    """The :data:`PERIOD_COLUMNS` of a row from its change since the first year."""
    if change is None:
        return dict.fromkeys(PERIOD_COLUMNS)
    return {
        "first_year": int(change["from_year"]),
        "first_value": float(change["from_value"]),
        "since_first_change": float(change["change"]),
        "since_first_percent": change["change_percent"],
        "average_rate_percent": change["annual_rate_percent"],
        "since_first": change.to_dict(),
    }


def period_change(row: pd.Series) -> pd.Series | None:
    """A comparison row's change since the first year (as ``since_first`` gives it), or None."""
    found = row.get("since_first")
    return pd.Series(found) if isinstance(found, dict) else None


def _row(history: years.History, item: str, kind: str, is_mt: bool) -> dict:
    """One row of :func:`growth_comparison`: computed where the tables allow, else stated."""
    claim = _claim(history, item)
    change = _computed(history, item) if kind != "net_cost" else None
    row = dict.fromkeys(COMPARISON_COLUMNS, None)
    row.update(item=item, kind=kind, is_mt=is_mt, source="", stated_source="", formula="")
    row.update(_period(since_first(history, item) if kind != "net_cost" else None))
    if claim is not None:
        check = facts_series.assess_claim(history.facts, claim, aliases=history.aliases)
        row.update(stated=float(claim["value"]), status=check.status, stated_source=claim["source"])
    if change is not None and not pd.isna(change["change_percent"]):
        row.update(
            change_percent=float(change["change_percent"]),
            origin="computed",
            source=years.sources_text(change),
            base_year=int(change["from_year"]),
            from_value=float(change["from_value"]),
            to_value=float(change["to_value"]),
            formula=years.formula(change, "percent"),
        )
    elif claim is not None:
        row.update(change_percent=float(claim["value"]), origin="stated", source=claim["source"])
    return row


def growth_comparison(history: years.History, figs: MtFigures | None) -> pd.DataFrame:
    """Each cost type of the year's cost table, the table's total and the net cost, with
    the change in percent against the previous year: computed from the tables where both
    years have a table value, else as the report's text states it (NaN where neither); and
    the change since the first year with a table value (:data:`PERIOD_COLUMNS`)."""
    facts, year = history.facts, history.year
    costs = own_rows(facts, year, COST_TABLE)
    costs = costs[costs["measure"] == "outcome"]
    mt_item = figs.item if figs is not None else COST_TYPE
    rows = [_row(history, i, "cost_type", i == mt_item) for i in dict.fromkeys(costs["item"]) if i != TOTAL]
    if rows and (costs["item"] == TOTAL).any():
        total = _row(history, TOTAL, "total", False)
        if total["origin"] == "computed":
            rows.append(total)
    if rows and one_fact(facts, year, KF_TABLE, NET_COST, "change_percent") is not None:
        rows.append(_row(history, NET_COST, "net_cost", False))
    frame = pd.DataFrame(rows, columns=[*COMPARISON_COLUMNS, *PERIOD_COLUMNS])
    numbers = ("change_percent", "stated", "first_value", "since_first_change", "since_first_percent")
    return frame.astype(dict.fromkeys([*numbers, "average_rate_percent"], "float64"))


def year_figures(history: years.History) -> MtFigures | None:
    """The year's MT figures (:func:`analysis.chapters.mt.views.figures`) with the growth
    computed from the tables where the previous year has a table value."""
    figs = figures(history.facts, history.year, history.aliases)
    if figs is None or figs.view != "cost_type":
        return figs
    change = years.last_change(facts_series.changes(mt_series(history)), history.year)
    if change is None:
        return figs
    if change["from_kind"] == "stated_change":
        return dataclasses.replace(figs, growth_origin="stated", base_year=int(change["from_year"]))
    percent = None if pd.isna(change["change_percent"]) else float(change["change_percent"])
    return dataclasses.replace(
        figs,
        growth_percent=percent,
        previous_outcome=float(change["from_value"]),
        previous_low=None,
        previous_high=None,
        growth_origin="computed",
        base_year=int(change["from_year"]),
        sources={**figs.sources, "growth": years.sources_text(change), "previous": str(change["from_source"])},
    )


def mt_claim(comparison: pd.DataFrame) -> pd.Series | None:
    """The MT row of the comparison where the report states a change the tables can check."""
    found = comparison[comparison["is_mt"] & comparison["status"].isin(["checked", "contradicted"])]
    return None if found.empty else found.iloc[0]


def claims_checked(history: years.History) -> pd.DataFrame:
    """The year's stated changes that the tables can check (columns of
    :data:`analysis.facts.series.CLAIM_COLUMNS`)."""
    found = facts_series.claims(history.facts, aliases=history.aliases)
    found = found[(found["report_year"] == history.year) & found["status"].isin(["checked", "contradicted"])]
    return found.reset_index(drop=True)


def year_points(history: years.History) -> pd.DataFrame:
    """The MT cost per year for the chart: year, value, derived (a stated change applied
    backwards), source and formula."""
    found = mt_series(history)
    return pd.DataFrame(
        {
            "year": found["year"],
            "value": found["value"],
            "derived": found["kind"] == "stated_change",
            "source": found["source"],
            "formula": found["formula"],
        }
    )


def claims_frame(found: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The checked stated changes for readers: stated and computed side by side, both sources."""
    pct = lambda v: formatting.percent(v, 1, lang, signed=True)
    stated = lambda v: formatting.percent(v, formatting.decimals_needed([v], most=1), lang, signed=True)
    return pd.DataFrame(
        {
            t("mt.col.item", lang): found["item"],
            t("mt.col.claim_period", lang): [f"{b}→{y}" for b, y in zip(found["base_year"], found["year"])],
            t("mt.col.stated", lang): [stated(v) for v in found["stated"]],
            t("mt.col.computed", lang): [pct(v) for v in found["computed"]],
            t("mt.col.status", lang): [t(f"mt.status.{s.replace(' ', '_')}", lang) for s in found["status"]],
            t("mt.col.stated_source", lang): found["source"],
            t("mt.col.table_sources", lang): found["table_sources"],
        }
    )


def claims_view(history: years.History, lang: str):
    """The year's stated changes that the tables can check, stated beside computed; a line
    when the report states changes the tables cannot check, the missing note when it states none."""
    facts = history.facts
    stated = facts[
        (facts["report_year"] == history.year) & (facts["table"] == KF_TABLE) & (facts["measure"] == "change_percent")
    ]
    if stated.empty:
        chapter.missing(history.year, t("mt.missing.claims", lang), lang)
        return None
    found = claims_checked(history)
    if found.empty:
        chapter.paragraph(t("mt.claims.unchecked", lang, year=history.year, n=len(stated)))
        return None
    contradicted = int((found["status"] == "contradicted").sum())
    chapter.paragraph(t("mt.claims.intro", lang, n=len(found), contradicted=contradicted))
    frame = claims_frame(found, lang)
    flagged = [i for i, s in enumerate(found["status"]) if s == "contradicted"]
    styler = styled(frame, formats=dict.fromkeys(frame.columns[2:4], str), total_rows=[])
    return styler.apply(lambda row: [HIGHLIGHT if row.name in flagged else "" for _ in row], axis=1)


def show_derived_points(figs: MtFigures | None, points: pd.DataFrame, lang: str) -> None:
    """A line for each bar derived from a stated change that the overview does not explain."""
    if figs is None or figs.view != "cost_type" or len(points) < 2:
        return
    for _, point in points[points["derived"]].iterrows():
        if figs.growth_origin == "stated" and int(point["year"]) == figs.previous_year:
            continue
        chapter.paragraph(
            t(
                "mt.yearly.derived",
                lang,
                year=int(point["year"]),
                formula=years.localised(point["formula"], lang),
                source=point["source"],
            )
        )


def growth_formula(figs: MtFigures, lang: str) -> str:
    """How a growth computed from the tables is derived, with its two sources."""
    if figs.growth_origin != "computed":
        return ""
    fields = {"year": figs.year, "prev": figs.previous_year, "sources": figs.sources.get("growth", "")}
    return t("mt.formula.growth", lang, **fields)


def claim_key_figures(comparison: pd.DataFrame, lang: str) -> list[KeyFigure]:
    """The report's stated MT change and what the tables say about it."""
    mt_rows = comparison[comparison["is_mt"]]
    row = mt_rows.iloc[0] if len(mt_rows) else None
    stated = None if row is None else (None if pd.isna(row["stated"]) else float(row["stated"]))
    status = None if row is None or stated is None else row["status"]
    return [
        KeyFigure("mt_growth_stated_percent", t("mt.kf.growth_stated", lang), stated, "percent", headline=False),
        KeyFigure("mt_growth_claim_status", t("mt.kf.claim_status", lang), status, headline=False),
    ]


#: The key-figure stems of the cost types' changes since the first year (:func:`period_key_figures`);
#: a cost type not named here is in the table and the text but gets no key figure.
PERIOD_STEMS = {
    "Personalkostnader": "staff_costs",
    "Avskrivningskostnader": "depreciation_costs",
    "PC-utrullning": "pc_rollout_costs",
    OTHER_COSTS: "other_costs",
}
#: The stem of the MT cost type's and of the table total's figures.
MT_STEM, TOTAL_STEM = "mt", "total_costs"


def _stem(row: pd.Series) -> str | None:
    if row["is_mt"]:
        return MT_STEM
    if row["kind"] == "total":
        return TOTAL_STEM
    names = {facts_series.normalise(name): stem for name, stem in PERIOD_STEMS.items()}
    return names.get(facts_series.normalise(row["item"])) if row["kind"] == "cost_type" else None


def period_key_figures(comparison: pd.DataFrame, lang: str) -> list[KeyFigure]:
    """The change since the first year with a table value and the average yearly change of MT
    (amount, percent, rate, first year, period), of each cost type of :data:`PERIOD_STEMS` and
    of the table's total (percent, rate, first year): derived, with formula and sources; None
    where there is no period longer than the change against the previous year."""
    rows = {_stem(r): r for _, r in comparison.iterrows()}
    total = t("mt.total_label", lang)
    labels = {MT_STEM: COST_TYPE, TOTAL_STEM: total[:1].upper() + total[1:]}
    labels |= {stem: name for name, stem in PERIOD_STEMS.items()}
    out = []
    for stem in (MT_STEM, *PERIOD_STEMS.values(), TOTAL_STEM):
        row = rows.get(stem)
        change = None if row is None else period_change(row)
        label = labels[stem] if row is None else (row["item"] if stem != TOTAL_STEM else labels[stem])
        out += years.period_figures(stem, label, change, "MSEK", lang, brief=stem != MT_STEM)
    return out
