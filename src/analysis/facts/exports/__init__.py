"""The HR system's and the investment register's exports (issue 19): one reader module per
export, each turning a year's file into facts (derived, with their formula), findings and a
processed table of its own.

- :mod:`.hr_statistics`: ``personal.csv``, the HR system's statistics (one row per month,
  unit, sex and age group; never a row per person);
- :mod:`.investment_register`: ``investeringsram.csv`` (the board's frame) and
  ``investeringsprojekt.csv`` (the register, one row per project).

The ledger's formats (SIE 4, ledger CSV) are read in :mod:`analysis.facts.ledger.formats`.
A reader knows nothing of the pipeline that calls it: :func:`read_exports` is what the
cleaning calls, once per report year, after the printed tables and the ledger.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd


@dataclass
class ExportResult:
    """What a year's system exports add to the cleaning: facts (``derived=True``, with the
    formula in ``note``), findings, processed tables by stem (each with ``report_year``)
    and one ``raw_files`` record per file read."""

    facts: list[pd.DataFrame] = field(default_factory=list)
    findings: list[pd.DataFrame] = field(default_factory=list)
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    files: list[dict] = field(default_factory=list)

    def add(self, other: ExportResult) -> None:
        self.facts += other.facts
        self.findings += other.findings
        for stem, frame in other.tables.items():
            before = self.tables.get(stem)
            self.tables[stem] = frame if before is None else pd.concat([before, frame], ignore_index=True)
        self.files += other.files


@dataclass(frozen=True)
class Export:
    """A system export: the file names of a year folder it reads, the processed tables it
    writes (stem -> columns and dtypes), and its reader.

    ``read(year, folder, context)`` gets the report year, the year folder and a dict with
    ``facts`` (the year's facts from its printed tables and ledger) and ``monthly`` (the
    ledger's monthly rows, possibly empty)."""

    files: tuple[str, ...]
    tables: dict[str, dict[str, str]]
    read: Callable[[int, Path, dict], ExportResult]


#: The system exports, filled by the reader modules (:func:`register`).
EXPORTS: list[Export] = []


def register(export: Export) -> Export:
    EXPORTS.append(export)
    return export


def _load() -> list[Export]:
    """The registered exports (the reader modules register themselves on import)."""
    import importlib
    import pkgutil

    for module in pkgutil.iter_modules(__path__):
        if not module.name.startswith("_"):
            importlib.import_module(f"{__name__}.{module.name}")
    return EXPORTS


def export_file_names() -> set[str]:
    """The file names (lower case) of a year folder that are system exports."""
    return {name.lower() for export in _load() for name in export.files}


def table_columns() -> dict[str, dict[str, str]]:
    """Every processed table the exports write: stem -> columns and dtypes."""
    return {stem: columns for export in _load() for stem, columns in export.tables.items()}


def typed(frame: pd.DataFrame, columns: dict[str, str]) -> pd.DataFrame:
    """``frame`` with exactly ``columns``, in order and with their dtypes."""
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"the processed table lacks the columns {missing}")
    return frame[list(columns)].astype(columns).reset_index(drop=True)


def empty(columns: dict[str, str]) -> pd.DataFrame:
    return typed(pd.DataFrame({c: [] for c in columns}), columns)


def read_exports(year: int, folder: Path, context: dict) -> ExportResult:
    """Read every system export present in the year folder."""
    result = ExportResult()
    present = {p.name.lower() for p in Path(folder).iterdir() if p.is_file()}
    for export in _load():
        if present & {name.lower() for name in export.files}:
            result.add(export.read(year, Path(folder), context))
    return result
