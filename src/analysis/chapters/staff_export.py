"""Chapter 5, staff, from the HR system's export (``personal.csv``, issue 19): the seven
sick-leave key figures of the mandatory reporting (SKR's definitions), sick leave by unit,
full-time equivalents per month and rolling 12 months, employees per month and extra time
per month, for a report year whose folder has the export.

The figures are the facts the cleaning derived from the export
(:mod:`analysis.facts.sources.hr.staff_figures`, section ``HR-system``); the monthly charts read
the processed table ``hr_monthly``. A sick-leave figure of a group of 10 employees or fewer
is not shown anywhere ("–", and one line says why): the facts hold no value for it, and the
page never shows a group's hours or head count, from which it could be recomputed. Where the
total and the figures shown would still give it away, the cleaning withheld a complement
too (:mod:`analysis.facts.sources.hr.recompute`), and the line says so.
"""

from __future__ import annotations

import html

import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import HTML, display

from analysis.chapters import common as chapter
from analysis.facts.catalog import HR_SECTION, as_exported
from analysis.facts.pipeline import available_years, cleaned_from, load_table
from analysis.facts.sources.hr import staff_figures as sf
from analysis.presentation import charts, formatting
from analysis.presentation.keyfigures import KeyFigure
from analysis.presentation.monthly_charts import month_axis
from analysis.presentation.tables import styled
from analysis.texts import t

#: The seven key figures of the mandatory sick-leave reporting: key -> (table, item).
SEVEN = {
    "total": ("sick_leave", sf.TOTAL),
    "long_share": (sf.STAFF_TABLE, sf.LONG_SHARE),
    "women": ("sick_leave_by_sex", "Kvinnor"),
    "men": ("sick_leave_by_sex", "Män"),
    "age_young": ("sick_leave_by_age", sf.AGE_GROUPS[0]),
    "age_middle": ("sick_leave_by_age", sf.AGE_GROUPS[1]),
    "age_old": ("sick_leave_by_age", sf.AGE_GROUPS[2]),
}


def load(ctx: dict) -> pd.DataFrame:
    """The ``hr_monthly`` rows of every report year up to the chapter's (empty without any)."""
    source = ctx["raw_dir"] or cleaned_from(ctx["processed_dir"])
    years = [y for y in available_years(source) if y <= ctx["year"]]
    return load_table("hr_monthly", years, ctx["processed_dir"], ctx["raw_dir"])


def hr_facts(facts: pd.DataFrame, year: int) -> pd.DataFrame:
    """The facts report ``year``'s HR export gives about that year."""
    own = (facts["report_year"] == int(year)) & (facts["year"] == int(year))
    return facts[own & (facts["section"] == HR_SECTION)].reset_index(drop=True)


def has_export(facts: pd.DataFrame, year: int) -> bool:
    """Whether the report year's folder has an HR export."""
    return not hr_facts(facts, year).empty


def source_line(year: int, lang: str, previous: bool = False) -> str:
    """The source of a figure of the export; ``previous``: a column of an earlier year beside it."""
    line = t("staff_export.source", lang, file=f"{year}/personal.csv")
    return f"{line}. {t('staff_export.previous', lang)}" if previous else line


def intro(facts: pd.DataFrame, year: int, lang: str) -> None:
    """The chapter's introduction: for a year with an export, what it is computed from and
    the disclosure line; else the printed reports' introduction and the one-line note."""
    if not has_export(facts, year):
        chapter.paragraph(t("staff.intro", lang))
        chapter.missing(year, t("staff_export.what", lang), lang)
        return
    chapter.paragraph(t("staff_export.intro", lang, year=year))
    chapter.paragraph(disclosure_line(lang, has_complement(facts, year)))


def example_banner(rows: pd.DataFrame, year: int, lang: str) -> None:
    """The "Exempeldata" banner where the year's HR export is generated example data."""
    if chapter.example_data(rows, year):
        text = html.escape(t("staff_export.example_data", lang, year=year))
        display(HTML(f'<div class="banner example-data" role="note" style="{chapter.BANNER_STYLE}">{text}</div>'))


def heading(facts: pd.DataFrame, year: int, key: str, lang: str) -> None:
    """The heading of an export section (``staff_export.h.<key>``), only for a year with an export."""
    if has_export(facts, year):
        chapter.heading(t(f"staff_export.h.{key}", lang))


def disclosure_line(lang: str, complement: bool = False) -> str:
    """The line that says what "×" means; ``complement``: and why a group over the limit is
    withheld too (only where the cleaning withheld one)."""
    line = t("staff_export.disclosure_rule", lang, n=sf.MAX_WITHHELD)
    return f"{line} {t('disclosure.complement_recomputable', lang)}" if complement else line


def has_complement(facts: pd.DataFrame, year: int, tables: tuple[str, ...] = tuple(sf.BREAKDOWNS)) -> bool:
    """Whether the year's export withheld a complement in one of ``tables``."""
    own = hr_facts(facts, year)
    return bool((own["table"].isin(list(tables)) & (own["comment"] == sf.COMPLEMENT)).any())


def figure(facts: pd.DataFrame, table: str, item: str, year: int) -> tuple[float | None, str]:
    """A staff figure of ``year`` and its state: ``shown``, ``withheld`` (or the complement)
    or ``none``. The year's own HR export first, then what the printed tables give."""
    own = hr_facts(facts, year)
    found = own[(own["table"] == table) & (own["item"] == item)]
    if not found.empty:
        row = found.iloc[0]
        return (None, row["comment"]) if pd.isna(row["value"]) else (float(row["value"]), "shown")
    printed = facts[as_exported(facts) & (facts["table"] == table) & (facts["item"] == item)]
    printed = printed[(printed["year"] == int(year)) & (printed["measure"] == "percent")]
    printed = printed.assign(_later=printed["report_year"] != int(year)).sort_values(["_later", "report_year"])
    return (float(printed["value"].iloc[0]), "shown") if len(printed) else (None, "none")


#: A withheld figure's cell; "–" is a figure the data do not give. Each is explained once, under the table.
WITHHELD_MARK = "×"


def cell(value: float | None, state: str, lang: str, decimals: int = sf.SHOWN_DECIMALS) -> str:
    """A table cell: the figure, "×" where withheld (a small group, or its complement), "–"
    where the data do not give it."""
    if state == "shown":
        return formatting.percent(value, decimals, lang)
    return "–" if state == "none" else WITHHELD_MARK


def seven_table(facts: pd.DataFrame, year: int, lang: str):
    """The seven key figures of the year, the previous year where known and the change in
    percentage points (derived), or None without an export."""
    if not has_export(facts, year):
        return None
    cols = {k: t(f"staff_export.col.{k}", lang, year=year, previous=year - 1) for k in ("figure", "now", "before")}
    cols["change"] = t("staff_export.col.change", lang)
    rows = []
    for key, (table, item) in SEVEN.items():
        now, before = figure(facts, table, item, year), figure(facts, table, item, year - 1)
        both = now[1] == "shown" and before[1] == "shown"
        change = formatting.number(now[0] - before[0], 2, lang, signed=True) if both else "–"
        rows.append({cols["figure"]: t(f"staff_export.seven.{key}", lang), cols["now"]: cell(*now, lang)})
        rows[-1].update({cols["before"]: cell(*before, lang), cols["change"]: change})
    caption = f"{t('staff_export.seven.caption', lang)} {source_line(year, lang)}"
    numeric = [cols["now"], cols["before"], cols["change"]]
    return styled(pd.DataFrame(rows), total_rows=[], numeric_columns=numeric, caption=caption)


def unit_table(facts: pd.DataFrame, year: int, lang: str):
    """Sick leave per unit ("–" where withheld), or None without an export."""
    own = hr_facts(facts, year)
    units = own[own["table"] == "sick_leave_by_unit"]
    if units.empty:
        return None
    cols = {k: t(f"staff_export.col.{k}", lang, year=year) for k in ("unit", "now")}
    frame = pd.DataFrame(
        {
            cols["unit"]: units["item"],
            cols["now"]: [cell(v, "shown" if pd.notna(v) else "withheld", lang) for v in units["value"]],
        }
    )
    # "×" is explained once, in the chapter's introduction (:func:`intro`)
    caption = f"{t('staff_export.unit.caption', lang)} {source_line(year, lang)}"
    return styled(frame, total_rows=[], numeric_columns=[cols["now"]], caption=caption)


def monthly(rows: pd.DataFrame, year: int) -> pd.DataFrame:
    """Per month of ``year`` (from its own export): full-time equivalents, rolling 12
    months (NaN until 12 months of exports are known), employees and extra time."""
    own = rows[rows["report_year"] == int(year)]
    if own.empty:
        return pd.DataFrame(columns=["month", "fte", "fte_12", "permanent", "temporary", "extra"])
    latest = rows.sort_values("report_year").drop_duplicates(["year", "month", "unit", "sex", "age_group"], keep="last")
    period = latest["year"] * 100 + latest["month"]
    worked = latest["worked_hours"].groupby(period).sum()
    fulltime = latest["fulltime_hours"].groupby(period).first()
    months = pd.RangeIndex(worked.index.min() // 100 * 12, worked.index.max() // 100 * 12 + 12)
    as_index = lambda p: p // 100 * 12 + p % 100 - 1
    w = worked.set_axis([as_index(p) for p in worked.index]).reindex(months)
    f = fulltime.set_axis([as_index(p) for p in fulltime.index]).reindex(months)
    rolling = w.rolling(12, min_periods=12).sum() / f.rolling(12, min_periods=12).sum()
    this = own[own["year"] == int(year)].groupby("month")
    out = pd.DataFrame({"fte": this["worked_hours"].sum() / this["fulltime_hours"].first()})
    out["fte_12"] = [rolling.get(int(year) * 12 + m - 1) for m in out.index]
    out["permanent"], out["temporary"] = this["permanent"].sum(), this["temporary"].sum()
    out["extra"] = this["extra_hours"].sum()
    return out.rename_axis("month").reset_index()


def _chart(title: str, year: int, lang: str, n: int):
    fig, ax = plt.subplots(figsize=(charts.A4_WIDTH_IN, 3.4))
    ax.set_title(title, loc="left")
    charts.note_box(ax, t("monthly.chart.n_months", lang, n=n))
    return fig, ax


def fte_chart(rows: pd.DataFrame, year: int, lang: str):
    """Full-time equivalents per month (bars) and rolling 12 months (line), or None."""
    data = monthly(rows, year)
    if data.empty:
        return None
    fig, ax = _chart(t("staff_export.chart.fte", lang), year, lang, len(data))
    ax.bar(data["month"], data["fte"], color=charts.NEUTRAL, width=0.6, label=t("staff_export.series.fte", lang))
    rolling = data.dropna(subset=["fte_12"])
    if len(rolling):
        label = t("staff_export.series.fte_12", lang)
        ax.plot(rolling["month"], rolling["fte_12"], color=charts.UNFAVOURABLE, marker="o", lw=1.8, label=label)
    return _finish_counts(fig, ax, t("staff_export.unit.fte", lang), year, lang)


def _finish_counts(fig, ax, unit: str, year: int, lang: str):
    """The month axis, a count axis labelled ``unit``, the legend and the source line."""
    month_axis(ax, lang)
    ax.set_ylabel(unit)
    charts.value_axis(ax.yaxis, "count", lang)
    ax.legend(loc="upper left", fontsize=8, frameon=False, ncols=2)
    ax.margins(y=0.25)
    return charts.finish(fig, source_line(year, lang), lang)


def employees_chart(rows: pd.DataFrame, year: int, lang: str):
    """Employees at each month end, permanent and temporary stacked, or None."""
    data = monthly(rows, year)
    if data.empty:
        return None
    fig, ax = _chart(t("staff_export.chart.employees", lang), year, lang, len(data))
    ax.bar(data["month"], data["permanent"], color=charts.NEUTRAL, width=0.6, label=t("staff_export.series.perm", lang))
    ax.bar(
        data["month"], data["temporary"], bottom=data["permanent"], color=charts.FAVOURABLE, width=0.6,
        label=t("staff_export.series.temp", lang),
    )  # fmt: skip
    return _finish_counts(fig, ax, t("staff_export.unit.employees", lang), year, lang)


def extra_chart(rows: pd.DataFrame, year: int, lang: str):
    """Extra time (fyllnadstid and övertid) per month, in hours, or None."""
    data = monthly(rows, year)
    if data.empty:
        return None
    fig, ax = _chart(t("staff_export.chart.extra", lang), year, lang, len(data))
    ax.bar(data["month"], data["extra"], color=charts.NEUTRAL, width=0.6)
    for month, hours in zip(data["month"], data["extra"]):
        text = formatting.number(hours, 0, lang)
        ax.annotate(
            text, (month, hours), ha="center", va="bottom", fontsize=7, xytext=(0, 2), textcoords="offset points"
        )
    month_axis(ax, lang)
    ax.set_ylabel("h")
    charts.value_axis(ax.yaxis, "hours", lang)
    ax.margins(y=0.2)
    return charts.finish(fig, source_line(year, lang), lang)


def staff_text(facts: pd.DataFrame, year: int, lang: str) -> None:
    """One sentence on full-time equivalents, employees and turnover of the year."""
    own = hr_facts(facts, year)
    if own.empty:
        return
    get = lambda item: float(own.loc[own["item"] == item, "value"].iloc[0])
    chapter.paragraph(
        t(
            "staff_export.staff_text",
            lang,
            year=year,
            fte=formatting.number(get(sf.FTE), 1, lang),
            employees=formatting.number(get(sf.EMPLOYEES), 0, lang),
            departures=formatting.number(get(sf.DEPARTURES), 0, lang),
            permanent=formatting.number(get(sf.PERMANENT_MEAN), 1, lang),
            turnover=formatting.percent(get(sf.TURNOVER), 1, lang),
        )
    )


def key_figures(facts: pd.DataFrame, year: int, lang: str) -> list[KeyFigure]:
    """The export's key figures (None where withheld or without an export), derived."""
    out = []
    for key, (table, item) in SEVEN.items():
        if key in ("total", "women", "men"):
            continue  # recorded by the chapter as sick_leave_<name>_percent
        value, state = figure(facts, table, item, year) if has_export(facts, year) else (None, "none")
        label = t(f"staff_export.seven.{key}", lang)
        out.append(KeyFigure(f"sick_leave_{key}_percent", label, value if state == "shown" else None, "percent", True))
    own = hr_facts(facts, year)
    get = lambda item: None if own[own["item"] == item].empty else float(own.loc[own["item"] == item, "value"].iloc[0])
    for key, item, unit in (("fte", sf.FTE, "count"), ("employees", sf.EMPLOYEES, "count")):
        out.append(KeyFigure(f"staff_{key}_count", t(f"staff_export.kf.{key}", lang), get(item), unit, True))
    return out
