"""The year folders of the raw exports: which report years there are, and which files of a
year are exports (an unknown export is an error). Read by the pipeline and the staleness
check alike, so that neither imports the other for it."""

from __future__ import annotations

import re
from pathlib import Path

from analysis import paths
from analysis.exceptions import RawDataError, UnknownYearError
from analysis.facts.catalog import SPECS, spec_for
from analysis.facts.sources.ledger.files import SIE_SUFFIXES, is_ledger_file, mapping_paths
from analysis.facts.sources.systems import export_file_names

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


def _as_year(year: object, present: list[int]) -> int:
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
    return _as_year(year, available_years(raw_dir))


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


def year_files(year: int, raw_dir: Path) -> list[Path]:
    """The export files of a report year's folder, sorted (none when it has no folder)."""
    folder = Path(raw_dir) / str(year)
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in EXPORT_SUFFIXES and p.is_file())


def input_files(year: int, raw_dir: Path, *, check: bool = False) -> dict[str, Path]:
    """Every raw file a report year's cleaning reads, by the name its checksum is recorded
    under: ``<year>/<file>`` for its exports, ``<file>`` for the mapping files beside the year
    folders when the year has a ledger. With ``check``, an unknown export is an error
    (:func:`export_files`). The staleness check and the build's plan both ask this."""
    exports = export_files(year, Path(raw_dir)) if check else year_files(year, raw_dir)
    files = {f"{year}/{p.name}": p for p in exports}
    files.update({p.name: p for p in mapping_paths(year, raw_dir)})
    return files
