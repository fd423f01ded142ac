"""The chapter batch: run every chapter notebook of every report year and export HTML.

``python -m analysis build`` calls :func:`main`; programs and tests call :func:`run_batch`.

For each report year, the chapter notebooks (``notebooks/NN_name.ipynb``) are executed by
papermill into ``reports/<year>/executed/<NN_name>.ipynb`` and exported, in the same
worker process, to ``reports/<year>/<chapter>.html`` (:mod:`analysis.publishing.pages.html_export`).
Afterwards ``reports/<year>/index.html`` and ``reports/index.html`` are rewritten.

- **Order.** The build cleans the years once, before any chapter
  (:mod:`~analysis.publishing.batch.cleaning`); their chapters then run side by side, the
  longest (by their last run) first. Where that cleaning fails, the cleaning chapter of a
  year (metadata ``"cleans": true``, ``01``) runs first and cleans on its own page; the
  year's other chapters are submitted when it has succeeded. If it fails, they are
  reported as ``skipped`` and not run on stale data. Years run side by side.
  A summarising chapter (``"summarises": true``, ``00_summary``) runs last, when the
  year's other chapters are done, from their record ``reports/<year>/chapters.json``
  (:mod:`~analysis.publishing.batch.record`); it runs also when some of them failed.
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

The parts: :mod:`~analysis.publishing.batch.notebooks` finds the chapters,
:mod:`~analysis.publishing.batch.plan` fingerprints them and decides what is unchanged,
:mod:`~analysis.publishing.batch.execute` runs one chapter in a worker, ``schedule`` runs them in order on an executor
and :mod:`~analysis.publishing.pages.index_pages` writes the indexes.
"""

from __future__ import annotations

import concurrent.futures as cf
import logging
import os
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from analysis import paths
from analysis.commentary.files import APPROVED, FLAGGED, NOT_APPROVED
from analysis.exceptions import AnalysisError, UnknownYearError
from analysis.facts.sources.yearfolders import available_years, check_year
from analysis.facts.store import locked
from analysis.periods import ANNUAL, Period
from analysis.publishing.batch import jupyter_setup, periods, stopping
from analysis.publishing.batch.jupyter_setup import KERNEL_ENV
from analysis.publishing.batch.notebooks import NOTEBOOK_PATTERN, discover_chapters, select_chapters
from analysis.publishing.batch.plan import code_hash, git_commit, plan_year
from analysis.publishing.batch.record import write_record
from analysis.publishing.batch.schedule import kill_fork_server, resource_tracker_pid, run_plans, stop_process_tree
from analysis.publishing.batch.stopping import BuildInterrupted
from analysis.publishing.downloads.publish import publish
from analysis.publishing.model import INTERRUPTED, OK, UNCHANGED, Chapter, ChapterResult
from analysis.publishing.pages.index_pages import write_indexes

log = logging.getLogger(__name__)


#: Notebook parameters the batch sets; ``parameters`` of :func:`run_batch` may not.
RESERVED_PARAMETERS = ("year", "lang", "raw_dir", "processed_dir", "reports_dir")


def _exact_year(year: object, raw_dir: Path) -> int:
    """A report year with raw data, written exactly as its folder is (``"02019"`` is not)."""
    number = check_year(year, raw_dir)
    if not isinstance(year, int) and str(year).strip() != str(number):
        raise UnknownYearError(year, available_years(raw_dir))
    return number


def _check_options(lang: str, jobs: int | None, timeout: int | None, parameters: Mapping[str, Any] | None) -> None:
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
        raise AnalysisError(
            f"no chapter notebooks ({NOTEBOOK_PATTERN}) in {Path(notebooks_dir or paths.notebooks_dir())}"
        )
    return found


def _years(years: Iterable[object] | None, raw_path: Path) -> list[int]:
    """The report years asked for (all with raw data by default), checked and sorted."""
    wanted = list(years) if years else available_years(raw_path)
    if not wanted:
        raise AnalysisError(f"no report years with raw data in {raw_path}")
    return sorted({_exact_year(y, raw_path) for y in wanted})


def _absolute_folders(
    raw_dir: Path | None, processed_dir: Path | None, reports_dir: Path | None
) -> tuple[Path | None, Path | None, Path]:
    """The folders made absolute: notebooks run in their own folder, workers possibly elsewhere."""
    raw = Path(raw_dir).resolve() if raw_dir else None
    processed = Path(processed_dir).resolve() if processed_dir else None
    return raw, processed, Path(reports_dir or paths.reports_dir()).resolve()


def _base_parameters(
    lang: str, raw_dir: Path | None, processed_dir: Path | None, parameters: Mapping[str, Any] | None
) -> dict[str, Any]:
    """The notebook parameters every chapter of every year gets (``year`` is added per year)."""
    return {
        "lang": lang,
        "raw_dir": str(raw_dir) if raw_dir else "",
        "processed_dir": str(processed_dir) if processed_dir else "",
        **dict(parameters or {}),
    }


def _plan_options(
    reports_dir: Path, raw_path: Path, processed_dir: Path | None, *, force: bool, timeout: int | None, lang: str
) -> dict[str, Any]:
    """The keyword arguments of :func:`plan_year` that are the same for every year."""
    code, commit = code_hash(), git_commit()
    env = tuple((k, os.environ[k]) for k in ("LANSTEKNIK_ROOT",) if os.environ.get(k))
    env += ((paths.REPORTS_ENV, str(reports_dir)),)  # where a chapter's commentary finds its last stamp
    return {
        "reports_dir": reports_dir,
        "raw_dir": raw_path,
        "processed_dir": processed_dir or paths.processed_dir(),
        "code": code,
        "force": force,
        "timeout": timeout,
        "lang": lang,
        "commit": commit,
        "env": env,
    }


def run_batch(
    years: Iterable[object] | None = None,
    chapters: Iterable[str] | None = None,
    *,
    force: bool = False,
    jobs: int | None = None,
    timeout: int | None = 600,
    executor: cf.Executor | None = None,
    notebooks_dir: Path | None = None,
    reports_dir: Path | None = None,
    raw_dir: Path | None = None,
    processed_dir: Path | None = None,
    lang: str = "sv",
    parameters: Mapping[str, Any] | None = None,
    progress: bool = False,
    pdf: bool = False,
    months: Iterable[object] | None = None,
) -> list[ChapterResult]:
    """Run the chapters of the given report years (all by default) and write the indexes.

    ``executor``: any ``concurrent.futures.Executor`` (default: a process pool of ``jobs``
    workers, at most the number of cores); ``jobs`` is ignored when it is given.
    ``raw_dir``/``processed_dir`` are passed to the notebooks as absolute paths when given
    (otherwise ``""``: the project defaults, see :mod:`analysis.paths`).
    ``parameters``: extra notebook parameters for every chapter (not ``year``, ``lang``,
    ``raw_dir``, ``processed_dir``, ``reports_dir``: the batch sets those; a summarising
    chapter gets ``reports_dir``). ``timeout``: seconds a cell may
    run (``None`` or 0: no limit). Returns one result per chapter and year, in year and
    chapter order. ``months``: the period reports to build (:mod:`~analysis.publishing.batch.periods`;
    12 or none: the annual report), all in one run, sharing its cleaning and kernels.
    """
    _check_options(lang, jobs, timeout, parameters)
    jupyter_setup.ensure_kernel()  # the kernel the notebooks name
    for key, value in KERNEL_ENV.items():
        os.environ.setdefault(key, value)
    raw_dir, processed_dir, reports_dir = _absolute_folders(raw_dir, processed_dir, reports_dir)
    raw_path = raw_dir or paths.raw_dir()
    all_chapters = _all_chapters(notebooks_dir)
    month_list = periods.months_asked(months)
    kinds = _kinds(all_chapters, list(chapters) if chapters else None, month_list, notebooks_dir)
    reports = [Period(y, m) for m in month_list for y in _years(years, raw_path)]
    params_base = _base_parameters(lang, raw_dir, processed_dir, parameters)
    shared = _plan_options(reports_dir, raw_path, processed_dir, force=force, timeout=timeout, lang=lang)
    reports_dir.mkdir(parents=True, exist_ok=True)
    with locked(reports_dir, on_wait=lambda: print(_WAITING.format(reports_dir), file=sys.stderr, flush=True)):
        periods.check_ledgers(reports, raw_path, processed_dir)
        plans = [_plan(p, kinds, params_base, shared) for p in reports]
        results = run_plans(plans, executor=executor, jobs=jobs, progress=progress)
        with stopping.deferred():  # the indexes are written whole; a stop meanwhile comes after
            _finish_reports(reports_dir, processed_dir, kinds, reports, lang, pdf)
    stopping.raise_if_stopped(results)
    return sorted(results, key=lambda r: (r.year, r.month, r.number, r.chapter))


def _plan(period: Period, kinds: dict[bool, tuple], base: dict, shared: dict):
    """The plan of one report: its year's chapters of its kind, with the parameters."""
    every, chosen = kinds[period.annual]
    return plan_year(
        period.year, chosen, parameters={"year": period.year, **base}, all_chapters=every, month=period.month, **shared
    )


def _kinds(all_chapters: list[Chapter], wanted, months: list[int], notebooks_dir) -> dict[bool, tuple]:
    """``{annual: (every chapter, the chapters to run)}``: the annual report's (``True``) and the
    period reports' (``False``, from ``notebooks/period/``, where a period is asked for)."""
    kinds = {True: (all_chapters, select_chapters(all_chapters, wanted) if ANNUAL in months else []), False: ([], [])}
    if any(m != ANNUAL for m in months):
        found = periods.period_chapters(notebooks_dir)
        kinds[False] = (found, periods.choose(found, wanted, all_chapters))
    return kinds


def _finish_reports(reports_dir, processed_dir, kinds, reports: list[Period], lang: str, pdf: bool) -> None:
    """After the chapters: the documents and downloads, each report's record and the indexes."""
    annual_years = [p.year for p in reports if p.annual]
    built = [p for p in reports if not p.annual]
    _publish_documents(reports_dir, processed_dir, kinds[True][0], annual_years, lang, pdf)
    if built:
        _publish_documents(reports_dir, processed_dir, kinds[False][0], built, lang, pdf)
    for report in reports:  # what the report's summary reads, and the indexes show
        write_record(report, kinds[report.annual][0], reports_dir, lang)
    write_indexes(reports_dir, kinds[True][0], annual_years, lang=lang, periods=(kinds[False][0], built))


def _publish_documents(reports_dir, processed_dir, chapters, years, lang: str, pdf: bool) -> None:
    """Workbooks, the year's document (and PDF) and the key figures: :mod:`~analysis.publishing.downloads.publish`."""
    publish(reports_dir, chapters, years, lang=lang, processed_dir=processed_dir, pdf=pdf)


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
    rows += [(r.period.folder, f"{r.number:02d} {r.chapter}", r.status, f"{r.seconds:.1f}", where(r)) for r in results]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = []
    for n, row in enumerate(rows):
        lines.append(
            "  ".join(
                [
                    row[0].ljust(widths[0]),
                    row[1].ljust(widths[1]),
                    row[2].ljust(widths[2]),
                    row[3].rjust(widths[3]),
                    row[4],
                ]
            ).rstrip()
        )
        if n == 0:
            lines.append("-" * len(lines[0]))
            continue
        error = results[n - 1].error
        if error:
            where_cell = (
                f"cell {error['cell_index'] + 1}/{error['cell_count']} `{error['first_line']}`: "
                if error.get("cell_index") is not None
                else ""
            )
            lines.append(f"{'':{widths[0]}}  ↳ {where_cell}{error['message']}")
        lines += [f"{'':{widths[0]}}  ↳ {text}" for text in commentary_lines(results[n - 1].commentary)]
    failed = sum(not r.ok and r.status != INTERRUPTED for r in results)
    ran = sum(r.status == OK for r in results)
    stopped = sum(r.status == INTERRUPTED for r in results)
    lines.append(
        f"{len(results)} chapters: {ran} built, "
        f"{sum(r.status == UNCHANGED for r in results)} unchanged, {failed} failed or skipped"
        + (f", {stopped} interrupted" if stopped else "")
    )
    lines += commentary_counts(results)
    return "\n".join(lines)


def commentary_lines(commentary: Mapping | None) -> list[str]:
    """What the summary table says under a chapter of its commentary: a status that is not
    approved, each flag (an approval that the data overtook) and how many findings."""
    if not commentary:
        return []
    name, state = commentary.get("file", ""), commentary.get("state", "")
    lines = [] if state == APPROVED else [f"commentary {name}: {commentary.get('state_text') or state}"]
    lines += [f"commentary {name}: {flag}" for flag in commentary.get("flags") or []]
    findings = len(commentary.get("findings") or [])
    if findings:
        plural = "s" if findings != 1 else ""
        lines.append(f"commentary {name}: {findings} finding{plural} (listed at the chapter's end)")
    return lines


def commentary_counts(results: list[ChapterResult]) -> list[str]:
    """Per year with commentary: how many comments, how many not approved, how many flagged."""
    by_year: dict[int, list[dict]] = {}
    for result in results:
        if result.commentary:
            by_year.setdefault(result.year, []).append(result.commentary)
    lines = []
    for year, found in sorted(by_year.items()):
        states = [c.get("state") for c in found]
        lines.append(
            f"{year}: {len(found)} commentar{'ies' if len(found) != 1 else 'y'}, "
            f"{sum(s in NOT_APPROVED for s in states)} not approved, "
            f"{sum(s == FLAGGED for s in states)} flagged"
        )
    return lines


_WAITING = "waiting: another build is writing {} (it holds .lock); this one starts when it ends"


def main(args) -> int:
    """``python -m analysis build``: run the batch, print the summary; 0 only if all succeeded,
    130 after SIGINT (Ctrl-C) and 143 after SIGTERM, with the chapters left ``interrupted``."""
    for key, value in KERNEL_ENV.items():
        os.environ.setdefault(key, value)
    previous = stopping.install()
    try:
        return _build(args)
    except BuildInterrupted as stop:
        return interrupted(stop)
    finally:
        stopping.restore(previous)  # a caller in the same process gets its own back


def _build(args) -> int:
    show = not getattr(args, "no_progress", False) and sys.stderr.isatty()
    folder = lambda name: Path(getattr(args, name)) if getattr(args, name, None) else None
    reports_dir = folder("reports_dir") or paths.reports_dir()
    results = run_batch(
        years=args.years,
        chapters=args.chapters,
        force=args.force,
        jobs=args.jobs,
        timeout=args.timeout,
        progress=show,
        lang=getattr(args, "lang", None) or "sv",
        parameters=getattr(args, "parameters", None),
        notebooks_dir=folder("notebooks_dir"),
        reports_dir=reports_dir,
        raw_dir=folder("raw_dir"),
        processed_dir=folder("processed_dir"),
        pdf=getattr(args, "pdf", False),
        months=getattr(args, "months", None),
    )
    print(summary_table(results))
    print(f"index: {Path(reports_dir) / 'index.html'}")
    return 0 if results and all(r.ok for r in results) else 1


def interrupted(stop: BuildInterrupted) -> int:
    """Stop what is left of the build's processes, print the summary and one line; the exit status."""
    # What is left: the fork server. Not the resource tracker: it ignores SIGTERM, so it
    # would be killed, and at exit this process would unregister its semaphores with a new
    # one ("resource_tracker: process died unexpectedly", KeyError tracebacks). It ends by
    # itself when the build has exited.
    kill_fork_server()
    stop_process_tree(grace=1.0, spare=tuple(filter(None, [resource_tracker_pid()])))
    if stop.results:
        print(summary_table(sorted(stop.results, key=lambda r: (r.year, r.month, r.number, r.chapter))))
    left = sum(r.status == INTERRUPTED for r in stop.results)
    print(stopping.last_line(stop, left), file=sys.stderr)
    sys.stdout.flush()
    return 128 + stop.signum
