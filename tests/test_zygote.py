"""Kernels forked from a worker's zygote (:mod:`analysis.publishing.batch.zygote`).

The batch forks each chapter's kernel from a process that has imported the chapter stack.
What a user relies on: a chapter never sees what the chapter before it defined, a forked
kernel behaves as a kernel (runs code, is interrupted, shuts down, dies with its zygote),
and ``LANSTEKNIK_FORK_KERNELS=0`` gives the usual kernels. Failures, timeouts and dead
kernels of forked kernels are tested with the other batch behaviour in ``test_batch.py``.
"""

from __future__ import annotations

import asyncio
import json
import os
import time
from pathlib import Path

import nbformat
import psutil
import pytest

from analysis.publishing.batch import execute as run
from analysis.publishing.batch import forked_kernels
from analysis.publishing.batch.build import run_batch

from conftest import copy_shipped_raw

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "notebooks"

PARAMETERS = 'year: int = 2019\nlang: str = "sv"\nraw_dir: str = ""\nprocessed_dir: str = ""'

#: What a chapter leaves behind: a name, a module attribute, an imported module, an
#: environment variable and a matplotlib setting. The other chapter must see none of it.
LEAVE = """
import os, sys, wave, json, matplotlib
import analysis
{mine} = 1
analysis.left_by_{mine} = True
os.environ["LEFT_BY_{mine}"] = "1"
matplotlib.rcParams["lines.linewidth"] = 7.5
"""

FIRST = """
import sys
wave_before = "wave" in sys.modules
import os, json, psutil, analysis
"""

CHECK = """
seen = {{
    "name": "{other}" in globals(),
    "module_attribute": hasattr(analysis, "left_by_{other}"),
    "environment": "LEFT_BY_{other}" in os.environ,
    "wave_before_import": {wave_before},
}}
parent = psutil.Process(os.getppid())
print(json.dumps({{"seen": seen, "parent_pid": parent.pid, "parent_cmdline": parent.cmdline()}}))
"""


def chapter(path: Path, name: str, other: str, title: str) -> None:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
    nb.metadata["lansteknik"] = {"chapter": name, "cleans": False, "title": {"sv": title, "en": title}}
    first = nbformat.v4.new_code_cell(FIRST)
    check = nbformat.v4.new_code_cell(CHECK.format(other=other, wave_before="wave_before"))
    default_lw = nbformat.v4.new_code_cell(
        'import matplotlib\nprint("linewidth", matplotlib.rcParams["lines.linewidth"])'
    )
    nb.cells = [
        nbformat.v4.new_markdown_cell(f"# {title}"),
        nbformat.v4.new_code_cell(PARAMETERS, metadata={"tags": ["parameters"]}),
        first,
        check,
        default_lw,
        nbformat.v4.new_code_cell(LEAVE.format(mine=name)),
    ]
    nbformat.write(nb, path)


def outputs_of(executed: Path) -> list[str]:
    nb = nbformat.read(executed, as_version=4)
    return [o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]


@pytest.fixture(scope="module")
def two_chapters(tmp_path_factory):
    """Two chapters that each leave state behind and look for the other's, built on one worker."""
    root = tmp_path_factory.mktemp("zygote")
    notebooks = root / "notebooks"
    notebooks.mkdir()
    (notebooks / "01_data_quality.ipynb").write_bytes((FIXTURES / "01_data_quality.ipynb").read_bytes())
    chapter(notebooks / "02_first.ipynb", "first", "second", "Först")
    chapter(notebooks / "03_second.ipynb", "second", "first", "Sedan")
    results = run_batch(
        reports_dir=root / "reports",
        raw_dir=copy_shipped_raw(root / "raw"),
        processed_dir=root / "processed",
        notebooks_dir=notebooks,
        years=[2019],
        jobs=1,
    )
    return root / "reports" / "2019" / "executed", results


@pytest.mark.notebooks
def test_a_chapter_sees_nothing_the_chapter_before_it_left(two_chapters):
    executed, results = two_chapters
    assert {r.chapter: r.status for r in results} == {"data_quality": "ok", "first": "ok", "second": "ok"}
    reports = {}
    for stem in ("02_first", "03_second"):
        texts = outputs_of(executed / f"{stem}.ipynb")
        reports[stem] = json.loads(next(t for t in texts if t.startswith("{")))
        assert "linewidth 1.5\n" in texts  # matplotlib's default, not the other chapter's 7.5
        assert reports[stem]["seen"] == {
            "name": False,
            "module_attribute": False,
            "environment": False,
            "wave_before_import": False,
        }
    # Both kernels were forked, one after the other, by the same zygote of the one worker.
    parents = {r["parent_pid"] for r in reports.values()}
    assert len(parents) == 1
    assert all("analysis.publishing.batch.zygote" in r["parent_cmdline"] for r in reports.values())


async def _execute(kc, code: str, timeout: float = 30, before_idle=None) -> list[dict]:
    """Run ``code``; its iopub messages until the kernel is idle (``before_idle`` awaited first)."""
    msg_id = kc.execute(code)
    if before_idle is not None:
        await before_idle()
    messages = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        msg = await kc.get_iopub_msg(timeout=timeout)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        messages.append(msg)
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            return messages
    raise TimeoutError(code)


def _texts(messages: list[dict]) -> str:
    return "".join(m["content"].get("text", "") for m in messages if m["msg_type"] == "stream")


def _errors(messages: list[dict]) -> list[str]:
    return [m["content"]["ename"] for m in messages if m["msg_type"] == "error"]


@pytest.mark.notebooks
def test_a_forked_kernel_runs_code_is_interrupted_and_shuts_down(tmp_path):
    log = open(tmp_path / "kernel.log", "wb")  # noqa: SIM115 - the kernel writes to it
    manager_class = run._kernel_manager_class(log)

    async def scenario():
        km = manager_class(kernel_name="python3")
        await km.start_kernel()
        kc = km.client()
        kc.start_channels()
        try:
            await kc.wait_for_ready(timeout=60)
            assert isinstance(km.provisioner.process, forked_kernels.ForkedKernel)
            pid = km.provisioner.pid
            parent = psutil.Process(pid).parent()
            assert "analysis.publishing.batch.zygote" in parent.cmdline()
            # The stack is already imported: the import costs nothing.
            code = "import time, sys\nt = time.perf_counter()\nimport seaborn, analysis.chapters.costs\n"
            out = await _execute(kc, code + "print('pandas' in sys.modules, time.perf_counter() - t < 0.2)")
            assert _texts(out) == "True True\n"
            started = time.monotonic()

            async def interrupt():
                await asyncio.sleep(1.0)
                await km.interrupt_kernel()

            interrupted = await _execute(kc, "import time; time.sleep(60)", before_idle=interrupt)
            assert _errors(interrupted) == ["KeyboardInterrupt"] and time.monotonic() - started < 15
            await asyncio.sleep(0.5)
            assert _texts(await _execute(kc, "print('after')")) == "after\n"
            assert await km.is_alive()
        finally:
            kc.stop_channels()
            await km.shutdown_kernel(now=False)
        return pid

    pid = asyncio.run(scenario())
    assert not psutil.pid_exists(pid) or psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    log.close()


@pytest.mark.notebooks
def test_the_kernels_end_with_their_zygote(tmp_path):
    worker_zygote = forked_kernels.Zygote.spawn()
    log = os.open(tmp_path / "kernel.log", os.O_WRONLY | os.O_CREAT)
    connection = tmp_path / "kernel.json"
    from jupyter_client.connect import write_connection_file

    write_connection_file(str(connection), ip="127.0.0.1")
    pid = worker_zygote.fork(["ipykernel_launcher", "-f", str(connection)], dict(os.environ), str(tmp_path), log, log)
    kernel = psutil.Process(pid)
    assert kernel.parent().pid == worker_zygote.process.pid
    assert worker_zygote.poll(pid) is None
    worker_zygote.sock.close()  # what happens when the worker exits or is killed
    _gone, alive = psutil.wait_procs([kernel, psutil.Process(worker_zygote.process.pid)], timeout=10)
    assert alive == []
    os.close(log)


def test_fork_only_what_starts_ipykernel_with_this_python(monkeypatch):
    import sys

    assert forked_kernels.launchable([sys.executable, "-m", "ipykernel_launcher", "-f", "c.json"]) == [
        "ipykernel_launcher",
        "-f",
        "c.json",
    ]
    assert forked_kernels.launchable(["/usr/bin/env", "-m", "ipykernel_launcher", "-f", "c.json"]) is None
    assert forked_kernels.launchable([sys.executable, "-m", "other_kernel", "-f", "c.json"]) is None
    monkeypatch.setenv("LANSTEKNIK_FORK_KERNELS", "0")
    assert not forked_kernels.enabled() and forked_kernels.shared() is None


def started_as_usual(log) -> list[str]:
    """Start a kernel with the batch's kernel manager, check that it was not forked and runs,
    and shut it down; its command line."""

    async def scenario():
        km = run._kernel_manager_class(log)(kernel_name="python3")
        await km.start_kernel()
        try:
            assert not isinstance(km.provisioner.process, forked_kernels.ForkedKernel)
            assert await km.is_alive()
            return psutil.Process(km.provisioner.pid).cmdline()
        finally:
            await km.shutdown_kernel(now=True)

    return asyncio.run(scenario())


@pytest.mark.notebooks
def test_without_forking_the_kernel_is_started_as_usual(tmp_path, monkeypatch):
    monkeypatch.setenv("LANSTEKNIK_FORK_KERNELS", "0")
    log = open(tmp_path / "kernel.log", "wb")  # noqa: SIM115

    assert "ipykernel_launcher" in " ".join(started_as_usual(log))
    log.close()


@pytest.mark.notebooks
def test_a_workers_kernels_end_with_its_connection_and_the_zygote_serves_on(tmp_path):
    """The build's zygote: a worker that stops (its connection closes) takes its kernel with it."""
    build = forked_kernels.for_build()
    log = os.open(tmp_path / "kernel.log", os.O_WRONLY | os.O_CREAT)
    from jupyter_client.connect import write_connection_file

    try:
        pids: list[psutil.Process] = []
        for name in ("one", "two"):
            worker = forked_kernels.Zygote.connect(build.path)
            connection = tmp_path / f"{name}.json"
            write_connection_file(str(connection), ip="127.0.0.1")
            pid = worker.fork(["ipykernel_launcher", "-f", str(connection)], dict(os.environ), None, log, log)
            pids.append(psutil.Process(pid))
            if name == "one":
                worker.sock.close()  # worker one is gone
        one, two = pids
        _gone, alive = psutil.wait_procs([one], timeout=10)
        assert alive == []
        assert two.is_running() and two.status() != psutil.STATUS_ZOMBIE
        assert build.alive()
    finally:
        build.sock.close()  # the build's end closes (it ended, or was killed): the zygote cleans up
        build.process.wait(timeout=10)
        os.close(log)
    _gone, alive = psutil.wait_procs([two], timeout=10)
    assert alive == []
    assert not Path(build.path).exists() and not Path(build.path).parent.exists()


@pytest.mark.notebooks
def test_a_kernel_starts_as_usual_when_the_zygote_is_gone(tmp_path, monkeypatch):
    build = forked_kernels.for_build()
    monkeypatch.setattr(forked_kernels, "_build_zygote", build.path)
    monkeypatch.setattr(forked_kernels, "_shared", forked_kernels.Zygote.connect(build.path))
    monkeypatch.setattr(forked_kernels, "_disabled", False)
    build.process.kill()  # the out-of-memory killer took it
    build.process.wait()
    log = open(tmp_path / "kernel.log", "wb")  # noqa: SIM115

    try:
        started_as_usual(log)
        assert not forked_kernels.enabled()  # the next chapters of this worker start as usual too
    finally:
        build.close()
        log.close()
