"""Shared fixtures: tmp copies of the shipped raw exports, writers for tiny exports,
snapshots of folders.

Nothing here writes under the project's ``data/``: every raw or processed folder a test
uses lives in ``tmp_path``.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHIPPED_RAW = ROOT / "data" / "raw"


@dataclass(frozen=True)
class Project:
    """A throw-away project: its raw exports and its processed outputs, both in tmp."""

    root: Path
    raw: Path
    processed: Path


def copy_shipped_raw(target: Path) -> Path:
    """Copy the shipped ``data/raw`` to ``target`` (file bytes and mtimes kept)."""
    shutil.copytree(SHIPPED_RAW, target, copy_function=shutil.copy2)
    return target


def write_export(path: Path, lines: list[str] | str, encoding: str = "utf-8", newline: str = "\n") -> Path:
    """Write a raw export as the division's systems do: text lines in one encoding.

    ``encoding`` is any Python codec; "utf-8-sig" writes a BOM.
    """
    text = lines if isinstance(lines, str) else newline.join(lines) + newline
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))
    return path


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under ``folder`` (hidden ones too): relative path -> (bytes, mtime_ns)."""
    return {
        str(p.relative_to(folder)): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def write_csv() -> Callable[..., Path]:
    """``write_csv(path, lines, encoding="utf-8")``: write a tiny export."""
    return write_export


@pytest.fixture
def make_raw(tmp_path) -> Callable[..., Path]:
    """``make_raw(year, file_name, lines, encoding="utf-8")`` writes
    ``tmp_path/raw/<year>/<file_name>`` and returns the raw folder ``tmp_path/raw``."""
    raw = tmp_path / "raw"

    def make(year: int, name: str, lines: list[str] | str, encoding: str = "utf-8") -> Path:
        write_export(raw / str(year) / name, lines, encoding)
        return raw

    return make


@pytest.fixture
def raw_copy(tmp_path) -> Path:
    """A copy of the shipped ``data/raw`` in ``tmp_path/raw``."""
    return copy_shipped_raw(tmp_path / "raw")


@pytest.fixture
def project(tmp_path, raw_copy) -> Project:
    """A tmp project with a copy of the shipped raw exports and no processed data yet."""
    return Project(root=tmp_path, raw=raw_copy, processed=tmp_path / "processed")


@pytest.fixture(scope="session")
def shipped_clean(tmp_path_factory):
    """The shipped raw exports (copied) cleaned once per session: (Project, CleanResult).

    Read-only for tests: copy the folders (see ``cleaned_project``) before changing them.
    """
    from analysis.facts.pipeline import clean

    root = tmp_path_factory.mktemp("shipped")
    proj = Project(root=root, raw=copy_shipped_raw(root / "raw"), processed=root / "processed")
    result = clean(raw_dir=proj.raw, processed_dir=proj.processed)
    return proj, result


@pytest.fixture
def cleaned_project(tmp_path, shipped_clean) -> Project:
    """A tmp project whose processed folder was filled by a successful run on the shipped
    raw exports (copies of the session's folders, so tests may change them freely)."""
    template, _result = shipped_clean
    raw = tmp_path / "raw"
    processed = tmp_path / "processed"
    shutil.copytree(template.raw, raw, copy_function=shutil.copy2)
    shutil.copytree(template.processed, processed, copy_function=shutil.copy2)
    return Project(root=tmp_path, raw=raw, processed=processed)


@pytest.fixture
def make_unreadable(monkeypatch) -> Callable[[Path], None]:
    """``make_unreadable(path)``: reading ``path`` fails with PermissionError.

    For an ordinary user the file is chmod 000. Root is not stopped by permissions, so
    for root ``Path.read_bytes`` and ``open`` of that one file fail as the OS would fail
    them for a user.
    """
    import builtins
    import io

    def make(path: Path) -> None:
        path = Path(path)
        if os.geteuid() != 0:
            path.chmod(0)
            return
        target = path.resolve()

        def denied(name) -> bool:
            try:
                return Path(name).resolve() == target
            except TypeError:
                return False

        real_read_bytes, real_open, real_io_open = Path.read_bytes, builtins.open, io.open

        def read_bytes(self):
            if denied(self):
                raise PermissionError(13, "Permission denied", str(self))
            return real_read_bytes(self)

        def guarded(real):
            def opener(file, *args, **kwargs):
                if not isinstance(file, int) and denied(file):
                    raise PermissionError(13, "Permission denied", str(file))
                return real(file, *args, **kwargs)

            return opener

        monkeypatch.setattr(Path, "read_bytes", read_bytes)
        monkeypatch.setattr(builtins, "open", guarded(real_open))
        monkeypatch.setattr(io, "open", guarded(real_io_open))

    return make


@pytest.fixture
def isolated_root(tmp_path, monkeypatch) -> Path:
    """Point ``LANSTEKNIK_ROOT`` at a tmp project (with a copy of the raw exports), so a
    call that falls back to the default folders can never write the real ``data/``."""
    root = tmp_path / "isolated-root"
    copy_shipped_raw(root / "data" / "raw")
    (root / "data" / "processed").mkdir(parents=True)
    monkeypatch.setenv("LANSTEKNIK_ROOT", str(root))
    return root


@dataclass(frozen=True)
class Built:
    """The batch run once on a copy of the shipped data: folders and the chapter results."""

    project: Project
    reports: Path
    results: list


def _build_shipped(tmp_path_factory, lang: str) -> Built:
    from analysis.publishing.batch.build import run_batch

    root = tmp_path_factory.mktemp(f"built-{lang}")
    proj = Project(root=root, raw=copy_shipped_raw(root / "raw"), processed=root / "processed")
    reports = root / "reports"
    results = run_batch(reports_dir=reports, raw_dir=proj.raw, processed_dir=proj.processed, lang=lang)
    return Built(project=proj, reports=reports, results=results)


@pytest.fixture(scope="session")
def built_reports(tmp_path_factory) -> Built:
    """Every chapter of every shipped year built once per session by the batch, into tmp.

    Read-only for tests: copy the folders before changing anything in them.
    """
    return _build_shipped(tmp_path_factory, "sv")


@pytest.fixture(scope="session")
def built_reports_en(tmp_path_factory) -> Built:
    """As ``built_reports``, with every page in English (``lang="en"``)."""
    return _build_shipped(tmp_path_factory, "en")


@dataclass(frozen=True)
class BuiltPeriods:
    """SYNTHETIC example ledgers and HR exports (2018, 2019) built as period reports of 2019
    (months 4, 6 and 8) and its annual report, in one run: read-only for tests."""

    raw: Path
    processed: Path
    reports: Path
    results: list


PERIOD_MONTHS = (4, 6, 8, 12)


def write_period_example(root: Path) -> Path:
    """The example raw folder (SIE ledgers, HR exports, the shipped 2019 tables) under ``root``."""
    from analysis.examples.periods import write_period_example as write

    return write(root, tables_from=SHIPPED_RAW)


@pytest.fixture(scope="session")
def built_periods(tmp_path_factory) -> BuiltPeriods:
    from analysis.publishing.batch.build import run_batch

    root = tmp_path_factory.mktemp("periods")
    raw = write_period_example(root)
    reports, processed = root / "reports", root / "processed"
    results = run_batch(years=[2019], months=PERIOD_MONTHS, reports_dir=reports, raw_dir=raw, processed_dir=processed)
    return BuiltPeriods(raw, processed, reports, results)
