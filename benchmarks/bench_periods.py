"""Benchmark: a year's twelve month reports against the annual report alone (issue 26).

Run with ``make bench-periods`` (or ``.venv/bin/python benchmarks/bench_periods.py``). Not a test.

The requirement: a year's twelve month reports (``--month 1`` … ``--month 12``) build in at
most 4× the time of the annual report alone, measured side by side in one run (the months
share the cleaning, the worker pool and the forked kernels); the re-run with nothing changed
stays about 1 s.

In a tmp folder a SYNTHETIC example project is written as the tests write theirs
(``tests/conftest.py`` ``write_period_example``: example SIE ledgers for 2018 and 2019 with the
shipped 2019 tables beside them, example HR exports, a division forecast ``prognos.csv``).
Then, each a child process ``python -m analysis build -y 2019 … --no-progress`` into fresh
processed and reports folders (so every chapter runs and the cleaning is included):

(a) the annual report alone (no ``--month``);
(b) the twelve month reports in one build, ``-m 1 … -m 12`` (month 12 is the annual
    report: 11 period reports and the annual one);
(c) what a user would otherwise do: twelve builds one after the other into the same
    folders, ``-m 1``, ``-m 2``, …, ``-m 11`` and then the annual report (no ``-m``);
(d) the build of (b) again with nothing changed.

The measurements are interleaved (a, b, c, d, then again), so that the load of a shared
machine falls on all of them alike; each figure is the median of ``--repeats`` runs.
The naive papermill + nbconvert baseline of ``bench_batch.py`` is not measured here: its
helper knows no ``month`` parameter, and 74 notebooks run and converted one by one would take
this benchmark far past its few minutes (``make bench`` measures it for the annual chapters).

The figures are printed whether or not a target is met; the script asserts nothing. It exits
1 only when a build failed (its output printed).
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
YEAR = 2019
MONTHS = list(range(1, 13))
#: the example's ledger rows a year (small: the build's fixed costs are what is measured)
ROWS = 3000


#: the last line of the build's summary: "74 chapters: 74 built, 0 unchanged, 0 failed or skipped"
SUMMARY = re.compile(r"^(\d+) chapters: (\d+) built, (\d+) unchanged, (\d+) failed or skipped$", re.M)


class BuildFailed(Exception):
    pass


@dataclass
class Measurement:
    key: str
    name: str
    seconds: list[float] = field(default_factory=list)
    built: list[int] = field(default_factory=list)  # chapters run, per repetition
    chapters: list[int] = field(default_factory=list)  # chapters in the summaries, per repetition
    builds: int = 0  # build commands per repetition

    @property
    def median(self) -> float:
        return statistics.median(self.seconds) if self.seconds else float("nan")


def write_example(root: Path) -> Path:
    """The SYNTHETIC example project of the tests' ``built_periods``; its raw folder."""
    from analysis.examples.periods import write_period_example

    return write_period_example(root, tables_from=ROOT / "data" / "raw", rows=ROWS)


def build_command(raw: Path, folder: Path, months: list[int]) -> list[str]:
    argv = [
        sys.executable, "-m", "analysis", "build", "-y", str(YEAR), "--raw-dir", str(raw),
        "--processed-dir", str(folder / "processed"), "--reports-dir", str(folder / "reports"), "--no-progress",
    ]  # fmt: skip
    for month in months:
        argv += ["-m", str(month)]
    return argv


def run_builds(commands: list[list[str]], cwd: Path) -> tuple[float, int, int]:
    """Run the commands one after the other; wall seconds, chapters built, chapters listed."""
    built = listed = 0
    started = time.perf_counter()
    for argv in commands:
        done = subprocess.run(argv, cwd=cwd, capture_output=True, text=True)
        if done.returncode != 0:
            raise BuildFailed(
                f"{' '.join(argv)}\nexit status {done.returncode}\n--- stdout\n{done.stdout}\n--- stderr\n{done.stderr}"
            )
        found = SUMMARY.search(done.stdout)
        if found:
            listed += int(found.group(1))
            built += int(found.group(2))
    return time.perf_counter() - started, built, listed


def measure_all(raw: Path, work: Path, repeats: int) -> list[Measurement]:
    a = Measurement("(a)", "annual report alone")
    b = Measurement("(b)", "12 months in one build (-m 1 … -m 12)")
    c = Measurement("(c)", "12 separate builds, one per month")
    d = Measurement("(d)", "re-run of (b), nothing changed")
    for rep in range(1, repeats + 1):
        separate = work / f"c{rep}"
        plans = [
            (a, [build_command(raw, work / f"a{rep}", [])]),
            (b, [build_command(raw, work / f"b{rep}", MONTHS)]),
            # -m 1 … -m 11, then the annual report with no -m, into the same folders
            (c, [build_command(raw, separate, [m]) for m in MONTHS[:-1]] + [build_command(raw, separate, [])]),
            (d, [build_command(raw, work / f"b{rep}", MONTHS)]),
        ]  # fmt: skip
        for measurement, commands in plans:
            print(f"{measurement.key} {measurement.name}, run {rep}/{repeats} ...", end=" ", flush=True)
            seconds, built, listed = run_builds(commands, work)
            print(f"{seconds:.1f} s", flush=True)
            measurement.seconds.append(seconds)
            measurement.built.append(built)
            measurement.chapters.append(listed)
            measurement.builds = len(commands)
    return [a, b, c, d]


def table(rows: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = []
    for n, row in enumerate(rows):
        lines.append("  ".join([row[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(row[1:], widths[1:])]))
        if n == 0:
            lines.append("-" * len(lines[0]))
    return "\n".join(lines)


def report(runs: list[Measurement]) -> None:
    a, b, c, d = runs
    rows = [["measurement", "builds", "seconds (median)", "runs", "chapters run", "ratio to (a)"]]
    for m in runs:
        spread = ", ".join(f"{s:.1f}" for s in m.seconds)
        run = "/".join(str(n) for n in sorted(set(m.built)))
        listed = "/".join(str(n) for n in sorted(set(m.chapters)))
        rows.append([
            f"{m.key} {m.name}", str(m.builds), f"{m.median:.2f}", spread, f"{run} of {listed}",
            f"{m.median / a.median:.2f}×",
        ])  # fmt: skip
    print()
    print(table(rows))
    print()
    limit = 4 * a.median
    print(
        f"(b) ≤ 4 × (a): {'yes' if b.median <= limit else 'NO'} — {b.median:.1f} s against {limit:.1f} s "
        f"({b.median / a.median:.2f}×)"
    )
    print(f"(c) / (b), separate builds against one: {c.median / b.median:.2f}×")
    near = d.median <= 1.5
    print(f"(d) about 1 s: {'yes' if near else 'NO'} — {d.median:.2f} s")
    print("(e) naive papermill + nbconvert: skipped (no month parameter in bench_batch.py's helper; far too long)")


def arguments(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeats", type=int, default=2, help="runs of each measurement (median; default %(default)s)")
    ap.add_argument("--keep", action="store_true", help="keep the tmp folder and print it")
    return ap.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = arguments(argv)
    sys.path.insert(0, str(ROOT / "src"))
    from analysis.publishing.batch.schedule import available_cores

    work = Path(tempfile.mkdtemp(prefix="bench-periods-"))
    print(
        f"{os.cpu_count()} cores ({available_cores()} usable); Python {platform.python_version()}; "
        f"SYNTHETIC example, {ROWS} ledger rows a year; year {YEAR}; {args.repeats} runs each; tmp {work}",
        flush=True,
    )
    try:
        raw = write_example(work / "example")
        # Warm the file cache for the imports every build needs, so that the first one does not pay it alone.
        warm = "import analysis.publishing.pages.html_export, papermill, nbconvert, matplotlib.pyplot, ipykernel"
        subprocess.run([sys.executable, "-c", warm], check=True)
        started = time.perf_counter()
        try:
            runs = measure_all(raw, work, args.repeats)
        except BuildFailed as failed:
            print(f"\na build failed:\n{failed}", file=sys.stderr)
            return 1
        report(runs)
        print(f"whole measurement: {time.perf_counter() - started:.0f} s")
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
