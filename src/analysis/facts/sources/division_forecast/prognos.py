"""The division's own full-year forecast ``<year>/prognos.csv`` (contract in
``data/raw/README.md``, "Prognos"): what the division forecasts the year's costs to be, made
at a period report (the tertial, April; the delårsrapport, August), one row per period, level
and name,

``Period;Nivå;Namn;Prognos (kr)`` and optionally ``Kommentar``

``Period`` ``YYYYMM``, the month the forecast was made for (the period report's last month),
in the folder's year; ``Nivå`` ``Kostnadsslag`` (or ``Kostnadslag``, as the reports spell
it) or ``Verksamhetsområde``; ``Namn`` one of the five cost types of ``kontoplan.csv``
(:data:`~analysis.facts.sources.ledger.mapping.COST_TYPES`) or a business area as
``ansvar.csv`` names it (any text: the period chapter compares it); ``Prognos (kr)`` the
full-year forecast in kronor, costs positive, at most two decimals (öre), Swedish or plain
numbers, an optional ``kr``. A cost type's forecast is never negative (its accounts are
costs); a business area's may be (its income above its costs). Anything else stops the
cleaning with one line naming file, line, column and value.

What it adds to the cleaning: the processed table ``division_forecast`` (the rows, typed,
in MSEK), no facts and no findings.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from analysis.exceptions import RawDataError
from analysis.facts.numbers import NotANumber, parse_number
from analysis.facts.schema import typed
from analysis.facts.sources.exports import Export, ExportResult
from analysis.facts.sources.ledger.mapping import COST_TYPES
from analysis.facts.sources.reading import RawRow, RawTable, read_raw

FILE = "prognos.csv"
STEM = "division_forecast"
REQUIRED = ("Period", "Nivå", "Namn", "Prognos (kr)")
COMMENT = "Kommentar"
#: ``Nivå`` (case and spaces aside) -> ``level``.
LEVELS = {"kostnadsslag": "cost_type", "kostnadslag": "cost_type", "verksamhetsområde": "business_area"}
MSEK = 1_000_000
TABLE_COLUMNS = {
    **{"report_year": "int64", "period": "int64", "month": "int64", "level": "str", "name": "str"},
    **{"forecast_msek": "float64", "comment": "str", "source": "str"},
}


def _key(text: object) -> str:
    return " ".join(str(text).split()).casefold()


def _columns(raw: RawTable) -> dict[str, str]:
    """The file's header name of each contract column (``Kommentar`` only where it is there);
    an unknown or missing column stops."""
    known = {_key(h): h for h in (*REQUIRED, COMMENT)}
    found = {}
    for name in raw.header:
        if _key(name) not in known:
            problem = f"unknown column: the header is {';'.join(REQUIRED)}, optionally ;{COMMENT}"
            raise RawDataError(raw.path, problem, line=1, column=name, value=";".join(raw.header))
        found[known[_key(name)]] = name
    for name in REQUIRED:
        if name not in found:
            raise RawDataError(raw.path, "missing column", line=1, column=name, value=";".join(raw.header))
    return found


def _text(raw: RawTable, row: RawRow, column: str) -> str:
    """A required cell, spaces collapsed; an empty one stops."""
    cell = row.cells[column]
    value = " ".join(str(cell).split())
    if not value:
        raise RawDataError(raw.path, "empty cell", line=row.line, column=column, value=cell)
    return value


def _period(raw: RawTable, row: RawRow, column: str, year: int) -> tuple[int, int]:
    """``(YYYYMM, month)`` of a ``Period`` cell in the folder's year."""
    text = _text(raw, row, column)
    match = re.fullmatch(r"(\d{4})(0[1-9]|1[0-2])", text)
    if match is None or int(match[1]) != year:
        problem = "Period must be YYYYMM" if match is None else f"a period outside the folder's year {year}"
        raise RawDataError(raw.path, problem, line=row.line, column=column, value=text)
    return int(text), int(match[2])


def _level_and_name(raw: RawTable, row: RawRow, names: dict[str, str]) -> tuple[str, str]:
    """``level`` and the name: a cost type as ``kontoplan.csv`` spells it, a business area as written."""
    level_text = _text(raw, row, names["Nivå"])
    level = LEVELS.get(_key(level_text))
    if level is None:
        problem = "Nivå must be Kostnadsslag or Verksamhetsområde"
        raise RawDataError(raw.path, problem, line=row.line, column=names["Nivå"], value=level_text)
    name = _text(raw, row, names["Namn"])
    if level == "business_area":
        return level, name
    types = {_key(c): c for c in COST_TYPES}
    if _key(name) not in types:
        problem = f"unknown cost type; the cost types are {', '.join(COST_TYPES)}"
        raise RawDataError(raw.path, problem, line=row.line, column=names["Namn"], value=name)
    return level, types[_key(name)]


def _kronor(raw: RawTable, row: RawRow, column: str, level: str) -> float:
    """The forecast in kr (to the öre); a cost type's never negative."""
    text = _text(raw, row, column)

    def bad(problem: str) -> RawDataError:
        return RawDataError(raw.path, problem, line=row.line, column=column, value=text)

    try:
        parsed = parse_number(text)
    except NotANumber:
        parsed = None
    if parsed is None or re.search(r"\d", parsed.unit or ""):  # 95.000.000: a point is no thousands separator
        raise bad("not a number")
    if parsed.unit is not None and parsed.unit.lower() != "kr":
        raise bad("the forecast is in kr")
    if parsed.decimals > 2:
        raise bad("more than two decimals: kronor to the öre (a point is never a thousands separator)")
    if parsed.value < 0 and level == "cost_type":
        raise bad("a negative forecast of a cost type: costs are positive")
    return parsed.value


def _row(raw: RawTable, year: int, row: RawRow, names: dict[str, str]) -> dict:
    """One row of ``division_forecast`` (and its file line) from a file row, every cell checked."""
    for column in REQUIRED:
        _text(raw, row, names[column])  # an empty cell stops first, whichever it is
    period, month = _period(raw, row, names["Period"], year)
    level, name = _level_and_name(raw, row, names)
    kronor = _kronor(raw, row, names["Prognos (kr)"], level)
    comment = " ".join(str(row.cells[names[COMMENT]]).split()) if COMMENT in names else ""
    return {"period": period, "month": month, "level": level, "name": name, "kr": kronor, "comment": comment}


def parse(raw: RawTable, year: int) -> pd.DataFrame:
    """The rows as read (``period``, ``month``, ``level``, ``name``, ``kr``, ``comment``,
    ``line``); the same period, level and name twice stops, naming both lines."""
    names = _columns(raw)
    rows, seen = [], {}
    for row in raw.rows:
        out = {**_row(raw, year, row, names), "line": row.line}
        key = (out["period"], out["level"], _key(out["name"]))
        if key in seen:
            problem = f"the same Period, Nivå and Namn as line {seen[key]}"
            raise RawDataError(raw.path, problem, line=row.line, column=names["Namn"], value=out["name"])
        seen[key] = row.line
        rows.append(out)
    return pd.DataFrame(rows)


def forecast_table(rows: pd.DataFrame, year: int, name: str) -> pd.DataFrame:
    """The processed table ``division_forecast``: the rows typed, in MSEK, with their file line."""
    frame = rows.assign(
        report_year=year, forecast_msek=rows["kr"] / MSEK, source=[f"{name}:{line}" for line in rows["line"]]
    )
    return typed(frame, TABLE_COLUMNS)


def read(year: int, folder: Path, context: dict) -> ExportResult:
    """What ``<year>/prognos.csv`` adds to the cleaning of report ``year``: its table and its raw-file record."""
    path = next(p for p in Path(folder).iterdir() if p.is_file() and p.name.lower() == FILE)
    raw = read_raw(path)
    name = f"{year}/{path.name}"
    table = forecast_table(parse(raw, int(year)), int(year), name)
    record = {"report_year": int(year), "file": name, "table": STEM, "encoding": raw.encoding, "rows": len(raw.rows)}
    record.update(bytes=path.stat().st_size, sha256=raw.sha256, not_used="")
    return ExportResult(tables={STEM: table}, files=[record])


EXPORT = Export(files=(FILE,), tables={STEM: TABLE_COLUMNS}, read=read)
