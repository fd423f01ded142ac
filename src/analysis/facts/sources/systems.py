"""Every source system whose exports a year folder can hold, and where each is read.

- the printed tables of the annual report (``resultat.csv``, ``investeringar.csv``, ...):
  :mod:`analysis.facts.sources.printed` (``tables`` and ``coded``; what each holds is
  :mod:`analysis.facts.catalog`);
- the general ledger, SIE 4 from any program or an ERP's CSV (Raindance, Unit4 Business
  World/Agresso, Visma): :mod:`analysis.facts.sources.ledger` (``formats/sie4``,
  ``formats/ledger_csv`` with ``formats/csv_layouts``);
- the HR system's statistics (``personal.csv``): :mod:`analysis.facts.sources.hr`;
- the investment register (``investeringsram.csv``, ``investeringsprojekt.csv``):
  :mod:`analysis.facts.sources.investment_register`;
- the division's own full-year forecast (``prognos.csv``):
  :mod:`analysis.facts.sources.division_forecast`.

Each reads a file as text with :mod:`analysis.facts.sources.reading` (the ledgers with DuckDB)
and fills the shared schema (:mod:`analysis.facts.schema`); none imports a later step. The
cleaning (:func:`analysis.facts.pipeline.read_year`) reads the printed tables and the ledger
itself and then every export of :data:`SYSTEM_EXPORTS` present in the year folder.
"""

from __future__ import annotations

from pathlib import Path

from analysis.exceptions import RawDataError
from analysis.facts.catalog import SPECS, spec_for
from analysis.facts.sources.division_forecast import prognos as division_forecast
from analysis.facts.sources.exports import Export, ExportResult
from analysis.facts.sources.hr import statistics as hr_statistics
from analysis.facts.sources.investment_register import register as investment_register
from analysis.facts.sources.ledger.files import is_ledger_file
from analysis.facts.sources.yearfolders import year_files

#: The system exports beside the printed tables and the ledger, each with its reader.
SYSTEM_EXPORTS: tuple[Export, ...] = (hr_statistics.EXPORT, investment_register.EXPORT, division_forecast.EXPORT)


def export_file_names() -> set[str]:
    """The file names (lower case) of a year folder that are system exports."""
    return {name.lower() for export in SYSTEM_EXPORTS for name in export.files}


def table_columns() -> dict[str, dict[str, str]]:
    """Every processed table the exports write: stem -> columns and dtypes."""
    return {stem: columns for export in SYSTEM_EXPORTS for stem, columns in export.tables.items()}


def read_exports(year: int, folder: Path, context: dict) -> ExportResult:
    """Read every system export present in the year folder."""
    result = ExportResult()
    present = {p.name.lower() for p in Path(folder).iterdir() if p.is_file()}
    for export in SYSTEM_EXPORTS:
        if present & {name.lower() for name in export.files}:
            result.add(export.read(year, Path(folder), context))
    return result


def export_files(year: int, raw_dir: Path) -> list[Path]:
    """The export files of a report year, sorted; unknown exports are an error."""
    files = year_files(year, raw_dir)
    stems: dict[str, Path] = {}
    for path in files:
        if spec_for(path.stem) is None and not is_ledger_file(path) and path.name.lower() not in export_file_names():
            known = ", ".join(s.file_stem for s in SPECS)
            raise RawDataError(path, f"unknown export; known exports are: {known}")
        if path.stem.lower() in stems:
            raise RawDataError(path, f"the same export twice (also {stems[path.stem.lower()].name})")
        stems[path.stem.lower()] = path
    return files
