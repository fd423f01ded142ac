"""What a source system's reader gives the cleaning: :class:`Export` (the files of a year
folder it reads, the processed tables it writes, its reader) and :class:`ExportResult` (the
facts, findings, processed tables and raw-file records it read). The systems themselves are
listed in :mod:`analysis.facts.sources.systems`."""

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
