"""Chapter 2 over the years: outcome and budget per cost type and per business area for
every report year up to the chapter's, the changes between consecutive years, and the
result per year.

Values come from :func:`analysis.facts.series.table_series` (a year's own report first,
then a later report's prior-year column), without values derived from stated changes:
the tables show what the tables print. Costs are shown positive in every year: a value
of a ``net_result`` table is turned into a net cost (−value, derived), so that years in
different sign conventions read the same way. Changes are computed by
:func:`analysis.facts.series.changes` on those costs (derived, formula and sources); with three
or more years on file, each row's change since its first year with a value and its average
yearly change ((last / first)^(1 / years) − 1) come beside them
(:func:`analysis.chapters.over_the_years.since_first`).
"""

from __future__ import annotations

import pandas as pd

from analysis.chapters import over_the_years as years
from analysis.chapters.common import heading, missing, no_budget, paragraph, table_name
from analysis.chapters.costs.views import BUSINESS_AREA, COST_SIGN, COST_TYPE, DEVIATION_TABLES, KEY_FIGURES, UNIT
from analysis.facts import series as facts_series
from analysis.facts.catalog import as_exported, is_total
from analysis.presentation import charts, formatting
from analysis.presentation.keyfigures import KeyFigure
from analysis.presentation.tables import styled
from analysis.texts import t

RESULT = "Resultat"
YEAR_COLUMNS = ["item", "parent", "year", "measure", "value", "printed", "source", "kind", "derived", "formula"]
FLIP = "derived: cost = −{measure} (net_result)"


def _signs(facts: pd.DataFrame, table: str) -> dict[int, float]:
    """The factor turning each report's printed values of ``table`` into costs."""
    rows = facts[(facts["table"] == table) & as_exported(facts)]
    found = rows.drop_duplicates("report_year").set_index("report_year")["sign_convention"]
    return {int(ry): COST_SIGN.get(str(c), 1.0) for ry, c in found.items()}


def table_years(history: years.History, table: str) -> pd.DataFrame:
    """Outcome and budget of every row of ``table`` in every year the history has it, as
    costs (columns :data:`YEAR_COLUMNS`; ``printed`` is the value as printed)."""
    return history.once(("costs.table_years", table), lambda: _table_years(history, table))


def _table_years(history: years.History, table: str) -> pd.DataFrame:
    signs = _signs(history.facts, table)
    frames = []
    for measure in ("outcome", "budget"):
        long = facts_series.table_series(history.facts, table, measure, aliases=history.aliases, stated_changes=False)
        if long.empty:
            continue
        sign = long["report_year"].map(lambda ry: signs.get(int(ry), 1.0))
        flipped = sign < 0
        frames.append(
            pd.DataFrame(
                {
                    "item": long["item"],
                    "parent": long["parent"],
                    "year": long["year"],
                    "measure": measure,
                    "value": long["value"] * sign + 0.0,
                    "printed": long["value"],
                    "source": long["source"],
                    "kind": long["kind"],
                    "derived": flipped,
                    "formula": [FLIP.format(measure=measure) if f else "" for f in flipped],
                }
            )
        )
    if not frames:
        return pd.DataFrame(columns=YEAR_COLUMNS)
    return pd.concat(frames, ignore_index=True)


def _as_series(rows: pd.DataFrame, measure: str) -> pd.DataFrame:
    """One item's rows of :func:`table_years` as a series frame for :func:`changes`."""
    picked = rows[rows["measure"] == measure].sort_values("year")
    return picked.assign(unit=UNIT, measure=measure)[["year", "value", "unit", "source", "kind", "measure"]]


def item_changes(history: years.History, table: str) -> pd.DataFrame:
    """The change of every row's outcome (as a cost) between consecutive years with values,
    with ``item`` (columns of :data:`analysis.facts.series.CHANGE_COLUMNS` and ``item``)."""
    found = table_years(history, table)
    frames = [
        facts_series.changes(_as_series(rows, "outcome")).assign(item=item)
        for item, rows in found.groupby("item", sort=False)
    ]
    frames = [f for f in frames if not f.empty]
    if not frames:
        return pd.DataFrame(columns=[*facts_series.CHANGE_COLUMNS, "item"])
    return pd.concat(frames, ignore_index=True)


def total_changes(history: years.History, table: str) -> pd.DataFrame:
    """The changes of the ``Totalt`` row's outcome (as a cost) of ``table``."""
    found = item_changes(history, table)
    return found[[is_total(i) for i in found["item"]]].reset_index(drop=True)


def since_first_changes(history: years.History, table: str) -> pd.DataFrame:
    """The change of every row's outcome (as a cost) from its first year with a value to the
    chapter's year, where a year with a value lies between them (columns of
    :data:`analysis.facts.series.CHANGE_COLUMNS` and ``item``; ``annual_rate_percent`` is the
    average yearly change, :func:`analysis.chapters.over_the_years.since_first`)."""
    found = table_years(history, table)
    rows = []
    for item, item_rows in found.groupby("item", sort=False):
        change = years.since_first(_as_series(item_rows, "outcome"), history.year)
        rows += [] if change is None else [{**change.to_dict(), "item": item}]
    return pd.DataFrame(rows, columns=[*facts_series.CHANGE_COLUMNS, "item"])


def _total_since_first(history: years.History, table: str) -> pd.Series | None:
    """The change of the ``Totalt`` row since its first year with a value, or None."""
    found = since_first_changes(history, table)
    found = found[[is_total(i) for i in found["item"]]]
    return None if found.empty else found.iloc[0]


def _since_first_sentence(change: pd.Series, decimals: int, lang: str) -> str:
    """The Totalt row's change since the first year and its average per year, with the formulas."""
    plain = lambda kind: years.localised(str(change[f"formula_{kind}"]).removeprefix("derived: "), lang)
    return t(
        "costs.years.since_first",
        lang,
        first=int(change["from_year"]),
        span=int(change["span"]),
        change=formatting.msek(change["change"], decimals, lang, signed=round(float(change["change"]), decimals) != 0),
        growth=formatting.percent(change["change_percent"], 1, lang, signed=True),
        rate=formatting.percent(change["annual_rate_percent"], 1, lang, signed=True),
        formula_percent=plain("percent"),
        formula_rate=plain("rate"),
    )


def result_years(history: years.History) -> pd.DataFrame:
    """The result per year (MSEK, + = surplus): as the report's text states it (key figure
    Resultat), else the ``Totalt`` outcome of a net_result table (as printed)."""
    text = facts_series.series(history.facts, KEY_FIGURES, RESULT, "outcome", parent="", stated_changes=False)
    text = text[text["unit"] == UNIT]
    signs = _signs(history.facts, BUSINESS_AREA)
    table = facts_series.series(history.facts, BUSINESS_AREA, "Totalt", "outcome", parent="", stated_changes=False)
    net_result = pd.Series([signs.get(int(ry), 1.0) < 0 for ry in table["report_year"]], index=table.index, dtype=bool)
    table = table[net_result]
    table = table[~table["year"].isin(set(text["year"]))]
    both = pd.concat([text.assign(origin="text"), table.assign(origin="table")], ignore_index=True)
    return both.sort_values("year", ignore_index=True)


def result_changes(history: years.History) -> pd.DataFrame:
    """The change of the result between consecutive years with one (no percent across a sign change)."""
    return facts_series.changes(result_years(history))


def years_of(history: years.History, table: str) -> list[int]:
    """The years ``table`` has values for in the history."""
    return sorted(int(y) for y in table_years(history, table)["year"].unique())


def budgetless_years(history: years.History, table: str) -> list[int]:
    """The years ``table`` has an outcome for but no budget (a ledger without one)."""
    found = table_years(history, table)
    budget = found[(found["measure"] == "budget") & found["value"].notna()]
    return [y for y in years_of(history, table) if y not in set(budget["year"])]


def tables_with_years(history: years.History) -> list[str]:
    """The deviation tables any year of the history has."""
    return [tb for tb in DEVIATION_TABLES if years_of(history, tb)]


# --- display ---------------------------------------------------------------------------------------


def values_frame(history: years.History, table: str, lang: str) -> pd.DataFrame:
    """Outcome and budget (as costs) per row and year, formatted; an empty frame without values."""
    found = table_years(history, table)
    if found.empty:
        return pd.DataFrame()
    result = any(found["derived"])  # a table printed as results (+ = surplus) is shown as results
    decimals = formatting.decimals_needed(found["value"], most=1)
    order = list(dict.fromkeys(found["item"]))
    out = {t("costs.col.item", lang): order}
    for year in sorted(found["year"].unique()):
        for measure in ("outcome", "budget"):
            if result:
                label = t(f"costs.col.{measure}_result", lang, year=int(year))
            else:
                label = t(f"costs.col.{measure}_cost", lang, year=int(year))
            rows = found[(found["year"] == year) & (found["measure"] == measure)].set_index("item")
            values = -rows["value"] + 0.0 if result else rows["value"]
            if measure == "budget" and values.dropna().empty:  # a year without a budget: one line says so
                continue
            out[label] = [formatting.number(values.get(i), decimals, lang) for i in order]
    return pd.DataFrame(out)


def _decimals(history: years.History, table: str) -> int:
    return formatting.decimals_needed(table_years(history, table)["value"], most=1)


def show_years_intro(history: years.History, lang: str) -> None:
    """The section's opening line: which reports the values over the years come from."""
    paragraph(t("costs.years.intro", lang, years=", ".join(str(y) for y in history.report_years)))


def show_table_years(history: years.History, table: str, lang: str):
    """Show a table's values over the years and return the styled changes table; the one-line
    note when the history lacks the table or has it for one year only."""
    from IPython.display import display

    title = table_name(table, lang)
    heading(t("costs.years.table_heading", lang, title=title), 3)
    frame = values_frame(history, table, lang)
    if frame.empty:
        missing(history.year, t("costs.years.what_table", lang, title=title), lang)
        return None
    caption = t("costs.years.caption", lang, title=title, unit=formatting.MONEY_UNIT[lang])
    display(styled(frame, formats=dict.fromkeys(frame.columns[1:], str), caption=caption))
    if any(table_years(history, table)["derived"]):
        paragraph(t("costs.note.result_sign", lang))
    for year in budgetless_years(history, table):
        no_budget(year, t("costs.years.what_budget", lang, year=year), lang)
    found = item_changes(history, table)
    if found.empty:
        missing(history.year, t("costs.years.what_changes", lang, title=title), lang)
        return None
    period = since_first_changes(history, table).set_index("item")
    total = _total_since_first(history, table)
    if total is not None:
        paragraph(_since_first_sentence(total, _decimals(history, table), lang))
    rows = []
    for item, changes in found.groupby("item", sort=False):
        rows += years.change_rows(item, changes, _decimals(history, table), lang)
        if item in period.index:
            rows += years.since_first_rows(item, period.loc[item], _decimals(history, table), lang)
    caption = "costs.years.changes_caption_period" if len(period) else "costs.years.changes_caption"
    return years.changes_table(rows, lang, t(caption, lang, title=title))


def show_result_years(history: years.History, lang: str):
    """The result per year and its changes as a table; the one-line note for a year without it."""
    found = result_years(history)
    if history.year not in set(found["year"]):
        missing(history.year, t("costs.result.what", lang), lang)
    if found.empty:
        return None
    rows = [
        {
            t("costs.col.figure", lang): t("costs.years.result_row", lang, year=int(r["year"])),
            t("costs.col.value", lang): formatting.msek(r["value"], 1, lang, signed=round(r["value"], 1) != 0),
            t("costs.col.source", lang): r["source"],
        }
        for _, r in found.iterrows()
    ]
    for _, c in result_changes(history).iterrows():
        rows.append(
            {
                t("costs.col.figure", lang): years.period_text(c, lang),
                t("costs.col.value", lang): formatting.msek(c["change"], 1, lang, signed=round(c["change"], 1) != 0),
                t("costs.col.source", lang): years.formula(c, "change", lang),
            }
        )

    return styled(pd.DataFrame(rows), formats={t("costs.col.value", lang): str}, total_rows=[])


def result_chart(history: years.History, lang: str):
    """Bars of the result per year (None without any)."""
    found = result_years(history)
    if found.empty:
        return None
    data = pd.DataFrame(
        {"year": found["year"], "series": t("costs.years.series_result", lang), "value": found["value"]}
    ).assign(derived=False)
    tables = [KEY_FIGURES if o == "text" else BUSINESS_AREA for o in found["origin"]]
    return charts.year_bars(
        data, t("costs.years.chart_result", lang), UNIT, years.source_line(found["report_year"], tables, lang), lang
    )


def years_key_figures(history: years.History, lang: str) -> list[KeyFigure]:
    """The key figures over the years: the changes of the result and of each table's total
    that end in the chapter's year, and each table total's change since its first year with a
    value and average per year."""
    out = years.change_figures(
        "result", t("costs.kf.result_msek", lang), years.last_change(result_changes(history), history.year), UNIT, lang
    )
    for prefix, table in (("cost_type_total", COST_TYPE), ("business_area_total", BUSINESS_AREA)):
        label = t("costs.years.kf_total", lang, title=table_name(table, lang))
        change = years.last_change(total_changes(history, table), history.year)
        out += years.change_figures(prefix, label, change, UNIT, lang)
        out += years.period_figures(prefix, label, _total_since_first(history, table), UNIT, lang)
    return out
