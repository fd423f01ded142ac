"""Chapter 5, staff: sick leave over the years against its goal, short against long, women
against men, overtime as the reports give it, staff turnover and rehabilitation cases.

Sick leave is one series over every report year up to the chapter's
(:func:`analysis.facts.series.series`): the table ``sick_leave`` (2019 report: 2019 and 2018)
first, the prose key figure "Sjukfrånvaro totalt" (2017 report: 2016 and 2017) for the
years the table lacks; the goal is the key figure's ``target``. Overtime is shown as printed:
hours where a report gives hours (2017 report), the stated change otherwise (2019 report).

A breakdown by group (sex) passes :func:`analysis.presentation.disclosure.disclose`: a group
of 10 people or fewer is withheld with the reason, and a group shown beside it only where the
published total and the figures shown would give it away; without head counts in the exports
the figures are shown as the report published them and the chapter says so in one line.
"""

from __future__ import annotations

import re

import pandas as pd

from analysis.chapters import common as chapter
from analysis.chapters import over_the_years as over_years
from analysis.chapters import staff_export
from analysis.facts import series as facts_series
from analysis.facts.catalog import as_exported
from analysis.facts.sources.hr import staff_figures as sf
from analysis.presentation import charts, disclosure, formatting
from analysis.presentation.keyfigures import KeyFigure
from analysis.presentation.tables import styled
from analysis.texts import t

CHAPTER = "staff"
KF = "key_figures"
SICK = "sick_leave"
BY_SEX = "sick_leave_by_sex"
TABLES = [SICK, BY_SEX, KF, *sf.SICK_LEAVE_TABLES[2:], "hr_monthly"]
TOTAL_ROW = "Totalt"
TOTAL_ITEM = "Sjukfrånvaro totalt"
#: Sick-leave parts as the 2019 export labels them, and their key-figure names.
PARTS = {"Kort": "short", "Lång": "long", "Totalt": "total"}
#: Groups of the breakdown by sex, and their key-figure names.
SEXES = {"Kvinnor": "women", "Män": "men"}
OVERTIME_ITEMS = ("Övertid", "Extratid")
TURNOVER_ITEM = "Personalomsättning"
REHAB_ITEM = "Ärenden i rehabbevakningslistan"


def _kf(facts: pd.DataFrame, items, measures) -> pd.DataFrame:
    """The key figures of ``items`` and ``measures``, in report and line order."""
    rows = facts[as_exported(facts) & (facts["table"] == KF)]
    rows = rows[rows["item"].isin(list(items)) & rows["measure"].isin(list(measures))]
    return rows.sort_values(["report_year", "year", "source"], kind="stable").reset_index(drop=True)


def sick_leave_series(history: over_years.History) -> pd.DataFrame:
    """Total sick leave per year (series columns) with the year's ``goal`` (NaN where none):
    the table ``sick_leave`` first, the prose key figure for the years it lacks."""
    get = lambda table, item, measure: facts_series.series(
        history.facts, table, item, measure, aliases=history.aliases, stated_changes=False
    )
    table = get(SICK, TOTAL_ROW, "percent")
    prose = get(KF, TOTAL_ITEM, "percent")
    frame = pd.concat([table, prose[~prose["year"].isin(table["year"])]], ignore_index=True)
    frame = frame.sort_values("year", kind="stable").reset_index(drop=True)
    goals = get(KF, TOTAL_ITEM, "target").set_index("year")["value"]
    return frame.assign(goal=[goals.get(y, float("nan")) for y in frame["year"]])


def year_value(frame: pd.DataFrame, year: int, column: str = "value") -> float | None:
    """The value of ``year`` in a frame with a ``year`` column, or None."""
    found = frame[frame["year"] == int(year)]
    return None if found.empty or pd.isna(found[column].iloc[0]) else float(found[column].iloc[0])


def _printed_decimals(points: pd.DataFrame, year: int) -> int | None:
    """The decimals the year's total sick leave is printed with (4,0 %), where known."""
    if "decimals" not in points.columns:
        return None
    found = year_value(points, year, "decimals")
    return None if found is None else int(found)


def sick_leave_table(points: pd.DataFrame, lang: str):
    """Sick leave and goal per year, with the distance to the goal (derived), or None."""
    if points.empty:
        return None
    cols = {k: t(f"staff.col.{k}", lang) for k in ("year", "total", "goal", "above_goal", "source")}
    pct = lambda v: formatting.percent(v, 2 if v is not None and round(v, 1) != round(v, 2) else 1, lang)
    frame = pd.DataFrame(
        {
            cols["year"]: points["year"].astype(str),
            cols["total"]: [pct(v) for v in points["value"]],
            cols["goal"]: [pct(v) if pd.notna(v) else "–" for v in points["goal"]],
            cols["above_goal"]: [
                formatting.number(v - g, 2, lang, signed=True) if pd.notna(g) else "–"
                for v, g in zip(points["value"], points["goal"])
            ],
            cols["source"]: points["source"],
        }
    )
    numeric = [cols["total"], cols["goal"], cols["above_goal"]]
    return styled(frame, total_rows=[], numeric_columns=numeric, caption=t("staff.sick_leave.caption", lang))


def sick_leave_view(history: over_years.History, points: pd.DataFrame, lang: str):
    """The sentence on the year's sick leave against its goal, then the table (or the note)."""
    total, goal = year_value(points, history.year), year_value(points, history.year, "goal")
    if total is None:
        chapter.missing(history.year, t("staff.what.sick_leave", lang), lang)
        return sick_leave_table(points, lang)
    key = (
        "staff.sick_leave.none" if goal is None else "staff.sick_leave.above" if total > goal else "staff.sick_leave.at"
    )
    pct = lambda v: formatting.percent(v, formatting.decimals_needed([v], most=2), lang)
    chapter.paragraph(t(key, lang, year=history.year, total=pct(total), goal=pct(goal) if goal is not None else ""))
    chapter.paragraph(t("staff.sick_leave.derived", lang))
    return sick_leave_table(points, lang)


def sick_leave_chart(history: over_years.History, points: pd.DataFrame, lang: str):
    """Bars of total sick leave per year with the goal line of the chapter's year, or None."""
    if points.empty:
        return None
    goal = year_value(points, history.year, "goal")
    data = points.assign(series=t("staff.series.total", lang))[["year", "value", "series", "derived"]]
    source = over_years.source_line(points["report_year"], [SICK, KF], lang)
    line = None if goal is None else (goal, t("staff.series.goal", lang, goal=formatting.percent(goal, 0, lang)))
    return charts.year_bars(data, t("staff.chart.sick_leave", lang), "percent", source, lang, goal=line)


def parts_table(facts: pd.DataFrame, year: int, lang: str):
    """Short, long and total sick leave of the report's own table, a column per year, or None
    after the one-line note."""
    rows = facts[as_exported(facts) & (facts["report_year"] == int(year)) & (facts["table"] == SICK)]
    rows = rows[rows["measure"] == "percent"]
    if rows.empty:
        chapter.missing(year, t("staff.what.parts", lang), lang)
        return None
    wide = rows.pivot_table(index="item", columns="year", values="value", sort=False)
    wide = wide.reindex([p for p in PARTS if p in wide.index] + [i for i in wide.index if i not in PARTS])
    frame = pd.DataFrame(
        {t("staff.col.part", lang): [t(f"staff.part.{PARTS.get(i, 'other')}", lang) for i in wide.index]}
    )
    for y in sorted(wide.columns):
        frame[str(y)] = [formatting.percent(v, 1, lang) for v in wide[y]]
    exported = staff_export.has_export(facts, year)
    caption = (
        staff_export.source_line(year, lang, len(wide.columns) > 1) if exported else chapter.source(year, [SICK], lang)
    )
    return styled(frame, numeric_columns=[str(y) for y in wide.columns], caption=caption)


def by_sex_frame(facts: pd.DataFrame, year: int) -> pd.DataFrame:
    """The breakdown by sex of the report year (group, year, value, size, source), after the
    disclosure rule (column ``disclosure``); empty where the report has none."""
    own = facts[as_exported(facts) & (facts["report_year"] == int(year)) & (facts["table"] == BY_SEX)]
    values = own[own["measure"] == "percent"][["item", "year", "value", "decimals", "source"]]
    sizes = own[own["measure"] == "count"][["item", "year", "value"]].rename(columns={"value": "size"})
    frame = values.merge(sizes, on=["item", "year"], how="left").reset_index(drop=True)
    totals = published_totals(facts, year)
    decimals = int(min([*frame["decimals"].dropna(), *totals["decimals"].dropna()], default=2))
    return disclosure.disclose(frame, totals=dict(zip(totals["year"], totals["value"])), decimals=decimals)


def published_totals(facts: pd.DataFrame, year: int) -> pd.DataFrame:
    """Total sick leave per year (year, value, decimals) as report ``year`` publishes it
    beside its breakdown by sex: its table ``sick_leave``, else the prose key figure."""
    own = facts[as_exported(facts) & (facts["report_year"] == int(year)) & (facts["measure"] == "percent")]
    table = own[(own["table"] == SICK) & (own["item"] == TOTAL_ROW)]
    prose = own[(own["table"] == KF) & (own["item"] == TOTAL_ITEM)]
    both = pd.concat([table, prose[~prose["year"].isin(table["year"])]], ignore_index=True)
    return both.drop_duplicates("year")[["year", "value", "decimals"]].reset_index(drop=True)


def by_sex_view(facts: pd.DataFrame, year: int, lang: str):
    """The sick leave of women and men (withheld for a group of 10 or fewer), the disclosure note,
    or the one-line note for a year without the breakdown."""
    if staff_export.has_export(facts, year):
        return by_sex_export(facts, year, lang)
    frame = by_sex_frame(facts, year)
    if frame.empty:
        chapter.missing(year, t("staff.what.by_sex", lang), lang)
        return None
    chapter.paragraph(disclosure.note(frame, lang))
    years = sorted(frame["year"].unique())
    groups = list(dict.fromkeys(frame["item"]))
    table = pd.DataFrame({t("staff.col.group", lang): groups})
    for y in years:
        cells = frame[frame["year"] == y].set_index("item")
        table[str(y)] = [
            disclosure.cell_text(cells.loc[g, "disclosure"], formatting.percent(cells.loc[g, "value"], 2, lang), lang)
            if g in cells.index
            else "–"
            for g in groups
        ]
    return styled(
        table, total_rows=[], numeric_columns=[str(y) for y in years], caption=chapter.source(year, [BY_SEX], lang)
    )


def by_sex_export(facts: pd.DataFrame, year: int, lang: str):
    """Women and men of a year with an HR export: the year and the previous one, "–" where
    withheld (at most 10 employees) or not given, with the line that says why."""
    years = [year - 1, year]
    table = pd.DataFrame({t("staff.col.group", lang): list(SEXES)})
    for y in years:
        table[str(y)] = [staff_export.cell(*staff_export.figure(facts, BY_SEX, g, y), lang) for g in SEXES]
    # "×" and "–" are explained once, in the chapter's introduction (staff_export.intro)
    caption = staff_export.source_line(year, lang, previous=True)
    return styled(table, total_rows=[], numeric_columns=[str(y) for y in years], caption=caption)


def _base_year(row: pd.Series) -> int:
    found = re.search(r"\bmot\s+(\d{4})\b", str(row["comment"]))
    return int(found[1]) if found else int(row["year"]) - 1


def overtime_rows(facts: pd.DataFrame) -> pd.DataFrame:
    """Overtime as the reports give it: hours, and the stated change with its base year."""
    rows = _kf(facts, OVERTIME_ITEMS, ("hours", "change_percent"))
    return rows.assign(base_year=[_base_year(r) for _, r in rows.iterrows()])


def overtime_view(history: over_years.History, lang: str):
    """Every report's overtime figures up to the chapter's year (hours where printed, the
    change otherwise), or None after the one-line note."""
    rows = overtime_rows(history.facts)
    if rows.empty:
        chapter.missing(history.year, t("staff.what.overtime", lang), lang)
        return None
    if not (rows["report_year"] == history.year).any():
        chapter.missing(history.year, t("staff.what.overtime", lang), lang)
    cols = {k: t(f"staff.col.{k}", lang) for k in ("year", "item", "figure", "source")}
    figure = lambda r: (
        formatting.value(r["value"], "hours", 0, lang)
        if r["measure"] == "hours"
        else t("staff.overtime.change", lang, change=formatting.percent(r["value"], 0, lang, True), base=r["base_year"])
    )
    frame = pd.DataFrame(
        {
            cols["year"]: rows["year"].astype(str),
            cols["item"]: rows["item"],
            cols["figure"]: [figure(r) for _, r in rows.iterrows()],
            cols["source"]: rows["source"],
        }
    )
    return styled(frame, total_rows=[], numeric_columns=[cols["figure"]])


def _against_goal(rows: pd.DataFrame, measure: str, unit: str, lang: str) -> pd.DataFrame:
    """One row per year: the figure, its goal (where the report gives one) and the source."""
    values = rows[rows["measure"] == measure]
    goals = rows[rows["measure"] == "target"].set_index("year")["value"]
    cols = {k: t(f"staff.col.{k}", lang) for k in ("year", "figure", "goal", "source")}
    return pd.DataFrame(
        {
            cols["year"]: values["year"].astype(str),
            cols["figure"]: [formatting.value(v, unit, 0, lang) for v in values["value"]],
            cols["goal"]: [
                formatting.value(goals.get(y), unit, 0, lang) if y in goals else "–" for y in values["year"]
            ],
            cols["source"]: values["source"],
        }
    )


def key_figure_view(history: over_years.History, item: str, measure: str, unit: str, what: str, lang: str):
    """A key figure of every report up to the chapter's year against its goal (turnover,
    rehabilitation cases); the one-line note where the chapter's year lacks it."""
    rows = _kf(history.facts, [item], (measure, "target"))
    if not ((rows["year"] == history.year) & (rows["measure"] == measure)).any():
        chapter.missing(history.year, t(f"staff.what.{what}", lang), lang)
    if not (rows["measure"] == measure).any():
        return None
    frame = _against_goal(rows, measure, unit, lang)
    numeric = [t("staff.col.figure", lang), t("staff.col.goal", lang)]
    return styled(frame, total_rows=[], numeric_columns=numeric)


def _own(facts: pd.DataFrame, year: int, table: str, item: str, measure: str) -> float | None:
    """The value of the report year's own ``table`` / ``item`` / ``measure`` for that year, or None."""
    found = facts[
        as_exported(facts)
        & (facts["report_year"] == int(year))
        & (facts["year"] == int(year))
        & (facts["table"] == table)
        & (facts["item"] == item)
        & (facts["measure"] == measure)
    ]
    return None if found.empty else float(found["value"].iloc[0])


def change_figures(points: pd.DataFrame, year: int, lang: str) -> list[KeyFigure]:
    """The change of total sick leave that ends in ``year`` (percentage points and period),
    derived with its formula and sources."""
    change = over_years.last_change(facts_series.changes(points), year)
    label = t("staff.kf.total", lang)
    value = None if change is None else round(float(change["change"]), 4)
    fml = "" if change is None else over_years.formula(change, "change", lang)
    period = None if change is None else over_years.period_text(change, lang)
    return [
        KeyFigure(
            "sick_leave_total_change_points",
            f"{label}, {t('years.kf.change', lang)}",
            value,
            "percentage points",
            True,
            fml,
        ),
        KeyFigure("sick_leave_total_change_period", f"{label}, {t('years.kf.period', lang)}", period, headline=False),
    ]


def key_figures(history: over_years.History, points: pd.DataFrame, lang: str) -> list[KeyFigure]:
    """The chapter's key figures: sick leave and its goal (for the summary), its parts and
    groups (None where withheld or not printed), overtime, turnover, rehabilitation cases."""
    year, facts = history.year, history.facts
    figures = [
        KeyFigure(
            "sick_leave_total_percent",
            t("staff.kf.total", lang),
            year_value(points, year),
            "percent",
            decimals=_printed_decimals(points, year),
        ),
        KeyFigure("sick_leave_goal_percent", t("staff.kf.goal", lang), year_value(points, year, "goal"), "percent"),
        *change_figures(points, year, lang),
    ]
    for item, name in PARTS.items():
        if name != "total":
            value = _own(facts, year, SICK, item, "percent")
            figures.append(KeyFigure(f"sick_leave_{name}_percent", t(f"staff.kf.{name}", lang), value, "percent"))
    groups = by_sex_frame(facts, year)
    for item, name in SEXES.items():
        found = groups[(groups["item"] == item) & (groups["year"] == year)]
        value = None if found.empty or pd.isna(found["value"].iloc[0]) else float(found["value"].iloc[0])
        if staff_export.has_export(facts, year):
            value, state = staff_export.figure(facts, BY_SEX, item, year)
            value = value if state == "shown" else None
        figures.append(KeyFigure(f"sick_leave_{name}_percent", t(f"staff.kf.{name}", lang), value, "percent"))
    first = lambda measure: next(
        (v for v in (_own(facts, year, KF, i, measure) for i in OVERTIME_ITEMS) if v is not None), None
    )
    hours, change = first("hours"), first("change_percent")
    own = lambda item, measure: _own(facts, year, KF, item, measure)
    return [
        *figures,
        KeyFigure("overtime_hours", t("staff.kf.overtime_hours", lang), hours, "hours"),
        KeyFigure("overtime_change_percent", t("staff.kf.overtime_change", lang), change, "percent"),
        KeyFigure("staff_turnover_percent", t("staff.kf.turnover", lang), own(TURNOVER_ITEM, "percent"), "percent"),
        KeyFigure("rehab_cases_count", t("staff.kf.rehab", lang), own(REHAB_ITEM, "count"), "count"),
        KeyFigure("rehab_cases_goal_count", t("staff.kf.rehab_goal", lang), own(REHAB_ITEM, "target"), "count"),
        *staff_export.key_figures(facts, year, lang),
    ]


def chapter_findings(findings: pd.DataFrame, facts: pd.DataFrame, year: int) -> pd.DataFrame:
    """The year's findings on the staff tables and the staff key figures."""
    return chapter.chapter_findings(findings, facts, year, TABLES, "staff")
