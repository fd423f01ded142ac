"""Stopping the build: ``python -m analysis build`` as a real subprocess gets real signals.

Each test starts a forced build on a copy of a finished build, waits until a chapter kernel
runs, then sends SIGTERM, SIGINT or SIGKILL. Afterwards no process of the build's tree is
left, nothing is written after the build (or its workers) ended, interrupted chapters keep
their previous page and stamp byte for byte, and the next build succeeds.
"""

from __future__ import annotations

import contextlib
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
    return parent is not None and all("analysis.publishing.batch.zygote" in _cmdline(p) for p in (proc, parent))


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


def assert_next_build_succeeds(folders: dict[str, Path], *extra: str) -> None:
    done = subprocess.run(command(folders, *extra), cwd=ROOT, capture_output=True, text=True, timeout=600)
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


# --- signals at every moment of a build: never a traceback ----------------------------------

#: One year: every moment of a build, with more chapters waiting for a worker than the pool
#: has queued (Python 3.11's pool failed on those when they were cancelled).
STORM_BUILD = ("-y", "2019")
CLEANING = "data_quality"
#: The pages published before the summary runs.
STORM_PAGES = (
    CLEANING, "cost_development", "mt_maintenance_growth", "investment_pace", "staff", "scorecard", "assignments",
)  # fmt: skip
STORM_RUNS = 2  # per signal and moment: 3 moments x 2 runs = 6 stops per signal
#: The window after each moment's mark over which the runs spread the signal (seconds).
MOMENTS = {"early": 1.0, "mid": 1.5, "late": 0.6}
NOISE = ("Traceback", "resource_tracker")


@pytest.fixture(scope="module")
def storm_site(built_reports, tmp_path_factory):
    """One copy of a finished build for every run of the storm (each run is forced)."""
    return copy_build(built_reports, tmp_path_factory.mktemp("storm") / "site")


def _tree(process: subprocess.Popen) -> list:
    with contextlib.suppress(psutil.Error):
        return psutil.Process(process.pid).children(recursive=True)
    return []


def _pages(folders: dict[str, Path]) -> dict[str, int]:
    year = folders["reports"] / "2019"
    return {name: (year / f"{name}.html").stat().st_mtime_ns for name in STORM_PAGES}


def _wait_for_moment(process: subprocess.Popen, moment: str, folders, pages_before) -> bool:
    """Wait for the moment's mark: the zygote importing (early), the cleaning chapter
    published, the others running or waiting for a worker (mid), every page but the
    summary's published again (late). False if the build ended."""
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and process.poll() is None:
        if moment == "early":
            if any("analysis.publishing.batch.zygote" in " ".join(_cmdline(p)) for p in _tree(process)):
                return True
        elif moment == "mid":
            if _pages(folders)[CLEANING] != pages_before[CLEANING]:
                return True
        elif all(_pages(folders)[n] != pages_before[n] for n in STORM_PAGES):
            return True
        time.sleep(0.02)
    return False


def _stop_once(folders, tmp_path: Path, signum: int, moment: str, offset: float, group: bool) -> dict:
    """One forced build stopped by ``signum`` ``offset`` seconds after ``moment``'s mark."""
    before, pages_before = outputs(folders), _pages(folders)
    out, err = tmp_path / "stdout", tmp_path / "stderr"
    with open(out, "wb") as o, open(err, "wb") as e:
        process = subprocess.Popen(
            command(folders, "--force", *STORM_BUILD), cwd=ROOT, stdout=o, stderr=e, start_new_session=True
        )
    run = {"signal": signal.Signals(signum).name, "moment": moment, "offset": offset, "group": group}
    reached = _wait_for_moment(process, moment, folders, pages_before)
    time.sleep(offset)
    tree = _tree(process)
    sent = time.monotonic()
    if process.poll() is None:
        (os.killpg if group else os.kill)(process.pid, signum)
    try:
        code = process.wait(timeout=STOP_S)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        code = None
    run.update(reached=reached, code=code, seconds=time.monotonic() - sent)
    at_exit = outputs(folders)
    _gone, alive = psutil.wait_procs(tree, timeout=2)
    time.sleep(1)
    stdout, stderr, later = out.read_text(), err.read_text(), outputs(folders)
    run.update(
        stdout=stdout,
        stderr=stderr,
        noise=[word for word in NOISE if word in stdout + stderr],
        left=[(p.pid, _cmdline(p)[:3]) for p in alive],
        written_after=sorted(k for k in set(at_exit) | set(later) if later.get(k) != at_exit.get(k)),
        interrupted=interrupted_chapters(stdout),
    )
    run["kept"] = all(at_exit.get(f"{y}/{n}.html") == before.get(f"{y}/{n}.html") for y, n in run["interrupted"])
    return run


def _problems(run: dict) -> list[str]:
    signum = signal.Signals[run["signal"]]
    last = (run["stderr"].strip().splitlines() or [""])[-1]
    problems = []
    if run["code"] != 128 + signum:
        problems.append(f"exit code {run['code']}")
    if run["noise"]:
        problems.append(f"{' and '.join(run['noise'])} in the output")
    if not last.startswith(f"interrupted by {signum.name}: stopped;"):
        problems.append(f"last line {last!r}")
    if run["left"]:
        problems.append(f"still running: {run['left']}")
    if run["written_after"]:
        problems.append(f"written after exit: {run['written_after']}")
    if not run["kept"]:
        problems.append("an interrupted chapter's page changed")
    return problems


def test_a_stopped_build_prints_no_traceback_at_any_moment(storm_site, tmp_path):
    """SIGINT (to the whole process group, as Ctrl-C in a terminal) and SIGTERM (to the
    build alone, as ``timeout``, or to its group, as systemd) while the zygote imports,
    while chapters run and while pages are published: one line, no traceback, no warning
    of the resource tracker, nothing left running, nothing written after exit."""
    runs = []
    for signum in (signal.SIGINT, signal.SIGTERM):
        for moment, window in MOMENTS.items():
            for k in range(STORM_RUNS):
                group = signum == signal.SIGINT or k % 2 == 1
                runs.append(_stop_once(storm_site, tmp_path, signum, moment, window * k / STORM_RUNS, group))
    report, failed = [], []
    for run in runs:
        problems = _problems(run)
        line = (
            f"{run['signal']:7s} {run['moment']:5s} +{run['offset']:.2f} s {'group' if run['group'] else 'build'}: "
            f"exit {run['code']} after {run['seconds']:.1f} s, {len(run['interrupted'])} interrupted"
        )
        report.append(line + "".join(f"; {p}" for p in problems))
        if problems:
            failed.append(report[-1] + "\n    " + run["stderr"].strip().replace("\n", "\n    "))
    noisy = sum(bool(r["noise"]) for r in runs)
    print("\n".join(report), f"{len(runs)} stops, {noisy} with a traceback or resource-tracker warning", sep="\n")
    for name in ("SIGINT", "SIGTERM"):  # each mark reached: stops at each moment, not of a finished build
        assert sum(r["reached"] and r["signal"] == name for r in runs) >= 5, report
    assert failed == [], "\n".join(failed)
    assert_next_build_succeeds(storm_site, *STORM_BUILD)
