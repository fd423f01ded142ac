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
from analysis.publishing.model import OK, Chapter, ChapterFiles, on_disk


def record_path(reports_dir: Path, year: int) -> Path:
    """Where the year's record lives (:func:`analysis.paths.chapter_record`)."""
    return paths.chapter_record(reports_dir, year)


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


def chapter_record(year: int, chapters: list[Chapter], reports_dir: Path, lang: str = "sv") -> dict:
    """The record of the year's chapters that do not summarise, in chapter order."""
    year_dir = Path(reports_dir) / str(year)
    entries = [_entry(c, ChapterFiles(year_dir, c), lang) for c in chapters if not c.summarises]
    return {"year": int(year), "lang": lang, "chapters": entries}


def record_text(record: dict) -> str:
    """The record as the JSON text that is written (sorted keys, stable)."""
    return dumps(record)


def record_sha(record: dict) -> str:
    """SHA-256 of the record's text: what a summary's fingerprint holds."""
    return hashlib.sha256(record_text(record).encode("utf-8")).hexdigest()


def write_record(year: int, chapters: list[Chapter], reports_dir: Path, lang: str = "sv") -> str:
    """Write ``reports/<year>/chapters.json`` if its text changed; its SHA-256."""
    record = chapter_record(year, chapters, reports_dir, lang)
    text, target = record_text(record), record_path(reports_dir, year)
    with contextlib.suppress(OSError, UnicodeDecodeError):
        if target.read_text(encoding="utf-8") == text:
            return record_sha(record)
    target.parent.mkdir(parents=True, exist_ok=True)
    write_text(target, text)
    return record_sha(record)
