"""The cleaning run: read a year's raw exports, clean, derive, validate, write.

``clean()`` is what the command line (``python -m analysis clean``) and the data-quality
notebook call. Outputs in ``data/processed``:

- ``facts.parquet`` / ``facts.csv``: one row per figure, all report years;
- ``quality.parquet`` / ``quality.csv``: validation findings, and the cross-year findings
  (restated figures, stated changes; :mod:`~analysis.facts.series`) computed over the
  facts of all years cleaned so far, with the alias list ``<raw_dir>/aliases.csv``;
- ``raw_files.parquet`` / ``raw_files.csv`` and ``manifest.json``: every raw file read,
  with its SHA-256, encoding and rows, and what changed since the previous run (the mapping
  files a ledger year read are rows of its own, and ``mappings`` in the manifest);
- ``ledger_monthly.parquet`` / ``.csv``: the monthly ledger table of the years with a ledger
  (:mod:`~analysis.facts.sources.ledger`, ``docs/ledger.md``).

All are written only after every step succeeded, so a failed run leaves them as they were.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import sys
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analysis import paths
from analysis.exceptions import ProcessedDataMissing
from analysis.facts import freshness
from analysis.facts.catalog import spec_for
from analysis.facts.derive import derive
from analysis.facts.freshness import Refreshed, staleness
from analysis.facts.manifest import changed_files, year_entries
from analysis.facts.schema import (
    FACT_COLUMNS,
    FINDING_COLUMNS,
    MONTHLY_COLUMNS,
    MONTHLY_STEM,
    RAW_FILE_COLUMNS,
    empty,
    empty_facts,
    empty_findings,
    empty_monthly,
    typed,
    typed_monthly,
)
from analysis.facts.series import CROSS_YEAR_CHECKS, cross_year_findings, load_aliases
from analysis.facts.sources.exports import ExportResult
from analysis.facts.sources.ledger.files import is_ledger_file
from analysis.facts.sources.ledger.year import LedgerResult, read_ledger
from analysis.facts.sources.printed.tables import clean_table
from analysis.facts.sources.reading import read_raw
from analysis.facts.sources.systems import export_file_names, export_files, read_exports, table_columns
from analysis.facts.sources.yearfolders import as_year, available_years, check_year
from analysis.facts.store import dumps, locked, read_json, write_frames_together
from analysis.facts.validate import validate
from analysis.version import package_version

log = logging.getLogger(__name__)


@dataclass
class CleanResult:
    """What a cleaning run read and produced."""

    facts: pd.DataFrame
    findings: pd.DataFrame
    raw_files: pd.DataFrame
    changes: dict[str, str] = field(default_factory=dict)


def read_year(year: int, raw_dir: Path) -> tuple[pd.DataFrame, list[dict], LedgerResult | None, ExportResult]:
    """Clean every export of one report year: (facts, one record per raw file read, what the
    year's ledger adds, None without one, what its HR and investment exports add)."""
    frames, files = [], []
    systems = export_file_names()
    tables = (p for p in export_files(year, raw_dir) if not is_ledger_file(p) and p.name.lower() not in systems)
    for path in tables:
        raw = read_raw(path)
        name = f"{year}/{path.name}"
        spec = spec_for(path.stem)
        frames.append(clean_table(raw, spec, year, name))
        files.append(
            {
                "report_year": year,
                "file": name,
                "table": spec.table,
                "encoding": raw.encoding,
                "rows": len(raw.rows),
                "bytes": path.stat().st_size,
                "sha256": raw.sha256,
            }
        )
    facts = pd.concat(frames, ignore_index=True) if frames else empty_facts()
    ledger = read_ledger(year, raw_dir, facts)
    if ledger is not None:
        files += ledger.files
        if not ledger.facts.empty:
            facts = pd.concat([f for f in (facts, ledger.facts) if not f.empty], ignore_index=True)
    monthly = ledger.monthly if ledger is not None else empty_monthly()
    objects = ledger.investment_objects if ledger is not None else None
    context = {"facts": facts, "monthly": monthly, "investment_objects": objects}
    exported = read_exports(year, Path(raw_dir) / str(year), context)
    files += exported.files
    parts = [f for f in (facts, *exported.facts) if not f.empty]
    facts = pd.concat(parts, ignore_index=True) if parts else empty_facts()
    return facts, files, ledger, exported


def clean(
    years: list[int] | int | None = None, raw_dir: Path | None = None, processed_dir: Path | None = None
) -> CleanResult:
    """Clean and validate report years (all by default) and write the processed outputs."""
    raw_dir = Path(raw_dir or paths.raw_dir())
    processed_dir = Path(processed_dir or paths.processed_dir())
    all_years = available_years(raw_dir)
    if years is None:
        years = all_years
    years = sorted({check_year(y, raw_dir) for y in ([years] if isinstance(years, int) else years)})
    aliases = load_aliases(raw_dir)
    frames, files, ledgers, exported = [], [], [], ExportResult()
    for year in years:
        facts, year_files, ledger, systems = read_year(year, raw_dir)
        frames.append(facts)
        files += year_files
        ledgers += [ledger] if ledger is not None else []
        exported.add(systems)
    facts = pd.concat(frames, ignore_index=True) if frames else empty_facts()
    facts = pd.concat([facts, derive(facts)], ignore_index=True)
    findings = validate(facts)
    parts = [findings] + [led.findings for led in ledgers if not led.findings.empty]
    parts += [f for f in exported.findings if not f.empty]
    findings = pd.concat(parts, ignore_index=True) if len(parts) > 1 else findings
    months = [led.monthly for led in ledgers if not led.monthly.empty]
    monthly = typed_monthly(pd.concat(months, ignore_index=True)) if months else empty_monthly()
    _log_findings(findings)
    with locked(processed_dir):
        manifest = read_json(processed_dir / "manifest.json")
        changes = changed_files(files, manifest, years)
        by_year = {y: changed_files([f for f in files if f["report_year"] == y], manifest, [y]) for y in years}
        for name, status in changes.items():
            if status != "unchanged":
                log.info("raw file %s: %s since the previous run", name, status)
        manifest = {**manifest, "raw_dir": str(raw_dir.resolve())}
        written = (facts, findings, files, changes, by_year, manifest, aliases, monthly, exported.tables)
        result = _merge_and_write(processed_dir, years, all_years, *written)
    return result


def _log_findings(findings: pd.DataFrame) -> None:
    for _, f in findings.iterrows():
        log.info(
            "%s %s: %s / %s / %s reported %s, recomputed %s (%s)",
            f["severity"],
            f["check"],
            f["table"],
            f["item"],
            f["measure"],
            f["reported"],
            f["recomputed"],
            f["source"],
        )


def _with_cross_year(quality: pd.DataFrame, all_facts: pd.DataFrame, aliases) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The merged quality table with its cross-year findings computed afresh over all years'
    facts (those of an earlier run are dropped: they may rest on a year cleaned again since),
    and the cross-year findings alone."""
    cross = cross_year_findings(all_facts, aliases)
    _log_findings(cross)
    kept = quality[~quality["check"].isin(CROSS_YEAR_CHECKS)]
    parts = [f for f in (kept, cross) if not f.empty]
    merged = pd.concat(parts, ignore_index=True) if parts else kept
    merged = merged.sort_values("report_year", kind="stable", ignore_index=True)
    return merged.astype(empty_findings().dtypes.to_dict()), cross


def _keep_others(path: Path, years: list[int], all_years: list[int], columns: list[str]) -> pd.DataFrame:
    if not path.exists():
        return pd.DataFrame(columns=columns)
    old = pd.read_parquet(path)
    return old[~old["report_year"].isin(years) & old["report_year"].isin(all_years)]


def _merge_and_write(  # the outputs of one cleaning, written together
    processed_dir, years, all_years, facts, findings, files, changes, by_year, manifest, aliases, monthly, tables
):
    def merged(stem: str, new: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
        old = _keep_others(processed_dir / f"{stem}.parquet", years, all_years, columns)
        parts = [f for f in (old, new) if not f.empty]
        frame = pd.concat(parts, ignore_index=True) if parts else new
        return frame.sort_values("report_year", kind="stable", ignore_index=True)[columns]

    raw_files = pd.DataFrame(files, columns=RAW_FILE_COLUMNS[:-1])
    raw_files["not_used"] = [v if isinstance(v, str) else "" for v in raw_files["not_used"]]
    raw_files["status"] = [by_year[y][f] for y, f in zip(raw_files["report_year"], raw_files["file"])]
    all_facts = merged("facts", facts, FACT_COLUMNS).astype(empty_facts().dtypes.to_dict())
    all_findings, cross = _with_cross_year(merged("quality", findings, FINDING_COLUMNS), all_facts, aliases)
    own_cross = cross[cross["report_year"].isin(years)]
    if not own_cross.empty:
        findings = pd.concat([f for f in (findings, own_cross) if not f.empty], ignore_index=True)
    all_files = merged("raw_files", raw_files, RAW_FILE_COLUMNS)
    all_files["not_used"] = [v if isinstance(v, str) else "" for v in all_files["not_used"]]  # older cleanings
    all_monthly = typed_monthly(merged(MONTHLY_STEM, monthly, list(MONTHLY_COLUMNS)))
    exports, mappings = year_entries(manifest, files, years, all_years)
    new_manifest = {
        "generated": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "package_version": package_version(),
        "raw_dir": manifest.get("raw_dir", ""),
        "files": exports,
        "mappings": mappings,
        "last_run": {
            "years": years,
            "changes": changes,
            "by_year": {str(y): c for y, c in by_year.items()},  # each year's own: what its page says
            "run": uuid.uuid4().hex,  # which cleaning this was (the build's, see :func:`cleaning`)
        },
    }
    write_frames_together(
        {
            processed_dir / "facts": all_facts,
            processed_dir / "quality": all_findings,
            processed_dir / "raw_files": all_files,
            processed_dir / MONTHLY_STEM: all_monthly,
            **{
                processed_dir / stem: typed(merged(stem, tables.get(stem, empty(cols)), list(cols)), cols)
                for stem, cols in table_columns().items()
            },
        },
        {processed_dir / "manifest.json": dumps(new_manifest)},
    )
    return CleanResult(facts=facts, findings=findings, raw_files=raw_files, changes=changes)


def _read_processed(stem: str, years, processed_dir: Path | None) -> pd.DataFrame:
    processed_dir = Path(processed_dir or paths.processed_dir())
    path = processed_dir / f"{stem}.parquet"
    if not path.exists():
        raise ProcessedDataMissing(
            f"{path} does not exist: run notebooks/01_data_quality.ipynb, `make build` or "
            "`python -m analysis clean` first"
        )
    frame = pd.read_parquet(path)
    if years is None:
        return frame
    wanted = [years] if isinstance(years, (int, str)) else list(years)
    # the years cleaned are those whose raw files were read: a year whose only export is a
    # ledger without costs has raw files but no facts
    files_path = processed_dir / "raw_files.parquet"
    cleaned = pd.read_parquet(files_path, columns=["report_year"]) if files_path.exists() else frame
    present = sorted(cleaned["report_year"].unique().tolist())
    numbers = [as_year(year, present) for year in wanted]
    return frame[frame["report_year"].isin(numbers)].reset_index(drop=True)


def load_facts(years=None, processed_dir: Path | None = None, raw_dir: Path | None = None) -> pd.DataFrame:
    """The facts table for the given report years (all by default), cleaned again first
    where a year's raw files changed since its last cleaning (see :mod:`~analysis.facts.freshness`)."""
    _refresh(years, raw_dir, processed_dir)
    return _read_processed("facts", years, processed_dir)


def load_quality(years=None, processed_dir: Path | None = None, raw_dir: Path | None = None) -> pd.DataFrame:
    """The validation findings for the given report years (all by default), fresh as the facts."""
    _refresh(years, raw_dir, processed_dir)
    return _read_processed("quality", years, processed_dir)


#: Set by the build in its chapters' kernels: the ``run`` of the cleaning it did before them
#: (``manifest.json``, ``last_run``), which the cleaning chapters then show (:func:`cleaning`).
BUILD_CLEANING_ENV = "LANSTEKNIK_BUILD_CLEANING"


def cleaning(year, raw_dir: Path | None = None, processed_dir: Path | None = None) -> CleanResult:
    """The year's cleaning as the data-quality chapter shows it. In a build, which cleans the
    years once before their chapters (:mod:`analysis.publishing.batch.cleaning`), the record
    of that cleaning, while the year's raw files are as it read them; anywhere else (the
    notebook run in JupyterLab), a cleaning now."""
    recorded = _build_cleaning(year, raw_dir, processed_dir)
    return recorded if recorded is not None else clean(year, raw_dir=raw_dir, processed_dir=processed_dir)


def _build_cleaning(year, raw_dir: Path | None, processed_dir: Path | None) -> CleanResult | None:
    run = os.environ.get(BUILD_CLEANING_ENV)
    raw, processed = Path(raw_dir or paths.raw_dir()), Path(processed_dir or paths.processed_dir())
    last = read_json(processed / "manifest.json").get("last_run", {})
    year = check_year(year, raw)
    changes = last.get("by_year", {}).get(str(year))
    if not run or last.get("run") != run or changes is None or staleness(year, raw, processed) is not None:
        return None
    return CleanResult(
        facts=_read_processed("facts", year, processed),
        findings=_read_processed("quality", year, processed),
        raw_files=_read_processed("raw_files", year, processed),
        changes=changes,
    )


def cleaned_from(processed_dir: Path | None = None) -> Path:
    """The raw folder the processed data was last cleaned from (if it still exists), else the
    project's ``data/raw``."""
    recorded = read_json(Path(processed_dir or paths.processed_dir()) / "manifest.json").get("raw_dir")
    return Path(recorded) if recorded and Path(recorded).is_dir() else paths.raw_dir()


def _asked(years, raw: Path) -> list[int]:
    """The report years asked for (every year with raw data for ``None``), each checked."""
    present = available_years(raw)
    wanted = present if years is None else [years] if isinstance(years, (int, str)) else list(years)
    return [as_year(y, present) for y in wanted]


def refresh(years=None, raw_dir: Path | str | None = None, processed_dir: Path | str | None = None) -> list[Refreshed]:
    """Clean again every year of ``years`` (all with raw data by default) whose processed
    data does not match its raw files (:mod:`~analysis.facts.freshness`); what was cleaned, and why."""
    raw = Path(raw_dir or paths.raw_dir())
    processed = Path(processed_dir or paths.processed_dir())
    stale = [s for s in (staleness(y, raw, processed) for y in _asked(years, raw)) if s is not None]
    if stale:
        clean([s.year for s in stale], raw_dir=raw, processed_dir=processed)
        for note in stale:
            log.info("%s", note)
    return stale


def _refresh(years, raw_dir: Path | None, processed_dir: Path | None) -> None:
    """What every ``load_*`` does first: clean again the stale years among ``years``, except
    those the session's setup cell checked (:func:`trust`)."""
    raw = Path(raw_dir or cleaned_from(processed_dir))
    processed = Path(processed_dir or paths.processed_dir())
    unchecked = [y for y in _asked(years, raw) if not freshness.trusted(y, raw, processed)]
    if unchecked:
        for note in refresh(unchecked, raw, processed):
            print(note, file=sys.stderr)


def trust(years, raw_dir: Path | str | None = None, processed_dir: Path | str | None = None) -> list[Refreshed]:
    """Check ``years`` once, as :func:`refresh`, and let the ``load_*`` calls of this session
    trust that check for them (until the next call; a setup cell calls it on every run)."""
    raw = Path(raw_dir or paths.raw_dir())
    processed = Path(processed_dir or paths.processed_dir())
    freshness.forget()
    asked = _asked(years, raw)
    notes = refresh(asked, raw, processed)
    freshness.trust(asked, raw, processed)
    return notes


def load_raw_files(years=None, processed_dir: Path | None = None) -> pd.DataFrame:
    """The raw files read by the last cleaning of each year, with checksums and status."""
    return _read_processed("raw_files", years, processed_dir)


def load_monthly(years=None, processed_dir: Path | None = None, raw_dir: Path | None = None) -> pd.DataFrame:
    """The monthly ledger rows (:mod:`~analysis.facts.schema`) of the given report years (all
    by default), cleaned again first where stale, as :func:`load_facts`. An empty table (with
    the columns) when no year asked for has a ledger."""
    processed_dir = Path(processed_dir or paths.processed_dir())
    load_facts(years, processed_dir=processed_dir, raw_dir=raw_dir)  # refreshes, and checks the years
    path = processed_dir / f"{MONTHLY_STEM}.parquet"
    if not path.exists():
        return empty_monthly()
    frame = typed_monthly(pd.read_parquet(path))
    if years is None:
        return frame
    wanted = [int(y) for y in ([years] if isinstance(years, (int, str)) else years)]
    return frame[frame["report_year"].isin(wanted)].reset_index(drop=True)


def load_table(stem: str, years=None, processed_dir: Path | None = None, raw_dir: Path | None = None) -> pd.DataFrame:
    """A processed table of the HR or investment exports (``hr_monthly``,
    ``investment_projects``: :mod:`analysis.facts.sources.systems`) for the given report years (all
    by default), cleaned again first where stale, as :func:`load_facts`. An empty table with
    the columns when no year asked for has that export."""
    columns = table_columns()[stem]
    processed_dir = Path(processed_dir or paths.processed_dir())
    load_facts(years, processed_dir=processed_dir, raw_dir=raw_dir)  # refreshes, and checks the years
    path = processed_dir / f"{stem}.parquet"
    if not path.exists():
        return empty(columns)
    frame = typed(pd.read_parquet(path), columns)
    if years is None:
        return frame
    wanted = [int(y) for y in ([years] if isinstance(years, (int, str)) else years)]
    return frame[frame["report_year"].isin(wanted)].reset_index(drop=True)
