"""What makes a page's notebook body meet WCAG 2.1 AA where nbconvert and pandas leave it
short: each table in a keyboard-focusable, labelled region that scrolls by itself (1.4.10
Reflow: the page never scrolls sideways at 320 px; 2.1.1 Keyboard), row headers as
``<th scope="row">`` and column headers with ``scope="col"`` (1.3.1), and each chart's
values as a table under it (1.1.1), collapsed in ``<details>``.

Everything here works on HTML that is already escaped; text it adds is escaped.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping

_TABLE = re.compile(r"<table\b[^>]*>.*?</table\s*>", re.IGNORECASE | re.DOTALL)
_CAPTION = re.compile(r"<caption\b[^>]*>(.*?)</caption\s*>", re.IGNORECASE | re.DOTALL)
_HEADING = re.compile(r"<h[1-6]\b[^>]*>(.*?)</h[1-6]\s*>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]*>")
_ANCHOR_LINK = re.compile(r"<a\b[^>]*\banchor-link\b[^>]*>.*?</a\s*>", re.IGNORECASE | re.DOTALL)
_TBODY = re.compile(r"(<tbody\b[^>]*>)(.*?)(</tbody\s*>)", re.IGNORECASE | re.DOTALL)
_THEAD = re.compile(r"(<thead\b[^>]*>)(.*?)(</thead\s*>)", re.IGNORECASE | re.DOTALL)
_FIRST_TD = re.compile(r"(<tr\b[^>]*>\s*)<td\b([^>]*)>(.*?)</td\s*>", re.IGNORECASE | re.DOTALL)
_TH_NO_SCOPE = re.compile(r"<th\b(?![^>]*\bscope=)", re.IGNORECASE)


def _text(fragment: str) -> str:
    return " ".join(html.unescape(_TAG.sub("", _ANCHOR_LINK.sub("", fragment))).split())


def wrap_tables(body: str, fallback: str) -> str:
    """Put every table in ``<div class="table-scroll" role="region" tabindex="0"
    aria-label=…>``, labelled by its caption, else by the heading above it, else
    ``fallback``; labels are made unique with a number."""
    headings = [(m.start(), _text(m.group(1))) for m in _HEADING.finditer(body)]
    used: dict[str, int] = {}

    def wrap(match: re.Match) -> str:
        caption = _CAPTION.search(match.group(0))
        label = _text(caption.group(1)) if caption else ""
        if not label:
            above = [text for start, text in headings if start < match.start() and text]
            label = above[-1] if above else fallback
        used[label] = used.get(label, 0) + 1
        if used[label] > 1:
            label = f"{label} ({used[label]})"
        quoted = html.escape(label, quote=True)
        return f'<div class="table-scroll" role="region" tabindex="0" aria-label="{quoted}">{match.group(0)}</div>'

    return _TABLE.sub(wrap, body)


def header_scopes(body: str) -> str:
    """``scope="col"`` on column headers; in a table body whose rows have no header cell,
    the first cell of each row becomes ``<th scope="row">``; a header cell in a table body
    without a scope gets ``scope="row"``."""

    def head(match: re.Match) -> str:
        return match.group(1) + _TH_NO_SCOPE.sub('<th scope="col"', match.group(2)) + match.group(3)

    def rows(match: re.Match) -> str:
        inner = match.group(2)
        if "<th" not in inner.lower():
            inner = _FIRST_TD.sub(r'\1<th scope="row"\2>\3</th>', inner)
        return match.group(1) + _TH_NO_SCOPE.sub('<th scope="row"', inner) + match.group(3)

    return _TBODY.sub(rows, _THEAD.sub(head, body))


def accessible_body(body: str, table_label: str) -> str:
    """A notebook body with its tables wrapped and their headers scoped."""
    return wrap_tables(header_scopes(body), table_label)


def values_table(values: Mapping) -> str:
    """A chart's values (:func:`analysis.presentation.chart_values.chart_values`) as a
    ``<details>`` with a table, every text escaped."""
    esc = html.escape
    head = "".join(f'<th scope="col">{esc(str(c))}</th>' for c in values.get("columns", []))
    body = "".join(
        "<tr>"
        + "".join(
            f'<th scope="row">{esc(str(c))}</th>' if i == 0 else f'<td class="num">{esc(str(c))}</td>'
            for i, c in enumerate(row)
        )
        + "</tr>"
        for row in values.get("rows", [])
    )
    return (
        f'<details class="chart-values"><summary>{esc(str(values.get("summary", "")))}</summary>'
        f'<table class="chart-values"><caption>{esc(str(values.get("caption", "")))}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></details>"
    )
