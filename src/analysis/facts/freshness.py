"""Processed data that always matches the raw exports: re-clean the years whose raw files
changed since their last cleaning.

``manifest.json`` in ``data/processed`` records the SHA-256 of every raw file each cleaning
read, and of the mapping files (``kontoplan.csv``, ``ansvar.csv``, ``objekt.csv``) a year with
a ledger read: an edited mapping makes the ledger years stale. :func:`staleness` compares it
with the year's raw files now; a year never cleaned, or with a file changed, added or
removed, is cleaned again by :func:`analysis.facts.pipeline.refresh` (atomic write under the
lock of the processed folder, so concurrent chapters never see a half-written table). Other
years are left alone: a changed 2017 file does not re-clean 2019. When the cleaning fails,
its error (file, line, column, value) propagates: the caller never gets the old figures.

A notebook checks once per run: its setup cell checks the years it reads and marks them
trusted for the session (:func:`trust`); the ``load_*`` calls of its later cells then read
without hashing the raw files again. The next run of the setup cell checks again.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from analysis.facts.checksums import sha256
from analysis.facts.manifest import recorded_checksums
from analysis.facts.sources.systems import export_files
from analysis.facts.sources.yearfolders import input_files


@dataclass(frozen=True)
class Refreshed:
    """A year cleaned again because its processed data no longer matched its raw files."""

    year: int
    first: bool = False  # never cleaned before
    changed: int = 0
    new: int = 0
    removed: int = 0

    def __str__(self) -> str:
        if self.first:
            return f"{self.year}: not cleaned yet; cleaned now"
        parts = [
            f"{n} raw {'file' if n == 1 else 'files'} {what}"
            for n, what in ((self.changed, "changed"), (self.new, "added"), (self.removed, "removed"))
            if n
        ]
        return f"{self.year}: {', '.join(parts)} since the last cleaning; cleaned again"


def raw_checksums(year: int, raw_dir: Path) -> dict[str, str]:
    """``{"<year>/<file>": sha256}`` of the year's export files now, and ``{"<file>": sha256}``
    of the mapping files when the year has a ledger (a large file's remembered while it is
    unchanged: :mod:`analysis.facts.checksums`)."""
    export_files(year, raw_dir)  # an unknown export is an error, before anything is hashed
    return {name: sha256(path) for name, path in input_files(year, raw_dir).items()}


def staleness(year: int, raw_dir: Path, processed_dir: Path) -> Refreshed | None:
    """Why ``year`` must be cleaned again, or None when its processed data is current."""
    now, before = raw_checksums(year, raw_dir), recorded_checksums(year, processed_dir)
    if before is None:
        return Refreshed(year, first=True)
    if now == before:
        return None
    changed = sum(1 for name in now.keys() & before.keys() if now[name] != before[name])
    return Refreshed(
        year, changed=changed, new=len(now.keys() - before.keys()), removed=len(before.keys() - now.keys())
    )


#: The (raw folder, processed folder, year) the session's setup cell checked: see :func:`trust`.
_TRUSTED: set[tuple[str, str, int]] = set()


def _key(year: int, raw_dir: Path, processed_dir: Path) -> tuple[str, str, int]:
    return (str(Path(raw_dir).resolve()), str(Path(processed_dir).resolve()), int(year))


def trust(years, raw_dir: Path, processed_dir: Path) -> None:
    """Mark ``years`` as checked for this session (after a check that found them current or
    cleaned them)."""
    _TRUSTED.update(_key(y, raw_dir, processed_dir) for y in years)


def trusted(year: int, raw_dir: Path, processed_dir: Path) -> bool:
    """Whether the session's setup cell checked ``year`` of these folders."""
    return _key(year, raw_dir, processed_dir) in _TRUSTED


def forget() -> None:
    """Trust no earlier check (a setup cell runs again: it checks anew)."""
    _TRUSTED.clear()
