"""Chapter 7, assignments and internal control: how many assignments the report gives as
completed, in progress, postponed, not done or without a status, the list of assignments,
what was postponed or continues in a later year, and the internal-control activities.

Statuses are codes of the report's words (``assignments`` and ``internal_control`` facts,
:data:`analysis.facts.vocabulary.CODES`), shown as words; a row whose report names no
category is "not stated" and counted as such, never guessed. ``continues_in`` is the year
the report says the work continues in (``nästa år`` is the report year + 1).
"""

from __future__ import annotations

import pandas as pd

from analysis.chapters import common as chapter
from analysis.chapters import over_the_years as over_years
from analysis.facts.vocabulary import decode
from analysis.presentation.keyfigures import KeyFigure
from analysis.presentation.tables import styled
from analysis.texts import t

CHAPTER = "assignments"
ASSIGNMENTS = "assignments"
CONTROL = "internal_control"
TABLES = [ASSIGNMENTS, CONTROL]
#: The status codes in the order the counts show them (message keys ``assignments.status.<code>``).
STATUSES = ("completed", "in_progress", "postponed", "not_done", "not_stated")


def item_rows(facts: pd.DataFrame, table: str, report_year: int) -> pd.DataFrame:
    """One row per assignment (or control activity) of a report, in printed order: year,
    section, title, status code, continues_in (NaN where none), comment, source."""
    own = facts[(facts["table"] == table) & (facts["report_year"] == int(report_year))]
    status = own[own["measure"] == "status"].copy()
    status["_line"] = status["source"].str.rsplit(":", n=1).str[-1].astype(int)
    status = status.sort_values("_line", kind="stable")
    later = own[own["measure"] == "continues_in"].set_index("source")["value"]
    return pd.DataFrame(
        {
            "year": status["year"].astype(int),
            "section": status["section"],
            "title": status["item"],
            "status": [decode("status", v) for v in status["value"]],
            "continues_in": [later.get(s, float("nan")) for s in status["source"]],
            "comment": status["comment"],
            "source": status["source"],
        }
    ).reset_index(drop=True)


def status_counts(rows: pd.DataFrame) -> dict[str, int]:
    """How many rows have each status code (every code of :data:`STATUSES`, zeros too)."""
    found = rows["status"].value_counts()
    return {code: int(found.get(code, 0)) for code in STATUSES}


def status_label(code: str, lang: str) -> str:
    """A status as a word ("Genomfört", "Ej angivet")."""
    return t(f"assignments.status.{code}", lang)


def counts_table(history: over_years.History, lang: str):
    """Counts by status of the assignments and the internal control of every report up to the
    chapter's year (a row per report and list, with its total), or None where there are none."""
    rows = []
    for report_year in history.report_years:
        for table in TABLES:
            found = item_rows(history.facts, table, report_year)
            if found.empty:
                continue
            n = status_counts(found)
            rows.append(
                {"report": str(report_year), "list": t(f"assignments.list.{table}", lang), **n, "total": len(found)}
            )
    if not rows:
        return None
    cols = {"report": t("assignments.col.report", lang), "list": t("assignments.col.list", lang)}
    cols |= {code: status_label(code, lang) for code in STATUSES} | {"total": t("assignments.col.total", lang)}
    frame = pd.DataFrame(rows)[list(cols)].rename(columns=cols)
    caption = over_years.source_line(history.report_years, TABLES, lang)
    return styled(frame, total_rows=[], label_column=cols["list"], caption=caption)


def counts_view(history: over_years.History, lang: str):
    """The sentence on the year's assignments by status and the counts table."""
    rows = item_rows(history.facts, ASSIGNMENTS, history.year)
    if rows.empty:
        chapter.missing(history.year, t("assignments.what.assignments", lang), lang)
    else:
        n = status_counts(rows)
        chapter.paragraph(t("assignments.counts.sentence", lang, year=history.year, total=len(rows), **n))
    return counts_table(history, lang)


def _year_text(value: float) -> str:
    return "–" if pd.isna(value) else str(int(value))


def list_table(facts: pd.DataFrame, table: str, year: int, lang: str):
    """The report's assignments (or control activities): title, section, status as a word,
    the year it continues in (assignments) or when performed (internal control), source."""
    rows = item_rows(facts, table, year)
    if rows.empty:
        chapter.missing(year, t(f"assignments.what.{table}", lang), lang)
        return None
    title, last_key = ("title", "continues_in") if table == ASSIGNMENTS else ("activity", "performed")
    keys = (title, "section", "status", last_key, "source")
    cols = {k: t(f"assignments.col.{k}", lang) for k in keys}
    last = rows["continues_in"].map(_year_text) if table == ASSIGNMENTS else rows["comment"]
    frame = pd.DataFrame(
        {
            cols[title]: rows["title"],
            cols["section"]: rows["section"],
            cols["status"]: [status_label(c, lang) for c in rows["status"]],
            cols[keys[3]]: last,
            cols["source"]: rows["source"],
        }
    )
    return styled(frame, total_rows=[], caption=chapter.source(year, [table], lang))


def carried_over(rows: pd.DataFrame, year: int) -> pd.DataFrame:
    """The assignments postponed or said to continue in a later year than ``year``."""
    later = rows["continues_in"].notna() & (rows["continues_in"] > int(year))
    return rows[later | (rows["status"] == "postponed")].reset_index(drop=True)


def carried_over_view(facts: pd.DataFrame, year: int, lang: str):
    """What was postponed or continues next year: a sentence and the table, or one line."""
    rows = item_rows(facts, ASSIGNMENTS, year)
    if rows.empty:
        chapter.missing(year, t("assignments.what.assignments", lang), lang)
        return None
    found = carried_over(rows, year)
    if found.empty:
        chapter.paragraph(t("assignments.carried.none", lang, year=year))
        return None
    postponed = int((found["status"] == "postponed").sum())
    chapter.paragraph(t("assignments.carried.sentence", lang, year=year, n=len(found), postponed=postponed))
    cols = {k: t(f"assignments.col.{k}", lang) for k in ("title", "status", "continues_in", "source")}
    frame = pd.DataFrame(
        {
            cols["title"]: found["title"],
            cols["status"]: [status_label(c, lang) for c in found["status"]],
            cols["continues_in"]: found["continues_in"].map(_year_text),
            cols["source"]: found["source"],
        }
    )
    return styled(frame, total_rows=[])


def key_figures(history: over_years.History, lang: str) -> list[KeyFigure]:
    """The year's counts: assignments by status, carried over, internal-control activities."""
    year = history.year
    rows = item_rows(history.facts, ASSIGNMENTS, year)
    n = status_counts(rows)
    control = item_rows(history.facts, CONTROL, year)
    figures = [
        KeyFigure(
            f"assignments_{code}_count", t("assignments.kf.status", lang, status=status_label(code, lang)), v, "count"
        )
        for code, v in n.items()
    ]
    return [
        KeyFigure("assignments_count", t("assignments.kf.total", lang), len(rows), "count"),
        *figures,
        KeyFigure(
            "assignments_carried_over_count", t("assignments.kf.carried", lang), len(carried_over(rows, year)), "count"
        ),
        KeyFigure("internal_control_count", t("assignments.kf.control", lang), len(control) or None, "count"),
        KeyFigure(
            "internal_control_completed_count",
            t("assignments.kf.control_completed", lang),
            status_counts(control)["completed"] if len(control) else None,
            "count",
        ),
    ]


def chapter_findings(findings: pd.DataFrame, facts: pd.DataFrame, year: int) -> pd.DataFrame:
    """The year's findings on the assignment and internal-control lists and their key figures."""
    return chapter.chapter_findings(findings, facts, year, [*TABLES, "key_figures"], "assignments")
