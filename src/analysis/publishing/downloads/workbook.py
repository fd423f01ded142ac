"""A chapter's tables as an Excel workbook (``reports/<year>/<chapter>.xlsx``), read from the
published chapter page, so that the workbook shows exactly what the page shows.

One sheet per table, named by its caption or the heading above it in whole words (at most
Excel's 31 characters, unique in the workbook); numbers as numbers with a Swedish display
format (Excel shows ``# ##0,0`` in a Swedish locale), years as plain integers, and the unit
(``mnkr``, ``%``) in the column header: one unit per column, so that a column the page
fills with ``19,0 mnkr`` and ``8,7 %`` becomes a column per unit, and ``förändring -40 %
mot 2016`` a number with what it refers to beside it. The table's own source column, or a
``Källa`` column from the facts (file:line of the row a row names). Below the table, the
page's whole title where the sheet's name had to shorten it, its caption, and its footnotes
(``** Härlett: …``), which are also a comment on each cell that carries their marker. Column
widths fitted to the content.

No cell is a formula: every text is written as a string cell, and a text that begins with
``=``, ``+``, ``-`` or ``@`` (formula injection) also gets Excel's quote prefix, so that
Excel shows it as text and never runs it, not even after an edit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from analysis.publishing.pages.page_tables import Table
from analysis.texts import t

#: Units a printed value may carry after its number, as they go into the header.
UNITS = {"mnkr": "mnkr", "msek": "MSEK", "%": "%", "tkr": "tkr", "h": "h", "st": "st"}
_SPACE = r"[\s\u00a0\u202f]"
_QUANTITY = rf"([+\-−]?)(\d{{1,3}}(?:{_SPACE}\d{{3}})+|\d+)(?:,(\d+))?"
_UNIT = r"(mnkr|MSEK|msek|%|tkr|h|st)"
_NUMBER = re.compile(rf"^{_QUANTITY}(?:{_SPACE}*{_UNIT})?{_SPACE}*([*†‡]*)$")
#: A number with a unit inside words: ``förändring -40 % mot 2016``.
_QUALIFIED = re.compile(rf"^([^\d+\-−]+?){_SPACE}+{_QUANTITY}{_SPACE}*{_UNIT}(?:{_SPACE}+(.+))?$")
_YEAR = re.compile(r"^(19|20)\d\d$")
_INVALID_SHEET = re.compile(r"[\[\]:*?/\\]")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
MAX_SHEET = 31
#: Shorter words for a sheet name that would not fit, in the order they are tried.
_SHORTER = (
    (re.compile(r"\bverksamhetsområde(t)? \(?VO\)?", re.IGNORECASE), "VO"),
    (re.compile(r"\bverksamhetsområde(t)?\b", re.IGNORECASE), "VO"),
    (re.compile(r"\bjämfört med\b"), "mot"),
    (re.compile(r" och "), " & "),
)
#: Words a shortened sheet name does not end with.
_DANGLING = frozenset(
    "och & per mot som av för i på med till över om samt jämfört andra del än vid från efter under – - ,".split()
)
MISSING = ("", "–", "-")
MIN_WIDTH, MAX_WIDTH = 8, 60
#: A header longer than this wraps (when its column's values are narrower).
HEADER_WIDTH = 18


def parse_number(text: str) -> tuple[float, int, str] | None:
    """``-4,8 mnkr`` → (-4.8, 1 decimal, 'mnkr'); None for anything that is not one number."""
    match = _NUMBER.match(text.strip())
    if not match:
        return None
    sign, whole, decimals, unit, _marker = match.groups()
    return _value(sign, whole, decimals), len(decimals or ""), UNITS.get((unit or "").lower(), unit or "")


def parse_qualified(text: str) -> tuple[float, int, str, str] | None:
    """``förändring -40 % mot 2016`` → (-40.0, 0, '%', 'förändring mot 2016'): a number with
    a unit inside words; None for a plain number or any other text."""
    match = _QUALIFIED.match(text.strip())
    if not match:
        return None
    before, sign, whole, decimals, unit, after = match.groups()
    qualifier = " ".join(w for w in (before.strip(), (after or "").strip()) if w)
    if re.search(r"\d", re.sub(r"\b(19|20)\d\d\b", "", qualifier)):
        return None  # more numbers than one (and a year): a sentence, not a value
    return _value(sign, whole, decimals), len(decimals or ""), UNITS.get(unit.lower(), unit), qualifier


def _value(sign: str, whole: str, decimals: str | None) -> float:
    value = float(re.sub(_SPACE, "", whole) + ("." + decimals if decimals else ""))
    return -value if sign in ("-", "−") else value


def marker(text: str) -> str:
    """The footnote marker a cell ends with (``-5 †`` → ``†``), or ''."""
    found = re.search(r"[*†‡]+$", text.strip())
    return found.group(0) if found else ""


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


def sheet_name(title: str, used: set[str], caption: str = "") -> str:
    """A sheet name of whole words, at most 31 characters, without a trailing space, unique
    in ``used`` (compared as Excel does, ignoring case): the title, shortened where needed;
    a title already used gets words of its caption (``Över åren, förändring mellan år``),
    and only a name still taken a number."""
    base = _fit(_clean(title)) or "Tabell"
    name = base
    if name.lower() in used and _clean(caption):
        words = _clean(caption)
        name = _fit(f"{base}, {words[:1].lower() + words[1:] if words[1:2].islower() else words}")
    n = 2
    while name.lower() in used or not name:
        suffix = f" {n}"
        name, n = _fit(base, MAX_SHEET - len(suffix)) + suffix, n + 1
    used.add(name.lower())
    return name


def _clean(text: str) -> str:
    text = re.sub(r"\s*:\s+", ", ", text)
    return " ".join(_INVALID_SHEET.sub(" ", text).replace("'", " ").split())


def _fit(text: str, most: int = MAX_SHEET) -> str:
    """``text`` in at most ``most`` characters: shorter words first, then cut after a whole
    word, without a dangling word at the end."""
    for pattern, short in _SHORTER:
        if len(text) <= most:
            break
        shorter = pattern.sub(short, text)
        text = shorter if pattern.pattern != " och " or len(shorter) <= most else text
    if len(text) <= most:
        return text
    words = text[: most + 1].split(" ")[:-1] if text[most : most + 1] != " " else text[:most].split(" ")
    while words and (words[-1].lower() in _DANGLING or not words[-1].strip(",–-")):
        words.pop()
    return " ".join(words).rstrip(" ,") or text[:most].rstrip()


@dataclass
class Column:
    """A column of the sheet: from column ``index`` of the page's table, ``kind`` one of
    ``text``, ``number``, ``year`` or ``qualifier`` (the words around a number), with the
    ``unit`` its numbers have (one per column)."""

    index: int
    label: str
    kind: str = "text"
    unit: str = ""
    decimals: int = 0


def columns(table: Table, lang: str = "sv") -> list[Column]:
    """The sheet's columns of ``table``: a text column as it is; a numeric one split into a
    column per unit its cells carry (and one for the words around a qualified number)."""
    out: list[Column] = []
    named = re.search(r"\b(mnkr|MSEK|tkr)\b", table.caption)
    for i, head in enumerate(table.header):
        cells = [r[i] for r in table.rows if i < len(r) and r[i] not in MISSING]
        if cells and all(_YEAR.match(c) for c in cells):
            out.append(Column(i, head, "year"))
            continue
        parsed = [parse_number(c) or parse_qualified(c) for c in cells]
        if i == 0 or not cells or None in parsed or all(len(p) == 4 for p in parsed):
            out.append(Column(i, head))
            continue
        units = list(dict.fromkeys(p[2] for p in parsed))
        if units == [""] and named and "%" not in head:
            units = [named.group(1)]
        for unit in units:
            decimals = max((p[1] for p in parsed if p[2] == unit or len(units) == 1), default=0)
            label = f"{head} ({unit})" if unit and unit not in head else head
            out.append(Column(i, label, "number", unit, decimals))
        if any(len(p) == 4 for p in parsed):
            out.append(Column(i, t("download.col.qualifier", lang, column=head), "qualifier"))
    return out


def cell_value(column: Column, text: str, single: bool):
    """The value a sheet cell of ``column`` holds for the page's ``text`` (None for a cell
    that belongs to another unit's column, or for a missing value); ``single``: the only
    column made from the page's column."""
    if column.kind == "text":
        return text or None
    if column.kind == "year":
        return int(text) if _YEAR.match(text) else (None if text in MISSING else text)
    parsed = parse_number(text) or parse_qualified(text)
    if parsed is None:
        return None if text in MISSING else text
    if column.kind == "qualifier":
        return parsed[3] if len(parsed) == 4 else None
    return parsed[0] if single or parsed[2] == column.unit or (not parsed[2] and not column.unit) else None


def _numbers(row: list[str]) -> list[tuple[float, int]]:
    """The numbers a row of the page shows (value, decimals), for finding its source."""
    return [p[:2] for i, text in enumerate(row) if i > 0 for p in [parse_number(text) or parse_qualified(text)] if p]


def write_workbook(tables: list[Table], target: Path, source_label: str, sources=None, lang: str = "sv") -> Path | None:
    """Write ``tables`` to ``target`` (atomically); ``sources(label, numbers) -> str`` fills a
    source column for a table without one (``numbers``: the row's (value, decimals)). None
    (and no file) for a page without tables."""
    from openpyxl import Workbook

    tables = [tb for tb in tables if tb.header and tb.rows]
    if not tables:
        return None
    book = Workbook()
    book.remove(book.active)
    used: set[str] = set()
    for table in tables:
        sheet = book.create_sheet(sheet_name(table.title, used, table.caption))
        _fill(sheet, table, source_label, sources, lang)
    return _save(book, Path(target))


def _fill(sheet, table: Table, source_label: str, sources, lang: str) -> None:
    from openpyxl.comments import Comment

    cols = columns(table, lang)
    has_source = any(re.search(r"källa|source", h, re.IGNORECASE) for h in table.header)
    found = [sources(_label(row), _numbers(row)) for row in table.rows] if not has_source and sources else []
    add_source = any(found)  # a source column only where a row has a source
    _header(sheet, [c.label for c in cols] + ([source_label] if add_source else []))
    per_index = {c.index: sum(1 for d in cols if d.index == c.index and d.kind == "number") for c in cols}
    notes = {n.split(" ", 1)[0]: n for n in table.notes}
    for cell in sheet[1]:
        if marker(str(cell.value or "")) in notes:
            cell.comment = Comment(notes[marker(str(cell.value))], "")
    for n, row in enumerate(table.rows):
        values = [cell_value(c, row[c.index] if c.index < len(row) else "", per_index[c.index] <= 1) for c in cols]
        if add_source:
            values.append(found[n] or None)
        sheet.append(values)
        cells = sheet[sheet.max_row]
        as_text(cells)
        for column, cell in zip(cols, cells):
            text = row[column.index] if column.index < len(row) else ""
            if column.kind == "year" and isinstance(cell.value, int):
                cell.number_format = "0"
            elif column.kind == "number" and isinstance(cell.value, float):
                cell.number_format = number_format(column.decimals)
                if marker(text) in notes:
                    cell.comment = Comment(notes[marker(text)], "")
    _notes(sheet, [*_titles(table, sheet.title), *table.notes])
    sheet.freeze_panes = "B2"
    fit_widths(sheet)


def _label(row: list[str]) -> str:
    """The item a row names: its first cell without a sub-row dash or a footnote marker."""
    text = row[0] if row else ""
    return re.sub(r"\s*[*†‡]+$", "", re.sub(r"^[–-]\s+", "", text)).strip()


def _header(sheet, labels: list[str]) -> None:
    from openpyxl.styles import Alignment, Font

    sheet.append(labels)
    as_text(sheet[1])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def _titles(table: Table, name: str) -> list[str]:
    """What the page says above the table and the sheet's name does not: the whole title
    (of a name that had to be shortened) and the caption."""
    texts = [] if table.title in (name, "") else [table.title]
    return texts + ([table.caption] if table.caption and table.caption not in (table.title, name) else [])


def _notes(sheet, notes: list[str]) -> None:
    """Below the table, after an empty row: its title and caption where the sheet's name
    does not say them, and its footnotes as the page prints them."""
    from openpyxl.styles import Font

    if not notes:
        return
    sheet.append([])
    for note in notes:
        sheet.append([note])
        cell = sheet.cell(sheet.max_row, 1)
        as_text([cell])
        cell.font = Font(italic=True)


def _shown(cell) -> str:
    """About the text Excel shows for ``cell`` (for its column's width)."""
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    if cell.number_format == "0":
        return str(value)
    decimals = len(cell.number_format.partition(".")[2])
    return f"{value:,.{decimals}f}"


def fit_widths(sheet) -> None:
    """Each column as wide as its widest cell (a header longer than :data:`HEADER_WIDTH`
    wraps, long texts wrap at :data:`MAX_WIDTH`); the footnotes below the table are left out."""
    from openpyxl.styles import Alignment

    widths: dict[int, int] = {}
    for row in sheet.iter_rows(min_row=1, max_row=_table_end(sheet)):
        for cell in row:
            text = _shown(cell)
            if cell.row == 1:
                longest = min(len(text), max(HEADER_WIDTH, len(max(text.split(), key=len, default=""))))
            else:
                longest = len(text)
            widths[cell.column] = max(widths.get(cell.column, 0), longest)
            if cell.row > 1 and len(text) > MAX_WIDTH:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    for column, width in widths.items():
        letter = sheet.cell(1, column).column_letter
        sheet.column_dimensions[letter].width = min(max(MIN_WIDTH, width + 2), MAX_WIDTH)


def _table_end(sheet) -> int:
    """The last row of the table (before the empty row above the footnotes)."""
    for row in sheet.iter_rows(min_row=2):
        if all(c.value is None for c in row):
            return row[0].row - 1
    return sheet.max_row


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


def write_figures(title: str, header: list[str], rows: list[list], formats: list[list[str]], target: Path) -> Path:
    """The key figures of all years as one sheet: numbers as numbers (``formats``: the display
    format of each cell, '' for none), text as text, widths fitted."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = sheet_name(title, set())
    _header(sheet, header)
    for row, row_formats in zip(rows, formats):
        sheet.append([v if isinstance(v, (int, float)) and not isinstance(v, bool) else str(v) or None for v in row])
        cells = sheet[sheet.max_row]
        as_text(cells)
        for cell, fmt in zip(cells, row_formats):
            if fmt and isinstance(cell.value, (int, float)):
                cell.number_format = fmt
    sheet.freeze_panes = "A2"
    fit_widths(sheet)
    return _save(book, Path(target))
