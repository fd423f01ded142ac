"""Period reports in the build (``python -m analysis build -y 2021 --month 8``, issue 26).

A period report is a year's figures of months 1 to its month (:mod:`analysis.periods`), in
``reports/<year>-<MM>/``, built from the period chapters ``notebooks/period/NN_name.ipynb``
with the parameter ``month``. Month 12, or no ``--month``, is the annual report as before: a
period build never writes ``reports/<year>/``.

Before anything runs, each period is checked against the year's ledger, with one line:

- a year with printed tables only (no ledger in its folder) is refused: a period report
  needs a ledger;
- a month past the ledger's last month is refused, naming the months the ledger has.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from analysis import paths
from analysis.exceptions import AnalysisError
from analysis.periods import ANNUAL, Period, check_month
from analysis.publishing.batch.notebooks import UnknownChapterError, discover_chapters, select_chapters
from analysis.publishing.model import Chapter

#: The folder of the period chapters, inside the notebooks folder.
PERIOD_FOLDER = "period"


def months_asked(months: Iterable[object] | None) -> list[int]:
    """The months asked for, checked (1–12) and sorted; the annual report (12) when none."""
    try:
        found = sorted({check_month(m) for m in months or ()})
    except ValueError as err:
        raise AnalysisError(str(err)) from None
    return found or [ANNUAL]


def period_chapters(notebooks_dir: Path | None) -> list[Chapter]:
    """The period chapter notebooks (``notebooks/period/NN_name.ipynb``)."""
    folder = Path(notebooks_dir or paths.notebooks_dir()) / PERIOD_FOLDER
    found = discover_chapters(folder) if folder.is_dir() else []
    if not found:
        raise AnalysisError(f"no period chapter notebooks in {folder}")
    return found


def choose(chapters: list[Chapter], wanted: list[str] | None, annual: list[Chapter]) -> list[Chapter]:
    """The period chapters asked for: a chapter the annual report has and a period report
    has not (the scorecard, the assignments) is left out; one no report has is an error."""
    if not wanted:
        return list(chapters)
    known = []
    for item in wanted:
        try:
            select_chapters(chapters, [item])
            known.append(item)
        except UnknownChapterError:
            select_chapters(annual, [item])  # raises for a chapter of no report
    return [c for c in chapters if c.cleans or c.summarises] if not known else select_chapters(chapters, known)


def check_ledgers(periods: list[Period], raw_dir: Path, processed_dir: Path | None) -> None:
    """Refuse, with one line, a period whose year has no ledger or whose ledger ends before
    its month (:func:`analysis.facts.period_check.check`)."""
    for_periods = [p for p in periods if not p.annual]
    if for_periods:
        from analysis.facts.period_check import PeriodError, check  # pandas and DuckDB: only for a period build

        try:
            check(for_periods, raw_dir, processed_dir)
        except PeriodError:
            raise
        except (AnalysisError, OSError, ValueError):  # a raw file that cannot be read: the cleaning
            return  # chapter fails on it with its one line, on its own page, as in an annual build
