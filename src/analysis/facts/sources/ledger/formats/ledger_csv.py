"""The ledger CSV (``huvudbok.csv``) and the budget CSV (``budget.csv``), read by DuckDB, in
our layout or an ERP's (Raindance, Unit4 Business World (Agresso), Visma: the header is
understood by :mod:`.csv_layouts`, or named in ``kolumner.csv``).

DuckDB reads the file once (``read_csv`` with ``delim=';'``, no type sniffing): the amounts
(signed, debit and credit, or with a D/K flag) parsed by its CSV reader, the other columns
used as text, the columns read past not at all; the rows are aggregated to one row per
period (or date), account, code and flag in the same pass, and the Swedish periods, dates
and accounts are converted and checked on those few thousand groups. Only when a cell is
bad, or a number has a form DuckDB's parse does not take (U+00A0 as thousands separator),
is the file read again with every cell as text and converted in SQL; a bad cell's row is
then found and Python counts its file line.
UTF-8 (with or without BOM) is read directly; a file that is not UTF-8 is Windows-1252 and is
transcoded to a temporary UTF-8 copy first (DuckDB knows no cp1252) unless the codes read
are ASCII; a UTF-16 file (by its BOM) is always transcoded. Lines may end in LF, CRLF or a
bare CR. The amounts' decimal mark is the file's own: a comma (Swedish, parsed by DuckDB),
or a point where no amount has a comma (:func:`_decimal_mark`).
"""

from __future__ import annotations

import csv
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import duckdb

from analysis.exceptions import RawDataError
from analysis.facts.sources.ledger.formats.csv_layouts import CODES, Layout, resolve
from analysis.facts.sources.ledger.formats.engine import (
    CSV_THREADS,
    THREADS,
    duckdb_csv_error,
    header_line,
    sha256_and_utf8,
    swedish_number_sql,
    transcode,
)
from analysis.facts.sources.ledger.formats.fieldmap import FieldMap

MARK = "Exempeldata"
NUMBERS = ("amount", "debit", "credit")  # the fields DuckDB parses as numbers on the first read
#: What a bad amount is not, by the file's decimal mark (:func:`_decimal_mark`).
NUMBER_PROBLEM = {
    ",": "not a Swedish number (1 234,50; a decimal point is refused in a file with decimal commas)",
    ".": "not a number with a decimal point (1234.50; three decimals could be a thousands point: refused)",
}
_SIGN = "CASE upper(trim({f})) WHEN 'D' THEN 1 WHEN 'DEBET' THEN 1 WHEN 'K' THEN -1 WHEN 'KREDIT' THEN -1 END"


@dataclass(frozen=True)
class CsvPart:
    """A ledger or budget CSV loaded into DuckDB ``table`` (one row per period, account,
    responsibility, activity, object and project: ``amount`` in kr, ``rows``, ``synthetic``),
    with the header names read past (``not_used``)."""

    path: Path
    table: str
    encoding: str
    rows: int
    bytes: int
    sha256: str
    synthetic: bool
    not_used: tuple[str, ...] = ()


@dataclass(frozen=True)
class Check:
    """One conversion of a raw cell: the column shown in an error, the SQL of the value,
    the SQL true when the cell is bad, and what a bad cell is not."""

    field: str
    cell: str
    value: str
    bad: str
    problem: str


def col(layout: Layout, field: str) -> str:
    """The DuckDB column of a used field (columns are named ``c<index>`` in file order)."""
    return f"c{layout.used[field]}"


def _time_check(layout: Layout, year: int) -> Check:
    """The period (``YYYYMM``, ``YYYY-MM``, ``YYMM``) or date (ISO, ``YYYYMMDD``) of ``year``."""
    if "period" in layout.used:
        p = col(layout, "period")
        value = (
            f"CASE length({p}) WHEN 6 THEN TRY_CAST({p} AS INTEGER) "
            f"WHEN 7 THEN CASE WHEN {p}[5] = '-' THEN TRY_CAST({p}[1:4] || {p}[6:7] AS INTEGER) END "
            f"WHEN 4 THEN TRY_CAST('{year // 100}' || {p} AS INTEGER) END"
        )
        bad = f"NOT coalesce(({value}) BETWEEN {year}01 AND {year}12, false)"
        return Check("period", p, value, bad, f"not a period of {year} (YYYYMM, YYYY-MM or YYMM)")
    d = col(layout, "date")
    day = f"CASE length({d}) WHEN 10 THEN TRY_CAST({d} AS DATE) WHEN 8 THEN TRY_STRPTIME({d}, '%Y%m%d')::DATE END"
    value = f"(year({day}) * 100 + month({day}))"
    return Check("date", d, value, f"NOT coalesce(year({day}) = {year}, false)", f"not a date in {year} (YYYY-MM-DD)")


def _checks(layout: Layout, year: int, typed: bool = False, mark: str = ",") -> list[Check]:
    """The conversions of the used cells: period or date, account (4 to 6 digits, a code kept
    as written: ``0351`` is not 351), the amount in its form. ``typed``: the numbers are
    DuckDB's sums already (a group's ``missing`` counts its rows without an amount).
    ``mark``: the file's decimal mark."""
    a = col(layout, "account")
    checks = [
        _time_check(layout, year),
        Check("account", a, f"trim({a})", f"NOT coalesce(regexp_full_match(trim({a}), '[0-9]{{4,6}}'), false)",
              "not an account of 4 to 6 digits"),
    ]  # fmt: skip
    number = NUMBER_PROBLEM[mark]
    if typed:
        checks.append(Check("amount", "amount", "amount", "missing > 0 OR NOT isfinite(amount)", number))
    elif "amount" in layout.used:
        checks.append(Check("amount", col(layout, "amount"), *swedish_number_sql(col(layout, "amount"), mark), number))
    else:
        d, k = col(layout, "debit"), col(layout, "credit")
        (dv, db), (kv, kb) = swedish_number_sql(d, mark), swedish_number_sql(k, mark)
        checks += [
            Check("debit", d, f"coalesce({dv}, 0) - coalesce({kv}, 0)", f"{d} IS NOT NULL AND ({db})", number),
            Check("credit", k, kv, f"{k} IS NOT NULL AND ({kb})", number),
            Check("debit", d, "NULL", f"{d} IS NULL AND {k} IS NULL", "neither debit nor credit has an amount"),
        ]
    if "dc_flag" in layout.used:
        sign = _SIGN.format(f=col(layout, "dc_flag"))
        checks.append(Check("dc_flag", col(layout, "dc_flag"), sign, f"({sign}) IS NULL", "not D or K (Debet, Kredit)"))
    return checks


def _amount(checks: list[Check]) -> str:
    """SQL of the signed amount from the checks' values (times the D/K flag's sign)."""
    value = next(c.value for c in checks if c.field in NUMBERS)
    sign = next((c.value for c in checks if c.field == "dc_flag"), None)
    return f"({value}) * ({sign})" if sign else value


def _source_sql(source: Path, layout: Layout, typed: bool = False) -> str:
    """DuckDB's read_csv of the file, columns ``c0``…: every column as text, or (``typed``)
    the numbers parsed by the CSV reader itself (decimal comma, space thousands)."""
    numbers = {layout.used[f] for f in NUMBERS if f in layout.used} if typed else set()
    spec = ", ".join(f"'c{i}': '{'DOUBLE' if i in numbers else 'VARCHAR'}'" for i in range(len(layout.header)))
    quoted = str(source).replace("'", "''")
    options = ", decimal_separator=',', thousands=' '" if typed else ""
    return (
        f"read_csv('{quoted}', delim=';', header=true, auto_detect=false, columns={{{spec}}}, "
        f"quote='\"', escape='\"', strict_mode=true, encoding='utf-8'{options})"
    )


def _codes(layout: Layout) -> str:
    """SQL of the four code columns of the grain ('' where the file has none)."""
    return ", ".join(f"coalesce({col(layout, c)}, '') AS {c}" if c in layout.used else f"'' AS {c}" for c in CODES)


def _keys(layout: Layout) -> list[str]:
    """The text columns the rows are grouped by: all used but the numbers and Text."""
    return [col(layout, f) for f in layout.used if f not in (*NUMBERS, "text")]


def _aggregate_typed(con, source: Path, layout: Layout, year: int, table: str) -> tuple[int, int]:
    """As :func:`_aggregate`, with DuckDB parsing the amounts, and the cells grouped as they
    were read: the checks then run on the few thousand groups, not on every row. Period (or
    date), account and flag are group keys kept as text, so that they meet the same checks as
    on the text path (``0351`` stays ``0351``); ``missing`` counts a group's rows without an
    amount. A group with every cell empty is blank lines, not rows."""
    keys = _keys(layout)
    if "amount" in layout.used:
        a = col(layout, "amount")
        sums = f"sum({a}) AS amount, count(*) - count({a}) AS missing"
    else:
        d, k = col(layout, "debit"), col(layout, "credit")
        sums = (
            f"coalesce(sum({d}), 0) - coalesce(sum({k}), 0) AS amount, count_if({d} IS NULL AND {k} IS NULL) AS missing"
        )
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE {table}_read AS
        SELECT {", ".join(keys)}, {sums}, count(*) AS rows
        FROM {_source_sql(source, layout, typed=True)} GROUP BY ALL"""
    )
    checks = _checks(layout, year, typed=True)
    blank = " AND ".join(f"{k} IS NULL" for k in keys) + " AND missing = rows"
    bad = " OR ".join(f"({c.bad})" for c in checks)
    rows, flagged = con.execute(
        f"SELECT coalesce(sum(rows), 0), count_if({bad}) FROM {table}_read WHERE NOT ({blank})"
    ).fetchone()
    con.execute(
        f"""CREATE OR REPLACE TABLE {table} AS
        SELECT {checks[0].value} AS period, {checks[1].value} AS account, {_codes(layout)},
               sum({_amount(checks)}) AS amount, sum(rows) AS rows, false AS synthetic
        FROM {table}_read WHERE NOT ({blank}) GROUP BY ALL;
        DROP TABLE {table}_read"""
    )
    return rows, flagged


def _aggregate(con, source: Path, layout: Layout, year: int, table: str, mark: str) -> tuple[int, int]:
    """Aggregate the file with every cell read as text and checked on every row (the path for
    the number forms DuckDB's own parse does not take); the total rows and the bad ones."""
    checks = _checks(layout, year, mark=mark)
    bad = " OR ".join(f"({c.bad})" for c in checks)
    filled = " OR ".join(
        f"{c} IS NOT NULL" for c in (*_keys(layout), *(col(layout, f) for f in NUMBERS if f in layout.used))
    )
    con.execute(
        f"""CREATE OR REPLACE TABLE {table} AS
        SELECT period, account, {", ".join(CODES)}, sum(amount) AS amount, count(*) AS rows,
               false AS synthetic, count_if(bad) AS bad
        FROM (SELECT {checks[0].value} AS period, {checks[1].value} AS account, {_codes(layout)},
                     {_amount(checks)} AS amount, {bad} AS bad
              FROM {_source_sql(source, layout)} WHERE {filled})
        GROUP BY ALL"""
    )  # DuckDB reads an empty cell as NULL: a row of empty cells is no row
    return con.execute(f"SELECT coalesce(sum(rows), 0), coalesce(sum(bad), 0) FROM {table}").fetchone()


def _load(con, source: Path, layout: Layout, year: int, table: str) -> tuple[int, int, str]:
    """Aggregate the file (on :data:`CSV_THREADS`): first with DuckDB parsing the numbers
    (decimal commas, plain spaces as thousands separators: the common case), else, at the
    first cell it cannot parse or a bad value, with every cell as text and the numbers
    converted in SQL in the file's form (:func:`_decimal_mark`). The rows, the bad ones and
    the decimal mark."""
    con.execute(f"SET threads = {CSV_THREADS}")
    try:
        rows, bad = _aggregate_typed(con, source, layout, year, table)
        if not bad:
            return rows, bad, ","
    except duckdb.ConversionException:
        pass
    finally:
        con.execute(f"SET threads = {THREADS}")
    mark = _decimal_mark(con, source, layout)
    return (*_aggregate(con, source, layout, year, table, mark), mark)


def _decimal_mark(con, source: Path, layout: Layout) -> str:
    """The file's decimal mark: ``"."`` where no amount has a comma and some have a point
    (``1234.50``, as many systems' open-data exports write), else the Swedish ``","``, with
    which a point is refused (``1.234,50``). One file, one form: a comma anywhere makes every
    point an error, so that ``1.234`` is never read as 1,234 kr in one row and 1 234 kr in another."""
    cells = [col(layout, f) for f in NUMBERS if f in layout.used]
    commas = " + ".join(f"count_if(contains({c}, ','))" for c in cells)
    points = " + ".join(f"count_if(contains({c}, '.'))" for c in cells)
    found = con.execute(f"SELECT {commas}, {points} FROM {_source_sql(source, layout)}").fetchone()
    return "." if found[0] == 0 and found[1] > 0 else ","


def _first_bad(con, source: Path, path: Path, layout: Layout, year: int, mark: str) -> RawDataError:
    """The first bad cell, found in SQL (its row ordinal), with its file line counted."""
    checks = _checks(layout, year, mark=mark)
    flags = ", ".join(f"({c.bad}) AS bad_{n}" for n, c in enumerate(checks))
    cells = ", ".join(f"{c.cell} AS cell_{n}" for n, c in enumerate(checks))
    con.execute("SET threads = 1; SET preserve_insertion_order = true")
    try:
        row = con.execute(
            f"""SELECT * FROM (SELECT row_number() OVER () AS k, {cells}, {flags}
                FROM {_source_sql(source, layout)}) WHERE {" OR ".join(f"bad_{n}" for n in range(len(checks)))}
                ORDER BY k LIMIT 1"""
        ).fetchone()
    finally:
        con.execute(f"SET threads = {THREADS}; SET preserve_insertion_order = false")
    ordinal, values, flagged = row[0], row[1 : 1 + len(checks)], row[1 + len(checks) :]
    check, value = next((c, v) for c, v, f in zip(checks, values, flagged) if f)
    return RawDataError(
        path, check.problem, line=_line_of(source, ordinal), column=layout.name(check.field), value=value
    )


def _line_of(source: Path, ordinal: int) -> int:
    """The file line of the ``ordinal``-th data row (blank lines are not rows)."""
    with open(source, encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle, delimiter=";")
        next(reader, None)
        seen = 0
        for fields in reader:
            seen += bool(fields)
            if seen == ordinal:
                return reader.line_num
    return reader.line_num


def read_csv_part(
    con: duckdb.DuckDBPyConnection, path: Path, kind: str, year: int, table: str, fields: FieldMap | None = None
) -> CsvPart:
    """Load a ``huvudbok.csv`` (kind ``ledger``) or ``budget.csv`` (``budget``) of fiscal
    year ``year`` into DuckDB ``table``, its columns found by :func:`.csv_layouts.resolve`
    (``fields``: the analyst's ``kolumner.csv``); RawDataError naming file, line, column and
    value. Lines may end in LF, CRLF or a bare CR; a UTF-16 file (by its byte-order mark) is
    read from a UTF-8 copy, as is a Windows-1252 one where its codes need it."""
    header, declared = header_line(path)
    layout = resolve(path, header, fields, kind)
    encoding = declared or "utf-8"
    with ThreadPoolExecutor(1) as pool, tempfile.TemporaryDirectory(prefix="ledger-") as tmp:
        checked = pool.submit(sha256_and_utf8, path)  # hashlib releases the GIL: beside DuckDB
        source = path
        if declared == "utf-16":
            source = Path(tmp) / "utf8.csv"  # DuckDB's own UTF-16 has no Python twin for the line of an error
            transcode(path, "utf-16", source)
        try:
            rows, bad, mark = _load(con, source, layout, year, table)
            failed = None
        except duckdb.InvalidInputException as err:
            failed = err
        sha256, utf8 = checked.result()
        if failed is not None and (declared or utf8 or "unicode" not in str(failed).lower()):
            raise duckdb_csv_error(path, failed) from None
        if not utf8 and not declared:  # Windows-1252 (also when only columns not parsed above showed it)
            encoding = "cp1252"
            if failed is not None or bad or not _ascii_codes(con, table):
                source = Path(tmp) / "utf8.csv"  # read again from UTF-8 (a bad cell's line is counted there too)
                transcode(path, "cp1252", source)
                try:
                    rows, bad, mark = _load(con, source, layout, year, table)
                except duckdb.InvalidInputException as err2:
                    raise duckdb_csv_error(path, err2) from None
        if bad:
            raise _first_bad(con, source, path, layout, year, mark)
        text_encoding = "cp1252" if source == path and encoding == "cp1252" else "utf-8-sig"
        synthetic = "text" in layout.used and _marked(source, text_encoding, layout.used["text"])
    if rows == 0:
        raise RawDataError(path, "file has a header but no data rows")
    con.execute(f"UPDATE {table} SET synthetic = {str(synthetic).lower()}")
    return CsvPart(path, table, encoding, int(rows), path.stat().st_size, sha256, synthetic, layout.not_used)


def _ascii_codes(con, table: str) -> bool:
    """Whether every code the aggregation kept (responsibility, activity, object, project;
    period and account are digits once checked) is ASCII: then a Windows-1252 file reads the
    same as UTF-8, since the two agree on ASCII and Text and the columns read past are not
    among the columns read, and need not be transcoded and read again (4,4 s saved on 10 M rows)."""
    codes = "ansvar || aktivitet || objekt || projekt"
    return con.execute(f"SELECT count(*) FROM {table} WHERE strlen({codes}) <> length({codes})").fetchone()[0] == 0


def _marked(path: Path, encoding: str, text_column: int, rows: int = 1000) -> bool:
    """Whether the file declares itself example data: the Text of its first ``rows`` data
    rows (all of them in a small file) starts with ``Exempeldata``, as the generator writes
    every row. Reading these rows, not all 10 million, keeps Text out of the parse."""
    with open(path, encoding=encoding, newline="", errors="replace") as handle:
        reader = csv.reader(handle, delimiter=";")
        next(reader, None)
        filled = (fields for fields in reader if any(f.strip() for f in fields))  # blank lines are not rows
        texts = [fields[text_column] if len(fields) > text_column else "" for _, fields in zip(range(rows), filled)]
    return bool(texts) and all(text.startswith(MARK) for text in texts)
