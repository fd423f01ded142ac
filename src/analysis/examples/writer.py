"""``write_example_ledger``: the two raw folders (SIE and CSV) of the example ledgers.

Everything is checked before anything is written (years, rows, where to write); the files
are written into a hidden folder inside ``out`` and moved into place at the end, so a
failed run leaves ``out/sie`` and ``out/csv`` as they were. The shipped raw exports are only
read.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from analysis import paths
from analysis.examples.figures import YEARS
from analysis.examples.investments import write_example_investments
from analysis.examples.plan import Cell, year_cells
from analysis.examples.spread import minimum_rows, spread
from analysis.exceptions import AnalysisError

from . import formats

#: ``tables_from`` default: the project's ``data/raw`` (``analysis.paths.raw_dir()``)
SHIPPED = Path("<shipped data/raw>")
ENCODINGS = ("cp1252", "utf-8")
#: the most rows per year (10 million take about 1,2 GB of memory and 20 s for both formats)
MAX_ROWS = 20_000_000
FORMATS = ("sie", "csv")
#: files of a year's folder that are not copied: ours replaces them, or they are ledgers
SKIPPED_STEMS = ("kostnader_per_kostnadslag", "huvudbok", "budget")


def write_example_ledger(
    out: Path | str,
    years: Iterable[int],
    rows: int,
    seed: int = 2019,
    tables_from: Path | None = SHIPPED,
    encoding: str = "cp1252",
    force: bool = False,
    investments: bool = False,
) -> list[Path]:
    """Write ``out/sie`` and ``out/csv`` for ``years`` with exactly ``rows`` ledger rows a year.

    ``tables_from``: the raw folder whose ``<year>/`` table exports (all but
    ``kostnader_per_kostnadslag``) are copied beside each ledger; ``None`` copies none.
    ``encoding``: of the CSV and mapping files (the SIE file is always CP437). ``force``
    replaces existing non-empty ``out/sie`` and ``out/csv``. ``investments``: also an example
    investment register and frame in each year with investments, the ledger's investments
    booked on its projects (one cell each: more ``rows`` needed, 672 for 2019;
    :mod:`.investments`). Returns the files written.
    Raises :class:`AnalysisError` (nothing written) for an unknown year, a row count out of
    range, an unknown encoding, an ``out`` inside the raw data or existing output.
    """
    years = sorted({int(y) for y in years})
    tables = paths.raw_dir() if tables_from == SHIPPED else tables_from
    out = Path(out).resolve()
    plans = _plans(years, rows, seed, investments)
    if encoding not in ENCODINGS:
        raise AnalysisError(f"unknown encoding {encoding!r}; use one of {', '.join(ENCODINGS)}")
    _check_target(out, force, [paths.raw_dir()] + ([Path(tables)] if tables else []))
    out.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".example-ledger-", dir=out))
    try:
        written = _write_all(staging, plans, rows, encoding, tables, investments)
        _publish(staging, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return [out / p.relative_to(staging) for p in written]


def _plans(
    years: list[int], rows: int, seed: int, by_project=False
) -> dict[int, tuple[list[Cell], np.random.Generator]]:
    """Each year's cells and the generator that continues with its rows; checks years and rows."""
    unknown = [y for y in years if y not in YEARS]
    if not years or unknown:
        what = f"year {', '.join(map(str, unknown))}" if unknown else "no year given"
        raise AnalysisError(f"cannot generate an example ledger for {what}; years: {', '.join(map(str, YEARS))}")
    plans = {}
    for year in years:
        rng = np.random.default_rng(np.random.SeedSequence([seed, year]))
        cells = year_cells(YEARS[year], rng, by_project)
        least = minimum_rows(cells)
        if not least <= rows <= MAX_ROWS:
            raise AnalysisError(f"--rows {rows}: the example ledger of {year} needs {least} to {MAX_ROWS} rows")
        plans[year] = (cells, rng)
    return plans


def _check_target(out: Path, force: bool, protected: list[Path]) -> None:
    """Refuse to write into (or over) raw data, and over existing output unless ``force``."""
    targets = [out] + [out / name for name in FORMATS]
    for raw in (Path(p).resolve() for p in protected):
        if any(t.is_relative_to(raw) or raw.is_relative_to(t) for t in targets[1:]) or out.is_relative_to(raw):
            raise AnalysisError(f"--out {out}: refusing to write example data into the raw data folder {raw}")
    if out.exists() and not out.is_dir():
        raise AnalysisError(f"--out {out}: exists and is not a folder")
    for target in targets[1:]:
        if target.exists() and not target.is_dir():
            raise AnalysisError(f"{target}: exists and is not a folder")
        if target.is_dir() and any(target.iterdir()) and not force:
            raise AnalysisError(f"{target}: exists and is not empty; --force replaces it")


def _write_all(
    staging: Path, plans: dict, rows: int, encoding: str, tables: Path | None, investments=False
) -> list[Path]:
    """Every file, into ``staging/sie`` and ``staging/csv``."""
    sie, csv = staging / "sie", staging / "csv"
    written: list[Path] = []
    for folder in (sie, csv):
        folder.mkdir()
        written += formats.write_mapping(folder, encoding)
    for year, (cells, rng) in plans.items():
        ledger = spread(year, cells, rows, rng)
        for folder in (sie, csv):
            (folder / str(year)).mkdir()
        written.append(sie / str(year) / "huvudbok.se")
        formats.write_sie(ledger, written[-1])
        written.append(csv / str(year) / "huvudbok.csv")
        formats.write_ledger_csv(ledger, written[-1], encoding)
        if len(ledger.budget_amount):
            written.append(csv / str(year) / "budget.csv")
            formats.write_budget_csv(ledger, written[-1], encoding)
        del ledger
        written += _copy_tables(tables, year, [sie / str(year), csv / str(year)])
        if investments and YEARS[year].investments:
            for folder in (sie, csv):
                written += write_example_investments(folder / str(year), year, encoding, with_ledger=True)
    return written


def _copy_tables(tables: Path | None, year: int, targets: list[Path]) -> list[Path]:
    """The year's other table exports (read-only on the source) into each target folder."""
    source = Path(tables) / str(year) if tables else None
    if source is None or not source.is_dir():
        return []
    files = [f for f in sorted(source.iterdir()) if f.is_file() and not f.name.startswith(".")]
    files = [f for f in files if f.stem not in SKIPPED_STEMS]
    copied = []
    for target in targets:
        for f in files:
            shutil.copyfile(f, target / f.name)
            copied.append(target / f.name)
    return copied


def _publish(staging: Path, out: Path) -> None:
    """Move ``staging/sie`` and ``staging/csv`` to ``out``, replacing what was there."""
    for name in FORMATS:
        final = out / name
        if final.exists():
            os.replace(final, staging / f"replaced-{name}")
        os.replace(staging / name, final)
