"""Planning a build: the fingerprint of every chapter (notebook, raw files, cleaning
notebook, package code, parameters), the task a worker gets, where its outputs live, and
which chapters are unchanged since their last good page.
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from analysis import paths
from analysis.commentary.files import files_of as commentary_files
from analysis.commentary.files import record_sha
from analysis.facts import checksums
from analysis.facts.manifest import recorded_checksums
from analysis.facts.sources.ledger.files import MAPPING_FILES
from analysis.facts.sources.yearfolders import input_files
from analysis.facts.store import read_json
from analysis.periods import ANNUAL, Period, from_folder
from analysis.publishing.batch.record import chapter_record
from analysis.publishing.batch.record import record_sha as chapters_sha
from analysis.publishing.model import Chapter, ChapterTask, YearPlan


def sha256_file(path: Path) -> str:
    """Hex SHA-256 of a file (a large raw file's remembered while unchanged: :mod:`analysis.facts.checksums`)."""
    return checksums.sha256(path)


def code_hash(package_dir: Path | None = None) -> str:
    """SHA-256 over the package's Python files and page templates (names and contents)."""
    root = Path(package_dir or paths.package_dir())
    files = [p for p in root.rglob("*.py") if "__pycache__" not in p.parts]
    files += [p for p in root.rglob("templates/*") if p.is_file()]
    digest = hashlib.sha256()
    for path in sorted(set(files)):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def raw_inputs(year: int, raw_dir: Path) -> dict[str, str]:
    """``{"<year>/<file>": sha256}`` of the raw exports the year's chapters read, and
    ``{"<file>": sha256}`` of the mapping files beside them when the year has a ledger
    (:func:`analysis.facts.sources.yearfolders.input_files`, which the staleness check asks too)."""
    return {name: sha256_file(path) for name, path in input_files(year, raw_dir).items()}


def git_commit(folder: Path | None = None) -> str:
    """``git rev-parse --short HEAD`` of the package's checkout (``-dirty`` if modified)."""
    folder = Path(folder or paths.checkout_dir())
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=folder, check=True, capture_output=True, text=True, timeout=10
        ).stdout.strip()
        dirty = (
            subprocess.run(
                ["git", "diff", "--quiet", "HEAD", "--", "src", "notebooks"],
                cwd=folder,
                capture_output=True,
                timeout=10,
            ).returncode
            == 1
        )
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return (commit + "-dirty" if dirty else commit) or "unknown"


def read_inputs(year: int, raw_dir: Path) -> dict[str, str]:
    """What a year's other chapters read: the raw exports of that year and of every earlier
    report year (the chapters' sections over the years), and the alias list and the ledger
    mapping files beside them."""
    inputs = {}
    years = sorted(int(p.name) for p in Path(raw_dir).glob("[0-9][0-9][0-9][0-9]") if p.is_dir())
    for earlier in (y for y in years if y <= year):
        inputs.update(raw_inputs(earlier, raw_dir))
    for name in ("aliases.csv", *MAPPING_FILES):
        if (Path(raw_dir) / name).is_file():
            inputs[name] = sha256_file(Path(raw_dir) / name)
    return inputs


def plan_year(
    year: int,
    chapters: list[Chapter],
    *,
    reports_dir: Path,
    raw_dir: Path,
    processed_dir: Path | None,
    parameters: Mapping[str, Any],
    code: str,
    force: bool = False,
    timeout: int | None = 600,
    lang: str = "sv",
    commit: str = "unknown",
    env: tuple[tuple[str, str], ...] = (),
    all_chapters: list[Chapter] | None = None,
    month: int = ANNUAL,
) -> YearPlan:
    """The tasks of one report (a year's annual report, or with ``month`` < 12 a period
    report: :mod:`analysis.periods`), each marked unchanged (skip) or to run.

    A summarising chapter also gets the parameter ``reports_dir`` and, in its fingerprint,
    the SHA-256 of the record of the report's other chapters (``all_chapters``, default
    ``chapters``) as it is now; the scheduler renews it when those chapters are done. A
    period's chapters get the parameter ``month``; a chapter that shows how the forecast
    moved has the key figures of the year's earlier periods in its fingerprint."""
    inputs, read = raw_inputs(year, raw_dir), read_inputs(year, raw_dir)
    cleaning = {c.stem: sha256_file(c.path) for c in chapters if c.cleans}
    plan = YearPlan(year, chapters=list(all_chapters or chapters), force=force, month=month)
    period = Period(year, month)
    parameters = dict(parameters) if period.annual else {**parameters, "month": month}
    for chapter in chapters:
        params = {**parameters, "reports_dir": str(reports_dir)} if chapter.summarises else dict(parameters)
        fingerprint = _fingerprint(chapter, code, cleaning, inputs if chapter.cleans else read, params)
        fingerprint["commentary"] = (
            commentary_inputs(year, chapter, raw_dir, processed_dir, reports_dir) if period.annual else {}
        )
        if chapter.summarises:
            fingerprint["chapters"] = chapters_sha(chapter_record(period, plan.chapters, reports_dir, lang))
        fingerprint.update(forecast_inputs(chapter, Path(reports_dir), period))
        task = ChapterTask(
            year=year,
            chapter=chapter,
            parameters=params,
            fingerprint=fingerprint,
            reports_dir=Path(reports_dir),
            processed_dir=processed_dir,
            timeout=timeout,
            lang=lang,
            commit=commit,
            env=env,
            month=month,
        )
        plan.tasks.append(task)
        plan.unchanged[chapter.stem] = not force and is_unchanged(task, inputs)
    return plan


def _fingerprint(chapter: Chapter, code: str, cleaning: dict, read: dict, params: dict) -> dict:
    """What a chapter's page is made from: its notebook, the cleaning notebook, the raw files it
    reads, the package code and its parameters."""
    return {
        "notebook": sha256_file(chapter.path),
        "cleaning": {} if chapter.cleans else cleaning,
        "inputs": read,
        "code": code,
        "parameters": json.loads(json.dumps(params, sort_keys=True, default=str)),
    }


def forecast_inputs(chapter: Chapter, reports_dir: Path, period: Period) -> dict:
    """``{"periods": {folder: sha256}}``: the forecasts the year's earlier period reports recorded
    in this chapter's stamp, for a chapter that shows how the forecast moved (``{}`` otherwise)."""
    earlier = earlier_periods(reports_dir, period) if chapter.name in FORECAST_CHAPTERS else []
    return {"periods": {p.folder: _recorded_sha(reports_dir / p.folder, chapter) for p in earlier}} if earlier else {}


#: The chapters that show how the year's forecast moved over its period reports.
FORECAST_CHAPTERS = ("cost_development", "mt_maintenance_growth")


def earlier_periods(reports_dir: Path, period: Period) -> list[Period]:
    """The period reports of ``period``'s year built before its month (their folders exist)."""
    found = [from_folder(p.name) for p in Path(reports_dir).glob(f"{period.year}-[0-9][0-9]") if p.is_dir()]
    return sorted(p for p in found if p is not None and p.month < period.month)


def commentary_inputs(
    year: int, chapter: Chapter, raw_dir: Path, processed_dir: Path | None, reports_dir: Path
) -> dict[str, str]:
    """``{"<year>/kommentarer/<file>": sha256}`` of the chapter's commentary files (both
    languages), the SHA-256 each one's approval record approves, and, for each other year a
    file cites (``{{ key 2017 }}``), the key figures that year's chapters last recorded: a
    changed text, a lost or new record or a cited year built again runs the chapter again."""
    processed = Path(processed_dir or paths.processed_dir())
    found = {}
    for name, path in commentary_files(year, chapter.name, raw_dir).items():
        found[name] = sha256_file(path)
        found[f"{name} approved"] = record_sha(processed, year, name)
        cited = {int(y) for y in _CITED_YEAR.findall(path.read_bytes().decode("utf-8", "replace"))} - {year}
        for other in sorted(cited):
            found[f"{name} cites {other}"] = _recorded_sha(Path(reports_dir) / str(other), chapter)
    return found


_CITED_YEAR = re.compile(r"\{\{\s*[A-Za-z_][\w.]*\s+(\d{4})\s*\}\}")


def _recorded_sha(year_dir: Path, chapter: Chapter) -> str:
    """SHA-256 of the key figures that a year's chapters recorded (this one's; the summary: all)."""
    digest = hashlib.sha256()
    for stamp in sorted(year_dir.glob("executed/*.stamp.json")):
        data = read_json(stamp)
        if data.get("chapter") == chapter.name or (chapter.summarises and data.get("chapter") != chapter.name):
            digest.update(json.dumps(data.get("key_figures"), sort_keys=True, default=str).encode())
    return digest.hexdigest()


def is_unchanged(task: ChapterTask, inputs: Mapping[str, str]) -> bool:
    """Whether the chapter's last good render is still valid for these inputs."""
    files = task.files
    stamp = read_json(files.stamp)
    if not stamp or stamp.get("fingerprint") != task.fingerprint or files.failure.exists():
        return False
    if not files.html.exists() or not files.executed.exists():
        return False
    if stamp.get("html_sha256") != sha256_file(files.html):
        return False
    if task.chapter.cleans:  # the processed data must still be what this cleaning wrote
        return _processed_matches(task.year, task.processed_dir, inputs)
    return True


def _processed_matches(year: int, processed_dir: Path | None, inputs: Mapping[str, str]) -> bool:
    """Whether the processed data of ``year`` is what a cleaning of these inputs wrote: its
    raw-file table is there and its manifest records these checksums."""
    processed = Path(processed_dir or paths.processed_dir())
    return (processed / "raw_files.parquet").is_file() and recorded_checksums(year, processed) == dict(inputs)
