"""Stopping ``python -m analysis clean``, a real subprocess getting real signals: one line,
exit status 130 (SIGINT) or 143 (SIGTERM), no traceback, and ``data/processed`` whole: every
file as it was, or (a stop while the outputs were being renamed) every file rewritten.

The moments are states of the child seen from outside, not times: *importing*, while it
loads NumPy and pandas (the second that once ended in a ``KeyboardInterrupt`` traceback
from inside an import), and *reading*, while DuckDB reads the example ledger.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT, snapshot

ROWS = 400_000  # an example ledger the cleaning reads for about a second


@pytest.fixture(scope="module")
def example(tmp_path_factory) -> Path:
    """A raw folder of SYNTHETIC example data (the example generator's, never data/raw)."""
    out = tmp_path_factory.mktemp("stop-clean") / "example"
    subprocess.run(
        [sys.executable, "-m", "analysis", "example-ledger", "-y", "2019", "--rows", str(ROWS), "--out", str(out)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    return out / "csv"


def _loaded(pid: int, name: str) -> bool:
    try:
        return name in Path(f"/proc/{pid}/maps").read_text()
    except OSError:
        return False


def _threads(pid: int) -> int:
    try:
        return len(list(Path(f"/proc/{pid}/task").iterdir()))
    except OSError:
        return 0


def wait_for(process: subprocess.Popen, moment: str) -> None:
    """Until the child is at ``moment``: ``importing`` (NumPy's core loaded, pandas not yet
    done) or ``reading`` (DuckDB's library loaded and its threads started)."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and process.poll() is None:
        if moment == "importing" and _loaded(process.pid, "_multiarray_umath"):
            return
        if moment == "reading" and _loaded(process.pid, "duckdb") and _threads(process.pid) > 2:
            return
        time.sleep(0.002)
    pytest.fail(f"the cleaning never reached {moment} (exit {process.poll()})")


@pytest.mark.parametrize("moment", ["importing", "reading"])
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_a_stopped_cleaning_prints_one_line_and_leaves_the_processed_data_whole(example, tmp_path, moment, signum):
    processed = tmp_path / "processed"
    clean = [sys.executable, "-m", "analysis", "clean", "--raw-dir", str(example), "--processed-dir", str(processed)]
    subprocess.run(clean, cwd=ROOT, check=True, capture_output=True)
    before = snapshot(processed)
    (example / "2019" / "budget.csv").touch()  # a changed file: the next cleaning rewrites everything
    process = subprocess.Popen(clean, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    wait_for(process, moment)
    process.send_signal(signum)
    out, err = process.communicate(timeout=60)
    after = snapshot(processed)
    lines = err.decode().splitlines()
    assert process.returncode == 128 + signum, (process.returncode, err.decode())
    assert lines == [
        f"interrupted by {signal.Signals(signum).name}: stopped; the processed data are whole (no file half written)"
    ]
    assert out == b""  # stopped before its report
    assert set(after) == set(before)
    kept = [name for name in before if after[name] == before[name]]
    assert kept == list(before) or not kept, f"half the outputs rewritten: kept {kept}"


def test_a_reader_that_goes_away_ends_the_cleaning_quietly(example, tmp_path):
    """``python -m analysis clean | head -1``: no BrokenPipeError traceback, status 141."""
    clean = [sys.executable, "-m", "analysis", "clean", "--raw-dir", str(example), "--processed-dir", str(tmp_path)]
    process = subprocess.Popen(clean, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    process.stdout.close()  # the reader is gone before the report is written
    err = process.stderr.read().decode()
    assert process.wait(timeout=60) == 141 and err == ""
