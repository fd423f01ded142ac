"""Command line: ``python -m analysis [build|clean|kernel|example-ledger] ...``.

``build`` (the default) runs the chapter batch; ``clean`` only cleans and validates the
raw exports; ``kernel`` installs the project's Jupyter kernel and JupyterLab settings in
the current environment; ``example-ledger`` writes synthetic example ledgers (SIE and CSV
raw folders, :mod:`analysis.examples`), never into ``data/raw``. Errors the user can
act on are printed as one line, without a traceback.

``build -p NAME VALUE`` passes an extra parameter to every chapter notebook. Values are
read as papermill's ``-p`` reads them (``True``/``False``/``None``, integers, decimal
numbers, else text), except that a number written with a leading zero (``007``, ``01``)
is a code and stays text, exactly as typed.

Each command imports its machinery only when it runs (the batch, the cleaning and the
example generators import pandas and DuckDB): ``--help`` answers at once, and a Ctrl-C in
those seconds of imports already meets the stop handling (one line, no traceback). These
are the package's only imports inside functions besides the batch's two (the cleaning
before the chapters, the processed raw-file list in a worker) and ``analysis.__getattr__``.
"""

from __future__ import annotations

import argparse
import logging
import re
import shutil
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from analysis import paths
from analysis.commentary.files import FOLDER
from analysis.exceptions import AnalysisError
from analysis.periods import check_month
from analysis.publishing.batch import jupyter_setup, stopping
from analysis.publishing.batch.notebooks import SHORT_NAMES

COMMANDS = ("build", "clean", "kernel", "example-ledger", "example-hr", "example-investments", "example-commentary")


#: Notebook parameters the batch sets itself; ``-p`` may not override them.
RESERVED_PARAMETERS = {"year": "--year", "lang": "--lang", "raw_dir": "--raw-dir", "processed_dir": "--processed-dir"}

_LEADING_ZERO = re.compile(r"[+-]?0\d")


def _year(text: str) -> str:
    return text.strip()


def _month(text: str) -> int:
    try:
        return check_month(text)
    except ValueError as err:
        raise argparse.ArgumentTypeError(str(err)) from None


def param_value(text: str) -> Any:
    """A ``-p`` value as papermill reads it, but codes with leading zeros stay text.

    ``"True"``/``"False"``/``"None"`` → bool/None, ``"12"`` → 12, ``"1.5"`` → 1.5,
    ``"007"``/``"01"``/``"01.5"`` → unchanged text, anything else → the text.
    """
    if text == "True":
        return True
    if text == "False":
        return False
    if text == "None":
        return None
    if _LEADING_ZERO.match(text.strip()):
        return text
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text


def parse_params(pairs: Iterable[Iterable[str]] | None) -> dict[str, Any]:
    """``[(name, value), ...]`` from ``-p NAME VALUE`` → parameters (the last one wins)."""
    params: dict[str, Any] = {}
    for name, value in pairs or ():
        if not name.isidentifier():
            raise AnalysisError(f"-p {name!r}: a parameter name must be a Python identifier")
        if name in RESERVED_PARAMETERS:
            raise AnalysisError(f"-p {name}: set by the batch; use {RESERVED_PARAMETERS[name]}")
        params[name] = param_value(value)
    return params


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="python -m analysis", description="Länsteknik annual-report chapters.")
    sub = main.add_subparsers(dest="command")
    clean = sub.add_parser("clean", help="clean and validate raw exports into data/processed")
    clean.add_argument(
        "--year",
        "-y",
        dest="years",
        action="append",
        type=_year,
        help="report year (repeatable); default: all years in data/raw",
    )
    clean.add_argument("--raw-dir", help="folder of raw exports (default data/raw)")
    clean.add_argument("--processed-dir", help="output folder (default data/processed)")
    sub.add_parser("kernel", help="install the project's Jupyter kernel and JupyterLab settings in this environment")
    _build_parser(sub)
    _example_parser(sub)
    _example_hr_parser(sub)
    _example_investments_parser(sub)
    example = sub.add_parser(
        "example-commentary",
        help="build 2019 with the EXAMPLE commentary of docs/examples/kommentarer into DIR (raw, processed, reports)",
    )
    example.add_argument("--out", required=True, help="folder for raw/, processed/ and reports/ (never data/raw)")
    return main


def _build_parser(sub) -> None:
    """``build``: the options of the chapter batch."""
    build = sub.add_parser("build", help="clean, run every chapter notebook and export HTML")
    build.add_argument(
        "--year",
        "-y",
        dest="years",
        action="append",
        type=_year,
        help="report year (repeatable); default: all years in data/raw",
    )
    build.add_argument(
        "--chapter",
        "-c",
        dest="chapters",
        action="append",
        help="chapter by number (2, 02), name (cost_development) or short name: "
        f"{', '.join(SHORT_NAMES)} (repeatable); default: all",
    )
    build.add_argument(
        "--month",
        "-m",
        dest="months",
        action="append",
        type=_month,
        help="a period report of months 1 to MONTH into reports/<year>-<MM>/ (repeatable): 4 is the tertial, "
        "8 the delårsrapport; 12 or none: the annual report",
    )
    build.add_argument("--force", action="store_true", help="re-run chapters even if unchanged")
    build.add_argument(
        "--pdf", action="store_true", help="also print each year's document to reports/<year>/arsrapport.pdf (Chromium)"
    )
    build.add_argument(
        "--jobs", "-j", type=int, default=None, help="parallel notebook processes (default: number of cores)"
    )
    build.add_argument(
        "--timeout", type=int, default=600, help="seconds a notebook cell may run (0: no limit; default 600)"
    )
    build.add_argument(
        "--param",
        "-p",
        dest="params",
        nargs=2,
        action="append",
        metavar=("NAME", "VALUE"),
        help="extra notebook parameter for every chapter (repeatable); "
        "values as papermill -p reads them, but 007/01 stay text",
    )
    build.add_argument("--lang", choices=("sv", "en"), default="sv", help="language of the chapters (default sv)")
    build.add_argument("--raw-dir", help="folder of raw exports (default data/raw)")
    build.add_argument("--processed-dir", help="folder of processed data (default data/processed)")
    build.add_argument("--reports-dir", help="output folder (default reports)")
    build.add_argument("--notebooks-dir", help="folder of chapter notebooks (default notebooks)")
    build.add_argument("--no-progress", action="store_true", help="no progress bar")


def _example_parser(sub) -> None:
    """``example-ledger``: the options of the synthetic ledger generator."""
    example = sub.add_parser(
        "example-ledger",
        help="write SYNTHETIC example ledgers (DIR/sie and DIR/csv raw folders) reproducing the reports' totals",
    )
    example.add_argument("--year", "-y", dest="years", action="append", type=int, required=True, help="2018 or 2019")
    example.add_argument("--rows", type=int, required=True, help="ledger rows (#TRANS lines) per year")
    example.add_argument("--out", required=True, help="folder to write sie/ and csv/ into (never inside data/raw)")
    example.add_argument("--seed", type=int, default=2019, help="random seed (default 2019)")
    example.add_argument("--no-tables", action="store_true", help="do not copy the year's other table exports")
    example.add_argument(
        "--encoding", choices=("cp1252", "utf-8"), default="cp1252", help="of the CSV files (default cp1252)"
    )
    example.add_argument("--force", action="store_true", help="replace existing non-empty DIR/sie and DIR/csv")
    example.add_argument(
        "--investments",
        action="store_true",
        help="also a SYNTHETIC investment register and frame (investeringsprojekt.csv, investeringsram.csv) "
        "in each year with investments (2019), its projects the objects of the ledger's investment rows",
    )


def _example_hr_parser(sub) -> None:
    """``example-hr``: a SYNTHETIC HR export (``personal.csv``) for a year, any year."""
    example = sub.add_parser(
        "example-hr",
        help="write a SYNTHETIC HR export DIR/<year>/personal.csv reproducing the 2019 report's staff totals",
    )
    example.add_argument("--year", "-y", dest="years", action="append", type=int, required=True, help="e.g. 2020")
    example.add_argument("--out", required=True, help="raw folder to write <year>/personal.csv into (never data/raw)")
    example.add_argument("--seed", type=int, default=2019, help="random seed (default 2019)")
    example.add_argument("--encoding", choices=("cp1252", "utf-8"), default="cp1252", help="default cp1252")
    example.add_argument("--force", action="store_true", help="replace an existing personal.csv")


def _example_investments_parser(sub) -> None:
    """``example-investments``: a SYNTHETIC investment register and frame for a year, any year."""
    example = sub.add_parser(
        "example-investments",
        help="write a SYNTHETIC investment register and frame DIR/<year>/investeringsprojekt.csv and "
        "investeringsram.csv reproducing the 2019 report's investment table",
    )
    example.add_argument("--year", "-y", dest="years", action="append", type=int, required=True, help="e.g. 2020")
    example.add_argument("--out", required=True, help="raw folder to write <year>/ into (never inside data/raw)")
    example.add_argument("--encoding", choices=("cp1252", "utf-8"), default="cp1252", help="(default cp1252)")
    example.add_argument("--force", action="store_true", help="replace an existing register of the year")


def run_example_investments(args: argparse.Namespace) -> int:
    """Write the example registers and frames and list them."""
    from pathlib import Path

    # imported when the command runs (see the module's docstring)
    from analysis.examples import write_example_investments

    for year in args.years:
        for path in write_example_investments(Path(args.out) / str(year), year, args.encoding, force=args.force):
            print(f"  {path}")
    print("SYNTHETIC example data (Exempeldata): not the division's investment register")
    return 0


def run_example_hr(args: argparse.Namespace) -> int:
    """Write the example HR exports and list them."""
    # imported when the command runs (see the module's docstring)
    from analysis.examples.hr import write_example_hr

    for year in args.years:
        print(f"  {write_example_hr(args.out, year, args.seed, args.encoding, args.force)}")
    print("SYNTHETIC example data (Exempeldata): not the division's staff statistics")
    return 0


def run_clean(args: argparse.Namespace) -> int:
    # imported when the command runs (see the module's docstring)
    from analysis.facts.pipeline import clean

    result = clean(args.years, raw_dir=args.raw_dir, processed_dir=args.processed_dir)
    years = sorted(result.facts["report_year"].unique().tolist())
    print(
        f"cleaned report years {', '.join(map(str, years))}: {len(result.facts)} facts, {len(result.findings)} findings"
    )
    for name, status in sorted(result.changes.items()):
        print(f"  {status:9s} {name}")
    for _, f in result.findings.iterrows():
        print(
            f"  {f['severity']}: {f['table']} / {f['item']} / {f['measure']}: reported "
            f"{f['reported']:g}, recomputed {f['recomputed']:g} ({f['check']}, {f['source']})"
        )
    return 0


def run_example(args: argparse.Namespace) -> int:
    """Write the example ledgers and list the files written."""
    import time

    # imported when the command runs (see the module's docstring)
    from analysis.examples import SHIPPED, write_example_ledger

    started = time.perf_counter()
    written = write_example_ledger(
        args.out,
        args.years,
        args.rows,
        seed=args.seed,
        tables_from=None if args.no_tables else SHIPPED,
        encoding=args.encoding,
        force=args.force,
        investments=args.investments,
    )
    for path in written:
        print(f"  {path}")
    print(
        f"wrote {len(written)} files in {time.perf_counter() - started:.1f} s: SYNTHETIC example data "
        f"(Exempeldata), {args.rows} ledger rows per year, seed {args.seed}; not the division's ledger"
    )
    return 0


def run_example_commentary(args: argparse.Namespace) -> int:
    """Copy the shipped exports and the example commentary to ``<out>/raw`` and build 2019 there."""
    out = Path(args.out).resolve()
    if out == paths.raw_dir().resolve() or paths.raw_dir().resolve() in out.parents:
        raise AnalysisError(f"{out}: the example is never written inside data/raw")
    examples = paths.checkout_dir() / "docs" / "examples" / FOLDER
    shutil.rmtree(out / "raw", ignore_errors=True)
    shutil.copytree(paths.raw_dir(), out / "raw", ignore=shutil.ignore_patterns(FOLDER))
    for year_dir in sorted(p for p in examples.iterdir() if p.is_dir()):
        shutil.copytree(year_dir, out / "raw" / year_dir.name / FOLDER)
    print(f"EXAMPLE commentary (not the division's) from {examples} in {out / 'raw'}")
    args.years, args.chapters, args.params = [2019], None, None
    args.raw_dir, args.processed_dir, args.reports_dir = out / "raw", out / "processed", out / "reports"
    args.force, args.pdf, args.jobs, args.timeout, args.lang = False, False, None, 600, "sv"
    return run_build(args)


def _stoppable(run, args: argparse.Namespace) -> int:
    """``run(args)`` that a Ctrl-C or SIGTERM ends with one line and 130 or 143, no traceback.
    The cleaning writes its outputs together (:func:`analysis.facts.store.write_frames_together`):
    a stop leaves ``data/processed`` as it was, or, if it came while the files were being
    renamed, wholly rewritten, never half."""
    previous = stopping.install()
    try:
        return run(args)
    except stopping.BuildInterrupted as stop:
        print(f"{stop}: stopped; the processed data are whole (no file half written)", file=sys.stderr)
        return 128 + stop.signum
    finally:
        stopping.restore(previous)


def run_build(args: argparse.Namespace) -> int:
    previous = stopping.install()  # before the batch is imported: a stop meanwhile is one line too
    try:
        # imported when the command runs (see the module's docstring)
        from analysis.publishing.batch.build import main as batch_main

        args.parameters = parse_params(args.params)
        return batch_main(args)
    except stopping.BuildInterrupted as stop:  # before the batch began: nothing to stop or list
        print(stopping.last_line(stop, 0), file=sys.stderr)
        return 128 + stop.signum
    finally:
        stopping.restore(previous)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] not in COMMANDS + ("-h", "--help"):
        argv.insert(0, "build")
    args = parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        if args.command == "kernel":
            return jupyter_setup.main()
        if args.command == "example-ledger":
            return run_example(args)
        if args.command == "example-hr":
            return run_example_hr(args)
        if args.command == "example-investments":
            return run_example_investments(args)
        if args.command == "example-commentary":
            return run_example_commentary(args)
        return _stoppable(run_clean, args) if args.command == "clean" else run_build(args)
    except AnalysisError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
