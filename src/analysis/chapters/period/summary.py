"""The period report's summary: each period chapter's headline key figures, from the record
of the period's chapters (``reports/<year>-<MM>/chapters.json``, which the build writes just
before the summary runs), their status, and one line for each annual chapter that has no
monthly data (the scorecard, the assignments): it is reported in the annual report."""

from __future__ import annotations

import html

from IPython.display import HTML, display

from analysis.chapters import summary as annual
from analysis.chapters.period import note
from analysis.presentation.keyfigures import KeyFigure, format_figure
from analysis.texts import t

#: The annual report's chapters without monthly data: (message of their name).
ANNUAL_ONLY = ("period.name.scorecard", "period.name.assignments")


def load(ctx: dict, reports_dir: str = "") -> dict:
    """The record of the period's chapters (empty without one)."""
    return annual.load(ctx["year"], reports_dir, ctx["month"])


def rows(record: dict) -> list[dict]:
    """``{chapter, title, href, label, text, derived, formula}`` per headline key figure with a value."""
    found = []
    for entry in record.get("chapters", []):
        for figure in entry.get("figures") or []:
            if not figure.get("headline", True) or figure.get("value") is None:
                continue
            found.append({**figure, "chapter": entry["name"], "title": entry["title"], "href": entry.get("href")})
    return found


def table_html(record: dict, lang: str) -> str:
    """The figures as a table: chapter, key figure, value (a derived one marked, with its formula)."""
    body = []
    for row in rows(record):
        chapter = html.escape(row["title"])
        if row.get("href"):
            chapter = f'<a href="{html.escape(row["href"])}">{chapter}</a>'
        mark = ""
        if row.get("derived"):
            formula, derived = html.escape(row.get("formula") or ""), html.escape(t("page.derived", lang))
            mark = f' <abbr class="derived" title="{formula}">{derived}</abbr>'
        body.append(
            f'<tr><td>{chapter}</td><th scope="row">{html.escape(row.get("label") or row["key"])}</th>'
            f'<td style="text-align: right; white-space: nowrap">'
            f"{html.escape(format_figure(row, lang))}{mark}</td></tr>"
        )
    head = "".join(
        f'<th scope="col">{html.escape(t(k, lang))}</th>'
        for k in ("period.col.chapter", "period.col.figure", "period.col.value")
    )
    caption = html.escape(t("period.summary.caption", lang))
    return (
        f'<table class="chapter-table"><caption>{caption}</caption><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table>"
    )


def show(record: dict, lang: str) -> None:
    """The key figures of the period's chapters, or one line when none has recorded one yet."""
    if not rows(record):
        note(t("period.summary.none", lang))
        return
    display(HTML(table_html(record, lang)))


def show_annual_only(ctx: dict, lang: str) -> None:
    """One line per annual chapter without monthly data."""
    for key in ANNUAL_ONLY:
        note(t("period.annual_only", lang, what=t(key, lang), year=ctx["year"]))


def key_figures(record: dict, lang: str) -> list[KeyFigure]:
    """How many of the period's chapters succeeded (for the index)."""
    entries = record.get("chapters", [])
    ok = sum(e.get("status") == "ok" for e in entries)
    return [KeyFigure("period_chapters_ok", t("period.kf.chapters_ok", lang), ok, "count", headline=False)]
