"""Chapter 6, balanced scorecard: how many goals each perspective achieved, partly achieved
or did not achieve, the list of goals with their fulfilment and trend, and the change in
fulfilment between the reports where the same goal or measure appears in both.

Fulfilment and trend are codes of the printed symbols (``scorecard`` facts,
:data:`analysis.facts.vocabulary.CODES`); a cell always shows the symbol *and* its word
("● Uppnått", "↑ Uppåt"), so the page reads without colour and in a screen reader. A row
whose report prints no symbol is "not stated" (the 2017 export kept none). The trend is
the direction of the printed arrow, not a judgement. Goals and measures of two reports are
matched by their label (:func:`analysis.facts.aliases.normalise`); a label printed as
"ej angivet" matches nothing.
"""

from __future__ import annotations

import pandas as pd

from analysis.chapters import common as chapter
from analysis.chapters import over_the_years as over_years
from analysis.facts.aliases import normalise
from analysis.facts.vocabulary import NOT_STATED, decode
from analysis.presentation.keyfigures import KeyFigure
from analysis.presentation.tables import styled
from analysis.texts import t

CHAPTER = "scorecard"
TABLE = "scorecard"
#: The fulfilment codes in the order the counts show them (message keys ``scorecard.fulfilment.<code>``).
FULFILMENT = ("achieved", "partly_achieved", "not_achieved", "not_stated")
#: The trend codes (message keys ``scorecard.trend.<code>``).
TRENDS = ("up", "level", "down", "not_stated")
#: Key-figure names of the fulfilment codes.
KF_NAMES = {
    "achieved": "achieved",
    "partly_achieved": "partly",
    "not_achieved": "not_achieved",
    "not_stated": "not_stated",
}
PREFIX = "Balanserad styrning – "


def goal_rows(facts: pd.DataFrame, report_year: int) -> pd.DataFrame:
    """One row per goal and measure of a report (columns report_year, year, perspective,
    goal, measure, target, fulfilment, trend, comment, source), codes decoded, in printed order."""
    own = facts[(facts["table"] == TABLE) & (facts["report_year"] == int(report_year))]
    keys = ["year", "section", "parent", "item", "source"]
    wide = own.set_index([*keys, "measure"])["value"].unstack("measure")
    texts = own[own["measure"] == "target_label"].set_index(keys)["original_value"]
    wide = wide.reset_index()
    line = wide["source"].str.rsplit(":", n=1).str[-1].astype(int)
    wide = wide.assign(_line=line).sort_values("_line", kind="stable").reset_index(drop=True)
    comments = own.drop_duplicates(keys).set_index(keys)["comment"]
    index = [tuple(r) for r in wide[keys].itertuples(index=False)]
    return pd.DataFrame(
        {
            "report_year": int(report_year),
            "year": wide["year"].astype(int),
            "perspective": wide["section"].str.removeprefix(PREFIX),
            "goal": wide["parent"],
            "measure": wide["item"],
            "target": [texts.get(i, NOT_STATED) for i in index],
            "fulfilment": [decode("fulfilment", v) for v in wide.get("fulfilment", pd.Series(dtype=float))],
            "trend": [decode("trend", v) for v in wide.get("trend", pd.Series(dtype=float))],
            "comment": [comments.get(i, "") for i in index],
            "source": wide["source"],
        }
    )


def counts(rows: pd.DataFrame) -> pd.DataFrame:
    """Goals per perspective by fulfilment code (columns :data:`FULFILMENT` and ``total``),
    perspectives in printed order."""
    order = list(dict.fromkeys(rows["perspective"]))
    table = pd.crosstab(rows["perspective"], rows["fulfilment"]).reindex(index=order, columns=list(FULFILMENT))
    table = table.fillna(0).astype(int)
    return table.assign(total=table.sum(axis=1)).rename_axis(index="perspective", columns=None).reset_index()


def fulfilment_label(code: str, lang: str) -> str:
    """The symbol with its word: "● Uppnått", "Ej angivet"."""
    return t(f"scorecard.fulfilment.{code}", lang)


def trend_label(code: str, lang: str) -> str:
    """The arrow with its word: "↑ Uppåt", "Ej angivet"."""
    return t(f"scorecard.trend.{code}", lang)


def counts_table(history: over_years.History, lang: str):
    """Counts by fulfilment per perspective for every report up to the chapter's year, each
    report with its total row."""
    parts = []
    for report_year in history.report_years:
        found = counts(goal_rows(history.facts, report_year))
        total = found.drop(columns="perspective").sum().to_frame().T.assign(perspective=t("scorecard.total", lang))
        parts.append(pd.concat([found, total], ignore_index=True).assign(report=report_year))
    frame = pd.concat(parts, ignore_index=True)
    cols = {"report": t("scorecard.col.report", lang), "perspective": t("scorecard.col.perspective", lang)}
    cols |= {code: fulfilment_label(code, lang) for code in FULFILMENT} | {"total": t("scorecard.col.total", lang)}
    frame = frame[list(cols)].rename(columns=cols)
    frame[cols["report"]] = frame[cols["report"]].astype(str)
    totals = [i for i, p in enumerate(frame[cols["perspective"]]) if p == t("scorecard.total", lang)]
    caption = over_years.source_line(history.report_years, [TABLE], lang)
    return styled(frame, total_rows=totals, label_column=cols["perspective"], caption=caption)


def counts_view(history: over_years.History, lang: str):
    """The sentence on the year's counts (or that no symbol was printed) and the table."""
    rows = goal_rows(history.facts, history.year)
    found = rows["fulfilment"].value_counts()
    n = {code: int(found.get(code, 0)) for code in FULFILMENT}
    if rows.empty:
        chapter.missing(history.year, t("scorecard.what.goals", lang), lang)
    elif n["not_stated"] == len(rows):
        chapter.paragraph(t("scorecard.counts.none_stated", lang, year=history.year, total=len(rows)))
    else:
        chapter.paragraph(t("scorecard.counts.sentence", lang, year=history.year, total=len(rows), **n))
    return counts_table(history, lang)


def goals_table(facts: pd.DataFrame, year: int, lang: str):
    """The report's goals and measures with target, fulfilment and trend (symbol and word), or None."""
    rows = goal_rows(facts, year)
    if rows.empty:
        chapter.missing(year, t("scorecard.what.goals", lang), lang)
        return None
    keys = ("perspective", "goal", "measure", "target", "fulfilment", "trend", "source")
    cols = {k: t(f"scorecard.col.{k}", lang) for k in keys}
    not_stated = t("scorecard.not_stated", lang)
    frame = pd.DataFrame(
        {
            cols["perspective"]: rows["perspective"],
            cols["goal"]: [not_stated if g == NOT_STATED else g for g in rows["goal"]],
            cols["measure"]: [not_stated if m == NOT_STATED else m for m in rows["measure"]],
            cols["target"]: [not_stated if v == NOT_STATED else v for v in rows["target"]],
            cols["fulfilment"]: [fulfilment_label(c, lang) for c in rows["fulfilment"]],
            cols["trend"]: [trend_label(c, lang) for c in rows["trend"]],
            cols["source"]: rows["source"],
        }
    )
    table = styled(frame, total_rows=[], caption=chapter.source(year, [TABLE], lang))
    return table.set_table_attributes('class="chapter-table wrap-in-print"')  # long words break only to fit A4


def _matchable(label: str) -> str:
    """The label a goal or measure is matched by ("" for one printed as not stated)."""
    key = normalise(label)
    return "" if key == normalise(NOT_STATED) else key


def comparison(history: over_years.History) -> pd.DataFrame:
    """Goals or measures of the chapter's report that an earlier report also has (same
    normalised measure, or same goal where the measure differs): both fulfilment codes,
    ``matched_by`` "measure" or "goal"."""
    now = goal_rows(history.facts, history.year)
    out = []
    for earlier_year in [y for y in history.report_years if y < history.year]:
        earlier = goal_rows(history.facts, earlier_year)
        for _, row in now.iterrows():
            for by, column in (("measure", "measure"), ("goal", "goal")):
                key = _matchable(row[column])
                found = earlier[[_matchable(v) == key for v in earlier[column]]] if key else earlier.iloc[0:0]
                if not found.empty:
                    before = found.iloc[0]
                    out.append({"earlier_report": earlier_year, "matched_by": by, **_pair(before, row)})
                    break
    columns = ["earlier_report", "matched_by", "goal", "measure", "before", "after", "before_source", "after_source"]
    return pd.DataFrame(out, columns=columns)


def _pair(before: pd.Series, after: pd.Series) -> dict:
    return {
        **{"goal": after["goal"], "measure": after["measure"]},
        **{"before": before["fulfilment"], "after": after["fulfilment"]},
        **{"before_source": before["source"], "after_source": after["source"]},
    }


def comparison_view(history: over_years.History, lang: str):
    """The change in fulfilment against the earlier reports: the table of matched goals, or
    one line saying why there is none (first report, nothing matches, nothing stated)."""
    earlier = [y for y in history.report_years if y < history.year]
    if not earlier:
        chapter.missing(history.year, t("scorecard.what.earlier", lang), lang)
        return None
    stated = {y: (goal_rows(history.facts, y)["fulfilment"] != "not_stated").any() for y in earlier}
    silent = [str(y) for y, any_stated in stated.items() if not any_stated]
    if silent:
        chapter.paragraph(t("scorecard.compare.none_stated", lang, years=", ".join(silent)))
    found = comparison(history)
    if found.empty:
        chapter.paragraph(
            t("scorecard.compare.no_match", lang, year=history.year, earlier=", ".join(map(str, earlier)))
        )
        return None
    keys = ("earlier_report", "goal", "measure", "before", "after", "sources")
    cols = {k: t(f"scorecard.col.{k}", lang) for k in keys}
    frame = pd.DataFrame(
        {
            cols["earlier_report"]: found["earlier_report"].astype(str),
            cols["goal"]: found["goal"],
            cols["measure"]: found["measure"],
            cols["before"]: [fulfilment_label(c, lang) for c in found["before"]],
            cols["after"]: [fulfilment_label(c, lang) for c in found["after"]],
            cols["sources"]: found["before_source"] + " → " + found["after_source"],
        }
    )
    return styled(frame, total_rows=[])


def key_figures(history: over_years.History, lang: str) -> list[KeyFigure]:
    """The year's counts of goals by fulfilment (for the summary) and the number of goals."""
    rows = goal_rows(history.facts, history.year)
    found = rows["fulfilment"].value_counts()
    figures = [
        KeyFigure(f"scorecard_{KF_NAMES[code]}_count", fulfilment_label(code, lang), int(found.get(code, 0)), "count")
        for code in FULFILMENT
    ]
    return [*figures, KeyFigure("scorecard_goal_count", t("scorecard.kf.goals", lang), len(rows), "count")]


def chapter_findings(findings: pd.DataFrame, facts: pd.DataFrame, year: int) -> pd.DataFrame:
    """The year's findings on the scorecard and the scorecard's key figures."""
    return chapter.chapter_findings(findings, facts, year, [TABLE, "key_figures"], "scorecard")
