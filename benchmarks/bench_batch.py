"""Benchmark: the chapter batch against plain papermill + nbconvert command lines.

Run with ``make bench`` (or ``.venv/bin/python benchmarks/bench_batch.py``). Not a test.

In a tmp folder with a copy of the shipped raw data, the same chapter notebooks are built

(a) naively, one after the other: for each year and each notebook (``01`` first)
    ``papermill NB out.ipynb -p year Y -p raw_dir .. -p processed_dir ..`` and then
    ``jupyter nbconvert --to html --no-input out.ipynb``;
(b) by the batch, ``python -m analysis build --force`` (worker processes, one per core);
(c) by the batch again with nothing changed (every chapter ``unchanged``).

Each run is a child process; its wall time is measured, and its memory by sampling the
whole process tree (the command, workers, kernels) every 50 ms: the peak of the summed
RSS and the largest single process. ``resource.getrusage(RUSAGE_CHILDREN).ru_maxrss``
(the largest process ever waited for) is printed as a cross-check. The figures are also
written to ``benchmarks/results/bench-<time>.json`` (not committed).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
MiB = 1024 * 1024


@dataclass
class Run:
    """One measured command (or sequence of commands)."""

    name: str
    seconds: float = 0.0
    peak_tree_rss: int = 0  # bytes: the most the process tree held at once
    peak_process_rss: int = 0  # bytes: the largest single process
    processes: int = 0  # distinct processes seen in the tree
    stderr_lines: int = 0  # lines the commands wrote to stderr (noise)
    commands: int = 0
    notes: list[str] = field(default_factory=list)


class TreeSampler:
    """Samples the RSS of a process and all its descendants in a background thread."""

    def __init__(self, interval: float = 0.05):
        self.interval = interval
        self.peak_tree = 0
        self.peak_process = 0
        self.seen: set[int] = set()
        self._roots: list[int] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def watch(self, pid: int) -> None:
        self._roots = [pid]

    def __enter__(self) -> TreeSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def _loop(self) -> None:
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(self.interval)

    def sample(self) -> None:
        total = 0
        for pid in list(self._roots):
            try:
                root = psutil.Process(pid)
                procs = [root] + root.children(recursive=True)
            except psutil.Error:
                continue
            for proc in procs:
                try:
                    rss = proc.memory_info().rss
                except psutil.Error:
                    continue
                self.seen.add(proc.pid)
                total += rss
                self.peak_process = max(self.peak_process, rss)
        self.peak_tree = max(self.peak_tree, total)


def run_measured(run: Run, sampler: TreeSampler, argv: list[str], cwd: Path) -> subprocess.CompletedProcess:
    """Run one command as a child, sampled by ``sampler``; stderr lines are counted."""
    proc = subprocess.Popen(argv, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    sampler.watch(proc.pid)
    out, err = proc.communicate()
    sampler.sample()
    run.commands += 1
    run.stderr_lines += len([line for line in err.splitlines() if line.strip()])
    result = subprocess.CompletedProcess(argv, proc.returncode, out, err)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(map(str, argv))} failed ({proc.returncode}):\n{out}\n{err}")
    return result


def measure(name: str, commands: list[list[str]], cwd: Path) -> tuple[Run, list[subprocess.CompletedProcess]]:
    run = Run(name)
    done = []
    with TreeSampler() as sampler:
        started = time.perf_counter()
        for argv in commands:
            done.append(run_measured(run, sampler, [str(a) for a in argv], cwd))
        run.seconds = time.perf_counter() - started
    run.peak_tree_rss, run.peak_process_rss = sampler.peak_tree, sampler.peak_process
    run.processes = len(sampler.seen)
    return run, done


def naive_commands(notebooks: list[Path], years: list[int], work: Path) -> list[list[str]]:
    """papermill then nbconvert, chapter by chapter; 01 (cleaning) first in every year."""
    commands = []
    for year in years:
        out_dir = work / "naive" / "reports" / str(year)
        out_dir.mkdir(parents=True, exist_ok=True)
        for notebook in sorted(notebooks):
            executed = out_dir / notebook.name
            commands.append(
                [
                    BIN / "papermill",
                    notebook,
                    executed,
                    "-p",
                    "year",
                    str(year),
                    "-p",
                    "raw_dir",
                    work / "raw",
                    "-p",
                    "processed_dir",
                    work / "naive" / "processed",
                ]
            )
            commands.append([BIN / "jupyter", "nbconvert", "--to", "html", "--no-input", executed])
    return commands


def batch_command(work: Path, notebooks_dir: Path, years: list[int], *extra: str) -> list[str]:
    argv = [
        sys.executable,
        "-m",
        "analysis",
        "build",
        "--no-progress",
        "--notebooks-dir",
        notebooks_dir,
        "--raw-dir",
        work / "raw",
        "--processed-dir",
        work / "batch" / "processed",
        "--reports-dir",
        work / "batch" / "reports",
    ]
    for year in years:
        argv += ["-y", str(year)]
    return argv + list(extra)


def mib(value: int) -> str:
    return f"{value / MiB:,.0f} MiB"


def table(rows: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = []
    for n, row in enumerate(rows):
        cells = [row[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(row[1:], widths[1:])]
        lines.append("  ".join(cells))
        if n == 0:
            lines.append("-" * len(lines[0]))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--notebooks-dir", type=Path, default=ROOT / "notebooks")
    ap.add_argument(
        "--year",
        "-y",
        dest="years",
        type=int,
        action="append",
        help="report year (repeatable; default: every shipped year)",
    )
    ap.add_argument("--keep", action="store_true", help="keep the tmp folder and print it")
    args = ap.parse_args(argv)

    sys.path.insert(0, str(ROOT / "src"))
    from analysis.facts.pipeline import available_years
    from analysis.publishing.notebooks import discover_chapters
    from analysis.publishing.schedule import available_cores

    raw = ROOT / "data" / "raw"
    years = sorted(args.years or available_years(raw))
    notebooks = [c.path for c in discover_chapters(args.notebooks_dir)]
    work = Path(tempfile.mkdtemp(prefix="bench-batch-"))
    shutil.copytree(raw, work / "raw", copy_function=shutil.copy2)
    n = len(years) * len(notebooks)
    print(
        f"{len(years)} years ({', '.join(map(str, years))}) × {len(notebooks)} chapters = {n} "
        f"notebook runs; {available_cores()} cores; Python {platform.python_version()}; tmp {work}",
        flush=True,
    )
    try:
        # Warm the file cache for the imports both ways need, so neither pays it alone.
        subprocess.run(
            [
                sys.executable,
                "-c",
                "import analysis.publishing.html_export, papermill, nbconvert, matplotlib.pyplot, ipykernel",
            ],
            check=True,
        )

        print("(a) naive papermill + nbconvert ...", flush=True)
        naive, _ = measure("(a) naive: papermill + nbconvert per chapter", naive_commands(notebooks, years, work), work)
        produced = len(list((work / "naive" / "reports").rglob("*.html")))
        naive.notes.append(f"{produced} HTML files")

        print("(b) batch --force ...", flush=True)
        batch, (out,) = measure(
            "(b) batch: python -m analysis build --force",
            [batch_command(work, args.notebooks_dir, years, "--force")],
            work,
        )
        batch.notes.append(out.stdout.strip().splitlines()[-2])

        print("(c) batch re-run, nothing changed ...", flush=True)
        rerun, (out,) = measure(
            "(c) batch re-run, nothing changed", [batch_command(work, args.notebooks_dir, years)], work
        )
        summary = out.stdout.strip().splitlines()[-2]
        rerun.notes.append(summary)
        if f"0 built, {n} unchanged" not in summary:
            print(f"warning: the re-run was not a no-op: {summary}", file=sys.stderr)
        maxrss_children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)

    rows = [["run", "wall", "peak RSS (tree)", "largest process", "processes", "stderr lines"]]
    for run in (naive, batch, rerun):
        rows.append(
            [
                run.name,
                f"{run.seconds:.1f} s",
                mib(run.peak_tree_rss),
                mib(run.peak_process_rss),
                str(run.processes),
                str(run.stderr_lines),
            ]
        )
    print()
    print(table(rows))
    print()
    print(f"speed-up naive / batch:          {naive.seconds / batch.seconds:.2f}×")
    print(f"re-run / full batch:             {rerun.seconds / batch.seconds:.3f}")
    print(f"per chapter, naive / batch:      {naive.seconds / n:.1f} s / {batch.seconds / n:.1f} s")
    print(f"ru_maxrss of children (largest process ever): {mib(maxrss_children)}")
    for run in (naive, batch, rerun):
        for note in run.notes:
            print(f"{run.name.split(':')[0]}: {note}")

    results = ROOT / "benchmarks" / "results"
    results.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    (results / f"bench-{stamp}.json").write_text(
        json.dumps(
            {
                "time": stamp,
                "years": years,
                "notebooks": [p.name for p in notebooks],
                "cores": available_cores(),
                "python": platform.python_version(),
                "runs": [asdict(r) for r in (naive, batch, rerun)],
                "speedup": naive.seconds / batch.seconds,
                "ru_maxrss_children": maxrss_children,
            },
            indent=2,
        )
        + "\n"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
