"""Scheduling the chapters on an executor: a year's cleaning chapters first, its other
chapters once they have succeeded (``skipped`` when one failed), its summarising chapters
when all others are done, unchanged chapters not at all; one result per chapter, also when
a worker is lost.
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import os
import signal
import sys

from analysis.facts.store import dumps, read_json, write_text
from analysis.publishing.batch import forked_kernels
from analysis.publishing.batch.execute import run_chapter
from analysis.publishing.batch.failures import one_line
from analysis.publishing.batch.period_order import PeriodOrder, renewed
from analysis.publishing.batch.plan import is_unchanged
from analysis.publishing.batch.processes import kill_fork_server, resource_tracker_pid, stop_process_tree
from analysis.publishing.batch.record import write_record
from analysis.publishing.batch.stopping import BuildInterrupted, deferred, raise_if_stopped, stopped
from analysis.publishing.batch.worker import start_worker

__all__ = ["kill_fork_server", "resource_tracker_pid", "run_plans", "stop_process_tree"]
from analysis.publishing.model import FAILED, INTERRUPTED, OK, SKIPPED, UNCHANGED, ChapterResult, ChapterTask, YearPlan
from analysis.publishing.pages.html_export import now_text


def available_cores() -> int:
    """The cores this process may run on (its CPU affinity; else ``os.cpu_count()``)."""
    with contextlib.suppress(AttributeError, OSError):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


def _result(task: ChapterTask, status: str, **fields) -> ChapterResult:
    """A chapter's result without running it; ``html`` is its page where one exists."""
    html = task.files.html if task.files.html.exists() else None
    return ChapterResult(
        year=task.year,
        month=task.month,
        chapter=task.chapter.name,
        number=task.chapter.number,
        title=task.chapter.title(task.lang),
        status=status,
        **{"html": html, **fields},
    )


def _not_run(task: ChapterTask, status: str, kind: str, message: str) -> ChapterResult:
    """Record why a chapter did not run (``failure.json``) and return its result."""
    error = {"kind": kind, "cell_index": None, "cell_count": None, "first_line": "", "message": message}
    with contextlib.suppress(OSError):
        record = {"status": status, "time": now_text(), "error": error, "fingerprint": task.fingerprint}
        write_text(task.files.failure, dumps(record))
    return _result(task, status, error=error)


def _from_stamp(task: ChapterTask, status: str, **fields) -> ChapterResult:
    """A result from the chapter's stamp on disk: its page, executed copy, key figures and commentary."""
    stamp = read_json(task.files.stamp)
    return _result(
        task,
        status,
        html=task.files.html,
        executed=task.files.executed,
        key_figures=stamp.get("key_figures"),
        commentary=stamp.get("commentary"),
        **{key: make(stamp) for key, make in fields.items()},
    )


def _unchanged_result(task: ChapterTask) -> ChapterResult:
    return _from_stamp(task, UNCHANGED)


def _skipped_result(task: ChapterTask, because: ChapterResult) -> ChapterResult:
    message = f"not run: the cleaning chapter {because.number:02d} {because.chapter} of {task.period.folder} failed"
    return _not_run(task, SKIPPED, "skipped", message)


def _crashed_result(task: ChapterTask, exc: BaseException) -> ChapterResult:
    """The worker itself failed (process pool broken, Dask worker lost, ...)."""
    return _not_run(task, FAILED, "worker", one_line(f"{type(exc).__name__}: {exc}"))


def _interrupted_result(task: ChapterTask) -> ChapterResult:
    """Not finished when the build stopped: its previous page and stamp are left as they were."""
    return _result(task, INTERRUPTED)


def _stamp_time(task: ChapterTask) -> int | None:
    with contextlib.suppress(OSError):
        return task.files.stamp.stat().st_mtime_ns
    return None


def _expected_seconds(task: ChapterTask) -> float:
    """How long the chapter took when it last ran (its stamp); a chapter never run counts as the
    longest."""
    try:
        seconds = read_json(task.files.stamp).get("seconds")
    except (OSError, ValueError):  # a stamp cut short: the chapter runs anyway
        seconds = None
    return float(seconds) if isinstance(seconds, (int, float)) else float("inf")


def _published_result(task: ChapterTask) -> ChapterResult:
    """Published by a worker stopped before its result came back: the stamp it wrote says so."""
    return _from_stamp(task, OK, seconds=lambda stamp: float(stamp.get("seconds") or 0.0))


#: What the fork server imports once, so that every worker starts with it.
WORKER_PRELOAD = [
    "analysis.publishing.batch.execute",
    "analysis.facts.pipeline",  # a chapter's provenance reads the year's raw-file table (pandas)
    "analysis.publishing.batch.warm_export",  # the exporter and the page templates, ready
    "papermill",
    "nbconvert",
    "nbclient",
    "nbformat",
    "jupyter_client",
]


def _own_pool(workers: int, zygote_path: str | None = None) -> cf.ProcessPoolExecutor:
    """A process pool that starts its workers from a fork server where there is one (which
    has imported papermill and nbconvert); each worker stops with the build
    (:func:`analysis.publishing.batch.worker.start_worker`) and forks its kernels from the build's
    zygote at ``zygote_path`` (:mod:`analysis.publishing.batch.zygote`)."""
    import multiprocessing

    import psutil

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("forkserver" if "forkserver" in methods else None)
    if "forkserver" in methods:
        context.set_forkserver_preload(WORKER_PRELOAD)
        _start_fork_server()
    owner = (os.getpid(), psutil.Process().create_time())
    return cf.ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=start_worker, initargs=(owner, zygote_path)
    )


def _start_fork_server() -> None:
    """Start the fork server (and the resource tracker) now, with SIGINT blocked.

    The fork server imports :data:`WORKER_PRELOAD` (seconds) before it ignores SIGINT, so a
    Ctrl-C meanwhile, which the terminal sends to every process of the build, printed its
    ``KeyboardInterrupt`` traceback. Blocked, the signal waits and is dropped once the
    server ignores it. The workers it forks inherit the mask and unblock SIGINT once their
    own handler is set (:func:`analysis.publishing.batch.worker.start_worker`), so a Ctrl-C just
    after their fork does not print one either. The resource tracker first: it unblocks
    the signals it blocks for its own start."""
    from multiprocessing import forkserver, resource_tracker

    resource_tracker.ensure_running()
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        forkserver.ensure_running()
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)


def remove_leftovers(tasks: list[ChapterTask]) -> None:
    """Temporary files of a write cut short in a stopped worker (never a page or stamp)."""
    for folder in {t.files.executed_dir for t in tasks} | {t.files.year_dir for t in tasks}:
        for leftover in folder.glob(".*.tmp"):
            leftover.unlink(missing_ok=True)


#: A report of the build: ``(year, month)``, month 12 the annual report.
Key = tuple[int, int]


class _Scheduler:
    """Submits the chapters of every year: the cleaning chapters first, a year's others when
    its cleaning has succeeded (``skipped`` when it failed) and that of the earlier years in
    the build is over, or at once when the build has cleaned the years (``YearPlan.cleaned``);
    collects one result each."""

    def __init__(self, plans: list[YearPlan], executor: cf.Executor, bar) -> None:
        self.plans = {p.key: p for p in plans}  # (year, month): a year's annual report or a period
        self.executor, self.bar = executor, bar
        self.results: list[ChapterResult] = []
        self.futures: dict[cf.Future, ChapterTask] = {}
        self.waiting: dict[Key, list[ChapterTask]] = {}  # report -> chapters after cleaning
        self.cleaning_left: dict[Key, set[str]] = {}  # report -> cleaning chapters running
        self.cleaning_failed: dict[Key, ChapterResult] = {}
        self.summaries: dict[Key, list[ChapterTask]] = {}  # report -> summarising chapters
        self.before_summary: dict[Key, set[str]] = {}  # report -> other chapters not done yet
        # The stamps as the build found them: one written meanwhile is a chapter published.
        self.stamps = {(t.key, t.chapter.name): _stamp_time(t) for p in plans for t in p.tasks}
        self.order = PeriodOrder([t for p in plans for t in p.tasks])  # a forecast waits for earlier months

    def done(self, result: ChapterResult) -> None:
        self.results.append(result)
        self.bar.update(1)
        self.bar.set_postfix_str(f"{result.period.folder} {result.chapter}: {result.status}", refresh=False)
        key = (result.year, result.month)
        for task in self.order.done(result.year, result.month, result.chapter):
            self.run_or_skip(task)
        left = self.before_summary.get(key)
        if left is not None and result.chapter in left:
            left.discard(result.chapter)
            if not left:
                self.release_summaries(key)

    def release_summaries(self, year: Key) -> None:
        """The year's other chapters are done: write their record, then run each summary
        whose fingerprint (with the record's SHA-256) changed."""
        from dataclasses import replace

        self.before_summary.pop(year, None)
        plan = self.plans[year]
        for task in self.summaries.pop(year, []):
            sha = write_record(task.period, plan.chapters, task.reports_dir, task.lang)
            task = replace(task, fingerprint={**task.fingerprint, "chapters": sha})
            if not plan.force and is_unchanged(task, {}):
                self.done(_unchanged_result(task))
            else:
                self.submit(task)

    def submit(self, task: ChapterTask) -> None:
        try:
            with deferred():  # a stop meanwhile waits until the pool has the chapter (or refused it)
                self.futures[self.executor.submit(run_chapter, task)] = task
        except Exception as exc:  # noqa: BLE001 - pool broken, cluster gone: report, go on
            raise_if_stopped()  # broken by the signal that stops the build: interrupted, not failed
            self.finish(task, _crashed_result(task, exc))
        raise_if_stopped()

    def finish(self, task: ChapterTask, result: ChapterResult) -> None:
        self.done(result)
        if task.chapter.cleans:
            left = self.cleaning_left[task.key]
            left.discard(task.chapter.stem)
            if not result.ok:
                self.cleaning_failed.setdefault(task.key, result)
            if not left:
                self.release_ready()

    def release_ready(self) -> None:
        """Release every year whose cleaning and that of every earlier year is over (its other
        chapters read the years up to theirs, their sections over the years); a year the build
        has cleaned waits for no cleaning chapter. The chapters released go to the executor
        longest first (by their last run), so that the short ones fill in at the end."""
        ready: list[ChapterTask] = []
        for year in sorted(self.waiting):
            if all(not left for y, left in self.cleaning_left.items() if y <= year and not self.plans[y].cleaned):
                ready += self.release(year)
        for task in sorted(ready, key=_expected_seconds, reverse=True):
            self.submit(task)

    def release(self, year: Key) -> list[ChapterTask]:
        """The year's cleaning is over: skip its other chapters (the cleaning failed), or report
        those unchanged; the ones to run."""
        to_run = []
        for task in self.waiting.pop(year, []):
            if year in self.cleaning_failed:
                self.done(_skipped_result(task, self.cleaning_failed[year]))
            elif self.order.depends(task):
                if not self.order.waits(task):
                    self.run_or_skip(renewed(task))
            elif self.plans[year].unchanged[task.chapter.stem]:
                self.done(_unchanged_result(task))
            else:
                to_run.append(task)
        return to_run

    def run_or_skip(self, task: ChapterTask) -> None:
        """A chapter whose fingerprint was renewed just now: unchanged, or run."""
        if not self.plans[task.key].force and is_unchanged(task, {}):
            self.done(_unchanged_result(task))
        else:
            self.submit(task)

    def start(self, plan: YearPlan) -> None:
        summaries = [t for t in plan.tasks if t.chapter.summarises]
        if summaries:
            self.summaries[plan.key] = summaries
            self.before_summary[plan.key] = {t.chapter.name for t in plan.tasks if not t.chapter.summarises}
        cleaners = [t for t in plan.tasks if t.chapter.cleans]
        self.waiting[plan.key] = [t for t in plan.tasks if not t.chapter.cleans and not t.chapter.summarises]
        to_clean = [t for t in cleaners if not plan.unchanged[t.chapter.stem]]
        self.cleaning_left[plan.key] = {t.chapter.stem for t in to_clean}
        for task in cleaners:
            if plan.unchanged[task.chapter.stem]:
                self.done(_unchanged_result(task))
        for task in to_clean:
            self.submit(task)

    def run(self) -> list[ChapterResult]:
        """Run every chapter; a stop signal leaves as :class:`BuildInterrupted` (see :meth:`after_stop`)."""
        try:
            for plan in self.plans.values():
                self.start(plan)
            self.release_ready()
            for year in [y for y, left in self.before_summary.items() if not left]:
                self.release_summaries(year)  # a build of summaries only
            while self.futures:
                finished, _ = cf.wait(list(self.futures), timeout=0.5, return_when=cf.FIRST_COMPLETED)
                for future in finished:
                    task = self.futures[future]  # dropped when finished: a stop meanwhile still sees it
                    try:
                        result = future.result()
                    except (KeyboardInterrupt, BuildInterrupted):
                        raise
                    except BaseException as exc:  # noqa: BLE001 - report, keep going
                        raise_if_stopped()  # a worker ended by the build's own stop signal
                        result = _crashed_result(task, exc)
                    self.finish(task, result)
                    del self.futures[future]
        except KeyboardInterrupt:  # run_batch called without the build's handler (a notebook, a script)
            raise BuildInterrupted(signal.SIGINT) from None
        return self.results

    def after_stop(self) -> list[ChapterResult]:
        """Every chapter's result once the build stopped and its workers are gone: a chapter
        whose result came back, or whose stamp its worker wrote in this build, finished; one
        not run that was unchanged is ``unchanged``; the others are ``interrupted`` (their
        previous page and stamp are as they were)."""
        results = list(self.results)
        seen = {((r.year, r.month), r.chapter) for r in results}
        running = {(t.key, t.chapter.name): (f, t) for f, t in self.futures.items()}
        for plan in self.plans.values():
            for task in plan.tasks:
                key = (task.key, task.chapter.name)
                if key in seen:
                    continue
                future, task = running.get(key, (None, task))
                if future is not None and future.done() and not future.cancelled() and future.exception() is None:
                    results.append(future.result())
                elif _stamp_time(task) != self.stamps.get(key):
                    results.append(_published_result(task))
                elif future is None and not task.chapter.summarises and plan.unchanged[task.chapter.stem]:
                    results.append(_unchanged_result(task))
                else:
                    results.append(_interrupted_result(task))
        return results


def _stop_pool(pool: cf.ProcessPoolExecutor) -> None:
    """Stop the workers of the build's own pool (each kills its kernel; one publishing a
    chapter finishes that first), then let the pool's own thread see them gone and end.

    Nothing cancels a future of the pool before that thread has ended: on Python 3.11 the
    thread marks every pending future failed (``BrokenProcessPool``) when a worker dies,
    and raises ``InvalidStateError`` (printing ``Exception in thread``) for a future
    cancelled meanwhile from another thread (cpython gh-107219, fixed in 3.12 only).
    ``shutdown(cancel_futures=True)`` cancels in that same thread.
    """
    stop_process_tree(list(getattr(pool, "_processes", None) or {}))
    pool.shutdown(wait=True, cancel_futures=True)


def _cleaned_once(plans: list[YearPlan]) -> list[YearPlan]:
    """:func:`analysis.publishing.batch.cleaning.clean_before_chapters`, imported only when a
    chapter runs (pandas, DuckDB): a build with nothing to run stays light."""
    from analysis.publishing.batch.cleaning import clean_before_chapters

    return clean_before_chapters(plans)


def run_plans(
    plans: list[YearPlan], *, executor: cf.Executor | None, jobs: int | None, progress: bool
) -> list[ChapterResult]:
    """Run the plans' chapters on ``executor`` (default: a pool of this process, whose
    workers fork their kernels from the build's zygote, started here)."""
    from tqdm import tqdm

    to_run = sum(1 for p in plans for t in p.tasks if not p.unchanged[t.chapter.stem])
    total = sum(len(p.tasks) for p in plans)
    cores = available_cores()
    workers = max(1, min(jobs or cores, cores, max(to_run, 1)))
    shown = {"unit": "kapitel", "desc": "build", "leave": False, "file": sys.stderr, "dynamic_ncols": True}
    bar = tqdm(total=total, disable=not progress, **shown)
    scheduler = _Scheduler(plans, executor, bar)
    pool, build_zygote = None, None
    try:
        if executor is None and to_run > 0:
            with deferred():  # never half started: a stop meanwhile comes right after
                build_zygote = forked_kernels.for_build()  # it imports the stack while the pool starts
                if stopped() is None:  # no process started once the signal came: it would ignore SIGTERM
                    pool = scheduler.executor = _own_pool(workers, build_zygote.path if build_zygote else None)
            raise_if_stopped()
        if to_run > 0:  # the years cleaned once, here, while the zygote imports the stack
            scheduler.plans = {p.key: p for p in _cleaned_once(plans)}
        results = scheduler.run()
    except BuildInterrupted as stop:
        with deferred():
            if pool is not None:  # stop its workers and kernels before leaving
                _stop_pool(pool)
                pool = None
            elif scheduler.executor is not None:
                for future in scheduler.futures:
                    future.cancel()
            results = scheduler.after_stop()
            remove_leftovers([t for p in plans for t in p.tasks])
        raise BuildInterrupted(stop.signum, results) from None
    except BaseException:
        for future in scheduler.futures if pool is None else ():
            future.cancel()
        raise
    finally:
        with deferred():
            bar.close()
            if pool is not None:
                pool.shutdown(wait=True, cancel_futures=True)
            if build_zygote is not None:
                build_zygote.close()
    raise_if_stopped(results)  # a stop while the pool shut down: every chapter finished
    return results
