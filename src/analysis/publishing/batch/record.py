"""The record of a year's chapters that a summarising chapter reads: ``reports/<year>/chapters.json``.

For every chapter of the year that does not itself summarise: its number, name, title,
status (``ok``, ``failed``, ``skipped``, ``missing``), page, the key figures it recorded and,
for a chapter that did not succeed, the reason. The batch writes it when the year's other
chapters are done, just before the summary runs, and with the indexes; the summary's
fingerprint holds its SHA-256, so the summary runs again exactly when the record changed.
Written only when its text changes.
"""

from __future__ import annotations

import contextlib
import hashlib
from pathlib import Path

from analysis import paths
from analysis.facts.store import dumps, write_text
from analysis.periods import Period
from analysis.publishing.model import OK, Chapter, ChapterFiles, on_disk


def as_period(report: Period | int) -> Period:
    """A report year (its annual report) or a period, as a :class:`~analysis.periods.Period`."""
    return report if isinstance(report, Period) else Period(int(report))


def record_path(reports_dir: Path, year: Period | int) -> Path:
    """Where the report's record lives (:func:`analysis.paths.chapter_record`): ``reports/<year>/``
    or, for a period, ``reports/<year>-<MM>/``."""
    return paths.chapter_record(reports_dir, as_period(year).folder)


def _entry(chapter: Chapter, files: ChapterFiles, lang: str) -> dict:
    """One chapter's status, page, key figures and (if it did not succeed) reason."""
    found = on_disk(files)
    stamp, failure, status = found.stamp, found.failure, found.status
    good = status == OK
    return {
        "number": chapter.number,
        "name": chapter.name,
        "title": chapter.title(lang),
        "status": status,
        "href": files.html.name if good else None,
        "figures": ((stamp.get("key_figures") or {}).get("figures") or []) if good else [],
        "reason": (failure.get("error") or {}).get("message") if failure else None,
    }


def chapter_record(year: Period | int, chapters: list[Chapter], reports_dir: Path, lang: str = "sv") -> dict:
    """The record of the report's chapters that do not summarise, in chapter order (a period's
    record names its month too)."""
    period = as_period(year)
    year_dir = Path(reports_dir) / period.folder
    entries = [_entry(c, ChapterFiles(year_dir, c), lang) for c in chapters if not c.summarises]
    month = {} if period.annual else {"month": period.month}
    return {"year": period.year, **month, "lang": lang, "chapters": entries}


def record_text(record: dict) -> str:
    """The record as the JSON text that is written (sorted keys, stable)."""
    return dumps(record)


def record_sha(record: dict) -> str:
    """SHA-256 of the record's text: what a summary's fingerprint holds."""
    return hashlib.sha256(record_text(record).encode("utf-8")).hexdigest()


def write_record(year: Period | int, chapters: list[Chapter], reports_dir: Path, lang: str = "sv") -> str:
    """Write ``reports/<year>/chapters.json`` if its text changed; its SHA-256."""
    record = chapter_record(year, chapters, reports_dir, lang)
    text, target = record_text(record), record_path(reports_dir, year)
    with contextlib.suppress(OSError, UnicodeDecodeError):
        if target.read_text(encoding="utf-8") == text:
            return record_sha(record)
    target.parent.mkdir(parents=True, exist_ok=True)
    write_text(target, text)
    return record_sha(record)
