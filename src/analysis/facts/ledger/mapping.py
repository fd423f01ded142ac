"""The analyst's mapping files beside the year folders: accounts → cost types
(``kontoplan.csv``), responsibilities → business areas (``ansvar.csv``), objects → MT
categories (``objekt.csv``). Read and validated here; applied in DuckDB as joins (the
account ranges as a range join), so no ledger row passes through Python.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.exceptions import RawDataError
from analysis.facts.readers import RawTable, read_raw

ACCOUNTS, RESPONSIBILITIES, OBJECTS = "kontoplan.csv", "ansvar.csv", "objekt.csv"
MAPPING_FILES = (ACCOUNTS, RESPONSIBILITIES, OBJECTS)
COST_TYPES = (
    "Personalkostnader",
    "Avskrivningskostnader",
    "PC-utrullning",
    "MT service och underhåll",
    "Övriga kostnader",
)
OTHER_TYPES = ("Intäkter", "Investering IT", "Investering MT")
MT_SERVICE = "MT service och underhåll"


@dataclass(frozen=True)
class Mappings:
    """The three mappings as small frames, and the raw files they came from."""

    accounts: pd.DataFrame  # lo, hi, cost_type
    responsibilities: pd.DataFrame  # code, business_area
    objects: pd.DataFrame  # code, mt_category
    files: tuple[RawTable, ...]
    has_responsibilities: bool
    has_objects: bool

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


def _account(raw: RawTable, row, column: str) -> int:
    text = str(row.cells[column]).strip()
    if not (text.isdigit() and len(text) == 4):
        raise RawDataError(raw.path, "not a 4-digit account", line=row.line, column=column, value=text)
    return int(text)


def read_accounts(path: Path) -> tuple[pd.DataFrame, RawTable]:
    """``kontoplan.csv`` as ranges (lo, hi, cost_type, line); overlapping ranges, a range
    from > to, an empty cell or an unknown cost type are errors naming the line."""
    raw = read_raw(path)
    lo_col, hi_col, type_col = _columns(raw, ("Konto från", "Konto till", "Kostnadslag"))
    known = {t.lower(): t for t in COST_TYPES + OTHER_TYPES}
    rows = []
    for row in raw.rows:
        lo, hi = _account(raw, row, lo_col), _account(raw, row, hi_col)
        if lo > hi:
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
    return frame[["lo", "hi", "cost_type"]].astype({"lo": "int32", "hi": "int32", "cost_type": "str"}), raw


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
    ledger (``ledger`` names it in the error), the other two are optional."""
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
    return Mappings(
        accounts=accounts,
        responsibilities=frames[RESPONSIBILITIES],
        objects=frames[OBJECTS],
        files=tuple(files),
        has_responsibilities=(raw_dir / RESPONSIBILITIES).is_file(),
        has_objects=(raw_dir / OBJECTS).is_file(),
    )
