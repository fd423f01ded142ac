"""Over the years: what the chapters share to show a figure across report years.

A chapter of report year Y reads the facts of every report year up to Y (never a later
one) with the analyst-kept alias list (:func:`load`), takes one value per year from
:func:`analysis.facts.series.series` and the changes between consecutive years from
:func:`analysis.facts.series.changes`. A change over more than one year is labelled as
such ("two-year change 2017→2019"), never as an annual one; its average annual rate is
shown only for such a change. Where a year with a value lies between the first year with a
value and the chapter's, :func:`since_first` gives the change over that whole period and its
average yearly change ((last / first)^(1 / years) − 1) × 100, labelled "since the first year"
(:func:`period_figures`: ``<stem>_since_first_*``, ``<stem>_average_rate_percent``). Every
change is derived, with its formula and the two sources it is computed from.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analysis.chapters.common import table_name
from analysis.exceptions import UnknownYearError
from analysis.facts import series as facts_series
from analysis.facts.pipeline import available_years, cleaned_from, load_facts
from analysis.facts.vocabulary import MEASURES
from analysis.presentation import formatting
from analysis.presentation.keyfigures import KeyFigure
from analysis.presentation.tables import styled
from analysis.texts import t

#: The spans that have a word of their own (message keys ``years.period.<period>``).
NAMED_PERIODS = ("annual", "two-year", "three-year", "four-year", "five-year")


@dataclass(frozen=True)
class History:
    """The facts of every report year up to ``year`` and the alias list they are matched with."""

    year: int
    facts: pd.DataFrame
    aliases: dict = field(default_factory=dict)
    #: Views computed once from the facts (by the chapters' ``years`` modules), by name.
    computed: dict = field(default_factory=dict, compare=False, repr=False)

    def once(self, name: tuple, compute):
        """``compute()`` the first time ``name`` is asked for, a copy of that result after."""
        if name not in self.computed:
            self.computed[name] = compute()
        return self.computed[name].copy()

    @classmethod
    def of(cls, facts: pd.DataFrame, year: int, aliases: dict | None = None) -> History:
        """The history of report ``year`` from facts of any report years (later ones left out)."""
        return cls(int(year), facts[facts["report_year"] <= int(year)].reset_index(drop=True), aliases or {})

    @property
    def report_years(self) -> list[int]:
        """The report years the history holds, oldest first."""
        return sorted(int(y) for y in self.facts["report_year"].unique())


def load(year: int, processed_dir: Path | str | None = None, raw_dir: Path | str | None = None) -> History:
    """The history of report ``year``: facts of every report year up to it and the alias
    list beside the raw year folders. UnknownYearError if ``year`` has no raw data."""
    processed = Path(processed_dir) if processed_dir else None
    raw = Path(raw_dir) if raw_dir else None
    source = raw or cleaned_from(processed)
    years = available_years(source)
    if int(year) not in years:
        raise UnknownYearError(year, years)
    facts = load_facts([y for y in years if y <= int(year)], processed, raw)
    return History.of(facts, int(year), facts_series.load_aliases(source))


def source_line(report_years, tables: list[str], lang: str) -> str:
    """The source line of a figure over the years: the reports and the tables it draws on."""
    found = sorted({int(y) for y in report_years})
    names = ", ".join(table_name(tb, lang) for tb in dict.fromkeys(tables))
    if len(found) == 1:
        return f"{t('common.report', lang, year=found[0])}; {names}"
    return f"{t('years.reports', lang, years=', '.join(map(str, found)))}; {names}"


def period_text(change: pd.Series, lang: str) -> str:
    """The span of a change in words: "tvåårsförändring 2017→2019", "annual change 2019→2020"."""
    period = str(change["period"])
    key = period if period in NAMED_PERIODS else "n"
    fields = {"from_year": int(change["from_year"]), "to_year": int(change["to_year"]), "span": int(change["span"])}
    return t(f"years.period.{key}", lang, **fields)


def last_change(changes: pd.DataFrame, year: int) -> pd.Series | None:
    """The change that ends in ``year`` (against the previous year with a value), or None."""
    found = changes[changes["to_year"] == int(year)] if len(changes) else changes
    return None if found.empty else found.iloc[-1]


def rate_shown(change: pd.Series) -> float:
    """The average annual rate where it says more than the change itself: over more than one year."""
    rate = change["annual_rate_percent"]
    return float(rate) if int(change["span"]) > 1 and not pd.isna(rate) else math.nan


def sources_text(change: pd.Series) -> str:
    """The two sources of a change, earlier year first."""
    return f"{change['from_source']} → {change['to_source']}"


def change_columns(lang: str) -> dict[str, str]:
    """The headers of a changes table (``years.col.<key>``), money in the language's unit."""
    unit = formatting.MONEY_UNIT[lang]
    keys = ("item", "period", "from_value", "to_value", "change", "change_percent", "annual_rate", "sources")
    return {k: t(f"years.col.{k}", lang, unit=unit) for k in keys}


def change_rows(item: str, changes: pd.DataFrame, decimals: int, lang: str) -> list[dict]:
    """One row per change of ``item`` for a changes table, formatted for readers."""
    cols = change_columns(lang)
    num = lambda v: formatting.number(v, decimals, lang)
    signed = lambda v, d: formatting.number(v, d, lang, signed=round(float(v), d) != 0) if pd.notna(v) else "–"
    return [
        {
            cols["item"]: item,
            cols["period"]: period_text(c, lang),
            cols["from_value"]: num(c["from_value"]),
            cols["to_value"]: num(c["to_value"]),
            cols["change"]: signed(c["change"], decimals),
            cols["change_percent"]: signed(c["change_percent"], 1),
            cols["annual_rate"]: signed(rate_shown(c), 1),
            cols["sources"]: sources_text(c),
        }
        for _, c in changes.iterrows()
    ]


def changes_table(rows: list[dict], lang: str, caption: str | None = None):
    """The styled changes table of :func:`change_rows` rows (numbers right-aligned), or None."""
    if not rows:
        return None
    frame = pd.DataFrame(rows)
    cols = change_columns(lang)
    numeric = [cols[k] for k in ("from_value", "to_value", "change", "change_percent", "annual_rate")]
    return styled(frame, formats=dict.fromkeys(numeric, str), total_rows=None, caption=caption)


def localised(formula_text: str, lang: str) -> str:
    """A formula of the series layer ("derived: outcome 2019 − outcome 2017") in the
    chapter's language: "derived" and the measure codes as the chapters print them."""
    import re

    text = str(formula_text).replace("derived:", t("common.derived", lang) + ":")
    for code in sorted(MEASURES, key=len, reverse=True):
        label = MEASURES[code][0 if lang == "sv" else 1]
        text = re.sub(rf"\b{re.escape(code)}\b", label, text)
    return text


def formula(change: pd.Series, kind: str, lang: str = "en") -> str:
    """The formula of a change figure (``change``, ``percent`` or ``rate``) with its two
    sources, in the chapter's language."""
    text = change[f"formula_{kind}"]
    return f"{localised(text, lang)} ({sources_text(change)})" if text else ""


def change_figures(prefix: str, label: str, change: pd.Series | None, unit: str, lang: str) -> list[KeyFigure]:
    """The key figures of the change that ends in the chapter's year: amount, percent,
    annual rate (over more than one year) and the period; all derived, with formula and
    sources. None values where there is no such change."""
    get = lambda column: None if change is None or pd.isna(change[column]) else float(change[column])
    rate = None if change is None or math.isnan(rate_shown(change)) else rate_shown(change)
    fml = lambda kind: "" if change is None else formula(change, kind, lang)
    period = None if change is None else period_text(change, lang)
    return [
        KeyFigure(
            f"{prefix}_change_msek", f"{label}, {t('years.kf.change', lang)}", get("change"), unit, True, fml("change")
        ),
        KeyFigure(
            f"{prefix}_change_percent",
            f"{label}, {t('years.kf.change_percent', lang)}",
            get("change_percent"),
            "percent",
            True,
            fml("percent"),
        ),
        KeyFigure(
            f"{prefix}_annual_rate_percent",
            f"{label}, {t('years.kf.annual_rate', lang)}",
            rate,
            "percent",
            True,
            fml("rate") if rate is not None else "",
            headline=False,
        ),
        KeyFigure(f"{prefix}_change_period", f"{label}, {t('years.kf.period', lang)}", period, headline=False),
        KeyFigure(
            f"{prefix}_change_span",
            f"{label}, {t('years.kf.span', lang)}",
            None if change is None else int(change["span"]),
            "count",
            headline=False,
        ),
    ]


# --- over the whole period: since the first year with a value ---------------------------------------


def since_first(series_frame: pd.DataFrame, year: int) -> pd.Series | None:
    """The change from the first year of ``series_frame`` with a value to ``year`` (a row of
    :data:`analysis.facts.series.CHANGE_COLUMNS`, with ``annual_rate_percent`` the average
    yearly change ((last / first)^(1 / years) − 1) × 100), or None where ``year`` has no value
    or no year with a value lies between the two (the change against the previous year says it)."""
    points = series_frame[series_frame["value"].notna() & (series_frame["year"] <= int(year))]
    points = points.sort_values("year", kind="stable")
    if len(points) < 3 or int(points["year"].iloc[-1]) != int(year):
        return None
    return facts_series.changes(points.iloc[[0, -1]]).iloc[0]


def since_first_text(change: pd.Series, lang: str) -> str:
    """The span of a change since the first year in words: "sedan första året, 2019→2021"."""
    return t("years.period.since_first", lang, from_year=int(change["from_year"]), to_year=int(change["to_year"]))


def since_first_rows(item: str, change: pd.Series, decimals: int, lang: str) -> list[dict]:
    """The row of a changes table (:func:`change_rows`) for the change since the first year."""
    rows = change_rows(item, change.to_frame().T, decimals, lang)
    rows[0][change_columns(lang)["period"]] = since_first_text(change, lang)
    return rows


def period_figures(
    prefix: str, label: str, change: pd.Series | None, unit: str, lang: str, *, brief: bool = False
) -> list[KeyFigure]:
    """The key figures of the change since the first year with a value (:func:`since_first`):
    percent and average yearly change (headlines unless ``brief``), the first year, and (unless
    ``brief``) the amount and the period; all derived, with formula and sources. None values
    where there is no such change."""
    get = lambda column: None if change is None or pd.isna(change[column]) else float(change[column])
    fml = lambda kind, value: "" if value is None else formula(change, kind, lang)
    amount, percent, rate = get("change"), get("change_percent"), get("annual_rate_percent")
    word = lambda key: f"{label}, {t(f'years.kf.{key}', lang)}"
    first = None if change is None else int(change["from_year"])
    out = [
        KeyFigure(
            f"{prefix}_since_first_percent",
            word("since_first_percent"),
            percent,
            "percent",
            True,
            fml("percent", percent),
            headline=not brief,
        ),
        KeyFigure(
            f"{prefix}_average_rate_percent",
            word("average_rate"),
            rate,
            "percent",
            True,
            fml("rate", rate),
            headline=not brief,
        ),
        KeyFigure(f"{prefix}_first_year", word("first_year"), first, headline=False),
    ]
    if brief:
        return out
    period = None if change is None else f"{int(change['from_year'])}→{int(change['to_year'])}"
    return [
        KeyFigure(
            f"{prefix}_since_first_msek", word("since_first"), amount, unit, True, fml("change", amount), headline=False
        ),
        *out,
        KeyFigure(f"{prefix}_since_first_period", word("since_first_period"), period, headline=False),
    ]
