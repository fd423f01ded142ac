"""The one module that knows where the project's folders are.

Every other module takes folders as arguments and defaults to these. The project root
can be moved with the environment variable ``LANSTEKNIK_ROOT`` (tests and batch runs
on copies of the project use it).
"""

from __future__ import annotations

import os
from pathlib import Path


def project_root() -> Path:
    """The project folder: ``$LANSTEKNIK_ROOT`` or the checkout this package lives in."""
    env = os.environ.get("LANSTEKNIK_ROOT")
    if env:
        return Path(env).resolve()
    return checkout_dir()


def checkout_dir() -> Path:
    """The checkout (or installed tree) this package lives in, whatever ``LANSTEKNIK_ROOT`` says."""
    return package_dir().parents[1]


def package_dir() -> Path:
    """``src/analysis``: the package's own folder (code and page templates)."""
    return Path(__file__).resolve().parent


def raw_dir() -> Path:
    """``data/raw``: the exports as received; never written by the pipeline."""
    return project_root() / "data" / "raw"


def processed_dir() -> Path:
    """``data/processed``: facts, findings and the manifest of the raw files read."""
    return project_root() / "data" / "processed"


def reports_dir() -> Path:
    """``reports``: executed notebooks and HTML chapters."""
    return project_root() / "reports"


#: The environment variable in which a build tells its chapter kernels its reports folder
#: (a chapter's commentary reads the chapter's last stamp there).
REPORTS_ENV = "LANSTEKNIK_REPORTS_DIR"


def chapters_reports_dir() -> Path:
    """The reports folder of the build that runs this chapter (``$LANSTEKNIK_REPORTS_DIR``),
    or the project's :func:`reports_dir` in JupyterLab."""
    env = os.environ.get(REPORTS_ENV)
    return Path(env) if env else reports_dir()


#: The record of a year's chapters that its summary reads: ``reports/<year>/chapters.json``,
#: written by the batch (:mod:`analysis.publishing.batch.record`), read by
#: :mod:`analysis.chapters.summary`.
CHAPTER_RECORD = "chapters.json"


def chapter_record(reports_dir: str | Path, year: int | str) -> Path:
    """``<reports_dir>/<year>/chapters.json``: where the record of a year's chapters lives."""
    return Path(reports_dir) / str(year) / CHAPTER_RECORD


def notebooks_dir() -> Path:
    """``notebooks``: the chapter notebooks, committed without outputs."""
    return project_root() / "notebooks"
