"""The staff part of a period report (issue 26): sick leave, full-time equivalents and extra
time of January to the period's month N from the HR export's months (``hr_monthly``),
beside the same months of the previous year.

Pure functions first (rows in, facts out), the display second:

- **the period's rows** = the ``hr_monthly`` rows of months 1..N of the year; a later month
  is never used. A month that the exports of several report years carry is taken from the
  year's own export (what its reports used, as the annual chapter's previous-year column),
  else from the latest export that has it;
- **the period's figures** = :func:`analysis.facts.sources.hr.staff_figures.year_facts` on
  those rows only: the seven sick-leave key figures with SKR's definitions, full-time
  equivalents to date (worked hours / full-time hours per month, mean of months 1..N) and
  extra time to date (sum of months 1..N). The 10-employee rule is the annual one, a group's
  size being the mean of its month-end head counts over the period's months;
- **the previous year** = the same computation on its months 1..N, where the rows have every
  one of them (never a part of them, never its whole year);
- **change** = this year − the previous year (derived; percentage points for sick leave).

Every figure is derived; the tables' captions give the formulas and the export files.
"""

from __future__ import annotations

import html

import pandas as pd
from babel.dates import get_month_names
from IPython.display import HTML, display

from analysis.chapters import common as chapter
from analysis.chapters import staff_export
from analysis.chapters.ledger_months import month_name
from analysis.facts.schema import FACT_COLUMNS, empty_facts
from analysis.facts.sources.hr import staff_figures as sf
from analysis.periods import Period
from analysis.presentation import formatting
from analysis.presentation.keyfigures import KeyFigure
from analysis.presentation.tables import styled
from analysis.texts import t

#: The staff figures to date: key -> (table, item, unit, decimals).
TO_DATE = {"fte": (sf.STAFF_TABLE, sf.FTE, "count", 1), "extra_time": (sf.KEY_FIGURES, sf.EXTRA_TIME, "hours", 0)}


def _period(year: int, month: int) -> Period:
    """The period of ``year`` and ``month`` (ValueError for a month outside 1–12)."""
    return Period(int(year), int(month))


def period_rows(rows: pd.DataFrame, year: int, month: int) -> pd.DataFrame:
    """The ``hr_monthly`` rows of months 1..``month`` of calendar ``year``, each month from one
    report year's export: the year's own where it has the month, else the latest that has it."""
    period = _period(year, month)
    own = rows[(rows["year"] == period.year) & rows["month"].between(1, period.month)]
    if own.empty:
        return own.reset_index(drop=True)
    rank = (own["report_year"] == period.year).astype("int64") * 100_000 + own["report_year"]
    chosen = own[rank == rank.groupby(own["month"]).transform("max")]
    return chosen.sort_values(["month", "unit", "sex", "age_group"], kind="stable").reset_index(drop=True)


def months_lacking(rows: pd.DataFrame, year: int, month: int) -> list[int]:
    """The months 1..``month`` of ``year`` that the rows do not have (none: the period is whole)."""
    have = {int(m) for m in period_rows(rows, year, month)["month"]}
    return [m for m in _period(year, month).months if m not in have]


def files(rows: pd.DataFrame) -> list[str]:
    """The export files (``<year>/personal.csv``) the rows come from."""
    return sorted({str(s).rsplit(":", 1)[0] for s in rows["source"]})


def period_facts(rows: pd.DataFrame, year: int, month: int) -> pd.DataFrame:
    """The staff facts of January–``month`` of ``year`` and of the previous year's same months
    (its ``year`` column says which; the previous year's only where its rows have all of
    months 1..``month``), computed by :func:`.staff_figures.year_facts` from those rows only.
    Empty (the facts' columns) where ``year`` has no rows of the period."""
    out: list[dict] = []
    for y in (int(year), int(year) - 1):
        part = period_rows(rows, y, month)
        if part.empty or (y != int(year) and months_lacking(rows, y, month)):
            continue
        out += sf.year_facts(part, int(year), ", ".join(files(part)), bool(part["synthetic"].astype(bool).any()))
    return pd.DataFrame(out, columns=FACT_COLUMNS).astype(empty_facts().dtypes.to_dict()) if out else empty_facts()


def figure(facts: pd.DataFrame, table: str, item: str, year: int) -> tuple[float | None, str]:
    """A period figure of ``year`` and its state: ``shown``, ``withheld`` (or
    ``withheld_complement``) or ``none`` (the facts do not give it)."""
    found = facts[(facts["year"] == int(year)) & (facts["table"] == table) & (facts["item"] == item)]
    if found.empty:
        return None, "none"
    row = found.iloc[0]
    return (None, str(row["comment"]) or sf.WITHHELD) if pd.isna(row["value"]) else (float(row["value"]), "shown")


def to_date(facts: pd.DataFrame, year: int) -> dict[str, dict[str, float | None]]:
    """Full-time equivalents (mean of the months) and extra time (sum, h) to date: per key of
    :data:`TO_DATE`, ``now``, ``before`` (the previous year's same months) and ``change``
    (None where a year lacks the figure)."""
    out = {}
    for key, (table, item, _unit, _decimals) in TO_DATE.items():
        now, before = figure(facts, table, item, year)[0], figure(facts, table, item, int(year) - 1)[0]
        change = now - before if now is not None and before is not None else None
        out[key] = {"now": now, "before": before, "change": change}
    return out


# --- display ---------------------------------------------------------------------------------------


def span(month: int, lang: str) -> str:
    """January to ``month`` in words: ``januari–augusti`` (``januari`` for month 1)."""
    names = get_month_names("wide", locale=formatting.LOCALES[lang])
    if int(month) == 1:
        return str(names[1])
    return t("period_staff.span", lang, first=names[1], last=names[int(month)])


def source_line(facts: pd.DataFrame, lang: str) -> str:
    """The source of the period's figures: the export files they were summed from (derived)."""
    found = sorted({f for s in facts["source"] for f in str(s).split(", ") if f})
    return t("staff_export.source", lang, file=", ".join(found))


def _columns(year: int, month: int, lang: str, change_key: str) -> dict[str, str]:
    months = span(month, lang)
    return {
        "figure": t("staff_export.col.figure", lang),
        "now": t("period_staff.col.months", lang, months=months, year=year),
        "before": t("period_staff.col.months", lang, months=months, year=int(year) - 1),
        "change": t(change_key, lang),
    }


def seven_table(facts: pd.DataFrame, year: int, month: int, lang: str):
    """The seven sick-leave key figures of January–``month``, the previous year's same months
    ("×" where withheld, "–" where not given) and the change in percentage points (derived),
    or None without the year's figures."""
    if facts[facts["year"] == int(year)].empty:
        return None
    cols = _columns(year, month, lang, "staff_export.col.change")
    rows = []
    for key, (table, item) in staff_export.SEVEN.items():
        now, before = figure(facts, table, item, year), figure(facts, table, item, int(year) - 1)
        both = now[1] == "shown" and before[1] == "shown"
        change = formatting.number(now[0] - before[0], sf.SHOWN_DECIMALS, lang, signed=True) if both else "–"
        rows.append({cols["figure"]: t(f"staff_export.seven.{key}", lang), cols["now"]: staff_export.cell(*now, lang)})
        rows[-1].update({cols["before"]: staff_export.cell(*before, lang), cols["change"]: change})
    caption = (
        f"{t('period_staff.seven.caption', lang, months=span(month, lang), month=month)} {source_line(facts, lang)}"
    )
    numeric = [cols["now"], cols["before"], cols["change"]]
    return styled(pd.DataFrame(rows), total_rows=[], numeric_columns=numeric, caption=caption)


def staff_table(facts: pd.DataFrame, year: int, month: int, lang: str):
    """Full-time equivalents and extra time to date, the previous year's same months and the
    change (derived), or None without the year's figures."""
    if facts[facts["year"] == int(year)].empty:
        return None
    cols = _columns(year, month, lang, "period_staff.col.change")
    rows = []
    for key, figures in to_date(facts, year).items():
        _table, _item, unit, decimals = TO_DATE[key]
        shown = {k: _amount(figures[k], unit, decimals, lang, k == "change") for k in figures}
        rows.append({cols["figure"]: t(f"period_staff.row.{key}", lang), **{cols[k]: v for k, v in shown.items()}})
    caption = f"{t('period_staff.staff.caption', lang, month=month)} {source_line(facts, lang)}"
    numeric = [cols["now"], cols["before"], cols["change"]]
    return styled(pd.DataFrame(rows), total_rows=[], numeric_columns=numeric, caption=caption)


def _amount(value: float | None, unit: str, decimals: int, lang: str, signed: bool) -> str:
    """A staff figure's cell: full-time equivalents as a number, extra time in h."""
    if unit == "count":
        return formatting.number(value, decimals, lang, signed=signed)
    return formatting.value(value, unit, decimals, lang, signed=signed)


def notes(rows: pd.DataFrame, year: int, month: int, lang: str) -> list[str]:
    """The lines on months the period lacks: the year's (its figures are of the months it
    has) and the previous year's (then no comparison)."""
    out = []
    have = {int(m) for m in period_rows(rows, year, month)["month"]}
    lacking = months_lacking(rows, year, month)
    if have and lacking:
        out.append(t("period_staff.lacking", lang, year=year, months=_listed(lacking, lang), have=_listed(have, lang)))
    before = period_rows(rows, int(year) - 1, month)
    if before.empty:
        out.append(t("period_staff.no_previous", lang, year=int(year) - 1, months=span(month, lang)))
    elif months_lacking(rows, int(year) - 1, month):
        have = _listed({int(m) for m in before["month"]}, lang)
        out.append(t("period_staff.partial_previous", lang, year=int(year) - 1, months=span(month, lang), have=have))
    return out


def _listed(months, lang: str) -> str:
    return ", ".join(month_name(m, lang) for m in sorted(months))


def disclosure(facts: pd.DataFrame, month: int, lang: str) -> str:
    """The line on "×" and "–" (:func:`.staff_export.disclosure_line`) and how a group's size is
    taken over the period."""
    complement = bool((facts["comment"] == sf.COMPLEMENT).any())
    size = t("period_staff.group_size", lang, months=span(month, lang))
    return f"{staff_export.disclosure_line(lang, complement)} {size}"


def _note(text: str) -> None:
    display(HTML(f'<p class="note">{html.escape(chapter.true_minus(text))}</p>'))


def show(rows: pd.DataFrame, year: int, month: int, lang: str) -> None:
    """The period's staff sections: sick leave (the seven key figures) and full-time
    equivalents with extra time, January–``month`` beside the previous year's same months;
    one line instead where the year has no HR rows of the period."""
    facts = period_facts(rows, year, month)
    months = span(month, lang)
    if facts[facts["year"] == int(year)].empty:
        chapter.heading(t("period_staff.h.sick_leave", lang, months=months, year=year))
        chapter.missing(int(year), t("period_staff.what", lang, months=months), lang)
        return
    staff_export.example_banner(rows, int(year), lang)
    chapter.heading(t("period_staff.h.sick_leave", lang, months=months, year=year))
    chapter.paragraph(t("period_staff.intro", lang, months=months, year=year, previous=int(year) - 1, month=month))
    chapter.paragraph(disclosure(facts, month, lang))
    for line in notes(rows, year, month, lang):
        _note(line)
    display(seven_table(facts, year, month, lang))
    chapter.heading(t("period_staff.h.staff", lang, months=months, year=year))
    display(staff_table(facts, year, month, lang))


def key_figures(rows: pd.DataFrame, year: int, month: int, lang: str) -> list[KeyFigure]:
    """The period's sick leave, full-time equivalents and extra time to date (None where
    withheld or without the year's rows), derived, with their formulas."""
    facts = period_facts(rows, year, month)
    months, source = span(month, lang), source_line(facts[facts["year"] == int(year)], lang)
    fields = {"months": months, "month": month, "year": year, "source": source}
    value, state = figure(facts, "sick_leave", sf.TOTAL, year)
    out = [
        KeyFigure(
            "staff_period_sick_leave_total_percent", t("period_staff.kf.sick_leave", lang, **fields),
            value if state == "shown" else None, "percent", True,
            t("period_staff.formula.sick_leave", lang, **fields), decimals=sf.SHOWN_DECIMALS,
        )
    ]  # fmt: skip
    for key, figures in to_date(facts, year).items():
        _table, _item, unit, decimals = TO_DATE[key]
        name = f"staff_period_{key}_{unit}"
        label, formula = t(f"period_staff.kf.{key}", lang, **fields), t(f"period_staff.formula.{key}", lang, **fields)
        out.append(KeyFigure(name, label, figures["now"], unit, True, formula, decimals=decimals))
    return out
