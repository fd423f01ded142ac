"""The year folders of the raw exports: which report years there are, and which raw files a
year's cleaning reads (:func:`input_files`, which the staleness check and the build's plan
both ask). Names and folders only, nothing read: light to import (whether a file is an
export some system reads is :func:`analysis.facts.sources.systems.export_files`)."""

from __future__ import annotations

import re
from pathlib import Path

from analysis import paths
from analysis.exceptions import UnknownYearError
from analysis.facts.sources.ledger.files import SIE_SUFFIXES, mapping_paths

#: The suffixes of the export files of a year folder: tables, and the SIE ledgers.
EXPORT_SUFFIXES = (".csv", ".xlsx", *SIE_SUFFIXES)


def available_years(raw_dir: Path | None = None) -> list[int]:
    """Report years that have a folder of raw exports."""
    raw_dir = Path(raw_dir or paths.raw_dir())
    if not raw_dir.is_dir():
        return []
    return sorted(
        int(p.name)
        for p in raw_dir.iterdir()
        if p.is_dir()
        and re.fullmatch(r"\d{4}", p.name)
        and any(f.suffix.lower() in EXPORT_SUFFIXES for f in p.iterdir())
    )


def as_year(year: object, present: list[int]) -> int:
    """The year as an int if it is one of ``present``; UnknownYearError listing them if not."""
    try:
        number = int(str(year))
    except ValueError:
        raise UnknownYearError(year, present) from None
    if number not in present:
        raise UnknownYearError(year, present)
    return number


def check_year(year: object, raw_dir: Path | None = None) -> int:
    """The year as an int if it has raw data; UnknownYearError listing the others if not."""
    return as_year(year, available_years(raw_dir))


def year_files(year: int, raw_dir: Path) -> list[Path]:
    """The export files of a report year's folder, sorted (none when it has no folder)."""
    folder = Path(raw_dir) / str(year)
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in EXPORT_SUFFIXES and p.is_file())


def input_files(year: int, raw_dir: Path) -> dict[str, Path]:
    """Every raw file a report year's cleaning reads, by the name its checksum is recorded
    under: ``<year>/<file>`` for its exports, ``<file>`` for the mapping files beside the year
    folders when the year has a ledger. The staleness check and the build's plan both ask this."""
    files = {f"{year}/{p.name}": p for p in year_files(year, raw_dir)}
    files.update({p.name: p for p in mapping_paths(year, raw_dir)})
    return files
