"""Which files are a year's ledger and its mapping files: names only, nothing read, so that
the year folders, the staleness check and the build's plan can ask without loading DuckDB.

- a ledger: a SIE file (:data:`SIE_SUFFIXES`) or ``huvudbok.csv``, with ``budget.csv`` beside it;
- the mapping files beside the year folders (:data:`MAPPING_FILES`), read when a year has a
  ledger (:mod:`analysis.facts.sources.ledger.mapping`).
"""

from __future__ import annotations

from pathlib import Path

from analysis.exceptions import RawDataError

#: The suffixes of a SIE 4 file, as programs name them.
SIE_SUFFIXES = (".se", ".si", ".sie")
LEDGER_CSV, BUDGET_CSV = "huvudbok.csv", "budget.csv"
ACCOUNTS, RESPONSIBILITIES, OBJECTS, FIELD_FILE = "kontoplan.csv", "ansvar.csv", "objekt.csv", "kolumner.csv"
MAPPING_FILES = (ACCOUNTS, RESPONSIBILITIES, OBJECTS, FIELD_FILE)


def is_ledger_file(path: Path) -> bool:
    """Whether a file of a year folder is a ledger export (SIE, ``huvudbok.csv``, ``budget.csv``)."""
    return path.suffix.lower() in SIE_SUFFIXES or path.name.lower() in (LEDGER_CSV, BUDGET_CSV)


def ledger_files(folder: Path) -> tuple[Path | None, Path | None]:
    """The year's ledger (SIE or CSV) and budget CSV; two ledgers in one year are an error."""
    files = sorted(p for p in Path(folder).iterdir() if p.is_file() and is_ledger_file(p))
    ledgers = [p for p in files if p.name.lower() != BUDGET_CSV]
    if len(ledgers) > 1:
        raise RawDataError(ledgers[1], f"a second ledger in the same year (also {ledgers[0].name}); keep one")
    budget = next((p for p in files if p.name.lower() == BUDGET_CSV), None)
    if budget is not None and not ledgers:
        raise RawDataError(budget, f"a budget without a ledger ({LEDGER_CSV} or a SIE file) in the same year")
    return (ledgers[0] if ledgers else None), budget


def mapping_paths(year: int, raw_dir: Path) -> list[Path]:
    """The mapping files a year's cleaning reads: those present, when the year has a ledger."""
    folder = Path(raw_dir) / str(year)
    if not folder.is_dir() or not any(p.is_file() and is_ledger_file(p) for p in folder.iterdir()):
        return []
    return [Path(raw_dir) / name for name in MAPPING_FILES if (Path(raw_dir) / name).is_file()]
