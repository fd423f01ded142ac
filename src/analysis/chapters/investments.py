"""Chapter "Investeringstakt mot plan" / "Investment pace against plan".

Pure functions from the facts table (and the validation findings) to the tables,
charts, sentences and key figures of the chapter:

- frame against outcome per category and sub-category (table ``investments``) and the
  use of the frame (the derived fact ``percent`` = outcome / frame × 100);
- outcome on earlier years' decisions against outcome on this year's decisions, and the
  frame not used for this year's decisions (derived: frame − outcome on this year's
  decisions);
- the backlog behind plan (key figure with measure ``behind_plan``);
- investment cases planned and completed (key figures counted in the prose);
- IT investment outcome over the years: ``it_investment_history`` joined with the IT
  row of each report's ``investments`` table, for report years up to the chapter's year.

Reported figures are shown as printed; findings of the validation are shown beside
them, never used to correct them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.chapters import common as chapter
from analysis.presentation import charts, formatting
from analysis.exceptions import UnknownYearError
from analysis.presentation.keyfigures import KeyFigure
from analysis.facts.numbers import half_unit
from analysis.texts import t

CHAPTER = "investment_pace"
TABLES = ["investments", "it_investment_history", "key_figures"]
MEASURES = ["frame", "outcome_prior_decisions", "outcome_current_decisions", "outcome"]
IT, MT, TOTAL = "IT", "MT", "Totalt"
BURDEN_ITEM = "Belastning på IT-investeringsramen"
IT_SECTION = "Investeringar – IT"
CASE_ITEM = re.compile(r"Ärenden beslutade (?P<before>före )?(?P<decided>\d{4}), (?P<status>.+)",
                       flags=re.IGNORECASE)
CASE_STATUS_CODES = {"planerade": "planned", "genomförda": "completed", "återstående": "remaining"}


# --------------------------------------------------------------------------- loading

def load(year: int, processed_dir: Path | str | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Facts of every report year up to ``year`` (older reports feed the IT history) and
    the validation findings of ``year``. UnknownYearError if ``year`` was not cleaned."""
    from analysis.facts.pipeline import load_facts, load_quality

    processed = Path(processed_dir) if processed_dir else None
    facts = load_facts(None, processed)
    present = sorted(int(y) for y in facts["report_year"].unique())
    if int(year) not in present:
        raise UnknownYearError(year, present)
    return (facts[facts["report_year"] <= int(year)].reset_index(drop=True),
            load_quality(year, processed))


# --------------------------------------------------------------------------- helpers

def _line(source: str) -> int:
    try:
        return int(str(source).split(",")[0].rsplit(":", 1)[1])
    except (IndexError, ValueError):
        return 0


def _msek(value: float | None, decimals: int, lang: str) -> str:
    return formatting.msek(value, decimals, lang)


def _pct(value: float | None, lang: str, decimals: int = 0) -> str:
    return formatting.percent(value, decimals, lang)


def _label(item: str, lang: str) -> str:
    return t("common.total", lang) if item == TOTAL else item


def _share(part: float, whole: float) -> float:
    return part / whole * 100 if whole else float("nan")


def _value(row: pd.Series, column: str) -> float | None:
    value = row.get(column)
    return None if value is None or pd.isna(value) else float(value)


# --------------------------------------------------------------------------- frame and outcome

def investment_rows(facts: pd.DataFrame, year: int) -> pd.DataFrame:
    """One row per category and sub-category of the ``investments`` table of report
    ``year``, in the printed order.

    Columns: item, parent, level (0 category, 1 sub-category), frame,
    outcome_prior_decisions, outcome_current_decisions, outcome (reported; NaN where
    not printed), percent (the derived fact outcome / frame × 100), unused_current
    (derived here: frame − outcome_current_decisions), prior_share (derived here:
    outcome_prior_decisions / outcome × 100), decimals (most printed decimals of the
    row) and source (file:line).
    """
    sel = facts[(facts["table"] == "investments") & (facts["report_year"] == year)]
    columns = ["item", "parent", "level", *MEASURES, "percent", "unused_current", "prior_share",
               "decimals", "source"]
    if sel.empty:
        return pd.DataFrame({c: [] for c in columns})
    reported = sel[~sel["derived"]]
    wide = reported.pivot_table(index=["item", "parent"], columns="measure", values="value",
                                aggfunc="first")
    wide = wide.reindex(columns=MEASURES)
    meta = reported.groupby(["item", "parent"]).agg(
        decimals=("decimals", "max"), source=("source", "first"))
    pct = sel[sel["derived"] & (sel["measure"] == "percent")].set_index(["item", "parent"])["value"]
    rows = wide.join(meta).join(pct.rename("percent")).reset_index()
    rows["level"] = np.where(rows["parent"] == "", 0, 1)
    rows["unused_current"] = rows["frame"] - rows["outcome_current_decisions"]
    rows["prior_share"] = rows["outcome_prior_decisions"] / rows["outcome"].where(rows["outcome"] != 0) * 100
    rows["line"] = rows["source"].map(_line)
    rows = rows.sort_values("line", kind="stable").drop(columns="line")
    rows["decimals"] = rows["decimals"].astype("int64")
    return rows[columns].reset_index(drop=True)


def table_decimals(rows: pd.DataFrame) -> int:
    """Decimals to show money with: as many as the table prints (0 or 1)."""
    return int(rows["decimals"].max()) if len(rows) else 1


def row(rows: pd.DataFrame, item: str) -> pd.Series | None:
    """The category row ``item`` (top level), or None."""
    found = rows[(rows["item"] == item) & (rows["parent"] == "")]
    return None if found.empty else found.iloc[0]


def frame_chart_data(rows: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Long data (label, series, value) for frame against outcome of the categories."""
    top = rows[(rows["level"] == 0) & rows["frame"].notna()]
    frame = pd.DataFrame({"label": [_label(i, lang) for i in top["item"]],
                          "series": t("investment_pace.series.frame", lang), "value": top["frame"]})
    outcome = pd.DataFrame({"label": [_label(i, lang) for i in top["item"]],
                            "series": t("investment_pace.series.outcome", lang), "value": top["outcome"]})
    return pd.concat([frame, outcome], ignore_index=True)


def split_chart_data(rows: pd.DataFrame, year: int, lang: str) -> pd.DataFrame:
    """Long data (label, series, value): outcome on earlier and on this year's decisions."""
    top = rows[rows["level"] == 0]
    parts = []
    for measure, key in (("outcome_prior_decisions", "prior"), ("outcome_current_decisions", "current")):
        parts.append(pd.DataFrame({"label": [_label(i, lang) for i in top["item"]],
                                   "series": t(f"investment_pace.series.{key}", lang, year=year),
                                   "value": top[measure]}))
    return pd.concat(parts, ignore_index=True).dropna(subset=["value"])


def frame_chart(rows: pd.DataFrame, year: int, lang: str):
    """Grouped bars: approved frame against total outcome per category."""
    from analysis.chapters.common import source

    data = frame_chart_data(rows, lang)
    return charts.grouped_bars(data, t("investment_pace.chart.frame", lang, year=year), "MSEK",
                               source(year, ["investments"], lang), lang,
                               order=list(dict.fromkeys(data["series"])))


def split_chart(rows: pd.DataFrame, year: int, lang: str):
    """Grouped bars: outcome on earlier years' decisions against this year's, per category."""
    from analysis.chapters.common import source

    data = split_chart_data(rows, year, lang)
    return charts.grouped_bars(data, t("investment_pace.chart.split", lang, year=year), "MSEK",
                               source(year, ["investments"], lang), lang,
                               order=list(dict.fromkeys(data["series"])))


def _indented(rows: pd.DataFrame, lang: str) -> list[str]:
    return [("\u2003–\u00a0" if level else "") + _label(item, lang)
            for item, level in zip(rows["item"], rows["level"])]


def _nowrap_labels(styler):
    """Keep the (indented) row labels on one line."""
    return styler.set_properties(subset=[styler.data.columns[0]], **{"white-space": "nowrap"})


def frame_table(rows: pd.DataFrame, year: int, lang: str):
    """Frame, outcome and use of the frame per category and sub-category (sub-rows have
    no frame of their own)."""
    from analysis.presentation.tables import styled

    dec = table_decimals(rows)
    money = lambda v: formatting.number(v, dec, lang)  # noqa: E731
    unit = lambda key: t("investment_pace.col.unit_msek", lang, label=t(key, lang, year=year))  # noqa: E731
    cols = {
        t("investment_pace.col.item", lang): _indented(rows, lang),
        unit("investment_pace.col.frame"): rows["frame"],
        unit("investment_pace.col.outcome"): rows["outcome"],
        t("investment_pace.col.utilisation", lang): rows["percent"],
    }
    frame = pd.DataFrame(cols)
    names = list(frame.columns)
    formats = {names[1]: money, names[2]: money,
               names[3]: lambda v: formatting.number(v, 0, lang)}
    return _nowrap_labels(styled(frame, formats))


def split_table(rows: pd.DataFrame, year: int, lang: str):
    """Outcome on earlier and this year's decisions per category and sub-category, the
    share on earlier decisions and the frame not used for this year's decisions."""
    from analysis.presentation.tables import styled

    dec = table_decimals(rows)
    money = lambda v: formatting.number(v, dec, lang)  # noqa: E731
    unit = lambda key: t("investment_pace.col.unit_msek", lang, label=t(key, lang, year=year))  # noqa: E731
    frame = pd.DataFrame({
        t("investment_pace.col.item", lang): _indented(rows, lang),
        unit("investment_pace.col.prior"): rows["outcome_prior_decisions"],
        unit("investment_pace.col.current"): rows["outcome_current_decisions"],
        unit("investment_pace.col.outcome"): rows["outcome"],
        t("investment_pace.col.prior_share", lang): rows["prior_share"],
        unit("investment_pace.col.unused"): rows["unused_current"],
    })
    names = list(frame.columns)
    formats = {names[1]: money, names[2]: money, names[3]: money,
               names[4]: lambda v: formatting.number(v, 0, lang), names[5]: money}
    return _nowrap_labels(styled(frame, formats))


def utilisation_text(rows: pd.DataFrame, year: int, lang: str) -> str:
    """Frame, outcome and use of the frame in total and per category; a category above
    100 % is explained (the outcome includes earlier years' decisions)."""
    total = row(rows, TOTAL)
    dec = table_decimals(rows)
    if total is None or pd.isna(total["frame"]):
        return ""
    text = t("investment_pace.text.utilisation", lang, year=year, frame=_msek(total["frame"], dec, lang),
             outcome=_msek(total["outcome"], dec, lang), percent=_pct(total["percent"], lang))
    cats = rows[(rows["level"] == 0) & (rows["item"] != TOTAL) & rows["frame"].notna()]
    if len(cats):
        parts = [t("investment_pace.text.category_part", lang, item=r["item"],
                   outcome=_msek(r["outcome"], dec, lang), frame=_msek(r["frame"], dec, lang),
                   percent=_pct(r["percent"], lang)) for _, r in cats.iterrows()]
        text += t("investment_pace.text.by_category", lang, parts="; ".join(parts))
    over = rows[(rows["level"] == 0) & (rows["percent"] > 100)]
    if len(over):
        items = ", ".join(f"{_label(r['item'], lang)} {_pct(r['percent'], lang)}" for _, r in over.iterrows())
        text += t("investment_pace.text.over_100", lang, items=items, year=year)
    return text


def split_text(rows: pd.DataFrame, year: int, lang: str) -> str:
    """How the total outcome divides between earlier years' and this year's decisions."""
    total = row(rows, TOTAL)
    if total is None or pd.isna(total["outcome_prior_decisions"]) or pd.isna(total["outcome_current_decisions"]):
        return ""
    dec = table_decimals(rows)
    prior, current, outcome = (total["outcome_prior_decisions"], total["outcome_current_decisions"],
                               total["outcome"])
    text = t("investment_pace.text.split", lang, year=year, outcome=_msek(outcome, dec, lang),
             prior=_msek(prior, dec, lang), prior_share=_pct(_share(prior, outcome), lang),
             current=_msek(current, dec, lang), current_share=_pct(_share(current, outcome), lang))
    cats = rows[(rows["level"] == 0) & (rows["item"] != TOTAL) & rows["prior_share"].notna()]
    if len(cats) > 1:
        top = cats.loc[cats["prior_share"].idxmax()]
        text += t("investment_pace.text.split_top", lang, item=top["item"], share=_pct(top["prior_share"], lang))
    return text


def unused_text(rows: pd.DataFrame, year: int, lang: str) -> str:
    """The frame not used for this year's decisions (derived: frame − outcome on them)."""
    total = row(rows, TOTAL)
    if total is None or pd.isna(total["unused_current"]):
        return ""
    dec = table_decimals(rows)
    return t("investment_pace.text.unused", lang, year=year, frame=_msek(total["frame"], dec, lang),
             current=_msek(total["outcome_current_decisions"], dec, lang),
             unused=_msek(total["unused_current"], dec, lang),
             unused_share=_pct(_share(total["unused_current"], total["frame"]), lang))


# --------------------------------------------------------------------------- backlog

@dataclass(frozen=True)
class Backlog:
    """An amount the report says is behind plan (key figure with measure behind_plan)."""

    item: str
    parent: str
    value: float
    decimals: int
    source: str


def backlog(facts: pd.DataFrame, year: int) -> Backlog | None:
    """The investments' backlog behind plan reported for ``year``, or None."""
    sel = facts[(facts["table"] == "key_figures") & (facts["report_year"] == year)
                & (facts["domain"] == "investments") & (facts["measure"] == "behind_plan")
                & (facts["unit"] == "MSEK")]
    if sel.empty:
        return None
    fact = sel.iloc[0]
    return Backlog(item=fact["item"], parent=fact["parent"], value=float(sel["value"].sum()),
                   decimals=int(fact["decimals"]), source=", ".join(sel["source"]))


def backlog_text(found: Backlog | None, rows: pd.DataFrame, year: int, lang: str) -> str:
    """The backlog as a sentence, compared with the outcome on earlier decisions."""
    if found is None:
        return ""
    match = re.search(r"före (\d{4})", found.item)
    what = (t("investment_pace.text.backlog_what", lang, year=match[1]) if match else found.item)
    parent = found.parent or t("common.total", lang)
    text = t("investment_pace.text.backlog", lang, parent=parent, what=what,
             value=_msek(found.value, found.decimals, lang))
    cat = row(rows, found.parent) if found.parent else None
    if cat is not None and not pd.isna(cat["outcome_prior_decisions"]):
        text += t("investment_pace.text.backlog_vs_prior", lang, parent=parent, year=year,
                  prior=_msek(cat["outcome_prior_decisions"], table_decimals(rows), lang))
    return text


# --------------------------------------------------------------------------- cases

def cases(facts: pd.DataFrame, year: int) -> pd.DataFrame:
    """Investment cases counted in the prose of report ``year``.

    Columns: category (from the section, e.g. MT), group ("current": decided in the
    report year; "prior": decided before it), decided (the year named), status (as
    printed), code (planned / completed / remaining / other), value, source.
    """
    sel = facts[(facts["table"] == "key_figures") & (facts["report_year"] == year)
                & (facts["domain"] == "investments") & (facts["measure"] == "count")]
    out = []
    for _, fact in sel.iterrows():
        match = CASE_ITEM.fullmatch(fact["item"].strip())
        if not match:
            continue
        status = match["status"].strip()
        out.append({
            "category": fact["parent"] or fact["section"].rsplit("–", 1)[-1].strip(),
            "group": "prior" if match["before"] else "current",
            "decided": int(match["decided"]), "status": status,
            "code": CASE_STATUS_CODES.get(status.lower(), "other"),
            "value": float(fact["value"]), "source": fact["source"],
        })
    columns = ["category", "group", "decided", "status", "code", "value", "source"]
    frame = pd.DataFrame(out, columns=columns)
    if frame.empty:
        return frame
    frame["line"] = frame["source"].map(_line)
    order = {"current": 0, "prior": 1}
    frame = frame.sort_values(["group", "line"], key=lambda s: s.map(order) if s.name == "group" else s)
    return frame.drop(columns="line").reset_index(drop=True)


@dataclass(frozen=True)
class CaseSummary:
    """Cases planned and completed; rates derived with their formula."""

    category: str
    decided: int
    planned: float | None
    completed: float | None
    completion_percent: float | None  # completed / planned × 100
    prior_decided: int | None
    prior_completed: float | None
    prior_remaining: float | None
    prior_completion_percent: float | None  # completed / (completed + remaining) × 100


def case_summary(found: pd.DataFrame) -> CaseSummary | None:
    """Planned and completed cases of this year's decisions (and completed / remaining of
    earlier ones); None when the report counts no cases."""
    if found.empty:
        return None

    def get(group: str, code: str) -> float | None:
        sel = found[(found["group"] == group) & (found["code"] == code)]
        return float(sel["value"].sum()) if len(sel) else None

    planned, completed = get("current", "planned"), get("current", "completed")
    p_done, p_left = get("prior", "completed"), get("prior", "remaining")
    current = found[found["group"] == "current"]
    prior = found[found["group"] == "prior"]
    return CaseSummary(
        category=str(found["category"].iloc[0]),
        decided=int(current["decided"].iloc[0]) if len(current) else int(found["decided"].iloc[0]),
        planned=planned, completed=completed,
        completion_percent=(completed / planned * 100 if planned and completed is not None else None),
        prior_decided=int(prior["decided"].iloc[0]) if len(prior) else None,
        prior_completed=p_done, prior_remaining=p_left,
        prior_completion_percent=(p_done / (p_done + p_left) * 100
                                  if p_done is not None and p_left is not None and p_done + p_left else None),
    )


def _status_label(status: str, lang: str) -> str:
    try:
        return t(f"investment_pace.status.{status.lower()}", lang)
    except KeyError:
        return status


def cases_table(found: pd.DataFrame, lang: str):
    """The counted cases by group and status, with their source lines."""
    from analysis.presentation.tables import styled

    group = [f"{c}, " + t(f"investment_pace.group.{g}", lang, year=d)
             for c, g, d in zip(found["category"], found["group"], found["decided"])]
    frame = pd.DataFrame({
        t("investment_pace.col.group", lang): group,
        t("investment_pace.col.status", lang): [_status_label(s, lang) for s in found["status"]],
        t("investment_pace.col.count", lang): found["value"],
        t("investment_pace.col.source", lang): found["source"],
    })
    count = t("investment_pace.col.count", lang)
    return styled(frame, {count: lambda v: formatting.number(v, 0, lang)}, total_rows=[])


def cases_text(summary: CaseSummary | None, lang: str) -> str:
    """Completion of this year's cases (and of earlier years'), rates derived."""
    if summary is None or summary.planned is None or summary.completed is None:
        return ""
    num = lambda v: formatting.number(v, 0, lang)  # noqa: E731
    text = t("investment_pace.text.cases", lang, planned=num(summary.planned), category=summary.category,
             decided=summary.decided, completed=num(summary.completed),
             rate=_pct(summary.completion_percent, lang))
    if summary.prior_completion_percent is not None:
        text += t("investment_pace.text.cases_prior", lang, decided=summary.prior_decided,
                  completed=num(summary.prior_completed), remaining=num(summary.prior_remaining),
                  rate=_pct(summary.prior_completion_percent, lang))
    return text + t("investment_pace.text.cases_note", lang)


# --------------------------------------------------------------------------- IT frame burden

@dataclass(frozen=True)
class Burden:
    """The IT frame's burden stated in the prose: IT outcome plus projects financed from it.
    ``*_decimals``: decimals as printed, for showing each figure as the report does."""

    it_outcome: float
    it_frame: float | None
    projects: tuple[tuple[str, float], ...]
    burden: float
    burden_percent: float | None  # burden / frame × 100
    table_decimals: int
    burden_decimals: int
    project_decimals: int


def it_frame_burden(facts: pd.DataFrame, rows: pd.DataFrame, year: int) -> Burden | None:
    """The burden on the IT frame (key figure ``Belastning på IT-investeringsramen``) and
    the projects the prose says were financed from the frame; None if not reported."""
    kf = facts[(facts["table"] == "key_figures") & (facts["report_year"] == year)
               & (facts["domain"] == "investments") & (facts["section"] == IT_SECTION)]
    burden = kf[(kf["item"] == BURDEN_ITEM) & (kf["unit"] == "MSEK")]
    it_row = row(rows, IT)
    if burden.empty or it_row is None:
        return None
    fact = burden.iloc[0]
    # Projects: key figures the burden's reconciliation names besides the IT row.
    names = re.findall(r"\{key_figures\|([^|{}]+)\|", fact["reconcile"])
    projects = tuple((n, float(kf[(kf["item"] == n) & (kf["unit"] == "MSEK")]["value"].iloc[0]))
                     for n in names if len(kf[(kf["item"] == n) & (kf["unit"] == "MSEK")]))
    frame = _value(it_row, "frame")
    project_decimals = max([0] + [int(d) for d in kf[kf["item"].isin(names)]["decimals"]])
    return Burden(it_outcome=float(it_row["outcome"]), it_frame=frame, projects=projects,
                  burden=float(fact["value"]),
                  burden_percent=float(fact["value"]) / frame * 100 if frame else None,
                  table_decimals=table_decimals(rows), burden_decimals=int(fact["decimals"]),
                  project_decimals=project_decimals)


def burden_text(found: Burden | None, lang: str) -> str:
    """The IT frame's burden as a sentence (derived share of the frame stated)."""
    if found is None or not found.projects:
        return ""
    dec = found.table_decimals
    project = " + ".join(n for n, _ in found.projects)
    amount = _msek(sum(v for _, v in found.projects), found.project_decimals, lang)
    return t("investment_pace.text.burden", lang, it=_msek(found.it_outcome, dec, lang), project=project,
             amount=amount, burden=_msek(found.burden, found.burden_decimals, lang),
             burden_share=_pct(found.burden_percent, lang), frame=_msek(found.it_frame, dec, lang))


# --------------------------------------------------------------------------- IT history

def it_history(facts: pd.DataFrame, year: int) -> pd.DataFrame:
    """IT investment outcome per calendar year from every report up to ``year``.

    Sources: ``it_investment_history`` row Totalt (several years per report) and the
    IT row of each report's ``investments`` table (its own year). For a year stated more
    than once, the report of that same year's investments table wins, then the latest
    report. Columns: year, value, report_year, table, source, decimals.
    """
    base = facts[~facts["derived"] & (facts["report_year"] <= year) & (facts["measure"] == "outcome")]
    hist = base[(base["table"] == "it_investment_history") & (base["item"] == TOTAL)]
    inv = base[(base["table"] == "investments") & (base["item"] == IT) & (base["parent"] == "")
               & (base["year"] == base["report_year"])]
    both = pd.concat([inv.assign(priority=0), hist.assign(priority=1)], ignore_index=True)
    columns = ["year", "value", "report_year", "table", "source", "decimals"]
    if both.empty:
        return pd.DataFrame({c: [] for c in columns})
    both = both.sort_values(["year", "priority", "report_year"], ascending=[True, True, False])
    out = both.drop_duplicates("year", keep="first")[columns]
    return out.astype({"year": "int64", "report_year": "int64"}).reset_index(drop=True)


def missing_years(history: pd.DataFrame) -> list[int]:
    """Calendar years between the first and last of the series that have no figure."""
    if history.empty:
        return []
    years = set(history["year"].astype(int))
    return [y for y in range(min(years), max(years) + 1) if y not in years]


def it_trend(history: pd.DataFrame) -> charts.TrendFit | None:
    """Log-linear trend of the IT series (None below 5 points), as the chart fits it."""
    return charts.fit_loglinear(history["year"], history["value"])


def history_source(history: pd.DataFrame, lang: str) -> str:
    """Source line naming every report and table the series draws on (compact when the
    series spans several reports, so that it fits under an A4-wide chart)."""
    from analysis.chapters.common import source

    reports = sorted(int(y) for y in history["report_year"].unique())
    if len(reports) <= 1:
        year = reports[0] if reports else 0
        return source(year, list(dict.fromkeys(history["table"])), lang)
    parts = []
    for report_year, group in history.groupby("report_year"):
        tables = ", ".join(t(f"investment_pace.source.{tb}", lang) for tb in dict.fromkeys(group["table"]))
        parts.append(f"{int(report_year)} ({tables})")
    return t("investment_pace.source.reports", lang, parts=", ".join(parts))


def history_chart(history: pd.DataFrame, lang: str):
    """The IT series as bars; from 5 years a log-linear trend with its 95 % interval."""
    from matplotlib.ticker import MaxNLocator

    fig = charts.trend_chart(history[["year", "value"]], t("investment_pace.chart.it", lang), "MSEK",
                             history_source(history, lang), lang)
    # Whole-number ticks only (the shared axis format shows no decimals), and room above
    # the highest bar for its label below the note on n.
    for ax in fig.axes:
        ax.yaxis.set_major_locator(MaxNLocator(steps=[1, 2, 5, 10], integer=True))
        if len(history):
            ax.set_ylim(top=max(ax.get_ylim()[1], float(history["value"].max()) * 1.3))
        for year in missing_years(history):
            ax.annotate(t("investment_pace.chart.no_figure", lang), (year, 0), xytext=(0, 4),
                        textcoords="offset points", ha="center", va="bottom", fontsize=8,
                        color=charts.NEUTRAL, rotation=90)
    return fig


def history_text(history: pd.DataFrame, lang: str) -> str:
    """First and last value, average annual growth (derived), gaps and trend."""
    if len(history) < 2:
        return ""
    h = history.sort_values("year")
    y0, y1 = int(h["year"].iloc[0]), int(h["year"].iloc[-1])
    v0, v1 = float(h["value"].iloc[0]), float(h["value"].iloc[-1])
    span = y1 - y0
    cagr = ((v1 / v0) ** (1 / span) - 1) * 100 if v0 > 0 and span else float("nan")
    text = t("investment_pace.text.history", lang, n=len(h), years=", ".join(str(y) for y in h["year"]),
             first=_msek(v0, int(h["decimals"].iloc[0]), lang), y0=y0,
             last=_msek(v1, int(h["decimals"].iloc[-1]), lang), y1=y1,
             cagr=formatting.percent(cagr, 1, lang, signed=True), span=span)
    gaps = missing_years(h)
    if gaps:
        text += t("investment_pace.text.history_gap", lang, years=", ".join(map(str, gaps)))
    hist = h[h["table"] == "it_investment_history"]
    if len(hist) and len(hist) < len(h):
        text += t("investment_pace.text.history_origin", lang,
                  hist_years=", ".join(str(y) for y in hist["year"]),
                  hist_report=int(hist["report_year"].max()))
    fit = it_trend(h)
    if fit is None:
        text += t("investment_pace.text.history_no_trend", lang)
    else:
        sp = lambda v: formatting.percent(v, 1, lang, signed=True)  # noqa: E731
        text += t("investment_pace.text.history_trend", lang, n=fit.n, growth=sp(fit.growth_percent),
                  low=sp(fit.growth_low), high=sp(fit.growth_high))
    return text


# --------------------------------------------------------------------------- data quality

def chapter_findings(findings: pd.DataFrame, facts: pd.DataFrame, year: int) -> pd.DataFrame:
    """Findings on this chapter's figures: the investment tables and the investment key
    figures (not the key figures of other chapters)."""
    return chapter.chapter_findings(findings, facts, year, ["investments", "it_investment_history"],
                                    "investments")


@dataclass(frozen=True)
class SubrowGap:
    """A category whose printed outcome differs from the sum of its sub-rows."""

    parent: str
    reported: float
    recomputed: float
    gap: float  # recomputed − reported
    subrows: tuple[str, ...]  # sub-rows whose outcome equals the gap
    total_reported: float | None  # Totalt row, when it differs from its rows by the same gap
    total_recomputed: float | None
    decimals: int


def subrow_gaps(facts: pd.DataFrame, findings: pd.DataFrame, year: int) -> list[SubrowGap]:
    """Explain parent-vs-sub-rows findings on total outcome: which sub-row equals the gap,
    and whether the Totalt row differs from its categories by the same amount."""
    sel = findings[(findings["report_year"] == year) & (findings["table"] == "investments")
                   & (findings["measure"] == "outcome")]
    inv = facts[(facts["table"] == "investments") & (facts["report_year"] == year)
                & (facts["measure"] == "outcome") & ~facts["derived"]]
    totals = sel[sel["check"] == "total_vs_rows"]
    out = []
    for _, f in sel[sel["check"] == "parent_vs_subrows"].iterrows():
        gap = float(f["recomputed"]) - float(f["reported"])
        kids = inv[inv["parent"] == f["item"]]
        parent_dec = int(inv[(inv["item"] == f["item"]) & (inv["parent"] == "")]["decimals"].max())
        # A sub-row "equals" the gap within the rounding of it and its parent; of those,
        # only the closest ones are named (1,4 is not 1,5 when 1,5 is printed).
        dist = {k["item"]: abs(float(k["value"]) - gap) for _, k in kids.iterrows()
                if abs(float(k["value"]) - gap) <= half_unit(int(k["decimals"])) + half_unit(parent_dec) + 1e-9}
        match = tuple(i for i, d in dist.items() if d <= min(dist.values()) + 1e-9)
        tot = totals[(totals["difference"] - gap).abs() <= totals["tolerance"]]
        decimals = int(inv[(inv["item"] == f["item"]) | (inv["parent"] == f["item"])]["decimals"].max())
        out.append(SubrowGap(
            parent=f["item"], reported=float(f["reported"]), recomputed=float(f["recomputed"]), gap=gap,
            subrows=match,
            total_reported=float(tot["reported"].iloc[0]) if len(tot) else None,
            total_recomputed=float(tot["recomputed"].iloc[0]) if len(tot) else None,
            decimals=decimals))
    return out


def quality_text(gaps: list[SubrowGap], lang: str) -> str:
    """One sentence per category whose outcome differs from its sub-rows."""
    sentences = []
    for g in gaps:
        m = lambda v: _msek(v, g.decimals, lang)  # noqa: E731
        text = t("investment_pace.text.quality_gap", lang, parent=g.parent, reported=m(g.reported),
                 recomputed=m(g.recomputed))
        if g.subrows:
            text += t("investment_pace.text.quality_match", lang, gap=m(abs(g.gap)),
                      subrow=" / ".join(g.subrows))
            if g.total_reported is not None:
                text += t("investment_pace.text.quality_total", lang, total=m(g.total_reported),
                          parts=m(g.total_recomputed))
        text += t("investment_pace.text.quality_end", lang, reported=m(g.reported))
        sentences.append(text)
    return " ".join(sentences)


# --------------------------------------------------------------------------- showing

def show_text(text: str, year: int, lang: str, missing_key: str | None = None) -> None:
    """Show a generated paragraph; when it is empty, the one-line missing note of
    ``missing_key`` (if given) or nothing."""
    from analysis.chapters.common import missing, paragraph

    if text:
        paragraph(text)
    elif missing_key:
        missing(year, t(missing_key, lang), lang)


def cases_view(found: pd.DataFrame, year: int, lang: str):
    """The cases paragraph and table to show, or None after the missing note when the
    report counts no cases."""
    if found.empty:
        show_text("", year, lang, "investment_pace.missing.cases")
        return None
    show_text(cases_text(case_summary(found), lang), year, lang)
    return cases_table(found, lang)


# --------------------------------------------------------------------------- key figures

def key_figures(facts: pd.DataFrame, year: int, lang: str) -> list[KeyFigure]:
    """The chapter's headline numbers (None where the year's report lacks them)."""
    rows = investment_rows(facts, year)
    total, it_row, mt_row = row(rows, TOTAL), row(rows, IT), row(rows, MT)
    get = lambda r, c: None if r is None else _value(r, c)  # noqa: E731
    found_backlog = backlog(facts, year)
    summary = case_summary(cases(facts, year))
    history = it_history(facts, year)
    fit = it_trend(history) if len(history) else None
    label = lambda key: t(f"investment_pace.kf.{key}", lang)  # noqa: E731
    derived = lambda key: t("common.derived", lang) + ": " + t(f"investment_pace.formula.{key}", lang)  # noqa: E731
    return [
        KeyFigure("frame_total_msek", label("frame_total_msek"), get(total, "frame"), "MSEK"),
        KeyFigure("outcome_total_msek", label("outcome_total_msek"), get(total, "outcome"), "MSEK"),
        KeyFigure("utilisation_total_percent", label("utilisation_total_percent"), get(total, "percent"),
                  "percent", True, derived("utilisation")),
        KeyFigure("outcome_prior_msek", label("outcome_prior_msek"), get(total, "outcome_prior_decisions"), "MSEK"),
        KeyFigure("outcome_current_msek", label("outcome_current_msek"),
                  get(total, "outcome_current_decisions"), "MSEK"),
        KeyFigure("unused_current_msek", label("unused_current_msek"), get(total, "unused_current"),
                  "MSEK", True, derived("unused")),
        KeyFigure("it_outcome_msek", label("it_outcome_msek"), get(it_row, "outcome"), "MSEK"),
        KeyFigure("mt_outcome_msek", label("mt_outcome_msek"), get(mt_row, "outcome"), "MSEK"),
        KeyFigure("backlog_msek", label("backlog_msek"),
                  None if found_backlog is None else found_backlog.value, "MSEK"),
        KeyFigure("cases_planned", label("cases_planned"), None if summary is None else summary.planned, "count"),
        KeyFigure("cases_completed", label("cases_completed"),
                  None if summary is None else summary.completed, "count"),
        KeyFigure("cases_completion_percent", label("cases_completion_percent"),
                  None if summary is None else summary.completion_percent, "percent", True, derived("completion")),
        KeyFigure("it_trend_growth_percent", label("it_trend_growth_percent"),
                  None if fit is None else float(fit.growth_percent), "percent", True, derived("trend")),
        KeyFigure("it_history_n", label("it_history_n"), int(len(history)), "count"),
    ]
