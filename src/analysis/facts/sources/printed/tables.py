"""Cleaning: a raw export (as read) and its spec become tidy facts, one row per figure.

Values keep the sign as printed; money is scaled to MSEK and the printed value and unit
are kept beside it. Every structural problem raises RawDataError with file, line,
column and value.
"""

from __future__ import annotations

import re

import pandas as pd

from analysis.exceptions import RawDataError
from analysis.facts.catalog import KEY_FIGURE_COLUMNS, KEY_FIGURE_REQUIRED, UNIT_IN_HEADER, TableSpec, key_figure_domain
from analysis.facts.numbers import NotANumber, ParsedNumber, parse_number
from analysis.facts.schema import empty_facts, typed_facts
from analysis.facts.sources.printed.coded import coded_rows
from analysis.facts.sources.reading import RawTable
from analysis.facts.vocabulary import measure_code, unit_info


def clean_table(raw: RawTable, spec: TableSpec, report_year: int, source_name: str) -> pd.DataFrame:
    """Turn one raw export into facts (pure: reads nothing, writes nothing)."""
    if spec.coded:
        rows = coded_rows(raw, spec, report_year, source_name)
    elif spec.long_format:
        rows = _long_rows(raw, spec, report_year, source_name)
    else:
        rows = _wide_rows(raw, spec, report_year, source_name)
    if not rows:
        return empty_facts()
    return typed_facts(pd.DataFrame(rows))


def _find_column(raw: RawTable, pattern: str, what: str, required: bool = True) -> str | None:
    for header in raw.header:
        if re.fullmatch(pattern, " ".join(header.split()), flags=re.IGNORECASE):
            return header
    if not required:
        return None
    raise RawDataError(raw.path, f"missing required column: {what}", line=1, column=pattern, value=";".join(raw.header))


def _unit(raw: RawTable, text: str, line: int, column: str) -> tuple[str, float]:
    info = unit_info(text.split()[0]) if text.strip() else None
    if info is None:
        raise RawDataError(raw.path, "unknown unit", line=line, column=column, value=text)
    return info


def _number(raw: RawTable, cell: object, line: int, column: str) -> ParsedNumber | None:
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
        if pd.isna(cell):
            return None
        text = repr(cell)
        decimals = len(text.split(".")[1]) if "." in text and not text.endswith(".0") else 0
        return ParsedNumber(value=float(cell), decimals=decimals, unit=None)
    try:
        return parse_number(str(cell))
    except NotANumber:
        raise RawDataError(raw.path, "text where a number must be", line=line, column=column, value=cell) from None


def _fact(
    spec, raw, report_year, source_name, line, item, parent, measure, year, number, unit_text, column, **extra
) -> dict:
    unit_text = number.unit or unit_text
    unit, factor = _unit(raw, unit_text, line, column)
    return {
        "year": year,
        "report_year": report_year,
        "domain": extra.get("domain", spec.domain),
        "table": spec.table,
        "item": item,
        "parent": parent,
        "measure": measure,
        "value": number.value * factor,
        "unit": unit,
        "source": f"{source_name}:{line}",
        "derived": False,
        "note": "",
        "original_value": extra["original"],
        "original_unit": unit_text,
        "decimals": number.decimals,
        "sign_convention": spec.sign_convention,
        "section": extra.get("section", spec.section),
        "reconcile": extra.get("reconcile", ""),
        "comment": extra.get("comment", ""),
    }


def _value_columns(raw, spec, report_year, label_cols) -> list[tuple[str, str, int, str | None]]:
    """(header, measure, year, unit or None for the table's) of every value column; an unknown
    or a missing required column raises."""
    value_cols: list[tuple[str, str, int, str | None]] = []
    for header in raw.header:
        if header in label_cols:
            continue
        for column in spec.columns:
            match = column.match(header)
            if match:
                year = int(match.groupdict().get("year") or report_year)
                value_cols.append((header, column.measure, year, column.unit))
                break
        else:
            raise RawDataError(raw.path, "unknown column", line=1, column=header)
    for column in spec.columns:
        if not column.optional and not any(column.measure == v[1] for v in value_cols):
            raise RawDataError(
                raw.path,
                f"missing required column for {column.measure}",
                line=1,
                column=column.pattern,
                value=";".join(raw.header),
            )
    return value_cols


def _wide_key(raw, row, label_col, parent_col, seen) -> tuple[str, str]:
    """The row's (item, parent), checked non-empty and not seen before (then recorded in ``seen``)."""
    item = str(row.cells[label_col]).strip()
    parent = str(row.cells[parent_col]).strip() if parent_col else ""
    if not item:
        raise RawDataError(raw.path, "empty row label", line=row.line, column=label_col, value=row.cells[label_col])
    key = (item, parent)
    if key in seen:
        raise RawDataError(
            raw.path, f"duplicate key: same row label as line {seen[key]}", line=row.line, column=label_col, value=item
        )
    seen[key] = row.line
    return key


def _wide_rows(raw, spec, report_year, source_name) -> list[dict]:
    label_col = _find_column(raw, spec.label, "row label")
    parent_col = _find_column(raw, spec.parent, "parent", required=False) if spec.parent else None
    header_unit = UNIT_IN_HEADER.search(label_col)
    table_unit = header_unit["unit"] if header_unit else spec.unit
    value_cols = _value_columns(raw, spec, report_year, (label_col, parent_col))
    seen: dict[tuple[str, str], int] = {}
    facts = []
    for row in raw.rows:
        item, parent = _wide_key(raw, row, label_col, parent_col, seen)
        for header, measure, year, unit in value_cols:
            number = _number(raw, row.cells[header], row.line, header)
            if number is None:
                continue
            facts.append(
                _fact(
                    spec,
                    raw,
                    report_year,
                    source_name,
                    row.line,
                    item,
                    parent,
                    measure,
                    year,
                    number,
                    unit or table_unit,
                    header,
                    original=str(row.cells[header]).strip(),
                )
            )
    return facts


def _long_columns(raw) -> dict[str, str]:
    """The header of each role (item, year, measure, value, …); a missing or an unknown column raises."""
    cols = {}
    for header in KEY_FIGURE_REQUIRED:
        if header not in raw.header:
            raise RawDataError(raw.path, "missing required column", line=1, column=header, value=";".join(raw.header))
    for header in raw.header:
        if header not in KEY_FIGURE_COLUMNS:
            raise RawDataError(raw.path, "unknown column", line=1, column=header)
        cols[KEY_FIGURE_COLUMNS[header]] = header
    return cols


def _long_key(raw, line, get, seen) -> tuple[str, str, str, int, str]:
    """The row's (section, item, parent, year, measure), checked and not seen before (then recorded)."""
    item, section = get("item"), get("section")
    if not item:
        raise RawDataError(raw.path, "empty row label", line=line, column="Post", value="")
    year_text = get("year")
    if not re.fullmatch(r"\d{4}", year_text.split(".")[0]):
        raise RawDataError(raw.path, "year must be four digits", line=line, column="Avser år", value=year_text)
    measure = measure_code(get("measure"))
    if measure is None:
        raise RawDataError(raw.path, "unknown measure", line=line, column="Mått", value=get("measure"))
    key = (section, item, get("parent"), int(year_text.split(".")[0]), measure)
    if key in seen:
        raise RawDataError(
            raw.path,
            f"duplicate key: same section, item, year and measure as line {seen[key]}",
            line=line,
            column="Post",
            value=item,
        )
    seen[key] = line
    return key


def _long_rows(raw, spec, report_year, source_name) -> list[dict]:
    cols = _long_columns(raw)
    seen: dict[tuple, int] = {}
    facts = []
    for row in raw.rows:
        get = lambda role: str(row.cells.get(cols.get(role, ""), "") or "").strip()
        section, item, parent, year, measure = _long_key(raw, row.line, get, seen)
        number = _number(raw, row.cells[cols["value"]], row.line, "Värde")
        if number is None:
            raise RawDataError(raw.path, "missing value", line=row.line, column="Värde", value="")
        domain = key_figure_domain(section)
        facts.append(
            _fact(
                spec,
                raw,
                report_year,
                source_name,
                row.line,
                item,
                parent,
                measure,
                year,
                number,
                get("unit"),
                "Enhet",
                original=str(row.cells[cols["value"]]).strip(),
                domain=domain,
                section=section,
                reconcile=get("reconcile"),
                comment=get("comment"),
            )
        )
    return facts
