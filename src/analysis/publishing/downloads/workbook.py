"""A chapter's tables as an Excel workbook (``reports/<year>/<chapter>.xlsx``), read from the
published chapter page, so that the workbook shows exactly what the page shows.

One sheet per table, named by its caption or the heading above it; numbers as numbers
with a Swedish display format (Excel shows ``# ##0,0`` in a Swedish locale) and the unit
(``mnkr``, ``%``) moved into the column header; the table's own source column, or a
``Källa`` column from the facts (file:line of a reported figure, the formula of a derived
one). No cell is a formula: every text is written as a string cell, and a text that
begins with ``=``, ``+``, ``-`` or ``@`` (formula injection) also gets Excel's quote
prefix, so that Excel shows it as text and never runs it, not even after an edit.
"""

from __future__ import annotations

import re
from pathlib import Path

from analysis.publishing.pages.page_tables import Table

#: Units a printed value may carry after its number, as they go into the header.
UNITS = {"mnkr": "mnkr", "msek": "MSEK", "%": "%", "tkr": "tkr", "h": "h", "st": "st"}
_NUMBER = re.compile(
    r"^([+\-−]?)(\d{1,3}(?:[\s\u00a0\u202f]\d{3})+|\d+)(?:,(\d+))?(?:[\s\u00a0\u202f]*(mnkr|MSEK|msek|%|tkr|h|st))?[\s\u00a0\u202f]*[*†‡]*$"
)
_INVALID_SHEET = re.compile(r"[\[\]:*?/\\]")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def parse_number(text: str) -> tuple[float, int, str] | None:
    """``-4,8 mnkr`` → (-4.8, 1 decimal, 'mnkr'); None for anything that is not one number."""
    match = _NUMBER.match(text.strip())
    if not match:
        return None
    sign, whole, decimals, unit = match.groups()
    value = float(re.sub(r"[\s\u00a0\u202f]", "", whole) + ("." + decimals if decimals else ""))
    return (-value if sign in ("-", "−") else value), len(decimals or ""), UNITS.get((unit or "").lower(), unit or "")


def as_text(row) -> None:
    """Make every text cell of ``row`` a string cell (openpyxl would store a text that
    begins with ``=`` as a formula); one that Excel would read as a formula when edited
    also gets Excel's quote prefix (shown as ``'=…`` in the formula bar)."""
    for cell in row:
        if isinstance(cell.value, str):
            cell.data_type = "s"
            if cell.value.startswith(FORMULA_START):
                cell.quotePrefix = True


def number_format(decimals: int) -> str:
    return "#,##0" + ("." + "0" * decimals if decimals else "")


def sheet_name(title: str, used: set[str]) -> str:
    base = _INVALID_SHEET.sub(" ", title).strip().strip("'")[:31] or "Tabell"
    name, n = base, 2
    while name.lower() in used:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(name.lower())
    return name


def _columns(table: Table) -> list[tuple[str, bool, int, str]]:
    """Per column: header with unit, whether numeric, decimals, unit (a unit the caption
    names, ``…, mnkr``, for numeric columns that carry none of their own)."""
    out = []
    named = re.search(r"\b(mnkr|MSEK|tkr)\b", table.caption)
    for i, head in enumerate(table.header):
        cells = [r[i] for r in table.rows if i < len(r) and r[i] not in ("", "–", "-")]
        parsed = [parse_number(c) for c in cells]
        numeric = i > 0 and bool(parsed) and all(p is not None for p in parsed)
        units = {p[2] for p in parsed if p and p[2]} if numeric else set()
        unit = units.pop() if len(units) == 1 else ""
        if numeric and not unit and named and "%" not in head:
            unit = named.group(1)
        decimals = max((p[1] for p in parsed if p), default=0) if numeric else 0
        label = f"{head} ({unit})" if unit and unit not in head else head
        out.append((label, numeric, decimals, unit))
    return out


def write_workbook(tables: list[Table], target: Path, source_label: str, sources=None) -> Path | None:
    """Write ``tables`` to ``target`` (atomically); ``sources(label) -> str`` fills a source
    column for a table without one. None (and no file) for a page without tables."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    tables = [t for t in tables if t.header and t.rows]
    if not tables:
        return None
    book = Workbook()
    book.remove(book.active)
    used: set[str] = set()
    for table in tables:
        sheet = book.create_sheet(sheet_name(table.title, used))
        columns = _columns(table)
        has_source = any(re.search(r"källa|source", h, re.IGNORECASE) for h in table.header)
        header = [c[0] for c in columns] + ([] if has_source or sources is None else [source_label])
        sheet.append(header)
        as_text(sheet[1])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in table.rows:
            values = []
            for i, text in enumerate(row):
                numeric = i < len(columns) and columns[i][1]
                parsed = parse_number(text) if numeric else None
                values.append(parsed[0] if parsed else None if numeric and text in ("–", "-") else text or None)
            if not has_source and sources is not None:
                values.append(sources(row[0] if row else ""))
            sheet.append(values)
            as_text(sheet[sheet.max_row])
            for i, cell in enumerate(sheet[sheet.max_row]):
                if i < len(columns) and columns[i][1] and isinstance(cell.value, float):
                    cell.number_format = number_format(columns[i][2])
        sheet.freeze_panes = "B2"
        for i, label in enumerate(header, start=1):
            sheet.column_dimensions[sheet.cell(1, i).column_letter].width = min(max(12, len(label) + 2), 60)
    return _save(book, Path(target))


def _save(book, target: Path) -> Path:
    import os
    import tempfile

    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    try:
        book.save(tmp)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def write_figures(table: Table, rows: list[dict], target: Path) -> Path:
    """The key figures of all years as one sheet: numbers as numbers, text as text."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = sheet_name(table.title, set())
    sheet.append(table.header)
    as_text(sheet[1])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([v if isinstance(v, (int, float)) and not isinstance(v, bool) else str(v) for v in row.values()])
        as_text(sheet[sheet.max_row])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, float):
                cell.number_format = "#,##0.0##"
    sheet.freeze_panes = "A2"
    return _save(book, Path(target))
