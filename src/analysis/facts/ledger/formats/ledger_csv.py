"""The ledger CSV (``huvudbok.csv``) and the budget CSV (``budget.csv``), read by DuckDB.

DuckDB reads every cell as text (``read_csv`` with ``delim=';'``, no type sniffing); the
Swedish numbers, periods and accounts are converted in SQL, and the rows are aggregated to
one row per period, account, responsibility, activity and object in the same pass. Only
when a value is bad does a second pass find its row, whose file line Python then counts.
UTF-8 (with or without BOM) is read directly; a file that is not UTF-8 is Windows-1252 and is
transcoded to a temporary UTF-8 copy first (DuckDB knows no cp1252).
"""

from __future__ import annotations

import csv
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import duckdb

from analysis.exceptions import RawDataError
from analysis.facts.ledger.formats.engine import (
    CSV_THREADS,
    THREADS,
    duckdb_csv_error,
    header_line,
    sha256_and_utf8,
    swedish_number_sql,
    transcode,
)

# canonical column -> header names accepted (case-insensitive)
HEADERS = {
    "period": ("period",),
    "datum": ("datum",),
    "konto": ("konto",),
    "ansvar": ("ansvar",),
    "aktivitet": ("aktivitet",),
    "objekt": ("objekt",),
    "belopp": ("belopp",),
    "text": ("text",),
}
ALLOWED = {
    "ledger": ("period", "datum", "konto", "ansvar", "aktivitet", "objekt", "belopp", "text"),
    "budget": ("period", "datum", "konto", "ansvar", "objekt", "belopp", "text"),
}
REQUIRED = ("konto", "belopp")
MARK = "Exempeldata"


@dataclass(frozen=True)
class CsvPart:
    """A ledger or budget CSV loaded into DuckDB ``table`` (one row per period, account,
    responsibility, activity and object: ``amount`` in kr, ``rows``, ``synthetic``)."""

    path: Path
    table: str
    encoding: str
    rows: int
    bytes: int
    sha256: str
    synthetic: bool


def check_header(path: Path, header: str, kind: str) -> list[str]:
    """The canonical column names of the header, in file order; RawDataError for an unknown,
    duplicate or missing column."""
    names = [h.strip().strip('"').strip() for h in header.split(";")]
    out = []
    for name in names:
        canon = next((c for c, alias in HEADERS.items() if name.lower() in alias), None)
        if canon is None or canon not in ALLOWED[kind]:
            expected = ";".join(c.capitalize() for c in ALLOWED[kind])
            raise RawDataError(path, f"unknown column (expected some of {expected})", line=1, column=name)
        if canon in out:
            raise RawDataError(path, "duplicate column name in header", line=1, column=name)
        out.append(canon)
    for need in REQUIRED:
        if need not in out:
            raise RawDataError(path, "missing required column", line=1, column=need.capitalize(), value=header)
    if "period" not in out and "datum" not in out:
        raise RawDataError(path, "missing required column: Period or Datum", line=1, column="Period", value=header)
    return out


def _checks(columns: list[str], year: int) -> dict[str, tuple[str, str]]:
    """column -> (SQL of the converted value, SQL true when the raw cell is bad)."""
    if "period" in columns:
        period = "TRY_CAST(period AS INTEGER)"
        period_bad = f"NOT coalesce(length(period) = 6 AND {period} BETWEEN {year}01 AND {year}12, false)"
        period_col = "period"
    else:
        day = "TRY_CAST(datum AS DATE)"
        period = f"(year({day}) * 100 + month({day}))"
        period_bad = f"NOT coalesce(length(datum) = 10 AND year({day}) = {year}, false)"
        period_col = "datum"
    account = "TRY_CAST(konto AS SMALLINT)"
    return {
        period_col: (period, period_bad),
        "konto": (account, f"NOT coalesce(length(konto) = 4 AND {account} >= 1000, false)"),
        "belopp": swedish_number_sql("belopp"),
    }


_TYPES = {"belopp": "DOUBLE"}


def _source_sql(source: Path, columns: list[str], typed: bool = False) -> str:
    """DuckDB's read_csv of the file: every column as text, or (``typed``) the amount parsed
    by the CSV reader itself (decimal comma, space thousands)."""
    spec = ", ".join(f"'{c}': '{_TYPES.get(c, 'VARCHAR') if typed else 'VARCHAR'}'" for c in columns)
    quoted = str(source).replace("'", "''")
    numbers = ", decimal_separator=',', thousands=' '" if typed else ""
    return (
        f"read_csv('{quoted}', delim=';', header=true, auto_detect=false, columns={{{spec}}}, "
        f"quote='\"', escape='\"', strict_mode=true, encoding='utf-8'{numbers})"
    )


def _code(columns: list[str], name: str) -> str:
    return f"coalesce({name}, '')" if name in columns else "''"


def _aggregate_typed(con, source: Path, columns: list[str], year: int, table: str) -> tuple[int, int]:
    """As :func:`_aggregate`, with DuckDB parsing the amounts, and the cells grouped as they
    were read: the checks then run on the few thousand groups, not on every row. Period (or
    date) and account are group keys kept as text, so that they meet the same checks as on
    the text path (``05010`` is no account); a missing amount shows as ``count(belopp) <
    count(*)``. A group with every cell empty is blank lines, not rows."""
    keys = [c for c in columns if c not in ("belopp", "text")]
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE {table}_read AS
        SELECT {", ".join(keys)}, sum(belopp) AS amount, count(*) AS rows, count(belopp) AS amounts
        FROM {_source_sql(source, columns, typed=True)} GROUP BY ALL"""
    )
    checks = _checks(columns, year)
    (period, period_bad), (account, account_bad) = list(checks.values())[:2]
    blank = " AND ".join(f"{k} IS NULL" for k in keys) + " AND amounts = 0"
    bad = f"({period_bad}) OR ({account_bad}) OR amounts < rows OR NOT isfinite(amount)"
    rows, flagged = con.execute(
        f"SELECT coalesce(sum(rows), 0), count_if({bad}) FROM {table}_read WHERE NOT ({blank})"
    ).fetchone()
    con.execute(
        f"""CREATE OR REPLACE TABLE {table} AS
        SELECT {period} AS period, {account} AS account, {_code(columns, "ansvar")} AS ansvar,
               {_code(columns, "aktivitet")} AS aktivitet, {_code(columns, "objekt")} AS objekt,
               {_code(columns, "projekt")} AS projekt, sum(amount) AS amount, sum(rows) AS rows, false AS synthetic
        FROM {table}_read WHERE NOT ({blank}) GROUP BY ALL;
        DROP TABLE {table}_read"""
    )
    return rows, flagged


def _aggregate(con, source: Path, columns: list[str], year: int, table: str) -> tuple[int, int]:
    """Aggregate the file with every cell read as text and checked on every row (the path for
    the number forms DuckDB's own parse does not take); the total rows and the bad ones."""
    checks = _checks(columns, year)
    (period, _), (account, _), (amount, _) = checks.values()
    bad = " OR ".join(f"({c[1]})" for c in checks.values())
    synthetic = "false"  # the marking is read from the file's first rows (:func:`_marked`): Text is not parsed here
    keys = [c for c in columns if c != "text"]
    filled = " OR ".join(f"{c} IS NOT NULL" for c in keys)  # DuckDB reads an empty cell as NULL
    con.execute(
        f"""CREATE OR REPLACE TABLE {table} AS
        SELECT period, account, ansvar, aktivitet, objekt, projekt, sum(amount) AS amount, count(*) AS rows,
               bool_or(synthetic) AS synthetic, count_if(bad) AS bad
        FROM (SELECT {period} AS period, {account} AS account, {_code(columns, "ansvar")} AS ansvar,
                     {_code(columns, "aktivitet")} AS aktivitet, {_code(columns, "objekt")} AS objekt,
                     {_code(columns, "projekt")} AS projekt, {amount} AS amount, {synthetic} AS synthetic, {bad} AS bad
              FROM {_source_sql(source, columns)} WHERE {filled})
        GROUP BY ALL"""
    )
    return con.execute(f"SELECT coalesce(sum(rows), 0), coalesce(sum(bad), 0) FROM {table}").fetchone()


def _load(con, source: Path, columns: list[str], year: int, table: str) -> tuple[int, int]:
    """Aggregate the file (on :data:`CSV_THREADS`): first with DuckDB parsing the numbers
    (plain spaces as thousands separators, the common case), else, at the first cell it
    cannot parse or a bad value, with every cell as text and the Swedish number forms
    converted in SQL."""
    con.execute(f"SET threads = {CSV_THREADS}")
    try:
        rows, bad = _aggregate_typed(con, source, columns, year, table)
        if not bad:
            return rows, bad
    except duckdb.ConversionException:
        pass
    finally:
        con.execute(f"SET threads = {THREADS}")
    return _aggregate(con, source, columns, year, table)


def _first_bad(con, source: Path, path: Path, columns: list[str], year: int) -> RawDataError:
    """The first bad cell, found in SQL (its row ordinal), with its file line counted."""
    checks = _checks(columns, year)
    flags = ", ".join(f"({c[1]}) AS bad_{name}" for name, c in checks.items())
    cells = ", ".join(checks)
    con.execute("SET threads = 1; SET preserve_insertion_order = true")
    try:
        row = con.execute(
            f"""SELECT * FROM (SELECT row_number() OVER () AS k, {cells}, {flags}
                FROM {_source_sql(source, columns)}) WHERE {" OR ".join(f"bad_{n}" for n in checks)}
                ORDER BY k LIMIT 1"""
        ).fetchone()
    finally:
        con.execute(f"SET threads = {THREADS}; SET preserve_insertion_order = false")
    ordinal, values, flagged = row[0], row[1 : 1 + len(checks)], row[1 + len(checks) :]
    name, value = next((n, v) for n, v, f in zip(checks, values, flagged) if f)
    problem = {
        "period": f"not a period YYYYMM of {year}",
        "datum": f"not a date YYYY-MM-DD in {year}",
        "konto": "not a 4-digit account",
        "belopp": "not a Swedish number (1 234,50)",
    }[name]
    return RawDataError(path, problem, line=_line_of(source, ordinal), column=name.capitalize(), value=value)


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


def read_csv_part(con: duckdb.DuckDBPyConnection, path: Path, kind: str, year: int, table: str) -> CsvPart:
    """Load a ``huvudbok.csv`` (kind ``ledger``) or ``budget.csv`` (``budget``) of fiscal
    year ``year`` into DuckDB ``table``; RawDataError naming file, line, column and value."""
    header, bom = header_line(path)
    columns = check_header(path, header, kind)
    encoding = "utf-8-sig" if bom else "utf-8"
    with ThreadPoolExecutor(1) as pool, tempfile.TemporaryDirectory(prefix="ledger-") as tmp:
        checked = pool.submit(sha256_and_utf8, path)  # hashlib releases the GIL: beside DuckDB
        source = path
        try:
            rows, bad = _load(con, source, columns, year, table)
            failed = None
        except duckdb.InvalidInputException as err:
            failed = err
        sha256, utf8 = checked.result()
        if failed is not None and (bom or utf8 or "unicode" not in str(failed).lower()):
            raise duckdb_csv_error(path, failed) from None
        if not utf8 and not bom:  # Windows-1252 (also when only the Text column, not parsed above, showed it)
            encoding = "cp1252"
            if failed is not None or bad or not _ascii_codes(con, table):
                source = Path(tmp) / "utf8.csv"  # read again from UTF-8 (a bad cell's line is counted there too)
                transcode(path, "cp1252", source)
                try:
                    rows, bad = _load(con, source, columns, year, table)
                except duckdb.InvalidInputException as err2:
                    raise duckdb_csv_error(path, err2) from None
        if bad:
            raise _first_bad(con, source, path, columns, year)
        text_encoding = "cp1252" if source == path and encoding == "cp1252" else "utf-8-sig"
        synthetic = "text" in columns and _marked(source, text_encoding, columns.index("text"))
    if rows == 0:
        raise RawDataError(path, "file has a header but no data rows")
    con.execute(f"UPDATE {table} SET synthetic = {str(synthetic).lower()}")
    return CsvPart(path, table, encoding, int(rows), path.stat().st_size, sha256, synthetic)


def _ascii_codes(con, table: str) -> bool:
    """Whether every code the aggregation kept (responsibility, activity, object; period and
    account are digits once checked) is ASCII: then a Windows-1252 file reads the same as
    UTF-8, since the two agree on ASCII and Text is not among the columns read, and need not
    be transcoded and read again (4,4 s saved on 10 M rows)."""
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
