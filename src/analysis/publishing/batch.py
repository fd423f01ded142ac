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

The parts: :mod:`~analysis.publishing.notebooks` finds the chapters,
:mod:`~analysis.publishing.plan` fingerprints them and decides what is unchanged,
:mod:`~analysis.publishing.run` runs one chapter in a worker, this module schedules them
and :mod:`~analysis.publishing.index_pages` writes the indexes.
"""
from __future__ import annotations
import concurrent.futures as cf
import contextlib
import logging
import os
import sys
from pathlib import Path
from typing import Any, Iterable, Mapping
from analysis import paths
from analysis.exceptions import AnalysisError
from analysis.publishing.html_export import now_text
from analysis.facts.store import dumps, locked, read_json, write_text
from analysis.publishing.plan import ChapterResult, ChapterTask, FAILED, OK, SKIPPED, UNCHANGED, YearPlan, code_hash, git_commit, plan_year
from analysis.publishing.run import KERNEL_ENV, _one_line, run_chapter
from analysis.publishing.notebooks import NOTEBOOK_PATTERN, Chapter, discover_chapters, select_chapters
from analysis.publishing.index_pages import write_indexes


log = logging.getLogger(__name__)


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


def _check_options(lang: str, jobs: int | None, timeout: int | None,
                   parameters: Mapping[str, Any] | None) -> None:
    """Refuse options the batch cannot honour, with one line that says why."""
    if lang not in ("sv", "en"):
        raise AnalysisError(f"unknown language {lang!r}; use 'sv' or 'en'")
    if jobs is not None and jobs < 1:
        raise AnalysisError(f"jobs must be at least 1 (got {jobs})")
    if timeout is not None and timeout < 0:
        raise AnalysisError(f"timeout must be 0 (no limit) or more seconds (got {timeout})")
    clash = sorted(set(parameters or {}) & set(RESERVED_PARAMETERS))
    if clash:
        raise AnalysisError(f"parameter {clash[0]!r} is set by the batch; use its own option")


def _all_chapters(notebooks_dir: Path | None) -> list[Chapter]:
    found = discover_chapters(notebooks_dir)
    if not found:
        raise AnalysisError(f"no chapter notebooks ({NOTEBOOK_PATTERN}) in "
                            f"{Path(notebooks_dir or paths.notebooks_dir())}")
    return found


def _years(years: Iterable[object] | None, raw_path: Path) -> list[int]:
    """The report years asked for (all with raw data by default), checked and sorted."""
    from analysis.facts.pipeline import available_years

    wanted = list(years) if years else available_years(raw_path)
    if not wanted:
        raise AnalysisError(f"no report years with raw data in {raw_path}")
    return sorted({_exact_year(y, raw_path) for y in wanted})


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
    _check_options(lang, jobs, timeout, parameters)
    for key, value in KERNEL_ENV.items():
        os.environ.setdefault(key, value)
    # Absolute: notebooks run in their own folder, workers possibly elsewhere.
    raw_dir = Path(raw_dir).resolve() if raw_dir else None
    processed_dir = Path(processed_dir).resolve() if processed_dir else None
    reports_dir = Path(reports_dir or paths.reports_dir()).resolve()
    raw_path = raw_dir or paths.raw_dir()
    all_chapters = _all_chapters(notebooks_dir)
    chosen = select_chapters(all_chapters, list(chapters) if chapters else None)
    year_list = _years(years, raw_path)
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


def _own_pool(workers: int) -> cf.ProcessPoolExecutor:
    """A process pool that starts its workers from a fork server where there is one."""
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("forkserver" if "forkserver" in methods else None)
    return cf.ProcessPoolExecutor(max_workers=workers, mp_context=context)


class _Scheduler:
    """Submits the chapters of every year: a year's cleaning chapters first, the others
    when they have succeeded (``skipped`` when one failed); collects one result each."""

    def __init__(self, plans: list[YearPlan], executor: cf.Executor, bar) -> None:
        self.plans = {p.year: p for p in plans}
        self.executor, self.bar = executor, bar
        self.results: list[ChapterResult] = []
        self.futures: dict[cf.Future, ChapterTask] = {}
        self.waiting: dict[int, list[ChapterTask]] = {}      # year -> chapters after cleaning
        self.cleaning_left: dict[int, set[str]] = {}         # year -> cleaning chapters running
        self.cleaning_failed: dict[int, ChapterResult] = {}

    def done(self, result: ChapterResult) -> None:
        self.results.append(result)
        self.bar.update(1)
        self.bar.set_postfix_str(f"{result.year} {result.chapter}: {result.status}", refresh=False)

    def submit(self, task: ChapterTask) -> None:
        try:
            self.futures[self.executor.submit(run_chapter, task)] = task
        except Exception as exc:  # noqa: BLE001 - pool broken, cluster gone: report, go on
            self.finish(task, _crashed_result(task, exc))

    def finish(self, task: ChapterTask, result: ChapterResult) -> None:
        self.done(result)
        if task.chapter.cleans:
            left = self.cleaning_left[task.year]
            left.discard(task.chapter.stem)
            if not result.ok:
                self.cleaning_failed.setdefault(task.year, result)
            if not left:
                self.release(task.year)

    def release(self, year: int) -> None:
        """The year's cleaning is over: run (or skip) its other chapters."""
        for task in self.waiting.pop(year, []):
            if year in self.cleaning_failed:
                self.done(_skipped_result(task, self.cleaning_failed[year]))
            elif self.plans[year].unchanged[task.chapter.stem]:
                self.done(_unchanged_result(task))
            else:
                self.submit(task)

    def start(self, plan: YearPlan) -> None:
        cleaners = [t for t in plan.tasks if t.chapter.cleans]
        self.waiting[plan.year] = [t for t in plan.tasks if not t.chapter.cleans]
        to_clean = [t for t in cleaners if not plan.unchanged[t.chapter.stem]]
        self.cleaning_left[plan.year] = {t.chapter.stem for t in to_clean}
        for task in cleaners:
            if plan.unchanged[task.chapter.stem]:
                self.done(_unchanged_result(task))
        for task in to_clean:
            self.submit(task)
        if not to_clean:
            self.release(plan.year)

    def run(self) -> list[ChapterResult]:
        try:
            for plan in self.plans.values():
                self.start(plan)
            while self.futures:
                finished, _ = cf.wait(list(self.futures), return_when=cf.FIRST_COMPLETED)
                for future in finished:
                    task = self.futures.pop(future)
                    try:
                        result = future.result()
                    except BaseException as exc:  # noqa: BLE001 - report, keep going
                        result = _crashed_result(task, exc)
                    self.finish(task, result)
        except BaseException:
            for future in self.futures:
                future.cancel()
            raise
        return self.results


def _run_plans(plans: list[YearPlan], *, executor: cf.Executor | None, jobs: int | None,
               progress: bool) -> list[ChapterResult]:
    from tqdm import tqdm

    to_run = sum(1 for p in plans for t in p.tasks if not p.unchanged[t.chapter.stem])
    total = sum(len(p.tasks) for p in plans)
    cores = available_cores()
    workers = max(1, min(jobs or cores, cores, max(to_run, 1)))
    own = executor is None and to_run > 0
    if own:
        executor = _own_pool(workers)
    bar = tqdm(total=total, disable=not progress, unit="kapitel", desc="build", leave=False,
               file=sys.stderr, dynamic_ncols=True)
    try:
        return _Scheduler(plans, executor, bar).run()
    finally:
        bar.close()
        if own:
            executor.shutdown(wait=True, cancel_futures=True)


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
