"""Chapter 4 from the year's investment register (``investment_projects``, issue 19): the pace
against plan per category and project, the earlier decisions' lag behind plan (the figure the
2019 text gives in prose as "ca 30 mnkr"), the projects furthest behind plan by name, and the
register's plan beside the ledger's cumulative outcome per month.

Derived here, each with its formula on the page: pace = outcome / plan × 100; behind plan =
plan − outcome (negative: ahead of plan). A year without a register shows one line instead.
"""

from __future__ import annotations

import pandas as pd

from analysis.chapters import ledger_months as monthly
from analysis.chapters.common import BANNER_STYLE
from analysis.facts.pipeline import load_table
from analysis.facts.sources.investment_register.register import SUBROWS
from analysis.presentation import formatting
from analysis.presentation.keyfigures import KeyFigure
from analysis.texts import t

MSEK = 1e6
IT, MT, TOTAL = "IT", "MT", "Totalt"
ORDER = [IT, *[s for s, c in SUBROWS.items() if c == IT], MT, *[s for s, c in SUBROWS.items() if c == MT], TOTAL]
PACE_COLUMNS = ["category", "group", "projects", "plan", "outcome", "pace_percent", "behind"]
#: how many projects "furthest behind plan" names
TOP = 5


def register_rank(item: str, _parent: str = "") -> int:
    """The printed order of a register's rows: IT and its sub-rows, MT and its, Totalt."""
    return ORDER.index(item) if item in ORDER else len(ORDER)


def load_projects(ctx: dict) -> pd.DataFrame:
    """The year's projects of the investment register (no rows without one)."""
    return load_table("investment_projects", [ctx["year"]], ctx["processed_dir"], ctx["raw_dir"])


def _pct(part: float, whole: float) -> float:
    return part / whole * 100 if whole else float("nan")


def category_pace(projects: pd.DataFrame) -> pd.DataFrame:
    """Plan, outcome (MSEK), pace and lag per category (IT, MT, Totalt) and decision group
    (``prior``: decided before the year, ``current``: in it, ``all``)."""
    rows = []
    for category in (IT, MT, TOTAL):
        own = projects if category == TOTAL else projects[projects["category"] == category]
        groups = {"prior": own[own["earlier_decision"]], "current": own[~own["earlier_decision"]], "all": own}
        for group, picked in groups.items():
            plan, outcome = picked["plan_kr"].sum() / MSEK, picked["outcome_kr"].sum() / MSEK
            rows.append(
                {
                    **{"category": category, "group": group, "projects": len(picked)},
                    **{"plan": plan, "outcome": outcome, "pace_percent": _pct(outcome, plan), "behind": plan - outcome},
                }
            )
    return pd.DataFrame(rows, columns=PACE_COLUMNS)


def furthest_behind(projects: pd.DataFrame, n: int = TOP) -> pd.DataFrame:
    """The ``n`` projects furthest behind plan (plan − outcome > 0), largest lag first."""
    behind = projects[projects["behind_plan_kr"] > 0]
    return behind.sort_values(["behind_plan_kr", "project"], ascending=[False, True]).head(n).reset_index(drop=True)


def stated_lag(facts: pd.DataFrame, year: int) -> pd.DataFrame:
    """The lag behind plan the report's text states (key figures ``behind_plan`` in MSEK)."""
    return facts[
        (facts["table"] == "key_figures")
        & (facts["report_year"] == year)
        & (facts["domain"] == "investments")
        & (facts["measure"] == "behind_plan")
        & (facts["unit"] == "MSEK")
        & ~facts["derived"].astype(bool)
    ]


def _m(value: float, lang: str) -> str:
    return formatting.msek(value, 1, lang)


def _p(value: float, lang: str) -> str:
    return formatting.percent(value, 0, lang)


def pace_text(projects: pd.DataFrame, year: int, lang: str) -> str:
    """The register's plan against its outcome for the year, and where the outcome came from."""
    found = category_pace(projects)
    total = found[(found["category"] == TOTAL) & (found["group"] == "all")].iloc[0]
    text = t(
        "investment_pace.register.intro",
        lang,
        year=year,
        n=len(projects),
        plan=_m(total["plan"], lang),
        outcome=_m(total["outcome"], lang),
        pace=_p(total["pace_percent"], lang),
    )
    from_ledger = int((projects["outcome_from"] == "ledger").sum())
    if from_ledger:
        text += t("investment_pace.register.from_ledger", lang, n=from_ledger)
    return text


def lag_text(projects: pd.DataFrame, facts: pd.DataFrame, year: int, lang: str) -> str:
    """The earlier decisions' lag behind plan per category and in total, beside what the
    report's text states."""
    found = category_pace(projects)
    prior = found[found["group"] == "prior"].set_index("category")
    parts = [f"{c} {_m(prior.loc[c, 'behind'], lang)}" for c in (IT, MT)]
    text = t(
        "investment_pace.register.lag",
        lang,
        year=year,
        lag=_m(prior.loc[TOTAL, "behind"], lang),
        parts=", ".join(parts),
        n=int(prior.loc[TOTAL, "projects"]),
    )
    for _, fact in stated_lag(facts, year).iterrows():
        category = fact["parent"] or TOTAL
        if category in prior.index:
            stated = formatting.msek(fact["value"], int(fact["decimals"]), lang)
            if fact["comment"]:
                stated = f"{fact['comment']} {stated}"
            computed = _m(prior.loc[category, "behind"], lang)
            text += t("investment_pace.register.lag_prose", lang, stated=stated, category=category, computed=computed)
    return text


def behind_text(projects: pd.DataFrame, lang: str) -> str:
    """The projects furthest behind plan, by name, with their lag."""
    top = furthest_behind(projects)
    if top.empty:
        return t("investment_pace.register.none_behind", lang)
    items = [
        t(
            "investment_pace.register.behind_item",
            lang,
            name=project_name(r["name"]),
            project=r["project"],
            category=r["subrow"],
            lag=_m(r["behind_plan_kr"] / MSEK, lang),
        )
        for _, r in top.iterrows()
    ]
    return t("investment_pace.register.behind", lang, n=len(top), items="; ".join(items))


def project_name(name: str) -> str:
    """A project's name without the example marking (the page's banner says it)."""
    return name.removeprefix("Exempeldata: ")


def monthly_plan_text(pace: pd.DataFrame, projects: pd.DataFrame, lang: str) -> str:
    """The ledger's cumulative outcome by its last month against the register's plan."""
    if pace.empty or projects.empty:
        return ""

    total = pace[pace["category"] == monthly.TOTAL].iloc[-1]
    plan = projects["plan_kr"].sum() / MSEK
    return t(
        "investment_pace.register.monthly_plan",
        lang,
        plan=_m(plan, lang),
        month=monthly.month_name(total["month"], lang),
        outcome=_m(total["cum_outcome"], lang),
        share=_p(_pct(total["cum_outcome"], plan), lang),
    )


def example_banner(projects: pd.DataFrame, ledger: pd.DataFrame, year: int, lang: str) -> None:
    """The "Exempeldata" banner when the register is example data (beside the ledger's, shown
    by ``chapter.example_banner`` when the year's ledger is)."""
    import html

    from IPython.display import HTML, display

    if len(projects) and projects["synthetic"].any():
        text = html.escape(t("investment_pace.register.example", lang, year=year))
        display(HTML(f'<div class="banner example-data" role="note" style="{BANNER_STYLE}">{text}</div>'))


def register_key_figures(projects: pd.DataFrame, lang: str) -> list[KeyFigure]:
    """Plan, pace and the earlier decisions' lag from the register (None without one)."""
    label = lambda key: t(f"investment_pace.kf.{key}", lang)
    formula = lambda key: t("common.derived", lang) + ": " + t(f"investment_pace.formula.{key}", lang)
    if projects.empty:
        values = dict.fromkeys(("plan", "pace", "lag", "behind"))
    else:
        found = category_pace(projects).set_index(["category", "group"])
        values = {
            "plan": float(found.loc[(TOTAL, "all"), "plan"]),
            "pace": float(found.loc[(TOTAL, "all"), "pace_percent"]),
            "lag": float(found.loc[(TOTAL, "prior"), "behind"]),
            "behind": int((projects["behind_plan_kr"] > 0).sum()),
        }
    return [
        KeyFigure("register_plan_msek", label("register_plan_msek"), values["plan"], "MSEK", headline=False),
        KeyFigure(
            "register_pace_percent",
            label("register_pace_percent"),
            values["pace"],
            "percent",
            True,
            formula("register_pace"),
            headline=False,
        ),
        KeyFigure(
            "register_behind_prior_msek",
            label("register_behind_prior_msek"),
            values["lag"],
            "MSEK",
            True,
            formula("register_lag"),
            headline=False,
        ),
        KeyFigure("register_projects_behind", label("register_projects_behind"), values["behind"], "count"),
    ]
