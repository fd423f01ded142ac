"""Reading raw exports: semicolon CSV (UTF-8, UTF-8 with BOM, Windows-1252) and XLSX.

A reader returns the header and the rows as text (or numbers, for Excel cells) with the
file line of each row; it interprets nothing. Structural problems raise
:class:`~analysis.exceptions.RawDataError` naming the file, line, column and value.
"""

from __future__ import annotations

import csv
import hashlib
import io
import logging
from dataclasses import dataclass, field
from pathlib import Path

from analysis.exceptions import RawDataError

log = logging.getLogger(__name__)

DELIMITER = ";"


@dataclass(frozen=True)
class RawRow:
    """One data row: its line in the file and its cells keyed by header."""

    line: int
    cells: dict[str, object]


@dataclass(frozen=True)
class RawTable:
    """A raw export as read: where it came from, how it was decoded, header and rows."""

    path: Path
    encoding: str
    sha256: str
    header: list[str]
    rows: list[RawRow] = field(default_factory=list)


def sha256_of(data: bytes) -> str:
    """Hex SHA-256 checksum of file contents."""
    return hashlib.sha256(data).hexdigest()


def decode(data: bytes, path: Path) -> tuple[str, str]:
    """Decode bytes as UTF-8 (with or without BOM), else Windows-1252; never latin-1."""
    if data.startswith(b"\xef\xbb\xbf"):
        candidates = ["utf-8-sig"]
    else:
        candidates = ["utf-8", "cp1252"]
    for encoding in candidates:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError as err:
            last = err
    line = data[: last.start].count(b"\n") + 1
    raise RawDataError(
        path, "cannot decode as UTF-8 or Windows-1252", line=line, value=data[last.start : last.start + 8]
    )


def read_raw(path: Path) -> RawTable:
    """Read one export, CSV or XLSX, and check its basic structure."""
    path = Path(path)
    if not path.is_file():
        raise RawDataError(path, "file not found")
    try:
        data = path.read_bytes()
    except OSError as err:
        raise RawDataError(path, f"cannot read the file: {err.strerror or err}") from None
    if path.suffix.lower() == ".xlsx":
        header, rows = _read_xlsx(path)
        encoding = "xlsx"
    else:
        text, encoding = decode(data, path)
        header, rows = _read_csv(text, path)
    log.info("read %s: %d rows, encoding %s", path.name, len(rows), encoding)
    return RawTable(path=path, encoding=encoding, sha256=sha256_of(data), header=header, rows=rows)


def _check_header(header: list[str], path: Path) -> list[str]:
    header = [h.strip() for h in header]
    for position, name in enumerate(header, start=1):
        if name == "" and position > 1:
            raise RawDataError(path, f"empty column name in header (column {position})", line=1)
    duplicates = {h for h in header if h and header.count(h) > 1}
    if duplicates:
        raise RawDataError(path, "duplicate column name in header", line=1, column=sorted(duplicates)[0])
    return header


def _read_csv(text: str, path: Path) -> tuple[list[str], list[RawRow]]:
    lines = text.splitlines()
    if not any(line.strip() for line in lines):
        raise RawDataError(path, "file is empty")
    first = lines[0]
    if DELIMITER not in first:
        found = next((d for d in (",", "\t", "|") if d in first), None)
        problem = (
            f"wrong delimiter: expected ';' but the header uses {found!r}"
            if found
            else "header has a single column; expected ';'-separated columns"
        )
        raise RawDataError(path, problem, line=1, value=first[:80])
    reader = csv.reader(io.StringIO(text), delimiter=DELIMITER)
    header = _check_header(next(reader), path)
    rows: list[RawRow] = []
    for fields in reader:
        line = reader.line_num
        if not any(f.strip() for f in fields):
            continue  # blank line (as printed between groups)
        if len(fields) < len(header):
            raise RawDataError(
                path,
                f"short row: {len(fields)} fields, header has {len(header)}",
                line=line,
                column=header[len(fields)],
                value=DELIMITER.join(fields),
            )
        if len(fields) > len(header):
            raise RawDataError(
                path,
                f"long row: {len(fields)} fields, header has {len(header)}",
                line=line,
                value=DELIMITER.join(fields),
            )
        rows.append(RawRow(line=line, cells=dict(zip(header, fields))))
    if not rows:
        raise RawDataError(path, "file has a header but no data rows")
    return header, rows


def _read_xlsx(path: Path) -> tuple[list[str], list[RawRow]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as err:  # openpyxl raises several types for broken files
        raise RawDataError(path, f"not a readable XLSX workbook ({err.__class__.__name__})") from None
    sheet = workbook.worksheets[0]
    raw_rows = list(sheet.iter_rows(values_only=True))
    workbook.close()
    if not raw_rows or not any(v is not None for v in raw_rows[0]):
        raise RawDataError(path, "file is empty")
    header_cells = list(raw_rows[0])
    while header_cells and header_cells[-1] is None:
        header_cells.pop()
    header = _check_header(["" if h is None else str(h) for h in header_cells], path)
    rows: list[RawRow] = []
    for number, values in enumerate(raw_rows[1:], start=2):
        values = list(values)
        if not any(v is not None and str(v).strip() for v in values):
            continue
        extra = [v for v in values[len(header) :] if v is not None and str(v).strip()]
        if extra:
            raise RawDataError(path, "value outside the header's columns", line=number, value=extra[0])
        values += [None] * (len(header) - len(values))
        cells = {h: ("" if v is None else v) for h, v in zip(header, values)}
        rows.append(RawRow(line=number, cells=cells))
    if not rows:
        raise RawDataError(path, "file has a header but no data rows")
    return header, rows
