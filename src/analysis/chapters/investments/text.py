"""Chapter 4's sentences and key figures, in Swedish or English."""

from __future__ import annotations

import re

import pandas as pd

from analysis.chapters.common import source
from analysis.chapters.investments.views import (
    IT,
    MT,
    TOTAL,
    Backlog,
    Burden,
    CaseSummary,
    SubrowGap,
    backlog,
    case_summary,
    cases,
    investment_rows,
    it_history,
    it_trend,
    missing_years,
    row,
    row_value,
    share,
    table_decimals,
)
from analysis.presentation import formatting
from analysis.presentation.keyfigures import KeyFigure
from analysis.texts import t


def _msek(value: float | None, decimals: int, lang: str) -> str:
    return formatting.msek(value, decimals, lang)


def _pct(value: float | None, lang: str, decimals: int = 0) -> str:
    return formatting.percent(value, decimals, lang)


def item_label(item: str, lang: str) -> str:
    """A category's label for a sentence or table: the total row in the chapter's language."""
    return t("common.total", lang) if item == TOTAL else item


def utilisation_text(rows: pd.DataFrame, year: int, lang: str) -> str:
    """Frame, outcome and use of the frame in total and per category; a category above
    100 % is explained (the outcome includes earlier years' decisions)."""
    total = row(rows, TOTAL)
    dec = table_decimals(rows)
    if total is None or pd.isna(total["frame"]):
        return ""
    text = t(
        "investment_pace.text.utilisation",
        lang,
        year=year,
        frame=_msek(total["frame"], dec, lang),
        outcome=_msek(total["outcome"], dec, lang),
        percent=_pct(total["percent"], lang),
    )
    cats = rows[(rows["level"] == 0) & (rows["item"] != TOTAL) & rows["frame"].notna()]
    if len(cats):
        parts = [
            t(
                "investment_pace.text.category_part",
                lang,
                item=r["item"],
                outcome=_msek(r["outcome"], dec, lang),
                frame=_msek(r["frame"], dec, lang),
                percent=_pct(r["percent"], lang),
            )
            for _, r in cats.iterrows()
        ]
        text += t("investment_pace.text.by_category", lang, parts="; ".join(parts))
    over = rows[(rows["level"] == 0) & (rows["percent"] > 100)]
    if len(over):
        items = ", ".join(f"{item_label(r['item'], lang)} {_pct(r['percent'], lang)}" for _, r in over.iterrows())
        text += t("investment_pace.text.over_100", lang, items=items, year=year)
    return text


def split_text(rows: pd.DataFrame, year: int, lang: str) -> str:
    """How the total outcome divides between earlier years' and this year's decisions."""
    total = row(rows, TOTAL)
    if total is None or pd.isna(total["outcome_prior_decisions"]) or pd.isna(total["outcome_current_decisions"]):
        return ""
    dec = table_decimals(rows)
    prior, current, outcome = (total["outcome_prior_decisions"], total["outcome_current_decisions"], total["outcome"])
    text = t(
        "investment_pace.text.split",
        lang,
        year=year,
        outcome=_msek(outcome, dec, lang),
        prior=_msek(prior, dec, lang),
        prior_share=_pct(share(prior, outcome), lang),
        current=_msek(current, dec, lang),
        current_share=_pct(share(current, outcome), lang),
    )
    cats = rows[(rows["level"] == 0) & (rows["item"] != TOTAL) & rows["prior_share"].notna()]
    if len(cats) > 1:
        top = cats.loc[cats["prior_share"].idxmax()]
        text += t("investment_pace.text.split_top", lang, item=top["item"], share=_pct(top["prior_share"], lang))
    return text


def unused_text(rows: pd.DataFrame, year: int, lang: str) -> str:
    """How the year's frame was used, so that it visibly adds up (frame = earlier decisions +
    this year's + not used), then the frame not used for this year's decisions (derived:
    frame − outcome on them)."""
    total = row(rows, TOTAL)
    if total is None or pd.isna(total["unused_current"]):
        return ""
    dec = table_decimals(rows)
    fields = {
        "year": year,
        "frame": _msek(total["frame"], dec, lang),
        "current": _msek(total["outcome_current_decisions"], dec, lang),
        "unused": _msek(total["unused_current"], dec, lang),
        "unused_share": _pct(share(total["unused_current"], total["frame"]), lang),
    }
    text = t("investment_pace.text.unused", lang, **fields)
    outcome, prior = total["outcome"], total["outcome_prior_decisions"]
    if pd.isna(outcome) or pd.isna(prior):
        return text
    left = total["frame"] - outcome  # what adds up: frame = prior + current decisions + not used
    used = {"outcome": _msek(outcome, dec, lang), "used_share": _pct(share(outcome, total["frame"]), lang)}
    used |= {"prior": _msek(prior, dec, lang), "left": _msek(left, dec, lang)}
    used["left_share"] = _pct(share(left, total["frame"]), lang)
    adds_up = t("investment_pace.text.adds_up", lang, **fields, **used)
    return adds_up + " " + t("investment_pace.text.unused_after", lang, **fields)


def backlog_text(found: Backlog | None, rows: pd.DataFrame, year: int, lang: str) -> str:
    """The backlog as a sentence, compared with the outcome on earlier decisions."""
    if found is None:
        return ""
    match = re.search(r"före (\d{4})", found.item)
    what = t("investment_pace.text.backlog_what", lang, year=match[1]) if match else found.item
    if "investeringsprojekt" in found.source:  # computed from the year's investment register
        return t("investment_pace.text.backlog_register", lang, what=what, value=_msek(found.value, 1, lang))
    parent = found.parent or t("common.total", lang)
    text = t(
        "investment_pace.text.backlog", lang, parent=parent, what=what, value=_msek(found.value, found.decimals, lang)
    )
    cat = row(rows, found.parent) if found.parent else None
    if cat is not None and not pd.isna(cat["outcome_prior_decisions"]):
        text += t(
            "investment_pace.text.backlog_vs_prior",
            lang,
            parent=parent,
            year=year,
            prior=_msek(cat["outcome_prior_decisions"], table_decimals(rows), lang),
        )
    return text


def status_label(status: str, lang: str) -> str:
    """An investment case's status in the chapter's language (as exported when the texts have no label for it)."""
    try:
        return t(f"investment_pace.status.{status.lower()}", lang)
    except KeyError:
        return status


def cases_text(summary: CaseSummary | None, lang: str) -> str:
    """Completion of this year's cases (and of earlier years'), rates derived."""
    if summary is None or summary.planned is None or summary.completed is None:
        return ""
    num = lambda v: formatting.number(v, 0, lang)
    text = t(
        "investment_pace.text.cases",
        lang,
        planned=num(summary.planned),
        category=summary.category,
        decided=summary.decided,
        completed=num(summary.completed),
        rate=_pct(summary.completion_percent, lang),
    )
    if summary.prior_completion_percent is not None:
        text += t(
            "investment_pace.text.cases_prior",
            lang,
            decided=summary.prior_decided,
            completed=num(summary.prior_completed),
            remaining=num(summary.prior_remaining),
            rate=_pct(summary.prior_completion_percent, lang),
        )
    return text + t("investment_pace.text.cases_note", lang)


def burden_text(found: Burden | None, lang: str) -> str:
    """The IT frame's burden as a sentence (derived share of the frame stated)."""
    if found is None or not found.projects:
        return ""
    dec = found.table_decimals
    project = " + ".join(n for n, _ in found.projects)
    amount = _msek(sum(v for _, v in found.projects), found.project_decimals, lang)
    return t(
        "investment_pace.text.burden",
        lang,
        it=_msek(found.it_outcome, dec, lang),
        project=project,
        amount=amount,
        burden=_msek(found.burden, found.burden_decimals, lang),
        burden_share=_pct(found.burden_percent, lang),
        frame=_msek(found.it_frame, dec, lang),
    )


def history_source(history: pd.DataFrame, lang: str) -> str:
    """Source line naming every report and table the series draws on (compact when the
    series spans several reports, so that it fits under an A4-wide chart)."""
    reports = sorted(int(y) for y in history["report_year"].unique())
    if len(reports) <= 1:
        year = reports[0] if reports else 0
        if "investment_register" in set(history["table"]):
            return t("investment_pace.register.source", lang, year=year)
        return source(year, list(dict.fromkeys(history["table"])), lang)
    parts = []
    for report_year, group in history.groupby("report_year"):
        tables = ", ".join(t(f"investment_pace.source.{tb}", lang) for tb in dict.fromkeys(group["table"]))
        parts.append(f"{int(report_year)} ({tables})")
    return t("investment_pace.source.reports", lang, parts=", ".join(parts))


def history_text(history: pd.DataFrame, lang: str) -> str:
    """First and last value, average annual growth (derived), gaps and trend."""
    if len(history) < 2:
        return ""
    h = history.sort_values("year")
    y0, y1 = int(h["year"].iloc[0]), int(h["year"].iloc[-1])
    v0, v1 = float(h["value"].iloc[0]), float(h["value"].iloc[-1])
    span = y1 - y0
    cagr = ((v1 / v0) ** (1 / span) - 1) * 100 if v0 > 0 and span else float("nan")
    text = t(
        "investment_pace.text.history",
        lang,
        n=len(h),
        years=", ".join(str(y) for y in h["year"]),
        first=_msek(v0, int(h["decimals"].iloc[0]), lang),
        y0=y0,
        last=_msek(v1, int(h["decimals"].iloc[-1]), lang),
        y1=y1,
        cagr=formatting.percent(cagr, 1, lang, signed=True),
        span=span,
    )
    gaps = missing_years(h)
    if gaps:
        text += t("investment_pace.text.history_gap", lang, years=", ".join(map(str, gaps)))
    hist = h[h["table"] == "it_investment_history"]
    if len(hist) and len(hist) < len(h):
        text += t(
            "investment_pace.text.history_origin",
            lang,
            hist_years=", ".join(str(y) for y in hist["year"]),
            hist_report=int(hist["report_year"].max()),
        )
    fit = it_trend(h)
    if fit is None:
        text += t("investment_pace.text.history_no_trend", lang)
    else:
        sp = lambda v: formatting.percent(v, 1, lang, signed=True)
        text += t(
            "investment_pace.text.history_trend",
            lang,
            n=fit.n,
            growth=sp(fit.growth_percent),
            low=sp(fit.growth_low),
            high=sp(fit.growth_high),
        )
    return text


def quality_text(gaps: list[SubrowGap], lang: str) -> str:
    """One sentence per category whose outcome differs from its sub-rows."""
    sentences = []
    for g in gaps:
        m = lambda v: _msek(v, g.decimals, lang)
        text = t(
            "investment_pace.text.quality_gap",
            lang,
            parent=g.parent,
            reported=m(g.reported),
            recomputed=m(g.recomputed),
        )
        if g.subrows:
            text += t("investment_pace.text.quality_match", lang, gap=m(abs(g.gap)), subrow=" / ".join(g.subrows))
            if g.total_reported is not None:
                text += t(
                    "investment_pace.text.quality_total", lang, total=m(g.total_reported), parts=m(g.total_recomputed)
                )
        if g.register:
            text += t(
                "investment_pace.text.quality_end_register", lang, reported=m(g.reported), recomputed=m(g.recomputed)
            )
        else:
            text += t("investment_pace.text.quality_end", lang, reported=m(g.reported))
        sentences.append(text)
    return " ".join(sentences)


def _kf_label(key: str, lang: str) -> str:
    """The label of the key figure ``key`` in the chapter's language."""
    return t(f"investment_pace.kf.{key}", lang)


def _kf_derived(key: str, lang: str) -> str:
    """The note of a derived key figure: "derived: " and its formula ``key``."""
    return t("common.derived", lang) + ": " + t(f"investment_pace.formula.{key}", lang)


def _frame_key_figures(rows: pd.DataFrame, lang: str) -> list[KeyFigure]:
    """The key figures on the frame and the outcome: in total, by decision year, for IT and MT."""
    total, it_row, mt_row = row(rows, TOTAL), row(rows, IT), row(rows, MT)
    get = lambda r, c: None if r is None else row_value(r, c)
    label = lambda key: _kf_label(key, lang)
    return [
        KeyFigure("frame_total_msek", label("frame_total_msek"), get(total, "frame"), "MSEK"),
        KeyFigure("outcome_total_msek", label("outcome_total_msek"), get(total, "outcome"), "MSEK"),
        KeyFigure(
            "utilisation_total_percent",
            label("utilisation_total_percent"),
            get(total, "percent"),
            "percent",
            True,
            _kf_derived("utilisation", lang),
        ),
        KeyFigure("outcome_prior_msek", label("outcome_prior_msek"), get(total, "outcome_prior_decisions"), "MSEK"),
        KeyFigure(
            "outcome_current_msek", label("outcome_current_msek"), get(total, "outcome_current_decisions"), "MSEK"
        ),
        KeyFigure(
            "unused_current_msek",
            label("unused_current_msek"),
            get(total, "unused_current"),
            "MSEK",
            True,
            _kf_derived("unused", lang),
        ),
        KeyFigure("it_outcome_msek", label("it_outcome_msek"), get(it_row, "outcome"), "MSEK"),
        KeyFigure("mt_outcome_msek", label("mt_outcome_msek"), get(mt_row, "outcome"), "MSEK"),
    ]


def _backlog_and_case_key_figures(facts: pd.DataFrame, year: int, lang: str) -> list[KeyFigure]:
    """The key figures on the backlog, the cases and the IT investment trend."""
    found_backlog = backlog(facts, year)
    summary = case_summary(cases(facts, year))
    history = it_history(facts, year)
    fit = it_trend(history) if len(history) else None
    label = lambda key: _kf_label(key, lang)
    return [
        KeyFigure(
            "backlog_msek", label("backlog_msek"), None if found_backlog is None else found_backlog.value, "MSEK"
        ),
        KeyFigure("cases_planned", label("cases_planned"), None if summary is None else summary.planned, "count"),
        KeyFigure("cases_completed", label("cases_completed"), None if summary is None else summary.completed, "count"),
        KeyFigure(
            "cases_completion_percent",
            label("cases_completion_percent"),
            None if summary is None else summary.completion_percent,
            "percent",
            True,
            _kf_derived("completion", lang),
        ),
        KeyFigure(
            "it_trend_growth_percent",
            label("it_trend_growth_percent"),
            None if fit is None else float(fit.growth_percent),
            "percent",
            True,
            _kf_derived("trend", lang),
        ),
        KeyFigure("it_history_n", label("it_history_n"), int(len(history)), "count"),
    ]


def key_figures(facts: pd.DataFrame, year: int, lang: str) -> list[KeyFigure]:
    """The chapter's headline numbers (None where the year's report lacks them)."""
    rows = investment_rows(facts, year)
    return _frame_key_figures(rows, lang) + _backlog_and_case_key_figures(facts, year, lang)
