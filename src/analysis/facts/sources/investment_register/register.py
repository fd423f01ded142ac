"""The investment register's exports (issue 19): ``investeringsram.csv``, the regional
board's frame for the year (``Kategori;Beslutad ram (kr)``, rows ``IT`` and ``MT``), and
``investeringsprojekt.csv``, the register with one row per project:

``Projekt;Benämning;Kategori;Delkategori;Beslutsår;Beslutat belopp (kr);Plan år (kr);``
``Utfall år (kr);Utfall tidigare år (kr);Status`` (one header line)

- ``Kategori`` is ``IT`` or ``MT``; ``Delkategori`` a sub-row as the reports print it
  (:data:`SUBROWS`), of that category;
- ``Beslutsår`` is the year of the decision: before the report year, the project counts as
  "beslut före", in it as "beslut inför"; a later year is an error;
- ``Plan år`` is the outcome planned for the report year; ``Utfall år`` may be empty when the
  year has a ledger: the outcome then comes from the ledger's investment accounts for the
  project's object (object = project). Where both are given and differ, that is a finding
  (``register_vs_ledger``).

Amounts in kr (Swedish numbers, an optional ``kr``). Each bad cell raises one
:class:`~analysis.exceptions.RawDataError` naming file, line, column and value; nothing is
written. What the register adds (the ``investments`` facts, the reconciliation with a printed
``investeringar.csv`` and with the ledger): :mod:`.figures`.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from analysis.exceptions import RawDataError
from analysis.facts.numbers import NotANumber, parse_number
from analysis.facts.schema import typed
from analysis.facts.sources.exports import Export, ExportResult
from analysis.facts.sources.investment_register.figures import CATEGORIES, SUBROWS, facts_and_findings
from analysis.facts.sources.reading import RawRow, RawTable, read_raw

FRAME_FILE, PROJECT_FILE = "investeringsram.csv", "investeringsprojekt.csv"
#: example data (``python -m analysis example-ledger``) names every project "Exempeldata: …"
EXAMPLE_MARK = "Exempeldata"
FRAME_HEADER = ("Kategori", "Beslutad ram (kr)")
PROJECT_HEADER = (
    *("Projekt", "Benämning", "Kategori", "Delkategori", "Beslutsår", "Beslutat belopp (kr)"),
    *("Plan år (kr)", "Utfall år (kr)", "Utfall tidigare år (kr)", "Status"),
)
PROJECT_COLUMNS: dict[str, str] = {
    "report_year": "int64",
    "project": "object",
    "name": "object",
    "category": "object",
    "subrow": "object",
    "decision_year": "int64",
    "earlier_decision": "bool",
    "decided_kr": "float64",
    "plan_kr": "float64",
    "outcome_kr": "float64",
    "outcome_register_kr": "float64",  # NaN where Utfall år is empty
    "outcome_ledger_kr": "float64",  # NaN without a ledger with investment rows
    "outcome_from": "object",  # "register" or "ledger"
    "earlier_years_kr": "float64",
    "behind_plan_kr": "float64",  # derived: plan − outcome (negative: ahead of plan)
    "status": "object",
    "synthetic": "bool",  # example data: Benämning starts with "Exempeldata"
    "line": "int64",
    "source": "object",
}


def _key(text: str) -> str:
    return " ".join(str(text).replace("\u2013", "-").split()).casefold()


def _header(raw: RawTable, wanted: tuple[str, ...]) -> dict[str, str]:
    """Wanted column → the header as written (whitespace and case aside); an error names the missing one."""
    found = {_key(h): h for h in raw.header}
    missing = [w for w in wanted if _key(w) not in found]
    if missing:
        raise RawDataError(raw.path, f"missing column {missing[0]!r}; the header must be {';'.join(wanted)}", line=1)
    return {w: found[_key(w)] for w in wanted}


def _text(row: RawRow, cols: dict, column: str) -> str:
    value = row.cells.get(cols[column])
    return "" if value is None else str(value).strip()


def _kr(raw: RawTable, row: RawRow, cols: dict, column: str, *, empty_ok=False, negative_ok=False) -> float | None:
    """An amount in kr; None for an empty cell where allowed."""
    cell = row.cells.get(cols[column])
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):  # an Excel cell
        value = float(cell)
    else:
        text = "" if cell is None else str(cell)
        try:
            parsed = parse_number(text)
        except NotANumber:
            raise RawDataError(raw.path, "not a number", line=row.line, column=column, value=text) from None
        if parsed is None:
            if empty_ok:
                return None
            raise RawDataError(raw.path, "empty; an amount in kr is required", line=row.line, column=column, value=text)
        if parsed.unit is not None and parsed.unit.lower() != "kr":
            raise RawDataError(raw.path, "amounts are in kr", line=row.line, column=column, value=text)
        value = parsed.value
    if value < 0 and not negative_ok:
        raise RawDataError(raw.path, "a negative amount", line=row.line, column=column, value=cell)
    return value


def read_frame(path: Path) -> tuple[RawTable, dict[str, float]]:
    """``investeringsram.csv``: the frame in kr of IT and of MT, each once."""
    raw = read_raw(path)
    cols = _header(raw, FRAME_HEADER)
    frame: dict[str, float] = {}
    for row in raw.rows:
        category = _text(row, cols, "Kategori")
        if category.upper() not in CATEGORIES:
            raise RawDataError(path, "Kategori must be IT or MT", line=row.line, column="Kategori", value=category)
        if category.upper() in frame:
            raise RawDataError(path, "a category twice", line=row.line, column="Kategori", value=category)
        frame[category.upper()] = _kr(raw, row, cols, "Beslutad ram (kr)")
    for category in CATEGORIES:
        if category not in frame:
            raise RawDataError(path, f"no row for {category}; the frame has a row IT and a row MT", column="Kategori")
    return raw, frame


def _subrow(raw: RawTable, row: RawRow, cols: dict, category: str) -> str:
    text = _text(row, cols, "Delkategori")
    known = {_key(s): s for s in SUBROWS}
    subrow = known.get(_key(text))
    if subrow is None:
        names = ", ".join(SUBROWS)
        raise RawDataError(
            raw.path, f"unknown sub-row; known: {names}", line=row.line, column="Delkategori", value=text
        )
    if SUBROWS[subrow] != category:
        problem = f"{subrow} is a sub-row of {SUBROWS[subrow]}, not of {category}"
        raise RawDataError(raw.path, problem, line=row.line, column="Delkategori", value=text)
    return subrow


def _decision_year(raw: RawTable, row: RawRow, cols: dict, year: int) -> int:
    text = _text(row, cols, "Beslutsår").removesuffix(".0")
    if not re.fullmatch(r"\d{4}", text):
        raise RawDataError(raw.path, "not a year (YYYY)", line=row.line, column="Beslutsår", value=text)
    if int(text) > year:
        problem = f"decided after the report year {year}"
        raise RawDataError(raw.path, problem, line=row.line, column="Beslutsår", value=text)
    return int(text)


def _project(raw: RawTable, row: RawRow, cols: dict, year: int, name: str) -> dict:
    category = _text(row, cols, "Kategori").upper()
    if category not in CATEGORIES:
        value = _text(row, cols, "Kategori")
        raise RawDataError(raw.path, "Kategori must be IT or MT", line=row.line, column="Kategori", value=value)
    decided = _decision_year(raw, row, cols, year)
    return {
        "report_year": year,
        "project": _text(row, cols, "Projekt"),
        "name": _text(row, cols, "Benämning"),
        "category": category,
        "subrow": _subrow(raw, row, cols, category),
        "decision_year": decided,
        "earlier_decision": decided < year,
        "decided_kr": _kr(raw, row, cols, "Beslutat belopp (kr)"),
        "plan_kr": _kr(raw, row, cols, "Plan år (kr)"),
        "outcome_register_kr": _kr(raw, row, cols, "Utfall år (kr)", empty_ok=True, negative_ok=True),
        "earlier_years_kr": _kr(raw, row, cols, "Utfall tidigare år (kr)", negative_ok=True),
        "status": _text(row, cols, "Status"),
        "synthetic": _text(row, cols, "Benämning").startswith(EXAMPLE_MARK),
        "line": row.line,
        "source": f"{name}:{row.line}",
    }


def read_projects(path: Path, year: int) -> tuple[RawTable, pd.DataFrame]:
    """``investeringsprojekt.csv``: one row per project (columns of :data:`PROJECT_COLUMNS` but
    the outcome, which :func:`read` settles with the ledger)."""
    raw = read_raw(path)
    cols = _header(raw, PROJECT_HEADER)
    name = f"{year}/{path.name}"
    seen: dict[str, int] = {}
    projects = []
    for row in raw.rows:
        code = _text(row, cols, "Projekt")
        if not code:
            raise RawDataError(path, "a project without a code", line=row.line, column="Projekt", value=code)
        if code.casefold() in seen:
            problem = f"project {code} twice (also line {seen[code.casefold()]})"
            raise RawDataError(path, problem, line=row.line, column="Projekt", value=code)
        seen[code.casefold()] = row.line
        projects.append(_project(raw, row, cols, year, name))
    if not projects:
        raise RawDataError(path, "no projects: the register has one row per project", line=2)
    return raw, pd.DataFrame(projects)


def settle_outcome(projects: pd.DataFrame, objects: dict | None, path: Path) -> pd.DataFrame:
    """Each project's outcome: ``Utfall år`` where given, else the ledger's investment accounts
    for its object; an empty ``Utfall år`` without a ledger is an error."""
    objects = objects or {}
    projects = projects.copy()
    ledger = [objects[p][0] if p in objects else (0.0 if objects else float("nan")) for p in projects["project"]]
    projects["outcome_ledger_kr"] = pd.Series(ledger, index=projects.index, dtype="float64")
    empty = projects["outcome_register_kr"].isna()
    if empty.any() and not objects:
        first = projects[empty].iloc[0]
        problem = "empty, and the year has no ledger with investment accounts to take the outcome from"
        raise RawDataError(path, problem, line=int(first["line"]), column="Utfall år (kr)", value="")
    projects["outcome_kr"] = projects["outcome_register_kr"].where(~empty, projects["outcome_ledger_kr"])
    projects["outcome_from"] = ["ledger" if e else "register" for e in empty]
    projects["behind_plan_kr"] = projects["plan_kr"] - projects["outcome_kr"]
    return projects


def _record(year: int, path: Path, raw: RawTable, table: str) -> dict:
    return {
        "report_year": year,
        "file": f"{year}/{path.name}",
        "table": table,
        "encoding": raw.encoding,
        "rows": len(raw.rows),
        "bytes": path.stat().st_size,
        "sha256": raw.sha256,
        "not_used": "",
    }


def _file(folder: Path, name: str, other: str) -> Path:
    found = [p for p in Path(folder).iterdir() if p.is_file() and p.name.lower() == name]
    if not found:
        other_path = next(p for p in Path(folder).iterdir() if p.name.lower() == other)
        raise RawDataError(other_path, f"{other} without {name} in the same year folder; the register needs both")
    return found[0]


def read(year: int, folder: Path, context: dict) -> ExportResult:
    """The year's frame and register: the ``investments`` facts (derived, section
    ``Investeringsregister``), the findings, the processed ``investment_projects`` table and
    the two raw-file records."""
    frame_path, projects_path = _file(folder, FRAME_FILE, PROJECT_FILE), _file(folder, PROJECT_FILE, FRAME_FILE)
    frame_raw, frame = read_frame(frame_path)
    projects_raw, projects = read_projects(projects_path, year)
    monthly = context.get("monthly")
    objects = context.get("investment_objects")
    if objects is None and monthly is not None:
        objects = monthly.attrs.get("investment_objects")
    projects = settle_outcome(projects, objects, projects_path)
    ledger_name = "" if monthly is None else str(monthly.attrs.get("ledger_source", ""))
    facts, findings = facts_and_findings(year, frame, projects, context.get("facts"), objects, ledger_name)
    return ExportResult(
        facts=[facts],
        findings=[findings],
        tables={"investment_projects": typed(projects, PROJECT_COLUMNS)},
        files=[
            _record(year, frame_path, frame_raw, "investment_frame"),
            _record(year, projects_path, projects_raw, "investment_projects"),
        ],
    )


EXPORT = Export(files=(FRAME_FILE, PROJECT_FILE), tables={"investment_projects": PROJECT_COLUMNS}, read=read)
