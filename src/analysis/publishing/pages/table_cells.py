"""How a page lays out its tables and charts for every width, on screen and on paper.

- **Alignment.** A column whose cells are numbers (``-4,8``, ``+42 %``, ``3 128 h``,
  ``9,60 (6,85–13,46)``; a ``–`` counts as neither) is right-aligned, header included
  (``class="num"``); every other column (text, a mix of text and numbers, years) is
  left-aligned. The stylesheet makes that win over a ``Styler``'s rules per cell, so that a
  page says the same in every table.
- **Long tables** (more than :data:`LONG_TABLE_ROWS` rows) may break between rows in
  print (``class="long-table"``; their header repeats); shorter ones stay whole.
- **Charts.** A chart is a PNG drawn by matplotlib (:mod:`analysis.presentation.charts`) at
  the dpi its ``pHYs`` chunk records; its smallest text is :data:`CHART_TEXT_PT` points.
  Shown narrower than the width at which that text is :data:`MIN_CHART_TEXT_PX` CSS px,
  the text could not be read, so a chart never is: it keeps that width
  (``min-width``) and scrolls sideways in a labelled, focusable region of its own
  where the page is narrower (:func:`chart_min_width`).
"""

from __future__ import annotations

import base64
import binascii
import html
import math
import re
import struct

#: The smallest text of a chart, in points (bar labels: ``fontsize=7`` in presentation.charts).
CHART_TEXT_PT = 7.0
#: The smallest chart text a reader is shown, in CSS px.
MIN_CHART_TEXT_PX = 9.0
#: A table with more body rows than this may break across pages in print.
LONG_TABLE_ROWS = 12

_TABLE = re.compile(r"<table\b[^>]*>.*?</table\s*>", re.IGNORECASE | re.DOTALL)
_TABLE_OPEN = re.compile(r"<table\b([^>]*)>", re.IGNORECASE)
_ROW = re.compile(r"<tr\b[^>]*>.*?</tr\s*>", re.IGNORECASE | re.DOTALL)
_CELL = re.compile(r"<(td|th)\b([^>]*)>(.*?)</\1\s*>", re.IGNORECASE | re.DOTALL)
_THEAD = re.compile(r"<thead\b.*?</thead\s*>", re.IGNORECASE | re.DOTALL)
_TBODY = re.compile(r"<tbody\b.*?</tbody\s*>", re.IGNORECASE | re.DOTALL)
_CLASS = re.compile(r'\bclass="([^"]*)"', re.IGNORECASE)
_COLSPAN = re.compile(r'\bcolspan="?(\d+)', re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")
_NUMBER = re.compile(
    r"^[+\-−±]?\d[\d\s\u00a0\u202f]*(?:[,.]\d+)?"
    r"(?:\s*(?:%|mnkr|mkr|tkr|kr|st|h|procentenheter|p\.e\.))?"
    r"(?:\s*\(\s*[+\-−]?\d[\d\s\u00a0\u202f]*(?:[,.]\d+)?\s*[–-]\s*[+\-−]?\d[\d\s\u00a0\u202f]*(?:[,.]\d+)?\s*\))?"
    r"\s*[*†‡]*$"
)
_YEAR = re.compile(r"^(19|20)\d\d$")
_NEITHER = frozenset({"", "–", "-", "—", "…", "..", "n/a"})
_IMG = re.compile(r'<img\b[^>]*\bsrc="data:image/png;base64,([^"]+)"[^>]*>', re.IGNORECASE)
_ALT = re.compile(r'\balt="([^"]*)"', re.IGNORECASE)


def _text(cell: str) -> str:
    return " ".join(html.unescape(_TAG.sub("", cell)).split())


def is_number(text: str) -> bool:
    """Whether a cell's text is a number as the pages print them."""
    return bool(_NUMBER.match(text.strip()))


def _add_class(attrs: str, name: str) -> str:
    found = _CLASS.search(attrs)
    if found:
        classes = found.group(1).split()
        if name in classes:
            return attrs
        return attrs[: found.start()] + f'class="{" ".join([*classes, name])}"' + attrs[found.end() :]
    return f'{attrs} class="{name}"'


def _cells(row: str) -> list[tuple[int, re.Match]]:
    """The cells of a row with the column each starts in."""
    out, column = [], 0
    for cell in _CELL.finditer(row):
        out.append((column, cell))
        span = _COLSPAN.search(cell.group(2))
        column += int(span.group(1)) if span else 1
    return out


def _numeric_columns(table: str) -> set[int]:
    """The columns whose body cells (``<td>``) are all numbers or empty, one at least a number,
    and not all years (a column of years labels its rows: ``År``, ``Fortsätter år``)."""
    seen: dict[int, list[bool]] = {}
    texts: dict[int, list[str]] = {}
    for body in _TBODY.findall(table) or [table]:
        for row in _ROW.findall(body):
            for column, cell in _cells(row):
                if cell.group(1).lower() != "td":
                    continue
                text = _text(cell.group(3))
                if text.lower() not in _NEITHER:
                    seen.setdefault(column, []).append(is_number(text))
                    texts.setdefault(column, []).append(text)
    years = {column for column, found in texts.items() if all(_YEAR.match(text) for text in found)}
    return {column for column, found in seen.items() if found and all(found) and column not in years}


def _mark_rows(fragment: str, numeric: set[int], header: bool) -> str:
    def row(match: re.Match) -> str:
        text, out, last = match.group(0), [], 0
        for column, cell in _cells(text):
            span = _COLSPAN.search(cell.group(2))
            if column not in numeric or (span and int(span.group(1)) > 1):
                continue
            if not header and cell.group(1).lower() != "td":
                continue
            attrs = _add_class(cell.group(2), "num")
            out += [text[last : cell.start()], f"<{cell.group(1)}{attrs}>{cell.group(3)}</{cell.group(1)}>"]
            last = cell.end()
        return "".join(out) + text[last:]

    return _ROW.sub(row, fragment)


def _lay_out(table: str) -> str:
    numeric = _numeric_columns(table)
    if numeric:
        table = _THEAD.sub(lambda m: _mark_rows(m.group(0), numeric, header=True), table)
        table = _TBODY.sub(lambda m: _mark_rows(m.group(0), numeric, header=False), table)
    rows = sum(len(_ROW.findall(body)) for body in _TBODY.findall(table))
    if rows > LONG_TABLE_ROWS:
        table = _TABLE_OPEN.sub(lambda m: f"<table{_add_class(m.group(1), 'long-table')}>", table, count=1)
    return table


def lay_out_tables(body: str) -> str:
    """Every table of ``body`` with its number columns marked and, if long, breakable in print."""
    return _TABLE.sub(lambda m: _lay_out(m.group(0)), body)


def png_size(data: bytes) -> tuple[int, float | None]:
    """A PNG's width in pixels and its resolution in dots per inch (None without ``pHYs``)."""
    if data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        return 0, None
    width = struct.unpack(">I", data[16:20])[0]
    found = data.find(b"pHYs", 0, 4096)
    if found < 0:
        return width, None
    per_x, _per_y, unit = struct.unpack(">IIB", data[found + 4 : found + 13])
    return width, (per_x * 0.0254 if unit == 1 and per_x else None)


def chart_min_width(data: bytes) -> int | None:
    """The narrowest CSS width (px) at which the chart's smallest text is still
    :data:`MIN_CHART_TEXT_PX`: at ``w`` px, text of ``p`` points drawn at ``dpi`` is
    ``p · dpi/72 · w/width`` px. None for a picture without its resolution."""
    width, dpi = png_size(data)
    if not width or not dpi:
        return None
    drawn_px = CHART_TEXT_PT * dpi / 72
    return min(width, math.ceil(width * MIN_CHART_TEXT_PX / drawn_px))


def chart_regions(body: str, fallback: str) -> str:
    """Every PNG chart of ``body`` kept at its :func:`chart_min_width` and put in a region
    that scrolls sideways where the page is narrower, labelled by the chart's alt text."""

    def region(match: re.Match) -> str:
        head = match.group(1)[:8192]  # IHDR and pHYs come before the picture's data
        try:
            minimum = chart_min_width(base64.b64decode(head + "=" * (-len(head) % 4)))
        except (binascii.Error, struct.error):
            minimum = None
        if minimum is None:
            return match.group(0)
        alt = _ALT.search(match.group(0))
        label = alt.group(1) if alt and alt.group(1) else html.escape(fallback, quote=True)
        attrs = _add_class(match.group(0)[4:-1].rstrip("/ "), "chart")
        img = f'<img{attrs} style="min-width: {minimum}px">'
        return f'<div class="chart-scroll" role="region" tabindex="0" aria-label="{label}">{img}</div>'

    return _IMG.sub(region, body)
