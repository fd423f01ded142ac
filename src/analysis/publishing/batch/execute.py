"""Running one chapter in a worker: papermill executes the notebook on a quiet, encrypted
kernel, nbconvert exports it, and a failure (cell error, timeout, dead kernel) is
recorded with its cell while the previous page stays as it was.

The run writes into a scratch folder; ``reports/`` changes only when the chapter is
published, under :func:`analysis.publishing.batch.worker.publish_guard`.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
import tempfile
import threading
import time
import uuid
import warnings
from collections.abc import Iterator, Mapping
from pathlib import Path

from analysis import paths
from analysis.commentary.files import record_path
from analysis.exceptions import AnalysisError
from analysis.facts.store import atomic_write, dumps, write_text
from analysis.presentation import keyfigures
from analysis.presentation.outputs import COMMENTARY_MIME
from analysis.publishing.batch import forked_kernels
from analysis.publishing.batch.failures import describe_failure, one_line
from analysis.publishing.batch.jupyter_setup import KERNEL_ENV
from analysis.publishing.batch.plan import sha256_file
from analysis.publishing.batch.worker import publish_guard, scratch_folders
from analysis.publishing.downloads.publish import write_workbooks
from analysis.publishing.downloads.sources import Sources
from analysis.publishing.model import FAILED, OK, ChapterResult, ChapterTask
from analysis.publishing.pages.html_export import Provenance, now_text, write_chapter
from analysis.texts import t
from analysis.version import package_version

#: Only the chapter kernels': no autoreload (:func:`analysis.chapters.session.prepare_shell`).
CHAPTER_KERNEL_ENV = {"LANSTEKNIK_AUTORELOAD": "0"}


#: Loggers whose records go to the chapter's log file instead of the terminal.
QUIET_LOGGERS = ("papermill", "nbclient", "nbconvert", "traitlets", "jupyter_client", "ipykernel")


def run_chapter(task: ChapterTask) -> ChapterResult:
    """Execute one chapter notebook with papermill and export it to HTML.

    The unit of work of the batch: a top-level function of a picklable argument, so it
    runs in a process pool or on a Dask worker. It never raises for a failing notebook;
    the result says ``failed`` with the failing cell and the error.
    """
    for key, value in KERNEL_ENV.items():
        os.environ.setdefault(key, value)
    files = task.files
    files.executed_dir.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    # The run writes only to a scratch folder; reports/ changes when a chapter is published.
    scratch = Path(tempfile.mkdtemp(prefix=f"lansteknik-{task.chapter.stem}-"))
    scratch_folders.append(scratch)
    running, log = scratch / f"{task.chapter.stem}.ipynb", scratch / f"{task.chapter.stem}.log"
    try:
        with _captured(log):
            result = _run_and_publish(task, running, log, started)
        with publish_guard():
            _publish_copy(log, files.log)
        return result
    finally:
        scratch_folders.remove(scratch)
        shutil.rmtree(scratch, ignore_errors=True)


def _run_and_publish(task: ChapterTask, running: Path, log: Path, started: float) -> ChapterResult:
    """Execute (once more if the kernel did not start), then publish the page or the failure."""
    error = _execute(task, running, log)
    if error is not None and error["kind"] == "kernel_start":
        # The kernel did not start (an overloaded machine can kill it before it
        # answers): no cell ran, so trying once more is safe.
        logging.getLogger("papermill").warning("kernel did not start; retrying once")
        error = _execute(task, running, log)
    seconds = time.monotonic() - started
    if error is None:
        try:
            with publish_guard():
                result = _export_success(task, running, seconds)
        except Exception as exc:  # the page could not be made: keep the old one
            logging.getLogger("papermill").warning("export failed: %r", exc)
            error = {
                "kind": "export",
                "cell_index": None,
                "cell_count": None,
                "first_line": "",
                "message": one_line(f"{type(exc).__name__}: {exc}"),
            }
        else:
            _write_workbook(task)
            return result
    with publish_guard():
        return _record_failure(task, running, error, time.monotonic() - started)


def _write_workbook(task: ChapterTask) -> None:
    """The chapter's workbook beside its new page, here in the worker, so that the workbooks
    of a build are written side by side; whatever is missing after a build's chapters (a
    write that failed, a worker stopped) the build's publishing step writes."""
    try:
        write_workbooks(task.year_dir, [task.chapter], Sources(task.processed_dir), task.lang)
    except Exception as exc:  # noqa: BLE001 - only a head start: the build writes it after
        logging.getLogger("papermill").warning("workbook not written here: %r", exc)


def _publish_copy(source: Path, target: Path) -> None:
    """Copy a scratch file beside ``target`` and rename it over ``target`` (atomic)."""
    atomic_write(target, lambda tmp: shutil.copyfile(source, tmp))


def _execute(task: ChapterTask, output: Path, log_path: Path) -> dict | None:
    """Run the notebook into ``output``; None on success, else a description of the failure."""
    import papermill  # here, as the engine: a build with nothing to run imports neither

    from analysis.publishing.batch.engine import ENGINE

    with open(log_path, "ab", buffering=0) as kernel_log:
        try:
            papermill.execute_notebook(
                str(task.chapter.path),
                str(output),
                parameters=dict(task.parameters),
                execution_timeout=task.timeout or None,
                log_output=False,
                progress_bar=False,
                cwd=str(task.chapter.path.parent),
                shutdown_kernel="immediate",  # every output is in; nothing to save in the kernel
                engine_name=ENGINE,  # the notebook written once, at its end
                kernel_manager_class=_kernel_manager_class(kernel_log, dict(task.env)),
            )
        except Exception as exc:  # noqa: BLE001 - every failure is reported, none raised
            logging.getLogger("papermill").warning("chapter failed: %r", exc)
            return describe_failure(exc, output, task.chapter.path, task.timeout)
    return None


def _export_success(task: ChapterTask, running: Path, seconds: float) -> ChapterResult:
    """Export the executed notebook to HTML, keep it as the executed copy and stamp the chapter."""
    import nbformat

    files, chapter = task.files, task.chapter
    nb = nbformat.read(str(running), as_version=4)
    # Plain JSON, not nbformat's NotebookNode: unpickling that in the batch process would
    # import nbformat and jsonschema there (seconds) just to read a result.
    figures = json.loads(json.dumps(keyfigures.read(nb), default=str))
    commentary = _commentary(nb)
    generated = now_text()
    export_started = time.monotonic()
    write_chapter(
        nb,
        files.html,
        title=chapter.title(task.lang),
        year=task.year,
        lang=task.lang,
        chapter=chapter.name,
        provenance=_provenance(task, seconds, generated, commentary),
        month=task.month,
        resources_path=chapter.path.parent,
    )
    _publish_copy(running, files.executed)
    files.failed.unlink(missing_ok=True)
    files.failure.unlink(missing_ok=True)
    _write_stamp(task, seconds, generated, figures, time.monotonic() - export_started, commentary)
    _record_approval(task, commentary)
    return ChapterResult(
        year=task.year,
        month=task.month,
        chapter=chapter.name,
        number=chapter.number,
        title=chapter.title(task.lang),
        status=OK,
        seconds=seconds,
        html=files.html,
        executed=files.executed,
        key_figures=figures,
        commentary=commentary,
    )


def _commentary(nb) -> dict | None:
    """What the chapter's commentary was (:mod:`analysis.chapters.comments`), as plain JSON."""
    for cell in nb.get("cells", []):
        for output in cell.get("outputs", []) if cell.get("cell_type") == "code" else []:
            data = output.get("data", {})
            if COMMENTARY_MIME in data:
                return json.loads(json.dumps(data[COMMENTARY_MIME], default=str))
    return None


def _record_approval(task: ChapterTask, commentary: dict | None) -> None:
    """Write the approval record that the chapter asked for (a commentary approved in a file
    no build has recorded yet), now that its page is published."""
    record = (commentary or {}).get("record")
    if record:
        target = record_path(task.processed_dir or paths.processed_dir(), task.year, record["file"])
        target.parent.mkdir(parents=True, exist_ok=True)
        write_text(target, dumps(record))


def _provenance(task: ChapterTask, seconds: float, generated: str, commentary: dict | None = None) -> Provenance:
    """What the page says about how it was made: parameters, raw files (the commentary file
    with them), version, commit and time."""
    files = _raw_files(task.year, task.processed_dir)
    if commentary:
        files.append(
            {
                "report_year": task.year,
                "file": commentary["file"],
                "table": t("commentary.heading", task.lang),
                "encoding": "UTF-8",
                "rows": commentary.get("lines"),
                "bytes": commentary.get("bytes"),
                "sha256": commentary["sha256"],
                "not_used": "",
            }
        )
    return Provenance(
        parameters=dict(task.parameters),
        raw_files=files,
        version=package_version(),
        commit=task.commit,
        generated=generated,
        notebook=task.chapter.path.name,
        seconds=round(seconds, 1),
    )


def _write_stamp(
    task: ChapterTask, seconds: float, generated: str, figures: dict | None, export: float, commentary: dict | None
) -> None:
    """Record the fingerprint of the chapter just rendered, with its page's hash and key figures."""
    chapter = task.chapter
    write_text(
        task.files.stamp,
        dumps(
            {
                "fingerprint": task.fingerprint,
                "chapter": chapter.name,
                "notebook": chapter.path.name,
                "title": chapter.title(task.lang),
                "year": task.year,
                "generated": generated,
                "seconds": round(seconds, 2),  # executing the notebook (with the kernel's start)
                "export_seconds": round(export, 3),  # the page, the executed copy and this stamp
                "html_sha256": sha256_file(task.files.html),
                "key_figures": figures,
                "commentary": {k: v for k, v in (commentary or {}).items() if k != "record"} or None,
            }
        ),
    )


def _record_failure(task: ChapterTask, running: Path, error: dict, seconds: float) -> ChapterResult:
    files, chapter = task.files, task.chapter
    executed = None
    if running.exists():
        _publish_copy(running, files.failed)
        executed = files.failed
    write_text(
        files.failure, dumps({"status": FAILED, "time": now_text(), "error": error, "fingerprint": task.fingerprint})
    )
    return ChapterResult(
        year=task.year,
        month=task.month,
        chapter=chapter.name,
        number=chapter.number,
        title=chapter.title(task.lang),
        status=FAILED,
        seconds=seconds,
        html=files.html if files.html.exists() else None,
        executed=executed,
        error=error,
    )


def _raw_files(year: int, processed_dir: Path | None) -> list[dict]:
    # the pipeline and the schema (pandas, DuckDB) only in the worker that publishes: the build
    # that imports this module for :func:`run_chapter` stays light when nothing runs
    from analysis.facts.pipeline import load_raw_files
    from analysis.facts.schema import RAW_FILE_COLUMNS

    try:
        frame = load_raw_files(year, processed_dir)
    except AnalysisError:
        return []
    columns = [c for c in RAW_FILE_COLUMNS if c in frame.columns and c != "status"]
    return json.loads(frame[columns].to_json(orient="records", force_ascii=False))


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
            handler.emit(
                logging.LogRecord(
                    "warnings", logging.WARNING, warning.filename, warning.lineno, str(warning.message), None, None
                )
            )
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
    ``extra_env``, use CurveZMQ transport encryption when pyzmq supports it, and are forked
    from the worker's zygote (:mod:`analysis.publishing.batch.zygote`) when it can."""
    import zmq
    from jupyter_client import AsyncKernelManager

    curve = bool(zmq.has("curve"))

    class ChapterKernelManager(AsyncKernelManager):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.client_factory = _client_class()

        async def _async_pre_start_kernel(self, **kw):
            if self.provisioner is None and forked_kernels.enabled():  # fork it from the worker's zygote
                self.kernel_id = self.kernel_id or kw.pop("kernel_id", str(uuid.uuid4()))
                self.provisioner = forked_kernels.provisioner_class()(
                    kernel_id=self.kernel_id, kernel_spec=self.kernel_spec, parent=self
                )
            if curve and "transport_encryption" in self.trait_names():
                kw.setdefault("transport_encryption", "auto")
            env = dict(kw.pop("env", None) or os.environ)
            env.update(KERNEL_ENV)
            env.update(CHAPTER_KERNEL_ENV)
            env.update(extra_env or {})
            kw["env"] = env
            kw.setdefault("stdout", kernel_log)
            kw.setdefault("stderr", kernel_log)
            return await super()._async_pre_start_kernel(**kw)

    return ChapterKernelManager


def _client_class():
    """jupyter_client's async kernel client, except that it waits 20 ms instead of 200 ms for
    IOPub to fall silent once the kernel is ready (then it drains what has arrived; nbclient
    reads a cell's outputs by their parent message anyway): 0.18 s less per chapter."""
    from queue import Empty

    from jupyter_client.asynchronous import AsyncKernelClient

    class ChapterKernelClient(AsyncKernelClient):
        async def wait_for_ready(self, timeout: float | None = None) -> None:
            deadline = time.time() + (float("inf") if timeout is None else timeout)
            while True:
                self.kernel_info()
                try:
                    msg = await self.shell_channel.get_msg(timeout=1)
                except Empty:
                    msg = None
                if msg is not None and msg["msg_type"] == "kernel_info_reply":
                    try:
                        await self.iopub_channel.get_msg(timeout=0.2)  # IOPub is connected
                    except Empty:
                        pass
                    else:
                        self._handle_kernel_info_reply(msg)
                        break
                if not await self._async_is_alive():
                    raise RuntimeError("Kernel died before replying to kernel_info")
                if time.time() > deadline:
                    raise RuntimeError(f"Kernel didn't respond in {timeout:.0f} seconds")
            while True:
                try:
                    await self.iopub_channel.get_msg(timeout=0.02)
                except Empty:
                    return

    return ChapterKernelClient
