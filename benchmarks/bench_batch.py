"""Benchmark: the chapter batch against plain papermill + nbconvert command lines.

Run with ``make bench`` (or ``.venv/bin/python benchmarks/bench_batch.py``). Not a test.

In a tmp folder with a copy of the shipped raw data, the same chapter notebooks are built

(a) naively, one after the other: for each year and each notebook (``01`` first)
    ``papermill NB out.ipynb -p year Y -p raw_dir .. -p processed_dir ..`` and then
    ``jupyter nbconvert --to html --no-input out.ipynb``;
(b) by the batch, ``python -m analysis build --force`` (worker processes, one per core,
    each forking its chapters' kernels from a zygote that has imported the stack);
(b') by the batch with ``LANSTEKNIK_FORK_KERNELS=0``: every kernel started as usual, to
    show what the forked kernels bring;
(c) by the batch again with nothing changed (every chapter ``unchanged``);
(d) by Ploomber 0.23 (``Parallel`` executor, one process per core, HTML products without
    the input cells, the cleaning chapter of a year upstream of its others), when a Python
    with Ploomber is given (``--ploomber-python``, or ``PLOOMBER_PYTHON``); skipped with the
    reason otherwise. Ploomber is not a dependency of the project: install it in a venv of
    its own (``python -m venv .venv-ploomber && .venv-ploomber/bin/pip install ploomber==0.23.3``). Its
    kernels run the project's Python, through a kernel spec written for the run.

(e) before and after, side by side: the batch of ``--baseline`` (default ``a3f9f08``, the
    commit before the layout issue 29, which cleaned a year in its data-quality chapter and
    checked the raw files again at every ``load_*``), checked out as a git worktree in the
    tmp folder and run with its own code and notebooks: ``build --force`` and the re-run with
    nothing changed, and one chapter's first cells (``--first-cell-chapter``, default
    ``03_mt_maintenance_growth``: its setup cell and the loads after it, executed in a fresh
    process after the imports a kernel's zygote makes, on each version's processed data),
    timed and with the staleness checks and raw-file hashes counted. Skipped, with the
    reason, where git or the commit is not at hand (a shallow clone).

The forced builds (b) and (e) run ``--repeat`` times (default 3) and show the median, each
run's time beside it: on a shared 2-core machine one ~15 s run varies by a fifth.

Then one chapter is profiled from the batch's executed notebooks and stamps (forked and
plain kernels): kernel start, the import cell, the other cells, and the export.

Each run is a child process; its wall time is measured, and its memory by sampling the
whole process tree (the command, workers, kernels) every 50 ms: the peak of the summed
RSS and the largest single process. Forked kernels share their pages with the zygote, which
a sum of RSS counts once per process; the summed PSS (each shared page split between the
processes that map it) is printed beside it, sampled every 200 ms. ``resource.getrusage(RUSAGE_CHILDREN).ru_maxrss``
(the largest process ever waited for) is printed as a cross-check. The figures are also
written to ``benchmarks/results/bench-<time>.json`` (not committed).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
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
#: The commit before issue 29 (clean once per build, check once per notebook session).
BASELINE = "a3f9f08"
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
    peak_tree_pss: int = 0  # bytes: the same as proportional set size (shared pages split)
    stderr_lines: int = 0  # lines the commands wrote to stderr (noise)
    commands: int = 0
    notes: list[str] = field(default_factory=list)


class TreeSampler:
    """Samples the RSS of a process and all its descendants in a background thread."""

    def __init__(self, interval: float = 0.05):
        self.interval = interval
        self.peak_tree = 0
        self.peak_pss = 0
        self._samples = 0
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
        total, pss, with_pss = 0, 0, self._samples % 4 == 0
        self._samples += 1
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
                if with_pss:
                    try:
                        pss += proc.memory_full_info().pss
                    except (psutil.Error, AttributeError):
                        pss += rss
        self.peak_tree = max(self.peak_tree, total)
        if with_pss:
            self.peak_pss = max(self.peak_pss, pss)


def run_measured(
    run: Run, sampler: TreeSampler, argv: list[str], cwd: Path, env: dict | None = None
) -> subprocess.CompletedProcess:
    """Run one command as a child, sampled by ``sampler``; stderr lines are counted."""
    proc = subprocess.Popen(
        argv, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env and {**os.environ, **env}
    )
    sampler.watch(proc.pid)
    out, err = proc.communicate()
    sampler.sample()
    run.commands += 1
    run.stderr_lines += len([line for line in err.splitlines() if line.strip()])
    result = subprocess.CompletedProcess(argv, proc.returncode, out, err)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(map(str, argv))} failed ({proc.returncode}):\n{out}\n{err}")
    return result


def measure(
    name: str, commands: list[list[str]], cwd: Path, env: dict | None = None
) -> tuple[Run, list[subprocess.CompletedProcess]]:
    run = Run(name)
    done = []
    with TreeSampler() as sampler:
        started = time.perf_counter()
        for argv in commands:
            done.append(run_measured(run, sampler, [str(a) for a in argv], cwd, env))
        run.seconds = time.perf_counter() - started
    run.peak_tree_rss, run.peak_process_rss = sampler.peak_tree, sampler.peak_process
    run.peak_tree_pss = sampler.peak_pss
    run.processes = len(sampler.seen)
    return run, done


def measure_repeated(
    name: str, command: list, cwd: Path, times: int, env: dict | None = None
) -> tuple[Run, subprocess.CompletedProcess]:
    """``command`` run ``times`` times: the median wall time (each run's in the notes), the
    largest memory figures of any run. A 2-core virtual machine's speed varies by a fifth
    from one minute to the next; one run of ~15 s is not a figure to compare."""
    runs, last = [], None
    for _ in range(times):
        run, (last,) = measure(name, [command], cwd, env)
        runs.append(run)
    median = sorted(runs, key=lambda r: r.seconds)[len(runs) // 2]
    merged = Run(name, seconds=median.seconds, commands=sum(r.commands for r in runs))
    merged.peak_tree_rss = max(r.peak_tree_rss for r in runs)
    merged.peak_process_rss = max(r.peak_process_rss for r in runs)
    merged.peak_tree_pss = max(r.peak_tree_pss for r in runs)
    merged.processes = max(r.processes for r in runs)
    merged.stderr_lines = sum(r.stderr_lines for r in runs)
    if times > 1:
        merged.notes.append(f"median of {times} runs: " + ", ".join(f"{r.seconds:.1f}" for r in runs) + " s")
    return merged, last


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


def batch_command(work: Path, notebooks_dir: Path, years: list[int], *extra: str, folder: str = "batch") -> list[str]:
    argv = [
        sys.executable, "-m", "analysis", "build", "--no-progress", "--notebooks-dir", notebooks_dir,
        "--raw-dir", work / "raw", "--processed-dir", work / folder / "processed",
        "--reports-dir", work / folder / "reports",
    ]  # fmt: skip
    for year in years:
        argv += ["-y", str(year)]
    return argv + list(extra)


# --------------------------------------------------------------------------- Ploomber

PLOOMBER_SCRIPT = """
import sys, json
from pathlib import Path
from ploomber import DAG
from ploomber.executors import Parallel
from ploomber.products import File
from ploomber.tasks import NotebookRunner

spec = json.loads(Path(sys.argv[1]).read_text())
dag = DAG(executor=Parallel(processes=spec["processes"]))
for year in spec["years"]:
    out = Path(spec["out"]) / str(year)
    tasks = []
    for notebook in spec["notebooks"]:
        name = Path(notebook).stem
        tasks.append(NotebookRunner(
            Path(notebook), File(out / (name + ".html")), dag, name=f"{year}-{name}",
            params={"year": year, "raw_dir": spec["raw"], "processed_dir": spec["processed"]},
            static_analysis="disable", kernelspec_name="lansteknik-analysis",
            nbconvert_export_kwargs={"exclude_input": True}, local_execution=True,
        ))
    for task in tasks[1:]:
        tasks[0] >> task
dag.build(force=spec.get("force", False), show_progress=False)
"""


def ploomber_python(given: str | None) -> tuple[str | None, str]:
    """The Python that has Ploomber (``--ploomber-python``, ``PLOOMBER_PYTHON``, else
    ``.venv-ploomber`` or this one), with its version; or None and why not."""
    own_venv = ROOT / ".venv-ploomber" / "bin" / "python"
    chosen = given or os.environ.get("PLOOMBER_PYTHON")
    candidates = [chosen] if chosen else [str(p) for p in (own_venv,) if p.exists()] + [sys.executable]
    for python in candidates:
        found = subprocess.run(
            [python, "-c", "import ploomber; print(ploomber.__version__)"], capture_output=True, text=True
        )
        if found.returncode == 0:
            return python, found.stdout.strip()
    return None, (
        "Ploomber is not installed (it is not a dependency of the project): "
        "python -m venv .venv-ploomber && .venv-ploomber/bin/pip install ploomber==0.23.3, "
        "then PLOOMBER_PYTHON=.venv-ploomber/bin/python make bench"
    )


def ploomber_commands(python: str, work: Path, notebooks: list[Path], years: list[int], force: bool) -> tuple:
    """The Ploomber run as a command, with a kernel spec that runs the project's Python."""
    kernels = work / "ploomber" / "jupyter" / "kernels" / "lansteknik-analysis"
    kernels.mkdir(parents=True, exist_ok=True)
    argv = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    (kernels / "kernel.json").write_text(json.dumps({"argv": argv, "display_name": "bench", "language": "python"}))
    script, spec = work / "ploomber" / "dag.py", work / "ploomber" / ("force.json" if force else "again.json")
    script.write_text(PLOOMBER_SCRIPT)
    from analysis.publishing.batch.schedule import available_cores

    spec.write_text(
        json.dumps(
            {
                "processes": available_cores(),
                "years": years,
                "notebooks": [str(n) for n in sorted(notebooks)],
                "out": str(work / "ploomber" / "reports"),
                "raw": str(work / "raw"),
                "processed": str(work / "ploomber" / "processed"),
                "force": force,
            }
        )
    )
    env = {"JUPYTER_PATH": str(work / "ploomber" / "jupyter"), "PYTHONWARNINGS": "ignore"}
    return [[python, script, spec]], env


# --------------------------------------------------------------------------- before and after

FIRST_CELLS = r"""
import json, sys, time
notebook, year, raw, processed = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
cells = [c for c in json.load(open(notebook))["cells"] if c["cell_type"] == "code"]
source = ["".join(c["source"]) for c in cells[1:3]]  # the setup cell and the first loads
# what a kernel's zygote has imported before the chapter starts
import IPython.display, pandas, matplotlib.pyplot, analysis.chapters.common  # noqa
for line in source[0].splitlines():
    if line.startswith(("from ", "import ")):
        exec(line, {})
import analysis.facts.checksums as checksums, analysis.facts.freshness as freshness
import analysis.facts.pipeline as pipeline
counts = {"staleness checks": 0, "raw-file hashes": 0}
def counted(name, function):
    def wrapper(*args, **kwargs):
        counts[name] += 1
        return function(*args, **kwargs)
    return wrapper
pipeline.staleness = counted("staleness checks", pipeline.staleness)
freshness.sha256 = counted("raw-file hashes", freshness.sha256)
import IPython.display as shown
shown.display = lambda *a, **k: None
import analysis.chapters.common as common, analysis.chapters.session as session
common.display = session.display = lambda *a, **k: None
names = {"year": year, "lang": "sv", "raw_dir": raw, "processed_dir": processed, "forecast_month": 8}
started = time.perf_counter()
for text in source:
    exec(text, names)
seconds = time.perf_counter() - started
print(json.dumps({"seconds": seconds, **counts}))
"""


def baseline_tree(work: Path, commit: str) -> tuple[Path | None, str]:
    """The project at ``commit`` as a git worktree in ``work``; None and why not."""
    target = work / "baseline"
    made = subprocess.run(
        ["git", "-C", str(ROOT), "worktree", "add", "--detach", str(target), commit], capture_output=True, text=True
    )
    if made.returncode != 0:
        return None, f"no worktree of {commit}: {made.stderr.strip() or made.stdout.strip()}"
    # git's index of a new worktree knows no file's stat yet: its first `git diff` (which the
    # build asks for its commit) runs the nbstripout filter on every notebook, ten seconds
    # here; a developer's checkout has paid that once, and so does this one, untimed
    subprocess.run(["git", "-C", str(target), "status", "--porcelain"], capture_output=True)
    return target, commit


def remove_baseline_tree(tree: Path) -> None:
    subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)], capture_output=True)


def first_cells(code: Path, notebook: Path, year: int, work: Path, folder: str) -> dict:
    """One chapter's setup cell and first loads in a fresh process running ``code`` (a
    ``src`` folder) on the processed data of ``folder``: seconds, staleness checks, hashes."""
    argv = [sys.executable, "-c", FIRST_CELLS, notebook, str(year), work / "raw", work / folder / "processed"]
    env = {**os.environ, "PYTHONPATH": str(code), "MPLBACKEND": "Agg", "LANSTEKNIK_AUTORELOAD": "0"}
    done = subprocess.run([str(a) for a in argv], capture_output=True, text=True, env=env, cwd=work)
    if done.returncode != 0:
        raise SystemExit(f"the first cells of {notebook.name} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def before_and_after(args, work: Path, years: list[int], n: int) -> tuple[list[Run], dict, list[str]]:
    """(e): ``--baseline``'s batch beside this one's (the ``(b)`` and ``(c)`` runs), and the
    first cells of one chapter in each."""
    tree, why = baseline_tree(work, args.baseline)
    if tree is None:
        return [], {}, [f"(e) before and after: skipped: {why}"]
    try:
        env = {"PYTHONPATH": str(tree / "src")}
        runs = []
        for name, extra in (
            (f"(e) before ({args.baseline}): build --force", ("--force",)),
            (f"(e') before ({args.baseline}): re-run", ()),
        ):
            print(f"{name} ...", flush=True)
            command = batch_command(work, tree / "notebooks", years, *extra, folder="before")
            run, out = measure_repeated(name, command, work, args.repeat if extra else 1, env)
            run.notes.append(out.stdout.strip().splitlines()[-2])
            runs.append(run)
        stem, year = args.first_cell_chapter, years[-1]
        cells = {
            f"before ({args.baseline})": first_cells(
                tree / "src", tree / "notebooks" / f"{stem}.ipynb", year, work, "before"
            ),
            "after": first_cells(ROOT / "src", args.notebooks_dir / f"{stem}.ipynb", year, work, "batch"),
        }
        return runs, cells, []
    finally:
        remove_baseline_tree(tree)


# --------------------------------------------------------------------------- one chapter's profile


def chapter_profile(reports: Path, year: int, stem: str) -> dict[str, float]:
    """Where one chapter's time went, from its executed notebook and its stamp (seconds):
    kernel start (papermill's start to the first cell), the import cell, the other cells,
    what papermill itself took besides (reading, parameters, saving), and the export (the
    page, the executed copy and the stamp)."""
    executed = json.loads((reports / str(year) / "executed" / f"{stem}.ipynb").read_text())
    stamp = json.loads((reports / str(year) / "executed" / f"{stem}.stamp.json").read_text())
    papermill = executed["metadata"]["papermill"]
    cells = [c for c in executed["cells"] if c["cell_type"] == "code"]
    first = dt.datetime.fromisoformat(cells[0]["metadata"]["papermill"]["start_time"])
    started = dt.datetime.fromisoformat(papermill["start_time"])
    durations = [c["metadata"]["papermill"].get("duration") or 0.0 for c in cells]
    imports = next((d for c, d in zip(cells, durations) if "import" in "".join(c["source"]).split("\n", 1)[0]), 0.0)
    return {
        "kernel start": (first - started).total_seconds(),
        "import cell": imports,
        "other cells": sum(durations) - imports,
        "papermill's own": stamp["seconds"] - (first - started).total_seconds() - sum(durations),
        "export and publish": stamp.get("export_seconds", 0.0),
        "chapter": stamp["seconds"] + stamp.get("export_seconds", 0.0),
    }


# --------------------------------------------------------------------------- report


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


def arguments(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--notebooks-dir", type=Path, default=ROOT / "notebooks")
    ap.add_argument(
        "--year", "-y", dest="years", type=int, action="append",
        help="report year (repeatable; default: every shipped year)",
    )  # fmt: skip
    ap.add_argument("--ploomber-python", help="a Python with Ploomber installed (default: $PLOOMBER_PYTHON)")
    ap.add_argument("--profile-chapter", default="02_cost_development", help="the chapter profiled")
    ap.add_argument("--keep", action="store_true", help="keep the tmp folder and print it")
    ap.add_argument(
        "--repeat", type=int, default=3, help="runs of each forced batch build, (b) and (e); the median is shown"
    )
    ap.add_argument("--baseline", default=BASELINE, help="the commit measured as 'before' (default: %(default)s)")
    ap.add_argument("--first-cell-chapter", default="03_mt_maintenance_growth", help="the chapter whose first cells")
    return ap.parse_args(argv)


def run_all(args, work: Path, notebooks: list[Path], years: list[int], n: int) -> tuple[list[Run], dict, list[str]]:
    """Every measured run, in one go; the chapter profiles; notes on what was skipped."""
    runs, skipped = [], []
    # Warm the file cache for the imports every way needs, so that none pays it alone.
    warm = "import analysis.publishing.pages.html_export, papermill, nbconvert, matplotlib.pyplot, ipykernel, seaborn"
    subprocess.run([sys.executable, "-c", warm], check=True)

    print("(a) naive papermill + nbconvert ...", flush=True)
    naive, _ = measure("(a) naive: papermill + nbconvert per chapter", naive_commands(notebooks, years, work), work)
    naive.notes.append(f"{len(list((work / 'naive' / 'reports').rglob('*.html')))} HTML files")
    runs.append(naive)

    for name, folder, env in (
        ("(b) batch: python -m analysis build --force", "batch", None),
        ("(b') batch, kernels not forked (LANSTEKNIK_FORK_KERNELS=0)", "plain", {"LANSTEKNIK_FORK_KERNELS": "0"}),
    ):
        print(f"{name.split(':')[0].split(',')[0]} ...", flush=True)
        command = batch_command(work, args.notebooks_dir, years, "--force", folder=folder)
        run, out = measure_repeated(name, command, work, args.repeat if folder == "batch" else 1, env)
        run.notes.append(out.stdout.strip().splitlines()[-2])
        runs.append(run)

    print("(c) batch re-run, nothing changed ...", flush=True)
    rerun, (out,) = measure("(c) batch re-run, nothing changed", [batch_command(work, args.notebooks_dir, years)], work)
    summary = out.stdout.strip().splitlines()[-2]
    rerun.notes.append(summary)
    if f"0 built, {n} unchanged" not in summary:
        print(f"warning: the re-run was not a no-op: {summary}", file=sys.stderr)
    runs.append(rerun)

    python, version = ploomber_python(args.ploomber_python)
    if python is None:
        skipped.append(f"(d) Ploomber: skipped: {version}")
    else:
        for force, label in ((True, f"(d) Ploomber {version}, parallel"), (False, "(d') Ploomber re-run")):
            print(f"{label} ...", flush=True)
            commands, env = ploomber_commands(python, work, notebooks, years, force)
            run, _ = measure(label, commands, work, env)
            run.notes.append(f"{len(list((work / 'ploomber' / 'reports').rglob('*.html')))} HTML files")
            runs.append(run)

    before, cells, why = before_and_after(args, work, years, n)
    runs += before
    skipped += why
    year = years[-1]
    profiles = {
        kind: chapter_profile(work / folder / "reports", year, args.profile_chapter)
        for kind, folder in (("forked kernel", "batch"), ("plain kernel", "plain"))
    }
    return runs, {"chapters": profiles, "first cells": cells}, skipped


def report(runs: list[Run], profiles: dict, skipped: list[str], n: int, chapter: str, chapter_cells: str) -> dict:
    """Print the tables and ratios; the figures as a dict for the JSON file."""
    by = {r.name.split(" ")[0]: r for r in runs}
    rows = [["run", "wall", "peak RSS (tree)", "peak PSS (tree)", "largest process", "processes", "stderr lines"]]
    for run in runs:
        rows.append([
            run.name, f"{run.seconds:.1f} s", mib(run.peak_tree_rss), mib(run.peak_tree_pss),
            mib(run.peak_process_rss), str(run.processes), str(run.stderr_lines),
        ])  # fmt: skip
    print()
    print(table(rows))
    print()
    batch = by["(b)"].seconds
    ratios = {
        "naive / batch": by["(a)"].seconds / batch,
        "plain-kernel batch / batch": by["(b')"].seconds / batch,
        "re-run seconds": by["(c)"].seconds,
    }
    if "(d)" in by:
        ratios["Ploomber / batch"] = by["(d)"].seconds / batch
        ratios["Ploomber re-run / batch re-run"] = by["(d')"].seconds / by["(c)"].seconds
    print(f"speed-up naive / batch:             {ratios['naive / batch']:.2f}×  (goal ≥ 6×)")
    if "(d)" in by:
        print(f"speed-up Ploomber / batch:          {ratios['Ploomber / batch']:.2f}×  (goal ≥ 2×)")
        print(f"re-run, Ploomber / batch:           {ratios['Ploomber re-run / batch re-run']:.1f}×")
    print(f"forked kernels: plain / forked:     {ratios['plain-kernel batch / batch']:.2f}×")
    print(f"re-run with nothing changed:        {by['(c)'].seconds:.2f} s  (goal ≤ 0,5 s)")
    if "(e)" in by:
        ratios["before: naive / batch"] = by["(a)"].seconds / by["(e)"].seconds
        ratios["before / after, build --force"] = by["(e)"].seconds / batch
        ratios["before / after, re-run"] = by["(e')"].seconds / by["(c)"].seconds
        print(f"before → after, build --force:      {by['(e)'].seconds:.1f} s → {batch:.1f} s "
              f"({ratios['before / after, build --force']:.2f}×); naive / batch "
              f"{ratios['before: naive / batch']:.1f}× → {ratios['naive / batch']:.1f}× (goal ≥ 10×)")  # fmt: skip
        rerun_before = by["(e')"].seconds
        print(f"before → after, re-run:             {rerun_before:.2f} s → {by['(c)'].seconds:.2f} s "
              f"({ratios['before / after, re-run']:.1f}×)")  # fmt: skip
    print(f"per chapter, naive / batch:         {by['(a)'].seconds / n:.1f} s / {batch / n:.1f} s")
    for line in skipped:
        print(line)
    for run in runs:
        for note in run.notes:
            print(f"{run.name.split(':')[0]}: {note}")
    cells = profiles.get("first cells") or {}
    if cells:
        print()
        rows = [[f"first cells of {chapter_cells}", *cells]]
        rows += [[key, *(f"{c[key]:.3f} s" if key == "seconds" else str(c[key]) for c in cells.values())]
                 for key in next(iter(cells.values()))]  # fmt: skip
        print(table(rows))
    profiles = profiles["chapters"]
    print()
    phases = list(next(iter(profiles.values())))
    rows = [[f"profile of {chapter}", *profiles]]
    rows += [[phase, *(f"{p[phase]:.2f} s" for p in profiles.values())] for phase in phases]
    print(table(rows))
    return ratios


def main(argv: list[str] | None = None) -> int:
    args = arguments(argv)
    sys.path.insert(0, str(ROOT / "src"))
    from analysis.facts.sources.yearfolders import available_years
    from analysis.publishing.batch.notebooks import discover_chapters
    from analysis.publishing.batch.schedule import available_cores

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
        runs, profiles, skipped = run_all(args, work, notebooks, years, n)
        maxrss_children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    ratios = report(runs, profiles, skipped, n, args.profile_chapter, args.first_cell_chapter)
    print(f"ru_maxrss of children (largest process ever): {mib(maxrss_children)}")

    results = ROOT / "benchmarks" / "results"
    results.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    record = {
        "time": stamp, "years": years, "notebooks": [p.name for p in notebooks], "cores": available_cores(),
        "python": platform.python_version(), "runs": [asdict(r) for r in runs], "ratios": ratios,
        "profiles": profiles, "skipped": skipped, "ru_maxrss_children": maxrss_children,
    }  # fmt: skip
    (results / f"bench-{stamp}.json").write_text(json.dumps(record, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
