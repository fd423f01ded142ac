"""Coded tables: exports whose values are printed symbols or words, not numbers.

The balanced scorecard (``styrkort``: fulfilment ● ▲ ■, trend arrows, target as printed),
the assignments (``uppdrag``: status, the year work continues in) and internal control
(``intern_kontroll``: status) become facts like every other export, one fact per row and
value column:

- a code (fulfilment, trend, status) has its number from :data:`~analysis.facts.vocabulary.CODES`
  in ``value`` (NaN for ``ej angivet``, not stated) and the text as written in
  ``original_value``; :func:`~analysis.facts.vocabulary.decode` gives the stable code;
- a label (the scorecard's target) has ``value`` NaN and the text in ``original_value``;
- a year (``Fortsätter år``) has the year in ``value`` (``nästa år``: the report year + 1);
  an empty cell gives no fact.

Units: ``code`` (codes and labels) and ``year``. Sign convention: ``coded``. An empty code
cell, an unknown code, a missing or unknown column and a repeated row stop the cleaning
with file, line, column and value. :func:`count_reference` counts coded facts for the
``{count:…}`` references of the key figures (validation).
"""

from __future__ import annotations

import re

import pandas as pd

from analysis.exceptions import RawDataError
from analysis.facts.catalog import TableSpec
from analysis.facts.sources.reading import RawTable
from analysis.facts.vocabulary import CODES, LABEL_MEASURES, NEXT_YEAR, NOT_STATED, YEAR_MEASURES, code_of


def _same(header: str, pattern: str) -> bool:
    return re.fullmatch(pattern, " ".join(header.split()), flags=re.IGNORECASE) is not None


def _layout(raw: RawTable, spec: TableSpec) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """({role: header} for item, parent, section, year, comment; [(header, measure)] of the
    value columns). A missing or an unknown column raises."""
    wanted = [(spec.label, "item"), *([(spec.parent, "parent")] if spec.parent else []), *spec.roles]
    roles, values = {}, []
    for header in raw.header:
        role = next((r for pattern, r in wanted if _same(header, pattern)), None)
        column = next((c for c in spec.columns if c.match(header)), None)
        if role:
            roles[role] = header
        elif column:
            values.append((header, column.measure))
        else:
            raise RawDataError(raw.path, "unknown column", line=1, column=header)
    present = {m for _h, m in values}
    needed = [p for p, r in wanted if r not in roles] + [c.pattern for c in spec.columns if c.measure not in present]
    if needed:
        raise RawDataError(raw.path, "missing required column", line=1, column=needed[0], value=";".join(raw.header))
    return roles, values


def _value(raw: RawTable, measure: str, text: str, line: int, column: str, report_year: int) -> float | None:
    """The value of one cell (None: no fact, for an empty year cell)."""
    if measure in YEAR_MEASURES:
        if text == "":
            return None
        if text.lower() == NEXT_YEAR:
            return float(report_year + 1)
        if not re.fullmatch(r"\d{4}", text):
            problem = f"year must be four digits or '{NEXT_YEAR}'"
            raise RawDataError(raw.path, problem, line=line, column=column, value=text)
        return float(text)
    if text == "":
        raise RawDataError(
            raw.path, f"empty cell: write '{NOT_STATED}' where the report states nothing", line=line, column=column
        )
    if measure in LABEL_MEASURES:
        return float("nan")
    found = code_of(measure, text)
    if found is None:
        known = ", ".join(CODES[measure])
        raise RawDataError(raw.path, f"unknown {measure} code; known: {known}", line=line, column=column, value=text)
    return found[1]


def _row_key(raw: RawTable, spec: TableSpec, row, roles: dict[str, str], seen: dict) -> dict[str, object]:
    """The row's item, parent, section, year and comment, checked (then recorded in ``seen``)."""
    get = {role: " ".join(str(row.cells[header]).split()) for role, header in roles.items()}
    if not get["item"]:
        raise RawDataError(raw.path, "empty row label", line=row.line, column=roles["item"], value="")
    year = get.get("year", "")
    if not re.fullmatch(r"\d{4}", year):
        raise RawDataError(raw.path, "year must be four digits", line=row.line, column=roles.get("year"), value=year)
    section = spec.section_prefix + get["section"] if get.get("section") else spec.section
    key = {"item": get["item"], "parent": get.get("parent", ""), "section": section, "year": int(year)}
    identity = tuple(key.values())
    if identity in seen:
        raise RawDataError(
            raw.path,
            f"duplicate row: same section, label and year as line {seen[identity]}",
            line=row.line,
            column=roles["item"],
            value=get["item"],
        )
    seen[identity] = row.line
    return {**key, "comment": get.get("comment", "")}


def coded_rows(raw: RawTable, spec: TableSpec, report_year: int, source_name: str) -> list[dict]:
    """The facts of a coded export (pure: reads nothing, writes nothing)."""
    roles, values = _layout(raw, spec)
    seen: dict[tuple, int] = {}
    facts = []
    for row in raw.rows:
        key = _row_key(raw, spec, row, roles, seen)
        for header, measure in values:
            text = " ".join(str(row.cells[header]).split())
            value = _value(raw, measure, text, row.line, header, report_year)
            if value is None:
                continue
            unit, original_unit = ("year", "år") if measure in YEAR_MEASURES else ("code", "")
            facts.append(
                {
                    **key,
                    **{"report_year": report_year, "domain": spec.domain, "table": spec.table, "measure": measure},
                    **{"value": value, "unit": unit, "source": f"{source_name}:{row.line}", "derived": False},
                    **{"note": "", "original_value": str(row.cells[header]).strip(), "original_unit": original_unit},
                    **{"decimals": 0, "sign_convention": spec.sign_convention, "reconcile": ""},
                }
            )
    return facts


COUNT_PREFIX = "count:"


def count_reference(facts: pd.DataFrame, fact: pd.Series, ref: str) -> tuple[int, list[str]]:
    """The number of coded facts a ``{count:table|measure[|code[|section]]}`` reference names,
    in the key figure's report year and year, and their sources.

    ``{count:assignments|status|postponed}`` counts the assignments whose status is
    postponed; without a code every row with that measure counts (not stated too)."""
    parts = [p.strip() for p in ref.removeprefix(COUNT_PREFIX).split("|")]
    path, line = fact["source"].rsplit(":", 1)
    if len(parts) not in (2, 3, 4) or parts[1] not in CODES:
        raise RawDataError(
            path,
            "count reference must be {count:table|measure[|code[|section]]} of a coded measure",
            line=int(line),
            column="Avstämning mot",
            value=ref,
        )
    table, measure = parts[:2]
    rows = facts[
        (facts["table"] == table)
        & (facts["measure"] == measure)
        & (facts["report_year"] == fact["report_year"])
        & (facts["year"] == fact["year"])
    ]
    if len(parts) > 2:
        codes = {code for code, _v in CODES[measure].values()}
        if parts[2] not in codes:
            raise RawDataError(
                path,
                f"unknown code; known: {', '.join(sorted(codes))}",
                line=int(line),
                column="Avstämning mot",
                value=ref,
            )
        wanted = next(v for c, v in CODES[measure].values() if c == parts[2])
        rows = rows[rows["value"].isna()] if wanted != wanted else rows[rows["value"] == wanted]
    if len(parts) > 3:
        rows = rows[rows["section"] == parts[3]]
    return len(rows), rows["source"].tolist()
