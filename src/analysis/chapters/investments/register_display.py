"""What chapter 4 shows from the investment register: the pace per category and decision
group (table and chart), the projects furthest behind plan, and every project."""

from __future__ import annotations

import pandas as pd

from analysis.chapters.common import missing, paragraph
from analysis.chapters.investments.register import (
    MSEK,
    TOTAL,
    behind_text,
    category_pace,
    furthest_behind,
    lag_text,
    pace_text,
    project_name,
    register_rank,
)
from analysis.presentation import charts, formatting
from analysis.presentation.tables import styled
from analysis.texts import t


def _col(key: str, lang: str, **fields) -> str:
    return t(f"investment_pace.register.col.{key}", lang, unit=formatting.MONEY_UNIT[lang], **fields)


def _money(lang: str):
    return lambda v: formatting.number(v, 1, lang)


def _source(year: int, lang: str) -> str:
    return t("investment_pace.register.source", lang, year=year)


def show_register_text(projects: pd.DataFrame, facts: pd.DataFrame, year: int, lang: str) -> None:
    """The section's paragraphs (plan against outcome, the earlier decisions' lag beside what
    the text states), or the one-line note for a year without a register."""
    if projects.empty:
        missing(year, t("investment_pace.register.what", lang), lang)
        return
    paragraph(pace_text(projects, year, lang))
    paragraph(lag_text(projects, facts, year, lang))


def behind_view(projects: pd.DataFrame, year: int, lang: str):
    """The projects furthest behind plan: a sentence and the table (nothing without a register)."""
    if projects.empty:
        return None
    paragraph(behind_text(projects, lang))
    return behind_table(projects, year, lang)


def pace_table(projects: pd.DataFrame, year: int, lang: str):
    """Plan, outcome, pace and lag per category and decision group (None without a register)."""
    if projects.empty:
        return None
    found = category_pace(projects)
    group = {g: t(f"investment_pace.register.group.{g}", lang, year=year) for g in ("prior", "current", "all")}
    frame = pd.DataFrame(
        {
            _col("category", lang): [t("common.total", lang) if c == TOTAL else c for c in found["category"]],
            _col("group", lang): found["group"].map(group),
            _col("projects", lang): found["projects"],
            _col("plan", lang): found["plan"],
            _col("outcome", lang): found["outcome"],
            _col("pace", lang): found["pace_percent"],
            _col("behind", lang): found["behind"],
        }
    )
    names = list(frame.columns)
    money = _money(lang)
    formats = {names[2]: lambda v: formatting.number(v, 0, lang), names[3]: money, names[4]: money}
    formats.update({names[5]: lambda v: formatting.number(v, 0, lang), names[6]: money})
    totals = [i for i, c in enumerate(found["category"]) if c == TOTAL]
    caption = t("investment_pace.register.caption_pace", lang, year=year)
    return styled(frame, formats, total_rows=totals, caption=caption)


def pace_chart(projects: pd.DataFrame, year: int, lang: str):
    """Bars of plan against outcome per category and decision group (None without a register)."""
    if projects.empty:
        return None
    found = category_pace(projects)
    found = found[found["group"] != "all"]
    labels = [
        f"{t('common.total', lang) if c == TOTAL else c} {t(f'investment_pace.register.short.{g}', lang, year=year)}"
        for c, g in zip(found["category"], found["group"])
    ]
    names = {m: t(f"investment_pace.register.series.{m}", lang) for m in ("plan", "outcome")}
    data = pd.concat(
        [pd.DataFrame({"label": labels, "series": names[m], "value": found[m].to_numpy()}) for m in names],
        ignore_index=True,
    )
    title = t("investment_pace.register.chart", lang, year=year)
    return charts.grouped_bars(data, title, "MSEK", _source(year, lang), lang, order=list(names.values()))


def _project_frame(picked: pd.DataFrame, year: int, lang: str) -> pd.DataFrame:
    plan, outcome = picked["plan_kr"] / MSEK, picked["outcome_kr"] / MSEK
    came = {k: t(f"investment_pace.register.from.{k}", lang) for k in ("register", "ledger")}
    return pd.DataFrame(
        {
            _col("project", lang): picked["project"],
            _col("name", lang): picked["name"].map(project_name),
            _col("subrow", lang): picked["subrow"],
            _col("decided", lang): picked["decision_year"].astype(str),
            _col("plan", lang): plan,
            _col("outcome", lang): outcome,
            _col("pace", lang): outcome / plan.where(plan != 0) * 100,
            _col("behind", lang): picked["behind_plan_kr"] / MSEK,
            _col("from", lang): picked["outcome_from"].map(came),
            _col("status", lang): picked["status"],
        }
    )


def _project_styler(frame: pd.DataFrame, caption: str, lang: str):
    names = list(frame.columns)
    money = _money(lang)
    formats = {names[4]: money, names[5]: money, names[6]: lambda v: formatting.number(v, 0, lang), names[7]: money}
    if (frame[names[8]] == t("investment_pace.register.from.register", lang)).all():
        frame = frame.drop(columns=names[8])  # every outcome is the register's: nothing to tell apart
    return styled(frame, formats, total_rows=[], caption=caption)


def behind_table(projects: pd.DataFrame, year: int, lang: str):
    """The projects furthest behind plan (None when none is behind, or without a register)."""
    top = furthest_behind(projects)
    if top.empty:
        return None
    caption = t("investment_pace.register.caption_behind", lang, n=len(top), year=year)
    return _project_styler(_project_frame(top, year, lang), caption, lang)


def projects_table(projects: pd.DataFrame, year: int, lang: str):
    """Every project of the register, by category, sub-row and lag (None without a register)."""
    if projects.empty:
        return None

    ordered = projects.assign(_rank=projects["subrow"].map(register_rank))
    ordered = ordered.sort_values(["_rank", "behind_plan_kr"], ascending=[True, False], kind="stable")
    paragraph(t("investment_pace.register.note", lang, year=year))
    caption = t("investment_pace.register.caption_projects", lang, n=len(projects), year=year)
    return _project_styler(_project_frame(ordered, year, lang), caption, lang)
