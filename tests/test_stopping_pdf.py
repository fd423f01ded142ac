"""Stopping ``python -m analysis build --pdf`` while Chromium prints the year's document: a
real subprocess getting real signals, as in ``test_stopping.py``.

A small site (2019, the summary and the cleaning chapter it needs) is built once with its
PDF, and its document made twenty times as long (its chapters again and again), so that
Chromium prints it for long enough to be caught at it on any machine. Each run makes the
document newer than its PDF, so that the build does nothing but print it again, and sends
the signal at a state of the build's process tree seen from outside, not at a time:
*starting*, when the first Chromium process of the build exists, and *printing*, when
Chromium's print compositor runs. The compositor starts for ``printToPDF`` once the pages
are laid out and ends with the print: 0.07 s of 0.3 s for the document as built, 0.3 s of
2 s for the longer one (measured here); polling finds it within 0.02 s.
SIGINT goes to the build's process group, as Ctrl-C in a terminal does; SIGTERM to the build
alone, as ``timeout`` does. (SIGTERM to the group, as systemd sends it, behaves as SIGINT to
the group: both reached Playwright's driver, which closed Chromium under the print.)

Afterwards: status 130 or 143 and one line on stderr; no process the build started is left
(found by a mark in their environment, wherever they were reparented); the previous PDF byte
for byte, with its mtime; no temporary file; nothing written after the build exited.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from analysis.publishing.downloads import pdf as printing

from conftest import ROOT, copy_shipped_raw, snapshot

pytestmark = [pytest.mark.notebooks, pytest.mark.browser]
psutil = pytest.importorskip("psutil")

STOP_S = 8  # as in test_stopping.py: the build stops within it (about 0.3 s measured)
BUILD = ("-y", "2019", "-c", "summary", "--pdf")
PDF = "2019/arsrapport.pdf"
COMPOSITOR = "--utility-sub-type=printing.mojom.PrintCompositor"
MARK = "ANALYSIS_TEST_STOP_PDF"  # in the environment of every process the build starts
LONGER = 20  # the document this many times as long


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> dict[str, Path]:
    """One year built with its PDF (every run prints it again)."""
    if printing.chromium() is None:  # '' is Playwright's own
        pytest.skip("no Chromium: no PDF")
    root = tmp_path_factory.mktemp("stop-pdf")
    folders = {"raw": copy_shipped_raw(root / "raw"), "processed": root / "processed", "reports": root / "reports"}
    done = subprocess.run(command(folders), cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0 and (folders["reports"] / PDF).exists(), done.stdout + done.stderr
    lengthen(folders["reports"] / PDF.replace(".pdf", ".html"), LONGER)
    return folders


def lengthen(document: Path, times: int) -> None:
    """The document's body ``times`` over (the build prints it as it finds it: its chapters' pages
    are older, so it is not made again)."""
    text = document.read_text(encoding="utf-8")
    start = text.index(">", text.index("<body")) + 1
    end = text.rindex("</body>")
    document.write_text(text[:start] + text[start:end] * times + text[end:], encoding="utf-8")


def command(folders: dict[str, Path]) -> list[str]:
    return [
        sys.executable, "-m", "analysis", "build", "--no-progress", "--raw-dir", str(folders["raw"]),
        "--processed-dir", str(folders["processed"]), "--reports-dir", str(folders["reports"]), *BUILD,
    ]  # fmt: skip


def _cmdline(proc) -> str:
    try:
        return " ".join(proc.cmdline())
    except psutil.Error:
        return ""


def _tree(process: subprocess.Popen) -> list:
    with contextlib.suppress(psutil.Error):
        return psutil.Process(process.pid).children(recursive=True)
    return []


def marked(mark: str) -> list:
    """Every running process (not a zombie) with ``mark`` in its environment."""
    found = []
    for proc in psutil.process_iter():
        with contextlib.suppress(psutil.Error):
            if proc.environ().get(MARK) == mark and proc.status() != psutil.STATUS_ZOMBIE:
                found.append(proc)
    return found


def wait_for(process: subprocess.Popen, moment: str) -> list:
    """The build's process tree once it is at ``moment``: ``starting`` (a Chromium process
    runs) or ``printing`` (Chromium's print compositor runs)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        tree = _tree(process)
        lines = [_cmdline(p) for p in tree]
        if moment == "starting" and any("chromium" in line for line in lines):
            return tree
        if moment == "printing" and any(COMPOSITOR in line for line in lines):
            return tree
        time.sleep(0.005)
    pytest.fail(f"the build never reached {moment} (exit {process.poll()})")


def make_it_print(reports: Path) -> None:
    """The document newer than its PDF: the next build prints it again, and does nothing else."""
    pdf = reports / PDF
    stamp = pdf.stat().st_mtime_ns
    os.utime(pdf.with_suffix(".html"), ns=(stamp + 1_000_000_000, stamp + 1_000_000_000))


def outputs(reports: Path) -> dict:
    """The site's files but the lock (which every build touches)."""
    return {k: v for k, v in snapshot(reports).items() if k != ".lock"}


@contextlib.contextmanager
def build(folders: dict[str, Path], tmp_path: Path, mark: str):
    """The build, started in a session of its own; killed with its group if the test fails."""
    out, err = tmp_path / "stdout", tmp_path / "stderr"
    with open(out, "wb") as o, open(err, "wb") as e:
        process = subprocess.Popen(
            command(folders), cwd=ROOT, stdout=o, stderr=e, start_new_session=True, env={**os.environ, MARK: mark}
        )
    try:
        yield process, out, err
    finally:
        if process.poll() is None:
            with contextlib.suppress(OSError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        for proc in marked(mark):
            with contextlib.suppress(psutil.Error):
                proc.kill()


@pytest.mark.parametrize("moment", ["starting", "printing"])
@pytest.mark.parametrize(
    ("signum", "group"), [(signal.SIGINT, True), (signal.SIGTERM, False)], ids=["SIGINT-group", "SIGTERM-build"]
)
def test_a_stop_while_chromium_prints_keeps_the_previous_pdf(site, tmp_path, signum, group, moment):
    make_it_print(site["reports"])
    before, mark = outputs(site["reports"]), uuid.uuid4().hex
    with build(site, tmp_path, mark) as (process, out, err):
        started = time.monotonic()
        tree = wait_for(process, moment)
        reached = time.monotonic() - started
        chromium = [p for p in marked(mark) if "chromium" in _cmdline(p)]
        assert chromium, "the mark does not find the build's Chromium: the check of leftovers would see nothing"
        assert outputs(site["reports"])[PDF] == before[PDF], "the PDF written before the signal: not while printing"
        sent = time.monotonic()
        (os.killpg if group else os.kill)(process.pid, signum)
        try:
            code = process.wait(timeout=STOP_S)
        except subprocess.TimeoutExpired:
            pytest.fail(f"the build did not stop within {STOP_S} s of {signum.name}")
        stopped_after = time.monotonic() - sent
        at_exit = outputs(site["reports"])
        _gone, alive = psutil.wait_procs(tree, timeout=2)
        left = marked(mark)
    stderr = err.read_text()
    assert code == 128 + signum, (code, out.read_text(), stderr)
    assert stderr.splitlines() == [
        f"interrupted by {signum.name}: stopped; 0 chapters interrupted, their previous pages kept"
    ]
    assert alive == [] and left == [], f"still running: {[(p.pid, _cmdline(p)[:80]) for p in alive + left]}"
    assert at_exit[PDF] == before[PDF]  # bytes and mtime
    assert [k for k in at_exit if k.endswith(".tmp")] == []
    assert sorted(k for k in set(at_exit) | set(before) if at_exit.get(k) != before.get(k)) == []
    time.sleep(0.5)
    assert outputs(site["reports"]) == at_exit, "written after the build exited"
    print(
        f"{signum.name} to the {'group' if group else 'build'} at {moment} ({reached:.2f} s after the start, "
        f"{len(chromium)} Chromium processes): exit {code} after {stopped_after:.2f} s"
    )


def test_the_next_build_prints_the_pdf(site):
    make_it_print(site["reports"])
    before = outputs(site["reports"])
    done = subprocess.run(command(site), cwd=ROOT, capture_output=True, text=True, timeout=300)
    after = outputs(site["reports"])
    assert done.returncode == 0 and done.stderr == "", done.stdout + done.stderr
    assert after[PDF] != before[PDF] and after[PDF][0].startswith(b"%PDF-")
    assert [k for k in after if k.endswith(".tmp")] == []
