"""Stopping the build: ``python -m analysis build`` as a real subprocess gets real signals.

Each test starts a forced build on a copy of a finished build, waits until a chapter kernel
runs, then sends SIGTERM, SIGINT or SIGKILL. Afterwards no process of the build's tree is
left, nothing is written after the build (or its workers) ended, interrupted chapters keep
their previous page and stamp byte for byte, and the next build succeeds.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from analysis.facts.store import locked

from conftest import ROOT, snapshot

pytestmark = pytest.mark.notebooks
psutil = pytest.importorskip("psutil")

STOP_S = 8  # the build stops within 5 s (about 2.5 s measured); margin for a loaded CI machine
ORPHANS_S = 10  # workers and kernels of a killed build end within 10 s


def copy_build(built, target: Path) -> dict[str, Path]:
    folders = {"raw": built.project.raw, "processed": built.project.processed, "reports": built.reports}
    copies = {name: target / name for name in folders}
    for name, source in folders.items():
        shutil.copytree(source, copies[name], copy_function=shutil.copy2)
    return copies


def command(folders: dict[str, Path], *extra: str) -> list[str]:
    return [
        sys.executable, "-m", "analysis", "build", "--no-progress", "--raw-dir", str(folders["raw"]),
        "--processed-dir", str(folders["processed"]), "--reports-dir", str(folders["reports"]), *extra,
    ]  # fmt: skip


def outputs(folders: dict[str, Path]) -> dict:
    return {**snapshot(folders["reports"]), **{f"p/{k}": v for k, v in snapshot(folders["processed"]).items()}}


def start(folders: dict[str, Path], tmp_path: Path) -> tuple[subprocess.Popen, Path, Path]:
    out, err = tmp_path / "stdout", tmp_path / "stderr"
    with open(out, "wb") as o, open(err, "wb") as e:
        process = subprocess.Popen(command(folders, "--force"), cwd=ROOT, stdout=o, stderr=e, start_new_session=True)
    return process, out, err


def wait_for_kernel(process: subprocess.Popen) -> list:
    """The build's process tree once a chapter kernel runs in it."""
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        assert process.poll() is None, "the build ended before a kernel started"
        tree = psutil.Process(process.pid).children(recursive=True)
        if any(is_kernel(p) for p in tree):
            return tree
        time.sleep(0.1)
    pytest.fail("no chapter kernel started within 90 s")


def is_kernel(proc) -> bool:
    """A chapter kernel: started as ``ipykernel_launcher``, or forked by a worker's zygote."""
    if "ipykernel_launcher" in " ".join(_cmdline(proc)):
        return True
    try:
        parent = proc.parent()
    except psutil.Error:
        return False
    return parent is not None and all("analysis.publishing.zygote" in _cmdline(p) for p in (proc, parent))


def _cmdline(proc) -> list[str]:
    try:
        return proc.cmdline()
    except psutil.Error:
        return []


def assert_tree_gone(tree: list, within: float) -> None:
    _gone, alive = psutil.wait_procs(tree, timeout=within)
    assert alive == [], f"still running: {[(p.pid, _cmdline(p)[:3]) for p in alive]}"


def interrupted_chapters(stdout: str) -> list[tuple[str, str]]:
    rows = [line.split() for line in stdout.splitlines()]
    return [(r[0], r[2]) for r in rows if len(r) >= 4 and r[3] == "interrupted"]


def assert_next_build_succeeds(folders: dict[str, Path]) -> None:
    done = subprocess.run(command(folders), cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.fixture
def build_copy(built_reports, tmp_path):
    return copy_build(built_reports, tmp_path / "site")


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_signal_stops_the_build_and_everything_it_started(build_copy, tmp_path, signum):
    before = outputs(build_copy)
    process, out, err = start(build_copy, tmp_path)
    tree = wait_for_kernel(process)
    sent = time.monotonic()
    process.send_signal(signum)
    try:
        code = process.wait(timeout=STOP_S)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        pytest.fail(f"the build did not stop within {STOP_S} s of {signum.name}")
    stopped_after = time.monotonic() - sent
    at_exit = outputs(build_copy)
    assert code == 128 + signum, (code, out.read_text(), err.read_text())
    assert_tree_gone(tree, within=2)
    stderr, stdout = err.read_text(), out.read_text()
    assert "Traceback" not in stderr and "KeyboardInterrupt" not in stderr
    assert stderr.strip().splitlines()[-1].startswith(f"interrupted by {signum.name}: stopped;"), stderr
    stopped = interrupted_chapters(stdout)
    assert stopped, stdout
    time.sleep(2)
    after = outputs(build_copy)
    assert sorted(k for k in set(after) | set(at_exit) if after.get(k) != at_exit.get(k)) == [], "written after exit"
    for year, name in stopped:  # previous page and stamp byte for byte
        for key in (f"{year}/{name}.html",):
            assert at_exit[key] == before[key]
        stamps = [k for k in before if k.startswith(f"{year}/executed/") and k.endswith(f"_{name}.stamp.json")]
        assert stamps and all(at_exit[k] == before[k] for k in stamps)
    assert not [k for k in at_exit if k.endswith(".running.ipynb") or k.endswith(".tmp")]
    print(f"{signum.name}: stopped after {stopped_after:.2f} s, {len(stopped)} chapters interrupted")
    assert_next_build_succeeds(build_copy)


def test_workers_of_a_killed_build_stop_without_publishing(build_copy, tmp_path):
    process, _out, _err = start(build_copy, tmp_path)
    tree = wait_for_kernel(process)
    process.kill()
    process.wait()
    at_kill = outputs(build_copy)
    assert_tree_gone(tree, within=ORPHANS_S)
    time.sleep(1)
    after = outputs(build_copy)
    changed = sorted(k for k in set(after) | set(at_kill) if after.get(k) != at_kill.get(k))
    assert changed == [], f"an orphaned worker wrote after the build was killed: {changed}"
    assert_next_build_succeeds(build_copy)  # the lock of the killed build does not block it


def test_a_second_build_waits_for_the_lock_with_one_line(build_copy):
    release = threading.Event()
    holding = threading.Event()

    def hold() -> None:
        with locked(build_copy["reports"]):
            holding.set()
            release.wait(120)

    holder = threading.Thread(target=hold)
    holder.start()
    holding.wait(10)
    second = subprocess.Popen(command(build_copy), cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = second.stderr.readline()
        assert line.startswith("waiting: another build is writing") and ".lock" in line
        assert second.poll() is None  # it waits, it does not fail
    finally:
        release.set()
        holder.join()
    stdout, _ = second.communicate(timeout=600)
    assert second.returncode == 0, stdout
