"""The year folders of the raw exports: which report years there are, and which files of a
year are exports (an unknown export is an error). Read by the pipeline and the staleness
check alike, so that neither imports the other for it."""

from __future__ import annotations

import re
from pathlib import Path

from analysis import paths
from analysis.exceptions import RawDataError, UnknownYearError
from analysis.facts.catalog import SPECS, spec_for
from analysis.facts.sources.ledger import is_ledger_file
from analysis.facts.sources.reading import SUFFIXES
from analysis.facts.sources.systems import export_file_names


def available_years(raw_dir: Path | None = None) -> list[int]:
    """Report years that have a folder of raw exports."""
    raw_dir = Path(raw_dir or paths.raw_dir())
    if not raw_dir.is_dir():
        return []
    return sorted(
        int(p.name)
        for p in raw_dir.iterdir()
        if p.is_dir() and re.fullmatch(r"\d{4}", p.name) and any(f.suffix.lower() in SUFFIXES for f in p.iterdir())
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
    folder = raw_dir / str(year)
    files = sorted(p for p in folder.iterdir() if p.suffix.lower() in SUFFIXES and p.is_file())
    stems: dict[str, Path] = {}
    for path in files:
        if spec_for(path.stem) is None and not is_ledger_file(path) and path.name.lower() not in export_file_names():
            known = ", ".join(s.file_stem for s in SPECS)
            raise RawDataError(path, f"unknown export; known exports are: {known}")
        if path.stem.lower() in stems:
            raise RawDataError(path, f"the same export twice (also {stems[path.stem.lower()].name})")
        stems[path.stem.lower()] = path
    return files
