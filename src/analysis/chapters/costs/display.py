"""What chapter 2 shows in its notebook: tables, charts and the paragraphs of each section."""

from __future__ import annotations

import pandas as pd

from analysis.chapters.common import measure_label, missing, no_budget, paragraph, source, table_name
from analysis.chapters.costs.result import result_rows
from analysis.chapters.costs.text import changes_sentence, count_sentence, result_paragraph, signed_msek, signed_number
from analysis.chapters.costs.views import UNIT, flagged_items, has_budget
from analysis.presentation import charts, formatting
from analysis.presentation.tables import styled
from analysis.texts import t


def deviation_frame(view: pd.DataFrame, lang: str, findings: pd.DataFrame | None = None) -> pd.DataFrame:
    """The view as a table for readers: formatted values, localised headers, derived columns
    marked (* net cost, ** share), disputed deviations marked †."""
    if view.empty:
        return pd.DataFrame()
    year = int(view["report_year"].iloc[0])
    decimals = int(view["decimals"].iloc[0])
    net = str(view["convention"].iloc[0]) == "net_result"
    flagged = set(flagged_items(view, findings))
    num = lambda v: formatting.number(v, decimals, lang)
    dev = lambda v, item: signed_number(v, decimals, lang) + (" †" if item in flagged else "")
    frame = {
        t("costs.col.item", lang): view["item"],
        (
            t("costs.col.outcome_net_cost", lang, year=year) if net else t("costs.col.outcome_cost", lang, year=year)
        ): view["outcome_cost"].map(num),
        (t("costs.col.budget_net_cost", lang, year=year) if net else t("costs.col.budget_cost", lang, year=year)): view[
            "budget_cost"
        ].map(num),
        t("costs.col.deviation", lang): [dev(v, i) for v, i in zip(view["deviation_favourable"], view["item"])],
    }
    if view["forecast_cost"].notna().any():
        frame[(t("costs.col.forecast_net_cost", lang) if net else t("costs.col.forecast_cost", lang))] = view[
            "forecast_cost"
        ].map(num)
        frame[t("costs.col.deviation_vs_forecast", lang)] = view["deviation_vs_forecast_favourable"].map(
            lambda v: signed_number(v, decimals, lang)
        )
    if view["share_percent"].notna().any():
        frame[t("costs.col.share", lang)] = view["share_percent"].map(lambda v: formatting.number(v, 1, lang))
    if not has_budget(view):  # the section's line says the year has no budget
        del frame[list(frame)[2]], frame[t("costs.col.deviation", lang)]
    return pd.DataFrame(frame)


def deviation_table(view: pd.DataFrame, lang: str, findings: pd.DataFrame | None = None):
    """The styled table of outcome against budget, or None when the year lacks it."""
    if view.empty:
        return None
    frame = deviation_frame(view, lang, findings)
    formats = dict.fromkeys(frame.columns[1:], str)
    fields = {"title": table_name(view["table"].iloc[0], lang), "unit": formatting.MONEY_UNIT[lang]}
    caption = (
        t("costs.caption.deviation", lang, **fields) if has_budget(view) else t("costs.caption.outcome", lang, **fields)
    )
    return styled(frame, formats=formats, caption=caption)


def table_notes(view: pd.DataFrame, lang: str, findings: pd.DataFrame | None = None) -> list[str]:
    """The footnotes of the deviation table: derived columns with their formula, and each
    disputed deviation with the recomputed value."""
    if view.empty:
        return []
    notes = []
    if str(view["convention"].iloc[0]) == "net_result":
        notes.append(t("costs.note.net_cost", lang))
    if view["share_percent"].notna().any():
        notes.append(t("costs.note.share", lang))
    decimals = int(view["decimals"].iloc[0])
    flagged = []
    for item in flagged_items(view, findings):
        row = view[view["item"] == item].iloc[0]
        flagged.append(
            t(
                "costs.note.flagged_item",
                lang,
                item=item,
                reported=signed_msek(row["deviation_favourable"], decimals, lang),
                recomputed=signed_msek(row["deviation_recomputed"], decimals, lang),
            )
        )
    if flagged:
        notes.append(t("costs.note.flagged", lang, items="; ".join(flagged)))
    return notes


def show_notes(view: pd.DataFrame, lang: str, findings: pd.DataFrame | None = None) -> None:
    """Show the deviation table's footnotes (nothing when the year lacks the table)."""
    for note in table_notes(view, lang, findings):
        paragraph(note)


def show_intro(view: pd.DataFrame, year: int, lang: str, section: str) -> None:
    """A deviation section's opening line (how many rows did better or worse than budget),
    or the one-line note that the year lacks its table. ``section``: "cost_type" or
    "business_area"."""
    if view.empty:
        missing(year, t(f"costs.{section}.what", lang), lang)
    elif not has_budget(view):
        no_budget(year, t("costs.no_budget.what", lang, kind=t(f"costs.kind.{view['table'].iloc[0]}", lang)), lang)
    else:
        paragraph(count_sentence(view, lang))


def explained_view(explained: pd.DataFrame, year: int, lang: str):
    """The table of deviations the report's text explains, or the note that it has none."""
    if explained.empty:
        missing(year, t("costs.explained.what", lang), lang)
        return None
    return explained_table(explained, lang)


def show_result(facts: pd.DataFrame, findings: pd.DataFrame | None, year: int, lang: str) -> None:
    """The paragraph on the year's result, or the note that the report gives none."""
    text = result_paragraph(facts, findings, year, lang)
    if text is None:
        missing(year, t("costs.result.what", lang), lang)
    else:
        paragraph(text)


def show_changes(view: pd.DataFrame, year: int, lang: str) -> None:
    """The sentence on the changes against the previous year, or the note that there are none."""
    if view.empty:
        missing(year, t("costs.changes.what", lang), lang)
    else:
        paragraph(changes_sentence(view, lang))


def chart_data(view: pd.DataFrame, findings: pd.DataFrame | None = None) -> pd.DataFrame:
    """``label``/``value`` for :func:`analysis.presentation.charts.diverging_bars`: each row's printed
    deviation (positive = favourable), totals left out, largest surplus first; a label
    ends with † when a finding disputes the row's printed deviation."""
    if view.empty:
        return pd.DataFrame({"label": pd.Series(dtype="str"), "value": pd.Series(dtype="float64")})
    flagged = set(flagged_items(view, findings))
    rows = view[~view["is_total"].astype(bool) & view["deviation_favourable"].notna()]
    data = pd.DataFrame(
        {
            "label": [f"{i} †" if i in flagged else str(i) for i in rows["item"]],
            "value": rows["deviation_favourable"].astype(float).to_numpy(),
        }
    )
    return data.sort_values("value", ascending=False, kind="stable").reset_index(drop=True)


def deviation_chart(view: pd.DataFrame, year: int, lang: str, findings: pd.DataFrame | None = None):
    """Diverging bars of the deviation per row, or None when the year lacks the table or its
    rows have no deviation."""
    data = chart_data(view, findings)
    if data.empty:  # no table, or no row with a deviation (a ledger without a budget)
        return None
    table = str(view["table"].iloc[0])
    title = t("costs.chart.title", lang, kind_singular=t(f"costs.chart.kind.{table}", lang), year=year)
    return charts.diverging_bars(
        data,
        title,
        UNIT,
        source(year, [table], lang, view["source"]),
        lang,
        xlabel=t("costs.chart.xlabel", lang, unit=formatting.MONEY_UNIT[lang]),
    )


def result_table(facts: pd.DataFrame, findings: pd.DataFrame | None, year: int, lang: str):
    """The styled table of :func:`result_rows`, or None when the year states no result."""
    rows = result_rows(facts, findings, year)
    if rows.empty:
        return None
    labels, values, derivations = [], [], []
    for _, row in rows.iterrows():
        where = t("costs.result.from_text", lang) if row["origin"] == "text" else table_name(row["table"], lang)
        extra = ""
        if row["origin"] == "table" and row["measure"] == "deviation":
            extra = ", " + (t("costs.result.recomputed", lang) if row["derived"] else t("costs.result.printed", lang))
        labels.append(f"{row['item']} – {measure_label(row['measure'], lang)}{extra} ({where})")
        values.append(
            signed_msek(row["value"], int(row["decimals"]), lang)
            if row["unit"] == UNIT
            else formatting.value(row["value"], row["unit"], int(row["decimals"]), lang)
        )
        derivations.append(t("costs.formula.recomputed", lang) if row["derived"] else "")
    frame = pd.DataFrame(
        {
            t("costs.col.figure", lang): labels,
            t("costs.col.value", lang): values,
            t("costs.col.derivation", lang): derivations,
            t("costs.col.source", lang): rows["source"],
        }
    )
    if not any(derivations):
        frame = frame.drop(columns=t("costs.col.derivation", lang))
    return styled(frame, formats={t("costs.col.value", lang): str}, total_rows=[])


def changes_table(view: pd.DataFrame, lang: str):
    """The styled table of changes with their source, or None when there are none."""
    if view.empty:
        return None
    frame = {t("costs.col.item", lang): view["item"]}
    if (view["parent"] != "").any():
        frame[t("costs.col.parent", lang)] = view["parent"]
    frame[t("costs.col.change_percent", lang)] = view["change_percent"].map(
        lambda v: formatting.percent(v, 0, lang, signed=round(v) != 0) if pd.notna(v) else formatting.percent(v)
    )
    if view["change"].notna().any():
        frame[t("costs.col.change", lang, unit=formatting.MONEY_UNIT[lang])] = [
            signed_number(v, int(d), lang) for v, d in zip(view["change"], view["decimals"])
        ]
    frame[t("costs.col.section", lang)] = view["section"]
    frame[t("costs.col.source", lang)] = view["source"]
    frame = pd.DataFrame(frame)
    numeric = [
        c
        for c in (t("costs.col.change_percent", lang), t("costs.col.change", lang, unit=formatting.MONEY_UNIT[lang]))
        if c in frame
    ]
    return styled(frame, formats=dict.fromkeys(numeric, str), total_rows=[])


def explained_table(view: pd.DataFrame, lang: str):
    """The styled table of :func:`explained_deviations`, or None when there are none."""
    if view.empty:
        return None
    dev = t("costs.col.deviation", lang) + f", {formatting.MONEY_UNIT[lang]}"
    frame = pd.DataFrame(
        {
            t("costs.col.item", lang): view["item"],
            t("costs.col.parent", lang): view["parent"],
            dev: [signed_number(v, int(d), lang) for v, d in zip(view["deviation"], view["decimals"])],
            t("costs.col.section", lang): view["section"],
            t("costs.col.source", lang): view["source"],
        }
    )
    return styled(frame, formats={dev: str}, total_rows=[])
