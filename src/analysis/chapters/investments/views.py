"""Chapter 4's figures from the facts: frame and outcome per category, backlog, cases,
the IT frame's burden, the IT history and its trend (pure functions).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.chapters import common as chapter
from analysis.chapters.investments.register import register_rank
from analysis.exceptions import UnknownYearError
from analysis.facts.catalog import as_exported, is_register
from analysis.facts.numbers import half_unit
from analysis.facts.pipeline import available_years, cleaned_from, load_facts, load_quality
from analysis.presentation import charts

CHAPTER = "investment_pace"


TABLES = ["investments", "it_investment_history", "key_figures"]


MEASURES = ["frame", "outcome_prior_decisions", "outcome_current_decisions", "outcome"]


IT, MT, TOTAL = "IT", "MT", "Totalt"


BURDEN_ITEM = "Belastning på IT-investeringsramen"


IT_SECTION = "Investeringar – IT"


CASE_ITEM = re.compile(r"Ärenden beslutade (?P<before>före )?(?P<decided>\d{4}), (?P<status>.+)", flags=re.IGNORECASE)


CASE_STATUS_CODES = {"planerade": "planned", "genomförda": "completed", "återstående": "remaining"}


def load(
    year: int, processed_dir: Path | str | None = None, raw_dir: Path | str | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Facts of every report year up to ``year`` (older reports feed the IT history) and
    the validation findings of ``year``. UnknownYearError if ``year`` has no raw data."""
    processed = Path(processed_dir) if processed_dir else None
    raw = Path(raw_dir) if raw_dir else None
    years = available_years(raw or cleaned_from(processed))
    if int(year) not in years:
        raise UnknownYearError(year, years)
    facts = load_facts([y for y in years if y <= int(year)], processed, raw)
    return (facts[facts["report_year"] <= int(year)].reset_index(drop=True), load_quality(year, processed, raw))


def _line(source: str) -> int:
    try:
        return int(str(source).split(",")[0].rsplit(":", 1)[1])
    except (IndexError, ValueError):
        return 0


def share(part: float, whole: float) -> float:
    """``part`` as a percentage of ``whole`` (NaN when ``whole`` is 0)."""
    return part / whole * 100 if whole else float("nan")


def row_value(row: pd.Series, column: str) -> float | None:
    """A row's value in ``column`` as a float, None when it is missing."""
    value = row.get(column)
    return None if value is None or pd.isna(value) else float(value)


def investment_rows(facts: pd.DataFrame, year: int) -> pd.DataFrame:
    """One row per category and sub-category of the ``investments`` table of report
    ``year``, in the printed order.

    Columns: item, parent, level (0 category, 1 sub-category), frame,
    outcome_prior_decisions, outcome_current_decisions, outcome (reported; NaN where
    not printed), percent (the derived fact outcome / frame × 100), unused_current
    (derived here: frame − outcome_current_decisions), prior_share (derived here:
    outcome_prior_decisions / outcome × 100), decimals (most printed decimals of the
    row) and source (file:line). A year with an investment register: its sums (a printed
    table is then a claim reconciled against them), in the printed order, with one decimal.
    """
    sel = facts[(facts["table"] == "investments") & (facts["report_year"] == year)]
    columns = ["item", "parent", "level", *MEASURES, "percent", "unused_current", "prior_share", "decimals", "source"]
    if sel.empty:
        return pd.DataFrame({c: [] for c in columns})
    reported = sel[as_exported(sel) & sel["measure"].isin(MEASURES)]
    wide = reported.pivot_table(index=["item", "parent"], columns="measure", values="value", aggfunc="first")
    wide = wide.reindex(columns=MEASURES)
    meta = reported.groupby(["item", "parent"]).agg(decimals=("decimals", "max"), source=("source", "first"))
    pct = sel[sel["derived"] & (sel["measure"] == "percent")].set_index(["item", "parent"])["value"]
    rows = wide.join(meta).join(pct.rename("percent")).reset_index()
    rows["level"] = np.where(rows["parent"] == "", 0, 1)
    rows["unused_current"] = rows["frame"] - rows["outcome_current_decisions"]
    rows["prior_share"] = rows["outcome_prior_decisions"] / rows["outcome"].where(rows["outcome"] != 0) * 100
    rows["line"] = rows["source"].map(_line)
    if is_register(reported).any():
        rows["line"], rows["decimals"] = [register_rank(i, p) for i, p in zip(rows["item"], rows["parent"])], 1
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


@dataclass(frozen=True)
class Backlog:
    """An amount the report says is behind plan (key figure with measure behind_plan)."""

    item: str
    parent: str
    value: float
    decimals: int
    source: str


def backlog(facts: pd.DataFrame, year: int) -> Backlog | None:
    """The investments' backlog behind plan for ``year``: from the year's investment register
    (its projects decided before ``year``, in total) where it has one, else as the report states
    it; None without either."""
    mine = facts[
        (facts["table"] == "investments")
        & (facts["report_year"] == year)
        & (facts["measure"] == "behind_plan")
        & (facts["item"] == TOTAL)
        & is_register(facts)
    ]
    if len(mine):
        fact = mine.iloc[0]
        item = f"Investeringar beslutade före {year}"
        return Backlog(item=item, parent="", value=float(fact["value"]), decimals=1, source=fact["source"])
    sel = facts[
        (facts["table"] == "key_figures")
        & (facts["report_year"] == year)
        & (facts["domain"] == "investments")
        & (facts["measure"] == "behind_plan")
        & (facts["unit"] == "MSEK")
    ]
    if sel.empty:
        return None
    fact = sel.iloc[0]
    return Backlog(
        item=fact["item"],
        parent=fact["parent"],
        value=float(sel["value"].sum()),
        decimals=int(fact["decimals"]),
        source=", ".join(sel["source"]),
    )


def cases(facts: pd.DataFrame, year: int) -> pd.DataFrame:
    """Investment cases counted in the prose of report ``year``.

    Columns: category (from the section, e.g. MT), group ("current": decided in the
    report year; "prior": decided before it), decided (the year named), status (as
    printed), code (planned / completed / remaining / other), value, source.
    """
    sel = facts[
        (facts["table"] == "key_figures")
        & (facts["report_year"] == year)
        & (facts["domain"] == "investments")
        & (facts["measure"] == "count")
    ]
    out = []
    for _, fact in sel.iterrows():
        match = CASE_ITEM.fullmatch(fact["item"].strip())
        if not match:
            continue
        status = match["status"].strip()
        out.append(
            {
                "category": fact["parent"] or fact["section"].rsplit("–", 1)[-1].strip(),
                "group": "prior" if match["before"] else "current",
                "decided": int(match["decided"]),
                "status": status,
                "code": CASE_STATUS_CODES.get(status.lower(), "other"),
                "value": float(fact["value"]),
                "source": fact["source"],
            }
        )
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
        planned=planned,
        completed=completed,
        completion_percent=(completed / planned * 100 if planned and completed is not None else None),
        prior_decided=int(prior["decided"].iloc[0]) if len(prior) else None,
        prior_completed=p_done,
        prior_remaining=p_left,
        prior_completion_percent=(
            p_done / (p_done + p_left) * 100 if p_done is not None and p_left is not None and p_done + p_left else None
        ),
    )


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
    kf = facts[
        (facts["table"] == "key_figures")
        & (facts["report_year"] == year)
        & (facts["domain"] == "investments")
        & (facts["section"] == IT_SECTION)
    ]
    burden = kf[(kf["item"] == BURDEN_ITEM) & (kf["unit"] == "MSEK")]
    it_row = row(rows, IT)
    if burden.empty or it_row is None:
        return None
    fact = burden.iloc[0]
    # Projects: key figures the burden's reconciliation names besides the IT row.
    names = re.findall(r"\{key_figures\|([^|{}]+)\|", fact["reconcile"])
    projects = tuple(
        (n, float(kf[(kf["item"] == n) & (kf["unit"] == "MSEK")]["value"].iloc[0]))
        for n in names
        if len(kf[(kf["item"] == n) & (kf["unit"] == "MSEK")])
    )
    frame = row_value(it_row, "frame")
    project_decimals = max([0] + [int(d) for d in kf[kf["item"].isin(names)]["decimals"]])
    return Burden(
        it_outcome=float(it_row["outcome"]),
        it_frame=frame,
        projects=projects,
        burden=float(fact["value"]),
        burden_percent=float(fact["value"]) / frame * 100 if frame else None,
        table_decimals=table_decimals(rows),
        burden_decimals=int(fact["decimals"]),
        project_decimals=project_decimals,
    )


def it_history(facts: pd.DataFrame, year: int) -> pd.DataFrame:
    """IT investment outcome per calendar year from every report up to ``year``.

    Sources: ``it_investment_history`` row Totalt (several years per report) and the
    IT row of each report's ``investments`` table (its own year). For a year stated more
    than once, the report of that same year's investments table wins, then the latest
    report. Columns: year, value, report_year, table, source, decimals. A year's investment
    register stands for its table (``table`` "investment_register", one decimal).
    """
    base = facts[as_exported(facts) & (facts["report_year"] <= year) & (facts["measure"] == "outcome")]
    hist = base[(base["table"] == "it_investment_history") & (base["item"] == TOTAL)]
    inv = base[
        (base["table"] == "investments")
        & (base["item"] == IT)
        & (base["parent"] == "")
        & (base["year"] == base["report_year"])
    ]
    both = pd.concat([inv.assign(priority=0), hist.assign(priority=1)], ignore_index=True)
    columns = ["year", "value", "report_year", "table", "source", "decimals"]
    if both.empty:
        return pd.DataFrame({c: [] for c in columns})
    both.loc[is_register(both), ["table", "decimals"]] = ["investment_register", 1]
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


def chapter_findings(findings: pd.DataFrame, facts: pd.DataFrame, year: int) -> pd.DataFrame:
    """Findings on this chapter's figures: the investment tables and the investment key
    figures (not the key figures of other chapters)."""
    return chapter.chapter_findings(findings, facts, year, ["investments", "it_investment_history"], "investments")


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
    register: bool = False  # the recomputed figure is the year's investment register's


def subrow_gaps(facts: pd.DataFrame, findings: pd.DataFrame, year: int) -> list[SubrowGap]:
    """Explain parent-vs-sub-rows findings on total outcome: which sub-row equals the gap,
    and whether the Totalt row differs from its categories by the same amount."""
    sel = findings[
        (findings["report_year"] == year) & (findings["table"] == "investments") & (findings["measure"] == "outcome")
    ]
    inv = facts[
        (facts["table"] == "investments")
        & (facts["report_year"] == year)
        & (facts["measure"] == "outcome")
        & ~facts["derived"]
    ]
    totals = sel[sel["check"] == "total_vs_rows"]
    out = []
    # a printed category against its register's sum (= the sum of its sub-rows) reads the same way
    gaps = sel[
        (sel["check"] == "parent_vs_subrows") | ((sel["check"] == "printed_vs_register") & sel["item"].isin([IT, MT]))
    ]
    for _, f in gaps.iterrows():
        gap = float(f["recomputed"]) - float(f["reported"])
        kids = inv[inv["parent"] == f["item"]]
        parent_dec = int(inv[(inv["item"] == f["item"]) & (inv["parent"] == "")]["decimals"].max())
        # A sub-row "equals" the gap within the rounding of it and its parent; of those,
        # only the closest ones are named (1,4 is not 1,5 when 1,5 is printed).
        dist = {
            k["item"]: abs(float(k["value"]) - gap)
            for _, k in kids.iterrows()
            if abs(float(k["value"]) - gap) <= half_unit(int(k["decimals"])) + half_unit(parent_dec) + 1e-9
        }
        match = tuple(i for i, d in dist.items() if d <= min(dist.values()) + 1e-9)
        tot = totals[(totals["difference"] - gap).abs() <= totals["tolerance"]]
        decimals = int(inv[(inv["item"] == f["item"]) | (inv["parent"] == f["item"])]["decimals"].max())
        out.append(
            SubrowGap(
                parent=f["item"],
                reported=float(f["reported"]),
                recomputed=float(f["recomputed"]),
                gap=gap,
                subrows=match,
                total_reported=float(tot["reported"].iloc[0]) if len(tot) else None,
                total_recomputed=float(tot["recomputed"].iloc[0]) if len(tot) else None,
                decimals=decimals,
                register=f["check"] == "printed_vs_register",
            )
        )
    return out
