"""The HR system's statistics export ``<year>/personal.csv`` (issue 19; contract in
``data/raw/README.md``, "HR export").

Aggregated statistics, never a row per person: one row per month, unit, sex and age group,

``Månad;Enhet;Kön;Åldersgrupp;Anställda tillsvidare;Anställda visstid;Ordinarie arbetstid (h);
Sjukfrånvaro (h);Sjukfrånvaro 60 dagar eller mer (h);Arbetad tid (h);Extratid (h);Heltid (h);
Avgångar tillsvidare``

``Månad`` ``YYYYMM`` (a month of the report year or an earlier one), ``Kön`` ``K`` or ``M``,
``Åldersgrupp`` ``29 år eller yngre``, ``30–49 år`` or ``50 år eller äldre`` (hyphen or en
dash). Counts are whole numbers at month end, hours in h, Swedish numbers. Anything else
stops the cleaning with one line naming file, line, column and value.

What it adds to the cleaning: the processed table ``hr_monthly`` (the rows, typed), the
staff facts of every calendar year of its months (:mod:`.staff_figures`, derived, section
``HR-system``), and a ``hr_vs_table`` finding for each printed figure of the same report
year (``sjukfranvaro.csv``, ``sjukfranvaro_per_kon.csv``, a key figure) that the export's
figure contradicts beyond the printed rounding. Rows whose ``Enhet`` starts with
``Exempeldata`` are generated example data (``python -m analysis example-ledger``).
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from analysis.exceptions import RawDataError
from analysis.facts.catalog import HR_PRINTED_TABLES, as_exported
from analysis.facts.numbers import NotANumber, parse_number
from analysis.facts.schema import FACT_COLUMNS, FINDING_COLUMNS, empty_facts, empty_findings, interval_of, typed
from analysis.facts.sources.exports import Export, ExportResult
from analysis.facts.sources.hr.staff_figures import AGE_GROUPS, SEXES, year_facts
from analysis.facts.sources.reading import RawTable, read_raw

FILE = "personal.csv"
STEM = "hr_monthly"
#: Where a generated example export says so: the start of every ``Enhet``.
EXAMPLE_MARK = "Exempeldata"
#: The export's header -> the column of ``hr_monthly``.
HEADER = {
    "Månad": "period",
    "Enhet": "unit",
    "Kön": "sex",
    "Åldersgrupp": "age_group",
    "Anställda tillsvidare": "permanent",
    "Anställda visstid": "temporary",
    "Ordinarie arbetstid (h)": "ordinary_hours",
    "Sjukfrånvaro (h)": "sick_hours",
    "Sjukfrånvaro 60 dagar eller mer (h)": "sick_long_hours",
    "Arbetad tid (h)": "worked_hours",
    "Extratid (h)": "extra_hours",
    "Heltid (h)": "fulltime_hours",
    "Avgångar tillsvidare": "departures",
}
COUNTS = ("permanent", "temporary", "departures")
HOURS = ("ordinary_hours", "sick_hours", "sick_long_hours", "worked_hours", "extra_hours", "fulltime_hours")
TABLE_COLUMNS = {
    **{"report_year": "int64", "year": "int64", "month": "int64", "unit": "str", "sex": "str", "age_group": "str"},
    **dict.fromkeys(COUNTS, "int64"),
    **dict.fromkeys(HOURS, "float64"),
    **{"source": "str", "synthetic": "bool"},
}
_DASHES = re.compile(r"\s*[-\u2010\u2011\u2012\u2013\u2014\u2212]\s*")


def _key(text: str) -> str:
    return " ".join(str(text).split()).casefold()


def _columns(raw: RawTable) -> dict[str, str]:
    """The file's header name of each contract column; an unknown or missing column stops."""
    known = {_key(h): h for h in HEADER}
    found = {}
    for name in raw.header:
        if _key(name) not in known:
            problem = "unknown column: the HR export holds only the contract's columns (aggregated, never per person)"
            raise RawDataError(raw.path, problem, line=1, column=name, value=";".join(raw.header))
        found[known[_key(name)]] = name
    for name in HEADER:
        if name not in found:
            raise RawDataError(raw.path, "missing column", line=1, column=name, value=";".join(raw.header))
    return found


def _number(raw: RawTable, line: int, column: str, text: str, count: bool) -> float:
    def bad(problem: str):
        return RawDataError(raw.path, problem, line=line, column=column, value=text)

    try:
        parsed = parse_number(str(text))
    except NotANumber:
        raise bad("text where a number must be") from None
    if parsed is None:
        raise bad("empty cell where a number must be")
    unit = (parsed.unit or "").strip().lower()
    if unit not in ("", "st" if count else "h"):
        raise bad("unknown unit")
    if parsed.value < 0:
        raise bad("negative number")
    if count and parsed.value != int(parsed.value):
        raise bad("a count must be a whole number")
    return parsed.value


def _text(raw: RawTable, line: int, column: str, text: str) -> str:
    value = " ".join(str(text).split())
    if not value:
        raise RawDataError(raw.path, "empty cell", line=line, column=column, value=text)
    return value


def _row(raw: RawTable, report_year: int, row, names: dict[str, str]) -> dict:
    """One row of ``hr_monthly`` from a file row, every cell checked."""
    cell = lambda header: row.cells[names[header]]
    line = row.line
    period = str(cell("Månad")).strip()
    match = re.fullmatch(r"(\d{4})(0[1-9]|1[0-2])", period)
    if match is None or int(match[1]) > report_year:
        problem = "month must be YYYYMM" if match is None else f"a month after the report year {report_year}"
        raise RawDataError(raw.path, problem, line=line, column=names["Månad"], value=period)
    sex = _text(raw, line, names["Kön"], cell("Kön")).upper()
    if sex not in SEXES:
        raise RawDataError(raw.path, "Kön must be K or M", line=line, column=names["Kön"], value=cell("Kön"))
    age = _DASHES.sub("–", _text(raw, line, names["Åldersgrupp"], cell("Åldersgrupp")))
    ages = {_key(a): a for a in AGE_GROUPS}
    if _key(age) not in ages:
        problem = f"Åldersgrupp must be one of {', '.join(AGE_GROUPS)}"
        raise RawDataError(raw.path, problem, line=line, column=names["Åldersgrupp"], value=cell("Åldersgrupp"))
    out = {"year": int(match[1]), "month": int(match[2]), "unit": _text(raw, line, names["Enhet"], cell("Enhet"))}
    out.update(sex=sex, age_group=ages[_key(age)], line=line)
    for header, column in HEADER.items():
        if column in COUNTS or column in HOURS:
            out[column] = _number(raw, line, names[header], cell(header), column in COUNTS)
    _check_parts(raw, out, names)
    return out


def _check_parts(raw: RawTable, row: dict, names: dict[str, str]) -> None:
    """The hours that are parts of others are not larger than them; a month has full-time hours."""
    for part, whole in (("sick_long_hours", "sick_hours"), ("sick_hours", "ordinary_hours")):
        if row[part] > row[whole] + 1e-9:
            header = next(h for h, c in HEADER.items() if c == part)
            problem = f"more hours than {next(h for h, c in HEADER.items() if c == whole)}"
            raise RawDataError(raw.path, problem, line=row["line"], column=names[header], value=row[part])
    if row["fulltime_hours"] <= 0:
        raise RawDataError(raw.path, "Heltid must be more than 0", line=row["line"], column=names["Heltid (h)"])


def parse(raw: RawTable, report_year: int) -> pd.DataFrame:
    """The rows of an export as read (``year``, ``month``, ``unit``, ``sex``, ``age_group``,
    the counts and hours, ``line``); a duplicate row or a month with two full-time hours stops."""
    names = _columns(raw)
    rows = [_row(raw, report_year, r, names) for r in raw.rows]
    seen: dict[tuple, int] = {}
    fulltime: dict[tuple, float] = {}
    for r in rows:
        key = (r["year"], r["month"], _key(r["unit"]), r["sex"], r["age_group"])
        if key in seen:
            problem = f"the same month, unit, sex and age group as line {seen[key]}"
            raise RawDataError(raw.path, problem, line=r["line"], column=names["Enhet"], value=r["unit"])
        seen[key] = r["line"]
        before = fulltime.setdefault((r["year"], r["month"]), r["fulltime_hours"])
        if abs(before - r["fulltime_hours"]) > 1e-9:
            problem = "Heltid differs from the month's other rows"
            raise RawDataError(raw.path, problem, line=r["line"], column=names["Heltid (h)"], value=r["fulltime_hours"])
    return pd.DataFrame(rows)


def monthly_table(rows: pd.DataFrame, report_year: int, name: str) -> pd.DataFrame:
    """The processed table ``hr_monthly``: the rows typed, with their file line and whether
    they are example data."""
    frame = rows.assign(
        report_year=report_year,
        source=[f"{name}:{line}" for line in rows["line"]],
        synthetic=rows["unit"].str.startswith(EXAMPLE_MARK),
    )
    return typed(frame, TABLE_COLUMNS)


def figures(rows: pd.DataFrame, report_year: int, name: str, synthetic: bool) -> pd.DataFrame:
    """The facts of every calendar year of the rows (:func:`.staff_figures.year_facts`)."""
    out = []
    for _year, part in rows.groupby("year", sort=True):
        source = f"{name} (rader {int(part['line'].min())}–{int(part['line'].max())}, {len(part)} rader)"
        out += year_facts(part, report_year, source, synthetic)
    return pd.DataFrame(out, columns=FACT_COLUMNS).astype(empty_facts().dtypes.to_dict()) if out else empty_facts()


def reconcile(exported: pd.DataFrame, printed: pd.DataFrame) -> pd.DataFrame:
    """A ``hr_vs_table`` finding for every printed figure (the year's tables and key figures)
    that the export's figure of the same table, item, measure and year lies outside of
    (± half the printed last digit). A withheld export figure is compared with nothing."""
    mine = exported[exported["value"].notna() & exported["table"].isin(HR_PRINTED_TABLES)]
    claims = printed[~printed["derived"].astype(bool) & printed["table"].isin(HR_PRINTED_TABLES)]
    if mine.empty or claims.empty:
        return empty_findings()
    key = ["table", "item", "measure", "year", "report_year"]
    pairs = claims.merge(mine[[*key, "value", "source"]], on=key, suffixes=("", "_export"))
    rows = []
    for _, claim in pairs.iterrows():
        band = interval_of(claim)
        exact = float(claim["value_export"])
        if band.lo - 1e-9 <= exact <= band.hi + 1e-9:
            continue
        message = (
            f"printed {claim['original_value'] or claim['value']} {claim['original_unit']} ({claim['source']}); "
            f"the HR export gives {exact:.4g} ({claim['source_export']})"
        )
        rows.append(
            {
                **{c: claim[c] for c in ("year", "report_year", "table", "item", "measure")},
                **{"severity": "warning", "check": "hr_vs_table", "reported": float(claim["value"])},
                **{"recomputed": exact, "difference": float(claim["value"]) - exact},
                **{"tolerance": (band.hi - band.lo) / 2, "source": f"{claim['source']}, {claim['source_export']}"},
                "message": message,
            }
        )
    if not rows:
        return empty_findings()
    return pd.DataFrame(rows, columns=FINDING_COLUMNS).astype(empty_findings().dtypes.to_dict())


def read(year: int, folder: Path, context: dict) -> ExportResult:
    """What ``<year>/personal.csv`` adds to the cleaning of report ``year``."""
    path = next(p for p in Path(folder).iterdir() if p.name.lower() == FILE)
    raw = read_raw(path)
    name = f"{year}/{path.name}"
    rows = parse(raw, int(year))
    table = monthly_table(rows, int(year), name)
    facts = figures(rows, int(year), name, bool(table["synthetic"].any()))
    printed = context.get("facts", empty_facts())
    findings = reconcile(facts, printed[as_exported(printed)] if len(printed) else printed)
    record = {"report_year": int(year), "file": name, "table": STEM, "encoding": raw.encoding, "rows": len(raw.rows)}
    record.update(bytes=path.stat().st_size, sha256=raw.sha256, not_used="")
    return ExportResult(facts=[facts], findings=[findings], tables={STEM: table}, files=[record])


EXPORT = Export(files=(FILE,), tables={STEM: TABLE_COLUMNS}, read=read)
