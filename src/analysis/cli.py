"""Command line: ``python -m analysis [build|clean] ...``.

``build`` (the default) runs the chapter batch; ``clean`` only cleans and validates the
raw exports. Errors the user can act on are printed as one line, without a traceback.
"""
from __future__ import annotations

import argparse
import logging
import sys

from analysis.exceptions import AnalysisError

COMMANDS = ("build", "clean")


def _year(text: str) -> str:
    return text.strip()


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="python -m analysis",
                                   description="Länsteknik annual-report chapters.")
    sub = main.add_subparsers(dest="command")
    clean = sub.add_parser("clean", help="clean and validate raw exports into data/processed")
    clean.add_argument("--year", "-y", dest="years", action="append", type=_year,
                       help="report year (repeatable); default: all years in data/raw")
    clean.add_argument("--raw-dir", help="folder of raw exports (default data/raw)")
    clean.add_argument("--processed-dir", help="output folder (default data/processed)")
    build = sub.add_parser("build", help="clean, run every chapter notebook and export HTML")
    build.add_argument("--year", "-y", dest="years", action="append", type=_year,
                       help="report year (repeatable); default: all years in data/raw")
    build.add_argument("--chapter", "-c", dest="chapters", action="append",
                       help="chapter name or number (repeatable); default: all")
    build.add_argument("--force", action="store_true", help="re-run chapters even if unchanged")
    build.add_argument("--jobs", "-j", type=int, default=None,
                       help="parallel notebook processes (default: number of cores)")
    build.add_argument("--timeout", type=int, default=600, help="seconds per notebook cell")
    build.add_argument("--no-progress", action="store_true", help="no progress bar")
    return main


def run_clean(args: argparse.Namespace) -> int:
    from analysis.pipeline import clean

    result = clean(args.years, raw_dir=args.raw_dir, processed_dir=args.processed_dir)
    years = sorted(result.facts["report_year"].unique().tolist())
    print(f"cleaned report years {', '.join(map(str, years))}: {len(result.facts)} facts, "
          f"{len(result.findings)} findings")
    for name, status in sorted(result.changes.items()):
        print(f"  {status:9s} {name}")
    for _, f in result.findings.iterrows():
        print(f"  {f['severity']}: {f['table']} / {f['item']} / {f['measure']}: reported "
              f"{f['reported']:g}, recomputed {f['recomputed']:g} ({f['check']}, {f['source']})")
    return 0


def run_build(args: argparse.Namespace) -> int:
    from analysis.batch import main as batch_main

    return batch_main(args)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] not in COMMANDS + ("-h", "--help"):
        argv.insert(0, "build")
    args = parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        return run_clean(args) if args.command == "clean" else run_build(args)
    except AnalysisError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
