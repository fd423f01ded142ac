"""How a period report is named (issue 26), on its pages and in its chapters: the report
(``Delårsrapport per 31 augusti 2021``) and its months (``januari–augusti 2021``)."""

from __future__ import annotations

from babel.dates import get_month_names

from analysis.periods import Period
from analysis.texts import t

_LOCALES = {"sv": "sv_SE", "en": "en_GB"}


def month_name(month: int, lang: str) -> str:
    """The month's full name: ``augusti``, ``August``."""
    return str(get_month_names("wide", locale=_LOCALES.get(lang, "sv_SE"))[int(month)])


def kind_name(period: Period, lang: str) -> str:
    """``Tertialrapport 1``, ``Delårsrapport per 31 augusti``, ``Månadsrapport per juni``."""
    return t(f"period.kind.{period.kind}", lang, month=month_name(period.month, lang))


def report_title(period: Period, lang: str) -> str:
    """``Delårsrapport per 31 augusti 2021``."""
    return t("period.title", lang, kind=kind_name(period, lang), year=period.year)


def months_text(period: Period, lang: str, year: int | None = None) -> str:
    """``januari–augusti 2021`` (of ``year``, default the period's); ``januari 2021`` for month 1."""
    year = period.year if year is None else year
    if period.month == 1:
        return t("period.months_one", lang, month=month_name(1, lang), year=year)
    return t("period.months", lang, first=month_name(1, lang), last=month_name(period.month, lang), year=year)
