"""Where a year's commentary files and their approval records are: names and paths only,
light to import (the build's plan asks them for every chapter).

- ``data/raw/<year>/kommentarer/<short name>.md`` (Swedish), ``<short name>.en.md`` (English);
- ``data/processed/kommentarer/<year>/<file>.json``: the approval record of a file
  (:mod:`analysis.commentary.approval`).
"""

from __future__ import annotations

import json
from pathlib import Path

from analysis.chapter_names import short_of

FOLDER = "kommentarer"

#: A commentary's states: its own status (draft, reviewed, approved), and two that the data
#: give an approved one: flagged (a cited figure changed since) and renew (its record is lost).
DRAFT, REVIEWED, APPROVED, FLAGGED, RENEW = "utkast", "granskad", "godkänd", "flaggad", "förnyas"
#: The states a reader must act on because the text is not (or no longer) approved.
NOT_APPROVED = frozenset({DRAFT, REVIEWED, RENEW})


def folder(year: int, raw_dir: Path) -> Path:
    return Path(raw_dir) / str(year) / FOLDER


def candidates(year: int, chapter: str, raw_dir: Path, lang: str) -> list[tuple[Path, str]]:
    """The files a chapter's page in ``lang`` reads, first the one that wins, with the
    language of each: ``costs.en.md`` then ``costs.md`` in English, ``costs.md`` in Swedish."""
    short = short_of(chapter) or chapter
    base = folder(year, raw_dir)
    own = [(base / f"{short}.en.md", "en")] if lang == "en" else []
    return [*own, (base / f"{short}.md", "sv")]


def listed_name(year: int, path: Path) -> str:
    """``2019/kommentarer/costs.md``: a commentary file as the provenance lists it."""
    return f"{year}/{FOLDER}/{Path(path).name}"


def files_of(year: int, chapter: str, raw_dir: Path) -> dict[str, Path]:
    """Every commentary file of a chapter that exists, by its listed name (both languages):
    what the chapter's fingerprint holds, so that a changed text re-runs the chapter."""
    paths = [path for path, _lang in candidates(year, chapter, raw_dir, "en")]  # both files
    return {listed_name(year, p): p for p in sorted(paths) if p.is_file()}


def record_path(processed_dir: Path, year: int, name: str) -> Path:
    """``<processed>/kommentarer/<year>/<file>.json`` for the commentary file listed as ``name``."""
    return Path(processed_dir) / FOLDER / str(year) / f"{Path(name).name}.json"


def read_record(processed_dir: Path, year: int, name: str) -> dict | None:
    try:
        data = json.loads(record_path(processed_dir, year, name).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and data.get("sha256") else None


def record_sha(processed_dir: Path, year: int, name: str) -> str:
    """What a chapter's fingerprint holds of a record: the SHA-256 it approves, or ``""``."""
    record = read_record(processed_dir, year, name)
    return str(record["sha256"]) if record else ""
