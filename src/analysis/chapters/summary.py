"""The summary chapter: the year on one page, from the key figures the other chapters recorded.

Nothing is computed again here. The batch writes ``reports/<year>/chapters.json`` (the
record of the year's chapters: status, page, recorded key figures, the reason a chapter
did not succeed) when the year's other chapters are done, and this chapter reads it. Each
line shows recorded figures as they were recorded, links to the section of the chapter it
comes from, and carries the chapter's recorded change against the previous year where the
series has one (``<stem>_change_*``) and, where the chapter recorded one, the change since the
first year with a value with its average per year (``<stem>_since_first_percent``,
``<stem>_average_rate_percent``). A chapter that failed, was skipped or was never built
makes its lines "not available", with the reason.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from pathlib import Path

from analysis import paths
from analysis.periods import ANNUAL, Period
from analysis.presentation.anchors import heading_id
from analysis.presentation.keyfigures import KeyFigure, change_of, format_figure
from analysis.texts import t

CHAPTER = "summary"


@dataclass(frozen=True)
class Line:
    """One line of the summary: which chapter's recorded figures it shows, and where from."""

    key: str
    chapter: str
    figures: tuple[str, ...]
    section: str
    #: Stems whose change since the first year with a value (``<stem>_since_first_percent``,
    #: ``<stem>_average_rate_percent``, ``<stem>_first_year``) the line adds where recorded:
    #: the first for the line's item, the others (messages ``summary.period.<stem>``) beside it.
    period: tuple[str, ...] = ()


#: The stems of the MT chapter's changes since the first year with a value: MT, each cost
#: type and the total (:func:`analysis.chapters.mt.growth.period_key_figures`).
PERIOD_STEMS = ("mt", "staff_costs", "depreciation_costs", "pc_rollout_costs", "other_costs", "total_costs")


def period_keys(stems: tuple[str, ...]) -> tuple[str, ...]:
    """The key figures of the changes since the first year of ``stems``, for a line's figures."""
    return tuple(f"{s}_{kind}" for s in stems for kind in ("since_first_percent", "average_rate_percent"))


#: The lines, in the order a division manager presents the year. ``section`` is the message
#: key of the heading in that chapter that the line links to.
LINES: tuple[Line, ...] = (
    Line("result", "cost_development", ("result_msek", "result_target_msek"), "costs.result.heading"),
    Line(
        "deviations",
        "cost_development",
        (
            "largest_unfavourable_item",
            "largest_unfavourable_value",
            "largest_favourable_item",
            "largest_favourable_value",
        ),
        "costs.cost_type.heading",
    ),
    Line(
        "mt_growth",
        "mt_maintenance_growth",
        ("mt_growth_percent", "mt_outcome_msek", "mt_since_first_msek", *period_keys(PERIOD_STEMS)),
        "mt.h.growth",
        period=("mt", "total_costs"),
    ),
    Line("investments", "investment_pace", ("utilisation_total_percent", "backlog_msek"), "investment_pace.h.frame"),
    Line("sick_leave", "staff", ("sick_leave_total_percent", "sick_leave_goal_percent"), "staff.h.sick_leave"),
    Line(
        "scorecard",
        "scorecard",
        (
            "scorecard_achieved_count",
            "scorecard_partly_count",
            "scorecard_not_achieved_count",
            "scorecard_not_stated_count",
        ),
        "scorecard.h.counts",
    ),
    Line(
        "assignments",
        "assignments",
        (
            "assignments_count",
            "assignments_completed_count",
            "assignments_in_progress_count",
            "assignments_postponed_count",
            "assignments_carried_over_count",
        ),
        "assignments.h.counts",
    ),
    Line("quality", "data_quality", ("findings_error", "findings_warning"), "quality.findings"),
)

#: The table of a chapter whose deviations the "deviations" line shows -> its heading.
_DEVIATION_SECTIONS = {"result_by_business_area": "costs.business_area.heading"}


def record_path(year: int, reports_dir: str | Path = "", month: int = ANNUAL) -> Path:
    """``reports/<year>/chapters.json`` (of ``reports_dir``, default the project's reports); a
    period's ``reports/<year>-<MM>/chapters.json``."""
    return paths.chapter_record(reports_dir or paths.reports_dir(), Period(int(year), int(month)).folder)


def load(year: int, reports_dir: str | Path = "", month: int = ANNUAL) -> dict:
    """The record of the report's chapters; an empty record (no chapters) if none was written."""
    path = record_path(year, reports_dir, month)
    if not path.is_file():
        return {"year": int(year), "chapters": []}
    return json.loads(path.read_text(encoding="utf-8"))


def anchor(heading: str) -> str:
    """The id nbconvert gives a Markdown heading: spaces to ``-``, then URL-quoted."""
    return heading_id(heading)


def recorded(record: dict) -> list[tuple[str, list[dict]]]:
    """``(chapter, key figures)`` of every chapter of the record that succeeded: what the
    summary's commentary may cite (:func:`analysis.chapters.common.finish`)."""
    return [(c["name"], c.get("figures") or []) for c in record.get("chapters", []) if c.get("status") == "ok"]


def _chapters(record: dict) -> dict[str, dict]:
    return {c.get("name"): c for c in record.get("chapters", [])}


def _figures(entry: dict) -> dict[str, dict]:
    return {f.get("key"): f for f in entry.get("figures", [])}


def _section(line: Line, figures: dict[str, dict]) -> str:
    """The heading key a line links to (the deviations line: of the table they come from)."""
    if line.key == "deviations":
        table = (figures.get("deviation_table") or {}).get("value")
        return _DEVIATION_SECTIONS.get(str(table), line.section)
    return line.section


def _not_available(line: Line, entry: dict | None, lang: str) -> dict:
    """A line whose chapter did not succeed: the reason, no figures."""
    if entry is None:
        reason = t("summary.reason.no_chapter", lang)
        title = line.chapter
    else:
        reason = entry.get("reason") or t(f"summary.status.{_status(entry)}", lang)
        title = entry.get("title") or line.chapter
    return {
        "key": line.key,
        "topic": t(f"summary.topic.{line.key}", lang),
        "text": t("summary.not_available", lang),
        "change": "",
        "chapter": title,
        "href": None,
        "reason": reason,
        "values": {},
    }


def _status(entry: dict) -> str:
    status = str(entry.get("status") or "missing")
    return status if status in ("failed", "skipped", "missing") else "missing"


def _fields(line: Line, figures: dict[str, dict], lang: str) -> dict[str, str]:
    """The figures of a line as text (as recorded; a figure not recorded or empty: –)."""
    return {key: format_figure(figures.get(key) or {"value": None}, lang) for key in line.figures}


def summary_line(line: Line, record: dict, lang: str) -> dict:
    """One line: topic, text with the recorded figures, change, chapter and link (or the
    reason it is not available)."""
    entry = _chapters(record).get(line.chapter)
    if entry is None or entry.get("status") != "ok":
        return _not_available(line, entry, lang)
    figures = _figures(entry)
    main = figures.get(line.figures[0])
    if main is None or main.get("value") is None:
        budgetless = line.key == "deviations" and (figures.get("has_budget") or {}).get("value") is False
        text = t("summary.no_budget", lang) if budgetless else t("summary.no_figure", lang)
    else:
        text = t(f"summary.line.{line.key}", lang, **_fields(line, figures, lang)) + _period_text(line, figures, lang)
    change = change_of(main, list(figures.values()), lang) if main else None
    heading = t(_section(line, figures), lang, year=record.get("year", ""))
    return {
        "key": line.key,
        "topic": t(f"summary.topic.{line.key}", lang),
        "text": text,
        "change": _change_text(change),
        "chapter": entry.get("title") or line.chapter,
        "href": f"{entry.get('href')}#{anchor(heading)}" if entry.get("href") else None,
        "reason": None,
        "values": {key: (figures.get(key) or {}).get("value") for key in line.figures},
    }


def _signed(figure: dict | None, lang: str) -> str:
    """A recorded change as shown, with its sign (–: not recorded)."""
    value = (figure or {}).get("value")
    text = format_figure(figure or {"value": None}, lang)
    return "+" + text if isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0 else text


def _period_text(line: Line, figures: dict[str, dict], lang: str) -> str:
    """The change since the first year with a value that the chapter recorded for the line's
    :attr:`Line.period` stems ("; sedan 2019: +31,6 %, i genomsnitt +14,7 % per år (…)"), or ''."""
    first = lambda stem: (figures.get(f"{stem}_first_year") or {}).get("value")
    percent = lambda stem: figures.get(f"{stem}_since_first_percent")
    rate = lambda stem: figures.get(f"{stem}_average_rate_percent")
    if not line.period or first(line.period[0]) is None or (percent(line.period[0]) or {}).get("value") is None:
        return ""
    main, *others = line.period
    fields = lambda stem: {"percent": _signed(percent(stem), lang), "rate": _signed(rate(stem), lang)}
    text = "; " + t("summary.period.since", lang, first=first(main), **fields(main))
    beside = [
        t(f"summary.period.{stem}", lang, **fields(stem))
        for stem in others
        if first(stem) == first(main) and (percent(stem) or {}).get("value") is not None
    ]
    return text + (f" ({'; '.join(beside)})" if beside else "")


def _change_text(change: dict | None) -> str:
    """The recorded change as shown: its text, and its period where the chapter recorded one."""
    if not change or not change.get("text"):
        return ""
    return f"{change['text']} ({change['period']})" if change.get("period") else change["text"]


def lines(record: dict, lang: str) -> list[dict]:
    """Every line of the summary, in :data:`LINES` order."""
    return [summary_line(line, record, lang) for line in LINES]


def table_html(rows: list[dict], lang: str) -> str:
    """The summary as an HTML table; every text from the record is escaped."""
    head = "".join(f"<th scope='col'>{html.escape(t(f'summary.col.{c}', lang))}</th>" for c in _COLUMNS)
    body = []
    for row in rows:
        chapter = html.escape(row["chapter"])
        link = f"<a href='{html.escape(row['href'])}'>{chapter}</a>" if row["href"] else chapter
        text = html.escape(row["text"])
        if row["reason"]:
            text = f"<span class='not-available'>{text}</span>: {html.escape(row['reason'])}"
        cells = [f"<th scope='row'>{html.escape(row['topic'])}</th>", f"<td>{text}</td>"]
        cells += [f"<td>{html.escape(row['change'])}</td>", f"<td>{link}</td>"]
        body.append(f"<tr data-line='{html.escape(row['key'])}'>{''.join(cells)}</tr>")
    caption = html.escape(t("summary.caption", lang))
    return (
        f"<table class='summary'><caption>{caption}</caption><thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(body)}</tbody></table>"
    )


_COLUMNS = ("topic", "figure", "change", "chapter")


def intro(record: dict, lang: str) -> str:
    """One sentence: how many of the year's chapters the summary could draw on."""
    entries = record.get("chapters", [])
    ok = sum(1 for e in entries if e.get("status") == "ok")
    return t("summary.intro", lang, ok=ok, total=len(entries), year=record.get("year", ""))


def key_figures(rows: list[dict], lang: str) -> list[KeyFigure]:
    """The figures the summary showed, recorded again under ``<line>.<figure>`` keys, not as
    headlines (the index shows the chapters' own): a program can check them against the
    chapters' records."""
    figures = [KeyFigure("lines_available", t("summary.kf.lines_available", lang), sum(not r["reason"] for r in rows))]
    for row in rows:
        for key, value in row["values"].items():
            figures.append(KeyFigure(f"{row['key']}.{key}", f"{row['topic']}: {key}", value, headline=False))
    return figures


def status_html(record: dict, lang: str) -> str:
    """The year's chapters with their status and a link to each page that exists."""
    rows = []
    for entry in record.get("chapters", []):
        title = html.escape(str(entry.get("title") or entry.get("name")))
        link = f"<a href='{html.escape(entry['href'])}'>{title}</a>" if entry.get("href") else title
        status = "ok" if entry.get("status") == "ok" else _status(entry)
        note = t(f"summary.status.{status}", lang)
        if entry.get("reason"):
            note = f"{note}: {entry['reason']}"
        rows.append(f"<tr><td>{link}</td><td>{html.escape(note)}</td></tr>")
    head = "".join(f"<th scope='col'>{html.escape(t(f'summary.col.{c}', lang))}</th>" for c in ("chapter", "status"))
    return (
        f"<table class='chapter-status'><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
        if rows
        else f"<p class='note missing'>{html.escape(t('summary.no_record', lang))}</p>"
    )


def show(record: dict, lang: str) -> None:
    """Display the summary table."""
    from IPython.display import HTML, display

    display(HTML(table_html(lines(record, lang), lang)))


def show_status(record: dict, lang: str) -> None:
    """Display the chapters' status table."""
    from IPython.display import HTML, display

    display(HTML(status_html(record, lang)))
