"""The analyst's mapping files beside the year folders: accounts → cost types
(``kontoplan.csv``), responsibilities → business areas (``ansvar.csv``), objects → MT
categories (``objekt.csv``), and which column or SIE dimension of an export is which field
(``kolumner.csv``). Read and validated here; applied in DuckDB as joins (the account ranges
as a range join), so no ledger row passes through Python.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.exceptions import RawDataError
from analysis.facts.sources.ledger.files import ACCOUNTS, FIELD_FILE, OBJECTS, RESPONSIBILITIES
from analysis.facts.sources.ledger.formats.csv_layouts import CODES, LABELS, NONE, normalise
from analysis.facts.sources.ledger.formats.fieldmap import SIE_DIMENSIONS, FieldMap
from analysis.facts.sources.reading import RawTable, read_raw

COST_TYPES = (
    "Personalkostnader",
    "Avskrivningskostnader",
    "PC-utrullning",
    "MT service och underhåll",
    "Övriga kostnader",
)
OTHER_TYPES = ("Intäkter", "Investering IT", "Investering MT")
MT_SERVICE = "MT service och underhåll"
#: Result and balance accounts, at 4 digits: a longer account is compared by its first four
#: (``30100`` is a result account, ``19300`` a balance account): :func:`at_length`. An account is
#: a code: ``0351`` (a program's statistics account) is neither, and no 3510.
RESULT_ACCOUNTS, BALANCE_ACCOUNTS = ("3000", "8999"), ("1000", "2999")


def at_length(column: str, digits: int) -> str:
    """SQL of an account compared at ``digits`` digits, as text (the plan's accounts are text
    of one length, so they compare as numbers do): a longer one cut to its first digits (its
    parent account), a shorter one padded with zeros (``5010`` at 5 is ``50100``), a leading
    zero kept (``0351`` is ``0351``, not 351 padded to 3510)."""
    return f"rpad(left(CAST({column} AS VARCHAR), {digits}), {digits}, '0')"


def between(column: str, accounts: tuple[str, str]) -> str:
    """SQL: the account, at the length of ``accounts`` (4 digits), lies in that range."""
    return f"{at_length(column, len(accounts[0]))} BETWEEN '{accounts[0]}' AND '{accounts[1]}'"


@dataclass(frozen=True)
class Mappings:
    """The three mappings as small frames, which column or dimension is which field
    (``kolumner.csv``; the vocabulary's and the defaults without it), and the raw files
    they came from."""

    accounts: pd.DataFrame  # lo, hi (codes as written, of one length: 4, 5 or 6 digits), cost_type
    responsibilities: pd.DataFrame  # code, business_area
    objects: pd.DataFrame  # code, mt_category
    files: tuple[RawTable, ...]
    has_responsibilities: bool
    has_objects: bool
    fields: FieldMap = FieldMap()

    def register(self, con) -> None:
        """Make the mappings DuckDB tables ``map_accounts``, ``map_ansvar``, ``map_objekt``."""
        for name, frame in (
            ("map_accounts", self.accounts),
            ("map_ansvar", self.responsibilities),
            ("map_objekt", self.objects),
        ):
            con.register(f"{name}_frame", frame)
            con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT * FROM {name}_frame")
            con.unregister(f"{name}_frame")


def _columns(raw: RawTable, wanted: tuple[str, ...]) -> list[str]:
    """The header names of ``wanted`` (matched case-insensitively); unknown or missing ones are errors."""
    by_lower = {h.lower(): h for h in raw.header}
    for header in raw.header:
        if header.lower() not in (w.lower() for w in wanted):
            raise RawDataError(raw.path, f"unknown column (expected {';'.join(wanted)})", line=1, column=header)
    missing = [w for w in wanted if w.lower() not in by_lower]
    if missing:
        raise RawDataError(raw.path, "missing required column", line=1, column=missing[0], value=";".join(raw.header))
    return [by_lower[w.lower()] for w in wanted]


def _account(raw: RawTable, row, column: str) -> str:
    """An account of the plan: 4 to 6 digits, a code kept as written (``0351`` is not 351)."""
    text = str(row.cells[column]).strip()
    if not (text.isascii() and text.isdigit() and 4 <= len(text) <= 6):
        raise RawDataError(raw.path, "not an account of 4 to 6 digits", line=row.line, column=column, value=text)
    return text


def _one_length(raw: RawTable, frame: pd.DataFrame, column: str) -> None:
    """A plan's accounts are all of one length (they are compared with the ledger's at that
    length); a plan that mixes lengths is refused, naming the lines of each length."""
    lengths: dict[int, set[int]] = {}
    for lo, hi, line in frame[["lo", "hi", "line"]].itertuples(index=False):
        for digits in {len(lo), len(hi)}:
            lengths.setdefault(digits, set()).add(int(line))
    if len(lengths) <= 1:
        return
    text = "; ".join(f"{n} digits on line {_lines(lines)}" for n, lines in sorted(lengths.items()))
    fewest = min(lengths.values(), key=len)
    raise RawDataError(
        raw.path, f"accounts of different lengths ({text}): keep one length", line=min(fewest), column=column
    )


def _lines(lines: set[int], shown: int = 5) -> str:
    """``2, 3, 5`` (the first few, then ``…``)."""
    first = sorted(lines)
    return ", ".join(str(n) for n in first[:shown]) + (", …" if len(first) > shown else "")


def read_accounts(path: Path) -> tuple[pd.DataFrame, RawTable]:
    """``kontoplan.csv`` as ranges (lo, hi, cost_type, line), the accounts as written (text
    of one length, so that they compare as numbers do); overlapping ranges, a range from > to,
    an empty cell or an unknown cost type are errors naming the line."""
    raw = read_raw(path)
    lo_col, hi_col, type_col = _columns(raw, ("Konto från", "Konto till", "Kostnadslag"))
    known = {t.lower(): t for t in COST_TYPES + OTHER_TYPES}
    rows = []
    for row in raw.rows:
        lo, hi = _account(raw, row, lo_col), _account(raw, row, hi_col)
        if int(lo) > int(hi):
            raise RawDataError(raw.path, "range from > to", line=row.line, column=hi_col, value=f"{lo}–{hi}")
        cost_type = " ".join(str(row.cells[type_col]).split())
        if cost_type.lower() not in known:
            raise RawDataError(
                raw.path,
                f"unknown cost type (known: {', '.join(known.values())})",
                line=row.line,
                column=type_col,
                value=cost_type,
            )
        rows.append({"lo": lo, "hi": hi, "cost_type": known[cost_type.lower()], "line": row.line})
    frame = pd.DataFrame(rows).sort_values(["lo", "hi"], ignore_index=True)
    _one_length(raw, frame, lo_col)
    overlap = frame["lo"].iloc[1:].to_numpy() <= frame["hi"].iloc[:-1].to_numpy()
    if overlap.any():
        i = int(overlap.argmax())
        first, second = frame.iloc[i], frame.iloc[i + 1]
        raise RawDataError(
            raw.path,
            f"account ranges overlap (with line {int(first['line'])}: {first['lo']}–{first['hi']})",
            line=int(second["line"]),
            column=lo_col,
            value=f"{second['lo']}–{second['hi']}",
        )
    return frame[["lo", "hi", "cost_type"]].astype("str"), raw


def read_codes(path: Path, code_col: str, label_col: str, label: str) -> tuple[pd.DataFrame, RawTable]:
    """A code → label file (``ansvar.csv``, ``objekt.csv``); an empty or duplicate code, or an
    empty label, is an error naming the line."""
    raw = read_raw(path)
    code_h, label_h = _columns(raw, (code_col, label_col))
    seen: dict[str, int] = {}
    rows = []
    for row in raw.rows:
        code, text = str(row.cells[code_h]).strip(), " ".join(str(row.cells[label_h]).split())
        if not code:
            raise RawDataError(raw.path, "empty code", line=row.line, column=code_h, value=text)
        if code in seen:
            raise RawDataError(
                raw.path, f"duplicate code (also line {seen[code]})", line=row.line, column=code_h, value=code
            )
        if not text:
            raise RawDataError(raw.path, "empty label", line=row.line, column=label_h, value=code)
        seen[code] = row.line
        rows.append({"code": code, label: text})
    return pd.DataFrame(rows, columns=["code", label]).astype("str"), raw


def read_mappings(raw_dir: Path, ledger: Path) -> Mappings:
    """The mapping files of ``raw_dir``; ``kontoplan.csv`` is required once a year has a
    ledger (``ledger`` names it in the error), the others are optional."""
    raw_dir = Path(raw_dir)
    if not (raw_dir / ACCOUNTS).is_file():
        raise RawDataError(raw_dir / ACCOUNTS, f"missing: the ledger {ledger.name} needs the chart of accounts")
    accounts, account_raw = read_accounts(raw_dir / ACCOUNTS)
    files = [account_raw]
    frames = {}
    for name, code, label, column in (
        (RESPONSIBILITIES, "Ansvar", "Verksamhetsområde", "business_area"),
        (OBJECTS, "Objekt", "MT-kategori", "mt_category"),
    ):
        if (raw_dir / name).is_file():
            frames[name], raw = read_codes(raw_dir / name, code, label, column)
            files.append(raw)
        else:
            frames[name] = pd.DataFrame({"code": [], column: []}).astype("str")
    fields = FieldMap(source=str(raw_dir / FIELD_FILE))
    if (raw_dir / FIELD_FILE).is_file():
        fields, raw = read_fields(raw_dir / FIELD_FILE)
        files.append(raw)
    return Mappings(
        accounts=accounts,
        responsibilities=frames[RESPONSIBILITIES],
        objects=frames[OBJECTS],
        files=tuple(files),
        has_responsibilities=(raw_dir / RESPONSIBILITIES).is_file(),
        has_objects=(raw_dir / OBJECTS).is_file(),
        fields=fields,
    )


FIELD_COLUMNS = ("Fält", "Kolumn", "SIE-dimension")
_FIELDS = {normalise(label): field for field, label in LABELS.items()}


def read_fields(path: Path) -> tuple[FieldMap, RawTable]:
    """``kolumner.csv``: ``Fält;Kolumn`` (and optionally ``SIE-dimension``), one row per
    field (``Konto``, ``Period``, ``Datum``, ``Belopp``, ``Debet``, ``Kredit``, ``D/K``,
    ``Ansvar``, ``Aktivitet``, ``Objekt``, ``Projekt``, ``Text``) naming the CSV column that
    holds it (``-``: the export has none, the vocabulary is not to look for it), and for the
    codes the SIE dimension number. An unknown or repeated field, a
    column named twice, a dimension that is not digits or on a field that is no code is an
    error naming the line."""
    raw = read_raw(path)
    with_sie = len(raw.header) == 3
    field_h, column_h, *sie_h = _columns(raw, FIELD_COLUMNS if with_sie else FIELD_COLUMNS[:2])
    names: dict[str, str] = {}
    dimensions = dict(SIE_DIMENSIONS)
    seen: dict[str, int] = {}
    for row in raw.rows:
        label = str(row.cells[field_h]).strip()
        field = _FIELDS.get(normalise(label))
        if field is None or field in seen:
            problem = (
                f"field also on line {seen[field]}" if field else f"unknown field (known: {', '.join(LABELS.values())})"
            )
            raise RawDataError(raw.path, problem, line=row.line, column=field_h, value=label)
        seen[field] = row.line
        column = str(row.cells[column_h]).strip()
        number = str(row.cells[sie_h[0]]).strip() if sie_h else ""
        if column not in ("", NONE) and normalise(column) in {normalise(c) for c in names.values()}:
            raise RawDataError(raw.path, "column named for two fields", line=row.line, column=column_h, value=column)
        if number and not (number.isascii() and number.isdigit() and field in CODES):
            problem = "not a SIE dimension number" if field in CODES else "a SIE dimension for a field that is no code"
            raise RawDataError(raw.path, problem, line=row.line, column=sie_h[0], value=number)
        if not column and not number:
            raise RawDataError(raw.path, "neither a column nor a SIE dimension", line=row.line, column=column_h)
        if column:
            names[field] = column
        if number:
            dimensions[field] = int(number)
    _distinct_dimensions(raw, dimensions, seen)
    return FieldMap(csv_names=names, sie_dimensions=dimensions, source=str(raw.path)), raw


def _distinct_dimensions(raw: RawTable, dimensions: dict[str, int], lines: dict[str, int]) -> None:
    """Two codes on one SIE dimension (with the defaults of those not named) is an error."""
    by_number: dict[int, str] = {}
    for field, number in dimensions.items():
        if number in by_number:
            a, b = by_number[number], field
            line = max(lines.get(a, 0), lines.get(b, 0)) or None
            raise RawDataError(
                raw.path, f"SIE dimension {number} for both {LABELS[a]} and {LABELS[b]}", line=line, value=number
            )
        by_number[number] = field
