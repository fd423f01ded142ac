"""Chapter 4 over the years: frame, outcome, use of the frame and the split by decision
year of IT, MT and Totalt for every report year up to the chapter's, with the changes
between consecutive years (:func:`analysis.facts.series.changes`; a change over two
years is a two-year change, never an annual one).

The use of the frame is derived per year: outcome / frame × 100.
"""

from __future__ import annotations

import math

import pandas as pd

from analysis.chapters import over_the_years as years
from analysis.chapters.common import missing, paragraph
from analysis.chapters.investments.views import IT, MEASURES, MT, TOTAL
from analysis.facts import series as facts_series
from analysis.presentation import charts, formatting
from analysis.presentation.keyfigures import KeyFigure
from analysis.presentation.tables import styled
from analysis.texts import t

TABLE = "investments"
ITEMS = (IT, MT, TOTAL)
YEAR_COLUMNS = ["item", "year", *MEASURES, "utilisation_percent", "report_year", "source"]


def _series(history: years.History, item: str, measure: str) -> pd.DataFrame:
    return facts_series.series(
        history.facts, TABLE, item, measure, parent="", aliases=history.aliases, stated_changes=False
    )


def year_rows(history: years.History) -> pd.DataFrame:
    """One row per category (IT, MT, Totalt) and year: frame, outcome, outcome on earlier
    and on the year's decisions (as printed), utilisation (derived: outcome / frame × 100)."""
    rows = []
    for item in ITEMS:
        by_measure = {m: _series(history, item, m).set_index("year") for m in MEASURES}
        for year in sorted(set().union(*(set(f.index) for f in by_measure.values()))):
            row = {"item": item, "year": int(year)}
            for measure, found in by_measure.items():
                row[measure] = float(found.loc[year, "value"]) if year in found.index else math.nan
            outcome = by_measure["outcome"]
            row["report_year"] = int(outcome.loc[year, "report_year"]) if year in outcome.index else int(year)
            row["source"] = str(outcome.loc[year, "source"]) if year in outcome.index else ""
            frame = row["frame"]
            row["utilisation_percent"] = row["outcome"] / frame * 100 if frame else math.nan
            rows.append(row)
    return pd.DataFrame(rows, columns=YEAR_COLUMNS)


def item_changes(history: years.History) -> pd.DataFrame:
    """The changes of every category's frame, outcome and split between consecutive years
    with values (columns of :data:`analysis.facts.series.CHANGE_COLUMNS`, ``item``, ``measure``)."""
    frames = []
    for item in ITEMS:
        for measure in MEASURES:
            found = facts_series.changes(_series(history, item, measure))
            if not found.empty:
                frames.append(found.assign(item=item, measure=measure))
    if not frames:
        return pd.DataFrame(columns=[*facts_series.CHANGE_COLUMNS, "item", "measure"])
    return pd.concat(frames, ignore_index=True)


def _label(item: str, lang: str) -> str:
    return t("common.total", lang) if item == TOTAL else item


def years_frame(history: years.History, lang: str) -> pd.DataFrame:
    """:func:`year_rows` for readers: one row per category and year."""
    found = year_rows(history)
    decimals = formatting.decimals_needed(found[MEASURES].stack(), most=1) if len(found) else 1
    money = lambda v: formatting.number(v, decimals, lang)
    col = lambda key: t(f"investment_pace.years.col.{key}", lang, unit=formatting.MONEY_UNIT[lang])
    return pd.DataFrame(
        {
            col("item"): [_label(i, lang) for i in found["item"]],
            col("year"): found["year"].astype(str),
            col("frame"): found["frame"].map(money),
            col("outcome"): found["outcome"].map(money),
            col("utilisation"): found["utilisation_percent"].map(lambda v: formatting.number(v, 0, lang)),
            col("prior"): found["outcome_prior_decisions"].map(money),
            col("current"): found["outcome_current_decisions"].map(money),
            col("source"): found["source"],
        }
    )


def show_years(history: years.History, lang: str):
    """Show the categories per year and return the styled changes table; the one-line note
    when the history has one year only."""
    from IPython.display import display

    frame = years_frame(history, lang)
    if frame.empty:
        missing(history.year, t("investment_pace.years.what", lang), lang)
        return None
    paragraph(t("investment_pace.years.intro", lang, years=", ".join(map(str, sorted(set(frame.iloc[:, 1]))))))
    registered = sorted({str(y) for y, s in zip(frame.iloc[:, 1], frame.iloc[:, -1]) if "investeringsprojekt" in s})
    if registered:
        paragraph(t("investment_pace.years.register", lang, years=", ".join(registered)))
    display(styled(frame, formats=dict.fromkeys(frame.columns[2:7], str), total_rows=[]))
    found = item_changes(history)
    if found.empty:
        missing(history.year, t("investment_pace.years.what_changes", lang), lang)
        return None
    rows = []
    for (item, measure), group in found.groupby(["item", "measure"], sort=False):
        name = f"{_label(item, lang)}, {t(f'investment_pace.years.measure.{measure}', lang)}"
        rows += years.change_rows(name, group, formatting.decimals_needed(group["to_value"], most=1), lang)
    return years.changes_table(rows, lang, t("investment_pace.years.changes_caption", lang))


def years_chart(history: years.History, lang: str):
    """Bars of Totalt's frame and outcome per year (None with fewer than two years)."""
    found = year_rows(history)
    total = found[found["item"] == TOTAL]
    if len(total) < 2:
        return None
    names = {m: t(f"investment_pace.years.measure.{m}", lang) for m in ("frame", "outcome")}
    data = pd.concat(
        [pd.DataFrame({"year": total["year"], "series": names[m], "value": total[m]}) for m in names], ignore_index=True
    ).assign(derived=False)
    return charts.year_bars(
        data,
        t("investment_pace.years.chart", lang),
        "MSEK",
        years.source_line(total["report_year"], [TABLE], lang),
        lang,
        order=list(names.values()),
    )


def years_key_figures(history: years.History, lang: str) -> list[KeyFigure]:
    """The changes of Totalt's frame and outcome that end in the chapter's year, and the
    change of its use of the frame in percentage points (derived)."""
    found = item_changes(history)
    out = []
    for measure in ("frame", "outcome"):
        picked = found[(found["item"] == TOTAL) & (found["measure"] == measure)] if len(found) else found
        label = t(f"investment_pace.years.kf.{measure}", lang)
        out += years.change_figures(f"{measure}_total", label, years.last_change(picked, history.year), "MSEK", lang)
    rows = year_rows(history)
    total = rows[(rows["item"] == TOTAL) & rows["utilisation_percent"].notna()].sort_values("year")
    points, period = None, None
    if len(total) >= 2 and int(total["year"].iloc[-1]) == history.year:
        a, b = total.iloc[-2], total.iloc[-1]
        points = float(b["utilisation_percent"] - a["utilisation_percent"])
        fml = t("investment_pace.years.formula_points", lang, year=int(b["year"]), prev=int(a["year"]))
        span = int(b["year"]) - int(a["year"])
        named = dict(enumerate(years.NAMED_PERIODS, start=1))
        key = named.get(span, "n")
        period = t(f"years.period.{key}", lang, from_year=int(a["year"]), to_year=int(b["year"]), span=span)
    out.append(
        KeyFigure(
            "utilisation_total_change_points",
            t("investment_pace.years.kf.utilisation_points", lang),
            points,
            "percentage points",
            True,
            fml if points is not None else "",
            headline=False,
        )
    )
    label = t("investment_pace.years.kf.utilisation_points", lang)
    out.append(
        KeyFigure("utilisation_total_change_period", f"{label}, {t('years.kf.period', lang)}", period, headline=False)
    )
    return out
