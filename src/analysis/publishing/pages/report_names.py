"""What a period report is called on its pages (issue 26): the names a Swedish region gives
its reports, in place of the annual report's.

- month 4: "Tertialrapport 1"; month 8: "Delårsrapport per 31 augusti"; any other month
  before 12: "Månadsrapport per <månad>";
- the page labels that name the report (:func:`period_labels`): the report line of a chapter,
  the index's and the document's titles, the link back to the report's chapters.
"""

from __future__ import annotations

from analysis.periods import ANNUAL, Period
from analysis.texts import t
from analysis.texts.periods import kind_name, report_title

__all__ = ["LABELS", "kind_name", "period_labels", "report_label", "report_title"]

#: The page labels a period report names itself in, each a message ``page.period.<label>``
#: with the fields ``{kind}`` (the report's kind) and ``{year}``.
LABELS = ("report", "all_chapters", "year_title", "document_title")


def period_labels(labels: dict[str, str], month: int, lang: str) -> dict[str, str]:
    """``labels`` (the page texts) with those that name the report renamed for a period;
    unchanged for the annual report. Each keeps its ``{year}`` field."""
    if int(month) == ANNUAL:
        return labels
    name = kind_name(Period(2000, int(month)), lang)
    renamed = {key: t(f"page.period.{key}", lang, kind=name, year="{year}") for key in LABELS}
    return {**labels, **renamed}


def report_label(period: Period, label: str, lang: str) -> str:
    """One of :data:`LABELS` filled in for ``period``: ``year_title`` is ``Årsrapport Länsteknik 2019``
    for the annual report, ``Delårsrapport per 31 augusti 2021, Länsteknik`` for a period."""
    base = {key: t(f"page.{key}", lang) for key in LABELS}
    return period_labels(base, period.month, lang)[label].format(year=period.year)
