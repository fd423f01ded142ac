"""Whether a period report can be made from a year's data (issue 26), with one line when not:

- a year with printed tables only (no ledger in its folder): a period report needs a ledger;
- a month past the ledger's last month: the line names the months the ledger has.

The build asks before anything runs, and a period chapter's setup in JupyterLab asks too.
"""

from __future__ import annotations

from pathlib import Path

from analysis import paths
from analysis.exceptions import AnalysisError
from analysis.facts.pipeline import load_monthly
from analysis.facts.sources.ledger.files import ledger_files
from analysis.periods import Period


class PeriodError(AnalysisError):
    """A period report that cannot be made from the year's data (one line: why)."""


def check(periods: list[Period], raw_dir: Path | None, processed_dir: Path | None) -> None:
    """Refuse, with one line, a period whose year has no ledger or whose ledger ends before
    its month (the year is cleaned first where its processed data is not current)."""
    periods = [p for p in periods if not p.annual]
    for period in periods:
        folder = Path(raw_dir or paths.raw_dir()) / str(period.year)
        ledger, _budget = ledger_files(folder)
        if ledger is None:
            raise PeriodError(
                f"{period.year}: a period report needs a ledger (SIE or CSV) in {folder}; "
                "the year has printed tables only"
            )
    if not periods:
        return
    years = sorted({p.year for p in periods})
    monthly = load_monthly(years, processed_dir, raw_dir)
    for period in periods:
        booked = monthly[(monthly["report_year"] == period.year) & (monthly["outcome_rows"] > 0)]
        months = sorted(int(m) for m in booked["month"].unique())  # outcome, not a budget's months
        if not months or period.month > months[-1]:
            raise PeriodError(
                f"{period.year}: no period report per month {period.month}: the ledger has "
                f"{describe(months)}; build a month the ledger has"
            )


def describe(months: list[int]) -> str:
    """``months 1–8`` (a run), ``months 1, 2, 5`` or ``no months``."""
    if not months:
        return "no months"
    if months == list(range(months[0], months[-1] + 1)) and len(months) > 1:
        return f"months {months[0]}–{months[-1]}"
    return "month " + str(months[0]) if len(months) == 1 else "months " + ", ".join(map(str, months))
