"""The period reports' chapters (issue 26): the tertial, the delårsrapport per August and any
month report, from the year's ledger and HR export, months 1 to the period's month.

The period notebooks (``notebooks/period/NN_name.ipynb``, parameter ``month``) call these
modules; :mod:`.to_date` holds the pure figures, :mod:`.outlook` the full-year forecasts with
the previous year's monthly profile, :mod:`.costs`, :mod:`.mt` and :mod:`.investments` the
chapters' sections, and :mod:`.movement` how the year's forecast moved over its periods.
"""

from __future__ import annotations

import html
from pathlib import Path

import pandas as pd
from IPython.display import HTML, display

from analysis.chapters import comments, common
from analysis.facts.period_check import check
from analysis.facts.pipeline import load_monthly
from analysis.periods import Period, check_month
from analysis.texts import t
from analysis.texts.periods import kind_name, months_text, report_title

__all__ = ["kind_name", "months_text", "report_title"]


def setup(
    year: object, month: object, lang: str, raw_dir: str | Path = "", processed_dir: str | Path = "", *, name: str
) -> dict:
    """:func:`analysis.chapters.common.setup` for a period chapter: the parameters checked
    (``month`` 1–12), the earlier years' data checked, no commentary (a period report's
    chapters have none: the analysts' texts are the annual report's). The context has the
    period too (``ctx["period"]``)."""
    try:
        number = check_month(month)
    except ValueError as err:
        raise ValueError(str(err)) from None
    ctx = common.setup(year, lang, raw_dir, processed_dir, earlier=True)
    comments.clear()
    if number != 12:  # a December report is the year's: nothing after it to leave out
        check([Period(ctx["year"], number)], ctx["raw_dir"], ctx["processed_dir"])
    return {**ctx, "chapter": name, "month": number, "period": Period(ctx["year"], number)}


def ledger(ctx: dict) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The monthly ledger rows of the period's year and of the previous year (empty where a
    year has no ledger or no folder)."""
    year = ctx["year"]
    this = load_monthly(year, ctx["processed_dir"], ctx["raw_dir"])
    source = ctx["raw_dir"] or None
    from analysis.facts.pipeline import available_years, cleaned_from

    years = available_years(source or cleaned_from(ctx["processed_dir"]))
    before = load_monthly(year - 1, ctx["processed_dir"], ctx["raw_dir"]) if year - 1 in years else this.iloc[0:0]
    return this, before


def note(text: str) -> None:
    """One line of a period chapter that says how a figure is made (escaped)."""
    display(HTML(f'<p class="note">{html.escape(common.true_minus(text))}</p>'))


def title(key: str, ctx: dict, lang: str) -> None:
    """The chapter's h1: its name with the period's (``Kostnadsutveckling, delårsrapport per 31 augusti 2021``)."""
    common.heading(t(key, lang, report=report_title(ctx["period"], lang)), 1)


def annual_only(what: str, ctx: dict, lang: str) -> None:
    """The one line of a chapter that has no monthly data: it is reported in the annual report."""
    note(t("period.annual_only", lang, what=what, year=ctx["year"]))


def left_out_line(ledger: pd.DataFrame, ctx: dict, lang: str) -> None:
    """One line naming how many ledger rows are dated after the period's month, and their sum
    (nothing when there are none)."""
    from analysis.chapters.period import to_date
    from analysis.presentation import formatting

    period = ctx["period"]
    later = to_date.left_out(to_date.year_rows(ledger, period.year), period)
    if later.rows == 0 and abs(later.outcome) < 0.0000005:
        return
    note(
        t(
            "period.left_out",
            lang,
            n=formatting.number(later.rows, 0, lang),
            outcome=formatting.msek(later.outcome, 1, lang),
            month=period.month,
            months=", ".join(str(m) for m in later.months) or "–",
        )
    )
