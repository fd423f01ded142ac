"""The chapter batch: run every chapter notebook of every report year and export HTML.

``python -m analysis build`` calls :func:`main`; programs and tests call :func:`run_batch`.

For each report year, the chapter notebooks (``notebooks/NN_name.ipynb``) are executed by
papermill into ``reports/<year>/executed/<NN_name>.ipynb`` and exported, in the same
worker process, to ``reports/<year>/<chapter>.html`` (:mod:`analysis.publishing.html_export`).
Afterwards ``reports/<year>/index.html`` and ``reports/index.html`` are rewritten.

- **Order.** The cleaning chapter of a year (metadata ``"cleans": true``, ``01``) runs
  first; the year's other chapters are submitted when it has succeeded. If it fails,
  they are reported as ``skipped`` and not run on stale data. Years run side by side.
- **Parallel.** Chapters run in worker processes (``ProcessPoolExecutor``, at most one per
  core) or on any ``concurrent.futures.Executor`` passed in, e.g. a Dask cluster's
  ``client.get_executor()``. The unit of work is :func:`run_chapter` on a picklable
  :class:`ChapterTask`.
- **Incremental.** After a successful render, ``executed/<NN_name>.stamp.json`` records the
  chapter's fingerprint: SHA-256 of the notebook file, of the year's raw files, of the
  year's cleaning notebook, of the package code (``src/analysis/**/*.py`` and templates)
  and the parameters. A chapter whose fingerprint is unchanged, whose outputs are intact
  and whose last attempt did not fail is reported ``unchanged`` and not executed. The
  index pages carry the time of the latest chapter run they list and are only rewritten
  when their text changes, so a run in which nothing changed writes no file.
- **Safe on failure.** A notebook runs into a temporary file; on failure it is moved to
  ``executed/<NN_name>.failed.ipynb`` (the last good executed copy stays), the HTML is
  only written (atomically) on success, so the previous good page stays byte for byte,
  and ``executed/<NN_name>.failure.json`` records the failing cell and the error.
- **Quiet.** Kernel stdout/stderr, papermill/nbclient/jupyter logging and warnings of the
  run and export go to ``executed/<NN_name>.log``, not to the terminal; kernels talk over
  CurveZMQ when available (no "TCP without encryption" warning).
- **Paths.** Folders are made absolute before they reach a worker (notebooks run in their
  own folder); ``LANSTEKNIK_ROOT`` of the batch process is passed to every kernel.
"""
from __future__ import annotations

import concurrent.futures as cf
import contextlib
import datetime as dt
import hashlib
import json
import logging
import os
import re
import subprocess
import sys
import threading
import time
import uuid
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping

from analysis import paths
from analysis.exceptions import AnalysisError
from analysis.publishing.html_export import now_text
from analysis.facts.store import dumps, locked, read_json, write_text

log = logging.getLogger(__name__)

OK, UNCHANGED, FAILED, SKIPPED = "ok", "unchanged", "failed", "skipped"
SUCCESS = frozenset({OK, UNCHANGED})

#: Environment of every kernel (and of the batch process): no debugger file-validation
#: warning, no jupyter_core platformdirs deprecation warning.
KERNEL_ENV = {"PYDEVD_DISABLE_FILE_VALIDATION": "1", "JUPYTER_PLATFORM_DIRS": "1"}

#: Loggers whose records go to the chapter's log file instead of the terminal.
QUIET_LOGGERS = ("papermill", "nbclient", "nbconvert", "traitlets", "jupyter_client",
                 "ipykernel")

NOTEBOOK_PATTERN = "[0-9][0-9]_*.ipynb"


def _light_imports() -> None:
    """Skip an import that costs 2-5 s in every worker and that notebooks never need.

    nbformat validates with jsonschema, whose format checkers import ``rfc3987_syntax``
    when installed; that module compiles ~40 lark grammars at import, only to check the
    JSON-schema formats "iri"/"iri-reference", which the notebook schemas do not use.
    jsonschema skips the checker on ImportError.
    """
    if "jsonschema" not in sys.modules:
        sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]


class UnknownChapterError(AnalysisError):
    """A chapter was asked for that has no notebook."""

    def __init__(self, wanted: object, chapters: list["Chapter"]):
        self.wanted = wanted
        known = ", ".join(f"{c.number:02d} {c.name}" for c in chapters) or "none"
        super().__init__(f"no chapter {wanted!r}; chapters are: {known}")


# --------------------------------------------------------------------------- chapters


@dataclass(frozen=True)
class Chapter:
    """A chapter notebook and what its metadata says about it."""

    number: int
    name: str
    path: Path
    titles: tuple[tuple[str, str], ...] = ()
    cleans: bool = False

    @property
    def stem(self) -> str:
        """The notebook's file name without ``.ipynb``: ``02_cost_development``."""
        return self.path.stem

    def title(self, lang: str = "sv") -> str:
        titles = dict(self.titles)
        return titles.get(lang) or titles.get("sv") or titles.get("en") or _title_from_name(self.name)


def _title_from_name(name: str) -> str:
    text = name.replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def read_chapter(path: Path) -> Chapter:
    """A chapter from its notebook: ``metadata.lansteknik`` {chapter, title, cleans}."""
    path = Path(path)
    match = re.match(r"(\d\d)_(.+)$", path.stem)
    if not match:
        raise AnalysisError(f"{path}: chapter notebooks are named NN_name.ipynb")
    number, file_name = int(match.group(1)), match.group(2)
    try:
        meta = json.loads(path.read_text(encoding="utf-8")).get("metadata", {}).get("lansteknik", {})
    except (OSError, ValueError) as err:
        raise AnalysisError(f"{path}: not a readable notebook ({err})") from None
    meta = meta if isinstance(meta, dict) else {}
    title = meta.get("title")
    if isinstance(title, str):
        titles = {"sv": title}
    elif isinstance(title, dict):
        titles = {str(k): str(v) for k, v in title.items() if v}
    else:
        titles = {}
    name = str(meta.get("chapter") or file_name)
    if not re.fullmatch(r"[\w.-]+", name):
        raise AnalysisError(f"{path}: chapter name {name!r} must be letters, digits, _ . or -")
    return Chapter(number=number, name=name, path=path.resolve(),
                   titles=tuple(sorted(titles.items())), cleans=bool(meta.get("cleans", False)))


def discover_chapters(notebooks_dir: Path | None = None) -> list[Chapter]:
    """The chapter notebooks ``NN_*.ipynb`` of a folder, in chapter order."""
    folder = Path(notebooks_dir or paths.notebooks_dir())
    chapters = [read_chapter(p) for p in sorted(folder.glob(NOTEBOOK_PATTERN)) if p.is_file()]
    seen: dict[str, Chapter] = {}
    for chapter in chapters:
        if chapter.name in seen:
            raise AnalysisError(f"chapter name {chapter.name!r} used by both "
                                f"{seen[chapter.name].path.name} and {chapter.path.name}")
        seen[chapter.name] = chapter
    return sorted(chapters, key=lambda c: (c.number, c.stem))


def select_chapters(chapters: list[Chapter], wanted: Iterable[str] | None) -> list[Chapter]:
    """Chapters by number (``2``, ``02``), name (``cost_development``) or file name.

    The year's cleaning chapters are always included: the others depend on them (when
    nothing changed they are reported ``unchanged`` and cost nothing).
    """
    if not wanted:
        return list(chapters)
    chosen: set[str] = set()
    for item in wanted:
        key = str(item).strip().removesuffix(".ipynb")
        hits = [c for c in chapters
                if key in (c.name, c.stem) or (key.isdigit() and int(key) == c.number)]
        if not hits:
            raise UnknownChapterError(item, chapters)
        chosen.update(c.stem for c in hits)
    return [c for c in chapters if c.stem in chosen or c.cleans]


# --------------------------------------------------------------------------- fingerprints


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


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
    """``{"<year>/<file>": sha256}`` of the raw exports the year's chapters read."""
    from analysis.facts.readers import SUFFIXES

    folder = Path(raw_dir) / str(year)
    if not folder.is_dir():
        return {}
    return {f"{year}/{p.name}": sha256_file(p) for p in sorted(folder.iterdir())
            if p.is_file() and p.suffix.lower() in SUFFIXES}


def git_commit(folder: Path | None = None) -> str:
    """``git rev-parse --short HEAD`` of the package's checkout (``-dirty`` if modified)."""
    folder = Path(folder or paths.checkout_dir())
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=folder, check=True,
                                capture_output=True, text=True, timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "diff", "--quiet", "HEAD", "--", "src", "notebooks"],
                               cwd=folder, capture_output=True, timeout=10).returncode == 1
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return (commit + "-dirty" if dirty else commit) or "unknown"


# --------------------------------------------------------------------------- tasks


@dataclass(frozen=True)
class ChapterTask:
    """Everything a worker needs to run one chapter of one year (picklable)."""

    year: int
    chapter: Chapter
    parameters: dict[str, Any]
    fingerprint: dict[str, Any]
    reports_dir: Path
    processed_dir: Path | None = None
    timeout: int | None = 600
    lang: str = "sv"
    commit: str = "unknown"
    #: Environment for the kernel, taken from the batch process (``LANSTEKNIK_ROOT``): a
    #: worker started earlier, or on another machine, may have another environment.
    env: tuple[tuple[str, str], ...] = ()

    @property
    def year_dir(self) -> Path:
        return Path(self.reports_dir) / str(self.year)

    @property
    def files(self) -> "ChapterFiles":
        return ChapterFiles(self.year_dir, self.chapter)


@dataclass(frozen=True)
class ChapterFiles:
    """Where a chapter's outputs live under ``reports/<year>/``."""

    year_dir: Path
    chapter: Chapter

    @property
    def executed_dir(self) -> Path:
        return self.year_dir / "executed"

    @property
    def html(self) -> Path:
        return self.year_dir / f"{self.chapter.name}.html"

    @property
    def executed(self) -> Path:
        return self.executed_dir / f"{self.chapter.stem}.ipynb"

    @property
    def failed(self) -> Path:
        return self.executed_dir / f"{self.chapter.stem}.failed.ipynb"

    @property
    def stamp(self) -> Path:
        return self.executed_dir / f"{self.chapter.stem}.stamp.json"

    @property
    def failure(self) -> Path:
        return self.executed_dir / f"{self.chapter.stem}.failure.json"

    @property
    def log(self) -> Path:
        return self.executed_dir / f"{self.chapter.stem}.log"


@dataclass
class ChapterResult:
    """What happened to one chapter of one year in a batch run."""

    year: int
    chapter: str
    number: int
    title: str
    status: str
    seconds: float = 0.0
    html: Path | None = None
    executed: Path | None = None
    error: dict[str, Any] | None = None
    key_figures: dict[str, Any] | None = None

    @property
    def ok(self) -> bool:
        return self.status in SUCCESS


# --------------------------------------------------------------------------- worker


def run_chapter(task: ChapterTask) -> ChapterResult:
    """Execute one chapter notebook with papermill and export it to HTML.

    The unit of work of the batch: a top-level function of a picklable argument, so it
    runs in a process pool or on a Dask worker. It never raises for a failing notebook;
    the result says ``failed`` with the failing cell and the error.
    """
    for key, value in KERNEL_ENV.items():
        os.environ.setdefault(key, value)
    _light_imports()
    files = task.files
    files.executed_dir.mkdir(parents=True, exist_ok=True)
    chapter = task.chapter
    started = time.monotonic()
    running = files.executed_dir / f".{chapter.stem}.{uuid.uuid4().hex[:8]}.running.ipynb"
    files.log.write_bytes(b"")
    try:
        with _captured(files.log):
            error = _execute(task, running, files.log)
            if error is not None and error["kind"] == "kernel_start":
                # The kernel did not start (an overloaded machine can kill it before it
                # answers): no cell ran, so trying once more is safe.
                logging.getLogger("papermill").warning("kernel did not start; retrying once")
                error = _execute(task, running, files.log)
            seconds = time.monotonic() - started
            if error is None:
                try:
                    return _export_success(task, running, seconds)
                except Exception as exc:  # the page could not be made: keep the old one
                    logging.getLogger("papermill").warning("export failed: %r", exc)
                    error = {"kind": "export", "cell_index": None, "cell_count": None,
                             "first_line": "",
                             "message": _one_line(f"{type(exc).__name__}: {exc}")}
            return _record_failure(task, running, error, time.monotonic() - started)
    finally:
        running.unlink(missing_ok=True)


def _execute(task: ChapterTask, output: Path, log_path: Path) -> dict | None:
    """Run the notebook into ``output``; None on success, else a description of the failure."""
    import papermill

    with open(log_path, "ab", buffering=0) as kernel_log:
        try:
            papermill.execute_notebook(
                str(task.chapter.path), str(output), parameters=dict(task.parameters),
                execution_timeout=task.timeout or None, log_output=False, progress_bar=False,
                cwd=str(task.chapter.path.parent),
                kernel_manager_class=_kernel_manager_class(kernel_log, dict(task.env)),
            )
        except Exception as exc:  # noqa: BLE001 - every failure is reported, none raised
            logging.getLogger("papermill").warning("chapter failed: %r", exc)
            return describe_failure(exc, output, task.chapter.path, task.timeout)
    return None


def _export_success(task: ChapterTask, running: Path, seconds: float) -> ChapterResult:
    import nbformat

    from analysis import __version__
    from analysis.presentation import keyfigures
    from analysis.publishing.html_export import Provenance, write_chapter

    files, chapter = task.files, task.chapter
    nb = nbformat.read(str(running), as_version=4)
    # Plain JSON, not nbformat's NotebookNode: unpickling that in the batch process would
    # import nbformat and jsonschema there (seconds) just to read a result.
    figures = json.loads(json.dumps(keyfigures.read(nb), default=str))
    generated = now_text()
    provenance = Provenance(parameters=dict(task.parameters),
                            raw_files=_raw_files(task.year, task.processed_dir),
                            version=__version__, commit=task.commit, generated=generated,
                            notebook=chapter.path.name, seconds=round(seconds, 1))
    write_chapter(nb, files.html, title=chapter.title(task.lang), year=task.year,
                  lang=task.lang, chapter=chapter.name, provenance=provenance,
                  resources_path=chapter.path.parent)
    os.replace(running, files.executed)
    files.failed.unlink(missing_ok=True)
    files.failure.unlink(missing_ok=True)
    write_text(files.stamp, dumps({
        "fingerprint": task.fingerprint,
        "chapter": chapter.name,
        "notebook": chapter.path.name,
        "title": chapter.title(task.lang),
        "year": task.year,
        "generated": generated,
        "seconds": round(seconds, 2),
        "html_sha256": sha256_file(files.html),
        "key_figures": figures,
    }))
    return ChapterResult(year=task.year, chapter=chapter.name, number=chapter.number,
                         title=chapter.title(task.lang), status=OK, seconds=seconds,
                         html=files.html, executed=files.executed, key_figures=figures)


def _record_failure(task: ChapterTask, running: Path, error: dict, seconds: float) -> ChapterResult:
    files, chapter = task.files, task.chapter
    executed = None
    if running.exists():
        os.replace(running, files.failed)
        executed = files.failed
    write_text(files.failure, dumps({"status": FAILED, "time": now_text(), "error": error,
                                     "fingerprint": task.fingerprint}))
    return ChapterResult(year=task.year, chapter=chapter.name, number=chapter.number,
                         title=chapter.title(task.lang), status=FAILED, seconds=seconds,
                         html=files.html if files.html.exists() else None, executed=executed,
                         error=error)


def _raw_files(year: int, processed_dir: Path | None) -> list[dict]:
    from analysis.facts.pipeline import RAW_FILE_COLUMNS, load_raw_files

    try:
        frame = load_raw_files(year, processed_dir)
    except AnalysisError:
        return []
    columns = [c for c in RAW_FILE_COLUMNS if c in frame.columns and c != "status"]
    return json.loads(frame[columns].to_json(orient="records", force_ascii=False))


def describe_failure(exc: BaseException, executed: Path, source: Path,
                     timeout: int | None = None) -> dict:
    """The failing cell (index in the chapter notebook, first line) and a one-line message."""
    from papermill.exceptions import PapermillExecutionError

    name = type(exc).__name__
    if isinstance(exc, PapermillExecutionError):
        kind, message = "cell_error", f"{exc.ename}: {exc.evalue}"
    elif name == "CellTimeoutError" or isinstance(exc, TimeoutError):
        kind, message = "timeout", f"cell timed out after {timeout} s (--timeout)"
    elif name == "DeadKernelError":
        kind, message = "dead_kernel", "the kernel died (crash or out of memory)"
    else:
        kind, message = "error", f"{name}: {exc}"
    cell_index, cell_count, first_line = _failing_cell(exc, executed, source)
    if cell_index is None and kind in ("error", "dead_kernel"):
        kind = "kernel_start" if kind == "error" else kind
    return {"kind": kind, "message": _one_line(message, 300), "cell_index": cell_index,
            "cell_count": cell_count, "first_line": first_line}


def _failing_cell(exc: BaseException, executed: Path, source: Path) -> tuple[int | None, int | None, str]:
    """Locate the failing cell in the executed copy; index it as in the source notebook."""
    import nbformat

    try:
        nb = nbformat.read(str(executed), as_version=4)
    except Exception:  # noqa: BLE001 - no executed copy: kernel never started
        return None, None, ""
    cells = [c for c in nb.cells
             if not {"papermill-error-cell-tag", "injected-parameters"} & set(c.metadata.get("tags", []))]
    failing = None
    for index, cell in enumerate(cells):
        meta = cell.metadata.get("papermill", {})
        if meta.get("exception"):
            failing = index
            break
        if cell.cell_type == "code" and meta.get("start_time"):
            failing = index  # the last code cell that started (timeouts, dead kernels)
    source_text = getattr(exc, "source", None)
    if source_text is not None:
        for index, cell in enumerate(cells):
            if cell.cell_type == "code" and cell.source == source_text:
                failing = index
                break
    if failing is None:
        return None, len(cells), ""
    lines = [line for line in cells[failing].source.splitlines() if line.strip()]
    return failing, len(cells), _one_line(lines[0] if lines else "", 120)


def _one_line(text: str, limit: int = 300) -> str:
    text = re.sub(r"\x1b\[[0-9;]*m", "", str(text))
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


_capture_lock = threading.Lock()
_capture_depth = 0


@contextlib.contextmanager
def _captured(log_path: Path) -> Iterator[None]:
    """Send this thread's papermill/nbclient/jupyter logging and warnings to ``log_path``."""
    global _capture_depth
    handler = logging.FileHandler(log_path, mode="a", encoding="utf-8", delay=True)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    thread = threading.get_ident()
    handler.addFilter(lambda record: record.thread == thread)
    loggers = [logging.getLogger(name) for name in QUIET_LOGGERS]
    root = logging.getLogger()
    with _capture_lock:
        _capture_depth += 1
        for logger in loggers:
            logger.addHandler(handler)
            logger.propagate = False
        if not root.handlers:  # a bare worker: no last-resort output on stderr either
            root.addHandler(handler)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("default")
            yield
        for warning in caught:
            handler.emit(logging.LogRecord("warnings", logging.WARNING, warning.filename,
                                           warning.lineno, str(warning.message), None, None))
    finally:
        with _capture_lock:
            _capture_depth -= 1
            for logger in loggers + [root]:
                logger.removeHandler(handler)
                if _capture_depth == 0 and logger is not root:
                    logger.propagate = True
        handler.close()


def _kernel_manager_class(kernel_log, extra_env: Mapping[str, str] | None = None):
    """A kernel manager whose kernels write stdout/stderr to ``kernel_log``, get
    ``extra_env`` and use CurveZMQ transport encryption when pyzmq supports it."""
    import zmq
    from jupyter_client import AsyncKernelManager

    curve = bool(zmq.has("curve"))

    class ChapterKernelManager(AsyncKernelManager):
        async def _async_pre_start_kernel(self, **kw):
            if curve and "transport_encryption" in self.trait_names():
                kw.setdefault("transport_encryption", "auto")
            env = dict(kw.pop("env", None) or os.environ)
            env.update(KERNEL_ENV)
            env.update(extra_env or {})
            kw["env"] = env
            kw.setdefault("stdout", kernel_log)
            kw.setdefault("stderr", kernel_log)
            return await super()._async_pre_start_kernel(**kw)

    return ChapterKernelManager


# --------------------------------------------------------------------------- planning


@dataclass
class YearPlan:
    year: int
    tasks: list[ChapterTask] = field(default_factory=list)
    unchanged: dict[str, bool] = field(default_factory=dict)


def plan_year(year: int, chapters: list[Chapter], *, reports_dir: Path, raw_dir: Path,
              processed_dir: Path | None, parameters: Mapping[str, Any], code: str,
              force: bool = False, timeout: int | None = 600, lang: str = "sv",
              commit: str = "unknown", env: tuple[tuple[str, str], ...] = ()) -> YearPlan:
    """The tasks of one year, each marked unchanged (skip) or to run."""
    inputs = raw_inputs(year, raw_dir)
    cleaning = {c.stem: sha256_file(c.path) for c in chapters if c.cleans}
    plan = YearPlan(year)
    for chapter in chapters:
        fingerprint = {
            "notebook": sha256_file(chapter.path),
            "cleaning": {} if chapter.cleans else cleaning,
            "inputs": inputs,
            "code": code,
            "parameters": json.loads(json.dumps(dict(parameters), sort_keys=True, default=str)),
        }
        task = ChapterTask(year=year, chapter=chapter, parameters=dict(parameters),
                           fingerprint=fingerprint, reports_dir=Path(reports_dir),
                           processed_dir=processed_dir, timeout=timeout, lang=lang, commit=commit,
                           env=env)
        plan.tasks.append(task)
        plan.unchanged[chapter.stem] = not force and is_unchanged(task, inputs)
    return plan


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
    from analysis.facts.pipeline import load_raw_files

    try:
        frame = load_raw_files(year, processed_dir)
    except (AnalysisError, OSError, ValueError):
        return False
    return dict(zip(frame["file"].astype(str), frame["sha256"].astype(str))) == dict(inputs)


# --------------------------------------------------------------------------- the batch


def available_cores() -> int:
    """The cores this process may run on (its CPU affinity; else ``os.cpu_count()``)."""
    with contextlib.suppress(AttributeError, OSError):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


#: Notebook parameters the batch sets; ``parameters`` of :func:`run_batch` may not.
RESERVED_PARAMETERS = ("year", "lang", "raw_dir", "processed_dir")


def _exact_year(year: object, raw_dir: Path) -> int:
    """A report year with raw data, written exactly as its folder is (``"02019"`` is not)."""
    from analysis.exceptions import UnknownYearError
    from analysis.facts.pipeline import available_years, check_year

    number = check_year(year, raw_dir)
    if not isinstance(year, int) and str(year).strip() != str(number):
        raise UnknownYearError(year, available_years(raw_dir))
    return number


def run_batch(years: Iterable[object] | None = None, chapters: Iterable[str] | None = None, *,
              force: bool = False, jobs: int | None = None, timeout: int | None = 600,
              executor: cf.Executor | None = None, notebooks_dir: Path | None = None,
              reports_dir: Path | None = None, raw_dir: Path | None = None,
              processed_dir: Path | None = None, lang: str = "sv",
              parameters: Mapping[str, Any] | None = None,
              progress: bool = False) -> list[ChapterResult]:
    """Run the chapters of the given report years (all by default) and write the indexes.

    ``executor``: any ``concurrent.futures.Executor`` (default: a process pool of ``jobs``
    workers, at most the number of cores); ``jobs`` is ignored when it is given.
    ``raw_dir``/``processed_dir`` are passed to the notebooks as absolute paths when given
    (otherwise ``""``: the project defaults, see :mod:`analysis.paths`).
    ``parameters``: extra notebook parameters for every chapter (not ``year``, ``lang``,
    ``raw_dir``, ``processed_dir``: the batch sets those). ``timeout``: seconds a cell may
    run (``None`` or 0: no limit). Returns one result per chapter and year, in year and
    chapter order.
    """
    from analysis.facts.pipeline import available_years

    if lang not in ("sv", "en"):
        raise AnalysisError(f"unknown language {lang!r}; use 'sv' or 'en'")
    if jobs is not None and jobs < 1:
        raise AnalysisError(f"jobs must be at least 1 (got {jobs})")
    if timeout is not None and timeout < 0:
        raise AnalysisError(f"timeout must be 0 (no limit) or more seconds (got {timeout})")
    clash = sorted(set(parameters or {}) & set(RESERVED_PARAMETERS))
    if clash:
        raise AnalysisError(f"parameter {clash[0]!r} is set by the batch; use its own option")
    for key, value in KERNEL_ENV.items():
        os.environ.setdefault(key, value)
    # Absolute: notebooks run in their own folder, workers possibly elsewhere.
    raw_dir = Path(raw_dir).resolve() if raw_dir else None
    processed_dir = Path(processed_dir).resolve() if processed_dir else None
    reports_dir = Path(reports_dir or paths.reports_dir()).resolve()
    raw_path = raw_dir or paths.raw_dir()
    all_chapters = discover_chapters(notebooks_dir)
    if not all_chapters:
        raise AnalysisError(f"no chapter notebooks ({NOTEBOOK_PATTERN}) in "
                            f"{Path(notebooks_dir or paths.notebooks_dir())}")
    chosen = select_chapters(all_chapters, list(chapters) if chapters else None)
    wanted = list(years) if years else available_years(raw_path)
    if not wanted:
        raise AnalysisError(f"no report years with raw data in {raw_path}")
    year_list = sorted({_exact_year(y, raw_path) for y in wanted})
    params_base = {"lang": lang, "raw_dir": str(raw_dir) if raw_dir else "",
                   "processed_dir": str(processed_dir) if processed_dir else "",
                   **dict(parameters or {})}
    code, commit = code_hash(), git_commit()
    env = tuple((k, os.environ[k]) for k in ("LANSTEKNIK_ROOT",) if os.environ.get(k))
    reports_dir.mkdir(parents=True, exist_ok=True)
    with locked(reports_dir):
        plans = [plan_year(year, chosen, reports_dir=reports_dir, raw_dir=raw_path,
                           processed_dir=processed_dir or paths.processed_dir(),
                           parameters={"year": year, **params_base}, code=code, force=force,
                           timeout=timeout, lang=lang, commit=commit, env=env)
                 for year in year_list]
        results = _run_plans(plans, executor=executor, jobs=jobs, progress=progress)
        write_indexes(reports_dir, all_chapters, year_list, lang=lang)
    return sorted(results, key=lambda r: (r.year, r.number, r.chapter))


def _unchanged_result(task: ChapterTask) -> ChapterResult:
    stamp = read_json(task.files.stamp)
    return ChapterResult(year=task.year, chapter=task.chapter.name, number=task.chapter.number,
                         title=task.chapter.title(task.lang), status=UNCHANGED, seconds=0.0,
                         html=task.files.html, executed=task.files.executed,
                         key_figures=stamp.get("key_figures"))


def _skipped_result(task: ChapterTask, because: ChapterResult) -> ChapterResult:
    files = task.files
    error = {"kind": "skipped", "cell_index": None, "cell_count": None, "first_line": "",
             "message": f"not run: the cleaning chapter {because.number:02d} {because.chapter} "
                        f"of {task.year} failed"}
    write_text(files.failure, dumps({"status": SKIPPED, "time": now_text(), "error": error,
                                     "fingerprint": task.fingerprint}))
    return ChapterResult(year=task.year, chapter=task.chapter.name, number=task.chapter.number,
                         title=task.chapter.title(task.lang), status=SKIPPED,
                         html=files.html if files.html.exists() else None, error=error)


def _crashed_result(task: ChapterTask, exc: BaseException) -> ChapterResult:
    """The worker itself failed (process pool broken, Dask worker lost, ...)."""
    error = {"kind": "worker", "cell_index": None, "cell_count": None, "first_line": "",
             "message": _one_line(f"{type(exc).__name__}: {exc}")}
    with contextlib.suppress(OSError):
        write_text(task.files.failure, dumps({"status": FAILED, "time": now_text(), "error": error,
                                              "fingerprint": task.fingerprint}))
    return ChapterResult(year=task.year, chapter=task.chapter.name, number=task.chapter.number,
                         title=task.chapter.title(task.lang), status=FAILED,
                         html=task.files.html if task.files.html.exists() else None, error=error)


def _run_plans(plans: list[YearPlan], *, executor: cf.Executor | None, jobs: int | None,
               progress: bool) -> list[ChapterResult]:
    from tqdm import tqdm

    to_run = sum(1 for p in plans for t in p.tasks if not p.unchanged[t.chapter.stem])
    total = sum(len(p.tasks) for p in plans)
    cores = available_cores()
    workers = max(1, min(jobs or cores, cores, max(to_run, 1)))
    own = executor is None and to_run > 0
    if own:
        import multiprocessing

        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("forkserver" if "forkserver" in methods else None)
        executor = cf.ProcessPoolExecutor(max_workers=workers, mp_context=context)
    results: list[ChapterResult] = []
    futures: dict[cf.Future, ChapterTask] = {}
    waiting: dict[int, list[ChapterTask]] = {}      # year -> chapters after cleaning
    cleaning_left: dict[int, set[str]] = {}         # year -> cleaning chapters running
    cleaning_failed: dict[int, ChapterResult] = {}
    bar = tqdm(total=total, disable=not progress, unit="kapitel", desc="build", leave=False,
               file=sys.stderr, dynamic_ncols=True)

    def done(result: ChapterResult) -> None:
        results.append(result)
        bar.update(1)
        bar.set_postfix_str(f"{result.year} {result.chapter}: {result.status}", refresh=False)

    def submit(task: ChapterTask) -> None:
        try:
            futures[executor.submit(run_chapter, task)] = task
        except Exception as exc:  # noqa: BLE001 - pool broken, cluster gone: report, go on
            finish(task, _crashed_result(task, exc))

    def finish(task: ChapterTask, result: ChapterResult) -> None:
        done(result)
        if task.chapter.cleans:
            left = cleaning_left[task.year]
            left.discard(task.chapter.stem)
            if not result.ok:
                cleaning_failed.setdefault(task.year, result)
            if not left:
                release(task.year)

    def release(year: int) -> None:
        for task in waiting.pop(year, []):
            if year in cleaning_failed:
                done(_skipped_result(task, cleaning_failed[year]))
            elif plans_by_year[year].unchanged[task.chapter.stem]:
                done(_unchanged_result(task))
            else:
                submit(task)

    plans_by_year = {p.year: p for p in plans}
    try:
        for plan in plans:
            cleaners = [t for t in plan.tasks if t.chapter.cleans]
            others = [t for t in plan.tasks if not t.chapter.cleans]
            waiting[plan.year] = others
            to_clean = [t for t in cleaners if not plan.unchanged[t.chapter.stem]]
            cleaning_left[plan.year] = {t.chapter.stem for t in to_clean}
            for task in cleaners:
                if plan.unchanged[task.chapter.stem]:
                    done(_unchanged_result(task))
            for task in to_clean:
                submit(task)
            if not to_clean:
                release(plan.year)
        while futures:
            finished, _ = cf.wait(list(futures), return_when=cf.FIRST_COMPLETED)
            for future in finished:
                task = futures.pop(future)
                try:
                    result = future.result()
                except BaseException as exc:  # noqa: BLE001 - report, keep going
                    result = _crashed_result(task, exc)
                finish(task, result)
    except BaseException:
        for future in futures:
            future.cancel()
        raise
    finally:
        bar.close()
        if own:
            executor.shutdown(wait=True, cancel_futures=True)
    return results


# --------------------------------------------------------------------------- indexes


def shown_figures(figures: Iterable[Mapping]) -> list[Mapping]:
    """The key figures an index shows readers: headline figures that have a value (the
    chapter records the others for programs, and a missing one is a note in the chapter)."""
    return [f for f in figures if f.get("headline", True) and f.get("value") is not None]


def year_entries(year: int, chapters: list[Chapter], reports_dir: Path, lang: str = "sv") -> list[dict]:
    """The index rows of a year, from the stamps and failure records on disk."""
    from analysis.publishing.html_export import format_figure

    entries = []
    for chapter in chapters:
        files = ChapterFiles(Path(reports_dir) / str(year), chapter)
        stamp, failure = read_json(files.stamp), read_json(files.failure)
        has_html = files.html.exists()
        if failure:
            status = failure.get("status", FAILED)
        elif stamp and has_html:
            status = OK
        else:
            status = "missing"
        figures = (stamp.get("key_figures") or {}).get("figures", []) if stamp and has_html else []
        entries.append({
            "number": chapter.number, "name": chapter.name, "title": chapter.title(lang),
            "status": status, "href": files.html.name if has_html else None,
            "generated": stamp.get("generated") if has_html else None,
            "seconds": stamp.get("seconds"),
            "figures": [{"label": f.get("label", f.get("key", "")), "text": format_figure(f, lang),
                         "derived": bool(f.get("derived")), "formula": f.get("formula") or ""}
                        for f in shown_figures(figures)],
            "error": failure.get("error") if failure else None,
            "previous": stamp.get("generated") if failure and has_html and stamp else None,
            "failed_at": failure.get("time") if failure else None,
        })
    return entries


def _latest(times: Iterable[str | None]) -> str | None:
    """The latest of ISO times (with offsets); None if there is none."""
    def key(text: str) -> dt.datetime:
        moment = dt.datetime.fromisoformat(text)
        return moment if moment.tzinfo else moment.astimezone()

    known = []
    for text in times:
        with contextlib.suppress(TypeError, ValueError):
            known.append((key(text), text))
    return max(known)[1] if known else None


def _write_if_changed(target: Path, text: str) -> bool:
    """Write a page only if its text differs from the file's: a run that changed nothing
    leaves every file as it was."""
    from analysis.publishing.html_export import write_page

    with contextlib.suppress(OSError, UnicodeDecodeError):
        if target.read_text(encoding="utf-8") == text:
            return False
    write_page(target, text)
    return True


def write_indexes(reports_dir: Path, chapters: list[Chapter], years: Iterable[int],
                  lang: str = "sv") -> None:
    """Rewrite ``reports/<year>/index.html`` for ``years`` and ``reports/index.html``.

    A page's time is that of the latest chapter page or failure it lists, so a page is
    rewritten only when something on it changed.
    """
    from analysis.publishing.html_export import render_root_index, render_year_index

    reports_dir = Path(reports_dir)
    for year in years:
        entries = year_entries(year, chapters, reports_dir, lang)
        when = _latest([e["generated"] for e in entries] + [e["failed_at"] for e in entries])
        _write_if_changed(reports_dir / str(year) / "index.html",
                          render_year_index(year, entries, lang=lang, generated=when))
    rows = []
    for folder in sorted(p for p in reports_dir.iterdir() if p.is_dir() and re.fullmatch(r"\d{4}", p.name)):
        if not (folder / "index.html").exists():
            continue
        entries = year_entries(int(folder.name), chapters, reports_dir, lang)
        rows.append({"year": int(folder.name), "href": f"{folder.name}/index.html",
                     "ok": sum(e["status"] == OK for e in entries), "total": len(entries),
                     "failed": sum(e["status"] in (FAILED, SKIPPED) for e in entries),
                     "generated": _latest(e["generated"] for e in entries),
                     "changed": _latest([e["generated"] for e in entries]
                                        + [e["failed_at"] for e in entries])})
    _write_if_changed(reports_dir / "index.html",
                      render_root_index(rows, lang=lang, generated=_latest(r["changed"] for r in rows)))


# --------------------------------------------------------------------------- command line


def summary_table(results: list[ChapterResult], *, relative_to: Path | None = None) -> str:
    """A plain-text table: year, chapter, status, seconds, output path (and errors)."""
    base = Path(relative_to or Path.cwd()).resolve()

    def where(result: ChapterResult) -> str:
        path = result.html if result.ok else (result.executed or result.html)
        if path is None:
            return "-"
        try:
            return str(Path(path).resolve().relative_to(base))
        except ValueError:
            return str(path)

    rows = [("year", "chapter", "status", "seconds", "output")]
    rows += [(str(r.year), f"{r.number:02d} {r.chapter}", r.status, f"{r.seconds:.1f}", where(r))
             for r in results]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = []
    for n, row in enumerate(rows):
        lines.append("  ".join([row[0].ljust(widths[0]), row[1].ljust(widths[1]),
                                row[2].ljust(widths[2]), row[3].rjust(widths[3]), row[4]]).rstrip())
        if n == 0:
            lines.append("-" * len(lines[0]))
            continue
        error = results[n - 1].error
        if error:
            where_cell = (f"cell {error['cell_index'] + 1}/{error['cell_count']} "
                          f"`{error['first_line']}`: " if error.get("cell_index") is not None else "")
            lines.append(f"{'':{widths[0]}}  ↳ {where_cell}{error['message']}")
    failed = sum(not r.ok for r in results)
    ran = sum(r.status == OK for r in results)
    lines.append(f"{len(results)} chapters: {ran} built, "
                 f"{sum(r.status == UNCHANGED for r in results)} unchanged, {failed} failed or skipped")
    return "\n".join(lines)


def main(args) -> int:
    """``python -m analysis build``: run the batch, print the summary; 0 only if all succeeded."""
    for key, value in KERNEL_ENV.items():
        os.environ.setdefault(key, value)
    show = not getattr(args, "no_progress", False) and sys.stderr.isatty()
    folder = lambda name: Path(getattr(args, name)) if getattr(args, name, None) else None  # noqa: E731
    reports_dir = folder("reports_dir") or paths.reports_dir()
    results = run_batch(years=args.years, chapters=args.chapters, force=args.force,
                        jobs=args.jobs, timeout=args.timeout, progress=show,
                        lang=getattr(args, "lang", None) or "sv",
                        parameters=getattr(args, "parameters", None),
                        notebooks_dir=folder("notebooks_dir"), reports_dir=reports_dir,
                        raw_dir=folder("raw_dir"), processed_dir=folder("processed_dir"))
    print(summary_table(results))
    print(f"index: {Path(reports_dir) / 'index.html'}")
    return 0 if results and all(r.ok for r in results) else 1
