"""A report's period: a year and its last month (issue 26).

Month 12 is the annual report, in ``reports/<year>/``; any other month is a period report
in ``reports/<year>-<MM>/``: the first tertial (month 4, "Tertialrapport 1"), the
delårsrapport per 31 August (month 8) or a month report. A period report uses the ledger's
and the HR export's months 1 to its month, never a later one.

Pure and light: the build's plan, the pages and the chapters share it (a layer of its own at
the bottom, beside :mod:`analysis.paths`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ANNUAL = 12
TERTIAL, INTERIM = 4, 8
#: The kind of report a month gives: the text keys ``period.kind.<kind>`` name it.
KINDS = {TERTIAL: "tertial", INTERIM: "interim", ANNUAL: "annual"}
_FOLDER = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass(frozen=True, order=True)
class Period:
    """A report year and the last month its figures include (1–12)."""

    year: int
    month: int = ANNUAL

    def __post_init__(self) -> None:
        if not 1 <= int(self.month) <= ANNUAL:
            raise ValueError(f"month must be 1–12, not {self.month!r}")

    @property
    def annual(self) -> bool:
        """Whether this is the annual report (month 12)."""
        return self.month == ANNUAL

    @property
    def kind(self) -> str:
        """``annual``, ``tertial`` (month 4), ``interim`` (month 8) or ``month``."""
        return KINDS.get(self.month, "month")

    @property
    def folder(self) -> str:
        """The report folder's name: ``2021`` for the annual report, ``2021-08`` for a period."""
        return str(self.year) if self.annual else f"{self.year}-{self.month:02d}"

    @property
    def months(self) -> range:
        """The months the period's figures include: 1 … its month."""
        return range(1, self.month + 1)


def from_folder(name: str) -> Period | None:
    """The period a report folder's name stands for (``2021``, ``2021-08``), or None."""
    if re.fullmatch(r"\d{4}", name):
        return Period(int(name))
    found = _FOLDER.match(name)
    if found and 1 <= int(found.group(2)) < ANNUAL:
        return Period(int(found.group(1)), int(found.group(2)))
    return None


def check_month(month: object) -> int:
    """A period's month as a number 1–12; ValueError with one line otherwise."""
    try:
        number = int(str(month).strip())
    except ValueError:
        raise ValueError(f"month must be a number 1–12, not {month!r}") from None
    if not 1 <= number <= ANNUAL:
        raise ValueError(f"month must be 1–12, not {month!r}")
    return number
